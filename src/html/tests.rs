use super::*;

fn hosts(html: &str) -> Vec<(String, String)> {
    external_loads(html)
        .into_iter()
        .map(|(load, host)| (format!("{} {}", load.tag, load.attribute), host))
        .collect()
}

#[test]
fn ids_come_from_every_id_and_anchor_name_however_quoted() {
    let html = "<p id='dose'>x</p><h2 ID=plain>y</h2><a name=\"old\"></a><div id=\"a&amp;b\"></div><span data-id=\"no\"></span>";
    assert_eq!(ids(html), ["dose", "plain", "old", "a&b"]);
}

#[test]
fn every_attribute_that_loads_is_found_however_it_is_written() {
    let cases = [
        (
            "<img srcset=\"/a.png 1x, https://tracker.example/p.gif 2x\" alt=\"\">",
            "img srcset",
        ),
        (
            "<video poster=https://cdn.example/p.jpg></video>",
            "video poster",
        ),
        (
            "<iframe\n  width=\"560\"\n  src=\"https://video.example/embed/1\">\n</iframe>",
            "iframe src",
        ),
        (
            "<img\tsrc=\"https://pixel.example/p.gif\" alt=\"\">",
            "img src",
        ),
        ("<IMG SRC='HTTPS://Pixel.Example/p.gif' alt=''>", "img src"),
        (
            "<div style=\"background: url('https://cdn.example/bg.png')\"></div>",
            "div style",
        ),
        (
            "<style>@import \"https://fonts.example/f.css\";</style>",
            "style text",
        ),
        (
            "<style>p { background: URL( //cdn.example/x.png ) }</style>",
            "style text",
        ),
        (
            "<link rel=\"stylesheet\" href=\"https://fonts.example/x.css\">",
            "link href",
        ),
        (
            "<link rel=\"icon preload\" href=\"https://cdn.example/i.png\">",
            "link href",
        ),
        (
            "<object data=\"https://flash.example/x.swf\"></object>",
            "object data",
        ),
        ("<embed src=\"https://flash.example/x.swf\">", "embed src"),
        (
            "<meta http-equiv=\"refresh\" content=\"0; url=https://ads.example/\">",
            "meta content",
        ),
        (
            "<form action=\"https://collect.example/form\"></form>",
            "form action",
        ),
        (
            "<a href=\"/x/\" ping=\"https://track.example/p\">x</a>",
            "a ping",
        ),
        (
            "<svg><image href=\"https://cdn.example/i.png\"/></svg>",
            "image href",
        ),
        (
            "<source srcset=\"https://cdn.example/v.webp\" type=\"image/webp\">",
            "source srcset",
        ),
    ];
    for (html, expected) in cases {
        let found = hosts(html);
        assert_eq!(found.len(), 1, "{html}: {found:?}");
        assert_eq!(found[0].0, expected, "{html}");
    }
}

#[test]
fn the_site_s_own_files_links_and_navigation_relations_are_not_loads() {
    let html = "<img src=\"chart.png\" alt=\"\"><img src=\"/a/b.png\" alt=\"\"><link rel=\"canonical\" href=\"https://www.clinic.example/\"><link rel=\"alternate\" hreflang=\"es\" href=\"https://www.clinic.example/es/\"><a href=\"https://988lifeline.org\">988</a><script>var u = \"<img src=https://x.example/>\";</script><!-- <img src=\"https://y.example/\"> --><textarea><img src=\"https://z.example/\"></textarea>";
    assert_eq!(hosts(html), Vec::<(String, String)>::new());
}

#[test]
fn a_load_points_at_its_url_even_over_several_lines() {
    let html =
        "<p>Intro</p>\n<iframe\n  title=\"v\"\n  src=\"https://video.example/e\">\n</iframe>";
    let found = external_loads(html);
    assert_eq!(
        found[0].0.offset,
        html.find("https://video.example").unwrap()
    );
    assert_eq!(found[0].1, "video.example");
}

#[test]
fn hosts_are_read_as_a_browser_reads_them() {
    for (url, host) in [
        ("https://a.example/x", Some("a.example")),
        ("//b.example", Some("b.example")),
        ("HTTP://C.Example:8080/x", Some("c.example")),
        ("https://user:pw@d.example/", Some("d.example")),
        ("https:/e.example/x", Some("e.example")),
        ("/local.png", None),
        ("chart.png", None),
        ("data:image/png;base64,xx", None),
    ] {
        assert_eq!(external_host(url).as_deref(), host, "{url}");
    }
    assert!(host_allowed(
        &["youtube-nocookie.com".into()],
        "www.youtube-nocookie.com"
    ));
    assert!(!host_allowed(
        &["youtube-nocookie.com".into()],
        "evilyoutube-nocookie.com"
    ));
}

#[test]
fn images_without_alt_are_found_by_element_not_by_text() {
    let html = "<img src=\"a.png\" alt=\"A chart\"><img src=\"b.png\"><p>the word alt= in text</p><img src=\"c.png\" ALT=\"\">";
    assert_eq!(
        images_without_alt(html),
        [html.find("<img src=\"b.png\"").unwrap()]
    );
}

#[test]
fn json_in_scripts_cannot_close_the_element() {
    let json = script_safe_json(&serde_json::json!({"name": "</script><b>&"}));
    assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).unwrap()["name"],
        "</script><b>&"
    );
}
