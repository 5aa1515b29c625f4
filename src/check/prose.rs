//! The words themselves: figures without a source, and claims that patient-education
//! reviewers flag on ketamine sites. How hard they are to read is [`super::reading_level`]'s.

use super::{Rule, Severity, finding};
use crate::config::ClaimRule;
use crate::diagnostic::Diagnostic;
use crate::edition::Edition;
use crate::markdown::ProseBlock;
use crate::readability;

/// Words after a number that make it a figure a patient may act on (a dose, a duration, a
/// share of people), which needs a reference.
const UNITS: &[&str] = &[
    "%",
    "percent",
    "per",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "hour",
    "hours",
    "minute",
    "minutes",
    "mg",
    "kg",
    "infusion",
    "infusions",
    "people",
    "patients",
    "times",
    "sessions",
    "doses",
    "out",
    // Spanish
    "ciento",
    "por",
    "día",
    "días",
    "semana",
    "semanas",
    "mes",
    "meses",
    "año",
    "años",
    "hora",
    "horas",
    "minuto",
    "minutos",
    "infusión",
    "infusiones",
    "personas",
    "pacientes",
    "veces",
    "sesiones",
    "dosis",
    "de",
];

/// Sentences that say a figure is the clinic's own experience are not research claims.
const OWN_EXPERIENCE: &[&str] = &[
    "our clinic",
    "in our experience",
    "many of our patients",
    "nuestra clínica",
    "nuestra experiencia",
    "nuestros pacientes",
    // Usual practice, said as such, is not a research figure either.
    "clinic practice",
    "práctica habitual",
    "práctica de las clínicas",
];

pub fn default_claims() -> Vec<ClaimRule> {
    let rule =
        |phrase: &str, near: &[&str], unless: &[&str], reason: &str, suggestion: &str| ClaimRule {
            phrase: phrase.into(),
            near: near.iter().map(|s| s.to_string()).collect(),
            unless: unless.iter().map(|s| s.to_string()).collect(),
            reason: reason.into(),
            suggestion: suggestion.into(),
        };
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
    let mut rules = vec![
        rule(
            "FDA approved",
            &["ketamine"],
            fda_unless,
            fda_reason,
            fda_suggestion,
        ),
        rule(
            "FDA-approved",
            &["ketamine"],
            fda_unless,
            fda_reason,
            fda_suggestion,
        ),
        rule(
            "approved by the FDA",
            &["ketamine"],
            fda_unless,
            fda_reason,
            fda_suggestion,
        ),
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
            "guaranteed",
            &[],
            &[
                "not", "no", "cannot", "can't", "promise", "promises", "claim", "claims",
            ],
            "results vary from person to person; nothing is guaranteed",
            "\"many patients\" or \"in studies, about half of people\"",
        ),
        rule(
            "guarantee",
            &[],
            &["not", "no", "cannot", "can't"],
            "results vary from person to person; nothing is guaranteed",
            "\"many patients\"",
        ),
        rule(
            "100%",
            &[],
            &[],
            "no treatment works for everyone",
            "give the figure from a study, with its reference",
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
            "ketamine can be misused; it is a Schedule III controlled medicine in the US",
            "\"ketamine can be misused, so it is given only in the clinic, with monitoring\"",
        ),
        rule(
            "not addictive",
            &[],
            &[],
            "ketamine can be misused; it is a Schedule III controlled medicine in the US",
            "\"ketamine can be misused, so it is given only in the clinic, with monitoring\"",
        ),
    ];
    // The same claims in Spanish, with Spanish wording to use instead.
    let fda_es_unless = &[
        "anestésico",
        "anestesia",
        "esketamina",
        "fuera de indicación",
        "off-label",
    ];
    let fda_es_reason = "la FDA aprobó la ketamina como anestésico; para la depresión solo aprobó el aerosol nasal de esketamina (Spravato), así que las infusiones de ketamina son de uso fuera de indicación";
    let fda_es_suggestion = "\"La FDA aprobó la ketamina como anestésico; usarla para la depresión es un uso fuera de indicación.\"";
    for phrase in ["aprobada por la FDA", "aprobado por la FDA"] {
        rules.push(rule(
            phrase,
            &["ketamina"],
            fda_es_unless,
            fda_es_reason,
            fda_es_suggestion,
        ));
    }
    let no_es = &[
        "no",
        "nunca",
        "ningún",
        "ninguna",
        "promete",
        "prometer",
        "prometemos",
    ];
    rules.extend([
        rule(
            "cura",
            &["ketamina", "depresión", "dolor", "tratamiento"],
            no_es,
            "ningún tratamiento de la depresión, el TEPT o el dolor es una cura",
            "\"puede aliviar los síntomas\"",
        ),
        rule(
            "garantiza",
            &[],
            no_es,
            "los resultados cambian de una persona a otra; nada está garantizado",
            "\"muchos pacientes\"",
        ),
        rule(
            "garantizado",
            &[],
            no_es,
            "los resultados cambian de una persona a otra; nada está garantizado",
            "\"muchos pacientes\"",
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

pub fn check(edition: &Edition, out: &mut Vec<Diagnostic>) {
    let config = edition.config();
    let claims = config.claims.clone().unwrap_or_else(default_claims);
    for (i, page) in edition.content().pages.iter().enumerate() {
        // Cannot fail: `rendered` holds one entry per page, in the same order.
        let blocks = &edition.rendered()[i].prose_blocks;
        for block in blocks {
            if let Some(figure) = unsupported_figure(block) {
                out.push(finding(
                    Rule::UnsupportedFigure,
                    Severity::Warning,
                    &page.file,
                    &page.text,
                    place_in_source(&page.text, block.offset, None, &figure),
                    format!("the figure \"{figure}\" has no reference in this paragraph"),
                    "add the source as a footnote ([^r1]) in the same paragraph; if it is your clinic's own experience, say so (\"in our clinic\")",
                ));
            }
            for sentence in sentences(&block.text) {
                for rule in &claims {
                    if claim_applies(rule, sentence) {
                        out.push(finding(
                            Rule::Claim,
                            Severity::Warning,
                            &page.file,
                            &page.text,
                            place_in_source(&page.text, block.offset, Some(sentence), &rule.phrase),
                            format!("\"{}\": {}", rule.phrase, rule.reason),
                            format!("say instead {}", rule.suggestion),
                        ));
                    }
                }
            }
        }
    }
}

/// The sentences of a block, split by the readability module's rules (abbreviations and
/// decimals do not end a sentence).
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    readability::split_sentences(text)
        .into_iter()
        .map(|(_, s)| s)
}

/// The first number-with-a-unit in a block that cites nothing, unless it is the clinic's own
/// experience.
fn unsupported_figure(block: &ProseBlock) -> Option<String> {
    let lower = block.text.to_lowercase();
    if block.has_reference || OWN_EXPERIENCE.iter().any(|o| lower.contains(o)) {
        return None;
    }
    for sentence in sentences(&block.text) {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        for (k, w) in words.iter().enumerate() {
            let token = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%');
            if !token.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                continue;
            }
            let next = words.get(k + 1).map(|n| {
                n.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            });
            // "6 to 8 weeks", "3–5 weeks": look past a range.
            let after_range =
                if matches!(next.as_deref(), Some("to" | "or" | "and" | "a" | "o" | "y")) {
                    words.get(k + 3)
                } else {
                    None
                }
                .map(|n| {
                    n.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                });
            // "52 %" is how Spanish and French write a percentage.
            let is_figure = token.ends_with('%')
                || words.get(k + 1).is_some_and(|n| n.starts_with('%'))
                || next.as_deref().is_some_and(|n| UNITS.contains(&n))
                || after_range.as_deref().is_some_and(|n| UNITS.contains(&n));
            if is_figure {
                // Cannot fail: `k` enumerates `words` and `end` is capped at its length.
                let end = (k + 3).min(words.len());
                return Some(
                    words[k..end]
                        .join(" ")
                        .trim_end_matches([',', '.', ';', ':'])
                        .to_string(),
                );
            }
        }
    }
    None
}

/// Where `phrase` (found in a block's plain text, in `sentence`) is written in the page's
/// source, so that a finding points at the words themselves: searched from the block's start
/// (and from the sentence's first words, when they are written as they read), ignoring ASCII
/// case; the block's start when markup in between hides it.
fn place_in_source(source: &str, block: usize, sentence: Option<&str>, phrase: &str) -> usize {
    // Blocks are short: look no further than this past their start.
    const WINDOW: usize = 4000;
    let find = |from: usize, needle: &str| -> Option<usize> {
        let end = (from + WINDOW).min(source.len());
        let hay = source.get(from..end)?.to_ascii_lowercase();
        let needle = needle.to_ascii_lowercase();
        (!needle.is_empty())
            .then(|| hay.find(&needle))
            .flatten()
            .map(|i| from + i)
    };
    let start = sentence
        .and_then(|s| {
            let prefix: String = s.trim().chars().take(24).collect();
            find(block, &prefix)
        })
        .unwrap_or(block);
    find(start, phrase)
        .or_else(|| find(block, phrase))
        .unwrap_or(block)
}

fn contains_word(haystack: &str, needle: &str) -> bool {
    let h = haystack.to_lowercase();
    let n = needle.to_lowercase();
    // An empty needle is found everywhere without moving on (site.yaml rejects one anyway).
    if n.is_empty() {
        return false;
    }
    let mut from = 0;
    // Cannot fail: `start` is where `find` met `n` in `h`, so `end` is at a char boundary too.
    while let Some(i) = h[from..].find(&n) {
        let start = from + i;
        let end = start + n.len();
        let before_ok = h[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '-');
        let after_ok = h[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() && c != '-');
        if before_ok && after_ok {
            return true;
        }
        from = end;
    }
    false
}

fn claim_applies(rule: &ClaimRule, sentence: &str) -> bool {
    contains_word(sentence, &rule.phrase)
        && (rule.near.is_empty() || rule.near.iter().any(|n| contains_word(sentence, n)))
        && !rule.unless.iter().any(|u| contains_word(sentence, u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_point_at_the_words_in_the_source() {
        let source = "---\ntitle: T\n---\n\nIt helps. **Nothing** is guaranteed here, and nothing is *guaranteed* there.\n";
        let block = source.find("It helps").unwrap();
        let second = "and nothing is guaranteed there.";
        let at = place_in_source(
            source,
            block,
            Some("Nothing is guaranteed here, and"),
            "guaranteed",
        );
        assert_eq!(&source[at..at + 10], "guaranteed");
        assert_eq!(at, source.find("guaranteed").unwrap());
        // A sentence written with markup inside still finds its phrase after the block start.
        let at = place_in_source(source, block, Some(second), "guaranteed");
        assert_eq!(&source[at..at + 10], "guaranteed");
        // A phrase hidden by markup falls back to the block's start.
        assert_eq!(
            place_in_source(source, block, None, "nothing is guaranteed there"),
            block
        );
    }

    fn block(text: &str, has_reference: bool) -> ProseBlock {
        ProseBlock {
            text: text.into(),
            offset: 0,
            has_reference,
        }
    }

    #[test]
    fn figures_need_a_reference_unless_they_are_the_clinics_own() {
        assert_eq!(
            unsupported_figure(&block("About 52% respond within a day.", false)).as_deref(),
            Some("52% respond within")
        );
        assert_eq!(
            unsupported_figure(&block("Relief lasts 2 to 6 weeks.", false)).as_deref(),
            Some("2 to 6")
        );
        assert_eq!(
            unsupported_figure(&block("Relief lasts 2 to 6 weeks.", true)),
            None
        );
        assert_eq!(
            unsupported_figure(&block(
                "In our clinic, relief differs. It lasts 2 to 6 weeks.",
                false
            )),
            None
        );
        assert_eq!(
            unsupported_figure(&block("Call or text 988 any time.", false)),
            None
        );
        assert_eq!(
            unsupported_figure(&block(
                "In common clinic practice, maintenance comes every 3 to 5 weeks.",
                false
            )),
            None
        );
        assert!(
            unsupported_figure(&block("Maintenance comes every 3 to 5 weeks.", false)).is_some()
        );
    }

    #[test]
    fn claims_respect_context() {
        let claims = default_claims();
        let flagged = |s: &str| claims.iter().any(|r| claim_applies(r, s));
        assert!(flagged("Ketamine is FDA approved for depression."));
        assert!(!flagged("Ketamine is FDA-approved as an anesthetic."));
        assert!(!flagged("Esketamine (Spravato) was FDA approved in 2019."));
        assert!(flagged("Our infusions are a cure."));
        assert!(!flagged("Ketamine is not a cure."));
        assert!(!flagged("Be careful with any ad that promises a cure."));
        assert!(
            !flagged("Many people secure a ride home."),
            "whole words only"
        );
        assert!(flagged("Results are guaranteed."));
        assert!(flagged("It is non-addictive."));
        assert!(flagged("There are no side effects."));
    }
}
