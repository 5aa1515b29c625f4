//! Any UTF-8 text as `glossary.yaml`: checking the terms and building the matcher must never
//! panic, and a built glossary must find its terms in text without slicing inside a character.
#![no_main]

use std::path::Path;

use careleaf::glossary;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for language in ["en", "es"] {
        if let Ok(g) = glossary::parse(text, Path::new("content/glossary.yaml"), language) {
            let sample = format!("Una infusión de ketamina. {text}");
            for hit in g.find(&sample) {
                assert!(sample.is_char_boundary(hit.start) && sample.is_char_boundary(hit.end));
                let _ = g.term_html(hit.entry, &sample[hit.start..hit.end]);
            }
        }
    }
});
