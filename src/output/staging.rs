//! The staging folder: the new site is written beside the output folder and swapped into
//! place whole, so a failed build leaves the previous output exactly as it was.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::build_cache::{Entries, Entry, Key};
use crate::diagnostic::Diagnostic;

const STAGING_MARK: &str = ".careleaf-staging-";
const SPARE_MARK: &str = ".careleaf-spare";
const LOCK_MARK: &str = ".careleaf-lock";

/// A folder being filled with the new site.
///
/// After a swap the staging folder holds the previous site. Rather than deleting it on the spot
/// (for 10,000 pages, 20,000 files and folders: seconds on some disks), it is kept beside the
/// output as the *spare* and the next build writes over it: the same files are overwritten in
/// place, pages that are gone are pruned, and no folder or file has to be created again. That
/// keeps both the deletion and the creation of a whole tree off every rebuild (bench/README.md).
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    spare: PathBuf,
    /// Whether `dir` is a recycled spare that may hold files this build does not write.
    recycled: bool,
    /// The recycled tree's files as the build cache knows them (checked on disk): a file
    /// whose bytes are already there is left alone without reading it. None: unknown, read
    /// each file before writing over it.
    known: Option<Entries>,
    /// Every file of the new tree, with what it was made from and how it is on disk.
    made: Mutex<Entries>,
    committed: bool,
    _lock: OutputLock,
}

/// The lock beside the output folder, held while a build writes: the system lets go of it
/// when the process ends, however it ends, so a killed build never leaves the output locked.
pub struct OutputLock {
    _file: std::fs::File,
}

impl OutputLock {
    /// Takes the lock of the output folder `target`, creating the folder it is in, and removes
    /// what builds that were killed left beside it.
    pub fn take(target: &Path) -> Result<OutputLock, Diagnostic> {
        let (parent, name) = parent_and_name(target);
        std::fs::create_dir_all(&parent).map_err(|e| Diagnostic::io(&parent, &e))?;
        let lock = lock_output(&parent, &name, target)?;
        remove_stale_staging(&parent, &name);
        Ok(OutputLock { _file: lock })
    }
}

/// The folder `target` is in, and its name.
fn parent_and_name(target: &Path) -> (PathBuf, String) {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (parent, name)
}

/// This build's folder beside the output `target`, where it writes before anything goes into
/// the output (removed by the next build if this one is killed).
pub(super) fn staging_dir(target: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(target);
    parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id()))
}

impl Staging {
    /// Takes the spare folder beside `target` (same file system, so it can be renamed over it),
    /// or creates an empty one; `lock` is the output's.
    pub fn create(target: &Path, lock: OutputLock) -> Result<Staging, Diagnostic> {
        let (parent, name) = parent_and_name(target);
        let dir = staging_dir(target);
        let spare = parent.join(format!(".{name}{SPARE_MARK}"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Diagnostic::io(&dir, &e))?;
        }
        // A rename is atomic: of two builds started together, one gets the spare and the other
        // starts from an empty folder.
        let recycled = spare.is_dir() && std::fs::rename(&spare, &dir).is_ok();
        if !recycled {
            std::fs::create_dir(&dir).map_err(|e| {
                Diagnostic::io(&dir, &e).with_hint("careleaf writes the new site next to the output folder first: check that this folder is writable")
            })?;
            spread_new_tree(&dir);
        }
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            spare,
            recycled,
            known: None,
            made: Mutex::default(),
            committed: false,
            _lock: lock,
        })
    }

    /// The folder being filled (the spare tree, when one was recycled).
    pub fn dir(&self) -> Option<&Path> {
        self.recycled.then_some(self.dir.as_path())
    }

    /// Tells the staging folder which files the recycled tree holds, as the build cache
    /// recorded them and found them on disk.
    pub fn know(&mut self, entries: Option<Entries>) {
        if self.recycled {
            // The new tree holds about as many files: sized once rather than grown (and every
            // key hashed again) a dozen times, under the lock every page takes.
            if let Some(known) = &entries {
                self.lock_made().reserve(known.len());
            }
            self.known = entries;
        }
    }

    /// Writes `bytes` (whose hash is `content`) made from `key` to `rel`.
    pub fn write_keyed(
        &self,
        rel: &str,
        key: Key,
        content: Key,
        bytes: &[u8],
    ) -> Result<(), Diagnostic> {
        let rel = rel.trim_start_matches('/');
        let path = self.path_of(rel)?;
        if self.keep(rel, key, |known| known.content == content) {
            return Ok(());
        }
        self.make_parents(&path)?;
        if self.recycled && self.known.is_none() && same_content(&path, bytes) {
            // Rewriting it would truncate a file the system may still be flushing to disk from
            // an earlier build, and wait for that; leaving it also keeps its modification time,
            // so upload tools see that it did not change.
            return self.remember(rel, &path, key, content);
        }
        self.replace(&path, || std::fs::write(&path, bytes))
            .map_err(|e| Diagnostic::io(&path, &e))?;
        self.remember(rel, &path, key, content)
    }

    /// Puts the output folder's file at `rel` (made from `key`, described by `entry`) in the
    /// new tree without making it again; false when it changed on disk since, and must be
    /// made.
    pub fn reuse(&self, rel: &str, key: Key, entry: &Entry, output: &Path) -> bool {
        let rel = rel.trim_start_matches('/');
        if self.keep(rel, key, |known| known.content == entry.content) {
            return true;
        }
        let from = &output.join(rel);
        if !entry.matches_disk(from) {
            return false;
        }
        let Ok(path) = self.path_of(rel) else {
            return false;
        };
        if self.make_parents(&path).is_err() {
            return false;
        }
        // A second name for the output's file rather than a copy: a large site's first build
        // after a clean one takes every page this way. Safe because nothing in a recycled
        // tree is written in place (see `replace`).
        let linked = self.replace(&path, || {
            std::fs::hard_link(from, &path).or_else(|_| std::fs::copy(from, &path).map(|_| ()))
        });
        linked.is_ok() && self.remember(rel, &path, key, entry.content).is_ok()
    }

    /// Copies the file at `from` to `rel`; a file the recycled tree holds from the same source
    /// (same path, size and time) is left as it is.
    pub fn copy(&self, rel: &str, from: &Path, label: &Path) -> Result<(), Diagnostic> {
        let rel = rel.trim_start_matches('/');
        let path = self.path_of(rel)?;
        let key = source_key(from);
        if self.keep(rel, key, |known| known.key == key) {
            return Ok(());
        }
        self.make_parents(&path)?;
        self.replace(&path, || std::fs::copy(from, &path).map(|_| ()))
            .map_err(|e| Diagnostic::io(label, &e))?;
        self.remember(rel, &path, key, key)
    }

    /// Whether the recycled tree already holds what goes at `rel` (by `same`); if so, it is
    /// recorded as made from `key`.
    fn keep(&self, rel: &str, key: Key, same: impl Fn(&Entry) -> bool) -> bool {
        let Some(known) = self.known.as_ref().and_then(|k| k.get(rel)) else {
            return false;
        };
        if !same(known) {
            return false;
        }
        self.lock_made()
            .insert(rel.to_string(), Entry { key, ..*known });
        true
    }

    fn remember(&self, rel: &str, path: &Path, key: Key, content: Key) -> Result<(), Diagnostic> {
        let entry = Entry::of_file(path, key, content).map_err(|e| Diagnostic::io(path, &e))?;
        self.lock_made().insert(rel.to_string(), entry);
        Ok(())
    }

    fn lock_made(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Makes the file at `path` with `make`. In a recycled tree the old file is removed first,
    /// never written over: it may be another name of a file of the live output (see `reuse`),
    /// which must stay as it is until the swap.
    fn replace(&self, path: &Path, make: impl Fn() -> std::io::Result<()>) -> std::io::Result<()> {
        if self.recycled {
            match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound && !path.is_dir() => {
                    return Err(e);
                }
                _ => {}
            }
        }
        make().or_else(|e| self.clear_way(path, e, &make))
    }

    /// In a recycled tree, what stands where a file goes may be of the wrong kind (a folder
    /// where a file goes now): remove it and try once more. In a fresh tree the error stands.
    fn clear_way(
        &self,
        path: &Path,
        error: std::io::Error,
        again: impl FnOnce() -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if !self.recycled || !path.is_dir() {
            return Err(error);
        }
        std::fs::remove_dir_all(path)?;
        again()
    }

    /// Creates the folders above `path`; in a recycled tree, a file standing where a folder
    /// goes now is removed first.
    fn make_parents(&self, path: &Path) -> Result<(), Diagnostic> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if self.recycled {
            make_folder_clearing(&self.dir, parent)
        } else {
            std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))
        }
    }

    fn path_of(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        Ok(self.dir.join(inside_output(rel)?))
    }

    /// Removes from a recycled tree every file this build did not write, and the folders left
    /// empty, so the new site holds exactly what was built. The whole tree is walked, not only
    /// the files the build cache knows: it was the output before, and anything may have been
    /// added to that by hand (a build takes the staged way only when the output changed since
    /// the last build, or its record was lost).
    fn prune(&self) -> Result<(), Diagnostic> {
        let written = self.lock_made();
        let entries = walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .contents_first(true);
        for entry in entries {
            let entry = entry.map_err(|e| {
                Diagnostic::new(format!("cannot read the spare output folder: {e}"))
            })?;
            let path = entry.path();
            let Ok(rel) = path.strip_prefix(&self.dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_dir() {
                // Contents come first, so a folder is empty once its stale files are gone;
                // removing one that still holds something fails, and is meant to.
                let _ = std::fs::remove_dir(path);
            } else if !written.contains_key(&rel) {
                std::fs::remove_file(path).map_err(|e| Diagnostic::io(path, &e))?;
            }
        }
        Ok(())
    }

    /// Puts the new site in place of the old one. Top-level hidden files of the old output that
    /// the build did not write (such as `.gitignore`) are kept.
    /// Returns every file of the new output with what it was made from, for the build cache.
    pub fn commit(mut self) -> Result<Entries, Diagnostic> {
        if self.recycled {
            self.prune()?;
        }
        if self.target.exists() {
            if !self.target.is_dir() {
                return Err(Diagnostic::new(format!(
                    "the output path {} is a file, not a folder",
                    self.target.display()
                ))
                .with_hint("remove that file or choose another --output folder"));
            }
            self.carry_over_hidden_files()?;
            exchange(&self.dir, &self.target)?;
            // The staging path now holds the previous site: keep it for the next build.
            if std::fs::rename(&self.dir, &self.spare).is_err() {
                let _ = std::fs::remove_dir_all(&self.dir);
            }
        } else {
            std::fs::rename(&self.dir, &self.target)
                .map_err(|e| Diagnostic::io(&self.target, &e))?;
        }
        self.committed = true;
        Ok(std::mem::take(&mut *self.lock_made()))
    }

    fn carry_over_hidden_files(&self) -> Result<(), Diagnostic> {
        let entries =
            std::fs::read_dir(&self.target).map_err(|e| Diagnostic::io(&self.target, &e))?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let staged = self.dir.join(&name);
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if name.to_string_lossy().starts_with('.') && is_file && !staged.exists() {
                std::fs::copy(entry.path(), &staged)
                    .map_err(|e| Diagnostic::io(&entry.path(), &e))?;
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // A failed build's tree is as good a spare as any: the next build overwrites and
        // prunes it.
        if !self.committed && std::fs::rename(&self.dir, &self.spare).is_err() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Takes the lock beside the output folder, so two builds at once cannot swap their trees
/// into the same place; the second one stops with a message instead of waiting unseen.
fn lock_output(parent: &Path, name: &str, target: &Path) -> Result<std::fs::File, Diagnostic> {
    use std::io::{Read, Seek, Write};
    let path = parent.join(format!(".{name}{LOCK_MARK}"));
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| {
            Diagnostic::io(&path, &e).with_hint("careleaf writes the new site next to the output folder first: check that this folder is writable")
        })?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            let who = if holder.is_empty() {
                String::new()
            } else {
                format!(" (process {holder})")
            };
            return Err(Diagnostic::new(
                format!(
                    "another careleaf build is writing {} right now{who}",
                    target.display()
                ),
            )
            .with_hint("wait for it to finish and build again; two builds at once would overwrite each other's files"));
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(Diagnostic::io(&path, &e)),
    }
    // Only for the message another build shows; the lock itself is what counts.
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = write!(file, "{}", std::process::id());
    Ok(file)
}

/// `rel` (a `/`-separated path in the output) without its leading `/`; an error when it climbs
/// out of the output folder.
pub(super) fn inside_output(rel: &str) -> Result<&str, Diagnostic> {
    let rel = rel.trim_start_matches('/');
    if rel.split('/').any(|p| p == "..") {
        return Err(Diagnostic::new(format!(
            "refusing to write outside the output folder: {rel}"
        )));
    }
    Ok(rel)
}

/// Creates `folder` below `root`; a file standing where one of its folders goes (a page's
/// folder where a file was) is removed first.
pub(super) fn make_folder_clearing(root: &Path, folder: &Path) -> Result<(), Diagnostic> {
    if let Err(e) = std::fs::create_dir_all(folder) {
        let in_the_way = folder
            .ancestors()
            .take_while(|a| *a != root)
            .find(|a| a.is_file() || a.is_symlink());
        let Some(file) = in_the_way else {
            return Err(Diagnostic::io(folder, &e));
        };
        std::fs::remove_file(file).map_err(|e| Diagnostic::io(file, &e))?;
        std::fs::create_dir_all(folder).map_err(|e| Diagnostic::io(folder, &e))?;
    }
    Ok(())
}

/// What a copied file is made from: its source's path, size and modification time.
pub(super) fn source_key(from: &Path) -> Key {
    let meta = std::fs::metadata(from).ok();
    let mut key = crate::build_cache::KeyWriter::default();
    key.part(from.as_os_str().as_encoded_bytes())
        .part(&meta.as_ref().map_or(0, |m| m.len()).to_le_bytes())
        .part(
            &meta
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos())
                .to_le_bytes(),
        );
    key.finish()
}

/// Whether the file at `path` holds exactly `bytes`.
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if file.metadata().map(|m| m.len()).ok() != Some(bytes.len() as u64) {
        return false;
    }
    let mut old = Vec::with_capacity(bytes.len());
    file.read_to_end(&mut old).is_ok() && old == bytes
}

/// Asks ext4 to place the new tree in block groups of its own (the "top directory" hint that
/// `chattr +T` sets). Without it, files are created next to their parent folder's inodes, which
/// after a rebuild are the ones just freed by removing the previous output: ext4 will not reuse
/// an inode freed in the last minutes, so it scans past every one of them for each new file.
/// On a 10,000-page site that made writing about 3× slower, all of it kernel time, for every
/// rebuild within minutes of the last (bench/README.md). Other file systems ignore the hint.
fn spread_new_tree(dir: &Path) {
    #[cfg(target_os = "linux")]
    if let Ok(folder) = std::fs::File::open(dir) {
        use rustix::fs::{IFlags, ioctl_getflags, ioctl_setflags};
        if let Ok(flags) = ioctl_getflags(&folder) {
            let _ = ioctl_setflags(&folder, flags | IFlags::TOPDIR);
        }
    }
}

/// Swaps two folders in one step where the system allows it (Linux `renameat2`), otherwise by
/// two renames.
fn exchange(staging: &Path, target: &Path) -> Result<(), Diagnostic> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let old = staging.with_extension("old");
    std::fs::rename(target, &old).map_err(|e| Diagnostic::io(target, &e))?;
    if let Err(e) = std::fs::rename(staging, target) {
        let _ = std::fs::rename(&old, target);
        return Err(Diagnostic::io(target, &e));
    }
    std::fs::rename(&old, staging).map_err(|e| Diagnostic::io(staging, &e))
}

/// Removes staging folders of builds that no longer run (killed or crashed).
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}{STAGING_MARK}");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = pid.trim_end_matches(".old");
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|p| Path::new(&format!("/proc/{p}")).exists())
            && cfg!(target_os = "linux");
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
