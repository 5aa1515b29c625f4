//! The site that ships in `content/`: it builds cleanly, every page is valid HTML, and the
//! pages carry what patients and search engines need.

use crate::common::*;

fn build_bundled() -> (tempfile::TempDir, std::path::PathBuf) {
    let out_parent = tempfile::tempdir().unwrap();
    let out = out_parent.path().join("public");
    let root = repo_root();
    let run = careleaf(&["build", "--output", out.to_str().unwrap()], &root);
    run.assert_ok();
    // The repository's own caches, left by a build of other code (a test run before a
    // change), are set aside with a line each: that says nothing about the site.
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| !l.contains("was written by another version of careleaf"))
        .collect();
    assert!(
        warnings.is_empty(),
        "the bundled site must build without warnings:\n{}",
        run.stderr
    );
    (out_parent, out)
}

#[test]
fn every_page_is_valid_html() {
    let (_keep, out) = build_bundled();
    let files = html_files(&out);
    assert!(files.len() >= 10, "home, 8 articles, about, 404: {files:?}");
    for file in &files {
        let html = std::fs::read_to_string(file).unwrap();
        let problems = html_problems(&html);
        assert!(problems.is_empty(), "{}: {problems:#?}", file.display());
    }
}

#[test]
fn tidy_reports_no_errors() {
    if !require_tool("tidy") {
        return;
    }
    let (_keep, out) = build_bundled();
    for file in html_files(&out) {
        let run = std::process::Command::new("tidy")
            .args(["-e", "-q"])
            .arg(&file)
            .output()
            .unwrap();
        // tidy exits 2 on errors, 1 on warnings only (its HTML5 support flags ARIA and SVG
        // attributes as "proprietary").
        let report = String::from_utf8_lossy(&run.stderr);
        assert!(
            run.status.code().unwrap_or(2) < 2,
            "{}:\n{report}",
            file.display()
        );
        assert!(!report.contains("Error:"), "{}:\n{report}", file.display());
    }
}

#[test]
fn articles_have_meta_tags_references_and_navigation() {
    let (_keep, out) = build_bundled();
    let html = std::fs::read_to_string(out.join("how-long-it-lasts/index.html")).unwrap();
    for needle in [
        "<html lang=\"en\"",
        "<meta name=\"description\"",
        "<meta property=\"og:title\"",
        "<meta property=\"og:description\"",
        "<meta name=\"viewport\"",
        "<meta http-equiv=\"Content-Security-Policy\"",
        "class=\"skip-link\"",
        "<main id=\"main\"",
        "<h2 id=\"references\">References</h2>",
        "aria-current=\"page\"",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    // Every article cites its sources.
    for article in [
        "how-long-it-lasts",
        "how-ketamine-works",
        "treatment-plan",
        "infusion-day",
        "risks-and-side-effects",
        "making-benefits-last",
        "what-research-says",
    ] {
        let page = std::fs::read_to_string(out.join(article).join("index.html")).unwrap();
        assert!(
            page.contains("class=\"references-list\""),
            "{article} has no references"
        );
        assert!(
            page.contains("Kleiman Healthcare Services"),
            "{article} names the clinic"
        );
    }
}

/// `bytes` compressed as a static host or CDN sends them (gzip, default level).
fn gzipped_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

#[test]
fn pages_are_light() {
    let (_keep, out) = build_bundled();
    for file in html_files(&out) {
        let html = std::fs::read_to_string(&file).unwrap();
        let all = dom::elements(&html);
        let linked = |name: &str, attr: &str| -> Vec<Vec<u8>> {
            all.iter()
                .filter(|e| {
                    e.name == name && (name != "link" || e.attr("rel") == Some("stylesheet"))
                })
                .filter_map(|e| e.attr(attr))
                .map(|src| std::fs::read(out.join(src.trim_start_matches('/'))).unwrap())
                .collect()
        };
        let (styles, scripts) = (linked("link", "href"), linked("script", "src"));
        let css: usize = styles.iter().map(Vec::len).sum();
        let js: usize = scripts.iter().map(Vec::len).sum();
        assert!(
            css > 0 && css < 20 * 1024,
            "{}: CSS is {css} bytes; the limit is 20 KB",
            file.display()
        );
        assert!(
            js < 12 * 1024,
            "{}: JavaScript is {js} bytes; the limit is 12 KB",
            file.display()
        );
        // What a phone downloads for the page on a first visit: its HTML, stylesheets and
        // scripts (no fonts, no images in the bundled site, nothing from other hosts), as the
        // host sends them (compressed), and what the phone then parses (uncompressed). The FAQ
        // is all its answers on one page, by design: it gets a larger allowance. An article also
        // carries its printed handout's QR code (under 4 KB of SVG, about 1 KB compressed).
        let is_faq = all.iter().any(|e| e.attr("id") == Some("faq-filter"));
        let sent = gzipped_len(html.as_bytes())
            + styles
                .iter()
                .chain(&scripts)
                .map(|b| gzipped_len(b))
                .sum::<usize>();
        let parsed = html.len() + css + js;
        let (sent_limit, parsed_limit) = if is_faq {
            (40_000, 128_000)
        } else {
            (24_000, 68_000)
        };
        assert!(
            sent <= sent_limit && parsed <= parsed_limit,
            "{}: the page with its CSS and JS is {sent} bytes compressed (limit {sent_limit}), {parsed} bytes uncompressed (limit {parsed_limit})",
            file.display()
        );
        assert!(
            !html.contains("<script>"),
            "{}: inline script",
            file.display()
        );
        assert!(
            !html.contains("https://fonts."),
            "{}: no web fonts",
            file.display()
        );
    }
}

#[test]
fn every_page_shows_the_crisis_notice_and_disclaimer_and_articles_their_review() {
    let (_keep, out) = build_bundled();
    for file in html_files(&out) {
        let html = std::fs::read_to_string(&file).unwrap();
        assert!(
            html.contains("data-careleaf=\"crisis\""),
            "{}: crisis notice",
            file.display()
        );
        assert!(
            html.contains("href=\"tel:988\""),
            "{}: 988 link",
            file.display()
        );
        assert!(
            html.contains("href=\"tel:911\""),
            "{}: 911 link",
            file.display()
        );
        assert!(
            html.contains("data-careleaf=\"disclaimer\""),
            "{}: disclaimer",
            file.display()
        );
        // The crisis notice comes before the main content, in the same place on every page.
        assert!(
            html.find("data-careleaf=\"crisis\"").unwrap() < html.find("<main").unwrap(),
            "{}",
            file.display()
        );
    }
    let article = std::fs::read_to_string(out.join("risks-and-side-effects/index.html")).unwrap();
    assert!(
        article.contains("About off-label use"),
        "off-label notice on pages about ketamine"
    );
    // The bundled reviewer is a placeholder: what the page shows of that is in patient_safety.rs.
    let data = &dom::json_ld(&article)[0];
    assert_eq!(data["@type"], "MedicalWebPage");
    assert_eq!(data["audience"]["audienceType"], "Patient");
}

#[test]
fn every_page_has_its_spanish_translation_linked() {
    let (_keep, out) = build_bundled();
    let english: Vec<_> = html_files(&out)
        .into_iter()
        .filter(|f| !f.starts_with(out.join("es")) && !f.ends_with("404.html"))
        // A topic is a word of its language: its page has a translation only where the other
        // language has the same topic (the list of all topics always has one).
        .filter(|f| !f.starts_with(out.join("tags")) || f.ends_with("tags/index.html"))
        .collect();
    assert!(english.len() >= 12, "{english:?}");
    for file in english {
        let html = std::fs::read_to_string(&file).unwrap();
        let href = html
            .split("<link rel=\"alternate\" hreflang=\"es\" href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{}: no Spanish alternate", file.display()));
        let path = href.trim_start_matches("https://www.example.com/");
        let spanish = out.join(path).join("index.html");
        let es = std::fs::read_to_string(&spanish)
            .unwrap_or_else(|e| panic!("{}: {href} → {}: {e}", file.display(), spanish.display()));
        assert!(es.contains("<html lang=\"es\">"));
        assert!(
            es.contains("hreflang=\"en\""),
            "{} links back",
            spanish.display()
        );
        assert!(
            es.contains("lang=\"en\">English</a>"),
            "{}: switcher",
            spanish.display()
        );
    }
}

#[test]
fn the_glossary_explains_each_term_once_per_page_and_lists_them_all() {
    let (_keep, out) = build_bundled();
    let page = std::fs::read_to_string(out.join("glossary/index.html")).unwrap();
    let terms: Vec<&str> = page
        .split("<dt><dfn>")
        .skip(1)
        .filter_map(|rest| rest.split("</dfn>").next())
        .collect();
    for needed in [
        "NMDA receptor",
        "glutamate",
        "neuroplasticity",
        "dissociation",
        "maintenance infusion",
        "booster infusion",
        "treatment-resistant depression",
        "IV",
        "psychotherapy",
        "PTSD",
    ] {
        assert!(terms.contains(&needed), "{needed} in {terms:?}");
    }
    assert!(terms.len() >= 15);
    let folded: Vec<String> = terms.iter().map(|t| t.to_lowercase()).collect();
    let mut sorted = folded.clone();
    sorted.sort();
    assert_eq!(folded, sorted, "alphabetical");
    assert!(page.contains("id=\"nmda-receptor\""));
    let es = std::fs::read_to_string(out.join("es/glosario/index.html")).unwrap();
    assert!(
        es.contains("<dt><dfn>receptor NMDA</dfn></dt>"),
        "Spanish terms"
    );

    for file in html_files(&out) {
        let html = std::fs::read_to_string(&file).unwrap();
        let mut seen = std::collections::HashSet::new();
        for id in html
            .split("popovertarget=\"")
            .skip(1)
            .filter_map(|r| r.split('"').next())
        {
            assert!(seen.insert(id), "{}: {id} explained twice", file.display());
            assert!(
                html.contains(&format!("id=\"{id}\" popover>")),
                "{id} has its definition"
            );
        }
        // Never inside a heading or a link.
        for tag in ["<h1", "<h2", "<h3", "<a "] {
            let close = if tag == "<a " { "</a>" } else { "</h" };
            for part in html.split(tag).skip(1) {
                let inside = part.split(close).next().unwrap_or("");
                assert!(
                    !inside.contains("class=\"term\""),
                    "{}: a term in {tag}",
                    file.display()
                );
            }
        }
    }
    let article = std::fs::read_to_string(out.join("how-ketamine-works/index.html")).unwrap();
    assert!(article.contains("popovertarget=\"g-nmda-receptor\""));
    assert!(article.contains("<a href=\"/glossary/#nmda-receptor\">NMDA receptor</a>"));
}

#[test]
fn each_language_has_a_small_search_index_and_a_search_page() {
    let (_keep, out) = build_bundled();
    for (lang, page, question) in [
        ("en", "search", "How long does one infusion help?"),
        ("es", "es/buscar", "¿Cuánto tiempo ayuda una sola infusión?"),
    ] {
        let index = out.join(page).join("index.json");
        let bytes = std::fs::read(&index).unwrap();
        // A phone fetches it on the first search: small, compressed as the host sends it.
        assert!(
            gzipped_len(&bytes) < 20_000 && bytes.len() < 64_000,
            "{lang}: the index is {} bytes ({} compressed)",
            bytes.len(),
            gzipped_len(&bytes)
        );
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let docs = json["docs"].as_array().unwrap();
        let titles: Vec<&str> = docs.iter().map(|d| d[1].as_str().unwrap()).collect();
        assert!(
            titles.contains(&question),
            "{lang}: {question} in {titles:?}"
        );
        assert!(
            docs.iter().any(|d| d[0] == "word"),
            "{lang}: glossary words"
        );
        assert!(docs.iter().any(|d| d[0] == "page"), "{lang}: pages");
        // Headings and body text are indexed, accent-free.
        let body = json["body"].as_object().unwrap();
        let key = if lang == "es" { "infusion" } else { "nausea" };
        assert!(
            json["title"].get(key).is_some() || body.contains_key(key),
            "{lang}: {key}"
        );

        let html = std::fs::read_to_string(out.join(page).join("index.html")).unwrap();
        assert!(
            html.contains(&format!("data-index=\"/{page}/index.json\"")),
            "{lang}: {html}"
        );
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
        assert!(
            html.contains("role=\"status\""),
            "the result count is announced"
        );
    }
    // Every page has the header search box, which works as a plain form without JavaScript.
    let article = std::fs::read_to_string(out.join("es/cuanto-dura-el-alivio/index.html")).unwrap();
    assert!(article.contains("<form class=\"site-search\" role=\"search\" aria-label=\"Buscar en este sitio\" action=\"/es/buscar/\" method=\"get\">"));
    assert!(article.contains("name=\"q\""));
}
