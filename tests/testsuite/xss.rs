//! Text that looks like HTML, written by an editor in every field a page shows (front matter,
//! site.yaml, FAQ questions, glossary terms, timeline labels), stays text everywhere: in the
//! body, `<title>`, meta tags, JSON-LD, the timeline chart, redirect pages and the search index.

use crate::common::dom::elements;
use crate::common::*;

/// What the fixture `xss` writes into every field.
const PAYLOAD: &str = "<img src=x onerror=alert(1)> \"q\" 's & </script><script>alert(2)</script>";

fn built() -> TempSite {
    let site = TempSite::from_fixture("xss");
    site.build().assert_ok();
    site
}

#[test]
fn no_page_runs_or_shows_markup_from_content() {
    let site = built();
    let files = html_files(&site.path().join("public"));
    assert!(files.len() >= 7, "{files:?}");
    for file in files {
        let html = std::fs::read_to_string(&file).unwrap();
        let shown = file.display();
        let all = elements(&html);
        for e in &all {
            for (name, value) in &e.attrs {
                assert!(
                    !name.starts_with("on"),
                    "{shown}: <{} {name}={value:?}>",
                    e.name
                );
            }
            assert!(
                !(e.name == "img" && e.attr("src") == Some("x")),
                "{shown}: an <img> from the content"
            );
            if e.name == "script" {
                match (e.attr("src"), e.attr("type")) {
                    (Some(src), _) => {
                        assert!(
                            src.starts_with('/') && src.ends_with(".js"),
                            "{shown}: {src}"
                        );
                        assert!(e.text.is_empty(), "{shown}: text in a script with src");
                    }
                    (None, Some("application/ld+json")) => {
                        let data: serde_json::Value =
                            serde_json::from_str(&e.text).unwrap_or_else(|err| {
                                panic!("{shown}: JSON-LD cut short ({err}): {}", e.text)
                            });
                        assert!(data.is_object(), "{shown}");
                    }
                    _ => panic!("{shown}: an inline script: {}", e.text),
                }
            }
        }
        // The payload was shown, as text, somewhere on every page (the site's title at least).
        assert!(
            all.iter()
                .any(|e| e.name != "script" && e.text.contains(PAYLOAD)),
            "{shown}: the text is missing or changed"
        );
    }
}

#[test]
fn title_meta_tags_and_json_ld_carry_the_text_exactly() {
    let site = built();
    let all = elements(&site.read("public/article/index.html"));
    let title = all.iter().find(|e| e.name == "title").unwrap();
    assert_eq!(title.text, format!("{PAYLOAD} | Clinic {PAYLOAD}"));
    let meta = |key: &str, value: &str| {
        all.iter()
            .find(|e| e.name == "meta" && e.attr(key) == Some(value))
            .and_then(|e| e.attr("content"))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("no meta {key}={value}"))
    };
    assert_eq!(meta("name", "description"), format!("Desc {PAYLOAD}"));
    assert_eq!(meta("property", "og:title"), PAYLOAD);
    assert_eq!(
        meta("property", "og:description"),
        format!("Desc {PAYLOAD}")
    );
    let ld: Vec<serde_json::Value> = all
        .iter()
        .filter(|e| e.attr("type") == Some("application/ld+json"))
        .map(|e| serde_json::from_str(&e.text).unwrap())
        .collect();
    let json = serde_json::to_string(&ld).unwrap();
    assert!(
        json.contains(&serde_json::to_string(PAYLOAD).unwrap()[1..20]),
        "{json}"
    );
    let headline = ld
        .iter()
        .find_map(|v| v.get("name").and_then(|h| h.as_str()))
        .unwrap_or_else(|| panic!("no name in {json}"));
    assert_eq!(headline, PAYLOAD);
    let reviewer = ld.iter().find_map(|v| v["reviewedBy"]["name"].as_str());
    assert_eq!(reviewer, Some(format!("Dr. {PAYLOAD}").as_str()));
}

#[test]
fn faq_questions_glossary_and_timeline_labels_stay_text() {
    let site = built();
    let faq = elements(&site.read("public/faq/index.html"));
    // Markdown text gets typographic quotes; everything else stays as written.
    let smart = PAYLOAD.replace("\"q\"", "“q”").replace("'s", "’s");
    let question = format!("Question {smart}?");
    assert!(
        faq.iter().any(|e| e.text.contains(&question)),
        "the question is shown as text"
    );
    let ld = faq
        .iter()
        .find(|e| e.attr("type") == Some("application/ld+json"))
        .unwrap();
    let data: serde_json::Value = serde_json::from_str(&ld.text).unwrap();
    assert_eq!(data["mainEntity"][0]["name"], question.as_str());
    assert_eq!(
        data["mainEntity"][0]["acceptedAnswer"]["text"],
        format!("Answer {smart}.").as_str()
    );

    let glossary = elements(&site.read("public/glossary/index.html"));
    assert!(
        glossary.iter().any(|e| e.text.contains("a<b>&c")),
        "term as text"
    );
    assert!(
        glossary
            .iter()
            .any(|e| e.text.contains(&format!("Odd {PAYLOAD}")))
    );
    // The term's popover on the article carries its definition as text.
    let article = elements(&site.read("public/article/index.html"));
    assert!(
        article
            .iter()
            .any(|e| e.text.contains(&format!("Medicine given slowly {PAYLOAD}"))),
        "definition in the popover"
    );

    let timeline = elements(&site.read("public/timeline/index.html"));
    for label in [
        "First ", "Sum ", "Relief ", "Detail ", "Before ", "Hours ", "Eat ",
    ] {
        let text = format!("{label}{PAYLOAD}");
        assert!(
            timeline.iter().any(|e| e.text.contains(&text)),
            "timeline label {label:?} as text"
        );
    }
    // Inside the chart (SVG) too, where a <script> would run just the same.
    assert!(timeline.iter().any(|e| e.name == "svg"), "the chart");
    assert!(
        timeline
            .iter()
            .any(|e| e.name == "text" && e.text.contains(PAYLOAD)),
        "SVG text label"
    );
}

#[test]
fn the_redirect_page_and_the_search_index_keep_the_text_as_data() {
    let site = built();
    let redirect = elements(&site.read("public/old-article/index.html"));
    let title = redirect.iter().find(|e| e.name == "title").unwrap();
    assert_eq!(title.text, PAYLOAD);
    let link = redirect.iter().find(|e| e.name == "a").unwrap();
    assert_eq!(link.attr("href"), Some("https://clinic.example/article/"));
    assert_eq!(link.text, PAYLOAD);

    let index: serde_json::Value =
        serde_json::from_str(&site.read("public/search/index.json")).unwrap();
    let text = index.to_string();
    assert!(
        text.contains(&serde_json::Value::from(PAYLOAD).to_string()),
        "the title is in the index as the same string"
    );
    // The search script builds results with textContent, never as HTML.
    for script in ["search.js", "search-box.js"] {
        let js = std::fs::read_to_string(repo_root().join("themes/default/static").join(script))
            .unwrap();
        assert!(
            !js.contains("innerHTML") && !js.contains("insertAdjacentHTML"),
            "{script}"
        );
    }
}
