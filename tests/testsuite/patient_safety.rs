//! What a patient in distress must find on the bundled site, in both languages: the crisis line
//! in the reader's language on every page, who may not be suited and when to call 911, and a
//! review line that never claims a review nobody made.

use std::path::{Path, PathBuf};

use crate::common::dom::{self, Element};
use crate::common::*;

fn build_bundled() -> (tempfile::TempDir, PathBuf) {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    careleaf(&["build", "--output", out.to_str().unwrap()], &repo_root()).assert_ok();
    (parent, out)
}

fn is_spanish(out: &Path, file: &Path) -> bool {
    file.strip_prefix(out).unwrap().starts_with("es")
}

/// The crisis notice's links as (href, text).
fn crisis_links(html: &str) -> Vec<(String, String)> {
    let all = dom::elements(html);
    dom::inside(&all, |e| e.attr("data-careleaf") == Some("crisis"))
        .into_iter()
        .filter(|e| e.name == "a")
        .map(|a| (a.attr("href").unwrap_or("").to_string(), a.all_text.clone()))
        .collect()
}

#[test]
fn every_page_gives_the_crisis_line_in_its_language() {
    let (_keep, out) = build_bundled();
    let files = html_files(&out);
    assert!(files.iter().filter(|f| is_spanish(&out, f)).count() >= 10);
    for file in &files {
        let html = std::fs::read_to_string(file).unwrap();
        let links = crisis_links(&html);
        let hrefs: Vec<&str> = links.iter().map(|(h, _)| h.as_str()).collect();
        let notice = dom::elements(&html)
            .into_iter()
            .find(|e| e.attr("data-careleaf") == Some("crisis"))
            .map(|e| e.all_text)
            .unwrap_or_default();
        if is_spanish(&out, file) {
            assert_eq!(
                hrefs,
                [
                    "tel:988",
                    "sms:988?body=AYUDA",
                    "https://988lineadevida.org/",
                    "tel:911"
                ],
                "{}",
                file.display()
            );
            assert!(links[0].1.contains("marque 2"), "{links:?}");
            assert!(links[1].1.contains("AYUDA"), "{links:?}");
            assert!(
                notice.contains("988 Línea de Prevención del Suicidio y Crisis"),
                "{}: {notice}",
                file.display()
            );
        } else {
            assert_eq!(
                hrefs,
                [
                    "tel:988",
                    "sms:988",
                    "https://988lifeline.org/chat/",
                    "tel:911"
                ],
                "{}",
                file.display()
            );
        }
    }
}

#[test]
fn a_site_with_the_us_preset_and_a_spanish_edition_gets_the_spanish_route_unasked() {
    let site = TempSite::empty();
    site.write(
        "site.yaml",
        "title: Clinic\nlanguages:\n  - code: es\ncrisis:\n  preset: us\n",
    );
    site.write(
        "content/_index.md",
        "---\ntitle: Home\ndescription: Home.\n---\n\nHi.\n",
    );
    site.write(
        "content/es/_index.md",
        "---\ntitle: Inicio\ndescription: Inicio.\n---\n\nHola.\n",
    );
    site.build().assert_ok();
    let es = crisis_links(&site.read("public/es/index.html"));
    assert!(
        es.contains(&(
            "sms:988?body=AYUDA".into(),
            "Envíe AYUDA por mensaje de texto al 988".into()
        )),
        "{es:?}"
    );
    let en = crisis_links(&site.read("public/index.html"));
    assert!(en.iter().any(|(h, _)| h == "sms:988"), "{en:?}");
    assert!(!en.iter().any(|(h, _)| h.contains("AYUDA")), "{en:?}");
}

/// The review line under a page's title, as text.
fn review_line(all: &[Element]) -> Option<String> {
    all.iter()
        .find(|e| e.attr("data-careleaf") == Some("review"))
        .map(|e| e.all_text.clone())
}

#[test]
fn no_bundled_page_reads_as_reviewed_while_its_reviewer_is_a_placeholder() {
    let (_keep, out) = build_bundled();
    let mut articles = 0;
    for file in html_files(&out) {
        let html = std::fs::read_to_string(&file).unwrap();
        let text = dom::body_text(&html);
        for claim in [
            "Medically reviewed",
            "Last reviewed",
            "Revisión médica:",
            "Última revisión",
        ] {
            assert!(!text.contains(claim), "{}: {claim}", file.display());
        }
        for ld in dom::json_ld(&html) {
            assert!(ld.get("reviewedBy").is_none(), "{}: {ld}", file.display());
            assert!(ld.get("lastReviewed").is_none(), "{}: {ld}", file.display());
        }
        if dom::json_ld(&html)
            .iter()
            .any(|ld| ld["@type"] == "MedicalWebPage")
        {
            articles += 1;
            let expected = if is_spanish(&out, &file) {
                "Esta página todavía no tiene revisión médica."
            } else {
                "This page has not been medically reviewed yet."
            };
            assert_eq!(
                review_line(&dom::elements(&html)).as_deref(),
                Some(expected),
                "{}",
                file.display()
            );
        }
    }
    assert!(articles >= 16, "{articles} articles");
}

#[test]
fn only_a_named_reviewer_makes_a_page_read_as_reviewed() {
    let site = TempSite::empty();
    site.write("site.yaml", "title: Clinic\n");
    site.write(
        "content/_index.md",
        "---\ntitle: Home\ndescription: Home.\n---\n\n[a](a.md) [b](b.md) [c](c.md)\n",
    );
    let page = |by: &str| {
        format!(
            "---\ntitle: A page\ndescription: About it.\n{by}last_reviewed: 2026-03-04\n---\n\nText.\n"
        )
    };
    site.write("content/a.md", page("reviewed_by: Dr. Ana Diaz, MD\n"));
    site.write("content/b.md", page("reviewed_by: \"TBD: our reviewer\"\n"));
    site.write("content/c.md", page(""));
    site.build().assert_ok();

    let a = site.read("public/a/index.html");
    let line = review_line(&dom::elements(&a)).unwrap();
    assert!(
        line.starts_with("Medically reviewed by Dr. Ana Diaz, MD"),
        "{line}"
    );
    assert!(line.contains("Last reviewed March 4, 2026"), "{line}");
    let ld = &dom::json_ld(&a)[0];
    assert_eq!(ld["reviewedBy"]["name"], "Dr. Ana Diaz, MD");
    assert_eq!(ld["lastReviewed"], "2026-03-04");

    for rel in ["public/b/index.html", "public/c/index.html"] {
        let html = site.read(rel);
        assert_eq!(
            review_line(&dom::elements(&html)).as_deref(),
            Some("This page has not been medically reviewed yet."),
            "{rel}"
        );
        let ld = &dom::json_ld(&html)[0];
        assert!(
            ld.get("reviewedBy").is_none() && ld.get("lastReviewed").is_none(),
            "{rel}: {ld}"
        );
    }
}

/// The text of the page's callouts of one kind (`caution`…).
fn callouts(html: &str, kind: &str) -> Vec<String> {
    dom::elements(html)
        .into_iter()
        .filter(|e| e.has_class("callout") && e.has_class(&format!("callout-{kind}")))
        .map(|e| e.all_text)
        .collect()
}

#[test]
fn the_risks_and_infusion_day_pages_name_who_may_not_be_suited_and_when_to_call_911() {
    let (_keep, out) = build_bundled();
    let pages = [
        ("risks-and-side-effects/index.html", "en"),
        ("infusion-day/index.html", "en"),
    ];
    let spanish: Vec<PathBuf> = ["risks-and-side-effects", "infusion-day"]
        .iter()
        .map(|stem| spanish_page(&out, stem))
        .collect();
    let mut all: Vec<(PathBuf, &str)> = pages.iter().map(|(p, l)| (out.join(p), *l)).collect();
    all.extend(spanish.into_iter().map(|p| (p, "es")));
    for (file, lang) in &all {
        let html = std::fs::read_to_string(file).unwrap();
        let urgent = callouts(&html, "caution").join(" ");
        let signs: &[&str] = if *lang == "es" {
            &["911", "dolor en el pecho", "respirar", "desmay"]
        } else {
            &["911", "chest pain", "trouble breathing", "faint"]
        };
        for sign in signs {
            assert!(
                urgent.to_lowercase().contains(sign),
                "{}: the warning-signs callout lacks {sign:?}: {urgent}",
                file.display()
            );
        }
        // Beside the callout, in the page's own text (not only the banner): the crisis line,
        // for when mood dips as relief fades.
        let main = dom::elements(&html)
            .into_iter()
            .find(|e| e.name == "main")
            .unwrap()
            .all_text;
        assert!(
            main.contains("988"),
            "{}: no 988 in the page's text",
            file.display()
        );
    }
    for (file, lang) in all.iter().filter(|(f, _)| {
        f.to_string_lossy().contains("risk") || f.to_string_lossy().contains("riesgo")
    }) {
        let text = dom::body_text(&std::fs::read_to_string(file).unwrap()).to_lowercase();
        let named: &[&str] = if *lang == "es" {
            &[
                "embarazada",
                "amamantando",
                "presión arterial",
                "psicosis",
                "aneurisma",
            ]
        } else {
            &[
                "pregnan",
                "breastfeeding",
                "blood pressure",
                "psychosis",
                "aneurysm",
            ]
        };
        for n in named {
            assert!(text.contains(n), "{}: {n}", file.display());
        }
    }
}

/// The Spanish page translating `content/<stem>.md`, wherever its slug puts it.
fn spanish_page(out: &Path, stem: &str) -> PathBuf {
    let source =
        std::fs::read_to_string(repo_root().join(format!("content/es/{stem}.md"))).unwrap();
    let slug = source
        .lines()
        .find_map(|l| l.strip_prefix("slug:"))
        .map_or(stem.to_string(), |s| s.trim().to_string());
    out.join("es").join(slug).join("index.html")
}
