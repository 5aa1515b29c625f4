//! Blocks that hold others and are rewritten on the way: tables get a scrolling wrapper (a wide
//! table must not widen the page on a phone), GitHub-style alerts (`> [!NOTE]`) become
//! callouts with a title in the page's language, and code blocks mark their text as not prose.

use pulldown_cmark::{Alignment, BlockQuoteKind, CodeBlockKind, Event, Tag, TagEnd};

use super::state::State;

impl<'a> State<'a, '_> {
    pub(super) fn start_table(&mut self, align: Vec<Alignment>) {
        self.emit(Event::Html(
            format!(
                "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                self.input.strings.get("table")
            )
            .into(),
        ));
        self.emit(Event::Start(Tag::Table(align)));
    }

    pub(super) fn end_table(&mut self) {
        self.emit(Event::End(TagEnd::Table));
        self.emit(Event::Html("</div>\n".into()));
    }

    pub(super) fn start_callout(&mut self, kind: BlockQuoteKind) {
        let (class, key) = callout(kind);
        let label = self.input.strings.get(key);
        self.emit(Event::Html(
            format!(
                "<div class=\"callout callout-{class}\">\n<p class=\"callout-title\">{label}</p>\n"
            )
            .into(),
        ));
    }

    pub(super) fn end_callout(&mut self) {
        self.emit(Event::Html("</div>\n".into()));
    }

    pub(super) fn start_code_block(&mut self, kind: CodeBlockKind<'a>) {
        self.in_code_block = true;
        self.emit(Event::Start(Tag::CodeBlock(kind)));
    }

    pub(super) fn end_code_block(&mut self) {
        self.in_code_block = false;
        self.emit(Event::End(TagEnd::CodeBlock));
    }
}

/// A callout's class and the word for its title.
fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "callout_note"),
        BlockQuoteKind::Tip => ("tip", "callout_tip"),
        BlockQuoteKind::Important => ("important", "callout_important"),
        BlockQuoteKind::Warning => ("warning", "callout_warning"),
        BlockQuoteKind::Caution => ("caution", "callout_caution"),
    }
}
