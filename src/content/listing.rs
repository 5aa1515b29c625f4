//! The listing cache: which files the last walk of a language's content folder found, with
//! the stamps of the folders it walked, kept in `.careleaf/cache/read/<language>.listing`.
//!
//! A folder's modification and change times move whenever a file or folder in it is added,
//! removed or renamed (editing a file's text does not: each page's own stamp tells that). When
//! every folder the last walk went through has the stamp it had then, a walk would find the
//! same files, and a build takes them from here instead of walking `content/` again: at 10,000
//! pages the walk was a sixth of a one-edit build, on a core the other readers needed.
//!
//! Only a walk that found nothing to warn about or fail on is kept, and only when each folder's
//! stamp was settled before the walk began (see [`Stamp::settled`]): a file added in the same
//! tick of the file system's clock as the walk could leave its folder's time unchanged.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::discover::{SourceFile, SourceKind, Walk};
use super::stamp::{Folder, Stamp};

/// What the file ends with, after its checksum and the careleaf that wrote it.
const MAGIC: &[u8; 25] = b"careleaf content listing1";

pub fn listing_path(root: &Path, language: &str) -> PathBuf {
    root.join(".careleaf/cache/read")
        .join(format!("{language}.listing"))
}

#[derive(Serialize, Deserialize)]
struct StoredListing {
    /// The top-level folders the walk left out (other languages').
    skip: Vec<String>,
    /// Every folder walked, relative to the content folder ("" for itself), with its stamp.
    folders: Vec<(PathBuf, Stamp)>,
    files: Vec<(PathBuf, u8)>,
}

/// The files of the content folder, and whether it was walked: they are as the last walk
/// found them when none of its folders changed since (for a build that takes from its
/// caches), else walked, and that walk kept for the next build when this one is lean.
pub fn files(
    opts: &super::LoadOptions,
    content_dir: &Path,
    folder: &Folder,
    label: &Path,
) -> (Walk, bool) {
    let skip = opts.other_languages;
    let listed = opts
        .reads_caches
        .then(|| take(opts.root, opts.language, folder, skip))
        .flatten();
    if let Some(walk) = listed {
        return (walk, false);
    }
    let walked_at = std::time::SystemTime::now();
    let walk = super::discover::discover(content_dir, label, skip);
    if opts.front_matter_only.is_some() {
        save(opts.root, opts.language, folder, skip, &walk, walked_at);
    }
    (walk, true)
}

/// The files the last walk of `content` (skipping `skip`) found, if no folder it walked has
/// changed since; None when there is no listing, it cannot be trusted, or a folder changed.
pub fn take(root: &Path, language: &str, content: &Folder, skip: &[String]) -> Option<Walk> {
    let bytes = std::fs::read(listing_path(root, language)).ok()?;
    let body = crate::cache_key::unseal(&bytes, MAGIC).ok()?;
    let stored: StoredListing = postcard::from_bytes(body).ok()?;
    if stored.skip != skip {
        return None;
    }
    let unchanged = stored
        .folders
        .iter()
        .all(|(rel, stamp)| content.stamp(folder_path(rel)) == Some(*stamp));
    if !unchanged {
        return None;
    }
    let files = stored
        .files
        .into_iter()
        .map(|(rel, kind)| {
            let kind = match kind {
                0 => SourceKind::Page,
                1 => SourceKind::Data,
                _ => SourceKind::Asset,
            };
            SourceFile { rel, kind }
        })
        .collect();
    let folders = stored.folders.into_iter().map(|(rel, _)| rel).collect();
    Some(Walk {
        files,
        folders,
        ..Walk::default()
    })
}

/// Keeps what `walk` (of `content`, skipping `skip`, begun at `walked_at`) found for the next
/// build, when it found nothing wrong and every folder it walked had settled before it began;
/// else removes the last listing, which may no longer be true.
pub fn save(
    root: &Path,
    language: &str,
    content: &Folder,
    skip: &[String],
    walk: &Walk,
    walked_at: SystemTime,
) {
    let path = listing_path(root, language);
    let stored = keepable(content, skip, walk, walked_at);
    let written = stored.and_then(|stored| {
        let body = postcard::to_stdvec(&stored).ok()?;
        let bytes = crate::cache_key::seal(body, MAGIC);
        std::fs::create_dir_all(path.parent()?).ok()?;
        crate::cache_key::replace_file(&path, &[&bytes]).ok()
    });
    if written.is_none() {
        let _ = std::fs::remove_file(&path);
    }
}

fn keepable(
    content: &Folder,
    skip: &[String],
    walk: &Walk,
    walked_at: SystemTime,
) -> Option<StoredListing> {
    if !walk.warnings.is_empty() || !walk.errors.is_empty() {
        return None;
    }
    // Stamped after the walk: a folder changed while it went on has a time past its start.
    let folders = walk
        .folders
        .iter()
        .map(|rel| {
            let stamp = content.stamp(folder_path(rel))?;
            stamp.settled(walked_at).then(|| (rel.clone(), stamp))
        })
        .collect::<Option<Vec<_>>>()?;
    let files = walk
        .files
        .iter()
        .map(|f| {
            let kind = match f.kind {
                SourceKind::Page => 0,
                SourceKind::Data => 1,
                SourceKind::Asset => 2,
            };
            (f.rel.clone(), kind)
        })
        .collect();
    Some(StoredListing {
        skip: skip.to_vec(),
        folders,
        files,
    })
}

/// A folder below the content folder as [`Folder::stamp`] looks it up ("." for itself).
fn folder_path(rel: &Path) -> &Path {
    if rel.as_os_str().is_empty() {
        Path::new(".")
    } else {
        rel
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn site_with(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for rel in files {
            let path = dir.path().join("content").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x").unwrap();
        }
        dir
    }

    fn names(walk: &Walk) -> Vec<String> {
        walk.files
            .iter()
            .map(|f| f.rel.to_string_lossy().into_owned())
            .collect()
    }

    /// Walks and keeps the listing as a build would a while after the folders last changed.
    fn walk_and_save(root: &Path, skip: &[String]) -> Walk {
        let content_dir = root.join("content");
        let walk = super::super::discover::discover(&content_dir, Path::new("content"), skip);
        let later = SystemTime::now() + Duration::from_secs(5);
        save(root, "en", &Folder::open(&content_dir), skip, &walk, later);
        walk
    }

    #[test]
    fn a_walk_is_taken_again_until_a_folder_changes() {
        let site = site_with(&["a.md", "guide/b.md", "guide/deep/c.md", "faq.yaml"]);
        let root = site.path();
        let content_dir = root.join("content");
        let walked = walk_and_save(root, &[]);
        let folder = Folder::open(&content_dir);
        let taken = take(root, "en", &folder, &[]).expect("nothing changed");
        assert_eq!(names(&taken), names(&walked));
        assert_eq!(taken.files[1].kind, SourceKind::Data, "{:?}", taken.files);
        assert!(
            take(root, "en", &folder, &["es".into()]).is_none(),
            "other skip"
        );

        // A page's text changes: the folder does not, and the listing still holds.
        std::fs::write(content_dir.join("guide/deep/c.md"), "longer text").unwrap();
        assert!(take(root, "en", &folder, &[]).is_some());

        // A page added two folders down: only that folder changed, and that is enough.
        std::fs::write(content_dir.join("guide/deep/d.md"), "x").unwrap();
        assert!(take(root, "en", &folder, &[]).is_none());
        let walked = walk_and_save(root, &[]);
        assert!(names(&walked).contains(&"guide/deep/d.md".to_string()));
        assert!(take(root, "en", &folder, &[]).is_some());

        // A page removed, a folder renamed.
        std::fs::remove_file(content_dir.join("a.md")).unwrap();
        assert!(take(root, "en", &folder, &[]).is_none());
        walk_and_save(root, &[]);
        std::fs::rename(
            content_dir.join("guide/deep"),
            content_dir.join("guide/deeper"),
        )
        .unwrap();
        assert!(take(root, "en", &folder, &[]).is_none());
    }

    #[test]
    fn a_walk_just_after_a_change_or_with_warnings_is_not_kept() {
        let site = site_with(&["a.md"]);
        let root = site.path();
        let content_dir = root.join("content");
        let folder = Folder::open(&content_dir);
        let walk = super::super::discover::discover(&content_dir, Path::new("content"), &[]);
        // The folder changed within the last moments before this walk.
        save(root, "en", &folder, &[], &walk, SystemTime::now());
        assert!(!listing_path(root, "en").exists());

        walk_and_save(root, &[]);
        assert!(listing_path(root, "en").exists());
        let mut warned = super::super::discover::discover(&content_dir, Path::new("content"), &[]);
        warned
            .warnings
            .push(crate::diagnostic::Diagnostic::new("a link outside"));
        let later = SystemTime::now() + Duration::from_secs(5);
        save(root, "en", &folder, &[], &warned, later);
        assert!(!listing_path(root, "en").exists(), "the old one is gone");
    }

    #[test]
    fn a_damaged_listing_or_another_careleafs_is_not_trusted() {
        let site = site_with(&["a.md"]);
        let root = site.path();
        let content_dir = root.join("content");
        let folder = Folder::open(&content_dir);
        walk_and_save(root, &[]);
        let path = listing_path(root, "en");
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[2] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(take(root, "en", &folder, &[]).is_none());
        std::fs::write(&path, b"careleaf content listing0").unwrap();
        assert!(take(root, "en", &folder, &[]).is_none());
    }
}
