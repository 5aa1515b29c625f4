//! The FAQ and the timeline as built HTML (no browser): structure, ids, structured data,
//! shortcodes, related questions, and that everything is readable without JavaScript.

use crate::common::*;

fn built() -> TempSite {
    let site = TempSite::from_fixture("faq-timeline");
    site.build().assert_ok();
    site
}

#[test]
fn faq_questions_are_details_with_stable_ids_grouped_by_topic() {
    let site = built();
    let html = site.read("public/faq/index.html");
    for id in [
        "how-long-does-one-infusion-help",
        "when-do-boosters-happen",
        "safe",
    ] {
        assert!(
            html.contains(&format!("<details class=\"faq-item\" id=\"{id}\"")),
            "{id} missing"
        );
    }
    assert!(
        html.contains(">Timing<") && html.contains(">Safety<"),
        "topic groups"
    );
    assert!(html.contains("Short intro."));
    // The question with markup in it is escaped, not interpreted.
    assert!(
        html.contains("Is &lt;/script&gt;&lt;b&gt;it&lt;/b&gt; safe?"),
        "{html}"
    );
    // Footnotes in answers point at the FAQ's own references list.
    assert!(html.contains("href=\"#ref-1\""));
    assert!(html.contains("<li id=\"ref-1\">"));
    // Links to articles in answers are resolved.
    assert!(html.contains("href=\"/article/\""));
    // Readable without JavaScript: no question starts hidden, and the JS-only controls are.
    assert!(!html.contains("class=\"faq-item\" hidden"));
    let filter = html.find("id=\"faq-filter\"").expect("filter markup");
    let before = &html[..filter];
    let container = before
        .rfind("hidden")
        .expect("the filter box is hidden until JavaScript shows it");
    assert!(
        filter - container < 600,
        "the hidden attribute belongs to the filter's container"
    );
}

#[test]
fn faq_json_ld_is_valid_and_cannot_end_its_script() {
    let site = built();
    let html = site.read("public/faq/index.html");
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let json = &html[start..end];
    assert!(
        !json.contains("</"),
        "no closing tag inside the data: {json}"
    );
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["@type"], "FAQPage");
    let questions = data["mainEntity"].as_array().unwrap();
    assert_eq!(questions.len(), 3);
    assert_eq!(questions[0]["name"], "How long does one infusion help?");
    assert_eq!(questions[0]["acceptedAnswer"]["text"], "Often a few days.");
    assert_eq!(questions[2]["name"], "Is </script><b>it</b> safe?");
}

#[test]
fn articles_show_related_questions_and_embedded_faq_entries() {
    let site = built();
    let html = site.read("public/article/index.html");
    // Related by the article's tag (boosters): two questions, linked to the FAQ.
    assert!(
        html.contains("href=\"/faq/#when-do-boosters-happen\""),
        "{html}"
    );
    assert!(html.contains("href=\"/faq/#safe\""));
    // The faq shortcode with tag=duration and limit=1 shows the first duration question only.
    assert!(html.contains("How long does one infusion help?"));
    // Footnote links in embedded answers lead to the FAQ page, and add no duplicate ids.
    assert!(html.contains("href=\"/faq/#ref-1\""), "{html}");
    assert!(
        html_problems(&html).is_empty(),
        "{:?}",
        html_problems(&html)
    );
}

#[test]
fn the_timeline_page_has_a_phase_list_and_a_labelled_chart() {
    let site = built();
    let html = site.read("public/timeline/index.html");
    assert!(html.contains("This is an example."), "introduction");
    assert!(html.contains("<ol class=\"tl-phases\""));
    for id in ["first", "series", "boosters"] {
        assert!(html.contains(&format!("id=\"phase-{id}\"")), "phase {id}");
        assert!(
            html.contains(&format!("<g class=\"tl-phase\" data-phase=\"{id}\">")),
            "chart lane {id}"
        );
    }
    assert!(html.contains("role=\"img\" aria-labelledby=\"tl-chart-title tl-chart-desc\""));
    // The chart's text version names every phase, escaped.
    let desc_start = html.find("<desc id=\"tl-chart-desc\">").unwrap();
    let desc = &html[desc_start..desc_start + html[desc_start..].find("</desc>").unwrap()];
    assert!(
        desc.contains("First infusion: week 1, 1 infusion."),
        "{desc}"
    );
    assert!(desc.contains("Boosters &lt;when needed&gt;"), "{desc}");
    // One dot per infusion: 1 + 5 + 2.
    assert_eq!(html.matches("class=\"tl-dot\"").count(), 8);
    assert_eq!(html.matches("class=\"tl-relief\"").count(), 1);
    assert!(html.contains("40–60 minutes"));
    // Without JavaScript every phase is visible; the plan view waits for JavaScript.
    assert!(!html.contains("class=\"tl-phase-item\" hidden"));
    assert!(html.contains("<form id=\"plan-form\"") && html.contains("hidden"));
    assert!(
        html.contains("data-weekdays=\"1,3,5\""),
        "plan settings for the script"
    );
    assert!(
        html_problems(&html).is_empty(),
        "{:?}",
        html_problems(&html)
    );
}

#[test]
fn a_timeline_shortcode_embeds_one_phase_with_a_link_to_the_timeline() {
    let site = built();
    let html = site.read("public/article/index.html");
    assert!(html.contains("Boosters &lt;when needed&gt;"));
    assert!(
        html.contains("href=\"/timeline/#phase-boosters\""),
        "link to the full timeline"
    );
    assert!(
        !html.contains("id=\"phase-series\""),
        "only the chosen phase"
    );
}

#[test]
fn javascript_per_page_is_small_and_local() {
    let site = built();
    let out = site.path().join("public");
    for file in html_files(&out) {
        let html = std::fs::read_to_string(&file).unwrap();
        let mut total = 0;
        for part in html.split("<script src=\"").skip(1) {
            let src = &part[..part.find('"').unwrap()];
            assert!(
                src.starts_with('/') && !src.starts_with("//"),
                "{src} is from another host"
            );
            total += std::fs::metadata(out.join(src.trim_start_matches('/')))
                .unwrap()
                .len();
        }
        assert!(
            total < 12 * 1024,
            "{}: {total} bytes of JavaScript",
            file.display()
        );
        assert!(
            !html.contains("<script>"),
            "{}: inline script",
            file.display()
        );
    }
}
