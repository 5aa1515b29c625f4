//! Reading a page or data file (size limit, encoding, line endings), and a page from its text.

use std::path::Path;

use std::path::PathBuf;

use super::stamp::Stamp;
use super::{Page, PageKind, ReadCache, front_matter};
use crate::diagnostic::{Diagnostic, Errors};

/// Reads the file at `path` (shown as `file` in messages) as text; see [`decode_text`].
pub fn read_text(path: &Path, file: &Path) -> Result<String, Diagnostic> {
    read_text_stamped(path, file).map(|(text, _)| text)
}

/// [`read_text`], with the file's stamp as it was just before it was read.
pub fn read_text_stamped(path: &Path, file: &Path) -> Result<(String, Stamp), Diagnostic> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| Diagnostic::io(file, &e))?;
    let metadata = f.metadata().map_err(|e| Diagnostic::io(file, &e))?;
    let stamp = Stamp::of(&metadata);
    let size = metadata.len();
    if size > MAX_TEXT_FILE_BYTES {
        return Err(too_big(file, size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // The file may grow between the size check and the read: read one byte past the limit.
    f.take(MAX_TEXT_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::io(file, &e))?;
    if bytes.len() as u64 > MAX_TEXT_FILE_BYTES {
        return Err(too_big(file, bytes.len() as u64));
    }
    Ok((decode_text(file, bytes)?, stamp))
}

/// The largest page or data file read. The longest bundled article is 20 KB; a file of
/// megabytes is a pasted image or document, and would make a page no patient's phone can load.
pub const MAX_TEXT_FILE_BYTES: u64 = 4 * 1024 * 1024;

fn too_big(file: &Path, size: u64) -> Diagnostic {
    Diagnostic::in_file(
        file,
        format!(
            "this file is {:.1} MB; pages and data files can be at most {} MB",
            size as f64 / 1e6,
            MAX_TEXT_FILE_BYTES / (1024 * 1024)
        ),
    )
    .with_hint("a file this big is usually a pasted picture or document: save pictures and PDFs as their own files next to the page and link to them, and split a very long article into several pages")
}

/// Decodes a file as UTF-8 (pointing at the first bad byte if it is not), drops a byte-order
/// mark and turns Windows line endings into `\n`.
pub fn decode_text(file: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // Cannot fail: `valid_up_to` is a length within these bytes.
            let good = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let (line, column) = crate::diagnostic::line_col(&good, valid);
            // Quote the line with the bad bytes replaced, so the editor can find it.
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            return Err(Diagnostic::at(
                file,
                &lossy,
                line,
                column,
                "this file is not valid UTF-8 text",
            )
            .with_hint("save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8); it was probably saved as Windows-1252 or Latin-1"));
        }
    };
    if text.starts_with('\u{feff}') {
        // Cannot fail: the byte-order mark just matched is 3 bytes long.
        text.drain(..3);
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    Ok(text)
}

/// Reads the pages at `page_files` (relative to `folder`, shown below `label`) in parallel;
/// gives them in that order, or every error in that order, and how many page files were read
/// (the others were taken from the read cache, given with the files' stamps in that order).
pub(super) fn read_pages(
    folder: &super::stamp::Folder,
    label: &Path,
    page_files: &[&Path],
    front_matter_only: Option<&[String]>,
    cache: Option<(&ReadCache, &[Option<Stamp>])>,
) -> (Result<Vec<Page>, Errors>, usize) {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    // A page is large (a kilobyte and more): each is made in its place in the list, which is
    // sized once (a filtered parallel list is gathered in pieces and copied, twice over with
    // the results: 8 ms of a one-edit build at 10,000 pages).
    let read = AtomicUsize::new(0);
    // Errors are told in the files' order, whichever thread met them first.
    let failed = std::sync::Mutex::new(Vec::new());
    let mut pages: Vec<Page> = Vec::with_capacity(page_files.len() + 1);
    page_files
        .par_iter()
        .enumerate()
        .map(|(i, rel)| {
            match read_page_with(
                folder,
                label,
                rel,
                front_matter_only,
                cache.map(|(c, stamps)| (c, stamps.get(i).copied().flatten())),
            ) {
                Ok((page, was_read)) => {
                    read.fetch_add(usize::from(was_read), Ordering::Relaxed);
                    page
                }
                Err(e) => {
                    let mut failed = failed.lock().unwrap_or_else(|p| p.into_inner());
                    failed.push((i, e));
                    // Holds the page's place; no page is used once one failed.
                    Page::unplaced(
                        rel.to_path_buf(),
                        label.join(rel),
                        String::new(),
                        front_matter::FrontMatter::default(),
                        PageKind::Page,
                    )
                }
            }
        })
        .collect_into_vec(&mut pages);
    let mut failed = failed.into_inner().unwrap_or_else(|p| p.into_inner());
    if failed.is_empty() {
        return (Ok(pages), read.into_inner());
    }
    failed.sort_unstable_by_key(|(i, _)| *i);
    let errors = Errors(failed.into_iter().flat_map(|(_, e)| e.0).collect());
    (Err(errors), read.into_inner())
}

/// The page at `rel`: taken from `cache` when its file is as the last build read it, else read
/// and parsed, keeping only its front matter when `front_matter_only` gives the keywords.
/// True when the file was read.
#[cfg(test)]
pub(super) fn read_page(
    folder: &super::stamp::Folder,
    label: &Path,
    rel: &Path,
    front_matter_only: Option<&[String]>,
    cache: Option<&ReadCache>,
) -> Result<(Page, bool), Errors> {
    let stamped = cache.map(|c| (c, folder.stamp(rel)));
    read_page_with(folder, label, rel, front_matter_only, stamped)
}

/// [`read_page`], with the file's stamp taken already.
fn read_page_with(
    folder: &super::stamp::Folder,
    label: &Path,
    rel: &Path,
    front_matter_only: Option<&[String]>,
    cache: Option<(&ReadCache, Option<Stamp>)>,
) -> Result<(Page, bool), Errors> {
    let content_dir = folder.path();
    if let Some((cache, Some(stamp))) = cache
        && let Some(page) = cache.page(rel, content_dir, label, stamp)
    {
        return Ok((page, false));
    }
    let path = content_dir.join(rel);
    let file = label.join(rel);
    let (text, stamp) = read_text_stamped(&path, &file)?;
    let mut page = parse_page(rel, file, text)?;
    if let Some(keywords) = front_matter_only {
        page.keep_front_matter_only(path, Some(stamp), keywords);
    }
    Ok((page, true))
}

/// A page from its text: `rel` is its path below `content/`, `file` how messages name it.
pub fn parse_page(rel: &Path, file: PathBuf, text: String) -> Result<Page, Errors> {
    let split = front_matter::split(&file, &text)?;
    let front = front_matter::parse(&file, &text, &split)?;
    let body_is_empty = text
        .get(split.body_start..)
        .is_none_or(|b| b.trim().is_empty());
    let is_section = rel.file_name().is_some_and(|n| n == "_index.md");
    let kind = match (
        is_section,
        rel.parent().is_none_or(|p| p.as_os_str().is_empty()),
    ) {
        (true, true) => PageKind::Home,
        (true, false) => PageKind::Section,
        (false, _) => PageKind::Page,
    };
    // A section or the home page can list its pages, and a page with its own template can
    // make its content; an article with nothing below its front matter would be a blank page.
    if kind == PageKind::Page && front.template.is_none() && !front.draft && body_is_empty {
        let (closing_line, _) =
            crate::diagnostic::line_col(&text, split.body_start.saturating_sub(1));
        return Err(Diagnostic::at(
            &file,
            &text,
            closing_line,
            1,
            "this page has nothing below its front matter",
        )
        .with_hint("write the page's text below this line, or add `draft: true` to the front matter to keep the page unpublished until it is ready")
        .into());
    }
    if kind == PageKind::Home && front.slug.is_some() {
        return Err(
            Diagnostic::in_file(&file, "the home page cannot have a slug")
                .with_hint("remove the `slug:` line: the home page is always at the site's root")
                .into(),
        );
    }
    Ok(Page {
        front_range: split.front_start..split.front_end(),
        body_start: split.body_start,
        ..Page::unplaced(rel.to_path_buf(), file, text, front, kind)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_the_first_bad_byte() {
        let e = decode_text(Path::new("a.md"), b"ok\nab\xe9c\n".to_vec()).unwrap_err();
        assert_eq!(e.location().unwrap(), "a.md:2:3");
        assert!(e.hint.unwrap().contains("UTF-8"));
    }

    #[test]
    fn decode_drops_bom_and_crlf() {
        let t = decode_text(
            Path::new("a.md"),
            b"\xef\xbb\xbf---\r\ntitle: A\r\n".to_vec(),
        )
        .unwrap();
        assert_eq!(t, "---\ntitle: A\n");
    }
}
