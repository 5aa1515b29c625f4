//! The page editor's live preview: one page rendered from text that is not saved yet, through
//! the same stages as the site, then the saved page put back. Nothing of the edition changes.

use std::path::Path;

use super::{
    Edition, MarkdownEnv, checks::check_anchors, load_features, render_collecting,
    shortcode_renderer,
};
use crate::content;
use crate::diagnostic::{Diagnostic, Errors};
use crate::markdown::Mode;

/// A page rendered from unsaved text.
pub struct DraftPage<T> {
    /// What would fail the build or warn about this text: its Markdown, links and anchors.
    pub problems: Vec<Diagnostic>,
    /// What the caller took from the edition while the draft was in place.
    pub seen: T,
    /// Whether the page shown is the unsaved text (false when a page a feature renders itself,
    /// the FAQ, cannot be read that way yet: then it shows the saved text).
    pub live: bool,
}

impl Edition {
    /// The index of the page whose file is `rel` (relative to this edition's folder).
    pub fn page_index(&self, rel: &Path) -> Option<usize> {
        self.content.page_by_rel.get(rel).copied()
    }

    /// Renders the page at `rel` as if its file held `text`, hands the edition with that page
    /// in place (and its index) to `inspect`, then puts the saved page back. Reading units are
    /// collected for this page, so `check`'s reading grade can be read off it. `None` when no
    /// loaded page has that file; `Err` when the front matter cannot be read (then nothing
    /// can be rendered).
    pub fn with_draft<T>(
        &mut self,
        rel: &Path,
        text: String,
        inspect: impl FnOnce(&Edition, usize) -> T,
    ) -> Option<Result<DraftPage<T>, Errors>> {
        let i = self.page_index(rel)?;
        Some(self.swap_in(i, text).map(|(saved, mut problems)| {
            let own = self.features.iter().any(|f| f.own_rendering(i).is_some());
            // The FAQ is read from its page when the edition loads: read it again from the
            // draft, and put the saved one back after.
            let saved_features = if own {
                match self.features_of_draft() {
                    Ok(features) => Some(std::mem::replace(&mut self.features, features)),
                    Err(errors) => {
                        problems.extend(errors.0);
                        None
                    }
                }
            } else {
                None
            };
            let live = !own || saved_features.is_some();
            let seen = inspect(self, i);
            if let Some(features) = saved_features {
                self.features = features;
                for f in &self.features {
                    for (name, value) in f.globals() {
                        self.renderer.set_global(name, &value);
                    }
                }
            }
            let (page, rendered) = saved;
            // Cannot fail: `i` came from `page_by_rel` and the draft took its place.
            self.content.pages[i] = page;
            self.rendered[i] = rendered;
            self.forget_spilled(i);
            DraftPage {
                problems,
                seen,
                live,
            }
        }))
    }

    /// The features loaded again from the content as it is now (with a draft in place).
    fn features_of_draft(&mut self) -> Result<Vec<Box<dyn crate::features::Feature>>, Errors> {
        let content_dir = match &self.language_dir {
            Some(d) => Path::new("content").join(d),
            None => std::path::PathBuf::from("content"),
        };
        let load = crate::features::LoadContext {
            root: &self.root,
            label: &self.label,
            content_dir: &content_dir,
            content: &self.content,
            config: &self.loaded.config,
            links: &self.links,
            strings: &self.strings,
            addresses: &self.addresses,
            caches: crate::features::Caches::Off,
        };
        // Field by field, not `markdown_env`: the renderer is borrowed mutably beside it.
        let env = MarkdownEnv {
            root_path: self.links.root_path(),
            allowed_hosts: &self.loaded.config.allowed_hosts,
            strings: &self.strings,
            site_paths: &self.addresses,
            reading_units: false,
        };
        load_features(&load, env, &mut self.renderer)
    }

    /// Puts page `i` rendered from `text` in place; returns what was there and the problems
    /// found.
    #[allow(clippy::type_complexity)]
    fn swap_in(
        &mut self,
        i: usize,
        text: String,
    ) -> Result<((content::Page, crate::markdown::Rendered), Vec<Diagnostic>), Errors> {
        // Cannot fail: callers pass an index from `page_by_rel`.
        let page = &self.content.pages[i];
        let split = content::front_matter::split(&page.file, &text)?;
        let front = content::front_matter::parse(&page.file, &text, &split)?;
        let mut draft = page.clone();
        draft.body_start = split.body_start;
        draft.front_range = split.front_start..split.front_end();
        draft.front = front;
        draft.text = text;
        let shortcodes = shortcode_renderer(&self.renderer, &self.features);
        let env = self.markdown_env(true);
        // A page a feature renders itself is read the way the feature reads it (the FAQ, cut
        // at its headings), so the draft has the same problems as the build.
        let mode = Mode {
            split_at_headings: self.features.iter().any(|f| f.own_rendering(i).is_some()),
            ..Mode::default()
        };
        let (rendered, mut problems) = render_collecting(
            &self.content,
            &draft,
            env,
            &self.features,
            Some(&shortcodes),
            mode,
        );
        drop(shortcodes);
        problems.extend(rendered.warnings.iter().cloned());
        let file = draft.file.clone();
        let saved_page = std::mem::replace(&mut self.content.pages[i], draft);
        let saved_rendered = std::mem::replace(&mut self.rendered[i], rendered);
        self.forget_spilled(i);
        if let Err(e) = check_anchors(&self.content, &self.rendered, &|i| self.page_html(i)) {
            problems.extend(
                e.0.into_iter()
                    .filter(|d| d.span.as_ref().is_some_and(|s| s.file == file)),
            );
        }
        Ok(((saved_page, saved_rendered), problems))
    }
}
