//! What the Markdown cache keeps of a page's rendered Markdown besides its HTML, references
//! and prose: the summary the templates and the other pages' checks read, as bytes in the
//! index (see `markdown_cache`).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Rule, Severity, Span};
use crate::html::Embeds;
use crate::markdown::{AnchorLink, Block, ImageUse, Rendered, TocEntry};

/// What a page's Markdown gave besides its HTML, references and prose (those are in the
/// spill): what the templates and the other pages' checks read.
#[derive(Serialize, Deserialize)]
pub struct Summary {
    blocks: Vec<Block>,
    shortcodes: Vec<String>,
    embeds: Embeds,
    anchor_links: Vec<AnchorLink>,
    external_links: Vec<(String, usize)>,
    linked_pages: Vec<PathBuf>,
    toc: Vec<TocEntry>,
    word_count: usize,
    images: Vec<ImageUse>,
    warnings: Vec<Warning>,
}

/// A warning of the page's Markdown, as [`Diagnostic`] holds it.
#[derive(Serialize, Deserialize)]
pub struct Warning {
    rule: Rule,
    severity: Severity,
    message: String,
    span: Option<Span>,
    source_line: Option<String>,
    hint: Option<String>,
}

impl Summary {
    pub fn of(r: &Rendered) -> Summary {
        Summary {
            blocks: r.blocks.clone(),
            shortcodes: r.shortcodes.clone(),
            embeds: r.embeds.clone(),
            anchor_links: r.anchor_links.clone(),
            external_links: r.external_links.clone(),
            linked_pages: r.linked_pages.clone(),
            toc: r.toc.clone(),
            word_count: r.word_count,
            images: r.images.clone(),
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
        }
    }

    pub fn into_rendered(self) -> Rendered {
        Rendered {
            blocks: self.blocks,
            shortcodes: self.shortcodes,
            embeds: self.embeds,
            anchor_links: self.anchor_links,
            external_links: self.external_links,
            linked_pages: self.linked_pages,
            toc: self.toc,
            word_count: self.word_count,
            images: self.images,
            warnings: self
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
            ..Rendered::default()
        }
    }
}
