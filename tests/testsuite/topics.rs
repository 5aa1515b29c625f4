//! Topic pages from the pages' `tags`: `/tags/` and `/tags/NAME/` in each language, with the
//! language's words, in the sitemap, linked from each page, replaceable by a site's theme.

use std::collections::BTreeMap;

use crate::common::*;

fn bundled_build() -> (TempSite, std::path::PathBuf) {
    let site = TempSite::empty();
    for part in ["content", "themes"] {
        copy_dir(&repo_root().join(part), &site.path().join(part));
    }
    std::fs::copy(repo_root().join("site.yaml"), site.path().join("site.yaml")).unwrap();
    site.build().assert_ok();
    let out = site.path().join("public");
    (site, out)
}

/// The folder name of a tag, as careleaf makes it (accents of Latin letters dropped).
fn slug(tag: &str) -> String {
    let folded: String = tag
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' | 'ü' => 'u',
            'ñ' => 'n',
            c => c,
        })
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Each tag (as its folder name) of the pages in `dir` (a language's folder of content/) and how many pages have it.
fn tags_in(dir: &std::path::Path) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".md") || name.starts_with('_') {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if let Some(line) = text.lines().find(|l| l.starts_with("tags:")) {
            let list = line["tags:".len()..].trim().trim_matches(['[', ']']);
            for tag in list.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                *counts.entry(slug(tag)).or_default() += 1;
            }
        }
    }
    counts
}

#[test]
fn every_tag_has_a_page_in_each_language_listed_with_its_count() {
    let (site, out) = bundled_build();
    for (content, tags_dir, lang, heading) in [
        ("content", "tags", "en", "<h1>Topics</h1>"),
        ("content/es", "es/temas", "es", "<h1>Temas</h1>"),
    ] {
        let expected = tags_in(&site.path().join(content));
        assert!(expected.len() > 5, "{content} has tags");
        let index = std::fs::read_to_string(out.join(tags_dir).join("index.html")).unwrap();
        assert!(index.contains(&format!("<html lang=\"{lang}\"")));
        assert!(index.contains(heading), "{index}");
        assert!(
            html_problems(&index).is_empty(),
            "{:?}",
            html_problems(&index)
        );
        for (tag, n) in &expected {
            let url = format!("/{tags_dir}/{tag}/");
            assert!(
                index.contains(&format!("href=\"{url}\"")),
                "{tag} listed in {tags_dir}"
            );
            let page = std::fs::read_to_string(out.join(tags_dir).join(tag).join("index.html"))
                .unwrap_or_else(|e| panic!("{tags_dir}/{tag}: {e}"));
            let list = page.split("class=\"topic-pages\">").nth(1).unwrap();
            let listed = list[..list.find("</ul>").unwrap()]
                .matches("<li><a href=")
                .count();
            assert_eq!(listed, *n, "{tags_dir}/{tag} lists its {n} pages");
            // "1 page … is", never "1 pages … are".
            let lead = page.split("<p class=\"lead\">").nth(1).unwrap();
            let lead = &lead[..lead.find("</p>").unwrap()];
            let (one, many) = match lang {
                "en" => (
                    "1 page on this site is about",
                    " pages on this site are about",
                ),
                _ => (
                    "1 página de este sitio habla de",
                    " páginas de este sitio hablan de",
                ),
            };
            match n {
                1 => assert!(lead.starts_with(one), "{tags_dir}/{tag}: {lead}"),
                n => assert!(
                    lead.starts_with(&format!("{n}{many}")),
                    "{tags_dir}/{tag}: {lead}"
                ),
            }
        }
    }
    // Spanish words on the Spanish pages.
    let tag = std::fs::read_to_string(out.join("es/temas/serie-inicial/index.html")).unwrap();
    assert!(
        tag.contains("<h1>Páginas sobre serie inicial</h1>") && tag.contains("Todos los temas"),
        "{tag}"
    );
    // Each article links to its topics; the sitemap has the topic pages.
    let article = std::fs::read_to_string(out.join("how-long-it-lasts/index.html")).unwrap();
    assert!(
        article.contains("Topics of this page") && article.contains("href=\"/tags/duration/\"")
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://www.example.com/tags/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://www.example.com/es/temas/duracion/</loc>"));
}

#[test]
fn a_site_theme_can_replace_the_topic_templates() {
    let site = TempSite::from_fixture("features");
    site.write(
        "templates/tags.html",
        "<!DOCTYPE html><html lang=\"en\"><head><title>All topics here</title></head><body><main>{% for topic in page.extra.topics %}<a href=\"{{ topic.url }}\">{{ topic.name }} ({{ topic.count }})</a>{% endfor %}</main></body></html>\n",
    );
    site.write(
        "content/guide/apple.md",
        "---\ntitle: Apple\ndescription: Same weight as Zebra.\nweight: 30\ntags: [Fruit, Red things]\n---\n\nA.\n",
    );
    site.build().assert_ok();
    let index = site.read("public/tags/index.html");
    assert!(index.contains("All topics here"), "{index}");
    assert!(
        index.contains("<a href=\"/patients/tags/red-things/\">Red things (1)</a>"),
        "{index}"
    );
    assert!(site.read("public/tags/fruit/index.html").contains("Apple"));

    // Two tags of one page with the same slug are one topic, and the page is listed once.
    site.write(
        "content/guide/pear.md",
        "---\ntitle: Pear\ndescription: A green fruit.\nweight: 40\ntags: [Fruit, fruit, Green]\n---\n\nP.\n",
    );
    site.build().assert_ok();
    let index = site.read("public/tags/index.html");
    assert!(
        index.contains("<a href=\"/patients/tags/fruit/\">Fruit (2)</a>"),
        "{index}"
    );
    let fruit = site.read("public/tags/fruit/index.html");
    assert_eq!(fruit.matches(">Pear<").count(), 1, "{fruit}");
    assert_eq!(fruit.matches(">Apple<").count(), 1, "{fruit}");
}

#[test]
fn a_topic_of_many_pages_is_listed_a_hundred_at_a_time_with_links_between_the_parts() {
    let site = TempSite::empty();
    site.write(
        "site.yaml",
        "title: Clinic\nbase_url: https://clinic.example\n",
    );
    for i in 1..=205 {
        site.write(
            &format!("content/guides/sleep-{i:03}.md"),
            format!(
                "---\ntitle: Sleep guide {i:03}\ndescription: About sleep, part {i}.\nweight: {i}\ntags: [Sleep]\n---\nRest well.\n"
            ),
        );
    }
    site.build().assert_ok();
    let out = site.path().join("public");
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    let first = read("tags/sleep/index.html");
    let second = read("tags/sleep/page/2/index.html");
    let third = read("tags/sleep/page/3/index.html");
    let listed = |html: &str| html.matches("href=\"/guides/sleep-").count();
    assert_eq!(
        (listed(&first), listed(&second), listed(&third)),
        (100, 100, 5)
    );
    assert!(first.contains("Sleep guide 001") && !first.contains("Sleep guide 101"));
    assert!(second.contains("Sleep guide 101") && third.contains("Sleep guide 205"));
    // Each part links to its neighbours, saying which part they are.
    assert!(
        first.contains("<a href=\"/tags/sleep/page/2/\" rel=\"next\"><span class=\"pager-label\">Next</span> <span class=\"pager-title\">Page 2 of 3</span></a>"),
        "{first}"
    );
    assert!(!first.contains("rel=\"prev\""));
    assert!(
        second.contains("<a href=\"/tags/sleep/\" rel=\"prev\">"),
        "{second}"
    );
    assert!(second.contains("<a href=\"/tags/sleep/page/3/\" rel=\"next\">"));
    assert!(!third.contains("rel=\"next\""));
    assert!(
        second.contains("<h1>Pages about Sleep: Page 2 of 3</h1>"),
        "{second}"
    );
    assert!(!out.join("tags/sleep/page/4").exists());
    let sitemap = read("sitemap.xml");
    for part in ["tags/sleep/", "tags/sleep/page/2/", "tags/sleep/page/3/"] {
        assert!(
            sitemap.contains(&format!("<loc>https://clinic.example/{part}</loc>")),
            "{part} in the sitemap"
        );
    }
}
