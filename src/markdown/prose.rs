//! The page's prose: all its running text (not code, not footnotes) for the word count, and
//! its paragraphs and list items of running text (not headings, tables, code or footnotes) for
//! the readability and figure checks.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::ProseBlock;
use super::state::State;

impl State<'_, '_> {
    /// Collects paragraphs and list items from the events, before they are handled.
    pub(super) fn track_prose(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Table(_)) => self.prose.in_table = true,
            Event::End(TagEnd::Table) => self.prose.in_table = false,
            Event::Start(Tag::Paragraph | Tag::Item) => {
                self.prose.depth += 1;
                let excluded = self.prose.in_table
                    || self.in_code_block
                    || self.footnotes.open_definition.is_some()
                    || self.headings.current.is_some();
                if self.prose.depth == 1 && !excluded {
                    self.prose.current = Some(ProseBlock {
                        text: String::new(),
                        offset: self.offset,
                        has_reference: false,
                    });
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                self.prose.depth = self.prose.depth.saturating_sub(1);
                if self.prose.depth == 0
                    && let Some(block) = self
                        .prose
                        .current
                        .take()
                        .filter(|b| !b.text.trim().is_empty())
                {
                    self.prose.blocks.push(block);
                }
            }
            Event::Text(t) | Event::Code(t) if self.links.image_alt.is_none() => {
                if let Some(b) = &mut self.prose.current {
                    b.text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = &mut self.prose.current {
                    b.text.push(' ');
                }
            }
            Event::FootnoteReference(_) => {
                if let Some(b) = &mut self.prose.current {
                    b.has_reference = true;
                }
            }
            _ => {}
        }
    }
}
