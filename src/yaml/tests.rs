//! Tests of YAML errors and positions.

use super::*;
use serde::Deserialize;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    title: String,
    #[serde(default)]
    weight: i64,
}

fn source<'a>(file_text: &'a str, yaml: &'a str) -> YamlSource<'a> {
    YamlSource {
        file: Path::new("content/a.md"),
        file_text,
        yaml,
        line_offset: 1,
        unknown_key_hint: "free-form fields go under `extra:`",
        max_bytes: MAX_FRONT_MATTER_BYTES,
    }
}

#[test]
fn unknown_key_points_at_the_key_in_the_original_file() {
    let text = "---\ntitle: A\ntitel: B\n---\n";
    let e = parse::<Doc>(&source(text, "title: A\ntitel: B\n")).unwrap_err();
    let span = e.span.clone().unwrap();
    assert_eq!((span.line, span.column), (3, 1));
    assert_eq!(e.message, "unknown key `titel`");
    assert!(e.hint.unwrap().starts_with("did you mean `title`?"));
}

#[test]
fn wrong_type_names_the_key_and_the_expected_kind() {
    let text = "---\ntitle: A\nweight: heavy\n---\n";
    let e = parse::<Doc>(&source(text, "title: A\nweight: heavy\n")).unwrap_err();
    let span = e.span.clone().unwrap();
    assert_eq!((span.line, span.column), (3, 9));
    assert!(e.hint.unwrap().contains("a whole number"));
}

#[test]
fn an_unclosed_quote_points_where_it_opened() {
    let text = "---\ntitle: \"Risks\ndescription: D\n---\n";
    let e = parse::<Doc>(&source(text, "title: \"Risks\ndescription: D\n")).unwrap_err();
    assert_eq!(e.location().unwrap(), "content/a.md:2:8");
    assert!(e.hint.unwrap().contains("quote"));
}

#[test]
fn tabs_get_a_hint_about_spaces() {
    let text = "---\ntitle: A\n\tweight: 1\n---\n";
    let e = parse::<Doc>(&source(text, "title: A\n\tweight: 1\n")).unwrap_err();
    assert_eq!(e.span.clone().unwrap().line, 3);
    assert!(e.hint.unwrap().contains("spaces"));
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let yaml = format!("title: {}", "[".repeat(10_000));
    let e = parse::<Doc>(&source(&yaml, &yaml)).unwrap_err();
    assert!(e.message.contains("nested too deeply"));
}

#[test]
fn path_position_walks_lists_and_maps() {
    let yaml = "phases:\n  - id: a\n    end_day: 7\n  - id: b\n    relief:\n      end_day: 3\n    end_day: 9\nplan:\n  weekdays: [mon]\n";
    use PathSeg::*;
    assert_eq!(
        path_position(yaml, &[Key("phases"), Index(1), Key("end_day")]),
        Some((7, 14))
    );
    assert_eq!(
        path_position(yaml, &[Key("phases"), Index(1), Key("id")]),
        Some((4, 9))
    );
    assert_eq!(
        path_position(
            yaml,
            &[Key("phases"), Index(1), Key("relief"), Key("end_day")]
        ),
        Some((6, 16))
    );
    assert_eq!(
        path_position(yaml, &[Key("phases"), Index(0)]),
        Some((2, 5))
    );
    assert_eq!(
        path_position(yaml, &[Key("plan"), Key("weekdays")]),
        Some((9, 13))
    );
    assert_eq!(path_position(yaml, &[Key("phases"), Index(5)]), None);
    let flush = "phases:\n- id: a\n  end_day: 7\n- id: b\n  end_day: 9\n";
    assert_eq!(
        path_position(flush, &[Key("phases"), Index(1), Key("end_day")]),
        Some((5, 12))
    );
    // A dash alone on its line, with the item's keys below it: used to panic.
    let bare = "terms:\n  -\n    id: a\n    en:\n      term: \"\"\n";
    assert_eq!(
        path_position(bare, &[Key("terms"), Index(0), Key("id")]),
        Some((3, 9))
    );
    assert_eq!(
        path_position(bare, &[Key("terms"), Index(0), Key("en"), Key("term")]),
        Some((5, 13))
    );
}

#[test]
fn key_position_finds_the_value_column() {
    assert_eq!(
        key_position("a: 1\ndate:  2025-02-30\n", "date"),
        Some((2, 8))
    );
    assert_eq!(key_position("dates: 1\n", "date"), None);
    assert_eq!(key_position("  date: 1\n", "date"), None);
}
