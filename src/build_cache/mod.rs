//! The build cache: for every file of the output folder, the key of what it was made from and
//! the hash of its bytes, kept in `.careleaf/cache/build/manifest` between builds. A build
//! skips rendering a page whose key is unchanged (its file is taken from the output as it is),
//! and writes no file whose bytes the staging tree already holds.
//!
//! Nothing in it is trusted blindly: the manifest ends with a checksum of itself and names the
//! careleaf binary and the site that wrote it, and each file it speaks of is looked at (size
//! and modification time) before it is taken. A cache that fails any of this is ignored with
//! one line of warning and the build renders everything, as a clean build does.

use std::path::{Path, PathBuf};

pub use crate::cache_key::{Key, KeyWriter, key_of};

/// One file of an output tree: what it was made from, its bytes' hash, and how it looked on
/// disk when it was written (a file changed since then is not taken).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub key: Key,
    pub content: Key,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch.
    pub modified: i128,
}

impl Entry {
    /// The entry of the file at `path` as it is on disk now, made from `key` with bytes of hash
    /// `content`.
    pub fn of_file(path: &Path, key: Key, content: Key) -> std::io::Result<Entry> {
        let (size, modified) = stat(path)?;
        Ok(Entry {
            key,
            content,
            size,
            modified,
        })
    }

    /// Whether the file at `path` is still the one this entry describes.
    pub fn matches_disk(&self, path: &Path) -> bool {
        stat(path).is_ok_and(|s| s == (self.size, self.modified))
    }
}

fn stat(path: &Path) -> std::io::Result<(u64, i128)> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a file"));
    }
    let modified = crate::content::stamp::nanos(meta.modified()?);
    Ok((meta.len(), modified))
}

/// Output path (relative, `/`-separated) → its entry.
pub type Entries = rustc_hash::FxHashMap<String, Entry>;

const MAGIC: &str = "careleaf build cache 3";

/// The manifest of the last build: the files of the output folder and of the spare tree
/// beside it (the output before that, which the next build writes over).
#[derive(Debug, Default)]
pub struct BuildCache {
    file: PathBuf,
    /// What the manifest must name to be trusted: this careleaf binary and this site.
    version: String,
    site: String,
    /// The output folder, so that a later build can tell a manifest whose folder is gone.
    folder: PathBuf,
    /// None when unknown (no trusted manifest, or a tree written over since).
    output: Option<Entries>,
    spare: Option<Entries>,
}

impl BuildCache {
    /// Reads the manifest of the site at `root` built into `output`; with `clean`, or when
    /// there is none, starts empty. The second value is the one-line warning for a manifest
    /// that cannot be trusted.
    pub fn open(root: &Path, output: &Path, clean: bool) -> (BuildCache, Option<String>) {
        let mut cache = BuildCache {
            file: manifest_path(root, output),
            version: binary_version(),
            site: site_id(root, output),
            folder: std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf()),
            ..BuildCache::default()
        };
        if clean {
            return (cache, None);
        }
        let text = match std::fs::read(&cache.file) {
            Ok(bytes) => bytes,
            Err(_) => return (cache, None),
        };
        match cache.parse(&text) {
            Ok((output, spare)) => {
                cache.output = output;
                // A build that stopped while it wrote over the spare tree left it unknown.
                cache.spare = spare.filter(|_| !cache.spare_marker().exists());
                (cache, None)
            }
            Err(why) => {
                // As the site's other files are named: `.careleaf/…`, not `./.careleaf/…`.
                let shown = match cache.file.strip_prefix(root) {
                    Ok(rel) => crate::label_root(root).join(rel),
                    Err(_) => cache.file.clone(),
                };
                let shown = shown.display();
                (
                    cache,
                    Some(format!(
                        "the build cache {shown} {why}: it is ignored and every page is built again"
                    )),
                )
            }
        }
    }

    fn parse(&self, bytes: &[u8]) -> Result<(Option<Entries>, Option<Entries>), &'static str> {
        const CORRUPT: &str = "is damaged";
        let text = std::str::from_utf8(bytes).map_err(|_| CORRUPT)?;
        let body_end = text.rfind("end ").ok_or(CORRUPT)?;
        let (body, end) = text.split_at(body_end);
        let sum = end.trim_end().strip_prefix("end ").ok_or(CORRUPT)?;
        if sum != hex(&key_of(body.as_bytes())) {
            return Err(CORRUPT);
        }
        let mut lines = body.lines();
        if lines.next() != Some(MAGIC) {
            return Err("was written by another version of careleaf");
        }
        if lines.next().and_then(|l| l.strip_prefix("version ")) != Some(&self.version) {
            return Err("was written by another version of careleaf");
        }
        if lines.next().and_then(|l| l.strip_prefix("site ")) != Some(&self.site) {
            return Err("belongs to another site or output folder");
        }
        lines
            .next()
            .and_then(|l| l.strip_prefix("folder "))
            .ok_or(CORRUPT)?;
        let output = read_section(&mut lines, "output").ok_or(CORRUPT)?;
        let spare = read_section(&mut lines, "spare").ok_or(CORRUPT)?;
        Ok((output, spare))
    }

    /// The output folder's file at `rel` as the last build wrote it.
    pub fn output_entry(&self, rel: &str) -> Option<&Entry> {
        self.output.as_ref()?.get(rel)
    }

    /// The spare tree's files as the manifest knows them; `dir` is where the spare tree is
    /// now. A file that changed on disk since is removed (the tree is careleaf's to write
    /// over), so that nothing the cache cannot vouch for stays in it.
    pub fn spare_on_disk(&self, dir: &Path) -> Option<Entries> {
        use rayon::prelude::*;
        let spare = self.spare.as_ref()?;
        let on_disk = spare
            .par_iter()
            .filter_map(|(rel, e)| {
                let path = dir.join(rel);
                if e.matches_disk(&path) {
                    return Some((rel.clone(), *e));
                }
                let _ = std::fs::remove_file(&path);
                None
            })
            .collect();
        Some(on_disk)
    }

    /// Marks the spare tree unknown: from here on it is being written over, and a build killed
    /// now must not leave a manifest that vouches for it. A small file beside the manifest
    /// says so (writing the whole manifest again took 3% of a one-edit build at 10,000 pages);
    /// the next [`BuildCache::save`] removes it, and [`BuildCache::open`] heeds it.
    pub fn forget_spare(&mut self) -> std::io::Result<()> {
        self.spare = None;
        if std::fs::write(self.spare_marker(), b"").is_err() {
            return self.write();
        }
        Ok(())
    }

    /// The file that says the spare tree is being written over.
    fn spare_marker(&self) -> PathBuf {
        self.file.with_extension("spare-in-use")
    }

    /// Records the new output (`made`) and the spare tree (the output before, as it was).
    pub fn save(&mut self, made: Entries) -> std::io::Result<()> {
        self.spare = self.output.replace(made);
        self.write()?;
        match std::fs::remove_file(self.spare_marker()) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        self.remove_stale_manifests();
        Ok(())
    }

    /// Removes the manifests beside this one that no build can use again: those of output
    /// folders that are gone (a site built into many temporary folders would otherwise
    /// gather one for each) and those of another manifest format.
    fn remove_stale_manifests(&self) {
        use std::io::BufRead;
        let Some(dir) = self.file.parent() else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path == self.file || path.extension().is_none_or(|e| e != "manifest") {
                continue;
            }
            let Ok(file) = std::fs::File::open(&path) else {
                continue;
            };
            let head: Vec<String> = std::io::BufReader::new(file)
                .lines()
                .take(4)
                .map_while(Result::ok)
                .collect();
            let stale = match head.first() {
                Some(magic) if magic == MAGIC => head
                    .get(3)
                    .and_then(|l| l.strip_prefix("folder "))
                    .is_some_and(|folder| !Path::new(folder).is_dir()),
                _ => true,
            };
            if stale {
                let _ = std::fs::remove_file(&path);
                let _ = std::fs::remove_file(path.with_extension("spare-in-use"));
            }
        }
    }

    fn write(&self) -> std::io::Result<()> {
        let count = |e: &Option<Entries>| e.as_ref().map_or(0, Entries::len);
        let mut body =
            String::with_capacity(100 * (count(&self.output) + count(&self.spare)) + 200);
        body.push_str(MAGIC);
        body.push('\n');
        // A folder name with a line break in it is not written as it is: it only serves to
        // remove this manifest once the folder is gone.
        let folder = self.folder.display().to_string().replace(['\n', '\r'], "?");
        body.push_str(&format!(
            "version {}\nsite {}\nfolder {folder}\n",
            self.version, self.site
        ));
        write_section(&mut body, "output", &self.output);
        write_section(&mut body, "spare", &self.spare);
        let body = seal(body);
        let dir = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        if let Some(site) = dir.ancestors().nth(3) {
            crate::scaffold::keep_careleaf_folder_out_of_git(site)?;
        }
        crate::cache_key::replace_file(&self.file, &[body.as_bytes()])
    }
}

/// A section is `NAME COUNT` and its entries, or `NAME unknown`.
/// `body` with its checksum line after it, as a manifest ends.
pub fn seal(mut body: String) -> String {
    let sum = hex(&key_of(body.as_bytes()));
    body.push_str(&format!("end {sum}\n"));
    body
}

/// Where the manifest of the site at `root` built into `output` is kept: one per output
/// folder, named by that folder as given (relative to the site when inside it), so that a
/// site moved or copied with its cache finds its manifest and sees that it was made elsewhere.
pub fn manifest_path(root: &Path, output: &Path) -> PathBuf {
    let absolute_root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let absolute_output = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
    let named = absolute_output
        .strip_prefix(&absolute_root)
        .unwrap_or(&absolute_output);
    let mut key = KeyWriter::default();
    key.part(named.as_os_str().as_encoded_bytes());
    root.join(".careleaf/cache/build")
        .join(format!("{}.manifest", &hex(&key.finish())[..16]))
}

fn write_section(out: &mut String, name: &str, entries: &Option<Entries>) {
    use std::fmt::Write as _;
    let Some(entries) = entries else {
        let _ = writeln!(out, "{name} unknown");
        return;
    };
    let _ = writeln!(out, "{name} {}", entries.len());
    let mut sorted: Vec<_> = entries.iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (rel, e) in sorted {
        push_hex(out, &e.key);
        out.push(' ');
        push_hex(out, &e.content);
        let _ = writeln!(out, " {} {} {rel}", e.size, e.modified);
    }
}

/// The section `name`: Some(None) when it says its tree is unknown; None when damaged.
fn read_section<'a>(
    lines: &mut impl Iterator<Item = &'a str>,
    name: &str,
) -> Option<Option<Entries>> {
    let count = lines.next()?.strip_prefix(name)?.trim();
    if count == "unknown" {
        return Some(None);
    }
    let count: usize = count.parse().ok()?;
    let mut entries = Entries::with_capacity_and_hasher(count, Default::default());
    for _ in 0..count {
        let mut parts = lines.next()?.splitn(5, ' ');
        let key = unhex(parts.next()?)?;
        let content = unhex(parts.next()?)?;
        let size = parts.next()?.parse().ok()?;
        let modified = parts.next()?.parse().ok()?;
        let rel = parts.next()?.to_string();
        entries.insert(
            rel,
            Entry {
                key,
                content,
                size,
                modified,
            },
        );
    }
    Some(Some(entries))
}

fn hex(key: &Key) -> String {
    let mut s = String::with_capacity(2 * key.len());
    push_hex(&mut s, key);
    s
}

fn push_hex(out: &mut String, key: &Key) {
    // A manifest has a few keys for each of thousands of files: no `format!` for each byte.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in key {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
}

fn unhex(s: &str) -> Option<Key> {
    if s.len() != 32 {
        return None;
    }
    let mut key = [0; 16];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(key)
}

/// This careleaf: its version, and what it was built from, so that a build of another commit
/// (same version number, other code) does not take this one's results.
fn binary_version() -> String {
    // What the binary was built from (see build.rs), not the file: CI compiles careleaf
    // afresh on each run, and the same sources render the same site.
    format!(
        "{} {}",
        env!("CARGO_PKG_VERSION"),
        crate::cache_key::SOURCE_ID
    )
}

/// The site's folder and the output folder, as absolute paths: a manifest copied along with
/// a site to another place, or made for another output, is not this one's.
fn site_id(root: &Path, output: &Path) -> String {
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
            .to_string()
    };
    let mut key = KeyWriter::default();
    key.part(absolute(root).as_bytes())
        .part(absolute(output).as_bytes());
    hex(&key.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u8) -> Entry {
        Entry {
            key: [n; 16],
            content: [n + 1; 16],
            size: 10 + n as u64,
            modified: 1_700_000_000_000_000_000 + n as i128,
        }
    }

    fn saved(dir: &Path) -> BuildCache {
        let (mut cache, warning) = BuildCache::open(dir, &dir.join("public"), false);
        assert_eq!(warning, None);
        let made: Entries = [("a/index.html".to_string(), entry(1))]
            .into_iter()
            .collect();
        cache.save(made).unwrap();
        let made: Entries = [
            ("a/index.html".to_string(), entry(2)),
            ("b c/index.html".to_string(), entry(3)),
        ]
        .into_iter()
        .collect();
        cache.save(made).unwrap();
        cache
    }

    #[test]
    fn a_saved_manifest_reads_back_with_the_previous_output_as_spare() {
        let dir = tempfile::tempdir().unwrap();
        saved(dir.path());
        let (cache, warning) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
        assert_eq!(warning, None);
        assert_eq!(cache.output_entry("a/index.html"), Some(&entry(2)));
        assert_eq!(cache.output_entry("b c/index.html"), Some(&entry(3)));
        let spare = cache.spare.unwrap();
        assert_eq!(spare.get("a/index.html"), Some(&entry(1)));
        assert_eq!(spare.len(), 1);
    }

    #[test]
    fn a_build_stopped_while_it_wrote_over_the_spare_leaves_it_unknown() {
        let dir = tempfile::tempdir().unwrap();
        saved(dir.path());
        let public = dir.path().join("public");
        let (mut cache, _) = BuildCache::open(dir.path(), &public, false);
        assert!(cache.spare.is_some());
        cache.forget_spare().unwrap();
        // Stopped here: the next build knows the output, not the spare.
        let (mut cache, warning) = BuildCache::open(dir.path(), &public, false);
        assert_eq!(warning, None);
        assert!(cache.spare.is_none());
        assert_eq!(cache.output_entry("a/index.html"), Some(&entry(2)));
        cache.forget_spare().unwrap();
        cache
            .save(
                [("a/index.html".to_string(), entry(4))]
                    .into_iter()
                    .collect(),
            )
            .unwrap();
        let (cache, _) = BuildCache::open(dir.path(), &public, false);
        assert!(
            !cache.spare_marker().exists(),
            "the mark goes with the save"
        );
        assert_eq!(cache.spare.unwrap().get("a/index.html"), Some(&entry(2)));
    }

    #[test]
    fn the_spare_is_unknown_until_an_output_was_recorded_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let (mut cache, _) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
        cache
            .save([("a".to_string(), entry(1))].into_iter().collect())
            .unwrap();
        let (mut cache, _) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
        assert!(
            cache.spare.is_none(),
            "the tree before the first manifest is unknown"
        );
        cache.forget_spare().unwrap();
        let (cache, warning) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
        assert_eq!(warning, None);
        assert!(cache.spare.is_none());
        assert_eq!(cache.output_entry("a"), Some(&entry(1)));
    }

    #[test]
    fn a_damaged_or_foreign_manifest_is_ignored_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let cache = saved(dir.path());
        let text = std::fs::read_to_string(&cache.file).unwrap();

        let damaged = text.replacen(" 12 ", " 13 ", 1);
        assert_ne!(damaged, text);
        std::fs::write(&cache.file, &damaged).unwrap();
        let (cache2, warning) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
        assert!(warning.unwrap().contains("is damaged"));
        assert!(cache2.output.is_none());

        std::fs::write(&cache.file, &text[..text.len() / 2]).unwrap();
        let (_, warning) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
        assert!(warning.unwrap().contains("is damaged"));

        // The site copied elsewhere with its cache: same manifest name, another place.
        let moved = tempfile::tempdir().unwrap();
        let copy = manifest_path(moved.path(), &moved.path().join("public"));
        assert_eq!(copy.file_name(), cache.file.file_name());
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        std::fs::write(&copy, &text).unwrap();
        let (other, warning) = BuildCache::open(moved.path(), &moved.path().join("public"), false);
        assert!(warning.unwrap().contains("another site or output folder"));
        assert!(other.output.is_none());

        let foreign = seal(
            text.replacen(&cache.version, "0.0.1 1 1", 1)
                .split("end ")
                .next()
                .unwrap()
                .to_string(),
        );
        std::fs::write(&cache.file, foreign).unwrap();
        let (_, warning) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
        assert!(warning.unwrap().contains("another version of careleaf"));
        std::fs::write(&cache.file, &text).unwrap();

        let (clean, warning) = BuildCache::open(dir.path(), &dir.path().join("public"), true);
        assert_eq!(warning, None);
        assert!(clean.output.is_none());
    }

    #[test]
    fn a_file_changed_since_it_was_written_is_not_taken() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.html");
        std::fs::write(&file, "one").unwrap();
        let e = Entry::of_file(&file, [0; 16], key_of(b"one")).unwrap();
        assert!(e.matches_disk(&file));
        std::fs::write(&file, "three").unwrap();
        assert!(!e.matches_disk(&file));
        assert!(!e.matches_disk(&dir.path().join("gone.html")));
    }

    #[test]
    fn keys_tell_parts_apart() {
        let mut a = KeyWriter::default();
        a.part(b"ab").part(b"c");
        let mut b = KeyWriter::default();
        b.part(b"a").part(b"bc");
        assert_ne!(a.finish(), b.finish());
        assert_eq!(key_of(b"x"), key_of(b"x"));
    }

    #[test]
    fn saving_removes_the_manifests_of_output_folders_that_are_gone() {
        let dir = tempfile::tempdir().unwrap();
        let kept_output = dir.path().join("public");
        let gone_output = dir.path().join("tmp-out");
        for output in [&kept_output, &gone_output] {
            std::fs::create_dir_all(output).unwrap();
            let (mut cache, _) = BuildCache::open(dir.path(), output, false);
            cache
                .save([("a".to_string(), entry(1))].into_iter().collect())
                .unwrap();
        }
        let old_format = dir
            .path()
            .join(".careleaf/cache/build/0123456789abcdef.manifest");
        std::fs::write(&old_format, "careleaf build cache 1\nversion 0.0.1 1 1\n").unwrap();
        std::fs::remove_dir_all(&gone_output).unwrap();
        let (mut cache, _) = BuildCache::open(dir.path(), &kept_output, false);
        cache
            .save([("a".to_string(), entry(2))].into_iter().collect())
            .unwrap();
        let left: Vec<PathBuf> = std::fs::read_dir(dir.path().join(".careleaf/cache/build"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "manifest"))
            .collect();
        assert_eq!(left, vec![manifest_path(dir.path(), &kept_output)]);
        let (cache, warning) = BuildCache::open(dir.path(), &kept_output, false);
        assert_eq!(warning, None);
        assert_eq!(cache.output_entry("a"), Some(&entry(2)));
    }
}
