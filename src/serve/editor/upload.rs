//! Pictures uploaded from the editor: one file beside the page, with the alt text a patient
//! using a screen reader needs, checked to be the kind of picture its name says, never over
//! [`MAX_IMAGE_BYTES`], never over another file.

use std::path::Path;

use http_body_util::BodyExt;
use hyper::{Request, Response, StatusCode};
use multer::{Constraints, Multipart, SizeLimit};
use serde_json::json;

use super::reply::{reply, store_error};
use super::store::Store;
use crate::serve::http::Body;

/// The largest picture an editor may upload (the dialog says so too).
pub const MAX_IMAGE_BYTES: u64 = 10 * 1024 * 1024;

/// What the form sent.
#[derive(Default)]
struct Upload {
    page: String,
    alt: String,
    name: String,
    bytes: Vec<u8>,
}

fn too_large() -> Response<Body> {
    reply(
        StatusCode::PAYLOAD_TOO_LARGE,
        json!({ "error": "this picture is larger than 10 MB: make it smaller (a photo 1600 pixels wide is plenty) and try again" }),
    )
}

fn bad(why: &str) -> Response<Body> {
    reply(StatusCode::BAD_REQUEST, json!({ "error": why }))
}

/// Answers `POST upload` (multipart: `page`, `alt`, `file`) with the picture's file and the
/// Markdown that shows it.
pub async fn receive(store: &Store, request: Request<hyper::body::Incoming>) -> Response<Body> {
    let boundary = request
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| multer::parse_boundary(ct).ok());
    let Some(boundary) = boundary else {
        return bad("the picture must be sent as a form (multipart/form-data)");
    };
    let declared = request
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_IMAGE_BYTES + 64 * 1024) {
        return too_large();
    }
    let constraints = Constraints::new()
        .allowed_fields(vec!["page", "alt", "file"])
        .size_limit(
            SizeLimit::new()
                .whole_stream(MAX_IMAGE_BYTES + 64 * 1024)
                .per_field(MAX_IMAGE_BYTES)
                .for_field("page", 4096)
                .for_field("alt", 4096),
        );
    let stream = request.into_body().into_data_stream();
    let mut form = Multipart::with_constraints(stream, boundary, constraints);
    let mut upload = Upload::default();
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(multer::Error::StreamSizeExceeded { .. })
            | Err(multer::Error::FieldSizeExceeded { .. }) => return too_large(),
            Err(e) => return bad(&format!("the form could not be read ({e})")),
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            upload.name = field.file_name().unwrap_or("").to_string();
        }
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(multer::Error::StreamSizeExceeded { .. })
                | Err(multer::Error::FieldSizeExceeded { .. }) => return too_large(),
                Err(e) => return bad(&format!("the form could not be read ({e})")),
            }
        }
        match name.as_str() {
            "file" => upload.bytes = bytes,
            "page" => upload.page = String::from_utf8_lossy(&bytes).into_owned(),
            _ => upload.alt = String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
    save(store, upload)
}

fn save(store: &Store, upload: Upload) -> Response<Body> {
    if let Err(e) = store.path_of(&upload.page) {
        return store_error(e);
    }
    let alt = upload.alt.split_whitespace().collect::<Vec<_>>().join(" ");
    if alt.is_empty() {
        return bad(
            "describe the picture in a few words: patients who cannot see it hear this text",
        );
    }
    if upload.bytes.is_empty() {
        return bad("choose a picture to upload");
    }
    let original = Path::new(&upload.name);
    let ext = original
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let Some(kind) = kind_of(&upload.bytes) else {
        return bad("this file is not a PNG, JPEG, WebP, GIF or AVIF picture");
    };
    let ext = if kind.extensions.contains(&ext.as_str()) {
        ext
    } else {
        kind.extensions[0].to_string()
    };
    let stem = original
        .file_stem()
        .map(|s| picture_name(&s.to_string_lossy()))
        .unwrap_or_else(|| "picture".into());
    let dir = Path::new(&upload.page)
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let mut name = format!("{stem}.{ext}");
    let mut n = 2;
    loop {
        let rel = dir.join(&name).to_string_lossy().replace('\\', "/");
        let path = match store.image_path(&rel) {
            Ok(p) => p,
            Err(e) => return store_error(e),
        };
        if !path.exists() {
            if let Err(e) = store.create(&path, &upload.bytes) {
                return store_error(e);
            }
            let markdown = format!("![{}]({name})", escape_alt(&alt));
            return reply(StatusCode::OK, json!({ "path": rel, "markdown": markdown }));
        }
        name = format!("{stem}-{n}.{ext}");
        n += 1;
    }
}

/// A kind of picture, known by its first bytes.
struct PictureKind {
    extensions: &'static [&'static str],
}

fn kind_of(bytes: &[u8]) -> Option<PictureKind> {
    let extensions: &'static [&'static str] = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        &["png"]
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        &["jpg", "jpeg"]
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        &["webp"]
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        &["gif"]
    } else if bytes.len() > 12
        && &bytes[4..8] == b"ftyp"
        && matches!(&bytes[8..12], b"avif" | b"avis")
    {
        &["avif"]
    } else {
        return None;
    };
    Some(PictureKind { extensions })
}

/// A safe file name from the uploaded one (`crate::content::tag_slug`, at most 60 characters).
fn picture_name(stem: &str) -> String {
    let name: String = crate::content::tag_slug(stem).chars().take(60).collect();
    let name = name.trim_end_matches('-').to_string();
    if name.is_empty() {
        "picture".into()
    } else {
        name
    }
}

/// Alt text inside `![...]`: brackets and backslashes escaped so the text stays the text.
fn escape_alt(alt: &str) -> String {
    let mut out = String::with_capacity(alt.len());
    for c in alt.chars() {
        if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_known_by_their_bytes_and_named_safely() {
        assert_eq!(
            kind_of(b"\x89PNG\r\n\x1a\n....").unwrap().extensions,
            ["png"]
        );
        assert_eq!(
            kind_of(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap().extensions[0],
            "jpg"
        );
        assert!(kind_of(b"<svg xmlns='http://www.w3.org/2000/svg'>").is_none());
        assert!(kind_of(b"#!/bin/sh\n").is_none());
        assert_eq!(picture_name("Waiting Room (1)"), "waiting-room-1");
        assert_eq!(picture_name("../../etc"), "etc");
        assert_eq!(picture_name("…"), "picture");
        assert_eq!(
            escape_alt("A [nurse] *smiling*"),
            "A \\[nurse\\] \\*smiling\\*"
        );
    }
}
