//! Split mode ([`Mode::split_at_headings`](super::Mode::split_at_headings)): the page is cut
//! at every `#` and `##` heading into [`Block`]s, each with its HTML and its text, and the
//! headings are left to the template (the FAQ shows groups and questions its own way).

use pulldown_cmark::html;

use super::Block;
use super::state::{Heading, State};

impl<'a> State<'a, '_> {
    /// A `#` or `##` heading closes the block before it and opens a new one.
    pub(super) fn split_at(&mut self, h: Heading<'a>, id: String, title: String) {
        self.close_block();
        self.split.prose_start = self.prose.text.len();
        self.split.open = Some(Block {
            level: h.level as usize,
            id,
            title,
            classes: h.classes.iter().map(|c| c.to_string()).collect(),
            html: String::new(),
            text: String::new(),
            offset: self.offset,
        });
    }

    /// Writes out the events collected since the last heading as the open block's HTML (or
    /// the intro's, before the first heading).
    pub(super) fn close_block(&mut self) {
        let mut html = String::new();
        html::push_html(&mut html, self.out.drain(..));
        // Taken in both arms: a mark left over from the heading that closed the intro would
        // cut the next block's text before its start.
        let end = self.split.prose_end.take().unwrap_or(self.prose.text.len());
        match self.split.open.take() {
            Some(mut block) => {
                block.html = html;
                block.text = self
                    .prose
                    .text
                    .get(self.split.prose_start..end)
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                self.split.blocks.push(block);
            }
            None => self.split.intro_html = Some(html),
        }
    }
}
