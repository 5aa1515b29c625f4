//! The checks of `site.yaml` that serde cannot make: codes, names and combinations of
//! settings, each an error at the key it is about, with a hint.

use super::{ClaimRule, Config, CrisisConfig, CrisisPreset, NavEntry, normalize_base_url};
use crate::diagnostic::Diagnostic;
use crate::yaml::{self, YamlSource};

/// Checks the settings serde cannot, in the order of the file's usual layout; the first that
/// fails is the error. `base_url` and `language` are normalized on the way.
pub(super) fn validate(config: &mut Config, src: &YamlSource) -> Result<(), Diagnostic> {
    config.base_url = normalize_base_url(&config.base_url).map_err(|msg| {
        src.key_error("base_url", msg)
            .with_hint("write the full address where the site will be published, e.g. base_url: https://www.myclinic.com")
    })?;
    config.language = config.language.to_ascii_lowercase();
    if !is_language_code(&config.language) {
        return Err(src
            .key_error(
                "language",
                format!("`{}` is not a language code", config.language),
            )
            .with_hint("use a code like en, es or en-us"));
    }
    check_languages(config, src)?;
    check_theme(&config.theme, src)?;
    check_crisis(&config.crisis, src)?;
    if !(1..=60).contains(&config.review_interval_months) {
        return Err(src
            .key_error(
                "review_interval_months",
                "review_interval_months must be between 1 and 60",
            )
            .with_hint("health information is usually reviewed every 12 to 36 months"));
    }
    check_navigation(&config.navigation, src)?;
    super::images::check_images(&mut config.images, src)?;
    check_claims(&config.claims.rules, src)
}

/// A lowercase code like `en`, `es` or `en-us`: it names a folder in `content/` and the first
/// part of addresses.
fn is_language_code(lang: &str) -> bool {
    !lang.is_empty()
        && lang.len() <= 35
        && lang.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Each other language has a valid code, different from the default's and the others'. Errors
/// point at the language's entry in the list.
fn check_languages(config: &Config, src: &YamlSource) -> Result<(), Diagnostic> {
    let mut seen = vec![config.language.clone()];
    for (i, lang) in config.languages.iter().enumerate() {
        let at = |message: String| {
            let (line, column) = yaml::path_position(
                src.yaml,
                &[yaml::PathSeg::Key("languages"), yaml::PathSeg::Index(i)],
            )
            .unwrap_or((1, 1));
            Diagnostic::at(src.file, src.file_text, line, column, message)
        };
        if !is_language_code(&lang.code) {
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
    Ok(())
}

/// The theme is a folder under `themes/`: its name must not lead anywhere else.
fn check_theme(theme: &str, src: &YamlSource) -> Result<(), Diagnostic> {
    if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
        return Err(src
            .key_error("theme", format!("`{theme}` is not a theme name"))
            .with_hint("use the name of a folder under themes/, e.g. theme: default"));
    }
    Ok(())
}

/// A custom crisis notice must say something and offer a way to get help; a review date must
/// be a date.
fn check_crisis(crisis: &CrisisConfig, src: &YamlSource) -> Result<(), Diagnostic> {
    if crisis.preset == CrisisPreset::Custom
        && (crisis.text.as_deref().is_none_or(str::is_empty)
            || crisis.actions.as_ref().is_none_or(Vec::is_empty))
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
    if let Some(date) = &crisis.last_reviewed
        && date.parse::<jiff::civil::Date>().is_err()
    {
        return Err(src
            .key_error(
                "crisis",
                format!("crisis last_reviewed `{date}` is not a valid date"),
            )
            .with_hint("write it as year-month-day, e.g. 2026-11-27"));
    }
    Ok(())
}

fn check_navigation(navigation: &[NavEntry], src: &YamlSource) -> Result<(), Diagnostic> {
    for (i, entry) in navigation.iter().enumerate() {
        if entry.page.is_some() == entry.url.is_some() {
            return Err(src
                .key_error("navigation", format!("navigation entry {} (\"{}\") needs exactly one of `page` or `url`", i + 1, entry.title))
                .with_hint("use `page: risks.md` for a page of this site, or `url: https://…` for any other address"));
        }
    }
    Ok(())
}

/// An empty phrase would match everywhere (and `careleaf check` would never finish); an empty
/// `near` or `unless` word likewise.
fn check_claims(claims: &[ClaimRule], src: &YamlSource) -> Result<(), Diagnostic> {
    let blank = |w: &String| w.trim().is_empty();
    for (i, rule) in claims.iter().enumerate() {
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
