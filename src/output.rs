//! Writing the site. Everything goes to a staging folder next to the output folder; only when
//! every file was written is the staging folder swapped into place (an atomic exchange of the
//! two folders on Linux), so a failed build leaves the previous output exactly as it was.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind};
use crate::theme::ThemeFile;

const STAGING_MARK: &str = ".careleaf-staging-";

/// A folder being filled with the new site.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder beside `target` (same file system, so it can be
    /// renamed over it), removing ones left behind by builds that were killed.
    pub fn create(target: &Path) -> Result<Staging, Error> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, &e))?;
        remove_stale_staging(&parent, &name);
        let dir = parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, &e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| {
            Error::io(&dir, &e).with_hint("careleaf writes the new site next to the output folder first: check that this folder is writable")
        })?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Writes `bytes` to `rel` (a `/`-separated path) inside the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, &e))
    }

    /// Copies the file at `from` to `rel`.
    pub fn copy(&self, rel: &str, from: &Path, label: &Path) -> Result<(), Error> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        std::fs::copy(from, &path)
            .map(|_| ())
            .map_err(|e| Error::io(label, &e))
    }

    fn path_of(&self, rel: &str) -> Result<PathBuf, Error> {
        let rel = rel.trim_start_matches('/');
        if rel.split('/').any(|p| p == "..") {
            return Err(Error::new(
                ErrorKind::Output,
                format!("refusing to write outside the output folder: {rel}"),
            ));
        }
        Ok(self.dir.join(rel))
    }

    /// Puts the new site in place of the old one. Top-level hidden files of the old output that
    /// the build did not write (such as `.gitignore`) are kept.
    pub fn commit(mut self) -> Result<(), Error> {
        if self.target.exists() {
            if !self.target.is_dir() {
                return Err(Error::new(
                    ErrorKind::Output,
                    format!(
                        "the output path {} is a file, not a folder",
                        self.target.display()
                    ),
                )
                .with_hint("remove that file or choose another --output folder"));
            }
            self.carry_over_hidden_files()?;
            exchange(&self.dir, &self.target)?;
            // The staging path now holds the previous site.
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            std::fs::rename(&self.dir, &self.target).map_err(|e| Error::io(&self.target, &e))?;
        }
        self.committed = true;
        Ok(())
    }

    fn carry_over_hidden_files(&self) -> Result<(), Error> {
        let entries = std::fs::read_dir(&self.target).map_err(|e| Error::io(&self.target, &e))?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let staged = self.dir.join(&name);
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if name.to_string_lossy().starts_with('.') && is_file && !staged.exists() {
                std::fs::copy(entry.path(), &staged).map_err(|e| Error::io(&entry.path(), &e))?;
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Swaps two folders in one step where the system allows it (Linux `renameat2`), otherwise by
/// two renames.
fn exchange(staging: &Path, target: &Path) -> Result<(), Error> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let old = staging.with_extension("old");
    std::fs::rename(target, &old).map_err(|e| Error::io(target, &e))?;
    if let Err(e) = std::fs::rename(staging, target) {
        let _ = std::fs::rename(&old, target);
        return Err(Error::io(target, &e));
    }
    std::fs::rename(&old, staging).map_err(|e| Error::io(staging, &e))
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
                let hash = Sha256::digest(&f.bytes);
                let mut short = String::new();
                for b in &hash[..4] {
                    let _ = write!(short, "{b:02x}");
                }
                let (stem, ext) = f.name.rsplit_once('.').unwrap_or((&f.name, ""));
                format!("{stem}.{short}.{ext}")
            } else {
                f.name.clone()
            };
            PublishedStatic { out_name, file: f }
        })
        .collect()
}

/// `sitemap.xml` for search engines; URLs must be absolute, so it needs `base_url`.
pub fn sitemap(entries: &[(String, Option<String>)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in entries {
        xml.push_str("  <url>\n    <loc>");
        let _ = pulldown_cmark_escape::escape_html(&mut xml, loc);
        xml.push_str("</loc>\n");
        if let Some(d) = lastmod {
            let _ = writeln!(xml, "    <lastmod>{d}</lastmod>");
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

pub fn robots(sitemap_url: Option<&str>) -> String {
    let mut txt = String::from("User-agent: *\nAllow: /\n");
    if let Some(url) = sitemap_url {
        let _ = write!(txt, "\nSitemap: {url}\n");
    }
    txt
}

/// Refuses output folders whose replacement would destroy the site's sources.
pub fn check_output_location(root: &Path, output: &Path) -> Result<(), Error> {
    let canonical_root = root.canonicalize().map_err(|e| Error::io(root, &e))?;
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
        return Err(Error::new(
            ErrorKind::Output,
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

    #[test]
    fn sitemap_escapes_urls() {
        let xml = sitemap(&[("https://x.org/a?b&c".into(), Some("2026-01-01".into()))]);
        assert!(xml.contains("<loc>https://x.org/a?b&amp;c</loc>"));
        assert!(xml.contains("<lastmod>2026-01-01</lastmod>"));
    }
}
