//! Which generator a source folder was written for, and what its configuration says about the
//! site (title, language, address, Jekyll's permalink style). Nothing here is required: a
//! folder of loose Markdown files is a `plain` source.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The generators `careleaf import` knows the rules of (file layout, addresses, template syntax).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Generator {
    Hugo,
    Zola,
    Jekyll,
    Eleventy,
    Plain,
}

impl Generator {
    pub fn name(self) -> &'static str {
        match self {
            Generator::Hugo => "Hugo",
            Generator::Zola => "Zola",
            Generator::Jekyll => "Jekyll",
            Generator::Eleventy => "Eleventy",
            Generator::Plain => "plain Markdown",
        }
    }
}

/// What the source's configuration file says, as far as careleaf uses it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceSite {
    pub title: Option<String>,
    /// A careleaf language code (`fr`, from `fr-FR`).
    pub language: Option<String>,
    /// The old site's address (`https://example.org/docs/`): links to it are internal.
    pub base_url: Option<String>,
    /// Jekyll's `permalink:` setting (`pretty`, `/:title/`…).
    pub permalink: Option<String>,
    /// Hugo's `contentDir`.
    pub content_dir: Option<String>,
    /// The other languages of a Hugo or Zola site (its `[languages]` but the default), whose
    /// pages are `name.<code>.md` beside the default language's `name.md`.
    pub other_languages: Vec<String>,
}

const HUGO_FILES: &[&str] = &["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"];
/// Hugo's configuration directory: a site may keep its settings there instead of at the top.
const HUGO_CONFIG_DIR: &str = "config/_default";
const ELEVENTY_FILES: &[&str] = &[
    ".eleventy.js",
    ".eleventy.cjs",
    "eleventy.config.js",
    "eleventy.config.cjs",
    "eleventy.config.mjs",
];

/// The generator of `source`, from its configuration files.
pub fn detect(source: &Path) -> Generator {
    let has = |name: &str| source.join(name).is_file();
    if HUGO_FILES.iter().any(|f| has(f)) {
        return Generator::Hugo;
    }
    let config_dir = source.join(HUGO_CONFIG_DIR);
    if HUGO_FILES
        .iter()
        .chain(&["config.toml", "config.yaml", "config.yml", "config.json"])
        .any(|f| config_dir.join(f).is_file())
    {
        return Generator::Hugo;
    }
    if let Some(config) = read_config(&source.join("config.toml")) {
        if config.get("base_url").is_some() {
            return Generator::Zola;
        }
        if has_hugo_keys(&config) {
            return Generator::Hugo;
        }
    }
    for name in ["config.yaml", "config.yml", "config.json"] {
        if read_config(&source.join(name)).is_some_and(|c| has_hugo_keys(&c)) {
            return Generator::Hugo;
        }
    }
    if has("_config.yml") || has("_config.yaml") || source.join("_posts").is_dir() {
        return Generator::Jekyll;
    }
    if ELEVENTY_FILES.iter().any(|f| has(f)) {
        return Generator::Eleventy;
    }
    Generator::Plain
}

fn has_hugo_keys(config: &Value) -> bool {
    ["baseURL", "baseurl", "languageCode", "contentDir", "theme"]
        .iter()
        .any(|k| config.get(*k).is_some())
}

/// The configuration file of `generator` in `source`, when there is one.
pub fn config_file(source: &Path, generator: Generator) -> Option<PathBuf> {
    let names: &[&str] = match generator {
        Generator::Hugo => &[
            "hugo.toml",
            "hugo.yaml",
            "hugo.yml",
            "hugo.json",
            "config.toml",
            "config.yaml",
            "config.yml",
            "config.json",
        ],
        Generator::Zola => &["config.toml"],
        Generator::Jekyll => &["_config.yml", "_config.yaml"],
        Generator::Eleventy | Generator::Plain => &[],
    };
    let dirs: &[&Path] = match generator {
        Generator::Hugo => &[Path::new(""), Path::new(HUGO_CONFIG_DIR)],
        _ => &[Path::new("")],
    };
    dirs.iter()
        .flat_map(|dir| names.iter().map(move |n| source.join(dir).join(n)))
        .find(|p| p.is_file())
}

/// A TOML, YAML or JSON configuration file as a JSON value (None when missing or unreadable).
pub fn read_config(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => super::front::toml_to_json(&text).ok(),
        Some("json") => serde_json::from_str(&text).ok(),
        _ => serde_yaml::from_str(&text).ok(),
    }
    .filter(Value::is_object)
}

/// What careleaf uses of the source's configuration.
pub fn source_site(source: &Path, generator: Generator) -> SourceSite {
    let Some(config) = config_file(source, generator).and_then(|p| read_config(&p)) else {
        return SourceSite::default();
    };
    let text = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| config.get(*k).and_then(Value::as_str))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let language = match generator {
        // The content's language: languageCode is often the theme's "en-us" left as it was.
        Generator::Hugo => text(&["defaultContentLanguage", "languageCode"]),
        Generator::Zola => text(&["default_language"]),
        _ => text(&["lang", "locale", "language"]),
    };
    let base_url = match generator {
        Generator::Hugo => text(&["baseURL", "baseurl"]),
        Generator::Zola => text(&["base_url"]),
        _ => text(&["url"]).map(|url| match text(&["baseurl"]) {
            Some(path) => format!("{}/{}", url.trim_end_matches('/'), path.trim_matches('/')),
            None => url,
        }),
    };
    let language = language.and_then(|l| language_code(&l));
    let other_languages = match generator {
        Generator::Hugo | Generator::Zola => config
            .get("languages")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|table| table.keys())
            .filter_map(|key| language_code(key))
            .filter(|code| Some(code) != language.as_ref())
            .collect(),
        _ => Vec::new(),
    };
    SourceSite {
        title: text(&["title", "name"]),
        language,
        other_languages,
        base_url,
        permalink: text(&["permalink"]),
        content_dir: text(&["contentDir"]),
    }
}

/// `fr-FR`, `fr_FR` or `French`-free codes as careleaf writes them (`fr`); None for what is not
/// a language code.
pub fn language_code(value: &str) -> Option<String> {
    let first = value.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (2..=3)
        .contains(&first.len())
        .then_some(first)
        .filter(|c| c.chars().all(|ch| ch.is_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn generators_are_told_apart_by_their_configuration() {
        let cases: &[(&[(&str, &str)], Generator)] = &[
            (&[("hugo.toml", "title = 'A'")], Generator::Hugo),
            (
                &[("config.toml", "baseURL = 'https://a.org/'")],
                Generator::Hugo,
            ),
            (
                &[("config.toml", "base_url = 'https://a.org'")],
                Generator::Zola,
            ),
            (&[("_config.yml", "title: A")], Generator::Jekyll),
            (&[("_posts/2020-01-01-a.md", "x")], Generator::Jekyll),
            (
                &[(".eleventy.js", "module.exports = {}")],
                Generator::Eleventy,
            ),
            (&[("a.md", "# A")], Generator::Plain),
        ];
        for (files, expected) in cases {
            let dir = folder(files);
            assert_eq!(detect(dir.path()), *expected, "{files:?}");
        }
    }

    #[test]
    fn a_hugo_site_configured_in_its_config_folder_is_read_from_there() {
        let dir = folder(&[(
            "config/_default/config.toml",
            "baseURL = 'https://blog.example.fr'\nlanguageCode = 'en-us'\ndefaultContentLanguage = 'fr'\ntitle = 'Le blog'\n",
        )]);
        assert_eq!(detect(dir.path()), Generator::Hugo);
        let site = source_site(dir.path(), Generator::Hugo);
        assert_eq!(site.title.as_deref(), Some("Le blog"));
        assert_eq!(
            site.language.as_deref(),
            Some("fr"),
            "the content's language"
        );
        assert_eq!(site.base_url.as_deref(), Some("https://blog.example.fr"));
        assert!(site.other_languages.is_empty());
        let dir = folder(&[(
            "hugo.toml",
            "defaultContentLanguage = 'fr'\n[languages.fr]\nweight = 1\n[languages.en-us]\nweight = 2\n",
        )]);
        let site = source_site(dir.path(), Generator::Hugo);
        assert_eq!(site.other_languages, ["en"]);
    }

    #[test]
    fn title_language_and_address_come_from_the_configuration() {
        let dir = folder(&[(
            "_config.yml",
            "title: Santé respiratoire\nlang: fr-FR\nurl: https://exemple.fr\nbaseurl: /info\n",
        )]);
        let site = source_site(dir.path(), Generator::Jekyll);
        assert_eq!(site.title.as_deref(), Some("Santé respiratoire"));
        assert_eq!(site.language.as_deref(), Some("fr"));
        assert_eq!(site.base_url.as_deref(), Some("https://exemple.fr/info"));
        assert_eq!(language_code("English"), None);
        assert_eq!(language_code("es_MX").as_deref(), Some("es"));
    }
}
