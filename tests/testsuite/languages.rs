//! Sites in several languages: each language's pages under /<code>/, linked to their
//! translations (same path or translation_key) by hreflang, the language switcher and the
//! sitemap; the theme's words in each language, falling back to English with a check warning.

use crate::common::*;

fn built() -> TempSite {
    let site = TempSite::from_fixture("languages");
    site.build().assert_ok();
    site
}

#[test]
fn each_language_is_published_under_its_code_with_its_own_html_lang() {
    let site = built();
    let en = site.read("public/sleep/index.html");
    let es = site.read("public/es/el-sueno/index.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(es.contains("<html lang=\"es\">"));
    assert!(es.contains("Dormir le ayuda a recuperarse."));
    // Links between Spanish pages stay in Spanish.
    let es_home = site.read("public/es/index.html");
    assert!(es_home.contains("href=\"/es/el-sueno/\""), "{es_home}");
    assert!(es_home.contains("href=\"/es/comida/\""), "{es_home}");
    // The language's own settings: its title.
    assert!(es.contains("<title>El sueño y la recuperación | Clínica Sunrise</title>"));
    // English pages do not pick up the other languages' folders.
    assert!(!site.path().join("public/es/es").exists());
}

#[test]
fn translations_are_linked_by_path_or_translation_key() {
    let site = built();
    let en = site.read("public/sleep/index.html");
    for link in [
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://clinic.example/sleep/\">",
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://clinic.example/sleep/\">",
        "<link rel=\"alternate\" hreflang=\"es\" href=\"https://clinic.example/es/el-sueno/\">",
    ] {
        assert!(en.contains(link), "{link} in {en}");
    }
    // No French version: no French alternate, and the switcher leads to the French home.
    assert!(!en.contains("hreflang=\"fr\" href"));
    assert!(
        en.contains("<a href=\"/fr/\" hreflang=\"fr\" lang=\"fr\">Français</a>"),
        "{en}"
    );
    assert!(en.contains("<a href=\"/es/el-sueno/\" hreflang=\"es\" lang=\"es\">Español</a>"));
    // The page does not link to itself in the switcher.
    assert!(!en.contains("lang=\"en\">English</a>"));
    // translation_key links files with different names.
    let food = site.read("public/food/index.html");
    assert!(food.contains("hreflang=\"es\" href=\"https://clinic.example/es/comida/\""));
    let comida = site.read("public/es/comida/index.html");
    assert!(comida.contains("hreflang=\"en\" href=\"https://clinic.example/food/\""));
    // A page only in one language has no alternates at all.
    let only = site.read("public/only-english/index.html");
    assert!(!only.contains("rel=\"alternate\""), "{only}");
}

#[test]
fn the_sitemap_lists_every_language_with_alternates() {
    let site = built();
    let xml = site.read("public/sitemap.xml");
    assert!(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(xml.contains("<loc>https://clinic.example/es/el-sueno/</loc>"));
    assert!(xml.contains("<loc>https://clinic.example/fr/</loc>"));
    assert!(xml.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://clinic.example/es/el-sueno/\"/>"
    ));
    // Once per page and language: sleep in English and in Spanish.
    assert_eq!(
        xml.matches("hreflang=\"en\" href=\"https://clinic.example/sleep/\"")
            .count(),
        2
    );
}

#[test]
fn theme_words_follow_the_language_and_fall_back_to_english() {
    let site = built();
    let es = site.read("public/es/el-sueno/index.html");
    for words in [
        "Saltar al contenido principal",
        "¿Necesita ayuda ahora?",
        "Actualizado el <time datetime=\"2026-11-03\">3 de noviembre de 2026</time>",
        "Aviso médico",
    ] {
        assert!(es.contains(words), "{words}");
    }
    // The theme speaks French too: its words, its crisis notice, its dates.
    let fr = site.read("public/fr/index.html");
    assert!(fr.contains("<html lang=\"fr\">"));
    for words in ["Aller au contenu principal", "aide maintenant\u{a0}?"] {
        assert!(fr.contains(words), "{words}");
    }
    assert!(!fr.contains("Skip to main content"));
    assert!(site.findings_of("i18n-missing").is_empty());
    // A language the theme has no words for shows the English ones...
    let yaml = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{yaml}  - code: it\n    name: Italiano\n"),
    );
    site.write(
        "content/it/_index.md",
        "---\ntitle: Benvenuti\ndescription: Informazioni per i pazienti.\n---\n\nTesto.\n",
    );
    site.build().assert_ok();
    let it = site.read("public/it/index.html");
    assert!(it.contains("<html lang=\"it\">"));
    assert!(it.contains("Skip to main content"));
    // ...and check says so, once, naming the file to write.
    let missing = site.findings_of("i18n-missing");
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(missing[0]["message"].as_str().unwrap().contains("`it`"));
    assert!(
        missing[0]["hint"]
            .as_str()
            .unwrap()
            .contains("i18n/it.yaml")
    );
    // A site's own i18n file adds the words (and changes any of the theme's).
    site.write("i18n/it.yaml", "skip_link: Vai al contenuto principale\n");
    site.write("i18n/es.yaml", "skip_link: Ir al texto\n");
    site.build().assert_ok();
    assert!(
        site.read("public/it/index.html")
            .contains("Vai al contenuto principale")
    );
    let es = site.read("public/es/el-sueno/index.html");
    assert!(es.contains("Ir al texto"));
    assert!(es.contains("Aviso médico"), "the theme's other words stay");
}

#[test]
fn language_mistakes_are_errors_at_their_line() {
    let site = TempSite::from_fixture("languages");
    site.write(
        "content/es/otra-comida.md",
        "---\ntitle: Otra\ndescription: Otra página.\ntranslation_key: food\n---\n\nTexto.\n",
    );
    let run = site.build();
    assert_eq!(run.status, 1);
    let root = site.path().display();
    assert!(
        run.stderr.contains(&format!(
            "error: the translation_key `food` is also used by {root}/content/es/comida.md\n"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("--> {root}/content/es/otra-comida.md:4:18\n")),
        "at the key's value: {}",
        run.stderr
    );

    let site = TempSite::from_fixture("languages");
    std::fs::remove_dir_all(site.path().join("content/fr")).unwrap();
    let run = site.build();
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("error: the language `fr` has no folder content/fr/\n"),
        "{}",
        run.stderr
    );
    // At the `languages:` key (line 4), not at the entry for `fr`.
    assert!(
        run.stderr
            .contains(&format!("--> {}/site.yaml:4:1\n", site.path().display())),
        "{}",
        run.stderr
    );

    let site = TempSite::from_fixture("languages");
    let yaml = site.read("site.yaml").replace("code: fr", "code: French!");
    site.write("site.yaml", yaml);
    let run = site.build();
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("error: `French!` is not a language code\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("--> {}/site.yaml:8:5\n", site.path().display())),
        "{}",
        run.stderr
    );
}
