//! The words themselves: figures without a source. How hard they are to read is
//! [`super::reading_level`]'s; the claims reviewers flag are in [`super::claims`].

use super::place::{place_in_source, sentences};
use super::{Rule, Severity, claims, finding};
use crate::diagnostic::Diagnostic;
use crate::edition::Edition;
use crate::markdown::ProseBlock;

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

pub fn check(edition: &Edition, scope: super::Scope, out: &mut Vec<Diagnostic>) {
    let config = edition.config();
    // A topic pack adds the words that make a number a figure in its subject ("6 infusions").
    let topic_units = claims::figure_units(&config.claims);
    for (i, page) in edition
        .content()
        .pages
        .iter()
        .enumerate()
        .filter(|(i, _)| scope.has(*i))
    {
        // Cannot fail: `rendered` holds one entry per page, in the same order.
        let blocks = &edition.rendered()[i].prose_blocks;
        for block in blocks {
            if let Some(figure) = unsupported_figure(block, &topic_units) {
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
        }
    }
}

/// The first number-with-a-unit in a block that cites nothing, unless it is the clinic's own
/// experience.
fn unsupported_figure(block: &ProseBlock, topic_units: &[&str]) -> Option<String> {
    let lower = block.text.to_lowercase();
    if block.has_reference || OWN_EXPERIENCE.iter().any(|o| lower.contains(o)) {
        return None;
    }
    let is_unit = |n: &str| UNITS.contains(&n) || topic_units.contains(&n);
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
                || next.as_deref().is_some_and(is_unit)
                || after_range.as_deref().is_some_and(is_unit);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn unsupported_figure_in(block: &ProseBlock) -> Option<String> {
        unsupported_figure(block, &[])
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
            unsupported_figure_in(&block("About 52% respond within a day.", false)).as_deref(),
            Some("52% respond within")
        );
        assert_eq!(
            unsupported_figure_in(&block("Relief lasts 2 to 6 weeks.", false)).as_deref(),
            Some("2 to 6")
        );
        assert_eq!(
            unsupported_figure_in(&block("Relief lasts 2 to 6 weeks.", true)),
            None
        );
        assert_eq!(
            unsupported_figure_in(&block(
                "In our clinic, relief differs. It lasts 2 to 6 weeks.",
                false
            )),
            None
        );
        assert_eq!(
            unsupported_figure_in(&block("Call or text 988 any time.", false)),
            None
        );
        assert_eq!(
            unsupported_figure_in(&block(
                "In common clinic practice, maintenance comes every 3 to 5 weeks.",
                false
            )),
            None
        );
        assert!(
            unsupported_figure_in(&block("Maintenance comes every 3 to 5 weeks.", false)).is_some()
        );
        // A topic pack's words make a count a figure only on a site that uses the pack.
        let count = block("Most people have 6 infusions in all.", false);
        assert_eq!(unsupported_figure_in(&count), None);
        assert_eq!(
            unsupported_figure(&count, &["infusions"]).as_deref(),
            Some("6 infusions in")
        );
    }
}
