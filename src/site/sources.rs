//! The first stage, [`Sources`]: everything read from disk (`site.yaml`, the theme and its
//! words, every language's content tree and data files), checked, with nothing rendered yet.

use std::path::{Path, PathBuf};

use crate::config::{self, LoadedConfig};
use crate::content::{self, Content};
use crate::diagnostic::{Diagnostic, Errors};
use crate::i18n::Strings;
use crate::theme::{self, Theme};

/// What to load.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    pub root: PathBuf,
    pub drafts: bool,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Keep every page's reading units (paragraphs, list items, cells) for `check`'s reading
    /// level. A build does not read them, and on a large site they are a copy of all its text.
    pub reading_units: bool,
    /// Keep only what writing the site needs (`build`): each page's HTML waits on disk for its
    /// template, its plain text goes once no feature reads it, its source once every check of
    /// it ran. `check` and `serve` keep everything.
    pub lean: bool,
    /// Take unchanged pages' Markdown from the last lean build's (`build` without `--clean`);
    /// a lean build writes it either way.
    pub markdown_cache: bool,
}

/// A language of the site as templates list it.
#[derive(Debug, Clone)]
pub struct LanguageLink {
    pub code: String,
    pub name: String,
}

/// The whole site as read from disk.
pub struct Sources {
    root: PathBuf,
    label: PathBuf,
    theme: Theme,
    languages: Vec<LanguageLink>,
    /// The default language first.
    editions: Vec<EditionSources>,
}

/// One language's part of [`Sources`].
pub struct EditionSources {
    /// `site.yaml` with this language's settings in place.
    pub(super) loaded: LoadedConfig,
    pub(super) content: Content,
    /// The theme's words in this language.
    pub(super) strings: Strings,
    /// The folder of `content/` this language comes from; None for the default language.
    pub(super) language_dir: Option<String>,
}

/// What an edition is made from, taken apart by the stage that renders it.
pub struct EditionParts {
    pub loaded: LoadedConfig,
    pub content: Content,
    pub strings: Strings,
    pub language_dir: Option<String>,
}

impl EditionSources {
    /// Hands the sources over to the rendering stage, which owns them from then on.
    pub fn into_parts(self) -> EditionParts {
        EditionParts {
            loaded: self.loaded,
            content: self.content,
            strings: self.strings,
            language_dir: self.language_dir,
        }
    }
}

impl Sources {
    /// Reads `site.yaml` of the site at `opts.root`, with `--base-url` in place.
    pub fn read_config(opts: &SiteOptions) -> Result<LoadedConfig, Errors> {
        let root = opts.root.as_path();
        let label = crate::label_root(root);
        let mut loaded = config::load(root, &label.join(config::CONFIG_FILE))?;
        if let Some(url) = &opts.base_url {
            loaded.config.base_url = config::normalize_base_url(url).map_err(|m| {
                Diagnostic::new(format!("--base-url: {m}"))
                    .with_hint("pass the full address, e.g. --base-url https://www.myclinic.com")
            })?;
        }
        Ok(loaded)
    }

    /// Reads the site at `opts.root` whose `site.yaml` is `loaded`; reports the problems of
    /// every language in one go.
    pub fn load(opts: &SiteOptions, loaded: LoadedConfig) -> Result<Sources, Errors> {
        let root = opts.root.as_path();
        let label = crate::label_root(root);
        let theme = theme::load(root, &label, &loaded.config.theme)
            .map_err(|e| locate_in_config(e, &loaded, "theme"))?;
        let languages = language_links(&loaded.config);
        let others: Vec<String> = loaded
            .config
            .languages
            .iter()
            .map(|l| l.code.clone())
            .collect();
        check_language_folders(root, &loaded, &others)?;
        let mut editions = Vec::new();
        let mut errors = Errors::default();
        let config = &loaded.config;
        for lang in std::iter::once(None).chain(config.languages.iter().map(Some)) {
            let edition_loaded = LoadedConfig {
                config: match lang {
                    Some(l) => config.for_language(l),
                    None => config.clone(),
                },
                ..loaded.clone()
            };
            let language_dir = lang.map(|l| l.code.clone());
            let other_languages = if lang.is_none() { &others[..] } else { &[] };
            match load_edition(
                root,
                &label,
                &theme,
                edition_loaded,
                language_dir,
                other_languages,
                opts,
            ) {
                Ok(e) => editions.push(e),
                Err(es) => errors.0.extend(es.0),
            }
        }
        let editions = errors.into_result(editions)?;
        Ok(Sources {
            root: root.to_path_buf(),
            label,
            theme,
            languages,
            editions,
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

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The site's languages, the default first, as the language switcher names them.
    pub fn languages(&self) -> &[LanguageLink] {
        &self.languages
    }

    /// Every language's sources, the default first.
    pub fn editions(&self) -> &[EditionSources] {
        &self.editions
    }

    /// Hands over the parts, for the stages after linking.
    pub(super) fn into_parts(self) -> (PathBuf, PathBuf, Theme, Vec<EditionSources>) {
        (self.root, self.label, self.theme, self.editions)
    }
}

fn load_edition(
    root: &Path,
    label: &Path,
    theme: &Theme,
    loaded: LoadedConfig,
    language_dir: Option<String>,
    other_languages: &[String],
    opts: &SiteOptions,
) -> Result<EditionSources, Errors> {
    let config = &loaded.config;
    // Only a build that may take from its caches reads them; every lean build writes them.
    let reads_caches = opts.lean && opts.markdown_cache;
    let content = content::load(&content::LoadOptions {
        root,
        label_root: label,
        include_drafts: opts.drafts,
        site_title: &config.title,
        site_description: &config.description,
        language_dir: language_dir.as_deref(),
        other_languages,
        front_matter_only: opts.lean.then(|| {
            config
                .off_label
                .as_ref()
                .map_or(&[][..], |o| &o.keywords[..])
        }),
        language: &config.language,
        reads_caches,
    })?;
    let strings = Strings::load(theme, &config.language)?;
    Ok(EditionSources {
        loaded,
        content,
        strings,
        language_dir,
    })
}

fn check_language_folders(
    root: &Path,
    loaded: &LoadedConfig,
    codes: &[String],
) -> Result<(), Diagnostic> {
    for dir in codes {
        if !root.join("content").join(dir).is_dir() {
            return Err(loaded
                .key_error(
                    "languages",
                    format!("the language `{dir}` has no folder content/{dir}/"),
                )
                .with_hint(format!(
                    "put that language's pages in content/{dir}/, with the same file names as their originals"
                )));
        }
    }
    Ok(())
}

fn language_links(config: &config::Config) -> Vec<LanguageLink> {
    std::iter::once(LanguageLink {
        code: config.language.clone(),
        name: native_name(&config.language, None),
    })
    .chain(config.languages.iter().map(|l| LanguageLink {
        code: l.code.clone(),
        name: native_name(&l.code, l.name.as_deref()),
    }))
    .collect()
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
fn locate_in_config(e: Diagnostic, loaded: &LoadedConfig, key: &str) -> Diagnostic {
    if e.span.is_some() {
        return e;
    }
    let located = loaded.key_error(key, e.message.clone());
    Diagnostic {
        span: located.span,
        source_line: located.source_line,
        ..e
    }
}
