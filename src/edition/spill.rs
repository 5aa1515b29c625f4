//! Pages' HTML set aside on disk between the Markdown stage and the templates, so that a build
//! holds one page's HTML at a time rather than every page's (at 100,000 pages that is most of
//! a gigabyte). The file is unnamed and goes when the build ends.

use std::borrow::Cow;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

use crate::markdown::Rendered;

/// Where one piece of text sits in the spill file.
#[derive(Debug, Clone, Copy, Default)]
struct Stretch {
    offset: u64,
    len: usize,
}

/// A page's HTML and references, once spilled.
#[derive(Debug, Clone, Copy, Default)]
pub struct SpilledPage {
    html: Stretch,
    references: Stretch,
    /// Their key, so that a page's cache key needs no read of the file.
    pub key: crate::build_cache::Key,
}

/// An append-only file of page HTML. Writers and readers share one handle behind a lock: with
/// a few threads the lock is never the slow part, and it keeps this free of platform calls.
pub struct HtmlSpill {
    file: Mutex<(File, u64)>,
}

impl HtmlSpill {
    /// An unnamed file in `dir` (on the site's disk: `/tmp` is often memory).
    pub fn create(dir: &Path) -> std::io::Result<HtmlSpill> {
        std::fs::create_dir_all(dir)?;
        Ok(HtmlSpill {
            file: Mutex::new((tempfile::tempfile_in(dir)?, 0)),
        })
    }

    /// Moves `rendered`'s HTML and references to the file; they stay in memory if it cannot
    /// be written (a full disk makes the build use more memory, not fail).
    pub fn take(&self, rendered: &mut Rendered) -> Option<SpilledPage> {
        let mut guard = self.file.lock().ok()?;
        let (file, end) = &mut *guard;
        let start = *end;
        let ok = file.seek(SeekFrom::Start(start)).is_ok()
            && file.write_all(rendered.html.as_bytes()).is_ok()
            && file.write_all(rendered.references.as_bytes()).is_ok();
        if !ok {
            return None;
        }
        let mut key = crate::build_cache::KeyWriter::default();
        key.part(rendered.html.as_bytes())
            .part(rendered.references.as_bytes());
        let page = SpilledPage {
            key: key.finish(),
            html: Stretch {
                offset: start,
                len: rendered.html.len(),
            },
            references: Stretch {
                offset: start + rendered.html.len() as u64,
                len: rendered.references.len(),
            },
        };
        *end = page.references.offset + page.references.len as u64;
        rendered.html = String::new();
        rendered.references = String::new();
        Some(page)
    }

    /// A spilled page's HTML and references, read back.
    pub fn read(&self, page: &SpilledPage) -> std::io::Result<(String, String)> {
        let mut guard = self
            .file
            .lock()
            .map_err(|_| std::io::Error::other("another thread failed while holding it"))?;
        let (file, _) = &mut *guard;
        let mut read = |s: Stretch| -> std::io::Result<String> {
            let mut bytes = vec![0; s.len];
            file.seek(SeekFrom::Start(s.offset))?;
            file.read_exact(&mut bytes)?;
            String::from_utf8(bytes).map_err(std::io::Error::other)
        };
        Ok((read(page.html)?, read(page.references)?))
    }
}

/// What a build says when a page's HTML cannot be read back from the spill.
pub fn read_back_error(file: &Path, e: &std::io::Error) -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic::in_file(
        file,
        format!("this page's HTML could not be read back from careleaf's temporary file in .careleaf/ ({e})"),
    )
    .with_hint("check that the disk is not full, then build again")
}

/// A page's HTML and references: in memory, or read back from the spill.
pub fn page_html<'a>(
    rendered: &'a Rendered,
    spilled: Option<&SpilledPage>,
    spill: Option<&HtmlSpill>,
) -> std::io::Result<(Cow<'a, str>, Cow<'a, str>)> {
    match (spilled, spill) {
        (Some(page), Some(spill)) => {
            let (html, references) = spill.read(page)?;
            Ok((Cow::Owned(html), Cow::Owned(references)))
        }
        _ => Ok((
            Cow::Borrowed(rendered.html.as_str()),
            Cow::Borrowed(rendered.references.as_str()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spilled_pages_read_back_as_they_were_and_leave_memory() {
        let dir = tempfile::tempdir().unwrap();
        let spill = HtmlSpill::create(&dir.path().join(".careleaf")).unwrap();
        let mut pages: Vec<Rendered> = ["<p>á</p>", "", "<h2 id=\"x\">b</h2>"]
            .iter()
            .enumerate()
            .map(|(i, html)| Rendered {
                html: html.to_string(),
                references: format!("<ol><li>ref {i}</li></ol>"),
                ..Rendered::default()
            })
            .collect();
        let spilled: Vec<SpilledPage> = pages.iter_mut().map(|r| spill.take(r).unwrap()).collect();
        assert!(
            pages
                .iter()
                .all(|r| r.html.is_empty() && r.references.is_empty())
        );
        let back = spill.read(&spilled[2]).unwrap();
        assert_eq!(back.0, "<h2 id=\"x\">b</h2>");
        assert_eq!(back.1, "<ol><li>ref 2</li></ol>");
        let (html, references) = page_html(&pages[0], Some(&spilled[0]), Some(&spill)).unwrap();
        assert_eq!(
            (&*html, &*references),
            ("<p>á</p>", "<ol><li>ref 0</li></ol>")
        );
        assert_eq!(spill.read(&spilled[1]).unwrap().0, "");
        // The file is unnamed: nothing is left in the folder.
        assert_eq!(
            std::fs::read_dir(dir.path().join(".careleaf"))
                .unwrap()
                .count(),
            0
        );
    }
}
