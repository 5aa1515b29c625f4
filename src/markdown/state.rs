//! What the renderer keeps while pulldown-cmark's events go by, grouped by the pass that needs
//! it, and the dispatch that sends each event to the function for its family. The passes are
//! `impl State` blocks in the sibling files, so that each can be read on its own.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd, html};

use super::{AnchorLink, Block, MarkdownInput, ProseBlock, ReadingUnit, Rendered, TocEntry};
use crate::diagnostic::{Diagnostic, Rule, line_col};

pub(super) struct State<'a, 'i> {
    pub(super) input: &'i MarkdownInput<'i>,
    /// Byte offset in the file of the event being handled: where errors and warnings point.
    pub(super) offset: usize,
    /// The page's events once rewritten, waiting to be written out as HTML (in split mode:
    /// those of the block being collected).
    pub(super) out: Vec<Event<'a>>,
    pub(super) headings: Headings<'a>,
    pub(super) split: SplitBlocks,
    pub(super) footnotes: Footnotes<'a>,
    pub(super) links: Links,
    /// The HTML block being read, emitted whole at its end.
    pub(super) html_block: Option<HtmlBlock>,
    pub(super) prose: Prose,
    pub(super) in_code_block: bool,
    /// Inside a paragraph that was replaced by a shortcode: its events are dropped.
    pub(super) in_shortcode: bool,
    pub(super) shortcodes_used: Vec<String>,
    /// The other hosts the page loads from, for its Content-Security-Policy.
    pub(super) embeds: crate::html::Embeds,
    /// Glossary entries already explained on this page (first use only).
    pub(super) terms_used: HashSet<usize>,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
}

impl<'a, 'i> State<'a, 'i> {
    pub(super) fn new(input: &'i MarkdownInput<'i>) -> Self {
        State {
            input,
            offset: 0,
            out: Vec::new(),
            headings: Headings::new(),
            split: SplitBlocks::default(),
            footnotes: Footnotes::default(),
            links: Links::default(),
            html_block: None,
            prose: Prose::default(),
            in_code_block: false,
            in_shortcode: false,
            shortcodes_used: Vec::new(),
            embeds: crate::html::Embeds::default(),
            terms_used: HashSet::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Records an error at the current offset; rendering goes on, so that all are reported.
    pub(super) fn error(&mut self, message: String, hint: &str) {
        let (line, column) = line_col(self.input.text, self.offset);
        self.errors.push(
            Diagnostic::at(self.input.file, self.input.text, line, column, message).with_hint(hint),
        );
    }

    pub(super) fn warn(&mut self, message: String) {
        self.warn_at(self.offset, message, None);
    }

    /// A warning at `offset` of the page's text, with a hint when there is one.
    pub(super) fn warn_at(&mut self, offset: usize, message: String, hint: Option<&str>) {
        let (line, column) = line_col(self.input.text, offset);
        let mut warning = Diagnostic::at(self.input.file, self.input.text, line, column, message)
            .warning(Rule::BuildWarning);
        warning.hint = hint.map(str::to_string);
        self.warnings.push(warning);
    }

    /// Sends an event to wherever it belongs now: a heading or footnote being captured, or the
    /// page.
    pub(super) fn emit(&mut self, event: Event<'a>) {
        if let Some(h) = &mut self.headings.current {
            h.events.push(event);
        } else if let Some((_, events)) = &mut self.footnotes.open_definition {
            events.push(event);
        } else {
            self.out.push(event);
        }
    }

    /// Handles one event. The order of the arms matters: the guarded ones (a paragraph outside
    /// a heading, text inside an image) come before the general ones, and the last `End` arm
    /// takes every end not handled above it.
    pub(super) fn handle(&mut self, event: Event<'a>, range: Range<usize>) {
        if self.in_shortcode {
            self.skip_shortcode_paragraph(&event);
            return;
        }
        self.track_prose(&event);
        match event {
            Event::Start(Tag::Paragraph) if self.headings.current.is_none() => {
                self.start_paragraph(range)
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => self.start_heading(level, id, classes),
            Event::End(TagEnd::Heading(_)) => self.finish_heading(),
            Event::Start(Tag::FootnoteDefinition(label)) => self.footnotes.start_definition(&label),
            Event::End(TagEnd::FootnoteDefinition) => self.footnotes.end_definition(),
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            // An autolink to an e-mail address (`<team@clinic.org>`) comes without its scheme.
            Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::Email,
                dest_url,
                title,
                ..
            }) => self.start_link(&format!("mailto:{dest_url}"), &title),
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => self.start_link(&dest_url, &title),
            Event::End(TagEnd::Link) => self.end_link(),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_image(link_type, dest_url, title, id),
            Event::Start(Tag::Table(align)) => self.start_table(align),
            Event::End(TagEnd::Table) => self.end_table(),
            Event::Start(Tag::BlockQuote(Some(kind))) => self.start_callout(kind),
            Event::End(TagEnd::BlockQuote(Some(_))) => self.end_callout(),
            Event::Start(Tag::CodeBlock(kind)) => self.start_code_block(kind),
            Event::End(TagEnd::CodeBlock) => self.end_code_block(),
            Event::End(TagEnd::Image) => self.end_image(),
            Event::Text(text) if self.links.image_alt.is_some() => self.image_alt_text(text),
            Event::Start(Tag::HtmlBlock) => self.start_html_block(),
            Event::Html(html) => self.html_block_lines(html),
            Event::End(TagEnd::HtmlBlock) => self.end_html_block(),
            Event::Text(text) => self.text(text),
            Event::InlineHtml(raw) => self.inline_html(raw),
            Event::Code(code) => self.inline_code(code),
            Event::End(end) => self.end_tag(end),
            Event::SoftBreak | Event::HardBreak => self.line_break(event),
            other => self.emit(other),
        }
    }

    /// The page once every event is read: its errors if it has any, or everything rendered.
    pub(super) fn finish(mut self) -> (Rendered, Vec<Diagnostic>) {
        let html = self.page_html();
        self.warn_unreferenced_footnotes();
        let references = self.references_html();
        let rendered = Rendered {
            html,
            references,
            anchor_links: self.links.anchor_links,
            prose_blocks: self.prose.blocks,
            reading_units: self.prose.reading.done,
            word_count: self.prose.text.split_ascii_whitespace().count(),
            warnings: self.warnings,
            detail: super::Detail::new(super::PageDetail {
                blocks: self.split.blocks,
                shortcodes: self.shortcodes_used,
                embeds: self.embeds,
                external_links: self.links.external_links,
                linked_pages: self.links.linked_pages,
                toc: self.headings.toc,
                images: self.links.images,
            }),
        };
        (rendered, self.errors)
    }

    /// The page's HTML; in split mode, closes the last block and gives what came before the
    /// first heading.
    fn page_html(&mut self) -> String {
        if self.input.mode.split_at_headings {
            self.close_block();
            self.split.intro_html.take().unwrap_or_default()
        } else {
            let mut html = String::with_capacity(self.input.text.len() * 2);
            html::push_html(&mut html, self.out.drain(..));
            html
        }
    }
}

// The state of each pass; the passes (the sibling files) read and update it.

#[derive(Default)]
pub(super) struct Footnotes<'a> {
    /// The definition being read: its label and events (captured, not emitted).
    pub(super) open_definition: Option<(String, Vec<Event<'a>>)>,
    pub(super) definitions: HashMap<String, Vec<Event<'a>>>,
    /// Each cited label's number.
    pub(super) numbers: HashMap<String, usize>,
    /// Cited labels in the order of their first citation: the order of the list.
    pub(super) order: Vec<String>,
    /// How many times each label is cited: one back link each.
    pub(super) uses: HashMap<String, usize>,
    /// Offset of a Text event that ended in `[`: the parser splits an unknown `[^label]`.
    pub(super) open_bracket: Option<usize>,
}

/// A heading being read.
pub(super) struct Heading<'a> {
    pub(super) level: HeadingLevel,
    /// The id written in its attributes (`## Title {#id}`), if any.
    pub(super) id: Option<String>,
    pub(super) classes: Vec<CowStr<'a>>,
    pub(super) events: Vec<Event<'a>>,
    /// Its text without markup, for the id, the title and the table of contents.
    pub(super) text: String,
    /// Where it starts in the page's text.
    pub(super) offset: usize,
}

pub(super) struct Headings<'a> {
    /// The heading being read: the events inside it are captured, not emitted.
    pub(super) current: Option<Heading<'a>>,
    /// Ids already taken on the page, the themes' own among them, so that each is unique.
    pub(super) used_ids: HashSet<String>,
    pub(super) toc: Vec<TocEntry>,
}

/// What the links of the page lead to, kept for the checks, and where the reader is in them.
#[derive(Default)]
pub(super) struct Links {
    pub(super) anchor_links: Vec<AnchorLink>,
    /// Links to other websites and their byte offsets, for `check --external`.
    pub(super) external_links: Vec<(String, usize)>,
    /// Pages linked to, relative to `content/`.
    pub(super) linked_pages: Vec<PathBuf>,
    /// How many links the text is inside: terms are not explained inside a link.
    pub(super) depth: usize,
    /// The image being read: its alt text so far.
    pub(super) image_alt: Option<String>,
    /// Every image of the page, in order (the last one's alt text is still being read while
    /// `image_alt` is set).
    pub(super) images: Vec<super::ImageUse>,
}

#[derive(Default)]
pub(super) struct Prose {
    /// The page's running text, for word counts and the text of split blocks.
    pub(super) text: String,
    pub(super) blocks: Vec<ProseBlock>,
    /// The paragraph or list item being collected, and how deep in nested blocks we are.
    pub(super) current: Option<ProseBlock>,
    pub(super) depth: usize,
    pub(super) in_table: bool,
    pub(super) reading: ReadingUnits,
}

/// The reading units found so far, and the ones open around the current event, innermost last.
#[derive(Default)]
pub(super) struct ReadingUnits {
    pub(super) done: Vec<ReadingUnit>,
    pub(super) open: Vec<ReadingUnit>,
}

/// The HTML block being read.
pub(super) struct HtmlBlock {
    /// Its text so far.
    pub(super) text: String,
    /// Where each of its lines starts, in `text` and in the file.
    pub(super) line_starts: Vec<(usize, usize)>,
}

#[derive(Default)]
pub(super) struct SplitBlocks {
    pub(super) blocks: Vec<Block>,
    /// The heading that opened the block being collected; None before the first heading.
    pub(super) open: Option<Block>,
    /// What comes before the first heading.
    pub(super) intro_html: Option<String>,
    /// Where the current block's text starts in the page's prose text, and where the heading
    /// that ends it starts (heading text is not part of the block before it).
    pub(super) prose_start: usize,
    pub(super) prose_end: Option<usize>,
}
