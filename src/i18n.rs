//! The words a theme shows (navigation labels, review lines, the crisis notice, FAQ and timeline
//! controls, dates), per language: `i18n/<code>.yaml` in the theme, changed key by key by the
//! site's own `i18n/<code>.yaml`. A string missing in a language falls back to English, and
//! [`Strings::missing`] lists it for `careleaf check`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::theme::{Theme, ThemeFile};
use crate::yaml::{self, YamlSource};

/// The language every string falls back to.
pub const FALLBACK: &str = "en";

/// One language's strings, complete (English filling what it lacks).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Strings {
    map: BTreeMap<String, serde_json::Value>,
    #[serde(skip)]
    pub missing: Vec<String>,
    /// The file the language's strings come from (where a translator adds what is missing).
    #[serde(skip)]
    pub origin: Option<PathBuf>,
}

type StringMap = BTreeMap<String, serde_json::Value>;

fn parse(file: &ThemeFile) -> Result<StringMap, Diagnostic> {
    let text = crate::content::decode_text(&file.origin, file.bytes.clone())?;
    let src = YamlSource {
        ..YamlSource::data_file(&file.origin, &text, "")
    };
    let map: BTreeMap<String, serde_json::Value> = yaml::parse(&src)?;
    for (key, value) in &map {
        let ok = match value {
            serde_json::Value::String(_) => true,
            serde_json::Value::Array(items) => items.iter().all(|v| v.is_string()),
            _ => false,
        };
        if !ok {
            return Err(src
                .key_error(key, format!("`{key}` must be text or a list of texts"))
                .with_hint("write the words after the colon, in quotes if they hold a colon"));
        }
    }
    Ok(map)
}

/// The strings of `lang` in one layer of files, and the file they come from.
fn layer(files: &[ThemeFile], lang: &str) -> Result<Option<(StringMap, PathBuf)>, Diagnostic> {
    let name = format!("{lang}.yaml");
    match files.iter().find(|f| f.name == name) {
        Some(f) => Ok(Some((parse(f)?, f.origin.clone()))),
        None => Ok(None),
    }
}

impl Strings {
    /// The strings of `lang` from `theme` (and the site's changes to them).
    pub fn load(theme: &Theme, lang: &str) -> Result<Strings, Diagnostic> {
        let mut fallback = BTreeMap::new();
        for files in [&theme.strings, &theme.site_strings] {
            if let Some((map, _)) = layer(files, FALLBACK)? {
                fallback.extend(map);
            }
        }
        if lang == FALLBACK {
            return Ok(Strings {
                map: fallback,
                missing: Vec::new(),
                origin: None,
            });
        }
        let mut own = BTreeMap::new();
        let mut origin = None;
        for files in [&theme.strings, &theme.site_strings] {
            if let Some((map, from)) = layer(files, lang)? {
                own.extend(map);
                origin = Some(from);
            }
        }
        let missing: Vec<String> = fallback
            .keys()
            .filter(|k| !own.contains_key(*k))
            .cloned()
            .collect();
        for (k, v) in fallback {
            own.entry(k).or_insert(v);
        }
        Ok(Strings {
            map: own,
            missing,
            origin,
        })
    }

    /// English strings of the built-in theme, for code that runs without a site (tests).
    pub fn english() -> Strings {
        let theme = crate::theme::embedded_default();
        Strings::load(&theme, FALLBACK).unwrap_or_default()
    }

    /// The string `key`, or the key itself when no file has it (a theme without strings still
    /// renders, with the key showing where a word is missing).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        match self.map.get(key) {
            Some(serde_json::Value::String(s)) => s,
            _ => key,
        }
    }

    /// The string `key` with `{name}` replaced by each value.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut s = self.get(key).to_string();
        for (name, value) in values {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// The string `key`, if any file has it.
    pub fn lookup(&self, key: &str) -> Option<&str> {
        self.map.get(key).and_then(|v| v.as_str())
    }

    /// Every string whose key starts with `prefix` (one screen's words, such as the editor's).
    pub fn with_prefix(&self, prefix: &str) -> BTreeMap<String, serde_json::Value> {
        self.map
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The list `key` (month or weekday names), if the files give one.
    pub fn list(&self, key: &str) -> Vec<&str> {
        match self.map.get(key) {
            Some(serde_json::Value::Array(items)) => {
                items.iter().filter_map(|v| v.as_str()).collect()
            }
            _ => Vec::new(),
        }
    }

    /// A date as readers of this language write it ("November 27, 2026", "27 de noviembre
    /// de 2026").
    pub fn date(&self, d: jiff::civil::Date) -> String {
        let months = self.list("months");
        let month = months
            .get(d.month() as usize - 1)
            .map_or_else(|| d.month().to_string(), |m| m.to_string());
        let format = match self.get("date_format") {
            "date_format" => "{month} {day}, {year}",
            f => f,
        };
        // French writes the first of the month as an ordinal ("1er mars"): a language may name
        // its first day (`date_first_day`); English has no such word, so no fallback applies.
        let day = match self.lookup("date_first_day") {
            Some(first) if d.day() == 1 => first.to_string(),
            _ => d.day().to_string(),
        };
        format
            .replace("{month}", &month)
            .replace("{day}", &day)
            .replace("{year}", &d.year().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme_with(files: &[(&str, &str)], site: &[(&str, &str)]) -> Theme {
        let to_files = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(name, text)| ThemeFile {
                    name: name.to_string(),
                    origin: PathBuf::from(format!("i18n/{name}")),
                    bytes: text.as_bytes().to_vec(),
                })
                .collect()
        };
        Theme {
            strings: to_files(files),
            site_strings: to_files(site),
            ..Theme::default()
        }
    }

    #[test]
    fn a_missing_string_falls_back_to_english_and_is_listed() {
        let theme = theme_with(
            &[
                ("en.yaml", "menu: Menu\nback_to_top: Back to top\n"),
                ("es.yaml", "menu: Menú\n"),
            ],
            &[("es.yaml", "menu: Índice\n")],
        );
        let es = Strings::load(&theme, "es").unwrap();
        assert_eq!(es.get("menu"), "Índice");
        assert_eq!(es.get("back_to_top"), "Back to top");
        assert_eq!(es.missing, ["back_to_top"]);
        assert_eq!(es.origin, Some(PathBuf::from("i18n/es.yaml")));
    }

    #[test]
    fn dates_follow_the_language() {
        let date = jiff::civil::date(2026, 11, 27);
        assert_eq!(Strings::english().date(date), "November 27, 2026");
        let es = Strings::load(&crate::theme::embedded_default(), "es").unwrap();
        assert_eq!(es.date(date), "27 de noviembre de 2026");
        assert!(es.missing.is_empty(), "es.yaml lacks {:?}", es.missing);
        let theme = crate::theme::embedded_default();
        for (code, first, other) in [
            ("fr", "1er mars 2026", "27 novembre 2026"),
            ("de", "1. März 2026", "27. November 2026"),
        ] {
            let strings = Strings::load(&theme, code).unwrap();
            assert_eq!(strings.date(jiff::civil::date(2026, 3, 1)), first);
            assert_eq!(strings.date(date), other);
            assert!(
                strings.missing.is_empty(),
                "{code} lacks {:?}",
                strings.missing
            );
        }
        assert_eq!(es.date(jiff::civil::date(2026, 3, 1)), "1 de marzo de 2026");
        assert_eq!(
            es.fill("reading_time", &[("n", "4")]),
            "Se lee en unos 4 minutos"
        );
    }

    #[test]
    fn strings_must_be_text() {
        let theme = theme_with(&[("en.yaml", "menu:\n  a: b\n")], &[]);
        let e = Strings::load(&theme, "en").unwrap_err();
        assert!(e.message.contains("must be text"), "{}", e.message);
    }
}
