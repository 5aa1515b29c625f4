//! Where each page and file is published: section slugs, page and asset addresses, aliases,
//! and the check that no two of them land on the same output file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::*;

pub(super) fn dir_url(dir: &Path, section_slugs: &HashMap<PathBuf, String>) -> String {
    let mut url = String::new();
    let mut so_far = PathBuf::new();
    for part in dir.components() {
        so_far.push(part);
        let name = part.as_os_str().to_string_lossy();
        let seg = section_slugs
            .get(&so_far)
            .cloned()
            .unwrap_or_else(|| slug_or(&name, "folder"));
        url.push_str(&seg);
        url.push('/');
    }
    url
}

/// A URL-safe version of a file or folder name (accents transliterated: `infusión` →
/// `infusion`).
pub fn slug_or(name: &str, fallback: &str) -> String {
    let s = slug::slugify(name);
    if s.is_empty() {
        fallback.to_string()
    } else {
        s
    }
}

pub(super) fn section_slugs(pages: &[Page]) -> HashMap<PathBuf, String> {
    pages
        .iter()
        .filter(|p| p.kind == PageKind::Section)
        .filter_map(|p| Some((p.rel.parent()?.to_path_buf(), p.front.slug.clone()?)))
        .collect()
}

/// Each page's address, its folders named by `slugs` (see [`section_slugs`]).
pub(super) fn assign_urls(pages: &mut [Page], slugs: &HashMap<PathBuf, String>) {
    use rayon::prelude::*;
    // Each folder's address once (a site has a few hundred folders and thousands of pages),
    // then every page's on all cores. Folders are known by their paths' bytes (a `Path` is
    // hashed part by part), and pages come folder by folder: most pages' folder is the one
    // before's.
    let mut dir_urls: rustc_hash::FxHashMap<&std::ffi::OsStr, String> = Default::default();
    let mut last: Option<&std::ffi::OsStr> = None;
    for page in pages.iter() {
        let dir = page.rel.parent().unwrap_or(Path::new(""));
        if last != Some(dir.as_os_str()) && !dir_urls.contains_key(dir.as_os_str()) {
            dir_urls.insert(dir.as_os_str(), dir_url(dir, slugs));
        }
        last = Some(dir.as_os_str());
    }
    let urls: Vec<String> = pages
        .par_iter()
        .map(|page| {
            let dir = page.rel.parent().unwrap_or(Path::new(""));
            let base = dir_urls.get(dir.as_os_str()).map_or("", String::as_str);
            page_url(page, base)
        })
        .collect();
    for (page, url) in pages.iter_mut().zip(urls) {
        page.url = url;
    }
}

/// The address of `page`, in the folder whose address is `base`.
fn page_url(page: &Page, base: &str) -> String {
    let mut url = String::with_capacity(base.len() + 40);
    url.push_str(base);
    match page.kind {
        PageKind::Home => url.clear(),
        PageKind::Section => {}
        PageKind::Page => {
            let stem = page
                .rel
                .file_stem()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default();
            match (&page.front.slug, stem.as_ref()) {
                (Some(slug), _) => url.push_str(slug),
                (None, "index") => return url,
                (None, stem) => url.push_str(&slug_or(stem, "page")),
            }
            url.push('/');
        }
    }
    url
}

pub(super) fn asset_url(slugs: &HashMap<PathBuf, String>, rel: &Path) -> String {
    let dir = rel.parent().unwrap_or(Path::new(""));
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    format!("{}{}", dir_url(dir, slugs), name)
}

/// Two pages (or a page, an alias and a file) written to the same place would silently
/// overwrite each other: refuse, naming both.
/// The output file at `path` (below the output folder) as the page published there would be
/// named: a page at `guides/a/` writes `guides/a/index.html`, whose name here is `guides/a/`.
/// Two outputs have the same name exactly when they are the same file, and no page's output
/// path need be made to look it up.
fn output_name(path: &str) -> &str {
    match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
        _ => path,
    }
}

pub(super) fn check_unique_outputs(content: &Content, content_label: &Path, errors: &mut Errors) {
    let mut seen: rustc_hash::FxHashMap<&str, &Path> = Default::default();
    seen.reserve(content.pages.len() + content.assets.len());
    for page in &content.pages {
        if let Some(first) = seen.insert(output_name(&page.url), &page.file) {
            errors.push(
                page.key_error(
                    "slug",
                    format!(
                        "this page and {} would both be published at /{}",
                        first.display(),
                        page.url
                    ),
                )
                .with_hint("give one of them a different `slug:` (or rename the file)"),
            );
        }
    }
    let page_at: rustc_hash::FxHashMap<&str, &Page> =
        content.pages.iter().map(|p| (p.url.as_str(), p)).collect();
    let mut alias_of: rustc_hash::FxHashMap<String, &Path> = Default::default();
    for page in &content.pages {
        for alias in &page.front.aliases {
            let problem = if alias == &page.url {
                Some(format!(
                    "the alias `/{alias}` is this page's own address: visitors would be sent to it again and again"
                ))
            } else if let Some(other) = page_at.get(alias.as_str()) {
                if other.front.aliases.contains(&page.url) {
                    Some(format!(
                        "the alias `/{alias}` is the address of {}, whose alias `/{}` leads back here: visitors would be sent round in a loop",
                        other.file.display(),
                        page.url
                    ))
                } else {
                    Some(format!(
                        "the alias `/{alias}` is the address of {}: its redirect would replace that page",
                        other.file.display()
                    ))
                }
            } else {
                alias_of.insert(alias.clone(), &page.file).map(|first| {
                    format!(
                        "the alias `/{alias}` is also an alias of {}",
                        first.display()
                    )
                })
            };
            if let Some(message) = problem {
                errors.push(page.key_error("aliases", message).with_hint(
                    "an alias is an old address that no page uses any more: remove this one, or change the other page",
                ));
            }
            seen.entry(output_name(alias)).or_insert(&page.file);
        }
    }
    for asset in &content.assets {
        if let Some(first) = seen.get(output_name(&asset.url)) {
            errors.push(
                Diagnostic::in_file(
                    &content_label.join(&asset.rel),
                    format!(
                        "this file would overwrite the page made from {}",
                        first.display()
                    ),
                )
                .with_hint("rename or move the file"),
            );
        }
    }
}

/// Where the redirect page for an alias is written.
pub fn alias_output(alias: &str) -> String {
    if alias.ends_with('/') {
        format!("{alias}index.html")
    } else {
        alias.to_string()
    }
}

/// A folder or file name from words: lower-case letters and digits joined by `-`, the
/// accents of Latin letters dropped as page addresses have them (`Duración del alivio` →
/// `duracion-del-alivio`); letters of other scripts are kept.
pub fn tag_slug(tag: &str) -> String {
    let mut out = String::new();
    for c in tag.trim().chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c => c,
        };
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `heart-health` → `Heart health`, `type_2_diabetes` → `Type 2 diabetes`.
pub fn folder_title(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}
