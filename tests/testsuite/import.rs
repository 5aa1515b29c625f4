//! `careleaf import`: other generators' sources (tests/fixtures/import/) turned into careleaf
//! pages that build, with old addresses kept as redirects and every link resolved.

use std::path::Path;

use crate::common::*;

const FIXTURES: &[&str] = &["hugo-toml", "hugo-yaml", "zola", "jekyll", "plain"];

/// `careleaf import SOURCE --into SITE`, run in SITE.
fn import(source: &Path, site: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "import",
        source.to_str().unwrap(),
        "--into",
        site.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    careleaf(&args, site)
}

/// A fixture imported into a new empty site.
fn imported(name: &str) -> (TempSite, Run) {
    let site = TempSite::empty();
    let run = import(&fixture(&format!("import/{name}")), site.path(), &[]);
    run.assert_ok();
    (site, run)
}

/// Where a site address is written in `public/`.
fn published(public: &Path, href: &str) -> std::path::PathBuf {
    let path = href
        .split(['#', '?'])
        .next()
        .unwrap()
        .trim_start_matches('/');
    let bytes = path.as_bytes();
    let mut decoded = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = path
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                decoded.push(b);
                i += 3;
            }
            (b, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    let path = String::from_utf8(decoded).unwrap();
    if path.is_empty() || path.ends_with('/') {
        public.join(path).join("index.html")
    } else {
        public.join(path)
    }
}

#[test]
fn every_fixture_imports_then_builds_with_every_link_reaching_a_file() {
    for name in FIXTURES {
        let source = fixture(&format!("import/{name}"));
        let before = snapshot(&source);
        let (site, run) = imported(name);
        assert_eq!(snapshot(&source), before, "{name}: the source was changed");
        assert!(run.stdout.contains("imported "), "{name}: {}", run.stdout);
        assert!(site.path().join("site.yaml").is_file(), "{name}");
        site.build().assert_ok();
        let public = site.path().join("public");
        let mut checked = 0;
        for file in html_files(&public) {
            let html = std::fs::read_to_string(&file).unwrap();
            for el in dom::elements(&html) {
                let target = match el.name.as_str() {
                    "a" => el.attr("href"),
                    "img" => el.attr("src"),
                    _ => None,
                };
                let Some(target) = target.filter(|t| t.starts_with('/') && !t.starts_with("//"))
                else {
                    continue;
                };
                checked += 1;
                assert!(
                    published(&public, target).is_file(),
                    "{name}: {} links to {target}, which the build did not write",
                    file.display()
                );
            }
        }
        assert!(checked > 10, "{name}: only {checked} links were checked");
    }
}

#[test]
fn old_addresses_are_answered_by_redirect_pages() {
    let cases = [
        (
            "hugo-toml",
            "old/asthma-guide/index.html",
            "/conditions/asthma-guide/",
        ),
        ("hugo-toml", "asthma.html", "/conditions/asthma-guide/"),
        ("zola", "food/index.html", "/allergies/food/"),
        (
            "jekyll",
            "conseils/2024/01/15/pollen-et-asthme.html",
            "/posts/pollen-et-asthme/",
        ),
        ("jekyll", "maladies/asthme/index.html", "/asthme/"),
        ("jekyll", "bronchite.html", "/bronchite/"),
    ];
    for name in ["hugo-toml", "zola", "jekyll"] {
        let (site, _) = imported(name);
        site.build().assert_ok();
        for (_, old, new) in cases.iter().filter(|c| c.0 == name) {
            let path = site.path().join("public").join(old);
            let html = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{name}: no redirect at /{old}: {e}"));
            let canonical = dom::elements(&html)
                .into_iter()
                .find(|e| e.name == "link" && e.attr("rel") == Some("canonical"))
                .and_then(|e| e.attr("href").map(str::to_string));
            assert_eq!(canonical.as_deref(), Some(*new), "{name}: /{old}");
        }
    }
}

#[test]
fn front_matter_is_mapped_to_careleaf_keys() {
    let (site, run) = imported("hugo-toml");
    let asthma = site.read("content/conditions/asthma.md");
    for line in [
        "date: 2024-03-05\n",
        "updated: 2024-04-01\n",
        "weight: 2\n",
        "slug: asthma-guide\n",
        "tags:\n  - conditions\n  - lungs\n",
        "aliases:\n  - /old/asthma-guide/\n  - /asthma.html\n",
        "extra:\n  author: Lung team\n",
    ] {
        assert!(asthma.contains(line), "{line:?} missing in:\n{asthma}");
    }
    assert!(!asthma.contains("layout"), "{asthma}");
    assert!(
        run.stdout
            .contains("content/conditions/asthma.md:10: `layout: article` was left out"),
        "{}",
        run.stdout
    );
    let copd = site.read("content/conditions/copd/index.md");
    assert!(copd.contains("description: 'Chronic obstructive pulmonary disease (COPD): a long-term lung condition.'"), "{copd}");

    let (jekyll, _) = imported("jekyll");
    let post = jekyll.read("content/posts/pollen-et-asthme.md");
    assert!(post.contains("date: 2024-01-15\n"), "{post}");
    assert!(post.contains("tags:\n  - conseils\n"), "{post}");
    let yaml = jekyll.read("site.yaml");
    assert!(
        yaml.contains("title: Santé respiratoire\n") && yaml.contains("language: fr\n"),
        "{yaml}"
    );
    let home = jekyll.read("content/_index.md");
    assert!(home.starts_with("---\ntitle: Accueil\n"), "{home}");
    assert!(!jekyll.path().join("content/first-visit.md").exists());
}

#[test]
fn a_first_heading_becomes_the_title_and_leaves_the_body() {
    let (site, _) = imported("plain");
    let page = site.read("content/eating-well.md");
    assert!(page.starts_with("---\ntitle: Eating well\n"), "{page}");
    assert!(!page.contains("# Eating well"), "{page}");
    let exercise = site.read("content/exercise.md");
    assert!(
        exercise.starts_with("---\ntitle: Exercise\n") && !exercise.contains("====="),
        "{exercise}"
    );
    site.build().assert_ok();
    let html = site.read("public/eating-well/index.html");
    let h1s: Vec<_> = dom::elements(&html)
        .into_iter()
        .filter(|e| e.name == "h1")
        .collect();
    assert_eq!(h1s.len(), 1);
    assert_eq!(h1s[0].all_text.trim(), "Eating well");
    // The folder's README is its home page.
    assert!(
        site.read("content/_index.md")
            .starts_with("---\ntitle: Living well with diabetes\n")
    );
}

#[test]
fn a_guessed_description_is_marked_and_check_asks_an_editor_to_confirm_it() {
    let (site, _) = imported("plain");
    let page = site.read("content/eating-well.md");
    assert!(
        page.contains("description: Eating well helps keep your blood sugar steady. You do not need special foods.\n"),
        "{page}"
    );
    assert!(page.contains("unconfirmed: [description]\n"), "{page}");
    let line = page
        .lines()
        .position(|l| l.starts_with("description:"))
        .unwrap()
        + 1;
    let check = careleaf(&["check"], site.path());
    let expected = format!(
        "content/eating-well.md:{line}:14: warning [unconfirmed] the description was written by `careleaf import` from the first paragraph: read it, change it if needed, then delete `unconfirmed`"
    );
    assert!(
        check.stdout.contains(&expected),
        "{expected}\nnot in:\n{}",
        check.stdout
    );
    // A page whose description came from its front matter asks nothing.
    let (hugo, _) = imported("hugo-toml");
    let check = careleaf(&["check"], hugo.path());
    assert!(!check.stdout.contains("[unconfirmed]"), "{}", check.stdout);
}

#[test]
fn a_second_import_overwrites_nothing_and_lists_what_it_skipped() {
    let (site, _) = imported("plain");
    std::fs::write(site.path().join("content/exercise.md"), "edited by hand\n").unwrap();
    let before = snapshot(site.path());
    let again = import(&fixture("import/plain"), site.path(), &[]);
    again.assert_ok();
    assert_eq!(
        snapshot(site.path()),
        before,
        "the second import changed the site"
    );
    assert!(
        again
            .stdout
            .contains("content/exercise.md: skipped: the file is already there"),
        "{}",
        again.stdout
    );
    assert!(
        again.stdout.contains("imported 0 pages"),
        "{}",
        again.stdout
    );
    assert!(
        again.stdout.contains("skipped 5 existing files"),
        "{}",
        again.stdout
    );
}

#[test]
fn template_syntax_careleaf_cannot_convert_is_listed_with_its_line() {
    let (site, run) = imported("hugo-toml");
    assert!(
        run.stdout.contains("content/conditions/asthma.md:19: `{{< notice warning >}}` is a Hugo shortcode careleaf has no equivalent for: it was left out (text between paired tags kept)"),
        "{}",
        run.stdout
    );
    let (jekyll, run) = imported("jekyll");
    assert!(
        run.stdout
            .contains("asthme.md:12: `{% include alerte.html %}` is a Liquid include"),
        "{}",
        run.stdout
    );
    assert!(!jekyll.read("content/asthme.md").contains("{%"));
    site.build().assert_ok();
    let text = dom::body_text(&site.read("public/conditions/asthma-guide/index.html"));
    assert!(text.contains("Call for help at once if your reliever inhaler does not help."));
    assert!(!text.contains("{{"), "{text}");
}

#[test]
fn summary_counts_pages_sections_links_and_images() {
    let (_, run) = imported("hugo-toml");
    let last = run.stdout.lines().rev().nth(1).unwrap();
    assert_eq!(
        last,
        "imported 4 pages (1 section), converted 5 links and 0 videos, copied 2 images; 3 items need an editor (listed above); skipped 0 existing files"
    );
    assert!(run.stdout.starts_with("Reading a Hugo site.\n"));
}

/// The video shortcode is built by the video feature (src/features/video/); until it is in
/// this tree, the imported Markdown text is what is checked, not a build.
#[test]
fn embedded_videos_become_the_video_shortcode_on_a_paragraph_of_their_own() {
    let source = TempSite::empty();
    source.write(
        "content/inhalers.md",
        "---\ntitle: Inhalers\ndescription: How to use an inhaler and a spacer, step by step, with two short films.\n---\n\n\
         Watch first:\n\n<div class=\"video\">\n  <iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0\" title=\"Using an inhaler\" allowfullscreen></iframe>\n</div>\n\n\
         Then {{< youtube id=\"M7lc1UVf-VE\" title=\"Cleaning a spacer\" >}}\n\n{{< youtube id=\"notanid\" title=\"Old film\" >}}\n\n{{< vimeo 76979871 >}}\n",
    );
    source.write("hugo.toml", "title = 'Lungs'\n");
    let site = TempSite::empty();
    let run = import(source.path(), site.path(), &[]);
    run.assert_ok();
    let page = site.read("content/inhalers.md");
    for shortcode in [
        "\n\n{{< video youtube=\"dQw4w9WgXcQ\" title=\"Using an inhaler\" >}}\n\n",
        "\n\n{{< video youtube=\"M7lc1UVf-VE\" title=\"Cleaning a spacer\" >}}\n\n",
        // An ID the shortcode would refuse becomes a link, so the page still builds.
        "\n\n[Old film](<https://www.youtube.com/watch?v=notanid>)\n\n",
        "\n\n{{< video vimeo=\"76979871\" title=\"Video\" >}}\n",
    ] {
        assert!(page.contains(shortcode), "{shortcode:?} not in:\n{page}");
    }
    assert!(
        !page.contains("iframe") && !page.contains("class=\"video\""),
        "{page}"
    );
    assert!(run.stdout.contains("and 4 videos"), "{}", run.stdout);
    // The imported page builds, with the click-to-load facade and no request to YouTube.
    site.build().assert_ok();
    let html = site.read("public/inhalers/index.html");
    assert!(
        html.contains("data-video-player=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        "{html}"
    );
    assert!(!html.contains("<iframe"), "{html}");
}

#[test]
fn links_that_reach_nothing_are_kept_and_listed() {
    let source = TempSite::empty();
    source.write("a.md", "# A page\n\nText of the page for readers.\n\nSee [the old page](missing.md) and <a href=\"/gone/\">this</a>.\n");
    let site = TempSite::empty();
    let run = import(source.path(), site.path(), &[]);
    run.assert_ok();
    assert!(run.stdout.contains("a.md:5: the link `missing.md` reaches no page or file of the old site: it was kept as it is"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("a.md:5: the link `/gone/` reaches no page"),
        "{}",
        run.stdout
    );
    let page = site.read("content/a.md");
    assert!(
        page.contains("[the old page](missing.md)") && page.contains("[this](/gone/)"),
        "{page}"
    );
}

#[test]
fn a_link_to_a_moved_page_is_taken_to_the_only_page_of_that_name_and_listed() {
    let source = TempSite::empty();
    source.write(
        "resources/muscle-loss.md",
        "# Muscle loss\n\nHow to keep muscle while losing weight.\n",
    );
    source.write("resources/sleep.md", "# Sleep\n\nSleep well.\n");
    source.write(
        "conditions/sleep.md",
        "# Sleep apnea\n\nBreathing at night.\n",
    );
    source.write(
        "conditions/bones.md",
        "# Bones\n\nStrong bones need care.\n\nRead <a href=\"/conditions/muscle-loss/\">muscle loss</a> and [sleep](/old/sleep/).\n",
    );
    let site = TempSite::empty();
    let run = import(source.path(), site.path(), &[]);
    run.assert_ok();
    assert!(
        run.stdout.contains("conditions/bones.md:5: the link `/conditions/muscle-loss/` reaches no page of the old site; it now leads to ../resources/muscle-loss.md, the only page of that name: check that it is the page meant"),
        "{}",
        run.stdout
    );
    // Two pages are called `sleep`: no guess.
    assert!(
        run.stdout.contains(
            "conditions/bones.md:5: the link `/old/sleep/` reaches no page or file of the old site"
        ),
        "{}",
        run.stdout
    );
    let page = site.read("content/conditions/bones.md");
    assert!(
        page.contains("[muscle loss](../resources/muscle-loss.md)"),
        "{page}"
    );
}

#[test]
fn the_generator_is_detected_or_forced_and_the_source_is_never_written_into() {
    let (_, run) = imported("zola");
    assert!(
        run.stdout.starts_with("Reading a Zola site.\n"),
        "{}",
        run.stdout
    );
    let site = TempSite::empty();
    let forced = import(&fixture("import/zola"), site.path(), &["--from", "plain"]);
    forced.assert_ok();
    assert!(
        forced
            .stdout
            .starts_with("Reading a plain Markdown site.\n"),
        "{}",
        forced.stdout
    );

    let source = TempSite::empty();
    source.write("a.md", "# A\n\nSome text.\n");
    let before = snapshot(source.path());
    let into = source.path().join("site");
    let inside = careleaf(
        &[
            "import",
            source.path().to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
        ],
        source.path(),
    );
    assert_eq!(inside.status, 1);
    assert!(
        inside
            .stderr
            .contains("is inside the folder being imported"),
        "{}",
        inside.stderr
    );
    assert_eq!(snapshot(source.path()), before);
    assert!(!into.exists());
}

#[test]
fn a_bilingual_hugo_site_configured_in_its_config_folder_keeps_its_translations_linked() {
    let source = TempSite::empty();
    source.write(
        "config/_default/config.toml",
        "baseURL = 'https://clinique.example'\nlanguageCode = 'en-us'\ndefaultContentLanguage = 'fr'\ntitle = 'Clinique du Parc'\n[languages.fr]\nweight = 1\n[languages.en]\nweight = 2\n",
    );
    source.write(
        "content/_index.md",
        "---\ntitle: Accueil\ndescription: Des informations pour nos patients.\n---\n\nLisez la page sur [l'asthme](/sante/asthme/).\n",
    );
    source.write(
        "content/_index.en.md",
        "---\ntitle: Home\ndescription: Information for our patients.\n---\n\nRead the page on [asthma](/sante/asthme/).\n",
    );
    source.write(
        "content/sante/asthme.md",
        "---\ntitle: L'asthme\ndescription: Ce qu'est l'asthme.\n---\n\nL'asthme touche les bronches.\n",
    );
    source.write(
        "content/sante/asthme.en.md",
        "---\ntitle: Asthma\ndescription: What asthma is.\n---\n\nAsthma affects the airways.\n",
    );
    source.write("content/sante/vide.md", "---\ntitle: Vide\n---\n");
    let site = TempSite::empty();
    let run = import(source.path(), site.path(), &[]);
    run.assert_ok();
    assert!(
        run.stdout.contains(
            "content/sante/vide.md:3: the page has no text, so it was imported as a draft"
        ),
        "{}",
        run.stdout
    );
    let yaml = site.read("site.yaml");
    assert!(yaml.contains("\ntitle: Clinique du Parc\n"), "{yaml}");
    assert!(
        yaml.contains("\nlanguage: fr\n"),
        "the content's language: {yaml}"
    );
    assert!(yaml.contains("\nlanguages:\n  - code: en\n"), "{yaml}");
    assert!(
        yaml.contains("  name: Notre clinique\n"),
        "init's French words: {yaml}"
    );
    // The English pages are in content/en/, and their link goes to the English version.
    let en_home = site.read("content/en/_index.md");
    assert!(en_home.contains("[asthma](sante/asthme.md)"), "{en_home}");
    assert!(
        site.read("content/en/sante/asthme.md")
            .contains("Asthma affects")
    );
    assert!(site.read("content/_index.md").contains("(sante/asthme.md)"));
    assert!(
        site.read("content/sante/vide.md")
            .contains("\ndraft: true\n")
    );
    site.build().assert_ok();
    let asthma = site.read("public/en/sante/asthme/index.html");
    assert!(asthma.contains("<html lang=\"en\">"));
    assert!(
        asthma.contains("hreflang=\"fr\" href=\"/sante/asthme/\""),
        "{asthma}"
    );
    assert!(
        !site.path().join("public/sante/vide/index.html").exists(),
        "a draft"
    );
    // Into a site that exists, whose settings stay the editors': the import says what to add.
    let existing = TempSite::empty();
    existing.write("site.yaml", "title: Clinique\nlanguage: fr\n");
    let run = import(source.path(), existing.path(), &[]);
    run.assert_ok();
    assert!(
        run.stdout.contains("site.yaml:1: the old site's pages in `en` are in content/en/: add `languages: [{code: en}]` to site.yaml"),
        "{}",
        run.stdout
    );
    assert_eq!(
        existing.read("site.yaml"),
        "title: Clinique\nlanguage: fr\n"
    );
}
