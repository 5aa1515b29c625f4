//! The languages careleaf can score, and for each its syllable counter and formulas.
//!
//! | language | school grade (the check's target) | reading ease (0–100) | third score |
//! |---|---|---|---|
//! | English | Flesch–Kincaid | Flesch | SMOG |
//! | Spanish | Crawford | Fernández Huerta | SOL |
//! | French | Kandel–Moles, read on Flesch's table of grades | Kandel–Moles | — |
//! | German | Wiener Sachtextformel (first form) | Amstad | — |
//!
//! Any other language has no formula: [`Language::of`] gives `None` and the caller says so,
//! because an English formula on another language's words gives numbers that look exact and
//! mean nothing (French or Italian words have more syllables for the same difficulty).

use super::{Counts, french, german, spanish};

/// The language a text is scored in: each has its own syllable rules and formulas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    English,
    Spanish,
    French,
    German,
}

/// Names of a language's formulas, for messages and the JSON report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormulaNames {
    pub grade: &'static str,
    pub reading_ease: &'static str,
    /// SMOG or its adaptation, where the language has one.
    pub third: Option<&'static str>,
}

impl Language {
    /// The language of a code as `site.yaml` writes it (`es`, `es-MX`, `de_AT`); None when
    /// careleaf has no formula for it.
    pub fn of(code: &str) -> Option<Language> {
        let primary = code.split(['-', '_']).next().unwrap_or("").to_lowercase();
        match primary.as_str() {
            "en" => Some(Language::English),
            "es" => Some(Language::Spanish),
            "fr" => Some(Language::French),
            "de" => Some(Language::German),
            _ => None,
        }
    }

    pub fn formulas(self) -> FormulaNames {
        let (grade, reading_ease, third) = match self {
            Language::English => ("Flesch–Kincaid", "Flesch", Some("SMOG")),
            Language::Spanish => ("Crawford", "Fernández Huerta", Some("SOL")),
            Language::French => ("Kandel–Moles on Flesch's grade table", "Kandel–Moles", None),
            Language::German => ("Wiener Sachtextformel", "Amstad", None),
        };
        FormulaNames {
            grade,
            reading_ease,
            third,
        }
    }

    /// Syllables of one word, by this language's rules.
    pub fn count_syllables(self, word: &str) -> usize {
        match self {
            Language::English => super::count_syllables(word),
            Language::Spanish => spanish::count_syllables(word),
            Language::French => french::count_syllables(word),
            Language::German => german::count_syllables(word),
        }
    }

    /// The school grade of text with these counts, compared with `reading_grade_target`.
    pub fn grade(self, c: &Counts) -> f64 {
        match self {
            Language::English => super::flesch_kincaid_grade(c.words, c.sentences, c.syllables),
            Language::Spanish => spanish::crawford_grade(c.words, c.sentences, c.syllables),
            Language::French => french::grade_from_reading_ease(self.reading_ease(c)),
            Language::German => german::wiener_sachtextformel(c),
        }
    }

    /// Reading ease on Flesch's 0 (hard) to 100 (easy) scale.
    pub fn reading_ease(self, c: &Counts) -> f64 {
        match self {
            Language::English => super::flesch_reading_ease(c.words, c.sentences, c.syllables),
            Language::Spanish => spanish::fernandez_huerta(c.words, c.sentences, c.syllables),
            Language::French => french::kandel_moles(c.words, c.sentences, c.syllables),
            Language::German => german::amstad(c.words, c.sentences, c.syllables),
        }
    }

    /// SMOG (English) or SOL (Spanish); None where the language has no such formula.
    pub fn smog(self, c: &Counts) -> Option<f64> {
        match self {
            Language::English => Some(super::smog(c.polysyllables, c.sentences)),
            Language::Spanish => Some(spanish::sol(c.polysyllables, c.sentences)),
            Language::French | Language::German => None,
        }
    }

    /// Whether short blocks and sentences are judged list fragments by their (English) verbs;
    /// in the other languages only pieces of fewer than three words are left out.
    pub(super) fn knows_verbs(self) -> bool {
        self == Language::English
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_their_language_and_others_have_none() {
        assert_eq!(Language::of("en"), Some(Language::English));
        assert_eq!(Language::of("en-GB"), Some(Language::English));
        assert_eq!(Language::of("es-mx"), Some(Language::Spanish));
        assert_eq!(Language::of("fr"), Some(Language::French));
        assert_eq!(Language::of("fr-CA"), Some(Language::French));
        assert_eq!(Language::of("de_AT"), Some(Language::German));
        for code in ["it", "pt", "pt-BR", "ar", "zh", "nl", "", "english"] {
            assert_eq!(Language::of(code), None, "{code}");
        }
    }
}
