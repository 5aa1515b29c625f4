//! Any UTF-8 text as `timeline.yaml`: checking and laying out the phases (the SVG chart, the
//! day ranges, the infusion dots) must give a timeline or an error, never panic or hang.
#![no_main]

use std::path::Path;

use careleaf::i18n::Strings;
use careleaf::timeline;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let strings = Strings::english();
    let _ = timeline::parse(text, Path::new("content/timeline.yaml"), &strings);
});
