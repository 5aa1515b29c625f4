//! Pages' HTML set aside on disk between the Markdown stage and the templates, so that a build
//! holds one page's HTML at a time rather than every page's (at 100,000 pages that is most of
//! a gigabyte). The file is unnamed and goes when the build ends, or it is the data file of
//! the Markdown cache (see [`super::markdown_cache`]), which builds append to.

use std::borrow::Cow;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::cache_key::{Key, KeyWriter};
use crate::markdown::{ProseBlock, Rendered};

/// Where one piece of text sits in the spill file.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Stretch {
    offset: u64,
    len: usize,
}

/// A page's HTML and references, once spilled, and in the Markdown cache its prose right after
/// them (while the edition is small enough for search to read prose).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct SpilledPage {
    html: Stretch,
    references: Stretch,
    prose: Stretch,
    /// Their key, so that a page's cache key needs no read of the file.
    pub key: Key,
    /// Written by an earlier build: checked against `key` when read back.
    #[serde(skip)]
    earlier: bool,
}

/// An append-only file of page HTML. Writers and readers share one handle behind a lock: with
/// a few threads the lock is never the slow part, and it keeps this free of platform calls.
pub struct HtmlSpill {
    file: Mutex<(File, u64)>,
    /// Whether pages' prose is kept too (the Markdown cache's data file).
    with_prose: bool,
}

impl HtmlSpill {
    /// An unnamed file in `dir` (on the site's disk: `/tmp` is often memory).
    pub fn create(dir: &Path) -> std::io::Result<HtmlSpill> {
        std::fs::create_dir_all(dir)?;
        Ok(HtmlSpill::over(tempfile::tempfile_in(dir)?, 0, false))
    }

    /// `file`, whose first `end` bytes are kept, as a spill that appends after them.
    pub fn over(file: File, end: u64, with_prose: bool) -> HtmlSpill {
        HtmlSpill {
            file: Mutex::new((file, end)),
            with_prose,
        }
    }

    /// Where the next page will be written: the length of what the file holds.
    pub fn end(&self) -> Option<u64> {
        self.file.lock().ok().map(|g| g.1)
    }

    /// Moves `rendered`'s HTML and references to the file; they stay in memory if it cannot
    /// be written (a full disk makes the build use more memory, not fail). The Markdown
    /// cache's data file also keeps a copy of the page's prose, if `prose` says to.
    pub fn take(&self, rendered: &mut Rendered, prose: bool) -> Option<SpilledPage> {
        let prose = match self.with_prose && prose {
            true => postcard::to_stdvec(&rendered.prose_blocks).ok()?,
            false => Vec::new(),
        };
        let (html, references) = (rendered.html.as_bytes(), rendered.references.as_bytes());
        let start = self.append(&[html, references, &prose])?;
        let mut key = KeyWriter::default();
        key.part(html).part(references);
        let page = SpilledPage::at(
            start,
            html.len(),
            references.len(),
            prose.len(),
            key.finish(),
        );
        rendered.html = String::new();
        rendered.references = String::new();
        Some(page)
    }

    fn read_stretch(&self, s: Stretch) -> std::io::Result<Vec<u8>> {
        let mut guard = self
            .file
            .lock()
            .map_err(|_| std::io::Error::other("another thread failed while holding it"))?;
        let file = &mut guard.0;
        let mut bytes = vec![0; s.len];
        file.seek(SeekFrom::Start(s.offset))?;
        file.read_exact(&mut bytes)?;
        Ok(bytes)
    }

    /// A spilled page's HTML and references, read back; one an earlier build wrote must
    /// still be what its key says.
    pub fn read(&self, page: &SpilledPage) -> std::io::Result<(String, String)> {
        let html = self.read_stretch(page.html)?;
        let references = self.read_stretch(page.references)?;
        if page.earlier {
            let mut key = KeyWriter::default();
            key.part(&html).part(&references);
            if key.finish() != page.key {
                return Err(std::io::Error::other(
                    "the Markdown cache no longer holds it as it was written",
                ));
            }
        }
        let text = |b| String::from_utf8(b).map_err(std::io::Error::other);
        Ok((text(html)?, text(references)?))
    }

    /// A spilled page's prose, if it was kept.
    pub fn read_prose(&self, page: &SpilledPage) -> Option<Vec<ProseBlock>> {
        if page.prose.len == 0 {
            return None;
        }
        postcard::from_bytes(&self.read_stretch(page.prose).ok()?).ok()
    }

    /// Copies `page` from `from` to the end of this file.
    pub fn copy_from(&self, from: &HtmlSpill, page: &SpilledPage) -> Option<SpilledPage> {
        let bytes = from
            .read_stretch(Stretch {
                offset: page.html.offset,
                len: (page.end() - page.html.offset) as usize,
            })
            .ok()?;
        let start = self.append(&[&bytes])?;
        Some(SpilledPage::at(
            start,
            page.html.len,
            page.references.len,
            page.prose.len,
            page.key,
        ))
    }

    /// Writes `parts` one after the other at the end of the file, returning where they start.
    fn append(&self, parts: &[&[u8]]) -> Option<u64> {
        let mut guard = self.file.lock().ok()?;
        let (file, end) = &mut *guard;
        let start = *end;
        file.seek(SeekFrom::Start(start)).ok()?;
        for part in parts {
            file.write_all(part).ok()?;
        }
        *end = start + parts.iter().map(|p| p.len() as u64).sum::<u64>();
        Some(start)
    }

    /// Writes what is buffered (nothing is: this is for the cache's sake, before its index
    /// names the file).
    pub fn flush(&self) -> std::io::Result<()> {
        let mut guard = self
            .file
            .lock()
            .map_err(|_| std::io::Error::other("another thread failed while holding it"))?;
        guard.0.flush()
    }
}

impl SpilledPage {
    fn at(start: u64, html: usize, references: usize, prose: usize, key: Key) -> SpilledPage {
        let references_at = start + html as u64;
        SpilledPage {
            html: Stretch {
                offset: start,
                len: html,
            },
            references: Stretch {
                offset: references_at,
                len: references,
            },
            prose: Stretch {
                offset: references_at + references as u64,
                len: prose,
            },
            key,
            earlier: false,
        }
    }

    /// Where the page's bytes end in the file.
    pub fn end(&self) -> u64 {
        self.prose.offset + self.prose.len as u64
    }

    /// How many bytes the page takes in the file.
    pub fn size(&self) -> u64 {
        self.end() - self.html.offset
    }

    /// The page as an earlier build wrote it: checked when read back.
    pub fn from_earlier_build(self) -> SpilledPage {
        SpilledPage {
            earlier: true,
            ..self
        }
    }

    pub fn is_from_earlier_build(&self) -> bool {
        self.earlier
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
        let spilled: Vec<SpilledPage> = pages
            .iter_mut()
            .map(|r| spill.take(r, true).unwrap())
            .collect();
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
