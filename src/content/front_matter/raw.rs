//! The front matter as written, before validation, read the same way from YAML, TOML and JSON.
//! Unknown keys are collected rather than refused one at a time, so that a page from another
//! generator gets every key it has to rename in one run, each with what careleaf calls it.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::diagnostic::closest;

/// What the front matter may contain. Everything optional here; required keys are checked
/// afterwards so that the error can point at a useful place.
#[derive(Default)]
pub(super) struct RawFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub date: Option<DateText>,
    pub updated: Option<DateText>,
    pub weight: Option<i64>,
    pub draft: Option<bool>,
    pub template: Option<String>,
    pub tags: Option<Vec<String>>,
    pub extra: Option<serde_json::Map<String, serde_json::Value>>,
    pub reviewed_by: Option<String>,
    pub last_reviewed: Option<DateText>,
    pub next_review: Option<DateText>,
    pub check_ignore: Option<Vec<String>>,
    pub translation_key: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub unconfirmed: Option<Vec<String>>,
    pub feed: Option<bool>,
    /// Keys careleaf does not know, in the order written.
    pub unknown: Vec<String>,
}

/// Every key a page's front matter may have.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "slug",
    "date",
    "updated",
    "weight",
    "draft",
    "template",
    "tags",
    "extra",
    "reviewed_by",
    "last_reviewed",
    "next_review",
    "check_ignore",
    "translation_key",
    "aliases",
    "unconfirmed",
    "feed",
];

/// Other generators' names for careleaf's keys (Hugo, Jekyll, Zola, Eleventy, WordPress
/// exports), and what to write instead.
const OTHER_GENERATORS_KEYS: &[(&str, &str)] = &[
    (
        "layout",
        "`template` (a template of the theme, e.g. `template: page.html`), or delete it: pages use `page.html` unless told",
    ),
    ("type", "`template`, or delete it"),
    ("lastmod", "`updated`"),
    ("last_modified_at", "`updated`"),
    ("modified", "`updated`"),
    ("publishdate", "`date`"),
    ("summary", "`description`"),
    ("excerpt", "`description`"),
    ("categories", "`tags` (careleaf has one list of topics)"),
    ("keywords", "`tags`"),
    ("taxonomies", "`tags`"),
    (
        "permalink",
        "`slug` for the last part of the address, and `aliases: [/old/address/]` so the old address keeps working",
    ),
    (
        "url",
        "`slug`, and `aliases: [/old/address/]` so the old address keeps working",
    ),
    (
        "author",
        "`extra: { author: … }` (or `reviewed_by` if this is the clinician who reviewed the page)",
    ),
    ("authors", "`extra: { authors: … }`"),
    ("image", "`extra: { image: … }`"),
    (
        "toc",
        "nothing: careleaf makes a table of contents from the `##` headings on its own",
    ),
];

/// The hint for an unknown key: another generator's name for a careleaf key, else the closest
/// careleaf key.
pub fn unknown_key_hint(key: &str) -> String {
    let lower = key.to_lowercase();
    if let Some((_, instead)) = OTHER_GENERATORS_KEYS.iter().find(|(k, _)| *k == lower) {
        return format!("careleaf calls this {instead}");
    }
    let others: Vec<&str> = OTHER_GENERATORS_KEYS.iter().map(|(k, _)| *k).collect();
    let candidates: Vec<&str> = KNOWN_KEYS.iter().copied().chain(others).collect();
    let mut hint = match closest(&lower, &candidates) {
        Some(k) => match OTHER_GENERATORS_KEYS.iter().find(|(other, _)| *other == k) {
            Some((other, instead)) => {
                return format!("did you mean `{other}`? careleaf calls that {instead}");
            }
            None => format!("did you mean `{k}`? "),
        },
        None => String::new(),
    };
    hint.push_str(&format!(
        "allowed keys are: {}. Free-form fields for the theme go under `extra:`",
        KNOWN_KEYS.join(", ")
    ));
    hint
}

impl<'de> Deserialize<'de> for RawFrontMatter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawFrontMatter;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // "map" is what the YAML errors explain as "`key: value` lines".
        f.write_str("a map of keys and values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFrontMatter, A::Error> {
        let mut raw = RawFrontMatter::default();
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                // The wording serde's derive uses, which the YAML errors explain and locate.
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            match key.as_str() {
                "title" => raw.title = map.next_value()?,
                "description" => raw.description = map.next_value()?,
                "slug" => raw.slug = map.next_value()?,
                "date" => raw.date = map.next_value()?,
                "updated" => raw.updated = map.next_value()?,
                "weight" => raw.weight = map.next_value()?,
                "draft" => raw.draft = map.next_value()?,
                "template" => raw.template = map.next_value()?,
                "tags" => raw.tags = map.next_value()?,
                "extra" => raw.extra = map.next_value()?,
                "reviewed_by" => raw.reviewed_by = map.next_value()?,
                "last_reviewed" => raw.last_reviewed = map.next_value()?,
                "next_review" => raw.next_review = map.next_value()?,
                "check_ignore" => raw.check_ignore = map.next_value()?,
                "translation_key" => raw.translation_key = map.next_value()?,
                "aliases" => raw.aliases = map.next_value()?,
                "unconfirmed" => raw.unconfirmed = map.next_value()?,
                "feed" => raw.feed = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    raw.unknown.push(key.clone());
                }
            }
            seen.push(key);
        }
        Ok(raw)
    }
}

/// A date as written: text in YAML and JSON, a date-time value in TOML (`date = 2024-05-01`).
pub struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = DateText;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date like 2025-03-05")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateText, E> {
        Ok(DateText(v.to_string()))
    }

    /// TOML hands a date-time over as a map of one private key to its text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DateText, A::Error> {
        match map.next_entry::<String, String>()? {
            Some((_, text)) => Ok(DateText(text)),
            None => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}
