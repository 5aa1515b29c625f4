//! Tests of reading and checking `site.yaml`.

use super::*;

/// Checks that `site.yaml` holding `text` is refused at `location`, saying `message`, with a
/// hint that contains `hint`.
fn assert_error(text: &str, location: &str, message: &str, hint: &str) {
    let e = parse(text, Path::new("site.yaml")).expect_err(text);
    assert_eq!(e.location().as_deref(), Some(location), "{text}");
    assert_eq!(e.message, message, "{text}");
    let help = e.hint.unwrap_or_default();
    assert!(help.contains(hint), "{text}: the hint is {help:?}");
}

#[test]
fn base_url_is_normalized_and_split() {
    let mut c = Config {
        base_url: normalize_base_url("https://x.org/clinic/").unwrap(),
        ..Config::default()
    };
    assert_eq!(c.base_url, "https://x.org/clinic");
    assert_eq!(c.root_path(), "/clinic/");
    assert_eq!(c.origin(), "https://x.org");
    c.base_url = normalize_base_url("https://x.org").unwrap();
    assert_eq!(c.root_path(), "/");
    assert_eq!(
        normalize_base_url("x.org"),
        Err("base_url `x.org` must start with https:// or http://".into())
    );
    assert_eq!(
        normalize_base_url("https://x.org/\"><script>"),
        Err(
            "base_url `https://x.org/\"><script>` must not contain ?, #, quotes or angle brackets"
                .into()
        )
    );
    assert_eq!(
        normalize_base_url("https://my clinic.org"),
        Err("base_url `https://my clinic.org` is not a web address".into())
    );
    // In site.yaml the error is at the value, with a hint.
    assert_error(
        "title: A\nbase_url: x.org\n",
        "site.yaml:2:11",
        "base_url `x.org` must start with https:// or http://",
        "write the full address where the site will be published",
    );
}

#[test]
fn language_codes_theme_and_review_interval_are_errors_at_their_value() {
    assert_error(
        "language: EN_us\n",
        "site.yaml:1:11",
        "`en_us` is not a language code",
        "use a code like en, es or en-us",
    );
    // Other languages: at their entry in the list.
    assert_error(
        "languages:\n  - code: es\n  - code: Es!\n",
        "site.yaml:3:5",
        "`Es!` is not a language code",
        "give each language a lowercase code",
    );
    assert_error(
        "language: es\nlanguages:\n  - code: fr\n  - code: es\n",
        "site.yaml:4:5",
        "the language `es` is listed twice",
        "list each other language once",
    );
    assert_error(
        "theme: ../x\n",
        "site.yaml:1:8",
        "`../x` is not a theme name",
        "use the name of a folder under themes/",
    );
    assert_error(
        "review_interval_months: 0\n",
        "site.yaml:1:25",
        "review_interval_months must be between 1 and 60",
        "every 12 to 36 months",
    );
}

#[test]
fn crisis_and_navigation_mistakes_are_errors_at_their_key() {
    assert_error(
        "title: A\ncrisis:\n  preset: custom\n  text: Help\n",
        "site.yaml:2:1",
        "a custom crisis notice needs `text` and at least one of `actions`",
        "or use preset: us or preset: uk",
    );
    assert_error(
        "crisis:\n  last_reviewed: 2026-02-30\n",
        "site.yaml:1:1",
        "crisis last_reviewed `2026-02-30` is not a valid date",
        "write it as year-month-day",
    );
    assert_error(
        "navigation:\n  - title: Home\n",
        "site.yaml:1:1",
        "navigation entry 1 (\"Home\") needs exactly one of `page` or `url`",
        "use `page: risks.md` for a page of this site",
    );
}

#[test]
fn phone_href_keeps_digits_and_leading_plus() {
    let clinic = Clinic {
        phone: Some("+1 (555) 010-0199".into()),
        ..Clinic::default()
    };
    assert_eq!(clinic.phone_href().as_deref(), Some("tel:+15550100199"));
}

#[test]
fn unknown_key_in_site_yaml_suggests_the_closest() {
    let text = "title: A\ndescripton: B\n";
    let e = yaml::parse::<Config>(&source(Path::new("site.yaml"), text)).unwrap_err();
    assert_eq!(e.location().unwrap(), "site.yaml:2:1");
    assert!(e.hint.unwrap().contains("did you mean `description`?"));
}

#[test]
fn empty_claim_words_are_rejected() {
    let rule = "claims:\n  - phrase: cures\n    reason: r\n    suggestion: s\n";
    assert!(parse(rule, Path::new("site.yaml")).is_ok());
    assert_error(
        "claims:\n  - phrase: \"\"\n    reason: r\n    suggestion: s\n",
        "site.yaml:1:1",
        "claim 1 has an empty `phrase`",
        "write the words to look for",
    );
    assert_error(
        &format!("{rule}    near: [ketamine, \"\"]\n"),
        "site.yaml:1:1",
        "the claim \"cures\" has an empty entry in `near` or `unless`",
        "remove the empty entry",
    );
}

#[test]
fn claims_name_packs_or_list_the_sites_own_rules() {
    let c = parse("claims: { packs: [ketamine] }\n", Path::new("site.yaml")).unwrap();
    assert_eq!(c.claims.packs, [ClaimPack::Ketamine]);
    assert_eq!(
        c.claims.active_packs(),
        [ClaimPack::General, ClaimPack::Ketamine]
    );
    let map = "claims:\n  packs: [general]\n  rules:\n    - phrase: heals all\n      reason: r\n      suggestion: s\n";
    let c = parse(map, Path::new("site.yaml")).unwrap();
    assert_eq!(c.claims.rules[0].phrase, "heals all");
    assert!(!c.claims.rules_replace_packs);
    // The list form, as before packs existed: the site's rules replace every pack.
    let list = "claims:\n  - phrase: cures\n    reason: r\n    suggestion: s\n";
    let c = parse(list, Path::new("site.yaml")).unwrap();
    assert!(c.claims.rules_replace_packs);
    assert!(c.claims.active_packs().is_empty());
    // No `claims:` at all: the general pack only.
    let c = parse("title: A\n", Path::new("site.yaml")).unwrap();
    assert_eq!(c.claims.active_packs(), [ClaimPack::General]);
}

#[test]
fn an_unknown_claim_pack_is_an_error_at_its_name_with_the_list_of_packs() {
    assert_error(
        "title: A\nclaims: { packs: [ketamin] }\n",
        "site.yaml:2:19",
        "`ketamin` is not one of the values allowed here (in `claims.packs[0]`)",
        "did you mean `ketamine`? the values allowed here are: general, ketamine",
    );
    assert_error(
        "title: A\nclaims:\n  packs:\n    - general\n    - diabetes\n",
        "site.yaml:5:7",
        "`diabetes` is not one of the values allowed here (in `claims.packs[1]`)",
        "the values allowed here are: general, ketamine",
    );
    assert_error(
        "claims:\n  pack: [ketamine]\n",
        "site.yaml:2:3",
        "unknown key `pack` (in `claims`)",
        "did you mean `packs`?",
    );
}
