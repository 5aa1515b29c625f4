//! Finding a theme's templates and static files. The default theme is compiled into the binary
//! (from `themes/default/`), so a new site needs no `themes/` folder; a theme folder on disk
//! wins over the embedded copy, and a site's own `templates/` and `static/` override the theme
//! file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::content::is_ignored;
use crate::diagnostic::Diagnostic;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Templates of the files careleaf writes besides pages. Every theme has them: a theme folder
/// that lacks one gets the default theme's, and a site's `templates/` can override each.
pub const OUTPUT_TEMPLATES: &[&str] = &[
    SITEMAP_TEMPLATE,
    SITEMAP_INDEX_TEMPLATE,
    ROBOTS_TEMPLATE,
    REDIRECT_TEMPLATE,
    ERROR_OVERLAY_TEMPLATE,
];
pub const SITEMAP_TEMPLATE: &str = "sitemap.xml";
/// `sitemap.xml` on a site with more pages than one sitemap file lists.
pub const SITEMAP_INDEX_TEMPLATE: &str = "sitemap-index.xml";
pub const ROBOTS_TEMPLATE: &str = "robots.txt";
/// The page left at an old address (a front matter `aliases:` entry).
pub const REDIRECT_TEMPLATE: &str = "redirect.html";
/// What `serve` shows over every page while the site does not build.
pub const ERROR_OVERLAY_TEMPLATE: &str = "preview/error-overlay.html";

/// A template or static file and where it came from.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Name relative to `templates/` or `static/`, with `/` separators.
    pub name: String,
    /// Where it came from, as shown in messages.
    pub origin: PathBuf,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: Vec<ThemeFile>,
    pub statics: Vec<ThemeFile>,
    /// The theme's words per language (`i18n/es.yaml`), then the site's own changes to them.
    pub strings: Vec<ThemeFile>,
    pub site_strings: Vec<ThemeFile>,
}

/// Loads theme `name` for the site at `root`, with the site's overrides applied.
pub fn load(root: &Path, label_root: &Path, name: &str) -> Result<Theme, Diagnostic> {
    let mut templates = BTreeMap::new();
    let mut statics = BTreeMap::new();
    let mut strings = BTreeMap::new();
    let mut site_strings = BTreeMap::new();
    let theme_dir = root.join("themes").join(name);
    if theme_dir.is_dir() {
        let label = label_root.join("themes").join(name);
        read_dir_into(
            &theme_dir.join("templates"),
            &label.join("templates"),
            &mut templates,
        )?;
        read_dir_into(
            &theme_dir.join("static"),
            &label.join("static"),
            &mut statics,
        )?;
        read_dir_into(&theme_dir.join("i18n"), &label.join("i18n"), &mut strings)?;
    } else if name == "default" {
        embedded_into("templates", &mut templates);
        embedded_into("static", &mut statics);
        embedded_into("i18n", &mut strings);
    } else {
        return Err(
            Diagnostic::new(format!("the theme `{name}` was not found")).with_hint(format!(
                "put the theme in {} or use `theme: default` in site.yaml",
                label_root.join("themes").join(name).display()
            )),
        );
    }
    if theme_dir.is_dir() {
        let mut defaults = BTreeMap::new();
        embedded_into("templates", &mut defaults);
        for name in OUTPUT_TEMPLATES {
            if let Some(t) = defaults.remove(*name) {
                templates.entry(t.name.clone()).or_insert(t);
            }
        }
    }
    read_dir_into(
        &root.join("templates"),
        &label_root.join("templates"),
        &mut templates,
    )?;
    read_dir_into(
        &root.join("static"),
        &label_root.join("static"),
        &mut statics,
    )?;
    read_dir_into(
        &root.join("i18n"),
        &label_root.join("i18n"),
        &mut site_strings,
    )?;
    Ok(Theme {
        templates: templates.into_values().collect(),
        statics: statics.into_values().collect(),
        strings: strings.into_values().collect(),
        site_strings: site_strings.into_values().collect(),
    })
}

fn read_dir_into(
    dir: &Path,
    label: &Path,
    into: &mut BTreeMap<String, ThemeFile>,
) -> Result<(), Diagnostic> {
    if !dir.is_dir() {
        return Ok(());
    }
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            match e.io_error() {
                Some(io) => Diagnostic::io(&path, io),
                None => Diagnostic::in_file(&path, e.to_string()),
            }
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = rel.to_string_lossy().replace('\\', "/");
        let origin = label.join(rel);
        let bytes = std::fs::read(entry.path()).map_err(|e| Diagnostic::io(&origin, &e))?;
        into.insert(
            name.clone(),
            ThemeFile {
                name,
                origin,
                bytes,
            },
        );
    }
    Ok(())
}

fn embedded_into(sub: &str, into: &mut BTreeMap<String, ThemeFile>) {
    let Some(dir) = DEFAULT_THEME.get_dir(sub) else {
        return;
    };
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        stack.extend(d.dirs());
        for f in d.files() {
            let rel = f.path().strip_prefix(sub).unwrap_or(f.path());
            let name = rel.to_string_lossy().replace('\\', "/");
            if name.split('/').any(is_ignored) {
                continue;
            }
            into.insert(
                name.clone(),
                ThemeFile {
                    origin: PathBuf::from(format!("(built-in theme) {sub}/{name}")),
                    name,
                    bytes: f.contents().to_vec(),
                },
            );
        }
    }
}

/// The embedded default theme's files, for `careleaf init`'s optional copy and for tests.
pub fn embedded_default() -> Theme {
    let mut templates = BTreeMap::new();
    let mut statics = BTreeMap::new();
    let mut strings = BTreeMap::new();
    embedded_into("templates", &mut templates);
    embedded_into("static", &mut statics);
    embedded_into("i18n", &mut strings);
    Theme {
        templates: templates.into_values().collect(),
        statics: statics.into_values().collect(),
        strings: strings.into_values().collect(),
        site_strings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_is_embedded() {
        let theme = embedded_default();
        let names: Vec<&str> = theme.templates.iter().map(|t| t.name.as_str()).collect();
        for needed in [
            "base.html",
            "page.html",
            "index.html",
            "section.html",
            "404.html",
        ] {
            assert!(names.contains(&needed), "{needed} missing from {names:?}");
        }
        assert!(theme.statics.iter().any(|s| s.name == "site.css"));
    }
}
