//! A page's `<img>` of a resized picture becomes a `<picture>`: one `<source>` per modern
//! format and the `<img>` itself with the fallback's widths, its size (so nothing moves as it
//! loads), lazy loading for all but the page's first picture, and asynchronous decoding.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use lol_html::html_content::{ContentType, Element};
use lol_html::{RewriteStrSettings, element, rewrite_str};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::plan::{Picture, Variant};

/// The fallback width old browsers (without `srcset`) get: enough for a phone or a column.
const PLAIN_WIDTH: u32 = 800;

/// Rewrites `html`; `find` gives the picture behind an `<img src>` as written. `seen` counts the
/// pictures of the page so far (a page's HTML may come in parts, as the FAQ's does).
pub(super) fn rewrite<'p>(
    html: &str,
    find: &dyn Fn(&str) -> Option<&'p Picture>,
    sizes: &str,
    seen: &Cell<usize>,
) -> Option<String> {
    let in_picture = RefCell::new(HashSet::new());
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("picture img", |el| {
            in_picture
                .borrow_mut()
                .insert(el.source_location().bytes().start);
            Ok(())
        }))
        .append_element_content_handler(element!("img[src]", |el| {
            // An author's own <picture> is left as written.
            if in_picture
                .borrow()
                .contains(&el.source_location().bytes().start)
            {
                return Ok(());
            }
            let Some(picture) = el.get_attribute("src").and_then(|src| find(&src)) else {
                return Ok(());
            };
            let first = seen.get() == 0;
            seen.set(seen.get() + 1);
            wrap(el, picture, sizes, first);
            Ok(())
        }));
    rewrite_str(html, settings).ok()
}

fn wrap(el: &mut Element, picture: &Picture, sizes: &str, first: bool) {
    let mut before = String::from("<picture>");
    let formats = picture.formats();
    for &format in formats.iter().filter(|&&f| f != picture.fallback) {
        before.push_str("<source type=\"");
        before.push_str(format.mime());
        before.push_str("\" srcset=\"");
        before.push_str(&srcset(picture.in_format(format)));
        before.push_str("\" sizes=\"");
        let _ = escape_html(&mut before, sizes);
        before.push_str("\">");
    }
    el.before(&before, ContentType::Html);
    el.after("</picture>", ContentType::Html);
    let fallback: Vec<&Variant> = picture.in_format(picture.fallback).collect();
    let plain = fallback
        .iter()
        .rev()
        .find(|v| v.width <= PLAIN_WIDTH)
        .or(fallback.first());
    let widest = fallback.last();
    let lazy = !first && !el.has_attribute("loading");
    let mut set = |name: &str, value: &str| {
        // Cannot fail: the names are valid attribute names.
        let _ = el.set_attribute(name, value);
    };
    if let Some(v) = plain {
        set("src", &href(&v.url));
    }
    set("srcset", &srcset(fallback.iter().copied()));
    set("sizes", sizes);
    if let Some(v) = widest {
        set("width", &v.width.to_string());
        set("height", &v.height.to_string());
    }
    set("decoding", "async");
    if lazy {
        set("loading", "lazy");
    }
}

fn href(url: &str) -> String {
    let mut out = String::new();
    let _ = escape_href(&mut out, url);
    out
}

/// `a-480.avif 480w, a-800.avif 800w`.
fn srcset<'v>(variants: impl Iterator<Item = &'v Variant>) -> String {
    variants
        .map(|v| format!("{} {}w", href(&v.url), v.width))
        .collect::<Vec<_>>()
        .join(", ")
}
