//! What a file's metadata says about its bytes without reading them: size, modification and
//! change times, and inode. A file whose stamp is what it was when it was read still holds
//! what was read, as long as it was not modified twice within one tick of the file system's
//! clock: [`Stamp::settled`] tells when that cannot have happened.

use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    /// Nanoseconds since 1970 (negative before).
    modified: i128,
    /// When the file's inode last changed (any write, rename or `touch`), which no program can
    /// set back; 0 where the system does not say.
    changed: i128,
    inode: u64,
}

/// How far back a file's modification time must lie before its stamp is trusted: file systems
/// keep times to a tick of their clock (a few milliseconds on Linux, two seconds on FAT), and
/// two writes within one tick leave the same time.
const SETTLE: Duration = Duration::from_secs(2);

impl Stamp {
    pub fn of(metadata: &std::fs::Metadata) -> Stamp {
        let modified = metadata.modified().map_or(0, nanos);
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(metadata.ctime()) * 1_000_000_000 + i128::from(metadata.ctime_nsec()),
                metadata.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed, inode) = (0, 0);
        Stamp {
            size: metadata.len(),
            modified,
            changed,
            inode,
        }
    }

    /// The stamp of the file at `path` as it is now, following links.
    pub fn read(path: &std::path::Path) -> Option<Stamp> {
        std::fs::metadata(path).ok().map(|m| Stamp::of(&m))
    }

    /// Whether the file was last modified long enough before `read_at` (when its stamp was
    /// taken) that any later write shows in its stamp.
    pub fn settled(&self, read_at: SystemTime) -> bool {
        self.modified.saturating_add(SETTLE.as_nanos() as i128) < nanos(read_at)
    }
}

/// A folder whose files are looked at by their paths below it: on Linux each look walks only
/// the path below the folder, from the folder opened once (a build that renders one page of
/// 10,000 looks at every page file and every output file: a fifth of its time).
pub struct Folder<'a> {
    path: &'a Path,
    #[cfg(target_os = "linux")]
    opened: Option<std::fs::File>,
}

impl Folder<'_> {
    pub fn open(path: &Path) -> Folder<'_> {
        Folder {
            path,
            #[cfg(target_os = "linux")]
            opened: std::fs::File::open(path).ok(),
        }
    }

    pub fn path(&self) -> &Path {
        self.path
    }

    /// The stamp of the file at `rel` (following links), as [`Stamp::read`] gives it.
    pub fn stamp(&self, rel: &Path) -> Option<Stamp> {
        #[cfg(target_os = "linux")]
        if let Some(s) = self.statx(rel, rustix::fs::AtFlags::empty()) {
            let s = s.ok()?;
            return Some(Stamp {
                size: s.stx_size,
                modified: statx_nanos(s.stx_mtime),
                changed: statx_nanos(s.stx_ctime),
                inode: s.stx_ino,
            });
        }
        Stamp::read(&self.path.join(rel))
    }

    /// The size and modification time of the file at `rel`, not following links; an error
    /// for anything but a file.
    pub fn file_size_and_time(&self, rel: &str) -> std::io::Result<(u64, i128)> {
        #[cfg(target_os = "linux")]
        if let Some(s) = self.statx(Path::new(rel), rustix::fs::AtFlags::SYMLINK_NOFOLLOW) {
            let s = s?;
            if rustix::fs::FileType::from_raw_mode(s.stx_mode.into())
                != rustix::fs::FileType::RegularFile
            {
                return Err(std::io::Error::other("not a file"));
            }
            return Ok((s.stx_size, statx_nanos(s.stx_mtime)));
        }
        file_size_and_time(&self.path.join(rel))
    }

    /// `statx` of `rel` from the opened folder; None when the folder is not open or `rel` is
    /// not below it.
    #[cfg(target_os = "linux")]
    fn statx(
        &self,
        rel: &Path,
        flags: rustix::fs::AtFlags,
    ) -> Option<std::io::Result<rustix::fs::Statx>> {
        use rustix::fs::StatxFlags;
        let opened = self.opened.as_ref()?;
        if rel.is_absolute() {
            return None;
        }
        let mask = StatxFlags::TYPE
            | StatxFlags::SIZE
            | StatxFlags::MTIME
            | StatxFlags::CTIME
            | StatxFlags::INO;
        Some(rustix::fs::statx(opened, rel, flags, mask).map_err(std::io::Error::from))
    }
}

#[cfg(target_os = "linux")]
fn statx_nanos(t: rustix::fs::StatxTimestamp) -> i128 {
    i128::from(t.tv_sec) * 1_000_000_000 + i128::from(t.tv_nsec)
}

/// The size and modification time of the file at `path`, not following links; an error for
/// anything but a file.
pub fn file_size_and_time(path: &Path) -> std::io::Result<(u64, i128)> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a file"));
    }
    Ok((meta.len(), nanos(meta.modified()?)))
}

/// Nanoseconds since 1970 (negative before), as every cache records a file's times.
pub fn nanos(t: SystemTime) -> i128 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_changes_with_the_file_and_settles_only_after_a_while() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "one").unwrap();
        let first = Stamp::read(&path).unwrap();
        assert_eq!(Stamp::read(&path), Some(first));
        assert!(!first.settled(SystemTime::now()), "just written");
        assert!(first.settled(SystemTime::now() + Duration::from_secs(3)));
        // Same size, time set back: the change time still moves.
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        std::io::Write::write_all(&mut &file, b"two").unwrap();
        file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1))
            .unwrap();
        let second = Stamp::read(&path).unwrap();
        assert_ne!(second, first);
        assert!(second.settled(SystemTime::now()));
        assert_eq!(Stamp::read(&dir.path().join("gone.md")), None);
    }

    #[test]
    fn a_folder_looks_at_its_files_as_their_paths_would() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("guide")).unwrap();
        let page = dir.path().join("guide/risks.md");
        std::fs::write(&page, "Some words.").unwrap();
        let folder = Folder::open(dir.path());
        let rel = Path::new("guide/risks.md");
        assert_eq!(folder.stamp(rel), Stamp::read(&page));
        assert!(folder.stamp(rel).is_some());
        let meta = std::fs::metadata(&page).unwrap();
        let expected = (meta.len(), nanos(meta.modified().unwrap()));
        assert_eq!(
            folder.file_size_and_time("guide/risks.md").unwrap(),
            expected
        );
        assert!(folder.file_size_and_time("guide").is_err(), "a folder");
        assert!(folder.file_size_and_time("guide/gone.md").is_err());
        assert_eq!(folder.stamp(Path::new("guide/gone.md")), None);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&page, dir.path().join("link.md")).unwrap();
            assert_eq!(
                folder.stamp(Path::new("link.md")),
                Stamp::read(&page),
                "followed"
            );
            assert!(
                folder.file_size_and_time("link.md").is_err(),
                "a link, not a file"
            );
        }
    }
}
