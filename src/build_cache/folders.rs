//! The output folder as a build left it: the stamps (times and inode) of the folder and of the
//! folders directly in it, kept beside the manifest. Removing or adding anything in a folder
//! changes its stamp, so emptying the output (`rm -r public/*`, `git clean -X`) or removing a
//! section of it shows, without looking at each of its files. A build that finds them as they
//! were takes the output as the manifest records it and changes only what changed, in place.
//!
//! Every build removes the file before it changes the output folder and writes it again once
//! the manifest is saved: a build stopped in between leaves none, and the next build looks at
//! each file it takes (see `output::Staging`).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::stamp::{Folder, Stamp};

const MAGIC: &[u8] = b"careleaf output folders1";

/// How many folders in the output folder are stamped at most: a site of thousands of pages
/// whose addresses have no sections has as many folders at the top, and looking at all of them
/// would cost what looking at the files does. Past that, only the output folder is.
const MOST_FOLDERS: usize = 64;

#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputFolders {
    /// The manifest state the output was recorded in: its checksum and its frames file's length.
    manifest: String,
    frames_len: u64,
    /// `""` for the output folder itself, then each folder in it by name.
    folders: Vec<(String, Stamp)>,
}

impl OutputFolders {
    /// The stamps of `output` now, recorded for the manifest `manifest` with `frames_len` bytes
    /// of frames; None when the folder cannot be read.
    pub fn stamp(output: &Path, manifest: &str, frames_len: u64) -> Option<OutputFolders> {
        Some(OutputFolders {
            manifest: manifest.to_string(),
            frames_len,
            folders: stamps(output)?,
        })
    }

    /// Whether it was recorded for the manifest as read.
    pub fn follows(&self, manifest: &str, frames_len: u64) -> bool {
        self.manifest == manifest && self.frames_len == frames_len
    }

    /// Whether `output` is as it was when it was recorded.
    pub fn unchanged(&self, output: &Path) -> bool {
        stamps(output).is_some_and(|now| now == self.folders)
    }

    pub fn read(path: &Path) -> Option<OutputFolders> {
        let bytes = std::fs::read(path).ok()?;
        let body = crate::cache_key::unseal(&bytes, MAGIC).ok()?;
        postcard::from_bytes(body).ok()
    }

    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let body = postcard::to_stdvec(self).map_err(std::io::Error::other)?;
        crate::cache_key::replace_file(path, &[&crate::cache_key::seal(body, MAGIC)])
    }
}

fn stamps(output: &Path) -> Option<Vec<(String, Stamp)>> {
    let mut folders = vec![(String::new(), Stamp::read(output)?)];
    let opened = Folder::open(output);
    let mut names = Vec::new();
    for entry in std::fs::read_dir(output).ok()? {
        let entry = entry.ok()?;
        if entry.file_type().ok()?.is_dir() {
            names.push(entry.file_name().to_string_lossy().into_owned());
            if names.len() > MOST_FOLDERS {
                return Some(folders);
            }
        }
    }
    names.sort_unstable();
    for name in names {
        let stamp = opened.stamp(Path::new(&name))?;
        folders.push((name, stamp));
    }
    Some(folders)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(public.join("guides/a")).unwrap();
        std::fs::write(public.join("guides/a/index.html"), "a").unwrap();
        std::fs::write(public.join("index.html"), "home").unwrap();
        (dir, public)
    }

    #[test]
    fn removing_or_adding_anything_at_the_top_or_in_a_section_shows() {
        let (dir, public) = site();
        let recorded = OutputFolders::stamp(&public, "sum", 7).unwrap();
        let file = dir.path().join("folders");
        recorded.write(&file).unwrap();
        let read = OutputFolders::read(&file).unwrap();
        assert_eq!(read, recorded);
        assert!(read.follows("sum", 7));
        assert!(!read.follows("sum", 8), "a frame was added since");
        assert!(read.unchanged(&public));

        std::fs::remove_dir_all(public.join("guides/a")).unwrap();
        assert!(
            !read.unchanged(&public),
            "a page's folder removed from a section"
        );
        let recorded = OutputFolders::stamp(&public, "sum", 7).unwrap();
        std::fs::remove_file(public.join("index.html")).unwrap();
        assert!(!recorded.unchanged(&public), "a file removed at the top");
        let recorded = OutputFolders::stamp(&public, "sum", 7).unwrap();
        std::fs::remove_dir_all(&public).unwrap();
        assert!(!recorded.unchanged(&public), "the output folder removed");
    }

    #[test]
    fn a_damaged_record_is_not_read() {
        let (dir, public) = site();
        let file = dir.path().join("folders");
        OutputFolders::stamp(&public, "sum", 0)
            .unwrap()
            .write(&file)
            .unwrap();
        let mut bytes = std::fs::read(&file).unwrap();
        bytes[2] ^= 1;
        std::fs::write(&file, bytes).unwrap();
        assert_eq!(OutputFolders::read(&file), None);
    }
}
