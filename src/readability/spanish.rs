//! Reading level of Spanish text. English formulas misjudge Spanish, whose words have more
//! syllables for the same difficulty (an English grade-8 formula puts plain Spanish at grade 11
//! or 12), so Spanish pages are scored with formulas made for Spanish, on Spanish syllables:
//!
//! - **Grade** (Crawford, 1989): `−0.205 × sentences per 100 words + 0.049 × syllables per 100
//!   words − 3.407`, a school grade like Flesch–Kincaid's;
//! - **Reading ease** (Fernández Huerta, 1959, as corrected by Law, 2011): `206.84 − 0.60 ×
//!   syllables per 100 words − 102 × sentences per word`, on Flesch's 0–100 scale;
//! - **SOL** (Contreras et al., 1999), the Spanish SMOG: `−2.51 + 0.74 × SMOG`, with SMOG on
//!   Spanish syllable counts.
//!
//! **Syllables.** Spanish spelling is regular: each group of vowels is one syllable (a
//! diphthong or triphthong: *cuan*, *buey*) unless two strong vowels (a, e, o, or an accented
//! í or ú) meet, which starts a new one (*le-er*, *dí-a*, *ba-úl*). `u` in `gue`, `gui`, `que`,
//! `qui` is silent; `y` is a vowel only at the end of a word (*muy*, *hoy*). A number counts as
//! one syllable per digit group, as in the English counter.

/// Syllables of a Spanish word.
pub fn count_syllables(word: &str) -> usize {
    let lower: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let mut total = 0;
    let mut i = 0;
    // The kind of the vowel before, inside the current group: None outside a group.
    let mut prev: Option<Vowel> = None;
    let mut in_digits = false;
    // Cannot fail: `i < lower.len()` is the loop's condition and `lower[i - 1]` is read after
    // `i > 0`.
    while i < lower.len() {
        let c = lower[i];
        if c.is_ascii_digit() {
            if !in_digits {
                total += 1;
            }
            in_digits = true;
            prev = None;
            i += 1;
            continue;
        }
        in_digits = false;
        let silent_u = c == 'u'
            && i > 0
            && matches!(lower[i - 1], 'q' | 'g')
            && matches!(lower.get(i + 1), Some('e' | 'i' | 'é' | 'í'));
        let y_vowel = c == 'y' && lower.get(i + 1).is_none_or(|n| !n.is_alphabetic());
        let kind = if silent_u {
            None
        } else if y_vowel {
            Some(Vowel::Weak)
        } else {
            vowel(c)
        };
        match (kind, prev) {
            (Some(k), Some(p)) => {
                // Two strong vowels side by side are two syllables (hiatus).
                if k == Vowel::Strong && p == Vowel::Strong {
                    total += 1;
                }
                prev = Some(if k == Vowel::Strong || p == Vowel::Strong {
                    Vowel::Strong
                } else {
                    k
                });
            }
            (Some(k), None) => {
                total += 1;
                prev = Some(k);
            }
            (None, _) if silent_u => {}
            (None, _) => prev = None,
        }
        i += 1;
    }
    total.max(usize::from(lower.iter().any(|c| c.is_alphanumeric())))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Vowel {
    Strong,
    Weak,
}

fn vowel(c: char) -> Option<Vowel> {
    match c {
        'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'í' | 'ú' => Some(Vowel::Strong),
        'i' | 'u' | 'ü' => Some(Vowel::Weak),
        _ => None,
    }
}

/// Crawford's grade level; 0.0 without words or sentences.
pub fn crawford_grade(words: usize, sentences: usize, syllables: usize) -> f64 {
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    let per100 = 100.0 / words as f64;
    -0.205 * sentences as f64 * per100 + 0.049 * syllables as f64 * per100 - 3.407
}

/// Fernández Huerta's reading ease; 0.0 without words or sentences.
pub fn fernandez_huerta(words: usize, sentences: usize, syllables: usize) -> f64 {
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    let w = words as f64;
    206.84 - 0.60 * (syllables as f64 * 100.0 / w) - 102.0 * (sentences as f64 / w)
}

/// SOL, the SMOG for Spanish; 0.0 without sentences.
pub fn sol(polysyllables: usize, sentences: usize) -> f64 {
    if sentences == 0 {
        return 0.0;
    }
    -2.51 + 0.74 * super::smog(polysyllables, sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_follow_spanish_spelling() {
        for (word, n) in [
            ("ketamina", 4),
            ("infusión", 3),
            ("infusiones", 4),
            ("día", 2),
            ("leer", 2),
            ("cuando", 2),
            ("guerra", 2),
            ("queso", 2),
            ("muy", 1),
            ("hoy", 1),
            ("buey", 1),
            ("baúl", 2),
            ("pingüino", 3),
            ("neuroplasticidad", 6),
            ("tratamiento", 4),
            ("ayuda", 3),
            ("988", 1),
            ("y", 1),
        ] {
            assert_eq!(count_syllables(word), n, "{word}");
        }
    }

    #[test]
    fn formulas_give_the_published_values() {
        // 100 words, 5 sentences, 200 syllables: Crawford −0.205×5 + 0.049×200 − 3.407 = 5.368;
        // Fernández Huerta 206.84 − 120 − 5.1 = 81.74.
        assert!((crawford_grade(100, 5, 200) - 5.368).abs() < 1e-9);
        assert!((fernandez_huerta(100, 5, 200) - 81.74).abs() < 1e-9);
        assert_eq!(crawford_grade(0, 0, 0), 0.0);
    }
}
