//! Reading another generator's front matter: YAML between `---` lines (Jekyll, Hugo, Eleventy),
//! TOML between `+++` lines (Hugo, Zola) or a JSON object at the top of the file (Hugo). Each
//! becomes one JSON map, so the mapping to careleaf's keys is written once.

use std::path::Path;

use serde_json::{Map, Value};

use crate::content::front_matter::{self, Format};

/// A source page split into its metadata and its Markdown body.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcePage {
    pub front: Map<String, Value>,
    pub body: String,
    /// How many lines of the file come before the body (to give `file:line` of what is in it).
    pub body_line: usize,
    /// Whether the file had front matter at all (Jekyll copies files without it as they are).
    pub had_front_matter: bool,
}

/// Why front matter could not be read, at a 1-based line and column of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Front matter larger than this is not parsed (see `yaml::MAX_FRONT_MATTER_BYTES`).
const MAX_BYTES: usize = crate::yaml::MAX_FRONT_MATTER_BYTES;

/// Splits `text` (BOM and `\r` already removed) and parses its front matter. The block is
/// found by careleaf's own reader, so the importer and the build agree on where it ends.
pub fn read(text: &str) -> Result<SourcePage, FrontError> {
    if !front_matter::has_front_matter(text) {
        return Ok(SourcePage {
            front: Map::new(),
            body: text.to_string(),
            body_line: 0,
            had_front_matter: false,
        });
    }
    let split = front_matter::split(Path::new(""), text).map_err(|e| {
        let (line, column) = e.span.as_ref().map_or((1, 1), |s| (s.line, s.column));
        FrontError {
            line,
            column,
            message: e.message,
        }
    })?;
    let lines_before = |offset: usize| text[..offset].matches('\n').count();
    let front = match split.format {
        Format::Yaml => parse_yaml(split.front),
        Format::Toml => parse_toml(split.front),
        Format::Json => parse_json(split.front),
    }
    .map_err(|mut e| {
        e.line += lines_before(split.front_start);
        e
    })?;
    Ok(SourcePage {
        front,
        body: text[split.body_start..].to_string(),
        body_line: lines_before(split.body_start),
        had_front_matter: true,
    })
}

fn too_large(inner: &str) -> Result<(), FrontError> {
    if inner.len() > MAX_BYTES {
        return Err(FrontError {
            line: 1,
            column: 1,
            message: format!("the front matter is larger than {} KB", MAX_BYTES / 1024),
        });
    }
    Ok(())
}

fn parse_yaml(inner: &str) -> Result<Map<String, Value>, FrontError> {
    too_large(inner)?;
    if inner.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_yaml::from_str::<Value>(inner) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(_) => Err(FrontError {
            line: 1,
            column: 1,
            message: "the front matter is not a list of `key: value` lines".into(),
        }),
        Err(e) => {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            Err(FrontError {
                line,
                column,
                message: format!("the YAML front matter cannot be read: {e}"),
            })
        }
    }
}

fn parse_toml(inner: &str) -> Result<Map<String, Value>, FrontError> {
    too_large(inner)?;
    match toml_to_json(inner) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Ok(Map::new()),
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            let (line, column) = crate::diagnostic::line_col(inner, at);
            Err(FrontError {
                line,
                column,
                message: format!("the TOML front matter cannot be read: {}", e.message()),
            })
        }
    }
}

fn parse_json(inner: &str) -> Result<Map<String, Value>, FrontError> {
    too_large(inner)?;
    match serde_json::from_str::<Value>(inner) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Ok(Map::new()),
        Err(e) => Err(FrontError {
            line: e.line(),
            column: e.column(),
            message: format!("the JSON front matter cannot be read: {e}"),
        }),
    }
}

/// TOML as JSON; dates and times become their text (`1979-05-27T07:32:00-08:00`).
pub fn toml_to_json(text: &str) -> Result<Value, toml::de::Error> {
    let table: toml::Table = toml::from_str(text)?;
    Ok(toml_value(toml::Value::Table(table)))
}

fn toml_value(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_value).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_value(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_toml_and_json_front_matter_become_one_map() {
        let yaml = read("---\ntitle: Asthma\ntags: [lungs]\n---\nBody\n").unwrap();
        assert_eq!(yaml.front["title"], "Asthma");
        assert_eq!(yaml.front["tags"][0], "lungs");
        assert_eq!((yaml.body.as_str(), yaml.body_line), ("Body\n", 4));

        let toml = read("+++\ntitle = \"Asthma\"\ndate = 2024-03-05T10:00:00+01:00\n+++\n\nBody\n")
            .unwrap();
        assert_eq!(toml.front["date"], "2024-03-05T10:00:00+01:00");
        assert_eq!(toml.body_line, 4);

        let json = read("{\n  \"title\": \"Asthma\"\n}\nBody\n").unwrap();
        assert_eq!(json.front["title"], "Asthma");
        assert_eq!((json.body.as_str(), json.body_line), ("Body\n", 3));

        let plain = read("# Asthma\n").unwrap();
        assert!(!plain.had_front_matter && plain.front.is_empty());
    }

    #[test]
    fn broken_front_matter_is_located_in_the_file() {
        let e = read("---\ntitle: A\ntags: [a\n---\n").unwrap_err();
        assert!(e.line >= 3, "{e:?}");
        let e = read("+++\ntitle = \n+++\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        let e = read("---\ntitle: A\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
    }
}
