//! Front matter: the YAML between the `---` lines at the top of a Markdown file. It is split off
//! before Markdown parsing and its line offset kept, so every error points into the original file.

use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use crate::error::{Error, ErrorKind};
use crate::yaml::{self, YamlSource};

/// The typed, validated front matter of one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub description: String,
    pub slug: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub weight: i64,
    pub draft: bool,
    pub template: Option<String>,
    pub tags: Vec<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Medical review: who reviewed the page (name and credentials), when, and when it is due
    /// again (when not given: `last_reviewed` plus the site's review interval).
    pub reviewed_by: Option<String>,
    pub last_reviewed: Option<Date>,
    pub next_review: Option<Date>,
    /// `careleaf check` findings turned off for this page, by id.
    pub check_ignore: Vec<String>,
    /// Links this page to its translations when their file names differ (the same path in
    /// another language's folder links them anyway).
    pub translation_key: Option<String>,
    /// Old addresses of this page (`/old-name/`, no leading slash kept: `old-name/`): each
    /// gets a small page that sends visitors and search engines on to this one.
    pub aliases: Vec<String>,
}

/// What the YAML may contain. Everything optional here; required keys are checked afterwards so
/// that the error can point at a useful place (serde reports missing fields at a fake 1:1).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<String>,
    description: Option<String>,
    slug: Option<String>,
    date: Option<String>,
    updated: Option<String>,
    weight: Option<i64>,
    draft: Option<bool>,
    template: Option<String>,
    tags: Option<Vec<String>>,
    extra: Option<serde_json::Map<String, serde_json::Value>>,
    reviewed_by: Option<String>,
    last_reviewed: Option<String>,
    next_review: Option<String>,
    check_ignore: Option<Vec<String>>,
    translation_key: Option<String>,
    aliases: Option<Vec<String>>,
}

/// The parts of a page file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Byte offset of the Markdown body in the file's text.
    pub body_start: usize,
}

const EXAMPLE: &str = "---\ntitle: Your page title\ndescription: One sentence about the page.\n---";

/// Finds the front matter block. The text must already be normalized (no BOM, `\n` endings).
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Error> {
    if text.trim().is_empty() {
        return Err(
            Error::in_file(ErrorKind::FrontMatter, file, "this page is empty").with_hint(format!(
                "start the file with front matter, like:\n{EXAMPLE}"
            )),
        );
    }
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Err(Error::at(
            ErrorKind::FrontMatter,
            file,
            text,
            1,
            1,
            "the page does not start with front matter (a line with three dashes `---`)",
        )
        .with_hint(format!(
            "every page needs a title and a description at the top, like:\n{EXAMPLE}"
        )));
    }
    let yaml_start = first_line.len() + 1;
    let mut offset = yaml_start.min(text.len());
    // Cannot fail: `offset` is clamped to the text and then moves by whole lines, and the loop
    // runs only when the text goes past `yaml_start` (just after the first newline).
    for line in text[offset..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                body_start: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Error::at(
        ErrorKind::FrontMatter,
        file,
        text,
        1,
        1,
        "the front matter is not closed: no second `---` line was found",
    )
    .with_hint(
        "add a line with just `---` after the last front matter line (after `description: …`)",
    ))
}

/// Parses and validates the front matter YAML found by [`split`].
pub fn parse(file: &Path, text: &str, split: &Split) -> Result<FrontMatter, Error> {
    let src = YamlSource {
        file,
        file_text: text,
        yaml: split.yaml,
        line_offset: 1,
        kind: ErrorKind::FrontMatter,
        unknown_key_hint: "Free-form fields for the theme go under `extra:`",
        max_bytes: yaml::MAX_FRONT_MATTER_BYTES,
    };
    let raw: RawFrontMatter = yaml::parse(&src)?;
    let missing = |key: &str, example: &str| {
        Error::at(
            ErrorKind::FrontMatter,
            file,
            text,
            1,
            1,
            format!("the page has no `{key}`"),
        )
        .with_hint(format!(
            "add a line `{key}: {example}` between the `---` lines"
        ))
    };
    let title = raw.title.map(|t| t.trim().to_string()).unwrap_or_default();
    if title.is_empty() {
        return Err(match yaml::key_position(split.yaml, "title") {
            Some(_) => src.key_error("title", "the title is empty"),
            None => missing("title", "How long does the relief last?"),
        }
        .with_hint("give the page a title, e.g. `title: How long does the relief last?`"));
    }
    let description = raw
        .description
        .map(|t| t.trim().to_string())
        .unwrap_or_default();
    if description.is_empty() {
        return Err(match yaml::key_position(split.yaml, "description") {
            Some(_) => src.key_error("description", "the description is empty"),
            None => missing("description", "One plain sentence about this page."),
        }
        .with_hint("add `description: One plain sentence about this page.`: it is shown in search results and link previews"));
    }
    if let Some(slug) = &raw.slug
        && let Err(why) = validate_slug(slug)
    {
        return Err(src
            .key_error("slug", format!("the slug `{slug}` {why}"))
            .with_hint(
                "use lowercase letters, digits and hyphens only, e.g. `slug: how-long-it-lasts`",
            ));
    }
    let date = parse_date(&src, "date", raw.date.as_deref())?;
    let updated = parse_date(&src, "updated", raw.updated.as_deref())?;
    let last_reviewed = parse_date(&src, "last_reviewed", raw.last_reviewed.as_deref())?;
    let next_review = parse_date(&src, "next_review", raw.next_review.as_deref())?;
    if let (Some(last), Some(next)) = (last_reviewed, next_review)
        && next < last
    {
        return Err(src
                .key_error("next_review", format!("the next review ({next}) is before the last one ({last})"))
                .with_hint("next_review must come after last_reviewed; leave it out to use the site's review interval"));
    }
    let reviewed_by = raw
        .reviewed_by
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    if let Some(template) = &raw.template
        && (template.contains("..") || template.starts_with('/') || template.trim().is_empty())
    {
        return Err(src
            .key_error("template", format!("`{template}` is not a template name"))
            .with_hint(
                "give the file name of a template in the theme, e.g. `template: page.html`",
            ));
    }
    let mut aliases = Vec::new();
    for alias in raw.aliases.unwrap_or_default() {
        match alias_path(&alias) {
            Ok(path) => aliases.push(path),
            Err(why) => {
                return Err(src
                    .key_error("aliases", format!("the alias `{alias}` {why}"))
                    .with_hint(
                        "write an old address of this page from the site's root, e.g. `aliases: [/old-page-name/]`",
                    ));
            }
        }
    }
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
        reviewed_by,
        last_reviewed,
        next_review,
        check_ignore: raw.check_ignore.unwrap_or_default(),
        translation_key: raw
            .translation_key
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty()),
        aliases,
    })
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

fn parse_date(src: &YamlSource, key: &str, value: Option<&str>) -> Result<Option<Date>, Error> {
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

/// Slugs become folder names in URLs: keep them to what every host and browser agrees on.
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
mod tests {
    use super::*;

    fn fm(text: &str) -> Result<FrontMatter, Error> {
        let file = Path::new("content/a.md");
        let s = split(file, text)?;
        parse(file, text, &s)
    }

    #[test]
    fn splits_yaml_and_body() {
        let text = "---\ntitle: A\n---\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(&text[s.body_start..], "Body\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error_with_a_hint() {
        let e = fm("---\ntitle: A\nBody\n").unwrap_err();
        assert!(e.message.contains("not closed"));
        assert_eq!(e.location().unwrap(), "content/a.md:1:1");
    }

    #[test]
    fn missing_title_and_description_are_reported() {
        let e = fm("---\ndescription: D\n---\n").unwrap_err();
        assert_eq!(e.message, "the page has no `title`");
        let e = fm("---\ntitle: T\n---\n").unwrap_err();
        assert_eq!(e.message, "the page has no `description`");
    }

    #[test]
    fn impossible_dates_are_rejected_at_the_value() {
        let e = fm("---\ntitle: T\ndescription: D\ndate: 2025-02-30\n---\n").unwrap_err();
        assert_eq!(e.location().unwrap(), "content/a.md:4:7");
        assert!(e.message.contains("not a valid date"));
        let ok = fm("---\ntitle: T\ndescription: D\ndate: 2024-02-29\n---\n").unwrap();
        assert_eq!(ok.date.unwrap().to_string(), "2024-02-29");
        assert!(fm("---\ntitle: T\ndescription: D\ndate: 5/3/2025\n---\n").is_err());
    }

    #[test]
    fn slugs_are_validated() {
        assert!(validate_slug("how-long-it-lasts").is_ok());
        assert!(validate_slug("../etc").is_err());
        assert!(validate_slug("a/b").is_err());
        assert!(validate_slug("Risks").is_err());
        let e = fm("---\ntitle: T\ndescription: D\nslug: Bad Slug\n---\n").unwrap_err();
        assert_eq!(e.location().unwrap(), "content/a.md:4:7");
    }

    #[test]
    fn extra_holds_free_form_fields() {
        let f = fm("---\ntitle: T\ndescription: D\nextra:\n  hero: yes-please\n---\n").unwrap();
        assert_eq!(f.extra["hero"], "yes-please");
    }
}
