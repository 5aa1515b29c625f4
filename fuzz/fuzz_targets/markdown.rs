//! Any UTF-8 text as a page body, with shortcodes, glossary terms, footnotes and links: the
//! renderer must give HTML or errors, never panic, and never let a raw `<script` through from
//! a shortcode argument.
#![no_main]

use std::path::{Path, PathBuf};

use careleaf::glossary::{Glossary, GlossaryEntry};
use careleaf::i18n::Strings;
use careleaf::markdown::{MarkdownInput, Mode, ShortcodeCall, ShortcodeError, render};
use libfuzzer_sys::fuzz_target;

fn shortcode(call: &ShortcodeCall) -> Result<String, ShortcodeError> {
    match call.name.as_str() {
        "faq" | "timeline" => Ok(format!(
            "<div class=\"{}\">{}</div>",
            call.name,
            call.args.len()
        )),
        other => Err(ShortcodeError {
            message: format!("unknown shortcode `{other}`"),
            hint: "available shortcodes: faq, timeline".into(),
        }),
    }
}

fn resolve(p: &Path) -> Option<String> {
    (p == Path::new("risks.md")).then(|| "/risks/".to_string())
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    // The first byte picks the mode, so both the article and the FAQ paths are explored.
    let split = data.first().is_some_and(|b| b & 1 == 1);
    let text = format!("---\ntitle: T\ndescription: D\n---\n{body}");
    let strings = Strings::english();
    let glossary = Glossary::new(vec![
        GlossaryEntry {
            id: "ketamine".into(),
            term: "ketamine".into(),
            definition: "A medicine <used> for \"anesthesia\".".into(),
            aliases: vec!["Ketamin".into()],
        },
        GlossaryEntry {
            id: "infusion".into(),
            term: "infusion".into(),
            definition: "Medicine given slowly through a vein.".into(),
            aliases: vec![],
        },
    ]);
    let file = PathBuf::from("content/page.md");
    let input = MarkdownInput {
        file: &file,
        text: &text,
        body_start: text.len() - body.len(),
        page_dir: Path::new(""),
        resolve: &resolve,
        shortcodes: Some(&shortcode),
        mode: Mode {
            split_at_headings: split,
            footnote_base: "",
            without_anchors: false,
        },
        allowed_hosts: &[],
        glossary: Some(&glossary),
        strings: &strings,
    };
    if let Ok(rendered) = render(&input) {
        for block in &rendered.blocks {
            assert!(!block.id.contains('"'), "id {:?}", block.id);
        }
    }
});
