//! `site.yaml`: the site's settings, typed, with a default for everything so that a two-line
//! file builds. Unknown keys are errors with a "did you mean" hint; what serde cannot check is
//! checked in `validate.rs`.

mod claims;
mod crisis;
mod images;
#[cfg(test)]
mod tests;
mod validate;

pub use claims::{ClaimPack, ClaimRule, ClaimsConfig};
pub use crisis::{
    COUNTRIES, CountryPreset, CrisisAction, CrisisConfig, CrisisPreset, CrisisView, NO_COUNTRY,
    country_codes,
};
pub use images::{ImageConfig, ImageFormat};

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::yaml::{self, YamlSource};
use validate::validate;

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
    /// The footer's medical disclaimer; None for the theme's (`disclaimer_text`), which is in
    /// the page's language.
    pub disclaimer: Option<String>,
    /// Months between medical reviews of a page, when a page gives no `next_review`.
    pub review_interval_months: u32,
    /// The Flesch–Kincaid grade `careleaf check` holds pages to.
    pub reading_grade_target: f64,
    pub crisis: CrisisConfig,
    /// A notice shown on pages that mention any of its keywords (e.g. off-label use).
    pub off_label: Option<OffLabel>,
    /// Other hosts pages may load scripts, frames, images or styles from.
    pub allowed_hosts: Vec<String>,
    /// Which claim packs `careleaf check` runs, and the site's own claims.
    pub claims: ClaimsConfig,
    /// `careleaf check` findings turned off for the whole site, by id.
    pub check_ignore: Vec<String>,
    /// Editions in other languages, each from `content/<code>/`, published under `/<code>/`.
    pub languages: Vec<LanguageConfig>,
    /// How pictures in pages are resized and encoded.
    pub images: ImageConfig,
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
        c.disclaimer = lang.disclaimer.clone().or_else(|| self.disclaimer.clone());
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
            disclaimer: None,
            review_interval_months: 12,
            reading_grade_target: 8.0,
            crisis: CrisisConfig::default(),
            off_label: None,
            allowed_hosts: Vec::new(),
            claims: ClaimsConfig::default(),
            check_ignore: Vec::new(),
            languages: Vec::new(),
            images: ImageConfig::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OffLabel {
    pub text: String,
    #[serde(default)]
    pub keywords: Vec<String>,
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
    pub fn key_error(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        source(&self.file, &self.text).key_error(key, message)
    }
}

fn source<'a>(file: &'a Path, text: &'a str) -> YamlSource<'a> {
    YamlSource {
        file,
        file_text: text,
        yaml: text,
        line_offset: 0,
        unknown_key_hint: "",
        max_bytes: yaml::MAX_FRONT_MATTER_BYTES,
    }
}

/// Loads `site.yaml` from `root`. `file_label` is how the file is named in messages.
pub fn load(root: &Path, file_label: &Path) -> Result<LoadedConfig, Diagnostic> {
    let path = root.join(CONFIG_FILE);
    if !path.exists() {
        return Err(Diagnostic::new(
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
pub fn parse(text: &str, file_label: &Path) -> Result<Config, Diagnostic> {
    let src = source(file_label, text);
    let mut config: Config = yaml::parse(&src)?;
    validate(&mut config, &src)?;
    Ok(config)
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
