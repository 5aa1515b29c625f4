//! Reading level of German text: the first Wiener Sachtextformel for the school grade, and
//! Amstad's adaptation of Flesch's reading ease.
//!
//! **Grade** (Bamberger & Vanecek, 1984, *Lesen – Verstehen – Lernen – Schreiben*, the first
//! Wiener Sachtextformel, made for non-fiction): `0.1935 × MS + 0.1672 × SL + 0.1297 × IW −
//! 0.0327 × ES − 0.875`, where MS is the percentage of words of three syllables or more, SL
//! the mean sentence length in words, IW the percentage of words of more than six letters and
//! ES the percentage of one-syllable words. It gives a school grade directly (4 is very easy,
//! 15 very hard), which the check compares with `reading_grade_target` as it is.
//!
//! **Reading ease** (Amstad, 1978, *Wie verständlich sind unsere Zeitungen?*): `180 −
//! words/sentences − 58.5 × syllables/words`, on Flesch's 0 (hard) to 100 (easy) scale.
//!
//! **Syllables** ([`count_syllables`]). German spelling is close to its sounds and has no mute
//! *e*: every vowel (*a e i o u ä ö ü y*) starts a syllable, except the second of a pair said
//! as one sound: the diphthongs *ei ai au eu äu ey ay*, the long vowels *ie aa ee oo* and the
//! *ou* of loanwords (*Tour*). A vowel after such a pair starts a new syllable (*Feu-er*,
//! *Bau-er*). *u* after *q* is not a vowel (*Quelle*), nor is *y* starting a word before a
//! vowel (*Yoga*). The pairs are said apart in *-ient* (not *dient*), *-iell*, *-ienz*, a
//! final *-ien* (*Pa-ti-ent*, *spe-zi-ell*, *Fe-ri-en*), a final *-eum*, *-eus*, *-äum*
//! (*Mu-se-um*), and a final *-ie* in the words listed in [`IE_APART`] (*Fa-mi-li-e*; the
//! stressed *-ie* of *Therapie* is one). Parts joined by a hyphen are counted apart, and a
//! number is one syllable per group of digits.

use super::Counts;

/// The first Wiener Sachtextformel; 0.0 without words or sentences.
pub fn wiener_sachtextformel(c: &Counts) -> f64 {
    if c.words == 0 || c.sentences == 0 {
        return 0.0;
    }
    let percent = |n: usize| 100.0 * n as f64 / c.words as f64;
    let sentence_length = c.words as f64 / c.sentences as f64;
    0.1935 * percent(c.polysyllables) + 0.1672 * sentence_length + 0.1297 * percent(c.long_words)
        - 0.0327 * percent(c.monosyllables)
        - 0.875
}

/// Amstad's reading ease; 0.0 without words or sentences.
pub fn amstad(words: usize, sentences: usize, syllables: usize) -> f64 {
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    let (w, s, sy) = (words as f64, sentences as f64, syllables as f64);
    180.0 - w / s - 58.5 * (sy / w)
}

/// Words (and the ends of compounds) whose final *-ie* is a syllable of its own.
pub const IE_APART: &[&str] = &[
    "familie",
    "studie",
    "linie",
    "arterie",
    "serie",
    "hernie",
    "folie",
    "lilie",
    "hostie",
    "prämie",
    "materie",
    "akazie",
    "petersilie",
    "aktie",
    "glorie",
    "grazie",
    "historie",
];

/// Syllables of a German word, by the rules in the module documentation.
pub fn count_syllables(word: &str) -> usize {
    super::words::syllables_by_letter_runs(word, letters)
}

fn is_vowel(c: char) -> bool {
    "aeiouäöüy".contains(c)
}

/// Syllables of a run of lowercase letters.
fn letters(run: &str) -> usize {
    let w: Vec<char> = run.chars().collect();
    // Cannot fail: every index is below `w.len()`, checked before it is read.
    let vowel_at = |i: usize| -> bool {
        let c = w[i];
        if c == 'u' && i > 0 && w[i - 1] == 'q' {
            return false;
        }
        if c == 'y' && i == 0 && w.get(1).is_some_and(|&n| is_vowel(n)) {
            return false;
        }
        is_vowel(c)
    };
    let mut total = 0;
    let mut i = 0;
    while i < w.len() {
        if !vowel_at(i) {
            i += 1;
            continue;
        }
        total += 1;
        let one_sound = i + 1 < w.len() && vowel_at(i + 1) && pair_is_one_sound(run, &w, i);
        i += if one_sound { 2 } else { 1 };
    }
    total
}

/// Whether the vowels at `i` and `i + 1` are said as one sound.
fn pair_is_one_sound(run: &str, w: &[char], i: usize) -> bool {
    // Cannot fail: the caller checks `i + 1 < w.len()`.
    let pair: String = w[i..i + 2].iter().collect();
    let tail: String = w[i..].iter().collect();
    match pair.as_str() {
        "ie" => {
            let apart = (tail.starts_with("ient") && !(i > 0 && w[i - 1] == 'd'))
                || tail.starts_with("iell")
                || tail.starts_with("ienz")
                || tail == "ien"
                || (tail == "ie" && IE_APART.iter().any(|s| run.ends_with(s)));
            !apart
        }
        "eu" | "äu" => !matches!(tail.as_str(), "eum" | "eus" | "äum"),
        "ei" | "ai" | "au" | "ey" | "ay" | "aa" | "ee" | "oo" | "ou" => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readability::{Language, analyze_in};

    #[test]
    fn syllables_follow_german_spelling() {
        for (word, n) in [
            ("Arzt", 1),
            ("Ärztin", 2),
            ("Krankenhaus", 3),
            ("Gesundheit", 3),
            ("Medikament", 4),
            ("Schmerzen", 2),
            ("Behandlung", 3),
            ("Therapie", 3),
            ("Patient", 3),
            ("Patientin", 4),
            ("Familie", 4),
            ("Großfamilie", 5),
            ("Familien", 4),
            ("Ferien", 3),
            ("Fieber", 2),
            ("Feuer", 2),
            ("Bauer", 2),
            ("Museum", 3),
            ("Theater", 3),
            ("aktuell", 3),
            ("speziell", 3),
            ("Beeinträchtigung", 5),
            ("Krankenversicherung", 6),
            ("Blutdruck", 2),
            ("Ernährung", 3),
            ("Untersuchung", 4),
            ("Depression", 4),
            ("Allergie", 3),
            ("Apotheke", 4),
            ("Schwangerschaft", 3),
            ("Kopfschmerzen", 3),
            ("Zähne", 2),
            ("täglich", 2),
            ("Häufigkeit", 3),
            ("Typ", 1),
            ("Yoga", 2),
            ("Studie", 3),
            ("dient", 1),
            ("Dienstag", 2),
            ("Quelle", 2),
            ("Zoo", 1),
            ("Knie", 1),
            ("Bier", 1),
            ("Tour", 1),
            ("E-Mail", 2),
            ("24", 1),
        ] {
            assert_eq!(count_syllables(word), n, "{word}");
        }
    }

    #[test]
    fn the_formulas_give_the_published_values() {
        // 100 words in 10 sentences, 20 of 3+ syllables, 15 of 7+ letters, 50 of one syllable:
        // 0.1935×20 + 0.1672×10 + 0.1297×15 − 0.0327×50 − 0.875 = 4.9775.
        let counts = Counts {
            sentences: 10,
            words: 100,
            syllables: 150,
            polysyllables: 20,
            monosyllables: 50,
            long_words: 15,
        };
        assert!((wiener_sachtextformel(&counts) - 4.9775).abs() < 1e-9);
        // 180 − 10 − 58.5 × 1.5 = 82.25.
        assert!((amstad(100, 10, 150) - 82.25).abs() < 1e-9);
        assert_eq!(wiener_sachtextformel(&Counts::default()), 0.0);
        assert_eq!(amstad(0, 0, 0), 0.0);
    }

    #[test]
    fn a_plain_german_text_scores_as_easy() {
        // Der(1) Arzt(1) misst(1) den(1) Blut-druck(2): 5 words, 6 syllables, none long;
        // Trin-ken(2) Sie(1) viel(1) Was-ser(2): 4 words, 6 syllables, Trinken long.
        let text = "Der Arzt misst den Blutdruck. Trinken Sie viel Wasser.";
        let s = analyze_in(&[(text, 0)], Language::German).scores;
        assert_eq!((s.sentences, s.words, s.syllables), (2, 9, 12));
        // MS 0, SL 4.5, IW 2/9 (more than six letters), ES 6/9.
        let expected = 0.1672 * 4.5 + 0.1297 * 200.0 / 9.0 - 0.0327 * 600.0 / 9.0 - 0.875;
        assert!((s.grade - expected).abs() < 1e-9, "{s:?}");
        assert!(s.grade < 4.0, "{s:?}");
        // 180 − 4.5 − 58.5 × 12/9 = 97.5.
        assert!((s.reading_ease - 97.5).abs() < 1e-9, "{s:?}");
    }
}
