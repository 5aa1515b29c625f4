//! What the Markdown cache keeps of a page's rendered Markdown besides its HTML, references
//! and prose (those are in the spill): its outline, which every build reads of every page it
//! takes, then its [`PageDetail`], which is left as bytes until something looks at it (see
//! [`crate::markdown::Detail`]). Postcard writes a value's fields one after another, so the
//! outline's bytes end where the detail's begin.

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::cache_key::Key;
use crate::diagnostic::{Diagnostic, Rule, Severity, Span};
use crate::markdown::{AnchorLink, Detail, Rendered};

/// What a build reads of every page it takes from the cache.
#[derive(Serialize, Deserialize)]
struct Outline {
    word_count: usize,
    /// The key of the page's heading text: search needs no more of a page it takes.
    heading_key: Key,
    anchor_links: Vec<AnchorLink>,
    warnings: Vec<Warning>,
}

/// A warning of the page's Markdown, as [`Diagnostic`] holds it.
#[derive(Serialize, Deserialize)]
struct Warning {
    rule: Rule,
    severity: Severity,
    message: String,
    span: Option<Span>,
    source_line: Option<String>,
    hint: Option<String>,
}

/// The summary of `r`: its outline, then its detail.
pub fn encode(r: &Rendered) -> Option<Vec<u8>> {
    let outline = Outline {
        word_count: r.word_count,
        heading_key: r.detail.heading_key(),
        anchor_links: r.anchor_links.clone(),
        warnings: r
            .warnings
            .iter()
            .map(|d| Warning {
                rule: d.rule,
                severity: d.severity,
                message: d.message.clone(),
                span: d.span.clone(),
                source_line: d.source_line.clone(),
                hint: d.hint.clone(),
            })
            .collect(),
    };
    let bytes = postcard::to_stdvec(&outline).ok()?;
    postcard::to_extend(&*r.detail, bytes).ok()
}

/// The page whose summary is at `at` in `index` ([`encode`]), without its HTML, references
/// and prose: the outline decoded, the detail left in `index` until it is looked at.
pub fn decode(index: &Arc<crate::cache_file::CacheFile>, at: Range<usize>) -> Option<Rendered> {
    let bytes = index.get(at.clone())?;
    let (outline, rest): (Outline, &[u8]) = postcard::take_from_bytes(bytes).ok()?;
    let detail_at = at.end - rest.len()..at.end;
    Some(Rendered {
        word_count: outline.word_count,
        anchor_links: outline.anchor_links,
        warnings: outline
            .warnings
            .into_iter()
            .map(|w| Diagnostic {
                rule: w.rule,
                severity: w.severity,
                message: w.message,
                span: w.span,
                source_line: w.source_line,
                hint: w.hint,
            })
            .collect(),
        detail: Detail::encoded(Arc::clone(index), detail_at, outline.heading_key),
        ..Rendered::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{PageDetail, TocEntry};

    #[test]
    fn a_summary_gives_back_the_page_it_was_made_from() {
        let rendered = Rendered {
            html: "<p>left out</p>".into(),
            word_count: 42,
            warnings: vec![Diagnostic::new("a warning").with_hint("a hint")],
            detail: Detail::new(PageDetail {
                toc: vec![TocEntry {
                    id: "dose".into(),
                    title: "Your dose".into(),
                    children: Vec::new(),
                }],
                shortcodes: vec!["faq".into()],
                ..PageDetail::default()
            }),
            ..Rendered::default()
        };
        let mut index = b"frame".to_vec();
        let start = index.len();
        index.extend(encode(&rendered).unwrap());
        let end = index.len();
        let back = decode(
            &Arc::new(crate::cache_file::CacheFile::Read(index)),
            start..end,
        )
        .unwrap();
        assert_eq!(back.html, "", "the HTML is in the spill");
        assert_eq!(back.word_count, 42);
        assert_eq!(back.warnings[0].hint.as_deref(), Some("a hint"));
        assert_eq!(back.detail.heading_key(), rendered.detail.heading_key());
        assert_eq!(back.detail.heading_text(), "Your dose ");
        assert_eq!(back.detail.toc, rendered.detail.toc);
        assert_eq!(back.detail.shortcodes, ["faq"]);
        assert!(
            decode(
                &Arc::new(crate::cache_file::CacheFile::Read(vec![0xff; 3])),
                0..3
            )
            .is_none()
        );
    }
}
