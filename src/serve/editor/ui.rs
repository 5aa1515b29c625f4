//! The editor's screens: one HTML shell (a Tera template, auto-escaped) in the site's
//! language, with a script and a style sheet of its own, all under a strict CSP (no inline
//! script or style, nothing from another host, framed by nobody, framing only the preview).

use hyper::{Response, StatusCode};

use super::PREFIX;
use crate::serve::http::{Body, respond_with_policy};

const SHELL: &str = include_str!("ui/editor.html");
/// One script in two files (the second continues the function the first opens), kept apart
/// for size.
const SCRIPT: &str = concat!(
    include_str!("ui/editor.js"),
    include_str!("ui/editor-pages.js")
);
const STYLE: &str = include_str!("ui/editor.css");

/// The editor's policy: its own files and the preview frame, nothing else.
pub const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The editor's words (the `editor_*` strings of the theme) in the site's language.
pub struct EditorStrings {
    lang: String,
    strings: crate::i18n::Strings,
}

impl EditorStrings {
    /// The strings of the site's default language; English while the site does not load.
    pub fn of(site: Option<&crate::site::Site>) -> EditorStrings {
        match site {
            Some(site) => {
                let edition = site.default_edition();
                EditorStrings {
                    lang: edition.language().to_string(),
                    strings: edition.strings().clone(),
                }
            }
            None => EditorStrings {
                lang: crate::i18n::FALLBACK.to_string(),
                strings: crate::i18n::Strings::english(),
            },
        }
    }

    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key)
    }
}

/// The editor's page.
pub fn shell(strings: &EditorStrings) -> Response<Body> {
    // Inside a <script type="application/json"> block: `<` escaped so that no `</script>`
    // in a string can end the block.
    let json = serde_json::to_string(&strings.strings.with_prefix("editor_"))
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c");
    let mut context = tera::Context::new();
    context.insert("lang", &strings.lang);
    context.insert("t", &strings.strings);
    context.insert("prefix", PREFIX);
    context.insert("strings_json", &json);
    let mut tera = tera::Tera::new();
    // `.html` names are auto-escaped.
    let rendered = tera
        .add_raw_templates(vec![("editor.html", SHELL)])
        .and_then(|()| tera.render("editor.html", &context));
    match rendered {
        Ok(html) => respond_with_policy(StatusCode::OK, "text/html; charset=utf-8", html, POLICY),
        Err(e) => respond_with_policy(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            format!("the editor's page did not render: {e}"),
            POLICY,
        ),
    }
}

/// The editor's script or style sheet.
pub fn asset(name: &str) -> Response<Body> {
    let (kind, body) = match name {
        "editor.js" => ("text/javascript; charset=utf-8", SCRIPT),
        _ => ("text/css; charset=utf-8", STYLE),
    };
    respond_with_policy(StatusCode::OK, kind, body, POLICY)
}

/// A page for someone who opened the editor without this run's key.
pub fn refused_page(why: &str) -> Response<Body> {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Editor</title></head><body><main><h1>The editor needs this run's address</h1><p>{}</p></main></body></html>\n",
        escape(why)
    );
    respond_with_policy(
        StatusCode::FORBIDDEN,
        "text/html; charset=utf-8",
        html,
        POLICY,
    )
}

/// The "Edit this page" link added to the preview page at `url` (styled by the preview's
/// own overlay style sheet).
pub fn edit_link(url: &str, strings: &EditorStrings) -> String {
    format!(
        "<a class=\"careleaf-edit-link\" href=\"{PREFIX}?page={}\">{}</a>\n",
        escape(&super::percent_encode(url)),
        escape(strings.get("editor_edit_this_page"))
    )
}

/// `s` safe to put in HTML text or a quoted attribute.
fn escape(s: &str) -> String {
    let mut out = Vec::new();
    // Cannot fail: writing to a Vec.
    let _ = tera::escape_html(s, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
