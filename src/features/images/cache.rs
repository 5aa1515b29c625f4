//! `.careleaf/cache/images/`: each variant ever made, named by its key (see `plan`), with the
//! SHA-256 of its bytes beside it. An entry whose bytes no longer match (a build killed while
//! writing, a disk error, an edit by hand) is made again, never published.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::plan::{Variant, source_hash};

pub(super) struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub(super) fn in_site(root: &Path) -> Cache {
        Cache {
            dir: root.join(".careleaf").join("cache").join("images"),
        }
    }

    /// Where `variant` is kept.
    pub(super) fn path(&self, variant: &Variant) -> PathBuf {
        self.dir
            .join(format!("{}.{}", variant.key, variant.format.extension()))
    }

    fn sum_path(&self, variant: &Variant) -> PathBuf {
        self.dir.join(format!("{}.sum", variant.key))
    }

    /// The size of `variant` if the cache holds it whole.
    pub(super) fn whole(&self, variant: &Variant) -> Option<u64> {
        let sum = fs::read_to_string(self.sum_path(variant)).ok()?;
        let bytes = fs::read(self.path(variant)).ok()?;
        (sum.trim() == source_hash(&bytes)).then_some(bytes.len() as u64)
    }

    /// Keeps `bytes` as `variant`: the entry first, its sum last, each written aside and
    /// renamed into place, so a reader never takes a half-written entry for a whole one.
    pub(super) fn put(&self, variant: &Variant, bytes: &[u8]) -> io::Result<()> {
        self.make_dir()?;
        let tmp = |p: &Path| p.with_extension(format!("tmp{}", std::process::id()));
        let entry = self.path(variant);
        let sum = self.sum_path(variant);
        fs::write(tmp(&entry), bytes)?;
        fs::rename(tmp(&entry), &entry)?;
        fs::write(tmp(&sum), source_hash(bytes))?;
        fs::rename(tmp(&sum), &sum)
    }

    /// Creates the cache folder, and keeps `.careleaf/` out of the site's git repository.
    fn make_dir(&self) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        if let Some(careleaf) = self.dir.parent().and_then(Path::parent) {
            let ignore = careleaf.join(".gitignore");
            if !ignore.exists() {
                fs::write(ignore, "*\n")?;
            }
        }
        Ok(())
    }
}
