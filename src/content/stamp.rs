//! What a file's metadata says about its bytes without reading them: size, modification and
//! change times, and inode. A file whose stamp is what it was when it was read still holds
//! what was read, as long as it was not modified twice within one tick of the file system's
//! clock: [`Stamp::settled`] tells when that cannot have happened.

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
}
