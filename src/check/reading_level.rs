//! The reading level of each article, by the formulas made for its edition's language
//! ([`readability::Language`]); a note, once per edition, where careleaf has none.
//!
//! The grade is compared as it is shown, rounded to one decimal: a page shown as grade 8.0 is
//! not "above 8".

use super::{Rule, Severity, finding};
use crate::content::{Page, PageKind};
use crate::diagnostic::Diagnostic;
use crate::edition::Edition;
use crate::markdown::ReadingUnit;
use crate::readability::{self, Analysis, Language, Scores};
use crate::yaml::{self, PathSeg};
use serde::Serialize;

pub fn check(edition: &Edition, scope: super::Scope, out: &mut Vec<Diagnostic>) {
    let config = edition.config();
    let Some(language) = Language::of(&config.language) else {
        let articles = articles(edition, scope).count();
        if articles > 0 {
            out.push(no_formula(edition, articles));
        }
        return;
    };
    for (page, units) in articles(edition, scope) {
        let analysis = analyze(units, language);
        let grade = shown(analysis.scores.grade);
        if grade <= config.reading_grade_target {
            continue;
        }
        let hardest: Vec<String> = analysis
            .hardest(3)
            .iter()
            .map(|s| {
                let (line, _) = crate::diagnostic::line_col(&page.text, s.offset);
                format!("line {line}: \"{}\"", shorten(&s.text))
            })
            .collect();
        // Cannot fail: `articles` gives only pages with at least one unit.
        let first = analysis
            .hardest(1)
            .first()
            .map_or(units[0].offset, |s| s.offset);
        out.push(finding(
            Rule::ReadingGrade,
            Severity::Warning,
            &page.file,
            &page.text,
            first,
            format!(
                "reading grade {grade:.1} is above the target of {} ({})",
                config.reading_grade_target,
                describe(language, &analysis.scores)
            ),
            format!(
                "shorten these sentences and use everyday words: {}",
                hardest.join("; ")
            ),
        ));
    }
}

/// Reading scores of every article, rounded to one decimal as they are shown; none for a
/// language careleaf has no formula for.
pub fn scores(edition: &Edition) -> Vec<super::PageScores> {
    let Some(language) = Language::of(&edition.config().language) else {
        return Vec::new();
    };
    let names = language.formulas();
    let formulas = [Some(names.grade), Some(names.reading_ease), names.third]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" / ");
    articles(edition, super::Scope::All)
        .map(|(page, units)| {
            let s = analyze(units, language).scores;
            super::PageScores {
                file: page.file.clone(),
                grade: shown(s.grade),
                reading_ease: shown(s.reading_ease),
                smog: s.smog.map(shown),
                formulas: formulas.clone(),
                words: s.words,
            }
        })
        .collect()
}

/// The reading grade of one article, with its hardest sentences (for the page editor).
#[derive(Debug, Clone, Serialize)]
pub struct PageReading {
    pub grade: f64,
    pub target: f64,
    pub formula: &'static str,
    /// The three hardest sentences: line (1-based) and text.
    pub hardest: Vec<(usize, String)>,
}

/// [`PageReading`] for page `i`; None without prose, reading units or a formula.
pub fn of_page(edition: &Edition, i: usize) -> Option<PageReading> {
    let language = Language::of(&edition.config().language)?;
    let page = edition.content().pages.get(i)?;
    let units = &edition.rendered().get(i)?.reading_units;
    if page.kind != PageKind::Page || units.is_empty() {
        return None;
    }
    let analysis = analyze(units, language);
    let hardest = analysis
        .hardest(3)
        .iter()
        .map(|s| {
            let (line, _) = crate::diagnostic::line_col(&page.text, s.offset);
            (line, shorten(&s.text))
        })
        .collect();
    Some(PageReading {
        grade: shown(analysis.scores.grade),
        target: edition.config().reading_grade_target,
        formula: language.formulas().grade,
        hardest,
    })
}

/// The articles of an edition that have prose, with their reading units.
fn articles(
    edition: &Edition,
    scope: super::Scope,
) -> impl Iterator<Item = (&Page, &[ReadingUnit])> {
    edition
        .content()
        .pages
        .iter()
        .zip(edition.rendered())
        .enumerate()
        .filter(move |(i, (p, r))| {
            scope.has(*i) && p.kind == PageKind::Page && !r.reading_units.is_empty()
        })
        .map(|(_, (p, r))| (p, r.reading_units.as_slice()))
}

fn analyze(units: &[ReadingUnit], language: Language) -> Analysis {
    let input: Vec<(&str, usize)> = units.iter().map(|u| (u.text.as_str(), u.offset)).collect();
    readability::analyze_in(&input, language)
}

/// A score as it is shown: rounded to one decimal.
fn shown(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Which formulas gave the scores, with the other scores: `Flesch–Kincaid; reading ease 62
/// (Flesch), SMOG 9.1`.
fn describe(language: Language, scores: &Scores) -> String {
    let names = language.formulas();
    let mut text = format!(
        "{}; reading ease {:.0} ({})",
        names.grade, scores.reading_ease, names.reading_ease
    );
    if let (Some(name), Some(value)) = (names.third, scores.smog) {
        text.push_str(&format!(", {name} {value:.1}"));
    }
    text
}

/// The note for an edition in a language careleaf cannot score, at the place `site.yaml`
/// names that language.
fn no_formula(edition: &Edition, articles: usize) -> Diagnostic {
    let loaded = edition.loaded();
    let code = &loaded.config.language;
    let place = match edition.language_dir() {
        None => yaml::key_position(&loaded.text, "language"),
        Some(_) => loaded
            .config
            .languages
            .iter()
            .position(|l| l.code == *code)
            .and_then(|i| {
                let path = [
                    PathSeg::Key("languages"),
                    PathSeg::Index(i),
                    PathSeg::Key("code"),
                ];
                yaml::path_position(&loaded.text, &path)
            }),
    };
    let (line, column) = place.unwrap_or((1, 1));
    let pages = if articles == 1 {
        "1 article is".to_string()
    } else {
        format!("{articles} articles are")
    };
    Diagnostic::at(
        &loaded.file,
        &loaded.text,
        line,
        column,
        format!("careleaf has no reading-level formula for `{code}`, so its {pages} not scored"),
    )
    .with_hint(
        "ask a reader from your audience to try the pages; `check_ignore: [reading-grade]` in site.yaml silences this note",
    )
    .as_finding(Rule::ReadingGrade, Severity::Warning)
}

/// At most 14 words of a sentence, for the hint.
fn shorten(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() <= 14 {
        words.join(" ")
    } else {
        // Cannot fail: there are more than 14 words here.
        format!("{} …", words[..14].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_are_compared_as_they_are_shown() {
        assert_eq!(shown(8.04), 8.0);
        assert!(shown(8.04) <= 8.0, "8.04 is shown as 8.0, not above 8");
        assert_eq!(shown(8.05000001), 8.1);
        assert_eq!(shown(7.96), 8.0);
        assert_eq!(shown(-0.04), 0.0);
    }

    #[test]
    fn the_finding_names_its_formulas() {
        let scores = Scores {
            grade: 9.0,
            reading_ease: 61.6,
            smog: Some(9.04),
            ..Scores::default()
        };
        assert_eq!(
            describe(Language::English, &scores),
            "Flesch–Kincaid; reading ease 62 (Flesch), SMOG 9.0"
        );
        let french = Scores {
            smog: None,
            ..scores
        };
        assert_eq!(
            describe(Language::French, &french),
            "Kandel–Moles on Flesch's grade table; reading ease 62 (Kandel–Moles)"
        );
        assert_eq!(
            describe(Language::German, &french),
            "Wiener Sachtextformel; reading ease 62 (Amstad)"
        );
    }
}
