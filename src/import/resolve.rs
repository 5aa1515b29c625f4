//! Where a link of the old site leads: to an imported page (by its file or by any of its old
//! addresses), to a file of the source (an image, a PDF), or nowhere careleaf can tell.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::detect::Generator;
use super::plan::{Planned, is_page_file};

/// What a link reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An imported page (index into the plan) and the `#fragment`, if any.
    Page(usize, Option<String>),
    /// A file of the source folder (absolute path) and the `#fragment`, if any.
    File(PathBuf, Option<String>),
    /// Not a link into the old site (another website, an e-mail, `#top`).
    Elsewhere,
    /// A link into the old site that reaches nothing, but whose last part names exactly one
    /// imported page (`/conditions/muscle-loss/` when the page is `/resources/muscle-loss/`):
    /// most likely a page that moved. The importer takes it and asks an editor to confirm.
    Guessed(usize, Option<String>),
    /// A link into the old site that reaches nothing.
    Missing,
}

pub struct Index {
    source: PathBuf,
    content_root: PathBuf,
    generator: Generator,
    by_file: HashMap<PathBuf, usize>,
    by_address: HashMap<String, usize>,
    by_post: HashMap<String, usize>,
    /// Pages by the last part of their addresses; None where two pages share one.
    by_last_part: HashMap<String, Option<usize>>,
    /// The old site's address (`https://example.org/info`) without its trailing slash.
    base_url: Option<String>,
}

impl Index {
    pub fn new(
        source: &Path,
        content_root: &Path,
        generator: Generator,
        base_url: Option<&str>,
        pages: &[Planned],
    ) -> Index {
        let mut by_file = HashMap::new();
        let mut by_address = HashMap::new();
        let mut by_post = HashMap::new();
        let mut by_last_part: HashMap<String, Option<usize>> = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            let parts: std::collections::BTreeSet<String> = p
                .old_addresses
                .iter()
                .filter_map(|a| last_part(a))
                .collect();
            for part in parts {
                by_last_part
                    .entry(part)
                    .and_modify(|e| *e = e.filter(|&j| j == i))
                    .or_insert(Some(i));
            }
            by_file.insert(lower(&p.content_rel), i);
            for a in &p.old_addresses {
                by_address.entry(address_key(a)).or_insert(i);
            }
            if let Some(name) = &p.post_name {
                by_post.insert(name.to_lowercase(), i);
            }
        }
        Index {
            source: source.to_path_buf(),
            content_root: content_root.to_path_buf(),
            generator,
            by_file,
            by_address,
            by_post,
            by_last_part,
            base_url: base_url.map(|b| b.trim_end_matches('/').to_string()),
        }
    }

    /// The page Jekyll's `{% post_url 2024-01-02-asthma %}` names.
    pub fn post(&self, name: &str) -> Option<usize> {
        let name = name.trim().trim_end_matches(".md");
        let name = name.rsplit('/').next().unwrap_or(name);
        self.by_post.get(&name.to_lowercase()).copied()
    }

    /// Where `link`, written on page `from`, leads.
    pub fn resolve(&self, link: &str, from: &Planned) -> Target {
        let link = link.trim();
        let link = match &self.base_url {
            Some(base) if !base.is_empty() && link.starts_with(base.as_str()) => {
                let rest = &link[base.len()..];
                if rest.is_empty() || rest.starts_with(['/', '#', '?']) {
                    rest
                } else {
                    link
                }
            }
            _ => link,
        };
        if link.is_empty() || link.starts_with('#') || is_elsewhere(link) {
            return Target::Elsewhere;
        }
        let (path, fragment) = match link.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string()).filter(|f| !f.is_empty())),
            None => (link, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let path = percent_decode(path);
        // Zola links to a page by its file: `@/health/asthma.md`.
        let path = match path.strip_prefix("@/") {
            Some(rest) => format!("/{rest}"),
            None => path,
        };
        let page_dir = from.content_rel.parent().unwrap_or(Path::new(""));
        if let Some(i) = self.page_by_file(&path, page_dir) {
            return Target::Page(i, fragment);
        }
        if let Some(i) = self.page_by_address(&path, from) {
            return Target::Page(i, fragment);
        }
        if let Some(file) = self.file(&path, from) {
            return Target::File(file, fragment);
        }
        match last_part(&path).and_then(|part| self.by_last_part.get(&part).copied().flatten()) {
            Some(i) => Target::Guessed(i, fragment),
            None => Target::Missing,
        }
    }

    fn page_by_file(&self, path: &str, page_dir: &Path) -> Option<usize> {
        let joined = match path.strip_prefix('/') {
            Some(rest) => PathBuf::from(rest.strip_prefix("content/").unwrap_or(rest)),
            None => page_dir.join(path),
        };
        let base = clean(&joined)?;
        let mut candidates = vec![base.clone()];
        let text = base.to_string_lossy().into_owned();
        if let Some(stem) = text.strip_suffix(".html") {
            candidates.push(PathBuf::from(format!("{stem}.md")));
        }
        if !is_page_file(&base) {
            for ext in ["md", "markdown"] {
                candidates.push(PathBuf::from(format!("{text}.{ext}")));
            }
            for index in ["index.md", "_index.md", "README.md", "index.markdown"] {
                candidates.push(base.join(index));
            }
        }
        candidates
            .iter()
            .find_map(|c| self.by_file.get(&lower(c)).copied())
    }

    fn page_by_address(&self, path: &str, from: &Planned) -> Option<usize> {
        let absolute = if path.starts_with('/') {
            path.to_string()
        } else {
            // A relative address is read from the page's own address, as a browser would.
            let here = from.old_addresses.first().map_or("/", String::as_str);
            let dir = match here.rfind('/') {
                Some(i) => &here[..=i],
                None => "/",
            };
            format!("{dir}{path}")
        };
        let key = address_key(&absolute);
        self.by_address.get(&key).copied().or_else(|| {
            // The old site may have lived in a folder of its domain (`/info/asthma/`).
            let base_path = self.base_path()?;
            let rest = absolute.strip_prefix(&base_path)?;
            self.by_address
                .get(&address_key(&format!("/{rest}")))
                .copied()
        })
    }

    fn base_path(&self) -> Option<String> {
        let base = self.base_url.as_deref()?;
        let after_scheme = base.split_once("://").map_or(base, |(_, r)| r);
        let path = after_scheme.find('/').map(|i| &after_scheme[i..])?;
        let path = path.trim_end_matches('/');
        (!path.is_empty()).then(|| format!("{path}/"))
    }

    /// A file the link names, looked for beside the page and where each generator keeps its
    /// files (Hugo's and Zola's `static/`, the source's root).
    fn file(&self, path: &str, from: &Planned) -> Option<PathBuf> {
        let page_dir = self
            .content_root
            .join(from.content_rel.parent().unwrap_or(Path::new("")));
        let mut candidates = Vec::new();
        match path.strip_prefix('/') {
            Some(rest) => {
                let mut rests = vec![rest.to_string()];
                if let Some(base) = self.base_path()
                    && let Some(r) = path.strip_prefix(&base)
                {
                    rests.push(r.to_string());
                }
                for rest in rests {
                    if matches!(self.generator, Generator::Hugo | Generator::Zola) {
                        candidates.push(self.source.join("static").join(&rest));
                        candidates.push(self.source.join("assets").join(&rest));
                    }
                    candidates.push(self.content_root.join(&rest));
                    candidates.push(self.source.join(&rest));
                }
            }
            None => candidates.push(page_dir.join(path)),
        }
        candidates.into_iter().find_map(|c| {
            let c = clean_absolute(&c);
            (c.starts_with(&self.source) && c.is_file() && !is_page_file(&c)).then_some(c)
        })
    }
}

/// Links careleaf leaves as they are: other websites, e-mail, phone numbers.
/// The last part of an address, lowercase, without `.html`: `/a/Muscle-Loss/` → `muscle-loss`.
fn last_part(address: &str) -> Option<String> {
    let part = address.trim_end_matches('/').rsplit('/').next()?;
    let part = part.strip_suffix(".html").unwrap_or(part);
    (!part.is_empty() && part != "index").then(|| part.to_lowercase())
}

fn is_elsewhere(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    if lower.starts_with("//") {
        return true;
    }
    let colon = lower.find(':');
    let slash = lower.find('/').unwrap_or(usize::MAX);
    colon.is_some_and(|c| c < slash && !lower.starts_with("@/"))
}

/// An address in one form for lookups: lowercase, `index.html` and `.html` left out, one
/// trailing slash (`/Health/Asthma.html` → `/health/asthma/`).
pub fn address_key(address: &str) -> String {
    let mut a = percent_decode(address.trim()).to_lowercase();
    if !a.starts_with('/') {
        a.insert(0, '/');
    }
    for suffix in ["index.html", "index.htm", ".html", ".htm"] {
        if let Some(stripped) = a.strip_suffix(suffix) {
            a = stripped.to_string();
            break;
        }
    }
    let segments: Vec<&str> = a
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let mut out: Vec<&str> = Vec::new();
    for s in segments {
        if s == ".." {
            out.pop();
        } else {
            out.push(s);
        }
    }
    if out.is_empty() {
        "/".into()
    } else {
        format!("/{}/", out.join("/"))
    }
}

fn lower(path: &Path) -> PathBuf {
    PathBuf::from(path.to_string_lossy().to_lowercase())
}

/// `a/./b/../c` → `a/c`; None when it climbs above its start.
pub fn clean(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::ParentDir if !out.pop() => return None,
            _ => {}
        }
    }
    Some(out)
}

/// An absolute path with `.` and `..` resolved (no links followed).
pub fn clean_absolute(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The link from the page at `from` (relative to careleaf's `content/`) to `to`.
pub fn relative(from: &Path, to: &Path) -> String {
    let from_dir: Vec<_> = from
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<String> = vec!["..".into(); from_dir.len() - common];
    out.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    let joined = out.join("/");
    // Spaces and parentheses would end a Markdown link's address.
    joined
        .replace('%', "%25")
        .replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_compared_in_one_form() {
        assert_eq!(address_key("/Health/Asthma.html"), "/health/asthma/");
        assert_eq!(address_key("/health/asthma/index.html"), "/health/asthma/");
        assert_eq!(address_key("/health/../asthma"), "/asthma/");
        assert_eq!(address_key("/d%C3%A9pistage/"), "/dépistage/");
        assert_eq!(address_key("/"), "/");
    }

    #[test]
    fn relative_links_climb_to_the_common_folder() {
        let from = Path::new("health/lungs/asthma.md");
        assert_eq!(
            relative(from, Path::new("health/diabetes.md")),
            "../diabetes.md"
        );
        assert_eq!(
            relative(from, Path::new("health/lungs/x y.png")),
            "x%20y.png"
        );
        assert_eq!(relative(Path::new("a.md"), Path::new("b/c.md")), "b/c.md");
    }

    #[test]
    fn other_websites_and_mail_are_elsewhere() {
        for link in ["https://a.org/", "mailto:a@b.org", "tel:123", "//cdn.org/x"] {
            assert!(is_elsewhere(link), "{link}");
        }
        for link in ["/a/", "a.md", "@/a.md", "../a/"] {
            assert!(!is_elsewhere(link), "{link}");
        }
    }
}
