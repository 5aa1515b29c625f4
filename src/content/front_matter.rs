//! Front matter: the YAML between the `---` lines at the top of a Markdown file. It is split off
//! before Markdown parsing and its line offset kept, so every error points into the original file.

use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
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
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(
            Diagnostic::in_file(file, "this page is empty").with_hint(format!(
                "start the file with front matter, like:\n{EXAMPLE}"
            )),
        );
    }
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Err(Diagnostic::at(
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
    Err(Diagnostic::at(
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

/// Parses and validates the front matter YAML found by [`split`]. The checks run in the order
/// of the keys in [`FrontMatter`], and the first that fails is the error.
pub fn parse(file: &Path, text: &str, split: &Split) -> Result<FrontMatter, Diagnostic> {
    let src = YamlSource {
        file,
        file_text: text,
        yaml: split.yaml,
        line_offset: 1,
        unknown_key_hint: "Free-form fields for the theme go under `extra:`",
        max_bytes: yaml::MAX_FRONT_MATTER_BYTES,
    };
    let raw: RawFrontMatter = yaml::parse(&src)?;
    let title = required_text(&src, raw.title, &TITLE)?;
    let description = required_text(&src, raw.description, &DESCRIPTION)?;
    if let Some(slug) = &raw.slug {
        check_slug(&src, slug)?;
    }
    let date = parse_date(&src, "date", raw.date.as_deref())?;
    let updated = parse_date(&src, "updated", raw.updated.as_deref())?;
    let last_reviewed = parse_date(&src, "last_reviewed", raw.last_reviewed.as_deref())?;
    let next_review = parse_date(&src, "next_review", raw.next_review.as_deref())?;
    check_review_order(&src, last_reviewed, next_review)?;
    if let Some(template) = &raw.template {
        check_template(&src, template)?;
    }
    let aliases = alias_paths(&src, raw.aliases.unwrap_or_default())?;
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
mod tests {
    use super::*;

    fn fm(text: &str) -> Result<FrontMatter, Diagnostic> {
        let file = Path::new("content/a.md");
        let s = split(file, text)?;
        parse(file, text, &s)
    }

    /// Checks that `text` is refused at `location`, saying `message`, with a hint that
    /// contains `hint`.
    fn assert_error(text: &str, location: &str, message: &str, hint: &str) {
        let e = fm(text).expect_err(text);
        assert_eq!(e.location().as_deref(), Some(location), "{text}");
        assert_eq!(e.message, message, "{text}");
        let help = e.hint.unwrap_or_default();
        assert!(help.contains(hint), "{text}: the hint is {help:?}");
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
        assert_error(
            "---\ntitle: A\nBody\n",
            "content/a.md:1:1",
            "the front matter is not closed: no second `---` line was found",
            "add a line with just `---` after the last front matter line",
        );
    }

    #[test]
    fn missing_title_and_description_are_reported() {
        // A missing key has no line: the error is at the top of the file.
        assert_error(
            "---\ndescription: D\n---\n",
            "content/a.md:1:1",
            "the page has no `title`",
            "give the page a title, e.g. `title: How long does the relief last?`",
        );
        assert_error(
            "---\ntitle: T\n---\n",
            "content/a.md:1:1",
            "the page has no `description`",
            "add `description: One plain sentence about this page.`",
        );
        // An empty one is at its value, or at the key when nothing follows it.
        assert_error(
            "---\ntitle: \"  \"\ndescription: D\n---\n",
            "content/a.md:2:8",
            "the title is empty",
            "give the page a title",
        );
        assert_error(
            "---\ntitle: T\ndescription:\n---\n",
            "content/a.md:3:1",
            "the description is empty",
            "it is shown in search results and link previews",
        );
    }

    #[test]
    fn review_dates_templates_and_aliases_are_checked_at_their_key() {
        assert_error(
            "---\ntitle: T\ndescription: D\nlast_reviewed: 2025-03-01\nnext_review: 2025-01-01\n---\n",
            "content/a.md:5:14",
            "the next review (2025-01-01) is before the last one (2025-03-01)",
            "next_review must come after last_reviewed",
        );
        assert_error(
            "---\ntitle: T\ndescription: D\ntemplate: ../x.html\n---\n",
            "content/a.md:4:11",
            "`../x.html` is not a template name",
            "give the file name of a template in the theme",
        );
        assert_error(
            "---\ntitle: T\ndescription: D\naliases: [/ok/, old]\n---\n",
            "content/a.md:4:10",
            "the alias `old` must start with `/` (it is an address on this site)",
            "write an old address of this page from the site's root",
        );
    }

    #[test]
    fn impossible_dates_are_rejected_at_the_value() {
        let hint = "write dates as year-month-day, e.g. `date: 2025-03-05`";
        assert_error(
            "---\ntitle: T\ndescription: D\ndate: 2025-02-30\n---\n",
            "content/a.md:4:7",
            "`2025-02-30` is not a valid date",
            hint,
        );
        let ok = fm("---\ntitle: T\ndescription: D\ndate: 2024-02-29\n---\n").unwrap();
        assert_eq!(ok.date.unwrap().to_string(), "2024-02-29");
        assert_error(
            "---\ntitle: T\ndescription: D\ndate: 5/3/2025\n---\n",
            "content/a.md:4:7",
            "`5/3/2025` is not a valid date",
            hint,
        );
    }

    #[test]
    fn slugs_are_validated() {
        assert!(validate_slug("how-long-it-lasts").is_ok());
        let folders = Err("must not contain `/`, `\\` or `..`");
        assert_eq!(validate_slug("../etc"), folders);
        assert_eq!(validate_slug("a/b"), folders);
        assert_eq!(validate_slug("Risks"), Err("must be lowercase"));
        assert_eq!(
            validate_slug("a_b"),
            Err("may only contain lowercase letters, digits and hyphens")
        );
        assert_eq!(
            validate_slug("-a"),
            Err("must not start or end with a hyphen")
        );
        assert_error(
            "---\ntitle: T\ndescription: D\nslug: Bad Slug\n---\n",
            "content/a.md:4:7",
            "the slug `Bad Slug` must be lowercase",
            "use lowercase letters, digits and hyphens only",
        );
    }

    #[test]
    fn extra_holds_free_form_fields() {
        let f = fm("---\ntitle: T\ndescription: D\nextra:\n  hero: yes-please\n---\n").unwrap();
        assert_eq!(f.extra["hero"], "yes-please");
    }
}
