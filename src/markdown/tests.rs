//! Tests of the Markdown renderer, through [`render`] as the rest of the crate calls it.

use super::footnotes::backref_letter;
use super::*;

fn render_md(body: &str) -> Result<Rendered, Vec<Diagnostic>> {
    render_with(body, Mode::default())
}

/// The one error rendering `body` gives: its location, message and hint. (The front matter
/// `render_explaining` adds takes four lines: the body starts on line 5.)
fn only_error(body: &str) -> (String, String, String) {
    let errors = render_md(body).expect_err(body);
    assert_eq!(errors.len(), 1, "{body}: {errors:?}");
    let e = &errors[0];
    (
        e.location().unwrap_or_default(),
        e.message.clone(),
        e.hint.clone().unwrap_or_default(),
    )
}

/// Checks that `body` gives exactly one error, at `location`, saying `message`, with a hint
/// that contains `hint`.
fn assert_error(body: &str, location: &str, message: &str, hint: &str) {
    let (at, said, help) = only_error(body);
    assert_eq!(at, location, "{body}");
    assert_eq!(said, message, "{body}");
    assert!(help.contains(hint), "{body}: the hint is {help:?}");
}

fn test_shortcode(call: &ShortcodeCall) -> Result<ShortcodeHtml, ShortcodeError> {
    match call.name.as_str() {
        "box" => Ok(ShortcodeHtml {
            html: format!(
                "<div class=\"box\">{}</div>",
                call.arg("label").unwrap_or("-")
            ),
            embeds: Default::default(),
        }),
        other => Err(ShortcodeError {
            message: format!("unknown shortcode `{other}`"),
            hint: "use box".into(),
        }),
    }
}

fn render_with(body: &str, mode: Mode) -> Result<Rendered, Vec<Diagnostic>> {
    render_explaining(body, mode, None)
}

fn render_explaining(
    body: &str,
    mode: Mode,
    glossary: Option<&crate::features::glossary::Glossary>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let text = format!("---\ntitle: T\ndescription: D\n---\n{body}");
    let strings = crate::i18n::Strings::english();
    let resolve = |p: &Path| match p.to_str() {
        Some("risks.md") => Some("/risks/".to_string()),
        Some("guide/_index.md") => Some("/guide/".to_string()),
        Some("img/chart.png") => Some("/img/chart.png".to_string()),
        _ => None,
    };
    let input = MarkdownInput {
        file: Path::new("content/a.md"),
        text: &text,
        body_start: text.len() - body.len(),
        page_dir: Path::new(""),
        resolve: &resolve,
        shortcodes: Some(&test_shortcode),
        mode,
        allowed_hosts: &[],
        glossary,
        strings: &strings,
        site_paths: None,
    };
    render(&input)
}

#[test]
fn glossary_terms_are_explained_at_their_first_use_in_running_text_only() {
    use crate::features::glossary::{Glossary, GlossaryEntry};
    let entry = |id: &str, term: &str| GlossaryEntry {
        id: id.into(),
        term: term.into(),
        definition: format!("About {term}."),
        aliases: vec![],
    };
    let mut glossary = Glossary::new(vec![entry("iv", "IV"), entry("dose", "dose")]);
    glossary.page_url = Some("/glossary/".into());
    let body = "## The IV and the dose\n\nSee [the IV page](risks.md) and `IV`.\n\n```\nIV dose\n```\n\nThe IV drips. The IV again. A dose.[^1]\n\n[^1]: The IV in a footnote.\n";
    let html = render_explaining(body, Mode::default(), Some(&glossary))
        .unwrap()
        .html;
    // Once each, in the paragraph: not in the heading, the link, code or the footnote.
    assert_eq!(html.matches("popovertarget=\"g-iv\"").count(), 1, "{html}");
    assert_eq!(
        html.matches("popovertarget=\"g-dose\"").count(),
        1,
        "{html}"
    );
    assert!(html.contains("<p>The <button type=\"button\" class=\"term\" popovertarget=\"g-iv\">IV</button><span class=\"term-def\" id=\"g-iv\" popover><dfn><a href=\"/glossary/#iv\">IV</a></dfn>: About IV.</span> drips. The IV again."), "{html}");
    assert!(html.contains("<h2 id=\"the-iv-and-the-dose\""), "{html}");
    assert!(html.contains(">the IV page</a>"), "{html}");
    // HTML shown on another page (FAQ answers in articles) is left alone: no duplicate ids.
    let elsewhere = Mode {
        without_anchors: true,
        ..Mode::default()
    };
    let html = render_explaining(body, elsewhere, Some(&glossary))
        .unwrap()
        .html;
    assert!(!html.contains("g-iv"), "{html}");
}

#[test]
fn third_party_loads_and_missing_alt_text_are_errors() {
    let other_host = "must not send visitors' reading to other hosts";
    // Raw HTML is pointed at the address itself, Markdown at the image's `!`.
    for (body, location, message, hint) in [
        (
            "<script src=\"https://tracker.example/t.js\"></script>\n",
            "content/a.md:5:14",
            "this script loads from another website (tracker.example)",
            other_host,
        ),
        (
            "Text <img src=\"//pixel.example/p.gif\" alt=\"\"> more.\n",
            "content/a.md:5:16",
            "this img loads from another website (pixel.example)",
            other_host,
        ),
        (
            "<iframe src=\"http://video.example/embed\"></iframe>\n",
            "content/a.md:5:14",
            "this iframe loads from another website (video.example)",
            other_host,
        ),
        (
            "![Chart](https://cdn.example/chart.png)\n",
            "content/a.md:5:1",
            "the image `https://cdn.example/chart.png` is on another website (cdn.example)",
            "save the image in content/",
        ),
        (
            "![](img/chart.png)\n",
            "content/a.md:5:1",
            "this image has no alt text",
            "describe what the image shows inside the square brackets",
        ),
    ] {
        assert_error(body, location, message, hint);
    }
    // Links to other sites are fine: only loading from them is not.
    assert!(render_md("<a href=\"https://988lifeline.org\">988</a>\n").is_ok());
}

#[test]
fn section_links_and_prose_blocks_are_recorded() {
    let r = render_md("See [risks](risks.md#dizziness) and [below](#more).\n\n- One item[^a]\n\n| a |\n|---|\n| cell |\n\n[^a]: Ref.\n").unwrap();
    let anchors: Vec<(Option<String>, &str)> = r
        .anchor_links
        .iter()
        .map(|a| {
            (
                a.page.as_ref().map(|p| p.display().to_string()),
                a.fragment.as_str(),
            )
        })
        .collect();
    assert_eq!(
        anchors,
        vec![(Some("risks.md".into()), "dizziness"), (None, "more")]
    );
    let blocks: Vec<(&str, bool)> = r
        .prose_blocks
        .iter()
        .map(|b| (b.text.as_str(), b.has_reference))
        .collect();
    assert_eq!(
        blocks,
        vec![("See risks and below.", false), ("One item", true)]
    );
}

#[test]
fn shortcodes_replace_their_paragraph() {
    let r = render_md("Before.\n\n{{< box label=\"Don't panic\" >}}\n\nAfter.\n").unwrap();
    assert!(
        r.html
            .contains("<p>Before.</p>\n<div class=\"box\">Don't panic</div>\n<p>After.</p>"),
        "{}",
        r.html
    );
    assert_eq!(r.detail.shortcodes, vec!["box".to_string()]);
    // Prose after a shortcode is still collected, and the shortcode itself is not prose.
    let texts: Vec<&str> = r.prose_blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, vec!["Before.", "After."]);
    // Inline, in code, or in a longer paragraph it is just text.
    let r = render_md("Use `{{< box >}}` here.\n\n```\n{{< box >}}\n```\n").unwrap();
    assert!(!r.html.contains("class=\"box\""));
}

#[test]
fn unknown_or_malformed_shortcodes_are_errors_at_their_line() {
    let errors = render_md("Intro.\n\n{{< chart >}}\n").unwrap_err();
    assert_eq!(errors[0].location().unwrap(), "content/a.md:7:1");
    assert!(errors[0].message.contains("unknown shortcode `chart`"));
    assert_eq!(errors[0].hint.as_deref(), Some("use box"));
    assert_error(
        "{{< box label=\"oops >}}\n",
        "content/a.md:5:1",
        "this shortcode is malformed: the value of `label` has no closing quote",
        "on a line of their own",
    );
}

#[test]
fn headings_named_like_footnote_ids_get_their_own_id() {
    // Found by fuzz/markdown: this looped for ever.
    let r = render_with(
        "## Ref: what to bring\n\n## Ref: what to bring\n\n## Cite-1\n",
        Mode::default(),
    )
    .unwrap();
    let ids: Vec<&str> = r.detail.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "section-ref-what-to-bring",
            "section-ref-what-to-bring-1",
            "section-cite-1"
        ]
    );
}

#[test]
fn split_mode_keeps_each_answer_when_the_first_heading_opens_the_file() {
    // Found by fuzz/markdown: the intro's end mark was left for the next block and cut it.
    for body in [
        "## Is it safe?\n\nAsk your care team.\n",
        "Safe?\n---\n\nAsk.\n",
    ] {
        let r = render_with(
            body,
            Mode {
                split_at_headings: true,
                ..Mode::default()
            },
        )
        .unwrap();
        assert_eq!(r.detail.blocks.len(), 1, "{body:?}");
        assert!(
            r.detail.blocks[0].text.starts_with("Ask"),
            "{:?}",
            r.detail.blocks[0].text
        );
    }
}

#[test]
fn split_mode_cuts_at_headings_and_footnotes_can_point_elsewhere() {
    let body = "Intro.[^a]\n\n# Timing {.duration}\n\n## How long? {.single}\n\nA week.[^a]\n\n## Why?\n\nBecause.\n\n[^a]: Ref.\n";
    let r = render_with(
        body,
        Mode {
            split_at_headings: true,
            ..Mode::default()
        },
    )
    .unwrap();
    assert!(r.html.starts_with("<p>Intro."), "{}", r.html);
    let titles: Vec<(usize, &str)> = r
        .detail
        .blocks
        .iter()
        .map(|b| (b.level, b.title.as_str()))
        .collect();
    assert_eq!(titles, vec![(1, "Timing"), (2, "How long?"), (2, "Why?")]);
    assert_eq!(r.detail.blocks[1].id, "how-long");
    assert_eq!(r.detail.blocks[1].classes, vec!["single".to_string()]);
    assert_eq!(r.detail.blocks[2].text, "Because.");
    assert!(r.detail.blocks[1].html.contains("href=\"#ref-1\""));
    assert!(r.references.contains("id=\"ref-1\""));
    let elsewhere = Mode {
        split_at_headings: true,
        footnote_base: "/faq/",
        without_anchors: true,
        ..Mode::default()
    };
    let r = render_with(body, elsewhere).unwrap();
    assert!(
        r.detail.blocks[1]
            .html
            .contains("<sup class=\"footnote-ref\"><a href=\"/faq/#ref-1\""),
        "{}",
        r.detail.blocks[1].html
    );
}

#[test]
fn headings_get_unique_ids_anchors_and_a_toc() {
    let r = render_md("## Before you come\n\n### Eating\n\n## Before you come\n\n## References\n")
        .unwrap();
    assert!(r.html.contains("<h2 id=\"before-you-come\">Before you come</h2><a class=\"heading-anchor\" href=\"#before-you-come\""), "{}", r.html);
    assert!(r.html.contains("id=\"before-you-come-1\""));
    // "references" is reserved for the footnote list.
    assert!(r.html.contains("id=\"references-1\""));
    assert_eq!(r.detail.toc.len(), 3);
    assert_eq!(r.detail.toc[0].children[0].id, "eating");
}

#[test]
fn custom_heading_ids_are_kept() {
    let r = render_md("## Maintenance {#upkeep}\n").unwrap();
    assert!(
        r.html.contains("<h2 id=\"upkeep\">Maintenance</h2>"),
        "{}",
        r.html
    );
}

#[test]
fn links_to_content_files_become_urls() {
    let r =
        render_md("See [risks](risks.md#dizziness) and [the guide](guide/_index.md).\n").unwrap();
    assert!(
        r.html.contains("<a href=\"/risks/#dizziness\">risks</a>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<a href=\"/guide/\">the guide</a>"));
}

#[test]
fn a_missing_page_is_an_error_at_its_line_and_column() {
    let errors = render_md("Intro.\n\nRead [this](missing.md) now.\n").unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].location().unwrap(), "content/a.md:7:6");
    assert!(errors[0].message.contains("missing.md"));
}

#[test]
fn links_out_of_content_and_script_links_are_errors() {
    // The `..` guard's own message: without it the link would resolve to
    // content/etc/passwd.md and fail only as a missing page.
    assert_error(
        "[x](../../etc/passwd.md)\n",
        "content/a.md:5:1",
        "the link `../../etc/passwd.md` points outside the content folder",
        "link to files inside content/ only",
    );
    assert_error(
        "[x](javascript:alert(1))\n",
        "content/a.md:5:1",
        "the link `javascript:alert(1)` uses a scheme that can run code",
        "link to a web page (https://…)",
    );
}

#[test]
fn external_links_get_noopener() {
    let r = render_md("[988](https://988lifeline.org)\n").unwrap();
    assert!(r.html.contains("<a href=\"https://988lifeline.org\" rel=\"noopener noreferrer\" class=\"external\">988</a>"), "{}", r.html);
}

#[test]
fn footnotes_become_a_numbered_references_list() {
    let r = render_md("One.[^b] Two.[^a] Again.[^b]\n\n[^a]: Ref A.\n[^b]: Ref B.\n").unwrap();
    assert!(
        r.html
            .contains("<a href=\"#ref-1\" aria-label=\"Reference 1\">1</a>")
    );
    assert!(r.html.contains("id=\"cite-1-2\""));
    let list = &r.references;
    let b = list.find("Ref B.").unwrap();
    let a = list.find("Ref A.").unwrap();
    assert!(b < a, "numbered in order of first use: {list}");
    assert!(
        list.contains(
            "<li id=\"ref-1\"><p>Ref B. <a class=\"footnote-backref\" href=\"#cite-1-1\""
        )
    );
    assert_eq!(r.detail.toc.last().unwrap().id, "references");
    // A reference cited twice gets two lettered back links.
    assert!(list.contains("href=\"#cite-1-2\" aria-label=\"Back to text for reference 1, place b\">↩<span class=\"backref-letter\">b</span></a>"), "{list}");
    assert_eq!(backref_letter(27), "aa");
}

#[test]
fn an_undefined_footnote_is_an_error() {
    // At the `[` of the citation, after "Claim.".
    assert_error(
        "Claim.[^r9]\n",
        "content/a.md:5:7",
        "this footnote reference has no definition",
        "add its definition at the end of the page",
    );
}

#[test]
fn a_definition_swallowed_by_a_code_fence_is_pointed_at() {
    // An indented ``` closed by an unindented ````: everything after it is code.
    assert_error(
        "- Check.[^v]
  ```bash
  code --version
````

More.

[^v]: VS Code FAQ.
",
        "content/a.md:5:9",
        "this footnote reference has no definition",
        "its definition on line 12 is not read as one: it is inside a code block",
    );
}

#[test]
fn tables_scroll_and_alerts_become_callouts() {
    let r =
        render_md("| a | b |\n|---|---|\n| 1 | 2 |\n\n> [!WARNING]\n> Do not drive.\n").unwrap();
    assert!(r.html.contains(
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">\n<table>"
    ));
    assert!(
        r.html.contains(
            "<div class=\"callout callout-warning\">\n<p class=\"callout-title\">Warning</p>"
        ),
        "{}",
        r.html
    );
}

#[test]
fn smart_punctuation_and_word_count() {
    let r = render_md("It's \"fine\" -- really.\n").unwrap();
    assert!(r.html.contains("It’s “fine” – really."), "{}", r.html);
    assert_eq!(r.word_count, 4);
}

#[test]
fn html_in_headings_is_escaped_in_ids_and_labels() {
    let r = render_md("## A \"quoted\" <b>tag</b>\n").unwrap();
    assert!(
        !r.html.contains("label=\"Link to this section: A \"quoted"),
        "{}",
        r.html
    );
}

#[test]
fn images_in_content_are_resolved() {
    let r = render_md("![A chart](img/chart.png)\n").unwrap();
    assert!(r.html.contains("src=\"/img/chart.png\""), "{}", r.html);
    assert_error(
        "![A chart](img/none.png)\n",
        "content/a.md:5:1",
        "the link `img/none.png` points to a file that does not exist (content/img/none.png)",
        "check the file name, or put the file in the content folder",
    );
}

/// `body` rendered as `check` renders it, with its reading units.
fn render_for_reading(body: &str) -> Rendered {
    render_with(
        body,
        Mode {
            reading_units: true,
            ..Mode::default()
        },
    )
    .unwrap()
}

/// The reading units of `body`, each with the file's text from its offset on.
fn reading_units(body: &str) -> Vec<(String, String)> {
    let text = format!("---\ntitle: T\ndescription: D\n---\n{body}");
    let r = render_for_reading(body);
    r.reading_units
        .iter()
        .map(|u| (u.text.clone(), text[u.offset..].chars().take(12).collect()))
        .collect()
}

#[test]
fn every_paragraph_item_cell_and_heading_is_a_reading_unit() {
    let body = "## Before you come\n\nPlan your day.\nRest well.\n\n- Bring your card\n  - Eat lightly\n    - No coffee\n  - Come early\n- Ask **questions**\n\n| When | What |\n|---|---|\n| Morning | Take `one` pill |\n\n```\nnot prose\n```\n\n![a chart](img/chart.png)\n\nSee the note.[^n]\n\n[^n]: A footnote.\n";
    let units = reading_units(body);
    let texts: Vec<&str> = units.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Before you come",
            "Plan your day. Rest well.",
            "No coffee",
            "Eat lightly",
            "Come early",
            "Bring your card",
            "Ask questions",
            "When",
            "What",
            "Morning",
            "Take one pill",
            "See the note.",
        ]
    );
    // Each unit's offset is where its words start in the file (not the `-` or `#`).
    for (text, at) in &units {
        let first: String = text.chars().take(4).collect();
        assert!(at.starts_with(&first), "{text:?} at {at:?}");
    }
}

#[test]
fn a_loose_list_items_paragraphs_are_its_units() {
    let texts: Vec<String> = reading_units("- First point.\n\n  More on it.\n\n- Second point.\n")
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(texts, ["First point.", "More on it.", "Second point."]);
}

#[test]
fn a_nested_list_scores_like_its_items_not_as_one_run_on_sentence() {
    let body = "- Before your visit\n  - Eat a light meal two hours before you come to the clinic\n  - Bring a list of every medicine you take each day at home\n  - Ask a friend or a family member to drive you home after\n  - Wear loose and comfortable clothes on the day of the visit\n  - Write down the questions you want to ask the nurse today\n  - Tell us if you feel unwell in the days before your visit\n";
    let r = render_for_reading(body);
    let of = |units: Vec<(&str, usize)>| crate::readability::analyze(&units).scores;
    // Glued into one block (as the figure check reads it), the list is one sentence of 70
    // words: grade 24.
    let glued = of(r
        .prose_blocks
        .iter()
        .map(|b| (b.text.as_str(), b.offset))
        .collect());
    assert_eq!(glued.sentences, 1);
    assert!(glued.grade > 20.0, "{glued:?}");
    // As units, each item is a sentence of its own (the heading-like parent is a fragment).
    let units = of(r
        .reading_units
        .iter()
        .map(|u| (u.text.as_str(), u.offset))
        .collect());
    assert_eq!(units.sentences, 6, "{units:?}");
    assert!(units.grade < 6.0, "{units:?}");
    let first = crate::readability::analyze(&[(
        "Eat a light meal two hours before you come to the clinic",
        0,
    )]);
    assert!(units.grade >= first.scores.grade - 3.0 && units.grade <= first.scores.grade + 3.0);
}

#[test]
fn an_email_autolink_becomes_a_mailto_link_not_a_missing_file() {
    let r = render_md("Write to <team@clinic.example.org> with questions.\n").unwrap();
    assert!(
        r.html
            .contains(r#"<a href="mailto:team@clinic.example.org">team@clinic.example.org</a>"#),
        "{}",
        r.html
    );
}
