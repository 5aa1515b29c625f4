//! Readability scores for patient-education prose: Flesch–Kincaid grade, Flesch reading ease
//! and SMOG, computed the way health-literacy guides compute them by hand, plus the sentences
//! that pull the grade up so a writer knows where to start.
//!
//! The caller picks the prose. It passes the text of each paragraph, list item or other
//! table-free block it wants scored, with that block's byte offset in the source file;
//! [`analyze`] splits the blocks into sentences, counts words and syllables and returns the
//! [`Scores`] and every [`Sentence`] with its own byte offset (so callers can name line numbers).
//! Headings, tables and code are the caller's to leave out: they are not prose and the formulas
//! were never fitted to them.
//!
//! # Rules, and why
//!
//! Each rule is documented, with the reason for it, in the module that applies it:
//! [`sentences`] (where a sentence ends, and which blocks and sentences are list fragments and
//! left out), [`words`] (what counts as a word), [`syllables`] (the English syllable counter)
//! and [`formulas`] (Flesch–Kincaid, Flesch and SMOG); [`spanish`] has the Spanish syllables
//! and formulas. Their items are re-exported here.

pub mod formulas;
pub mod sentences;
pub mod spanish;
pub mod syllables;
pub mod words;

pub use formulas::{flesch_kincaid_grade, flesch_reading_ease, smog};
pub use sentences::{is_list_fragment, split_sentences};
pub use syllables::{EXCEPTIONS, count_syllables};
pub use words::words_of;

use sentences::verbless_under;

/// One sentence of prose and where it starts in the source file (byte offset of its first
/// character), so callers can name line numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub text: String,
    pub offset: usize,
    pub words: usize,
    pub syllables: usize,
    pub polysyllables: usize,
}

impl Sentence {
    /// The Flesch–Kincaid grade of this sentence alone, used to rank the hardest sentences.
    pub fn grade(&self) -> f64 {
        flesch_kincaid_grade(self.words, 1, self.syllables)
    }
}

/// Counts and scores for all the sentences analysed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
    pub polysyllables: usize,
    /// School grade: Flesch–Kincaid for English, Crawford for Spanish.
    pub grade: f64,
    /// 0 (hard) to 100 (easy): Flesch for English, Fernández Huerta for Spanish.
    pub reading_ease: f64,
    /// SMOG for English, SOL for Spanish.
    pub smog: f64,
}

impl Scores {
    /// The scores for the given counts.
    pub fn from_counts(
        sentences: usize,
        words: usize,
        syllables: usize,
        polysyllables: usize,
    ) -> Scores {
        Scores {
            sentences,
            words,
            syllables,
            polysyllables,
            grade: flesch_kincaid_grade(words, sentences, syllables),
            reading_ease: flesch_reading_ease(words, sentences, syllables),
            smog: smog(polysyllables, sentences),
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
        let grade = |s: &Sentence| match self.language {
            Language::English => s.grade(),
            Language::Spanish => spanish::crawford_grade(s.words, 1, s.syllables),
        };
        ranked.sort_by(|a, b| grade(b).total_cmp(&grade(a)));
        ranked.truncate(n);
        ranked
    }
}

/// Sentences shorter than this with no verb-like word are labels or one-word answers.
const LABEL_WORDS: usize = 4;

/// The language a text is scored in: each has its own syllable rules and formulas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    English,
    Spanish,
}

impl Language {
    /// The language for a language code (`es`, `es-mx`); English for any other.
    pub fn of(code: &str) -> Language {
        match code.split('-').next() {
            Some("es") => Language::Spanish,
            _ => Language::English,
        }
    }

    /// Names of the grade, ease and SMOG formulas, for messages.
    pub fn formulas(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Language::English => ("Flesch–Kincaid", "Flesch", "SMOG"),
            Language::Spanish => ("Crawford", "Fernández Huerta", "SOL"),
        }
    }
}

/// Scores the given prose blocks, each `(text, byte offset of the text in the file)`, as
/// English. Blocks and sentences that are list fragments ([`is_list_fragment`]) are skipped.
pub fn analyze<S: AsRef<str>>(blocks: &[(S, usize)]) -> Analysis {
    analyze_in(blocks, Language::English)
}

/// [`analyze`] in `language`.
pub fn analyze_in<S: AsRef<str>>(blocks: &[(S, usize)], language: Language) -> Analysis {
    let english = language == Language::English;
    let mut sentences = Vec::new();
    for (text, offset) in blocks {
        let text = text.as_ref();
        // The label and list tests know English verbs; in Spanish only very short pieces are
        // left out.
        if english && is_list_fragment(text) {
            continue;
        }
        for (start, sentence) in split_sentences(text) {
            let skip = if english {
                verbless_under(sentence, LABEL_WORDS)
            } else {
                words_of(sentence).len() < 3
            };
            if skip {
                continue;
            }
            let mut words = 0;
            let mut syllables = 0;
            let mut polysyllables = 0;
            for word in words_of(sentence) {
                let n = if english {
                    count_syllables(word)
                } else {
                    spanish::count_syllables(word)
                };
                words += 1;
                syllables += n;
                if n >= 3 {
                    polysyllables += 1;
                }
            }
            sentences.push(Sentence {
                text: sentence.to_string(),
                offset: offset + start,
                words,
                syllables,
                polysyllables,
            });
        }
    }
    let mut scores = Scores::from_counts(
        sentences.len(),
        sentences.iter().map(|s| s.words).sum(),
        sentences.iter().map(|s| s.syllables).sum(),
        sentences.iter().map(|s| s.polysyllables).sum(),
    );
    if !english {
        let Scores {
            sentences: n,
            words,
            syllables,
            polysyllables,
            ..
        } = scores;
        scores.grade = spanish::crawford_grade(words, n, syllables);
        scores.reading_ease = spanish::fernandez_huerta(words, n, syllables);
        scores.smog = spanish::sol(polysyllables, n);
    }
    Analysis {
        scores,
        sentences,
        language,
    }
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
        assert_eq!(analysis.sentences[0].polysyllables, 2);
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
        let grades: Vec<f64> = analysis.hardest(5).iter().map(|s| s.grade()).collect();
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
        for v in [s.grade, s.reading_ease, s.smog] {
            assert!(v.is_finite(), "{s:?}");
        }
    }

    #[test]
    fn empty_and_odd_input_neither_panics_nor_gives_nan() {
        let empty: [(String, usize); 0] = [];
        let analysis = analyze(&empty);
        assert_eq!(analysis.scores, Scores::default());
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
        ] {
            let analysis = analyze(&[(text, 7)]);
            assert_finite(&analysis.scores);
            for s in &analysis.sentences {
                assert!(s.words > 0 && s.syllables >= s.words, "{s:?}");
                assert!(s.offset >= 7 && s.offset - 7 <= text.len());
                assert!(s.grade().is_finite());
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
