//! Each document's terms, kept between builds beside the stored index
//! (`.careleaf/cache/search/<language>.terms`), so that a build whose documents changed finds
//! the terms of only those that did: a retitled article on a site of 10,000 no longer stems
//! every document's words again (half of such a build's index stage).
//!
//! A document's terms depend only on its language and its four texts, so they are kept by the
//! key of those; terms are numbered, each document holding its terms' numbers by place (title,
//! headings, text). The file is sealed like every cache: a damaged one, or one another careleaf
//! wrote (whose stemming may differ), is not taken.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::cache_key::{Key, KeyWriter};

use super::{Doc, each_term};

const MAGIC: &[u8] = b"careleaf search terms 1";

/// How many documents' terms are found at once before they are numbered: every document's at
/// once would be most of a large site's index again.
const TERM_BATCH: usize = 2048;

/// Terms by number, and each document's (by the key of its texts) by place.
#[derive(Default, Serialize, Deserialize)]
pub struct TermTable {
    terms: Vec<String>,
    docs: FxHashMap<Key, [Vec<u32>; 3]>,
}

/// For every place (title, headings, text), each term with the documents that have it there
/// (in document order), sorted by term.
pub type Postings<'a> = [SortedTerms<'a>; 3];

/// Terms with their documents, sorted by term.
pub struct SortedTerms<'a>(pub(super) Vec<(&'a str, Vec<u32>)>);

impl TermTable {
    /// The table in `bytes` (as [`TermTable::to_bytes`] wrote it), if whole and this careleaf's.
    pub fn from_bytes(bytes: &[u8]) -> Option<TermTable> {
        let body = crate::cache_key::unseal(bytes, MAGIC).ok()?;
        postcard::from_bytes(body).ok()
    }

    /// How many documents' terms it holds.
    pub fn documents(&self) -> usize {
        self.docs.len()
    }

    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        let body = postcard::to_stdvec(self).ok()?;
        Some(crate::cache_key::seal(body, MAGIC))
    }

    /// The table of `docs`' terms (only these documents, only their terms; `keys` are their
    /// [`doc_keys`], in order), with `self` (the last build's table) supplying those of every
    /// document whose texts it knows.
    pub fn for_documents(mut self, docs: &[Doc], keys: &[Key], lang: &str) -> TermTable {
        let missing: Vec<usize> = (0..docs.len())
            .filter(|&i| !self.docs.contains_key(&keys[i]))
            .collect();
        if !missing.is_empty() {
            let mut numbers = self.numbering();
            for batch in missing.chunks(TERM_BATCH) {
                let found: Vec<[Vec<String>; 3]> = batch
                    .par_iter()
                    .map(|&i| terms_by_place(&docs[i], lang))
                    .collect();
                for (&i, places) in batch.iter().zip(found) {
                    self.docs.insert(keys[i], number(&mut numbers, places));
                }
            }
            self.set_terms(numbers);
        }
        // Only what these documents use goes to the next build, renumbered in first use.
        let mut next = TermTable::default();
        let mut renumbered: Vec<Option<u32>> = vec![None; self.terms.len()];
        for key in keys {
            // Cannot fail: every key was found above or has just been added.
            let Some(places) = self.docs.get(key) else {
                continue;
            };
            let places = places.each_ref().map(|list| {
                list.iter()
                    .map(|&n| {
                        *renumbered[n as usize].get_or_insert_with(|| {
                            next.terms.push(std::mem::take(&mut self.terms[n as usize]));
                            (next.terms.len() - 1) as u32
                        })
                    })
                    .collect::<Vec<u32>>()
            });
            next.docs.insert(*key, places);
        }
        next
    }

    /// The terms of the document of key `key` by place, if the table knows it.
    pub fn terms_of(&self, key: &Key) -> Option<[Vec<&str>; 3]> {
        let places = self.docs.get(key)?;
        let named = places.each_ref().map(|list| {
            list.iter()
                .filter_map(|&n| self.terms.get(n as usize).map(String::as_str))
                .collect::<Vec<_>>()
        });
        Some(named)
    }

    /// Forgets the documents of keys `gone` and learns the terms of those `found`. Terms no
    /// document uses any more stay until the table is made afresh (see
    /// [`TermTable::for_documents`]).
    pub fn update(&mut self, gone: Vec<Key>, found: Vec<(Key, [Vec<String>; 3])>) {
        for key in gone {
            self.docs.remove(&key);
        }
        if found.is_empty() {
            return;
        }
        // The numbers of only the terms found: a retitled page of 10,000 brings a few dozen,
        // where numbering every term the table knows copied some 30,000 of them.
        let wanted: rustc_hash::FxHashSet<&str> = found
            .iter()
            .flat_map(|(_, places)| places.iter().flatten().map(String::as_str))
            .collect();
        let mut numbers: FxHashMap<String, u32> = (self.terms.iter().enumerate())
            .filter(|(_, t)| wanted.contains(t.as_str()))
            .map(|(n, t)| (t.clone(), n as u32))
            .collect();
        let known = self.terms.len();
        let mut added: Vec<(String, u32)> = Vec::new();
        for (key, places) in found {
            let numbered = places.map(|list| {
                list.into_iter()
                    .map(|t| {
                        let next = (known + added.len()) as u32;
                        *numbers.entry(t).or_insert_with_key(|t| {
                            added.push((t.clone(), next));
                            next
                        })
                    })
                    .collect()
            });
            self.docs.insert(key, numbered);
        }
        self.terms.extend(added.into_iter().map(|(t, _)| t));
    }

    /// Each term's number.
    fn numbering(&self) -> FxHashMap<String, u32> {
        let numbered = self.terms.iter().enumerate();
        numbered.map(|(n, t)| (t.clone(), n as u32)).collect()
    }

    /// The terms as `numbers` numbers them.
    fn set_terms(&mut self, numbers: FxHashMap<String, u32>) {
        self.terms = vec![String::new(); numbers.len()];
        for (t, n) in numbers {
            self.terms[n as usize] = t;
        }
    }

    /// Each place's terms with the documents (by their position in `keys`, each a document of
    /// this table) that have it there, sorted by term.
    pub fn invert<'t>(&'t self, keys: &[Key]) -> Postings<'t> {
        let mut lists: [Vec<Vec<u32>>; 3] =
            std::array::from_fn(|_| vec![Vec::new(); self.terms.len()]);
        let known = keys.iter().enumerate();
        for (i, places) in known.filter_map(|(i, k)| Some((i, self.docs.get(k)?))) {
            for (level, terms) in places.iter().enumerate() {
                for &n in terms {
                    // A site has far fewer than 2^32 documents (pages are at most 4 MB each).
                    lists[level][n as usize].push(i as u32);
                }
            }
        }
        lists.map(|by_number| {
            let mut sorted: Vec<(&str, Vec<u32>)> = by_number
                .into_iter()
                .enumerate()
                .filter(|(_, docs)| !docs.is_empty())
                .map(|(n, docs)| (self.terms[n].as_str(), docs))
                .collect();
            sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
            SortedTerms(sorted)
        })
    }
}

/// A document's terms by place as numbers, numbering the terms `numbers` does not know yet.
fn number(numbers: &mut FxHashMap<String, u32>, places: [Vec<String>; 3]) -> [Vec<u32>; 3] {
    places.map(|list| {
        list.into_iter()
            .map(|t| {
                let next = numbers.len() as u32;
                *numbers.entry(t).or_insert(next)
            })
            .collect()
    })
}

/// Each document's [`doc_key`], in order.
pub fn doc_keys(docs: &[Doc], lang: &str) -> Vec<Key> {
    docs.par_iter().map(|d| doc_key(d, lang)).collect()
}

/// What a document's terms are found from.
fn doc_key(d: &Doc, lang: &str) -> Key {
    let mut key = KeyWriter::default();
    key.part(lang.as_bytes())
        .part(d.title.as_bytes())
        .part(&d.headings.key())
        .part(d.snippet.as_bytes())
        .part(d.body_text.as_bytes());
    key.finish()
}

/// A document's terms by the strongest place it has them: each term once, where it is met
/// first (title, then headings, then snippet and text).
pub(super) fn terms_by_place(d: &Doc, lang: &str) -> [Vec<String>; 3] {
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    let headings = d.headings.text();
    let texts = [
        (0, d.title.as_str()),
        (1, headings.as_ref()),
        (2, d.snippet.as_str()),
        (2, d.body_text.as_str()),
    ];
    for (level, text) in texts {
        each_term(text, lang, |t| {
            if !seen.contains_key(t) {
                seen.insert(t.to_string(), level);
            }
        });
    }
    let mut lists: [Vec<String>; 3] = Default::default();
    for (t, level) in seen {
        // Cannot fail: levels are the literals 0 to 2 given in `texts` above.
        lists[level].push(t);
    }
    lists
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::features::search::{DocKind, index_json, index_json_with};

    fn doc(title: &str, headings: &str, text: &str) -> Doc {
        Doc {
            kind: DocKind::Page,
            title: title.to_string(),
            url: format!("/{}/", title.to_lowercase().replace(' ', "-")),
            snippet: format!("About {title}."),
            headings: headings.into(),
            body_text: text.to_string(),
        }
    }

    #[test]
    fn an_index_made_with_the_last_builds_terms_is_the_one_made_afresh() {
        let words = BTreeMap::from([("none", "No results")]);
        let first = vec![
            doc("Sleep", "Before After", "Rest helps infusions."),
            doc(
                "Booster infusions",
                "How often",
                "A booster is one more infusion.",
            ),
            doc("Side effects", "Nausea", "Most effects fade within hours."),
        ];
        let (json, table, _) = index_json_with(&first, "en", &words, TermTable::default(), None);
        assert_eq!(json, index_json(&first, "en", &words));

        // One retitled, one gone, one new, one moved: each time the same as from scratch.
        let second = vec![
            doc("Side effects", "Nausea", "Most effects fade within hours."),
            doc("Sleep and rest", "Before After", "Rest helps infusions."),
            doc("Driving home", "Plan a ride", "Someone drives you home."),
        ];
        let table = TermTable::from_bytes(&table.to_bytes().unwrap()).unwrap();
        let (json, table, _) = index_json_with(&second, "en", &words, table, None);
        assert_eq!(json, index_json(&second, "en", &words));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["title"]["sleep"], serde_json::json!([1]));
        assert!(value["title"].get("booster").is_none(), "the gone page");
        assert_eq!(value["title"]["home"], serde_json::json!([2]));
        // Only the documents of this build, and only their terms, go on.
        assert_eq!(table.docs.len(), 3);
        let fresh = index_json_with(&second, "en", &words, TermTable::default(), None).1;
        assert_eq!(table.terms.len(), fresh.terms.len());
        assert!(!table.terms.iter().any(|t| t == "booster"));
    }

    #[test]
    fn a_damaged_or_foreign_table_is_not_taken() {
        let (_, table, _) = index_json_with(
            &[doc("Sleep", "", "Rest.")],
            "en",
            &BTreeMap::new(),
            TermTable::default(),
            None,
        );
        let bytes = table.to_bytes().unwrap();
        assert!(TermTable::from_bytes(&bytes).is_some());
        let mut damaged = bytes.clone();
        damaged[2] ^= 1;
        assert!(TermTable::from_bytes(&damaged).is_none());
        assert!(TermTable::from_bytes(&bytes[..bytes.len() - 1]).is_none());
        assert!(TermTable::from_bytes(b"").is_none());
    }

    #[test]
    fn a_documents_terms_are_kept_by_its_language_too() {
        let words = BTreeMap::new();
        let docs = [doc("Meses", "Infusiones", "Los efectos duran semanas.")];
        let (_, english, _) = index_json_with(&docs, "en", &words, TermTable::default(), None);
        let (spanish, _, _) = index_json_with(&docs, "es", &words, english, None);
        assert_eq!(spanish, index_json(&docs, "es", &words));
        assert!(spanish.contains("\"mes\""), "stemmed as Spanish: {spanish}");
    }
}
