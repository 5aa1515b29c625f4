//! Finding the front matter block at the top of a page, in the three ways generators write it:
//! YAML between `---` lines (careleaf, Jekyll, Hugo), TOML between `+++` lines (Hugo, Zola) and
//! a JSON object (Hugo).

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// How a page's front matter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
}

/// The parts of a page file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Format,
    /// The front matter itself, without its fence lines (a JSON object keeps its braces).
    pub front: &'a str,
    /// Byte offset of `front` in the file's text.
    pub front_start: usize,
    /// Byte offset of the Markdown body in the file's text.
    pub body_start: usize,
}

impl Split<'_> {
    /// Byte offset of the end of the front matter in the file's text.
    pub fn front_end(&self) -> usize {
        self.front_start + self.front.len()
    }

    /// How many lines of the file come before the front matter.
    pub fn line_offset(&self) -> usize {
        match self.format {
            Format::Json => 0,
            Format::Yaml | Format::Toml => 1,
        }
    }
}

const EXAMPLE: &str = "---\ntitle: Your page title\ndescription: One sentence about the page.\n---";

const IMPORT_HINT: &str = "a folder of pages from another site or generator (plain Markdown, Hugo, Jekyll, Zola) gets its front matter from `careleaf import FOLDER`, which takes each title from the first heading";

/// Whether `text` starts with front matter in one of the three forms (closed or not).
pub fn has_front_matter(text: &str) -> bool {
    let first_line = text.lines().next().unwrap_or("").trim_end();
    first_line == "---" || first_line == "+++" || looks_like_json_object(text)
}

/// Finds the front matter block. The text must already be normalized (no BOM, `\n` endings).
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(
            Diagnostic::in_file(file, "this page is empty").with_hint(format!(
                "start the file with front matter, like:\n{EXAMPLE}"
            )),
        );
    }
    let first_line = text.lines().next().unwrap_or("").trim_end();
    match first_line {
        "---" => fenced(file, text, Format::Yaml, &["---", "..."]),
        "+++" => fenced(file, text, Format::Toml, &["+++"]),
        _ if looks_like_json_object(text) => json_object(file, text),
        _ => Err(Diagnostic::at(
            file,
            text,
            1,
            1,
            "the page does not start with front matter (a line with three dashes `---`)",
        )
        .with_hint(format!(
            "every page needs a title and a description at the top, like:\n{EXAMPLE}\n({IMPORT_HINT})"
        ))),
    }
}

/// Front matter between a first line and a closing line (`---`/`...` for YAML, `+++` for TOML).
fn fenced<'a>(
    file: &Path,
    text: &'a str,
    format: Format,
    closing: &[&str],
) -> Result<Split<'a>, Diagnostic> {
    // Cannot fail: the first line was found in `text` by `lines`, so its newline (if any) is
    // right after it.
    let first_line_len = text.find('\n').map_or(text.len(), |i| i + 1);
    let front_start = first_line_len.min(text.len());
    let mut offset = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        if closing.contains(&line.trim_end()) {
            return Ok(Split {
                format,
                front: &text[front_start..offset],
                front_start,
                body_start: offset + line.len(),
            });
        }
        offset += line.len();
    }
    let fence = closing[0];
    let after = match format {
        Format::Toml => "after the last front matter line (after `description = …`)",
        Format::Yaml | Format::Json => "after the last front matter line (after `description: …`)",
    };
    Err(Diagnostic::at(
        file,
        text,
        1,
        1,
        format!("the front matter is not closed: no second `{fence}` line was found"),
    )
    .with_hint(format!("add a line with just `{fence}` {after}")))
}

/// `{` then a key or `}`: a JSON object, not a page that opens with a `{{< shortcode >}}`.
fn looks_like_json_object(text: &str) -> bool {
    text.strip_prefix('{')
        .is_some_and(|rest| rest.trim_start().starts_with(['"', '}']))
}

/// Front matter written as a JSON object at the very start of the file; the body follows it.
fn json_object<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    match stream.next() {
        Some(Ok(serde_json::Value::Object(_))) => {
            let end = stream.byte_offset();
            // The body starts on the line after the closing brace.
            let rest = text.get(end..).unwrap_or("");
            let body_start = match rest.find('\n') {
                Some(i) if rest[..i].trim().is_empty() => end + i + 1,
                _ => end,
            };
            Ok(Split {
                format: Format::Json,
                front: &text[..end],
                front_start: 0,
                body_start,
            })
        }
        Some(Err(e)) => Err(Diagnostic::at(
            file,
            text,
            e.line(),
            e.column(),
            format!("the JSON front matter cannot be read: {}", json_message(&e)),
        )
        .with_hint("check that every key and text is in double quotes, that values are separated by commas, and that the object ends with `}`; or write the front matter as YAML between `---` lines")),
        _ => Err(Diagnostic::at(
            file,
            text,
            1,
            1,
            "the page does not start with front matter",
        )
        .with_hint(format!("start the file with:\n{EXAMPLE}\n({IMPORT_HINT})"))),
    }
}

/// serde_json's message without its own " at line L column C" (the location is shown anyway).
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.find(" at line ") {
        // Cannot fail: `i` is where `find` met the text in `full`.
        Some(i) => full[..i].to_string(),
        None => full,
    }
}
