//! Footnotes: each `[^label]` becomes a numbered link, numbered in the order of first citation,
//! and the definitions become the page's References list, with a link back to every place a
//! reference is cited. A citation with no definition is an error where it is written.

use std::fmt::Write as _;

use pulldown_cmark::{Event, html};
use pulldown_cmark_escape::escape_href;

use super::TocEntry;
use super::state::{Footnotes, State};
use crate::diagnostic::{Diagnostic, Rule};
use crate::i18n::Strings;

/// The line of a `[^label]:` line in `text` that the parser did not take as a definition (a
/// citation of `label` is undefined), if there is one.
fn unread_definition(text: &str, label: &str) -> Option<usize> {
    let start = format!("[^{label}]:");
    text.lines()
        .position(|line| line.trim_start().starts_with(&start))
        .map(|i| i + 1)
}

impl Footnotes<'_> {
    pub(super) fn start_definition(&mut self, label: &str) {
        self.open_definition = Some((label.to_string(), Vec::new()));
    }

    pub(super) fn end_definition(&mut self) {
        if let Some((label, events)) = self.open_definition.take() {
            self.definitions.insert(label, events);
        }
    }
}

impl State<'_, '_> {
    /// A citation: the numbered link to the reference, with the id its back link points to.
    pub(super) fn footnote_reference(&mut self, label: &str) {
        let next = self.footnotes.numbers.len() + 1;
        let number = *self
            .footnotes
            .numbers
            .entry(label.to_string())
            .or_insert_with(|| next);
        if number == next {
            self.footnotes.order.push(label.to_string());
        }
        let uses = self.footnotes.uses.entry(label.to_string()).or_insert(0);
        *uses += 1;
        let mode = self.input.mode;
        let id = if mode.without_anchors {
            String::new()
        } else {
            format!(" id=\"cite-{number}-{uses}\"")
        };
        let mut href = String::new();
        escape_href(&mut href, mode.footnote_base).ok();
        let label = self
            .input
            .strings
            .fill("reference_link", &[("n", &number.to_string())]);
        let html = format!(
            "<sup class=\"footnote-ref\"{id}><a href=\"{href}#ref-{number}\" aria-label=\"{label}\">{number}</a></sup>"
        );
        self.emit(Event::InlineHtml(html.into()));
    }

    /// The parser leaves a citation of an undefined label as text: `[^r9]` in one piece, or
    /// split into a text ending in `[` and one starting with `^`. Either is an error, at the
    /// `[`. (In code it is just text.)
    pub(super) fn check_undefined_citations(&mut self, text: &str) {
        let after_bracket = self
            .footnotes
            .open_bracket
            .take()
            .filter(|_| text.starts_with('^'));
        // (`contains('[')` first: a one-byte search is much cheaper, and almost no text has one.)
        let has_marker = text.contains('[') && text.contains("[^");
        if !self.in_code_block && (after_bracket.is_some() || has_marker) {
            if let Some(at) = after_bracket {
                self.offset = at;
            }
            let label = match after_bracket {
                Some(_) => text.strip_prefix('^'),
                None => text.split_once("[^").map(|(_, rest)| rest),
            }
            .map(|rest| rest.split(']').next().unwrap_or(rest))
            .filter(|label| !label.is_empty());
            let hint = label
                .and_then(|label| unread_definition(self.input.text, label))
                .map_or_else(
                    || "add its definition at the end of the page, e.g. `[^r1]: Author. Title. Journal. Year.`".to_string(),
                    |line| format!("its definition on line {line} is not read as one: it is inside a code block or indented under something else; look above it for a ``` fence that is not closed with the same fence at the same indent"),
                );
            self.error(
                "this footnote reference has no definition".to_string(),
                &hint,
            );
        }
        if text.ends_with('[') {
            self.footnotes.open_bracket = Some(self.offset + text.len() - 1);
        }
    }

    /// Definitions that are never cited are still listed (after the others), with a warning.
    pub(super) fn warn_unreferenced_footnotes(&mut self) {
        let mut unreferenced: Vec<&String> = self
            .footnotes
            .definitions
            .keys()
            .filter(|k| !self.footnotes.numbers.contains_key(*k))
            .collect();
        unreferenced.sort();
        for label in unreferenced {
            self.warnings.push(
                Diagnostic::in_file(
                    self.input.file,
                    format!("the footnote [^{label}] is defined but never referenced"),
                )
                .with_hint("cite it in the text as [^label], or delete its definition")
                .warning(Rule::BuildWarning),
            );
        }
    }

    /// The References list ("" when nothing is cited), also added to the table of contents.
    pub(super) fn references_html(&mut self) -> String {
        let mut references = String::new();
        if self.footnotes.order.is_empty() {
            return references;
        }
        let strings = self.input.strings;
        let _ = write!(
            references,
            "<section class=\"references\" aria-labelledby=\"references\">\n<h2 id=\"references\">{}</h2>\n<ol class=\"references-list\">\n",
            strings.get("references")
        );
        for label in &self.footnotes.order {
            // Cannot fail: `footnote_reference` puts a label in `order` only along with its
            // entries in both maps.
            let number = self.footnotes.numbers[label];
            let uses = self.footnotes.uses[label];
            let mut definition = String::new();
            if let Some(events) = self.footnotes.definitions.remove(label) {
                html::push_html(&mut definition, events.into_iter());
            }
            let back = back_links(strings, number, uses);
            let definition = definition.trim_end();
            // The back links go inside the definition's last paragraph, after its words.
            let li = match definition.strip_suffix("</p>") {
                Some(start) => format!("{start}{back}</p>"),
                None => format!("{definition}{back}"),
            };
            let _ = writeln!(references, "<li id=\"ref-{number}\">{li}</li>");
        }
        references.push_str("</ol>\n</section>\n");
        self.headings.toc.push(TocEntry {
            id: "references".into(),
            title: strings.get("references").to_string(),
            children: Vec::new(),
        });
        references
    }
}

/// One back link per place the reference is cited; several get letters (a, b, …) so that both
/// readers and screen readers can tell them apart.
fn back_links(strings: &Strings, number: usize, uses: usize) -> String {
    let mut back = String::new();
    for k in 1..=uses {
        let n = number.to_string();
        let (letter, label) = if uses == 1 {
            (
                String::new(),
                strings.fill("back_to_reference", &[("n", &n)]),
            )
        } else {
            let letter = backref_letter(k);
            (
                format!("<span class=\"backref-letter\">{letter}</span>"),
                strings.fill("back_to_reference_place", &[("n", &n), ("place", &letter)]),
            )
        };
        let _ = write!(
            back,
            " <a class=\"footnote-backref\" href=\"#cite-{number}-{k}\" aria-label=\"{label}\">↩{letter}</a>"
        );
    }
    back
}

/// a, b, …, z, aa, ab, …
pub(super) fn backref_letter(k: usize) -> String {
    let mut n = k;
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    letters.iter().rev().collect()
}
