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
use crate::packed::Packed;

use super::{Doc, each_term};

const MAGIC: &[u8] = b"careleaf search terms 2";

/// How many documents' terms are found at once before they are numbered: every document's at
/// once would be most of a large site's index again.
const TERM_BATCH: usize = 2048;

/// Terms by number, and each document's (by the key of its texts) by place. Flat, so that
/// reading it back is a few copies ([`Packed`]): as 30,000 strings and a map of 10,000
/// documents' lists it took 5 to 10 ms to read, on the path of a build after a retitled page.
#[derive(Default, Serialize, Deserialize)]
pub struct TermTable {
    /// Every term, one after another: term `n` ends at `term_ends[n]`.
    text: String,
    term_ends: Packed<u32>,
    /// The documents' keys, sorted.
    doc_keys: Packed<Key>,
    /// Each document's three lists of term numbers (title, headings, text), one after
    /// another in `numbers`: list `p` of the `d`th document ends at `list_ends[3 * d + p]`.
    list_ends: Packed<u32>,
    numbers: Packed<u32>,
}

/// What a table must forget and learn after a few documents changed.
pub struct TermChanges {
    /// The keys of documents no longer there.
    pub gone: Vec<Key>,
    /// New documents' keys with their terms by place.
    pub found: Vec<(Key, [Vec<String>; 3])>,
}

/// The term table for the next build: made, or the last one with the changes a patched index
/// brought, applied once the index is handed over (not on the way to it).
pub struct NextTerms {
    table: TermTable,
    changes: Option<TermChanges>,
}

impl NextTerms {
    pub fn made(table: TermTable) -> NextTerms {
        NextTerms {
            table,
            changes: None,
        }
    }

    pub fn patched(table: TermTable, changes: TermChanges) -> NextTerms {
        NextTerms {
            table,
            changes: Some(changes),
        }
    }

    pub fn into_table(self) -> TermTable {
        let mut table = self.table;
        if let Some(changes) = self.changes {
            table.update(changes);
        }
        table
    }
}

/// For every place (title, headings, text), each term with the documents that have it there
/// (in document order), sorted by term.
pub type Postings<'a> = [SortedTerms<'a>; 3];

/// Terms with their documents, sorted by term.
pub struct SortedTerms<'a>(pub(super) Vec<(&'a str, Vec<u32>)>);

/// A document's terms by place, as numbers.
type Places = [Vec<u32>; 3];

impl TermTable {
    /// The table in `bytes` (as [`TermTable::to_bytes`] wrote it), if whole and this careleaf's.
    pub fn from_bytes(bytes: &[u8]) -> Option<TermTable> {
        let body = crate::cache_key::unseal(bytes, MAGIC).ok()?;
        let table: TermTable = postcard::from_bytes(body).ok()?;
        table.is_whole().then_some(table)
    }

    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        let size = self.text.len()
            + self.term_ends.written_len()
            + self.doc_keys.written_len()
            + self.list_ends.written_len()
            + self.numbers.written_len();
        crate::cache_key::sealed(self, size, MAGIC)
    }

    /// Whether every position and number in the table points inside it: a file that passed
    /// its checksum but does not (a careleaf bug) is not taken either.
    fn is_whole(&self) -> bool {
        let ascending = |ends: &[u32], limit: usize| {
            ends.windows(2).all(|w| w[0] <= w[1])
                && ends.last().is_none_or(|&e| e as usize <= limit)
        };
        ascending(&self.term_ends, self.text.len())
            && (self.term_ends.iter()).all(|&e| self.text.is_char_boundary(e as usize))
            && self.doc_keys.windows(2).all(|w| w[0] < w[1])
            && self.list_ends.len() == 3 * self.doc_keys.len()
            && ascending(&self.list_ends, self.numbers.len())
            && (self.numbers.iter()).all(|&n| (n as usize) < self.term_ends.len())
    }

    /// How many documents' terms it holds.
    pub fn documents(&self) -> usize {
        self.doc_keys.len()
    }

    fn term_count(&self) -> usize {
        self.term_ends.len()
    }

    /// Term `n`.
    fn term(&self, n: u32) -> Option<&str> {
        let n = n as usize;
        let start = match n.checked_sub(1) {
            Some(before) => *self.term_ends.get(before)? as usize,
            None => 0,
        };
        self.text.get(start..*self.term_ends.get(n)? as usize)
    }

    #[cfg(test)]
    fn terms(&self) -> impl Iterator<Item = &str> {
        (0..self.term_count()).filter_map(|n| self.term(n as u32))
    }

    /// The term numbers of the `d`th document (by key), by place.
    fn lists(&self, d: usize) -> Option<[&[u32]; 3]> {
        let end = |i: usize| self.list_ends.get(i).map(|&e| e as usize);
        let start = match (3 * d).checked_sub(1) {
            Some(before) => end(before)?,
            None => 0,
        };
        let (title, head, body) = (end(3 * d)?, end(3 * d + 1)?, end(3 * d + 2)?);
        Some([
            self.numbers.get(start..title)?,
            self.numbers.get(title..head)?,
            self.numbers.get(head..body)?,
        ])
    }

    /// The term numbers of the document of key `key`, by place, if the table knows it.
    fn places(&self, key: &Key) -> Option<[&[u32]; 3]> {
        self.lists(self.doc_keys.binary_search(key).ok()?)
    }

    /// The terms of the document of key `key` by place, if the table knows it.
    pub fn terms_of(&self, key: &Key) -> Option<[Vec<&str>; 3]> {
        let places = self.places(key)?;
        Some(places.map(|list| list.iter().filter_map(|&n| self.term(n)).collect()))
    }

    /// Appends a term; its number.
    fn push_term(&mut self, term: &str) -> u32 {
        self.text.push_str(term);
        // A table holds far fewer than 4 GB of terms (pages are at most 4 MB each).
        self.term_ends.push(self.text.len() as u32);
        (self.term_ends.len() - 1) as u32
    }

    /// Sets the documents to `docs` (in any order; of two with one key, the first is kept).
    fn set_documents<'l>(&mut self, docs: impl IntoIterator<Item = (Key, [&'l [u32]; 3])>) {
        let mut docs: Vec<(Key, [&[u32]; 3])> = docs.into_iter().collect();
        docs.sort_by_key(|(key, _)| *key);
        docs.dedup_by_key(|(key, _)| *key);
        (self.doc_keys, self.list_ends, self.numbers) = Default::default();
        for (key, places) in docs {
            self.push_document(key, places);
        }
    }

    /// The table of `docs`' terms (only these documents, only their terms; `keys` are their
    /// [`doc_keys`], in order), with `self` (the last build's table) supplying those of every
    /// document whose texts it knows.
    pub fn for_documents(self, docs: &[Doc], keys: &[Key], lang: &str) -> TermTable {
        let missing: Vec<usize> = (0..docs.len())
            .filter(|&i| self.places(&keys[i]).is_none())
            .collect();
        let known = self.term_count();
        // Terms numbered past the table's own, and the documents that brought them.
        let mut added: Vec<String> = Vec::new();
        let mut new_docs: FxHashMap<Key, Places> = FxHashMap::default();
        if !missing.is_empty() {
            let mut numbers = self.numbering();
            for batch in missing.chunks(TERM_BATCH) {
                let found: Vec<[Vec<String>; 3]> = batch
                    .par_iter()
                    .map(|&i| terms_by_place(&docs[i], lang))
                    .collect();
                for (&i, places) in batch.iter().zip(found) {
                    let numbered = number(&mut numbers, &mut added, known, places);
                    new_docs.insert(keys[i], numbered);
                }
            }
        }
        let term = |n: u32| match (n as usize).checked_sub(known) {
            Some(a) => added.get(a).map(String::as_str),
            None => self.term(n),
        };
        // Only what these documents use goes to the next build, renumbered in first use.
        let mut next = TermTable::default();
        let mut renumbered: Vec<Option<u32>> = vec![None; known + added.len()];
        let mut lists: Vec<(Key, Places)> = Vec::with_capacity(keys.len());
        for key in keys {
            let places = match new_docs.get(key) {
                Some(places) => places.each_ref().map(Vec::as_slice),
                // Cannot fail: every key is known or has just been found.
                None => match self.places(key) {
                    Some(places) => places,
                    None => continue,
                },
            };
            let places = places.map(|list| {
                list.iter()
                    .filter_map(|&n| {
                        let slot = renumbered.get_mut(n as usize)?;
                        if slot.is_none() {
                            *slot = Some(next.push_term(term(n)?));
                        }
                        *slot
                    })
                    .collect::<Vec<u32>>()
            });
            lists.push((*key, places));
        }
        next.set_documents(
            lists
                .iter()
                .map(|(k, p)| (*k, p.each_ref().map(Vec::as_slice))),
        );
        next
    }

    /// Forgets the documents of keys `changes.gone` and learns the terms of those
    /// `changes.found`. Terms no document uses any more stay until the table is made afresh
    /// (see [`TermTable::for_documents`]).
    pub fn update(&mut self, changes: TermChanges) {
        let TermChanges { gone, found } = changes;
        // The numbers of only the terms found: a retitled page of 10,000 brings a few dozen,
        // where numbering every term the table knows copied some 30,000 of them.
        let wanted: rustc_hash::FxHashSet<&str> = found
            .iter()
            .flat_map(|(_, places)| places.iter().flatten().map(String::as_str))
            .collect();
        let mut numbers: FxHashMap<String, u32> = (0..self.term_count() as u32)
            .filter_map(|n| Some((self.term(n)?, n)))
            .filter(|(t, _)| wanted.contains(t))
            .map(|(t, n)| (t.to_string(), n))
            .collect();
        let known = self.term_count();
        let mut added = Vec::new();
        let mut found: Vec<(Key, Places)> = (found.into_iter())
            .map(|(key, places)| (key, number(&mut numbers, &mut added, known, places)))
            .collect();
        found.sort_by_key(|(key, _)| *key);
        found.dedup_by_key(|(key, _)| *key);
        // In place: a few documents change among 10,000, and a table made anew was megabytes
        // of fresh memory. Those gone or found again go first, from the last.
        let mut out: Vec<usize> = (gone.iter().chain(found.iter().map(|(k, _)| k)))
            .filter_map(|k| self.doc_keys.binary_search(k).ok())
            .collect();
        out.sort_unstable();
        out.dedup();
        let mut whole = out.iter().rev().all(|&d| self.remove_document(d).is_some());
        for (key, places) in &found {
            let at = self.doc_keys.binary_search(key).unwrap_or_else(|at| at);
            whole &= self.insert_document(at, *key, places).is_some();
        }
        for term in &added {
            self.push_term(term);
        }
        if !whole {
            // Cannot happen to a table that passed `is_whole`; made afresh by the next build.
            *self = TermTable::default();
        }
    }

    /// Where the lists of the `d`th document start in `numbers`.
    fn lists_start(&self, d: usize) -> Option<usize> {
        match (3 * d).checked_sub(1) {
            Some(before) => self.list_ends.get(before).map(|&e| e as usize),
            None => Some(0),
        }
    }

    /// Removes the `d`th document.
    fn remove_document(&mut self, d: usize) -> Option<()> {
        let start = self.lists_start(d)?;
        let end = *self.list_ends.get(3 * d + 2)? as usize;
        let len = end.checked_sub(start)? as u32;
        self.numbers.get(start..end)?;
        self.numbers.drain(start..end);
        self.list_ends.drain(3 * d..3 * d + 3);
        for e in self.list_ends.get_mut(3 * d..)? {
            *e -= len;
        }
        self.doc_keys.remove(d);
        Some(())
    }

    /// Puts a document of key `key` at `at` (the place its key sorts to).
    fn insert_document(&mut self, at: usize, key: Key, places: &Places) -> Option<()> {
        let start = self.lists_start(at)?;
        let mut ends = [0u32; 3];
        let mut end = start;
        for (list, e) in places.iter().zip(&mut ends) {
            end += list.len();
            // A table holds far fewer than 2^32 numbers (see `push_term`).
            *e = end as u32;
        }
        let len = (end - start) as u32;
        self.numbers.get(..start)?;
        self.numbers
            .splice(start..start, places.iter().flatten().copied());
        for e in self.list_ends.get_mut(3 * at..)? {
            *e += len;
        }
        self.list_ends.splice(3 * at..3 * at, ends);
        self.doc_keys.insert(at, key);
        Some(())
    }

    /// Adds a document after those the table holds (whose keys are all below `key`).
    fn push_document(&mut self, key: Key, places: [&[u32]; 3]) {
        self.doc_keys.push(key);
        for list in places {
            self.numbers.extend_from_slice(list);
            // A table holds far fewer than 2^32 numbers (see `push_term`).
            self.list_ends.push(self.numbers.len() as u32);
        }
    }

    /// Each term's number.
    fn numbering(&self) -> FxHashMap<String, u32> {
        (0..self.term_count() as u32)
            .filter_map(|n| Some((self.term(n)?.to_string(), n)))
            .collect()
    }

    /// Each place's terms with the documents (by their position in `keys`, each a document of
    /// this table) that have it there, sorted by term.
    pub fn invert<'t>(&'t self, keys: &[Key]) -> Postings<'t> {
        let mut lists: [Vec<Vec<u32>>; 3] =
            std::array::from_fn(|_| vec![Vec::new(); self.term_count()]);
        let known = keys.iter().enumerate();
        for (i, places) in known.filter_map(|(i, k)| Some((i, self.places(k)?))) {
            for (level, terms) in places.iter().enumerate() {
                for &n in *terms {
                    // A site has far fewer than 2^32 documents (pages are at most 4 MB each).
                    if let Some(docs) = lists[level].get_mut(n as usize) {
                        docs.push(i as u32);
                    }
                }
            }
        }
        lists.map(|by_number| {
            let mut sorted: Vec<(&str, Vec<u32>)> = (by_number.into_iter().enumerate())
                .filter(|(_, docs)| !docs.is_empty())
                .filter_map(|(n, docs)| Some((self.term(n as u32)?, docs)))
                .collect();
            sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
            SortedTerms(sorted)
        })
    }
}

/// A document's terms by place as numbers, numbering the terms `numbers` does not know yet
/// from `known` on (and adding them to `added`).
fn number(
    numbers: &mut FxHashMap<String, u32>,
    added: &mut Vec<String>,
    known: usize,
    places: [Vec<String>; 3],
) -> Places {
    places.map(|list| {
        list.into_iter()
            .map(|t| {
                let next = (known + added.len()) as u32;
                *numbers.entry(t).or_insert_with_key(|t| {
                    added.push(t.clone());
                    next
                })
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
    use crate::features::search::{DocKind, index_json, index_with};

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
        let (json, table, _) = index_with(&first, "en", &words, TermTable::default(), None);
        assert_eq!(json, index_json(&first, "en", &words));

        // One retitled, one gone, one new, one moved: each time the same as from scratch.
        let second = vec![
            doc("Side effects", "Nausea", "Most effects fade within hours."),
            doc("Sleep and rest", "Before After", "Rest helps infusions."),
            doc("Driving home", "Plan a ride", "Someone drives you home."),
        ];
        let table = TermTable::from_bytes(&table.to_bytes().unwrap()).unwrap();
        let (json, table, _) = index_with(&second, "en", &words, table, None);
        assert_eq!(json, index_json(&second, "en", &words));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["title"]["sleep"], serde_json::json!([1]));
        assert!(value["title"].get("booster").is_none(), "the gone page");
        assert_eq!(value["title"]["home"], serde_json::json!([2]));
        // Only the documents of this build, and only their terms, go on.
        assert_eq!(table.documents(), 3);
        let fresh = index_with(&second, "en", &words, TermTable::default(), None).1;
        assert_eq!(table.term_count(), fresh.term_count());
        assert!(!table.terms().any(|t| t == "booster"));
    }

    #[test]
    fn a_damaged_or_foreign_table_is_not_taken() {
        let (_, table, _) = index_with(
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
    fn a_table_that_points_outside_itself_is_not_taken() {
        let docs = [doc("Sleep", "Rest", "Rest well."), doc("Visits", "", "")];
        let (_, table, _) = index_with(&docs, "en", &BTreeMap::new(), TermTable::default(), None);
        let bytes = table.to_bytes().unwrap();
        let whole = TermTable::from_bytes(&bytes).unwrap();
        assert_eq!(whole.documents(), 2);

        let mut far = TermTable::from_bytes(&bytes).unwrap();
        let past_the_end = far.term_count() as u32;
        far.numbers.push(past_the_end);
        assert!(TermTable::from_bytes(&far.to_bytes().unwrap()).is_none());
        let mut unsorted = TermTable::from_bytes(&bytes).unwrap();
        unsorted.doc_keys.reverse();
        assert!(TermTable::from_bytes(&unsorted.to_bytes().unwrap()).is_none());
        let mut cut = TermTable::from_bytes(&bytes).unwrap();
        cut.text.pop();
        assert!(TermTable::from_bytes(&cut.to_bytes().unwrap()).is_none());
    }

    #[test]
    fn a_table_changed_in_place_knows_each_document_as_one_made_afresh() {
        let docs = [
            doc("Sleep", "Rest", "Calm nights."),
            doc("Booster infusions", "How often", "One more."),
            doc("Side effects", "Nausea", "Most fade."),
        ];
        let (_, mut table, _) =
            index_with(&docs, "en", &BTreeMap::new(), TermTable::default(), None);
        let keys = doc_keys(&docs, "en");
        let new = doc("Driving home", "Plan a ride", "Someone drives.");
        let new_key = doc_keys(std::slice::from_ref(&new), "en")[0];
        table.update(TermChanges {
            gone: vec![keys[1]],
            // A new document, and one the table knows already.
            found: vec![
                (new_key, terms_by_place(&new, "en")),
                (keys[0], terms_by_place(&docs[0], "en")),
            ],
        });
        let table = TermTable::from_bytes(&table.to_bytes().unwrap()).expect("still whole");
        assert_eq!(table.documents(), 3);
        assert!(table.terms_of(&keys[1]).is_none(), "the gone one");
        for (d, key) in [(&docs[0], keys[0]), (&docs[2], keys[2]), (&new, new_key)] {
            let mut known = table.terms_of(&key).unwrap();
            let mut found = terms_by_place(d, "en");
            known.iter_mut().for_each(|l| l.sort_unstable());
            found.iter_mut().for_each(|l| l.sort_unstable());
            assert_eq!(
                known,
                found
                    .each_ref()
                    .map(|l| l.iter().map(String::as_str).collect::<Vec<_>>())
            );
        }
    }

    #[test]
    fn a_documents_terms_are_kept_by_its_language_too() {
        let words = BTreeMap::new();
        let docs = [doc("Meses", "Infusiones", "Los efectos duran semanas.")];
        let (_, english, _) = index_with(&docs, "en", &words, TermTable::default(), None);
        let (spanish, _, _) = index_with(&docs, "es", &words, english, None);
        assert_eq!(spanish, index_json(&docs, "es", &words));
        assert!(spanish.contains("\"mes\""), "stemmed as Spanish: {spanish}");
    }
}
