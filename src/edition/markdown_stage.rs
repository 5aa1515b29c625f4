//! The Markdown stage of an edition: every page's Markdown rendered in parallel, with what a
//! lean build sets aside as soon as each page is done.

use std::path::Path;

use rayon::prelude::*;

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
}

/// Renders every page's Markdown in parallel (a page a feature renders itself is taken
/// from it); reports every broken link of every page. A lean load sets each page's HTML
/// aside, and its prose once no feature will read it, as soon as the page is rendered.
pub(super) fn render_markdown(
    content: &Content,
    env: MarkdownEnv,
    shortcodes: &markdown::ShortcodeFn,
    features: &[Box<dyn Feature>],
    lean: Option<Lean>,
) -> (Vec<Rendered>, Vec<Option<SpilledPage>>, Errors) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let words = AtomicUsize::new(0);
    let prose_limit = lean.map(|l| l.prose_words.unwrap_or(0));
    let results: Vec<(Rendered, Option<SpilledPage>, Vec<Diagnostic>)> = content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let (mut r, es) = match features.iter().find_map(|f| f.own_rendering(i)) {
                Some(own) => (own.clone(), Vec::new()),
                None => render_collecting(
                    content,
                    page,
                    env,
                    features,
                    Some(shortcodes),
                    Mode::default(),
                ),
            };
            let mut spilled = None;
            if let (Some(lean), Some(limit)) = (lean, prose_limit) {
                let total = words.fetch_add(r.word_count, Ordering::Relaxed) + r.word_count;
                if total > limit {
                    r.prose_blocks = Vec::new();
                }
                spilled = lean.spill.and_then(|s| s.take(&mut r));
            }
            if spilled.is_none() {
                // Kept in memory with every other page's until the templates run: not the
                // spare room it was written with.
                r.html.shrink_to_fit();
            }
            (r, spilled, es)
        })
        .collect();
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
