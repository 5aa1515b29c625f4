//! Answering the preview server's requests from the site kept in memory: only files the build
//! produced can be served (a request path is a key in that map, never a path on disk), with
//! the right content type, the reload script and, after a failed rebuild, the error overlay.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Frame, SizeHint};
use hyper::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HeaderValue, LOCATION,
    X_CONTENT_TYPE_OPTIONS,
};
use hyper::{Method, Request, Response, StatusCode};

use super::{Hub, Published};
use crate::render::CSP;

pub const EVENTS_PATH: &str = "/__careleaf/events";
const CLIENT_PATH: &str = "/__careleaf/reload.js";
const OVERLAY_CSS_PATH: &str = "/__careleaf/overlay.css";
const CLIENT_JS: &str = include_str!("client.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, by its path in the output (`faq/index.html`).
    File(String),
    /// A folder asked for without its trailing slash: redirect to `/faq/`.
    AddSlash(String),
    NotFound,
}

/// Maps a request path to a file of the site. Anything that is not a plain path inside the
/// site (`..`, encoded `..`, backslashes, NUL, invalid UTF-8) is not found.
pub fn resolve(url: &str, files: &HashMap<String, Arc<[u8]>>) -> Target {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(path) = path.strip_prefix('/') else {
        return Target::NotFound;
    };
    let Some(decoded) = percent_decode(path) else {
        return Target::NotFound;
    };
    if decoded.contains(['\0', '\\']) {
        return Target::NotFound;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Target::NotFound;
    }
    if segments
        .split_last()
        .is_some_and(|(_, folders)| folders.iter().any(|s| s.is_empty()))
    {
        return Target::NotFound;
    }
    let key = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.clone()
    };
    if files.contains_key(&key) {
        return Target::File(key);
    }
    if files.contains_key(&format!("{decoded}/index.html")) {
        return Target::AddSlash(format!("/{decoded}/"));
    }
    Target::NotFound
}

pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    // Cannot fail: `i < bytes.len()` is the loop's condition; the hex digits are read with `get`.
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Two hex digits exactly (`from_str_radix` alone would take `%+1`).
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

/// A response body: the whole file, or the event stream of an open page.
pub enum Body {
    Full(Option<Bytes>),
    Events(tokio::sync::mpsc::Receiver<Bytes>),
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.get_mut() {
            Body::Full(data) => Poll::Ready(data.take().map(|d| Ok(Frame::data(d)))),
            Body::Events(rx) => rx.poll_recv(cx).map(|m| m.map(|d| Ok(Frame::data(d)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(Some(d)) => SizeHint::with_exact(d.len() as u64),
            Body::Full(None) => SizeHint::with_exact(0),
            Body::Events(_) => SizeHint::default(),
        }
    }
}

pub fn respond(status: StatusCode, kind: &'static str, body: impl Into<Bytes>) -> Response<Body> {
    let body: Bytes = body.into();
    // A page's header policy is the one the build wrote into it: a stricter header would
    // block the hosts the page is allowed to use (the browser enforces both).
    let policy = kind
        .starts_with("text/html")
        .then(|| crate::html::csp::meta_policy(&String::from_utf8_lossy(&body)))
        .flatten()
        .and_then(|p| HeaderValue::from_str(&p).ok())
        .unwrap_or(HeaderValue::from_static(CSP));
    let mut response = Response::new(Body::Full(Some(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if kind.starts_with("text/html") {
        headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// A response with its own content security policy (the editor's screens).
pub fn respond_with_policy(
    status: StatusCode,
    kind: &'static str,
    body: impl Into<Bytes>,
    policy: &'static str,
) -> Response<Body> {
    let mut response = respond(status, kind, body);
    response
        .headers_mut()
        .insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
    response
}

/// Adds the reload script (and the error overlay, if the last rebuild failed) to a page.
fn inject(html: &[u8], overlay: Option<&str>, edit_link: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut extra = String::new();
    if let Some(o) = overlay {
        extra.push_str(o);
    }
    if let Some(link) = edit_link {
        extra.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\">\n{link}"
        ));
    }
    extra.push_str(&format!("<script src=\"{CLIENT_PATH}\" defer></script>\n"));
    let out = match text.rfind("</body>") {
        // Cannot fail: `i` is where `rfind` met the tag in `text` itself.
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]),
        None => format!("{text}{extra}"),
    };
    out.into_bytes()
}

/// A page shown when no build has succeeded yet.
fn error_page(overlay: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Build error</title></head><body>\n{overlay}<script src=\"{CLIENT_PATH}\" defer></script>\n</body></html>\n"
    )
    .into_bytes()
}

/// Answers one request. Never fails: every problem is a status code.
/// `edit_link` makes the "Edit this page" link of a page at an address (only for the
/// browser holding the editor's key).
pub fn handle<B>(
    request: &Request<B>,
    published: &RwLock<Published>,
    hub: &Hub,
    edit_link: Option<&dyn Fn(&str) -> String>,
) -> Response<Body> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return respond(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            &b"Only GET and HEAD are supported.\n"[..],
        );
    }
    let url = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    match url.split('?').next().unwrap_or("") {
        EVENTS_PATH => return events(hub),
        CLIENT_PATH => return respond(StatusCode::OK, "text/javascript; charset=utf-8", CLIENT_JS),
        OVERLAY_CSS_PATH => return respond(StatusCode::OK, "text/css; charset=utf-8", OVERLAY_CSS),
        _ => {}
    }
    let state = published.read().unwrap_or_else(|p| p.into_inner());
    let overlay = state.overlay.as_deref();
    match resolve(&url, &state.files) {
        Target::File(key) => {
            let kind = content_type(&key);
            let Some(body) = state.files.get(&key) else {
                return respond(
                    StatusCode::NOT_FOUND,
                    "text/plain; charset=utf-8",
                    &b"Not found.\n"[..],
                );
            };
            let body = if kind.starts_with("text/html") {
                let link = edit_link.map(|f| f(url.split('?').next().unwrap_or("/")));
                Bytes::from(inject(body, overlay, link.as_deref()))
            } else {
                Bytes::copy_from_slice(body)
            };
            respond(StatusCode::OK, kind, body)
        }
        Target::AddSlash(location) => {
            let mut response = respond(
                StatusCode::MOVED_PERMANENTLY,
                "text/plain; charset=utf-8",
                Bytes::new(),
            );
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(LOCATION, value);
            }
            response
        }
        Target::NotFound => {
            let body = match (state.files.get("404.html"), overlay) {
                (Some(page), _) => inject(page, overlay, None),
                (None, Some(o)) => error_page(o),
                (None, None) => {
                    b"<!DOCTYPE html><title>Not found</title><p>Not found.</p>".to_vec()
                }
            };
            respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", body)
        }
    }
}

/// Server-sent events: one `reload` event per rebuild, and a comment now and then so that a
/// closed tab is noticed (its stream's channel closes and the ping task ends).
fn events(hub: &Hub) -> Response<Body> {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Bytes>(16);
    let _ = sender.try_send(Bytes::from_static(b"retry: 500\n\n"));
    hub.clients
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(sender.clone());
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        every.tick().await;
        loop {
            every.tick().await;
            if sender
                .send(Bytes::from_static(b": ping\n\n"))
                .await
                .is_err()
            {
                return;
            }
        }
    });
    let mut response = Response::new(Body::Events(receiver));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> HashMap<String, Arc<[u8]>> {
        ["index.html", "faq/index.html", "site.css", "a b/index.html"]
            .iter()
            .map(|k| (k.to_string(), Arc::from(&b"x"[..])))
            .collect()
    }

    #[test]
    fn plain_paths_resolve() {
        let f = files();
        assert_eq!(resolve("/", &f), Target::File("index.html".into()));
        assert_eq!(
            resolve("/faq/?q=1", &f),
            Target::File("faq/index.html".into())
        );
        assert_eq!(resolve("/faq", &f), Target::AddSlash("/faq/".into()));
        assert_eq!(resolve("/site.css", &f), Target::File("site.css".into()));
        assert_eq!(
            resolve("/a%20b/", &f),
            Target::File("a b/index.html".into())
        );
    }

    #[test]
    fn traversal_and_odd_paths_are_not_found() {
        let f = files();
        for bad in [
            "/../etc/passwd",
            "/faq/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2fsite.css",
            "/faq/..%5c..%5cwin.ini",
            "/%00index.html",
            "//etc/passwd",
            "/./index.html",
            "etc/passwd",
            "/%ff%fe",
            "/%",
            "/faq/%2e/index.html",
            "\\..\\etc\\passwd",
        ] {
            assert_eq!(resolve(bad, &f), Target::NotFound, "{bad}");
        }
    }

    #[test]
    fn content_types_cover_the_site_files() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.woff2"), "font/woff2");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("x.WEBP"), "image/webp");
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let html = inject(b"<html><body><p>x</p></body></html>", None, None);
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body><p>x</p><script src=\"/__careleaf/reload.js\" defer></script>\n</body></html>"
        );
    }
}
