//! Features: pictures, videos, the timeline, the glossary, the FAQ, search and feeds, each in its own folder behind one
//! trait, [`Feature`]. An edition loads them in the order of [`FEATURES`] and calls their hooks
//! at each stage without naming any of them; adding a feature is adding a folder and a line to
//! that list.
//!
//! A feature's hooks, in the order an edition calls them:
//! 1. its loader ([`FeatureSpec::load`]) reads its data files and may render Markdown that
//!    other pages show (the FAQ's answers), with the shortcodes of the features before it;
//! 2. [`Feature::globals`]: values every template sees;
//! 3. while pages' Markdown renders: [`Feature::check_shortcode`], [`Feature::terms`] and
//!    [`Feature::own_rendering`] (a page it renders itself);
//! 4. [`Feature::index`], once every page is rendered (search's index);
//! 5. while pages render through the theme: [`Feature::page_template`] and
//!    [`Feature::page_values`];
//! 6. [`Feature::files`]: what it publishes besides pages.

pub mod faq;
pub mod feed;
pub mod glossary;
pub mod handout;
pub mod images;
pub mod search;
pub mod tags;
pub mod timeline;
pub mod video;

use std::path::Path;

use crate::config::Config;
use crate::content::{Content, Page};
use crate::diagnostic::{Diagnostic, Errors};
use crate::i18n::Strings;
use crate::markdown::{Mode, Rendered, ShortcodeCall, ShortcodeError};
use crate::render::{ContextBuilder, Renderer};
use crate::site::linked::EditionLinks;

use glossary::Glossary;

/// A feature as the pipeline knows it: its shortcodes and how to load it.
pub struct FeatureSpec {
    pub name: &'static str,
    pub shortcodes: &'static [ShortcodeSpec],
    pub load: Loader,
}

/// Reads a feature's data for one edition (and renders what it shows elsewhere).
pub type Loader = fn(&LoadContext, &MarkdownContext) -> Result<Box<dyn Feature>, Errors>;

/// A shortcode a feature provides (its template is the theme's `shortcodes/NAME.html`).
pub struct ShortcodeSpec {
    pub name: &'static str,
    /// The arguments it takes; any other is an error.
    pub args: &'static [&'static str],
    /// What to say, and how to fix it, where the feature cannot serve it (its data file is
    /// missing, or it is used inside the feature's own page).
    pub unavailable: (&'static str, &'static str),
}

/// Every feature, in the order they load: a feature's content may use the shortcodes of the
/// features before it.
pub const FEATURES: &[FeatureSpec] = &[
    // First: the pages other features render (the FAQ's answers) show pictures too.
    images::SPEC,
    video::SPEC,
    timeline::SPEC,
    glossary::SPEC,
    faq::SPEC,
    search::SPEC,
    feed::SPEC,
    tags::SPEC,
    handout::SPEC,
];

/// What a feature's loader is given.
pub struct LoadContext<'a> {
    pub root: &'a Path,
    /// How the root is shown in messages.
    pub label: &'a Path,
    /// `content`, or `content/<code>` for another language, relative to the root: where
    /// this language's data files sit.
    pub content_dir: &'a Path,
    pub content: &'a Content,
    pub config: &'a Config,
    pub links: &'a EditionLinks,
    pub strings: &'a Strings,
    /// Every address of the site, and the default language's files other languages share.
    pub addresses: &'a crate::site::addresses::SiteAddresses,
    /// What a feature may keep between builds in `.careleaf/cache/`.
    pub caches: Caches,
}

/// How a load uses what earlier builds kept in `.careleaf/cache/` (pictures, which cost far
/// more to make than to check, are kept whatever this says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caches {
    /// `check`, `serve` and the editor: neither read nor written.
    Off,
    /// `build --clean`: made afresh, and kept for the next build.
    WriteOnly,
    /// `build`: taken when still right, and kept.
    ReadWrite,
}

impl LoadContext<'_> {
    /// The address of the page written in `rel` (relative to `content/`), if there is one.
    pub fn page_url(&self, rel: &str) -> Option<String> {
        // Cannot fail: `page_by_rel` holds indices made from `pages`.
        self.content
            .page_by_rel
            .get(Path::new(rel))
            .map(|&i| format!("{}{}", self.links.root_path(), self.content.pages[i].url))
    }
}

/// Renders a page's Markdown for a feature's loader, with the shortcodes of the features
/// loaded before it.
pub struct MarkdownContext<'a> {
    pub render: &'a (dyn Fn(&Page, Mode) -> Result<Rendered, Errors> + Sync),
}

/// What [`Feature::index`] is given: every page rendered, and the other features.
pub struct RenderedContext<'a> {
    pub content: &'a Content,
    pub rendered: &'a [Rendered],
    pub root_path: &'a str,
    pub strings: &'a Strings,
    pub language: &'a str,
    pub others: &'a [&'a dyn Feature],
}

/// What [`Feature::files`] is given.
pub struct FilesContext<'a> {
    pub renderer: &'a Renderer,
    pub contexts: &'a ContextBuilder<'a>,
    pub strings: &'a Strings,
    pub links: &'a EditionLinks,
    /// Where a build takes pages it already holds from (see [`FilesContext::keep`]); None in
    /// the preview, which renders everything.
    pub sink: Option<&'a dyn crate::output::PageSink>,
    /// The same for a feature's files that are not pages (the search index).
    pub file_sink: Option<&'a dyn crate::output::PageSink>,
    /// With a keyed sink: what each page (by index) shows of itself to the pages that list
    /// it, as a key (its front matter and address). A list's key is made from these rather
    /// than from the titles and descriptions it shows.
    pub shown: Option<&'a [crate::cache_key::Key]>,
}

impl FilesContext<'_> {
    /// Where to offer a feature's own pages by key, when the build keeps pages between builds:
    /// a page the sink holds already, made from the same key, is not rendered again.
    pub fn keyed_sink(&self) -> Option<&dyn crate::output::PageSink> {
        self.sink.filter(|s| s.keyed())
    }

    /// As [`FilesContext::keyed_sink`], for a feature's files that are not pages.
    pub fn keyed_file_sink(&self) -> Option<&dyn crate::output::PageSink> {
        self.file_sink.filter(|s| s.keyed())
    }

    /// The start of the key of a page rendered through `template`: the renderer's templates
    /// and global values, and the template's name. The feature adds the page's context.
    pub fn page_key(&self, template: &str) -> crate::cache_key::KeyWriter {
        let mut key = self.renderer.globals_key();
        key.part(template.as_bytes());
        key
    }
}

pub use crate::render::PageValues;

/// Each page's context gets what every feature adds to it.
impl crate::render::PageExtras for Vec<Box<dyn Feature>> {
    fn add(&self, index: usize, page: &Page, out: &mut PageValues) {
        for f in self {
            f.page_values(index, page, out);
        }
    }
}

/// Something search can find besides pages (an FAQ answer, a glossary term).
pub use search::Doc;

/// One feature of one edition. Every hook has a default that adds nothing.
pub trait Feature: Send + Sync {
    /// Values every template sees, by name (`timeline`, `glossary`, `faq`, `search`).
    fn globals(&self) -> Vec<(&'static str, serde_json::Value)> {
        Vec::new()
    }

    /// Checks a call of one of this feature's shortcodes (its arguments are already known
    /// to be the listed ones) and may turn its arguments into values (`limit="3"` → 3).
    fn check_shortcode(
        &self,
        _call: &ShortcodeCall,
        _args: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), ShortcodeError> {
        Ok(())
    }

    /// The other hosts a call of one of this feature's shortcodes may load from once the
    /// reader asks (a video's player), for the page's Content-Security-Policy. Called after
    /// [`Feature::check_shortcode`] accepted the call.
    fn shortcode_embeds(&self, _call: &ShortcodeCall) -> crate::html::Embeds {
        crate::html::Embeds::default()
    }

    /// Terms that Markdown explains where `page` first uses them.
    fn terms(&self, _page: &Page) -> Option<&Glossary> {
        None
    }

    /// Rewrites a page's rendered Markdown, once it is rendered (pictures become `<picture>`).
    fn rewrite(&self, _rendered: &mut Rendered) {}

    /// Waits for what the feature keeps in `.careleaf/cache/` to be written, at the end of a
    /// build that saves its caches.
    fn save_cache(&self) {}

    /// The site's resized pictures, for `check`.
    fn pictures(&self) -> Option<&images::Images> {
        None
    }

    /// Files this feature publishes as they are on disk: output path, file, file as shown in
    /// messages (pictures from the image cache).
    fn copies(&self) -> Vec<(String, std::path::PathBuf, std::path::PathBuf)> {
        Vec::new()
    }

    /// Page `index` as this feature rendered it itself, to be used instead of the plain
    /// rendering (the FAQ page, split into questions). An edit to such a page reloads the
    /// whole edition.
    fn own_rendering(&self, _index: usize) -> Option<&Rendered> {
        None
    }

    /// Runs once every page is rendered (and again in `serve` after edits).
    fn index(&mut self, _ctx: &RenderedContext) {}

    /// The most words an edition may have for [`Feature::index`] to read its pages' plain
    /// text (`prose_blocks`); past that, a build lets go of each page's as soon as it is
    /// rendered.
    fn prose_words_read(&self) -> usize {
        0
    }

    /// What search can find of this feature.
    fn search_docs(&self) -> Vec<Doc> {
        Vec::new()
    }

    /// The content page this feature shows and the template for it (`faq.md`, `faq.html`),
    /// used when the theme has that template and the page names none.
    fn page_template(&self) -> Option<(&'static str, &'static str)> {
        None
    }

    /// Adds to page `index`'s context.
    fn page_values(&self, _index: usize, _page: &Page, _out: &mut PageValues) {}

    /// Adds to `key` everything [`Feature::page_values`] reads besides the page and the index
    /// it is given, so that a build can tell a page's context is unchanged without building it;
    /// false when the feature cannot say, and every page's context is then built. A feature
    /// that adds nothing to pages returns true and adds nothing.
    fn page_values_key(&self, _key: &mut crate::cache_key::KeyWriter) -> bool {
        false
    }

    /// Addresses of the pages among [`Feature::files`] that belong in the sitemap (below the
    /// language's root, e.g. `tags/`).
    fn sitemap_paths(&self) -> Vec<String> {
        Vec::new()
    }

    /// Whether [`Feature::files`] waits for work done beside the build (search's index): its
    /// files are then asked for after every other feature's, which are made meanwhile.
    fn files_wait(&self) -> bool {
        false
    }

    /// Files this feature publishes besides pages (output path, bytes).
    fn files(&self, _ctx: &FilesContext) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        Ok(Vec::new())
    }
}
