//! The output folder brought up to date in place. When the build cache shows the output is as
//! the last build left it, a build that changes a few files of a large site writes only those:
//! each to a folder of its own beside the output while the site renders, then, once every page
//! rendered without error, renamed over its old self. Nothing else in the output is looked at,
//! and no tree of tens of thousands of files is made ready for a swap (a sixth of a one-edit
//! build at 10,000 pages went on checking that tree's files).
//!
//! A failed build writes nothing into the output. A build stopped while it renames leaves a
//! mix of old and new files; the build cache then no longer vouches for the output, and the
//! next build checks every file it takes from it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::FxHashSet;

use super::staging::{OutputLock, inside_output, make_folder_clearing, source_key, staging_dir};
use crate::build_cache::{Entries, Entry, Key};
use crate::diagnostic::Diagnostic;

/// A build's changes to the output folder, waiting beside it.
pub struct Patch<'a> {
    target: PathBuf,
    /// The output's files as the build cache records them.
    before: &'a Entries,
    /// Where the changed files wait: made on the first one.
    waiting: PathBuf,
    made_waiting: std::sync::OnceLock<Result<(), String>>,
    count: AtomicUsize,
    /// Files of `before` this build makes again as they are.
    kept: Mutex<Vec<&'a str>>,
    changed: Mutex<Vec<Change>>,
    _lock: OutputLock,
}

/// A file this build changes: where its bytes wait (None when they are the same, and only
/// what they were made from changed) and its entry for the build cache.
struct Change {
    rel: String,
    waiting: Option<PathBuf>,
    entry: Entry,
}

impl<'a> Patch<'a> {
    /// Changes to `target`, whose files are `before`; `lock` is the output's.
    pub fn new(target: &Path, before: &'a Entries, lock: OutputLock) -> Patch<'a> {
        Patch {
            target: target.to_path_buf(),
            before,
            waiting: staging_dir(target),
            made_waiting: std::sync::OnceLock::new(),
            count: AtomicUsize::new(0),
            kept: Mutex::default(),
            changed: Mutex::default(),
            _lock: lock,
        }
    }

    /// Keeps the output's file at `rel` as it is, when it was made from `key`.
    pub fn reuse(&self, rel: &str, key: Key) -> bool {
        match self.before.get_key_value(rel.trim_start_matches('/')) {
            Some((rel, entry)) if entry.key == key => {
                lock(&self.kept).push(rel.as_str());
                true
            }
            _ => false,
        }
    }

    /// Writes `bytes` (whose hash is `content`) made from `key` to `rel`, unless the output
    /// holds them already.
    pub fn write_keyed(
        &self,
        rel: &str,
        key: Key,
        content: Key,
        bytes: &[u8],
    ) -> Result<(), Diagnostic> {
        let rel = inside_output(rel)?;
        if self.same(rel, key, |old| old.content == content) {
            return Ok(());
        }
        let waiting = self.next_waiting()?;
        std::fs::write(&waiting, bytes).map_err(|e| Diagnostic::io(&waiting, &e))?;
        self.wait(rel, waiting, key, content)
    }

    /// Copies the file at `from` to `rel`, unless the output holds a copy of the same source
    /// (path, size and time).
    pub fn copy(&self, rel: &str, from: &Path, label: &Path) -> Result<(), Diagnostic> {
        let rel = inside_output(rel)?;
        let key = source_key(from);
        if self.same(rel, key, |old| old.key == key) {
            return Ok(());
        }
        let waiting = self.next_waiting()?;
        std::fs::copy(from, &waiting).map_err(|e| Diagnostic::io(label, &e))?;
        self.wait(rel, waiting, key, key)
    }

    /// Whether the output's file at `rel` is already what goes there (by `same`); if so it is
    /// kept, recorded as made from `key`.
    fn same(&self, rel: &str, key: Key, same: impl Fn(&Entry) -> bool) -> bool {
        let Some((rel, old)) = self.before.get_key_value(rel) else {
            return false;
        };
        if !same(old) {
            return false;
        }
        if old.key == key {
            lock(&self.kept).push(rel.as_str());
        } else {
            lock(&self.changed).push(Change {
                rel: rel.clone(),
                waiting: None,
                entry: Entry { key, ..*old },
            });
        }
        true
    }

    fn next_waiting(&self) -> Result<PathBuf, Diagnostic> {
        let made = self
            .made_waiting
            .get_or_init(|| std::fs::create_dir(&self.waiting).map_err(|e| e.to_string()));
        if let Err(e) = made {
            return Err(Diagnostic::new(format!(
                "cannot create {}: {e}",
                self.waiting.display()
            ))
            .with_hint("careleaf writes changed files next to the output folder first: check that this folder is writable"));
        }
        let n = self.count.fetch_add(1, Ordering::Relaxed);
        Ok(self.waiting.join(n.to_string()))
    }

    fn wait(&self, rel: &str, waiting: PathBuf, key: Key, content: Key) -> Result<(), Diagnostic> {
        let entry =
            Entry::of_file(&waiting, key, content).map_err(|e| Diagnostic::io(&waiting, &e))?;
        lock(&self.changed).push(Change {
            rel: rel.to_string(),
            waiting: Some(waiting),
            entry,
        });
        Ok(())
    }

    /// Puts the changed files in place and removes the files this build did not make, after
    /// `before_changing` (which tells the build cache the output is changing), unless nothing
    /// on disk changes. Returns every file of the output with what it was made from.
    pub fn commit(
        self,
        before_changing: impl FnOnce() -> Result<(), Diagnostic>,
    ) -> Result<Entries, Diagnostic> {
        let kept = std::mem::take(&mut *lock(&self.kept));
        let changed = std::mem::take(&mut *lock(&self.changed));
        let mut made = Entries::with_capacity_and_hasher(self.before.len(), Default::default());
        for rel in kept {
            made.insert(rel.to_string(), self.before[rel]);
        }
        let mut moves = Vec::new();
        for change in changed {
            moves.extend(change.waiting.map(|w| (w, change.rel.clone())));
            made.insert(change.rel, change.entry);
        }
        let removed: Vec<&str> = self
            .before
            .keys()
            .filter(|rel| !made.contains_key(*rel))
            .map(String::as_str)
            .collect();
        if moves.is_empty() && removed.is_empty() {
            return Ok(made);
        }
        before_changing()?;
        for (waiting, rel) in &moves {
            self.put_in_place(waiting, rel)?;
        }
        self.remove(&removed)?;
        Ok(made)
    }

    /// Renames the file at `waiting` to `rel` in the output, over the old one; what stands in
    /// the way (a folder where a file goes now, a file where a folder goes) is removed.
    fn put_in_place(&self, waiting: &Path, rel: &str) -> Result<(), Diagnostic> {
        let path = self.target.join(rel);
        if let Some(parent) = path.parent() {
            make_folder_clearing(&self.target, parent)?;
        }
        match std::fs::rename(waiting, &path) {
            Ok(()) => Ok(()),
            Err(_) if path.is_dir() => {
                std::fs::remove_dir_all(&path).map_err(|e| Diagnostic::io(&path, &e))?;
                std::fs::rename(waiting, &path).map_err(|e| Diagnostic::io(&path, &e))
            }
            Err(e) => Err(Diagnostic::io(&path, &e)),
        }
    }

    /// Removes the output's files at `removed` and the folders they leave empty.
    fn remove(&self, removed: &[&str]) -> Result<(), Diagnostic> {
        let mut emptied = FxHashSet::default();
        for rel in removed {
            let path = self.target.join(rel);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::NotFound
                            | std::io::ErrorKind::NotADirectory
                            | std::io::ErrorKind::IsADirectory
                    ) =>
                {
                    continue;
                }
                Err(e) => return Err(Diagnostic::io(&path, &e)),
            }
            emptied.extend(path.parent().map(Path::to_path_buf));
        }
        for dir in emptied {
            // A folder still holding something is not removed, and that ends the climb.
            for dir in dir.ancestors().take_while(|d| *d != self.target) {
                if std::fs::remove_dir(dir).is_err() {
                    break;
                }
            }
        }
        Ok(())
    }
}

impl Drop for Patch<'_> {
    fn drop(&mut self) {
        if self.made_waiting.get().is_some_and(Result::is_ok) {
            let _ = std::fs::remove_dir_all(&self.waiting);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
