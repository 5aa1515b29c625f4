//! Classifying and resolving link targets written in Markdown.

use std::path::{Component, Path, PathBuf};

pub(super) enum Target<'d> {
    External,
    Forbidden,
    /// Anchors on the same page, absolute paths, and schemes like mailto: and tel:.
    Other,
    Local {
        path: String,
        fragment: Option<&'d str>,
    },
}

pub(super) fn classify(dest: &str) -> Target<'_> {
    let lower = dest.trim().to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
        return Target::External;
    }
    let scheme_end = lower.find(':');
    let slash = lower.find('/').unwrap_or(usize::MAX);
    if let Some(i) = scheme_end.filter(|&i| i < slash) {
        // Cannot fail: `i` is where `find` met a colon in `lower` itself.
        let scheme = &lower[..i];
        return if ["javascript", "vbscript", "data", "file"].contains(&scheme) {
            Target::Forbidden
        } else {
            Target::Other
        };
    }
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with('?') {
        return Target::Other;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    // Root-relative paths are content-relative only when they name a Markdown file.
    if path.starts_with('/') && !path.ends_with(".md") {
        return Target::Other;
    }
    Target::Local {
        path: path.to_string(),
        fragment,
    }
}

/// Joins a link to the page's folder and resolves `.` and `..`; None when it leaves `content/`.
pub(super) fn resolve_relative(page_dir: &Path, link: &str) -> Option<PathBuf> {
    let joined = match link.strip_prefix('/') {
        Some(from_root) => PathBuf::from(from_root),
        None => page_dir.join(link),
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

pub(super) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    // Cannot fail: `i < bytes.len()` is the loop's condition, and `i + 2 < bytes.len()` is
    // checked before the two hex digits are read.
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
