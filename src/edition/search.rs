//! An edition's search: what it can find, its index and its search page.

use super::{Edition, Extra};
use crate::error::Error;
use crate::markdown::Rendered;

use crate::site::linked::SEARCH_TEMPLATE;

/// This language's search page and index, as published.
pub(super) struct SearchFiles {
    pub(super) index_path: String,
    pub(super) json: String,
    pub(super) page_path: String,
}

impl Edition {
    /// Builds this language's search index and tells templates where it and the search page
    /// are (`search.url`, `search.index`), when the theme has a search page.
    pub fn index_for_search(&mut self) {
        if !self.renderer.has_template(SEARCH_TEMPLATE) {
            return;
        }
        let docs = self.search_docs();
        let words: std::collections::BTreeMap<&str, &str> = [
            "type",
            "none",
            "one",
            "many",
            "all",
            "kind_page",
            "kind_question",
            "kind_word",
        ]
        .into_iter()
        .map(|k| {
            (
                k,
                self.strings
                    .lookup(&format!("search_{k}"))
                    .unwrap_or_default(),
            )
        })
        .collect();
        let json = crate::search::index_json(&docs, &self.language, &words);
        let Some(page_path) = self.links.search_page.clone() else {
            return;
        };
        // Beside the search page, under a name that stays the same from build to build, so
        // that pages (whose header box loads it) do not change when only the text does.
        let index_path = format!("{}index.json", page_path.trim_end_matches("index.html"));
        let root = &self.links.root_path;
        self.renderer.set_global(
            "search",
            &serde_json::json!({
                "url": format!("{root}{}", page_path.trim_end_matches("index.html")),
                "index": format!("{root}{index_path}"),
            }),
        );
        self.search = Some(SearchFiles {
            index_path,
            json,
            page_path,
        });
    }

    /// Everything search can find in this language: pages (with their section headings, and
    /// their text unless the site is too large for a phone to fetch it all), FAQ answers and
    /// glossary entries.
    fn search_docs(&self) -> Vec<crate::search::Doc> {
        use crate::search::{Doc, DocKind, snippet};
        let words: usize = self.rendered.iter().map(|r| r.word_count).sum();
        let with_text = words <= crate::search::BODY_WORDS_LIMIT;
        let faq_page = self.faq.as_ref().map(|f| f.index);
        let mut docs = Vec::new();
        for (i, (page, r)) in self.content.pages.iter().zip(&self.rendered).enumerate() {
            let mut headings = String::new();
            for e in &r.toc {
                headings.push_str(&e.title);
                headings.push(' ');
                for c in &e.children {
                    headings.push_str(&c.title);
                    headings.push(' ');
                }
            }
            let body = if with_text && Some(i) != faq_page {
                r.prose_blocks
                    .iter()
                    .map(|b| b.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                String::new()
            };
            docs.push(Doc {
                kind: DocKind::Page,
                title: page.front.title.clone(),
                url: format!("{}{}", self.links.root_path, page.url),
                snippet: page.front.description.clone(),
                heading_text: headings,
                body_text: body,
            });
        }
        if let Some(f) = &self.faq {
            for q in f.faq_elsewhere.groups.iter().flat_map(|g| &g.questions) {
                docs.push(Doc {
                    kind: DocKind::Question,
                    title: q.question.clone(),
                    url: q.url.clone(),
                    snippet: snippet(&q.text, 160),
                    heading_text: String::new(),
                    body_text: q.text.clone(),
                });
            }
        }
        if let (Some(g), Some(url)) = (
            &self.glossary,
            self.glossary.as_ref().and_then(|g| g.page_url.clone()),
        ) {
            for e in &g.entries {
                docs.push(Doc {
                    kind: DocKind::Word,
                    title: e.term.clone(),
                    url: format!("{url}#{}", e.id),
                    snippet: e.definition.clone(),
                    heading_text: e.aliases.join(" "),
                    body_text: String::new(),
                });
            }
        }
        docs
    }

    /// This language's search index, as published (path, JSON), after an edit.
    pub fn search_index(&self) -> Option<(String, String)> {
        self.search
            .as_ref()
            .map(|s| (s.index_path.clone(), s.json.clone()))
    }

    /// The address of this language's search page (root-relative), if the theme has one.
    pub fn search_page(&self) -> Option<&str> {
        self.search
            .as_ref()
            .map(|s| s.page_path.trim_end_matches("index.html"))
    }

    /// The search page and this language's index, when the theme has a search page.
    pub fn search_files(&self) -> Result<Vec<Extra<'_>>, Error> {
        let Some(files) = &self.search else {
            return Ok(Vec::new());
        };
        let empty = Rendered::default();
        let extra = serde_json::Map::new();
        let context = self.contexts().standalone(
            "search",
            self.strings.get("search_title"),
            self.strings.get("search_description"),
            files.page_path.clone(),
            &empty,
            &extra,
        );
        let html = self.renderer.render(
            SEARCH_TEMPLATE,
            &context.with_translations(&self.links.search_alternates),
        )?;
        Ok(vec![
            Extra::Bytes(files.page_path.clone(), html.into_bytes().into()),
            Extra::Bytes(files.index_path.clone(), files.json.as_bytes().into()),
        ])
    }
}
