//! `site.yaml`: the site's settings, typed, with a default for everything so that a two-line
//! file builds. Unknown keys are errors with a "did you mean" hint.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::yaml::{self, YamlSource};

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Where the site is published, e.g. `https://clinic.example`; may include a sub-path.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    /// Menu entries; when empty, the home page and the top-level pages in weight order.
    pub navigation: Vec<NavEntry>,
    pub clinic: Clinic,
    pub disclaimer: String,
    /// Months between medical reviews of a page, when a page gives no `next_review`.
    pub review_interval_months: u32,
    /// The Flesch–Kincaid grade `careleaf check` holds pages to.
    pub reading_grade_target: f64,
    pub crisis: CrisisConfig,
    /// A notice shown on pages that mention any of its keywords (e.g. off-label use).
    pub off_label: Option<OffLabel>,
    /// Other hosts pages may load scripts, frames, images or styles from.
    pub allowed_hosts: Vec<String>,
    /// Replaces the built-in list of claims `careleaf check` flags.
    pub claims: Option<Vec<ClaimRule>>,
    /// `careleaf check` findings turned off for the whole site, by id.
    pub check_ignore: Vec<String>,
    /// Editions in other languages, each from `content/<code>/`, published under `/<code>/`.
    pub languages: Vec<LanguageConfig>,
}

/// Another language's edition, and the settings that differ in it (the rest are shared).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageConfig {
    /// Language code (`es`): the folder in `content/` and the first part of the addresses.
    pub code: String,
    /// The language's own name, for the language switcher (`Español`).
    pub name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub navigation: Option<Vec<NavEntry>>,
    /// Clinic details that differ in this language (booking label, booking page…).
    pub clinic: Option<Clinic>,
    pub disclaimer: Option<String>,
    pub crisis: Option<CrisisConfig>,
    pub off_label: Option<OffLabel>,
}

impl Config {
    /// The settings of the edition in `lang`: the site's, with what `lang` sets instead.
    pub fn for_language(&self, lang: &LanguageConfig) -> Config {
        let mut c = self.clone();
        c.language = lang.code.clone();
        let or = |o: &Option<String>, d: &String| o.clone().unwrap_or_else(|| d.clone());
        c.title = or(&lang.title, &self.title);
        c.description = or(&lang.description, &self.description);
        c.disclaimer = or(&lang.disclaimer, &self.disclaimer);
        if let Some(n) = &lang.navigation {
            c.navigation = n.clone();
        }
        if let Some(clinic) = &lang.clinic {
            let pick = |o: &Option<String>, d: &Option<String>| o.clone().or_else(|| d.clone());
            c.clinic = Clinic {
                name: pick(&clinic.name, &self.clinic.name),
                phone: pick(&clinic.phone, &self.clinic.phone),
                booking_url: pick(&clinic.booking_url, &self.clinic.booking_url),
                booking_label: pick(&clinic.booking_label, &self.clinic.booking_label),
                email: pick(&clinic.email, &self.clinic.email),
                address: pick(&clinic.address, &self.clinic.address),
            };
        }
        if let Some(crisis) = &lang.crisis {
            c.crisis = crisis.clone();
        }
        if lang.off_label.is_some() {
            c.off_label = lang.off_label.clone();
        }
        c
    }

    /// Every language code of the site, the default first.
    pub fn language_codes(&self) -> Vec<&str> {
        std::iter::once(self.language.as_str())
            .chain(self.languages.iter().map(|l| l.code.as_str()))
            .collect()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Patient information".into(),
            description: String::new(),
            base_url: String::new(),
            language: "en".into(),
            theme: "default".into(),
            navigation: Vec::new(),
            clinic: Clinic::default(),
            disclaimer: DEFAULT_DISCLAIMER.into(),
            review_interval_months: 12,
            reading_grade_target: 8.0,
            crisis: CrisisConfig::default(),
            off_label: None,
            allowed_hosts: Vec::new(),
            claims: None,
            check_ignore: Vec::new(),
            languages: Vec::new(),
        }
    }
}

pub const DEFAULT_DISCLAIMER: &str = "This website gives general information only. It is not \
medical advice and does not replace a talk with your own doctor or care team, who know your \
health and can decide what is right for you.";

/// Where to get help in a crisis, shown in the same place on every page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CrisisConfig {
    pub preset: CrisisPreset,
    pub title: Option<String>,
    pub text: Option<String>,
    pub actions: Option<Vec<CrisisAction>>,
    /// When someone last checked the numbers: they change.
    pub last_reviewed: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CrisisPreset {
    #[default]
    Us,
    Uk,
    Custom,
    Off,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisAction {
    pub label: String,
    pub href: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OffLabel {
    pub text: String,
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// A claim patient-education reviewers flag, with the reason and an honest alternative.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRule {
    /// Words to look for (case-insensitive, whole words).
    pub phrase: String,
    /// Only flag it in a sentence that also has one of these words (empty: always).
    #[serde(default)]
    pub near: Vec<String>,
    /// Do not flag it in a sentence that has one of these words.
    #[serde(default)]
    pub unless: Vec<String>,
    pub reason: String,
    pub suggestion: String,
}

/// The crisis notice as templates get it (`site.crisis`).
#[derive(Debug, Clone, Serialize)]
pub struct CrisisView {
    pub title: String,
    pub text: String,
    pub actions: Vec<CrisisAction>,
    pub last_reviewed: Option<String>,
}

impl CrisisConfig {
    /// The notice to show, or None when turned off.
    pub fn view(&self, t: &crate::i18n::Strings) -> Option<CrisisView> {
        // A preset action is a theme word and its `_href` word: each language can point its
        // readers to the service in their language (988's Spanish line takes texts of AYUDA).
        let actions = |keys: &[&str]| {
            keys.iter()
                .map(|key| CrisisAction {
                    label: t.get(key).to_string(),
                    href: t.get(&format!("{key}_href")).to_string(),
                })
                .collect::<Vec<_>>()
        };
        let title = t.get("crisis_title");
        let (text, actions) = match self.preset {
            CrisisPreset::Off => return None,
            CrisisPreset::Us => (
                t.get("crisis_us_text"),
                actions(&[
                    "crisis_us_call",
                    "crisis_us_sms",
                    "crisis_us_chat",
                    "crisis_us_emergency",
                ]),
            ),
            CrisisPreset::Uk => (
                t.get("crisis_uk_text"),
                actions(&[
                    "crisis_uk_emergency",
                    "crisis_uk_nhs",
                    "crisis_uk_samaritans",
                ]),
            ),
            CrisisPreset::Custom => ("", Vec::new()),
        };
        Some(CrisisView {
            title: self.title.clone().unwrap_or_else(|| title.into()),
            text: self.text.clone().unwrap_or_else(|| text.into()),
            actions: self.actions.clone().unwrap_or(actions),
            last_reviewed: self.last_reviewed.clone(),
        })
    }
}

/// One menu entry: a content file (`page: risks.md`, checked at build time) or any URL.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NavEntry {
    pub title: String,
    #[serde(default)]
    pub page: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Clinic {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub booking_url: Option<String>,
    pub booking_label: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

impl Clinic {
    /// A `tel:` link for the phone number: digits and a leading plus only.
    pub fn phone_href(&self) -> Option<String> {
        let phone = self.phone.as_deref()?;
        let mut href = String::from("tel:");
        for (i, c) in phone.trim().chars().enumerate() {
            if c.is_ascii_digit() || (c == '+' && i == 0) {
                href.push(c);
            }
        }
        (href.len() > 4).then_some(href)
    }
}

/// A loaded `site.yaml` and the file's text (kept to point at lines in later errors).
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub config: Config,
    pub file: PathBuf,
    pub text: String,
}

impl LoadedConfig {
    /// An error at the line of top-level key `key` in `site.yaml`.
    pub fn key_error(&self, key: &str, message: impl Into<String>) -> Error {
        source(&self.file, &self.text).key_error(key, message)
    }
}

fn source<'a>(file: &'a Path, text: &'a str) -> YamlSource<'a> {
    YamlSource {
        file,
        file_text: text,
        yaml: text,
        line_offset: 0,
        kind: ErrorKind::Config,
        unknown_key_hint: "",
        max_bytes: yaml::MAX_FRONT_MATTER_BYTES,
    }
}

/// Loads `site.yaml` from `root`. `file_label` is how the file is named in messages.
pub fn load(root: &Path, file_label: &Path) -> Result<LoadedConfig, Error> {
    let path = root.join(CONFIG_FILE);
    if !path.exists() {
        return Err(Error::new(
            ErrorKind::Config,
            format!("no {CONFIG_FILE} in {}", root.display()),
        )
        .with_hint("run careleaf in your site's folder, pass --root DIR, or create a new site with `careleaf init DIR`"));
    }
    let text = crate::content::read_text(&path, file_label)?;
    let config = parse(&text, file_label)?;
    Ok(LoadedConfig {
        config,
        file: file_label.to_path_buf(),
        text,
    })
}

/// Reads and checks the text of a `site.yaml` (named `file_label` in messages).
pub fn parse(text: &str, file_label: &Path) -> Result<Config, Error> {
    let src = source(file_label, text);
    let mut config: Config = yaml::parse(&src)?;
    validate(&mut config, &src)?;
    Ok(config)
}

fn validate(config: &mut Config, src: &YamlSource) -> Result<(), Error> {
    config.base_url = normalize_base_url(&config.base_url).map_err(|msg| {
        src.key_error("base_url", msg)
            .with_hint("write the full address where the site will be published, e.g. base_url: https://www.myclinic.com")
    })?;
    let valid_lang = |lang: &str| {
        !lang.is_empty()
            && lang.len() <= 35
            && lang.split('-').all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
    };
    config.language = config.language.to_ascii_lowercase();
    if !valid_lang(&config.language) {
        return Err(src
            .key_error(
                "language",
                format!("`{}` is not a language code", config.language),
            )
            .with_hint("use a code like en, es or en-us"));
    }
    let mut seen = vec![config.language.clone()];
    for (i, lang) in config.languages.iter().enumerate() {
        let at = |message: String| {
            let (line, column) = yaml::path_position(
                src.yaml,
                &[yaml::PathSeg::Key("languages"), yaml::PathSeg::Index(i)],
            )
            .unwrap_or((1, 1));
            Error::at(
                ErrorKind::Config,
                src.file,
                src.file_text,
                line,
                column,
                message,
            )
        };
        if !valid_lang(&lang.code) {
            return Err(at(format!("`{}` is not a language code", lang.code)).with_hint(
                "give each language a lowercase code, e.g. `- code: es`; its pages go in content/es/",
            ));
        }
        if seen.contains(&lang.code) {
            return Err(
                at(format!("the language `{}` is listed twice", lang.code)).with_hint(
                    "list each other language once; the default language is set by `language:`",
                ),
            );
        }
        seen.push(lang.code.clone());
    }
    if config.theme.is_empty()
        || config.theme.contains(['/', '\\'])
        || config.theme.starts_with('.')
    {
        return Err(src
            .key_error("theme", format!("`{}` is not a theme name", config.theme))
            .with_hint("use the name of a folder under themes/, e.g. theme: default"));
    }
    if config.crisis.preset == CrisisPreset::Custom
        && (config.crisis.text.as_deref().is_none_or(str::is_empty)
            || config.crisis.actions.as_ref().is_none_or(Vec::is_empty))
    {
        return Err(src
            .key_error(
                "crisis",
                "a custom crisis notice needs `text` and at least one of `actions`",
            )
            .with_hint(
                "add text: and actions: [{label: …, href: tel:…}], or use preset: us or preset: uk",
            ));
    }
    if let Some(date) = &config.crisis.last_reviewed
        && date.parse::<jiff::civil::Date>().is_err()
    {
        return Err(src
            .key_error(
                "crisis",
                format!("crisis last_reviewed `{date}` is not a valid date"),
            )
            .with_hint("write it as year-month-day, e.g. 2026-11-27"));
    }
    if !(1..=60).contains(&config.review_interval_months) {
        return Err(src
            .key_error(
                "review_interval_months",
                "review_interval_months must be between 1 and 60",
            )
            .with_hint("health information is usually reviewed every 12 to 36 months"));
    }
    for (i, entry) in config.navigation.iter().enumerate() {
        if entry.page.is_some() == entry.url.is_some() {
            return Err(src
                .key_error("navigation", format!("navigation entry {} (\"{}\") needs exactly one of `page` or `url`", i + 1, entry.title))
                .with_hint("use `page: risks.md` for a page of this site, or `url: https://…` for any other address"));
        }
    }
    // An empty phrase would match everywhere (and `careleaf check` would never finish).
    for (i, rule) in config.claims.iter().flatten().enumerate() {
        let blank = |w: &String| w.trim().is_empty();
        if blank(&rule.phrase) {
            return Err(src
                .key_error("claims", format!("claim {} has an empty `phrase`", i + 1))
                .with_hint("write the words to look for, e.g. `phrase: cures depression`"));
        }
        if rule.near.iter().chain(&rule.unless).any(blank) {
            return Err(src
                .key_error(
                    "claims",
                    format!(
                        "the claim \"{}\" has an empty entry in `near` or `unless`",
                        rule.phrase
                    ),
                )
                .with_hint("remove the empty entry, or write the word it should look for"));
        }
    }
    Ok(())
}

/// Checks `base_url` and drops a trailing slash; empty stays empty.
pub fn normalize_base_url(raw: &str) -> Result<String, String> {
    let url = raw.trim().trim_end_matches('/');
    if url.is_empty() {
        return Ok(String::new());
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{raw}` must start with https:// or http://"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return Err(format!("base_url `{raw}` is not a web address"));
    }
    if rest.contains(['?', '#', '"', '<', '>']) {
        return Err(format!(
            "base_url `{raw}` must not contain ?, #, quotes or angle brackets"
        ));
    }
    Ok(url.to_string())
}

impl Config {
    /// The path part of `base_url` with a trailing slash: "/" or "/sub/".
    pub fn root_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, r)| r);
        match after_scheme.find('/') {
            // Cannot fail: `i` is where `find` met a slash in `after_scheme` itself.
            Some(i) => format!("{}/", &after_scheme[i..]),
            None => "/".into(),
        }
    }

    /// The scheme and host of `base_url`, without the path.
    pub fn origin(&self) -> &str {
        let Some((scheme, rest)) = self.base_url.split_once("://") else {
            return "";
        };
        let host_len = rest.find('/').unwrap_or(rest.len());
        // Cannot fail: `base_url` is exactly `scheme`, "://" and `rest`, and `host_len` ends at
        // a slash of `rest` or at its end.
        &self.base_url[..scheme.len() + 3 + host_len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_normalized_and_split() {
        let mut c = Config {
            base_url: normalize_base_url("https://x.org/clinic/").unwrap(),
            ..Config::default()
        };
        assert_eq!(c.base_url, "https://x.org/clinic");
        assert_eq!(c.root_path(), "/clinic/");
        assert_eq!(c.origin(), "https://x.org");
        c.base_url = normalize_base_url("https://x.org").unwrap();
        assert_eq!(c.root_path(), "/");
        assert!(normalize_base_url("x.org").is_err());
        assert!(normalize_base_url("https://x.org/\"><script>").is_err());
    }

    #[test]
    fn phone_href_keeps_digits_and_leading_plus() {
        let clinic = Clinic {
            phone: Some("+1 (555) 010-0199".into()),
            ..Clinic::default()
        };
        assert_eq!(clinic.phone_href().as_deref(), Some("tel:+15550100199"));
    }

    #[test]
    fn unknown_key_in_site_yaml_suggests_the_closest() {
        let text = "title: A\ndescripton: B\n";
        let e = yaml::parse::<Config>(&source(Path::new("site.yaml"), text)).unwrap_err();
        assert_eq!(e.location().unwrap(), "site.yaml:2:1");
        assert!(e.hint.unwrap().contains("did you mean `description`?"));
    }

    #[test]
    fn empty_claim_words_are_rejected() {
        let check = |text: &str| {
            let src = source(Path::new("site.yaml"), text);
            let mut config: Config = yaml::parse(&src).unwrap();
            validate(&mut config, &src).map_err(|e| e.message)
        };
        let rule = "claims:\n  - phrase: cures\n    reason: r\n    suggestion: s\n";
        assert!(check(rule).is_ok());
        let empty = check("claims:\n  - phrase: \"\"\n    reason: r\n    suggestion: s\n");
        assert!(empty.unwrap_err().contains("empty `phrase`"));
        let near = check(&format!("{rule}    near: [ketamine, \"\"]\n"));
        assert!(near.unwrap_err().contains("empty entry"));
    }
}
