//! The second stage: what needs the whole site, computed once before any page renders. For
//! each language: its root address, its menu, where each page can be read in every language,
//! and where its search page is.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::config::{Config, LoadedConfig};
use crate::content::{Content, Page};
use crate::diagnostic::{Diagnostic, Errors};
use crate::i18n::Strings;

use super::sources::{EditionSources, LanguageLink, Sources};

/// The theme's search page (rendered for every language when the theme has it).
pub const SEARCH_TEMPLATE: &str = "search.html";

/// A link as templates show it (menus, breadcrumbs, previous and next).
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// Where a page can be read in one language (`page.translations`).
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub code: String,
    pub name: String,
    pub url: String,
    pub permalink: String,
    /// Whether this is the page itself (false: another language).
    pub current: bool,
    /// Whether the page exists in that language (false: `url` is that language's home).
    pub translated: bool,
}

/// One language's links to the rest of the site.
pub struct EditionLinks {
    root_path: String,
    navigation: Vec<Link>,
    alternates: Vec<Vec<Alternate>>,
    search_page: Option<String>,
    search_alternates: Vec<Alternate>,
    /// The topic pages' folder (`tags/`, `es/temas/`) in every language, and which topics
    /// each language has, so that a topic page can name its translations.
    topics_alternates: Vec<Alternate>,
    topics_by_language: Vec<std::collections::BTreeSet<String>>,
}

impl EditionLinks {
    /// Where this language's pages start: `/`, or the path of `base_url`.
    pub fn root_path(&self) -> &str {
        &self.root_path
    }

    /// The site menu in this language.
    pub fn navigation(&self) -> &[Link] {
        &self.navigation
    }

    /// Where the page at `index` can be read in every language; empty on a site with one
    /// language.
    pub fn alternates_of(&self, index: usize) -> &[Alternate] {
        self.alternates.get(index).map_or(&[], |a| &a[..])
    }

    /// For each page (by index), where it can be read in every language.
    pub fn alternates(&self) -> &[Vec<Alternate>] {
        &self.alternates
    }

    /// The search page's output path (`search/index.html`), when the theme has one.
    pub fn search_page(&self) -> Option<&str> {
        self.search_page.as_deref()
    }

    /// The search page in every language.
    pub fn search_alternates(&self) -> &[Alternate] {
        &self.search_alternates
    }

    /// The page of all topics in every language (empty for a site in one language).
    pub fn topics_alternates(&self) -> &[Alternate] {
        &self.topics_alternates
    }

    /// The page of the topic `slug` in every language: where a language lacks that topic, its
    /// page of all topics, marked not translated.
    pub fn topic_alternates(&self, slug: &str) -> Vec<Alternate> {
        self.topics_alternates
            .iter()
            .zip(&self.topics_by_language)
            .map(|(all, has)| {
                let mut a = all.clone();
                if has.contains(slug) {
                    a.url.push_str(&format!("{slug}/"));
                    a.permalink.push_str(&format!("{slug}/"));
                } else {
                    a.translated = false;
                }
                a
            })
            .collect()
    }
}

/// Links every language of `sources`; reports every problem in one go.
pub fn link(sources: &Sources) -> Result<Vec<EditionLinks>, Errors> {
    let has_search = sources
        .theme()
        .templates
        .iter()
        .any(|t| t.name == SEARCH_TEMPLATE);
    let mut errors = Errors::default();
    let mut links = Vec::new();
    for e in sources.editions() {
        let root_path = e.loaded.config.root_path();
        match navigation(&e.loaded, &e.content, &root_path, &e.strings) {
            Ok(navigation) => links.push(EditionLinks {
                search_page: has_search.then(|| search_page(&e.content, &e.strings)),
                root_path,
                navigation,
                alternates: Vec::new(),
                search_alternates: Vec::new(),
                topics_alternates: Vec::new(),
                topics_by_language: Vec::new(),
            }),
            Err(err) => errors.push(err),
        }
    }
    let mut links = errors.into_result(links)?;
    if sources.editions().len() > 1 {
        link_translations(sources.editions(), sources.languages(), &mut links)?;
    }
    Ok(links)
}

/// The absolute address of `path` (root-relative without a `base_url`).
pub fn permalink(config: &Config, root_path: &str, path: &str) -> String {
    if config.base_url.is_empty() {
        format!("{root_path}{path}")
    } else {
        format!("{}/{path}", config.base_url)
    }
}

/// The topic pages' folder, beside the home page under the theme's word (`tags/`,
/// `es/temas/`).
pub fn topics_page(content: &Content, strings: &Strings) -> String {
    // Cannot fail: `home` is an index careleaf made into these pages.
    let home = &content.pages[content.home].url;
    format!(
        "{home}{}/",
        crate::content::tag_slug(strings.get("tags_slug"))
    )
}

/// Beside the home page, under the theme's word for it (`search/`, `es/buscar/`).
fn search_page(content: &Content, strings: &Strings) -> String {
    // Cannot fail: `home` is an index careleaf made into these pages.
    let home = &content.pages[content.home].url;
    format!("{home}{}/index.html", strings.get("search_slug"))
}

/// The most pages the menu made without `navigation:` in `site.yaml` shows besides the home
/// page: a site imported flat has hundreds at the top, and a menu of hundreds is no menu (the
/// home page lists them all).
pub const MENU_PAGES: usize = 7;

/// The menu: from `site.yaml`, or the home page and the first [`MENU_PAGES`] of its children
/// (pages by weight, then sections) when none is given.
fn navigation(
    loaded: &LoadedConfig,
    content: &Content,
    root_path: &str,
    strings: &Strings,
) -> Result<Vec<Link>, Diagnostic> {
    let config: &Config = &loaded.config;
    // Cannot fail: `home`, its children and `page_by_rel` are indices made from `pages`.
    let page_link = |i: usize| Link {
        title: content.pages[i].front.title.clone(),
        url: format!("{root_path}{}", content.pages[i].url),
    };
    if config.navigation.is_empty() {
        let home = &content.pages[content.home];
        let mut links = vec![Link {
            title: strings.get("home").to_string(),
            url: root_path.to_string(),
        }];
        links.extend(
            (home.pages.iter())
                .chain(&home.subsections)
                .take(MENU_PAGES)
                .map(|&i| page_link(i)),
        );
        return Ok(links);
    }
    config
        .navigation
        .iter()
        .map(|entry| match (&entry.page, &entry.url) {
            (Some(page), _) => {
                let rel = Path::new(page.trim_start_matches('/'));
                match content.page_by_rel.get(rel) {
                    Some(&i) => Ok(Link {
                        title: entry.title.clone(),
                        url: page_link(i).url,
                    }),
                    None => Err(loaded
                        .key_error("navigation", format!("the navigation entry \"{}\" links to {page}, which does not exist in content/", entry.title))
                        .with_hint("use the path of a Markdown file relative to content/, e.g. `page: risks-and-side-effects.md`")),
                }
            }
            (None, Some(url)) => Ok(Link { title: entry.title.clone(), url: url.clone() }),
            (None, None) => Err(loaded.key_error("navigation", format!("the navigation entry \"{}\" has no `page` or `url`", entry.title))),
        })
        .collect()
}

/// What links a page to its translations: its `translation_key`, or else its path in its
/// language's folder.
fn translation_key(page: &Page) -> String {
    match &page.front.translation_key {
        Some(k) => format!("key:{k}"),
        None => format!("path:{}", page.rel.to_string_lossy().replace('\\', "/")),
    }
}

/// Each language's pages by translation key; two pages of one language with the same key
/// are an error.
fn pages_by_key(editions: &[EditionSources]) -> Result<Vec<HashMap<String, usize>>, Errors> {
    let mut errors = Errors::default();
    let mut by_key = Vec::new();
    for e in editions {
        let mut keys: HashMap<String, usize> = HashMap::new();
        for (i, page) in e.content.pages.iter().enumerate() {
            if let Some(first) = keys.insert(translation_key(page), i) {
                // Cannot fail: `first` is an index this loop took from these pages.
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
    errors.into_result(by_key)
}

/// Gives every page of every language its list of [`Alternate`]s: the same page in each
/// language, or that language's home page where it has no translation.
fn link_translations(
    editions: &[EditionSources],
    languages: &[LanguageLink],
    links: &mut [EditionLinks],
) -> Result<(), Errors> {
    let by_key = pages_by_key(editions)?;
    let roots: Vec<String> = links.iter().map(|l| l.root_path.clone()).collect();
    // Cannot fail (indexing below): `target` is a page index from `by_key`, made from that
    // same edition's pages, or its `home`; `roots` has one entry per edition.
    let alternate =
        |n: usize, other: &EditionSources, lang: &LanguageLink, url: &str, current, translated| {
            Alternate {
                code: lang.code.clone(),
                name: lang.name.clone(),
                url: format!("{}{url}", roots[n]),
                permalink: permalink(&other.loaded.config, &roots[n], url),
                current,
                translated,
            }
        };
    for (this, (e, own)) in editions.iter().zip(links.iter_mut()).enumerate() {
        own.alternates = e
            .content
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
                        alternate(n, other, lang, url, n == this, found.is_some())
                    })
                    .collect()
            })
            .collect();
    }
    // The search pages are each other's translations.
    let search: Vec<Alternate> = editions
        .iter()
        .zip(languages)
        .zip(links.iter())
        .enumerate()
        .filter_map(|(n, ((e, lang), l))| {
            let path = l.search_page.as_deref()?.trim_end_matches("index.html");
            Some(alternate(n, e, lang, path, false, true))
        })
        .collect();
    if search.len() == editions.len() {
        for (n, l) in links.iter_mut().enumerate() {
            l.search_alternates = search.clone();
            l.search_alternates[n].current = true;
        }
    }
    // The topic pages, likewise.
    let topics: Vec<Alternate> = editions
        .iter()
        .zip(languages)
        .enumerate()
        .map(|(n, (e, lang))| {
            alternate(
                n,
                e,
                lang,
                &topics_page(&e.content, &e.strings),
                false,
                true,
            )
        })
        .collect();
    let by_language: Vec<std::collections::BTreeSet<String>> = editions
        .iter()
        .map(|e| {
            e.content
                .pages
                .iter()
                .filter(|p| p.kind == crate::content::PageKind::Page)
                .flat_map(|p| p.front.tags.iter().map(|t| crate::content::tag_slug(t)))
                .collect()
        })
        .collect();
    for (n, l) in links.iter_mut().enumerate() {
        l.topics_alternates = topics.clone();
        l.topics_alternates[n].current = true;
        l.topics_by_language = by_language.clone();
    }
    Ok(())
}
