//! Reading and saving the files an editor may change: pages and data files under `content/`,
//! and nothing else. A save is atomic (a temporary file beside the page, then a rename), never
//! overwrites a version it was not based on, and keeps the version it replaces in
//! `.careleaf/history/` (the last [`HISTORY_KEPT`] per file).

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::content::{MAX_TEXT_FILE_BYTES, is_page_file};

/// The pictures an editor may upload.
pub const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "webp", "gif", "avif"];

/// Earlier versions kept per file.
pub const HISTORY_KEPT: usize = 50;

/// Why a file cannot be read or written.
#[derive(Debug, PartialEq, Eq)]
pub enum StoreError {
    /// Not a page or data file inside `content/` (a `..`, an absolute path, another kind of
    /// file, a link that leads out).
    Refused(String),
    NotFound,
    TooLarge,
    /// The file changed on disk since the editor opened it: what is there now.
    Conflict {
        text: String,
        version: String,
    },
    Io(String),
}

/// A file's text and the version an editor must send back to save over it.
#[derive(Debug, PartialEq, Eq)]
pub struct Opened {
    pub text: String,
    pub version: String,
}

/// The site's editable files.
pub struct Store {
    root: PathBuf,
}

impl Store {
    pub fn new(root: &Path) -> Store {
        Store {
            root: root.to_path_buf(),
        }
    }

    fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The file `rel` (relative to `content/`) names, when an editor may touch it.
    pub fn path_of(&self, rel: &str) -> Result<PathBuf, StoreError> {
        self.checked(rel, |path| {
            let data = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
            if is_page_file(path) || data {
                Ok(())
            } else {
                Err("is not a page (.md) or a data file (.yaml)")
            }
        })
    }

    /// The picture `rel` (relative to `content/`) names, when an editor may add it.
    pub fn image_path(&self, rel: &str) -> Result<PathBuf, StoreError> {
        self.checked(rel, |path| {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            match ext.as_deref() {
                Some(e) if IMAGE_EXTENSIONS.contains(&e) => Ok(()),
                _ => Err("is not a picture (.png, .jpg, .webp, .gif or .avif)"),
            }
        })
    }

    fn checked(
        &self,
        rel: &str,
        kind: impl Fn(&Path) -> Result<(), &'static str>,
    ) -> Result<PathBuf, StoreError> {
        let refused = |why: &str| Err(StoreError::Refused(format!("`{rel}` {why}")));
        let path = Path::new(rel);
        if rel.is_empty() || rel.contains('\\') || rel.contains('\0') {
            return refused("is not a file name");
        }
        if !path.components().all(|c| matches!(c, Component::Normal(_))) {
            return refused("must be a path inside content/, without `..`");
        }
        if path
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        {
            return refused("is a hidden file");
        }
        if let Err(why) = kind(path) {
            return refused(why);
        }
        let full = self.content_dir().join(path);
        // A folder on the way, or the file itself, may be a link: what it leads to must be
        // inside content/ too.
        let content = self
            .content_dir()
            .canonicalize()
            .map_err(|e| StoreError::Io(e.to_string()))?;
        let mut existing = full.clone();
        while !existing.exists() {
            match existing.parent() {
                Some(p) => existing = p.to_path_buf(),
                None => break,
            }
        }
        let real = existing
            .canonicalize()
            .map_err(|e| StoreError::Io(e.to_string()))?;
        if !real.starts_with(&content) {
            return refused("leads outside content/");
        }
        Ok(full)
    }

    /// The file's text and version.
    pub fn open(&self, rel: &str) -> Result<Opened, StoreError> {
        let path = self.path_of(rel)?;
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::NotFound);
            }
            Err(e) => return Err(StoreError::Io(e.to_string())),
        };
        let version = version_of(&bytes);
        let text = String::from_utf8(bytes)
            .map_err(|_| StoreError::Refused(format!("`{rel}` is not UTF-8 text")))?;
        Ok(Opened { text, version })
    }

    /// Saves `text` as `rel`, when the file on disk is still `base` (the version the editor
    /// opened; None for a new file). Returns the new version.
    pub fn save(&self, rel: &str, text: &str, base: Option<&str>) -> Result<String, StoreError> {
        let path = self.path_of(rel)?;
        if text.len() as u64 > MAX_TEXT_FILE_BYTES {
            return Err(StoreError::TooLarge);
        }
        let current = match fs::read(&path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(StoreError::Io(e.to_string())),
        };
        let current_version = current.as_deref().map(version_of);
        if current_version.as_deref() != base {
            return Err(StoreError::Conflict {
                text: current
                    .as_deref()
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default(),
                version: current_version.unwrap_or_default(),
            });
        }
        if let Some(old) = &current {
            if old.as_slice() == text.as_bytes() {
                return Ok(version_of(old));
            }
            self.keep_in_history(rel, old)?;
        }
        write_atomically(&path, text.as_bytes()).map_err(|e| StoreError::Io(e.to_string()))?;
        Ok(version_of(text.as_bytes()))
    }

    /// Writes a new file (a picture, a page) that must not exist yet.
    pub fn create(&self, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
        if path.exists() {
            return Err(StoreError::Refused(format!(
                "{} already exists: choose another name",
                self.shown(path)
            )));
        }
        write_atomically(path, bytes).map_err(|e| StoreError::Io(e.to_string()))
    }

    /// Moves `rel` into `.careleaf/trash/` (with its history kept); returns the name that
    /// brings it back.
    pub fn trash(&self, rel: &str) -> Result<String, StoreError> {
        let io = |e: std::io::Error| StoreError::Io(e.to_string());
        let path = self.path_of(rel)?;
        if !path.is_file() {
            return Err(StoreError::NotFound);
        }
        let stamp = jiff::Timestamp::now().as_millisecond();
        let mut id = stamp.to_string();
        let mut n = 1;
        while self.trash_dir().join(&id).exists() {
            n += 1;
            id = format!("{stamp}-{n}");
        }
        let target = self.trash_dir().join(&id).join(rel);
        fs::create_dir_all(target.parent().unwrap_or(&self.root)).map_err(io)?;
        self.ignore_careleaf_folder().map_err(io)?;
        fs::rename(&path, &target).map_err(io)?;
        Ok(id)
    }

    /// Puts the file trashed as `id` back where it was; returns its path in `content/`.
    pub fn untrash(&self, id: &str) -> Result<String, StoreError> {
        let io = |e: std::io::Error| StoreError::Io(e.to_string());
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit() || c == '-') {
            return Err(StoreError::NotFound);
        }
        let dir = self.trash_dir().join(id);
        let found = walkdir::WalkDir::new(&dir)
            .into_iter()
            .flatten()
            .find(|e| e.file_type().is_file())
            .ok_or(StoreError::NotFound)?;
        let rel = found
            .path()
            .strip_prefix(&dir)
            .map_err(|_| StoreError::NotFound)?
            .to_string_lossy()
            .replace('\\', "/");
        let path = self.path_of(&rel)?;
        if path.exists() {
            return Err(StoreError::Refused(format!(
                "`{rel}` exists again: rename it first"
            )));
        }
        fs::create_dir_all(path.parent().unwrap_or(&self.root)).map_err(io)?;
        fs::rename(found.path(), &path).map_err(io)?;
        let _ = fs::remove_dir_all(&dir);
        Ok(rel)
    }

    /// Removes `rel` after keeping it in its history (a page moved elsewhere).
    pub fn remove(&self, rel: &str) -> Result<(), StoreError> {
        let path = self.path_of(rel)?;
        let old = fs::read(&path).map_err(|e| StoreError::Io(e.to_string()))?;
        self.keep_in_history(rel, &old)?;
        fs::remove_file(&path).map_err(|e| StoreError::Io(e.to_string()))
    }

    fn trash_dir(&self) -> PathBuf {
        self.root.join(".careleaf").join("trash")
    }

    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(self.content_dir())
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned()
    }

    fn ignore_careleaf_folder(&self) -> std::io::Result<()> {
        crate::scaffold::keep_careleaf_folder_out_of_git(&self.root)
    }

    /// Where the earlier versions of `rel` are kept.
    pub fn history_dir(&self, rel: &str) -> PathBuf {
        self.root.join(".careleaf").join("history").join(rel)
    }

    fn keep_in_history(&self, rel: &str, old: &[u8]) -> Result<(), StoreError> {
        let io = |e: std::io::Error| StoreError::Io(e.to_string());
        let dir = self.history_dir(rel);
        fs::create_dir_all(&dir).map_err(io)?;
        self.ignore_careleaf_folder().map_err(io)?;
        let mut kept = versions_in(&dir);
        let next = kept.last().map_or(1, |(n, _)| n + 1);
        write_atomically(&dir.join(format!("{next:06}.txt")), old).map_err(io)?;
        kept.push((next, dir.join(format!("{next:06}.txt"))));
        let excess = kept.len().saturating_sub(HISTORY_KEPT);
        for (_, path) in kept.into_iter().take(excess) {
            fs::remove_file(path).map_err(io)?;
        }
        Ok(())
    }

    /// The kept versions of `rel`, oldest first.
    pub fn history(&self, rel: &str) -> Vec<PathBuf> {
        versions_in(&self.history_dir(rel))
            .into_iter()
            .map(|(_, p)| p)
            .collect()
    }
}

/// Numbered versions in a history folder, in order.
fn versions_in(dir: &Path) -> Vec<(u64, PathBuf)> {
    let mut found: Vec<(u64, PathBuf)> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let n = name.strip_suffix(".txt")?.parse().ok()?;
            Some((n, e.path()))
        })
        .collect();
    found.sort();
    found
}

/// A short, stable name for some bytes.
pub fn version_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes a temporary file beside `path`, flushes it to disk, then renames it over `path`: a
/// reader (the watcher, a crash) sees the old file or the new one, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.careleaf-save"));
    let mut file = fs::File::create(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&temp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content/guide")).unwrap();
        fs::write(
            dir.path().join("content/guide/a.md"),
            "---\ntitle: A\n---\nOld.\n",
        )
        .unwrap();
        let store = Store::new(dir.path());
        (dir, store)
    }

    #[test]
    fn only_pages_and_data_files_inside_content_are_reachable() {
        let (dir, store) = site();
        assert!(store.path_of("guide/a.md").is_ok());
        assert!(store.path_of("faq.yaml").is_ok());
        for bad in [
            "../site.yaml",
            "guide/../../x.md",
            "/etc/passwd.md",
            "guide\\a.md",
            ".git/config.md",
            "guide/script.js",
            "",
        ] {
            assert!(
                matches!(store.path_of(bad), Err(StoreError::Refused(_))),
                "{bad}"
            );
        }
        // A link inside content/ that leads out is refused as well.
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("content/out")).unwrap();
        assert!(matches!(
            store.path_of("out/x.md"),
            Err(StoreError::Refused(why)) if why.contains("outside")
        ));
    }

    #[test]
    fn saving_needs_the_version_that_was_opened_and_keeps_the_old_one() {
        let (dir, store) = site();
        let opened = store.open("guide/a.md").unwrap();
        let v2 = store
            .save(
                "guide/a.md",
                "---\ntitle: A\n---\nNew.\n",
                Some(&opened.version),
            )
            .unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("content/guide/a.md")).unwrap(),
            "---\ntitle: A\n---\nNew.\n"
        );
        let history = store.history("guide/a.md");
        assert_eq!(history.len(), 1);
        assert_eq!(
            fs::read_to_string(&history[0]).unwrap(),
            "---\ntitle: A\n---\nOld.\n"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join(".careleaf/.gitignore")).unwrap(),
            "*\n"
        );
        // Saving again from the first version would overwrite the second: refused, with what
        // is on disk now.
        let conflict = store
            .save("guide/a.md", "mine", Some(&opened.version))
            .unwrap_err();
        assert_eq!(
            conflict,
            StoreError::Conflict {
                text: "---\ntitle: A\n---\nNew.\n".into(),
                version: v2.clone()
            }
        );
        assert!(store.save("guide/a.md", "mine", Some(&v2)).is_ok());
        // A new file needs no version; one that appeared meanwhile is a conflict.
        assert!(store.save("guide/b.md", "b", None).is_ok());
        assert!(matches!(
            store.save("guide/b.md", "c", None),
            Err(StoreError::Conflict { .. })
        ));
        assert!(
            !dir.path()
                .join("content/guide/.a.md.careleaf-save")
                .exists()
        );
    }

    #[test]
    fn history_keeps_the_last_fifty_versions() {
        let (_dir, store) = site();
        let mut version = store.open("guide/a.md").unwrap().version;
        for i in 0..(HISTORY_KEPT + 5) {
            version = store
                .save("guide/a.md", &format!("v{i}"), Some(&version))
                .unwrap();
        }
        let history = store.history("guide/a.md");
        assert_eq!(history.len(), HISTORY_KEPT);
        // The oldest kept is the sixth save's predecessor: v4 (the original and v0..v3 went).
        assert_eq!(fs::read_to_string(&history[0]).unwrap(), "v4");
        assert_eq!(
            fs::read_to_string(history.last().unwrap()).unwrap(),
            format!("v{}", HISTORY_KEPT + 3)
        );
    }
}
