//! Readability scores for patient-education prose, by formulas made for the text's language
//! (see [`language`]), computed the way health-literacy guides compute them by hand, plus the
//! sentences that pull the grade up so a writer knows where to start.
//!
//! The caller picks the prose. It passes the text of each unit it wants scored (a paragraph,
//! a list item, a table cell, a heading), with that unit's byte offset in the source file;
//! [`analyze_in`] splits each unit into sentences (a unit's end always ends a sentence, so a
//! list item without a full stop is not run on into the next), counts words and syllables and
//! returns the [`Scores`] and every [`Sentence`] with its own byte offset (so callers can name
//! line numbers). Code is the caller's to leave out: it is not prose.
//!
//! # Rules, and why
//!
//! Each rule is documented, with the reason for it, in the module that applies it:
//! [`sentences`] (where a sentence ends, and which blocks and sentences are list fragments and
//! left out), [`words`] (what counts as a word), [`syllables`] (the English syllable counter)
//! and [`formulas`] (Flesch–Kincaid, Flesch and SMOG); [`spanish`], [`french`] and [`german`]
//! have those languages' syllables and formulas, and [`language`] which language uses which.
//! Their items are re-exported here.

pub mod formulas;
pub mod french;
pub mod german;
pub mod language;
pub mod sentences;
pub mod spanish;
pub mod syllables;
pub mod words;

pub use formulas::{flesch_kincaid_grade, flesch_reading_ease, smog};
pub use language::{FormulaNames, Language};
pub use sentences::{is_list_fragment, split_sentences};
pub use syllables::{EXCEPTIONS, count_syllables};
pub use words::words_of;

use sentences::verbless_under;

/// What the formulas count, in a whole text or in one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
    /// Words of three syllables or more (SMOG, Wiener Sachtextformel).
    pub polysyllables: usize,
    /// Words of one syllable (Wiener Sachtextformel).
    pub monosyllables: usize,
    /// Words of more than six letters (Wiener Sachtextformel).
    pub long_words: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.sentences += other.sentences;
        self.words += other.words;
        self.syllables += other.syllables;
        self.polysyllables += other.polysyllables;
        self.monosyllables += other.monosyllables;
        self.long_words += other.long_words;
    }
}

/// One sentence of prose and where it starts in the source file (byte offset of its first
/// character), so callers can name line numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub text: String,
    pub offset: usize,
    /// Its counts, with `sentences` 1.
    pub counts: Counts,
}

impl Sentence {
    /// The school grade of this sentence alone, in `language`, used to rank the hardest.
    pub fn grade(&self, language: Language) -> f64 {
        language.grade(&self.counts)
    }
}

/// Counts and scores for all the sentences analysed, by the formulas of
/// [`Language::formulas`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
    pub polysyllables: usize,
    /// School grade, compared with `reading_grade_target`.
    pub grade: f64,
    /// 0 (hard) to 100 (easy).
    pub reading_ease: f64,
    /// SMOG or its adaptation; None where the language has none.
    pub smog: Option<f64>,
}

impl Scores {
    /// The scores of text with these counts, in `language`.
    pub fn of(counts: &Counts, language: Language) -> Scores {
        Scores {
            sentences: counts.sentences,
            words: counts.words,
            syllables: counts.syllables,
            polysyllables: counts.polysyllables,
            grade: language.grade(counts),
            reading_ease: language.reading_ease(counts),
            smog: language.smog(counts),
        }
    }
}

/// The result of [`analyze`]: the scores and the sentences they were computed from, in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    pub scores: Scores,
    pub sentences: Vec<Sentence>,
    pub language: Language,
}

impl Analysis {
    /// The `n` sentences with the highest [`Sentence::grade`], hardest first; equal grades keep
    /// their order in the text.
    pub fn hardest(&self, n: usize) -> Vec<&Sentence> {
        let mut ranked: Vec<&Sentence> = self.sentences.iter().collect();
        // A stable sort keeps text order among equal grades.
        let grade = |s: &Sentence| s.grade(self.language);
        ranked.sort_by(|a, b| grade(b).total_cmp(&grade(a)));
        ranked.truncate(n);
        ranked
    }
}

/// Sentences shorter than this with no verb-like word are labels or one-word answers.
const LABEL_WORDS: usize = 4;

/// Scores the given prose units, each `(text, byte offset of the text in the file)`, as
/// English. Units and sentences that are list fragments ([`is_list_fragment`]) are skipped.
pub fn analyze<S: AsRef<str>>(units: &[(S, usize)]) -> Analysis {
    analyze_in(units, Language::English)
}

/// [`analyze`] in `language`.
pub fn analyze_in<S: AsRef<str>>(units: &[(S, usize)], language: Language) -> Analysis {
    let knows_verbs = language.knows_verbs();
    let mut sentences = Vec::new();
    for (text, offset) in units {
        let text = text.as_ref();
        // The label and list tests know English verbs; in other languages only very short
        // pieces are left out.
        if knows_verbs && is_list_fragment(text) {
            continue;
        }
        for (start, sentence) in split_sentences(text) {
            let skip = if knows_verbs {
                verbless_under(sentence, LABEL_WORDS)
            } else {
                words_of(sentence).len() < 3
            };
            if !skip {
                sentences.push(Sentence {
                    text: sentence.to_string(),
                    offset: offset + start,
                    counts: count(sentence, language),
                });
            }
        }
    }
    let mut total = Counts::default();
    for s in &sentences {
        total.add(&s.counts);
    }
    Analysis {
        scores: Scores::of(&total, language),
        sentences,
        language,
    }
}

/// The counts of one sentence.
fn count(sentence: &str, language: Language) -> Counts {
    let mut counts = Counts {
        sentences: 1,
        ..Counts::default()
    };
    for word in words_of(sentence) {
        let n = language.count_syllables(word);
        counts.words += 1;
        counts.syllables += n;
        counts.polysyllables += usize::from(n >= 3);
        counts.monosyllables += usize::from(n == 1);
        counts.long_words += usize::from(word.chars().filter(|c| c.is_alphabetic()).count() > 6);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    // Scores.

    #[test]
    fn very_plain_text_scores_as_very_easy() {
        let analysis = analyze(&[("The cat sat on the mat. The dog ran to the park.", 0)]);
        let s = analysis.scores;
        assert_eq!((s.sentences, s.words, s.syllables), (2, 12, 12));
        assert!(s.grade < 3.0, "{s:?}");
        assert!(s.reading_ease > 90.0, "{s:?}");
    }

    #[test]
    fn polysyllables_are_words_of_three_syllables_or_more() {
        let analysis = analyze(&[("Ketamine can relieve depression in hours.", 0)]);
        assert_eq!(analysis.scores.polysyllables, 2);
        assert_eq!(analysis.sentences[0].counts.polysyllables, 2);
    }

    // Sentences and where they start.

    #[test]
    fn offsets_point_to_each_sentences_first_character() {
        let file = "# Title\n\nCafé visits help.  “Quoted first,” she said.\nRead the next line here.\n\n- Take it with food\n";
        let para = &file[9..file.find("\n\n-").unwrap()];
        let item = "Take it with food";
        let blocks = [
            (para.to_string(), 9),
            (item.to_string(), file.find(item).unwrap()),
        ];
        let analysis = analyze(&blocks);
        let starts: Vec<&str> = analysis.sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            starts,
            [
                "Café visits help.",
                "“Quoted first,” she said.",
                "Read the next line here.",
                "Take it with food"
            ]
        );
        for s in &analysis.sentences {
            assert!(file[s.offset..].starts_with(&s.text), "{s:?}");
        }
    }

    // Hardest sentences.

    #[test]
    fn hardest_returns_the_highest_grades_in_order() {
        let text = "We can help. \
            Intravenous administration necessitates continuous cardiovascular monitoring. \
            Call us. \
            Ketamine infusions may relieve depression within hours. \
            Your doctor will check your blood pressure.";
        let analysis = analyze(&[(text, 0)]);
        assert_eq!(analysis.sentences.len(), 5);
        let hardest: Vec<&str> = analysis
            .hardest(3)
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            hardest,
            [
                "Intravenous administration necessitates continuous cardiovascular monitoring.",
                "Ketamine infusions may relieve depression within hours.",
                "Your doctor will check your blood pressure.",
            ]
        );
        let grades: Vec<f64> = analysis
            .hardest(5)
            .iter()
            .map(|s| s.grade(Language::English))
            .collect();
        assert!(grades.windows(2).all(|w| w[0] >= w[1]), "{grades:?}");
        assert_eq!(analysis.hardest(99).len(), 5);
        assert!(analysis.hardest(0).is_empty());
    }

    #[test]
    fn hardest_breaks_ties_by_order() {
        let analysis = analyze(&[("Rest well. Eat well. Ketamine works for many people.", 0)]);
        let hardest: Vec<usize> = analysis.hardest(3).iter().map(|s| s.offset).collect();
        assert_eq!(hardest, [21, 0, 11]);
    }

    // Robustness.

    fn assert_finite(s: &Scores) {
        for v in [s.grade, s.reading_ease, s.smog.unwrap_or(0.0)] {
            assert!(v.is_finite(), "{s:?}");
        }
    }

    #[test]
    fn empty_and_odd_input_neither_panics_nor_gives_nan() {
        let empty: [(String, usize); 0] = [];
        let analysis = analyze(&empty);
        assert_eq!(analysis.scores.sentences, 0);
        assert_eq!(
            (analysis.scores.grade, analysis.scores.reading_ease),
            (0.0, 0.0)
        );
        assert!(analysis.hardest(3).is_empty());

        for text in [
            "",
            "   \n\t ",
            "...",
            "?!",
            "😀😀 🎉",
            "“”",
            "Take your medicine every day and drink water with it",
            "これは日本語の文です。とても簡単です。",
            "Это простой текст. Он очень лёгкий.",
            "مرحبا بكم في العيادة.",
            "Dr.",
            "No.",
            "e.g.",
            "a.m.",
            "'",
            "-",
            "1,",
            ",1",
            "..5",
            "5..",
            "é",
            "Ωμέγα is a letter! 😀 You know it.",
            "Qu'y a-t-il ? L'œil, l'eau… 3,5 mg.",
            "Äußerst übel: y-y-y, ieie, eueu, ĳ.",
        ] {
            for language in [
                Language::English,
                Language::Spanish,
                Language::French,
                Language::German,
            ] {
                let analysis = analyze_in(&[(text, 7)], language);
                assert_finite(&analysis.scores);
                for s in &analysis.sentences {
                    let c = s.counts;
                    assert!(c.words > 0 && c.syllables >= c.words, "{language:?} {s:?}");
                    assert!(s.offset >= 7 && s.offset - 7 <= text.len());
                    assert!(s.grade(language).is_finite());
                }
            }
        }
        assert_eq!(flesch_kincaid_grade(0, 0, 0), 0.0);
        assert_eq!(flesch_kincaid_grade(5, 0, 7), 0.0);
        assert_eq!(flesch_reading_ease(0, 3, 0), 0.0);
        assert_eq!(smog(4, 0), 0.0);
        let run_on = analyze(&[("Take your medicine every day and drink water with it", 0)]);
        assert_eq!(run_on.scores.sentences, 1);
        assert!(analyze(&[("😀😀 🎉", 0)]).sentences.is_empty());
    }
}
