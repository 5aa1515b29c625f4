//! Running text and the small inline events around it: text is added to the heading being
//! read and to the page's prose, checked for citations with no definition, and emitted with
//! the page's glossary terms explained at their first use.

use pulldown_cmark::{CowStr, Event, TagEnd};

use super::state::State;

impl<'a> State<'a, '_> {
    pub(super) fn text(&mut self, text: CowStr<'a>) {
        if let Some(h) = &mut self.headings.current {
            h.text.push_str(&text);
        }
        if !self.in_code_block && self.footnotes.open_definition.is_none() {
            self.prose.text.push_str(&text);
        }
        self.check_undefined_citations(&text);
        self.emit_explaining_terms(text);
    }

    pub(super) fn inline_code(&mut self, code: CowStr<'a>) {
        if let Some(h) = &mut self.headings.current {
            h.text.push_str(&code);
        }
        self.prose.text.push_str(&code);
        self.emit(Event::Code(code));
    }

    /// A line break is a space between words in the prose.
    pub(super) fn line_break(&mut self, event: Event<'a>) {
        self.prose.text.push(' ');
        self.emit(event);
    }

    /// Any end not handled by its own pass. The end of a paragraph, list item, table cell or
    /// quote separates its words from the next block's in the prose.
    pub(super) fn end_tag(&mut self, end: TagEnd) {
        if matches!(
            end,
            TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_)
        ) {
            self.prose.text.push('\n');
        }
        self.emit(Event::End(end));
    }

    /// Emits running text, with the first use on this page of each glossary term made into
    /// its explanation. Headings, links, code, footnotes and HTML shown on other pages are left
    /// as they are.
    fn emit_explaining_terms(&mut self, text: CowStr<'a>) {
        let glossary = match self.input.glossary {
            Some(g)
                if self.headings.current.is_none()
                    && self.links.depth == 0
                    && !self.in_code_block
                    && self.footnotes.open_definition.is_none()
                    && !self.input.mode.without_anchors =>
            {
                g
            }
            _ => return self.emit(Event::Text(text)),
        };
        let uses: Vec<_> = glossary
            .find(&text)
            .into_iter()
            .filter(|u| self.terms_used.insert(u.entry))
            .collect();
        if uses.is_empty() {
            return self.emit(Event::Text(text));
        }
        let mut at = 0;
        // Cannot fail: the uses are matches in `text` itself, at char boundaries, in order and
        // without overlap, so `at <= u.start <= u.end <= text.len()`.
        for u in uses {
            if u.start > at {
                self.emit(Event::Text(text[at..u.start].to_string().into()));
            }
            let html = glossary.term_html(u.entry, &text[u.start..u.end]);
            self.emit(Event::InlineHtml(html.into()));
            at = u.end;
        }
        if at < text.len() {
            self.emit(Event::Text(text[at..].to_string().into()));
        }
    }
}
