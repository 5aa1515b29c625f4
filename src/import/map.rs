//! Another generator's front-matter keys mapped to careleaf's (README "Front matter"): dates
//! to `date`/`updated` (the day only), summaries to `description`, categories, tags and
//! keywords to `tags`, permalinks to old addresses, and what careleaf has no key for to `extra`.

use serde_json::{Map, Value};

/// Careleaf's front matter for one imported page, before the guesses and the addresses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapped {
    pub title: Option<String>,
    pub description: Option<String>,
    /// The page's own slug (`slug:`), or the last part of its permalink.
    pub slug: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub tags: Vec<String>,
    /// Jekyll's categories on their own: they are part of a post's address.
    pub categories: Vec<String>,
    /// The page's address on the old site when its front matter set one (`permalink`, `url`,
    /// Zola's `path`).
    pub permalink: Option<String>,
    /// Old addresses it already redirected from (`aliases`, `redirect_from`).
    pub aliases: Vec<String>,
    pub extra: Map<String, Value>,
    /// What an editor should know: `(key, why)`.
    pub notes: Vec<(String, String)>,
}

/// Keys read into careleaf's own fields; any other goes to `extra`.
fn known(key: &str) -> bool {
    matches!(
        key,
        "title"
            | "description"
            | "summary"
            | "excerpt"
            | "date"
            | "publishdate"
            | "pubdate"
            | "lastmod"
            | "last_modified_at"
            | "modified"
            | "updated"
            | "tags"
            | "categories"
            | "category"
            | "keywords"
            | "taxonomies"
            | "slug"
            | "permalink"
            | "url"
            | "path"
            | "aliases"
            | "redirect_from"
            | "layout"
            | "template"
            | "weight"
            | "draft"
            | "published"
            | "extra"
    )
}

pub fn map(front: &Map<String, Value>) -> Mapped {
    // Hugo's keys are case-insensitive (`lastMod`, `Title`).
    let lower: Vec<(String, &Value)> = front
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    let get = |key: &str| lower.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
    let first_text = |keys: &[&str]| keys.iter().filter_map(|k| get(k)).find_map(text);
    let mut m = Mapped {
        title: first_text(&["title"]),
        description: first_text(&["description", "summary", "excerpt"]),
        permalink: first_text(&["permalink", "url", "path"]),
        ..Mapped::default()
    };
    for (key, is_update) in [
        ("date", false),
        ("publishdate", false),
        ("pubdate", false),
        ("lastmod", true),
        ("last_modified_at", true),
        ("modified", true),
        ("updated", true),
    ] {
        let Some(value) = get(key) else { continue };
        let target = if is_update {
            &mut m.updated
        } else {
            &mut m.date
        };
        match text(value).as_deref().and_then(day) {
            Some(d) if target.is_none() => *target = Some(d),
            Some(_) => {}
            None => m.notes.push((
                key.into(),
                format!(
                    "`{key}` is not a date careleaf reads ({}): it was left out",
                    shown(value)
                ),
            )),
        }
    }
    m.slug = first_text(&["slug"])
        .map(|s| crate::content::slug_or(&s, "page"))
        .or_else(|| m.permalink.as_deref().and_then(last_segment_slug));
    for key in ["categories", "category"] {
        m.categories.extend(get(key).map(words).unwrap_or_default());
    }
    let mut tags = Vec::new();
    for key in ["categories", "category", "tags", "keywords"] {
        tags.extend(get(key).map(words).unwrap_or_default());
    }
    if let Some(Value::Object(taxonomies)) = get("taxonomies") {
        for values in taxonomies.values() {
            tags.extend(words(values));
        }
    }
    let mut seen = std::collections::HashSet::new();
    m.tags = tags
        .into_iter()
        .filter(|t| seen.insert(t.to_lowercase()))
        .collect();
    for key in ["aliases", "redirect_from"] {
        m.aliases.extend(get(key).map(list).unwrap_or_default());
    }
    m.weight = get("weight").and_then(|w| {
        w.as_i64()
            .or_else(|| w.as_f64().map(|f| f as i64))
            .or_else(|| w.as_str().and_then(|s| s.trim().parse().ok()))
    });
    m.draft = get("draft").is_some_and(truthy) || get("published").is_some_and(|p| !truthy(p));
    for key in ["layout", "template"] {
        if let Some(value) = get(key) {
            m.notes.push((
                key.into(),
                format!(
                    "`{key}: {}` was left out: careleaf pages use the theme's templates",
                    shown(value)
                ),
            ));
        }
    }
    if let Some(Value::Object(extra)) = get("extra") {
        m.extra.extend(extra.clone());
    }
    for (key, value) in front {
        if !known(&key.to_ascii_lowercase()) && !value.is_null() {
            m.extra.insert(key.clone(), value.clone());
        }
    }
    m
}

/// A scalar as one line of text (numbers and booleans too: `title: 2024` is a title).
fn text(value: &Value) -> Option<String> {
    let s = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!one_line.is_empty()).then_some(one_line)
}

fn shown(value: &Value) -> String {
    text(value).unwrap_or_else(|| value.to_string())
}

/// `2024-03-05`, `2024-03-05T10:00:00+01:00` or `2024-03-05 10:00:00 +0100` → `2024-03-05`.
pub fn day(value: &str) -> Option<String> {
    let value = value.trim();
    let d = value.get(..10)?;
    if value.len() > 10 && !matches!(value.as_bytes()[10], b'T' | b't' | b' ') {
        return None;
    }
    d.parse::<jiff::civil::Date>().ok().map(|d| d.to_string())
}

/// A list of strings, or one string (a Jekyll `categories: health lungs` is two).
fn words(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => s.split_whitespace().map(str::to_string).collect(),
        _ => list(value),
    }
}

fn list(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    }
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::String(s) => matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "yes"),
        _ => false,
    }
}

/// The last part of an address, as a careleaf slug: `/fr/asthme-chez-l-enfant.html` →
/// `asthme-chez-l-enfant`. None for the site root.
fn last_segment_slug(address: &str) -> Option<String> {
    let last = address
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty() && !s.starts_with(':'))?;
    let last = last.strip_suffix(".html").unwrap_or(last);
    (last != "index").then(|| crate::content::slug_or(last, "page"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mapped(value: Value) -> Mapped {
        map(value.as_object().unwrap())
    }

    #[test]
    fn dates_with_times_and_zones_keep_the_day() {
        let m = mapped(json!({
            "date": "2024-03-05T23:30:00-08:00",
            "lastmod": "2024-04-01 10:00:00 +0100",
        }));
        assert_eq!(m.date.as_deref(), Some("2024-03-05"));
        assert_eq!(m.updated.as_deref(), Some("2024-04-01"));
        let bad = mapped(json!({"date": "last spring"}));
        assert_eq!(bad.date, None);
        assert!(bad.notes[0].1.contains("not a date"), "{:?}", bad.notes);
        assert_eq!(day("2024-02-30"), None);
        assert_eq!(day("2024-03-05x"), None);
    }

    #[test]
    fn summaries_taxonomies_and_permalinks_map_to_careleaf_keys() {
        let m = mapped(json!({
            "Title": "Asthma",
            "summary": "What asthma is.",
            "categories": "health lungs",
            "tags": ["Lungs", "inhalers"],
            "taxonomies": {"topics": ["allergy"]},
            "permalink": "/health/asthma-basics.html",
            "redirect_from": ["/old-asthma/"],
            "layout": "post",
            "author": "Dr Ada",
            "published": false,
        }));
        assert_eq!(m.title.as_deref(), Some("Asthma"));
        assert_eq!(m.description.as_deref(), Some("What asthma is."));
        assert_eq!(m.tags, ["health", "lungs", "inhalers", "allergy"]);
        assert_eq!(m.slug.as_deref(), Some("asthma-basics"));
        assert_eq!(m.permalink.as_deref(), Some("/health/asthma-basics.html"));
        assert_eq!(m.aliases, ["/old-asthma/"]);
        assert!(m.draft);
        assert_eq!(m.extra["author"], "Dr Ada");
        assert!(!m.extra.contains_key("layout"));
        assert_eq!(m.notes[0].0, "layout");
    }

    #[test]
    fn slugs_become_careleaf_slugs() {
        let m = mapped(json!({"slug": "Asthme Enfant", "weight": "3"}));
        assert_eq!(m.slug.as_deref(), Some("asthme-enfant"));
        assert_eq!(m.weight, Some(3));
        assert_eq!(last_segment_slug("/"), None);
        assert_eq!(last_segment_slug("/a/index.html"), None);
    }
}
