//! Rendering an edition's pages, each through its template, in parallel; with the build cache,
//! a page whose key (its template, the globals and its whole context) is the one its file in
//! the output was made from is not rendered again.

use super::*;
use crate::build_cache::{Key, KeyWriter};

/// Where rendered pages go.
pub trait PageSink: Sync {
    /// Whether to compute each page's key and offer it to [`PageSink::reuse`].
    fn keyed(&self) -> bool {
        false
    }

    /// Whether the page for `path` made from `key` is in place already, so that it need not
    /// be rendered.
    fn reuse(&self, _path: &str, _key: Key) -> bool {
        false
    }

    /// Takes page `path`'s HTML, made from `key` (zero when not keyed).
    fn write(&self, path: &str, key: Key, html: &[u8]) -> Result<(), Diagnostic>;
}

/// A plain function of the output path and the HTML is a sink that renders every page.
impl<W> PageSink for W
where
    W: Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync,
{
    fn write(&self, path: &str, _key: Key, html: &[u8]) -> Result<(), Diagnostic> {
        self(path, html)
    }
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
        let mut key: KeyWriter = self.renderer.globals_key().clone();
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

    /// Renders every page in parallel and hands each to `write` (output path, HTML).
    pub fn render_pages<W>(&self, write: W) -> Result<(), Errors>
    where
        W: Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync,
    {
        self.render_pages_into(&write, &std::sync::atomic::AtomicU64::new(0))
    }

    /// Renders every page `sink` does not already hold, in parallel, adding the nanoseconds
    /// spent rendering to `render_ns`.
    pub fn render_pages_into(
        &self,
        sink: &impl PageSink,
        render_ns: &std::sync::atomic::AtomicU64,
    ) -> Result<(), Errors> {
        let errors: Vec<Diagnostic> = (0..self.content.pages.len())
            .into_par_iter()
            .filter_map(|i| {
                // Cannot fail: `i` ranges over the pages.
                let path = self.content.pages[i].output_path();
                // The key is taken before the HTML is read back: a kept page needs none.
                let mut context = self.contexts().page(i);
                let key = if sink.keyed() {
                    let key = self.page_key(i, &mut context);
                    if sink.reuse(&path, key) {
                        return None;
                    }
                    key
                } else {
                    Key::default()
                };
                let context = match self.page_html(i) {
                    Ok((html, references)) => context.with_html(html, references),
                    Err(e) => return Some(e),
                };
                let t = std::time::Instant::now();
                let html = self.render_context(i, &context);
                render_ns.fetch_add(
                    t.elapsed().as_nanos() as u64,
                    std::sync::atomic::Ordering::Relaxed,
                );
                match html {
                    Ok(html) => sink.write(&path, key, html.as_bytes()).err(),
                    Err(e) => Some(e),
                }
            })
            .collect();
        Errors(errors).into_result(())
    }
}
