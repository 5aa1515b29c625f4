//! The page's prose: all its running text (not code, not footnotes) for the word count; its
//! paragraphs and list items of running text (not headings, tables, code or footnotes) for the
//! figure checks and search; and its reading units for the reading level.
//!
//! **Reading units.** Each paragraph, list item, table cell and heading is a unit of its own,
//! and so is each item of a nested list: the text of a nested list never joins its parent
//! item's text, where it would run on into one long "sentence" (a list of short items could
//! score grade 24). A loose list item's paragraphs are units, the item itself has no text of
//! its own. Code, footnote definitions and image alt text are not units.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::state::State;
use super::{ProseBlock, ReadingUnit};

impl State<'_, '_> {
    /// Collects paragraphs and list items from the events, before they are handled.
    pub(super) fn track_prose(&mut self, event: &Event) {
        if self.input.mode.reading_units {
            self.track_reading_units(event);
        }
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
                    let mut block = block;
                    // Kept for every page until search and the checks have read it.
                    block.text.shrink_to_fit();
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

impl State<'_, '_> {
    /// Collects reading units: a stack of the open ones, text going to the innermost.
    fn track_reading_units(&mut self, event: &Event) {
        let units = &mut self.prose.reading;
        match event {
            Event::Start(Tag::Paragraph | Tag::Item | Tag::Heading { .. } | Tag::TableCell) => {
                units.open.push(ReadingUnit::default())
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) => {
                if let Some(unit) = units.open.pop().filter(|u| !u.text.trim().is_empty()) {
                    units.done.push(unit);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                let excluded = self.in_code_block
                    || self.footnotes.open_definition.is_some()
                    || self.links.image_alt.is_some();
                if let Some(unit) = units.open.last_mut().filter(|_| !excluded) {
                    if unit.text.is_empty() {
                        // Where the words start, not the list marker or `#` before them.
                        unit.offset = self.offset;
                    }
                    unit.text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(unit) = units.open.last_mut() {
                    unit.text.push(' ');
                }
            }
            _ => {}
        }
    }
}
