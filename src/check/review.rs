//! Medical review metadata, the crisis notice and the disclaimer: what tells a patient that a
//! page is current, checked by a professional, and where to turn in a crisis.

use std::path::Path;

use jiff::civil::Date;

use super::{Rule, Severity, finding, in_file, located};
use crate::config::CrisisPreset;
use crate::content::{Page, PageKind};
use crate::diagnostic::Diagnostic;
use crate::edition::Edition;
use crate::render::next_review;

fn key_finding(
    page: &Page,
    key: &str,
    id: Rule,
    severity: Severity,
    message: String,
    hint: &str,
) -> Diagnostic {
    located(id, severity, page.key_error(key, message), hint)
}

pub fn check(edition: &Edition, scope: super::Scope, today: Date, out: &mut Vec<Diagnostic>) {
    let config = edition.config();
    for (_, page) in edition
        .content()
        .pages
        .iter()
        .enumerate()
        .filter(|(i, p)| scope.has(*i) && p.kind == PageKind::Page)
    {
        let front = &page.front;
        if front.reviewed_by.is_none() || front.last_reviewed.is_none() {
            let missing = if front.reviewed_by.is_none() {
                "reviewed_by"
            } else {
                "last_reviewed"
            };
            out.push(key_finding(page, missing, Rule::ReviewMissing, Severity::Error,
                format!("this page has no `{missing}`: patients cannot tell whether a professional checked it"),
                "add `reviewed_by: Name, credentials` and `last_reviewed: YYYY-MM-DD` once a clinician has reviewed the page"));
        }
        if let Some(by) = &front.reviewed_by
            && crate::content::is_placeholder_reviewer(by)
        {
            out.push(key_finding(
                page,
                "reviewed_by",
                Rule::PlaceholderReviewer,
                Severity::Error,
                format!("the reviewer \"{by}\" is a placeholder"),
                "put the name and credentials of the clinician who reviewed this page",
            ));
        }
        placeholder_text(page, out);
        if let Some(next) = next_review(front, config)
            && next < today
        {
            let key = if front.next_review.is_some() {
                "next_review"
            } else {
                "last_reviewed"
            };
            out.push(key_finding(page, key, Rule::ReviewOverdue, Severity::Error,
                    format!("review overdue: the next review was due on {next}"),
                    "have a clinician review the page, then update last_reviewed (and next_review if you set it)"));
        }
    }
    let crisis = &config.crisis;
    if crisis.preset == CrisisPreset::Local {
        out.push(config_finding(edition, "crisis", Rule::CrisisGeneric, Severity::Warning,
            "the crisis notice names no helpline: it asks readers to find their local emergency number and a helpline themselves".into(),
            &format!("set `preset:` under `crisis:` to your country ({}), or write your own notice with `preset: custom`, `text:` and `actions:`", crate::config::country_codes().join(", "))));
    }
    if crisis.preset != CrisisPreset::Off {
        let months = jiff::Span::new().months(i64::from(config.review_interval_months));
        match crisis.last_reviewed.as_deref().and_then(|d| d.parse::<Date>().ok()) {
            None => out.push(config_finding(edition, "crisis", Rule::CrisisUnreviewed, Severity::Warning,
                "the crisis notice has no review date: crisis numbers change".into(),
                "check the numbers and links of the crisis notice, then add `last_reviewed: YYYY-MM-DD` under `crisis:`")),
            Some(d) if d.checked_add(months).is_ok_and(|due| due < today) => out.push(config_finding(edition, "crisis", Rule::CrisisOverdue, Severity::Error,
                format!("the crisis notice was last reviewed on {d}: its review is overdue"),
                "check every number and link of the crisis notice still works, then update `last_reviewed` under `crisis:`")),
            Some(_) => {}
        }
    }
    // The theme must show the crisis notice and the disclaimer: look at a built page.
    if let Ok(html) = edition.render_page(edition.content().home) {
        let base = edition.template_origin("base.html");
        let mut need = vec![(
            "disclaimer",
            Rule::DisclaimerMissing,
            "the medical disclaimer",
        )];
        if crisis.preset != CrisisPreset::Off {
            need.push(("crisis", Rule::CrisisMissing, "the crisis notice"));
        }
        for (marker, id, what) in need {
            if !html.contains(&format!("data-careleaf=\"{marker}\"")) {
                out.push(in_file(
                    id,
                    Severity::Error,
                    &base,
                    format!("the theme does not show {what} on every page"),
                    format!("show it in base.html inside an element with data-careleaf=\"{marker}\" (see the default theme)"),
                ));
            }
        }
    }
}

/// The word that marks text the clinic must still write (its phone, its own rules).
const PLACEHOLDER_MARK: &str = "PLACEHOLDER";

/// Text in a page's body the clinic has still to fill in: patients would read it as it is.
fn placeholder_text(page: &Page, out: &mut Vec<Diagnostic>) {
    placeholders_in(&page.file, &page.text, page.body_start, |_| true, out);
}

/// Placeholders in the data files of `content/` (the timeline's steps, the glossary…), whose
/// words pages show; a YAML comment is for editors and may hold one.
pub fn placeholder_data(root: &Path, label: &Path, out: &mut Vec<Diagnostic>) {
    let content = root.join("content");
    let files = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .is_some_and(|x| x == "yaml" || x == "yml")
        });
    for entry in files {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue; // The build reports unreadable files.
        };
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        placeholders_in(
            &label.join(rel),
            &text,
            0,
            |before| !before.contains('#'),
            out,
        );
    }
}

/// Every placeholder mark in `text` from `from` on, where `counts` accepts the line before it.
fn placeholders_in(
    file: &Path,
    text: &str,
    from: usize,
    counts: impl Fn(&str) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    // Cannot fail: `from` is a char boundary of `text` (0 or a page's body start).
    for (offset, _) in text[from..].match_indices(PLACEHOLDER_MARK) {
        let start = from + offset;
        // Cannot fail: `start` and the line's ends are at the ASCII mark or at newlines.
        let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        if !counts(&text[line_start..start]) {
            continue;
        }
        let shown: String = text[start..line_end].chars().take(80).collect();
        out.push(finding(
            Rule::PlaceholderText,
            Severity::Error,
            file,
            text,
            start,
            format!("text for the clinic to fill in is still here: \"{shown}\""),
            "replace the placeholder with the clinic's own words (confirmed by its medical director where it is a medical rule)",
        ));
    }
}

fn config_finding(
    edition: &Edition,
    key: &str,
    id: Rule,
    severity: Severity,
    message: String,
    hint: &str,
) -> Diagnostic {
    located(id, severity, edition.loaded().key_error(key, message), hint)
}
