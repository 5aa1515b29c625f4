//! `serve`'s fast path: after an edit to one article, render its Markdown again and say which
//! pages show what changed, instead of loading the whole edition.

use std::path::Path;

use super::{Edition, render_one, shortcode_renderer};
use crate::content;
use crate::diagnostic::{Diagnostic, Errors};
use crate::markdown::Mode;

impl Edition {
    /// After an edit to one article: reads it again, renders its Markdown, and returns the pages
    /// whose HTML depends on it. A change to its text touches that page only; a change to its
    /// title, description, date, tags or weight also touches the sections above it (their lists
    /// show it), its neighbours before and after the change (their previous/next links name
    /// it) and the sitemap. `None` when the edit needs a full load: a new or removed page, the
    /// FAQ, a section, or a change to its slug, draft state or template, or to a title shown in
    /// the menu.
    pub fn reload_page(&mut self, rel: &Path) -> Result<Option<Reloaded>, Errors> {
        let Some(&i) = self.content.page_by_rel.get(rel) else {
            return Ok(None);
        };
        // Cannot fail: `i`, `parent` and the ancestors are careleaf's own indices into these
        // pages, and `rendered` has one entry per page.
        let page = &self.content.pages[i];
        if self.features.iter().any(|f| f.own_rendering(i).is_some())
            || page.kind != content::PageKind::Page
        {
            return Ok(None);
        }
        // Another language's pages are in its own folder of content/.
        let mut source = self.root.join("content");
        if let Some(dir) = &self.language_dir {
            source.push(dir);
        }
        let bytes = std::fs::read(source.join(rel)).map_err(|e| Diagnostic::io(&page.file, &e))?;
        let text = content::decode_text(&page.file, bytes)?;
        let split = content::front_matter::split(&page.file, &text)?;
        let front = content::front_matter::parse(&page.file, &text, &split)?;
        let old = &page.front;
        if front.slug != old.slug || front.draft != old.draft || front.template != old.template {
            return Ok(None);
        }
        let front_changed = front != *old;
        let parent = page.parent;
        // With no menu in site.yaml, the menu lists the home page's children by title.
        let in_default_menu =
            self.loaded.config.navigation.is_empty() && parent == Some(self.content.home);
        if front_changed && in_default_menu && front.title != old.title {
            return Ok(None);
        }
        let mut updated = page.clone();
        updated.body_start = split.body_start;
        updated.front_range = split.front_start..split.front_end();
        updated.front = front;
        updated.text = text;
        let shortcodes = shortcode_renderer(&self.renderer, &self.features);
        let env = self.markdown_env(self.reading_units);
        let rendered = render_one(
            &self.content,
            &updated,
            env,
            &self.features,
            Some(&shortcodes),
            Mode::default(),
        )?;
        drop(shortcodes);
        self.warnings = rendered.warnings.clone();
        self.content.pages[i] = updated;
        self.rendered[i] = rendered;
        self.forget_spilled(i);
        let mut pages = vec![i];
        if front_changed {
            if let Some(parent) = parent {
                let neighbours = |edition: &Edition| -> Vec<usize> {
                    let siblings = &edition.content.pages[parent].pages;
                    let at = edition.content.pages[i].position;
                    [at.checked_sub(1), Some(at + 1)]
                        .into_iter()
                        .flatten()
                        .filter_map(|k| siblings.get(k).copied())
                        .collect()
                };
                pages.extend(neighbours(self));
                self.content.resort_children(parent);
                pages.extend(neighbours(self));
                let mut ancestor = Some(parent);
                while let Some(a) = ancestor {
                    pages.push(a);
                    ancestor = self.content.pages[a].parent;
                }
            }
            pages.sort_unstable();
            pages.dedup();
        }
        Ok(Some(Reloaded {
            pages,
            front_matter_changed: front_changed,
        }))
    }
}

/// What [`Edition::reload_page`] changed.
pub struct Reloaded {
    /// Pages to render again.
    pub pages: Vec<usize>,
    /// The sitemap may have changed too (dates).
    pub front_matter_changed: bool,
}
