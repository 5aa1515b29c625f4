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
        }
    }
}

pub const DEFAULT_DISCLAIMER: &str = "This website gives general information only. It is not \
medical advice and does not replace a talk with your own doctor or care team, who know your \
health and can decide what is right for you.";

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
    let bytes = std::fs::read(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::new(
                ErrorKind::Config,
                format!("no {CONFIG_FILE} in {}", root.display()),
            )
            .with_hint("run careleaf in your site's folder, pass --root DIR, or create a new site with `careleaf init DIR`")
        } else {
            Error::io(file_label, &e)
        }
    })?;
    let text = crate::content::decode_text(file_label, bytes)?;
    let src = source(file_label, &text);
    let mut config: Config = yaml::parse(&src)?;
    validate(&mut config, &src)?;
    Ok(LoadedConfig {
        config,
        file: file_label.to_path_buf(),
        text,
    })
}

fn validate(config: &mut Config, src: &YamlSource) -> Result<(), Error> {
    config.base_url = normalize_base_url(&config.base_url).map_err(|msg| {
        src.key_error("base_url", msg)
            .with_hint("write the full address where the site will be published, e.g. base_url: https://www.myclinic.com")
    })?;
    let lang = &config.language;
    let valid_lang = !lang.is_empty()
        && lang.len() <= 35
        && lang
            .split('-')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !valid_lang {
        return Err(src
            .key_error("language", format!("`{lang}` is not a language code"))
            .with_hint("use a code like en, es or en-US"));
    }
    if config.theme.is_empty()
        || config.theme.contains(['/', '\\'])
        || config.theme.starts_with('.')
    {
        return Err(src
            .key_error("theme", format!("`{}` is not a theme name", config.theme))
            .with_hint("use the name of a folder under themes/, e.g. theme: default"));
    }
    for (i, entry) in config.navigation.iter().enumerate() {
        if entry.page.is_some() == entry.url.is_some() {
            return Err(src
                .key_error("navigation", format!("navigation entry {} (\"{}\") needs exactly one of `page` or `url`", i + 1, entry.title))
                .with_hint("use `page: risks.md` for a page of this site, or `url: https://…` for any other address"));
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
}
