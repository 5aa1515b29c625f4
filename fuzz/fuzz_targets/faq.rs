//! Any UTF-8 text as `faq.md`: reading the page, splitting it into groups and questions and
//! building the FAQ (and its JSON-LD) must never panic, and the JSON-LD must stay valid JSON
//! that cannot close its `<script>` element.
#![no_main]

use std::path::{Path, PathBuf};

use careleaf::content::parse_page;
use careleaf::faq::Faq;
use careleaf::i18n::Strings;
use careleaf::markdown::{MarkdownInput, Mode, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(page) = parse_page(
        Path::new("faq.md"),
        PathBuf::from("content/faq.md"),
        text.replace('\r', "\n"),
    ) else {
        return;
    };
    let strings = Strings::english();
    let input = MarkdownInput {
        file: &page.file,
        text: &page.text,
        body_start: page.body_start,
        page_dir: Path::new(""),
        resolve: &|_| None,
        shortcodes: None,
        mode: Mode {
            split_at_headings: true,
            footnote_base: "/faq/",
            without_anchors: false,
        },
        allowed_hosts: &[],
        glossary: None,
        strings: &strings,
    };
    let Ok(rendered) = render(&input) else {
        return;
    };
    if let Ok(faq) = Faq::from_rendered(&page, &rendered, "/faq/") {
        let json = faq.json_ld();
        assert!(!json.to_ascii_lowercase().contains("</script"), "{json}");
        let parsed: Result<serde_json_probe::Value, _> = serde_json_probe::from_str(&json);
        assert!(parsed.is_ok(), "JSON-LD is not JSON: {json}");
    }
});
