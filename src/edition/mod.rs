//! One language's edition of the site: every stage's result kept together, so `build` can
//! write it once and `serve` can keep it in memory and redo only what an edit touches.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, LoadedConfig};
use crate::content::{self, Content};
use crate::diagnostic::{Diagnostic, Errors};
use crate::features::{
    self, Caches, Feature, FilesContext, LoadContext, MarkdownContext, RenderedContext,
};
use crate::markdown::{Mode, Rendered};
use crate::output;
use crate::render::{ContextBuilder, Globals, Renderer};
use crate::site::addresses::SiteAddresses;
use crate::site::linked::EditionLinks;
use crate::site::sources::{EditionParts, EditionSources};
use crate::theme::Theme;

mod checks;
mod draft;
mod markdown_cache;
mod markdown_stage;
mod markdown_summary;
mod outputs;
mod pages;
mod reload;
mod shortcodes;
mod spill;

pub use crate::output::PageSink;
pub use checks::page_ids;
use checks::{check_anchors, check_template_hosts, check_templates_exist};
pub use draft::DraftPage;
pub use markdown_cache::Prefetched as MarkdownIndex;
use markdown_stage::{Lean, MarkdownEnv, render_collecting, render_markdown, render_one};
pub use reload::Reloaded;
use shortcodes::shortcode_renderer;
pub use spill::{HtmlSpill, SpilledPage};

/// What one edition is made from: its sources and its links to the rest of the site.
pub struct EditionOptions<'a> {
    pub root: &'a Path,
    pub label: &'a Path,
    pub theme: Theme,
    pub sources: EditionSources,
    pub links: EditionLinks,
    /// Every address the site publishes, in every language.
    pub addresses: Arc<SiteAddresses>,
    /// See [`crate::site::sources::SiteOptions::reading_units`].
    pub reading_units: bool,
    /// See [`crate::site::sources::SiteOptions::lean`].
    pub lean: bool,
    /// See [`crate::site::sources::SiteOptions::markdown_cache`].
    pub markdown_cache: bool,
    /// The Markdown cache's index, being read since before the sources were; None when the
    /// build does not take from it.
    pub markdown_index: Option<MarkdownIndex>,
}

/// A file the site publishes besides its pages.
pub enum Extra<'a> {
    Bytes(String, std::borrow::Cow<'a, [u8]>),
    /// A file copied as it is: output path, source path, source as shown in messages.
    Copy(String, PathBuf, PathBuf),
}

pub struct Edition {
    root: PathBuf,
    label: PathBuf,
    loaded: LoadedConfig,
    content: Content,
    theme: Theme,
    /// Published name of each of the theme's static files, in the same order.
    static_names: Vec<String>,
    renderer: Renderer,
    /// In the order of [`features::FEATURES`].
    features: Vec<Box<dyn Feature>>,
    /// The content pages features show, with their templates (`faq.md`, `faq.html`).
    page_templates: Vec<(&'static str, &'static str)>,
    addresses: Arc<SiteAddresses>,
    reading_units: bool,
    /// What would fail the build, found after the pages' Markdown rendered (see
    /// [`Edition::errors`]).
    errors: Errors,
    rendered: Vec<Rendered>,
    /// Where each page's HTML went, when a lean load set it aside in [`Edition::spill`].
    spilled: Vec<Option<SpilledPage>>,
    spill: Option<HtmlSpill>,
    /// Where the next build finds this one's Markdown (`spill` is its data file).
    markdown_store: Option<markdown_cache::Store>,
    /// The last build's Markdown, kept until this one's is saved (its pages' summaries are
    /// written again as they were).
    markdown_cache: Option<markdown_cache::MarkdownCache>,
    /// Why the last build's Markdown could not be trusted.
    markdown_cache_warning: Option<String>,
    /// Each page's key and what it was named from, as this build found them, for the next.
    page_keys: Vec<std::sync::OnceLock<markdown_cache::KnownKey>>,
    /// What each page shows of itself to the pages that list it, link to it or sit beside it
    /// (see [`Edition::shown_keys`]), made once for the pages and the features' lists.
    shown_keys: std::sync::OnceLock<Vec<crate::cache_key::Key>>,
    warnings: Vec<Diagnostic>,
    /// Wall time of each stage so far, for `build --timings`.
    timings: Vec<(&'static str, std::time::Duration)>,
    /// Language code of this edition, and the folder of `content/` it comes from.
    language: String,
    language_dir: Option<String>,
    /// Where this edition's pages sit among the site's (root path, menu, translations).
    links: EditionLinks,
    /// The theme's words in this language.
    strings: crate::i18n::Strings,
}

/// What an edition's caches are saved from (see [`Edition::take_cache_parts`]).
pub struct CacheParts {
    store: markdown_cache::Store,
    spill: HtmlSpill,
    /// The last build's Markdown: its pages' summaries are written again as they were.
    earlier: Option<markdown_cache::MarkdownCache>,
}

impl Edition {
    pub fn load(opts: EditionOptions) -> Result<Edition, Errors> {
        let started = std::time::Instant::now();
        let root = opts.root;
        let label = opts.label.to_path_buf();
        let EditionParts {
            loaded,
            content,
            strings,
            language_dir,
        } = opts.sources.into_parts();
        let markdown_index = opts.markdown_index;
        let links = opts.links;
        let theme = opts.theme;
        let config = &loaded.config;
        let mut warnings = content.warnings.clone();
        // This language's data files sit beside its pages; the glossary serves every language.
        let content_dir = match &language_dir {
            Some(d) => Path::new("content").join(d),
            None => PathBuf::from("content"),
        };
        let mut renderer = new_renderer(&theme, &loaded.config, &links, &content, &strings)?;
        let static_names = output::fingerprint(&theme.statics)
            .into_iter()
            .map(|s| s.out_name)
            .collect();
        let loaded_at = started.elapsed();
        let addresses = opts.addresses;
        let env = MarkdownEnv {
            root_path: links.root_path(),
            allowed_hosts: &config.allowed_hosts,
            strings: &strings,
            site_paths: addresses.as_ref(),
            reading_units: opts.reading_units,
        };
        let load = LoadContext {
            root,
            label: &label,
            content_dir: &content_dir,
            content: &content,
            config,
            links: &links,
            strings: &strings,
            addresses: &addresses,
            caches: match (opts.lean, opts.markdown_cache) {
                (false, _) => Caches::Off,
                (true, false) => Caches::WriteOnly,
                (true, true) => Caches::ReadWrite,
            },
        };
        let features = load_features(&load, env, &mut renderer)?;
        for pictures in features.iter().filter_map(|f| f.pictures()) {
            warnings.extend(pictures.unreadable().iter().cloned());
        }
        let page_templates: Vec<_> = features.iter().filter_map(|f| f.page_template()).collect();
        check_templates_exist(&content, &renderer, &page_templates)?;
        let shortcodes = shortcode_renderer(&renderer, &features);
        // From here on a problem is kept with the edition, not returned: `check` goes on to
        // lint pages whose links or embeds would fail the build.
        let markdown_key = opts.lean.then(|| {
            markdown_cache::Environment {
                globals: renderer.globals_key(),
                config_text: &loaded.text,
                content: &content,
                root,
                content_dir: &content_dir,
                addresses: &addresses,
                root_path: links.root_path(),
                reading_units: opts.reading_units,
            }
            .key()
        });
        let opened = match markdown_key {
            Some(key) => markdown_cache::open(root, &config.language, key, markdown_index),
            None => markdown_cache::Opened::default(),
        };
        let markdown_cache::Opened {
            spill,
            cache,
            store: markdown_store,
            warning,
        } = opened;
        let lean = opts.lean.then(|| Lean {
            spill: spill.as_ref(),
            prose_words: features.iter().map(|f| f.prose_words_read()).max(),
            cache: cache.as_ref(),
        });
        let (rendered, spilled, errors) =
            render_markdown(&content, env, &shortcodes, &features, lean);
        drop(shortcodes);
        for r in &rendered {
            warnings.extend(r.warnings.iter().cloned());
        }
        let language = config.language.clone();
        let page_count = content.pages.len();
        let mut edition = Edition {
            root: root.to_path_buf(),
            label,
            loaded,
            content,
            theme,
            static_names,
            renderer,
            features,
            page_templates,
            addresses,
            reading_units: opts.reading_units,
            errors,
            rendered,
            spilled,
            spill,
            markdown_store,
            markdown_cache: cache,
            markdown_cache_warning: warning,
            page_keys: (0..page_count).map(|_| Default::default()).collect(),
            shown_keys: Default::default(),
            warnings,
            timings: vec![("load", loaded_at)],
            language,
            language_dir,
            links,
            strings,
        };
        let anchors = check_anchors(&edition.content, &edition.rendered, &|i| {
            edition.page_html(i)
        });
        let hosts = check_template_hosts(&edition.theme, &edition.loaded.config.allowed_hosts);
        for result in [anchors, hosts] {
            if let Err(e) = result {
                edition.errors.0.extend(e.0);
            }
        }
        edition
            .timings
            .push(("markdown", started.elapsed() - loaded_at));
        let indexing = std::time::Instant::now();
        edition.index_features();
        edition.timings.push(("index", indexing.elapsed()));
        Ok(edition)
    }

    /// The path every address of this edition starts with (`/`, or the base URL's path).
    /// What this edition's pages render their Markdown with (reading units collected or not).
    fn markdown_env(&self, reading_units: bool) -> MarkdownEnv<'_> {
        MarkdownEnv {
            root_path: self.links.root_path(),
            allowed_hosts: &self.loaded.config.allowed_hosts,
            strings: &self.strings,
            site_paths: &self.addresses,
            reading_units,
        }
    }

    pub fn links_root_path(&self) -> &str {
        self.links.root_path()
    }

    /// The site's folder, and how it is shown in messages.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn label(&self) -> &Path {
        &self.label
    }

    /// `site.yaml` with this language's settings in place, and where each key is written.
    pub fn loaded(&self) -> &LoadedConfig {
        &self.loaded
    }

    /// This language's pages, sections, data files and assets.
    pub fn content(&self) -> &Content {
        &self.content
    }

    /// Each page's Markdown rendered, in the order of [`Edition::content`]'s pages (in a lean
    /// edition without its HTML: see [`Edition::page_html`]).
    pub fn rendered(&self) -> &[Rendered] {
        &self.rendered
    }

    /// What the build warns about in this language's pages.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Wall time of each stage, for `build --timings`.
    pub fn timings(&self) -> &[(&'static str, std::time::Duration)] {
        &self.timings
    }

    /// The language code (`en`, `es`).
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The folder of `content/` this language comes from; None for the default language.
    pub fn language_dir(&self) -> Option<&str> {
        self.language_dir.as_deref()
    }

    /// The theme's words in this language.
    pub fn strings(&self) -> &crate::i18n::Strings {
        &self.strings
    }

    pub fn config(&self) -> &Config {
        &self.loaded.config
    }

    fn contexts(&self) -> ContextBuilder<'_> {
        ContextBuilder {
            content: &self.content,
            rendered: &self.rendered,
            config: &self.loaded.config,
            root_path: self.links.root_path().to_string(),
            extras: &self.features,
            alternates: self.links.alternates(),
            strings: &self.strings,
        }
    }

    /// Broken links, third-party loads and other problems of pages that rendered anyway: the
    /// build fails on them, `check` reports them beside its findings.
    pub fn errors(&self) -> &Errors {
        &self.errors
    }

    /// Lets go of the pages' plain text, which only search's indexing (done) and `check` read:
    /// a build holds every page at once, and this text is about a fifth of each.
    pub fn forget_page_text(&mut self) {
        for r in &mut self.rendered {
            r.prose_blocks = Vec::new();
        }
    }

    /// Why the last build's page files or Markdown could not be trusted, one line each.
    pub fn cache_warnings(&self) -> impl Iterator<Item = &str> {
        let read = self.content.read_cache_warning.as_deref();
        read.into_iter()
            .chain(self.markdown_cache_warning.as_deref())
    }

    /// Takes out of the edition what its caches are saved from, so that they can be saved
    /// beside the making of the site's other files; the edition's pages can no longer be read
    /// back from the spill. None when there is nothing to save (not a lean build, or a page
    /// failed).
    pub fn take_cache_parts(&mut self) -> Option<CacheParts> {
        let (Some(store), Some(spill)) = (self.markdown_store.take(), self.spill.take()) else {
            return None;
        };
        let earlier = self.markdown_cache.take();
        self.errors.is_empty().then_some(CacheParts {
            store,
            spill,
            earlier,
        })
    }

    /// Waits for what the features keep in `.careleaf/cache/` (see [`Feature::save_cache`]).
    pub fn save_feature_caches(&self) {
        for f in &self.features {
            f.save_cache();
        }
    }

    /// Keeps what this build read and its Markdown (`parts`, from
    /// [`Edition::take_cache_parts`]) as the next build's caches.
    pub fn save_caches(&self, parts: CacheParts) -> std::io::Result<()> {
        let CacheParts {
            store,
            spill,
            earlier,
        } = parts;
        // One after the other, the last build's Markdown let go of in between: on a large
        // site each is tens of megabytes in memory.
        markdown_cache::save(
            &store,
            spill,
            earlier.as_ref(),
            &self.content,
            &self.rendered,
            &self.spilled,
            &self.page_keys,
        )?;
        drop(earlier);
        let Some(read_at) = self.content.read_at else {
            return Ok(());
        };
        let config = &self.loaded.config;
        let keywords = config
            .off_label
            .as_ref()
            .map_or(&[][..], |o| &o.keywords[..]);
        if let Some(lineage) = &self.content.read_cache_lineage
            && content::read_cache::append(
                &self.root,
                &config.language,
                &self.content.pages,
                keywords,
                read_at,
                lineage,
            )?
        {
            return Ok(());
        }
        // Read again rather than kept through the build: the pages it gave are written back
        // as they were, and it is as large as their front matter.
        let (earlier, _) = content::ReadCache::open(&self.root, &config.language);
        content::read_cache::save(
            &self.root,
            &config.language,
            &self.content.pages,
            keywords,
            read_at,
            earlier.as_ref(),
        )
    }

    /// Page `i` was rendered anew in memory: its spilled HTML is out of date, and what it
    /// shows of itself to other pages may have changed.
    fn forget_spilled(&mut self, i: usize) {
        if let Some(s) = self.spilled.get_mut(i) {
            *s = None;
        }
        self.shown_keys.take();
    }

    /// Page `i`'s HTML and references, read back from the spill if they were set aside.
    pub fn page_html(
        &self,
        i: usize,
    ) -> Result<(std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>), Diagnostic> {
        // Cannot fail: callers pass indices careleaf made from these pages.
        let spilled = self.spilled.get(i).and_then(Option::as_ref);
        spill::page_html(&self.rendered[i], spilled, self.spill.as_ref()).map_err(|e| {
            // A damaged Markdown cache: the next build starts a new one.
            if let Some(store) = &self.markdown_store {
                store.forget();
            }
            spill::read_back_error(&self.content.pages[i].file, &e)
        })
    }

    /// Lets every feature index the rendered pages (search), seeing the others.
    pub fn index_features(&mut self) {
        for k in 0..self.features.len() {
            let (before, rest) = self.features.split_at_mut(k);
            let Some((feature, after)) = rest.split_first_mut() else {
                continue;
            };
            let others: Vec<&dyn Feature> = before
                .iter()
                .chain(after.iter())
                .map(|f| f.as_ref())
                .collect();
            feature.index(&RenderedContext {
                content: &self.content,
                rendered: &self.rendered,
                root_path: self.links.root_path(),
                strings: &self.strings,
                language: &self.language,
                others: &others,
            });
        }
    }

    /// What the features publish besides pages (the search page and index).
    pub fn feature_files(&self) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        self.feature_files_into((None, None))
    }

    /// [`Edition::feature_files`], where a feature may hand pages of its own to `sink`, and
    /// files that are not pages to `file_sink`, instead (taken as they are when it holds them
    /// already): those are not returned.
    pub fn feature_files_into(
        &self,
        (sink, file_sink): (Option<&dyn PageSink>, Option<&dyn PageSink>),
    ) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        let contexts = self.contexts();
        let ctx = FilesContext {
            renderer: &self.renderer,
            contexts: &contexts,
            strings: &self.strings,
            links: &self.links,
            sink,
            file_sink,
            shown: sink.filter(|s| s.keyed()).map(|_| self.shown_keys()),
        };
        let mut files = Vec::new();
        let (waiting, ready): (Vec<_>, Vec<_>) = self.features.iter().partition(|f| f.files_wait());
        for f in ready.into_iter().chain(waiting) {
            files.extend(f.files(&ctx)?);
        }
        Ok(files)
    }

    /// Where template `name` comes from (a site override, a theme folder or the built-in theme).
    pub fn template_origin(&self, name: &str) -> PathBuf {
        self.renderer
            .template_origin(name)
            .unwrap_or_else(|| PathBuf::from(name))
    }
}

/// The edition's templates, with the values every page sees (each feature adds its own once
/// it has loaded).
fn new_renderer(
    theme: &Theme,
    config: &Config,
    links: &EditionLinks,
    content: &Content,
    strings: &crate::i18n::Strings,
) -> Result<Renderer, Diagnostic> {
    let root_path = links.root_path();
    let assets: HashMap<String, String> = output::fingerprint(&theme.statics)
        .iter()
        .map(|s| (s.file.name.clone(), format!("{root_path}{}", s.out_name)))
        .collect();
    // Cannot fail: `home` is an index careleaf made from `content.pages`.
    Renderer::new(
        theme,
        Globals {
            config,
            navigation: links.navigation(),
            data: &content.data,
            assets,
            year: jiff::Zoned::now().year(),
            home_url: format!("{root_path}{}", content.pages[content.home].url),
            strings,
        },
    )
}

/// Loads every feature in order. Each may render Markdown with the shortcodes of those
/// before it, and its template values are set before the next one loads.
fn load_features(
    ctx: &LoadContext,
    env: MarkdownEnv,
    renderer: &mut Renderer,
) -> Result<Vec<Box<dyn Feature>>, Errors> {
    let mut loaded: Vec<Box<dyn Feature>> = Vec::new();
    for spec in features::FEATURES {
        let feature = {
            let shortcodes = shortcode_renderer(renderer, &loaded);
            let features = &loaded;
            let render = |page: &content::Page, mode: Mode| {
                render_one(ctx.content, page, env, features, Some(&shortcodes), mode)
            };
            (spec.load)(ctx, &MarkdownContext { render: &render })?
        };
        for (name, value) in feature.globals() {
            renderer.set_global(name, &value);
        }
        loaded.push(feature);
    }
    Ok(loaded)
}
