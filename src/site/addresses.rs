//! Every address the site publishes, so that a link written as a site path (`/risks/`,
//! `<a href="/es/riesgos/">`) can be checked like a link to a Markdown file: a page, a file
//! of `content/`, an alias, the search page, a theme file, or a file careleaf writes.

use super::linked::EditionLinks;
use super::sources::EditionSources;

/// The paths (from the host's root, starting with `/`) a visitor can open on the site.
#[derive(Debug, Default, Clone)]
pub struct SiteAddresses {
    /// Each address in one form (`/dir/` for a folder's page, see [`canonical`]), by a 64-bit
    /// hash: a large site's tens of thousands of addresses are then no string each, and the
    /// few paths a build looks up are brought to the same form.
    paths: rustc_hash::FxHashSet<u64>,
    /// Every file's path besides the pages', in the order it was added: with `pages`, what
    /// the set is made of, in an order that does not depend on the set's (for the key).
    files: Vec<String>,
    /// The pages' addresses, for "did you mean" (files are seldom mistyped links).
    pages: Vec<String>,
    /// The default language's files, which pages of every language may show by their address
    /// (one photo for all the translations of a page).
    shared_files: Vec<SharedFile>,
}

/// A file of the default language's `content/` as other languages' pages can link it.
#[derive(Debug, Clone)]
pub struct SharedFile {
    /// Relative to `content/`.
    pub rel: std::path::PathBuf,
    /// Its address from the host's root.
    pub address: String,
}

/// What careleaf writes at the root besides pages.
const ROOT_FILES: &[&str] = &["sitemap.xml", "robots.txt", "404.html"];

impl SiteAddresses {
    pub fn new(editions: &[EditionSources], links: &[EditionLinks], statics: &[String]) -> Self {
        let mut addresses = SiteAddresses::default();
        let pages: usize = editions.iter().map(|e| e.content.pages.len()).sum();
        addresses.paths.reserve(3 * pages);
        addresses.pages.reserve(pages);
        // The default language's root path holds the files every language shares.
        let shared_root = links.first().map_or("/", |l| l.root_path());
        for name in ROOT_FILES
            .iter()
            .copied()
            .chain(statics.iter().map(String::as_str))
        {
            addresses.add_file(&format!("{shared_root}{name}"));
        }
        for (e, l) in editions.iter().zip(links) {
            let root = &l.root_path();
            for page in &e.content.pages {
                let path = format!("{root}{}", page.url);
                addresses.add_page(&path);
                for n in 1..page.list_parts() {
                    addresses.add_file(&format!("{root}{}", page.part_url(n)));
                }
                for alias in &page.front.aliases {
                    addresses.add_file(&format!("{root}{}", crate::content::alias_output(alias)));
                }
            }
            for asset in &e.content.assets {
                addresses.add_file(&format!("{root}{}", asset.url));
            }
            if addresses.shared_files.is_empty() && *root == shared_root {
                addresses.shared_files = e
                    .content
                    .assets
                    .iter()
                    .map(|a| SharedFile {
                        rel: a.rel.clone(),
                        address: format!("{root}{}", a.url),
                    })
                    .collect();
            }
            if let Some(search) = l.search_page() {
                addresses.add_file(&format!("{root}{search}"));
                addresses.add_file(&format!(
                    "{root}{}index.json",
                    search.trim_end_matches("index.html")
                ));
            }
        }
        addresses
    }

    /// The default language's files (pictures, PDFs), which every language may show.
    pub fn shared_files(&self) -> &[SharedFile] {
        &self.shared_files
    }

    /// Adds every address to `key`, in an order that does not depend on the set's.
    pub fn add_to_key(&self, key: &mut crate::cache_key::KeyWriter) {
        for path in &self.files {
            key.part(path.as_bytes());
        }
        key.part(b"pages");
        for path in &self.pages {
            key.part(path.as_bytes());
        }
        for file in &self.shared_files {
            key.part(file.rel.as_os_str().as_encoded_bytes())
                .part(file.address.as_bytes());
        }
    }

    fn add_page(&mut self, path: &str) {
        self.pages.push(path.to_string());
        self.add_reachable(path);
    }

    fn add_file(&mut self, path: &str) {
        self.files.push(path.to_string());
        self.add_reachable(path);
    }

    /// `dir/index.html` is also reachable as `dir/` and `dir` (static hosts redirect it).
    fn add_reachable(&mut self, path: &str) {
        self.paths.insert(hash(&canonical(path)));
    }
}

/// The one form of an address the set holds: a folder's page as `/dir/` however it was
/// written (`/dir/index.html`, `/dir/`), any other file as it is.
fn canonical(path: &str) -> std::borrow::Cow<'_, str> {
    match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir.into(),
        _ => path.into(),
    }
}

fn hash(path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(path.as_bytes())
}

impl crate::markdown::SitePaths for SiteAddresses {
    fn contains(&self, path: &str) -> bool {
        if path.is_empty() {
            return false;
        }
        let path = canonical(path);
        // `/dir` (no slash) is the folder's page too, as static hosts redirect it.
        self.paths.contains(&hash(&path))
            || (!path.ends_with('/') && self.paths.contains(&hash(&format!("{path}/"))))
    }

    fn closest_page(&self, path: &str) -> Option<&str> {
        self.pages
            .iter()
            .map(|p| (p, strsim::normalized_damerau_levenshtein(path, p)))
            .filter(|(_, score)| *score >= 0.6)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(p, _)| p.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::SitePaths;

    #[test]
    fn a_page_is_reachable_with_and_without_its_slash_and_index() {
        let mut a = SiteAddresses::default();
        a.add_page("/risks/");
        a.add_file("/img/chart.png");
        a.add_file("/old/index.html");
        for ok in [
            "/risks/",
            "/risks",
            "/risks/index.html",
            "/img/chart.png",
            "/old/",
            "/old",
        ] {
            assert!(a.contains(ok), "{ok}");
        }
        a.add_page("/");
        assert!(a.contains("/") && a.contains("/index.html"));
        a.add_file("/guides/myindex.html");
        assert!(a.contains("/guides/myindex.html"));
        for missing in [
            "/risk/",
            "/img/",
            "/img/chart.jpg",
            "/risks/x",
            "/img/chart.png/",
            "/guides/my",
            "",
        ] {
            assert!(!a.contains(missing), "{missing}");
        }
        assert_eq!(a.closest_page("/risk/"), Some("/risks/"));
        assert_eq!(a.closest_page("/completely-other/"), None);
    }
}
