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

    /// Keeps `bytes` as `variant`: the entry first, its sum last, each written aside under a
    /// name of its own and renamed into place, so a reader never takes a half-written entry
    /// for a whole one, and two writers of the same entry (the same picture twice in a site,
    /// two builds at once) never rename each other's file away.
    pub(super) fn put(&self, variant: &Variant, bytes: &[u8]) -> io::Result<()> {
        self.make_dir()?;
        self.replace(&self.path(variant), bytes)?;
        self.replace(&self.sum_path(variant), source_hash(bytes).as_bytes())
    }

    fn replace(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        crate::cache_key::replace_file(path, &[bytes])
    }

    /// Creates the cache folder, and keeps `.careleaf/` out of the site's git repository.
    fn make_dir(&self) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        // `.careleaf/cache/images`: the site is three folders up.
        if let Some(site) = self.dir.ancestors().nth(3) {
            crate::scaffold::keep_careleaf_folder_out_of_git(site)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::images::plan::OutFormat;

    fn variant(key: &str) -> Variant {
        Variant {
            width: 8,
            height: 6,
            format: OutFormat::Png,
            key: key.to_string(),
            url: "/a-8.png".to_string(),
        }
    }

    #[test]
    fn writers_of_the_same_entry_at_once_all_succeed_and_leave_it_whole() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_site(dir.path());
        let v = variant("abc");
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| cache.put(&v, b"the same bytes").unwrap());
            }
        });
        assert_eq!(cache.whole(&v), Some(14));
        let left: Vec<_> = fs::read_dir(&cache.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left.len(), 2, "entry and sum only: {left:?}");
    }

    #[test]
    fn an_entry_whose_sum_does_not_match_is_not_whole() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::in_site(dir.path());
        let v = variant("def");
        cache.put(&v, b"picture").unwrap();
        fs::write(cache.path(&v), b"pictur").unwrap();
        assert_eq!(cache.whole(&v), None);
    }
}
