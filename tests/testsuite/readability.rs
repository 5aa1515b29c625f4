//! `careleaf check`'s reading level in French, German and a language it has no formula for
//! (Italian), on `tests/fixtures/readability` (French by default, with German and Italian
//! editions): each language's formula, named in the finding, at the hardest sentence; one
//! note for Italian at its code in site.yaml; nested lists scored item by item; grades
//! compared as they are shown.

use crate::common::*;

/// One `reading-grade` finding: `(place, message, hint)`, the place relative to the site.
type Finding = (String, String, String);

fn report(site: &TempSite) -> serde_json::Value {
    let run = site.run(&["check", "--format", "json"]);
    serde_json::from_str(&run.stdout).expect("check --format json prints JSON")
}

fn reading_findings(report: &serde_json::Value) -> Vec<Finding> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "reading-grade")
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            let rel = file.rsplit_once("/content/").map_or_else(
                || file.rsplit('/').next().unwrap().to_string(),
                |(_, r)| format!("content/{r}"),
            );
            assert_eq!(f["severity"], "warning", "{f}");
            (
                format!("{rel}:{}:{}", f["line"], f["column"]),
                f["message"].as_str().unwrap().to_string(),
                f["hint"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The scores of one page in the JSON report.
fn scores<'a>(report: &'a serde_json::Value, page: &str) -> Option<&'a serde_json::Value> {
    report["readability"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["file"].as_str().unwrap().ends_with(page))
}

const ITALIAN_NOTE: &str =
    "careleaf has no reading-level formula for `it`, so its 2 articles are not scored";

#[test]
fn french_and_german_pages_are_scored_by_their_own_formulas() {
    let site = TempSite::from_fixture("readability");
    let report = report(&site);
    let found = reading_findings(&report);
    let places: Vec<&str> = found.iter().map(|(p, _, _)| p.as_str()).collect();
    assert_eq!(
        places,
        [
            "content/de/schwer.md:12:1",
            "content/difficile.md:12:1",
            "site.yaml:10:11"
        ],
        "{found:#?}"
    );
    let (_, german, german_hint) = &found[0];
    assert_eq!(
        german,
        "reading grade 22.8 is above the target of 8 (Wiener Sachtextformel; reading ease -36 (Amstad))"
    );
    assert!(
        german_hint.starts_with(
            "shorten these sentences and use everyday words: line 12: \"Zeitgemäße therapeutische"
        ),
        "{german_hint}"
    );
    assert!(
        german_hint.contains("; line 10: \"Die nächtliche"),
        "{german_hint}"
    );
    let (_, french, french_hint) = &found[1];
    assert_eq!(
        french,
        "reading grade 21.4 is above the target of 8 (Kandel–Moles on Flesch's grade table; reading ease -3 (Kandel–Moles))"
    );
    assert!(
        french_hint.contains("line 10: \"La consolidation mnésique"),
        "{french_hint}"
    );
    // The plain pages pass, and the report names each language's formulas (none is SMOG).
    for (page, formulas) in [
        (
            "sommeil.md",
            "Kandel–Moles on Flesch's grade table / Kandel–Moles",
        ),
        ("de/schlaf.md", "Wiener Sachtextformel / Amstad"),
    ] {
        let s = scores(&report, page).unwrap_or_else(|| panic!("{page}: {report}"));
        assert_eq!(s["formulas"], formulas);
        assert!(s["grade"].as_f64().unwrap() < 8.0, "{s}");
        assert!(s["reading_ease"].as_f64().unwrap() > 80.0, "{s}");
        assert!(s["smog"].is_null(), "{s}");
    }
    // Italian pages get no score at all rather than an English one.
    assert!(scores(&report, "it/sonno.md").is_none());
    assert!(scores(&report, "it/dieta.md").is_none());
}

#[test]
fn a_language_without_a_formula_gets_one_note_at_its_code() {
    let site = TempSite::from_fixture("readability");
    let found = reading_findings(&report(&site));
    let notes: Vec<&Finding> = found
        .iter()
        .filter(|(_, m, _)| m.contains("no reading-level formula"))
        .collect();
    assert_eq!(
        notes.len(),
        1,
        "one note for the edition, not one per page: {found:#?}"
    );
    let (place, message, hint) = notes[0];
    assert_eq!(place, "site.yaml:10:11");
    assert_eq!(message, ITALIAN_NOTE);
    assert!(
        hint.starts_with("ask a reader from your audience to try the pages"),
        "{hint}"
    );
    let text = site.run(&["check"]);
    assert!(
        text.stdout.contains(&format!(
            "site.yaml:10:11: warning [reading-grade] {ITALIAN_NOTE}"
        )),
        "{}",
        text.stdout
    );

    // For the default language, the note points at `language:`; the German edition is still
    // scored.
    let yaml = site
        .read("site.yaml")
        .replace("language: fr", "language: pt");
    site.write("site.yaml", yaml);
    let found = reading_findings(&report(&site));
    let summary: Vec<(&str, &str)> = found
        .iter()
        .map(|(p, m, _)| (p.as_str(), m.split(" (").next().unwrap()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "content/de/schwer.md:12:1",
                "reading grade 22.8 is above the target of 8"
            ),
            (
                "site.yaml:4:11",
                "careleaf has no reading-level formula for `pt`, so its 3 articles are not scored"
            ),
            ("site.yaml:10:11", ITALIAN_NOTE),
        ],
        "{found:#?}"
    );

    // `check_ignore: [reading-grade]` silences the note with the rest of the rule.
    let yaml = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{yaml}check_ignore: [reading-grade]\n"),
    );
    assert!(reading_findings(&report(&site)).is_empty());
}

#[test]
fn a_nested_list_is_scored_item_by_item() {
    // `liste.md` is a list of ten items without full stops nested under one item: run
    // together, they would be one sentence of 80 words (grade above 20).
    let site = TempSite::from_fixture("readability");
    let report = report(&site);
    let s = scores(&report, "liste.md").unwrap();
    assert!(s["grade"].as_f64().unwrap() < 8.0, "{s}");
    assert_eq!(s["words"], 85, "{s}");
    assert!(
        !reading_findings(&report)
            .iter()
            .any(|(p, _, _)| p.starts_with("content/liste.md"))
    );
}

#[test]
fn the_grade_is_compared_as_it_is_shown() {
    // `difficile.md` scores 21.41…, shown as 21.4: at a target of 21.4 it is not above it.
    let site = TempSite::from_fixture("readability");
    let yaml = site.read("site.yaml");
    let with_target = |target: &str| {
        site.write(
            "site.yaml",
            format!("{yaml}reading_grade_target: {target}\n"),
        );
        reading_findings(&report(&site))
            .into_iter()
            .filter(|(p, _, _)| p.starts_with("content/difficile.md"))
            .map(|(_, m, _)| m)
            .collect::<Vec<_>>()
    };
    assert_eq!(with_target("21.4"), Vec::<String>::new());
    let above = with_target("21.3");
    assert_eq!(above.len(), 1);
    assert!(
        above[0].starts_with("reading grade 21.4 is above the target of 21.3 ("),
        "{above:?}"
    );
}
