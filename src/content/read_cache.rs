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

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::stamp::Stamp;
use super::{FrontMatter, OnDisk, Page, PageKind};
use crate::cache_key::{Key, KeyWriter};

/// What the cache file ends with, after its checksum and the careleaf that wrote it.
const MAGIC: &[u8; 20] = b"careleaf read cache2";

pub fn cache_path(root: &Path, language: &str) -> PathBuf {
    root.join(".careleaf/cache/read").join(language)
}

/// What the last build made of one page file, besides its path and stamp.
#[derive(Serialize, Deserialize)]
struct StoredPage {
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

/// One page file: its [`StoredPage`] as bytes, so that a build decodes only the pages it
/// takes and writes the others back as they were.
#[derive(Serialize, Deserialize)]
struct Entry<'a> {
    rel: PathBuf,
    stamp: Stamp,
    #[serde(with = "serde_bytes", borrow)]
    page: Cow<'a, [u8]>,
}

#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    /// The off-label keywords each page's `mentions_off_label` answered.
    keywords: Key,
    #[serde(borrow)]
    pages: Vec<Entry<'a>>,
}

/// The pages the last build read, by path below `content/`: each one's stamp and where its
/// [`StoredPage`] is in `bytes`.
pub struct ReadCache {
    keywords: Key,
    bytes: Vec<u8>,
    pages: HashMap<PathBuf, (Stamp, Range<usize>)>,
}

impl std::fmt::Debug for ReadCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadCache")
            .field("pages", &self.pages.len())
            .finish_non_exhaustive()
    }
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
        match decode(bytes) {
            Ok(cache) => (Some(cache), None),
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

    /// The bytes of page `rel` if the last build read its file with this `stamp`.
    fn stored(&self, rel: &Path, stamp: Stamp) -> Option<&[u8]> {
        let (known, at) = self.pages.get(rel)?;
        (*known == stamp)
            .then(|| self.bytes.get(at.clone()))
            .flatten()
    }

    /// The page at `rel` (below `content_dir`, shown as `file`) as the last build read it, if
    /// its file's stamp is still `stamp`.
    pub fn page(&self, rel: &Path, content_dir: &Path, file: &Path, stamp: Stamp) -> Option<Page> {
        let stored: StoredPage = postcard::from_bytes(self.stored(rel, stamp)?).ok()?;
        let kind = match stored.kind {
            0 => PageKind::Home,
            1 => PageKind::Section,
            _ => PageKind::Page,
        };
        let body_start = stored.head.len();
        let mut page = Page::unplaced(
            rel.to_path_buf(),
            file.to_path_buf(),
            stored.head,
            stored.front,
            kind,
        );
        page.front_range = stored.front_start..stored.front_end;
        page.body_start = body_start;
        page.off_label_mention = Some(stored.mentions_off_label);
        page.body_on_disk = Some(OnDisk {
            path: content_dir.join(rel),
            source: stored.source,
            stamp: Some(stamp),
        });
        Some(page)
    }
}

fn decode(mut bytes: Vec<u8>) -> Result<ReadCache, &'static str> {
    let body_len = crate::cache_key::unseal(&bytes, MAGIC)?.len();
    let body = &bytes[..body_len];
    let stored: Stored =
        postcard::from_bytes(body).map_err(|_| "is damaged (it cannot be read)")?;
    let mut pages = HashMap::with_capacity(stored.pages.len());
    for entry in stored.pages {
        let place = crate::cache_key::place_in(body, &entry.page)
            .ok_or("is damaged (it cannot be read)")?;
        pages.insert(entry.rel, (entry.stamp, place));
    }
    let keywords = stored.keywords;
    bytes.truncate(body_len);
    Ok(ReadCache {
        keywords,
        bytes,
        pages,
    })
}

/// Keeps what this build read of `pages` for the next one: each page read from its file when
/// its stamp was settled at `read_at`. Pages whose file may still change unseen are left out,
/// so the next build reads them again. A page `earlier` holds with the same stamp (and the same
/// `keywords`) is written back as it was.
pub fn save(
    root: &Path,
    language: &str,
    pages: &[Page],
    keywords: &[String],
    read_at: SystemTime,
    earlier: Option<&ReadCache>,
) -> std::io::Result<()> {
    let earlier = earlier.filter(|e| e.looked_for(keywords));
    let pages: Vec<Entry> = pages
        .iter()
        .filter_map(|page| {
            let on_disk = page.body_on_disk.as_ref()?;
            let stamp = on_disk.stamp.filter(|s| s.settled(read_at))?;
            let bytes = match earlier.and_then(|e| e.stored(&page.rel, stamp)) {
                Some(bytes) => Cow::Borrowed(bytes),
                None => Cow::Owned(postcard::to_stdvec(&stored_page(page, on_disk)?).ok()?),
            };
            Some(Entry {
                rel: page.rel.clone(),
                stamp,
                page: bytes,
            })
        })
        .collect();
    let stored = Stored {
        keywords: keywords_key(keywords),
        pages,
    };
    let path = cache_path(root, language);
    let dir = path.parent().unwrap_or(root);
    std::fs::create_dir_all(dir)?;
    let file = tempfile::NamedTempFile::new_in(dir)?;
    let mut sealer = crate::cache_key::Sealer::new(std::io::BufWriter::new(file));
    postcard::to_io(&stored, &mut sealer).map_err(std::io::Error::other)?;
    let file = sealer
        .finish(MAGIC)?
        .into_inner()
        .map_err(|e| e.into_error())?;
    file.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

fn stored_page(page: &Page, on_disk: &OnDisk) -> Option<StoredPage> {
    Some(StoredPage {
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
            None,
        )
        .unwrap();
        let (cache, warning) = ReadCache::open(dir.path(), "en");
        assert_eq!(warning, None);
        // Written again from what it holds: the same bytes come back.
        let again = cache
            .unwrap()
            .page(
                Path::new("rest.md"),
                &content,
                shown,
                Stamp::read(&path).unwrap(),
            )
            .unwrap();
        let earlier = ReadCache::open(dir.path(), "en").0;
        save(
            dir.path(),
            "en",
            &[again],
            &keywords,
            SystemTime::now(),
            earlier.as_ref(),
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
        save(dir.path(), "en", &[page], &[], SystemTime::now(), None).unwrap();
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
