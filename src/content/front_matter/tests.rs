//! Tests of reading front matter.

use super::*;

fn fm(text: &str) -> Result<FrontMatter, Diagnostic> {
    fm_all(text).map_err(|mut e| e.0.remove(0))
}

fn fm_all(text: &str) -> Result<FrontMatter, Errors> {
    let file = Path::new("content/a.md");
    let s = split(file, text)?;
    parse(file, text, &s)
}

/// Checks that `text` is refused at `location`, saying `message`, with a hint that
/// contains `hint`.
fn assert_error(text: &str, location: &str, message: &str, hint: &str) {
    let e = fm(text).expect_err(text);
    assert_eq!(e.location().as_deref(), Some(location), "{text}");
    assert_eq!(e.message, message, "{text}");
    let help = e.hint.unwrap_or_default();
    assert!(help.contains(hint), "{text}: the hint is {help:?}");
}

#[test]
fn splits_yaml_and_body() {
    let text = "---\ntitle: A\n---\nBody\n";
    let s = split(Path::new("a.md"), text).unwrap();
    assert_eq!(s.front, "title: A\n");
    assert_eq!(&text[s.body_start..], "Body\n");
}

#[test]
fn unclosed_front_matter_is_an_error_with_a_hint() {
    assert_error(
        "---\ntitle: A\nBody\n",
        "content/a.md:1:1",
        "the front matter is not closed: no second `---` line was found",
        "add a line with just `---` after the last front matter line",
    );
}

#[test]
fn missing_title_and_description_are_reported() {
    // A missing key has no line: the error is at the top of the file.
    assert_error(
        "---\ndescription: D\n---\n",
        "content/a.md:1:1",
        "the page has no `title`",
        "give the page a title, e.g. `title: How long does the relief last?`",
    );
    assert_error(
        "---\ntitle: T\n---\n",
        "content/a.md:1:1",
        "the page has no `description`",
        "add `description: One plain sentence about this page.`",
    );
    // An empty one is at its value, or at the key when nothing follows it.
    assert_error(
        "---\ntitle: \"  \"\ndescription: D\n---\n",
        "content/a.md:2:8",
        "the title is empty",
        "give the page a title",
    );
    assert_error(
        "---\ntitle: T\ndescription:\n---\n",
        "content/a.md:3:1",
        "the description is empty",
        "it is shown in search results and link previews",
    );
}

#[test]
fn review_dates_templates_and_aliases_are_checked_at_their_key() {
    assert_error(
        "---\ntitle: T\ndescription: D\nlast_reviewed: 2025-03-01\nnext_review: 2025-01-01\n---\n",
        "content/a.md:5:14",
        "the next review (2025-01-01) is before the last one (2025-03-01)",
        "next_review must come after last_reviewed",
    );
    assert_error(
        "---\ntitle: T\ndescription: D\ntemplate: ../x.html\n---\n",
        "content/a.md:4:11",
        "`../x.html` is not a template name",
        "give the file name of a template in the theme",
    );
    assert_error(
        "---\ntitle: T\ndescription: D\naliases: [/ok/, old]\n---\n",
        "content/a.md:4:10",
        "the alias `old` must start with `/` (it is an address on this site)",
        "write an old address of this page from the site's root",
    );
}

#[test]
fn impossible_dates_are_rejected_at_the_value() {
    let hint = "write dates as year-month-day, e.g. `date: 2025-03-05`";
    assert_error(
        "---\ntitle: T\ndescription: D\ndate: 2025-02-30\n---\n",
        "content/a.md:4:7",
        "`2025-02-30` is not a valid date",
        hint,
    );
    let ok = fm("---\ntitle: T\ndescription: D\ndate: 2024-02-29\n---\n").unwrap();
    assert_eq!(ok.date.unwrap().to_string(), "2024-02-29");
    assert_error(
        "---\ntitle: T\ndescription: D\ndate: 5/3/2025\n---\n",
        "content/a.md:4:7",
        "`5/3/2025` is not a valid date",
        hint,
    );
}

#[test]
fn slugs_are_validated() {
    assert!(validate_slug("how-long-it-lasts").is_ok());
    let folders = Err("must not contain `/`, `\\` or `..`");
    assert_eq!(validate_slug("../etc"), folders);
    assert_eq!(validate_slug("a/b"), folders);
    assert_eq!(validate_slug("Risks"), Err("must be lowercase"));
    assert_eq!(
        validate_slug("a_b"),
        Err("may only contain lowercase letters, digits and hyphens")
    );
    assert_eq!(
        validate_slug("-a"),
        Err("must not start or end with a hyphen")
    );
    assert_error(
        "---\ntitle: T\ndescription: D\nslug: Bad Slug\n---\n",
        "content/a.md:4:7",
        "the slug `Bad Slug` must be lowercase",
        "use lowercase letters, digits and hyphens only",
    );
}

#[test]
fn extra_holds_free_form_fields() {
    let f = fm("---\ntitle: T\ndescription: D\nextra:\n  hero: yes-please\n---\n").unwrap();
    assert_eq!(f.extra["hero"], "yes-please");
}

#[test]
fn toml_front_matter_reads_like_yaml_with_dates_and_times_as_days() {
    let text = "+++\ntitle = \"Asthma at school\"\ndescription = \"What teachers should know.\"\ndate = 2024-03-05T09:30:00+01:00\nupdated = \"2024-04-01\"\ntags = [\"asthma\", \"children\"]\n\n[extra]\nauthor = \"Clinic team\"\n+++\nBody.\n";
    let s = split(Path::new("content/a.md"), text).unwrap();
    assert_eq!(s.format, Format::Toml);
    assert_eq!(&text[s.body_start..], "Body.\n");
    let front = fm(text).unwrap();
    assert_eq!(front.title, "Asthma at school");
    assert_eq!(front.date.unwrap().to_string(), "2024-03-05");
    assert_eq!(front.updated.unwrap().to_string(), "2024-04-01");
    assert_eq!(front.tags, ["asthma", "children"]);
    assert_eq!(front.extra["author"], "Clinic team");
}

#[test]
fn toml_errors_point_into_the_file() {
    assert_error(
        "+++\ntitle = \"A\"\ndescription = \"B\"\nweight = \"heavy\"\n+++\nBody.\n",
        "content/a.md:4:10",
        "wrong kind of value: found string \"heavy\"",
        "must be",
    );
    assert_error(
        "+++\ntitle = \"A\ndescription = \"B\"\n+++\nBody.\n",
        "content/a.md:2:11",
        "TOML syntax error: invalid basic string, expected `\"`",
        "double quotes",
    );
    assert_error(
        "+++\ntitle = \"A\"\n",
        "content/a.md:1:1",
        "the front matter is not closed: no second `+++` line was found",
        "`+++`",
    );
}

#[test]
fn json_front_matter_ends_at_its_closing_brace() {
    let text = "{\n  \"title\": \"Diabetes and feet\",\n  \"description\": \"Daily checks.\",\n  \"tags\": [\"diabetes\"]\n}\nLook at your feet every day.\n";
    let s = split(Path::new("content/a.md"), text).unwrap();
    assert_eq!(s.format, Format::Json);
    assert_eq!(&text[s.body_start..], "Look at your feet every day.\n");
    assert_eq!(fm(text).unwrap().title, "Diabetes and feet");
    assert_error(
        "{\n  \"title\": \"A\",\n  \"description\": 5\n}\nBody.\n",
        "content/a.md:3:18",
        "wrong kind of value: found integer `5`",
        "must be",
    );
    // A page that opens with a shortcode is not JSON.
    let e = fm("{{< video youtube=\"x\" >}}\n").unwrap_err();
    assert!(
        e.message.contains("does not start with front matter"),
        "{e}"
    );
}

#[test]
fn every_unknown_key_is_reported_at_once_with_what_careleaf_calls_it() {
    let text = "---\ntitle: A\nlayout: post\ndescription: B\nlastmod: 2024-01-01\ncategories: [x]\nauthr: Me\n---\nBody.\n";
    let errors = fm_all(text).unwrap_err();
    let found: Vec<(String, String, String)> = errors
        .0
        .iter()
        .map(|e| {
            (
                e.location().unwrap_or_default(),
                e.message.clone(),
                e.hint.clone().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(found.len(), 4, "{found:#?}");
    assert_eq!(found[0].0, "content/a.md:3:1");
    assert_eq!(found[0].1, "unknown key `layout`");
    assert!(
        found[0].2.starts_with("careleaf calls this `template`"),
        "{}",
        found[0].2
    );
    assert_eq!(found[1].0, "content/a.md:5:1");
    assert_eq!(found[1].2, "careleaf calls this `updated`");
    assert_eq!(found[2].0, "content/a.md:6:1");
    assert!(found[2].2.starts_with("careleaf calls this `tags`"));
    assert_eq!(found[3].0, "content/a.md:7:1");
    assert!(
        found[3]
            .2
            .starts_with("did you mean `author`? careleaf calls that `extra: { author"),
        "{}",
        found[3].2
    );
    // The same in TOML, with the key's own column.
    let errors = fm_all("+++\ntitle = \"A\"\ndescription = \"B\"\nsummary = \"C\"\n+++\nBody.\n")
        .unwrap_err();
    assert_eq!(errors.0[0].location().unwrap(), "content/a.md:4:1");
    assert_eq!(
        errors.0[0].hint.as_deref(),
        Some("careleaf calls this `description`")
    );
}

#[test]
fn invalid_values_are_all_reported_too() {
    let text = "---\ntitle: A\ndescription: B\nslug: Not Good\ndate: 2024-02-31\n---\nBody.\n";
    let errors = fm_all(text).unwrap_err();
    let places: Vec<String> = errors.0.iter().filter_map(|e| e.location()).collect();
    assert_eq!(places, ["content/a.md:4:7", "content/a.md:5:7"]);
}

#[test]
fn a_page_without_front_matter_is_told_about_import() {
    let e = fm("# Asthma\n\nText.\n").unwrap_err();
    assert_eq!(e.location().unwrap(), "content/a.md:1:1");
    assert!(e.hint.unwrap().contains("careleaf import FOLDER"));
}
