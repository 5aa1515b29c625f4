//! The whole site: one [`Edition`] per language (the default from `content/`, the others from
//! `content/<code>/` under `/<code>/`), linked page by page to their translations.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::{self, LoadedConfig};
use crate::edition::{Alternate, Edition, EditionOptions, Reloaded};
use crate::error::{Error, ErrorKind, Errors};
use crate::output;
use crate::theme;

pub use crate::edition::Extra;

/// What to load.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    pub root: PathBuf,
    pub drafts: bool,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
}

/// A language of the site as templates list it.
#[derive(Debug, Clone)]
pub struct LanguageLink {
    pub code: String,
    pub name: String,
}

pub struct Site {
    pub root: PathBuf,
    pub label: PathBuf,
    /// The default language first.
    pub editions: Vec<Edition>,
    pub warnings: Vec<String>,
    /// Wall time of each stage, summed over the editions, for `build --timings`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl Site {
    pub fn load(opts: &SiteOptions) -> Result<Site, Errors> {
        let root = opts.root.as_path();
        let label = crate::label_root(root);
        let mut loaded = config::load(root, &label.join(config::CONFIG_FILE))?;
        if let Some(url) = &opts.base_url {
            loaded.config.base_url = config::normalize_base_url(url).map_err(|m| {
                Error::new(ErrorKind::Config, format!("--base-url: {m}"))
                    .with_hint("pass the full address, e.g. --base-url https://www.myclinic.com")
            })?;
        }
        let theme = theme::load(root, &label, &loaded.config.theme)
            .map_err(|e| locate_in_config(e, &loaded, "theme"))?;
        let config = &loaded.config;
        let languages: Vec<LanguageLink> = std::iter::once(LanguageLink {
            code: config.language.clone(),
            name: native_name(&config.language, None),
        })
        .chain(config.languages.iter().map(|l| LanguageLink {
            code: l.code.clone(),
            name: native_name(&l.code, l.name.as_deref()),
        }))
        .collect();
        let others: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
        for dir in &others {
            if !root.join("content").join(dir).is_dir() {
                return Err(loaded
                    .key_error(
                        "languages",
                        format!("the language `{dir}` has no folder content/{dir}/"),
                    )
                    .with_hint(format!(
                        "put that language's pages in content/{dir}/, with the same file names as their originals"
                    ))
                    .into());
            }
        }
        let mut editions = Vec::new();
        let mut errors = Errors::default();
        for lang in std::iter::once(None).chain(config.languages.iter().map(Some)) {
            let edition_config = match lang {
                Some(l) => config.for_language(l),
                None => config.clone(),
            };
            let result = Edition::load(EditionOptions {
                root,
                label: &label,
                loaded: LoadedConfig {
                    config: edition_config,
                    ..loaded.clone()
                },
                theme: theme.clone(),
                language_dir: lang.map(|l| l.code.as_str()),
                other_languages: if lang.is_none() { &others } else { &[] },
                drafts: opts.drafts,
            });
            match result {
                Ok(e) => editions.push(e),
                Err(es) => errors.0.extend(es.0),
            }
        }
        let mut editions = errors.into_result(editions)?;
        link_translations(&mut editions, &languages)?;
        let mut warnings = Vec::new();
        let mut timings: Vec<(&'static str, std::time::Duration)> = Vec::new();
        for e in &editions {
            warnings.extend(e.warnings.iter().cloned());
            for (stage, d) in &e.timings {
                match timings.iter_mut().find(|(s, _)| s == stage) {
                    Some((_, total)) => *total += *d,
                    None => timings.push((stage, *d)),
                }
            }
        }
        Ok(Site {
            root: root.to_path_buf(),
            label,
            editions,
            warnings,
            timings,
        })
    }

    /// The edition in the site's default language.
    pub fn default_edition(&self) -> &Edition {
        // Cannot fail: `Site::load` loads the default language first and fails if it cannot.
        &self.editions[0]
    }

    pub fn page_count(&self) -> usize {
        self.editions.iter().map(|e| e.content.pages.len()).sum()
    }

    /// Renders every page of every edition and hands each to `write` (output path, HTML).
    pub fn render_pages_timed<W>(
        &self,
        render_ns: &std::sync::atomic::AtomicU64,
        write: W,
    ) -> Result<(), Errors>
    where
        W: Fn(&str, &[u8]) -> Result<(), Error> + Sync,
    {
        let mut errors = Errors::default();
        for e in &self.editions {
            if let Err(es) = e.render_pages_timed(render_ns, &write) {
                errors.0.extend(es.0);
            }
        }
        errors.into_result(())
    }

    pub fn render_pages<W>(&self, write: W) -> Result<(), Errors>
    where
        W: Fn(&str, &[u8]) -> Result<(), Error> + Sync,
    {
        self.render_pages_timed(&std::sync::atomic::AtomicU64::new(0), write)
    }

    /// Everything published besides the pages: the 404 page and static files (once, from the
    /// default language), every edition's content files, the sitemap and robots.txt.
    pub fn extras(&self) -> Result<Vec<Extra<'_>>, Error> {
        let first = self.default_edition();
        let mut extras = Vec::new();
        if let Some(html) = first.not_found_page()? {
            extras.push(Extra::Bytes("404.html".into(), html.into_bytes().into()));
        }
        extras.extend(first.static_files());
        for e in &self.editions {
            extras.extend(e.content_files());
            extras.extend(e.redirect_files());
            extras.extend(e.search_files()?);
        }
        match self.sitemap() {
            Some(sitemap) => {
                extras.push(Extra::Bytes(
                    "sitemap.xml".into(),
                    sitemap.into_bytes().into(),
                ));
                let url = first.permalink("sitemap.xml");
                extras.push(Extra::Bytes(
                    "robots.txt".into(),
                    output::robots(Some(&url)).into_bytes().into(),
                ));
            }
            None => extras.push(Extra::Bytes(
                "robots.txt".into(),
                output::robots(None).into_bytes().into(),
            )),
        }
        Ok(extras)
    }

    /// `sitemap.xml` with every language's pages and their alternates, or None without a
    /// `base_url` (its addresses must be absolute).
    pub fn sitemap(&self) -> Option<String> {
        if self.default_edition().config().base_url.is_empty() {
            return None;
        }
        let entries: Vec<output::SitemapEntry> = self
            .editions
            .iter()
            .flat_map(Edition::sitemap_entries)
            .collect();
        Some(output::sitemap(&entries))
    }

    /// After an edit to the page at `rel` (relative to `content/`): which edition it belongs
    /// to and what to render again, or None when the edit needs a full load.
    pub fn reload_page(&mut self, rel: &Path) -> Result<Option<(usize, Reloaded)>, Errors> {
        let (index, within) = self
            .editions
            .iter()
            .enumerate()
            .skip(1)
            .find_map(|(i, e)| {
                let dir = e.language_dir.as_deref()?;
                rel.strip_prefix(dir).ok().map(|r| (i, r.to_path_buf()))
            })
            .unwrap_or((0, rel.to_path_buf()));
        // Cannot fail: `index` enumerates `editions` (or is the default, 0), and `page_by_rel`
        // holds indices into that edition's own pages.
        let edition = &mut self.editions[index];
        let key_before = edition
            .content
            .page_by_rel
            .get(&within)
            .map(|&i| edition.content.pages[i].front.translation_key.clone());
        let Some(reloaded) = edition.reload_page(&within)? else {
            return Ok(None);
        };
        // Another translation key links the page to other pages: load everything again.
        let key_after = edition
            .content
            .page_by_rel
            .get(&within)
            .map(|&i| edition.content.pages[i].front.translation_key.clone());
        if key_before != key_after {
            return Ok(None);
        }
        self.warnings = edition.warnings.clone();
        Ok(Some((index, reloaded)))
    }

    /// Builds edition `index`'s search index again after edits; returns it as published
    /// (path, JSON). Kept apart from [`Site::reload_page`] so that the preview can show the
    /// edited page first and bring search up to date right after.
    pub fn refresh_search(&mut self, index: usize) -> Option<(String, String)> {
        let edition = self.editions.get_mut(index)?;
        edition.index_for_search();
        edition.search_index()
    }
}

/// What links a page to its translations: its `translation_key`, or else its path in its
/// language's folder.
fn translation_key(page: &crate::content::Page) -> String {
    match &page.front.translation_key {
        Some(k) => format!("key:{k}"),
        None => format!("path:{}", page.rel.to_string_lossy().replace('\\', "/")),
    }
}

/// Gives every page of every edition its list of [`Alternate`]s: the same page in each
/// language, or that language's home page where it has no translation.
fn link_translations(editions: &mut [Edition], languages: &[LanguageLink]) -> Result<(), Errors> {
    if editions.len() < 2 {
        return Ok(());
    }
    let mut errors = Errors::default();
    // Cannot fail (indexing below): page indices come from enumerating each edition's pages
    // into `by_key` (zipped with that same edition) or are its `home`, and `n` enumerates
    // `editions`, which `search` matches in length when it is used.
    let mut by_key: Vec<HashMap<String, usize>> = Vec::new();
    for e in editions.iter() {
        let mut keys: HashMap<String, usize> = HashMap::new();
        for (i, page) in e.content.pages.iter().enumerate() {
            if let Some(first) = keys.insert(translation_key(page), i) {
                let other = &e.content.pages[first].file;
                errors.push(
                    page.key_error(
                        "translation_key",
                        format!(
                            "the translation_key `{}` is also used by {}",
                            page.front.translation_key.as_deref().unwrap_or_default(),
                            other.display()
                        ),
                    )
                    .with_hint("give each page of a language its own translation_key: it names the page's translations in the other languages"),
                );
            }
        }
        by_key.push(keys);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let tables: Vec<Vec<Vec<Alternate>>> = editions
        .iter()
        .enumerate()
        .map(|(this, e)| {
            e.content
                .pages
                .iter()
                .map(|page| {
                    let key = translation_key(page);
                    editions
                        .iter()
                        .zip(languages)
                        .zip(&by_key)
                        .enumerate()
                        .map(|(n, ((other, lang), keys))| {
                            let found = keys.get(&key).copied();
                            let target = found.unwrap_or(other.content.home);
                            let url = &other.content.pages[target].url;
                            Alternate {
                                code: lang.code.clone(),
                                name: lang.name.clone(),
                                url: format!("{}{url}", other.config().root_path()),
                                permalink: other.permalink(url),
                                current: n == this,
                                translated: found.is_some(),
                            }
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    for (e, table) in editions.iter_mut().zip(tables) {
        e.alternates = table;
    }
    // The search pages are each other's translations.
    let search: Vec<Alternate> = editions
        .iter()
        .zip(languages)
        .filter_map(|(e, lang)| {
            let path = e.search_page()?;
            Some(Alternate {
                code: lang.code.clone(),
                name: lang.name.clone(),
                url: format!("{}{path}", e.config().root_path()),
                permalink: e.permalink(path),
                current: false,
                translated: true,
            })
        })
        .collect();
    if search.len() == editions.len() {
        for (n, e) in editions.iter_mut().enumerate() {
            e.search_alternates = search.clone();
            e.search_alternates[n].current = true;
        }
    }
    Ok(())
}

/// A language's name in that language, for the switcher (readers look for their own
/// language's name, not its name in English).
fn native_name(code: &str, given: Option<&str>) -> String {
    if let Some(name) = given {
        return name.to_string();
    }
    let base = code.split('-').next().unwrap_or(code);
    match base {
        "en" => "English",
        "es" => "Español",
        "fr" => "Français",
        "pt" => "Português",
        "de" => "Deutsch",
        "it" => "Italiano",
        "zh" => "中文",
        "vi" => "Tiếng Việt",
        "ko" => "한국어",
        "ar" => "العربية",
        "ru" => "Русский",
        "ht" => "Kreyòl ayisyen",
        "tl" => "Tagalog",
        "pl" => "Polski",
        _ => return code.to_string(),
    }
    .to_string()
}

/// Gives an error about a setting the location of its key in `site.yaml`.
fn locate_in_config(e: Error, loaded: &LoadedConfig, key: &str) -> Error {
    if e.span.is_some() {
        return e;
    }
    let located = loaded.key_error(key, e.message.clone());
    Error {
        span: located.span,
        source_line: located.source_line,
        ..e
    }
}
