//! The page editor of the preview server (`careleaf serve`, never `build`): screens and
//! requests under [`PREFIX`], for editors who do not know Markdown, YAML or a terminal.
//!
//! - [`access`]: who may use it (this run's key in a cookie, the preview's own host/origin);
//! - [`store`]: reading and saving files under `content/` safely, with history;
//! - [`overview`]: the page list, and drafts rendered by the site's own pipeline with
//!   `check`'s findings;
//! - [`ui`]: the screens (one HTML shell, a script and a style sheet, under the strict CSP).
//!
//! Requests (JSON unless said): `GET session?token=T` (sets the cookie, goes to the editor),
//! `GET` the editor itself (`?path=` a file, `?page=` an address), `GET pages`,
//! `GET/POST file`, `POST preview` `{path, text}`, `GET draft/<address>` (the last preview's
//! HTML), `GET history?path=`, `GET version?path=&id=`.

pub mod access;
pub mod fields;
pub mod overview;
pub mod pages;
mod reply;
pub mod store;
mod ui;
mod upload;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use hyper::header::{HeaderValue, LOCATION, SET_COOKIE};
use hyper::{Method, Request, Response, StatusCode};
use serde::Deserialize;
use serde_json::json;

use super::Preview;
use super::http::Body;
use access::{Access, Refusal};
use reply::{json_body, query_param, reply, store_error};
use store::Store;

/// Where the editor's requests go.
pub const PREFIX: &str = "/__careleaf/edit/";

/// The largest request body: a page at the size limit, plus room for the JSON around it.
const MAX_BODY_BYTES: usize = crate::content::MAX_TEXT_FILE_BYTES as usize + 64 * 1024;

/// The editor of one preview.
pub struct Editor {
    pub access: Access,
    pub store: Store,
    preview: Arc<Mutex<Preview>>,
    /// The last draft of each page, by its address, for the preview frame.
    drafts: Mutex<HashMap<String, String>>,
    /// The editor's words, in the site's language.
    strings: ui::EditorStrings,
}

/// Whether the preview `opts` describes has the editor: on by default for a preview only
/// this computer sees; off with `--no-edit`, and off for `--bind` to another address unless
/// `--edit` asks for it (with a warning).
pub(super) fn wanted(opts: &super::ServeOptions) -> bool {
    let private = opts.bind == "localhost"
        || opts
            .bind
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    let on = match opts.edit {
        Some(on) => on,
        None => {
            if !private {
                eprintln!(
                    "note: the page editor is off because the preview listens on {}: add --edit to turn it on anyway",
                    opts.bind
                );
            }
            private
        }
    };
    if on && !private {
        eprintln!(
            "warning: the page editor is on while other devices can reach this preview; it still answers only requests to 127.0.0.1 or localhost that carry this run's key"
        );
    }
    on
}

/// The editor of the preview `opts` describes (when [`wanted`]).
pub(super) fn for_preview(
    opts: &super::ServeOptions,
    preview: Arc<Mutex<Preview>>,
) -> Result<Editor, crate::diagnostic::Diagnostic> {
    let access = Access::new(opts.port).map_err(crate::diagnostic::Diagnostic::new)?;
    let strings = {
        let preview = preview.lock().unwrap_or_else(|p| p.into_inner());
        ui::EditorStrings::of(preview.site.as_ref())
    };
    Ok(Editor {
        access,
        store: Store::new(&opts.root),
        preview,
        drafts: Mutex::new(HashMap::new()),
        strings,
    })
}

#[derive(Deserialize)]
struct SaveRequest {
    path: String,
    text: String,
    version: Option<String>,
}

#[derive(Deserialize)]
struct PreviewRequest {
    path: String,
    text: String,
}

#[derive(Deserialize)]
struct FieldsRequest {
    path: String,
    text: String,
    changes: Vec<fields::FieldChange>,
}

/// A page action: `new` {section, title}, `rename` {from, to}, `delete` {path},
/// `undelete` {id}, `translate` {path, language}.
#[derive(Deserialize, Default)]
#[serde(default)]
struct PageRequest {
    section: String,
    title: String,
    from: String,
    to: String,
    path: String,
    id: String,
    language: String,
}

impl Editor {
    /// What `serve` prints: the address that opens the editor for this run.
    pub fn announcement(&self) -> String {
        format!(
            "Edit pages in your browser: http://127.0.0.1:{}{PREFIX}session?token={}",
            self.access.port(),
            self.access.token()
        )
    }

    /// Whether a preview page requested with these headers may show "Edit this page": only
    /// for the browser holding this run's key.
    pub fn may_edit(&self, method: &Method, headers: &hyper::HeaderMap) -> bool {
        self.access.check(method, headers, None).is_ok()
    }

    /// The "Edit this page" link added to a preview page at `url`.
    pub fn edit_link(&self, url: &str) -> String {
        ui::edit_link(url, &self.strings)
    }

    /// Answers one editor request.
    pub async fn handle(&self, request: Request<hyper::body::Incoming>) -> Response<Body> {
        let path = request.uri().path().to_string();
        let query = request.uri().query().unwrap_or("").to_string();
        let param = |name: &str| query_param(&query, name);
        let route = path.strip_prefix(PREFIX).unwrap_or("");
        let token = (route == "session").then(|| param("token")).flatten();
        if let Err(refusal) =
            self.access
                .check(request.method(), request.headers(), token.as_deref())
        {
            return refused(refusal, route);
        }
        let method = request.method().clone();
        match (method, route) {
            (Method::GET, "session") => self.start_session(param("path").as_deref()),
            (Method::GET, "") => match param("page") {
                Some(url) => self.open_address(&url),
                None => ui::shell(&self.strings),
            },
            (Method::GET, "editor.js" | "editor.css") => ui::asset(route),
            (Method::GET, "pages") => self.pages(),
            (Method::GET, "file") => self.open_file(&param("path").unwrap_or_default()),
            (Method::POST, "file") => match json_body::<SaveRequest, _>(request, MAX_BODY_BYTES)
                .await
            {
                Ok(save) => match self
                    .store
                    .save(&save.path, &save.text, save.version.as_deref())
                {
                    Ok(version) => reply(StatusCode::OK, json!({ "version": version })),
                    Err(e) => store_error(e),
                },
                Err(response) => response,
            },
            (Method::POST, "preview") => {
                match json_body::<PreviewRequest, _>(request, MAX_BODY_BYTES).await {
                    Ok(draft) => self.preview(draft),
                    Err(response) => response,
                }
            }
            (Method::POST, "fields/read") => {
                match json_body::<PreviewRequest, _>(request, MAX_BODY_BYTES).await {
                    Ok(r) => match fields::read(&r.path, &r.text) {
                        Ok(values) => reply(StatusCode::OK, json!({ "fields": values })),
                        Err(e) => reply(StatusCode::BAD_REQUEST, json!({ "error": e.0 })),
                    },
                    Err(response) => response,
                }
            }
            (Method::POST, "fields") => {
                match json_body::<FieldsRequest, _>(request, MAX_BODY_BYTES).await {
                    Ok(r) => match fields::apply(&r.path, &r.text, &r.changes) {
                        Ok((text, values)) => {
                            let (front, _) = split_front(&r.path, &text);
                            reply(StatusCode::OK, json!({ "front": front, "fields": values }))
                        }
                        // Not a failed request: the answer is that this value cannot be used.
                        Err(e) => reply(StatusCode::OK, json!({ "error": e.0 })),
                    },
                    Err(response) => response,
                }
            }
            (Method::POST, "fields/split") => {
                match json_body::<PreviewRequest, _>(request, MAX_BODY_BYTES).await {
                    Ok(r) => {
                        let (front, body) = split_front(&r.path, &r.text);
                        reply(StatusCode::OK, json!({ "front": front, "body": body }))
                    }
                    Err(response) => response,
                }
            }
            (Method::POST, "new" | "rename" | "delete" | "undelete" | "translate") => {
                let action = route.to_string();
                match json_body::<PageRequest, _>(request, 64 * 1024).await {
                    Ok(r) => self.page_action(&action, r),
                    Err(response) => response,
                }
            }
            (Method::POST, "upload") => upload::receive(&self.store, request).await,
            (Method::GET, "history") => self.history(&param("path").unwrap_or_default()),
            (Method::GET, "version") => self.version(
                &param("path").unwrap_or_default(),
                &param("id").unwrap_or_default(),
            ),
            (Method::GET, r) if r.starts_with("draft/") => self.draft(&r["draft".len()..]),
            _ => reply(
                StatusCode::NOT_FOUND,
                json!({ "error": "no such editor request" }),
            ),
        }
    }

    /// Keeps this run's key in a cookie and goes on to the editor (at the file `path`, if
    /// given).
    fn start_session(&self, path: Option<&str>) -> Response<Body> {
        let mut response = reply(StatusCode::SEE_OTHER, json!({ "ok": true }));
        let headers = response.headers_mut();
        if let Ok(cookie) = HeaderValue::from_str(&self.access.cookie()) {
            headers.insert(SET_COOKIE, cookie);
        }
        let target = match path {
            Some(p) => format!("{PREFIX}?path={}", percent_encode(p)),
            None => PREFIX.to_string(),
        };
        if let Ok(value) = HeaderValue::from_str(&target) {
            headers.insert(LOCATION, value);
        }
        response
    }

    fn page_action(&self, action: &str, r: PageRequest) -> Response<Body> {
        let Some(map) = self.with_site(|site| site.map(|s| pages::SiteMap::of(s))) else {
            return reply(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({ "error": "the site does not build yet: fix the error the preview shows, then try again" }),
            );
        };
        let store = &self.store;
        let done = match action {
            "new" => pages::create(store, &map, &r.section, &r.title).map(|p| json!({ "path": p })),
            "rename" => pages::rename(store, &map, &r.from, &r.to)
                .map(|(p, changed)| json!({ "path": p, "changed": changed })),
            "delete" => pages::delete(store, &map, &r.path).map(|id| json!({ "trash_id": id })),
            "undelete" => store
                .untrash(&r.id)
                .map(|p| json!({ "path": p }))
                .map_err(pages::PageError::Store),
            _ => pages::translate(store, &map, &r.path, &r.language).map(|p| json!({ "path": p })),
        };
        match done {
            Ok(answer) => reply(StatusCode::OK, answer),
            Err(pages::PageError::Store(e)) => store_error(e),
            Err(pages::PageError::Refused(why)) => {
                reply(StatusCode::BAD_REQUEST, json!({ "error": why }))
            }
        }
    }

    /// Runs `f` on the site the preview holds (None while no build has worked yet).
    fn with_site<T>(&self, f: impl FnOnce(Option<&mut crate::site::Site>) -> T) -> T {
        let mut preview = self.preview.lock().unwrap_or_else(|p| p.into_inner());
        f(preview.site.as_mut())
    }

    fn pages(&self) -> Response<Body> {
        let today = jiff::Zoned::now().date();
        let (pages, languages, interval) = self.with_site(|site| match site {
            Some(site) => {
                let languages: Vec<String> = site
                    .editions()
                    .iter()
                    .map(|e| e.language().to_string())
                    .collect();
                let interval = site.default_edition().config().review_interval_months;
                (overview::page_list(site, today), languages, interval)
            }
            None => (Vec::new(), Vec::new(), 12),
        });
        reply(
            StatusCode::OK,
            json!({ "pages": pages, "languages": languages, "review_interval_months": interval }),
        )
    }

    /// Opens the editor on the file behind a preview address ("Edit this page").
    fn open_address(&self, url: &str) -> Response<Body> {
        let file = self.with_site(|site| site.and_then(|s| overview::file_at(s, url)));
        let target = match file {
            Some(f) => format!("{PREFIX}?path={}", percent_encode(&f)),
            None => PREFIX.to_string(),
        };
        let mut response = reply(StatusCode::SEE_OTHER, json!({ "location": target }));
        if let Ok(value) = HeaderValue::from_str(&target) {
            response.headers_mut().insert(LOCATION, value);
        }
        response
    }

    fn open_file(&self, rel: &str) -> Response<Body> {
        match self.store.open(rel) {
            Ok(opened) => {
                let (front, body) = split_front(rel, &opened.text);
                let url = self.with_site(|site| {
                    site.and_then(|s| {
                        overview::page_list(s, jiff::Zoned::now().date())
                            .into_iter()
                            .find(|p| p.path == rel)
                            .map(|p| p.url)
                    })
                });
                reply(
                    StatusCode::OK,
                    json!({ "path": rel, "text": opened.text, "front": front, "body": body,
                            "version": opened.version, "url": url }),
                )
            }
            Err(e) => store_error(e),
        }
    }

    fn preview(&self, request: PreviewRequest) -> Response<Body> {
        if self.store.path_of(&request.path).is_err() {
            return reply(
                StatusCode::FORBIDDEN,
                json!({ "error": "not a page the editor may open" }),
            );
        }
        let today = jiff::Zoned::now().date();
        let draft = self.with_site(|site| {
            site.map(|s| overview::draft(s, Path::new(&request.path), request.text, today))
        });
        let Some(mut draft) = draft else {
            return reply(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({ "error": "the site does not build yet: fix the error the preview shows, then try again" }),
            );
        };
        if let (Some(url), Some(html)) = (&draft.url, draft.html.take()) {
            self.drafts
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(url.clone(), html);
        }
        let frame = draft.url.as_ref().map(|u| format!("{PREFIX}draft{u}"));
        reply(
            StatusCode::OK,
            json!({ "frame": frame, "live": draft.live, "findings": draft.findings,
                    "reading": draft.reading }),
        )
    }

    /// The last draft of the page at `url`, as the preview frame shows it.
    fn draft(&self, url: &str) -> Response<Body> {
        let drafts = self.drafts.lock().unwrap_or_else(|p| p.into_inner());
        match drafts.get(url) {
            Some(html) => {
                super::http::respond(StatusCode::OK, "text/html; charset=utf-8", html.clone())
            }
            None => reply(
                StatusCode::NOT_FOUND,
                json!({ "error": "no draft of this page yet" }),
            ),
        }
    }

    fn history(&self, rel: &str) -> Response<Body> {
        if let Err(e) = self.store.path_of(rel) {
            return store_error(e);
        }
        let versions: Vec<serde_json::Value> = self
            .store
            .history(rel)
            .iter()
            .rev()
            .filter_map(|path| {
                let id = path.file_stem()?.to_string_lossy().into_owned();
                let meta = std::fs::metadata(path).ok()?;
                let when = meta
                    .modified()
                    .ok()
                    .and_then(|t| jiff::Timestamp::try_from(t).ok())
                    .map(|t| t.to_zoned(jiff::tz::TimeZone::system()))
                    .map(|z| z.strftime("%Y-%m-%d %H:%M").to_string());
                Some(json!({ "id": id, "when": when, "bytes": meta.len() }))
            })
            .collect();
        reply(StatusCode::OK, json!({ "versions": versions }))
    }

    fn version(&self, rel: &str, id: &str) -> Response<Body> {
        if let Err(e) = self.store.path_of(rel) {
            return store_error(e);
        }
        let found = self
            .store
            .history(rel)
            .into_iter()
            .find(|p| p.file_stem().is_some_and(|s| s == id));
        match found.map(std::fs::read_to_string) {
            Some(Ok(text)) => {
                let (front, body) = split_front(rel, &text);
                reply(
                    StatusCode::OK,
                    json!({ "text": text, "front": front, "body": body }),
                )
            }
            _ => reply(
                StatusCode::NOT_FOUND,
                json!({ "error": "that earlier version is no longer kept" }),
            ),
        }
    }
}

/// A file's front matter (with its fences) and its body, as the editor shows them apart. A file
/// whose front matter cannot be found is all body.
fn split_front(rel: &str, text: &str) -> (String, String) {
    match crate::content::front_matter::split(Path::new(rel), text) {
        Ok(split) if split.body_start <= text.len() && text.is_char_boundary(split.body_start) => {
            let (front, body) = text.split_at(split.body_start);
            (front.to_string(), body.to_string())
        }
        _ => (String::new(), text.to_string()),
    }
}

fn refused(refusal: Refusal, route: &str) -> Response<Body> {
    let why = match refusal {
        Refusal::WrongSite => "the editor answers only its own pages at 127.0.0.1 or localhost",
        Refusal::NoToken => {
            "open the editor from the address `careleaf serve` printed (it holds this run's key)"
        }
    };
    // A person who opened the editor's address in a new browser gets a page, not JSON.
    if route.is_empty() {
        return ui::refused_page(why);
    }
    reply(StatusCode::FORBIDDEN, json!({ "error": why }))
}

/// `s` with every byte that is not unreserved or `/` percent-encoded, for a query value.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
