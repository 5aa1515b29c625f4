//! The `ketamine` pack: claims reviewers flag on sites about ketamine infusion therapy (its
//! FDA approval, its side effects, misuse), in English and Spanish. Its rules for "cure" and
//! "no side effects" replace the general pack's with words about ketamine.

use super::{ClaimRule, rule};

/// "6 infusions", "3 infusiones": a dose count on a ketamine site is a figure.
pub const FIGURE_UNITS: &[&str] = &["infusion", "infusions", "infusión", "infusiones"];

pub fn rules(language: &str) -> Vec<ClaimRule> {
    match language {
        "en" => english(),
        "es" => spanish(),
        _ => Vec::new(),
    }
}

fn english() -> Vec<ClaimRule> {
    let fda_unless = &[
        "esketamine",
        "spravato",
        "anesthetic",
        "anaesthetic",
        "anesthesia",
        "not",
        "off-label",
    ];
    let fda_reason = "the FDA approved ketamine as an anesthetic; for depression only esketamine nasal spray (Spravato) is approved, so ketamine infusions are off-label";
    let fda_suggestion =
        "\"Ketamine is FDA-approved as an anesthetic; using it for depression is off-label.\"";
    let mut rules: Vec<ClaimRule> = ["FDA approved", "FDA-approved", "approved by the FDA"]
        .iter()
        .map(|phrase| {
            rule(
                phrase,
                &["ketamine"],
                fda_unless,
                fda_reason,
                fda_suggestion,
            )
        })
        .collect();
    let misuse_reason =
        "ketamine can be misused; it is a Schedule III controlled medicine in the US";
    let misuse_suggestion =
        "\"ketamine can be misused, so it is given only in the clinic, with monitoring\"";
    rules.extend([
        rule(
            "cure",
            &[],
            &[
                "not", "no", "never", "isn't", "promise", "promises", "claim", "claims",
            ],
            "no treatment for depression, PTSD or pain is a cure; promising one misleads patients in distress",
            "\"may ease symptoms\" or \"helps many people feel better\"",
        ),
        rule(
            "cures",
            &[],
            &[
                "not", "no", "never", "promise", "promises", "claim", "claims",
            ],
            "no treatment for depression, PTSD or pain is a cure",
            "\"may ease symptoms\"",
        ),
        rule(
            "no side effects",
            &[],
            &[],
            "ketamine has side effects (dissociation, nausea, a rise in blood pressure), usually short-lived",
            "\"side effects are usually mild and pass within an hour or two\"",
        ),
        rule(
            "non-addictive",
            &[],
            &[],
            misuse_reason,
            misuse_suggestion,
        ),
        rule(
            "not addictive",
            &[],
            &[],
            misuse_reason,
            misuse_suggestion,
        ),
    ]);
    rules
}

fn spanish() -> Vec<ClaimRule> {
    let fda_unless = &[
        "anestésico",
        "anestesia",
        "esketamina",
        "fuera de indicación",
        "off-label",
    ];
    let fda_reason = "la FDA aprobó la ketamina como anestésico; para la depresión solo aprobó el aerosol nasal de esketamina (Spravato), así que las infusiones de ketamina son de uso fuera de indicación";
    let fda_suggestion = "\"La FDA aprobó la ketamina como anestésico; usarla para la depresión es un uso fuera de indicación.\"";
    let mut rules: Vec<ClaimRule> = ["aprobada por la FDA", "aprobado por la FDA"]
        .iter()
        .map(|phrase| {
            rule(
                phrase,
                &["ketamina"],
                fda_unless,
                fda_reason,
                fda_suggestion,
            )
        })
        .collect();
    rules.extend([
        rule(
            "cura",
            &["ketamina", "depresión", "dolor", "tratamiento"],
            &[
                "no",
                "nunca",
                "ningún",
                "ninguna",
                "promete",
                "prometer",
                "prometemos",
            ],
            "ningún tratamiento de la depresión, el TEPT o el dolor es una cura",
            "\"puede aliviar los síntomas\"",
        ),
        rule(
            "sin efectos secundarios",
            &[],
            &[],
            "la ketamina tiene efectos secundarios (disociación, náuseas, subida de la presión), casi siempre breves",
            "\"los efectos secundarios suelen ser leves y pasar en una o dos horas\"",
        ),
        rule(
            "no es adictiva",
            &[],
            &[],
            "la ketamina se puede usar mal; en EE. UU. es un medicamento controlado de la Lista III",
            "\"la ketamina se puede usar mal, por eso solo se da en la clínica, con vigilancia\"",
        ),
    ]);
    rules
}
