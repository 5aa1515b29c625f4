//! Markdown to HTML with pulldown-cmark, rewriting its events rather than the HTML: heading ids
//! and anchor links, a table of contents, links to other content files turned into their URLs
//! (a missing file is an error at its line and column), external links marked, footnotes
//! gathered into a numbered References list, tables made scrollable, and GitHub-style alerts
//! (`> [!NOTE]`) turned into callouts.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

mod links;
mod shortcode;

use links::{Target, classify, percent_decode, resolve_relative};
pub use shortcode::{ShortcodeCall, ShortcodeError, ShortcodeFn};

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;

use crate::error::{Error, ErrorKind, line_col};

/// Ids the themes use for their own elements; content headings never take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "references",
    "top",
    "content",
    "nav",
    "footer",
    "site-header",
    "site-nav",
    "site-footer",
];

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The page's HTML (in split mode: what comes before the first heading).
    pub html: String,
    /// The numbered References list built from footnotes ("" when there are none).
    pub references: String,
    pub blocks: Vec<Block>,
    /// Names of the shortcodes the page uses (themes load their scripts only where needed).
    pub shortcodes: Vec<String>,
    pub anchor_links: Vec<AnchorLink>,
    /// Links to other websites and their byte offsets, for `check --external`.
    pub external_links: Vec<(String, usize)>,
    /// Pages this page links to, relative to `content/`.
    pub linked_pages: Vec<std::path::PathBuf>,
    pub prose_blocks: Vec<ProseBlock>,
    pub toc: Vec<TocEntry>,
    pub word_count: usize,
    /// Every id given to a heading, for anchor checks.
    pub heading_ids: Vec<String>,
    pub warnings: Vec<String>,
}

/// What the renderer needs to know about the page and the site.
pub struct MarkdownInput<'a> {
    /// The file as shown in messages.
    pub file: &'a Path,
    /// The whole file (front matter included), for line numbers.
    pub text: &'a str,
    /// Byte offset of the Markdown body in `text`.
    pub body_start: usize,
    /// The page's folder, relative to `content/`.
    pub page_dir: &'a Path,
    /// Maps a path relative to `content/` to its published URL, if such a page or file exists.
    pub resolve: &'a (dyn Fn(&Path) -> Option<String> + Sync),
    /// Renders `{{< name … >}}` shortcodes; None when shortcodes are not allowed here.
    pub shortcodes: Option<&'a ShortcodeFn<'a>>,
    pub mode: Mode<'a>,
    /// Other hosts content may load images, scripts or frames from (`site.yaml` allowed_hosts).
    pub allowed_hosts: &'a [String],
    /// Terms to explain at their first use on the page; None on the glossary page itself.
    pub glossary: Option<&'a crate::glossary::Glossary>,
    /// The words the generated markup uses (References, callout titles, link labels).
    pub strings: &'a crate::i18n::Strings,
}

/// A link to a section (`risks.md#dose`, `#dose`), kept to check that the section exists.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    /// The page linked to, relative to `content/`; None for the same page.
    pub page: Option<std::path::PathBuf>,
    pub fragment: String,
    pub dest: String,
    /// Byte offset of the link in the file.
    pub offset: usize,
}

/// A paragraph or list item of running text, for readability and figure checks.
#[derive(Debug, Clone)]
pub struct ProseBlock {
    pub text: String,
    /// Byte offset in the file where the block starts.
    pub offset: usize,
    /// Whether it cites a reference (`[^r1]`).
    pub has_reference: bool,
}

/// How a page is cut up and where its footnote links point.
#[derive(Clone, Copy, Default)]
pub struct Mode<'a> {
    /// Cut the page at every `#` and `##` heading into [`Block`]s (the FAQ: groups and
    /// questions); the headings themselves are left to the template.
    pub split_at_headings: bool,
    /// Prefix of footnote links, for HTML shown on another page (`/faq/` → `/faq/#ref-1`).
    pub footnote_base: &'a str,
    /// Leave out the ids that back links jump to (HTML shown outside its page).
    pub without_anchors: bool,
}

/// A part of a page cut at a heading (see [`Mode::split_at_headings`]).
#[derive(Debug, Clone)]
pub struct Block {
    pub level: usize,
    pub id: String,
    pub title: String,
    /// Classes written in heading attributes (`## Question {.tag}`): used as tags.
    pub classes: Vec<String>,
    pub html: String,
    /// The block's text without markup (for search and structured data).
    pub text: String,
    /// Byte offset of the heading in the file, for error messages.
    pub offset: usize,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders the body of one page. All broken links are reported, not only the first.
pub fn render(input: &MarkdownInput) -> Result<Rendered, Vec<Error>> {
    // Cannot fail: `body_start` is where `front_matter::split` found the body of this same
    // text (0 for the home page careleaf makes when there is none).
    let body = &input.text[input.body_start..];
    let mut state = State::new(input);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        state.offset = input.body_start + range.start;
        state.handle(event, range);
    }
    state.finish()
}

struct Heading<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<CowStr<'a>>,
    events: Vec<Event<'a>>,
    text: String,
}

struct State<'a, 'i> {
    input: &'i MarkdownInput<'i>,
    out: Vec<Event<'a>>,
    offset: usize,
    /// The HTML block being read: its text so far, and where each of its lines starts in it
    /// and in the file.
    html_block: Option<(String, Vec<(usize, usize)>)>,
    heading: Option<Heading<'a>>,
    /// Footnote being captured: its label and events.
    footnote: Option<(String, Vec<Event<'a>>)>,
    footnote_defs: HashMap<String, Vec<Event<'a>>>,
    footnote_numbers: HashMap<String, usize>,
    footnote_order: Vec<String>,
    footnote_uses: HashMap<String, usize>,
    used_ids: HashSet<String>,
    toc: Vec<TocEntry>,
    heading_ids: Vec<String>,
    in_code_block: bool,
    /// Inside a paragraph that was replaced by a shortcode: its events are dropped.
    in_shortcode: bool,
    shortcodes_used: Vec<String>,
    blocks: Vec<Block>,
    /// The heading that opened the block being collected, in split mode.
    open_block: Option<Block>,
    intro_html: Option<String>,
    /// Where the current block's text starts in `prose`, and where the heading that ends it
    /// starts (heading text is not part of the block before it).
    block_prose_start: usize,
    block_prose_end: Option<usize>,
    /// The page's running text (not code, not footnotes), for word counts.
    prose: String,
    /// Offset of a Text event that ended in `[`: the parser splits an unknown `[^label]`.
    open_bracket: Option<usize>,
    anchor_links: Vec<AnchorLink>,
    external_links: Vec<(String, usize)>,
    linked_pages: Vec<std::path::PathBuf>,
    /// The image being read: its alt text so far.
    image_alt: Option<String>,
    prose_blocks: Vec<ProseBlock>,
    /// The paragraph or list item being collected, and how deep in nested blocks we are.
    prose_block: Option<ProseBlock>,
    prose_depth: usize,
    in_table: bool,
    /// How many links the text is inside: terms are not explained inside a link.
    link_depth: usize,
    /// Glossary entries already explained on this page (first use only).
    terms_used: HashSet<usize>,
    errors: Vec<Error>,
    warnings: Vec<String>,
}

impl<'a, 'i> State<'a, 'i> {
    fn new(input: &'i MarkdownInput<'i>) -> Self {
        State {
            input,
            out: Vec::new(),
            offset: 0,
            heading: None,
            footnote: None,
            footnote_defs: HashMap::new(),
            footnote_numbers: HashMap::new(),
            footnote_order: Vec::new(),
            footnote_uses: HashMap::new(),
            used_ids: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
            toc: Vec::new(),
            heading_ids: Vec::new(),
            in_code_block: false,
            in_shortcode: false,
            shortcodes_used: Vec::new(),
            blocks: Vec::new(),
            open_block: None,
            intro_html: None,
            block_prose_start: 0,
            block_prose_end: None,
            prose: String::new(),
            html_block: None,
            open_bracket: None,
            anchor_links: Vec::new(),
            external_links: Vec::new(),
            linked_pages: Vec::new(),
            image_alt: None,
            prose_blocks: Vec::new(),
            prose_block: None,
            prose_depth: 0,
            in_table: false,
            link_depth: 0,
            terms_used: HashSet::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn error(&mut self, message: String, hint: &str) {
        let (line, column) = line_col(self.input.text, self.offset);
        self.errors.push(
            Error::at(
                ErrorKind::Link,
                self.input.file,
                self.input.text,
                line,
                column,
                message,
            )
            .with_hint(hint),
        );
    }

    fn warn(&mut self, message: String) {
        let (line, column) = line_col(self.input.text, self.offset);
        self.warnings.push(format!(
            "{}:{line}:{column}: {message}",
            self.input.file.display()
        ));
    }

    /// Sends an event to wherever it belongs now: a heading or footnote being captured, or the
    /// page.
    fn emit(&mut self, event: Event<'a>) {
        if let Some(h) = &mut self.heading {
            h.events.push(event);
        } else if let Some((_, events)) = &mut self.footnote {
            events.push(event);
        } else {
            self.out.push(event);
        }
    }

    fn handle(&mut self, event: Event<'a>, range: Range<usize>) {
        if self.in_shortcode {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                self.in_shortcode = false;
                // The shortcode's paragraph is not prose: close it without keeping it.
                self.prose_depth = self.prose_depth.saturating_sub(1);
                if self.prose_depth == 0 {
                    self.prose_block = None;
                }
            }
            return;
        }
        self.track_prose(&event);
        match event {
            Event::Start(Tag::Paragraph) if self.heading.is_none() => {
                // Cannot fail: `render` cut the same body, and `range` is the parser's own
                // offsets into it.
                let body = &self.input.text[self.input.body_start..];
                let source = &body[range];
                if source.trim_start().starts_with("{{<") {
                    self.shortcode(source);
                    if self.in_shortcode {
                        return;
                    }
                }
                self.emit(Event::Start(Tag::Paragraph));
            }
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                if self.input.mode.split_at_headings && (level as usize) <= 2 {
                    self.block_prose_end = Some(self.prose.len());
                }
                self.heading = Some(Heading {
                    level,
                    id: id.map(|i| i.to_string()),
                    classes,
                    events: Vec::new(),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.finish_heading(),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.footnote = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, events)) = self.footnote.take() {
                    self.footnote_defs.insert(label, events);
                }
            }
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                let tag = self.link_tag(&dest_url, &title);
                self.link_depth += 1;
                self.emit(Event::InlineHtml(tag.into()));
            }
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.emit(Event::End(TagEnd::Link));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.image_alt = Some(String::new());
                let dest_url = self.image_src(dest_url);
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Table(align)) => {
                self.emit(Event::Html(
                    format!(
                        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
                        self.input.strings.get("table")
                    )
                    .into(),
                ));
                self.emit(Event::Start(Tag::Table(align)));
            }
            Event::End(TagEnd::Table) => {
                self.emit(Event::End(TagEnd::Table));
                self.emit(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, key) = callout(kind);
                let label = self.input.strings.get(key);
                self.emit(Event::Html(
                    format!("<div class=\"callout callout-{class}\">\n<p class=\"callout-title\">{label}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.emit(Event::Html("</div>\n".into())),
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                self.emit(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.emit(Event::End(TagEnd::CodeBlock));
            }
            Event::End(TagEnd::Image) => {
                if self
                    .image_alt
                    .take()
                    .is_some_and(|alt| alt.trim().is_empty())
                {
                    self.error(
                        "this image has no alt text".to_string(),
                        "describe what the image shows inside the square brackets, e.g. ![A chart of relief over the weeks](chart.png), so people who cannot see it get the same information",
                    );
                }
                self.emit(Event::End(TagEnd::Image));
            }
            Event::Text(text) if self.image_alt.is_some() => {
                if let Some(alt) = &mut self.image_alt {
                    alt.push_str(&text);
                }
                self.emit(Event::Text(text));
            }
            Event::Start(Tag::HtmlBlock) => {
                self.html_block = Some((String::new(), Vec::new()));
                self.emit(Event::Start(Tag::HtmlBlock));
            }
            Event::Html(html) => {
                // An HTML block arrives a line at a time: read it whole, as a browser would, so
                // that a tag spread over lines is one tag, and emit it whole at its end.
                let lines = self.line_starts(&html, self.offset);
                match &mut self.html_block {
                    Some((text, chunks)) => {
                        let base = text.len();
                        chunks.extend(lines.into_iter().map(|(r, f)| (base + r, f)));
                        text.push_str(&html);
                    }
                    None => {
                        let html = self.read_raw_html(&html, &lines);
                        self.emit(Event::Html(html.into()));
                    }
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((text, chunks)) = self.html_block.take() {
                    let html = self.read_raw_html(&text, &chunks);
                    self.emit(Event::Html(html.into()));
                }
                self.emit(Event::End(TagEnd::HtmlBlock));
            }
            Event::Text(text) => {
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&text);
                }
                if !self.in_code_block && self.footnote.is_none() {
                    self.prose.push_str(&text);
                }
                let after_bracket = self.open_bracket.take().filter(|_| text.starts_with('^'));
                // (`contains('[')` first: a one-byte search is much cheaper, and almost no text has one.)
                let has_marker = text.contains('[') && text.contains("[^");
                if !self.in_code_block && (after_bracket.is_some() || has_marker) {
                    if let Some(at) = after_bracket {
                        self.offset = at;
                    }
                    self.error(
                        "this footnote reference has no definition".to_string(),
                        "add its definition at the end of the page, e.g. `[^r1]: Author. Title. Journal. Year.`",
                    );
                }
                if text.ends_with('[') {
                    self.open_bracket = Some(self.offset + text.len() - 1);
                }
                self.emit_explaining_terms(text);
            }
            Event::InlineHtml(raw) if self.heading.is_none() => {
                let lines = self.line_starts(&raw, self.offset);
                let html = self.read_raw_html(&raw, &lines);
                self.emit(Event::InlineHtml(html.into()));
            }
            Event::InlineHtml(raw) => {
                // Markup typed in a heading is part of its title as text (escaped later), so a
                // question like "Is <b>it</b> safe?" keeps its words everywhere it is shown.
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&raw);
                }
                self.emit(Event::InlineHtml(raw));
            }
            Event::Code(code) => {
                if let Some(h) = &mut self.heading {
                    h.text.push_str(&code);
                }
                self.prose.push_str(&code);
                self.emit(Event::Code(code));
            }
            Event::End(end) => {
                if matches!(
                    end,
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_)
                ) {
                    self.prose.push('\n');
                }
                self.emit(Event::End(end));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.prose.push(' ');
                self.emit(event);
            }
            other => self.emit(other),
        }
    }

    /// Emits running text, with the first use on this page of each glossary term made into
    /// its explanation. Headings, links, code, footnotes and HTML shown on other pages are left
    /// as they are.
    fn emit_explaining_terms(&mut self, text: CowStr<'a>) {
        let glossary = match self.input.glossary {
            Some(g)
                if self.heading.is_none()
                    && self.link_depth == 0
                    && !self.in_code_block
                    && self.footnote.is_none()
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

    /// Collects paragraphs and list items of running text (not headings, tables, code or
    /// footnotes) for the readability and figure checks.
    fn track_prose(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Table(_)) => self.in_table = true,
            Event::End(TagEnd::Table) => self.in_table = false,
            Event::Start(Tag::Paragraph | Tag::Item) => {
                self.prose_depth += 1;
                let excluded = self.in_table
                    || self.in_code_block
                    || self.footnote.is_some()
                    || self.heading.is_some();
                if self.prose_depth == 1 && !excluded {
                    self.prose_block = Some(ProseBlock {
                        text: String::new(),
                        offset: self.offset,
                        has_reference: false,
                    });
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                self.prose_depth = self.prose_depth.saturating_sub(1);
                if self.prose_depth == 0
                    && let Some(block) = self
                        .prose_block
                        .take()
                        .filter(|b| !b.text.trim().is_empty())
                {
                    self.prose_blocks.push(block);
                }
            }
            Event::Text(t) | Event::Code(t) if self.image_alt.is_none() => {
                if let Some(b) = &mut self.prose_block {
                    b.text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = &mut self.prose_block {
                    b.text.push(' ');
                }
            }
            Event::FootnoteReference(_) => {
                if let Some(b) = &mut self.prose_block {
                    b.has_reference = true;
                }
            }
            _ => {}
        }
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
            if !crate::html::host_allowed(self.input.allowed_hosts, &host) {
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
            if let Target::Local { path, fragment } = classify(&href) {
                self.offset = at(offset);
                let url = self.local_url(&href, &path, fragment);
                new_hrefs.insert(href, url);
            }
        }
        if new_hrefs.is_empty() {
            raw.to_string()
        } else {
            crate::html::replace_link_hrefs(raw, &new_hrefs)
        }
    }

    /// Replaces a paragraph that is a shortcode by the shortcode's HTML.
    fn shortcode(&mut self, source: &str) {
        let call = match shortcode::parse(source) {
            Ok(Some(call)) => call,
            Ok(None) => return,
            Err(message) => {
                self.error(
                    format!("this shortcode is malformed: {message}"),
                    "write shortcodes like {{< timeline phase=\"induction\" >}} on a line of their own",
                );
                self.in_shortcode = true;
                return;
            }
        };
        self.in_shortcode = true;
        let Some(render) = self.input.shortcodes else {
            self.error(
                format!("the shortcode `{}` cannot be used in this file", call.name),
                "remove it, or use it in an article",
            );
            return;
        };
        match render(&call) {
            Ok(html) => {
                if !self.shortcodes_used.contains(&call.name) {
                    self.shortcodes_used.push(call.name.clone());
                }
                self.emit(Event::Html(format!("{}\n", html.trim_end()).into()));
            }
            Err(e) => self.error(e.message, &e.hint),
        }
    }

    /// In split mode, a `#` or `##` heading closes the block before it and opens a new one.
    fn split_at(&mut self, h: Heading<'a>, id: String, title: String) {
        self.close_block();
        self.block_prose_start = self.prose.len();
        self.open_block = Some(Block {
            level: h.level as usize,
            id,
            title,
            classes: h.classes.iter().map(|c| c.to_string()).collect(),
            html: String::new(),
            text: String::new(),
            offset: self.offset,
        });
    }

    fn close_block(&mut self) {
        let mut html = String::new();
        html::push_html(&mut html, self.out.drain(..));
        // Taken in both arms: a mark left over from the heading that closed the intro would
        // cut the next block's text before its start.
        let end = self.block_prose_end.take().unwrap_or(self.prose.len());
        match self.open_block.take() {
            Some(mut block) => {
                block.html = html;
                block.text = self
                    .prose
                    .get(self.block_prose_start..end)
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                self.blocks.push(block);
            }
            None => self.intro_html = Some(html),
        }
    }

    fn finish_heading(&mut self) {
        let Some(h) = self.heading.take() else {
            return;
        };
        let wanted = h.id.clone().unwrap_or_else(|| heading_slug(&h.text));
        let id = self.unique_id(&wanted);
        if h.id.is_some() && id != wanted {
            self.warn(format!(
                "the heading id `{wanted}` is already used on this page; `{id}` is used instead"
            ));
        }
        let level = h.level as usize;
        let title = h.text.trim().to_string();
        if self.input.mode.split_at_headings && level <= 2 {
            self.heading_ids.push(id.clone());
            self.split_at(h, id, title);
            return;
        }
        let mut inner = String::new();
        html::push_html(&mut inner, h.events.into_iter());
        let mut tag = format!("<div class=\"heading-wrap\"><h{level} id=\"");
        escape_html(&mut tag, &id).ok();
        tag.push('"');
        if !h.classes.is_empty() {
            tag.push_str(" class=\"");
            escape_html(&mut tag, &h.classes.join(" ")).ok();
            tag.push('"');
        }
        let _ = write!(
            tag,
            ">{inner}</h{level}><a class=\"heading-anchor\" href=\"#"
        );
        escape_href(&mut tag, &id).ok();
        tag.push_str("\" aria-label=\"");
        escape_html(
            &mut tag,
            &self
                .input
                .strings
                .fill("section_link", &[("title", &title)]),
        )
        .ok();
        tag.push_str("\">#</a></div>\n");
        self.emit(Event::Html(tag.into()));
        self.heading_ids.push(id.clone());
        let entry = TocEntry {
            id,
            title,
            children: Vec::new(),
        };
        match level {
            2 => self.toc.push(entry),
            3 => match self.toc.last_mut() {
                Some(parent) => parent.children.push(entry),
                None => self.toc.push(entry),
            },
            _ => {}
        }
    }

    fn unique_id(&mut self, wanted: &str) -> String {
        // `ref-` and `cite-` belong to footnotes; a heading that slugs to one gets a prefix
        // (adding a number alone would keep the prefix and loop for ever: found by fuzzing).
        let base = if wanted.is_empty() {
            "section".to_string()
        } else if wanted.starts_with("ref-") || wanted.starts_with("cite-") {
            format!("section-{wanted}")
        } else {
            wanted.to_string()
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.used_ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.used_ids.insert(id.clone());
        id
    }

    fn footnote_reference(&mut self, label: &str) {
        let next = self.footnote_numbers.len() + 1;
        let number = *self
            .footnote_numbers
            .entry(label.to_string())
            .or_insert_with(|| next);
        if number == next {
            self.footnote_order.push(label.to_string());
        }
        let uses = self.footnote_uses.entry(label.to_string()).or_insert(0);
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

    /// The opening `<a>` tag for a Markdown link, with its target rewritten.
    fn link_tag(&mut self, dest: &str, title: &str) -> String {
        let mut tag = String::from("<a href=\"");
        let mut external = false;
        let href = match classify(dest) {
            Target::External => {
                external = true;
                self.external_links.push((dest.to_string(), self.offset));
                dest.to_string()
            }
            Target::Forbidden => {
                self.error(
                    format!("the link `{dest}` uses a scheme that can run code"),
                    "link to a web page (https://…), a page of this site (risks.md), an e-mail (mailto:) or a phone number (tel:)",
                );
                "#".to_string()
            }
            Target::Other => {
                if let Some(f) = dest.strip_prefix('#').filter(|f| !f.is_empty()) {
                    self.anchor_links.push(AnchorLink {
                        page: None,
                        fragment: f.to_string(),
                        dest: dest.to_string(),
                        offset: self.offset,
                    });
                }
                dest.to_string()
            }
            Target::Local { path, fragment } => self.local_url(dest, &path, fragment),
        };
        escape_href(&mut tag, &href).ok();
        tag.push('"');
        if !title.is_empty() {
            tag.push_str(" title=\"");
            escape_html(&mut tag, title).ok();
            tag.push('"');
        }
        if external {
            tag.push_str(" rel=\"noopener noreferrer\" class=\"external\"");
        }
        tag.push('>');
        tag
    }

    fn image_src(&mut self, dest: CowStr<'a>) -> CowStr<'a> {
        match classify(&dest) {
            Target::Local { path, fragment } => {
                self.local_url(&dest.clone(), &path, fragment).into()
            }
            Target::External => {
                let host = crate::html::external_host(&dest).unwrap_or_default();
                if !crate::html::host_allowed(self.input.allowed_hosts, &host) {
                    self.error(
                        format!("the image `{dest}` is on another website ({host})"),
                        "loading it would tell that website which health page a patient reads: save the image in content/ and link it by its file name, or list the host in site.yaml `allowed_hosts`",
                    );
                }
                dest
            }
            _ => dest,
        }
    }

    /// The URL of a file of this site linked by its path; records an error if it is missing.
    fn local_url(&mut self, dest: &str, path: &str, fragment: Option<&str>) -> String {
        let decoded = percent_decode(path);
        let Some(rel) = resolve_relative(self.input.page_dir, &decoded) else {
            self.error(
                format!("the link `{dest}` points outside the content folder"),
                "link to files inside content/ only",
            );
            return "#".into();
        };
        let is_page = rel.extension().is_some_and(|e| e == "md");
        let has_extension = rel.extension().is_some();
        match (self.input.resolve)(&rel) {
            Some(mut url) => {
                if is_page {
                    self.linked_pages.push(rel.clone());
                }
                if let Some(f) = fragment {
                    if is_page && !f.is_empty() {
                        self.anchor_links.push(AnchorLink {
                            page: Some(rel.clone()),
                            fragment: f.to_string(),
                            dest: dest.to_string(),
                            offset: self.offset,
                        });
                    }
                    url.push('#');
                    url.push_str(f);
                }
                url
            }
            None if has_extension => {
                let what = if is_page { "page" } else { "file" };
                self.error(
                    format!("the link `{dest}` points to a {what} that does not exist (content/{})", rel.display()),
                    if is_page {
                        "check the file name (links use the Markdown file's name, e.g. risks-and-side-effects.md), or create that page"
                    } else {
                        "check the file name, or put the file in the content folder"
                    },
                );
                "#".into()
            }
            None => dest.to_string(),
        }
    }

    fn finish(mut self) -> Result<Rendered, Vec<Error>> {
        let strings = self.input.strings;
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        let html = if self.input.mode.split_at_headings {
            self.close_block();
            self.intro_html.take().unwrap_or_default()
        } else {
            let mut html = String::with_capacity(self.input.text.len() * 2);
            html::push_html(&mut html, self.out.drain(..));
            html
        };
        let mut references = String::new();
        // Definitions that are never referenced still belong in the list, after the others.
        let mut unreferenced: Vec<&String> = self
            .footnote_defs
            .keys()
            .filter(|k| !self.footnote_numbers.contains_key(*k))
            .collect();
        unreferenced.sort();
        for label in unreferenced {
            self.warnings.push(format!(
                "{}: the footnote [^{label}] is defined but never referenced",
                self.input.file.display()
            ));
        }
        if !self.footnote_order.is_empty() {
            let _ = write!(
                references,
                "<section class=\"references\" aria-labelledby=\"references\">\n<h2 id=\"references\">{}</h2>\n<ol class=\"references-list\">\n",
                strings.get("references")
            );
            for label in &self.footnote_order {
                // Cannot fail: `footnote_reference` puts a label in `footnote_order` only
                // along with its entries in both maps.
                let number = self.footnote_numbers[label];
                let uses = self.footnote_uses[label];
                let mut def = String::new();
                if let Some(events) = self.footnote_defs.remove(label) {
                    html::push_html(&mut def, events.into_iter());
                }
                // One back link per place the reference is cited; several get letters (a, b, …)
                // so that both readers and screen readers can tell them apart.
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
                            strings
                                .fill("back_to_reference_place", &[("n", &n), ("place", &letter)]),
                        )
                    };
                    let _ = write!(
                        back,
                        " <a class=\"footnote-backref\" href=\"#cite-{number}-{k}\" aria-label=\"{label}\">↩{letter}</a>"
                    );
                }
                let def = def.trim_end();
                let li = match def.strip_suffix("</p>") {
                    Some(start) => format!("{start}{back}</p>"),
                    None => format!("{def}{back}"),
                };
                let _ = writeln!(references, "<li id=\"ref-{number}\">{li}</li>");
            }
            references.push_str("</ol>\n</section>\n");
            self.toc.push(TocEntry {
                id: "references".into(),
                title: strings.get("references").to_string(),
                children: Vec::new(),
            });
        }
        Ok(Rendered {
            html,
            references,
            blocks: self.blocks,
            shortcodes: self.shortcodes_used,
            anchor_links: self.anchor_links,
            external_links: self.external_links,
            linked_pages: self.linked_pages,
            prose_blocks: self.prose_blocks,
            toc: self.toc,
            word_count: self.prose.split_ascii_whitespace().count(),
            heading_ids: self.heading_ids,
            warnings: self.warnings,
        })
    }
}

/// a, b, …, z, aa, ab, …
fn backref_letter(k: usize) -> String {
    let mut n = k;
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    letters.iter().rev().collect()
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "callout_note"),
        BlockQuoteKind::Tip => ("tip", "callout_tip"),
        BlockQuoteKind::Important => ("important", "callout_important"),
        BlockQuoteKind::Warning => ("warning", "callout_warning"),
        BlockQuoteKind::Caution => ("caution", "callout_caution"),
    }
}

/// The id for a heading: its words, lowercase, joined by hyphens, accents removed.
pub fn heading_slug(text: &str) -> String {
    slug::slugify(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_md(body: &str) -> Result<Rendered, Vec<Error>> {
        render_with(body, Mode::default())
    }

    fn test_shortcode(call: &ShortcodeCall) -> Result<String, ShortcodeError> {
        match call.name.as_str() {
            "box" => Ok(format!(
                "<div class=\"box\">{}</div>",
                call.arg("label").unwrap_or("-")
            )),
            other => Err(ShortcodeError {
                message: format!("unknown shortcode `{other}`"),
                hint: "use box".into(),
            }),
        }
    }

    fn render_with(body: &str, mode: Mode) -> Result<Rendered, Vec<Error>> {
        render_explaining(body, mode, None)
    }

    fn render_explaining(
        body: &str,
        mode: Mode,
        glossary: Option<&crate::glossary::Glossary>,
    ) -> Result<Rendered, Vec<Error>> {
        let text = format!("---\ntitle: T\ndescription: D\n---\n{body}");
        let strings = crate::i18n::Strings::english();
        let resolve = |p: &Path| match p.to_str() {
            Some("risks.md") => Some("/risks/".to_string()),
            Some("guide/_index.md") => Some("/guide/".to_string()),
            Some("img/chart.png") => Some("/img/chart.png".to_string()),
            _ => None,
        };
        let input = MarkdownInput {
            file: Path::new("content/a.md"),
            text: &text,
            body_start: text.len() - body.len(),
            page_dir: Path::new(""),
            resolve: &resolve,
            shortcodes: Some(&test_shortcode),
            mode,
            allowed_hosts: &[],
            glossary,
            strings: &strings,
        };
        render(&input)
    }

    #[test]
    fn glossary_terms_are_explained_at_their_first_use_in_running_text_only() {
        use crate::glossary::{Glossary, GlossaryEntry};
        let entry = |id: &str, term: &str| GlossaryEntry {
            id: id.into(),
            term: term.into(),
            definition: format!("About {term}."),
            aliases: vec![],
        };
        let mut glossary = Glossary::new(vec![entry("iv", "IV"), entry("dose", "dose")]);
        glossary.page_url = Some("/glossary/".into());
        let body = "## The IV and the dose\n\nSee [the IV page](risks.md) and `IV`.\n\n```\nIV dose\n```\n\nThe IV drips. The IV again. A dose.[^1]\n\n[^1]: The IV in a footnote.\n";
        let html = render_explaining(body, Mode::default(), Some(&glossary))
            .unwrap()
            .html;
        // Once each, in the paragraph: not in the heading, the link, code or the footnote.
        assert_eq!(html.matches("popovertarget=\"g-iv\"").count(), 1, "{html}");
        assert_eq!(
            html.matches("popovertarget=\"g-dose\"").count(),
            1,
            "{html}"
        );
        assert!(html.contains("<p>The <button type=\"button\" class=\"term\" popovertarget=\"g-iv\">IV</button><span class=\"term-def\" id=\"g-iv\" popover><dfn><a href=\"/glossary/#iv\">IV</a></dfn>: About IV.</span> drips. The IV again."), "{html}");
        assert!(html.contains("<h2 id=\"the-iv-and-the-dose\""), "{html}");
        assert!(html.contains(">the IV page</a>"), "{html}");
        // HTML shown on another page (FAQ answers in articles) is left alone: no duplicate ids.
        let elsewhere = Mode {
            without_anchors: true,
            ..Mode::default()
        };
        let html = render_explaining(body, elsewhere, Some(&glossary))
            .unwrap()
            .html;
        assert!(!html.contains("g-iv"), "{html}");
    }

    #[test]
    fn third_party_loads_and_missing_alt_text_are_errors() {
        for body in [
            "<script src=\"https://tracker.example/t.js\"></script>\n",
            "Text <img src=\"//pixel.example/p.gif\" alt=\"\"> more.\n",
            "<iframe src=\"http://video.example/embed\"></iframe>\n",
            "![Chart](https://cdn.example/chart.png)\n",
            "![](img/chart.png)\n",
        ] {
            assert!(render_md(body).is_err(), "{body}");
        }
        // Links to other sites are fine: only loading from them is not.
        assert!(render_md("<a href=\"https://988lifeline.org\">988</a>\n").is_ok());
    }

    #[test]
    fn section_links_and_prose_blocks_are_recorded() {
        let r = render_md("See [risks](risks.md#dizziness) and [below](#more).\n\n- One item[^a]\n\n| a |\n|---|\n| cell |\n\n[^a]: Ref.\n").unwrap();
        let anchors: Vec<(Option<String>, &str)> = r
            .anchor_links
            .iter()
            .map(|a| {
                (
                    a.page.as_ref().map(|p| p.display().to_string()),
                    a.fragment.as_str(),
                )
            })
            .collect();
        assert_eq!(
            anchors,
            vec![(Some("risks.md".into()), "dizziness"), (None, "more")]
        );
        let blocks: Vec<(&str, bool)> = r
            .prose_blocks
            .iter()
            .map(|b| (b.text.as_str(), b.has_reference))
            .collect();
        assert_eq!(
            blocks,
            vec![("See risks and below.", false), ("One item", true)]
        );
    }

    #[test]
    fn shortcodes_replace_their_paragraph() {
        let r = render_md("Before.\n\n{{< box label=\"Don't panic\" >}}\n\nAfter.\n").unwrap();
        assert!(
            r.html
                .contains("<p>Before.</p>\n<div class=\"box\">Don't panic</div>\n<p>After.</p>"),
            "{}",
            r.html
        );
        assert_eq!(r.shortcodes, vec!["box".to_string()]);
        // Prose after a shortcode is still collected, and the shortcode itself is not prose.
        let texts: Vec<&str> = r.prose_blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, vec!["Before.", "After."]);
        // Inline, in code, or in a longer paragraph it is just text.
        let r = render_md("Use `{{< box >}}` here.\n\n```\n{{< box >}}\n```\n").unwrap();
        assert!(!r.html.contains("class=\"box\""));
    }

    #[test]
    fn unknown_or_malformed_shortcodes_are_errors_at_their_line() {
        let errors = render_md("Intro.\n\n{{< chart >}}\n").unwrap_err();
        assert_eq!(errors[0].location().unwrap(), "content/a.md:7:1");
        assert!(errors[0].message.contains("unknown shortcode `chart`"));
        let errors = render_md("{{< box label=\"oops >}}\n").unwrap_err();
        assert!(
            errors[0].message.contains("malformed"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn headings_named_like_footnote_ids_get_their_own_id() {
        // Found by fuzz/markdown: this looped for ever.
        let r = render_with(
            "## Ref: what to bring\n\n## Ref: what to bring\n\n## Cite-1\n",
            Mode::default(),
        )
        .unwrap();
        assert_eq!(
            r.heading_ids,
            vec![
                "section-ref-what-to-bring",
                "section-ref-what-to-bring-2",
                "section-cite-1"
            ]
        );
    }

    #[test]
    fn split_mode_keeps_each_answer_when_the_first_heading_opens_the_file() {
        // Found by fuzz/markdown: the intro's end mark was left for the next block and cut it.
        for body in [
            "## Is it safe?\n\nAsk your care team.\n",
            "Safe?\n---\n\nAsk.\n",
        ] {
            let r = render_with(
                body,
                Mode {
                    split_at_headings: true,
                    ..Mode::default()
                },
            )
            .unwrap();
            assert_eq!(r.blocks.len(), 1, "{body:?}");
            assert!(
                r.blocks[0].text.starts_with("Ask"),
                "{:?}",
                r.blocks[0].text
            );
        }
    }

    #[test]
    fn split_mode_cuts_at_headings_and_footnotes_can_point_elsewhere() {
        let body = "Intro.[^a]\n\n# Timing {.duration}\n\n## How long? {.single}\n\nA week.[^a]\n\n## Why?\n\nBecause.\n\n[^a]: Ref.\n";
        let r = render_with(
            body,
            Mode {
                split_at_headings: true,
                ..Mode::default()
            },
        )
        .unwrap();
        assert!(r.html.starts_with("<p>Intro."), "{}", r.html);
        let titles: Vec<(usize, &str)> = r
            .blocks
            .iter()
            .map(|b| (b.level, b.title.as_str()))
            .collect();
        assert_eq!(titles, vec![(1, "Timing"), (2, "How long?"), (2, "Why?")]);
        assert_eq!(r.blocks[1].id, "how-long");
        assert_eq!(r.blocks[1].classes, vec!["single".to_string()]);
        assert_eq!(r.blocks[2].text, "Because.");
        assert!(r.blocks[1].html.contains("href=\"#ref-1\""));
        assert!(r.references.contains("id=\"ref-1\""));
        let elsewhere = Mode {
            split_at_headings: true,
            footnote_base: "/faq/",
            without_anchors: true,
        };
        let r = render_with(body, elsewhere).unwrap();
        assert!(
            r.blocks[1]
                .html
                .contains("<sup class=\"footnote-ref\"><a href=\"/faq/#ref-1\""),
            "{}",
            r.blocks[1].html
        );
    }

    #[test]
    fn headings_get_unique_ids_anchors_and_a_toc() {
        let r =
            render_md("## Before you come\n\n### Eating\n\n## Before you come\n\n## References\n")
                .unwrap();
        assert!(r.html.contains("<h2 id=\"before-you-come\">Before you come</h2><a class=\"heading-anchor\" href=\"#before-you-come\""), "{}", r.html);
        assert!(r.html.contains("id=\"before-you-come-2\""));
        // "references" is reserved for the footnote list.
        assert!(r.html.contains("id=\"references-2\""));
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[0].children[0].id, "eating");
    }

    #[test]
    fn custom_heading_ids_are_kept() {
        let r = render_md("## Maintenance {#upkeep}\n").unwrap();
        assert!(
            r.html.contains("<h2 id=\"upkeep\">Maintenance</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn links_to_content_files_become_urls() {
        let r = render_md("See [risks](risks.md#dizziness) and [the guide](guide/_index.md).\n")
            .unwrap();
        assert!(
            r.html.contains("<a href=\"/risks/#dizziness\">risks</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<a href=\"/guide/\">the guide</a>"));
    }

    #[test]
    fn a_missing_page_is_an_error_at_its_line_and_column() {
        let errors = render_md("Intro.\n\nRead [this](missing.md) now.\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].location().unwrap(), "content/a.md:7:6");
        assert!(errors[0].message.contains("missing.md"));
    }

    #[test]
    fn links_out_of_content_and_script_links_are_errors() {
        assert!(render_md("[x](../../etc/passwd.md)\n").is_err());
        assert!(render_md("[x](javascript:alert(1))\n").is_err());
    }

    #[test]
    fn external_links_get_noopener() {
        let r = render_md("[988](https://988lifeline.org)\n").unwrap();
        assert!(r.html.contains("<a href=\"https://988lifeline.org\" rel=\"noopener noreferrer\" class=\"external\">988</a>"), "{}", r.html);
    }

    #[test]
    fn footnotes_become_a_numbered_references_list() {
        let r = render_md("One.[^b] Two.[^a] Again.[^b]\n\n[^a]: Ref A.\n[^b]: Ref B.\n").unwrap();
        assert!(
            r.html
                .contains("<a href=\"#ref-1\" aria-label=\"Reference 1\">1</a>")
        );
        assert!(r.html.contains("id=\"cite-1-2\""));
        let list = &r.references;
        let b = list.find("Ref B.").unwrap();
        let a = list.find("Ref A.").unwrap();
        assert!(b < a, "numbered in order of first use: {list}");
        assert!(list.contains(
            "<li id=\"ref-1\"><p>Ref B. <a class=\"footnote-backref\" href=\"#cite-1-1\""
        ));
        assert_eq!(r.toc.last().unwrap().id, "references");
        // A reference cited twice gets two lettered back links.
        assert!(list.contains("href=\"#cite-1-2\" aria-label=\"Back to text for reference 1, place b\">↩<span class=\"backref-letter\">b</span></a>"), "{list}");
        assert_eq!(backref_letter(27), "aa");
    }

    #[test]
    fn an_undefined_footnote_is_an_error() {
        assert!(render_md("Claim.[^r9]\n").is_err());
    }

    #[test]
    fn tables_scroll_and_alerts_become_callouts() {
        let r = render_md("| a | b |\n|---|---|\n| 1 | 2 |\n\n> [!WARNING]\n> Do not drive.\n")
            .unwrap();
        assert!(r.html.contains("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">\n<table>"));
        assert!(
            r.html.contains(
                "<div class=\"callout callout-warning\">\n<p class=\"callout-title\">Warning</p>"
            ),
            "{}",
            r.html
        );
    }

    #[test]
    fn smart_punctuation_and_word_count() {
        let r = render_md("It's \"fine\" -- really.\n").unwrap();
        assert!(r.html.contains("It’s “fine” – really."), "{}", r.html);
        assert_eq!(r.word_count, 4);
    }

    #[test]
    fn html_in_headings_is_escaped_in_ids_and_labels() {
        let r = render_md("## A \"quoted\" <b>tag</b>\n").unwrap();
        assert!(
            !r.html.contains("label=\"Link to this section: A \"quoted"),
            "{}",
            r.html
        );
    }

    #[test]
    fn images_in_content_are_resolved() {
        let r = render_md("![A chart](img/chart.png)\n").unwrap();
        assert!(r.html.contains("src=\"/img/chart.png\""), "{}", r.html);
        assert!(render_md("![A chart](img/none.png)\n").is_err());
    }
}
