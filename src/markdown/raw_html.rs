//! HTML written in the Markdown follows the same rules as the Markdown: nothing loaded from
//! other hosts, images described, links to pages and files resolved and checked. An HTML block
//! is read whole before it is checked, as a browser would read it, so that a tag spread over
//! several lines (or inside a quote, whose `> ` the parser leaves out) is one tag, and errors
//! point at the right place in the file.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::links::{Target, classify};
use super::state::{HtmlBlock, State};

impl<'a> State<'a, '_> {
    pub(super) fn start_html_block(&mut self) {
        self.html_block = Some(HtmlBlock {
            text: String::new(),
            line_starts: Vec::new(),
        });
        self.emit(Event::Start(Tag::HtmlBlock));
    }

    /// An HTML block arrives a line at a time: it is kept until its end. (Raw HTML outside a
    /// block is read at once.)
    pub(super) fn html_block_lines(&mut self, html: CowStr<'a>) {
        let lines = self.line_starts(&html, self.offset);
        match &mut self.html_block {
            Some(block) => {
                let base = block.text.len();
                block
                    .line_starts
                    .extend(lines.into_iter().map(|(r, f)| (base + r, f)));
                block.text.push_str(&html);
            }
            None => {
                let html = self.read_raw_html(&html, &lines);
                self.emit(Event::Html(html.into()));
            }
        }
    }

    pub(super) fn end_html_block(&mut self) {
        if let Some(block) = self.html_block.take() {
            let html = self.read_raw_html(&block.text, &block.line_starts);
            self.emit(Event::Html(html.into()));
        }
        self.emit(Event::End(TagEnd::HtmlBlock));
    }

    pub(super) fn inline_html(&mut self, raw: CowStr<'a>) {
        if let Some(h) = &mut self.headings.current {
            // Markup typed in a heading is part of its title as text (escaped later), so a
            // question like "Is <b>it</b> safe?" keeps its words everywhere it is shown.
            h.text.push_str(&raw);
            self.emit(Event::InlineHtml(raw));
            return;
        }
        let lines = self.line_starts(&raw, self.offset);
        let html = self.read_raw_html(&raw, &lines);
        self.emit(Event::InlineHtml(html.into()));
    }

    /// Where each line of raw HTML text starts in it and in the file, from the file offset
    /// `from` on: inside a quote or a list the parser's text leaves out each line's `> ` or
    /// indent, which the file has.
    fn line_starts(&self, raw: &str, from: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut cursor = from;
        let mut raw_at = 0;
        for line in raw.split_inclusive('\n') {
            let text = line.trim_end_matches(['\n', '\r']);
            let end = (cursor + line.len() + 64).min(self.input.text.len());
            let found = self
                .input
                .text
                .get(cursor..end)
                .and_then(|window| window.find(text))
                .map_or(cursor, |i| cursor + i);
            out.push((raw_at, found));
            cursor = found + line.len();
            raw_at += line.len();
        }
        out
    }

    /// Raw HTML in content follows the same rules as Markdown: nothing loaded from other hosts
    /// (that would tell them which health page a patient reads), and images described for
    /// people who cannot see them. `chunks` are the pieces of one HTML block or tag with the
    /// file offset each starts at (a block in a list or quote loses its prefixes).
    /// Links to other pages and files (`<a href="risks.md">`) are resolved and checked like
    /// Markdown links; returns the HTML with their addresses.
    fn read_raw_html(&mut self, raw: &str, chunks: &[(usize, usize)]) -> String {
        let first = self.offset;
        let at = |offset: usize| {
            let (start, file) = chunks
                .iter()
                .rev()
                .find(|(start, _)| *start <= offset)
                .copied()
                .unwrap_or((0, first));
            file + (offset - start)
        };
        for (load, host) in crate::html::external_loads(raw) {
            if crate::html::host_allowed(self.input.allowed_hosts, &host) {
                self.embeds.add_load(&load);
            } else {
                self.offset = at(load.offset);
                self.error(
                    format!("this {} loads from another website ({host})", load.tag),
                    "health pages must not send visitors' reading to other hosts (trackers, ad networks): save the file in content/, or list the host in site.yaml `allowed_hosts` if you trust it",
                );
            }
        }
        for offset in crate::html::images_without_alt(raw) {
            self.offset = at(offset);
            self.error(
                "this image has no alt text".to_string(),
                "add alt=\"…\" describing what the image shows",
            );
        }
        let mut new_hrefs = HashMap::new();
        for (offset, href) in crate::html::link_hrefs(raw) {
            match classify(&href) {
                Target::Local { path, fragment } => {
                    self.offset = at(offset);
                    let url = self.local_url(&href, &path, fragment);
                    new_hrefs.insert(href, url);
                }
                Target::SitePath { path } => {
                    self.offset = at(offset);
                    self.check_site_path(&href, &path);
                }
                _ => {}
            }
        }
        if new_hrefs.is_empty() {
            raw.to_string()
        } else {
            crate::html::replace_link_hrefs(raw, &new_hrefs)
        }
    }
}
