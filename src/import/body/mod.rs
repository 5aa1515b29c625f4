//! A page's Markdown body rewritten for careleaf, in passes over the text (each reads the
//! text with pulldown-cmark or lol_html and edits byte ranges of it; code is never touched):
//!
//! 1. [`templates`]: Hugo shortcodes, Liquid tags and Zola calls: links (`ref`, `link`,
//!    `post_url`, `@/`), videos and figures converted, the rest left out and listed;
//! 2. [`html`]: raw HTML links, images and video frames;
//! 3. [`markdown`]: Markdown links and images, resolved through the old site's addresses;
//!    then the title from the first heading and the description from the first paragraph.

pub mod html;
pub mod markdown;
pub mod templates;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::plan::Planned;
use super::resolve::{Index, Target, relative};

/// What an editor should look at, found in a page's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Text to find in the original file to give the line (when `line` is not known).
    pub needle: String,
    /// The line in the body (1-based) when the pass knows it.
    pub line: Option<usize>,
    pub why: String,
}

/// Files linked by pages, and where each is copied in careleaf's `content/`.
#[derive(Debug, Default)]
pub struct Assets {
    /// Output path (relative to `content/`) → source file.
    by_output: HashMap<PathBuf, PathBuf>,
    /// (source file, page folder) → output path.
    placed: HashMap<(PathBuf, PathBuf), PathBuf>,
}

impl Assets {
    /// Where `file` goes for the page `page`: at the same place below the page's folder when it
    /// was below it in the source (a Hugo bundle's images), beside the page otherwise.
    pub fn place(&mut self, file: &Path, page: &Planned, content_root: &Path) -> PathBuf {
        let out_dir = page.out_rel.parent().unwrap_or(Path::new("")).to_path_buf();
        let key = (file.to_path_buf(), out_dir.clone());
        if let Some(out) = self.placed.get(&key) {
            return out.clone();
        }
        let source_dir = content_root.join(page.content_rel.parent().unwrap_or(Path::new("")));
        let wanted = match file.strip_prefix(&source_dir) {
            Ok(below) => out_dir.join(below),
            Err(_) => out_dir.join(file.file_name().unwrap_or_default()),
        };
        let mut out = wanted.clone();
        let mut n = 2;
        while self.by_output.get(&out).is_some_and(|f| f != file) {
            let stem = wanted.file_stem().unwrap_or_default().to_string_lossy();
            let name = match wanted.extension() {
                Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
                None => format!("{stem}-{n}"),
            };
            out = wanted.with_file_name(name);
            n += 1;
        }
        self.by_output.insert(out.clone(), file.to_path_buf());
        self.placed.insert(key, out.clone());
        out
    }

    /// Every file to copy: (output path below `content/`, source file), sorted.
    pub fn copies(&self) -> Vec<(PathBuf, PathBuf)> {
        let mut all: Vec<_> = self
            .by_output
            .iter()
            .map(|(o, s)| (o.clone(), s.clone()))
            .collect();
        all.sort();
        all
    }
}

/// The state of rewriting one page.
pub struct Rewrite<'a> {
    pub index: &'a Index,
    pub pages: &'a [Planned],
    pub me: usize,
    pub content_root: &'a Path,
    pub assets: &'a mut Assets,
    /// The old site's title, for `{{ site.title }}`.
    pub site_title: Option<&'a str>,
    pub notes: Vec<Note>,
    pub links: usize,
    pub videos: usize,
}

impl Rewrite<'_> {
    pub fn page(&self) -> &Planned {
        &self.pages[self.me]
    }

    pub fn note(&mut self, needle: &str, why: impl Into<String>) {
        self.notes.push(Note {
            needle: needle.to_string(),
            line: None,
            why: why.into(),
        });
    }

    pub fn note_at(&mut self, line: usize, why: impl Into<String>) {
        self.notes.push(Note {
            needle: String::new(),
            line: Some(line),
            why: why.into(),
        });
    }

    /// The careleaf link for `dest` when it leads into the old site: a `.md` file for a page,
    /// the copied file for a file. None when it should stay as it is (another website, or a
    /// page that is not there, which is listed).
    pub fn link(&mut self, dest: &str) -> Option<String> {
        match self.index.resolve(dest, self.page()) {
            Target::Page(i, fragment) if self.pages[i].language != self.page().language => {
                // A careleaf page links within its own language: to the target's translation.
                let pages = self.pages;
                let here = &pages[self.me];
                let twin = pages.iter().position(|p| {
                    p.language == here.language && p.in_language() == pages[i].in_language()
                });
                match twin {
                    Some(j) => {
                        self.links += 1;
                        let path = if j == self.me {
                            String::new()
                        } else {
                            relative(&here.out_rel, &pages[j].out_rel)
                        };
                        Some(with_fragment(path, fragment))
                    }
                    None => {
                        self.note(
                            dest,
                            format!("the link `{dest}` leads to a page in another language that has no version in this one: it was kept as it is"),
                        );
                        None
                    }
                }
            }
            Target::Page(i, fragment) => {
                self.links += 1;
                let path = if i == self.me {
                    String::new()
                } else {
                    relative(&self.page().out_rel, &self.pages[i].out_rel)
                };
                Some(with_fragment(path, fragment))
            }
            Target::Guessed(i, _) if self.pages[i].language != self.page().language => {
                self.note(
                    dest,
                    format!("the link `{dest}` reaches no page of the old site in this language: it was kept as it is"),
                );
                None
            }
            Target::Guessed(i, fragment) => {
                self.links += 1;
                let path = relative(&self.page().out_rel, &self.pages[i].out_rel);
                self.note(
                    dest,
                    format!("the link `{dest}` reaches no page of the old site; it now leads to {path}, the only page of that name: check that it is the page meant"),
                );
                Some(with_fragment(path, fragment))
            }
            Target::File(file, fragment) => Some(with_fragment(self.file(&file), fragment)),
            Target::Elsewhere => None,
            Target::Missing => {
                self.note(
                    dest,
                    format!("the link `{dest}` reaches no page or file of the old site: it was kept as it is"),
                );
                None
            }
        }
    }

    /// Copies `file` beside the page and gives the link to it.
    pub fn file(&mut self, file: &Path) -> String {
        let page = &self.pages[self.me];
        let out = self.assets.place(file, page, self.content_root);
        relative(&page.out_rel, &out)
    }
}

/// A link address as Markdown can hold it: in `<…>` when it has spaces or parentheses.
pub fn html_safe_dest(dest: &str) -> String {
    if dest.contains([' ', '(', ')']) {
        format!("<{dest}>")
    } else {
        dest.to_string()
    }
}

fn with_fragment(path: String, fragment: Option<String>) -> String {
    match fragment {
        Some(f) => format!("{path}#{f}"),
        None if path.is_empty() => "#".into(),
        None => path,
    }
}

/// careleaf's video shortcode for an embed address (`https://www.youtube.com/embed/ID?…`,
/// youtube-nocookie, `https://player.vimeo.com/video/ID`), as a paragraph of its own.
pub fn video_for_embed(src: &str, title: &str) -> Option<String> {
    let src = src.trim();
    let after_scheme = src.split_once("//").map_or(src, |(_, r)| r);
    let (host, path) = after_scheme.split_once('/')?;
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let id_after = |prefix: &str| {
        path.strip_prefix(prefix)
            .map(|rest| rest.split(['?', '#', '/', '&']).next().unwrap_or(""))
            .filter(|id| !id.is_empty())
            .map(str::to_string)
    };
    let (provider, id) = match host {
        "youtube.com" | "youtube-nocookie.com" | "m.youtube.com" => {
            ("youtube", id_after("embed/")?)
        }
        "player.vimeo.com" => ("vimeo", id_after("video/")?),
        _ => return None,
    };
    Some(video_shortcode(provider, &id, title))
}

/// careleaf's video shortcode; an ID the shortcode would refuse (a typo, a playlist) becomes a
/// plain link to the video instead, so that the page still builds and readers can still watch.
pub fn video_shortcode(provider: &str, id: &str, title: &str) -> String {
    let clean = |s: &str| {
        s.replace('"', "'")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let title = clean(title);
    let title = if title.is_empty() {
        "Video".into()
    } else {
        title
    };
    let id = id.trim();
    if !crate::features::video::is_video_id(provider, id) {
        let address = match provider {
            "vimeo" => format!("https://vimeo.com/{id}"),
            _ => format!("https://www.youtube.com/watch?v={id}"),
        };
        let label = title.replace(['[', ']'], "");
        return format!("\n\n[{label}](<{address}>)\n\n");
    }
    format!(
        "\n\n{{{{< video {provider}=\"{}\" title=\"{title}\" >}}}}\n\n",
        clean(id)
    )
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The byte ranges of code (blocks and spans) and of HTML blocks in `text`.
pub fn code_and_html(text: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let mut code = Vec::new();
    let mut html = Vec::new();
    let mut html_start = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => code.push(range),
            Event::Start(Tag::HtmlBlock) => html_start = Some(range),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(start) = html_start.take() {
                    html.push(start.start..range.end.max(start.end));
                }
            }
            _ => {}
        }
    }
    (code, html)
}

/// `text` with each range replaced; ranges that overlap an earlier one are left out.
pub fn apply(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, new) in edits {
        if range.start < at || range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&new);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// 1-based line of byte `offset` of `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Three or more line breaks in a row (left where a frame became a shortcode) made two,
/// outside code.
pub fn tidy_blank_lines(text: &str) -> String {
    let (code, _) = code_and_html(text);
    let mut edits = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' && !code.iter().any(|r| r.contains(&i)) {
            let mut j = i;
            while j < bytes.len() && (bytes[j] == b'\n' || bytes[j] == b' ') {
                j += 1;
            }
            let breaks = text[i..j].matches('\n').count();
            if breaks > 2 && j < bytes.len() {
                let end = text[..j].rfind('\n').map_or(j, |k| k + 1);
                edits.push((i..end, "\n\n".to_string()));
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    let tidied = apply(text, edits);
    let trimmed = tidied.trim_start_matches('\n');
    format!("{}\n", trimmed.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeds_become_video_shortcodes() {
        let yt = video_for_embed(
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0",
            "Using an \"inhaler\"",
        );
        assert_eq!(
            yt.as_deref(),
            Some("\n\n{{< video youtube=\"dQw4w9WgXcQ\" title=\"Using an 'inhaler'\" >}}\n\n")
        );
        let vimeo = video_for_embed("https://player.vimeo.com/video/76979871", "");
        assert!(
            vimeo
                .unwrap()
                .contains("vimeo=\"76979871\" title=\"Video\"")
        );
        assert_eq!(
            video_for_embed("https://maps.example.org/embed/x", "Map"),
            None
        );
    }

    #[test]
    fn edits_apply_in_order_and_blank_lines_are_tidied() {
        assert_eq!(
            apply("abcdef", vec![(4..5, "E".into()), (0..1, "A".into())]),
            "AbcdEf"
        );
        assert_eq!(tidy_blank_lines("a\n\n\n\nb\n"), "a\n\nb\n");
        assert_eq!(
            tidy_blank_lines("```\na\n\n\n\nb\n```\n"),
            "```\na\n\n\n\nb\n```\n"
        );
    }
}
