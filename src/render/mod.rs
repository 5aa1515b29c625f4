//! Templates: Tera 2, compiled once, with auto-escaping on. Builds each page's context from the
//! content and Markdown stages without copying other pages' bodies into it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;
use std::borrow::Cow;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera};

use crate::config::Config;
use crate::content::{Page, PageKind};
use crate::diagnostic::Diagnostic;
use crate::markdown::TocEntry;
use crate::site::linked::{Alternate, Link};
use crate::theme::Theme;

mod context;
pub use context::ContextBuilder;

mod qr;

use crate::html::Embeds;
/// The Content-Security-Policy of a page that loads nothing from other hosts (and of files
/// that are not pages, such as redirects); each page's own is [`Embeds::policy`].
pub use crate::html::csp::STRICT as CSP;

/// Compiled templates and where each came from.
pub struct Renderer {
    tera: Tera,
    origins: HashMap<String, (PathBuf, String)>,
    /// Other hosts the theme's own templates load from (allowed in `allowed_hosts`, or the
    /// edition fails): every page's policy allows them, as any page may use those templates.
    theme_embeds: Embeds,
    /// Every template and every global value, for the build cache's page keys.
    globals_key: crate::build_cache::KeyWriter,
    /// `globals_key` finished: what each page's key starts from.
    globals: crate::build_cache::Key,
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

/// Part `number` of `count` of a long list, with links to the parts before and after it
/// (each titled "Page 2 of 9").
#[derive(Serialize)]
struct ListPagination {
    number: usize,
    count: usize,
    previous: Option<Link>,
    next: Option<Link>,
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
    /// Its title; on part 2 and on of a long list, with the part's number.
    title: Cow<'a, str>,
    description: &'a str,
    url: String,
    permalink: String,
    content: Cow<'a, str>,
    references: Cow<'a, str>,
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
    /// The pages it lists (on a long list, those of this part).
    pages: Vec<PageSummary<'a>>,
    subsections: Vec<SectionSummary<'a>>,
    /// Where this part of a long list sits among the others; none on a page whose list has
    /// one part.
    pagination: Option<ListPagination>,
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
    /// The other hosts this page loads from, for its policy (`csp` in templates).
    #[serde(skip)]
    embeds: Embeds,
}

impl<'a> PageContext<'a> {
    /// The same page with its HTML and references given (read back from where a lean build
    /// set them aside).
    pub fn with_html(mut self, content: Cow<'a, str>, references: Cow<'a, str>) -> Self {
        self.content = content;
        self.references = references;
        self
    }

    /// Feeds the context to a cache key as the template sees it; the page's HTML and
    /// references go in as they are rather than escaped into JSON (they are most of it).
    pub fn add_to_key(&mut self, key: &mut crate::build_cache::KeyWriter) {
        let content = std::mem::take(&mut self.content);
        let references = std::mem::take(&mut self.references);
        key.json(&*self)
            .part(content.as_bytes())
            .part(references.as_bytes());
        self.content = content;
        self.references = references;
    }

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
    /// Other hosts what the feature adds loads from (an FAQ answer's image).
    pub embeds: Embeds,
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
        let mut theme_embeds = Embeds::default();
        let mut globals_key = crate::build_cache::KeyWriter::default();
        for t in &theme.templates {
            globals_key.part(t.name.as_bytes()).part(&t.bytes);
            let text = crate::content::decode_text(&t.origin, t.bytes.clone())?;
            // A shortcode's hosts count only on the pages that use it (see markdown).
            if !t.name.starts_with("shortcodes/") {
                theme_embeds.extend(&Embeds::from_html(&text));
            }
            origins.insert(t.name.clone(), (t.origin.clone(), text.clone()));
            sources.push((t.name.clone(), text));
        }
        let mut published: Vec<_> = globals.assets.iter().collect();
        published.sort_unstable();
        for (name, url) in published {
            globals_key.part(name.as_bytes()).part(url.as_bytes());
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
        tera.register_function("qr_code", |kwargs: Kwargs, _: &State| {
            let text: String = kwargs.must_get("text")?;
            let label: String = kwargs.get("label")?.unwrap_or_default();
            Ok(qr::qr_svg(&text, &label).unwrap_or_default())
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
            disclaimer: config
                .disclaimer
                .as_deref()
                .unwrap_or_else(|| globals.strings.get("disclaimer_text")),
            crisis: config.crisis.view(globals.strings),
        };
        let build = BuildContext {
            year: globals.year,
            generator: concat!("careleaf ", env!("CARGO_PKG_VERSION")),
        };
        let mut renderer = Renderer {
            tera,
            origins,
            theme_embeds,
            globals_key,
            globals: Default::default(),
        };
        renderer.set_global("site", &site);
        renderer.set_global("t", globals.strings);
        renderer.set_global("data", globals.data);
        renderer.set_global("csp", CSP);
        renderer.set_global("build", &build);
        Ok(renderer)
    }

    /// Adds a value every template sees (for values known only after the Markdown stage).
    pub fn set_global<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.globals_key.part(key.as_bytes());
        // Cannot fail: Tera takes the value only if it serializes, the same way.
        let _ = serde_json::to_writer(&mut self.globals_key, value);
        self.globals = self.globals_key.finish();
        self.tera.global_context().insert(key, value);
    }

    /// What every page's HTML depends on besides its own context: each template's source and
    /// each global value, as set so far.
    pub fn globals_key(&self) -> crate::build_cache::KeyWriter {
        let mut key = crate::build_cache::KeyWriter::default();
        key.part(&self.globals);
        key
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

    /// Renders a page; its `csp` is the policy for exactly the hosts it and the theme use.
    pub fn render(&self, template: &str, page: &PageContext) -> Result<String, Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("page", page);
        if !page.embeds.is_empty() || !self.theme_embeds.is_empty() {
            let mut embeds = page.embeds.clone();
            embeds.extend(&self.theme_embeds);
            ctx.insert("csp", &embeds.policy());
        }
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
