//! Reading a page or data file: size limit, encoding, line endings.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// Reads the file at `path` (shown as `file` in messages) as text; see [`decode_text`].
pub fn read_text(path: &Path, file: &Path) -> Result<String, Diagnostic> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| Diagnostic::io(file, &e))?;
    let size = f.metadata().map_err(|e| Diagnostic::io(file, &e))?.len();
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
    decode_text(file, bytes)
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
