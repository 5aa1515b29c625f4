//! Markdown to HTML with pulldown-cmark, rewriting its events rather than the HTML: heading ids
//! and anchor links, a table of contents, links to other content files turned into their URLs
//! (a missing file is an error at its line and column), external links marked, footnotes
//! gathered into a numbered References list, tables made scrollable, and GitHub-style alerts
//! (`> [!NOTE]`) turned into callouts.
//!
//! [`render`] feeds the parser's events one by one to a `State` (`state.rs`), which sends each
//! to the pass for its family of events; each pass lives in its own file:
//!
//! - `state.rs`: what is kept while reading, the dispatch of events, and the final [`Rendered`];
//! - `headings.rs`: heading ids, anchor links and the table of contents;
//! - `split.rs`: cutting a page into [`Block`]s at its headings (the FAQ);
//! - `footnotes.rs`: citations, and the References list built from the definitions;
//! - `links.rs`: Markdown links and images, resolved to the site's addresses and checked;
//! - `raw_html.rs`: HTML written in the Markdown, read whole and checked like Markdown;
//! - `text.rs`: running text, with glossary terms explained at their first use;
//! - `prose.rs`: the paragraphs and list items kept for figure checks and search, and the
//!   reading units (each paragraph, list item, table cell and heading) for the reading level;
//! - `containers.rs`: tables, callouts and code blocks;
//! - `shortcode.rs`: `{{< name … >}}` paragraphs replaced by their HTML.

use std::path::Path;

mod containers;
mod detail;
mod footnotes;
mod headings;
mod links;
mod prose;
mod raw_html;
mod shortcode;
mod split;
mod state;
#[cfg(test)]
mod tests;
mod text;

pub use detail::{Detail, PageDetail};
pub use headings::heading_slug;
pub(crate) use links::{Target, classify, percent_decode, resolve_relative};
pub use shortcode::{ShortcodeCall, ShortcodeError, ShortcodeFn, ShortcodeHtml};

use pulldown_cmark::{Options, Parser};
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use state::State;

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

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
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
    pub anchor_links: Vec<AnchorLink>,
    pub prose_blocks: Vec<ProseBlock>,
    /// Paragraphs, list items (nested ones apart), table cells and headings, in order, for the
    /// reading level.
    pub reading_units: Vec<ReadingUnit>,
    pub word_count: usize,
    pub warnings: Vec<Diagnostic>,
    /// Its sections, blocks, pictures, links out, scripts and hosts (see [`Detail`]).
    pub detail: Detail,
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
    pub glossary: Option<&'a crate::features::glossary::Glossary>,
    /// The words the generated markup uses (References, callout titles, link labels).
    pub strings: &'a crate::i18n::Strings,
    /// Every address the site publishes, to check links written as addresses (`/risks/`);
    /// None leaves them unchecked.
    pub site_paths: Option<&'a dyn SitePaths>,
}

/// The addresses a site publishes, as the Markdown stage checks links against them.
pub trait SitePaths: Sync {
    /// Whether a visitor can open `path` (from the host's root, `%xx` decoded, without
    /// `?query` or `#fragment`).
    fn contains(&self, path: &str) -> bool;
    /// The page address closest to a mistyped `path`, for "did you mean".
    fn closest_page(&self, path: &str) -> Option<&str>;
}

/// An image written in Markdown (`![alt](photo.jpg)`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageUse {
    /// Its source as written.
    pub dest: String,
    /// Its source as published (the site's address of a file of `content/`).
    pub src: String,
    pub alt: String,
    /// Byte offset of the image in the file.
    pub offset: usize,
}

/// A link to a section (`risks.md#dose`, `#dose`), kept to check that the section exists.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnchorLink {
    /// The page linked to, relative to `content/`; None for the same page.
    pub page: Option<std::path::PathBuf>,
    pub fragment: String,
    pub dest: String,
    /// Byte offset of the link in the file.
    pub offset: usize,
}

/// A paragraph or list item of running text, for readability and figure checks.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProseBlock {
    pub text: String,
    /// Byte offset in the file where the block starts.
    pub offset: usize,
    /// Whether it cites a reference (`[^r1]`).
    pub has_reference: bool,
}

/// A paragraph, list item, table cell or heading, for the reading level: its end ends a
/// sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingUnit {
    pub text: String,
    /// Byte offset in the file where its text starts.
    pub offset: usize,
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
    /// Collect [`Rendered::reading_units`] (only `check` reads them).
    pub reading_units: bool,
}

/// A part of a page cut at a heading (see [`Mode::split_at_headings`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
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
pub fn render(input: &MarkdownInput) -> Result<Rendered, Vec<Diagnostic>> {
    let (rendered, errors) = render_collecting(input);
    if errors.is_empty() {
        Ok(rendered)
    } else {
        Err(errors)
    }
}

/// Renders the body of one page as far as it can, with every error found: `check` lints the
/// page's text even when a link or an embed in it would fail the build.
pub fn render_collecting(input: &MarkdownInput) -> (Rendered, Vec<Diagnostic>) {
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
