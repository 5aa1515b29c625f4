//! What an edition publishes besides its pages: the 404 page, static and content files (and
//! the pictures made from them), alias
//! redirects and its sitemap entries.

use super::*;
use crate::cache_key::{Key, KeyWriter};

impl Edition {
    /// The 404 page, when the theme has one.
    pub fn not_found_page(&self) -> Result<Option<String>, Diagnostic> {
        if !self.renderer.has_template("404.html") {
            return Ok(None);
        }
        let empty = Rendered::default();
        let extra = serde_json::Map::new();
        self.renderer
            .render("404.html", &self.contexts().not_found(&empty, &extra))
            .map(Some)
    }

    /// The theme's static files, under their published names.
    pub fn static_files(&self) -> impl Iterator<Item = Extra<'_>> {
        self.theme
            .statics
            .iter()
            .zip(&self.static_names)
            .map(|(file, name)| Extra::Bytes(name.clone(), (&file.bytes[..]).into()))
    }

    /// Files of `content/` published as they are (images, PDFs…).
    pub fn content_files(&self) -> impl Iterator<Item = Extra<'_>> {
        let mut dir = PathBuf::from("content");
        if let Some(d) = &self.language_dir {
            dir.push(d);
        }
        let made = self
            .features
            .iter()
            .flat_map(|f| f.copies())
            .map(|(path, from, shown)| Extra::Copy(path, from, shown));
        self.content
            .assets
            .iter()
            .map(move |a| {
                Extra::Copy(
                    a.url.clone(),
                    self.root.join(&dir).join(&a.rel),
                    self.label.join(&dir).join(&a.rel),
                )
            })
            .chain(made)
    }

    /// How many picture files this load made rather than took from the cache.
    pub fn pictures_made(&self) -> usize {
        self.features
            .iter()
            .filter_map(|f| f.pictures())
            .map(|p| p.made())
            .sum()
    }

    /// The site's resized pictures, if it has the feature.
    pub fn pictures(&self) -> Option<&crate::features::images::Images> {
        self.features.iter().find_map(|f| f.pictures())
    }

    /// A small page at each alias (an old address) that sends visitors and search engines on
    /// to the page's address now. Static hosts cannot all do HTTP redirects, so the theme's
    /// `redirect.html` is a `refresh` with a canonical link and a plain link for anyone whose
    /// browser stays.
    pub fn redirect_files(&self) -> Result<Vec<Extra<'_>>, Diagnostic> {
        let contexts = self.contexts();
        let mut files = Vec::new();
        for page in self
            .content
            .pages
            .iter()
            .filter(|p| !p.front.aliases.is_empty())
        {
            let target = contexts.permalink(&page.url);
            let html = self.renderer.render_file(
                crate::theme::REDIRECT_TEMPLATE,
                &output::RedirectView {
                    language: &self.config().language,
                    title: &page.front.title,
                    target: &target,
                },
            )?;
            for alias in &page.front.aliases {
                files.push(Extra::Bytes(
                    crate::content::alias_output(alias),
                    html.clone().into_bytes().into(),
                ));
            }
        }
        Ok(files)
    }

    /// Renders one of the theme's templates for a file that is not a page.
    pub fn render_file<T: serde::Serialize>(
        &self,
        template: &str,
        values: &T,
    ) -> Result<String, Diagnostic> {
        self.renderer.render_file(template, values)
    }

    /// The absolute address of `path` (root-relative without a `base_url`).
    pub fn permalink(&self, path: &str) -> String {
        self.contexts().permalink(path)
    }

    /// The key of a file rendered through `template` from values whose key is `values_key`.
    pub fn file_key(&self, template: &str, values_key: Key) -> Key {
        let mut key = self.renderer.globals_key();
        key.part(template.as_bytes()).part(&values_key).finish()
    }

    /// Adds to `key` everything this edition's sitemap entries are made from, without making
    /// them: each page's address, date (`updated`, else `date`), the number of parts of its
    /// list and its translations; the features' addresses; where addresses start. Nothing else
    /// of a page: a new title leaves the sitemaps as they are.
    pub fn add_sitemap_inputs(&self, key: &mut KeyWriter) {
        key.part(self.contexts().permalink("").as_bytes());
        let alternates = self.links.alternates();
        for (i, page) in self.content.pages.iter().enumerate() {
            let date = page.front.updated.or(page.front.date);
            let date = date.map_or([0; 4], |d| {
                let [y0, y1] = d.year().to_le_bytes();
                [y0, y1, d.month() as u8, d.day() as u8]
            });
            key.part(page.url.as_bytes())
                .part(&date)
                .part(&(page.list_parts() as u64).to_le_bytes());
            let _ = serde_json::to_writer(&mut *key, &alternates.get(i));
        }
        for path in self.features.iter().flat_map(|f| f.sitemap_paths()) {
            key.part(path.as_bytes());
        }
    }

    /// How many entries [`Edition::sitemap_entries`] makes.
    pub fn sitemap_entry_count(&self) -> usize {
        let pages: usize = self.content.pages.iter().map(|p| p.list_parts()).sum();
        pages
            + self
                .features
                .iter()
                .map(|f| f.sitemap_paths().len())
                .sum::<usize>()
    }

    /// This edition's entries of `sitemap.xml`.
    pub fn sitemap_entries(&self) -> Vec<output::SitemapEntry> {
        let contexts = self.contexts();
        // In parallel, each page's entry in its place (a list gathered in pieces is copied
        // again): every build makes them, to see whether a sitemap changed.
        let pages = &self.content.pages;
        let mut entries = Vec::with_capacity(pages.len());
        (pages.par_iter().enumerate())
            .map(|(i, p)| self.sitemap_entry(&contexts, i, p))
            .collect_into_vec(&mut entries);
        // The later parts of a long list come after their page's entry (its first part).
        let long_lists = pages.iter().enumerate().filter(|(_, p)| p.list_parts() > 1);
        let parts: Vec<(usize, Vec<output::SitemapEntry>)> = long_lists
            .map(|(i, p)| {
                let part = |n| output::SitemapEntry {
                    loc: contexts.permalink(&p.part_url(n)),
                    lastmod: None,
                    alternates: Vec::new(),
                };
                (i, (1..p.list_parts()).map(part).collect())
            })
            .collect();
        if !parts.is_empty() {
            let mut parts = parts.into_iter().peekable();
            let mut merged = Vec::with_capacity(entries.len() + parts.len());
            for (i, entry) in entries.into_iter().enumerate() {
                merged.push(entry);
                if let Some((_, later)) = parts.next_if(|(at, _)| *at == i) {
                    merged.extend(later);
                }
            }
            entries = merged;
        }
        entries.extend(
            self.features
                .iter()
                .flat_map(|f| f.sitemap_paths())
                .map(|path| output::SitemapEntry {
                    loc: contexts.permalink(&path),
                    lastmod: None,
                    alternates: Vec::new(),
                }),
        );
        entries
    }

    /// Page `i`'s entry of the sitemap, with its translations.
    fn sitemap_entry(
        &self,
        contexts: &crate::render::ContextBuilder,
        i: usize,
        p: &crate::content::Page,
    ) -> output::SitemapEntry {
        output::SitemapEntry {
            loc: contexts.permalink(&p.url),
            lastmod: p.front.updated.or(p.front.date).map(|d| d.to_string()),
            alternates: self
                .links
                .alternates()
                .get(i)
                .map_or_else(Vec::new, |alts| {
                    let found: Vec<output::SitemapAlternate> = alts
                        .iter()
                        .filter(|a| a.translated)
                        .map(|a| output::SitemapAlternate {
                            code: a.code.clone(),
                            href: a.permalink.clone(),
                        })
                        .collect();
                    // A page only in its own language has no alternates to list.
                    if found.len() > 1 { found } else { Vec::new() }
                }),
        }
    }
}
