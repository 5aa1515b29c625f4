//! A cache file read in place: mapped into memory rather than copied into it.
//!
//! An edit build reads about 15 MB of caches at 10,000 pages (the Markdown index, the read
//! cache, the build manifest). Copying them into fresh memory took 6.8–7.4 ms of a 120 ms
//! build (each page of it zeroed, then written); mapping them and reading every page 0.8 ms.

use std::ops::Deref;
use std::path::Path;

/// The bytes of a cache file as it was when it was opened.
pub enum CacheFile {
    Mapped(memmap2::Mmap),
    /// Read into memory: an empty file (which cannot be mapped), or a system that would not
    /// map it.
    Read(Vec<u8>),
}

impl CacheFile {
    /// The file at `path`, mapped when it can be, else read.
    pub fn open(path: &Path) -> std::io::Result<CacheFile> {
        let file = std::fs::File::open(path)?;
        if file.metadata()?.len() == 0 {
            return Ok(CacheFile::Read(Vec::new()));
        }
        // Windows refuses to rename a file over one that is mapped, which is how a build
        // replaces the caches it read: there they are read.
        #[cfg(not(unix))]
        let mapped: std::io::Result<memmap2::Mmap> = Err(std::io::ErrorKind::Unsupported.into());
        // SAFETY: a mapping is only sound while nobody cuts the file short or writes over it
        // in place. careleaf never does either to the files it maps: its caches are replaced
        // whole by renaming a new file over them (the mapping keeps the old one), or added to
        // at their end, past what was mapped (`cache_key::append_frame`). Only the Markdown
        // cache's data file is cut short, and it is read with `read_at`, never mapped.
        #[cfg(unix)]
        let mapped = unsafe { memmap2::MmapOptions::new().map(&file) };
        match mapped {
            Ok(map) => Ok(CacheFile::Mapped(map)),
            Err(_) => {
                use std::io::Read as _;
                let mut bytes = Vec::new();
                (&file).read_to_end(&mut bytes)?;
                Ok(CacheFile::Read(bytes))
            }
        }
    }
}

impl Deref for CacheFile {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            CacheFile::Mapped(map) => map,
            CacheFile::Read(bytes) => bytes,
        }
    }
}

impl std::fmt::Debug for CacheFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CacheFile({} bytes)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_file_gives_its_bytes_as_they_were_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index");
        std::fs::write(&path, b"first frame").unwrap();
        let opened = CacheFile::open(&path).unwrap();
        // A later build replaces the file whole: the one opened keeps its bytes.
        let new = dir.path().join("index.new");
        std::fs::write(&new, b"another index altogether").unwrap();
        std::fs::rename(&new, &path).unwrap();
        assert_eq!(&*opened, b"first frame");
        assert_eq!(
            &*CacheFile::open(&path).unwrap(),
            b"another index altogether"
        );
        std::fs::write(&path, b"").unwrap();
        assert!(CacheFile::open(&path).unwrap().is_empty());
        assert!(CacheFile::open(&dir.path().join("missing")).is_err());
    }
}
