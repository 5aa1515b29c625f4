//! The whole site, built in stages that are values: [`Sources`] (everything read from disk) →
//! [`linked`] (URLs, menus, translations: what needs the whole site) → one [`Edition`] per
//! language (its pages' Markdown rendered, its features loaded) → the files to write
//! ([`Site::render_pages`] and [`Site::extras`]).

pub mod addresses;
pub mod linked;
pub mod sources;

pub use linked::{Alternate, EditionLinks, Link, SEARCH_TEMPLATE, permalink};
pub use sources::{EditionSources, LanguageLink, SiteOptions, Sources};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use addresses::SiteAddresses;

use crate::diagnostic::{Diagnostic, Errors};
use crate::edition::{Edition, EditionOptions, MarkdownIndex, Reloaded};
use crate::output;
use crate::output::PageSink;

pub use crate::edition::Extra;

pub struct Site {
    root: PathBuf,
    label: PathBuf,
    /// The default language first.
    editions: Vec<Edition>,
    warnings: Vec<Diagnostic>,
    /// Wall time of each stage, summed over the editions, for `build --timings`.
    timings: Vec<(&'static str, std::time::Duration)>,
}

impl Site {
    /// Reads, links and renders the site: every stage up to the pages' HTML. Any problem
    /// fails it.
    pub fn load(opts: &SiteOptions) -> Result<Site, Errors> {
        let site = Site::load_as_far_as_possible(opts)?;
        let mut errors = Errors::default();
        for e in &site.editions {
            errors.0.extend(e.errors().0.iter().cloned());
        }
        errors.into_result(site)
    }

    /// Like [`Site::load`], but pages whose links or embeds are wrong are kept, with their
    /// problems in [`Edition::errors`], so that `check` can report those and lint the pages
    /// in one run. Fails only when the site cannot be read or linked at all.
    pub fn load_as_far_as_possible(opts: &SiteOptions) -> Result<Site, Errors> {
        let started = std::time::Instant::now();
        let loaded = Sources::read_config(opts)?;
        // Each language's Markdown cache index is read on a thread of its own from here, while
        // the sources are read and linked (see `MarkdownIndex`).
        let reads_caches = opts.lean && opts.markdown_cache;
        let languages = std::iter::once(&loaded.config.language)
            .chain(loaded.config.languages.iter().map(|l| &l.code));
        let markdown_indexes: Vec<Option<MarkdownIndex>> = languages
            .map(|code| reads_caches.then(|| MarkdownIndex::start(&opts.root, code)))
            .collect();
        let sources = Sources::load(opts, loaded)?;
        let links = linked::link(&sources)?;
        let statics: Vec<String> = output::fingerprint(&sources.theme().statics)
            .into_iter()
            .map(|s| s.out_name)
            .collect();
        let addresses = Arc::new(SiteAddresses::new(sources.editions(), &links, &statics));
        let read = started.elapsed();
        let (root, label, theme, edition_sources) = sources.into_parts();
        let mut editions = Vec::new();
        let mut errors = Errors::default();
        let editions_with = edition_sources.into_iter().zip(links).zip(markdown_indexes);
        for ((sources, links), markdown_index) in editions_with {
            let result = Edition::load(EditionOptions {
                root: &root,
                label: &label,
                theme: theme.clone(),
                sources,
                links,
                addresses: Arc::clone(&addresses),
                reading_units: opts.reading_units,
                lean: opts.lean,
                markdown_cache: opts.markdown_cache,
                markdown_index,
            });
            match result {
                Ok(e) => editions.push(e),
                Err(es) => errors.0.extend(es.0),
            }
        }
        let editions = errors.into_result(editions)?;
        let mut warnings = Vec::new();
        let mut timings: Vec<(&'static str, std::time::Duration)> = vec![("read", read)];
        for e in &editions {
            warnings.extend(e.warnings().iter().cloned());
            for (stage, d) in e.timings() {
                match timings.iter_mut().find(|(s, _)| s == stage) {
                    Some((_, total)) => *total += *d,
                    None => timings.push((stage, *d)),
                }
            }
        }
        Ok(Site {
            root,
            label,
            editions,
            warnings,
            timings,
        })
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How the site's folder is shown in messages.
    pub fn label(&self) -> &Path {
        &self.label
    }

    /// Every language's edition, the default first.
    pub fn editions(&self) -> &[Edition] {
        &self.editions
    }

    /// What the build warns about, in every language (after an edit: in the edited page).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Wall time of each stage, summed over the editions, for `build --timings`.
    pub fn timings(&self) -> &[(&'static str, std::time::Duration)] {
        &self.timings
    }

    /// Lets go of every page's plain text once search has indexed it (see
    /// [`Edition::forget_page_text`]); for `build`, which neither checks nor re-indexes.
    pub fn forget_page_text(&mut self) {
        for e in &mut self.editions {
            e.forget_page_text();
        }
    }

    /// Why an edition's read or Markdown cache could not be trusted, one line each.
    pub fn cache_warnings(&self) -> Vec<String> {
        self.editions
            .iter()
            .flat_map(|e| e.cache_warnings().map(str::to_string))
            .collect()
    }

    /// Takes out of every edition what its caches are saved from (see
    /// [`Edition::take_cache_parts`]).
    pub fn take_cache_parts(&mut self) -> Vec<Option<crate::edition::CacheParts>> {
        self.editions
            .iter_mut()
            .map(Edition::take_cache_parts)
            .collect()
    }

    /// Keeps what every edition read and rendered for the next build (see
    /// [`Edition::save_caches`]), one edition after another.
    pub fn save_caches(
        &self,
        parts: Vec<Option<crate::edition::CacheParts>>,
    ) -> std::io::Result<()> {
        for (e, parts) in self.editions.iter().zip(parts) {
            if let Some(parts) = parts {
                e.save_caches(parts)?;
            }
            e.save_feature_caches();
        }
        Ok(())
    }

    /// The edition in the site's default language.
    pub fn default_edition(&self) -> &Edition {
        // Cannot fail: `Site::load` loads the default language first and fails if it cannot.
        &self.editions[0]
    }

    pub fn page_count(&self) -> usize {
        self.editions.iter().map(|e| e.content().pages.len()).sum()
    }

    /// How many page files the site publishes: one per page, and one more per further part of
    /// a long list.
    pub fn page_file_count(&self) -> usize {
        (self.editions.iter())
            .flat_map(|e| &e.content().pages)
            .map(crate::content::Page::list_parts)
            .sum()
    }

    /// How many page files this load read (the others were taken from the read cache).
    pub fn pages_read(&self) -> usize {
        self.editions.iter().map(|e| e.content().pages_read).sum()
    }

    /// How many languages' content folders this load walked (the others' files were as the
    /// last walk found them).
    pub fn folders_walked(&self) -> usize {
        self.editions.iter().filter(|e| e.content().walked).count()
    }

    /// Renders every page of every edition that `sink` does not already hold, adding the
    /// nanoseconds spent rendering to `render_ns`.
    pub fn render_pages_into(
        &self,
        sink: &impl crate::edition::PageSink,
        render_ns: &std::sync::atomic::AtomicU64,
    ) -> Result<(), Errors> {
        let mut errors = Errors::default();
        for e in &self.editions {
            if let Err(es) = e.render_pages_into(sink, render_ns) {
                errors.0.extend(es.0);
            }
        }
        errors.into_result(())
    }

    /// Renders every page of every edition and hands each to `write` (output path, HTML).
    pub fn render_pages<W>(&self, write: W) -> Result<(), Errors>
    where
        W: Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync,
    {
        self.render_pages_into(&write, &std::sync::atomic::AtomicU64::new(0))
    }

    /// Everything published besides the pages: the 404 page and static files (once, from the
    /// default language), every edition's content files, the sitemap and robots.txt.
    pub fn extras(&self) -> Result<Vec<Extra<'_>>, Diagnostic> {
        let mut extras = Vec::new();
        self.each_extra((None, None), |extra| {
            extras.push(extra);
            Ok(())
        })?;
        Ok(extras)
    }

    /// Hands each file the site publishes besides its pages to `out` as soon as it is made,
    /// so that a large site's extras (sitemaps, search index, topic pages) are not all held at
    /// once. A feature's own pages (topic pages) go to `pages` instead, and the sitemaps to
    /// `files`, when there are such sinks; each is taken as it is when its sink holds it.
    pub fn each_extra<'a>(
        &'a self,
        (pages, files): (Option<&dyn PageSink>, Option<&dyn PageSink>),
        mut out: impl FnMut(Extra<'a>) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        let first = self.default_edition();
        if let Some(html) = first.not_found_page()? {
            out(Extra::Bytes("404.html".into(), html.into_bytes().into()))?;
        }
        for extra in first.static_files() {
            out(extra)?;
        }
        // Before the features' files: search's may wait for its index, made beside the build.
        let sitemaps = self.sitemaps_of(output::SITEMAP_URLS, files)?;
        for e in &self.editions {
            for extra in e.content_files().chain(e.redirect_files()?) {
                out(extra)?;
            }
            for (path, bytes) in e.feature_files_into((pages, files))? {
                out(Extra::Bytes(path, bytes.into()))?;
            }
        }
        let sitemap_url =
            (!first.config().base_url.is_empty()).then(|| first.permalink("sitemap.xml"));
        for (path, xml) in sitemaps {
            out(Extra::Bytes(path, xml.into_bytes().into()))?;
        }
        let robots = first.render_file(
            crate::theme::ROBOTS_TEMPLATE,
            &output::RobotsView {
                sitemap_url: sitemap_url.as_deref(),
            },
        )?;
        out(Extra::Bytes(
            "robots.txt".into(),
            robots.into_bytes().into(),
        ))
    }

    /// The sitemap files (output path, XML) with every language's pages and their
    /// alternates; none without a `base_url` (their addresses must be absolute).
    /// `sitemap.xml` lists the pages; past [`output::SITEMAP_URLS`] of them it is a sitemap
    /// index of `sitemap-1.xml`, `sitemap-2.xml`… (search engines read at most 50,000
    /// addresses from one file).
    pub fn sitemaps(&self) -> Result<Vec<(String, String)>, Diagnostic> {
        self.sitemaps_of(output::SITEMAP_URLS, None)
    }

    /// The sitemap files as [`Site::sitemaps`] makes them, each handed to `sink` instead when
    /// it is keyed (and taken as it is when the sink holds it): only the others are returned.
    fn sitemaps_of(
        &self,
        urls_per_file: usize,
        sink: Option<&dyn PageSink>,
    ) -> Result<Vec<(String, String)>, Diagnostic> {
        let first = self.default_edition();
        if first.config().base_url.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(sink) = sink.filter(|s| s.keyed()) {
            self.keyed_sitemaps(urls_per_file, sink)?;
            return Ok(Vec::new());
        }
        let mut editions = self.editions.iter().map(Edition::sitemap_entries);
        let mut entries = editions.next().unwrap_or_default();
        entries.extend(editions.flatten());
        let sitemap = crate::theme::SITEMAP_TEMPLATE;
        if entries.len() <= urls_per_file {
            let xml = first.render_file(sitemap, &output::SitemapView::new(&entries))?;
            return Ok(vec![("sitemap.xml".to_string(), xml)]);
        }
        let chunks: Vec<&[output::SitemapEntry]> = entries.chunks(urls_per_file.max(1)).collect();
        let listed = sitemap_files(first, &chunks);
        let view = output::SitemapIndexView { sitemaps: &listed };
        let index = first.render_file(crate::theme::SITEMAP_INDEX_TEMPLATE, &view)?;
        let mut files = vec![("sitemap.xml".to_string(), index)];
        for (n, chunk) in chunks.iter().enumerate() {
            let xml = first.render_file(sitemap, &output::SitemapView::new(chunk))?;
            files.push((format!("sitemap-{}.xml", n + 1), xml));
        }
        Ok(files)
    }

    /// The sitemap files handed to a keyed `sink`, each keyed by what every entry is made
    /// from rather than by the entries: a build whose sitemaps are as the last one left them
    /// makes none of the entries (at 10,000 pages, making them and hashing their JSON was a
    /// twentieth of a one-edit build). The entries are made only when a file is rendered.
    fn keyed_sitemaps(&self, urls_per_file: usize, sink: &dyn PageSink) -> Result<(), Diagnostic> {
        let first = self.default_edition();
        let mut inputs = crate::cache_key::KeyWriter::default();
        inputs.part(&(urls_per_file as u64).to_le_bytes());
        for e in &self.editions {
            e.add_sitemap_inputs(&mut inputs);
        }
        let inputs = inputs.finish();
        let count: usize = self.editions.iter().map(Edition::sitemap_entry_count).sum();
        let per_file = urls_per_file.max(1);
        let files = if count <= per_file {
            0
        } else {
            count.div_ceil(per_file)
        };
        let key = |path: &str, template: &str| {
            let mut values = crate::cache_key::KeyWriter::default();
            first.file_key(
                template,
                values.part(&inputs).part(path.as_bytes()).finish(),
            )
        };
        let (sitemap, index) = (
            crate::theme::SITEMAP_TEMPLATE,
            crate::theme::SITEMAP_INDEX_TEMPLATE,
        );
        let paths: Vec<(String, &str)> = match files {
            0 => vec![("sitemap.xml".to_string(), sitemap)],
            n => (1..=n)
                .map(|k| (format!("sitemap-{k}.xml"), sitemap))
                .chain([("sitemap.xml".to_string(), index)])
                .collect(),
        };
        let keyed: Vec<(&str, &str, crate::cache_key::Key)> = (paths.iter())
            .map(|(path, template)| (path.as_str(), *template, key(path, template)))
            .collect();
        let stale: Vec<usize> = (0..keyed.len())
            .filter(|&k| !sink.reuse(keyed[k].0, keyed[k].2))
            .collect();
        if stale.is_empty() {
            return Ok(());
        }
        let mut editions = self.editions.iter().map(Edition::sitemap_entries);
        let mut entries = editions.next().unwrap_or_default();
        entries.extend(editions.flatten());
        let chunks: Vec<&[output::SitemapEntry]> = entries.chunks(per_file).collect();
        for k in stale {
            let (path, template, key) = keyed[k];
            let xml = match chunks.get(k) {
                Some(chunk) if files == 0 || k < files => {
                    first.render_file(template, &output::SitemapView::new(chunk))?
                }
                None if files == 0 => {
                    first.render_file(template, &output::SitemapView::new(&entries))?
                }
                _ => {
                    let listed = sitemap_files(first, &chunks);
                    let view = output::SitemapIndexView { sitemaps: &listed };
                    first.render_file(template, &view)?
                }
            };
            sink.write(path, key, xml.as_bytes())?;
        }
        Ok(())
    }

    /// The edition whose folder holds `rel` (relative to `content/`), and `rel` within it.
    pub fn edition_of(&self, rel: &Path) -> (usize, std::path::PathBuf) {
        self.editions
            .iter()
            .enumerate()
            .skip(1)
            .find_map(|(i, e)| {
                let dir = e.language_dir()?;
                rel.strip_prefix(dir).ok().map(|r| (i, r.to_path_buf()))
            })
            .unwrap_or((0, rel.to_path_buf()))
    }

    /// Edition `index`, to render a draft in ([`Edition::with_draft`]).
    pub fn edition_mut(&mut self, index: usize) -> Option<&mut Edition> {
        self.editions.get_mut(index)
    }

    /// After an edit to the page at `rel` (relative to `content/`): which edition it belongs
    /// to and what to render again, or None when the edit needs a full load.
    pub fn reload_page(&mut self, rel: &Path) -> Result<Option<(usize, Reloaded)>, Errors> {
        let (index, within) = self.edition_of(rel);
        // Cannot fail: `index` enumerates `editions` (or is the default, 0), and `page_by_rel`
        // holds indices into that edition's own pages.
        let edition = &mut self.editions[index];
        let key_before = edition
            .content()
            .page_by_rel
            .get(&within)
            .map(|&i| edition.content().pages[i].front.translation_key.clone());
        let Some(reloaded) = edition.reload_page(&within)? else {
            return Ok(None);
        };
        // Another translation key links the page to other pages: load everything again.
        let key_after = edition
            .content()
            .page_by_rel
            .get(&within)
            .map(|&i| edition.content().pages[i].front.translation_key.clone());
        if key_before != key_after {
            return Ok(None);
        }
        self.warnings = edition.warnings().to_vec();
        Ok(Some((index, reloaded)))
    }

    /// Lets edition `index`'s features index its pages again after edits (search); returns
    /// their files as published. Kept apart from [`Site::reload_page`] so that the preview
    /// can show the edited page first and bring search up to date right after.
    pub fn refresh_features(&mut self, index: usize) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        let Some(edition) = self.editions.get_mut(index) else {
            return Ok(Vec::new());
        };
        edition.index_features();
        edition.feature_files()
    }
}

/// The files of a sitemap index, one per chunk of entries (`sitemap-1.xml`…), each dated by its
/// latest page.
fn sitemap_files(first: &Edition, chunks: &[&[output::SitemapEntry]]) -> Vec<output::SitemapFile> {
    (chunks.iter().enumerate())
        .map(|(n, chunk)| output::SitemapFile {
            loc: first.permalink(&format!("sitemap-{}.xml", n + 1)),
            lastmod: chunk.iter().filter_map(|e| e.lastmod.clone()).max(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_past_one_sitemaps_worth_gets_a_sitemap_index() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("site.yaml"),
            "title: Clinic\nbase_url: https://clinic.example\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        for (name, date) in [
            ("a", "2026-01-02"),
            ("b", "2026-03-04"),
            ("c", "2026-02-01"),
        ] {
            std::fs::write(
                root.join("content").join(format!("{name}.md")),
                format!(
                    "---\ntitle: {name}\ndescription: About {name}.\ndate: {date}\n---\nText.\n"
                ),
            )
            .unwrap();
        }
        let site = Site::load(&SiteOptions {
            root: root.to_path_buf(),
            drafts: false,
            base_url: None,
            reading_units: false,
            lean: true,
            markdown_cache: true,
        })
        .unwrap();
        // Four pages (the home page and three articles): one file of all four, or an
        // index of two files of two.
        let one = site.sitemaps_of(4, None).unwrap();
        assert_eq!(one.len(), 1);
        assert!(one[0].1.contains("<urlset"));
        let split = site.sitemaps_of(2, None).unwrap();
        let paths: Vec<&str> = split.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]);
        let index = &split[0].1;
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(
            index.contains("<loc>https://clinic.example/sitemap-2.xml</loc>"),
            "{index}"
        );
        let listed = |xml: &str| xml.matches("<url>").count();
        assert_eq!(listed(&split[1].1) + listed(&split[2].1), 4);
        let dates: Vec<&str> = index
            .match_indices("<lastmod>")
            .map(|(i, _)| &index[i + 9..i + 19])
            .collect();
        assert_eq!(dates.len(), 2, "{index}");
        assert!(dates.iter().all(|d| d.starts_with("2026-")), "{index}");
    }
}
