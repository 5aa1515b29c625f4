//! Nothing hard-wired to one topic or country: `careleaf init --country --language` gives a
//! site its country's crisis notice, and `check`'s claims come in packs (a general health pack
//! for every site, topic packs a site names).

use crate::common::dom::{elements, inside};
use crate::common::*;

/// The ids of what `careleaf check` finds in the site at `root`.
fn check_ids(root: &str, cwd: &std::path::Path) -> Vec<String> {
    let check = careleaf(&["check", "--root", root, "--format", "json"], cwd);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

/// The crisis notice of a built page: its text and its links (label, href).
fn crisis_notice(html: &str) -> (String, Vec<(String, String)>) {
    let all = elements(html);
    let notice = all
        .iter()
        .find(|e| e.attr("data-careleaf") == Some("crisis"))
        .expect("a crisis notice");
    let links = inside(&all, |e| e.attr("data-careleaf") == Some("crisis"))
        .into_iter()
        .filter(|e| e.name == "a")
        .map(|a| (a.all_text.clone(), a.attr("href").unwrap_or("").to_string()))
        .collect();
    (notice.all_text.clone(), links)
}

#[test]
fn init_for_the_uk_writes_its_preset_and_every_page_shows_its_services() {
    let dir = TempSite::empty();
    let site = dir.path().join("uk-site");
    let root = site.to_str().unwrap();
    let init = careleaf(
        &["init", root, "--country", "uk", "--language", "en"],
        dir.path(),
    );
    init.assert_ok();
    assert!(
        init.stdout.contains(
            "Crisis notice: the preset for the United Kingdom (`preset: uk`: emergency 999, NHS 111 option 2, Samaritans 116 123), in English.\n\
             To change it, set `crisis: preset:` in site.yaml to one of us, uk, ca, au, ie, nz, fr, de, local, custom or off.\n"
        ),
        "{}",
        init.stdout
    );
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(yaml.contains("\nlanguage: en\n"), "{yaml}");
    assert!(yaml.contains("\ncrisis:\n  preset: uk\n"), "{yaml}");
    assert!(!yaml.contains("988"), "no US number: {yaml}");
    careleaf(&["build", "--root", root], dir.path()).assert_ok();
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    let (text, links) = crisis_notice(&home);
    assert!(
        text.contains("you can get help now, day or night"),
        "{text}"
    );
    let expected = [
        ("Emergency: call 999", "tel:999"),
        ("Call NHS 111, option 2", "tel:111"),
        ("Samaritans: call 116 123", "tel:116123"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(l, h)| (l.to_string(), h.to_string()))
        .collect();
    assert_eq!(links, expected);
    assert!(!home.contains("tel:988") && !home.contains("tel:911"));
    // check finds nothing about claims or the crisis notice but its missing review date.
    let ids = check_ids(root, dir.path());
    assert!(ids.contains(&"crisis-unreviewed".to_string()), "{ids:?}");
    assert!(
        !ids.iter().any(|id| id == "claim" || id == "i18n-missing"),
        "{ids:?}"
    );
}

#[test]
fn init_in_spanish_for_new_zealand_shows_the_notice_in_spanish() {
    let dir = TempSite::empty();
    let site = dir.path().join("nz-site");
    let root = site.to_str().unwrap();
    careleaf(
        &["init", root, "--country", "NZ", "--language", "es"],
        dir.path(),
    )
    .assert_ok();
    careleaf(&["build", "--root", root], dir.path()).assert_ok();
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("<html lang=\"es\""), "the site's language");
    let (text, links) = crisis_notice(&home);
    assert!(text.contains("¿Necesita ayuda ahora?"), "{text}");
    let hrefs: Vec<&str> = links.iter().map(|(_, h)| h.as_str()).collect();
    assert_eq!(hrefs, ["tel:1737", "sms:1737", "tel:111"]);
    assert_eq!(links[0].0, "Llame al 1737");
}

#[test]
fn init_without_a_country_assumes_none_and_check_asks_for_one() {
    let dir = TempSite::empty();
    let site = dir.path().join("plain");
    let root = site.to_str().unwrap();
    let init = careleaf(&["init", root], dir.path());
    init.assert_ok();
    assert!(
        init.stdout.contains(
            "Crisis notice: no country given, so it asks readers to call their local emergency \
             number and links to findahelpline.com (`preset: local`), in English.\n"
        ),
        "{}",
        init.stdout
    );
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(yaml.contains("\nlanguage: en\n") && yaml.contains("\ncrisis:\n  preset: local\n"));
    assert!(
        !yaml.contains("988") && !yaml.contains("United States"),
        "{yaml}"
    );
    careleaf(&["build", "--root", root], dir.path()).assert_ok();
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    let (text, links) = crisis_notice(&home);
    assert!(
        text.contains("call your local emergency number now"),
        "{text}"
    );
    assert_eq!(
        links,
        [(
            "Find a helpline in your country".to_string(),
            "https://findahelpline.com".to_string()
        )]
    );
    assert!(!home.contains("tel:"), "no number careleaf cannot know");
    let check = careleaf(&["check", "--root", root, "--format", "json"], dir.path());
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let generic: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "crisis-generic")
        .collect();
    assert_eq!(generic.len(), 1, "{report:#}");
    assert_eq!(generic[0]["severity"], "warning");
    assert!(
        generic[0]["hint"]
            .as_str()
            .unwrap()
            .contains("to your country (us, uk, ca, au, ie, nz, fr, de)"),
        "{:#}",
        generic[0]
    );
}

#[test]
fn init_for_france_and_germany_gives_their_services_in_their_languages() {
    let dir = TempSite::empty();
    let cases = [
        (
            "fr",
            "fr",
            "Appelez le 3114",
            ["tel:3114", "tel:15", "tel:112"],
        ),
        (
            "de",
            "de",
            "0800 111 0 111 anrufen",
            ["tel:08001110111", "tel:08001110222", "tel:112"],
        ),
        // A German-speaking reader of a French clinic's site still gets France's numbers.
        (
            "fr",
            "de",
            "3114 anrufen",
            ["tel:3114", "tel:15", "tel:112"],
        ),
    ];
    for (country, language, first_label, hrefs) in cases {
        let site = dir.path().join(format!("site-{country}-{language}"));
        let root = site.to_str().unwrap();
        careleaf(
            &["init", root, "--country", country, "--language", language],
            dir.path(),
        )
        .assert_ok();
        careleaf(&["build", "--root", root], dir.path()).assert_ok();
        let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
        let (_, links) = crisis_notice(&home);
        assert_eq!(links[0].0, first_label, "{country}/{language}: {links:?}");
        let got: Vec<&str> = links.iter().map(|(_, h)| h.as_str()).collect();
        assert_eq!(got, hrefs, "{country}/{language}");
        assert!(!home.contains("tel:988") && !home.contains("findahelpline"));
    }
}

#[test]
fn a_french_page_puts_a_space_before_the_colon_of_the_contact_line() {
    let site = TempSite::empty();
    site.write(
        "site.yaml",
        "title: Clinique\nlanguage: fr\nclinic:\n  name: Clinique du Parc\n  email: accueil@clinique.example\ncrisis:\n  preset: fr\n",
    );
    site.write(
        "content/_index.md",
        "---\ntitle: Bienvenue\ndescription: Des informations pour nos patients.\n---\n\nTexte.\n",
    );
    site.build().assert_ok();
    let home = site.read("public/index.html");
    assert!(
        home.contains("Clinique du Parc\u{a0}: <a href=\"mailto:accueil@clinique.example\">"),
        "{home}"
    );
}

#[test]
fn init_in_each_language_starts_from_pages_in_that_language() {
    let dir = TempSite::empty();
    let cases = [
        ("en", "Welcome", "first-visit", "Skip to main content"),
        (
            "es",
            "Bienvenido",
            "primera-visita",
            "Saltar al contenido principal",
        ),
        (
            "fr",
            "Bienvenue",
            "premiere-visite",
            "Aller au contenu principal",
        ),
        ("de", "Willkommen", "erster-besuch", "Direkt zum Inhalt"),
    ];
    for (language, title, sample, skip_link) in cases {
        let site = dir.path().join(format!("site-{language}"));
        let root = site.to_str().unwrap();
        careleaf(
            &["init", root, "--language", language, "--country", "ie"],
            dir.path(),
        )
        .assert_ok();
        careleaf(&["build", "--root", root], dir.path()).assert_ok();
        let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
        assert!(
            home.contains(&format!("<html lang=\"{language}\"")),
            "{language}"
        );
        assert!(
            home.contains(&format!("<h1>{title}</h1>")) || home.contains(title),
            "{language}: {title}"
        );
        assert!(home.contains(skip_link), "{language}: {skip_link}");
        assert!(
            home.contains(&format!("href=\"/{sample}/\"")),
            "{language}: link to {sample}"
        );
        assert!(site.join(format!("public/{sample}/index.html")).is_file());
        if language != "en" {
            assert!(!home.contains("Our clinic"), "{language}: no English left");
        }
        let ids = check_ids(root, dir.path());
        assert!(
            !ids.iter()
                .any(|id| id == "i18n-missing" || id == "crisis-generic"),
            "{language}: {ids:?}"
        );
    }
}

#[test]
fn a_site_yaml_without_a_crisis_section_or_disclaimer_gets_the_themes_in_its_language() {
    let site = TempSite::empty();
    site.write("site.yaml", "title: Clinic\nlanguage: de\n");
    site.write(
        "content/_index.md",
        "---\ntitle: Willkommen\ndescription: Informationen für Patienten.\n---\n\nText.\n",
    );
    site.build().assert_ok();
    let home = site.read("public/index.html");
    let (text, links) = crisis_notice(&home);
    assert!(text.contains("Brauchen Sie jetzt Hilfe?"), "{text}");
    assert!(text.contains("den örtlichen Notruf"), "{text}");
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0].1, "https://findahelpline.com");
    assert!(!home.contains("tel:988") && !home.contains("Skip to main content"));
    // The theme's disclaimer, in the site's language, when site.yaml gives none.
    assert!(home.contains("Diese Website gibt nur allgemeine Informationen."));
    assert!(!home.contains("general information only"));
    assert_eq!(site.findings_of("crisis-generic").len(), 1);
    assert!(site.findings_of("i18n-missing").is_empty());
}

#[test]
fn init_with_an_unknown_country_or_language_fails_with_the_list_and_writes_nothing() {
    let dir = TempSite::empty();
    let site = dir.path().join("nowhere");
    let run = careleaf(
        &["init", site.to_str().unwrap(), "--country", "xx"],
        dir.path(),
    );
    assert_eq!(run.status, 1);
    assert_eq!(
        run.stderr.lines().next(),
        Some("error: `xx` is not a country careleaf has a crisis notice for")
    );
    assert!(
        run.stderr.contains(
            "use one of: us (the United States), uk (the United Kingdom), ca (Canada), au (Australia), ie (Ireland), nz (New Zealand), fr (France), de (Germany)"
        ),
        "{}",
        run.stderr
    );
    let run = careleaf(
        &["init", site.to_str().unwrap(), "--language", "xx"],
        dir.path(),
    );
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("`xx` is not a language careleaf can start a site in"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("en (English), es (Spanish), fr (French), de (German)")
    );
    assert!(!site.exists());
}

/// A site about diabetes, in `language`, whose site.yaml ends with `extra`, with one page.
fn topic_site(language: &str, extra: &str, page: &str) -> TempSite {
    let site = TempSite::empty();
    site.write(
        "site.yaml",
        format!("title: Diabetes care\nlanguage: {language}\ncrisis:\n  preset: off\n{extra}"),
    );
    site.write(
        "content/_index.md",
        "---\ntitle: Home\ndescription: What to know about living well with diabetes, in plain words.\n---\n\n[Diet](diet.md)\n",
    );
    site.write(
        "content/diet.md",
        format!("---\ntitle: Diet\ndescription: What to eat with diabetes, and what the research says about it.\nreviewed_by: Dr. Ana Ruiz, MD\nlast_reviewed: 2026-10-01\n---\n\n{page}\n"),
    );
    site
}

fn claims(site: &TempSite) -> Vec<(String, String, String)> {
    site.findings_of("claim")
        .iter()
        .map(|f| {
            (
                format!("{}:{}", f["line"], f["column"]),
                f["message"].as_str().unwrap().to_string(),
                f["hint"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_diabetes_page_that_promises_a_cure_is_told_so_without_naming_another_condition() {
    let site = topic_site(
        "en",
        "",
        "Our diet plan cures diabetes. It is FDA approved, like ketamine.",
    );
    let found = claims(&site);
    assert_eq!(found.len(), 1, "the ketamine pack is off: {found:?}");
    let (place, message, hint) = &found[0];
    assert_eq!(place, "8:15", "at the word");
    assert_eq!(
        message,
        "\"cures\": a promise of a cure raises hopes a treatment may not meet; say what it can do, and for how many people"
    );
    assert_eq!(
        hint,
        "say instead \"may ease symptoms\" or \"helps many people feel better\""
    );
    for other in ["depression", "PTSD", "pain", "ketamine"] {
        assert!(!message.contains(other) && !hint.contains(other), "{other}");
    }
    // With the ketamine pack named, its FDA claim is flagged too, as before packs existed.
    let with_pack = topic_site(
        "en",
        "claims: { packs: [ketamine] }\n",
        "Our diet plan cures diabetes. It is FDA approved, like ketamine.",
    );
    let found = claims(&with_pack);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[1]
            .1
            .starts_with("\"FDA approved\": the FDA approved ketamine as an anesthetic")
    );
}

#[test]
fn french_pages_are_held_to_french_phrases_and_proof_needs_its_reference() {
    let site = topic_site(
        "fr",
        "",
        "Ce régime est cliniquement prouvé.\n\nCe régime est cliniquement prouvé.[^1]\n\n[^1]: Une étude de 2024.",
    );
    let found = claims(&site);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "8:15");
    assert!(
        found[0]
            .1
            .starts_with("\"cliniquement prouvé\": une affirmation de preuve")
    );
}

#[test]
fn an_unknown_pack_stops_the_build_at_its_line_with_the_list_of_packs() {
    let site = topic_site("en", "claims: { packs: [diabetes] }\n", "Eat well.");
    let run = site.build();
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("site.yaml:5:19"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`diabetes` is not one of the values allowed here (in `claims.packs[0]`)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the values allowed here are: general, ketamine"),
        "{}",
        run.stderr
    );
}
