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
    let results: Vec<(Rendered, Option<SpilledPage>, Vec<Diagnostic>)> = content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| stage.page(i, page))
        .collect();
    let prose_limit = lean.map(|l| l.prose_words.unwrap_or(0));
    let past_limit = prose_limit.is_some_and(|limit| words.into_inner() > limit);
    let mut errors = Errors::default();
    let mut rendered = Vec::with_capacity(results.len());
    let mut spilled = Vec::with_capacity(results.len());
    for (mut r, s, es) in results {
        if past_limit {
            r.prose_blocks = Vec::new();
        }
        rendered.push(r);
        spilled.push(s);
        errors.0.extend(es);
    }
    (rendered, spilled, errors)
}

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
    fn page(
        &self,
        i: usize,
        page: &content::Page,
    ) -> (Rendered, Option<SpilledPage>, Vec<Diagnostic>) {
        if let Some(own) = self.features.iter().find_map(|f| f.own_rendering(i)) {
            return self.set_aside(own.clone(), Vec::new());
        }
        if let Some(hit) = self.cached(page) {
            return hit;
        }
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

    /// The page from the last build's Markdown, if its file is unchanged and its bytes read
    /// back whole.
    fn cached(
        &self,
        page: &content::Page,
    ) -> Option<(Rendered, Option<SpilledPage>, Vec<Diagnostic>)> {
        let lean = self.lean?;
        let (mut rendered, spilled) = lean.cache?.take(page)?;
        if self.keeps_prose(rendered.word_count) {
            // Prose that does not read back renders the page again, counted once.
            let Some(prose) = lean.spill?.read_prose(&spilled) else {
                self.words.fetch_sub(rendered.word_count, Ordering::Relaxed);
                return None;
            };
            rendered.prose_blocks = prose;
        }
        Some((rendered, Some(spilled), Vec::new()))
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
