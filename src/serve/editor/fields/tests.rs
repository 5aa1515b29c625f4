use serde_json::json;

use super::*;

const PAGE: &str = "---
# Reviewed every year.
title: How long does it last?   # the question patients ask
description: What to expect from one infusion and from a series of them, in plain words.
weight: 10
tags: [duration, series]
reviewed_by: \"PLACEHOLDER: the clinic's reviewer\"
last_reviewed: 2026-11-27
check_ignore: [reading-level]
---

Body text.
";

fn change(field: &str, value: serde_json::Value) -> FieldChange {
    FieldChange {
        field: field.into(),
        value,
    }
}

fn apply_one(text: &str, field: &str, value: serde_json::Value) -> Result<String, FieldError> {
    apply("guide/page.md", text, &[change(field, value)]).map(|(t, _)| t)
}

#[test]
fn the_form_shows_values_as_written_and_names_the_keys_it_keeps() {
    let f = read("guide/page.md", PAGE).unwrap();
    assert_eq!(f.values["title"], json!("How long does it last?"));
    assert_eq!(f.values["tags"], json!(["duration", "series"]));
    assert_eq!(f.values["weight"], json!(10));
    assert_eq!(f.values["last_reviewed"], json!("2026-11-27"));
    assert_eq!(f.values["next_review"], json!(null));
    assert_eq!(f.kept, ["check_ignore"]);
    assert!(f.editable);
}

#[test]
fn a_changed_title_changes_only_its_own_bytes() {
    let out = apply_one(PAGE, "title", json!("How long do the benefits last?")).unwrap();
    assert_eq!(
        out,
        PAGE.replace("How long does it last?", "How long do the benefits last?")
    );
}

#[test]
fn text_that_plain_yaml_would_misread_is_quoted_and_reads_back() {
    for title in [
        "Risks: what to watch for",
        "#1 question",
        "yes",
        "- a list?",
        "A \"quoted\" word",
        "  spaces kept out  ",
        "50% of patients",
        "null",
        "12",
    ] {
        let out = apply_one(PAGE, "title", json!(title)).unwrap();
        let f = read("guide/page.md", &out).unwrap();
        assert_eq!(f.values["title"], json!(title.trim()), "{out}");
        assert!(out.contains("# the question patients ask"), "{out}");
    }
}

#[test]
fn a_quoted_value_keeps_its_quotes() {
    let out = apply_one(PAGE, "reviewed_by", json!("Dr. Ana Ruiz, MD")).unwrap();
    assert!(out.contains("reviewed_by: \"Dr. Ana Ruiz, MD\"\n"), "{out}");
    let single = PAGE.replace(
        "\"PLACEHOLDER: the clinic's reviewer\"",
        "'PLACEHOLDER: reviewer'",
    );
    let out = apply_one(&single, "reviewed_by", json!("Dr. O'Neil")).unwrap();
    assert!(out.contains("reviewed_by: 'Dr. O''Neil'\n"), "{out}");
}

#[test]
fn a_new_key_goes_at_the_end_and_an_emptied_key_goes_away() {
    let out = apply_one(PAGE, "next_review", json!("2027-06-01")).unwrap();
    assert_eq!(
        out,
        PAGE.replace(
            "check_ignore: [reading-level]\n",
            "check_ignore: [reading-level]\nnext_review: 2027-06-01\n"
        )
    );
    let out = apply_one(PAGE, "weight", json!(null)).unwrap();
    assert_eq!(out, PAGE.replace("weight: 10\n", ""));
    let out = apply_one(PAGE, "tags", json!([])).unwrap();
    assert_eq!(out, PAGE.replace("tags: [duration, series]\n", ""));
    let out = apply_one(PAGE, "draft", json!(false)).unwrap();
    assert_eq!(out, PAGE);
}

#[test]
fn a_block_list_is_rewritten_without_touching_the_comment_after_it() {
    let page = "---\ntitle: T\ndescription: D is for a description.\naliases:\n  - old-name/\n  - older/\n# keep me\nweight: 3\n---\n";
    let out = apply_one(page, "aliases", json!(["old-name/", "new, odd/"])).unwrap();
    assert_eq!(
        out,
        "---\ntitle: T\ndescription: D is for a description.\naliases: [old-name/, \"new, odd/\"]\n# keep me\nweight: 3\n---\n"
    );
}

#[test]
fn a_folded_description_becomes_one_line() {
    let page = "---\ntitle: T\ndescription: >\n  Two lines\n  folded.\nweight: 3\n---\n";
    let out = apply_one(page, "description", json!("One line now.")).unwrap();
    assert_eq!(
        out,
        "---\ntitle: T\ndescription: One line now.\nweight: 3\n---\n"
    );
}

#[test]
fn theme_fields_are_rows_under_extra() {
    let out = apply(
        "guide/page.md",
        PAGE,
        &[change(
            "extra",
            json!([["hero", "true"], ["subtitle", "A: B"], ["", "ignored"]]),
        )],
    )
    .unwrap();
    assert!(
        out.0.contains(
            "check_ignore: [reading-level]\nextra:\n  hero: true\n  subtitle: \"A: B\"\n---\n"
        ),
        "{}",
        out.0
    );
    assert_eq!(
        out.1.extra,
        [
            ("hero".to_string(), "true".to_string()),
            ("subtitle".into(), "A: B".into())
        ]
    );
    let nested = PAGE.replace("weight: 10\n", "extra:\n  hero: {a: 1}\n");
    let f = read("guide/page.md", &nested).unwrap();
    assert!(f.kept.contains(&"extra".to_string()));
}

#[test]
fn a_change_that_breaks_the_page_is_refused_with_what_to_do() {
    let e = apply_one(PAGE, "title", json!("   ")).unwrap_err();
    assert!(e.0.contains("title"), "{}", e.0);
    let e = apply_one(PAGE, "next_review", json!("2020-01-01")).unwrap_err();
    assert!(
        e.0.contains("next_review") || e.0.contains("review"),
        "{}",
        e.0
    );
    let e = apply_one(PAGE, "last_reviewed", json!("27/11/2026")).unwrap_err();
    assert!(e.0.contains("2026-11-27"), "{}", e.0);
    let e = apply_one(PAGE, "check_ignore", json!([])).unwrap_err();
    assert!(e.0.contains("settings text"), "{}", e.0);
}

#[test]
fn toml_pages_are_shown_but_changed_in_the_settings_text() {
    let page = "+++\ntitle = \"T\"\ndescription = \"A description of the page.\"\n+++\nBody\n";
    let f = read("guide/page.md", page).unwrap();
    assert!(!f.editable);
    assert_eq!(f.values["title"], json!("T"));
    assert!(apply_one(page, "title", json!("U")).is_err());
}
