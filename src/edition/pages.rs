//! Rendering an edition's pages, each through its template, in parallel; with the build cache,
//! a page whose key (its template, the globals and its whole context) is the one its file in
//! the output was made from is not rendered again.

use super::*;
use crate::build_cache::{Key, KeyWriter};
use crate::output::PageSink;
use markdown_cache::KnownKey;
use std::borrow::Cow;

/// What every page's key is named from in common, and what each page shows of itself to the
/// pages that list it, link to it or sit beside it (see [`Edition::inputs_key`]).
struct KeyInputs<'e> {
    common: KeyWriter,
    shown: &'e [Key],
}

impl Edition {
    /// The HTML of page `i`.
    pub fn render_page(&self, i: usize) -> Result<String, Diagnostic> {
        self.render_context(i, &self.page_context(i)?)
    }

    /// Page `i`'s context, with its HTML in place wherever it was kept.
    fn page_context(&self, i: usize) -> Result<crate::render::PageContext<'_>, Diagnostic> {
        let (html, references) = self.page_html(i)?;
        Ok(self.contexts().page(i).with_html(html, references))
    }

    /// The key of page `i`'s HTML when it was set aside (its context then holds none).
    fn spilled_key(&self, i: usize) -> Option<Key> {
        self.spilled.get(i).copied().flatten().map(|s| s.key)
    }

    fn render_context(
        &self,
        i: usize,
        context: &crate::render::PageContext,
    ) -> Result<String, Diagnostic> {
        // Cannot fail: callers pass indices careleaf made from these pages.
        let page = &self.content.pages[i];
        self.renderer.render(
            self.renderer.template_for(page, &self.page_templates),
            context,
        )
    }

    /// What page `i`'s HTML is made from: its template and every template and global value
    /// the renderer holds, and its context (which holds its rendered Markdown and what it
    /// shows of other pages). Rendering is a function of these alone.
    fn page_key(&self, i: usize, context: &mut crate::render::PageContext) -> Key {
        // Cannot fail: callers pass indices careleaf made from these pages.
        let page = &self.content.pages[i];
        let mut key: KeyWriter = self.renderer.globals_key();
        key.part(
            self.renderer
                .template_for(page, &self.page_templates)
                .as_bytes(),
        );
        context.add_to_key(&mut key);
        if let Some(html) = self.spilled_key(i) {
            key.part(b"spilled").part(&html);
        }
        key.finish()
    }

    /// What every page's key is named from: None when not all of it can be named (not a lean
    /// build, or a feature cannot say what it adds to pages).
    fn key_inputs(&self) -> Option<KeyInputs<'_>> {
        let mut common = self.renderer.globals_key();
        common.part(&self.markdown_store.as_ref()?.environment());
        for feature in &self.features {
            if !feature.page_values_key(&mut common) {
                return None;
            }
        }
        Some(KeyInputs {
            common,
            shown: self.shown_keys(),
        })
    }

    /// What each page shows of itself to the pages that list it, link to it or sit beside it,
    /// as a key: its front matter and address (another page's context shows nothing else).
    pub(super) fn shown_keys(&self) -> &[Key] {
        self.shown_keys.get_or_init(|| {
            (self.content.pages.par_iter())
                .map(|p| {
                    let mut key = KeyWriter::default();
                    key.part(p.rel.as_os_str().as_encoded_bytes())
                        .part(p.url.as_bytes())
                        .part(p.kind.as_str().as_bytes())
                        .part(p.text.get(..p.body_start).unwrap_or(&p.text).as_bytes())
                        .part(p.front.title.as_bytes())
                        .part(p.front.description.as_bytes());
                    key.finish()
                })
                .collect()
        })
    }

    /// The key of everything page `i`'s context is built from, named without building it:
    /// its file and rendered Markdown (its file's key, under the environment the Markdown
    /// cache is keyed by), what the features add (their keys, and the page's index), its
    /// translations, and what the pages above, beside and below it show of themselves. Two
    /// builds that name the same inputs build the same context, so the page's key is the
    /// last build's.
    /// `part` is the part of the page's list the key is for (0 for a page with one).
    fn inputs_key(&self, i: usize, part: usize, inputs: &KeyInputs) -> Option<Key> {
        // Cannot fail: `i`, `parent`, `pages` and `subsections` are careleaf's own indices
        // into these pages, and `shown` has one key per page.
        let pages = &self.content.pages;
        let page = &pages[i];
        let mut key = inputs.common.clone();
        key.part(&(i as u64).to_le_bytes())
            .part(&(part as u64).to_le_bytes())
            .part(
                self.renderer
                    .template_for(page, &self.page_templates)
                    .as_bytes(),
            )
            .part(&inputs.shown[i])
            .part(&page.body_on_disk.as_ref()?.source)
            .part(&[page.off_label_mention.map_or(2, u8::from)])
            .part(&self.spilled_key(i)?);
        serde_json::to_writer(&mut key, &self.links.alternates().get(i)).ok()?;
        let mut above = page.parent;
        while let Some(p) = above {
            key.part(&inputs.shown[p]);
            above = pages[p].parent;
        }
        key.part(b"beside");
        if let Some(parent) = page.parent {
            let siblings = &pages[parent].pages;
            let at = page.position;
            for k in [at.checked_sub(1), Some(at), at.checked_add(1)] {
                match k.and_then(|k| siblings.get(k)) {
                    Some(&s) => key.part(&inputs.shown[s]),
                    None => key.part(b"none"),
                };
            }
        }
        key.part(b"below");
        for &c in page.part_pages(part).iter().chain(&page.subsections) {
            key.part(&inputs.shown[c]);
        }
        key.part(&(page.pages.len() as u64).to_le_bytes());
        Some(key.finish())
    }

    /// Page `i`'s key: the last build's when it was made from the same inputs, else made from
    /// its context (built into `context` for rendering). Kept for the next build.
    fn known_or_new_key<'s>(
        &'s self,
        i: usize,
        inputs: Option<&KeyInputs>,
        context: &mut Option<crate::render::PageContext<'s>>,
    ) -> Key {
        let named = inputs.and_then(|inputs| self.inputs_key(i, 0, inputs));
        let rel = &self.content.pages[i].rel;
        let known = named.and_then(|n| self.markdown_cache.as_ref()?.page_key(rel, n));
        let key = known.unwrap_or_else(|| {
            let built = context.insert(self.contexts().page(i));
            self.page_key(i, built)
        });
        if let Some(inputs) = named {
            // Cannot fail: `page_keys` has one entry per page.
            let _ = self.page_keys[i].set(KnownKey { inputs, key });
        }
        key
    }

    /// Renders every page in parallel and hands each to `write` (output path, HTML).
    pub fn render_pages<W>(&self, write: W) -> Result<(), Errors>
    where
        W: Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync,
    {
        self.render_pages_into(&write, &std::sync::atomic::AtomicU64::new(0))
    }

    /// Renders every page `sink` does not already hold, in parallel, adding the nanoseconds
    /// spent rendering to `render_ns`. A page whose list is long is rendered in parts.
    pub fn render_pages_into(
        &self,
        sink: &impl PageSink,
        render_ns: &std::sync::atomic::AtomicU64,
    ) -> Result<(), Errors> {
        let inputs = sink.keyed().then(|| self.key_inputs()).flatten();
        let parts: Vec<(usize, usize)> = (self.content.pages.iter().enumerate())
            .flat_map(|(i, p)| (0..p.list_parts()).map(move |n| (i, n)))
            .collect();
        let errors: Vec<Diagnostic> = parts
            .into_par_iter()
            .filter_map(|(i, n)| {
                self.render_part(i, n, sink, inputs.as_ref(), render_ns)
                    .err()
            })
            .collect();
        Errors(errors).into_result(())
    }

    /// Renders part `n` of page `i` (part 0 for a page with one) into `sink`, unless the sink
    /// holds it made from the same key.
    fn render_part(
        &self,
        i: usize,
        n: usize,
        sink: &impl PageSink,
        inputs: Option<&KeyInputs>,
        render_ns: &std::sync::atomic::AtomicU64,
    ) -> Result<(), Diagnostic> {
        // Cannot fail: callers pass indices careleaf made from these pages.
        let path = self.content.pages[i].part_output_path(n);
        // The key is taken before the HTML is read back: a kept page needs none. A later part
        // of a long list is keyed by what its context is built from (the same inputs build
        // the same part): naming them costs a few hashes, building it a hundred summaries.
        let mut context = None;
        let key = match (sink.keyed(), n) {
            (false, _) => Key::default(),
            (true, 0) => self.known_or_new_key(i, inputs, &mut context),
            (true, n) => match inputs.and_then(|inputs| self.inputs_key(i, n, inputs)) {
                Some(key) => key,
                None => self.page_key(i, context.insert(self.contexts().page_part(i, n))),
            },
        };
        if sink.keyed() && sink.reuse(&path, key) {
            return Ok(());
        }
        let context = context.unwrap_or_else(|| self.contexts().page_part(i, n));
        let (html, references) = self.page_html(i)?;
        let context = context.with_html(html, references);
        let t = std::time::Instant::now();
        let html = self.render_context(i, &context);
        render_ns.fetch_add(
            t.elapsed().as_nanos() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
        sink.write(&path, key, html?.as_bytes())
    }

    /// Every part of page `i` (one for most pages): output path and HTML.
    pub fn render_page_parts(&self, i: usize) -> Result<Vec<(String, String)>, Diagnostic> {
        // Cannot fail: callers pass indices careleaf made from these pages.
        let page = &self.content.pages[i];
        // Read back once: every part shows the same HTML.
        let (html, references) = self.page_html(i)?;
        (0..page.list_parts())
            .map(|n| {
                let context = (self.contexts().page_part(i, n))
                    .with_html(Cow::Borrowed(&html), Cow::Borrowed(&references));
                Ok((page.part_output_path(n), self.render_context(i, &context)?))
            })
            .collect()
    }
}
