//! Raw HTML in pages is read as a browser reads it: anchors however quoted, and every way an
//! element can load from another host, at the line and column of the address itself.

use crate::common::*;

fn site_with(body: &str) -> TempSite {
    let site = TempSite::empty();
    site.write("site.yaml", "title: Clinic\n");
    site.write(
        "content/_index.md",
        "---\ntitle: Home\ndescription: Home.\n---\n\n[p](page.md)\n",
    );
    site.write(
        "content/page.md",
        format!("---\ntitle: Page\ndescription: A page.\n---\n\n{body}"),
    );
    site
}

#[test]
fn anchors_written_in_raw_html_are_link_targets_however_quoted() {
    let site = site_with(
        "<p id='dose'>The dose.</p>\n\n<a name=old-place></a>\n\n[dose](#dose) and [old](#old-place).\n",
    );
    site.build().assert_ok();
    let missing = site_with("<p id='dose'>The dose.</p>\n\n[nothing](#nothing)\n");
    let run = missing.build();
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("error: the link `#nothing` points to a section that does not exist\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "--> {}/content/page.md:8:1\n",
            missing.path().display()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn every_way_of_loading_from_another_host_fails_the_build_at_the_address() {
    // (body after the front matter, which starts on line 6; expected line:column; host)
    let cases = [
        (
            "<img alt=\"\" srcset=\"/a.png 1x, https://tracker.example/p.gif 2x\">\n",
            "6:32",
            "tracker.example",
        ),
        (
            "<video poster=\"https://cdn.example/p.jpg\" controls></video>\n",
            "6:16",
            "cdn.example",
        ),
        (
            "<iframe\n  title=\"A video\"\n  src=\"https://video.example/embed/1\">\n</iframe>\n",
            "8:8",
            "video.example",
        ),
        (
            "<p>\n<img\talt=\"\"\tsrc=\"https://pixel.example/p.gif\">\n</p>\n",
            "7:18",
            "pixel.example",
        ),
        (
            "<div style=\"background: url('https://bg.example/b.png')\">x</div>\n",
            "6:30",
            "bg.example",
        ),
        (
            "Text <img alt=\"\" src=\"https://inline.example/i.png\"> more.\n",
            "6:23",
            "inline.example",
        ),
        (
            "> <img alt=\"\"\n> src=\"https://quoted.example/q.png\">\n",
            "7:8",
            "quoted.example",
        ),
    ];
    for (body, place, host) in cases {
        let run = site_with(body).build();
        assert_eq!(run.status, 1, "{body}");
        let expected = format!("content/page.md:{place}");
        assert!(
            run.stderr.contains(&expected)
                && run
                    .stderr
                    .contains(&format!("from another website ({host})")),
            "{body}\nexpected {expected} ({host}) in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_listed_host_may_be_loaded_and_an_image_needs_its_alt_attribute() {
    let site = site_with(
        "<iframe title=\"v\"\n src=\"https://www.youtube-nocookie.com/embed/x\"></iframe>\n",
    );
    site.write(
        "site.yaml",
        "title: Clinic\nallowed_hosts: [youtube-nocookie.com]\n",
    );
    site.build().assert_ok();
    let run =
        site_with("<p>The word alt= is not an attribute.</p>\n\n<img src=\"chart.png\">\n").build();
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("content/page.md:8:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("this image has no alt text"),
        "{}",
        run.stderr
    );
}

#[test]
fn raw_links_to_pages_are_resolved_and_checked_like_markdown_links() {
    let site = site_with(
        "<p>See <a href=\"other.md\">the other page</a>.</p>\n\n<div>\n<a class=\"card\"\n   href='other.md#part'>Part</a>\n</div>\n",
    );
    site.write(
        "content/other.md",
        "---\ntitle: Other\ndescription: Other page.\n---\n\n## Part {#part}\n\nText.\n",
    );
    site.build().assert_ok();
    let html = site.read("public/page/index.html");
    let hrefs: Vec<String> = crate::common::dom::elements(&html)
        .iter()
        .filter(|e| e.name == "a" && e.all_text.starts_with(['t', 'P']))
        .filter_map(|e| e.attr("href").map(str::to_string))
        .collect();
    assert!(hrefs.contains(&"/other/".to_string()), "{hrefs:?}");
    assert!(hrefs.contains(&"/other/#part".to_string()), "{hrefs:?}");

    let other = "---\ntitle: Other\ndescription: Other page.\n---\n\nText.\n";
    let broken = site_with("<div>\n<a href=\"gone.md\">Gone</a>\n</div>\n");
    broken.write("content/other.md", other);
    let run = broken.build();
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("content/page.md:7:10"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("`gone.md` points to a page that does not exist"),
        "{}",
        run.stderr
    );
    let no_section = site_with("<p><a href=\"other.md#nowhere\">x</a></p>\n");
    no_section.write("content/other.md", other);
    let run = no_section.build();
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("the link `other.md#nowhere` points to a section that does not exist"),
        "{}",
        run.stderr
    );
    // At the address inside the href (line 6, column 13), not at the tag.
    assert!(
        run.stderr.contains(&format!(
            "--> {}/content/page.md:6:13\n",
            no_section.path().display()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn links_written_as_site_addresses_must_lead_to_something_the_site_publishes() {
    // Line 6 is the first line of the body.
    let body = "Fine: [home](/), [page](/page/), <a href=\"/page\">bare</a>, [search](/search/).\n\n\
                [gone](/pgae/) and\n<a class=\"x\"\n   href=\"/no-such-page/\">raw</a>\n\n\
                ![chart](/img/none.png)\n";
    let site = site_with(body);
    let run = site.build();
    assert_eq!(run.status, 1, "{}", run.stderr);
    let root = site.path().display().to_string();
    let expected = [
        ("/pgae/", "8:1", "did you mean /page/?"),
        (
            "/no-such-page/",
            "10:10",
            "link to the page's Markdown file",
        ),
        ("/img/none.png", "12:1", "link to the page's Markdown file"),
    ];
    for (address, at, hint) in expected {
        let message = format!(
            "error: the link `{address}` points to an address this site does not publish\n"
        );
        let block = run
            .stderr
            .split("error: ")
            .find(|b| b.starts_with(&message["error: ".len()..]))
            .unwrap_or_else(|| panic!("no error for {address}:\n{}", run.stderr));
        assert!(
            block.contains(&format!("--> {root}/content/page.md:{at}\n")),
            "{address} at {at}:\n{block}"
        );
        assert!(block.contains(hint), "{address}: {hint}\n{block}");
    }
    assert_eq!(
        run.stderr.matches("does not publish").count(),
        3,
        "{}",
        run.stderr
    );
    site.write("content/page.md", "---\ntitle: Page\ndescription: A page.\n---\n\nFine: [home](/), [page](/page/#top), <a href=\"/page/\">raw</a>, [file](/robots.txt).\n");
    site.build().assert_ok();
}
