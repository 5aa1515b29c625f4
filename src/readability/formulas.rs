//! The English readability formulas; the Spanish ones are in [`spanish`](super::spanish).
//!
//! **Formulas.** The published ones, on the counts of [`sentences`](super::sentences),
//! [`words`](super::words) and [`syllables`](super::syllables): Flesch–Kincaid grade
//! `0.39 × words/sentences + 11.8 × syllables/words − 15.59`, Flesch reading ease
//! `206.835 − 1.015 × words/sentences − 84.6 × syllables/words` and SMOG (McLaughlin, 1969)
//! `1.0430 × √(polysyllables × 30/sentences) + 3.1291`, scaled to 30 sentences as in the
//! published formula when the text has fewer or more. With no sentences or no words every score
//! is 0.0 rather than NaN. The grade is not clamped: very plain text can score below zero.

/// Flesch–Kincaid grade level: `0.39 × words/sentences + 11.8 × syllables/words − 15.59`;
/// 0.0 when there are no words or no sentences.
pub fn flesch_kincaid_grade(words: usize, sentences: usize, syllables: usize) -> f64 {
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    let (w, s, sy) = (words as f64, sentences as f64, syllables as f64);
    0.39 * (w / s) + 11.8 * (sy / w) - 15.59
}

/// Flesch reading ease: `206.835 − 1.015 × words/sentences − 84.6 × syllables/words`; 0.0 when
/// there are no words or no sentences.
pub fn flesch_reading_ease(words: usize, sentences: usize, syllables: usize) -> f64 {
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    let (w, s, sy) = (words as f64, sentences as f64, syllables as f64);
    206.835 - 1.015 * (w / s) - 84.6 * (sy / w)
}

/// SMOG grade (McLaughlin): `1.0430 × √(polysyllables × 30/sentences) + 3.1291`; 0.0 when
/// there are no sentences.
pub fn smog(polysyllables: usize, sentences: usize) -> f64 {
    if sentences == 0 {
        return 0.0;
    }
    1.0430 * (polysyllables as f64 * 30.0 / sentences as f64).sqrt() + 3.1291
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readability::{analyze, count_syllables, words_of};

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 0.1
    }

    const PLATYPUS: &str =
        "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.";

    #[test]
    fn flesch_formulas_on_the_platypus_example() {
        // Published counts: 1 sentence, 13 words, 24 syllables.
        assert!(close(flesch_reading_ease(13, 1, 24), 37.5));
        assert!(close(flesch_kincaid_grade(13, 1, 24), 11.3));
        // The counter gives the published counts too (Australian 3 and reptilian 3, as in the
        // CMU dictionary; platypus 3).
        let syllables: Vec<usize> = words_of(PLATYPUS)
            .iter()
            .map(|w| count_syllables(w))
            .collect();
        assert_eq!(syllables, [1, 3, 3, 1, 3, 1, 2, 1, 1, 2, 1, 3, 2]);
        let analysis = analyze(&[(PLATYPUS, 0)]);
        let s = analysis.scores;
        assert_eq!((s.sentences, s.words, s.syllables), (1, 13, 24));
        assert!(close(s.reading_ease, 37.5));
        assert!(close(s.grade, 11.3));
    }

    #[test]
    fn smog_on_thirty_sentences_and_scaled() {
        // McLaughlin's sample of 30 sentences: 30 polysyllables → 1.043 × √30 + 3.1291.
        assert!(close(smog(30, 30), 8.84));
        assert!(close(smog(0, 30), 3.13));
        // Fewer sentences are scaled to 30: 10 in 10 sentences is 30 in 30.
        assert!(close(smog(10, 10), 8.84));
        assert!(close(smog(5, 15), 1.043 * 10f64.sqrt() + 3.1291));
        assert!(close(smog(5, 15), 6.43));
    }
}
