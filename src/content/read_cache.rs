//! The read cache: what the last build read from each page file (its front matter, parsed),
//! kept in `.careleaf/cache/read/<language>`, so a build neither reads nor parses a file whose
//! [`Stamp`] is what it was. At 10,000 pages reading and parsing front matter is a third of a
//! build that renders nothing.
//!
//! Only a lean build (`build`) uses it: `check`, `serve` and the editor read every file. A page
//! is taken only when its stamp was settled when it was read (see [`Stamp::settled`]), and when
//! the words the build looks for in every page's text (the off-label keywords) are the same.
//! The file ends with its checksum and the careleaf that wrote it; any doubt and every file is
//! read again, with one line of warning.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::stamp::Stamp;
use super::{FrontMatter, OnDisk, Page, PageKind};
use crate::cache_key::{Key, KeyWriter};

/// What the cache file ends with, after its checksum and the careleaf that wrote it.
const MAGIC: &[u8; 20] = b"careleaf read cache1";

pub fn cache_path(root: &Path, language: &str) -> PathBuf {
    root.join(".careleaf/cache/read").join(language)
}

/// One page file as the last build read it.
#[derive(Serialize, Deserialize)]
struct StoredPage {
    rel: PathBuf,
    stamp: Stamp,
    /// The key of the file's whole text (what the Markdown cache knows its body by).
    source: Key,
    /// The text up to the body.
    head: String,
    front_start: usize,
    front_end: usize,
    front: FrontMatter,
    kind: u8,
    mentions_off_label: bool,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    /// The off-label keywords each page's `mentions_off_label` answered.
    keywords: Key,
    pages: Vec<StoredPage>,
}

/// The pages the last build read, by path below `content/`.
pub struct ReadCache {
    keywords: Key,
    pages: HashMap<PathBuf, StoredPage>,
}

fn keywords_key(keywords: &[String]) -> Key {
    let mut key = KeyWriter::default();
    for k in keywords {
        key.part(k.as_bytes());
    }
    key.finish()
}

impl ReadCache {
    /// The cache of `language`'s pages; a line of warning instead when it is there but cannot
    /// be trusted. None and no warning when there is none.
    pub fn open(root: &Path, language: &str) -> (Option<ReadCache>, Option<String>) {
        let Ok(bytes) = std::fs::read(cache_path(root, language)) else {
            return (None, None);
        };
        match decode(&bytes) {
            Ok(stored) => {
                let pages = stored
                    .pages
                    .into_iter()
                    .map(|p| (p.rel.clone(), p))
                    .collect();
                let cache = ReadCache {
                    keywords: stored.keywords,
                    pages,
                };
                (Some(cache), None)
            }
            Err(what) => (
                None,
                Some(format!(
                    "the read cache .careleaf/cache/read/{language} {what}: it is ignored and every page file is read again"
                )),
            ),
        }
    }

    /// Whether the last build looked for these off-label `keywords` in every page, as this one
    /// does: if not, none of its pages can be taken.
    pub fn looked_for(&self, keywords: &[String]) -> bool {
        self.keywords == keywords_key(keywords)
    }

    /// The page at `rel` (below `content_dir`, shown as `file`) as the last build read it, if
    /// its file's stamp is still `stamp`.
    pub fn page(&self, rel: &Path, content_dir: &Path, file: &Path, stamp: Stamp) -> Option<Page> {
        let stored = self.pages.get(rel)?;
        if stored.stamp != stamp {
            return None;
        }
        let kind = match stored.kind {
            0 => PageKind::Home,
            1 => PageKind::Section,
            _ => PageKind::Page,
        };
        Some(Page {
            rel: rel.to_path_buf(),
            file: file.to_path_buf(),
            text: stored.head.clone(),
            front_range: stored.front_start..stored.front_end,
            body_start: stored.head.len(),
            front: stored.front.clone(),
            kind,
            url: String::new(),
            parent: None,
            position: 0,
            pages: Vec::new(),
            subsections: Vec::new(),
            off_label_mention: Some(stored.mentions_off_label),
            body_on_disk: Some(OnDisk {
                path: content_dir.join(rel),
                source: stored.source,
                stamp: Some(stamp),
            }),
        })
    }
}

fn decode(bytes: &[u8]) -> Result<Stored, &'static str> {
    let body = crate::cache_key::unseal(bytes, MAGIC)?;
    postcard::from_bytes(body).map_err(|_| "is damaged (it cannot be read)")
}

/// Keeps what this build read of `pages` for the next one: each page read from its file when
/// its stamp was settled at `read_at`. Pages whose file may still change unseen are left out,
/// so the next build reads them again.
pub fn save(
    root: &Path,
    language: &str,
    pages: &[Page],
    keywords: &[String],
    read_at: SystemTime,
) -> std::io::Result<()> {
    let pages: Vec<StoredPage> = pages
        .iter()
        .filter_map(|page| {
            let on_disk = page.body_on_disk.as_ref()?;
            let stamp = on_disk.stamp.filter(|s| s.settled(read_at))?;
            Some(StoredPage {
                rel: page.rel.clone(),
                stamp,
                source: on_disk.source,
                head: page.text.get(..page.body_start)?.to_string(),
                front_start: page.front_range.start,
                front_end: page.front_range.end,
                front: page.front.clone(),
                kind: match page.kind {
                    PageKind::Home => 0,
                    PageKind::Section => 1,
                    PageKind::Page => 2,
                },
                mentions_off_label: page.off_label_mention?,
            })
        })
        .collect();
    let stored = Stored {
        keywords: keywords_key(keywords),
        pages,
    };
    let body = postcard::to_stdvec(&stored).map_err(std::io::Error::other)?;
    let bytes = crate::cache_key::seal(body, MAGIC);
    let path = cache_path(root, language);
    let dir = path.parent().unwrap_or(root);
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(&bytes)?;
    file.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const PAGE: &str = "---\ntitle: Rest\ndescription: Sleep after a visit.\ndate: 2026-03-01\nlast_reviewed: 2026-04-02\ntags: [Sleep, Rest]\nweight: -3\nextra:\n  hero: {alt: \"A bed\", sizes: [1, 2.5]}\n  note: null\n---\n\nSleep well.\n";

    #[test]
    fn a_page_comes_back_as_it_was_read_while_its_file_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let path = content.join("rest.md");
        std::fs::write(&path, PAGE).unwrap();
        let long_ago = SystemTime::now() - Duration::from_secs(3600);
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(long_ago).unwrap();
        let keywords = ["sleep".to_string()];
        let shown = Path::new("content/rest.md");
        let (page, read) = super::super::read_page(
            &content,
            Path::new("content"),
            Path::new("rest.md"),
            Some(&keywords),
            None,
        )
        .unwrap();
        assert!(read);
        save(
            dir.path(),
            "en",
            std::slice::from_ref(&page),
            &keywords,
            SystemTime::now(),
        )
        .unwrap();

        let (cache, warning) = ReadCache::open(dir.path(), "en");
        let cache = cache.unwrap();
        assert_eq!(warning, None);
        assert!(cache.looked_for(&keywords));
        assert!(!cache.looked_for(&["rest".to_string()]));
        let stamp = Stamp::read(&path).unwrap();
        let again = cache
            .page(Path::new("rest.md"), &content, shown, stamp)
            .unwrap();
        assert_eq!(again.front, page.front);
        assert_eq!(again.front.extra["hero"]["sizes"][1], 2.5);
        assert_eq!(again.text, page.text);
        assert_eq!(again.front_range, page.front_range);
        assert_eq!(again.kind, PageKind::Page);
        assert_eq!(again.off_label_mention, Some(true));
        assert_eq!(
            again.body_on_disk.as_ref().map(|d| d.source),
            page.body_on_disk.as_ref().map(|d| d.source)
        );

        std::fs::write(&path, PAGE.replace("well", "WELL")).unwrap();
        let changed = Stamp::read(&path).unwrap();
        assert!(
            cache
                .page(Path::new("rest.md"), &content, shown, changed)
                .is_none()
        );
    }

    #[test]
    fn a_page_read_in_the_last_moments_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("rest.md"), PAGE).unwrap();
        let (page, _) = super::super::read_page(
            &content,
            Path::new("content"),
            Path::new("rest.md"),
            Some(&[]),
            None,
        )
        .unwrap();
        save(dir.path(), "en", &[page], &[], SystemTime::now()).unwrap();
        let (cache, _) = ReadCache::open(dir.path(), "en");
        let stamp = Stamp::read(&content.join("rest.md")).unwrap();
        let shown = Path::new("content/rest.md");
        assert!(
            cache
                .unwrap()
                .page(Path::new("rest.md"), &content, shown, stamp)
                .is_none()
        );
    }
}
