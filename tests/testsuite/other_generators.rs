//! Sites written the way other generators write them: TOML (`+++`) and JSON front matter,
//! `.markdown` files, folders without `_index.md`, heading ids as GitHub and Hugo make them,
//! and every unknown key of a file reported in one run.

use crate::common::*;

#[test]
fn toml_json_and_markdown_files_build_with_folders_as_sections() {
    let site = TempSite::from_fixture("other-generators");
    site.build().assert_ok();
    let toml_page = site.read("public/heart-health/blood-pressure/index.html");
    assert!(toml_page.contains("<h1>Blood pressure</h1>"), "{toml_page}");
    // Heading ids as GitHub makes them, the second copy numbered from 1.
    assert!(toml_page.contains("id=\"what-the-numbers-mean\""));
    assert!(toml_page.contains("id=\"what-the-numbers-mean-1\""));
    // A `.markdown` page is a page, and links to it and into it resolve.
    assert!(
        toml_page.contains("href=\"/lung-health/asthma/inhalers/#using-a-spacer\""),
        "{toml_page}"
    );
    let json_page = site.read("public/heart-health/cholesterol/index.html");
    assert!(json_page.contains("href=\"/heart-health/blood-pressure/#what-the-numbers-mean-1\""));
    assert!(
        site.path()
            .join("public/lung-health/asthma/inhalers/index.html")
            .is_file()
    );
    assert!(
        !site
            .path()
            .join("public/lung-health/asthma/inhalers.markdown")
            .exists()
    );
    // Folders without `_index.md` are sections titled from their names, with their own page,
    // and the home page lists the sections rather than every page.
    let section = site.read("public/heart-health/index.html");
    assert!(section.contains("<h1>Heart health</h1>"), "{section}");
    let listed: Vec<&str> = [
        "/heart-health/blood-pressure/",
        "/heart-health/cholesterol/",
    ]
    .into_iter()
    .filter(|url| section.contains(&format!("href=\"{url}\"")))
    .collect();
    assert_eq!(listed.len(), 2, "{section}");
    assert!(
        site.read("public/lung-health/index.html")
            .contains("href=\"/lung-health/asthma/\"")
    );
    let home = site.read("public/index.html");
    assert!(home.contains("href=\"/heart-health/\""), "{home}");
    assert!(home.contains("href=\"/lung-health/\""));
    assert!(
        !home.contains("href=\"/heart-health/cholesterol/\""),
        "{home}"
    );
}

#[test]
fn every_unknown_key_of_a_page_is_reported_in_one_run() {
    let site = TempSite::from_fixture("other-generators");
    site.write(
        "content/heart-health/cholesterol.md",
        "---\ntitle: Cholesterol\nlayout: post\ndescription: Why cholesterol matters for the heart and how a blood test measures it.\nlastmod: 2024-01-01\ncategories: [heart]\npermalink: /cholesterol/\n---\nText.\n",
    );
    let run = site.build();
    assert_eq!(run.status, 1);
    let file = "content/heart-health/cholesterol.md";
    for (line, key, hint) in [
        (3, "layout", "careleaf calls this `template`"),
        (5, "lastmod", "careleaf calls this `updated`"),
        (6, "categories", "careleaf calls this `tags`"),
        (7, "permalink", "careleaf calls this `slug`"),
    ] {
        let place = format!("{file}:{line}:1");
        let at = run
            .stderr
            .find(&place)
            .unwrap_or_else(|| panic!("{place} in {}", run.stderr));
        let after = &run.stderr[at..];
        let next = after[1..].find("error:").map_or(after.len(), |i| i + 1);
        let block = &run.stderr[at.saturating_sub(80)..at + next];
        assert!(block.contains(&format!("unknown key `{key}`")), "{block}");
        assert!(block.contains(hint), "{block}");
    }
    assert!(
        run.stderr.contains("Build failed with 4 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn toml_errors_name_the_file_line_and_column() {
    let site = TempSite::from_fixture("other-generators");
    site.write(
        "content/heart-health/blood-pressure.md",
        "+++\ntitle = \"Blood pressure\"\ndescription = \"What the numbers mean.\"\nweight = \"first\"\n+++\nText.\n",
    );
    let run = site.build();
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("error: wrong kind of value: found string \"first\"\n --> ")
            && run
                .stderr
                .contains("content/heart-health/blood-pressure.md:4:10\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_section_lists_the_closest_ids_first() {
    let site = TempSite::from_fixture("other-generators");
    site.write(
        "content/heart-health/cholesterol.md",
        "---\ntitle: Cholesterol\ndescription: Why cholesterol matters for the heart and how a blood test measures it.\n---\nSee [the numbers](blood-pressure.md#what-the-number-means).\n",
    );
    let run = site.build();
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("content/heart-health/cholesterol.md:5:5"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: did you mean `#what-the-numbers-mean`? sections of that page, closest first: what-the-numbers-mean, what-the-numbers-mean-1"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_second_main_title_and_a_hand_written_table_of_contents_are_warnings_with_a_fix() {
    let site = TempSite::from_fixture("other-generators");
    site.write(
        "content/heart-health/cholesterol.md",
        "---\ntitle: Cholesterol\ndescription: Why cholesterol matters for the heart and how a blood test measures it.\n---\n# Cholesterol\n\n## Table of contents\n\n- [Tests](#tests)\n\n## Tests\n\nA blood test measures it.\n",
    );
    let run = site.build();
    run.assert_ok();
    let file = "content/heart-health/cholesterol.md";
    assert!(
        run.stderr.contains("warning[build-warning]: the heading `# Cholesterol` makes a second main title (the page's title is its `<h1>`)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("{file}:5:1")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("start sections with `##`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the heading `Table of contents` starts a hand-written table of contents"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("{file}:7:1")),
        "{}",
        run.stderr
    );
}
