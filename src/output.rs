//! Writing the site. Everything goes to a staging folder next to the output folder; only when
//! every file was written is the staging folder swapped into place (an atomic exchange of the
//! two folders on Linux), so a failed build leaves the previous output exactly as it was.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;
use crate::theme::ThemeFile;

const STAGING_MARK: &str = ".careleaf-staging-";
const SPARE_MARK: &str = ".careleaf-spare";
const LOCK_MARK: &str = ".careleaf-lock";

/// A folder being filled with the new site.
///
/// After a swap the staging folder holds the previous site. Rather than deleting it on the spot
/// (for 10,000 pages, 20,000 files and folders: seconds on some disks), it is kept beside the
/// output as the *spare* and the next build writes over it: the same files are overwritten in
/// place, pages that are gone are pruned, and no folder or file has to be created again. That
/// keeps both the deletion and the creation of a whole tree off every rebuild (bench/README.md).
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    spare: PathBuf,
    /// Whether `dir` is a recycled spare that may hold files this build does not write.
    recycled: bool,
    /// Every path written, so a recycled tree can be pruned of the rest.
    written: std::sync::Mutex<std::collections::HashSet<String>>,
    committed: bool,
    /// Held while this build writes: the system lets go of it when the process ends, however
    /// it ends, so a killed build never leaves the output locked.
    _lock: std::fs::File,
}

impl Staging {
    /// Takes the spare folder beside `target` (same file system, so it can be renamed over it),
    /// or creates an empty one, removing staging folders left behind by builds that were killed.
    pub fn create(target: &Path) -> Result<Staging, Diagnostic> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Diagnostic::io(&parent, &e))?;
        let lock = lock_output(&parent, &name, target)?;
        remove_stale_staging(&parent, &name);
        let dir = parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id()));
        let spare = parent.join(format!(".{name}{SPARE_MARK}"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Diagnostic::io(&dir, &e))?;
        }
        // A rename is atomic: of two builds started together, one gets the spare and the other
        // starts from an empty folder.
        let recycled = spare.is_dir() && std::fs::rename(&spare, &dir).is_ok();
        if !recycled {
            std::fs::create_dir(&dir).map_err(|e| {
                Diagnostic::io(&dir, &e).with_hint("careleaf writes the new site next to the output folder first: check that this folder is writable")
            })?;
            spread_new_tree(&dir);
        }
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            spare,
            recycled,
            written: Default::default(),
            committed: false,
            _lock: lock,
        })
    }

    /// Writes `bytes` to `rel` (a `/`-separated path) inside the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.path_of(rel)?;
        self.make_parents(&path)?;
        self.remember(rel);
        if self.recycled && same_content(&path, bytes) {
            // Rewriting it would truncate a file the system may still be flushing to disk from
            // an earlier build, and wait for that; leaving it also keeps its modification time,
            // so upload tools see that it did not change.
            return Ok(());
        }
        std::fs::write(&path, bytes)
            .or_else(|e| self.clear_way(&path, e, || std::fs::write(&path, bytes)))
            .map_err(|e| Diagnostic::io(&path, &e))
    }

    /// Copies the file at `from` to `rel`.
    pub fn copy(&self, rel: &str, from: &Path, label: &Path) -> Result<(), Diagnostic> {
        let path = self.path_of(rel)?;
        self.make_parents(&path)?;
        self.remember(rel);
        std::fs::copy(from, &path)
            .map(|_| ())
            .or_else(|e| self.clear_way(&path, e, || std::fs::copy(from, &path).map(|_| ())))
            .map_err(|e| Diagnostic::io(label, &e))
    }

    /// In a recycled tree, what stands where a file goes may be of the wrong kind (a folder
    /// where a file goes now): remove it and try once more. In a fresh tree the error stands.
    fn clear_way(
        &self,
        path: &Path,
        error: std::io::Error,
        again: impl FnOnce() -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if !self.recycled || !path.is_dir() {
            return Err(error);
        }
        std::fs::remove_dir_all(path)?;
        again()
    }

    /// Creates the folders above `path`; in a recycled tree, a file standing where a folder
    /// goes now is removed first.
    fn make_parents(&self, path: &Path) -> Result<(), Diagnostic> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        match std::fs::create_dir_all(parent) {
            Err(e) if self.recycled => {
                let in_the_way = parent
                    .ancestors()
                    .take_while(|a| *a != self.dir)
                    .find(|a| a.is_file() || a.is_symlink());
                match in_the_way {
                    Some(file) => {
                        std::fs::remove_file(file).map_err(|e| Diagnostic::io(file, &e))?;
                        std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))
                    }
                    None => Err(Diagnostic::io(parent, &e)),
                }
            }
            r => r.map_err(|e| Diagnostic::io(parent, &e)),
        }
    }

    fn remember(&self, rel: &str) {
        if self.recycled {
            let rel = rel.trim_start_matches('/').to_string();
            self.written
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(rel);
        }
    }

    fn path_of(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let rel = rel.trim_start_matches('/');
        if rel.split('/').any(|p| p == "..") {
            return Err(Diagnostic::new(format!(
                "refusing to write outside the output folder: {rel}"
            )));
        }
        Ok(self.dir.join(rel))
    }

    /// Removes from a recycled tree every file this build did not write, and the folders left
    /// empty, so the new site holds exactly what was built.
    fn prune(&self) -> Result<(), Diagnostic> {
        let written = self
            .written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entries = walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .contents_first(true);
        for entry in entries {
            let entry = entry.map_err(|e| {
                Diagnostic::new(format!("cannot read the spare output folder: {e}"))
            })?;
            let path = entry.path();
            let Ok(rel) = path.strip_prefix(&self.dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_dir() {
                // Contents come first, so a folder is empty once its stale files are gone;
                // removing one that still holds something fails, and is meant to.
                let _ = std::fs::remove_dir(path);
            } else if !written.contains(&rel) {
                std::fs::remove_file(path).map_err(|e| Diagnostic::io(path, &e))?;
            }
        }
        Ok(())
    }

    /// Puts the new site in place of the old one. Top-level hidden files of the old output that
    /// the build did not write (such as `.gitignore`) are kept.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        if self.recycled {
            self.prune()?;
        }
        if self.target.exists() {
            if !self.target.is_dir() {
                return Err(Diagnostic::new(format!(
                    "the output path {} is a file, not a folder",
                    self.target.display()
                ))
                .with_hint("remove that file or choose another --output folder"));
            }
            self.carry_over_hidden_files()?;
            exchange(&self.dir, &self.target)?;
            // The staging path now holds the previous site: keep it for the next build.
            if std::fs::rename(&self.dir, &self.spare).is_err() {
                let _ = std::fs::remove_dir_all(&self.dir);
            }
        } else {
            std::fs::rename(&self.dir, &self.target)
                .map_err(|e| Diagnostic::io(&self.target, &e))?;
        }
        self.committed = true;
        Ok(())
    }

    fn carry_over_hidden_files(&self) -> Result<(), Diagnostic> {
        let entries =
            std::fs::read_dir(&self.target).map_err(|e| Diagnostic::io(&self.target, &e))?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let staged = self.dir.join(&name);
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if name.to_string_lossy().starts_with('.') && is_file && !staged.exists() {
                std::fs::copy(entry.path(), &staged)
                    .map_err(|e| Diagnostic::io(&entry.path(), &e))?;
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // A failed build's tree is as good a spare as any: the next build overwrites and
        // prunes it.
        if !self.committed && std::fs::rename(&self.dir, &self.spare).is_err() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Takes the lock beside the output folder, so two builds at once cannot swap their trees
/// into the same place; the second one stops with a message instead of waiting unseen.
fn lock_output(parent: &Path, name: &str, target: &Path) -> Result<std::fs::File, Diagnostic> {
    use std::io::{Read, Seek, Write};
    let path = parent.join(format!(".{name}{LOCK_MARK}"));
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| {
            Diagnostic::io(&path, &e).with_hint("careleaf writes the new site next to the output folder first: check that this folder is writable")
        })?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            let who = if holder.is_empty() {
                String::new()
            } else {
                format!(" (process {holder})")
            };
            return Err(Diagnostic::new(
                format!(
                    "another careleaf build is writing {} right now{who}",
                    target.display()
                ),
            )
            .with_hint("wait for it to finish and build again; two builds at once would overwrite each other's files"));
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(Diagnostic::io(&path, &e)),
    }
    // Only for the message another build shows; the lock itself is what counts.
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = write!(file, "{}", std::process::id());
    Ok(file)
}

/// Whether the file at `path` holds exactly `bytes`.
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if file.metadata().map(|m| m.len()).ok() != Some(bytes.len() as u64) {
        return false;
    }
    let mut old = Vec::with_capacity(bytes.len());
    file.read_to_end(&mut old).is_ok() && old == bytes
}

/// Asks ext4 to place the new tree in block groups of its own (the "top directory" hint that
/// `chattr +T` sets). Without it, files are created next to their parent folder's inodes, which
/// after a rebuild are the ones just freed by removing the previous output: ext4 will not reuse
/// an inode freed in the last minutes, so it scans past every one of them for each new file.
/// On a 10,000-page site that made writing about 3× slower, all of it kernel time, for every
/// rebuild within minutes of the last (bench/README.md). Other file systems ignore the hint.
fn spread_new_tree(dir: &Path) {
    #[cfg(target_os = "linux")]
    if let Ok(folder) = std::fs::File::open(dir) {
        use rustix::fs::{IFlags, ioctl_getflags, ioctl_setflags};
        if let Ok(flags) = ioctl_getflags(&folder) {
            let _ = ioctl_setflags(&folder, flags | IFlags::TOPDIR);
        }
    }
}

/// Swaps two folders in one step where the system allows it (Linux `renameat2`), otherwise by
/// two renames.
fn exchange(staging: &Path, target: &Path) -> Result<(), Diagnostic> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let old = staging.with_extension("old");
    std::fs::rename(target, &old).map_err(|e| Diagnostic::io(target, &e))?;
    if let Err(e) = std::fs::rename(staging, target) {
        let _ = std::fs::rename(&old, target);
        return Err(Diagnostic::io(target, &e));
    }
    std::fs::rename(&old, staging).map_err(|e| Diagnostic::io(staging, &e))
}

/// Removes staging folders of builds that no longer run (killed or crashed).
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}{STAGING_MARK}");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = pid.trim_end_matches(".old");
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|p| Path::new(&format!("/proc/{p}")).exists())
            && cfg!(target_os = "linux");
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A static file as published: its name in the output and its content.
pub struct PublishedStatic<'a> {
    pub out_name: String,
    pub file: &'a ThemeFile,
}

/// Gives CSS and JavaScript files a name that changes with their content
/// (`site.css` → `site.3f9a1c2b.css`), so hosts can let browsers cache them forever.
pub fn fingerprint(statics: &[ThemeFile]) -> Vec<PublishedStatic<'_>> {
    statics
        .iter()
        .map(|f| {
            let fingerprinted = f.name.ends_with(".css") || f.name.ends_with(".js");
            let out_name = if fingerprinted {
                let short = short_hash(&f.bytes);
                let (stem, ext) = f.name.rsplit_once('.').unwrap_or((&f.name, ""));
                format!("{stem}.{short}.{ext}")
            } else {
                f.name.clone()
            };
            PublishedStatic { out_name, file: f }
        })
        .collect()
}

/// Eight hex digits of the SHA-256 of `bytes`: a name that changes with the content.
pub fn short_hash(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut short = String::new();
    // Cannot fail: a SHA-256 digest is always 32 bytes.
    for b in &hash[..4] {
        let _ = write!(short, "{b:02x}");
    }
    short
}

/// One address in `sitemap.xml` (the theme's `sitemap.xml` template lists them).
#[derive(serde::Serialize)]
pub struct SitemapEntry {
    pub loc: String,
    pub lastmod: Option<String>,
    /// The same page in each language, itself included; empty when the page has no
    /// translation.
    pub alternates: Vec<SitemapAlternate>,
}

#[derive(serde::Serialize)]
pub struct SitemapAlternate {
    pub code: String,
    pub href: String,
}

/// What the `sitemap.xml` template is given. Its addresses are absolute, so a site without a
/// `base_url` has no sitemap.
#[derive(serde::Serialize)]
pub struct SitemapView<'a> {
    pub entries: &'a [SitemapEntry],
    /// Whether any page has translations (the `xhtml` namespace is declared only then).
    pub multilingual: bool,
}

impl<'a> SitemapView<'a> {
    pub fn new(entries: &'a [SitemapEntry]) -> Self {
        SitemapView {
            entries,
            multilingual: entries.iter().any(|e| !e.alternates.is_empty()),
        }
    }
}

/// What the `robots.txt` template is given.
#[derive(serde::Serialize)]
pub struct RobotsView<'a> {
    pub sitemap_url: Option<&'a str>,
}

/// What the `redirect.html` template is given: the page now at the address an alias names.
#[derive(serde::Serialize)]
pub struct RedirectView<'a> {
    pub language: &'a str,
    pub title: &'a str,
    pub target: &'a str,
}

/// Refuses output folders whose replacement would destroy the site's sources.
pub fn check_output_location(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let canonical_root = root.canonicalize().map_err(|e| Diagnostic::io(root, &e))?;
    let resolved = match output.canonicalize() {
        Ok(p) => p,
        Err(_) => {
            let parent = output
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            match parent.canonicalize() {
                Ok(p) => p.join(output.file_name().unwrap_or_default()),
                Err(_) => return Ok(()),
            }
        }
    };
    let protected = ["content", "themes", "templates", "static"];
    let bad = canonical_root.starts_with(&resolved)
        || protected
            .iter()
            .any(|p| resolved.starts_with(canonical_root.join(p)))
        || resolved.join("site.yaml").exists()
        || resolved.join("Cargo.toml").exists();
    if bad {
        return Err(Diagnostic::new(
            format!("refusing to use {} as the output folder: it holds the site's own files, and the build replaces the output folder as a whole", output.display()),
        )
        .with_hint("choose an empty or new folder, e.g. --output public"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_and_js_get_content_hashes() {
        let files = vec![
            ThemeFile {
                name: "site.css".into(),
                origin: "x".into(),
                bytes: b"body{}".to_vec(),
            },
            ThemeFile {
                name: "logo.svg".into(),
                origin: "x".into(),
                bytes: b"<svg/>".to_vec(),
            },
        ];
        let out = fingerprint(&files);
        assert!(out[0].out_name.starts_with("site.") && out[0].out_name.ends_with(".css"));
        assert_eq!(out[0].out_name.len(), "site.12345678.css".len());
        assert_eq!(out[1].out_name, "logo.svg");
        let changed = vec![ThemeFile {
            name: "site.css".into(),
            origin: "x".into(),
            bytes: b"body{ }".to_vec(),
        }];
        assert_ne!(fingerprint(&changed)[0].out_name, out[0].out_name);
    }

    /// The default theme's template `name` rendered with `values`.
    fn render_default(name: &str, values: &impl serde::Serialize) -> String {
        let theme = crate::theme::embedded_default();
        let template = theme.templates.iter().find(|t| t.name == name).unwrap();
        let mut tera = tera::Tera::new();
        let text = String::from_utf8(template.bytes.clone()).unwrap();
        tera.add_raw_templates(vec![(name, text)]).unwrap();
        let ctx = tera::Context::from_serialize(values).unwrap();
        tera.render(name, &ctx).unwrap()
    }

    #[test]
    fn sitemap_escapes_urls() {
        let entries = [SitemapEntry {
            loc: "https://x.org/a?b&c".into(),
            lastmod: Some("2026-01-01".into()),
            alternates: Vec::new(),
        }];
        let xml = render_default("sitemap.xml", &SitemapView::new(&entries));
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url>\n    \
             <loc>https://x.org/a?b&amp;c</loc>\n    <lastmod>2026-01-01</lastmod>\n  </url>\n\
             </urlset>\n"
        );
    }

    #[test]
    fn sitemap_lists_the_languages_of_a_translated_page() {
        let alternate = |code: &str, href: &str| SitemapAlternate {
            code: code.into(),
            href: href.into(),
        };
        let entries = [SitemapEntry {
            loc: "https://x.org/a/".into(),
            lastmod: None,
            alternates: vec![
                alternate("en", "https://x.org/a/"),
                alternate("es", "https://x.org/es/a/"),
            ],
        }];
        let xml = render_default("sitemap.xml", &SitemapView::new(&entries));
        assert!(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
        assert!(xml.contains(
            "<xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://x.org/es/a/\"/>"
        ));
    }

    #[test]
    fn robots_names_the_sitemap_when_there_is_one() {
        let with = render_default(
            "robots.txt",
            &RobotsView {
                sitemap_url: Some("https://x.org/sitemap.xml"),
            },
        );
        assert_eq!(
            with,
            "User-agent: *\nAllow: /\n\nSitemap: https://x.org/sitemap.xml\n"
        );
        let without = render_default("robots.txt", &RobotsView { sitemap_url: None });
        assert_eq!(without, "User-agent: *\nAllow: /\n");
    }

    #[test]
    fn a_redirect_page_escapes_its_title_and_target() {
        let html = render_default(
            "redirect.html",
            &RedirectView {
                language: "en",
                title: "Risks & <b>",
                target: "/risks/?a=\"1\"",
            },
        );
        assert!(
            html.contains("<title>Risks &amp; &lt;b&gt;</title>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<meta http-equiv=\"refresh\" content=\"0; url=/risks/?a=&quot;1&quot;\">"
            ),
            "{html}"
        );
    }
}
