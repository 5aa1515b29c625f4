//! One language's edition of the site: every stage's result kept together, so `build` can
//! write it once and `serve` can keep it in memory and redo only what an edit touches.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Config, LoadedConfig};
use crate::content::{self, Content};
use crate::error::{Error, Errors};
use crate::faq::{self, Faq};
use crate::glossary::{self, Glossary};
use crate::markdown::{self, Mode, Rendered};
use crate::output;
use crate::render::{ContextBuilder, Globals, Renderer};
use crate::site::linked::EditionLinks;
use crate::site::sources::EditionSources;
use crate::theme::Theme;
use crate::timeline::{self, TimelineView};

mod checks;
mod reload;
mod search;
mod shortcodes;

pub use checks::page_ids;
use checks::{check_anchors, check_template_hosts, check_templates_exist};
pub use reload::Reloaded;
use search::SearchFiles;
use shortcodes::shortcode_renderer;

/// What one edition is made from: its sources and its links to the rest of the site.
pub struct EditionOptions<'a> {
    pub root: &'a Path,
    pub label: &'a Path,
    pub theme: Theme,
    pub sources: EditionSources,
    pub links: EditionLinks,
}

/// The FAQ page's two renderings: for its own page, and for showing its answers elsewhere.
struct FaqState {
    index: usize,
    on_page: Rendered,
    faq_on_page: Faq,
    faq_elsewhere: Faq,
}

/// A file the site publishes besides its pages.
pub enum Extra<'a> {
    Bytes(String, std::borrow::Cow<'a, [u8]>),
    /// A file copied as it is: output path, source path, source as shown in messages.
    Copy(String, PathBuf, PathBuf),
}

pub struct Edition {
    pub root: PathBuf,
    pub label: PathBuf,
    pub loaded: LoadedConfig,
    pub content: Content,
    theme: Theme,
    /// Published name of each of the theme's static files, in the same order.
    static_names: Vec<String>,
    renderer: Renderer,
    timeline: Option<TimelineView>,
    glossary: Option<Glossary>,
    faq: Option<FaqState>,
    pub rendered: Vec<Rendered>,
    pub warnings: Vec<String>,
    /// Wall time of each stage so far, for `build --timings`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// Language code of this edition, and the folder of `content/` it comes from.
    pub language: String,
    pub language_dir: Option<String>,
    /// Where this edition's pages sit among the site's (root path, menu, translations).
    links: EditionLinks,
    /// The theme's words in this language.
    pub strings: crate::i18n::Strings,
    search: Option<SearchFiles>,
}

impl Edition {
    pub fn load(opts: EditionOptions) -> Result<Edition, Errors> {
        let started = std::time::Instant::now();
        let root = opts.root;
        let label = opts.label.to_path_buf();
        let EditionSources {
            loaded,
            content,
            strings,
            language_dir,
        } = opts.sources;
        let links = opts.links;
        let theme = opts.theme;
        let config = &loaded.config;
        let mut warnings = content.warnings.clone();
        let root_path = &links.root_path;
        // This language's data files sit beside its pages; the glossary serves every language.
        let content_dir = match &language_dir {
            Some(d) => Path::new("content").join(d),
            None => PathBuf::from("content"),
        };
        let timeline = load_timeline(root, &label, &content_dir, &content, root_path, &strings)?;
        let glossary = load_glossary(root, &label, &content, root_path, &config.language)?;

        let (mut renderer, static_names) = new_renderer(
            &theme,
            &loaded.config,
            &links,
            &content,
            &strings,
            timeline.as_ref(),
            glossary.as_ref(),
        )?;
        check_templates_exist(&content, &renderer)?;

        let loaded_at = started.elapsed();
        let env = MarkdownEnv {
            root_path: &links.root_path,
            allowed_hosts: &config.allowed_hosts,
            glossary: glossary.as_ref(),
            strings: &strings,
        };
        // The FAQ first: other pages show its questions.
        let faq = render_faq(&content, env, &renderer, timeline.as_ref())?;
        renderer.set_global("faq", &faq.as_ref().map(|f| &f.faq_elsewhere));

        let shortcodes = shortcode_renderer(
            &renderer,
            timeline.as_ref(),
            faq.as_ref().map(|f| &f.faq_elsewhere),
        );
        let mut rendered =
            render_markdown(&content, env, &shortcodes, faq.as_ref().map(|f| f.index))?;
        drop(shortcodes);
        if let Some(f) = &faq {
            rendered[f.index] = f.on_page.clone();
        }
        for r in &rendered {
            warnings.extend(r.warnings.iter().cloned());
        }
        check_anchors(&content, &rendered)?;
        check_template_hosts(&theme, &config.allowed_hosts)?;
        let timings = vec![
            ("load", loaded_at),
            ("markdown", started.elapsed() - loaded_at),
        ];
        let language = config.language.clone();
        let mut edition = Edition {
            root: root.to_path_buf(),
            label,
            loaded,
            content,
            theme,
            static_names,
            renderer,
            timeline,
            glossary,
            faq,
            rendered,
            warnings,
            timings,
            language,
            language_dir,
            links,
            strings,
            search: None,
        };
        let indexing = std::time::Instant::now();
        edition.index_for_search();
        edition.timings.push(("search", indexing.elapsed()));
        Ok(edition)
    }

    pub fn config(&self) -> &Config {
        &self.loaded.config
    }

    fn contexts(&self) -> ContextBuilder<'_> {
        ContextBuilder {
            content: &self.content,
            rendered: &self.rendered,
            config: &self.loaded.config,
            root_path: self.links.root_path.clone(),
            faq: self.faq.as_ref().map(|f| &f.faq_elsewhere),
            faq_page: self.faq.as_ref().map(|f| (f.index, &f.faq_on_page)),
            alternates: &self.links.alternates,
            strings: &self.strings,
        }
    }

    /// Where template `name` comes from (a site override, a theme folder or the built-in theme).
    pub fn template_origin(&self, name: &str) -> PathBuf {
        self.renderer
            .template_origin(name)
            .unwrap_or_else(|| PathBuf::from(name))
    }

    /// The HTML of page `i`.
    pub fn render_page(&self, i: usize) -> Result<String, Error> {
        // Cannot fail: callers pass indices careleaf made from these pages.
        let page = &self.content.pages[i];
        self.renderer
            .render(self.renderer.template_for(page), &self.contexts().page(i))
    }

    /// Renders every page in parallel and hands each to `write` (output path, HTML).
    pub fn render_pages<W>(&self, write: W) -> Result<(), Errors>
    where
        W: Fn(&str, &[u8]) -> Result<(), Error> + Sync,
    {
        self.render_pages_timed(&std::sync::atomic::AtomicU64::new(0), write)
    }

    /// [`Edition::render_pages`], adding the nanoseconds spent rendering to `render_ns`.
    pub fn render_pages_timed<W>(
        &self,
        render_ns: &std::sync::atomic::AtomicU64,
        write: W,
    ) -> Result<(), Errors>
    where
        W: Fn(&str, &[u8]) -> Result<(), Error> + Sync,
    {
        let errors: Vec<Error> = (0..self.content.pages.len())
            .into_par_iter()
            .filter_map(|i| {
                let t = std::time::Instant::now();
                let html = self.render_page(i);
                render_ns.fetch_add(
                    t.elapsed().as_nanos() as u64,
                    std::sync::atomic::Ordering::Relaxed,
                );
                match html {
                    // Cannot fail: `i` ranges over the pages.
                    Ok(html) => write(&self.content.pages[i].output_path(), html.as_bytes()).err(),
                    Err(e) => Some(e),
                }
            })
            .collect();
        Errors(errors).into_result(())
    }

    /// The 404 page, when the theme has one.
    pub fn not_found_page(&self) -> Result<Option<String>, Error> {
        if !self.renderer.has_template("404.html") {
            return Ok(None);
        }
        let empty = Rendered::default();
        let extra = serde_json::Map::new();
        self.renderer
            .render("404.html", &self.contexts().not_found(&empty, &extra))
            .map(Some)
    }

    /// The theme's static files, under their published names.
    pub fn static_files(&self) -> impl Iterator<Item = Extra<'_>> {
        self.theme
            .statics
            .iter()
            .zip(&self.static_names)
            .map(|(file, name)| Extra::Bytes(name.clone(), (&file.bytes[..]).into()))
    }

    /// Files of `content/` published as they are (images, PDFs…).
    pub fn content_files(&self) -> impl Iterator<Item = Extra<'_>> {
        let mut dir = PathBuf::from("content");
        if let Some(d) = &self.language_dir {
            dir.push(d);
        }
        self.content.assets.iter().map(move |a| {
            Extra::Copy(
                a.url.clone(),
                self.root.join(&dir).join(&a.rel),
                self.label.join(&dir).join(&a.rel),
            )
        })
    }

    /// A small page at each alias (an old address) that sends visitors and search engines on
    /// to the page's address now. Static hosts cannot all do HTTP redirects, so the theme's
    /// `redirect.html` is a `refresh` with a canonical link and a plain link for anyone whose
    /// browser stays.
    pub fn redirect_files(&self) -> Result<Vec<Extra<'_>>, Error> {
        let contexts = self.contexts();
        let mut files = Vec::new();
        for page in self
            .content
            .pages
            .iter()
            .filter(|p| !p.front.aliases.is_empty())
        {
            let target = contexts.permalink(&page.url);
            let html = self.renderer.render_file(
                crate::theme::REDIRECT_TEMPLATE,
                &output::RedirectView {
                    language: &self.config().language,
                    title: &page.front.title,
                    target: &target,
                },
            )?;
            for alias in &page.front.aliases {
                files.push(Extra::Bytes(
                    crate::content::alias_output(alias),
                    html.clone().into_bytes().into(),
                ));
            }
        }
        Ok(files)
    }

    /// Renders one of the theme's templates for a file that is not a page.
    pub fn render_file<T: serde::Serialize>(
        &self,
        template: &str,
        values: &T,
    ) -> Result<String, Error> {
        self.renderer.render_file(template, values)
    }

    /// The absolute address of `path` (root-relative without a `base_url`).
    pub fn permalink(&self, path: &str) -> String {
        self.contexts().permalink(path)
    }

    /// This edition's entries of `sitemap.xml`.
    pub fn sitemap_entries(&self) -> Vec<output::SitemapEntry> {
        let contexts = self.contexts();
        self.content
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| output::SitemapEntry {
                loc: contexts.permalink(&p.url),
                lastmod: p.front.updated.or(p.front.date).map(|d| d.to_string()),
                alternates: self.links.alternates.get(i).map_or_else(Vec::new, |alts| {
                    let found: Vec<output::SitemapAlternate> = alts
                        .iter()
                        .filter(|a| a.translated)
                        .map(|a| output::SitemapAlternate {
                            code: a.code.clone(),
                            href: a.permalink.clone(),
                        })
                        .collect();
                    // A page only in its own language has no alternates to list.
                    if found.len() > 1 { found } else { Vec::new() }
                }),
            })
            .collect()
    }
}

/// The edition's templates, with the values every page sees (the FAQ's are added once it is
/// rendered), and the published names of the theme's static files.
fn new_renderer(
    theme: &Theme,
    config: &Config,
    links: &EditionLinks,
    content: &Content,
    strings: &crate::i18n::Strings,
    timeline: Option<&TimelineView>,
    glossary: Option<&Glossary>,
) -> Result<(Renderer, Vec<String>), Error> {
    let root_path = &links.root_path;
    let statics = output::fingerprint(&theme.statics);
    let static_names: Vec<String> = statics.iter().map(|s| s.out_name.clone()).collect();
    let assets: HashMap<String, String> = statics
        .iter()
        .map(|s| (s.file.name.clone(), format!("{root_path}{}", s.out_name)))
        .collect();
    // Cannot fail: `home` is an index careleaf made from `content.pages`.
    let mut renderer = Renderer::new(
        theme,
        Globals {
            config,
            navigation: &links.navigation,
            data: &content.data,
            assets,
            year: jiff::Zoned::now().year(),
            home_url: format!("{root_path}{}", content.pages[content.home].url),
            strings,
        },
    )?;
    renderer.set_global("timeline", &timeline);
    renderer.set_global("glossary", &glossary.map_or(&[][..], |g| &g.entries[..]));
    renderer.set_global("faq", &Option::<Faq>::None);
    Ok((renderer, static_names))
}

/// The FAQ page rendered twice: for its own page, and with its answers' footnotes pointing
/// back to it for showing them elsewhere.
fn render_faq(
    content: &Content,
    env: MarkdownEnv,
    renderer: &Renderer,
    timeline: Option<&TimelineView>,
) -> Result<Option<FaqState>, Errors> {
    let Some(&index) = content.page_by_rel.get(Path::new(faq::FAQ_FILE)) else {
        return Ok(None);
    };
    // Cannot fail: `page_by_rel` holds indices made from `pages`.
    let page = &content.pages[index];
    let url = format!("{}{}", env.root_path, page.url);
    let shortcodes = shortcode_renderer(renderer, timeline, None);
    let split = Mode {
        split_at_headings: true,
        ..Mode::default()
    };
    let on_page = render_one(content, page, env, Some(&shortcodes), split)?;
    let elsewhere = Mode {
        footnote_base: &url,
        without_anchors: true,
        ..split
    };
    let embedded = render_one(content, page, env, Some(&shortcodes), elsewhere)?;
    let faq_on_page = Faq::from_rendered(page, &on_page, "")?;
    let faq_elsewhere = Faq::from_rendered(page, &embedded, &url)?;
    Ok(Some(FaqState {
        index,
        on_page,
        faq_on_page,
        faq_elsewhere,
    }))
}

/// Maps a path relative to `content/` to the URL of that page or file.
fn resolver<'a>(
    content: &'a Content,
    root_path: &'a str,
) -> impl Fn(&Path) -> Option<String> + Sync + 'a {
    // Cannot fail: `page_by_rel` and `asset_by_rel` hold indices made from `pages` and
    // `assets`.
    move |rel: &Path| {
        if let Some(&i) = content.page_by_rel.get(rel) {
            return Some(format!("{root_path}{}", content.pages[i].url));
        }
        content
            .asset_by_rel
            .get(rel)
            .map(|&i| format!("{root_path}{}", content.assets[i].url))
    }
}

/// What every page's Markdown is rendered with.
#[derive(Clone, Copy)]
struct MarkdownEnv<'a> {
    root_path: &'a str,
    allowed_hosts: &'a [String],
    glossary: Option<&'a Glossary>,
    strings: &'a crate::i18n::Strings,
}

fn render_one(
    content: &Content,
    page: &content::Page,
    env: MarkdownEnv,
    shortcodes: Option<&markdown::ShortcodeFn>,
    mode: Mode,
) -> Result<Rendered, Errors> {
    let MarkdownEnv {
        root_path,
        allowed_hosts,
        glossary,
        strings,
    } = env;
    // The glossary page explains every term already.
    let glossary = glossary.filter(|_| page.rel != Path::new(glossary::GLOSSARY_PAGE));
    let resolve = resolver(content, root_path);
    markdown::render(&markdown::MarkdownInput {
        file: &page.file,
        text: &page.text,
        body_start: page.body_start,
        page_dir: page.rel.parent().unwrap_or(Path::new("")),
        resolve: &resolve,
        shortcodes,
        mode,
        allowed_hosts,
        glossary,
        strings,
    })
    .map_err(Errors)
}

/// Renders every page's Markdown in parallel (except the FAQ, done before); reports every
/// broken link of every page.
fn render_markdown(
    content: &Content,
    env: MarkdownEnv,
    shortcodes: &markdown::ShortcodeFn,
    skip: Option<usize>,
) -> Result<Vec<Rendered>, Errors> {
    let results: Vec<Result<Rendered, Errors>> = content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            if Some(i) == skip {
                return Ok(Rendered::default());
            }
            render_one(content, page, env, Some(shortcodes), Mode::default())
        })
        .collect();
    let mut errors = Errors::default();
    let mut rendered = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(r) => rendered.push(r),
            Err(es) => errors.0.extend(es.0),
        }
    }
    errors.into_result(rendered)
}

/// The address of the page written in `rel` (relative to `content/`), if there is one.
fn page_url(content: &Content, root_path: &str, rel: &str) -> Option<String> {
    // Cannot fail: `page_by_rel` holds indices made from `pages`.
    content
        .page_by_rel
        .get(Path::new(rel))
        .map(|&i| format!("{root_path}{}", content.pages[i].url))
}

/// `content/glossary.yaml` in the site's language, checked, with the address of the glossary
/// page.
fn load_glossary(
    root: &Path,
    label: &Path,
    content: &Content,
    root_path: &str,
    language: &str,
) -> Result<Option<Glossary>, Error> {
    let path = root.join("content").join(glossary::GLOSSARY_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let shown = label.join("content").join(glossary::GLOSSARY_FILE);
    let mut glossary = glossary::load(&path, &shown, language)?;
    glossary.page_url = page_url(content, root_path, glossary::GLOSSARY_PAGE);
    Ok(Some(glossary))
}

/// `content/timeline.yaml`, checked, with the address of the timeline page.
fn load_timeline(
    root: &Path,
    label: &Path,
    content_dir: &Path,
    content: &Content,
    root_path: &str,
    strings: &crate::i18n::Strings,
) -> Result<Option<TimelineView>, Error> {
    let path = root.join(content_dir).join(timeline::TIMELINE_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let mut view = timeline::load(
        &path,
        &label.join(content_dir).join(timeline::TIMELINE_FILE),
        strings,
    )?;
    view.url = page_url(content, root_path, "timeline.md");
    Ok(Some(view))
}
