//! Reading TOML and JSON front matter, with errors at the file's line and column like YAML's.

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, line_col};
use crate::yaml::{self, YamlSource};

/// Parses `src.yaml` (here TOML text) into `T`.
pub fn parse_toml<T: DeserializeOwned>(src: &YamlSource) -> Result<T, Diagnostic> {
    check_size(src)?;
    toml::from_str(src.yaml).map_err(|e| {
        let (line, column) = e
            .span()
            .map_or((1, 1), |span| line_col(src.yaml, span.start));
        let (message, hint) = explain("TOML", e.message(), "each line should look like `key = \"value\"`: text in double quotes, dates as 2025-03-05, lists as [\"a\", \"b\"]");
        let mut d = src.error_at(line, column, message);
        d.hint = Some(hint);
        d
    })
}

/// Parses `src.yaml` (here a JSON object) into `T`.
pub fn parse_json<T: DeserializeOwned>(src: &YamlSource) -> Result<T, Diagnostic> {
    check_size(src)?;
    serde_json::from_str(src.yaml).map_err(|e| {
        let full = e.to_string();
        let message = full.split(" at line ").next().unwrap_or(&full);
        let (message, hint) = explain(
            "JSON",
            message,
            "every key and text must be in double quotes, with commas between values",
        );
        let mut d = src.error_at(e.line().max(1), e.column().max(1), message);
        d.hint = Some(hint);
        d
    })
}

fn check_size(src: &YamlSource) -> Result<(), Diagnostic> {
    if src.yaml.len() <= src.max_bytes {
        return Ok(());
    }
    Err(src
        .error_at(
            1,
            1,
            format!(
                "this front matter is {} KB, more than the {} KB careleaf accepts",
                src.yaml.len() / 1024,
                src.max_bytes / 1024
            ),
        )
        .with_hint("move long text into the page body"))
}

/// Wrong kinds of value read as they do in YAML; anything else is a syntax error of `language`.
fn explain(language: &str, raw: &str, syntax_hint: &str) -> (String, String) {
    if raw.starts_with("invalid type")
        || raw.starts_with("invalid value")
        || raw.starts_with("duplicate field")
    {
        let (message, hint) = yaml::explain(raw, "");
        return (message, hint.unwrap_or_default());
    }
    let raw = raw.trim().trim_end_matches('.');
    (
        format!("{language} syntax error: {raw}"),
        syntax_hint.to_string(),
    )
}
