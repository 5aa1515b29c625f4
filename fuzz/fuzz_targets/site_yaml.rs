//! Any UTF-8 text as `site.yaml`: reading and checking the settings (languages, navigation,
//! base URL, claims, crisis text) must give a config or an error inside the file, never panic.
#![no_main]

use std::path::Path;

use careleaf::config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // As careleaf reads it: UTF-8, without a byte-order mark, with `\n` line endings.
    let Ok(text) = careleaf::content::decode_text(Path::new("site.yaml"), data.to_vec()) else {
        return;
    };
    let text = text.as_str();
    if let Err(e) = config::parse(text, Path::new("site.yaml"))
        && let Some(span) = &e.span
    {
        // The location is one the editor can go to: a line of the file, a column on it.
        let line = text.split('\n').nth(span.line.saturating_sub(1));
        let line =
            line.unwrap_or_else(|| panic!("{}: line {} is past the end", e.message, span.line));
        assert!(
            span.column >= 1 && span.column <= line.chars().count() + 1,
            "{}: {span:?}",
            e.message
        );
    }
});
