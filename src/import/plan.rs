//! Which files of the source are pages, where each goes in careleaf's `content/`, and every
//! address it had on the old site (under that generator's rules), so links and aliases can be
//! resolved through them.

use std::path::{Component, Path, PathBuf};

use super::detect::{Generator, SourceSite};
use super::front::{self, SourcePage};
use super::map::{self, Mapped};

/// One page of the source and what it becomes.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Path relative to the source folder (as shown in the report).
    pub source_rel: PathBuf,
    /// Path relative to the content root of the source (Hugo's `content/`).
    pub content_rel: PathBuf,
    /// Path relative to careleaf's `content/`.
    pub out_rel: PathBuf,
    pub page: SourcePage,
    pub mapped: Mapped,
    /// Its addresses on the old site (`/health/asthma/`), the first the one it was shown at.
    pub old_addresses: Vec<String>,
    /// Jekyll's name of a post (`2024-01-02-asthma`), for `{% post_url %}`.
    pub post_name: Option<String>,
    /// The language of a translation (`name.en.md` on a Hugo or Zola site); None for the
    /// default language's pages.
    pub language: Option<String>,
}

impl Planned {
    /// Where the page is inside its language's part of `content/`.
    pub fn in_language(&self) -> &Path {
        match &self.language {
            Some(code) => self.out_rel.strip_prefix(code).unwrap_or(&self.out_rel),
            None => &self.out_rel,
        }
    }
}

/// A source file that could not be read as a page.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub source_rel: PathBuf,
    pub line: usize,
    pub column: usize,
    pub why: String,
}

const PAGE_EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd", "mkdn", "mdwn"];
/// Files of a code repository, not of the site.
const PROJECT_FILES: &[&str] = &[
    "license",
    "licence",
    "changelog",
    "contributing",
    "code_of_conduct",
    "security",
];
/// Folders that hold a generator's output or tools, never pages.
const TOOL_FOLDERS: &[&str] = &[
    "node_modules",
    "vendor",
    "public",
    "_site",
    "target",
    "themes",
];

/// The folder whose tree holds the pages: Hugo's and Zola's `content/`, otherwise the source.
pub fn content_root(source: &Path, generator: Generator, site: &SourceSite) -> PathBuf {
    match generator {
        Generator::Hugo => source.join(site.content_dir.as_deref().unwrap_or("content")),
        Generator::Zola => source.join("content"),
        _ => source.to_path_buf(),
    }
}

pub fn is_page_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Every page file under `root`, sorted, by path relative to it.
pub fn page_files(root: &Path, generator: Generator) -> Vec<PathBuf> {
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(crate::content::is_ignored(&name)
                    || (e.file_type().is_dir() && skipped_folder(&name, generator)))
        });
    walker
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && is_page_file(e.path()))
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .filter(|rel| {
            let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
            !PROJECT_FILES.contains(&stem.to_ascii_lowercase().as_str())
        })
        .collect()
}

fn skipped_folder(name: &str, generator: Generator) -> bool {
    if TOOL_FOLDERS.contains(&name) {
        return true;
    }
    match generator {
        // Jekyll's `_layouts`, `_includes`, `_data`, `_sass` hold no pages; posts and drafts do.
        Generator::Jekyll => name.starts_with('_') && name != "_posts" && name != "_drafts",
        Generator::Eleventy => matches!(name, "_includes" | "_data" | "_layouts"),
        _ => false,
    }
}

/// Reads and places every page; files whose front matter cannot be read are returned apart.
pub fn plan(
    source: &Path,
    generator: Generator,
    site: &SourceSite,
) -> (Vec<Planned>, Vec<Unreadable>) {
    let root = content_root(source, generator, site);
    let mut planned = Vec::new();
    let mut unreadable = Vec::new();
    for content_rel in page_files(&root, generator) {
        let path = root.join(&content_rel);
        let source_rel = path.strip_prefix(source).unwrap_or(&path).to_path_buf();
        let text = match std::fs::read(&path) {
            Ok(bytes) => normalize(&String::from_utf8_lossy(&bytes)),
            Err(e) => {
                unreadable.push(Unreadable {
                    source_rel,
                    line: 1,
                    column: 1,
                    why: format!("could not be read: {e}"),
                });
                continue;
            }
        };
        let page = match front::read(&text) {
            Ok(p) => p,
            Err(e) => {
                unreadable.push(Unreadable {
                    source_rel,
                    line: e.line,
                    column: e.column,
                    why: format!("{}: the page was not imported", e.message),
                });
                continue;
            }
        };
        if generator == Generator::Jekyll && !page.had_front_matter && is_readme(&content_rel) {
            continue;
        }
        planned.push(place(generator, site, source_rel, content_rel, page));
    }
    give_readmes_their_folder(&mut planned);
    (planned, unreadable)
}

fn normalize(text: &str) -> String {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

fn is_readme(rel: &Path) -> bool {
    rel.file_stem()
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"))
}

fn place(
    generator: Generator,
    site: &SourceSite,
    source_rel: PathBuf,
    content_rel: PathBuf,
    page: SourcePage,
) -> Planned {
    let mut mapped = map::map(&page.front);
    let dir: Vec<String> = content_rel
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let stem = content_rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let in_posts = dir.iter().any(|d| d == "_posts" || d == "_drafts");
    let (language, stem) = language_suffix(generator, site, &stem);
    let (date_prefix, name) = match generator {
        Generator::Jekyll | Generator::Zola => split_date_prefix(&stem),
        _ => (None, stem.clone()),
    };
    if mapped.date.is_none() {
        mapped.date = date_prefix.clone();
    }
    if dir.iter().any(|d| d == "_drafts") {
        mapped.draft = true;
    }
    // A translation goes to the language's folder, where careleaf links it to its original
    // by path.
    let out_dir: Vec<String> = language
        .iter()
        .cloned()
        .chain(dir.iter().map(|d| match d.as_str() {
            "_posts" | "_drafts" => "posts".to_string(),
            _ => d.clone(),
        }))
        .collect();
    let lower = name.to_ascii_lowercase();
    let is_index = matches!(lower.as_str(), "index" | "_index");
    let file_name = if is_index && (lower == "_index" || out_dir.is_empty()) {
        "_index.md".to_string()
    } else if is_index {
        "index.md".to_string()
    } else {
        format!("{name}.md")
    };
    let out_rel: PathBuf = out_dir.iter().collect::<PathBuf>().join(file_name);
    let mut old_addresses =
        old_addresses(generator, site, &dir, &name, is_index, in_posts, &mapped);
    if let Some(code) = &language {
        // Hugo and Zola publish a translation under its language's folder.
        for address in old_addresses.iter_mut().filter(|a| a.starts_with('/')) {
            if !address.starts_with(&format!("/{code}/")) {
                address.insert_str(0, &format!("/{code}"));
            }
        }
    }
    Planned {
        post_name: in_posts.then(|| stem.clone()),
        source_rel,
        content_rel,
        out_rel,
        page,
        mapped,
        old_addresses,
        language,
    }
}

/// `asthma.en` → (`Some("en")`, `asthma`) when `en` is one of the site's other languages;
/// `asthma.fr` → (None, `asthma`) when `fr` is its default one. Only Hugo and Zola name
/// translations so.
fn language_suffix(
    generator: Generator,
    site: &SourceSite,
    stem: &str,
) -> (Option<String>, String) {
    if !matches!(generator, Generator::Hugo | Generator::Zola) {
        return (None, stem.to_string());
    }
    let Some((name, suffix)) = stem.rsplit_once('.') else {
        return (None, stem.to_string());
    };
    let suffix = suffix.to_ascii_lowercase();
    if site.other_languages.contains(&suffix) {
        (Some(suffix), name.to_string())
    } else if site.language.as_deref() == Some(suffix.as_str()) {
        (None, name.to_string())
    } else {
        (None, stem.to_string())
    }
}

/// `2024-01-02-asthma` → (`2024-01-02`, `asthma`); names without a date are left as they are.
pub fn split_date_prefix(stem: &str) -> (Option<String>, String) {
    let date = stem.get(..10).and_then(map::day);
    match (date, stem.get(10..11), stem.get(11..)) {
        (Some(d), Some("-" | "_"), Some(rest)) if !rest.is_empty() => (Some(d), rest.to_string()),
        _ => (None, stem.to_string()),
    }
}

/// A folder's `README.md` is its index page on GitHub and in plain Markdown collections.
fn give_readmes_their_folder(planned: &mut [Planned]) {
    let taken: std::collections::HashSet<PathBuf> =
        planned.iter().map(|p| p.out_rel.clone()).collect();
    for p in planned.iter_mut().filter(|p| is_readme(&p.out_rel)) {
        let dir = p.out_rel.parent().unwrap_or(Path::new(""));
        let index = if dir.as_os_str().is_empty() {
            PathBuf::from("_index.md")
        } else {
            dir.join("index.md")
        };
        if !taken.contains(&index) {
            let url = format!("/{}", url_dir(dir));
            p.old_addresses.insert(0, url);
            p.out_rel = index;
        }
    }
}

fn url_dir(dir: &Path) -> String {
    dir.components()
        .map(|c| format!("{}/", c.as_os_str().to_string_lossy()))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn old_addresses(
    generator: Generator,
    site: &SourceSite,
    dir: &[String],
    name: &str,
    is_index: bool,
    in_posts: bool,
    mapped: &Mapped,
) -> Vec<String> {
    let folder: String = dir
        .iter()
        .filter(|d| !d.starts_with('_'))
        .map(|d| format!("{d}/"))
        .collect();
    let mut out = Vec::new();
    if let Some(permalink) = &mapped.permalink {
        let p = permalink.trim();
        if p.starts_with('/') {
            out.push(p.to_string());
        } else if generator == Generator::Hugo && !p.contains("://") {
            out.push(format!("/{p}"));
        } else if generator == Generator::Zola {
            out.push(format!("/{}/", p.trim_matches('/')));
        }
    }
    let leaf = mapped.slug.clone().unwrap_or_else(|| name.to_string());
    let by_rules = match generator {
        _ if is_index => format!("/{folder}"),
        Generator::Hugo => {
            format!("/{}{}/", folder.to_lowercase(), leaf.to_lowercase()).replace(' ', "-")
        }
        Generator::Zola => {
            let slugged: String = dir
                .iter()
                .map(|d| format!("{}/", crate::content::slug_or(d, "folder")))
                .collect();
            format!("/{slugged}{}/", crate::content::slug_or(&leaf, "page"))
        }
        Generator::Jekyll if in_posts => {
            jekyll_post(site.permalink.as_deref(), &folder, name, mapped)
        }
        Generator::Jekyll if site.permalink.as_deref() == Some("pretty") => {
            format!("/{folder}{name}/")
        }
        Generator::Jekyll => format!("/{folder}{name}.html"),
        Generator::Eleventy | Generator::Plain => format!("/{folder}{name}/"),
    };
    out.push(by_rules);
    if matches!(generator, Generator::Plain | Generator::Eleventy) && !is_index {
        out.push(format!("/{folder}{name}.html"));
    }
    out.extend(mapped.aliases.iter().map(|a| {
        if a.starts_with('/') {
            a.clone()
        } else {
            format!("/{a}")
        }
    }));
    let mut seen = std::collections::HashSet::new();
    out.retain(|a| seen.insert(a.clone()));
    out
}

/// A post's address under Jekyll's `permalink` style (`date` when none is set).
fn jekyll_post(style: Option<&str>, folder: &str, name: &str, mapped: &Mapped) -> String {
    let pattern = match style.unwrap_or("date") {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        custom => custom,
    };
    let date = mapped.date.clone().unwrap_or_default();
    let part = |i: std::ops::Range<usize>| date.get(i).unwrap_or("").to_string();
    let categories: Vec<String> = folder
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .chain(mapped.categories.iter().map(|c| c.to_lowercase()))
        .collect();
    let address = pattern
        .replace(":categories", &categories.join("/"))
        .replace(":year", &part(0..4))
        .replace(":short_year", &part(2..4))
        .replace(":month", &part(5..7))
        .replace(":day", &part(8..10))
        .replace(":title", name)
        .replace(":slug", mapped.slug.as_deref().unwrap_or(name))
        .replace(":output_ext", ".html");
    let mut clean = String::new();
    for c in address.chars() {
        if !(c == '/' && clean.ends_with('/')) {
            clean.push(c);
        }
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(generator: Generator, rel: &str, text: &str) -> Planned {
        let page = front::read(text).unwrap();
        place(
            generator,
            &SourceSite::default(),
            PathBuf::from(rel),
            PathBuf::from(rel),
            page,
        )
    }

    #[test]
    fn jekyll_posts_lose_their_date_prefix_and_keep_their_address() {
        let p = placed(
            Generator::Jekyll,
            "_posts/2024-01-02-asthma.markdown",
            "---\ntitle: A\n---\n",
        );
        assert_eq!(p.out_rel, PathBuf::from("posts/asthma.md"));
        assert_eq!(p.mapped.date.as_deref(), Some("2024-01-02"));
        assert_eq!(p.old_addresses, ["/2024/01/02/asthma.html"]);
        assert_eq!(p.post_name.as_deref(), Some("2024-01-02-asthma"));
        let page = placed(
            Generator::Jekyll,
            "fr/asthme.md",
            "---\npermalink: /asthme/\n---\n",
        );
        assert_eq!(page.old_addresses, ["/asthme/", "/fr/asthme.html"]);
        assert_eq!(page.mapped.slug.as_deref(), Some("asthme"));
    }

    #[test]
    fn hugo_sections_and_bundles_keep_their_shape() {
        let s = placed(
            Generator::Hugo,
            "health/_index.md",
            "+++\ntitle = 'H'\n+++\n",
        );
        assert_eq!(s.out_rel, PathBuf::from("health/_index.md"));
        assert_eq!(s.old_addresses, ["/health/"]);
        let b = placed(
            Generator::Hugo,
            "health/Asthma/index.md",
            "---\nurl: /asthma/\n---\n",
        );
        assert_eq!(b.out_rel, PathBuf::from("health/Asthma/index.md"));
        assert_eq!(b.old_addresses, ["/asthma/", "/health/Asthma/"]);
        let p = placed(
            Generator::Hugo,
            "Health/Diabetes.md",
            "---\nslug: sugar\n---\n",
        );
        assert_eq!(p.old_addresses, ["/health/sugar/"]);
    }

    #[test]
    fn a_translation_named_by_its_suffix_goes_to_its_language_folder() {
        let site = SourceSite {
            language: Some("fr".into()),
            other_languages: vec!["en".into()],
            ..SourceSite::default()
        };
        let place_in = |generator, rel: &str| {
            let page = front::read("---\ntitle: T\n---\n\nText.\n").unwrap();
            place(generator, &site, rel.into(), rel.into(), page)
        };
        let en = place_in(Generator::Hugo, "health/asthma.en.md");
        assert_eq!(en.out_rel, PathBuf::from("en/health/asthma.md"));
        assert_eq!(en.language.as_deref(), Some("en"));
        assert_eq!(en.in_language(), Path::new("health/asthma.md"));
        assert_eq!(en.old_addresses[0], "/en/health/asthma/");
        let fr = place_in(Generator::Zola, "health/asthma.fr.md");
        assert_eq!(fr.out_rel, PathBuf::from("health/asthma.md"));
        assert_eq!(fr.language, None);
        // Another generator's dots are part of the name.
        let jekyll = place_in(Generator::Jekyll, "health/asthma.en.md");
        assert_eq!(jekyll.out_rel, PathBuf::from("health/asthma.en.md"));
    }

    #[test]
    fn date_prefixes_are_only_real_dates() {
        assert_eq!(split_date_prefix("2024-01-02-a").1, "a");
        assert_eq!(split_date_prefix("2024-13-02-a").1, "2024-13-02-a");
        assert_eq!(split_date_prefix("2024-01-02").1, "2024-01-02");
    }
}
