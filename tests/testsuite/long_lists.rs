//! A section (or home page) listing more than a hundred pages is published in parts of a
//! hundred, `/guides/page/2/` and on: each part links to its neighbours, is in the sitemap
//! and is served by the preview; a title edit renders again only the part that lists it.

use crate::build_cache::{assert_same_as_clean, build, edit, rendered};
use crate::common::server::Server;
use crate::common::*;

/// A site whose `guides` section lists `n` guides, each weighted in order.
fn guides_site(n: usize) -> TempSite {
    let site = TempSite::empty();
    site.write(
        "site.yaml",
        "title: Clinic\nbase_url: https://clinic.example\n",
    );
    // A link to the list's second part, which only a list of more than 100 has.
    let intro = match n {
        0..=100 => "Start with the first guide.",
        _ => "Start with the [second page](/guides/page/2/) if you have read the first.",
    };
    site.write(
        "content/guides/_index.md",
        format!("---\ntitle: Guides\ndescription: Every guide we wrote.\n---\n\n{intro}\n"),
    );
    for i in 1..=n {
        site.write(
            &format!("content/guides/guide-{i:03}.md"),
            format!(
                "---\ntitle: Guide {i:03}\ndescription: About part {i}.\nweight: {i}\n---\nRest well.\n"
            ),
        );
    }
    site
}

/// How many guides a list page links to.
fn listed(html: &str) -> usize {
    html.matches("<h3><a href=\"/guides/guide-").count()
}

#[test]
fn a_section_of_many_pages_is_listed_a_hundred_at_a_time_with_links_between_the_parts() {
    let site = guides_site(205);
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stdout.contains("Built 209 pages"),
        "205 guides, the section in 3 parts, the home page:\n{}",
        run.stdout
    );
    let first = site.read("public/guides/index.html");
    let second = site.read("public/guides/page/2/index.html");
    let third = site.read("public/guides/page/3/index.html");
    assert_eq!(
        (listed(&first), listed(&second), listed(&third)),
        (100, 100, 5)
    );
    assert!(first.contains(">Guide 001<") && !first.contains(">Guide 101<"));
    assert!(second.contains(">Guide 101<") && third.contains(">Guide 205<"));
    assert!(
        first.contains("<a href=\"/guides/page/2/\" rel=\"next\"><span class=\"pager-label\">Next</span> <span class=\"pager-title\">Page 2 of 3</span></a>"),
        "{first}"
    );
    assert!(!first.contains("rel=\"prev\""));
    assert!(
        second.contains("<a href=\"/guides/\" rel=\"prev\">"),
        "{second}"
    );
    assert!(second.contains("<a href=\"/guides/page/3/\" rel=\"next\">"));
    assert!(!third.contains("rel=\"next\""));
    // A later part says which it is, sits below the first, and does not repeat its text.
    assert!(second.contains("<h1>Guides: Page 2 of 3</h1>"), "{second}");
    assert!(second.contains("<title>Guides: Page 2 of 3 | Clinic</title>"));
    assert!(
        second.contains("<li><a href=\"/guides/\">Guides</a></li>"),
        "the breadcrumbs lead back to the first part:\n{second}"
    );
    let lead = "<p class=\"lead\">Every guide we wrote.</p>";
    assert!(first.contains(lead) && first.contains("Start with the"));
    assert!(!second.contains(lead) && !second.contains("Start with the"));
    assert!(
        second.contains("<link rel=\"canonical\" href=\"https://clinic.example/guides/page/2/\">"),
        "each part is its own page to search engines:\n{second}"
    );
    assert!(!site.path().join("public/guides/page/4").exists());
    let sitemap = site.read("public/sitemap.xml");
    for part in ["guides/", "guides/page/2/", "guides/page/3/"] {
        assert!(
            sitemap.contains(&format!("<loc>https://clinic.example/{part}</loc>")),
            "{part} in the sitemap:\n{sitemap}"
        );
    }
    for html in [&first, &second, &third] {
        assert_eq!(html_problems(html), Vec::<String>::new());
    }
    // The section's link to its own second part is a link to a page careleaf publishes.
    let check = site.run(&["check"]);
    assert!(
        !check.stdout.contains("page/2") && !check.stderr.contains("page/2"),
        "{}{}",
        check.stdout,
        check.stderr
    );
}

#[test]
fn a_short_list_has_one_part_and_no_pager() {
    let site = guides_site(100);
    site.build().assert_ok();
    let only = site.read("public/guides/index.html");
    // Linking to a second part it does not have is a broken link.
    site.write(
        "content/guides/_index.md",
        "---\ntitle: Guides\ndescription: Our guides.\n---\n\nSee [page 2](/guides/page/2/).\n",
    );
    let run = site.build();
    assert_ne!(run.status, 0);
    assert!(
        run.stderr
            .contains("the link `/guides/page/2/` points to an address this site does not publish"),
        "{}",
        run.stderr
    );
    assert_eq!(listed(&only), 100);
    assert!(!only.contains("class=\"pager\""), "{only}");
    assert!(!site.path().join("public/guides/page").exists());
}

#[test]
fn a_title_edit_renders_again_only_the_part_of_the_list_that_shows_it() {
    let site = guides_site(250);
    build(&site);
    edit(&site, "content/guides/guide-150.md", |t| {
        t.replacen("title: Guide 150", "title: Sleeping after a visit", 1)
    });
    let run = build(&site);
    assert_eq!(
        rendered(&run),
        Some(4),
        "the guide, the two guides whose pagers name it, and the second part of the list:\n{}",
        run.stdout
    );
    assert!(
        site.read("public/guides/page/2/index.html")
            .contains(">Sleeping after a visit<")
    );
    assert_same_as_clean(&site, "a title edit on the second part of a list");

    // Fewer guides: the third part goes, and the second ends the list.
    for i in 201..=250 {
        std::fs::remove_file(site.path().join(format!("content/guides/guide-{i:03}.md"))).unwrap();
    }
    build(&site);
    assert!(!site.path().join("public/guides/page/3").exists());
    assert!(
        !site
            .read("public/guides/page/2/index.html")
            .contains("rel=\"next\"")
    );
    assert_same_as_clean(&site, "pages removed from a long list");
}

#[test]
fn the_preview_serves_every_part_and_updates_the_one_an_edit_changes() {
    let site = guides_site(150);
    let server = Server::start(site.path(), &[]);
    let second = server.get("/guides/page/2/");
    assert_eq!(second.status, 200);
    assert_eq!(listed(&second.body), 50, "{}", second.body);
    site.write(
        "content/guides/guide-120.md",
        "---\ntitle: Eating well after a visit\ndescription: About part 120.\nweight: 120\n---\nRest well.\n",
    );
    let second = server.wait_for_body("/guides/page/2/", ">Eating well after a visit<");
    assert!(
        second.body.contains(">Eating well after a visit<"),
        "{}",
        second.body
    );
}

#[test]
fn a_home_page_of_many_pages_continues_at_the_root_in_the_sites_words() {
    // A site imported flat: every page at the top, and no home page of its own.
    let site = TempSite::empty();
    site.write(
        "site.yaml",
        "title: Clínica Sol\nlanguage: es\nbase_url: https://sol.example\n",
    );
    for i in 1..=130 {
        site.write(
            &format!("content/guia-{i:03}.md"),
            format!("---\ntitle: Guía {i:03}\ndescription: Sobre la parte {i}.\nweight: {i}\n---\nDescanse.\n"),
        );
    }
    site.build().assert_ok();
    let second = site.read("public/page/2/index.html");
    assert_eq!(
        second.matches("<h3><a href=\"/guia-").count(),
        30,
        "{second}"
    );
    assert!(
        second.contains("<h1 id=\"site-part-title\">Clínica Sol: Página 2 de 2</h1>"),
        "the home page careleaf makes goes by the site's title:\n{second}"
    );
    assert!(
        second.contains("<li><a href=\"/\">Clínica Sol</a></li>"),
        "{second}"
    );
    assert!(second.contains("<a href=\"/\" rel=\"prev\">"), "{second}");
    assert!(
        !second.contains("class=\"hero\""),
        "the welcome is on the first part only"
    );
    // A menu of 130 pages is no menu: the home page and the first seven, by weight.
    let all = crate::common::dom::elements(&second);
    let menu: Vec<&str> = crate::common::dom::inside(&all, |e| e.has_class("site-nav-row"))
        .into_iter()
        .filter(|e| e.name == "a")
        .map(|e| e.all_text.as_str())
        .collect();
    assert_eq!(
        menu,
        [
            "Inicio",
            "Guía 001",
            "Guía 002",
            "Guía 003",
            "Guía 004",
            "Guía 005",
            "Guía 006",
            "Guía 007"
        ]
    );
    // `check` says so, and how to choose the menu.
    let check = site.run(&["check"]);
    let said = format!("{}{}", check.stdout, check.stderr);
    assert!(
        said.contains("site.yaml:1:1: warning [menu-long] the menu shows the first 7 of the 130 pages at the top of the site")
            && said.contains("under `navigation:` in site.yaml"),
        "{said}"
    );
    let first = site.read("public/index.html");
    assert!(
        first.contains("class=\"hero\"") && first.contains("<a href=\"/page/2/\" rel=\"next\">")
    );
}

#[test]
fn a_page_at_the_address_of_a_later_part_is_refused_with_where_and_how_to_fix_it() {
    let site = guides_site(150);
    site.write(
        "content/guides/page/2.md",
        "---\ntitle: Extra\ndescription: One more.\n---\nMore.\n",
    );
    let run = site.build();
    assert_ne!(run.status, 0);
    assert!(
        run.stderr
            .contains("error: this page would be published at /guides/page/2/, where the list of ")
            && run
                .stderr
                .contains("content/guides/_index.md goes on (part 2 of the pages it lists)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guides/page/2.md:2:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("give this page another `slug:`"));
}
