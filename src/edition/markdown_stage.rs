//! The Markdown stage of an edition: every page's Markdown rendered in parallel, with what a
//! lean build sets aside as soon as each page is done.

use std::path::Path;

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::markdown_cache::MarkdownCache;
use super::spill::{HtmlSpill, SpilledPage};
use crate::content::{self, Content};
use crate::diagnostic::{Diagnostic, Errors};
use crate::features::Feature;
use crate::markdown::{self, Mode, Rendered};
use crate::site::addresses::SiteAddresses;

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
pub(super) struct MarkdownEnv<'a> {
    pub(super) root_path: &'a str,
    pub(super) allowed_hosts: &'a [String],
    pub(super) strings: &'a crate::i18n::Strings,
    pub(super) site_paths: &'a SiteAddresses,
    pub(super) reading_units: bool,
}

pub(super) fn render_one(
    content: &Content,
    page: &content::Page,
    env: MarkdownEnv,
    features: &[Box<dyn Feature>],
    shortcodes: Option<&markdown::ShortcodeFn>,
    mode: Mode,
) -> Result<Rendered, Errors> {
    let (rendered, errors) = render_collecting(content, page, env, features, shortcodes, mode);
    Errors(errors).into_result(rendered)
}

/// Renders a page's Markdown as far as it can, with every error found.
pub(super) fn render_collecting(
    content: &Content,
    page: &content::Page,
    env: MarkdownEnv,
    features: &[Box<dyn Feature>],
    shortcodes: Option<&markdown::ShortcodeFn>,
    mode: Mode,
) -> (Rendered, Vec<Diagnostic>) {
    let MarkdownEnv {
        root_path,
        allowed_hosts,
        strings,
        site_paths,
        reading_units,
    } = env;
    let mode = Mode {
        reading_units,
        ..mode
    };
    let glossary = features.iter().find_map(|f| f.terms(page));
    let resolve = resolver(content, root_path);
    let text = match page.source() {
        Ok(text) => text,
        Err(e) => return (Rendered::default(), vec![e]),
    };
    let (mut rendered, errors) = markdown::render_collecting(&markdown::MarkdownInput {
        file: &page.file,
        text: &text,
        body_start: page.body_start,
        page_dir: page.rel.parent().unwrap_or(Path::new("")),
        resolve: &resolve,
        shortcodes,
        mode,
        allowed_hosts,
        glossary,
        strings,
        site_paths: Some(site_paths),
    });
    for f in features {
        f.rewrite(&mut rendered);
    }
    (rendered, errors)
}

/// What a lean load does with each page's Markdown as soon as it is rendered.
#[derive(Clone, Copy)]
pub(super) struct Lean<'a> {
    /// Where the HTML goes; None keeps it in memory.
    pub(super) spill: Option<&'a HtmlSpill>,
    /// Prose is kept while the edition has at most this many words (a feature's index reads
    /// it only then); None: no feature reads it.
    pub(super) prose_words: Option<usize>,
    /// The last build's Markdown, for pages whose file is unchanged.
    pub(super) cache: Option<&'a MarkdownCache>,
}

/// Renders every page's Markdown in parallel (a page a feature renders itself is taken
/// from it, an unchanged one from the cache); reports every broken link of every page. A
/// lean load sets each page's HTML aside, and its prose once no feature will read it, as soon
/// as the page is rendered.
pub(super) fn render_markdown(
    content: &Content,
    env: MarkdownEnv,
    shortcodes: &markdown::ShortcodeFn,
    features: &[Box<dyn Feature>],
    lean: Option<Lean>,
) -> (Vec<Rendered>, Vec<Option<SpilledPage>>, Errors) {
    let words = AtomicUsize::new(0);
    let stage = Stage {
        content,
        env,
        shortcodes,
        features,
        lean,
        words: &words,
    };
    // Each page's problems, by its index: few pages have any, and a list of every page's
    // results, taken apart after, was a second copy of them all (megabytes of fresh memory).
    let problems = std::sync::Mutex::new(Vec::new());
    let mut rendered = Vec::with_capacity(content.pages.len());
    let mut spilled = Vec::with_capacity(content.pages.len());
    (content.pages.par_iter().enumerate())
        .map(|(i, page)| stage.page(i, page).kept_apart(i, &problems))
        .unzip_into_vecs(&mut rendered, &mut spilled);
    let prose_limit = lean.map(|l| l.prose_words.unwrap_or(0));
    let past_limit = prose_limit.is_some_and(|limit| words.load(Ordering::Relaxed) > limit);
    if past_limit {
        rendered
            .par_iter_mut()
            .for_each(|r| r.prose_blocks = Vec::new());
    } else {
        stage.read_cached_prose(&mut rendered, &mut spilled, &problems);
    }
    let mut problems = problems.into_inner().unwrap_or_else(|p| p.into_inner());
    problems.sort_unstable_by_key(|(i, _)| *i);
    let errors = Errors(problems.into_iter().flat_map(|(_, es)| es).collect());
    (rendered, spilled, errors)
}

/// Each page's problems, by the page's index, as pages add them in parallel.
type Problems = std::sync::Mutex<Vec<(usize, Vec<Diagnostic>)>>;

trait KeptApart {
    /// The page's rendered Markdown and where its HTML was set aside, its problems added to
    /// `problems` as those of page `i`.
    fn kept_apart(self, i: usize, problems: &Problems) -> (Rendered, Option<SpilledPage>);
}

impl KeptApart for PageResult {
    fn kept_apart(self, i: usize, problems: &Problems) -> (Rendered, Option<SpilledPage>) {
        let (rendered, spilled, errors) = self;
        if !errors.is_empty() {
            (problems.lock().unwrap_or_else(|p| p.into_inner())).push((i, errors));
        }
        (rendered, spilled)
    }
}

/// A page's rendered Markdown, where its HTML was set aside, and its problems.
type PageResult = (Rendered, Option<SpilledPage>, Vec<Diagnostic>);

/// What every page's Markdown stage shares.
struct Stage<'a> {
    content: &'a Content,
    env: MarkdownEnv<'a>,
    shortcodes: &'a markdown::ShortcodeFn<'a>,
    features: &'a [Box<dyn Feature>],
    lean: Option<Lean<'a>>,
    /// Words of the pages done so far, while prose is kept.
    words: &'a AtomicUsize,
}

impl Stage<'_> {
    fn page(&self, i: usize, page: &content::Page) -> PageResult {
        if let Some(own) = self.features.iter().find_map(|f| f.own_rendering(i)) {
            return self.set_aside(own.clone(), Vec::new());
        }
        if let Some(hit) = self.cached(page) {
            return hit;
        }
        self.rendered_afresh(page)
    }

    fn rendered_afresh(&self, page: &content::Page) -> PageResult {
        let (r, errors) = render_collecting(
            self.content,
            page,
            self.env,
            self.features,
            Some(self.shortcodes),
            Mode::default(),
        );
        self.set_aside(r, errors)
    }

    /// Whether a page of `word_count` words still keeps its prose (see [`Lean::prose_words`]).
    fn keeps_prose(&self, word_count: usize) -> bool {
        let Some(lean) = self.lean else {
            return true;
        };
        let total = self.words.fetch_add(word_count, Ordering::Relaxed) + word_count;
        total <= lean.prose_words.unwrap_or(0)
    }

    /// The page from the last build's Markdown, if its file is unchanged, without its prose:
    /// its words are counted, and its prose read back only once every page's are (see
    /// [`Stage::read_cached_prose`]). At 10,000 pages a build keeps no prose, and reading the
    /// first pages' until the count passed the limit was a fiftieth of a one-edit build.
    fn cached(&self, page: &content::Page) -> Option<PageResult> {
        let lean = self.lean?;
        let (rendered, spilled) = lean.cache?.take(page)?;
        self.keeps_prose(rendered.word_count);
        Some((rendered, Some(spilled), Vec::new()))
    }

    /// Reads back the prose of the pages taken from the cache, the edition's words being few
    /// enough to keep it. A page whose prose does not read back is rendered again.
    fn read_cached_prose(
        &self,
        rendered: &mut [Rendered],
        spilled: &mut [Option<SpilledPage>],
        problems: &Problems,
    ) {
        let (Some(lean), Some(spill)) = (self.lean, self.lean.and_then(|l| l.spill)) else {
            return;
        };
        if lean.cache.is_none() {
            return;
        }
        let pages = rendered.par_iter_mut().zip(spilled.par_iter_mut());
        pages.enumerate().for_each(|(i, (rendered, spilled))| {
            let Some(set_aside) = spilled.as_ref().filter(|s| s.is_from_earlier_build()) else {
                return;
            };
            if let Some(prose) = spill.read_prose(set_aside) {
                rendered.prose_blocks = prose;
                return;
            }
            self.words.fetch_sub(rendered.word_count, Ordering::Relaxed);
            // Cannot fail: there is one rendered page per page, in their order.
            let afresh = self.rendered_afresh(&self.content.pages[i]);
            (*rendered, *spilled) = afresh.kept_apart(i, problems);
        });
    }

    /// A lean load's page: its HTML set aside (with its prose, in a cache's spill), then its
    /// prose let go of once no feature will read it.
    fn set_aside(
        &self,
        mut r: Rendered,
        errors: Vec<Diagnostic>,
    ) -> (Rendered, Option<SpilledPage>, Vec<Diagnostic>) {
        let Some(lean) = self.lean else {
            // Kept in memory with every other page's until the templates run: not the spare
            // room it was written with.
            r.html.shrink_to_fit();
            return (r, None, errors);
        };
        let keeps_prose = self.keeps_prose(r.word_count);
        let spilled = lean.spill.and_then(|s| s.take(&mut r, keeps_prose));
        if !keeps_prose {
            r.prose_blocks = Vec::new();
        }
        if spilled.is_none() {
            r.html.shrink_to_fit();
        }
        (r, spilled, errors)
    }
}
