//! Reading level of French text: Kandel & Moles' adaptation of Flesch's reading ease, read as
//! a school grade on Flesch's own table.
//!
//! **Reading ease** (Kandel & Moles, 1958, *Application de l'indice de Flesch à la langue
//! française*, Cahiers Études de Radio-Télévision 19): `207 − 1.015 × words/sentences − 73.6 ×
//! syllables/words`, on Flesch's 0 (hard) to 100 (easy) scale. French words have more
//! syllables than English ones for the same difficulty, which the smaller syllable weight
//! (73.6 instead of 84.6) allows for.
//!
//! **Grade.** The check compares a school grade with `reading_grade_target`, and Kandel–Moles
//! gives none, so the score is read on the table Flesch published with his formula (*The Art
//! of Readable Writing*, 1949): 90–100 very easy, 5th grade; 80–90 easy, 6th; 70–80 fairly
//! easy, 7th; 60–70 standard, 8th–9th; 50–60 fairly difficult, 10th–12th; 30–50 difficult,
//! college (13th–16th); 0–30 very difficult, graduate. Each band is spread evenly over its
//! grades ([`grade_from_reading_ease`]): ease 75 is grade 7.5, ease 70 grade 8.0, ease 65
//! grade 9.0, ease 60 grade 10.0. With the default target of 8, a French page passes at a
//! reading ease of 70 or more ("fairly easy"). The grade is the US school year the table
//! names, used here only as a scale shared with the other languages.
//!
//! **Syllables** ([`count_syllables`]), as French is spoken, from the spelling:
//! 1. each group of vowels (*a e i o u y* and their accented forms, *æ*, *œ*) is one syllable:
//!    *eau*, *ou*, *oi*, *ai*, *ei*, *eu*, *œu* and a glide *i* (*nation*, *pied*, *pitié*) are
//!    one sound;
//! 2. except where two vowels are said apart (hiatus): before *ë ï ü* (*Noël*, *naïf*), before
//!    *é* unless after *i* (*poésie*, *situé*, *réécrire*), after *é* (*réaction*, *créer*),
//!    *oè* (*poète*), and a *y* between vowels, which closes one syllable and opens the next
//!    (*payer*, *moyen*, *crayon*);
//! 3. *u* after *q*, and after *g* before *e i é è ê y*, is not a vowel (*question*, *guérir*,
//!    *langue*); *y* starting a word before a vowel is a consonant (*yeux*);
//! 4. a final *e* standing alone as the word's last vowel group, bare or before *-s*, is mute
//!    (*aide* 1, *tables* 1, *journée* 2, *années* 2), except in a word of one group (*le*,
//!    *les*);
//! 5. so is the *e* of the verb ending *-ent* (*ils prennent* 1, *aident* 1, *créent* 1), but
//!    not in words ending in *-ment* (*médicament* 4, *traitement* 3), except a few common verbs
//!    (*aiment*, *dorment*), nor in about 50 common adjectives, nouns and adverbs (*souvent*,
//!    *urgent*, *récent*); *-ient* counts the same either way (*patient* 2);
//! 6. an *e* inside a word counts, as in written syllables and verse (*traitement* 3,
//!    *samedi* 3), although everyday speech often drops it; and a few words are listed by hand
//!    (*pays* 2).
//!
//! Parts of a word joined by a hyphen or an apostrophe are counted apart (*rendez-vous* 3,
//! *aujourd'hui* 3); a number is one syllable per group of digits, as in the other counters.

/// Kandel & Moles' reading ease; 0.0 without words or sentences.
pub fn kandel_moles(words: usize, sentences: usize, syllables: usize) -> f64 {
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    let (w, s, sy) = (words as f64, sentences as f64, syllables as f64);
    207.0 - 1.015 * (w / s) - 73.6 * (sy / w)
}

/// `(reading ease, school grade)` at the edges of the bands of Flesch's table, easiest first;
/// the last point is graduate school.
const FLESCH_TABLE: [(f64, f64); 8] = [
    (100.0, 5.0),
    (90.0, 6.0),
    (80.0, 7.0),
    (70.0, 8.0),
    (60.0, 10.0),
    (50.0, 13.0),
    (30.0, 17.0),
    (0.0, 21.0),
];

/// The school grade for a reading ease, on Flesch's table (see the module documentation):
/// even steps within each band, and the nearest band's steps beyond 100 and below 0.
pub fn grade_from_reading_ease(ease: f64) -> f64 {
    let segment = FLESCH_TABLE
        .windows(2)
        .find(|w| ease >= w[1].0)
        .unwrap_or(&FLESCH_TABLE[FLESCH_TABLE.len() - 2..]);
    // Cannot fail: `windows(2)` and the fallback both give two points.
    let ((e0, g0), (e1, g1)) = (segment[0], segment[1]);
    g0 + (e0 - ease) * (g1 - g0) / (e0 - e1)
}

/// Words ending in *-ent* (not *-ment*) whose *e* is sounded: they are not verbs.
const SOUNDED_ENT: &[&str] = &[
    "souvent",
    "accident",
    "incident",
    "urgent",
    "récent",
    "parent",
    "différent",
    "fréquent",
    "évident",
    "présent",
    "absent",
    "adolescent",
    "intelligent",
    "agent",
    "argent",
    "talent",
    "content",
    "serpent",
    "équivalent",
    "excellent",
    "violent",
    "prudent",
    "président",
    "résident",
    "précédent",
    "permanent",
    "compétent",
    "pertinent",
    "imminent",
    "innocent",
    "décent",
    "apparent",
    "transparent",
    "cohérent",
    "adjacent",
    "latent",
    "indépendent",
    "antécédent",
    "suffisent",
    "torrent",
    "régent",
    "conscient",
    "ambivalent",
    "fluorescent",
    "convalescent",
    "turbulent",
    "succulent",
    "insolent",
    "concurrent",
    "trident",
];

/// Verbs ending in *-ment* whose ending is mute (*ils aiment*), unlike the nouns and adverbs.
const SILENT_MENT: &[&str] = &[
    "aiment",
    "dorment",
    "ferment",
    "fument",
    "estiment",
    "expriment",
    "suppriment",
    "consomment",
    "calment",
    "allument",
    "forment",
    "transforment",
    "informent",
    "affirment",
    "confirment",
    "impriment",
    "sèment",
    "nomment",
    "priment",
    "animent",
    "assument",
];

/// Words the rules get wrong, with their syllables.
const EXCEPTIONS: &[(&str, usize)] = &[("pays", 2), ("paysage", 3), ("paysan", 3)];

/// Syllables of a French word, by the rules in the module documentation.
pub fn count_syllables(word: &str) -> usize {
    super::words::syllables_by_letter_runs(word, letters)
}

fn is_vowel(c: char) -> bool {
    "aeiouyàâäéèêëîïôöùûüÿæœ".contains(c)
}

/// Syllables of a run of lowercase letters.
fn letters(run: &str) -> usize {
    if let Some(&(_, n)) = EXCEPTIONS.iter().find(|(w, _)| *w == run) {
        return n;
    }
    let w: Vec<char> = run.chars().collect();
    // Cannot fail: every index is below `w.len()`, checked before it is read.
    let vowel_at = |i: usize| -> bool {
        let c = w[i];
        let next = w.get(i + 1).copied();
        if c == 'u' && i > 0 {
            let after_q = w[i - 1] == 'q';
            let after_g = w[i - 1] == 'g' && next.is_some_and(|n| "eiéèêy".contains(n));
            if after_q || after_g {
                return false;
            }
        }
        if c == 'y' && i == 0 && next.is_some_and(is_vowel) {
            return false;
        }
        is_vowel(c)
    };
    // (start, end) of each vowel group.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < w.len() {
        if !vowel_at(i) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < w.len() && vowel_at(i) && !hiatus(&w, start, i) {
            i += 1;
        }
        groups.push((start, i));
    }
    if groups.len() > 1 && mute_final_e(run, &w, groups[groups.len() - 1]) {
        groups.pop();
    }
    groups.len()
}

/// Whether the vowels at `i - 1` and `i` (in a group that started at `start`) are said apart.
fn hiatus(w: &[char], start: usize, i: usize) -> bool {
    // Cannot fail: the caller passes `start < i < w.len()`.
    let (prev, cur) = (w[i - 1], w[i]);
    matches!(cur, 'ë' | 'ï' | 'ü')
        || (cur == 'é' && !matches!(prev, 'i' | 'y'))
        || prev == 'é'
        || (prev == 'o' && cur == 'è')
        || (prev == 'y' && i - 1 > start)
}

/// Whether the last vowel group, `last`, is a mute final *e* (see the module documentation).
fn mute_final_e(run: &str, w: &[char], (start, end): (usize, usize)) -> bool {
    // Cannot fail: `start < end <= w.len()` for a group found in `w`.
    if end - start != 1 || w[start] != 'e' {
        return false;
    }
    let after: String = w[end..].iter().collect();
    match after.as_str() {
        "" | "s" => true,
        "nt" => {
            if run.ends_with("ment") {
                SILENT_MENT.contains(&run)
            } else {
                !SOUNDED_ENT.contains(&run)
            }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readability::{Language, analyze_in};

    #[test]
    fn syllables_follow_french_speech() {
        for (word, n) in [
            ("santé", 2),
            ("hôpital", 3),
            ("médicament", 4),
            ("médicaments", 4),
            ("douleur", 2),
            ("patient", 2),
            ("patients", 2),
            ("question", 2),
            ("guérir", 2),
            ("langue", 1),
            ("fatigue", 2),
            ("journée", 2),
            ("années", 2),
            ("créer", 2),
            ("créent", 1),
            ("naïf", 2),
            ("Noël", 2),
            ("moyen", 2),
            ("crayon", 2),
            ("yeux", 1),
            ("oiseau", 2),
            ("eau", 1),
            ("beaucoup", 2),
            ("aujourd'hui", 3),
            ("rendez-vous", 3),
            ("souvent", 2),
            ("prennent", 1),
            ("peuvent", 1),
            ("aident", 1),
            ("aiment", 1),
            ("continuent", 3),
            ("infirmière", 3),
            ("ordonnance", 3),
            ("pharmacie", 3),
            ("maladie", 3),
            ("vie", 1),
            ("aide", 1),
            ("poésie", 3),
            ("réaction", 3),
            ("situé", 3),
            ("pays", 2),
            ("quoi", 1),
            ("fille", 1),
            ("travail", 2),
            ("œil", 1),
            ("traitement", 3),
            ("tables", 1),
            ("les", 1),
            ("le", 1),
            ("enfants", 2),
            ("important", 3),
            ("sommeil", 2),
            ("alcool", 2),
            ("urgent", 2),
            ("l'hôpital", 3),
            ("y", 1),
            ("15", 1),
        ] {
            assert_eq!(count_syllables(word), n, "{word}");
        }
    }

    #[test]
    fn kandel_moles_and_the_grade_table() {
        // 100 words, 10 sentences, 150 syllables: 207 − 10.15 − 110.4 = 86.45.
        assert!((kandel_moles(100, 10, 150) - 86.45).abs() < 1e-9);
        assert_eq!(kandel_moles(0, 0, 0), 0.0);
        for (ease, grade) in [
            (100.0, 5.0),
            (95.0, 5.5),
            (75.0, 7.5),
            (70.0, 8.0),
            (65.0, 9.0),
            (60.0, 10.0),
            (55.0, 11.5),
            (40.0, 15.0),
            (0.0, 21.0),
            (110.0, 4.0),
            (-30.0, 25.0),
        ] {
            let got = grade_from_reading_ease(ease);
            assert!((got - grade).abs() < 1e-9, "{ease}: {got}");
        }
    }

    #[test]
    fn a_plain_french_text_scores_as_easy() {
        // Le(1) mé-de-cin(3) vous(1) voit(1) le(1) ma-tin(2): 6 words, 9 syllables;
        // Bu-vez(2) de(1) l'eau(1) chaque(1) jour(1): 5 words, 6 syllables.
        let text = "Le médecin vous voit le matin. Buvez de l'eau chaque jour.";
        let analysis = analyze_in(&[(text, 0)], Language::French);
        let s = analysis.scores;
        assert_eq!((s.sentences, s.words, s.syllables), (2, 11, 15));
        // 207 − 1.015 × 5.5 − 73.6 × 15/11 = 101.05…: very easy.
        assert!((s.reading_ease - 101.05).abs() < 0.01, "{s:?}");
        assert!(s.grade < 5.0, "{s:?}");
        assert_eq!(s.smog, None);
    }
}
