//! The editor's side of the preview server (`careleaf serve`, never `build`): its requests
//! live under [`PREFIX`]. This part holds what every later screen stands on: who may use it
//! ([`access`]) and reading and saving files safely ([`store`]). Every answer is JSON.
//!
//! - `GET  PREFIX/session?token=T`: checks the token from the address `serve` printed and
//!   keeps it in an HttpOnly, SameSite=Strict cookie.
//! - `GET  PREFIX/file?path=guide/a.md`: `{path, text, version}`.
//! - `POST PREFIX/file` with `{path, text, version}` (`version` null for a new file):
//!   `{version}`, or 409 with `{text, version}` of what is on disk when it changed meanwhile.
//! - `GET  PREFIX/history?path=guide/a.md`: how many earlier versions are kept.

pub mod access;
pub mod store;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::header::{CONTENT_TYPE, HeaderValue, SET_COOKIE};
use hyper::{Method, Request, Response, StatusCode};
use serde::Deserialize;
use serde_json::json;

use super::http::Body;
use access::{Access, Refusal};
use store::{Store, StoreError};

/// Where the editor's requests go.
pub const PREFIX: &str = "/__careleaf/edit/";

/// The largest request body: a page at the size limit, plus room for the JSON around it.
const MAX_BODY_BYTES: usize = crate::content::MAX_TEXT_FILE_BYTES as usize + 64 * 1024;

/// The editor of one preview.
pub struct Editor {
    pub access: Access,
    pub store: Store,
}

/// The editor for the preview `opts` describes, when it is on: on by default for a preview
/// only this computer sees; off with `--no-edit`, and off for `--bind` to another address
/// unless `--edit` asks for it (with a warning).
pub fn for_preview(
    opts: &super::ServeOptions,
) -> Result<Option<Editor>, crate::diagnostic::Diagnostic> {
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
    if !on {
        return Ok(None);
    }
    if !private {
        eprintln!(
            "warning: the page editor is on while other devices can reach this preview; it still answers only requests to 127.0.0.1 or localhost that carry this run's key"
        );
    }
    let access = Access::new(opts.port).map_err(crate::diagnostic::Diagnostic::new)?;
    Ok(Some(Editor {
        access,
        store: Store::new(&opts.root),
    }))
}

#[derive(Deserialize)]
struct SaveRequest {
    path: String,
    text: String,
    version: Option<String>,
}

impl Editor {
    /// What `serve` prints: the address that opens the editor's session for this run.
    pub fn announcement(&self) -> String {
        format!(
            "Page editor (its requests only, so far): http://127.0.0.1:{}{PREFIX}session?token={}",
            self.access.port(),
            self.access.token()
        )
    }

    /// Answers one editor request.
    pub async fn handle<B>(&self, request: Request<B>) -> Response<Body>
    where
        B: hyper::body::Body,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let path = request.uri().path().to_string();
        let query = request.uri().query().unwrap_or("").to_string();
        let param = |name: &str| query_param(&query, name);
        let route = path.strip_prefix(PREFIX).unwrap_or("");
        let token = (route == "session").then(|| param("token")).flatten();
        if let Err(refusal) =
            self.access
                .check(request.method(), request.headers(), token.as_deref())
        {
            let why = match refusal {
                Refusal::WrongSite => {
                    "the editor answers only its own pages at 127.0.0.1 or localhost"
                }
                Refusal::NoToken => {
                    "open the editor from the address `careleaf serve` printed (it holds this run's key)"
                }
            };
            return reply(StatusCode::FORBIDDEN, json!({ "error": why }));
        }
        match (request.method().clone(), route) {
            (Method::GET, "session") => {
                let mut response = reply(StatusCode::OK, json!({ "ok": true }));
                if let Ok(cookie) = HeaderValue::from_str(&self.access.cookie()) {
                    response.headers_mut().insert(SET_COOKIE, cookie);
                }
                response
            }
            (Method::GET, "file") => match self.store.open(&param("path").unwrap_or_default()) {
                Ok(opened) => reply(
                    StatusCode::OK,
                    json!({ "path": param("path"), "text": opened.text, "version": opened.version }),
                ),
                Err(e) => store_error(e),
            },
            (Method::POST, "file") => self.save(request).await,
            (Method::GET, "history") => {
                let kept = self.store.history(&param("path").unwrap_or_default()).len();
                reply(StatusCode::OK, json!({ "kept": kept }))
            }
            _ => reply(
                StatusCode::NOT_FOUND,
                json!({ "error": "no such editor request" }),
            ),
        }
    }

    async fn save<B>(&self, request: Request<B>) -> Response<Body>
    where
        B: hyper::body::Body,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let body = match Limited::new(request.into_body(), MAX_BODY_BYTES)
            .collect()
            .await
        {
            Ok(collected) => collected.to_bytes(),
            Err(_) => {
                return reply(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    json!({ "error": "this is larger than a page may be (4 MB)" }),
                );
            }
        };
        let Ok(save) = serde_json::from_slice::<SaveRequest>(&body) else {
            return reply(
                StatusCode::BAD_REQUEST,
                json!({ "error": "expected {path, text, version}" }),
            );
        };
        match self
            .store
            .save(&save.path, &save.text, save.version.as_deref())
        {
            Ok(version) => reply(StatusCode::OK, json!({ "version": version })),
            Err(e) => store_error(e),
        }
    }
}

fn store_error(e: StoreError) -> Response<Body> {
    match e {
        StoreError::Refused(why) => reply(StatusCode::FORBIDDEN, json!({ "error": why })),
        StoreError::NotFound => reply(StatusCode::NOT_FOUND, json!({ "error": "no such file" })),
        StoreError::TooLarge => reply(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({ "error": "this is larger than a page may be (4 MB)" }),
        ),
        StoreError::Conflict { text, version } => reply(
            StatusCode::CONFLICT,
            json!({ "error": "the file changed on disk since it was opened", "text": text, "version": version }),
        ),
        StoreError::Io(why) => reply(StatusCode::INTERNAL_SERVER_ERROR, json!({ "error": why })),
    }
}

fn reply(status: StatusCode, value: serde_json::Value) -> Response<Body> {
    let mut response = Response::new(Body::Full(Some(Bytes::from(value.to_string()))));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert(
        hyper::header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    response
}

/// One parameter of a query string, percent-decoded.
fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name)
            .then(|| super::http::percent_decode(&v.replace('+', " ")))
            .flatten()
    })
}
