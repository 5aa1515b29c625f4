//! The error overlay shown over every preview page while the site does not build. It is the
//! theme template `preview/error-overlay.html`; a site can override it in its own
//! `templates/`. The site is broken when it shows, so a template of the site's that cannot
//! be read or rendered falls back to the built-in one rather than hiding the errors.

use std::path::Path;

use serde::Serialize;

use crate::diagnostic::Errors;
use crate::theme::ERROR_OVERLAY_TEMPLATE;

#[derive(Serialize)]
struct OverlayError<'a> {
    file: Option<String>,
    line: usize,
    column: usize,
    message: &'a str,
    source_line: Option<String>,
    /// Spaces as wide as the line number, to align the caret line under the quoted line.
    gutter: String,
    caret: String,
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct OverlayView<'a> {
    errors: Vec<OverlayError<'a>>,
}

/// The overlay's HTML for `errors`, with the site at `root`'s template when it has one.
pub fn render(errors: &Errors, root: &Path) -> String {
    let view = OverlayView {
        errors: errors.0.iter().map(overlay_error).collect(),
    };
    let own = std::fs::read_to_string(root.join("templates").join(ERROR_OVERLAY_TEMPLATE)).ok();
    own.and_then(|text| render_with(&text, &view))
        .or_else(|| render_with(&built_in(), &view))
        .unwrap_or_default()
}

fn overlay_error(e: &crate::diagnostic::Diagnostic) -> OverlayError<'_> {
    let (file, line, column) = match &e.span {
        Some(s) => (Some(s.file.display().to_string()), s.line, s.column),
        None => (None, 0, 0),
    };
    OverlayError {
        file,
        line,
        column,
        message: &e.message,
        source_line: e.source_line.clone().filter(|_| e.span.is_some()),
        gutter: " ".repeat(line.to_string().len()),
        caret: format!("{}^", " ".repeat(column.saturating_sub(1))),
        hint: e.hint.as_deref(),
    }
}

fn built_in() -> String {
    crate::theme::embedded_default()
        .templates
        .into_iter()
        .find(|t| t.name == ERROR_OVERLAY_TEMPLATE)
        .map(|t| String::from_utf8_lossy(&t.bytes).into_owned())
        .unwrap_or_default()
}

fn render_with(template: &str, view: &OverlayView) -> Option<String> {
    let mut tera = tera::Tera::new();
    tera.add_raw_templates(vec![(ERROR_OVERLAY_TEMPLATE, template)])
        .ok()?;
    let ctx = tera::Context::from_serialize(view).ok()?;
    tera.render(ERROR_OVERLAY_TEMPLATE, &ctx).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn errors() -> Errors {
        Errors(vec![
            Diagnostic::at(
                Path::new("content/a.md"),
                "---\ntitle: <b>A</b>\n---\n",
                2,
                8,
                "bad <title>",
            )
            .with_hint("write \"a & b\""),
        ])
    }

    #[test]
    fn the_built_in_overlay_quotes_the_line_and_escapes_everything() {
        let html = render(&errors(), Path::new("/nonexistent"));
        assert!(
            html.contains("<p class=\"ce-where\">content/a.md — line 2, column 8</p>"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"ce-msg\">bad &lt;title&gt;</p>"),
            "{html}"
        );
        assert!(
            html.contains("<pre>2 | title: &lt;b&gt;A&lt;&#x2F;b&gt;\n  |        ^</pre>")
                || html.contains("<pre>2 | title: &lt;b&gt;A&lt;/b&gt;\n  |        ^</pre>"),
            "{html}"
        );
        assert!(
            html.contains("How to fix it: write &quot;a &amp; b&quot;"),
            "{html}"
        );
    }

    #[test]
    fn a_site_can_override_the_overlay_and_a_broken_override_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("templates/preview");
        std::fs::create_dir_all(&templates).unwrap();
        let file = templates.join("error-overlay.html");
        std::fs::write(
            &file,
            "<p>{{ errors | length }} problem(s): {{ errors[0].message }}</p>",
        )
        .unwrap();
        assert_eq!(
            render(&errors(), dir.path()),
            "<p>1 problem(s): bad &lt;title&gt;</p>"
        );
        std::fs::write(&file, "{% if %}").unwrap();
        assert!(render(&errors(), dir.path()).contains("The site could not be updated"));
    }
}
