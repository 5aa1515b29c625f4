//! Search as a [`Feature`]: once every page is rendered, the edition's index (pages with their
//! section headings and text, then what the other features give: FAQ answers, glossary terms),
//! and the search page, when the theme has one.

use std::collections::BTreeMap;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread::JoinHandle;

use crate::cache_key::Key;
use crate::diagnostic::{Diagnostic, Errors};
use crate::features::{
    Feature, FeatureSpec, FilesContext, LoadContext, MarkdownContext, RenderedContext,
};
use crate::markdown::Rendered;
use crate::site::linked::SEARCH_TEMPLATE;

use super::layout::IndexLayout;
use super::stored::{IndexFile, StoredIndex, index_key};
use super::terms::TermTable;
use super::{BODY_WORDS_LIMIT, Doc, DocKeys, DocKind, Headings, LastIndex};

pub const SPEC: FeatureSpec = FeatureSpec {
    name: "search",
    shortcodes: &[],
    load,
};

/// This language's search page and index, as published.
struct SearchFeature {
    /// None when the theme has no search page.
    paths: Option<SearchPaths>,
    /// What the index is made of, and its key; None before [`Feature::index`].
    maker: Option<Arc<IndexMaker>>,
    /// The index, once asked for ([`SearchFeature::json`]): a build whose output holds the
    /// index for the same key already does not read or make it.
    json: OnceLock<Arc<String>>,
    /// The index being made beside the rest of a build, when it has to be made: handed
    /// over as soon as it is made, then kept in the cache by the same thread.
    early: Mutex<Option<Receiver<Arc<String>>>>,
    /// That thread, until the index is kept ([`Feature::save_cache`]).
    keeping: Mutex<Option<JoinHandle<()>>>,
    /// The last index made, for a build whose documents are the same.
    stored: StoredIndex,
}

/// What patching the last index starts from: its term table and the index with its layout.
type LastRead = (TermTable, Option<(IndexFile, IndexLayout)>);

/// What one index is made of.
struct IndexMaker {
    /// Let go of once the index is made: on a large site they are tens of megabytes.
    docs: Mutex<Option<(Vec<Doc>, DocKeys)>>,
    words: BTreeMap<&'static str, String>,
    language: String,
    key: Key,
    stored: StoredIndex,
}

/// The result list's words as the index takes them.
fn by_name<'a>(words: &'a BTreeMap<&'static str, String>) -> BTreeMap<&'a str, &'a str> {
    words.iter().map(|(k, w)| (*k, w.as_str())).collect()
}

impl IndexMaker {
    /// The index stored for these documents, or made afresh: handed to `ready` as soon as it
    /// is made (shared, not copied: at 10,000 pages it is 4 MB), then kept in the cache (the
    /// next build patches it).
    fn make(&self, ready: impl FnOnce(Arc<String>)) {
        if let Some(json) = self.stored.get(&self.key) {
            return ready(Arc::new(json));
        }
        let (known, last) = read_last(&self.stored);
        let taken = self
            .docs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        // Taken already only by a thread making the index that stopped unexpectedly.
        let Some((docs, keys)) = taken else {
            return ready(Arc::default());
        };
        let last = last.as_ref().map(|(file, layout)| LastIndex {
            json: file.json(),
            layout,
        });
        let words = by_name(&self.words);
        let (json, terms, layout) =
            super::index_json_with(&docs, &keys, &self.language, &words, known, last);
        drop((docs, keys));
        let json = Arc::new(json);
        ready(Arc::clone(&json));
        // Side by side: the build waits for them at its end.
        std::thread::scope(|s| {
            s.spawn(|| self.stored.put(&self.key, &json));
            self.stored.put_terms(&terms.into_table());
            self.stored.put_layout(&self.key, &layout);
        });
    }
}

/// [`LastRead`] of `stored`, the term table and the index side by side: an edit build waits
/// for the index at its end.
fn read_last(stored: &StoredIndex) -> LastRead {
    std::thread::scope(|s| {
        let last = s.spawn(|| stored.last());
        let known = stored.terms();
        (known, last.join().ok().flatten())
    })
}

struct SearchPaths {
    page: String,
    index: String,
    /// As templates link to them (`search.url`, `search.index`).
    page_url: String,
    index_url: String,
}

fn load(ctx: &LoadContext, _: &MarkdownContext) -> Result<Box<dyn Feature>, Errors> {
    let root = &ctx.links.root_path();
    let paths = ctx.links.search_page().map(|page| {
        // Beside the search page, under a name that stays the same from build to build, so
        // that pages (whose header box loads it) do not change when only the text does.
        let dir = page.trim_end_matches("index.html");
        SearchPaths {
            page: page.to_string(),
            index: format!("{dir}index.json"),
            page_url: format!("{root}{dir}"),
            index_url: format!("{root}{dir}index.json"),
        }
    });
    Ok(Box::new(SearchFeature {
        paths,
        maker: None,
        json: OnceLock::new(),
        early: Mutex::new(None),
        keeping: Mutex::new(None),
        stored: StoredIndex::in_site(ctx.root, &ctx.config.language, ctx.caches),
    }))
}

/// The words `search.js` shows, in this language.
const RESULT_WORDS: [&str; 8] = [
    "type",
    "none",
    "one",
    "many",
    "all",
    "kind_page",
    "kind_question",
    "kind_word",
];

impl Feature for SearchFeature {
    // Adds nothing to pages.
    fn page_values_key(&self, _key: &mut crate::cache_key::KeyWriter) -> bool {
        true
    }

    fn globals(&self) -> Vec<(&'static str, serde_json::Value)> {
        match &self.paths {
            Some(p) => vec![(
                "search",
                serde_json::json!({ "url": p.page_url, "index": p.index_url }),
            )],
            None => Vec::new(),
        }
    }

    fn prose_words_read(&self) -> usize {
        if self.paths.is_some() {
            BODY_WORDS_LIMIT
        } else {
            0
        }
    }

    fn index(&mut self, ctx: &RenderedContext) {
        if self.paths.is_none() {
            return;
        }
        let mut docs = page_docs(ctx);
        let mut others: Vec<Doc> = ctx.others.iter().flat_map(|f| f.search_docs()).collect();
        // Pages, then answers, then words, whatever order the features load in.
        others.sort_by_key(|d| d.kind);
        docs.extend(others);
        let words: BTreeMap<&'static str, String> = RESULT_WORDS
            .into_iter()
            .map(|k| {
                let word = ctx.strings.lookup(&format!("search_{k}"));
                (k, word.unwrap_or_default().to_string())
            })
            .collect();
        let keys = DocKeys::of(&docs, ctx.language);
        let maker = Arc::new(IndexMaker {
            key: index_key(&keys, ctx.language, &by_name(&words)),
            docs: Mutex::new(Some((docs, keys))),
            words,
            language: ctx.language.to_string(),
            stored: self.stored.clone(),
        });
        self.json = OnceLock::new();
        let mut early = None;
        let mut keeping = None;
        // A build that read most page files (the first with this careleaf, or after a change
        // to many pages) renders every page too.
        let few_read = ctx.content.pages_read <= ctx.content.pages.len() / 4;
        match self.stored.made_from().filter(|_| few_read) {
            // The same documents: the index is most likely in the output already, and is
            // taken from there or from the cache when it is written.
            Some(key) if key == maker.key => {}
            // A build after an edit that changed documents makes the index while its few
            // pages render, rather than after them (at 10,000 pages it takes longer than them).
            Some(_) => {
                let maker = Arc::clone(&maker);
                let (made, receiver) = std::sync::mpsc::channel();
                early = Some(receiver);
                keeping = Some(std::thread::spawn(move || {
                    maker.make(|json| {
                        let _ = made.send(json);
                    });
                }));
            }
            // A build that renders every page (the first, `--clean`, the preview) makes it now
            // and lets go of the documents before the pages fill memory, rather than hold
            // both at once.
            None => maker.make(|json| {
                let _ = self.json.set(json);
            }),
        }
        *self.early.get_mut().unwrap_or_else(PoisonError::into_inner) = early;
        *self
            .keeping
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner) = keeping;
        self.maker = Some(maker);
    }

    /// Waits for the index made beside the build to be kept in the cache.
    fn save_cache(&self) {
        let keeping = self
            .keeping
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(thread) = keeping {
            let _ = thread.join();
        }
    }

    fn files_wait(&self) -> bool {
        // An edit build's index is patched on a thread of its own (see `index`).
        true
    }

    fn files(&self, ctx: &FilesContext) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        let Some(paths) = &self.paths else {
            return Ok(Vec::new());
        };
        let empty = Rendered::default();
        let extra = serde_json::Map::new();
        let context = ctx.contexts.standalone(
            "search",
            ctx.strings.get("search_title"),
            ctx.strings.get("search_description"),
            paths.page.clone(),
            &empty,
            &extra,
        );
        let html = ctx.renderer.render(
            SEARCH_TEMPLATE,
            &context.with_translations(ctx.links.search_alternates()),
        )?;
        let mut files = vec![(paths.page.clone(), html.into_bytes())];
        match ctx.keyed_file_sink() {
            Some(sink) => {
                if !sink.reuse(&paths.index, self.key()) {
                    sink.write(&paths.index, self.key(), self.json().as_bytes())?;
                }
            }
            None => files.push((paths.index.clone(), self.json().as_bytes().to_vec())),
        }
        Ok(files)
    }
}

impl SearchFeature {
    /// The key of the index of the documents found last.
    fn key(&self) -> Key {
        self.maker.as_ref().map_or_else(Key::default, |m| m.key)
    }

    /// The index of the documents found last: as made beside the build, or stored for their
    /// key, or made now.
    fn json(&self) -> &str {
        self.json.get_or_init(|| {
            let early = self
                .early
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            if let Some(json) = early.and_then(|made| made.recv().ok()) {
                return json;
            }
            let mut json = Arc::default();
            if let Some(maker) = &self.maker {
                maker.make(|made| json = made);
            }
            json
        })
    }
}

/// Every page with its section headings, and its text unless the site is too large for a
/// phone to fetch it all (or another feature renders the page itself, as the FAQ does: its
/// answers are found one by one).
fn page_docs(ctx: &RenderedContext) -> Vec<Doc> {
    use rayon::prelude::*;
    let words: usize = ctx.rendered.iter().map(|r| r.word_count).sum();
    let with_text = words <= BODY_WORDS_LIMIT;
    // In parallel: at 10,000 pages, making the documents alone took 14 ms of a one-edit build.
    ctx.content
        .pages
        .par_iter()
        .zip(ctx.rendered)
        .enumerate()
        .map(|(i, (page, r))| {
            // Without reading the sections of a page taken from the Markdown cache.
            let headings = match r.detail.still_encoded() {
                Some(detail) => Headings::Page(detail),
                None => Headings::Text(r.detail.heading_text()),
            };
            let own = ctx.others.iter().any(|f| f.own_rendering(i).is_some());
            let body = if with_text && !own {
                r.prose_blocks
                    .iter()
                    .map(|b| b.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                String::new()
            };
            Doc {
                kind: DocKind::Page,
                title: page.front.title.clone(),
                url: format!("{}{}", ctx.root_path, page.url),
                snippet: page.front.description.clone(),
                headings,
                body_text: body,
            }
        })
        .collect()
}
