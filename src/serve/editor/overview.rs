//! What the editor's screens read off the site the preview holds in memory: the list of pages
//! with their review state, which file is behind an address, and a page rendered from text
//! that is not saved yet, with what `check` finds on it.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use crate::content::PageKind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::site::Site;

/// Days before `next_review` from which a page counts as due soon.
const DUE_SOON_DAYS: i64 = 30;

/// One page of the editor's list.
#[derive(Debug, Serialize)]
pub struct PageSummary {
    /// Its file, relative to `content/`.
    pub path: String,
    pub title: String,
    /// Its address in the preview.
    pub url: String,
    /// The section's folder relative to `content/` ("" for the top).
    pub section: String,
    pub language: String,
    pub draft: bool,
    /// "ok", "soon", "overdue", "missing" (no review yet) or "placeholder" (reviewer unnamed);
    /// "none" for pages that need no review (sections, the home page).
    pub review: &'static str,
    pub next_review: Option<String>,
    pub kind: &'static str,
}

/// Every page of every edition that has a file, sorted by language, then file.
pub fn page_list(site: &Site, today: Date) -> Vec<PageSummary> {
    let mut list = Vec::new();
    for edition in site.editions() {
        let dir = edition
            .language_dir()
            .map(PathBuf::from)
            .unwrap_or_default();
        let root_path = edition.links_root_path();
        for page in edition.content().pages.iter().filter(|p| !p.is_generated()) {
            let path = dir.join(&page.rel);
            let section = path
                .parent()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let next = crate::render::next_review(&page.front, edition.config());
            let review = if page.kind != PageKind::Page {
                "none"
            } else if page
                .front
                .reviewed_by
                .as_deref()
                .is_some_and(crate::content::is_placeholder_reviewer)
            {
                "placeholder"
            } else if page.front.reviewed_by.is_none() || page.front.last_reviewed.is_none() {
                "missing"
            } else {
                match next {
                    Some(d) if d < today => "overdue",
                    Some(d) if (today + jiff::Span::new().days(DUE_SOON_DAYS)) >= d => "soon",
                    _ => "ok",
                }
            };
            list.push(PageSummary {
                path: path.to_string_lossy().replace('\\', "/"),
                title: page.front.title.clone(),
                url: format!("{root_path}{}", page.url),
                section,
                language: edition.language().to_string(),
                draft: page.front.draft,
                review,
                next_review: next.map(|d| d.to_string()),
                kind: match page.kind {
                    PageKind::Page => "page",
                    _ => "section",
                },
            });
        }
    }
    list.sort_by(|a, b| (&a.language, &a.path).cmp(&(&b.language, &b.path)));
    list
}

/// The file (relative to `content/`) behind the preview address `url`.
pub fn file_at(site: &Site, url: &str) -> Option<String> {
    let wanted = url.split(['?', '#']).next().unwrap_or("");
    let wanted = wanted.strip_suffix("index.html").unwrap_or(wanted);
    page_list(site, Date::constant(2000, 1, 1))
        .into_iter()
        .find(|p| p.url == wanted)
        .map(|p| p.path)
}

/// A finding as the editor shows it.
#[derive(Debug, Serialize)]
pub struct Finding {
    pub line: usize,
    pub column: usize,
    pub severity: &'static str,
    pub rule: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Finding {
    fn from(d: &Diagnostic) -> Finding {
        let (line, column) = d.span.as_ref().map_or((1, 1), |s| (s.line, s.column));
        Finding {
            line,
            column,
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            rule: d.rule.as_str().to_string(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

/// A page rendered from unsaved text: its HTML (None when it could not be rendered) and what
/// the build and `check` say about it.
#[derive(Debug, Serialize)]
pub struct Draft {
    #[serde(skip)]
    pub html: Option<String>,
    /// Its address in the preview, where the draft is shown (under the editor's prefix).
    pub url: Option<String>,
    /// False when the preview shows the saved page (one a feature renders itself, or a file
    /// the preview has not loaded yet).
    pub live: bool,
    pub findings: Vec<Finding>,
    pub reading: Option<crate::check::reading_level::PageReading>,
}

/// Renders `text` as the page at `rel` (relative to `content/`) and checks it.
pub fn draft(site: &mut Site, rel: &Path, text: String, today: Date) -> Draft {
    let (index, within) = site.edition_of(rel);
    let not_loaded = Draft {
        html: None,
        url: None,
        live: false,
        findings: Vec::new(),
        reading: None,
    };
    let Some(edition) = site.edition_mut(index) else {
        return not_loaded;
    };
    let outcome = edition.with_draft(&within, text, |e, i| {
        let html = e.render_page(i);
        let check = crate::check::page(e, i, today);
        // Cannot fail: `i` is the draft's index among the edition's pages.
        let page = &e.content().pages[i];
        let url = format!("{}{}", e.links_root_path(), page.url);
        (html, check, url)
    });
    match outcome {
        None => not_loaded,
        Some(Err(errors)) => Draft {
            findings: errors.0.iter().map(Finding::from).collect(),
            ..not_loaded
        },
        Some(Ok(draft)) => {
            let (html, check, url) = draft.seen;
            let mut findings: Vec<Finding> = draft.problems.iter().map(Finding::from).collect();
            let html = match html {
                Ok(h) => Some(h),
                Err(e) => {
                    findings.push(Finding::from(&e));
                    None
                }
            };
            findings.extend(check.findings.iter().map(Finding::from));
            findings.sort_by_key(|f| (f.severity != "error", f.line, f.column));
            findings.dedup_by(|a, b| a.line == b.line && a.message == b.message);
            Draft {
                html,
                url: Some(url),
                live: draft.live,
                findings,
                reading: check.reading,
            }
        }
    }
}
