//! The last search index made, kept in `.careleaf/cache/search/<language>` with the key of the
//! documents it was made from. A build whose documents are all as they were (a change of a
//! page's text on a site too large for search to read text, or of anything search does not
//! read) takes it instead of finding every document's terms again, which is a fifth of such a
//! build. It is keyed by what it was made from, so it needs no build to succeed to be right;
//! a file that does not match its own checksum is not taken. `build --clean` makes the index
//! afresh (and keeps it); `check`, `serve` and the editor neither read nor write it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cache_key::{Key, KeyWriter, key_of, replace_file};
use crate::features::Caches;

use super::{DocKeys, IndexLayout};

const LAYOUT_MAGIC: &[u8] = b"careleaf search layout 2";
use super::terms::TermTable;

/// The stored index's file: its key and checksum, then the JSON.
pub struct IndexFile {
    bytes: crate::cache_file::CacheFile,
}

impl IndexFile {
    pub fn json(&self) -> &[u8] {
        self.bytes.get(32..).unwrap_or_default()
    }
}

/// Where one language's index is kept, and whether it is read and written.
#[derive(Clone)]
pub struct StoredIndex {
    path: PathBuf,
    caches: Caches,
}

impl StoredIndex {
    pub fn in_site(root: &Path, language: &str, caches: Caches) -> StoredIndex {
        StoredIndex {
            path: root.join(".careleaf/cache/search").join(language),
            caches,
        }
    }

    /// The key of the documents the stored index was made from, when this build takes from
    /// the cache and there is one (whether it is whole is known only once it is read: see
    /// [`StoredIndex::get`]).
    pub fn made_from(&self) -> Option<Key> {
        use std::io::Read as _;
        if self.caches != Caches::ReadWrite {
            return None;
        }
        let mut made_from = [0u8; 16];
        std::fs::File::open(&self.path)
            .and_then(|mut file| file.read_exact(&mut made_from))
            .ok()
            .map(|()| made_from)
    }

    /// The index stored for documents of key `key`, if it is there whole.
    pub fn get(&self, key: &Key) -> Option<String> {
        if self.caches != Caches::ReadWrite {
            return None;
        }
        use std::io::Read as _;
        let mut file = std::fs::File::open(&self.path).ok()?;
        // The key first: another build's index (megabytes on a large site) is not read.
        let mut made_from = [0u8; 16];
        file.read_exact(&mut made_from).ok()?;
        if made_from != *key {
            return None;
        }
        let mut sum = [0u8; 16];
        file.read_exact(&mut sum).ok()?;
        let mut json = Vec::new();
        file.read_to_end(&mut json).ok()?;
        if key_of(&json) != sum {
            return None;
        }
        String::from_utf8(json).ok()
    }

    /// Keeps `json` as the index of documents of key `key`. A cache that cannot be written
    /// only means the next build indexes again.
    pub fn put(&self, key: &Key, json: &str) {
        if self.caches != Caches::Off {
            let _ = self.write(key, json);
        }
    }

    /// The terms of the documents of the last index made, when this build reads caches and
    /// the file is whole (see [`TermTable`]); else an empty table.
    pub fn terms(&self) -> TermTable {
        if self.caches != Caches::ReadWrite {
            return TermTable::default();
        }
        crate::cache_file::CacheFile::open(&self.terms_path())
            .ok()
            .and_then(|bytes| TermTable::from_bytes(&bytes))
            .unwrap_or_default()
    }

    /// Keeps `table` for the next index made. As with the index, a table that cannot be
    /// written only means terms are found again.
    pub fn put_terms(&self, table: &TermTable) {
        if self.caches == Caches::Off {
            return;
        }
        if let Some(bytes) = table.to_bytes() {
            let _ = replace_file(&self.terms_path(), &[&bytes]);
        }
    }

    /// The last index made and where its pieces are, when this build reads caches and both
    /// files are whole and of the same index.
    pub fn last(&self) -> Option<(IndexFile, IndexLayout)> {
        if self.caches != Caches::ReadWrite {
            return None;
        }
        let bytes = crate::cache_file::CacheFile::open(&self.path).ok()?;
        let (made_from, rest) = bytes.split_first_chunk::<16>()?;
        let (sum, json) = rest.split_first_chunk::<16>()?;
        if key_of(json) != *sum {
            return None;
        }
        let stored = crate::cache_file::CacheFile::open(&self.layout_path()).ok()?;
        let body = crate::cache_key::unseal(&stored, LAYOUT_MAGIC).ok()?;
        let (layout_of, layout): (Key, IndexLayout) = postcard::from_bytes(body).ok()?;
        (layout_of == *made_from).then_some((IndexFile { bytes }, layout))
    }

    /// Keeps where the pieces of the index of documents of key `key` are.
    pub fn put_layout(&self, key: &Key, layout: &IndexLayout) {
        if self.caches == Caches::Off {
            return;
        }
        if let Some(sealed) = crate::cache_key::sealed(&(key, layout), layout.size(), LAYOUT_MAGIC)
        {
            let _ = replace_file(&self.layout_path(), &[&sealed]);
        }
    }

    fn layout_path(&self) -> PathBuf {
        self.path.with_extension("layout")
    }

    fn terms_path(&self) -> PathBuf {
        self.path.with_extension("terms")
    }

    fn write(&self, key: &Key, json: &str) -> std::io::Result<()> {
        let sum = key_of(json.as_bytes());
        replace_file(&self.path, &[key, &sum, json.as_bytes()])
    }
}

/// The key of everything an index is made from: the careleaf that makes it, the language, the
/// result list's words, and every document's entry (kind, address, title, snippet, headings
/// and text: see [`DocKeys`]).
pub fn index_key(keys: &DocKeys, lang: &str, words: &BTreeMap<&str, &str>) -> Key {
    let mut key = KeyWriter::default();
    key.part(crate::cache_key::SOURCE_ID.as_bytes())
        .part(lang.as_bytes());
    for (name, word) in words {
        key.part(name.as_bytes()).part(word.as_bytes());
    }
    for entry in &keys.entries {
        key.part(entry);
    }
    key.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::search::{Doc, DocKind};

    fn doc(title: &str) -> Doc {
        Doc {
            kind: DocKind::Page,
            title: title.to_string(),
            url: "/a/".to_string(),
            snippet: "About a.".to_string(),
            headings: "Before After".into(),
            body_text: String::new(),
        }
    }

    #[test]
    fn an_index_is_taken_only_for_the_documents_it_was_made_from_and_only_whole() {
        let dir = tempfile::tempdir().unwrap();
        let stored = StoredIndex::in_site(dir.path(), "en", Caches::ReadWrite);
        let words = BTreeMap::from([("none", "No results")]);
        let key = index_key(&DocKeys::of(&[doc("Sleep")], "en"), "en", &words);
        assert_eq!(stored.get(&key), None, "nothing stored yet");
        stored.put(&key, "{\"docs\":[]}");
        assert_eq!(stored.get(&key).as_deref(), Some("{\"docs\":[]}"));

        let retitled = index_key(&DocKeys::of(&[doc("Rest")], "en"), "en", &words);
        assert_ne!(retitled, key);
        assert_eq!(stored.get(&retitled), None, "other documents");
        assert_ne!(
            index_key(&DocKeys::of(&[doc("Sleep")], "es"), "es", &words),
            key
        );
        let other_words = BTreeMap::from([("none", "Nothing found")]);
        assert_ne!(
            index_key(&DocKeys::of(&[doc("Sleep")], "en"), "en", &other_words),
            key
        );

        let path = dir.path().join(".careleaf/cache/search/en");
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 2;
        bytes[last] ^= 1;
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(stored.get(&key), None, "a damaged file is not taken");

        // `build --clean` makes it afresh and keeps it; `check` and `serve` leave it be.
        let clean = StoredIndex::in_site(dir.path(), "en", Caches::WriteOnly);
        clean.put(&key, "{}");
        assert_eq!(clean.get(&key), None);
        assert_eq!(stored.get(&key).as_deref(), Some("{}"));
        StoredIndex::in_site(dir.path(), "en", Caches::Off).put(&key, "{\"off\":1}");
        assert_eq!(stored.get(&key).as_deref(), Some("{}"));
    }

    #[test]
    fn the_terms_are_kept_beside_the_index_and_read_only_by_builds_that_read_caches() {
        let dir = tempfile::tempdir().unwrap();
        let words = BTreeMap::new();
        let docs = [doc("Sleep"), doc("Booster infusions")];
        let (_, made, _) =
            super::super::index_with(&docs, "en", &words, TermTable::default(), None);
        let terms = dir.path().join(".careleaf/cache/search/en.terms");

        StoredIndex::in_site(dir.path(), "en", Caches::Off).put_terms(&made);
        assert!(!terms.exists(), "check and serve write nothing");
        StoredIndex::in_site(dir.path(), "en", Caches::WriteOnly).put_terms(&made);
        assert!(terms.is_file(), "a clean build keeps them");
        let clean = StoredIndex::in_site(dir.path(), "en", Caches::WriteOnly).terms();
        assert_eq!(
            clean.to_bytes(),
            TermTable::default().to_bytes(),
            "and reads none"
        );

        let stored = StoredIndex::in_site(dir.path(), "en", Caches::ReadWrite);
        assert_eq!(stored.terms().to_bytes(), made.to_bytes());
        std::fs::write(&terms, b"not a table").unwrap();
        assert_eq!(
            stored.terms().to_bytes(),
            TermTable::default().to_bytes(),
            "a damaged file is not taken"
        );
    }
}
