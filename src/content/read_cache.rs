//! The read cache: what the last build read from each page file (its front matter, parsed),
//! kept in `.careleaf/cache/read/<language>`, so a build neither reads nor parses a file whose
//! [`Stamp`] is what it was. At 10,000 pages reading and parsing front matter is a third of a
//! build that renders nothing.
//!
//! Only a lean build (`build`) uses it: `check`, `serve` and the editor read every file. A page
//! is taken only when its stamp was settled when it was read (see [`Stamp::settled`]), and when
//! the words the build looks for in every page's text (the off-label keywords) are the same.
//!
//! The file is a run of frames, each sealed with its checksum and the careleaf that wrote it;
//! a later frame's pages stand over an earlier one's. A build that read some page files adds
//! one frame with just those (a one-page edit adds a few hundred bytes, where the whole cache
//! is megabytes), and writes the file afresh, as one frame, once the frames hold twice as many
//! pages as the site or there are [`MAX_FRAMES`] of them. Any doubt and every file is read
//! again, with one line of warning.

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::stamp::Stamp;
use super::{FrontMatter, OnDisk, Page, PageKind};
use crate::cache_key::{Key, KeyWriter, PathTable};

/// What each frame of the cache file ends with, after its checksum and the careleaf that wrote
/// it.
const MAGIC: &[u8; 20] = b"careleaf read cache3";

/// How many frames the file may hold before it is written afresh as one.
const MAX_FRAMES: usize = 32;

const DAMAGED: &str = "is damaged (it cannot be read)";

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
    /// The file's path below `content/` (written from a `PathBuf`, read in place).
    #[serde(borrow)]
    rel: Cow<'a, str>,
    stamp: Stamp,
    #[serde(with = "serde_bytes", borrow)]
    page: Cow<'a, [u8]>,
}

/// Read back a page at a time (see `decode`): as its keywords' key, then the pages. The fields
/// keep that order.
#[derive(Serialize)]
struct Stored<'a> {
    /// The off-label keywords each page's `mentions_off_label` answered.
    keywords: Key,
    pages: Vec<Entry<'a>>,
}

/// The pages the last build read, by path below `content/`: each one's stamp and where its
/// [`StoredPage`] is in `bytes`.
pub struct ReadCache {
    bytes: crate::cache_file::CacheFile,
    pages: PathTable<(Stamp, Range<usize>)>,
    lineage: Lineage,
}

/// What a build needs to know of the read cache it took pages from to add a frame to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lineage {
    keywords: Key,
    /// How long the file was, how many frames and how many pages (counted in every frame) it
    /// held.
    len: u64,
    frames: usize,
    entries: usize,
}

impl std::fmt::Debug for ReadCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadCache")
            .field("pages", &self.pages.values().count())
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
        let Ok(bytes) = crate::cache_file::CacheFile::open(&cache_path(root, language)) else {
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
        self.lineage.keywords == keywords_key(keywords)
    }

    pub fn lineage(&self) -> Lineage {
        self.lineage
    }

    /// The bytes of page `rel` if the last build read its file with this `stamp`.
    fn stored(&self, rel: &Path, stamp: Stamp) -> Option<&[u8]> {
        let (known, at) = self.pages.get(rel)?;
        (*known == stamp)
            .then(|| self.bytes.get(at.clone()))
            .flatten()
    }

    /// The page at `rel` (below `content_dir`, shown below `label`) as the last build read it,
    /// if its file's stamp is still `stamp`.
    pub fn page(&self, rel: &Path, content_dir: &Path, label: &Path, stamp: Stamp) -> Option<Page> {
        let stored: StoredPage = postcard::from_bytes(self.stored(rel, stamp)?).ok()?;
        let kind = match stored.kind {
            0 => PageKind::Home,
            1 => PageKind::Section,
            _ => PageKind::Page,
        };
        let body_start = stored.head.len();
        let mut page = Page::unplaced(
            rel.to_path_buf(),
            joined(label, rel),
            stored.head,
            stored.front,
            kind,
        );
        page.front_range = stored.front_start..stored.front_end;
        page.body_start = body_start;
        page.off_label_mention = Some(stored.mentions_off_label);
        page.body_on_disk = Some(OnDisk {
            path: joined(content_dir, rel),
            source: stored.source,
            stamp: Some(stamp),
            from_read_cache: true,
        });
        Some(page)
    }
}

/// `base` joined with `rel`, made at its length (`Path::join` copies `base`, then grows the
/// copy for `rel`: two allocations, and here two paths for each of 10,000 pages).
fn joined(base: &Path, rel: &Path) -> PathBuf {
    let mut path = PathBuf::with_capacity(base.as_os_str().len() + 1 + rel.as_os_str().len());
    path.push(base);
    path.push(rel);
    path
}

fn decode(bytes: crate::cache_file::CacheFile) -> Result<ReadCache, &'static str> {
    let frames = crate::cache_key::frames(&bytes, MAGIC)?;
    let mut pages = PathTable::default();
    let mut keywords = None;
    let mut entries = 0;
    for frame in &frames {
        let body = &bytes[frame.clone()];
        let frame_keywords: Key = crate::frame_items::read_frame(body, |entry: Entry, len| {
            if entries == 0 {
                pages.reserve(len);
            }
            entries += 1;
            let place = crate::cache_key::place_in(&bytes, &entry.page)?;
            let rel = crate::cache_key::place_in(&bytes, entry.rel.as_bytes())?;
            pages.insert(&bytes, rel, (entry.stamp, place))
        })
        .ok_or(DAMAGED)?;
        if *keywords.get_or_insert(frame_keywords) != frame_keywords {
            return Err(DAMAGED);
        }
    }
    let lineage = Lineage {
        keywords: keywords.ok_or("is damaged (it is empty)")?,
        len: bytes.len() as u64,
        frames: frames.len(),
        entries,
    };
    Ok(ReadCache {
        bytes,
        pages,
        lineage,
    })
}

/// The page files of `pages` this build read (not taken from the read cache) whose stamps
/// were settled at `read_at`, as the cache keeps them.
fn read_this_build(pages: &[Page], read_at: SystemTime) -> Vec<Entry<'static>> {
    pages
        .iter()
        .filter_map(|page| {
            let on_disk = page.body_on_disk.as_ref().filter(|d| !d.from_read_cache)?;
            let stamp = on_disk.stamp.filter(|s| s.settled(read_at))?;
            Some(Entry {
                rel: Cow::Owned(page.rel.to_str()?.to_owned()),
                stamp,
                page: Cow::Owned(postcard::to_stdvec(&stored_page(page, on_disk)?).ok()?),
            })
        })
        .collect()
}

/// Adds to the cache the build took pages from (`lineage`) a frame with the page files this
/// build read; nothing when it read none. False when the file must be written afresh instead
/// ([`save`]): it holds too many frames or pages no longer there, the off-label keywords
/// changed, or it is no longer the file the build read.
pub fn append(
    root: &Path,
    language: &str,
    pages: &[Page],
    keywords: &[String],
    read_at: SystemTime,
    lineage: &Lineage,
) -> std::io::Result<bool> {
    if lineage.keywords != keywords_key(keywords) {
        return Ok(false);
    }
    let fresh = read_this_build(pages, read_at);
    if fresh.is_empty() {
        return Ok(true);
    }
    if lineage.frames >= MAX_FRAMES || lineage.entries + fresh.len() > 2 * pages.len() + 64 {
        return Ok(false);
    }
    let frame = Stored {
        keywords: lineage.keywords,
        pages: fresh,
    };
    let body = postcard::to_stdvec(&frame).map_err(std::io::Error::other)?;
    crate::cache_key::append_frame(&cache_path(root, language), lineage.len, body, MAGIC)
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
                rel: Cow::Borrowed(page.rel.to_str()?),
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
        .finish_frame(MAGIC)?
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
        let shown = Path::new("content");
        let (page, read) = super::super::read_page(
            &super::super::stamp::Folder::open(&content),
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
        assert_eq!(again.file, Path::new("content/rest.md"));
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
            &super::super::stamp::Folder::open(&content),
            Path::new("content"),
            Path::new("rest.md"),
            Some(&[]),
            None,
        )
        .unwrap();
        save(dir.path(), "en", &[page], &[], SystemTime::now(), None).unwrap();
        let (cache, _) = ReadCache::open(dir.path(), "en");
        let stamp = Stamp::read(&content.join("rest.md")).unwrap();
        let shown = Path::new("content");
        assert!(
            cache
                .unwrap()
                .page(Path::new("rest.md"), &content, shown, stamp)
                .is_none()
        );
    }

    /// Writes `text` to `content/<name>` with a modification time an hour back (settled).
    fn write_settled(content: &Path, name: &str, text: &str) {
        let path = content.join(name);
        std::fs::write(&path, text).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
    }

    /// Reads page `name` as a build does: from `cache` when its stamp is the one it holds.
    fn read(content: &Path, name: &str, cache: Option<&ReadCache>) -> (Page, bool) {
        super::super::read_page(
            &super::super::stamp::Folder::open(content),
            Path::new("content"),
            Path::new(name),
            Some(&[]),
            cache,
        )
        .unwrap()
    }

    #[test]
    fn a_build_that_read_one_file_adds_a_frame_with_just_that_page() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        write_settled(&content, "a.md", PAGE);
        write_settled(&content, "b.md", &PAGE.replace("Rest", "Walk"));
        let pages = [
            read(&content, "a.md", None).0,
            read(&content, "b.md", None).0,
        ];
        save(dir.path(), "en", &pages, &[], SystemTime::now(), None).unwrap();
        let path = cache_path(dir.path(), "en");
        let whole = std::fs::metadata(&path).unwrap().len();
        let cache = ReadCache::open(dir.path(), "en").0.unwrap();
        assert_eq!((cache.lineage.frames, cache.lineage.entries), (1, 2));

        // Nothing read: nothing written.
        let taken = [
            read(&content, "a.md", Some(&cache)),
            read(&content, "b.md", Some(&cache)),
        ];
        assert!(taken.iter().all(|(_, read)| !read), "both from the cache");
        let pages = taken.map(|(page, _)| page);
        let lineage = cache.lineage();
        assert!(append(dir.path(), "en", &pages, &[], SystemTime::now(), &lineage).unwrap());
        assert_eq!(std::fs::metadata(&path).unwrap().len(), whole);

        // One file edited: one frame of one page, far smaller than the file.
        write_settled(&content, "b.md", &PAGE.replace("Rest", "Swim"));
        let a = read(&content, "a.md", Some(&cache));
        let b = read(&content, "b.md", Some(&cache));
        assert!(!a.1 && b.1, "a from the cache, b from its file");
        let pages = [a.0, b.0];
        assert!(append(dir.path(), "en", &pages, &[], SystemTime::now(), &lineage).unwrap());
        let grown = std::fs::metadata(&path).unwrap().len() - whole;
        assert!(grown > 0 && grown < whole / 2 + 60, "{grown} of {whole}");
        let cache = ReadCache::open(dir.path(), "en").0.unwrap();
        assert_eq!((cache.lineage.frames, cache.lineage.entries), (2, 3));
        let (b, read_again) = read(&content, "b.md", Some(&cache));
        assert!(!read_again, "the new frame's b is taken");
        assert_eq!(b.front.title, "Swim");
        let (a, read_again) = read(&content, "a.md", Some(&cache));
        assert!(!read_again, "the first frame's a is still taken");
        assert_eq!(a.front.title, "Rest");

        // A frame cut short (a build stopped while writing it): the cache is not trusted.
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let (cache, warning) = ReadCache::open(dir.path(), "en");
        assert!(cache.is_none());
        assert!(warning.unwrap().contains("is damaged"));
        // So is one whose frame does not match its checksum.
        let mut flipped = bytes.clone();
        flipped[whole as usize + 2] ^= 1;
        std::fs::write(&path, &flipped).unwrap();
        assert!(ReadCache::open(dir.path(), "en").0.is_none());
        // A file of another careleaf says so.
        let mut other = bytes.clone();
        let at = other.len() - 1;
        other[at] = b'9';
        std::fs::write(&path, &other).unwrap();
        let warning = ReadCache::open(dir.path(), "en").1.unwrap();
        assert!(warning.contains("another version"), "{warning}");
    }

    #[test]
    fn a_cache_of_many_frames_or_old_pages_is_written_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        write_settled(&content, "a.md", PAGE);
        let pages = [read(&content, "a.md", None).0];
        let lineage = Lineage {
            keywords: keywords_key(&[]),
            len: 0,
            frames: 1,
            entries: 1,
        };
        let now = SystemTime::now();
        let full = Lineage {
            frames: MAX_FRAMES,
            ..lineage
        };
        assert!(!append(dir.path(), "en", &pages, &[], now, &full).unwrap());
        let stale = Lineage {
            entries: 66,
            ..lineage
        };
        assert!(!append(dir.path(), "en", &pages, &[], now, &stale).unwrap());
        let other_words = ["sleep".to_string()];
        assert!(!append(dir.path(), "en", &pages, &other_words, now, &lineage).unwrap());
        // No file, or not the length the build read: written afresh too.
        assert!(!append(dir.path(), "en", &pages, &[], now, &lineage).unwrap());
        save(dir.path(), "en", &pages, &[], now, None).unwrap();
        assert!(!append(dir.path(), "en", &pages, &[], now, &lineage).unwrap());
    }
}
