//! One diagnostic type for build errors, build warnings and `check` findings: which rule, how
//! serious, where (file, line, column), what, and how to fix it. Editors are not programmers,
//! so every diagnostic carries a hint in plain words. Shown as text ([`fmt::Display`], like a
//! compiler; `check` groups them by file) or as JSON (its
//! `Serialize`).

mod rule;

pub use rule::Rule;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// A position in a source file. Lines and columns are 1-based, counted in characters, in the
/// original file (not in an extracted piece of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Span {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// How serious a diagnostic is: an error fails the build (and `check`), a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// What it is about: [`Rule::Build`] for what stops a build, a `check` rule otherwise.
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    /// The text of the offending line, shown under the location with a caret.
    pub source_line: Option<String>,
    pub hint: Option<String>,
}

pub type Result<T, E = Diagnostic> = std::result::Result<T, E>;

impl Diagnostic {
    /// A build error with no place in a file (a command-line option, say).
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            rule: Rule::Build,
            severity: Severity::Error,
            message: message.into(),
            span: None,
            source_line: None,
            hint: None,
        }
    }

    /// An error at `line:column` of `file`, whose full text is `text` (used to quote the line).
    pub fn at(
        file: &Path,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        // Parsers report the end of the file one line past the last (libyaml does, for a
        // file that does not end with a newline): point at the end of the last line instead,
        // so that the location is always one the editor can go to.
        let (line, column, source_line) = match text.split('\n').nth(line.saturating_sub(1)) {
            Some(l) => (line.max(1), column, l),
            None => (
                text.split('\n').count(),
                usize::MAX,
                text.rsplit('\n').next().unwrap_or_default(),
            ),
        };
        let source_line = source_line.trim_end_matches('\r');
        let column = column.clamp(1, source_line.chars().count() + 1);
        let source_line = Some(source_line.to_string());
        Diagnostic {
            rule: Rule::Build,
            severity: Severity::Error,
            message: message.into(),
            span: Some(Span {
                file: file.to_path_buf(),
                line,
                column,
            }),
            source_line,
            hint: None,
        }
    }

    /// An error about a whole file, pointing at its first line.
    pub fn in_file(file: &Path, message: impl Into<String>) -> Self {
        let mut e = Diagnostic::new(message);
        e.span = Some(Span {
            file: file.to_path_buf(),
            line: 1,
            column: 1,
        });
        e
    }

    pub fn io(file: &Path, err: &std::io::Error) -> Self {
        let hint = match err.kind() {
            std::io::ErrorKind::PermissionDenied => {
                "check the file's permissions: careleaf needs to read (and for output, write) it"
            }
            std::io::ErrorKind::NotFound => "check that the path exists and is spelled correctly",
            _ => "check that the file is readable and the disk is not full",
        };
        Diagnostic::in_file(file, format!("could not access this file: {err}")).with_hint(hint)
    }

    /// At byte `offset` of `file`, whose full text is `text`.
    pub fn at_offset(file: &Path, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_col(text, offset);
        Diagnostic::at(file, text, line, column, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into()).filter(|h: &String| !h.is_empty());
        self
    }

    /// The same diagnostic, reported under `rule` with `severity`.
    pub fn as_finding(mut self, rule: Rule, severity: Severity) -> Self {
        self.rule = rule;
        self.severity = severity;
        self
    }

    /// A warning under `rule`.
    pub fn warning(self, rule: Rule) -> Self {
        self.as_finding(rule, Severity::Warning)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` if the error has a location.
    pub fn location(&self) -> Option<String> {
        self.span
            .as_ref()
            .map(|s| format!("{}:{}:{}", s.file.display(), s.line, s.column))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.rule {
            Rule::Build => writeln!(f, "{severity}: {}", self.message)?,
            rule => writeln!(f, "{severity}[{rule}]: {}", self.message)?,
        }
        if let Some(span) = &self.span {
            let gutter = span.line.to_string().len();
            writeln!(
                f,
                "{:gutter$}--> {}:{}:{}",
                "",
                span.file.display(),
                span.line,
                span.column
            )?;
            if let Some(src) = &self.source_line {
                // Tabs would shift the caret; show them as single spaces.
                let shown: String = src
                    .chars()
                    .map(|c| if c == '\t' { ' ' } else { c })
                    .collect();
                writeln!(f, "{:gutter$} |", "")?;
                writeln!(f, "{} | {}", span.line, shown)?;
                writeln!(f, "{:gutter$} | {:>col$}", "", "^", col = span.column)?;
            }
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = help: {}", hint.replace('\n', "\n          "))?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// As `check --format json` lists it: the rule as `id`, and the place as `file`, `line` and
/// `column` (`site.yaml` 1:1 for what has no place of its own).
impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shown<'a> {
            id: Rule,
            severity: Severity,
            file: &'a Path,
            line: usize,
            column: usize,
            message: &'a str,
            hint: &'a str,
        }
        let (file, line, column) = match &self.span {
            Some(s) => (s.file.as_path(), s.line, s.column),
            None => (Path::new("site.yaml"), 1, 1),
        };
        Shown {
            id: self.rule,
            severity: self.severity,
            file,
            line,
            column,
            message: &self.message,
            hint: self.hint.as_deref().unwrap_or_default(),
        }
        .serialize(serializer)
    }
}

/// Several diagnostics found in one pass: editors fix them all at once instead of one per
/// build.
#[derive(Debug, Clone, Default)]
pub struct Errors(pub Vec<Diagnostic>);

impl Errors {
    pub fn push(&mut self, e: Diagnostic) {
        self.0.push(e);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// The value of `result`, or None with its error kept, so that checking goes on.
    pub fn keep<T>(&mut self, result: Result<T, Diagnostic>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }
    pub fn into_result<T>(self, ok: T) -> Result<T, Errors> {
        if self.0.is_empty() { Ok(ok) } else { Err(self) }
    }
}

impl From<Diagnostic> for Errors {
    fn from(e: Diagnostic) -> Self {
        Errors(vec![e])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.0 {
            writeln!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

/// Finds the known name closest to `wrong`, for "did you mean" hints.
pub fn closest<'a>(wrong: &str, known: &[&'a str]) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    known
        .iter()
        .map(|k| (*k, strsim::normalized_damerau_levenshtein(&wrong_lower, k)))
        .filter(|(_, score)| *score >= 0.5)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

/// Line and column (1-based, in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    // Cannot fail: the offset is clamped to the text and moved back to a char boundary, and
    // `line_start` is just past a newline found in `before`.
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_past_the_end_points_at_the_end_of_the_last_line() {
        // Found by fuzz/site_yaml: libyaml reported line 20 of a 19-line file.
        let e = Diagnostic::at(Path::new("site.yaml"), "a: b\nphoné", 3, 1, "x");
        let span = e.span.unwrap();
        assert_eq!((span.line, span.column), (2, 6));
        assert_eq!(e.source_line.as_deref(), Some("phoné"));
        let e = Diagnostic::at(Path::new("site.yaml"), "a: b\n", 1, 40, "x");
        assert_eq!(e.span.unwrap().column, 5);
    }

    #[test]
    fn line_col_counts_from_one_in_characters() {
        let text = "ab\ncdé f\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'f' is after a two-byte 'é': byte 8, character column 5.
        assert_eq!(line_col(text, 8), (2, 5));
    }

    #[test]
    fn closest_suggests_typos_but_not_unrelated_words() {
        let known = ["title", "description", "weight"];
        assert_eq!(closest("titel", &known), Some("title"));
        assert_eq!(closest("Descripton", &known), Some("description"));
        assert_eq!(closest("zzz", &known), None);
    }

    #[test]
    fn display_quotes_the_line_with_a_caret() {
        let e = Diagnostic::at(
            Path::new("content/a.md"),
            "---\ntitel: A\n---\n",
            2,
            1,
            "unknown key",
        )
        .with_hint("did you mean `title`?");
        let shown = e.to_string();
        assert!(shown.contains("--> content/a.md:2:1"), "{shown}");
        assert!(shown.contains("2 | titel: A"), "{shown}");
        assert!(shown.contains("= help: did you mean `title`?"), "{shown}");
    }
}
