//! The glossary as a [`Feature`]: `content/glossary.yaml` in the edition's language, the terms
//! Markdown explains on first use, the glossary page's template, and its entries for search.

use std::path::Path;

use super::{GLOSSARY_FILE, GLOSSARY_PAGE, Glossary};
use crate::content::Page;
use crate::diagnostic::Errors;
use crate::features::search::{Doc, DocKind, Headings};
use crate::features::{Feature, FeatureSpec, LoadContext, MarkdownContext, PageValues};

pub const SPEC: FeatureSpec = FeatureSpec {
    name: "glossary",
    shortcodes: &[],
    load,
};

struct GlossaryFeature(Option<Glossary>);

/// One file serves every language (each term has its text per language code).
fn load(ctx: &LoadContext, _: &MarkdownContext) -> Result<Box<dyn Feature>, Errors> {
    let path = ctx.root.join("content").join(GLOSSARY_FILE);
    if !path.is_file() {
        return Ok(Box::new(GlossaryFeature(None)));
    }
    let shown = ctx.label.join("content").join(GLOSSARY_FILE);
    let mut glossary = super::load(&path, &shown, &ctx.config.language)?;
    glossary.page_url = ctx.page_url(GLOSSARY_PAGE);
    Ok(Box::new(GlossaryFeature(Some(glossary))))
}

impl Feature for GlossaryFeature {
    // Reads only the page's path.
    fn page_values_key(&self, _key: &mut crate::cache_key::KeyWriter) -> bool {
        true
    }

    fn globals(&self) -> Vec<(&'static str, serde_json::Value)> {
        let entries = self.0.as_ref().map_or(&[][..], |g| &g.entries[..]);
        vec![(
            "glossary",
            serde_json::to_value(entries).unwrap_or_default(),
        )]
    }

    /// The glossary page explains every term already.
    fn terms(&self, page: &Page) -> Option<&Glossary> {
        self.0
            .as_ref()
            .filter(|_| page.rel != Path::new(GLOSSARY_PAGE))
    }

    fn search_docs(&self) -> Vec<Doc> {
        let Some((g, url)) = self
            .0
            .as_ref()
            .and_then(|g| Some((g, g.page_url.as_ref()?)))
        else {
            return Vec::new();
        };
        g.entries
            .iter()
            .map(|e| Doc {
                kind: DocKind::Word,
                title: e.term.clone(),
                url: format!("{url}#{}", e.id),
                snippet: e.definition.clone(),
                headings: Headings::Text(e.aliases.join(" ")),
                body_text: String::new(),
            })
            .collect()
    }

    fn page_template(&self) -> Option<(&'static str, &'static str)> {
        Some((GLOSSARY_PAGE, "glossary.html"))
    }

    fn page_values(&self, _index: usize, page: &Page, out: &mut PageValues) {
        out.values.insert(
            "glossary_page".into(),
            (page.rel == Path::new(GLOSSARY_PAGE)).into(),
        );
    }
}
