//! The index's JSON, written piece by piece with where each piece is ([`IndexLayout`]), so that
//! the next build, when only a few documents changed (a retitled page), writes the new index
//! by copying the last one's bytes around the pieces that changed instead of making it all
//! again: at 10,000 pages making it took longer than the rest of such a build.
//!
//! A patched index is the index made afresh, byte for byte (the same writer writes both, and
//! the tests compare them); anything a patch cannot be sure of (another number of documents,
//! other words or language, many changes, a table that does not know a document) makes the
//! index afresh instead.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::terms::{Postings, TermChanges, TermTable, terms_by_place};
use super::{Doc, DocKeys, stop_words};
use crate::cache_key::{Key, KeyWriter};
use crate::packed::{Item, Packed};

/// More changed documents than this and the index is made afresh (the patch reads each one's
/// lists of documents again, where making it reads every list once).
const MAX_PATCHED: usize = 64;

/// The places a term is found in, in the order the index lists them.
const PLACES: [&str; 3] = ["title", "head", "body"];

/// Where the pieces of one index's JSON are. Its arrays are kept [`Packed`]: read item by
/// item, 30,000 term spans and 20,000 keys took milliseconds of a build after a retitled page.
#[derive(Serialize, Deserialize, Default, Debug, PartialEq)]
pub struct IndexLayout {
    /// The key of the language and words before the documents.
    head_key: Key,
    /// Where the first document starts (after `"docs":[`).
    docs_start: u32,
    /// Each document's `[kind,title,url,snippet]`.
    docs: Packed<Range<u32>>,
    /// The key of each document's texts (by which the term table knows its terms).
    doc_keys: Packed<Key>,
    /// The key of each document's entry: its texts, kind and address.
    entry_keys: Packed<Key>,
    /// Per place, each term (sorted) with its entry `"term":[…]` and where its list starts.
    places: [Packed<TermSpan>; 3],
}

impl IndexLayout {
    /// About how many bytes it is written in.
    pub fn size(&self) -> usize {
        let places: usize = self.places.iter().map(Packed::written_len).sum();
        self.docs.written_len()
            + self.doc_keys.written_len()
            + self.entry_keys.written_len()
            + places
    }
}

/// Where a term's entry `"term":[…]` is, and where its list of documents starts. The term
/// itself is read from the JSON: terms are letters and digits, which JSON writes as they are.
#[derive(Debug, PartialEq)]
struct TermSpan {
    entry: Range<u32>,
    list_start: u32,
}

impl Item for TermSpan {
    const SIZE: usize = 12;
    fn write(&self, out: &mut Vec<u8>) {
        self.entry.write(out);
        self.list_start.write(out);
    }
    fn read(bytes: &[u8]) -> Self {
        let (entry, list_start) = bytes.split_at(8);
        TermSpan {
            entry: Range::read(entry),
            list_start: u32::read(list_start),
        }
    }
}

impl TermSpan {
    fn term<'j>(&self, json: &'j [u8]) -> Option<&'j str> {
        let quoted =
            json.get(self.entry.start as usize..(self.list_start as usize).checked_sub(1)?)?;
        let term = quoted.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
        std::str::from_utf8(term).ok()
    }
}

/// What the JSON starts with: language, the result list's words, stop words.
pub struct Head<'a> {
    pub lang: &'a str,
    pub words: &'a BTreeMap<&'a str, &'a str>,
}

impl Head<'_> {
    fn key(&self) -> Key {
        let mut key = KeyWriter::default();
        key.part(self.lang.as_bytes());
        for (name, word) in self.words {
            key.part(name.as_bytes()).part(word.as_bytes());
        }
        key.finish()
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"lang\":");
        json(out, &self.lang);
        out.extend_from_slice(b",\"t\":");
        json(out, self.words);
        out.extend_from_slice(b",\"stop\":");
        json(out, &stop_words(self.lang));
        out.extend_from_slice(b",\"docs\":[");
    }
}

/// Serde's JSON of `value` (strings escaped) at the end of `out`. Writing to a vector of
/// plain strings, numbers and maps of them cannot fail.
fn json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    let _ = serde_json::to_writer(&mut *out, value);
}

fn entry_key(d: &Doc, key: &Key) -> Key {
    let mut entry = KeyWriter::default();
    entry.part(key).part(&[d.kind as u8]).part(d.url.as_bytes());
    entry.finish()
}

pub(super) fn entry_keys(docs: &[Doc], keys: &[Key]) -> Vec<Key> {
    use rayon::prelude::*;
    docs.par_iter()
        .zip(keys)
        .map(|(d, k)| entry_key(d, k))
        .collect()
}

fn at(out: &[u8]) -> u32 {
    // An index is a few megabytes at most: far below 4 GB.
    out.len() as u32
}

fn write_doc(out: &mut Vec<u8>, d: &Doc) -> Range<u32> {
    let start = at(out);
    json(out, &(d.kind, &d.title, &d.url, &d.snippet));
    start..at(out)
}

fn write_term(out: &mut Vec<u8>, term: &str, docs: &[u32]) -> TermSpan {
    let start = at(out);
    json(out, term);
    out.push(b':');
    let list_start = at(out);
    json(out, docs);
    TermSpan {
        entry: start..at(out),
        list_start,
    }
}

/// The index of `docs` (whose keys in the term table are `keys`) with their `postings`.
pub fn write_index(
    head: &Head,
    docs: &[Doc],
    keys: &DocKeys,
    postings: &Postings,
) -> (Vec<u8>, IndexLayout) {
    let mut out = Vec::with_capacity(docs.len() * 400);
    head.write(&mut out);
    let mut layout = IndexLayout {
        head_key: head.key(),
        docs_start: at(&out),
        doc_keys: keys.texts.clone().into(),
        entry_keys: keys.entries.clone().into(),
        ..IndexLayout::default()
    };
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        layout.docs.push(write_doc(&mut out, d));
    }
    out.push(b']');
    for (place, (name, terms)) in PLACES.iter().zip(postings).enumerate() {
        open_place(&mut out, name);
        for (i, (term, list)) in terms.0.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            layout.places[place].push(write_term(&mut out, term, list));
        }
        out.push(b'}');
    }
    out.push(b'}');
    (out, layout)
}

fn open_place(out: &mut Vec<u8>, name: &str) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\":{");
}

/// The documents each changed term gains and loses, per place.
type Changes = [BTreeMap<String, (Vec<u32>, Vec<u32>)>; 3];

/// The index of `docs` (keys `keys`) made from `old`, the JSON `layout` describes, when only a
/// few documents changed; with the layout of the new JSON, and what `table` must learn and
/// forget to be this index's (applied once the index is handed over). None when it must be
/// made afresh.
pub fn patch(
    old: &[u8],
    layout: &IndexLayout,
    table: &TermTable,
    head: &Head,
    docs: &[Doc],
    keys: &DocKeys,
) -> Option<(Vec<u8>, IndexLayout, TermChanges)> {
    let DocKeys {
        texts: keys,
        entries,
    } = keys;
    let same_count = [
        layout.doc_keys.len(),
        layout.entry_keys.len(),
        layout.docs.len(),
        keys.len(),
        entries.len(),
    ];
    if same_count.iter().any(|&n| n != docs.len()) || head.key() != layout.head_key {
        return None;
    }
    let changed: Vec<usize> = (0..docs.len())
        .filter(|&i| entries[i] != layout.entry_keys[i])
        .collect();
    if changed.len() > MAX_PATCHED {
        return None;
    }
    let mut changes: Changes = Default::default();
    let mut found = Vec::with_capacity(changed.len());
    for &i in changed.iter().filter(|&&i| keys[i] != layout.doc_keys[i]) {
        let before = table.terms_of(&layout.doc_keys[i])?;
        let after = terms_by_place(&docs[i], head.lang);
        let n = i as u32;
        for (place, terms) in before.iter().enumerate() {
            for t in terms {
                changes[place].entry(t.to_string()).or_default().1.push(n);
            }
        }
        for (place, terms) in after.iter().enumerate() {
            for t in terms {
                changes[place].entry(t.clone()).or_default().0.push(n);
            }
        }
        found.push((keys[i], after));
    }
    // A document that keeps a term where it was (most of a retitled page's words) leaves
    // that term's list as it was: it is copied with the others, not read and written again.
    // Common words are listed for thousands of documents.
    for place in &mut changes {
        place.retain(|_, (gained, lost)| {
            let kept: Vec<u32> = gained
                .iter()
                .filter(|n| lost.contains(n))
                .copied()
                .collect();
            gained.retain(|n| !kept.contains(n));
            lost.retain(|n| !kept.contains(n));
            !(gained.is_empty() && lost.is_empty())
        });
    }
    let (json, mut next) = write_patched(old, layout, docs, &changed, &changes)?;
    next.doc_keys = keys.clone().into();
    next.entry_keys = entries.clone().into();
    let gone = changed
        .iter()
        .map(|&i| layout.doc_keys[i])
        .filter(|k| !keys.contains(k));
    let gone = gone.collect();
    Some((json, next, TermChanges { gone, found }))
}

fn write_patched(
    old: &[u8],
    layout: &IndexLayout,
    docs: &[Doc],
    changed: &[usize],
    changes: &Changes,
) -> Option<(Vec<u8>, IndexLayout)> {
    let mut out = Vec::with_capacity(old.len() + 4096);
    out.extend_from_slice(old.get(..layout.docs_start as usize)?);
    let mut next = IndexLayout {
        head_key: layout.head_key,
        docs_start: layout.docs_start,
        doc_keys: Packed::default(),
        ..IndexLayout::default()
    };
    for (i, (d, was)) in docs.iter().zip(layout.docs.iter()).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if changed.binary_search(&i).is_ok() {
            next.docs.push(write_doc(&mut out, d));
        } else {
            next.docs.push(copy(&mut out, old, was)?);
        }
    }
    out.push(b']');
    for (place, name) in PLACES.iter().enumerate() {
        open_place(&mut out, name);
        next.places[place] =
            write_place(&mut out, old, &layout.places[place], &changes[place])?.into();
        out.push(b'}');
    }
    out.push(b'}');
    Some((out, next))
}

fn separate(out: &mut Vec<u8>, written: &[TermSpan]) {
    if !written.is_empty() {
        out.push(b',');
    }
}

/// Copies `range` of `old` to the end of `out`; where it is now.
fn copy(out: &mut Vec<u8>, old: &[u8], range: &Range<u32>) -> Option<Range<u32>> {
    let start = at(out);
    out.extend_from_slice(old.get(range.start as usize..range.end as usize)?);
    Some(start..at(out))
}

/// One place's terms: the old entries of terms no document changed in, copied; the others
/// written again with their documents as changed (left out when none is left).
fn write_place(
    out: &mut Vec<u8>,
    old: &[u8],
    spans: &[TermSpan],
    changes: &BTreeMap<String, (Vec<u32>, Vec<u32>)>,
) -> Option<Vec<TermSpan>> {
    let mut written = Vec::with_capacity(spans.len() + changes.len());
    // The first old entry not yet copied or written again.
    let mut next = 0;
    for (term, (gained, lost)) in changes {
        // A change touches a few of tens of thousands of terms: the entries before it are
        // found by halving and copied in one piece (they are written one after another).
        let mut unreadable = false;
        let before = spans.get(next..)?.partition_point(|s| match s.term(old) {
            Some(t) => t < term.as_str(),
            None => {
                unreadable = true;
                false
            }
        });
        if unreadable {
            return None;
        }
        copy_run(out, old, spans.get(next..next + before)?, &mut written)?;
        next += before;
        let mut list: Vec<u32> = match spans.get(next) {
            Some(span) if span.term(old) == Some(term.as_str()) => {
                next += 1;
                let bytes = old.get(span.list_start as usize..span.entry.end as usize)?;
                serde_json::from_slice(bytes).ok()?
            }
            _ => Vec::new(),
        };
        list.retain(|n| !lost.contains(n));
        list.extend_from_slice(gained);
        list.sort_unstable();
        list.dedup();
        if !list.is_empty() {
            separate(out, &written);
            written.push(write_term(out, term, &list));
        }
    }
    copy_run(out, old, spans.get(next..)?, &mut written)?;
    Some(written)
}

/// Copies the old entries `run`, which follow one another in `old` with a comma between
/// each two, to the end of `out` in one piece; adds where each is now to `written`.
fn copy_run(
    out: &mut Vec<u8>,
    old: &[u8],
    run: &[TermSpan],
    written: &mut Vec<TermSpan>,
) -> Option<()> {
    let (Some(first), Some(last)) = (run.first(), run.last()) else {
        return Some(());
    };
    separate(out, written);
    let from = first.entry.start;
    let start = at(out);
    out.extend_from_slice(old.get(from as usize..last.entry.end as usize)?);
    // Cannot underflow: every entry of the run starts at or after the first.
    let moved = |p: u32| p - from + start;
    written.extend(run.iter().map(|s| TermSpan {
        entry: moved(s.entry.start)..moved(s.entry.end),
        list_start: moved(s.list_start),
    }));
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::search::{DocKind, LastIndex, index_json, index_with};

    fn doc(title: &str, headings: &str, snippet: &str) -> Doc {
        Doc {
            kind: DocKind::Page,
            title: title.to_string(),
            url: format!("/{}/", title.to_lowercase().replace(' ', "-")),
            snippet: snippet.to_string(),
            headings: headings.into(),
            body_text: String::new(),
        }
    }

    fn site() -> Vec<Doc> {
        vec![
            doc("Sleep", "Before After", "Rest helps."),
            doc("Booster infusions", "How often", "One more infusion."),
            doc("Side effects", "Nausea", "Most fade within hours."),
            doc(
                "Driving home",
                "Plan a ride",
                "Someone drives you \"home\".",
            ),
        ]
    }

    fn words() -> BTreeMap<&'static str, &'static str> {
        BTreeMap::from([("none", "No results")])
    }

    /// The index of `second` patched from that of `first`, checked against the one made
    /// afresh; whether it was patched.
    fn patched(first: &[Doc], second: &[Doc]) -> bool {
        let words = words();
        let (json, table, layout) = index_with(first, "en", &words, TermTable::default(), None);
        assert_eq!(json, index_json(first, "en", &words));
        let keys = DocKeys::of(second, "en");
        let head = Head {
            lang: "en",
            words: &words,
        };
        let probe = TermTable::from_bytes(&table.to_bytes().unwrap()).unwrap();
        let was_patched = patch(json.as_bytes(), &layout, &probe, &head, second, &keys).is_some();

        let last = LastIndex {
            json: json.as_bytes(),
            layout: &layout,
        };
        let (again, table, next) = index_with(second, "en", &words, table, Some(last));
        assert_eq!(
            again,
            index_json(second, "en", &words),
            "patched as made afresh"
        );
        serde_json::from_str::<serde_json::Value>(&again).unwrap();
        // And the layout it gives patches the next index as well: back to the first.
        let last = LastIndex {
            json: again.as_bytes(),
            layout: &next,
        };
        let (back, _, _) = index_with(first, "en", &words, table, Some(last));
        assert_eq!(back, index_json(first, "en", &words));
        was_patched
    }

    #[test]
    fn a_retitled_page_keeps_the_lists_of_the_words_it_keeps() {
        // Every title shares `guide`: a retitled page that keeps it leaves its list (every
        // document) as it was, copied, and only `well` and `calm` change.
        let site = |titles: [&str; 4]| -> Vec<Doc> {
            let mut docs: Vec<Doc> = titles.map(|t| doc(t, "", "A guide.")).into();
            for (i, d) in docs.iter_mut().enumerate() {
                d.url = format!("/guide-{i}/");
            }
            docs
        };
        let first = site(["Guide sleep", "Guide rest", "Guide calm", "Guide visits"]);
        let second = site([
            "Guide sleep well",
            "Guide rest",
            "Guide visits calmly",
            "Guide visits",
        ]);
        assert!(patched(&first, &second));
        let json = index_json(&second, "en", &words());
        assert!(json.contains("\"well\""), "{json}");
    }

    #[test]
    fn an_index_patched_after_a_few_changes_is_the_one_made_afresh() {
        let mut second = site();
        second[0].title = "Sleep and rest".into(); // a new term, in the title
        second[1].title = "Boosters".into(); // `infusion` leaves the title for the snippet
        second[2].headings = "Nausea Headache".into();
        second[3].snippet = "A friend drives.".into(); // `someone` is gone from the index
        assert!(patched(&site(), &second));
        let json = index_json(&second, "en", &words());
        assert!(!json.contains("someone"), "{json}");

        let mut same = site();
        same[2].url = "/moved/".into();
        assert!(patched(&site(), &same), "a new address only");
        assert!(patched(&site(), &site()), "nothing changed");
    }

    #[test]
    fn terms_changed_before_between_and_after_the_others_patch_as_made_afresh() {
        let topics = ["rest", "food", "walks", "sleep", "water"];
        let many = || -> Vec<Doc> {
            (0..40)
                .map(|i| {
                    let (a, b) = (topics[i % 5], topics[(i / 8) % 5]);
                    doc(&format!("Page {i} on {a}"), b, &format!("About {a}."))
                })
                .collect()
        };
        let mut second = many();
        second[0].title = "Aardvarks first".into(); // before every other term
        second[17].title = "Zebras last".into(); // after every other term
        second[21].headings = "middle ground".into(); // between
        second[39].snippet = "Nothing here.".into(); // `about` loses one page, not all
        // `water` leaves the headings altogether (pages 32 to 39 had it).
        for d in &mut second[32..] {
            d.headings = "calm".into();
        }
        assert!(patched(&many(), &second));
        let json = index_json(&second, "en", &words());
        assert!(
            json.contains("aardvark") && json.contains("zebra"),
            "{json}"
        );
    }

    #[test]
    fn an_index_is_made_afresh_when_documents_come_or_go_or_the_words_change() {
        let mut fewer = site();
        fewer.pop();
        assert!(!patched(&site(), &fewer));
        let mut more = site();
        more.push(doc("Costs", "Insurance", "What you pay."));
        assert!(!patched(&site(), &more));

        let words = words();
        let (json, table, layout) = index_with(&site(), "en", &words, TermTable::default(), None);
        let other = BTreeMap::from([("none", "Nothing found")]);
        let keys = DocKeys::of(&site(), "en");
        let head = Head {
            lang: "en",
            words: &other,
        };
        assert!(patch(json.as_bytes(), &layout, &table, &head, &site(), &keys).is_none());
    }
}
