//! The content stage: discover files, split and parse front matter, and arrange pages into a
//! tree of sections with their URLs. No Markdown is rendered here.

mod discover;
pub mod front_matter;
mod list;
mod listing;
mod read;
pub mod read_cache;
pub mod stamp;
mod tree;
mod urls;

use tree::build_tree;
pub use urls::{alias_output, folder_title, slug_or, tag_slug};
use urls::{asset_url, assign_urls, check_unique_outputs, section_slugs};

use std::path::{Path, PathBuf};

pub use discover::{PAGE_EXTENSIONS, SourceKind, is_ignored, is_page_file};
pub use front_matter::{FrontMatter, is_placeholder_reviewer};
pub use list::LIST_PAGE_SIZE;
#[cfg(test)]
use read::read_page;
use read::read_pages;
pub use read::{MAX_TEXT_FILE_BYTES, decode_text, parse_page, read_text};
pub use read_cache::ReadCache;
pub use stamp::Stamp;

use crate::diagnostic::{Diagnostic, Errors, Rule};
use crate::yaml::{self, YamlSource};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Section,
    Page,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Page => "page",
        }
    }
}

/// One Markdown file and where it sits in the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to `content/`, e.g. `guide/risks.md`.
    pub rel: PathBuf,
    /// Path as shown in messages, e.g. `content/guide/risks.md`.
    pub file: PathBuf,
    /// The file's text (BOM removed, line endings normalized).
    pub text: String,
    /// Where the front matter is in `text` (without its fence lines).
    pub front_range: std::ops::Range<usize>,
    pub body_start: usize,
    pub front: FrontMatter,
    pub kind: PageKind,
    /// URL path below the site root, without leading slash: `""` (home), `guide/risks/`.
    pub url: String,
    pub parent: Option<usize>,
    /// Where the page stands among its parent's child pages (for previous/next links).
    pub position: usize,
    /// Child pages (not sections), in display order.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    /// Whether the page mentions an off-label keyword, noted when its body was let go of.
    pub off_label_mention: Option<bool>,
    /// Where the page's body is read from when `text` holds only its front matter (a lean
    /// build).
    pub body_on_disk: Option<OnDisk>,
}

/// Where a page whose text is not held is read again, and what it was when it was read.
#[derive(Debug, Clone)]
pub struct OnDisk {
    pub path: PathBuf,
    /// The key of the whole text as read (what its Markdown cache is for).
    pub source: crate::cache_key::Key,
    /// The file's stamp taken just before it was read.
    pub stamp: Option<Stamp>,
    /// Whether the page came from the read cache rather than from its file: the cache holds
    /// it already.
    pub from_read_cache: bool,
}

impl Page {
    /// A page not yet placed among the others (no address, parent or children), with no
    /// front matter range and its whole text held.
    pub fn unplaced(
        rel: PathBuf,
        file: PathBuf,
        text: String,
        front: FrontMatter,
        kind: PageKind,
    ) -> Page {
        Page {
            rel,
            file,
            text,
            front_range: 0..0,
            body_start: 0,
            front,
            kind,
            url: String::new(),
            parent: None,
            position: 0,
            pages: Vec::new(),
            subsections: Vec::new(),
            off_label_mention: None,
            body_on_disk: None,
        }
    }

    /// Whether careleaf made this page itself (a home page or a section for a folder with no
    /// `_index.md`): it has no file an editor could change.
    pub fn is_generated(&self) -> bool {
        self.text.is_empty() && self.body_on_disk.is_none()
    }

    /// The body, when the page's whole text is held (see [`Page::source`]).
    pub fn body(&self) -> &str {
        // Cannot fail: `body_start` is where `front_matter::split` found the body of `text`
        // (0 for the home page careleaf makes when there is none).
        &self.text[self.body_start..]
    }

    /// An error at the front-matter key `key` of this page (line 1 when the key is absent).
    pub fn key_error(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        // Cannot fail: `front` is the range `split` found in `text` (empty for the home page
        // careleaf makes).
        let front = &self.text[self.front_range.clone()];
        YamlSource {
            file: &self.file,
            file_text: &self.text,
            yaml: front,
            // The front matter starts on the file's first line only when it is JSON.
            line_offset: usize::from(self.front_range.start > 0),
            unknown_key_hint: "",
            max_bytes: usize::MAX,
        }
        .key_error(key, message)
    }

    /// Keeps only the front matter of the page's text in memory, the body being read again
    /// from `path` when it is rendered ([`Page::source`]); first notes whether the page
    /// mentions one of `off_label_keywords`, which is all its template needs of the body.
    fn keep_front_matter_only(
        &mut self,
        path: PathBuf,
        stamp: Option<Stamp>,
        off_label_keywords: &[String],
    ) {
        self.off_label_mention = Some(self.mentions_any(off_label_keywords));
        let source = crate::cache_key::key_of(self.text.as_bytes());
        self.text.truncate(self.body_start);
        self.text.shrink_to_fit();
        self.body_on_disk = Some(OnDisk {
            path,
            source,
            stamp,
            from_read_cache: false,
        });
    }

    /// The page's whole text, as read: held in memory, or read again from its file. The file
    /// must still start with the front matter it was read with.
    pub fn source(&self) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        let Some(on_disk) = &self.body_on_disk else {
            return Ok(std::borrow::Cow::Borrowed(&self.text));
        };
        let text = read_text(&on_disk.path, &self.file)?;
        if !text.starts_with(&self.text) {
            return Err(Diagnostic::in_file(
                &self.file,
                "this page's front matter changed while careleaf was building the site",
            )
            .with_hint("build again once the page is saved"));
        }
        Ok(std::borrow::Cow::Owned(text))
    }

    /// Whether the title or body holds one of `keywords`, in any case.
    pub fn mentions_any(&self, keywords: &[String]) -> bool {
        if let Some(known) = self.off_label_mention {
            return known;
        }
        if keywords.is_empty() {
            return false;
        }
        let text = format!("{} {}", self.front.title, self.body()).to_lowercase();
        keywords.iter().any(|k| text.contains(&k.to_lowercase()))
    }
}

/// A file copied as it is (image, PDF…), and the URL path it is published at.
#[derive(Debug, Clone)]
pub struct Asset {
    pub rel: PathBuf,
    pub url: String,
}

#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub home: usize,
    pub assets: Vec<Asset>,
    /// Data files by name (`faq.yaml` → `faq`, `team/staff.yaml` → `team/staff`).
    pub data: serde_json::Map<String, serde_json::Value>,
    pub page_by_rel: rustc_hash::FxHashMap<PathBuf, usize>,
    pub asset_by_rel: rustc_hash::FxHashMap<PathBuf, usize>,
    pub warnings: Vec<Diagnostic>,
    /// When the pages' files were read (what says whether their stamps can be trusted).
    pub read_at: Option<std::time::SystemTime>,
    /// Why the read cache could not be trusted, when it was there.
    pub read_cache_warning: Option<String>,
    /// How many page files were read (the others came from the read cache).
    pub pages_read: usize,
    /// Whether the content folder was walked (else its files were as the last walk found
    /// them, see `listing`).
    pub walked: bool,
    /// The read cache the pages were taken from, as far as saving needs to know it.
    pub read_cache_lineage: Option<read_cache::Lineage>,
}

/// Options of the content stage.
pub struct LoadOptions<'a> {
    /// Folder holding `content/`.
    pub root: &'a Path,
    /// How the root is shown in messages (empty for the current folder).
    pub label_root: &'a Path,
    pub include_drafts: bool,
    /// Home page title and description when there is no `content/_index.md`.
    pub site_title: &'a str,
    pub site_description: &'a str,
    /// The folder of `content/` holding this language's pages (`es`), or None for the
    /// default language, whose pages are `content/` without the other languages' folders.
    pub language_dir: Option<&'a str>,
    /// Folders of `content/` that belong to other languages.
    pub other_languages: &'a [String],
    /// Keep only pages' front matter in memory (a lean build), noting which pages mention
    /// these off-label keywords.
    pub front_matter_only: Option<&'a [String]>,
    /// The language's code, which names its caches.
    pub language: &'a str,
    /// Take from what the last lean build read: the read cache (see [`ReadCache`]), read
    /// while the content folder is listed, and the listing (see `listing`).
    pub reads_caches: bool,
}

pub fn load(opts: &LoadOptions) -> Result<Content, Errors> {
    let mut content_dir = opts.root.join("content");
    let mut label = opts.label_root.join("content");
    if let Some(dir) = opts.language_dir {
        content_dir.push(dir);
        label.push(dir);
    }
    let mut errors = Errors::default();
    let mut content = Content::default();
    let folder = stamp::Folder::open(&content_dir);
    // Before any file's stamp is taken: a stamp counts as settled by this time.
    content.read_at = Some(std::time::SystemTime::now());
    let (discovered, (read_cache, read_cache_warning), stamps) = std::thread::scope(|s| {
        let opening = opts
            .reads_caches
            .then(|| s.spawn(move || ReadCache::open(opts.root, opts.language)));
        let discovered = content_dir
            .is_dir()
            .then(|| listing::files(opts, &content_dir, &folder, &label));
        // While the read cache is being opened rather than after: at 10,000 pages both take
        // about as long.
        let stamps = opening
            .as_ref()
            .zip(discovered.as_ref())
            .map(|(_, (walk, _))| {
                // On every core: the caches read ahead for later stages wait (see
                // `background`), and the pages cannot be taken before their stamps are known.
                use rayon::prelude::*;
                let pages = walk.files.par_iter().filter(|f| f.kind == SourceKind::Page);
                pages.map(|f| folder.stamp(&f.rel)).collect::<Vec<_>>()
            });
        let opened = opening.map_or((None, None), |o| o.join().unwrap_or((None, None)));
        (discovered, opened, stamps)
    });
    content.read_cache_warning = read_cache_warning;
    let files = if let Some((walk, walked)) = discovered {
        content.walked = walked;
        content.warnings = walk.warnings;
        errors.0.extend(walk.errors);
        walk.files
    } else {
        content.warnings.push(
            Diagnostic::new(format!(
                "{}: no content folder, so the site has only a home page",
                label.display()
            ))
            .with_hint("add Markdown files there")
            .warning(Rule::BuildWarning),
        );
        Vec::new()
    };

    let cache = read_cache
        .as_ref()
        .zip(opts.front_matter_only)
        .filter(|(cache, keywords)| cache.looked_for(keywords))
        .map(|(cache, _)| cache);
    content.read_cache_lineage = cache.map(ReadCache::lineage);
    let page_files: Vec<&Path> = files
        .iter()
        .filter(|f| f.kind == SourceKind::Page)
        .map(|f| f.rel.as_path())
        .collect();
    let (pages, read) = read_pages(
        &folder,
        &label,
        &page_files,
        opts.front_matter_only,
        cache.zip(stamps.as_deref()),
    );
    let mut pages = match pages {
        Ok(pages) => pages,
        Err(e) => {
            errors.0.extend(e.0);
            Vec::new()
        }
    };
    content.pages_read = read;
    for f in files.iter().filter(|f| f.kind == SourceKind::Data) {
        match read_data(&content_dir, &label, &f.rel) {
            Ok((name, value)) => {
                content.data.insert(name, value);
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    drop_drafts(&mut pages, opts.include_drafts);
    if !pages.iter().any(|p| p.rel.as_os_str() == "_index.md") {
        pages.push(synthetic_home(opts, &label));
    }
    add_folder_sections(&mut pages, &label);
    let slugs = section_slugs(&pages);
    assign_urls(&mut pages, &slugs);
    // Another language's pages and files live under its code: /es/…
    let prefix = opts
        .language_dir
        .map(|d| format!("{d}/"))
        .unwrap_or_default();
    if !prefix.is_empty() {
        for page in &mut pages {
            page.url.insert_str(0, &prefix);
        }
    }
    content.assets = files
        .iter()
        .filter(|f| f.kind == SourceKind::Asset)
        .map(|f| Asset {
            url: format!("{prefix}{}", asset_url(&slugs, &f.rel)),
            rel: f.rel.clone(),
        })
        .collect();
    content.pages = pages;
    check_unique_outputs(&content, &label, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    build_tree(&mut content);
    list::check_list_parts(&content, &mut errors);
    errors.into_result(content)
}

fn read_data(
    content_dir: &Path,
    label: &Path,
    rel: &Path,
) -> Result<(String, serde_json::Value), Diagnostic> {
    let file = label.join(rel);
    let text = read_text(&content_dir.join(rel), &file)?;
    let value: serde_json::Value = yaml::parse(&YamlSource::data_file(&file, &text, ""))?;
    let name = rel.with_extension("").to_string_lossy().replace('\\', "/");
    Ok((name, value))
}

fn synthetic_home(opts: &LoadOptions, label: &Path) -> Page {
    let front = FrontMatter {
        title: opts.site_title.to_string(),
        description: opts.site_description.to_string(),
        ..FrontMatter::default()
    };
    Page::unplaced(
        PathBuf::from("_index.md"),
        label.join("_index.md"),
        String::new(),
        front,
        PageKind::Home,
    )
}

/// A folder of pages with no `_index.md` is a section all the same, titled from the folder's
/// name, so that menus and the home page list topics rather than every page of a big import.
fn add_folder_sections(pages: &mut Vec<Page>, label: &Path) {
    // Folders by their paths' bytes (a `Path` is hashed part by part); pages come folder by
    // folder, so a page's folder is most often the one before's, looked at already.
    let has_index: rustc_hash::FxHashSet<&std::ffi::OsStr> = pages
        .iter()
        .filter(|p| p.kind != PageKind::Page)
        .filter_map(|p| Some(p.rel.parent()?.as_os_str()))
        .collect();
    let mut missing: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
    let mut last = None;
    for page in pages.iter() {
        let folder = page.rel.parent().map(Path::as_os_str);
        if folder == last {
            continue;
        }
        last = folder;
        let mut dir = page.rel.parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if !has_index.contains(d.as_os_str()) {
                missing.insert(d.to_path_buf());
            }
            dir = d.parent();
        }
    }
    drop(has_index);
    if missing.is_empty() {
        return;
    }
    // A page already at the folder's address (`sleep.md` beside `sleep/`, or `sleep/index.md`)
    // is where readers look for that topic: leave the folder's pages to it and its section.
    let taken: std::collections::HashSet<PathBuf> = pages
        .iter()
        .filter(|p| p.kind == PageKind::Page)
        .map(|p| match p.rel.file_stem() {
            Some(stem) if stem == "index" => p.rel.parent().unwrap_or(Path::new("")).to_path_buf(),
            _ => p.rel.with_extension(""),
        })
        .collect();
    missing.retain(|dir| !taken.contains(dir));
    for dir in missing {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let title = folder_title(&name);
        let front = FrontMatter {
            description: title.clone(),
            title,
            ..FrontMatter::default()
        };
        pages.push(Page::unplaced(
            dir.join("_index.md"),
            label.join(&dir),
            String::new(),
            front,
            PageKind::Section,
        ));
    }
}

/// Drafts are left out unless asked for; a draft section hides what is in its folder too.
fn drop_drafts(pages: &mut Vec<Page>, include_drafts: bool) {
    if include_drafts {
        return;
    }
    let hidden_dirs: Vec<PathBuf> = pages
        .iter()
        .filter(|p| p.front.draft && p.kind == PageKind::Section)
        .filter_map(|p| p.rel.parent().map(Path::to_path_buf))
        .collect();
    pages.retain(|p| !p.front.draft && !hidden_dirs.iter().any(|d| p.rel.starts_with(d)));
}

#[cfg(test)]
mod tests {
    use super::urls::dir_url;
    use super::*;

    #[test]
    fn a_page_kept_as_front_matter_reads_its_body_again_and_refuses_a_changed_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let path = content.join("risks.md");
        std::fs::write(
            &path,
            "---\ntitle: Risks\ndescription: What can happen.\n---\nDizziness can happen.\n",
        )
        .unwrap();
        let keywords = ["dizziness".to_string()];
        let read = read_page(
            &stamp::Folder::open(&content),
            Path::new("content"),
            Path::new("risks.md"),
            Some(&keywords),
            None,
        );
        let (page, _) = read.unwrap();
        assert_eq!(
            page.text,
            "---\ntitle: Risks\ndescription: What can happen.\n---\n"
        );
        assert_eq!(page.off_label_mention, Some(true));
        assert!(!page.is_generated());
        std::fs::write(
            &path,
            "---\ntitle: Risks\ndescription: What can happen.\n---\nNausea can happen.\n",
        )
        .unwrap();
        assert!(page.source().unwrap().ends_with("Nausea can happen.\n"));
        std::fs::write(&path, "---\ntitle: Side effects\n---\nNausea.\n").unwrap();
        let e = page.source().unwrap_err();
        assert!(e.message.contains("front matter changed"), "{e:?}");
        assert_eq!(e.span.unwrap().file, Path::new("content/risks.md"));
    }

    #[test]
    fn folders_are_titled_from_their_names() {
        assert_eq!(folder_title("heart-health"), "Heart health");
        assert_eq!(folder_title("type_2__diabetes"), "Type 2 diabetes");
        assert_eq!(folder_title("énergie"), "Énergie");
    }

    #[test]
    fn folder_names_become_url_slugs() {
        assert_eq!(
            dir_url(
                Path::new("Guía/Infusión Día"),
                &std::collections::HashMap::new()
            ),
            "guia/infusion-dia/"
        );
    }
}
