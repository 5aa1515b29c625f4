//! Changing one top-level key of a YAML front matter in its text. yaml-edit finds where the
//! key's value lies (quotes in, trailing comment out); the value is spliced there, so the rest
//! of the text keeps every byte. Values are written the way YAML reads them back: plain when
//! that reads as the same text, quoted otherwise, in the quotes the value already had.

use serde_json::Value;
use std::str::FromStr;

/// A value ready to go after `key:`.
pub enum Rendered {
    /// On the key's line (`title: Text`, `tags: [a, b]`).
    Inline(String),
    /// On the lines after the key, each already indented (`extra:` then `  name: value`).
    Block(Vec<String>),
}

/// The YAML for `value` (text, number, true/false or a list of text); text keeps the quotes
/// of the `old` value it replaces when they read back the same.
pub fn render(value: &Value, old: Option<&str>) -> Rendered {
    match value {
        Value::Array(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|item| match item {
                    Value::String(s) => flow_item(s),
                    other => other.to_string(),
                })
                .collect();
            Rendered::Inline(format!("[{}]", items.join(", ")))
        }
        Value::String(s) => Rendered::Inline(scalar(s, old, false)),
        other => Rendered::Inline(other.to_string()),
    }
}

/// The `extra:` block for theme fields. A value YAML would read as a number or true/false is
/// written plain (so `3` stays a number a theme can compare); other text is quoted as needed.
pub fn extra_block(rows: &[(String, String)]) -> Rendered {
    Rendered::Block(
        rows.iter()
            .map(|(name, value)| {
                format!(
                    "  {}: {}",
                    scalar(name, None, false),
                    scalar(value, None, true)
                )
            })
            .collect(),
    )
}

/// `s` as a YAML scalar: plain when YAML reads the plain text back as `s` (or as the number
/// or true/false it spells), else in the original value's quotes (`'` or `"`), else `"`.
fn scalar(s: &str, original: Option<&str>, typed: bool) -> String {
    let quote = original.and_then(|o| o.chars().next());
    if quote == Some('\'') && !s.contains('\n') {
        let single = format!("'{}'", s.replace('\'', "''"));
        if reads_as(&single, s) {
            return single;
        }
    }
    if quote != Some('"') && quote != Some('\'') && !s.is_empty() && reads_as_plain(s, typed) {
        return s.to_string();
    }
    // JSON's escapes are all YAML double-quoted escapes.
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// Whether plain `s` reads back as the text `s` (or, when `typed`, as the number or
/// true/false it spells).
fn reads_as_plain(s: &str, typed: bool) -> bool {
    match parse_value(s) {
        Some(Value::String(read)) => read == s,
        Some(Value::Number(n)) => typed && n.to_string() == s,
        Some(Value::Bool(b)) => typed && b.to_string() == s,
        _ => false,
    }
}

fn reads_as(yaml: &str, s: &str) -> bool {
    matches!(parse_value(yaml), Some(Value::String(read)) if read == s)
}

/// What YAML reads `text` as, written after `k: `.
fn parse_value(text: &str) -> Option<Value> {
    let parsed: Value = serde_yaml::from_str(&format!("k: {text}\n")).ok()?;
    parsed.get("k").cloned()
}

/// A list item inside `[...]`, where `,` `[` `]` `{` `}` end a plain item.
fn flow_item(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.contains([',', '[', ']', '{', '}'])
        && matches!(parse_value(&format!("[{s}]")), Some(Value::Array(a)) if a == [Value::from(s)]);
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}

/// Where a top-level key and its value are in the front matter text.
struct Entry {
    /// Start of the key's line.
    line_start: usize,
    /// The value's bytes (empty at the end of `key:` when there is none).
    value: std::ops::Range<usize>,
    /// Just past the last line of the entry, its line end included.
    end: usize,
}

fn find(front: &str, key: &str) -> Result<Option<Entry>, String> {
    let doc = yaml_edit::Document::from_str(front)
        .map_err(|e| format!("the settings text could not be read ({e})"))?;
    let Some(key_node) = doc.keys().find(|k| unquote(&node_text(front, k)) == key) else {
        return Ok(None);
    };
    let key_range = key_node.byte_range();
    let key_end = key_range.end as usize;
    let line_start = front[..key_range.start as usize]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let value = match doc.get(key) {
        Some(node) => {
            let r = node.byte_range();
            r.start as usize..r.end as usize
        }
        None => {
            // `key:` with nothing after it: the value would go after the colon.
            let colon = front[key_end..]
                .find(':')
                .map_or(key_end, |i| key_end + i + 1);
            colon..colon
        }
    };
    if value.end > front.len() || value.start < key_end {
        return Err("the settings text could not be read around this field".into());
    }
    let last = value.end.max(key_end);
    let back = if last > value.start && front[..last].ends_with('\n') {
        last - 1
    } else {
        last
    };
    let end = front[back..]
        .find('\n')
        .map_or(front.len(), |i| back + i + 1);
    Ok(Some(Entry {
        line_start,
        value,
        end,
    }))
}

fn node_text(front: &str, node: &yaml_edit::YamlNode) -> String {
    let r = node.byte_range();
    front
        .get(r.start as usize..r.end as usize)
        .unwrap_or("")
        .to_string()
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(s)
}

/// The front matter with `key` set to `rendered`; only the key's value changes when it is on
/// the key's line, and a new key goes at the end.
pub fn set(
    front: &str,
    key: &str,
    render: impl Fn(Option<&str>) -> Rendered,
) -> Result<String, String> {
    let entry = find(front, key)?;
    let rendered = render(entry.as_ref().map(|e| &front[e.value.clone()]));
    let mut out = String::with_capacity(front.len() + 64);
    match (entry, &rendered) {
        (Some(e), Rendered::Inline(text)) if is_on_key_line(front, &e) => {
            out.push_str(&front[..e.value.start]);
            if e.value.is_empty() {
                out.push(' ');
            }
            out.push_str(text);
            out.push_str(&front[e.value.end..]);
        }
        (Some(e), _) => {
            out.push_str(&front[..e.line_start]);
            push_entry(&mut out, key, &rendered);
            out.push_str(&front[e.end..]);
        }
        (None, _) => {
            out.push_str(front);
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            push_entry(&mut out, key, &rendered);
        }
    }
    Ok(out)
}

/// The front matter without `key` (and without the comment on its line).
pub fn remove(front: &str, key: &str) -> Result<String, String> {
    Ok(match find(front, key)? {
        Some(e) => format!("{}{}", &front[..e.line_start], &front[e.end..]),
        None => front.to_string(),
    })
}

/// Whether the entry's value is on the key's own line and not a `|`/`>` block.
fn is_on_key_line(front: &str, e: &Entry) -> bool {
    let value = &front[e.value.clone()];
    !front[e.line_start..e.value.start].contains('\n')
        && !value.contains('\n')
        && !value.starts_with(['|', '>'])
}

fn push_entry(out: &mut String, key: &str, rendered: &Rendered) {
    out.push_str(key);
    out.push(':');
    match rendered {
        Rendered::Inline(text) => {
            out.push(' ');
            out.push_str(text);
            out.push('\n');
        }
        Rendered::Block(lines) => {
            out.push('\n');
            for line in lines {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
}
