//! `careleaf check`: one fixture page per finding, at its line and column; text and JSON agree.

use crate::common::*;

fn check(site: &TempSite, format: &str) -> Run {
    site.run(&["check", "--format", format])
}

fn findings(run: &Run) -> Vec<(String, String, String)> {
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).expect("check --format json prints JSON");
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            let rel = file.rsplit_once("/content/").map_or_else(
                || file.rsplit('/').next().unwrap().to_string(),
                |(_, r)| format!("content/{r}"),
            );
            (
                f["id"].as_str().unwrap().to_string(),
                format!("{rel}:{}:{}", f["line"], f["column"]),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_finding_is_reported_at_its_place() {
    let site = TempSite::from_fixture("check");
    let run = check(&site, "json");
    assert_eq!(run.status, 1, "errors make check fail");
    let found = findings(&run);
    let expected = [
        ("review-missing", "content/no-review.md:2:1", "error"),
        (
            "placeholder-reviewer",
            "content/placeholder.md:4:14",
            "error",
        ),
        ("placeholder-text", "content/placeholder.md:10:12", "error"),
        ("review-overdue", "content/overdue.md:5:16", "error"),
        ("crisis-overdue", "site.yaml:3:1", "error"),
        ("reading-grade", "content/hard.md:11:1", "warning"),
        ("unsupported-figure", "content/figure.md:11:7", "warning"),
        ("claim", "content/claim.md:11:13", "warning"),
        ("description-length", "content/short.md:3:14", "warning"),
        ("orphan-page", "content/more/orphan.md:2:8", "warning"),
        ("menu-long", "site.yaml:1:1", "warning"),
    ];
    for (id, place, severity) in expected {
        assert!(
            found
                .iter()
                .any(|(i, p, s)| i == id && p == place && s == severity),
            "{id} at {place} ({severity}) missing from {found:#?}"
        );
    }
    assert_eq!(found.len(), expected.len(), "nothing else: {found:#?}");
    // check_ignore in front matter silences a finding on purpose.
    assert!(
        !found
            .iter()
            .any(|(_, p, _)| p.starts_with("content/silenced.md"))
    );
}

#[test]
fn text_output_groups_by_file_and_matches_json() {
    let site = TempSite::from_fixture("check");
    let json = findings(&check(&site, "json"));
    let text = check(&site, "text");
    assert_eq!(text.status, 1);
    for (id, place, severity) in &json {
        let line = text
            .stdout
            .lines()
            .find(|l| l.contains(&format!("[{id}]")))
            .unwrap_or_else(|| panic!("{id} not in text output"));
        assert!(
            line.contains(&format!("{place}: {severity} [{id}]")),
            "{line}"
        );
    }
    assert!(
        text.stdout.contains("5 errors, 6 warnings in 12 pages"),
        "{}",
        text.stdout
    );
    // Grouped: the file name on its own line before its findings.
    let hard = site.path().join("content/hard.md").display().to_string();
    assert!(text.stdout.lines().any(|l| l == hard), "{}", text.stdout);
    // The reading-grade finding names the hardest sentences with line numbers.
    assert!(
        text.stdout.contains("line 9: \"Notwithstanding"),
        "{}",
        text.stdout
    );
}

#[test]
fn the_theme_must_show_the_crisis_notice_and_the_disclaimer() {
    let site = TempSite::from_fixture("check-theme");
    let found = findings(&check(&site, "json"));
    for id in ["crisis-missing", "disclaimer-missing"] {
        assert!(
            found
                .iter()
                .any(|(i, p, s)| i == id && p.ends_with("base.html:1:1") && s == "error"),
            "{id}: {found:?}"
        );
    }
    assert!(
        found
            .iter()
            .any(|(i, _, s)| i == "crisis-unreviewed" && s == "warning")
    );
}

#[test]
fn site_wide_check_ignore_and_a_clean_site() {
    let site = TempSite::from_fixture("check");
    let yaml = site
        .read("site.yaml")
        .replace("last_reviewed: 2020-01-01", "last_reviewed: 2026-11-01");
    site.write(
        "site.yaml",
        format!("{yaml}check_ignore: [orphan-page, reading-grade]\n"),
    );
    let found = findings(&check(&site, "json"));
    assert!(
        !found
            .iter()
            .any(|(i, _, _)| i == "orphan-page" || i == "reading-grade" || i == "crisis-overdue"),
        "{found:?}"
    );
}

#[test]
fn a_site_that_does_not_build_is_reported_by_check_too() {
    let site = TempSite::from_fixture("bad/broken-anchor");
    let run = check(&site, "text");
    assert_eq!(run.status, 1);
    assert!(run.stdout.contains("content/page.md:8:5: error [build] the link `other.md#side-effects` points to a section that does not exist"), "{}", run.stdout);
}

#[test]
fn the_bundled_site_passes_except_for_its_placeholders() {
    let run = careleaf(&["check", "--format", "json"], &repo_root());
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let others: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        // The clinic fills these in: its reviewer, its phone, its own eating and drinking rule.
        .filter(|f| f["id"] != "placeholder-reviewer" && f["id"] != "placeholder-text")
        .collect();
    assert!(others.is_empty(), "{others:#?}");
    assert!(
        report["errors"].as_u64().unwrap() >= 1,
        "the placeholder reviewer is reported"
    );
}

#[test]
fn external_links_are_checked_only_when_asked() {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let _ = reader.read_line(&mut line);
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
                    break;
                }
            }
            let status = if line.contains("/gone") {
                "404 Not Found"
            } else {
                "200 OK"
            };
            let _ = stream.write_all(
                format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            );
        }
    });
    let site = TempSite::from_fixture("minimal");
    site.write(
        "content/sleep.md",
        format!("---\ntitle: Sleep and recovery\ndescription: Why sleep helps you recover after an infusion, and how to get more of it.\nreviewed_by: Dr. Ana Diaz, MD\nlast_reviewed: 2026-11-01\n---\n\nSee [a guide](http://127.0.0.1:{port}/ok).\n\nAnd [an old page](http://127.0.0.1:{port}/gone).\n"),
    );
    let quiet = site.run(&["check", "--format", "json"]);
    assert!(!quiet.stdout.contains("external-link"), "off by default");
    let run = site.run(&["check", "--format", "json", "--external"]);
    let found = findings(&run);
    let external: Vec<&(String, String, String)> = found
        .iter()
        .filter(|(i, _, _)| i == "external-link")
        .collect();
    assert_eq!(external.len(), 1, "{found:?}");
    assert_eq!(external[0].1, "content/sleep.md:10:5");
    assert!(
        run.stdout.contains("answered with status 404"),
        "{}",
        run.stdout
    );
}

#[test]
fn spanish_pages_are_checked_in_spanish() {
    let site = TempSite::from_fixture("languages");
    // The FDA claim is the ketamine pack's; "sin efectos secundarios" the general pack's too.
    site.write(
        "site.yaml",
        format!(
            "{}claims: {{ packs: [ketamine] }}\n",
            site.read("site.yaml")
        ),
    );
    site.write(
        "content/es/afirmaciones.md",
        "---\ntitle: Afirmaciones\ndescription: Una página con afirmaciones que hay que revisar antes de publicar.\n---\n\nLa ketamina está aprobada por la FDA para la depresión.\n\nEl 52 % de las personas mejoró en 3 semanas.\n\nEn nuestra clínica, el alivio dura de 2 a 6 semanas.\n\nEste tratamiento es sin efectos secundarios para usted.\n",
    );
    site.write(
        "content/es/_index.md",
        "---\ntitle: Bienvenida\ndescription: Empiece aquí.\n---\n\nLea [sobre el sueño](sleep.md), [sobre la comida](comida.md) y [las afirmaciones](afirmaciones.md).\n",
    );
    let found = findings(&check(&site, "json"));
    let at = |id: &str| -> Vec<&str> {
        found
            .iter()
            .filter(|(i, p, _)| i == id && p.starts_with("content/es/afirmaciones.md"))
            .map(|(_, p, _)| p.as_str())
            .collect()
    };
    assert_eq!(
        at("claim"),
        [
            "content/es/afirmaciones.md:6:18",
            "content/es/afirmaciones.md:12:21"
        ],
        "{found:#?}"
    );
    // A figure without a source is flagged; the clinic's own experience is not.
    assert_eq!(
        at("unsupported-figure"),
        ["content/es/afirmaciones.md:8:4"],
        "{found:#?}"
    );
    // Spanish prose is scored with Spanish formulas: this plain page is easy.
    assert!(at("reading-grade").is_empty(), "{found:#?}");
}

#[test]
fn an_unknown_rule_in_check_ignore_is_an_error_at_its_name() {
    let site = TempSite::from_fixture("check");
    site.write(
        "site.yaml",
        format!("{}check_ignore: [no-such-rule]\n", site.read("site.yaml")),
    );
    let page = site.read("content/good.md");
    site.write(
        "content/good.md",
        page.replacen(
            "---\n",
            "---\ncheck_ignore: [orphan-page, reading-grades]\n",
            1,
        ),
    );
    let run = check(&site, "text");
    assert_eq!(run.status, 1);
    let line = |needle: &str| {
        run.stdout
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| {
                (
                    run.stdout.lines().nth(i).unwrap(),
                    run.stdout.lines().nth(i + 1).unwrap(),
                )
            })
            .unwrap_or_else(|| panic!("{needle} not in {}", run.stdout))
    };
    let (page_error, page_hint) = line("`reading-grades` in check_ignore");
    assert!(
        page_error.contains("content/good.md:2:29: error [build]"),
        "{page_error}"
    );
    assert!(
        page_hint.contains("did you mean `reading-grade`?"),
        "{page_hint}"
    );
    let (site_error, _) = line("`no-such-rule` in check_ignore");
    let site_line = site.read("site.yaml").lines().count();
    assert!(
        site_error.contains(&format!("site.yaml:{site_line}:16: error [build]")),
        "{site_error}"
    );
}

#[test]
fn a_page_with_a_tracker_and_a_false_claim_gets_both_reported_in_one_run() {
    let site = TempSite::empty();
    site.write(
        "site.yaml",
        "title: Clinic\nclaims: { packs: [ketamine] }\n",
    );
    site.write(
        "content/_index.md",
        "---\ntitle: Home\ndescription: The clinic's pages.\n---\n\n[Infusions](infusions.md)\n",
    );
    site.write(
        "content/infusions.md",
        "---\ntitle: Infusions\ndescription: What an infusion is like and what it can do for you.\nreviewed_by: Dr. Ana Ruiz, MD\nlast_reviewed: 2026-10-01\n---\n\n\
         <script src=\"https://tracker.example/t.js\"></script>\n\n\
         Ketamine is FDA-approved for depression and a guaranteed cure.\n",
    );
    // The build stops at the tracker...
    let build = site.build();
    assert_eq!(build.status, 1);
    assert!(
        build
            .stderr
            .contains("this script loads from another website (tracker.example)"),
        "{}",
        build.stderr
    );
    // ...and check reports it beside what the page says.
    let run = check(&site, "json");
    assert_eq!(run.status, 1, "{}", run.stdout);
    let found = findings(&run);
    let at = |id: &str| -> Vec<String> {
        found
            .iter()
            .filter(|f| f.0 == id)
            .map(|f| f.1.clone())
            .collect()
    };
    assert_eq!(at("build"), ["content/infusions.md:8:14"], "{found:?}");
    let claims = at("claim");
    assert!(
        claims.len() >= 2,
        "both the FDA claim and 'guaranteed cure': {found:?}"
    );
    assert!(
        claims
            .iter()
            .all(|c| c.starts_with("content/infusions.md:10:")),
        "{found:?}"
    );
    let text = check(&site, "text");
    assert!(
        text.stdout
            .contains("error [build] this script loads from another website (tracker.example)"),
        "{}",
        text.stdout
    );
}

#[test]
fn check_reports_a_template_that_does_not_render() {
    let site = TempSite::from_fixture("bad/undefined-variable");
    let run = check(&site, "text");
    assert_eq!(run.status, 1);
    assert!(
        run.stdout.contains("templates/page.html:3:13: error [build] template error in page.html: Field `titel` is not defined."),
        "{}",
        run.stdout
    );
}
