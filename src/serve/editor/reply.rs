//! The editor's answers: JSON with the right headers, request bodies read within a limit, and
//! store errors as statuses with words a person can act on.

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Request, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::json;

use super::store::StoreError;
use crate::serve::http::Body;

/// Reads a JSON request body of at most `limit` bytes.
pub async fn json_body<T: DeserializeOwned, B>(
    request: Request<B>,
    limit: usize,
) -> Result<T, Response<Body>>
where
    B: hyper::body::Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let body = match Limited::new(request.into_body(), limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return Err(reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                json!({ "error": "this is larger than a page may be (4 MB)" }),
            ));
        }
    };
    serde_json::from_slice::<T>(&body).map_err(|e| {
        reply(
            StatusCode::BAD_REQUEST,
            json!({ "error": format!("the editor sent a request careleaf could not read: {e}") }),
        )
    })
}

pub fn store_error(e: StoreError) -> Response<Body> {
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

pub fn reply(status: StatusCode, value: serde_json::Value) -> Response<Body> {
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
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name)
            .then(|| crate::serve::http::percent_decode(&v.replace('+', " ")))
            .flatten()
    })
}
