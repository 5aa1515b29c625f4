//! `careleaf check`: what a clinic must fix before publishing, beyond what makes a build fail.
//! Each finding has an id (to silence it on purpose), a severity, a place and a hint.
//!
//! - [`review`]: medical review metadata, placeholder reviewers, the crisis notice and the
//!   disclaimer;
//! - [`reading_level`]: the reading grade, by the formulas of each edition's language;
//! - [`prose`]: figures without a reference;
//! - [`claims`]: claims reviewers flag, in packs (general, and topic packs a site names);
//! - [`pages`]: descriptions and pages nothing links to;
//! - [`pictures`]: alt text that says nothing, pictures too heavy for a phone;
//! - [`external`]: links to other websites, with `--external`;
//! - [`imported`]: fields `careleaf import` guessed, until an editor confirms them.

mod claims;
mod external;
mod imported;
mod pages;
mod pictures;
mod place;
mod prose;
pub mod reading_level;
mod review;

pub use crate::diagnostic::{Rule, Severity};

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Errors};
use crate::site::Site;

/// A finding at byte `offset` of `file` (whose text is `text`).
fn finding(
    rule: Rule,
    severity: Severity,
    file: &Path,
    text: &str,
    offset: usize,
    message: String,
    hint: impl Into<String>,
) -> Diagnostic {
    Diagnostic::at_offset(file, text, offset, message)
        .with_hint(hint)
        .as_finding(rule, severity)
}

/// A finding about a whole file, at its first line.
fn in_file(
    rule: Rule,
    severity: Severity,
    file: &Path,
    message: String,
    hint: impl Into<String>,
) -> Diagnostic {
    Diagnostic::in_file(file, message)
        .with_hint(hint)
        .as_finding(rule, severity)
}

/// A finding at the place a diagnostic points to (such as a front-matter or site.yaml key),
/// with its own hint.
fn located(rule: Rule, severity: Severity, e: Diagnostic, hint: &str) -> Diagnostic {
    Diagnostic { hint: None, ..e }
        .with_hint(hint)
        .as_finding(rule, severity)
}

/// Reading scores of one article, listed in the JSON report.
#[derive(Debug, Clone, Serialize)]
pub struct PageScores {
    pub file: PathBuf,
    /// Reading scores by the formulas for the page's language (see `formulas`).
    pub grade: f64,
    pub reading_ease: f64,
    /// SMOG or its adaptation; null where the language has none (French, German).
    pub smog: Option<f64>,
    /// The grade / reading ease / SMOG formulas used, as many as the language has.
    pub formulas: String,
    pub words: usize,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub findings: Vec<Diagnostic>,
    pub readability: Vec<PageScores>,
    pub errors: usize,
    pub warnings: usize,
    pub pages: usize,
}

/// Runs every check on a site loaded with [`Site::load_as_far_as_possible`]: the problems
/// that would fail its build (wrong links and embeds, templates that do not render) and
/// every lint, in one report. A site that cannot be read at all is reported as its errors.
pub fn run(site: Result<Site, Errors>, today: jiff::civil::Date, external: bool) -> Report {
    let findings: Vec<Diagnostic> = match site {
        Err(errors) => errors.0,
        Ok(site) => {
            let mut f = Vec::new();
            for edition in site.editions() {
                build_errors(edition, &mut f);
                let all = Scope::All;
                review::check(edition, all, today, &mut f);
                reading_level::check(edition, all, &mut f);
                prose::check(edition, all, &mut f);
                claims::check(edition, all, &mut f);
                pages::check(edition, all, &mut f);
                pictures::check(edition, all, &mut f);
                pages::strings(edition, &mut f);
                pages::menu_length(edition, &mut f);
                imported::check(edition, all, &mut f);
                if external {
                    external::check(edition, &mut f);
                }
            }
            let default = site.default_edition();
            review::placeholder_data(default.root(), default.label(), &mut f);
            pages::handout_address(default, &mut f);
            unknown_ignored_rules(&site, &mut f);
            let site_ignored = &default.config().check_ignore;
            f.retain(|finding| {
                if finding.rule == Rule::Build && finding.is_error() {
                    return true;
                }
                let page_ignored = site
                    .editions()
                    .iter()
                    .flat_map(|e| &e.content().pages)
                    .find(|p| Some(&p.file) == finding.span.as_ref().map(|s| &s.file))
                    .is_some_and(|p| {
                        p.front
                            .check_ignore
                            .iter()
                            .any(|i| i == finding.rule.as_str())
                    });
                !page_ignored && !site_ignored.iter().any(|i| i == finding.rule.as_str())
            });
            let mut report = finish(f, site.page_count());
            report.readability = site
                .editions()
                .iter()
                .flat_map(reading_level::scores)
                .collect();
            return report;
        }
    };
    finish(findings, 0)
}

/// What `check` finds on page `i` of `edition` alone (the page editor's live findings), with
/// its reading grade. Lints that need every page's reading units see only this page's (the
/// preview collects them for the page being edited).
pub fn page(edition: &crate::edition::Edition, i: usize, today: jiff::civil::Date) -> PageCheck {
    let mut f = Vec::new();
    // Only this page is checked: the editor asks on every pause in typing, on sites of any size.
    let one = Scope::Page(i);
    review::check(edition, one, today, &mut f);
    reading_level::check(edition, one, &mut f);
    prose::check(edition, one, &mut f);
    claims::check(edition, one, &mut f);
    pages::check(edition, one, &mut f);
    imported::check(edition, one, &mut f);
    // Cannot fail: callers pass an index of the edition's pages.
    let page = &edition.content().pages[i];
    let site_ignored = &edition.config().check_ignore;
    f.retain(|d| {
        d.span.as_ref().is_some_and(|s| s.file == page.file)
            && !site_ignored
                .iter()
                .chain(&page.front.check_ignore)
                .any(|r| r == d.rule.as_str())
    });
    PageCheck {
        findings: f,
        reading: reading_level::of_page(edition, i),
    }
}

/// Which pages a check looks at: every page (`careleaf check`) or one (the editor's draft).
/// Checks that compare pages still read them all, and report only on the pages in scope.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    All,
    Page(usize),
}

impl Scope {
    pub fn has(self, index: usize) -> bool {
        match self {
            Scope::All => true,
            Scope::Page(i) => i == index,
        }
    }
}

/// See [`page`].
pub struct PageCheck {
    pub findings: Vec<Diagnostic>,
    pub reading: Option<reading_level::PageReading>,
}

/// What would fail the build: the problems found while rendering the pages' Markdown, and
/// each template error once (a broken template fails every page that uses it).
fn build_errors(edition: &crate::edition::Edition, out: &mut Vec<Diagnostic>) {
    out.extend(edition.errors().0.iter().cloned());
    out.extend(edition.warnings().iter().cloned());
    let mut seen = std::collections::HashSet::new();
    for i in 0..edition.content().pages.len() {
        if let Err(e) = edition.render_page(i)
            && seen.insert((e.location(), e.message.clone()))
        {
            out.push(e);
        }
    }
}

/// A rule named in `check_ignore` that does not exist would silence nothing, and the finding
/// its author meant to silence would go on failing: an error at the name, with the closest rule.
fn unknown_ignored_rules(site: &Site, out: &mut Vec<Diagnostic>) {
    let default = site.default_edition();
    let config = &default.loaded();
    let mut places: Vec<(&Path, &str, &[String])> = vec![(
        config.file.as_path(),
        config.text.as_str(),
        &config.config.check_ignore,
    )];
    for page in site.editions().iter().flat_map(|e| &e.content().pages) {
        places.push((&page.file, &page.text, &page.front.check_ignore));
    }
    for (file, text, ignored) in places {
        let key = text.find("check_ignore").unwrap_or(0);
        for id in ignored.iter().filter(|id| Rule::from_id(id).is_none()) {
            let at = text[key..].find(id.as_str()).map_or(key, |i| key + i);
            let hint = match Rule::closest(id) {
                Some(rule) => format!("did you mean `{rule}`? rules are: {}", rule_list()),
                None => format!("rules are: {}", rule_list()),
            };
            out.push(finding(
                Rule::Build,
                Severity::Error,
                file,
                text,
                at,
                format!("`{id}` in check_ignore is not a check rule, so it silences nothing"),
                hint,
            ));
        }
    }
}

fn rule_list() -> String {
    Rule::ALL
        .iter()
        .filter(|r| **r != Rule::Build)
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn finish(mut findings: Vec<Diagnostic>, pages: usize) -> Report {
    let key = |d: &Diagnostic| {
        let (file, line, column) = place(d);
        (file.to_path_buf(), line, column, d.rule)
    };
    findings.sort_by_key(key);
    let errors = findings.iter().filter(|f| f.is_error()).count();
    Report {
        warnings: findings.len() - errors,
        errors,
        findings,
        readability: Vec::new(),
        pages,
    }
}

/// Where a finding is shown: its place, or `site.yaml` for what has none of its own (a
/// command-line option).
fn place(d: &Diagnostic) -> (&Path, usize, usize) {
    match &d.span {
        Some(s) => (s.file.as_path(), s.line, s.column),
        None => (Path::new("site.yaml"), 1, 1),
    }
}

impl Report {
    /// Findings grouped by file, one line each, then a summary line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut current: Option<&Path> = None;
        for f in &self.findings {
            let (file, line, column) = place(f);
            if current != Some(file) {
                if current.is_some() {
                    out.push('\n');
                }
                let _ = writeln!(out, "{}", file.display());
                current = Some(file);
            }
            let severity = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let _ = writeln!(
                out,
                "  {}:{line}:{column}: {severity} [{}] {}",
                file.display(),
                f.rule,
                f.message
            );
            if let Some(hint) = &f.hint {
                let _ = writeln!(out, "      help: {}", hint.replace('\n', "\n            "));
            }
        }
        if !self.findings.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{} error{}, {} warning{} in {} pages",
            self.errors,
            if self.errors == 1 { "" } else { "s" },
            self.warnings,
            if self.warnings == 1 { "" } else { "s" },
            self.pages
        );
        out
    }

    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into())
    }
}
