//! `careleaf init` and `careleaf new`: files an editor starts from. They never overwrite.

use std::path::{Component, Path, PathBuf};

mod starter;

use crate::config::{COUNTRIES, CountryPreset, CrisisPreset, NO_COUNTRY, country_codes};
use crate::diagnostic::Diagnostic;
use crate::yaml::scalar;

/// `site.yaml` of a new site; `{language}`, `{code}` and `{crisis_comment}` are filled in from
/// the options, `{title}`, `{description}` and `{clinic}` from the language's starter text.
const SITE_YAML: &str = r#"# Your site's settings. Every key is optional; see README.md for all of them.
title: {title}
description: {description}
# The address where the site will be published (used for links in search results).
base_url: ""
language: {language}
clinic:
  name: {clinic}
  # phone: the clinic's number, as patients dial it
  # booking_url: https://example.com/book

{crisis_comment}
crisis:
  preset: {code}

# `careleaf check` flags promises no health page should make (a cure, a guarantee, "no side
# effects"). A topic pack adds claims about one treatment: claims: { packs: [ketamine] }
"#;

/// The languages a new site can be started in, with their English names for messages.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("de", "German"),
];

/// What `careleaf init` sets up: the crisis notice's country and the site's language.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// A code of [`COUNTRIES`] (`us`, `uk`…); None for no country in particular (the notice
    /// of [`NO_COUNTRY`]).
    pub country: Option<String>,
    /// A code of [`LANGUAGES`].
    pub language: String,
}

impl Default for InitOptions {
    /// What `careleaf init` sets up when given no options: the crisis notice of no country in
    /// particular, in English.
    fn default() -> Self {
        InitOptions {
            country: None,
            language: "en".into(),
        }
    }
}

/// A site `init` created: its files and the choices made for it.
#[derive(Debug)]
pub struct NewSite {
    pub files: Vec<PathBuf>,
    /// The sample pages among `files` (which `import` replaces with the old site's).
    pub samples: [PathBuf; 2],
    pub crisis: &'static CountryPreset,
    pub language: &'static str,
}

impl NewSite {
    /// Which crisis notice and language the site got, and how to change them.
    pub fn summary(&self) -> String {
        let name = LANGUAGES
            .iter()
            .find(|(code, _)| *code == self.language)
            .map_or(self.language, |(_, name)| *name);
        let mut out = if self.crisis.preset == CrisisPreset::Local {
            format!(
                "Crisis notice: no country given, so it asks readers to call their local emergency \
                 number and links to findahelpline.com (`preset: local`), in {name}.\n\
                 Give your country's services instead: set `crisis: preset:` in site.yaml to one of \
                 {}, or write your own notice with custom.\n",
                country_codes().join(", "),
            )
        } else {
            format!(
                "Crisis notice: the preset for {} (`preset: {}`: {}), in {name}.\n\
                 To change it, set `crisis: preset:` in site.yaml to one of {}, local, custom or off.\n",
                self.crisis.country,
                self.crisis.code,
                self.crisis.services,
                country_codes().join(", "),
            )
        };
        let theme = crate::theme::embedded_default();
        let file = format!("{}.yaml", self.language);
        if !theme.strings.iter().any(|f| f.name == file) {
            out.push_str(&format!(
                "The default theme has no {name} words yet: its buttons and the crisis notice are in English until you add i18n/{file} to the site.\n"
            ));
        }
        out
    }
}

/// The line that keeps the previous build's tree (see `output::Staging`) out of git.
const SPARE_IGNORE: &str = "/.public.careleaf-*";

/// Keeps a site's `.careleaf/` folder (caches, history, trash: careleaf's own) out of its git
/// repository, creating the folder if needed.
pub fn keep_careleaf_folder_out_of_git(site: &Path) -> std::io::Result<()> {
    let dir = site.join(".careleaf");
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::create_dir_all(&dir)?;
        std::fs::write(ignore, "*\n")?;
    }
    Ok(())
}

/// The country preset and the language `options` name, or an error listing the valid ones.
fn choices(options: &InitOptions) -> Result<(&'static CountryPreset, &'static str), Diagnostic> {
    let Some(country) = &options.country else {
        return Ok((&NO_COUNTRY, language(options)?));
    };
    let crisis = CrisisPreset::for_country(&country.trim().to_ascii_lowercase()).ok_or_else(|| {
        let list: Vec<String> = COUNTRIES
            .iter()
            .map(|c| format!("{} ({})", c.code, c.country))
            .collect();
        Diagnostic::new(format!(
            "`{country}` is not a country careleaf has a crisis notice for"
        ))
        .with_hint(format!(
            "use one of: {}; for another country, leave out --country (the notice then sends readers to their local emergency number and a directory of helplines), then write your own with `crisis: preset: custom` in site.yaml",
            list.join(", ")
        ))
    })?;
    Ok((crisis, language(options)?))
}

/// The code of the language `options` name, or an error listing the valid ones.
fn language(options: &InitOptions) -> Result<&'static str, Diagnostic> {
    let language = options.language.trim().to_ascii_lowercase();
    LANGUAGES
        .iter()
        .find(|(code, _)| *code == language)
        .map(|(code, _)| *code)
        .ok_or_else(|| {
            let list: Vec<String> = LANGUAGES
                .iter()
                .map(|(code, name)| format!("{code} ({name})"))
                .collect();
            Diagnostic::new(format!(
                "`{}` is not a language careleaf can start a site in",
                options.language
            ))
            .with_hint(format!(
                "use one of: {}; you can set any language code in site.yaml afterwards",
                list.join(", ")
            ))
        })
}

/// Creates a new site in `dir`: `site.yaml` (with the crisis notice of `options.country` and
/// the language `options.language`), two pages and an ignored output folder.
pub fn init_with(dir: &Path, options: &InitOptions) -> Result<NewSite, Diagnostic> {
    let (crisis, language) = choices(options)?;
    for existing in ["site.yaml", "content"] {
        if dir.join(existing).exists() {
            return Err(Diagnostic::new(format!(
                "{} already has a {existing}: careleaf will not overwrite a site",
                dir.display()
            ))
            .with_hint("choose a new or empty folder"));
        }
    }
    let starter = starter::STARTERS
        .iter()
        .find(|s| s.language == language)
        .unwrap_or(&starter::STARTERS[0]);
    let site_yaml = SITE_YAML
        .replace("{title}", &scalar(starter.site_title))
        .replace("{description}", &scalar(starter.site_description))
        .replace("{clinic}", &scalar(starter.clinic))
        .replace("{language}", language)
        .replace("{code}", crisis.code)
        .replace("{crisis_comment}", &crisis_comment(crisis));
    let (first_name, first_text) = starter.first_page;
    let first_rel = format!("content/{first_name}");
    let files: [(&str, &str); 4] = [
        ("site.yaml", &site_yaml),
        ("content/_index.md", starter.home),
        (&first_rel, first_text),
        (
            "public/.gitignore",
            "# Written by `careleaf build`.\n*\n!.gitignore\n",
        ),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        write_new(&path, text)?;
        written.push(path);
    }
    // Builds keep the previous output beside public/ to write the next one over it.
    let ignore = dir.join(".gitignore");
    let existing = std::fs::read_to_string(&ignore).unwrap_or_default();
    if !existing.lines().any(|l| l.trim() == SPARE_IGNORE) {
        let sep = if existing.is_empty() || existing.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        std::fs::write(&ignore, format!("{existing}{sep}{SPARE_IGNORE}\n"))
            .map_err(|e| Diagnostic::io(&ignore, &e))?;
        written.push(ignore);
    }
    Ok(NewSite {
        files: written,
        samples: [dir.join("content/_index.md"), dir.join(first_rel)],
        crisis,
        language,
    })
}

/// The comment above `crisis:` in a new site.yaml: what the notice shows and how to change it.
fn crisis_comment(crisis: &CountryPreset) -> String {
    let codes = country_codes().join(", ");
    let text = if crisis.preset == CrisisPreset::Local {
        format!(
            "Where to get help in a crisis, shown on every page. No country was given, so it asks \
             readers to call their local emergency number and links to a directory of helplines. \
             Set your country's preset instead: {codes}; or `custom` with your own text and \
             actions. Crisis numbers change: check them, then add last_reviewed: YYYY-MM-DD."
        )
    } else {
        format!(
            "Where to get help in a crisis, shown on every page: the preset for {} ({}). Other \
             presets: {codes}; `local` (the reader's local emergency number and a directory of \
             helplines); `custom` with your own text and actions; or `off`. Crisis numbers \
             change: check them, then add last_reviewed: YYYY-MM-DD.",
            crisis.country, crisis.services
        )
    };
    yaml_comment(&text, 92)
}

/// `text` as YAML comment lines of at most `width` characters (a longer word stays whole).
fn yaml_comment(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(format!("# {word}")),
        }
    }
    lines.join("\n")
}

/// Creates `content/PATH` (`.md` added when missing) with front matter for `title`.
pub fn new_page(
    root: &Path,
    path: &str,
    title: &str,
    description: Option<&str>,
) -> Result<PathBuf, Diagnostic> {
    let rel = Path::new(path);
    let rel = rel.strip_prefix("content").unwrap_or(rel);
    if rel.as_os_str().is_empty() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(
            Diagnostic::new(format!("`{path}` is not a page path inside content/")).with_hint(
                "give a path like `treatment/boosters.md` (inside the content folder, no `..`)",
            ),
        );
    }
    let mut rel = rel.to_path_buf();
    if rel.extension().is_none_or(|e| e != "md") {
        rel.as_mut_os_string().push(".md");
    }
    if title.trim().is_empty() {
        return Err(
            Diagnostic::new("the title is empty").with_hint("pass --title \"What to expect\"")
        );
    }
    let description = description.unwrap_or("One plain sentence about this page: replace me.");
    let today = jiff::Zoned::now().date();
    let text = format!(
        "---\ntitle: {}\ndescription: {}\ndate: {today}\n---\n\nWrite the page here.\n",
        scalar(title.trim()),
        scalar(description.trim())
    );
    let full = root.join("content").join(&rel);
    write_new(&full, &text)?;
    Ok(full)
}

fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if path.exists() {
        return Err(
            Diagnostic::new(format!("{} already exists", path.display()))
                .with_hint("careleaf never overwrites a file: choose another name"),
        );
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
    }
    std::fs::write(path, text).map_err(|e| Diagnostic::io(path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_country_and_language_gives_a_site_yaml_that_loads_with_its_preset() {
        let given = COUNTRIES
            .iter()
            .map(|c| (Some(c.code), c))
            .chain([(None, &NO_COUNTRY)]);
        for (code, country) in given {
            for (language, _) in LANGUAGES {
                let dir = std::env::temp_dir().join(format!(
                    "careleaf-init-{}-{}-{language}",
                    std::process::id(),
                    country.code
                ));
                let _ = std::fs::remove_dir_all(&dir);
                let options = InitOptions {
                    country: code.map(str::to_uppercase),
                    language: language.to_string(),
                };
                let site = init_with(&dir, &options).unwrap();
                let text = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
                let config = crate::config::parse(&text, Path::new("site.yaml")).unwrap();
                assert_eq!(config.crisis.preset, country.preset, "{text}");
                assert_eq!(config.language, *language);
                assert!(
                    site.summary()
                        .contains(&format!("`preset: {}`", country.code))
                );
                std::fs::remove_dir_all(&dir).unwrap();
            }
        }
    }

    #[test]
    fn an_unknown_country_or_language_is_an_error_listing_the_valid_ones() {
        let dir = std::env::temp_dir().join(format!("careleaf-init-bad-{}", std::process::id()));
        let bad_country = InitOptions {
            country: Some("xx".into()),
            ..InitOptions::default()
        };
        let e = init_with(&dir, &bad_country).unwrap_err();
        assert_eq!(
            e.message,
            "`xx` is not a country careleaf has a crisis notice for"
        );
        let hint = e.hint.unwrap();
        assert!(hint.starts_with("use one of: us (the United States), uk (the United Kingdom), ca (Canada), au (Australia), ie (Ireland), nz (New Zealand), fr (France), de (Germany)"), "{hint}");
        let bad_language = InitOptions {
            language: "klingon".into(),
            ..InitOptions::default()
        };
        let e = init_with(&dir, &bad_language).unwrap_err();
        assert_eq!(
            e.message,
            "`klingon` is not a language careleaf can start a site in"
        );
        assert!(
            e.hint
                .unwrap()
                .contains("en (English), es (Spanish), fr (French), de (German)")
        );
        assert!(!dir.exists(), "nothing is written");
    }

    #[test]
    fn titles_with_special_characters_are_quoted() {
        assert_eq!(scalar("Risks: what to know"), "'Risks: what to know'");
        assert_eq!(scalar("Plain"), "Plain");
    }
}
