//! The site search index, one per language: every page, FAQ answer and glossary entry, with an
//! inverted index of their words, written at build time as a small JSON file that the theme's
//! `search.js` reads in the browser. No server and no other host is involved.
//!
//! Words are matched in a forgiving form, the same here and in `search.js`: lowercase, accents
//! removed (`infusión` → `infusion`), and simple plurals reduced (`infusions` → `infusion`,
//! `infusiones` → `infusion`, `therapies` → `therapy`). Very common words (`the`, `de`) are
//! left out of the index and of queries.

mod feature;
mod layout;
mod stored;
mod terms;
pub use feature::SPEC;

use std::collections::BTreeMap;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::cache_key::Key;

pub use layout::IndexLayout;
use terms::{NextTerms, TermTable};

/// Above this many words of running text in one language, pages are indexed by their titles,
/// headings and descriptions only: the index of every word of a large library would be more
/// than a phone should fetch (about 6 bytes per word), and building it would slow every build.
pub const BODY_WORDS_LIMIT: usize = 300_000;

/// Words too common to search for, per language (sorted). `search.js` gets the same list in
/// the index.
fn stop_words(lang: &str) -> &'static [&'static str] {
    match lang.split('-').next() {
        Some("es") => &[
            "a", "al", "con", "de", "del", "el", "en", "es", "la", "las", "le", "lo", "los", "me",
            "mi", "o", "para", "por", "que", "se", "si", "su", "sus", "un", "una", "y",
        ],
        _ => &[
            "a", "an", "and", "are", "as", "at", "be", "by", "can", "did", "do", "does", "for",
            "from", "i", "if", "in", "is", "it", "me", "my", "of", "on", "or", "that", "the",
            "this", "to", "will", "with", "you", "your",
        ],
    }
}

/// Lowercase, without accents (the form words are compared in).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Most letters are plain ASCII: only the others go through decomposition.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(
                std::iter::once(c)
                    .nfd()
                    .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
                    .flat_map(char::to_lowercase),
            );
        }
    }
    out
}

/// A normalized word with simple plural endings removed.
pub fn stem<'a>(w: &'a str, lang: &str) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    let n = w.chars().count();
    // Cannot fail: every cut below removes only an ASCII ending that `ends_with` just matched.
    let strip = |k: usize| Cow::Borrowed(&w[..w.len() - k]);
    if lang.starts_with("es") {
        let consonant_before_es = w.ends_with("es")
            && n > 4
            && w[..w.len() - 2]
                .chars()
                .last()
                .is_some_and(|c| !"aeiou".contains(c));
        if consonant_before_es {
            return strip(2);
        }
        if w.ends_with('s') && n > 3 && w[..w.len() - 1].ends_with(|c| "aeiou".contains(c)) {
            return strip(1);
        }
        return Cow::Borrowed(w);
    }
    if w.ends_with("ies") && n > 4 {
        return Cow::Owned(format!("{}y", &w[..w.len() - 3]));
    }
    if w.ends_with("sses")
        || ["xes", "zes", "ches", "shes"]
            .iter()
            .any(|e| w.ends_with(e))
    {
        return strip(2);
    }
    if w.ends_with('s') && n > 3 && !["ss", "us", "is"].iter().any(|e| w.ends_with(e)) {
        return strip(1);
    }
    Cow::Borrowed(w)
}

/// Calls `found` with each searchable word of `text`, stemmed, without stop words. The text
/// is normalized once, whole (accents are marks that split no word).
pub fn each_term(text: &str, lang: &str, mut found: impl FnMut(&str)) {
    let stop = stop_words(lang);
    let text = normalize(text);
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if !w.is_empty() && stop.binary_search(&w).is_err() {
            found(&stem(w, lang));
        }
    }
}

/// The searchable words of `text`, stemmed, without stop words.
pub fn terms(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_term(text, lang, |t| out.push(t.to_string()));
    out
}

/// What a result is, for the result list.
#[derive(Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Page,
    Question,
    Word,
}

/// One thing search can find.
pub struct Doc {
    pub kind: DocKind,
    pub title: String,
    pub url: String,
    /// Shown under the title (a page's description, an answer's first sentences).
    pub snippet: String,
    /// Words that count most after the title: a page's section headings.
    pub headings: Headings,
    /// Everything else that can be found.
    pub body_text: String,
}

/// A document's section headings: their text, or those of a page taken from the Markdown
/// cache, read from its bytes only if the page's terms must be found again (a build after
/// one edit reads those of the pages it changed, not of 10,000).
pub enum Headings {
    Text(String),
    Page(crate::markdown::Detail),
}

impl Headings {
    /// The key of the text, without reading a page's headings.
    pub fn key(&self) -> crate::cache_key::Key {
        match self {
            Headings::Text(text) => crate::cache_key::key_of(text.as_bytes()),
            Headings::Page(detail) => detail.heading_key(),
        }
    }

    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Headings::Text(text) => std::borrow::Cow::Borrowed(text),
            Headings::Page(detail) => std::borrow::Cow::Owned(detail.heading_text()),
        }
    }
}

impl From<&str> for Headings {
    fn from(text: &str) -> Headings {
        Headings::Text(text.to_string())
    }
}

/// The index of `docs` in language `lang`, with the words `search.js` shows, as JSON.
pub fn index_json(docs: &[Doc], lang: &str, words: &BTreeMap<&str, &str>) -> String {
    let keys = DocKeys::of(docs, lang);
    index_json_with(docs, &keys, lang, words, TermTable::default(), None).0
}

/// Each document's keys: of its texts (by which the term table knows its terms) and of its
/// entry in the index (its texts, kind and address).
pub struct DocKeys {
    pub texts: Vec<Key>,
    pub entries: Vec<Key>,
}

impl DocKeys {
    /// Found on every core: a build after an edit finds them before its pages render, where
    /// beside them they waited for every page.
    pub fn of(docs: &[Doc], lang: &str) -> DocKeys {
        let texts = terms::doc_keys(docs, lang);
        let entries = layout::entry_keys(docs, &texts);
        DocKeys { texts, entries }
    }
}

/// The last index made: its JSON and where its pieces are.
pub struct LastIndex<'a> {
    pub json: &'a [u8],
    pub layout: &'a IndexLayout,
}

/// [`index_json`], taking the terms of every document `known` holds from it rather than
/// finding them again, and patching the `last` index when only a few documents changed; also
/// gives the table of these documents' terms and the layout of the index, for the next build.
pub fn index_json_with(
    docs: &[Doc],
    keys: &DocKeys,
    lang: &str,
    words: &BTreeMap<&str, &str>,
    known: TermTable,
    last: Option<LastIndex>,
) -> (String, NextTerms, IndexLayout) {
    let head = layout::Head { lang, words };
    if let Some(last) = last {
        let patched = layout::patch(last.json, last.layout, &known, &head, docs, keys);
        if let Some((json, layout, changes)) = patched {
            // Cannot fail: every piece is serde's JSON or a copy of a whole piece of the last
            // index, itself valid; made afresh should it ever.
            if let Ok(json) = String::from_utf8(json) {
                return (json, NextTerms::patched(known, changes), layout);
            }
        }
    }
    // Each document is listed once per term, under the strongest place it has it.
    let table = known.for_documents(docs, &keys.texts, lang);
    let postings = table.invert(&keys.texts);
    let (json, layout) = layout::write_index(&head, docs, keys, &postings);
    drop(postings);
    let json = String::from_utf8(json).unwrap_or_else(|_| "{}".into());
    (json, NextTerms::made(table), layout)
}

/// [`index_json_with`] with the next table's changes applied.
#[cfg(test)]
pub(crate) fn index_with(
    docs: &[Doc],
    lang: &str,
    words: &BTreeMap<&str, &str>,
    known: TermTable,
    last: Option<LastIndex>,
) -> (String, TermTable, IndexLayout) {
    let keys = DocKeys::of(docs, lang);
    let (json, next, layout) = index_json_with(docs, &keys, lang, words, known, last);
    (json, next.into_table(), layout)
}

/// The first sentences of `text`, up to about `max` characters, for a result's snippet.
pub fn snippet(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(' ') {
        // Cannot fail: `i` is where `rfind` found a space in `cut` itself.
        Some(i) => format!("{} …", &cut[..i]),
        None => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_matched_without_case_accents_or_plurals() {
        assert_eq!(
            terms("Infusión, INFUSIONS and the therapies", "en"),
            ["infusion", "infusion", "therapy"]
        );
        assert_eq!(
            terms("Las infusiones y los efectos", "es"),
            ["infusion", "efecto"]
        );
        assert_eq!(stem("boosters", "en"), "booster");
        assert_eq!(stem("stress", "en"), "stress");
        assert_eq!(stem("mes", "es"), "mes");
        assert_eq!(stem("meses", "es"), "mes");
    }

    #[test]
    fn the_index_lists_each_document_once_per_term_and_prefers_headings() {
        let docs = vec![
            Doc {
                kind: DocKind::Page,
                title: "Booster infusions".into(),
                url: "/boosters/".into(),
                snippet: "When relief fades.".into(),
                headings: "How often".into(),
                body_text: "A booster is one more infusion. Infusions help.".into(),
            },
            Doc {
                kind: DocKind::Question,
                title: "Is it <safe>?".into(),
                url: "/faq/#safe".into(),
                snippet: "Mostly.".into(),
                headings: "".into(),
                body_text: "An infusion in a clinic.".into(),
            },
        ];
        let words = BTreeMap::from([("none", "No results")]);
        let json: serde_json::Value =
            serde_json::from_str(&index_json(&docs, "en", &words)).unwrap();
        assert_eq!(json["t"]["none"], "No results");
        assert_eq!(json["title"]["infusion"], serde_json::json!([0]));
        assert!(
            json["head"].get("infusion").is_none(),
            "listed once, by its title"
        );
        assert_eq!(json["body"]["infusion"], serde_json::json!([1]));
        assert_eq!(json["head"]["often"], serde_json::json!([0]));
        assert!(json["body"].get("the").is_none());
        assert_eq!(json["docs"][1][1], "Is it <safe>?");
        assert_eq!(json["docs"][1][0], "question");
    }

    #[test]
    fn snippets_end_at_a_word() {
        assert_eq!(snippet("one two three four", 9), "one two …");
        assert_eq!(snippet("short", 40), "short");
    }
}
