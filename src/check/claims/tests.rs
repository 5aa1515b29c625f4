//! Tests of the claim packs: which sentences each flags, in which language, with which words.

use super::*;

fn packs(names: &[ClaimPack]) -> ClaimsConfig {
    ClaimsConfig {
        packs: names.to_vec(),
        ..ClaimsConfig::default()
    }
}

/// The rule that flags `sentence` (in a paragraph without a reference), if any.
fn flagged_by(claims: &ClaimsConfig, language: &str, sentence: &str) -> Option<ClaimRule> {
    rules_for(claims, language)
        .into_iter()
        .find(|r| claim_applies(r, sentence, false))
}

#[test]
fn the_general_pack_flags_a_cure_on_any_subject_and_names_no_condition() {
    let general = ClaimsConfig::default();
    let rule = flagged_by(&general, "en", "This diet cures diabetes.").expect("flagged");
    assert_eq!(rule.phrase, "cures");
    for topic in [
        "diabetes",
        "depression",
        "ptsd",
        "pain",
        "ketamine",
        "parkinson",
    ] {
        let words = format!("{} {}", rule.reason, rule.suggestion).to_lowercase();
        assert!(!words.contains(topic), "{topic} in {words}");
    }
    // None of the general pack's words, in any language, names a condition or a treatment.
    for language in ["en", "es", "fr", "de"] {
        let rules = rules_for(&general, language);
        assert!(rules.len() >= 10, "{language}: {}", rules.len());
        for r in rules {
            let words = format!("{} {}", r.reason, r.suggestion).to_lowercase();
            for topic in [
                "ketamin", "depres", "diabet", "ptsd", "tept", "fda", "dolor ",
            ] {
                assert!(!words.contains(topic), "{language} {}: {words}", r.phrase);
            }
        }
    }
    assert!(flagged_by(&general, "en", "Diet changes are not a cure.").is_none());
    assert!(flagged_by(&general, "en", "Many people secure a ride home.").is_none());
    assert!(flagged_by(&general, "en", "Our program is 100% effective.").is_some());
    assert!(flagged_by(&general, "en", "We refund 100% of the fee.").is_none());
    assert!(flagged_by(&general, "en", "The surgery is risk-free.").is_some());
    assert!(flagged_by(&general, "en", "No surgery is risk-free.").is_none());
}

#[test]
fn claims_of_proof_are_flagged_only_without_a_reference_in_the_paragraph() {
    let rules = rules_for(&ClaimsConfig::default(), "en");
    let proven = "This exercise plan is clinically proven.";
    assert!(rules.iter().any(|r| claim_applies(r, proven, false)));
    assert!(!rules.iter().any(|r| claim_applies(r, proven, true)));
    let safe = "The vaccine is safe and effective.";
    assert!(rules.iter().any(|r| claim_applies(r, safe, false)));
    assert!(!rules.iter().any(|r| claim_applies(r, safe, true)));
}

#[test]
fn spanish_french_and_german_pages_get_their_own_phrases() {
    let general = ClaimsConfig::default();
    let es = flagged_by(&general, "es", "Esta dieta cura la diabetes.").expect("es");
    assert_eq!(es.phrase, "cura");
    assert!(es.reason.starts_with("prometer una cura"), "{}", es.reason);
    assert!(flagged_by(&general, "es-mx", "El resultado está garantizado.").is_some());
    assert!(flagged_by(&general, "es", "Ningún tratamiento es una cura.").is_none());
    let fr = flagged_by(&general, "fr", "Ce régime guérit le diabète.").expect("fr");
    assert_eq!(fr.phrase, "guérit");
    assert!(flagged_by(&general, "fr", "Ce régime ne guérit pas le diabète.").is_none());
    assert!(flagged_by(&general, "fr", "Un traitement sans effets secondaires.").is_some());
    let de = flagged_by(&general, "de", "Diese Diät heilt Diabetes.").expect("de");
    assert_eq!(de.phrase, "heilt");
    assert!(flagged_by(&general, "de", "Diese Diät heilt Diabetes nicht.").is_none());
    // A language with no table gets no rules; English phrases are not looked for there.
    assert!(rules_for(&general, "it").is_empty());
    assert!(flagged_by(&general, "es", "This diet cures diabetes.").is_none());
}

#[test]
fn the_ketamine_pack_runs_only_when_named_and_says_what_it_said_before() {
    let general = ClaimsConfig::default();
    let ketamine = packs(&[ClaimPack::Ketamine]);
    let fda = "Ketamine is FDA approved for depression.";
    assert!(
        flagged_by(&general, "en", fda).is_none(),
        "not without the pack"
    );
    let rule = flagged_by(&ketamine, "en", fda).expect("with the pack");
    assert!(
        rule.reason
            .starts_with("the FDA approved ketamine as an anesthetic")
    );
    assert!(
        flagged_by(
            &ketamine,
            "en",
            "Ketamine is FDA-approved as an anesthetic."
        )
        .is_none()
    );
    assert!(
        flagged_by(
            &ketamine,
            "en",
            "Esketamine (Spravato) was FDA approved in 2019."
        )
        .is_none()
    );
    assert!(flagged_by(&ketamine, "en", "It is non-addictive.").is_some());
    assert!(flagged_by(&general, "en", "It is non-addictive.").is_none());
    // Its words replace the general pack's for the same phrase: one finding, about ketamine.
    let cure: Vec<ClaimRule> = rules_for(&ketamine, "en")
        .into_iter()
        .filter(|r| claim_applies(r, "Our infusions are a cure.", false))
        .collect();
    assert_eq!(cure.len(), 1);
    assert!(
        cure[0]
            .reason
            .starts_with("no treatment for depression, PTSD or pain")
    );
    assert!(flagged_by(&ketamine, "en", "Results are guaranteed.").is_some());
    assert!(
        flagged_by(
            &ketamine,
            "es",
            "La ketamina está aprobada por la FDA para la depresión."
        )
        .is_some()
    );
    assert!(
        flagged_by(
            &general,
            "es",
            "La ketamina está aprobada por la FDA para la depresión."
        )
        .is_none()
    );
    // "6 infusions" is a figure on a ketamine site only.
    assert!(figure_units(&general).is_empty());
    assert!(figure_units(&ketamine).contains(&"infusions"));
}

#[test]
fn the_sites_own_rules_add_to_the_packs_or_replace_them() {
    let own = rule("heals everything", &[], &[], "r", "s");
    let added = ClaimsConfig {
        rules: vec![own.clone()],
        ..ClaimsConfig::default()
    };
    assert!(flagged_by(&added, "en", "This tea heals everything.").is_some());
    assert!(flagged_by(&added, "en", "This diet cures diabetes.").is_some());
    let replacing = ClaimsConfig {
        rules: vec![own],
        rules_replace_packs: true,
        ..ClaimsConfig::default()
    };
    assert!(flagged_by(&replacing, "en", "This tea heals everything.").is_some());
    assert!(flagged_by(&replacing, "en", "This diet cures diabetes.").is_none());
    // The site's own rules apply in every language.
    assert!(flagged_by(&replacing, "fr", "This tea heals everything.").is_some());
}
