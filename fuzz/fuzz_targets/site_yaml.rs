//! Any UTF-8 text as `site.yaml`: reading and checking the settings (languages, navigation,
//! base URL, claims, crisis text) must give a config or an error inside the file, never panic.
#![no_main]

use std::path::Path;

use careleaf::config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = config::parse(text, Path::new("site.yaml"))
        && let Some(span) = &e.span
    {
        let lines = text.split('\n').count();
        assert!(
            span.line >= 1 && span.line <= lines,
            "{}: {span:?}",
            e.message
        );
    }
});
