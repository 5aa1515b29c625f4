//! Any bytes as a page file: decoding, splitting off the front matter and reading it must give
//! a page or an error whose location is inside the file, never a panic.
#![no_main]

use std::path::{Path, PathBuf};

use careleaf::content::{decode_text, parse_page};
use careleaf::error::Error;
use libfuzzer_sys::fuzz_target;

fn assert_inside(text: &str, e: &Error) {
    if let Some(span) = &e.span {
        let line = text.split('\n').nth(span.line.saturating_sub(1));
        let line =
            line.unwrap_or_else(|| panic!("{}: line {} is past the end", e.message, span.line));
        assert!(
            span.line >= 1 && span.column >= 1,
            "{}: {span:?}",
            e.message
        );
        assert!(
            span.column <= line.chars().count() + 1,
            "{}: column {} past the end of {line:?}",
            e.message,
            span.column
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let file = PathBuf::from("content/page.md");
    let text = match decode_text(&file, data.to_vec()) {
        Ok(text) => text,
        Err(e) => return assert_inside(&String::from_utf8_lossy(data), &e),
    };
    if let Err(errors) = parse_page(Path::new("page.md"), file, text.clone()) {
        for e in &errors.0 {
            assert_inside(&text, e);
        }
    }
});
