//! The build cache: for every file of the output folder, the key of what it was made from and
//! the hash of its bytes, kept in `.careleaf/cache/build/manifest` between builds. A build
//! skips rendering a page whose key is unchanged (its file is taken from the output as it is),
//! and writes no file whose bytes the staging tree already holds.
//!
//! Nothing in it is trusted blindly: the manifest ends with a checksum of itself and names the
//! careleaf binary and the site that wrote it, and each file it speaks of is looked at (size
//! and modification time) before it is taken. A cache that fails any of this is ignored with
//! one line of warning and the build renders everything, as a clean build does.

mod delta;
mod folders;
mod text;

use std::path::{Path, PathBuf};

pub use crate::cache_key::{Key, KeyWriter, key_of};
pub use delta::Written;
use folders::OutputFolders;
use text::{hex, read_section, write_entry, write_section};

/// One file of an output tree: what it was made from, its bytes' hash, and how it looked on
/// disk when it was written (a file changed since then is not taken).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub key: Key,
    pub content: Key,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch.
    pub modified: i128,
}

impl Entry {
    /// The entry of the file at `path` as it is on disk now, made from `key` with bytes of hash
    /// `content`.
    pub fn of_file(path: &Path, key: Key, content: Key) -> std::io::Result<Entry> {
        let (size, modified) = stat(path)?;
        Ok(Entry {
            key,
            content,
            size,
            modified,
        })
    }

    /// Whether the file at `path` is still the one this entry describes.
    pub fn matches_disk(&self, path: &Path) -> bool {
        stat(path).is_ok_and(|s| s == (self.size, self.modified))
    }
}

use crate::content::stamp::file_size_and_time as stat;

/// Output path (relative, `/`-separated) → its entry.
pub type Entries = rustc_hash::FxHashMap<String, Entry>;

const MAGIC: &str = "careleaf build cache 3";

const CORRUPT: &str = "is damaged";

/// The manifest of the last build: the files of the output folder and of the spare tree
/// beside it (the output before that, which the next build writes over).
#[derive(Debug, Default)]
pub struct BuildCache {
    file: PathBuf,
    /// What the manifest must name to be trusted: this careleaf binary and this site.
    version: String,
    site: String,
    /// The output folder, so that a later build can tell a manifest whose folder is gone.
    folder: PathBuf,
    /// None when unknown (no trusted manifest, or a tree written over since).
    output: Option<Entries>,
    /// The spare tree as the manifest records it; whether it is still so on disk is
    /// `spare_trusted`. A build's new output is recorded as what it changed from it.
    spare: Option<Entries>,
    spare_trusted: bool,
    /// The manifest file as read or written, when later builds may add frames to it.
    lineage: Option<Lineage>,
    /// The output folder as the last build left it, when the manifest read is still the one
    /// it was recorded with.
    folders: Option<OutputFolders>,
}

/// What a build needs to know of the manifest it read to add a frame after it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Lineage {
    /// The manifest's checksum, which its frames name.
    sum: String,
    /// How long the frames file was (0: there is none), how many frames it held, and how
    /// many files they named in all.
    frames_len: u64,
    frames: usize,
    files: usize,
}

impl Lineage {
    /// A manifest of checksum `sum` with no frames after it.
    fn alone(sum: String) -> Lineage {
        Lineage {
            sum,
            frames_len: 0,
            frames: 0,
            files: 0,
        }
    }
}

impl BuildCache {
    /// Reads the manifest of the site at `root` built into `output`; with `clean`, or when
    /// there is none, starts empty. The second value is the one-line warning for a manifest
    /// that cannot be trusted.
    pub fn open(root: &Path, output: &Path, clean: bool) -> (BuildCache, Option<String>) {
        let mut cache = BuildCache {
            file: manifest_path(root, output),
            version: binary_version(),
            site: site_id(root, output),
            folder: std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf()),
            ..BuildCache::default()
        };
        if clean {
            return (cache, None);
        }
        let text = match crate::cache_file::CacheFile::open(&cache.file) {
            Ok(bytes) => bytes,
            Err(_) => return (cache, None),
        };
        match cache.parse(&text).and_then(|parsed| cache.replay(parsed)) {
            Ok(()) => {
                // A build that stopped while it wrote over the spare tree left it unknown.
                cache.spare_trusted = cache.spare.is_some() && !cache.spare_marker().exists();
                cache.folders = cache.lineage.as_ref().and_then(|l| {
                    OutputFolders::read(&cache.folders_path())
                        .filter(|f| f.follows(&l.sum, l.frames_len))
                });
                (cache, None)
            }
            Err(why) => {
                // Nothing of it is taken, however far it was read.
                cache.output = None;
                cache.spare = None;
                cache.lineage = None;
                // As the site's other files are named: `.careleaf/…`, not `./.careleaf/…`.
                let shown = match cache.file.strip_prefix(root) {
                    Ok(rel) => crate::label_root(root).join(rel),
                    Err(_) => cache.file.clone(),
                };
                let shown = shown.display();
                (
                    cache,
                    Some(format!(
                        "the build cache {shown} {why}: it is ignored and every page is built again"
                    )),
                )
            }
        }
    }

    /// The manifest's trees, and its checksum.
    fn parse(&self, bytes: &[u8]) -> Result<Parsed, &'static str> {
        let text = std::str::from_utf8(bytes).map_err(|_| CORRUPT)?;
        let body_end = text.rfind("end ").ok_or(CORRUPT)?;
        let (body, end) = text.split_at(body_end);
        let sum = end.trim_end().strip_prefix("end ").ok_or(CORRUPT)?;
        if sum != hex(&key_of(body.as_bytes())) {
            return Err(CORRUPT);
        }
        let mut lines = body.lines();
        if lines.next() != Some(MAGIC) {
            return Err("was written by another version of careleaf");
        }
        if lines.next().and_then(|l| l.strip_prefix("version ")) != Some(&self.version) {
            return Err("was written by another version of careleaf");
        }
        if lines.next().and_then(|l| l.strip_prefix("site ")) != Some(&self.site) {
            return Err("belongs to another site or output folder");
        }
        lines
            .next()
            .and_then(|l| l.strip_prefix("folder "))
            .ok_or(CORRUPT)?;
        let output = read_section(&mut lines, "output").ok_or(CORRUPT)?;
        let spare = read_section(&mut lines, "spare").ok_or(CORRUPT)?;
        Ok(Parsed {
            output,
            spare,
            sum: sum.to_string(),
        })
    }

    /// Takes the manifest's trees as its frames (if any) leave them. Frames that follow
    /// another manifest (one written since, whose frames file could not be removed) are
    /// not this one's: the manifest stands alone, and the next save writes it afresh.
    fn replay(&mut self, parsed: Parsed) -> Result<(), &'static str> {
        let Parsed { output, spare, sum } = parsed;
        self.output = output;
        self.spare = spare;
        let bytes = match crate::cache_file::CacheFile::open(&self.frames_path()) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.lineage = Some(Lineage::alone(sum));
                return Ok(());
            }
            Err(_) => return Err(CORRUPT),
        };
        let frames = crate::cache_key::frames(&bytes, delta::MAGIC)?;
        let Some(first) = frames.first() else {
            return Err(CORRUPT);
        };
        if delta::base_of(&bytes[first.clone()]) != Some(sum.as_str()) {
            return Ok(());
        }
        let mut files = 0;
        for frame in &frames {
            let body = &bytes[frame.clone()];
            if delta::base_of(body) != Some(sum.as_str()) {
                return Err(CORRUPT);
            }
            files += delta::apply(body, &mut self.output, &mut self.spare)?;
        }
        self.lineage = Some(Lineage {
            sum,
            frames_len: bytes.len() as u64,
            frames: frames.len(),
            files,
        });
        Ok(())
    }

    /// Where frames after the manifest are added.
    fn frames_path(&self) -> PathBuf {
        self.file.with_extension("frames")
    }

    /// The output folder's file at `rel` as the last build wrote it.
    pub fn output_entry(&self, rel: &str) -> Option<&Entry> {
        self.output.as_ref()?.get(rel)
    }

    /// The output folder's files as the last build wrote them, when nothing shows that the
    /// folder changed since (it and the folders in it are as that build left them): a build
    /// may then write the files that change into it in place, without looking at the others.
    pub fn output_as_left(&self, output: &Path) -> Option<&Entries> {
        let folders = self.folders.as_ref()?;
        self.output.as_ref().filter(|_| folders.unchanged(output))
    }

    /// The output folder's files as the last build wrote them.
    pub fn recorded_output(&self) -> Option<&Entries> {
        self.output.as_ref()
    }

    /// Says that the output folder is being changed: until the next [`BuildCache::save`], no
    /// build takes it as the manifest records it without looking at its files.
    pub fn forget_output_folders(&self) -> std::io::Result<()> {
        match std::fs::remove_file(self.folders_path()) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Where the output folder's stamps after the last build are kept.
    fn folders_path(&self) -> PathBuf {
        self.file.with_extension("folders")
    }

    /// The spare tree's files as the manifest knows them; `dir` is where the spare tree is
    /// now. A file that changed on disk since is removed (the tree is careleaf's to write
    /// over), so that nothing the cache cannot vouch for stays in it.
    pub fn spare_on_disk(&self, dir: &Path) -> Option<Entries> {
        use rayon::prelude::*;
        let spare = self.spare.as_ref().filter(|_| self.spare_trusted)?;
        let tree = crate::content::stamp::Folder::open(dir);
        let on_disk = spare
            .par_iter()
            .filter_map(|(rel, e)| {
                if tree
                    .file_size_and_time(rel)
                    .is_ok_and(|s| s == (e.size, e.modified))
                {
                    return Some((rel.clone(), *e));
                }
                let _ = std::fs::remove_file(dir.join(rel));
                None
            })
            .collect();
        Some(on_disk)
    }

    /// Marks the spare tree unknown: from here on it is being written over, and a build killed
    /// now must not leave a manifest that vouches for it. A small file beside the manifest
    /// says so (writing the whole manifest again took 3% of a one-edit build at 10,000 pages);
    /// the next [`BuildCache::save`] removes it, and [`BuildCache::open`] heeds it.
    pub fn forget_spare(&mut self) -> std::io::Result<()> {
        self.spare_trusted = false;
        if std::fs::write(self.spare_marker(), b"").is_err() {
            // Written afresh without the spare tree, the manifest takes no frame after it.
            self.spare = None;
            self.lineage = None;
            return self.write().map(|_| ());
        }
        Ok(())
    }

    /// The file that says the spare tree is being written over.
    fn spare_marker(&self) -> PathBuf {
        self.file.with_extension("spare-in-use")
    }

    /// Records the new output (`made`), put in place as `written` says: swapped in (the
    /// output before becomes the spare tree, as it was) or patched (the spare stays), and the
    /// output folder as it is now.
    pub fn save(&mut self, made: Entries, written: Written) -> std::io::Result<()> {
        let added = self.add_frame(&made, written)?;
        match written {
            Written::Swapped => {
                self.spare = self.output.replace(made);
                self.spare_trusted = self.spare.is_some();
            }
            Written::Patched => self.output = Some(made),
        }
        self.lineage = match added {
            Some(lineage) => Some(lineage),
            None => {
                let sum = self.write()?;
                match std::fs::remove_file(self.frames_path()) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                }
                Some(Lineage::alone(sum))
            }
        };
        match std::fs::remove_file(self.spare_marker()) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        self.remove_stale_manifests();
        if let Some(lineage) = &self.lineage {
            let folders = OutputFolders::stamp(&self.folder, &lineage.sum, lineage.frames_len);
            if let Some(folders) = folders {
                folders.write(&self.folders_path())?;
            }
        }
        Ok(())
    }

    /// Removes the manifests beside this one that no build can use again: those of output
    /// folders that are gone (a site built into many temporary folders would otherwise
    /// gather one for each) and those of another manifest format.
    fn remove_stale_manifests(&self) {
        use std::io::BufRead;
        let Some(dir) = self.file.parent() else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path == self.file || path.extension().is_none_or(|e| e != "manifest") {
                continue;
            }
            let Ok(file) = std::fs::File::open(&path) else {
                continue;
            };
            let head: Vec<String> = std::io::BufReader::new(file)
                .lines()
                .take(4)
                .map_while(Result::ok)
                .collect();
            let stale = match head.first() {
                Some(magic) if magic == MAGIC => head
                    .get(3)
                    .and_then(|l| l.strip_prefix("folder "))
                    .is_some_and(|folder| !Path::new(folder).is_dir()),
                _ => true,
            };
            if stale {
                let _ = std::fs::remove_file(&path);
                let _ = std::fs::remove_file(path.with_extension("spare-in-use"));
                let _ = std::fs::remove_file(path.with_extension("frames"));
                let _ = std::fs::remove_file(path.with_extension("folders"));
            }
        }
    }

    /// Adds the new output (`made`) to the manifest as a frame, when the manifest read knows
    /// the tree it was written over (the spare tree, or the output itself when `written`
    /// says patched) and the frames stay few and small beside the manifest; None when the
    /// manifest must be written afresh.
    fn add_frame(&self, made: &Entries, written: Written) -> std::io::Result<Option<Lineage>> {
        let before = match written {
            Written::Swapped => &self.spare,
            Written::Patched => &self.output,
        };
        let (Some(lineage), Some(before)) = (&self.lineage, before) else {
            return Ok(None);
        };
        let delta = delta::Delta::between(written, before, made);
        if lineage.frames >= delta::MAX_FRAMES || lineage.files + delta.len() > frame_room(made) {
            return Ok(None);
        }
        let body = delta.body(&lineage.sum);
        let frame_len = (body.len() + 8 + crate::cache_key::SEAL_LEN + delta::MAGIC.len()) as u64;
        let path = self.frames_path();
        let added = if lineage.frames_len == 0 {
            use std::io::Write as _;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            // Private, as the manifest is (a temporary file, renamed into place).
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&path) {
                Ok(mut file) => file
                    .write_all(&crate::cache_key::frame(body, delta::MAGIC))
                    .map(|()| true)?,
                Err(_) => false,
            }
        } else {
            crate::cache_key::append_frame(&path, lineage.frames_len, body, delta::MAGIC)?
        };
        Ok(added.then(|| Lineage {
            sum: lineage.sum.clone(),
            frames_len: lineage.frames_len + frame_len,
            frames: lineage.frames + 1,
            files: lineage.files + delta.len(),
        }))
    }

    /// Writes the manifest afresh; gives its checksum.
    fn write(&self) -> std::io::Result<String> {
        let count = |e: &Option<Entries>| e.as_ref().map_or(0, Entries::len);
        let mut body =
            String::with_capacity(100 * (count(&self.output) + count(&self.spare)) + 200);
        body.push_str(MAGIC);
        body.push('\n');
        // A folder name with a line break in it is not written as it is: it only serves to
        // remove this manifest once the folder is gone.
        let folder = self.folder.display().to_string().replace(['\n', '\r'], "?");
        body.push_str(&format!(
            "version {}\nsite {}\nfolder {folder}\n",
            self.version, self.site
        ));
        write_section(&mut body, "output", &self.output);
        write_section(&mut body, "spare", &self.spare);
        let sum = hex(&key_of(body.as_bytes()));
        let body = seal(body);
        let dir = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        if let Some(site) = dir.ancestors().nth(3) {
            crate::scaffold::keep_careleaf_folder_out_of_git(site)?;
        }
        crate::cache_key::replace_file(&self.file, &[body.as_bytes()])?;
        Ok(sum)
    }
}

/// How many files the frames after a manifest may name before it is written afresh: a quarter
/// of the output, so that reading them stays a small part of reading the manifest, and at least
/// a few hundred, since a small site's manifest is no slower to read with them.
fn frame_room(made: &Entries) -> usize {
    (made.len() / 4).max(256)
}

/// A manifest as read, before its frames.
struct Parsed {
    output: Option<Entries>,
    spare: Option<Entries>,
    sum: String,
}

/// A section is `NAME COUNT` and its entries, or `NAME unknown`.
/// `body` with its checksum line after it, as a manifest ends.
pub fn seal(mut body: String) -> String {
    let sum = hex(&key_of(body.as_bytes()));
    body.push_str(&format!("end {sum}\n"));
    body
}

/// Where the manifest of the site at `root` built into `output` is kept: one per output
/// folder, named by that folder as given (relative to the site when inside it), so that a
/// site moved or copied with its cache finds its manifest and sees that it was made elsewhere.
pub fn manifest_path(root: &Path, output: &Path) -> PathBuf {
    let absolute_root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let absolute_output = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
    let named = absolute_output
        .strip_prefix(&absolute_root)
        .unwrap_or(&absolute_output);
    let mut key = KeyWriter::default();
    key.part(named.as_os_str().as_encoded_bytes());
    root.join(".careleaf/cache/build")
        .join(format!("{}.manifest", &hex(&key.finish())[..16]))
}

/// This careleaf: its version, and what it was built from, so that a build of another commit
/// (same version number, other code) does not take this one's results.
fn binary_version() -> String {
    // What the binary was built from (see build.rs), not the file: CI compiles careleaf
    // afresh on each run, and the same sources render the same site.
    format!(
        "{} {}",
        env!("CARGO_PKG_VERSION"),
        crate::cache_key::SOURCE_ID
    )
}

/// The site's folder and the output folder, as absolute paths: a manifest copied along with
/// a site to another place, or made for another output, is not this one's.
fn site_id(root: &Path, output: &Path) -> String {
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
            .to_string()
    };
    let mut key = KeyWriter::default();
    key.part(absolute(root).as_bytes())
        .part(absolute(output).as_bytes());
    hex(&key.finish())
}

#[cfg(test)]
mod tests;
