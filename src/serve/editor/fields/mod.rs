//! The page settings form: the front matter shown as fields, and one field changed at a time
//! in the file's own text, so that every key the editor did not touch keeps its bytes (text,
//! quoting, order and comments).
//!
//! A change is written, read back, and refused unless the changed field reads back exactly as
//! asked and every other field reads back as before; the form never writes YAML careleaf
//! would read differently.

mod yaml_text;

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::content::front_matter::{self, Format};

/// The fields the form has a control for; every other key is kept as written.
const FORM_KEYS: &[&str] = &[
    "title",
    "description",
    "tags",
    "weight",
    "draft",
    "template",
    "reviewed_by",
    "last_reviewed",
    "next_review",
    "translation_key",
    "aliases",
    "date",
    "updated",
    "slug",
    "extra",
];

const TEXT_KEYS: &[&str] = &[
    "title",
    "description",
    "template",
    "reviewed_by",
    "translation_key",
    "slug",
];
const DATE_KEYS: &[&str] = &["last_reviewed", "next_review", "date", "updated"];
const LIST_KEYS: &[&str] = &["tags", "aliases"];

/// What the form shows for one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormValues {
    /// Text, dates (`YYYY-MM-DD`), numbers, true/false and lists as written; `null` for a key
    /// the page does not have.
    #[serde(flatten)]
    pub values: serde_json::Map<String, Value>,
    /// Theme fields under `extra` as name/value rows (only when every value is one line of
    /// text, a number or true/false).
    pub extra: Vec<(String, String)>,
    /// Keys the form leaves alone (changed in the settings text).
    pub kept: Vec<String>,
    /// Whether the fields can be changed here: front matter written as YAML, the form's own
    /// format; TOML and JSON pages are changed in the settings text.
    pub editable: bool,
}

/// Why a change was not made, in words for the editor.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError(pub String);

/// The form's values for the page `rel` whose text is `text`.
pub fn read(rel: &str, text: &str) -> Result<FormValues, FieldError> {
    let file = Path::new(rel);
    let split = front_matter::split(file, text).map_err(|d| FieldError(d.message))?;
    if split.format != Format::Yaml {
        let fm = front_matter::parse(file, text, &split).map_err(first_error)?;
        return Ok(from_front_matter(&fm));
    }
    let raw: Value = if split.front.trim().is_empty() {
        Value::Object(Default::default())
    } else {
        serde_yaml::from_str(split.front).map_err(|e| {
            FieldError(format!(
                "the settings text is not valid YAML ({e}); fix it in the settings text"
            ))
        })?
    };
    let Value::Object(raw) = raw else {
        return Err(FieldError(
            "the settings text must be a list of `name: value` lines".into(),
        ));
    };
    Ok(from_raw(&raw))
}

fn from_raw(raw: &serde_json::Map<String, Value>) -> FormValues {
    let mut values = serde_json::Map::new();
    for key in FORM_KEYS.iter().filter(|k| **k != "extra") {
        let v = raw.get(*key).cloned().unwrap_or(Value::Null);
        values.insert(key.to_string(), v);
    }
    let mut kept: Vec<String> = raw
        .keys()
        .filter(|k| !FORM_KEYS.contains(&k.as_str()))
        .cloned()
        .collect();
    let extra = match raw.get("extra") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(map)) => match extra_rows(map) {
            Some(rows) => rows,
            None => {
                kept.push("extra".into());
                Vec::new()
            }
        },
        Some(_) => {
            kept.push("extra".into());
            Vec::new()
        }
    };
    FormValues {
        values,
        extra,
        kept,
        editable: true,
    }
}

/// `extra` as rows, when every value fits on one line of a text box.
fn extra_rows(map: &serde_json::Map<String, Value>) -> Option<Vec<(String, String)>> {
    map.iter()
        .map(|(k, v)| match v {
            Value::String(s) if !s.contains('\n') => Some((k.clone(), s.clone())),
            Value::Number(n) => Some((k.clone(), n.to_string())),
            Value::Bool(b) => Some((k.clone(), b.to_string())),
            _ => None,
        })
        .collect()
}

fn from_front_matter(fm: &front_matter::FrontMatter) -> FormValues {
    let text = |s: &Option<String>| s.clone().map(Value::String).unwrap_or(Value::Null);
    let date = |d: &Option<jiff::civil::Date>| {
        d.map(|d| Value::String(d.to_string()))
            .unwrap_or(Value::Null)
    };
    let list = |l: &[String]| Value::from(l.to_vec());
    let mut values = serde_json::Map::new();
    values.insert("title".into(), Value::from(fm.title.clone()));
    values.insert("description".into(), Value::from(fm.description.clone()));
    values.insert("tags".into(), list(&fm.tags));
    values.insert("weight".into(), Value::from(fm.weight));
    values.insert("draft".into(), Value::from(fm.draft));
    values.insert("template".into(), text(&fm.template));
    values.insert("reviewed_by".into(), text(&fm.reviewed_by));
    values.insert("last_reviewed".into(), date(&fm.last_reviewed));
    values.insert("next_review".into(), date(&fm.next_review));
    values.insert("translation_key".into(), text(&fm.translation_key));
    values.insert("aliases".into(), list(&fm.aliases));
    values.insert("date".into(), date(&fm.date));
    values.insert("updated".into(), date(&fm.updated));
    values.insert("slug".into(), text(&fm.slug));
    FormValues {
        values,
        extra: extra_rows(&fm.extra).unwrap_or_default(),
        kept: Vec::new(),
        editable: false,
    }
}

fn first_error(errors: crate::diagnostic::Errors) -> FieldError {
    match errors.0.first() {
        Some(d) => FieldError(match &d.hint {
            Some(hint) => format!("{}: {hint}", d.message),
            None => d.message.clone(),
        }),
        None => FieldError("the settings could not be read".into()),
    }
}

/// One change the form asks for: a field and its new value (`null`, `""` or `[]` remove the
/// key).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub value: Value,
}

/// The page's text after `changes`, with the form's values read back from it.
pub fn apply(
    rel: &str,
    text: &str,
    changes: &[FieldChange],
) -> Result<(String, FormValues), FieldError> {
    let before = read(rel, text)?;
    if !before.editable {
        return Err(FieldError(
            "this page's settings are written as TOML or JSON: change them in the settings text"
                .into(),
        ));
    }
    let mut expected = before.clone();
    let original = text;
    let mut text = text.to_string();
    for change in changes {
        let wanted = wanted_value(change)?;
        text = write_change(rel, &text, &change.field, &wanted)?;
        expect(&mut expected, &change.field, wanted);
    }
    let was_valid = still_valid(rel, original).is_ok();
    let after = read(rel, &text)?;
    if after != expected {
        return Err(FieldError(format!(
            "careleaf could not write this value so that it reads back the same; change it in the settings text ({})",
            changes
                .iter()
                .map(|c| c.field.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    // A page that had an error may be fixed one field at a time; one that had none must not
    // get one from the form.
    if was_valid {
        still_valid(rel, &text)?;
    }
    Ok((text, after))
}

/// What a changed field must read back as: `Null` for a removed key.
#[derive(Debug, Clone, PartialEq)]
enum Wanted {
    Value(Value),
    Extra(Vec<(String, String)>),
}

fn wanted_value(change: &FieldChange) -> Result<Wanted, FieldError> {
    let field = change.field.as_str();
    let bad = |what: &str| FieldError(format!("`{field}` must be {what}"));
    let v = &change.value;
    let wanted = match field {
        _ if TEXT_KEYS.contains(&field) => match v {
            Value::Null => Value::Null,
            Value::String(s) if s.trim().is_empty() => Value::Null,
            Value::String(s) => Value::String(s.trim().to_string()),
            _ => return Err(bad("text")),
        },
        _ if DATE_KEYS.contains(&field) => match v {
            Value::Null => Value::Null,
            Value::String(s) if s.trim().is_empty() => Value::Null,
            Value::String(s) => match s.trim().parse::<jiff::civil::Date>() {
                Ok(d) => Value::String(d.to_string()),
                Err(_) => return Err(bad("a date like 2026-11-27")),
            },
            _ => return Err(bad("a date")),
        },
        _ if LIST_KEYS.contains(&field) => match v {
            Value::Null => Value::Null,
            Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    let Value::String(s) = item else {
                        return Err(bad("a list of words"));
                    };
                    let s = s.trim();
                    if !s.is_empty() && !out.contains(&Value::from(s)) {
                        out.push(Value::from(s));
                    }
                }
                if out.is_empty() {
                    Value::Null
                } else {
                    Value::Array(out)
                }
            }
            _ => return Err(bad("a list")),
        },
        "weight" => match v {
            Value::Null => Value::Null,
            Value::Number(n) if n.is_i64() => v.clone(),
            _ => return Err(bad("a whole number")),
        },
        "draft" => match v {
            Value::Bool(true) => Value::Bool(true),
            Value::Bool(false) | Value::Null => Value::Null,
            _ => return Err(bad("true or false")),
        },
        "extra" => return extra_rows_wanted(v),
        _ => {
            return Err(FieldError(format!(
                "the form has no field `{field}`: change it in the settings text"
            )));
        }
    };
    Ok(Wanted::Value(wanted))
}

fn extra_rows_wanted(v: &Value) -> Result<Wanted, FieldError> {
    let rows: Vec<(String, String)> = serde_json::from_value(v.clone())
        .map_err(|_| FieldError("theme fields must be name and value pairs".into()))?;
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, value) in rows {
        let name = name.trim().to_string();
        if name.is_empty() {
            continue;
        }
        if !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            return Err(FieldError(format!(
                "the field name `{name}` may hold only letters, digits, `_` and `-`"
            )));
        }
        if out.iter().any(|(n, _)| *n == name) {
            return Err(FieldError(format!("the field `{name}` is there twice")));
        }
        if value.contains('\n') {
            return Err(FieldError(format!(
                "the value of `{name}` must be one line"
            )));
        }
        out.push((name, value.trim().to_string()));
    }
    Ok(Wanted::Extra(out))
}

fn write_change(rel: &str, text: &str, field: &str, wanted: &Wanted) -> Result<String, FieldError> {
    let split = front_matter::split(Path::new(rel), text).map_err(|d| FieldError(d.message))?;
    let new_front = match wanted {
        Wanted::Value(Value::Null) => yaml_text::remove(split.front, field),
        Wanted::Value(v) => yaml_text::set(split.front, field, |old| yaml_text::render(v, old)),
        Wanted::Extra(rows) if rows.is_empty() => yaml_text::remove(split.front, "extra"),
        Wanted::Extra(rows) => {
            yaml_text::set(split.front, "extra", |_| yaml_text::extra_block(rows))
        }
    }
    .map_err(FieldError)?;
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..split.front_start]);
    out.push_str(&new_front);
    out.push_str(&text[split.front_end()..]);
    Ok(out)
}

/// `values` as they must read back after `field` became `wanted`. Extra rows read back as
/// text (a number or true/false typed in a row is written as YAML reads it, and shown again
/// as the same text).
fn expect(values: &mut FormValues, field: &str, wanted: Wanted) {
    match wanted {
        Wanted::Value(v) => {
            values.values.insert(field.to_string(), v);
        }
        Wanted::Extra(rows) => values.extra = rows,
    }
}

/// Refuses a change that makes a page careleaf could read into one it cannot.
fn still_valid(rel: &str, text: &str) -> Result<(), FieldError> {
    let file = Path::new(rel);
    let split = front_matter::split(file, text).map_err(|d| FieldError(d.message))?;
    front_matter::parse(file, text, &split)
        .map(|_| ())
        .map_err(first_error)
}

#[cfg(test)]
mod tests;
