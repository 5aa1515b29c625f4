//! The Markdown cache: every page's rendered Markdown kept between builds in
//! `.careleaf/cache/markdown/`, so that a build renders the Markdown of only the pages whose
//! file changed.
//!
//! Per language it is an append-only data file (`en-<id>.pages`: each page's HTML, references
//! and prose, as the build's spill wrote them) and an index (`en.index`) of what every page's
//! Markdown gave, where its bytes are, and how long the data file was when the index was
//! written. A build appends the pages it renders to the data file and, once it has succeeded,
//! adds to the index a frame naming the pages it changed (a one-page edit adds a few hundred
//! bytes to an index of megabytes); a build that fails leaves the index as it was, and
//! whatever it appended is cut off by the next. The index is written afresh, as one frame,
//! past [`MAX_FRAMES`] frames or when its frames name twice as many pages as the site, and
//! the data file too once more than half of it is pages no index names.
//!
//! A page is taken from it when its whole file is byte for byte what it was and the
//! "environment" is too: the careleaf that wrote it, `site.yaml`, the theme's templates and
//! every value they see (data files, the glossary, the FAQ, the timeline, the menus), every
//! page's address, every file of `content/`, and every address of the site. Any change there
//! renders every page again, as a clean build does. Each frame ends with its checksum, and a
//! page's HTML is checked against its key when it is read back, so a damaged cache is never
//! trusted.

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::spill::{HtmlSpill, SpilledPage};
use crate::cache_key::{Key, KeyWriter, PathTable, key_of};
use crate::content::{Content, Page};
use crate::markdown::Rendered;

/// What the index file ends with (see [`crate::cache_key::seal`]).
const MAGIC: &[u8; 24] = b"careleaf markdown index4";

/// How many frames the index may hold before it is written afresh as one.
const MAX_FRAMES: usize = 32;

/// A data file is written afresh once more than half of it is pages no longer named, and it is
/// longer than this.
const COMPACT_ABOVE: u64 = 64 << 10;

/// The folder of the Markdown cache.
pub fn cache_dir(root: &Path) -> PathBuf {
    root.join(".careleaf/cache/markdown")
}

fn index_path(dir: &Path, language: &str) -> PathBuf {
    dir.join(format!("{language}.index"))
}

#[derive(Serialize, Deserialize)]
struct CachedPage<'a> {
    /// The page's path below `content/` (written from a `PathBuf`, read in place).
    #[serde(borrow)]
    rel: Cow<'a, str>,
    /// The key of the page's whole file as it was read.
    source: Key,
    spilled: SpilledPage,
    /// Its summary (see `markdown_summary`), as bytes: a build decodes only the pages it
    /// takes, and writes the others' again as they were.
    #[serde(with = "serde_bytes", borrow)]
    summary: Cow<'a, [u8]>,
    /// The page's key in the build that wrote this, with the key of what it was made from.
    page_key: Option<KnownKey>,
}

/// A page's key (see `Edition::page_key`) and the key of its inputs as
/// `Edition::inputs_key` names them: a page whose inputs are the same has the same key, and
/// its context need not be built to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownKey {
    pub inputs: Key,
    pub key: Key,
}

/// Read back a page at a time (see `read_index`): as `(environment, data, data_len)`, then
/// the pages. The fields keep that order.
#[derive(Serialize)]
struct Index<'a> {
    environment: Key,
    /// The data file's name, in the cache's folder.
    data: String,
    /// How long the data file was when this index was written: what comes after is a failed
    /// build's.
    data_len: u64,
    pages: Vec<CachedPage<'a>>,
}

/// A page of the last build: the key of its file, where its bytes are, where its summary is in
/// the index, and its page key.
struct Entry {
    source: Key,
    spilled: SpilledPage,
    summary: Range<usize>,
    page_key: Option<KnownKey>,
}

/// The last build's Markdown, as far as this one can use it.
pub struct MarkdownCache {
    /// The index as read; the pages taken hold it until their detail is decoded.
    index: Arc<crate::cache_file::CacheFile>,
    pages: PathTable<Entry>,
    lineage: Lineage,
}

/// What a build needs to know of the index it read to add a frame to it: how long the file
/// was, how many frames and entries (counted in every frame) it held.
#[derive(Debug, Clone, Copy)]
struct Lineage {
    len: u64,
    frames: usize,
    entries: usize,
    /// How long the data file was (what the index's last frame says).
    data_len: u64,
}

impl MarkdownCache {
    /// Page `page`'s rendered Markdown (without its HTML and prose, which stay in the data
    /// file) if its file is unchanged.
    pub fn take(&self, page: &Page) -> Option<(Rendered, SpilledPage)> {
        let source = page.body_on_disk.as_ref()?.source;
        let entry = self.pages.get(&page.rel)?;
        if entry.source != source {
            return None;
        }
        let rendered = super::markdown_summary::decode(&self.index, entry.summary.clone())?;
        Some((rendered, entry.spilled.from_earlier_build()))
    }

    /// Page `rel`'s key in the last build, if it was made from `inputs`.
    pub fn page_key(&self, rel: &Path, inputs: Key) -> Option<Key> {
        let known = self.pages.get(rel)?.page_key?;
        (known.inputs == inputs).then_some(known.key)
    }

    /// The summary of page `rel` as the index holds it.
    fn summary_bytes(&self, rel: &Path) -> Option<&[u8]> {
        let entry = self.pages.get(rel)?;
        self.index.get(entry.summary.clone())
    }
}

/// Where this build keeps its Markdown for the next: the data file its spill appends to.
pub struct Store {
    dir: PathBuf,
    language: String,
    data: String,
    environment: Key,
}

impl Store {
    /// The key of everything a page's Markdown can show besides its own file.
    pub fn environment(&self) -> Key {
        self.environment
    }

    /// Removes the index, so that the next build renders every page's Markdown again.
    pub fn forget(&self) {
        let _ = std::fs::remove_file(index_path(&self.dir, &self.language));
    }
}

/// What a lean edition's Markdown stage starts with.
#[derive(Default)]
pub struct Opened {
    /// Where pages' HTML goes: the cache's data file, or an unnamed file if it cannot be.
    pub spill: Option<HtmlSpill>,
    pub cache: Option<MarkdownCache>,
    pub store: Option<Store>,
    /// Why a cache that was there could not be used.
    pub warning: Option<String>,
}

/// The index of a language's Markdown cache, read and taken apart on a thread of its own while
/// the site's files are read and linked: at 10,000 pages that is 15 ms a one-edit build
/// otherwise spent on it alone, with the other core idle.
pub struct Prefetched(std::thread::JoinHandle<Result<Option<ReadIndex>, &'static str>>);

impl Prefetched {
    /// Starts reading the index of `language` in the site at `root`.
    pub fn start(root: &Path, language: &str) -> Prefetched {
        let path = index_path(&cache_dir(root), language);
        Prefetched(std::thread::spawn(move || {
            crate::background::lower_priority();
            read_index(&path)
        }))
    }

    fn index(self) -> Result<Option<ReadIndex>, &'static str> {
        self.0
            .join()
            .unwrap_or(Err("could not be read (careleaf stopped reading it)"))
    }
}

/// Opens the Markdown cache of `language` in the site at `root` for a build whose pages'
/// environment is `environment`, with its index as `prefetched` read it; None (`build
/// --clean`) starts a new one.
pub fn open(
    root: &Path,
    language: &str,
    environment: Key,
    prefetched: Option<Prefetched>,
) -> Opened {
    let dir = cache_dir(root);
    let mut warning = None;
    if let Some(prefetched) = prefetched {
        match prefetched.index() {
            Ok(Some(index)) if index.environment == environment => {
                if let Some(opened) = reopen(&dir, language, index) {
                    return opened;
                }
            }
            Ok(_) => {}
            Err(what) => warning = Some(unusable(language, what)),
        }
    }
    let fresh = start_data_file(&dir, language).ok();
    let (spill, store) = match fresh {
        Some((file, data)) => {
            let store = Store {
                dir,
                language: language.to_string(),
                data,
                environment,
            };
            (Some(HtmlSpill::over(file, 0, true)), Some(store))
        }
        None => (HtmlSpill::create(&root.join(".careleaf")).ok(), None),
    };
    Opened {
        spill,
        cache: None,
        store,
        warning,
    }
}

/// The data file `index` names, cut back to the length the index knows, with its pages.
fn reopen(dir: &Path, language: &str, index: ReadIndex) -> Option<Opened> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(dir.join(&index.data))
        .ok()?;
    // Another build of this site is appending to it: this one starts a data file of its own.
    file.try_lock().ok()?;
    if file.metadata().ok()?.len() < index.data_len {
        return None;
    }
    file.set_len(index.data_len).ok()?;
    Some(Opened {
        spill: Some(HtmlSpill::over(file, index.data_len, true)),
        cache: Some(MarkdownCache {
            index: Arc::new(index.bytes),
            pages: index.pages,
            lineage: index.lineage,
        }),
        store: Some(Store {
            dir: dir.to_path_buf(),
            language: language.to_string(),
            data: index.data,
            environment: index.environment,
        }),
        warning: None,
    })
}

/// A new, empty data file for `language`, locked for this build.
fn start_data_file(dir: &Path, language: &str) -> std::io::Result<(std::fs::File, String)> {
    std::fs::create_dir_all(dir)?;
    let file = tempfile::Builder::new()
        .prefix(&format!("{language}-"))
        .suffix(".pages")
        .tempfile_in(dir)?;
    let (file, path) = file.keep().map_err(|e| e.error)?;
    file.try_lock().map_err(std::io::Error::other)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((file, name))
}

/// The line a build says when the index of `language` cannot be trusted (named as the build
/// cache's manifest is, from the site's folder), and why: `what` it is.
fn unusable(language: &str, what: &str) -> String {
    let shown = index_path(Path::new(".careleaf/cache/markdown"), language);
    format!(
        "the Markdown cache {} {what}: it is ignored and every page's Markdown is rendered again",
        shown.display()
    )
}

/// An index as read: its bytes, and each page's entry with where its summary is in them.
pub struct ReadIndex {
    environment: Key,
    data: String,
    data_len: u64,
    pages: PathTable<Entry>,
    bytes: crate::cache_file::CacheFile,
    lineage: Lineage,
}

/// The index at `path`; None if there is none. It is a run of frames (see
/// [`crate::cache_key::frames`]): the first names every page, each later one the pages a
/// build changed, and the data file as that build left it.
fn read_index(path: &Path) -> Result<Option<ReadIndex>, &'static str> {
    const DAMAGED: &str = "is damaged (it cannot be read)";
    let Ok(bytes) = crate::cache_file::CacheFile::open(path) else {
        return Ok(None);
    };
    let frames = crate::cache_key::frames(&bytes, MAGIC)?;
    let mut pages = PathTable::default();
    let mut last: Option<(Key, String, u64)> = None;
    let mut entries = 0;
    for frame in &frames {
        let head: (Key, String, u64) =
            crate::frame_items::read_frame(&bytes[frame.clone()], |p: CachedPage, len| {
                if entries == 0 {
                    pages.reserve(len);
                }
                entries += 1;
                let entry = Entry {
                    source: p.source,
                    spilled: p.spilled,
                    summary: crate::cache_key::place_in(&bytes, &p.summary)?,
                    page_key: p.page_key,
                };
                let rel = crate::cache_key::place_in(&bytes, p.rel.as_bytes())?;
                pages.insert(&bytes, rel, entry)
            })
            .ok_or(DAMAGED)?;
        if last.as_ref().is_some_and(|(e, ..)| *e != head.0) {
            return Err(DAMAGED);
        }
        last = Some(head);
    }
    let (environment, data, data_len) = last.ok_or(DAMAGED)?;
    if pages.values().any(|p| p.spilled.end() > data_len) {
        return Err("is damaged (a page lies past the end of its data)");
    }
    let lineage = Lineage {
        len: bytes.len() as u64,
        frames: frames.len(),
        entries,
        data_len,
    };
    Ok(Some(ReadIndex {
        environment,
        data,
        data_len,
        pages,
        bytes,
        lineage,
    }))
}

/// Keeps this build's Markdown for the next: the index of every page set aside in `spill`
/// (`spilled`), with what its Markdown gave (`rendered`). When it can, a frame with the pages
/// this build changed is added to the last build's index (`earlier`); else the index is
/// written afresh, and the data file too when most of it is pages no longer named.
pub fn save(
    store: &Store,
    spill: HtmlSpill,
    earlier: Option<&MarkdownCache>,
    content: &Content,
    rendered: &[Rendered],
    spilled: &[Option<SpilledPage>],
    page_keys: &[std::sync::OnceLock<KnownKey>],
) -> std::io::Result<()> {
    spill.flush()?;
    // Every page this build kept, with its summary as the last build's index holds it when it
    // was taken from there.
    let cached = |(i, ((page, r), s)): (usize, ((&Page, &Rendered), &Option<SpilledPage>))| {
        let source = page.body_on_disk.as_ref()?.source;
        let spilled = (*s)?;
        let taken = earlier
            .filter(|_| spilled.is_from_earlier_build())
            .and_then(|e| e.summary_bytes(&page.rel));
        let summary = match taken {
            Some(bytes) => Cow::Borrowed(bytes),
            None => Cow::Owned(super::markdown_summary::encode(r)?),
        };
        Some(CachedPage {
            rel: Cow::Owned(page.rel.to_str()?.to_owned()),
            source,
            spilled,
            summary,
            page_key: page_keys.get(i).and_then(|k| k.get()).copied(),
        })
    };
    let kept = || content.pages.iter().zip(rendered).zip(spilled).enumerate();
    let mut data = store.data.clone();
    let mut data_len = spill
        .end()
        .ok_or_else(|| std::io::Error::other("the spill is lost"))?;
    let (count, live) = kept()
        .filter(|(_, ((page, _), s))| page.body_on_disk.is_some() && s.is_some())
        .fold((0, 0), |(n, size), (_, (_, s))| {
            (n + 1, size + s.map_or(0, |s| s.size()))
        });
    let compact_data = data_len > 2 * live + COMPACT_ABOVE;
    if let Some(earlier) = earlier.filter(|_| !compact_data) {
        let changed = kept().filter(|(i, ((page, _), s))| {
            let known = earlier.pages.get(&page.rel).map(|e| e.page_key);
            let key = page_keys.get(*i).and_then(|k| k.get()).copied();
            s.is_some_and(|s| !s.is_from_earlier_build()) || known.is_some_and(|k| k != key)
        });
        let changed: Vec<CachedPage> = changed.filter_map(cached).collect();
        if add_frame(store, earlier, changed, data_len, count)? {
            // Its lock goes with it.
            drop(spill);
            return Ok(());
        }
    }
    let mut pages: Vec<CachedPage> = kept().filter_map(cached).collect();
    if compact_data {
        (data, data_len) = compact(store, &spill, &mut pages)?;
    }
    let index = Index {
        environment: store.environment,
        data,
        data_len,
        pages,
    };
    // Sized up front: grown by doubling, 10 MB of summaries is copied over and over.
    let estimate: usize = index
        .pages
        .iter()
        .map(|p| p.summary.len() + p.rel.len() + 96)
        .sum();
    let body = postcard::to_extend(&index, Vec::with_capacity(estimate + 256))
        .map_err(std::io::Error::other)?;
    let bytes = crate::cache_key::frame(body, MAGIC);
    crate::cache_key::replace_file(&index_path(&store.dir, &store.language), &[&bytes])?;
    // Its lock goes with it: the data file it wrote to may be one no index names now.
    drop(spill);
    remove_other_data_files(&store.dir, &store.language, &index.data);
    Ok(())
}

/// Adds to the last build's index (`earlier`) a frame naming the pages this build `changed`
/// and the data file's length now; nothing when neither changed. False when the index must be
/// written afresh instead: it holds too many frames or entries for the site's `count` pages,
/// or it is not the file the build read.
fn add_frame(
    store: &Store,
    earlier: &MarkdownCache,
    changed: Vec<CachedPage>,
    data_len: u64,
    count: usize,
) -> std::io::Result<bool> {
    let lineage = &earlier.lineage;
    if changed.is_empty() && data_len == lineage.data_len {
        return Ok(true);
    }
    if lineage.frames >= MAX_FRAMES || lineage.entries + changed.len() > 2 * count + 64 {
        return Ok(false);
    }
    let frame = Index {
        environment: store.environment,
        data: store.data.clone(),
        data_len,
        pages: changed,
    };
    let body = postcard::to_stdvec(&frame).map_err(std::io::Error::other)?;
    let path = index_path(&store.dir, &store.language);
    crate::cache_key::append_frame(&path, lineage.len, body, MAGIC)
}

/// Copies `pages` into a new data file, returning its name and length.
fn compact(
    store: &Store,
    from: &HtmlSpill,
    pages: &mut [CachedPage],
) -> std::io::Result<(String, u64)> {
    let (file, name) = start_data_file(&store.dir, &store.language)?;
    let to = HtmlSpill::over(file, 0, true);
    for page in pages.iter_mut() {
        page.spilled = to
            .copy_from(from, &page.spilled)
            .ok_or_else(|| std::io::Error::other("a page could not be copied"))?;
    }
    to.flush()?;
    let len = to
        .end()
        .ok_or_else(|| std::io::Error::other("the spill is lost"))?;
    Ok((name, len))
}

/// Removes the data files of `language` other than `keep` that no build is writing.
fn remove_other_data_files(dir: &Path, language: &str, keep: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!("{language}-");
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == keep || !name.starts_with(&prefix) || !name.ends_with(".pages") {
            continue;
        }
        let unused = std::fs::File::open(entry.path()).is_ok_and(|f| f.try_lock().is_ok());
        if unused {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What every page's Markdown depends on besides its own file (see the module's comment).
pub struct Environment<'a> {
    /// The templates and every global value they see, as the renderer has them.
    pub globals: KeyWriter,
    pub config_text: &'a str,
    pub content: &'a Content,
    pub root: &'a Path,
    pub content_dir: &'a Path,
    pub addresses: &'a crate::site::addresses::SiteAddresses,
    pub root_path: &'a str,
    pub reading_units: bool,
}

impl Environment<'_> {
    pub fn key(&self) -> Key {
        let mut key = self.globals.clone();
        // Which careleaf wrote the cache is checked apart (`cache_key::unseal`), before the index is
        // read.
        key.part(self.config_text.as_bytes())
            .part(self.root_path.as_bytes())
            .part(&[u8::from(self.reading_units)]);
        // Another page reaches a page's Markdown only through its address (a link to it);
        // titles in menus are in the globals. A page's own front matter is in its file's key.
        for page in &self.content.pages {
            key.part(page.rel.as_os_str().as_encoded_bytes())
                .part(page.url.as_bytes());
        }
        // Pictures' sizes and names come from their files, which may be other languages'.
        let dir = self.root.join(self.content_dir);
        for asset in &self.content.assets {
            key.part(asset.url.as_bytes());
            add_file(&mut key, &dir, &asset.rel);
        }
        let shared_dir = self.root.join("content");
        for file in self.addresses.shared_files() {
            add_file(&mut key, &shared_dir, &file.rel);
        }
        self.addresses.add_to_key(&mut key);
        key.finish()
    }
}

/// Files up to this size are known by their bytes, larger ones (videos, PDFs) by their size and
/// modification time: reading them all on every build would cost more than it saves.
const READ_UP_TO: u64 = 1 << 20;

fn add_file(key: &mut KeyWriter, dir: &Path, rel: &Path) {
    let path = dir.join(rel);
    key.part(rel.as_os_str().as_encoded_bytes());
    let Ok(meta) = std::fs::metadata(&path) else {
        key.part(b"missing");
        return;
    };
    if meta.len() <= READ_UP_TO {
        let bytes = std::fs::read(&path).unwrap_or_default();
        key.part(&key_of(&bytes));
    } else {
        let modified = meta.modified().map_or(0, crate::content::stamp::nanos);
        key.part(&meta.len().to_le_bytes())
            .part(&modified.to_le_bytes());
    }
}
