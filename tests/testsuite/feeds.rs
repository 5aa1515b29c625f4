//! Atom feeds of sections with `feed: true`, checked against the rules of Atom 1.0 (RFC 4287)
//! that readers rely on: the required elements, RFC 3339 dates, absolute and unique ids and
//! links, a self link to where the feed is, and one feed per language.

use crate::common::*;

/// The text of the one child element `name` of `node` (Atom's namespace).
fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children().find(|c| c.has_tag_name((ATOM, name)))
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
    child(node, name)
        .and_then(|c| c.text())
        .unwrap_or_else(|| panic!("<{name}> missing in <{}>", node.tag_name().name()))
}

fn assert_rfc3339(value: &str) {
    assert!(
        value.parse::<jiff::Timestamp>().is_ok(),
        "not an RFC 3339 date-time: {value}"
    );
}

fn assert_absolute(value: &str) -> url::Url {
    let url = url::Url::parse(value).unwrap_or_else(|e| panic!("{value}: {e}"));
    assert_eq!(url.scheme(), "https", "{value}");
    url
}

/// Checks one feed and returns its entries' titles, in order.
fn check_feed(xml: &str, where_it_is: &str, language: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML: {e}\n{xml}"));
    let feed = doc.root_element();
    assert!(
        feed.has_tag_name((ATOM, "feed")),
        "the root is an Atom <feed>"
    );
    assert_eq!(
        feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some(language)
    );
    assert!(!text(feed, "title").is_empty());
    assert_absolute(text(feed, "id"));
    assert_rfc3339(text(feed, "updated"));
    assert!(
        !text(child(feed, "author").unwrap(), "name").is_empty(),
        "the feed has an author, so entries need none"
    );
    let links: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "link")))
        .collect();
    let self_link = links
        .iter()
        .find(|l| l.attribute("rel") == Some("self"))
        .expect("a self link");
    assert_eq!(self_link.attribute("href"), Some(where_it_is));
    assert!(
        links
            .iter()
            .any(|l| l.attribute("rel") == Some("alternate"))
    );
    let mut ids = std::collections::HashSet::new();
    let mut titles = Vec::new();
    let mut last_updated: Option<jiff::Timestamp> = None;
    for entry in feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))) {
        titles.push(text(entry, "title").to_string());
        let id = text(entry, "id");
        assert_absolute(id);
        assert!(ids.insert(id.to_string()), "ids are unique: {id}");
        let updated = text(entry, "updated");
        assert_rfc3339(updated);
        let updated: jiff::Timestamp = updated.parse().unwrap();
        assert!(last_updated.is_none_or(|l| l >= updated), "newest first");
        last_updated = Some(updated);
        if let Some(published) = child(entry, "published").and_then(|p| p.text()) {
            assert_rfc3339(published);
        }
        let link = entry
            .children()
            .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("alternate"))
            .expect("each entry links to its page");
        assert_absolute(link.attribute("href").unwrap());
        assert!(!text(entry, "summary").is_empty());
    }
    titles
}

#[test]
fn a_section_with_feed_true_publishes_a_valid_atom_feed_per_language() {
    let site = TempSite::from_fixture("feeds");
    site.build().assert_ok();
    let out = site.path().join("public");
    let en = std::fs::read_to_string(out.join("news/atom.xml")).unwrap();
    let titles = check_feed(&en, "https://clinic.example/patients/news/atom.xml", "en");
    assert_eq!(titles, ["New evening hours", "Flu shots are here"]);
    assert!(
        en.contains("<name>Riverside Clinic &amp; Partners</name>"),
        "{en}"
    );
    assert!(
        en.contains("<updated>2026-11-25T00:00:00Z</updated>"),
        "the newest change"
    );
    let es = std::fs::read_to_string(out.join("es/news/atom.xml")).unwrap();
    let titles = check_feed(
        &es,
        "https://clinic.example/patients/es/news/atom.xml",
        "es",
    );
    assert_eq!(titles, ["Nuevo horario de tarde"]);
    // The section and its pages point feed readers at it; other pages do not.
    for (page, feed) in [
        ("news/index.html", "/patients/news/atom.xml"),
        ("news/new-hours/index.html", "/patients/news/atom.xml"),
        ("es/news/index.html", "/patients/es/news/atom.xml"),
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(
            html.contains("type=\"application/atom+xml\" title=\"")
                && html.contains(&format!("href=\"{feed}\"")),
            "{page}"
        );
    }
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("application/atom+xml"));
}

#[test]
fn a_feed_needs_the_site_address_and_dated_pages() {
    let site = TempSite::from_fixture("feeds");
    let yaml = site
        .read("site.yaml")
        .replace("base_url: https://clinic.example/patients\n", "");
    site.write("site.yaml", yaml);
    site.write(
        "content/news/undated.md",
        "---\ntitle: Parking is free\ndescription: Parking at the clinic is now free for every patient and visitor.\n---\n\nFree parking.\n",
    );
    let run = site.build();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/news/_index.md:4:7"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("a feed needs the site's address, and `base_url` is empty"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("set `base_url` in site.yaml"),
        "{}",
        run.stderr
    );
    site.write(
        "site.yaml",
        site.read("site.yaml").replace(
            "title: Riverside Clinic\n",
            "title: Riverside Clinic\nbase_url: https://clinic.example\n",
        ),
    );
    let run = site.build();
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("content/news/undated.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("this page is in a feed but has no `date`"),
        "{}",
        run.stderr
    );
    assert!(
        !site.path().join("public").exists(),
        "a failed build writes nothing"
    );
}
