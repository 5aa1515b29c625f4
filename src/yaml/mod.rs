//! The one place that parses YAML. It maps the parser's errors to the line and column of the
//! original file, rewrites them in an editor's words and adds a hint, so that swapping the YAML
//! crate touches only this module.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, closest};

/// Front matter larger than this is refused before parsing: YAML parse time grows quadratically
/// with nesting depth, and no real page needs this much metadata.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;
/// Data files (FAQ, timeline, lists) may be larger, but not unbounded.
pub const MAX_DATA_FILE_BYTES: usize = 4 * 1024 * 1024;
/// Deeper flow nesting (`[[[[…`) than this is refused before parsing, for the same reason.
const MAX_FLOW_DEPTH: usize = 64;

/// A piece of YAML and where it sits in its file.
pub struct YamlSource<'a> {
    /// The file, as shown in messages.
    pub file: &'a Path,
    /// The whole file's text, to quote the faulty line.
    pub file_text: &'a str,
    /// The YAML itself.
    pub yaml: &'a str,
    /// How many lines of the file come before the YAML (1 for front matter after `---`).
    pub line_offset: usize,
    /// Added to the hint of "unknown key" errors (e.g. where free-form fields go).
    pub unknown_key_hint: &'a str,
    pub max_bytes: usize,
}

impl<'a> YamlSource<'a> {
    /// A whole YAML data file in `content/` (timeline, glossary, …).
    pub fn data_file(file: &'a Path, text: &'a str, unknown_key_hint: &'a str) -> Self {
        YamlSource {
            file,
            file_text: text,
            yaml: text,
            line_offset: 0,
            unknown_key_hint,
            max_bytes: MAX_DATA_FILE_BYTES,
        }
    }

    /// An error at `line` and `column` of the YAML (counted from its own first line).
    pub fn error_at(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(
            self.file,
            self.file_text,
            line + self.line_offset,
            column,
            message,
        )
    }

    /// An error at the top-level key `key` itself (an unknown key, to rename or delete).
    pub fn key_name_error(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        match key_position(self.yaml, key) {
            Some((line, _)) => {
                let written = self.yaml.lines().nth(line - 1).unwrap_or("");
                let indent = written.chars().take_while(|c| c.is_whitespace()).count();
                self.error_at(line, indent + 1, message)
            }
            None => self.error_at(1, 1, message),
        }
    }

    /// Where the top-level key `key` is written, for errors found after parsing.
    pub fn key_error(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        match key_position(self.yaml, key) {
            Some((line, column)) => self.error_at(line, column, message),
            None => self.error_at(1, 1, message),
        }
    }
}

/// Parses `src.yaml` into `T`. An empty document parses as `T`'s value for `{}`.
pub fn parse<T: DeserializeOwned>(src: &YamlSource) -> Result<T, Diagnostic> {
    if src.yaml.len() > src.max_bytes {
        return Err(src
            .error_at(
                1,
                1,
                format!(
                    "this YAML is {} KB, more than the {} KB careleaf accepts",
                    src.yaml.len() / 1024,
                    src.max_bytes / 1024
                ),
            )
            .with_hint("move long text into the page body, or split the data into smaller files"));
    }
    if let Some((line, column)) = too_deep(src.yaml) {
        return Err(src
            .error_at(line, column, "the YAML is nested too deeply")
            .with_hint(format!(
                "careleaf accepts at most {MAX_FLOW_DEPTH} levels of [ ] or {{ }} brackets"
            )));
    }
    let yaml = if src.yaml.trim().is_empty() {
        "{}"
    } else {
        src.yaml
    };
    serde_yaml::from_str(yaml).map_err(|e| convert(src, &e))
}

fn convert(src: &YamlSource, err: &serde_yaml::Error) -> Diagnostic {
    let full = err.to_string();
    let raw = strip_position(&full);
    let (mut line, mut column) = err
        .location()
        .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
    // serde reports these two without a real position.
    let whole_document = raw.contains("missing field") || raw.contains("duplicate field");
    if whole_document && let Some(field) = backticked(raw).first() {
        if let Some(pos) =
            second_key_position(src.yaml, field).filter(|_| raw.contains("duplicate"))
        {
            (line, column) = pos;
        } else {
            (line, column) = (1, 1);
        }
    }
    // libyaml names where an unclosed quote or bracket began ("while scanning a quoted scalar
    // at line 2 column 8"): that is where the editor must look, not the end of the file.
    // The same for a line that was taken for the start of a key: it is where the colon is
    // missing, not where the parser gave up.
    if full.contains("while scanning a simple key")
        && let Some(pos) = full.split(", while ").nth(1).and_then(position_in)
    {
        (line, column) = pos;
    }
    let unclosed_quote = full.contains("while scanning a quoted scalar");
    if unclosed_quote && let Some(pos) = full.split(", while ").nth(1).and_then(position_in) {
        (line, column) = pos;
    }
    let (message, hint) = explain(raw, src.unknown_key_hint);
    let (message, hint) = if unclosed_quote {
        (
            "this quoted text is never closed".to_string(),
            Some(
                "add the closing quote at the end of the value, e.g. title: \"Risks\"".to_string(),
            ),
        )
    } else {
        (message, hint)
    };
    let mut e = src.error_at(line, column, message);
    e.hint = hint;
    e
}

/// Turns a serde message (from this or another parser) into an editor's message and a hint.
pub fn explain(raw: &str, unknown_key_hint: &str) -> (String, Option<String>) {
    let (path, msg) = split_path(raw);
    let at = |m: String| match path {
        Some(p) => format!("{m} (in `{p}`)"),
        None => m,
    };
    if msg.starts_with("unknown field") {
        let names = backticked(msg);
        let wrong = names.first().copied().unwrap_or("?");
        let known: Vec<&str> = names.iter().skip(1).copied().collect();
        let mut hint = match closest(wrong, &known) {
            Some(k) => format!("did you mean `{k}`? "),
            None => String::new(),
        };
        if known.is_empty() {
            hint.push_str("no keys are allowed here");
        } else {
            hint.push_str(&format!("allowed keys are: {}", known.join(", ")));
        }
        if !unknown_key_hint.is_empty() {
            hint.push_str(". ");
            hint.push_str(unknown_key_hint);
        }
        return (at(format!("unknown key `{wrong}`")), Some(hint));
    }
    if msg.starts_with("unknown variant") {
        let names = backticked(msg);
        let wrong = names.first().copied().unwrap_or("?");
        let known: Vec<&str> = names.iter().skip(1).copied().collect();
        let hint = match closest(wrong, &known) {
            Some(k) => format!(
                "did you mean `{k}`? the values allowed here are: {}",
                known.join(", ")
            ),
            None => format!("the values allowed here are: {}", known.join(", ")),
        };
        return (
            at(format!("`{wrong}` is not one of the values allowed here")),
            Some(hint),
        );
    }
    if msg.starts_with("duplicate field") {
        let field = backticked(msg).first().copied().unwrap_or("?").to_string();
        return (
            at(format!("the key `{field}` is written twice")),
            Some(format!("keep one `{field}:` line and delete the other")),
        );
    }
    if msg.starts_with("missing field") {
        let field = backticked(msg).first().copied().unwrap_or("?").to_string();
        return (
            at(format!("the required key `{field}` is missing")),
            Some(format!("add a line like `{field}: …`")),
        );
    }
    if msg.starts_with("invalid type") || msg.starts_with("invalid value") {
        let expected = msg.rsplit("expected ").next().unwrap_or("");
        let plain = plain_type(expected);
        let hint = match path {
            Some(p) => format!("`{p}` must be {plain}"),
            None => format!("this must be {plain}"),
        };
        let found = msg.split_once(": ").map_or(msg, |(_, rest)| {
            rest.split(", expected").next().unwrap_or(rest)
        });
        let message = match path {
            Some(p) => format!("wrong kind of value for `{p}`: found {found}"),
            None => format!("wrong kind of value: found {found}"),
        };
        return (message, Some(hint));
    }
    if msg.contains("found character that cannot start any token") || msg.contains("tab") {
        return (
            format!("YAML syntax error: {msg}"),
            Some("YAML does not allow tab characters for indentation: use spaces".into()),
        );
    }
    if msg.contains("could not find expected ':'") {
        return (
            "this line is not a `key: value` line".to_string(),
            Some("write it as `key: value`, or indent it to continue the value above; text with a colon or a # must be put in quotes".into()),
        );
    }
    if msg.contains("mapping values are not allowed") {
        return (
            format!("YAML syntax error: {msg}"),
            Some("text that contains a colon followed by a space must be put in quotes, e.g. title: \"Risks: what to know\"".into()),
        );
    }
    if msg.contains("recursion limit") || msg.contains("repetition limit") {
        return (
            format!("YAML is too complex: {msg}"),
            Some("remove deeply nested or repeated aliases (`*name`)".into()),
        );
    }
    if msg.contains("did not find expected")
        || msg.contains("while parsing")
        || msg.contains("while scanning")
    {
        return (
            format!("YAML syntax error: {msg}"),
            Some("check the indentation and that every quote and bracket is closed; each line should look like `key: value`".into()),
        );
    }
    (
        format!("YAML error: {}", at(msg.to_string())),
        Some("check the YAML syntax on this line".into()),
    )
}

fn plain_type(expected: &str) -> String {
    let e = expected.trim();
    if [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize", "isize",
    ]
    .iter()
    .any(|t| e.starts_with(t))
    {
        "a whole number, like 10".into()
    } else if e.contains("bool") {
        "true or false".into()
    } else if e.contains("sequence") {
        "a list, like [one, two]".into()
    } else if e.contains("string") || e.contains("char") {
        "text".into()
    } else if e.contains("map") || e.contains("struct") {
        "a group of `key: value` lines".into()
    } else {
        e.to_string()
    }
}

/// serde prefixes nested errors with their path (`clinic: unknown field …`).
fn split_path(msg: &str) -> (Option<&str>, &str) {
    match msg.split_once(": ") {
        Some((p, rest))
            if !p.contains(' ') && !p.is_empty() && p != "." && !p.starts_with("invalid") =>
        {
            (Some(p), rest)
        }
        _ => (None, msg),
    }
}

fn backticked(msg: &str) -> Vec<&str> {
    msg.split('`').skip(1).step_by(2).collect()
}

/// The first "line L column C" in a libyaml message.
fn position_in(msg: &str) -> Option<(usize, usize)> {
    // Cannot fail: "line " is five ASCII bytes that `find` just met in `msg`.
    let rest = &msg[msg.find("line ")? + 5..];
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

fn strip_position(msg: &str) -> &str {
    match msg.find(" at line ") {
        // Cannot fail: `i` is where `find` met the text in `msg` itself.
        Some(i) => &msg[..i],
        None => msg,
    }
}

/// 1-based line and column of the value of top-level `key:` in `yaml` (the key's column when
/// there is no value on that line). Front matter written as TOML (`key = value`) or JSON
/// (`"key": value`) is searched the same way.
pub fn key_position(yaml: &str, key: &str) -> Option<(usize, usize)> {
    for (i, line) in yaml.lines().enumerate() {
        let rest = match line.strip_prefix(key) {
            Some(rest) => rest,
            None => {
                let Some(rest) = line.trim_start().strip_prefix('"') else {
                    continue;
                };
                let Some(rest) = rest.strip_prefix(key).and_then(|r| r.strip_prefix('"')) else {
                    continue;
                };
                rest
            }
        };
        let Some(after) = rest.trim_start().strip_prefix([':', '=']) else {
            continue;
        };
        let value_start = line.len() - after.trim_start().len();
        let column = if after.trim().is_empty() {
            1
        } else {
            // Cannot fail: `value_start` is where a trimmed tail of `line` begins.
            line[..value_start].chars().count() + 1
        };
        return Some((i + 1, column));
    }
    None
}

/// Where `key` is written the second time at the top level (the copy to remove), or the
/// first time when it is written once.
fn second_key_position(yaml: &str, key: &str) -> Option<(usize, usize)> {
    let (first_line, _) = key_position(yaml, key)?;
    let rest: String = yaml.split_inclusive('\n').skip(first_line).collect();
    match key_position(&rest, key) {
        Some((line, column)) => Some((line + first_line, column)),
        None => key_position(yaml, key),
    }
}

/// One step of a path into a YAML document: a mapping key or a list index.
#[derive(Debug, Clone, Copy)]
pub enum PathSeg<'a> {
    Key(&'a str),
    Index(usize),
}

/// 1-based line and column of the value at `path` in block-style YAML (flow-style `[…]` values
/// are located by their key). Used to point at values that parsed but failed validation.
pub fn path_position(yaml: &str, path: &[PathSeg]) -> Option<(usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let meaningful = |l: &str| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#')
    };
    let indent_of = |l: &str| l.len() - l.trim_start().len();
    // The current node: a range of lines, and the column where its children start.
    let (mut start, mut end) = (0usize, lines.len());
    let mut child_indent: Option<usize> = None;
    // The line of the list item being searched: its first key sits after the dash.
    let mut item_line: Option<usize> = None;
    let mut found = (1usize, 1usize);
    // Cannot fail (the line ranges): `start <= end <= lines.len()` throughout, and `i` below is
    // a line of `start..end`.
    for seg in path {
        let indent = child_indent.or_else(|| {
            lines[start..end]
                .iter()
                .find(|l| meaningful(l))
                .map(|l| indent_of(l))
        })?;
        let mut hit = None;
        let mut index = 0;
        for (i, line) in lines.iter().enumerate().take(end).skip(start) {
            let line_indent = if item_line == Some(i) {
                indent
            } else {
                indent_of(line)
            };
            if !meaningful(line) || line_indent != indent {
                continue;
            }
            // A list item's own line has its first key after the dash; a bare `-` has none.
            let Some(content) = line.get(indent..) else {
                continue;
            };
            match seg {
                PathSeg::Key(k) => {
                    if let Some(rest) = content.strip_prefix(k)
                        && rest.trim_start().starts_with(':')
                    {
                        // Cannot fail: the trimmed `rest` starts with the ASCII ':'.
                        let value = rest.trim_start()[1..].trim_start();
                        let col = if value.is_empty() || value.starts_with('#') {
                            indent + 1
                        } else {
                            line.len() - value.len() + 1
                        };
                        hit = Some((i, col, None));
                        break;
                    }
                }
                PathSeg::Index(n) => {
                    if content.starts_with("- ") || content == "-" {
                        if index == *n {
                            hit = Some((i, indent + 3, Some(indent + 2)));
                            break;
                        }
                        index += 1;
                    }
                }
            }
        }
        let (i, col, item_indent) = hit?;
        found = (i + 1, col);
        // The node ends at the next line indented no deeper than this one.
        let own_indent = indent;
        let next = lines[i + 1..end]
            .iter()
            .position(|l| {
                // A key's list items may sit at the key's own indentation (`key:\n- a`).
                // Cannot fail: `own_indent` is checked to be the length of `l`'s leading blanks.
                let own_list_item = item_indent.is_none()
                    && indent_of(l) == own_indent
                    && l[own_indent..].starts_with('-');
                meaningful(l) && indent_of(l) <= own_indent && !own_list_item
            })
            .map_or(end, |p| i + 1 + p);
        match item_indent {
            // A list item: its first key is on the same line as the dash.
            Some(ii) => {
                start = i;
                end = next;
                child_indent = Some(ii);
                item_line = Some(i);
            }
            None => {
                start = i + 1;
                end = next;
                child_indent = None;
                item_line = None;
            }
        }
    }
    Some(found)
}

/// `value` written as a YAML scalar, quoted where needed (for files careleaf writes).
pub fn scalar(value: &str) -> String {
    serde_yaml::to_string(value)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_else(|_| format!("{value:?}"))
}

fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let (mut line, mut column) = (1, 0);
    for c in yaml.chars() {
        column += 1;
        match c {
            '\n' => {
                line += 1;
                column = 0;
            }
            '[' | '{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some((line, column));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests;
