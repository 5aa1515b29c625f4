//! `careleaf build` on fixture sites and on the bundled site.

use crate::common::*;

#[test]
fn a_two_line_site_yaml_builds_with_pretty_urls() {
    let site = TempSite::from_fixture("minimal");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stdout.contains("Built 2 pages"),
        "summary line: {}",
        run.stdout
    );
    assert!(run.stdout.contains(" ms into "), "{}", run.stdout);
    let home = site.read("public/index.html");
    assert!(home.contains("<title>Welcome"), "{home}");
    assert!(
        home.contains("<a href=\"/sleep/\">about sleep</a>"),
        "{home}"
    );
    let sleep = site.read("public/sleep/index.html");
    assert!(sleep.contains("Sleep helps you recover."));
    assert!(sleep.contains("<h2 id=\"why-sleep-matters\">Why sleep matters</h2>"));
    assert!(site.path().join("public/404.html").is_file());
    assert!(site.path().join("public/robots.txt").is_file());
    // No base_url: no sitemap (its URLs must be absolute), and robots.txt does not point at one.
    assert!(!site.path().join("public/sitemap.xml").exists());
    assert!(!site.read("public/robots.txt").contains("Sitemap"));
}

#[test]
fn sections_list_children_by_weight_then_title() {
    let site = TempSite::from_fixture("features");
    site.build().assert_ok();
    let guide = site.read("public/guide/index.html");
    let pos = |s: &str| {
        guide
            .find(s)
            .unwrap_or_else(|| panic!("{s} missing from guide page"))
    };
    assert!(pos(">First step<") < pos(">Second step<"));
    assert!(pos(">Second step<") < pos(">Apple<"));
    assert!(pos(">Apple<") < pos(">Zebra<"));
    // Previous and next follow the same order.
    let second = site.read("public/guide/b-second/index.html");
    assert!(
        second.contains("<a href=\"/patients/guide/a-first/\" rel=\"prev\">"),
        "{second}"
    );
    assert!(
        second.contains("<a href=\"/patients/guide/apple/\" rel=\"next\">"),
        "{second}"
    );
    // The home page lists the section.
    let home = site.read("public/index.html");
    assert!(home.contains("/patients/guide/"), "{home}");
}

#[test]
fn base_url_sub_path_prefixes_every_url_and_feeds_the_sitemap() {
    let site = TempSite::from_fixture("features");
    site.build().assert_ok();
    let page = site.read("public/guide/b-second/index.html");
    assert!(
        page.contains("href=\"/patients/guide/a-first/#before-you-come\""),
        "{page}"
    );
    assert!(page.contains("href=\"/patients/\""), "link to home: {page}");
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://clinic.example/patients/guide/b-second/\""
    ));
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://clinic.example/patients/guide/b-second/</loc>"));
    assert!(sitemap.contains("<lastmod>2025-04-01</lastmod>"));
    assert!(!sitemap.contains("draft-page"));
    let robots = site.read("public/robots.txt");
    assert!(robots.contains("Sitemap: https://clinic.example/patients/sitemap.xml"));
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let site = TempSite::from_fixture("minimal");
    site.run(&["build", "--base-url", "https://override.example"])
        .assert_ok();
    assert!(
        site.read("public/sitemap.xml")
            .contains("<loc>https://override.example/sleep/</loc>")
    );
    let bad = site.run(&["build", "--base-url", "override.example"]);
    assert_eq!(bad.status, 1);
    // A flag has no file:line:column: the message names the flag.
    assert!(
        bad.stderr.starts_with(
            "error: --base-url: base_url `override.example` must start with https:// or http://\n"
        ),
        "{}",
        bad.stderr
    );
    assert!(
        bad.stderr
            .contains("= help: pass the full address, e.g. --base-url https://www.myclinic.com"),
        "{}",
        bad.stderr
    );
}

#[test]
fn markdown_features_render() {
    let site = TempSite::from_fixture("features");
    site.build().assert_ok();
    let html = site.read("public/guide/a-first/index.html");
    // Heading ids, visible anchors, custom ids, table of contents.
    assert!(html.contains("<h2 id=\"before-you-come\">Before you come</h2><a class=\"heading-anchor\" href=\"#before-you-come\""));
    assert!(html.contains("<h2 id=\"effects\">Side effects</h2>"));
    assert!(html.contains("href=\"#what-to-bring\""), "toc lists the h3");
    // Tables, strikethrough, smart punctuation, callouts.
    assert!(html.contains("<div class=\"table-wrap\""));
    assert!(html.contains("<del>old</del>"));
    assert!(html.contains("It’s “smart” – isn’t it?"));
    assert!(html.contains("<div class=\"callout callout-warning\">"));
    // Footnotes: numbered in order of use, with a References list and back links.
    assert!(html.contains("<a href=\"#ref-1\" aria-label=\"Reference 1\">1</a>"));
    assert!(html.contains("id=\"cite-1-2\""), "second use of r1");
    assert!(html.contains("<h2 id=\"references\">References</h2>"));
    assert!(html.contains(
        "<li id=\"ref-2\"><p>Author B. Second reference. 2021. <a class=\"footnote-backref\""
    ));
    // External links are marked and do not leak the page to the other site.
    assert!(html.contains(
        "<a href=\"https://988lifeline.org\" rel=\"noopener noreferrer\" class=\"external\">988</a>"
    ));
    assert!(html.contains("<a href=\"http://example.org\" title=\"Example\" rel=\"noopener noreferrer\" class=\"external\">"));
    // Files beside the page are copied and links to them rewritten.
    // The picture beside the page is published as a <picture> whose fallback
    // lives in the same folder under the base path.
    assert!(
        html.contains("<img src=\"/patients/guide/chart-8."),
        "image src"
    );
    assert!(html.contains("href=\"/patients/guide/handout.pdf\""));
    assert!(site.path().join("public/guide/chart.png").is_file());
    assert!(site.path().join("public/guide/handout.pdf").is_file());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TempSite::from_fixture("features");
    site.build().assert_ok();
    assert!(!site.path().join("public/draft-page").exists());
    site.run(&["build", "--drafts"]).assert_ok();
    assert!(
        site.read("public/draft-page/index.html")
            .contains("Not ready.")
    );
}

#[test]
fn slugs_templates_data_files_and_overrides() {
    let site = TempSite::from_fixture("features");
    site.build().assert_ok();
    assert!(site.path().join("public/custom-slug/index.html").is_file());
    assert!(!site.path().join("public/slugged").exists());
    let team = site.read("public/team/index.html");
    // A site template, with the data file, escaped.
    assert!(
        team.contains("<li>Downtown &lt;Clinic&gt; — Springfield</li>"),
        "{team}"
    );
    assert!(team.contains("<p class=\"motto\">Care first</p>"));
    // The site's partial overrides the theme's, file by file; the theme's base is still used.
    let page = site.read("public/guide/a-first/index.html");
    assert!(page.contains("FIXTURE CTA Features Clinic"));
    assert!(page.contains("class=\"skip-link\""));
}

#[test]
fn editor_leftovers_and_hidden_files_are_skipped() {
    let site = TempSite::from_fixture("features");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.is_empty(),
        "no warnings expected: {}",
        run.stderr
    );
    let out = snapshot(&site.path().join("public"));
    for path in out.keys() {
        let p = path.to_string_lossy();
        assert!(
            !p.contains('~') && !p.contains(".swp") && !p.contains(".#") && !p.contains("hidden"),
            "{p}"
        );
    }
}

#[test]
fn static_assets_are_fingerprinted() {
    let site = TempSite::from_fixture("features");
    site.build().assert_ok();
    let names: Vec<String> = std::fs::read_dir(site.path().join("public"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let css = names
        .iter()
        .find(|n| n.starts_with("site.") && n.ends_with(".css"))
        .expect("fingerprinted stylesheet");
    assert_eq!(css.len(), "site.12345678.css".len(), "{css}");
    assert!(
        names.contains(&"favicon.ico".to_string()),
        "other static files keep their names"
    );
    let js: Vec<String> = std::fs::read_dir(site.path().join("public/js"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        js[0].starts_with("hello.")
            && js[0].ends_with(".js")
            && js[0].len() == "hello.12345678.js".len()
    );
    let home = site.read("public/index.html");
    assert!(
        home.contains(&format!("href=\"/patients/{css}\"")),
        "page links the fingerprinted CSS"
    );
}

#[test]
fn pages_are_safe_by_default() {
    let site = TempSite::from_fixture("features");
    site.write(
        "content/xss.md",
        "---\ntitle: \"</title><script>alert(1)</script>\"\ndescription: \"\\\" onmouseover=\\\"x\"\n---\n\nBody.\n",
    );
    site.build().assert_ok();
    let html = site.read("public/xss/index.html");
    assert!(
        !html.contains("<script>alert(1)</script>"),
        "title must be escaped"
    );
    assert!(html.contains("&lt;/title&gt;&lt;script&gt;"));
    assert!(!html.contains("\" onmouseover=\"x"));
    for file in html_files(&site.path().join("public")) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'"), "{}", file.display());
        assert!(!text.contains("<script src=\"http"), "{}", file.display());
        assert!(!text.contains("src=\"//"), "{}", file.display());
    }
}

#[test]
fn the_default_theme_is_embedded_in_the_binary() {
    let dir = TempSite::empty();
    let site = dir.path().join("new-site");
    let init = careleaf(&["init", site.to_str().unwrap()], dir.path());
    init.assert_ok();
    assert!(!site.join("themes").exists());
    let build = careleaf(&["build", "--root", site.to_str().unwrap()], dir.path());
    build.assert_ok();
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("class=\"skip-link\""));
    assert!(site.join("public/first-visit/index.html").is_file());
    // The output folder's own .gitignore survives builds.
    assert!(site.join("public/.gitignore").is_file());
    // ...and git ignores the previous tree that builds keep beside it.
    let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(
        ignore.lines().any(|l| l == "/.public.careleaf-*"),
        "{ignore}"
    );
    // init refuses to overwrite a site.
    let again = careleaf(&["init", site.to_str().unwrap()], dir.path());
    assert_eq!(again.status, 1);
    assert!(
        again.stderr.starts_with(&format!(
            "error: {} already has a site.yaml: careleaf will not overwrite a site\n",
            site.display()
        )),
        "{}",
        again.stderr
    );
}

#[test]
fn new_creates_a_page_that_builds() {
    let site = TempSite::from_fixture("minimal");
    site.run(&[
        "new",
        "treatment/boosters",
        "--title",
        "Boosters: when and why",
    ])
    .assert_ok();
    let text = site.read("content/treatment/boosters.md");
    assert!(
        text.starts_with("---\ntitle: 'Boosters: when and why'\n"),
        "{text}"
    );
    site.build().assert_ok();
    assert!(
        site.read("public/treatment/boosters/index.html")
            .contains("Boosters: when and why")
    );
    let again = site.run(&["new", "treatment/boosters.md", "--title", "X"]);
    assert_eq!(again.status, 1);
    assert!(
        again.stderr.starts_with(&format!(
            "error: {}/content/treatment/boosters.md already exists\n",
            site.path().display()
        )),
        "{}",
        again.stderr
    );
    let escape = site.run(&["new", "../outside.md", "--title", "X"]);
    assert_eq!(escape.status, 1);
    assert!(
        escape
            .stderr
            .starts_with("error: `../outside.md` is not a page path inside content/\n"),
        "{}",
        escape.stderr
    );
    assert!(
        escape.stderr.contains(
            "= help: give a path like `treatment/boosters.md` (inside the content folder, no `..`)"
        ),
        "{}",
        escape.stderr
    );
    assert!(!site.path().join("outside.md").exists());
}

#[test]
fn output_flag_and_refusal_to_replace_the_site_itself() {
    let site = TempSite::from_fixture("minimal");
    let out = site.path().join("elsewhere/out");
    site.run(&["build", "--output", out.to_str().unwrap()])
        .assert_ok();
    assert!(out.join("index.html").is_file());
    let root = site.path().to_str().unwrap().to_string();
    let refusal = |folder: &str| {
        format!(
            "error: refusing to use {folder} as the output folder: it holds the site's own files, and the build replaces the output folder as a whole\n"
        )
    };
    let refuse = site.run(&["build", "--output", &root]);
    assert_eq!(refuse.status, 1);
    assert!(
        refuse.stderr.starts_with(&refusal(&root)),
        "{}",
        refuse.stderr
    );
    assert!(site.path().join("content/_index.md").is_file());
    let content = site.path().join("content").to_str().unwrap().to_string();
    let refuse = site.run(&["build", "--output", &content]);
    assert_eq!(refuse.status, 1);
    assert!(
        refuse.stderr.starts_with(&refusal(&content)),
        "{}",
        refuse.stderr
    );
    assert!(site.path().join("content/_index.md").is_file());
}

#[test]
fn a_rebuild_replaces_the_output_and_removes_deleted_pages() {
    let site = TempSite::from_fixture("minimal");
    site.build().assert_ok();
    assert!(site.path().join("public/sleep/index.html").is_file());
    std::fs::remove_file(site.path().join("content/sleep.md")).unwrap();
    site.write(
        "content/_index.md",
        "---\ntitle: Welcome\ndescription: Start here.\n---\n\nNo links.\n",
    );
    site.build().assert_ok();
    assert!(!site.path().join("public/sleep").exists());
    let leftovers = staging_leftovers(site.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Pages removed, a page where a file was and a file where a section's folder was: a build
/// over the last one's output gives what a fresh build does, whether it changes the output in
/// place or writes a new tree over the spare one.
#[test]
fn a_rebuild_over_the_previous_tree_writes_exactly_what_a_fresh_build_writes() {
    for route in ["patched", "staged"] {
        let site = TempSite::from_fixture("minimal");
        site.write(
            "content/guide/_index.md",
            "---\ntitle: Guide\ndescription: A section.\n---\n\nPages.\n",
        );
        site.write(
            "content/guide/one.md",
            "---\ntitle: One\ndescription: First.\n---\n\nOne.\n",
        );
        site.write("content/notes", "notes as a file");
        // The third build is the first to write over a kept previous tree.
        site.build().assert_ok();
        site.build().assert_ok();
        std::fs::remove_file(site.path().join("content/sleep.md")).unwrap();
        std::fs::remove_dir_all(site.path().join("content/guide")).unwrap();
        std::fs::remove_file(site.path().join("content/notes")).unwrap();
        // A page where a file was, and a file where a folder was.
        site.write(
            "content/notes.md",
            "---\ntitle: Notes\ndescription: Now a page.\n---\n\nNotes.\n",
        );
        site.write("content/guide", "a file where a section folder was");
        site.write(
            "content/_index.md",
            "---\ntitle: Welcome\ndescription: Start here.\n---\n\nChanged text.\n",
        );
        if route == "staged" {
            forget_output_record(site.path());
        }
        let run = site.run(&["build", "--timings"]);
        run.assert_ok();
        assert_eq!(output_route(&run), route);
        if route == "staged" {
            assert!(site.path().join(".public.careleaf-spare").is_dir());
        }
        site.run(&["build", "--output", "fresh"]).assert_ok();
        let mut rebuilt = snapshot(&site.path().join("public"));
        rebuilt.remove(std::path::Path::new(".gitignore"));
        let fresh = snapshot(&site.path().join("fresh"));
        assert_eq!(
            rebuilt.keys().collect::<Vec<_>>(),
            fresh.keys().collect::<Vec<_>>(),
            "{route}"
        );
        assert!(
            rebuilt == fresh,
            "{route}: same paths, but some contents differ"
        );
        assert!(site.read("public/index.html").contains("Changed text."));
        let leftovers = staging_leftovers(site.path());
        assert!(leftovers.is_empty(), "{route}: {leftovers:?}");
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_content_are_not_followed() {
    let site = TempSite::from_fixture("minimal");
    let outside = TempSite::empty();
    outside.write(
        "secret.md",
        "---\ntitle: Secret\ndescription: Outside.\n---\n\nPrivate notes.\n",
    );
    outside.write(
        "notes/more.md",
        "---\ntitle: More\ndescription: Outside.\n---\n\nMore notes.\n",
    );
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        site.path().join("content/secret.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("notes"),
        site.path().join("content/notes"),
    )
    .unwrap();
    // A link that stays inside content/ is followed.
    std::os::unix::fs::symlink(
        site.path().join("content/sleep.md"),
        site.path().join("content/rest.md"),
    )
    .unwrap();
    let run = site.build();
    run.assert_ok();
    assert!(!site.path().join("public/secret").exists());
    assert!(!site.path().join("public/notes").exists());
    assert!(site.path().join("public/rest/index.html").is_file());
    assert!(
        run.stderr.contains("outside the content folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_clinic_call_to_action_comes_from_site_yaml() {
    let site = TempSite::from_fixture("minimal");
    site.write(
        "site.yaml",
        "title: T\nclinic:\n  name: Sunrise Clinic\n  phone: \"+1 (555) 555-0199\"\n  booking_url: https://sunrise.example/book\n  booking_label: Book a visit\n",
    );
    site.build().assert_ok();
    let page = site.read("public/sleep/index.html");
    assert!(page.contains("href=\"tel:+15555550199\""), "{page}");
    assert!(page.contains("https://sunrise.example/book"));
    assert!(page.contains("Book a visit"));
    assert!(page.contains("Sunrise Clinic"));
    // Without clinic details the page still tells patients where to turn.
    let bare = TempSite::from_fixture("minimal");
    bare.build().assert_ok();
    let page = bare.read("public/sleep/index.html");
    assert!(
        !page.contains("tel:+1555"),
        "no clinic phone link without a phone number"
    );
    assert!(page.to_lowercase().contains("care team"));
}

#[test]
fn crisis_notice_presets_and_custom_text() {
    let site = TempSite::from_fixture("minimal");
    site.write(
        "site.yaml",
        "title: T\ncrisis:\n  preset: uk\n  last_reviewed: 2026-11-01\n",
    );
    site.build().assert_ok();
    let page = site.read("public/sleep/index.html");
    assert!(
        page.contains("href=\"tel:999\"")
            && page.contains("href=\"tel:116123\"")
            && page.contains("NHS 111"),
        "{page}"
    );
    site.write("site.yaml", "title: T\ncrisis:\n  preset: custom\n  text: Ring the Lifeline.\n  actions:\n    - label: Call 13 11 14\n      href: tel:131114\n");
    site.build().assert_ok();
    let page = site.read("public/sleep/index.html");
    assert!(page.contains("Ring the Lifeline.") && page.contains("href=\"tel:131114\""));
    site.write("site.yaml", "title: T\ncrisis:\n  preset: off\n");
    site.build().assert_ok();
    assert!(
        !site
            .read("public/sleep/index.html")
            .contains("data-careleaf=\"crisis\"")
    );
    site.write("site.yaml", "title: T\ncrisis:\n  preset: custom\n");
    let run = site.build();
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("site.yaml:2:1"), "{}", run.stderr);
    assert!(run.stderr.contains("needs `text`"), "{}", run.stderr);
}

#[test]
fn timings_show_each_stage() {
    let site = TempSite::from_fixture("minimal");
    let run = site.run(&["build", "--timings"]);
    run.assert_ok();
    for stage in ["load:", "markdown:", "pages:", "finish:"] {
        assert!(
            run.stderr.contains(stage),
            "{stage} missing: {}",
            run.stderr
        );
    }
}
