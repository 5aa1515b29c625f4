//! Templates: Tera 2, compiled once, with auto-escaping on. Builds each page's context from the
//! content and Markdown stages without copying other pages' bodies into it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;
use serde::Serialize;
use tera::{Context, Kwargs, State, Tera};

use crate::config::Config;
use crate::content::{Content, Page, PageKind};
use crate::diagnostic::Diagnostic;
use crate::html::script_safe_json;
use crate::markdown::{Rendered, TocEntry};
use crate::site::linked::{Alternate, Link};
use crate::theme::Theme;

/// The Content-Security-Policy every page carries: only this site's own files, no inline
/// script or style, nothing from other hosts (patients' health interests must not leak).
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; media-src 'self'; base-uri 'none'; form-action 'self'";

/// Compiled templates and where each came from.
pub struct Renderer {
    tera: Tera,
    origins: HashMap<String, (PathBuf, String)>,
}

#[derive(Serialize)]
struct ClinicContext<'a> {
    name: Option<&'a str>,
    phone: Option<&'a str>,
    phone_href: Option<String>,
    booking_url: Option<&'a str>,
    booking_label: Option<&'a str>,
    email: Option<&'a str>,
    address: Option<&'a str>,
}

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    root_url: String,
    navigation: &'a [Link],
    clinic: ClinicContext<'a>,
    disclaimer: &'a str,
    crisis: Option<crate::config::CrisisView>,
}

#[derive(Serialize)]
struct BuildContext {
    year: i16,
    generator: &'static str,
}

#[derive(Serialize)]
struct PageSummary<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    date: Option<String>,
    tags: &'a [String],
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct SectionSummary<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
}

/// Everything a template sees as `page`. Borrowed: only this page's body is referenced.
#[derive(Serialize)]
pub struct PageContext<'a> {
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
    content: &'a str,
    references: &'a str,
    toc: &'a [TocEntry],
    date: Option<String>,
    date_iso: Option<String>,
    updated: Option<String>,
    updated_iso: Option<String>,
    tags: &'a [String],
    extra: &'a serde_json::Map<String, serde_json::Value>,
    word_count: usize,
    reading_minutes: usize,
    breadcrumbs: Vec<Link>,
    previous: Option<Link>,
    next: Option<Link>,
    pages: Vec<PageSummary<'a>>,
    subsections: Vec<SectionSummary<'a>>,
    /// Structured data for a `<script type="application/ld+json">`, already script-safe.
    json_ld: Option<String>,
    shortcodes: &'a [String],
    review: Option<Review<'a>>,
    /// The site's off-label notice, on pages that mention one of its keywords.
    off_label: Option<&'a str>,
    /// This page in every language of the site (empty on a one-language site).
    translations: &'a [Alternate],
    /// What the features add (`page.related_faq`, `page.faq`, `page.glossary_page`…).
    #[serde(flatten)]
    features: serde_json::Map<String, serde_json::Value>,
}

impl<'a> PageContext<'a> {
    /// The same page in the other languages (for pages without a content file).
    pub fn with_translations(mut self, translations: &'a [Alternate]) -> Self {
        self.translations = translations;
        self
    }
}

/// What is added to one page's context besides its own content (by the features): `page.<key>`
/// values, and the page's structured data when it replaces the default one.
#[derive(Default)]
pub struct PageValues {
    pub values: serde_json::Map<String, serde_json::Value>,
    pub json_ld: Option<String>,
}

/// Adds to page contexts (the features do, without the view model naming them).
pub trait PageExtras: Sync {
    fn add(&self, index: usize, page: &Page, out: &mut PageValues);
}

/// Who medically reviewed a page and when it is due again. A page with no named reviewer (none
/// or a placeholder) is `reviewed: false` and carries no dates, so it cannot read as reviewed.
#[derive(Default, Serialize)]
pub struct Review<'a> {
    reviewed: bool,
    reviewed_by: Option<&'a str>,
    last_reviewed: Option<String>,
    last_reviewed_iso: Option<String>,
    next_review: Option<String>,
    next_review_iso: Option<String>,
}

/// The date a page's next review is due: as written, or the last review plus the site's
/// interval.
pub fn next_review(front: &crate::content::FrontMatter, config: &Config) -> Option<Date> {
    front.next_review.or_else(|| {
        let months = jiff::Span::new().months(i64::from(config.review_interval_months));
        front.last_reviewed.and_then(|d| d.checked_add(months).ok())
    })
}

/// Site-wide values that every page shares.
pub struct Globals<'a> {
    pub config: &'a Config,
    pub navigation: &'a [Link],
    pub data: &'a serde_json::Map<String, serde_json::Value>,
    /// Static file name → published URL (fingerprinted for CSS and JS).
    pub assets: HashMap<String, String>,
    pub year: i16,
    /// The address of this edition's home page (`/` or `/es/`).
    pub home_url: String,
    /// The theme's words in this edition's language (`t` in templates).
    pub strings: &'a crate::i18n::Strings,
}

impl Renderer {
    pub fn new(theme: &Theme, globals: Globals) -> Result<Self, Diagnostic> {
        let mut tera = Tera::new();
        let mut origins = HashMap::new();
        let mut sources = Vec::new();
        for t in &theme.templates {
            let text = crate::content::decode_text(&t.origin, t.bytes.clone())?;
            origins.insert(t.name.clone(), (t.origin.clone(), text.clone()));
            sources.push((t.name.clone(), text));
        }
        let assets = Arc::new(globals.assets);
        tera.register_function("asset", move |kwargs: Kwargs, _: &State| {
            let path: String = kwargs.must_get("path")?;
            assets.get(path.trim_start_matches('/')).cloned().ok_or_else(|| {
                tera::Error::message(format!(
                    "asset(path=\"{path}\"): there is no such file in the theme's or the site's static/ folder"
                ))
            })
        });
        tera.add_raw_templates(sources)
            .map_err(|e| template_error(&e, &origins))?;
        let config = globals.config;
        let site = SiteContext {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: &config.base_url,
            root_url: globals.home_url,
            navigation: globals.navigation,
            clinic: ClinicContext {
                name: config.clinic.name.as_deref(),
                phone: config.clinic.phone.as_deref(),
                phone_href: config.clinic.phone_href(),
                booking_url: config.clinic.booking_url.as_deref(),
                booking_label: config.clinic.booking_label.as_deref(),
                email: config.clinic.email.as_deref(),
                address: config.clinic.address.as_deref(),
            },
            disclaimer: &config.disclaimer,
            crisis: config.crisis.view(globals.strings),
        };
        let global = tera.global_context();
        global.insert("site", &site);
        global.insert("t", globals.strings);
        global.insert("data", globals.data);
        global.insert("csp", CSP);
        global.insert(
            "build",
            &BuildContext {
                year: globals.year,
                generator: concat!("careleaf ", env!("CARGO_PKG_VERSION")),
            },
        );
        Ok(Renderer { tera, origins })
    }

    /// Adds a value every template sees (for values known only after the Markdown stage).
    pub fn set_global<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.tera.global_context().insert(key, value);
    }

    /// The template a page is rendered with: its `template:` key, the template of a
    /// feature's page (`faq.md` → `faq.html`, from `owned`) when the theme has it, or the
    /// one for its kind.
    pub fn template_for<'p>(&self, page: &'p Page, owned: &[(&str, &'static str)]) -> &'p str {
        if let Some(t) = &page.front.template {
            return t;
        }
        let rel = page.rel.to_str();
        let special = owned
            .iter()
            .find(|(file, _)| Some(*file) == rel)
            .map(|(_, template)| *template);
        match (special, page.kind) {
            (Some(t), _) if self.has_template(t) => t,
            (_, PageKind::Home) => "index.html",
            (_, PageKind::Section) => "section.html",
            (_, PageKind::Page) => "page.html",
        }
    }

    /// Where template `name` comes from, as shown in messages.
    pub fn template_origin(&self, name: &str) -> Option<PathBuf> {
        self.origins.get(name).map(|(origin, _)| origin.clone())
    }

    pub fn has_shortcode(&self, name: &str) -> bool {
        self.has_template(&format!("shortcodes/{name}.html"))
    }

    pub fn shortcode_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .tera
            .get_template_names()
            .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .collect();
        names.sort_unstable();
        names
    }

    /// Renders `shortcodes/NAME.html` with `args`.
    pub fn render_shortcode(
        &self,
        name: &str,
        args: &serde_json::Value,
    ) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("args", args);
        self.tera
            .render(&format!("shortcodes/{name}.html"), &ctx)
            .map_err(|e| template_error(&e, &self.origins))
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    pub fn template_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .tera
            .get_template_names()
            .filter(|n| {
                n.ends_with(".html")
                    && !n.starts_with("partials/")
                    && !n.starts_with("shortcodes/")
                    && !crate::theme::OUTPUT_TEMPLATES.contains(n)
            })
            .collect();
        names.sort_unstable();
        names
    }

    /// Renders a template for a file that is not a page (the sitemap, robots.txt, a redirect)
    /// with `values`, whose fields are the template's variables, next to the globals.
    pub fn render_file<T: Serialize>(
        &self,
        template: &str,
        values: &T,
    ) -> Result<String, Diagnostic> {
        let ctx = Context::from_serialize(values).map_err(|e| template_error(&e, &self.origins))?;
        self.tera
            .render(template, &ctx)
            .map_err(|e| template_error(&e, &self.origins))
    }

    pub fn render(&self, template: &str, page: &PageContext) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("page", page);
        self.tera
            .render(template, &ctx)
            .map_err(|e| template_error(&e, &self.origins))
    }
}

/// Turns a Tera error into ours, pointing at the template file, line and column.
fn template_error(e: &tera::Error, origins: &HashMap<String, (PathBuf, String)>) -> Diagnostic {
    use tera::ErrorKind as K;
    let report = match e.kind() {
        K::SyntaxError(r) | K::RenderingError(r) => Some(r),
        _ => None,
    };
    let hint = "check the template near this line; every variable a template can use is listed in README.md under \"Template context\"";
    match report {
        Some(r) => {
            let span = r.span();
            let message = format!("template error in {}: {}", r.filename(), r.message());
            match origins.get(r.filename()) {
                Some((origin, text)) => {
                    Diagnostic::at(origin, text, span.start_line, span.start_col + 1, message)
                }
                None => Diagnostic::new(message),
            }
            .with_hint(hint)
        }
        None if let K::Msg(text) = e.kind()
            && let Some(found) = report_in_text(text, origins) =>
        {
            found.with_hint(hint)
        }
        None => {
            let message = match e.kind() {
                K::CircularInclude { include_chain, .. } => {
                    let message = format!(
                        "templates include each other in a loop: {}",
                        include_chain.join(" → ")
                    );
                    let first = include_chain.first().map_or("", String::as_str);
                    let next = include_chain.get(1).map_or(first, String::as_str);
                    let Some((origin, source)) = origins.get(first) else {
                        return Diagnostic::new(message);
                    };
                    // Point at the `{% include %}` that starts the loop.
                    let (line, column) = source
                        .lines()
                        .enumerate()
                        .find_map(|(i, l)| {
                            let at = l.find("include")?;
                            // Cannot fail: `at` is where `find` met "include" in `l` itself.
                            l[at..]
                                .contains(next)
                                .then(|| (i + 1, l[..at].chars().count() + 1))
                        })
                        .unwrap_or((1, 1));
                    return Diagnostic::at(origin, source, line, column, message)
                        .with_hint("a template cannot include itself, even through other templates: remove one of these `{% include %}` lines");
                }
                K::CircularExtend {
                    inheritance_chain, ..
                } => format!(
                    "templates extend each other in a loop: {}",
                    inheritance_chain.join(" → ")
                ),
                K::MissingParent { current, parent } => {
                    format!("the template {current} extends {parent}, which does not exist")
                }
                K::TemplateNotFound(name) => format!("the template {name} does not exist"),
                _ => format!("template error: {e}"),
            };
            let file = match e.kind() {
                K::MissingParent { current, .. } => origins.get(current).map(|o| o.0.clone()),
                K::CircularInclude { tpl, .. } | K::CircularExtend { tpl, .. } => {
                    origins.get(tpl).map(|o| o.0.clone())
                }
                _ => None,
            };
            match file {
                Some(f) => Diagnostic::in_file(&f, message),
                None => Diagnostic::new(message),
            }
            .with_hint(hint)
        }
    }
}

/// Tera reports some load errors (an `{% include %}` of a missing template) as text in its
/// own `error: …\n --> name:line:col` form: read the first back into a located error.
fn report_in_text(text: &str, origins: &HashMap<String, (PathBuf, String)>) -> Option<Diagnostic> {
    let message = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("error: "))?;
    let message = message.strip_prefix("error: ").unwrap_or(message);
    let place = text.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = place.rsplitn(3, ':');
    let column: usize = parts.next()?.trim().parse().ok()?;
    let line: usize = parts.next()?.trim().parse().ok()?;
    let (origin, source) = origins.get(parts.next()?)?;
    let message = match message.strip_prefix("Unknown template ") {
        Some(name) => format!("the template {name} does not exist"),
        None => message.to_string(),
    };
    Some(Diagnostic::at(origin, source, line, column, message))
}

/// Builds the context of one page. `urls` maps page index → root-relative URL.
pub struct ContextBuilder<'a> {
    pub content: &'a Content,
    pub rendered: &'a [Rendered],
    pub config: &'a Config,
    pub root_path: String,
    /// What adds to each page's context besides its own content.
    pub extras: &'a dyn PageExtras,
    /// For each page, where it can be read in every language.
    pub alternates: &'a [Vec<Alternate>],
    pub strings: &'a crate::i18n::Strings,
}

impl<'a> ContextBuilder<'a> {
    pub fn url(&self, i: usize) -> String {
        // Cannot fail: callers pass page indices careleaf made from `content.pages` itself.
        format!("{}{}", self.root_path, self.content.pages[i].url)
    }

    pub fn permalink(&self, path: &str) -> String {
        if self.config.base_url.is_empty() {
            format!("{}{}", self.root_path, path)
        } else {
            format!("{}/{}", self.config.base_url, path)
        }
    }

    fn link(&self, i: usize) -> Link {
        // Cannot fail: callers pass page indices careleaf made from `content.pages` itself.
        Link {
            title: self.content.pages[i].front.title.clone(),
            url: self.url(i),
        }
    }

    pub fn page(&self, i: usize) -> PageContext<'a> {
        // Cannot fail: `i` and the `parent`, `pages` and `subsections` indices are careleaf's
        // own, into `pages`; `rendered` has one entry per page; `siblings[p]` is one before a
        // position just checked in `siblings`.
        let pages = &self.content.pages;
        let page = &pages[i];
        let rendered = &self.rendered[i];
        let mut breadcrumbs = Vec::new();
        let mut cur = page.parent;
        while let Some(p) = cur {
            breadcrumbs.push(self.link(p));
            cur = pages[p].parent;
        }
        breadcrumbs.reverse();
        let (previous, next) = match page.parent {
            Some(parent) if page.kind == PageKind::Page => {
                let siblings = &pages[parent].pages;
                let pos = Some(page.position).filter(|&p| siblings.get(p) == Some(&i));
                let prev = pos
                    .and_then(|p| p.checked_sub(1))
                    .map(|p| self.link(siblings[p]));
                let next = pos.and_then(|p| siblings.get(p + 1)).map(|&n| self.link(n));
                (prev, next)
            }
            _ => (None, None),
        };
        let front = &page.front;
        let mut added = PageValues::default();
        self.extras.add(i, page, &mut added);
        PageContext {
            kind: page.kind.as_str(),
            title: &front.title,
            description: &front.description,
            url: self.url(i),
            permalink: self.permalink(&page.url),
            content: &rendered.html,
            references: &rendered.references,
            toc: &rendered.toc,
            date: front.date.map(|d| self.strings.date(d)),
            date_iso: front.date.map(|d| d.to_string()),
            updated: front.updated.map(|d| self.strings.date(d)),
            updated_iso: front.updated.map(|d| d.to_string()),
            tags: &front.tags,
            extra: &front.extra,
            word_count: rendered.word_count,
            reading_minutes: rendered.word_count.div_ceil(200).max(1),
            breadcrumbs,
            previous,
            next,
            pages: page
                .pages
                .iter()
                .map(|&c| {
                    let child = &pages[c].front;
                    PageSummary {
                        title: &child.title,
                        description: &child.description,
                        url: self.url(c),
                        date: child.date.map(|d| self.strings.date(d)),
                        tags: &child.tags,
                        extra: &child.extra,
                    }
                })
                .collect(),
            subsections: page
                .subsections
                .iter()
                .map(|&c| SectionSummary {
                    title: &pages[c].front.title,
                    description: &pages[c].front.description,
                    url: self.url(c),
                })
                .collect(),
            json_ld: match added.json_ld {
                Some(own) => Some(own),
                None if page.kind == PageKind::Page => Some(self.medical_web_page(i)),
                None => None,
            },
            shortcodes: &rendered.shortcodes,
            review: self.review(page),
            off_label: self.config.off_label.as_ref().and_then(|o| {
                let text = format!("{} {}", front.title, page.body()).to_lowercase();
                o.keywords
                    .iter()
                    .any(|k| text.contains(&k.to_lowercase()))
                    .then_some(o.text.as_str())
            }),
            translations: self.alternates.get(i).map_or(&[], |a| &a[..]),
            features: added.values,
        }
    }

    /// The review line of a page: every article has one (saying plainly when no clinician
    /// has reviewed it yet); other pages only when their front matter names a review.
    fn review(&self, page: &'a Page) -> Option<Review<'a>> {
        let front = &page.front;
        let wanted = page.kind == PageKind::Page
            || front.reviewed_by.is_some()
            || front.last_reviewed.is_some();
        if !wanted {
            return None;
        }
        let Some(reviewer) = front.medical_reviewer() else {
            return Some(Review::default());
        };
        let next = next_review(front, self.config);
        Some(Review {
            reviewed: true,
            reviewed_by: Some(reviewer),
            last_reviewed: front.last_reviewed.map(|d| self.strings.date(d)),
            last_reviewed_iso: front.last_reviewed.map(|d| d.to_string()),
            next_review: next.map(|d| self.strings.date(d)),
            next_review_iso: next.map(|d| d.to_string()),
        })
    }

    /// schema.org `MedicalWebPage` data for an article: what it is, for whom, and its review.
    fn medical_web_page(&self, i: usize) -> String {
        // Cannot fail: `i` is the index of the page being rendered, from `page`.
        let page = &self.content.pages[i];
        let front = &page.front;
        let mut value = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": front.title,
            "description": front.description,
            "url": self.permalink(&page.url),
            "inLanguage": self.config.language,
            "audience": { "@type": "MedicalAudience", "audienceType": "Patient" },
            "about": { "@type": "MedicalEntity", "name": self.config.title },
        });
        // Cannot fail: `value` is the JSON object made just above, and indexing an object
        // by key inserts the key.
        // Search engines show these as "reviewed by": only a named clinician's review counts.
        if let Some(by) = front.medical_reviewer() {
            value["reviewedBy"] = serde_json::json!({ "@type": "Person", "name": by });
            if let Some(d) = front.last_reviewed {
                value["lastReviewed"] = d.to_string().into();
            }
        }
        if let Some(d) = front.updated.or(front.date) {
            value["dateModified"] = d.to_string().into();
        }
        script_safe_json(&value)
    }

    /// The context of the "page not found" page.
    pub fn not_found(
        &self,
        empty: &'a Rendered,
        extra: &'a serde_json::Map<String, serde_json::Value>,
    ) -> PageContext<'a> {
        self.standalone(
            "404",
            self.strings.get("not_found_title"),
            self.strings.get("not_found_text"),
            "404.html".into(),
            empty,
            extra,
        )
    }

    /// The context of a page the theme makes without a content file (404, search): `path`
    /// is its output path, relative to the site's root.
    pub fn standalone(
        &self,
        kind: &'static str,
        title: &'a str,
        description: &'a str,
        path: String,
        empty: &'a Rendered,
        extra: &'a serde_json::Map<String, serde_json::Value>,
    ) -> PageContext<'a> {
        let shown = path.trim_end_matches("index.html").to_string();
        PageContext {
            kind,
            title,
            description,
            url: format!("{}{shown}", self.root_path),
            permalink: self.permalink(&shown),
            content: &empty.html,
            references: &empty.references,
            toc: &empty.toc,
            date: None,
            date_iso: None,
            updated: None,
            updated_iso: None,
            tags: &[],
            extra,
            word_count: 0,
            reading_minutes: 0,
            breadcrumbs: vec![self.link(self.content.home)],
            previous: None,
            next: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            json_ld: None,
            shortcodes: &[],
            review: None,
            off_label: None,
            translations: &[],
            features: serde_json::Map::new(),
        }
    }
}
