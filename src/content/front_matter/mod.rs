//! Front matter: the keys at the top of a Markdown file, as YAML between `---` lines, TOML
//! between `+++` lines or a JSON object. It is split off before Markdown parsing and its
//! offset kept, so every error points into the original file.

use std::path::Path;

use jiff::civil::Date;

use crate::diagnostic::{Diagnostic, Errors};
use crate::yaml::{self, YamlSource};

mod formats;
mod raw;
mod split;
mod stored;

pub use raw::KNOWN_KEYS;
use raw::{DateText, RawFrontMatter};
pub use split::{Format, Split, has_front_matter, split};

/// The typed, validated front matter of one page.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FrontMatter {
    pub title: String,
    pub description: String,
    pub slug: Option<String>,
    #[serde(with = "stored::date")]
    pub date: Option<Date>,
    #[serde(with = "stored::date")]
    pub updated: Option<Date>,
    pub weight: i64,
    pub draft: bool,
    pub template: Option<String>,
    pub tags: Vec<String>,
    #[serde(with = "stored::json_map")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Medical review: who reviewed the page (name and credentials), when, and when it is due
    /// again (when not given: `last_reviewed` plus the site's review interval).
    pub reviewed_by: Option<String>,
    #[serde(with = "stored::date")]
    pub last_reviewed: Option<Date>,
    #[serde(with = "stored::date")]
    pub next_review: Option<Date>,
    /// `careleaf check` findings turned off for this page, by id.
    pub check_ignore: Vec<String>,
    /// Links this page to its translations when their file names differ (the same path in
    /// another language's folder links them anyway).
    pub translation_key: Option<String>,
    /// Old addresses of this page (`/old-name/`, no leading slash kept: `old-name/`): each
    /// gets a small page that sends visitors and search engines on to this one.
    pub aliases: Vec<String>,
    /// Fields `careleaf import` guessed (`description`, `title`): `check` asks an editor to
    /// confirm each until the list is deleted.
    pub unconfirmed: Vec<String>,
    /// On a section's `_index.md`: publish an Atom feed of its pages (`atom.xml` in the
    /// section's folder), e.g. for a clinic's news.
    pub feed: bool,
}

/// Parses and validates the front matter found by [`split`], in whichever of YAML, TOML or
/// JSON it is written. Every unknown key and every invalid value is reported, not just the
/// first; only a syntax error stops the reading there.
pub fn parse(file: &Path, text: &str, split: &Split) -> Result<FrontMatter, Errors> {
    let src = YamlSource {
        file,
        file_text: text,
        yaml: split.front,
        line_offset: split.line_offset(),
        unknown_key_hint: "",
        max_bytes: yaml::MAX_FRONT_MATTER_BYTES,
    };
    let raw: RawFrontMatter = match split.format {
        Format::Yaml => yaml::parse(&src)?,
        Format::Toml => formats::parse_toml(&src)?,
        Format::Json => formats::parse_json(&src)?,
    };
    let mut errors = Errors::default();
    for key in &raw.unknown {
        errors.push(
            src.key_name_error(key, format!("unknown key `{key}`"))
                .with_hint(raw::unknown_key_hint(key)),
        );
    }
    let title = errors.keep(required_text(&src, raw.title, &TITLE));
    let description = errors.keep(required_text(&src, raw.description, &DESCRIPTION));
    if let Some(slug) = &raw.slug {
        errors.keep(check_slug(&src, slug));
    }
    let mut date_of = |key: &str, value: &Option<DateText>| {
        let text = value.as_ref().map(|d| d.0.as_str());
        errors.keep(parse_date(&src, key, text)).flatten()
    };
    let date = date_of("date", &raw.date);
    let updated = date_of("updated", &raw.updated);
    let last_reviewed = date_of("last_reviewed", &raw.last_reviewed);
    let next_review = date_of("next_review", &raw.next_review);
    errors.keep(check_review_order(&src, last_reviewed, next_review));
    if let Some(template) = &raw.template {
        errors.keep(check_template(&src, template));
    }
    let aliases = errors.keep(alias_paths(&src, raw.aliases.unwrap_or_default()));
    let (Some(title), Some(description), Some(aliases)) = (title, description, aliases) else {
        return Err(errors);
    };
    errors.into_result(())?;
    let tags = raw
        .tags
        .unwrap_or_default()
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    Ok(FrontMatter {
        title,
        description,
        slug: raw.slug,
        date,
        updated,
        weight: raw.weight.unwrap_or(0),
        draft: raw.draft.unwrap_or(false),
        template: raw.template,
        tags,
        extra: raw.extra.unwrap_or_default(),
        reviewed_by: trimmed_non_empty(raw.reviewed_by),
        last_reviewed,
        next_review,
        check_ignore: raw.check_ignore.unwrap_or_default(),
        translation_key: trimmed_non_empty(raw.translation_key),
        aliases,
        unconfirmed: raw.unconfirmed.unwrap_or_default(),
        feed: raw.feed.unwrap_or(false),
    })
}

/// A key every page must have, and what its errors say.
struct RequiredKey {
    key: &'static str,
    /// The message when the key is there with nothing after it.
    empty: &'static str,
    /// The hint for an empty and a missing key alike.
    hint: &'static str,
}

const TITLE: RequiredKey = RequiredKey {
    key: "title",
    empty: "the title is empty",
    hint: "give the page a title, e.g. `title: How long does the relief last?`",
};

const DESCRIPTION: RequiredKey = RequiredKey {
    key: "description",
    empty: "the description is empty",
    hint: "add `description: One plain sentence about this page.`: it is shown in search results and link previews",
};

/// The trimmed value of a required key. An empty one is an error at the key; a missing one at
/// the top of the file (there is no line to point at).
fn required_text(
    src: &YamlSource,
    value: Option<String>,
    required: &RequiredKey,
) -> Result<String, Diagnostic> {
    let value = value.map(|t| t.trim().to_string()).unwrap_or_default();
    if !value.is_empty() {
        return Ok(value);
    }
    let key = required.key;
    let error = match yaml::key_position(src.yaml, key) {
        Some(_) => src.key_error(key, required.empty),
        None => Diagnostic::at(
            src.file,
            src.file_text,
            1,
            1,
            format!("the page has no `{key}`"),
        ),
    };
    Err(error.with_hint(required.hint))
}

fn check_slug(src: &YamlSource, slug: &str) -> Result<(), Diagnostic> {
    validate_slug(slug).map_err(|why| {
        src.key_error("slug", format!("the slug `{slug}` {why}"))
            .with_hint(
                "use lowercase letters, digits and hyphens only, e.g. `slug: how-long-it-lasts`",
            )
    })
}

fn check_review_order(
    src: &YamlSource,
    last_reviewed: Option<Date>,
    next_review: Option<Date>,
) -> Result<(), Diagnostic> {
    if let (Some(last), Some(next)) = (last_reviewed, next_review)
        && next < last
    {
        return Err(src
                .key_error("next_review", format!("the next review ({next}) is before the last one ({last})"))
                .with_hint("next_review must come after last_reviewed; leave it out to use the site's review interval"));
    }
    Ok(())
}

/// Template names are looked up in the theme's folder: nothing that could leave it.
fn check_template(src: &YamlSource, template: &str) -> Result<(), Diagnostic> {
    if template.contains("..") || template.starts_with('/') || template.trim().is_empty() {
        return Err(src
            .key_error("template", format!("`{template}` is not a template name"))
            .with_hint(
                "give the file name of a template in the theme, e.g. `template: page.html`",
            ));
    }
    Ok(())
}

/// The output path of each alias; the first that is not an address on this site is an error.
fn alias_paths(src: &YamlSource, aliases: Vec<String>) -> Result<Vec<String>, Diagnostic> {
    aliases
        .into_iter()
        .map(|alias| {
            alias_path(&alias).map_err(|why| {
                src.key_error("aliases", format!("the alias `{alias}` {why}"))
                    .with_hint(
                        "write an old address of this page from the site's root, e.g. `aliases: [/old-page-name/]`",
                    )
            })
        })
        .collect()
}

/// A free-text value trimmed; a blank one counts as not given.
fn trimmed_non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// An alias as an output path below the site root: `/old/` → `old/`, `/a/b.html` → `a/b.html`.
fn alias_path(alias: &str) -> Result<String, &'static str> {
    let alias = alias.trim();
    let Some(path) = alias.strip_prefix('/') else {
        return Err("must start with `/` (it is an address on this site)");
    };
    if path.is_empty() {
        return Err("is the home page's address");
    }
    if path.contains("//") || path.contains('\\') {
        return Err("must not contain `//` or `\\`");
    }
    if path.split('/').any(|part| part == ".." || part == ".") {
        return Err("must not contain `.` or `..` folders");
    }
    if path
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '"' | '<' | '>'))
    {
        return Err("must not contain spaces, `?`, `#`, quotes or `<` `>`");
    }
    if path.ends_with('/') || path.ends_with(".html") {
        Ok(path.to_string())
    } else {
        Ok(format!("{path}/"))
    }
}

fn parse_date(
    src: &YamlSource,
    key: &str,
    value: Option<&str>,
) -> Result<Option<Date>, Diagnostic> {
    let Some(value) = value.map(str::trim) else {
        return Ok(None);
    };
    // A date and time is accepted; only the day is used.
    let day = value
        .get(..10)
        .filter(|_| value.len() == 10 || matches!(value.as_bytes().get(10), Some(b'T' | b' ')));
    let parsed = day.and_then(|d| {
        let b = d.as_bytes();
        // Cannot fail: `d` is the first 10 bytes of the value, taken with `get`.
        let shape_ok = b[4] == b'-' && b[7] == b'-';
        shape_ok.then(|| d.parse::<Date>().ok()).flatten()
    });
    match parsed {
        Some(date) => Ok(Some(date)),
        None => Err(src
            .key_error(key, format!("`{value}` is not a valid date"))
            .with_hint(format!(
                "write dates as year-month-day, e.g. `{key}: 2025-03-05`, and check that the day exists in that month"
            ))),
    }
}

/// Words that mark a reviewer as not filled in yet.
const PLACEHOLDER_REVIEWERS: &[&str] = &[
    "placeholder",
    "todo",
    "tbd",
    "xxx",
    "example",
    "lorem",
    "your name",
];

/// Whether a `reviewed_by` value is a stand-in ("PLACEHOLDER: …", "TODO") rather than a person.
pub fn is_placeholder_reviewer(reviewed_by: &str) -> bool {
    let lower = reviewed_by.to_lowercase();
    PLACEHOLDER_REVIEWERS.iter().any(|p| lower.contains(p))
}

impl FrontMatter {
    /// The clinician who reviewed the page, when one is named: a missing, blank or placeholder
    /// `reviewed_by` is none, so that a page never reads as reviewed when it was not.
    pub fn medical_reviewer(&self) -> Option<&str> {
        self.reviewed_by
            .as_deref()
            .map(str::trim)
            .filter(|by| !by.is_empty() && !is_placeholder_reviewer(by))
    }
}

/// Slugs become folder names in URLs: keep them to what every host and browser agrees on.
pub fn validate_slug(slug: &str) -> Result<(), &'static str> {
    if slug.is_empty() {
        return Err("is empty");
    }
    if slug.contains('/') || slug.contains('\\') || slug.contains("..") {
        return Err("must not contain `/`, `\\` or `..`");
    }
    if slug.chars().any(|c| c.is_ascii_uppercase()) {
        return Err("must be lowercase");
    }
    if !slug
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err("may only contain lowercase letters, digits and hyphens");
    }
    if slug.starts_with('-') || slug.ends_with('-') {
        return Err("must not start or end with a hyphen");
    }
    Ok(())
}

#[cfg(test)]
mod tests;
