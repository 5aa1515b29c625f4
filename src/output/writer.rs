//! Where a build's files go: a staging tree swapped in whole, or the output folder changed in
//! place (see [`Patch`]) when the build cache shows it is as the last build left it.

use std::path::Path;

use super::{Patch, Staging};
use crate::build_cache::{Entries, Entry, Key, Written, key_of};
use crate::diagnostic::Diagnostic;

pub enum OutputWriter<'a> {
    Staged(Staging),
    Patched(Patch<'a>),
}

impl OutputWriter<'_> {
    /// Writes `bytes` to `rel` (a `/`-separated path in the output), made from nothing but
    /// themselves.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let content = key_of(bytes);
        self.write_keyed(rel, content, content, bytes)
    }

    /// Writes `bytes` (whose hash is `content`) made from `key` to `rel`.
    pub fn write_keyed(
        &self,
        rel: &str,
        key: Key,
        content: Key,
        bytes: &[u8],
    ) -> Result<(), Diagnostic> {
        match self {
            OutputWriter::Staged(s) => s.write_keyed(rel, key, content, bytes),
            OutputWriter::Patched(p) => p.write_keyed(rel, key, content, bytes),
        }
    }

    /// Puts the output folder's file at `rel` (made from `key`, described by `entry`) in the
    /// new output without making it again; false when it must be made.
    pub fn reuse(&self, rel: &str, key: Key, entry: &Entry, output: &Path) -> bool {
        match self {
            OutputWriter::Staged(s) => s.reuse(rel, key, entry, output),
            OutputWriter::Patched(p) => p.reuse(rel, key),
        }
    }

    /// Copies the file at `from` (shown as `label`) to `rel`.
    pub fn copy(&self, rel: &str, from: &Path, label: &Path) -> Result<(), Diagnostic> {
        match self {
            OutputWriter::Staged(s) => s.copy(rel, from, label),
            OutputWriter::Patched(p) => p.copy(rel, from, label),
        }
    }

    /// Puts the new output in place, after `before_changing` when the output folder changes.
    /// Returns its files, and how they were put there.
    pub fn commit(
        self,
        before_changing: impl FnOnce() -> Result<(), Diagnostic>,
    ) -> Result<(Entries, Written), Diagnostic> {
        match self {
            OutputWriter::Staged(s) => {
                before_changing()?;
                Ok((s.commit()?, Written::Swapped))
            }
            OutputWriter::Patched(p) => Ok((p.commit(before_changing)?, Written::Patched)),
        }
    }
}
