//! HTML read as a browser's tokenizer reads it (lol_html), never by splitting strings: the ids a
//! link can jump to, and everything an element would fetch, however its attributes are quoted,
//! spaced or spread over lines.

use std::cell::RefCell;

use lol_html::html_content::{Element, TextChunk};
use lol_html::{HtmlRewriter, Settings, element, text};

pub mod csp;
pub use csp::{Directive, Embeds};

/// Something an element would fetch as the page loads (or send, for `<form action>` and
/// `<a ping>`): a tracker's pixel, a script, a frame, a font.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load {
    /// Byte offset of the URL itself in the HTML (of its element when the URL cannot be found
    /// in the raw tag, e.g. written with character references).
    pub offset: usize,
    /// The element, lowercase (`img`, `style`).
    pub tag: String,
    /// The attribute that holds the URL (`srcset`), or `text` inside `<style>`.
    pub attribute: String,
    pub url: String,
    /// The Content-Security-Policy directive that allows it, if any does.
    pub directive: Option<Directive>,
}

impl Load {
    /// The other host this loads from (lowercase), or None for the site's own files.
    pub fn host(&self) -> Option<String> {
        external_host(&self.url)
    }
}

/// Every `id` and `name` in `html`, as a browser would see them.
pub fn ids(html: &str) -> Vec<String> {
    let found = RefCell::new(Vec::new());
    let settings =
        Settings::new().append_element_content_handler(element!("[id], a[name]", |el| {
            for attr in ["id", "name"] {
                if let Some(value) = el.get_attribute(attr) {
                    found.borrow_mut().push(decode_entities(&value));
                }
            }
            Ok(())
        }));
    read(html, settings);
    found.into_inner()
}

/// Every URL that an element of `html` would load, in document order.
pub fn loads(html: &str) -> Vec<Load> {
    let found = RefCell::new(Vec::new());
    let style_text = RefCell::new((0usize, String::new()));
    let settings = Settings::new()
        .append_element_content_handler(element!("*", |el| {
            element_loads(html, el, &mut found.borrow_mut());
            Ok(())
        }))
        .append_element_content_handler(text!("style", |chunk: &mut TextChunk| {
            let mut pending = style_text.borrow_mut();
            if pending.1.is_empty() {
                pending.0 = chunk.source_location().bytes().start;
            }
            pending.1.push_str(chunk.as_str());
            if chunk.last_in_text_node() {
                let (start, css) = std::mem::take(&mut *pending);
                for (at, url, directive) in css_urls(&css) {
                    found.borrow_mut().push(Load {
                        offset: start + at,
                        tag: "style".into(),
                        attribute: "text".into(),
                        url,
                        directive: Some(directive),
                    });
                }
            }
            Ok(())
        }));
    read(html, settings);
    let mut found = found.into_inner();
    found.sort_by_key(|l| l.offset);
    found
}

/// The loads of `html` from hosts other than the site's own.
pub fn external_loads(html: &str) -> Vec<(Load, String)> {
    loads(html)
        .into_iter()
        .filter_map(|load| load.host().map(|host| (load, host)))
        .collect()
}

/// Whether `host` is one of `allowed` or below one of them.
pub fn host_allowed(allowed: &[String], host: &str) -> bool {
    allowed.iter().any(|h| {
        let h = h.to_ascii_lowercase();
        host == h || host.ends_with(&format!(".{h}"))
    })
}

/// `<img>` elements without an `alt` attribute, by byte offset.
pub fn images_without_alt(html: &str) -> Vec<usize> {
    let found = RefCell::new(Vec::new());
    let settings =
        Settings::new().append_element_content_handler(element!("img:not([alt])", |el| {
            found.borrow_mut().push(el.source_location().bytes().start);
            Ok(())
        }));
    read(html, settings);
    found.into_inner()
}

/// The `href` of every `<a>` in `html` as written (character references left as they are), with
/// the byte offset of the value.
pub fn link_hrefs(html: &str) -> Vec<(usize, String)> {
    let found = RefCell::new(Vec::new());
    let settings = Settings::new().append_element_content_handler(element!("a[href]", |el| {
        let range = el.source_location().bytes();
        let href = el.get_attribute("href").unwrap_or_default();
        let raw = html.get(range.clone()).unwrap_or("");
        let offset = raw
            .find(&format!("href=\"{href}\""))
            .or_else(|| raw.find(&format!("href='{href}'")))
            .map(|i| range.start + i + 6)
            .or_else(|| {
                raw.find(href.as_str())
                    .filter(|_| !href.is_empty())
                    .map(|i| range.start + i)
            })
            .unwrap_or(range.start);
        found.borrow_mut().push((offset, href));
        Ok(())
    }));
    read(html, settings);
    found.into_inner()
}

/// `html` with each `<a href>` found in `new_hrefs` (by its value as written) given the new
/// value; everything else passes through byte for byte.
pub fn replace_link_hrefs(
    html: &str,
    new_hrefs: &std::collections::HashMap<String, String>,
) -> String {
    let settings = lol_html::RewriteStrSettings::new().append_element_content_handler(element!(
        "a[href]",
        |el| {
            if let Some(new) = el.get_attribute("href").and_then(|h| new_hrefs.get(&h)) {
                el.set_attribute("href", new)?;
            }
            Ok(())
        }
    ));
    lol_html::rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// Runs the handlers over `html`, discarding the output. lol_html only fails on a handler's
/// error (ours return none) or a memory limit far above any page careleaf accepts.
fn read(html: &str, settings: Settings<'_, '_>) {
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    let _ = rewriter.write(html.as_bytes());
    let _ = rewriter.end();
}

/// Link relations whose `href` the browser does not fetch as the page loads.
const NAVIGATION_RELS: &[&str] = &[
    "alternate",
    "author",
    "bookmark",
    "canonical",
    "external",
    "help",
    "license",
    "me",
    "next",
    "nofollow",
    "noopener",
    "noreferrer",
    "prev",
    "search",
    "tag",
];

fn element_loads(html: &str, el: &Element, out: &mut Vec<Load>) {
    let tag = el.tag_name();
    let range = el.source_location().bytes();
    // Cannot fail: lol_html's ranges are byte ranges of the input it was given.
    let raw = html.get(range.clone()).unwrap_or("");
    let mut push = |attribute: &str, url: &str| {
        let url = decode_entities(url.trim());
        if url.is_empty() {
            return;
        }
        let offset = raw
            .find(url.as_str())
            .map_or(range.start, |i| range.start + i);
        out.push(Load {
            offset,
            tag: tag.clone(),
            attribute: attribute.into(),
            directive: csp::directive_for(&tag, attribute, el),
            url,
        });
    };
    for attr in el.attributes() {
        let name = attr.name();
        let value = attr.value();
        match name.as_str() {
            "src" | "poster" | "background" | "action" | "formaction" | "codebase" => {
                push(&name, &value);
            }
            "ping" => value
                .split_ascii_whitespace()
                .for_each(|url| push(&name, url)),
            "data" if tag == "object" => push(&name, &value),
            "srcset" | "imagesrcset" => {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_ascii_whitespace().next() {
                        push(&name, url);
                    }
                }
            }
            "href" | "xlink:href" if loads_href(&tag, el) => push(&name, &value),
            "style" => {
                for (_, url, _) in css_urls(&value) {
                    push(&name, &url);
                }
            }
            "content" if is_refresh(el) => {
                if let Some(url) = refresh_url(&value) {
                    push(&name, url);
                }
            }
            _ => {}
        }
    }
}

/// Whether an element's `href` is fetched with the page (a stylesheet, an icon, an SVG image)
/// rather than followed when clicked.
fn loads_href(tag: &str, el: &Element) -> bool {
    match tag {
        "link" => {
            let rel = el
                .get_attribute("rel")
                .unwrap_or_default()
                .to_ascii_lowercase();
            rel.split_ascii_whitespace()
                .any(|r| !NAVIGATION_RELS.contains(&r))
        }
        "image" | "use" | "feimage" | "base" | "script" => true,
        _ => false,
    }
}

fn is_refresh(el: &Element) -> bool {
    el.tag_name() == "meta"
        && el
            .get_attribute("http-equiv")
            .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
}

/// The address in a `refresh` value such as `0; url=https://example.com/`.
fn refresh_url(content: &str) -> Option<&str> {
    let (_, rest) = content.split_once([';', ','])?;
    let rest = rest.trim_start();
    let rest = match rest.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("url=") => &rest[4..],
        _ => rest,
    };
    Some(rest.trim().trim_matches(['"', '\'']))
}

/// The URLs of `url(…)` and `@import "…"` in CSS text, with their byte offsets and what the
/// policy checks them as (an image, most likely, or a stylesheet).
fn css_urls(css: &str) -> Vec<(usize, String, Directive)> {
    let lower = css.to_ascii_lowercase();
    let mut out = Vec::new();
    for (at, _) in lower.match_indices("url(") {
        let start = at + 4;
        // Cannot fail: `start` and `end` are ASCII positions found in `lower`, which has the
        // same byte layout as `css`.
        let end = lower[start..].find(')').map_or(css.len(), |e| start + e);
        let inner = css[start..end].trim().trim_matches(['"', '\'']);
        let offset = start + css[start..end].find(inner).unwrap_or(0);
        out.push((offset, inner.to_string(), Directive::Img));
    }
    for (at, _) in lower.match_indices("@import") {
        let rest = &css[at + 7..];
        let trimmed = rest.trim_start();
        if let Some(quote) = trimmed.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let body = &trimmed[1..];
            if let Some(close) = body.find(quote) {
                let offset = at + 7 + (rest.len() - trimmed.len()) + 1;
                out.push((offset, body[..close].to_string(), Directive::Style));
            }
        }
    }
    out
}

/// The host of an absolute or protocol-relative URL (lowercase), or None for this site's own.
pub fn external_host(url: &str) -> Option<String> {
    let url = url.trim_start();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https:")
        .or_else(|| lower.strip_prefix("http:"))
        .map(|r| r.trim_start_matches(['/', '\\']))
        .or_else(|| {
            lower
                .strip_prefix("//")
                .or_else(|| lower.strip_prefix("\\\\"))
        })?;
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or("");
    // user:password@host:port → host
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("").trim_end_matches('.');
    (!host.is_empty()).then(|| host.to_string())
}

/// The few character references a URL or id is likely to hold, decoded (`&amp;`, `&#47;`…).
fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest[1..].find(';').map(|e| e + 1).filter(|e| *e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "colon" => Some(':'),
            "sol" => Some('/'),
            "period" => Some('.'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// JSON that can sit inside a `<script>` element: `<`, `>` and `&` are written as escapes, so
/// no text in it (such as `</script>` in a title) can end the element.
pub fn script_safe_json(value: &serde_json::Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests;
