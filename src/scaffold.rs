//! `careleaf init` and `careleaf new`: files an editor starts from. They never overwrite.

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::yaml::scalar;

const SITE_YAML: &str = r#"# Your site's settings. Every key is optional; see README.md for all of them.
title: Our clinic
description: Clear, reviewed information for our patients.
# The address where the site will be published (used for links in search results).
base_url: ""
language: en
clinic:
  name: Our clinic
  # phone: "(555) 555-0100"
  # booking_url: https://example.com/book
"#;

const HOME: &str = r#"---
title: Welcome
description: Clear, reviewed information about your treatment, written for patients and families.
---

This site explains your treatment in plain words. Start with
[your first visit](first-visit.md).
"#;

const FIRST_PAGE: &str = r#"---
title: Your first visit
description: What happens at your first visit, what to bring, and who you will meet.
weight: 10
---

## What to bring

- A list of all the medicines you take
- Your insurance card

## Who you will meet

Our care team will talk with you about your health and your goals.[^1]

[^1]: Replace this with the source of your information.
"#;

/// The line that keeps the previous build's tree (see `output::Staging`) out of git.
const SPARE_IGNORE: &str = "/.public.careleaf-*";

/// Creates a new site in `dir`: `site.yaml`, two pages and an ignored output folder.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    for existing in ["site.yaml", "content"] {
        if dir.join(existing).exists() {
            return Err(Diagnostic::new(format!(
                "{} already has a {existing}: careleaf will not overwrite a site",
                dir.display()
            ))
            .with_hint("choose a new or empty folder"));
        }
    }
    let files: [(&str, &str); 4] = [
        ("site.yaml", SITE_YAML),
        ("content/_index.md", HOME),
        ("content/first-visit.md", FIRST_PAGE),
        (
            "public/.gitignore",
            "# Written by `careleaf build`.\n*\n!.gitignore\n",
        ),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        write_new(&path, text)?;
        written.push(path);
    }
    // Builds keep the previous output beside public/ to write the next one over it.
    let ignore = dir.join(".gitignore");
    let existing = std::fs::read_to_string(&ignore).unwrap_or_default();
    if !existing.lines().any(|l| l.trim() == SPARE_IGNORE) {
        let sep = if existing.is_empty() || existing.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        std::fs::write(&ignore, format!("{existing}{sep}{SPARE_IGNORE}\n"))
            .map_err(|e| Diagnostic::io(&ignore, &e))?;
        written.push(ignore);
    }
    Ok(written)
}

/// Creates `content/PATH` (`.md` added when missing) with front matter for `title`.
pub fn new_page(
    root: &Path,
    path: &str,
    title: &str,
    description: Option<&str>,
) -> Result<PathBuf, Diagnostic> {
    let rel = Path::new(path);
    let rel = rel.strip_prefix("content").unwrap_or(rel);
    if rel.as_os_str().is_empty() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(
            Diagnostic::new(format!("`{path}` is not a page path inside content/")).with_hint(
                "give a path like `treatment/boosters.md` (inside the content folder, no `..`)",
            ),
        );
    }
    let mut rel = rel.to_path_buf();
    if rel.extension().is_none_or(|e| e != "md") {
        rel.as_mut_os_string().push(".md");
    }
    if title.trim().is_empty() {
        return Err(
            Diagnostic::new("the title is empty").with_hint("pass --title \"What to expect\"")
        );
    }
    let description = description.unwrap_or("One plain sentence about this page: replace me.");
    let today = jiff::Zoned::now().date();
    let text = format!(
        "---\ntitle: {}\ndescription: {}\ndate: {today}\n---\n\nWrite the page here.\n",
        scalar(title.trim()),
        scalar(description.trim())
    );
    let full = root.join("content").join(&rel);
    write_new(&full, &text)?;
    Ok(full)
}

fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if path.exists() {
        return Err(
            Diagnostic::new(format!("{} already exists", path.display()))
                .with_hint("careleaf never overwrites a file: choose another name"),
        );
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
    }
    std::fs::write(path, text).map_err(|e| Diagnostic::io(path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_with_special_characters_are_quoted() {
        assert_eq!(scalar("Risks: what to know"), "'Risks: what to know'");
        assert_eq!(scalar("Plain"), "Plain");
    }
}
