//! Syllables of English words, which both Flesch formulas weigh heavily, and polysyllables for
//! SMOG.
//!
//! **Syllables** (English, [`count_syllables`]). Numbers count one syllable per group of
//! digits (`3.5` is 2, `2024` is 1): spelling numbers out would be more exact but numbers are
//! rare in prose and the error is small. A letter run right after digits with no vowel is a
//! unit or ordinal (`10mg`, `2nd`) and adds nothing. Words in other scripts count 1 each (the
//! formulas are English-only anyway); accented Latin letters are read as their base letter,
//! except that a final *é* is sounded (`café` is 2). For English letters, lowercased,
//! apostrophes dropped:
//! 1. count vowel groups, with *a e i o u* and *y* as vowels — except *y* at the start of a
//!    word or between vowels, where it is a consonant (`you`, `player`); a vowel after a
//!    vowel *y* starts a new group (`dying`, `embryo`);
//! 2. add one where two adjacent vowels are usually two syllables: *ia*/*io* (`medial`,
//!    `ratio`, `diagnosis`) except where *i* is a glide or an *sh*-sound after *c t s x g l n*
//!    (`-tion`, `-cial`, `-gious`, `Australian`, `onion`) unless a *t* follows (`appreciate`);
//!    *iu* (`calcium`); *iet* (`diet`, `anxiety`); *ient*/*ienc* unless after *c t s x g n*
//!    (`client`, `science`, not `patient`); a final *-ier*/*-iest* (`easier`); *eo* except
//!    after a non-initial *g* and in *people*/*leopard*/*jeopardy* (`video`, not `surgeon`); *ua*
//!    not after *q*/*g* (`usual`, not `equal`); *uen*, *uid*, *uicid* not after *q*/*g*
//!    (`influence`, `fluid`, `suicide`); *uou* (`continuous`); *oe* before a consonant other
//!    than *s*, not word-initial (`poem`, not `does` or British `oedema`); *ao* (`aorta`); a
//!    final *ea* in a longer word (`area`, `idea`); *creat*/*react* (`create`, not
//!    `creature`); a final *eum*/*eus* (`museum`); *-ing* after a vowel (`being`, `going`);
//! 3. add one for a final *-sm*/*-thm* (`autism`, `rhythm`);
//! 4. in words of two or more vowel groups, subtract a silent final *e*, but not in a
//!    syllabic *-le*/*-re* after a consonant (`table`, `centre`) or in *-ire* (`tired` is 2);
//!    a silent *-es* unless after *s x z ch sh c g* or a syllabic *-le* (`boxes` 2, `makes` 1,
//!    `tables` 2); a silent *-ed* unless after *t*/*d* or a syllabic *-le* (`jumped` 1,
//!    `wanted` 2); a silent *e* before *-ly -ty -ment(s) -ful -ness -less -some*
//!    (`completely`, `management`); a silent final *-que* / *-gue* (`technique`, `fatigue`,
//!    but `argue`);
//! 5. words made of a head ending in a silent *e* and another word are counted as the two
//!    words (`sometimes`, `caregiver`, `lifestyle`, `eyesight`, `therefore`), and *every*
//!    counts 2 (as it is said, "ev-ry", and as the dictionary gives it in `everyone`);
//! 6. a few exceptions are listed by hand ([`EXCEPTIONS`]: `diabetes`, `business`, …);
//! 7. every word has at least one syllable.
//!
//! Both Flesch formulas weigh syllables per word heavily (11.8 grade levels per syllable per
//! word), so the counter has to be right on the words patient pages use. A pronouncing
//! dictionary would be exact but is megabytes of data; these rules agree with the CMU
//! Pronouncing Dictionary on all 68 common health words used to write them and on 143 of 147
//! held-out ones (see the tests for the lists and the known misses), and on 93% of all the
//! dictionary's 117,000 plain words.
//! Polysyllables, for SMOG, are words of three syllables or more.

use super::words::is_apostrophe;

/// Words the rules get wrong, with their dictionary syllable counts.
pub const EXCEPTIONS: &[(&str, usize)] = &[
    ("diabetes", 4),
    ("every", 2),
    ("business", 2),
    ("businesses", 3),
    ("element", 3),
    ("elements", 3),
    ("pancreas", 3),
];

/// Heads of compounds that end in a silent *e* (or, for *every*, are said shorter), with their
/// syllables; the rest of the word is counted as a word of its own.
const COMPOUND_HEADS: &[(&str, usize)] = &[
    ("every", 2),
    ("some", 1),
    ("any", 2),
    ("care", 1),
    ("life", 1),
    ("home", 1),
    ("house", 1),
    ("there", 1),
    ("where", 1),
    ("else", 1),
    ("time", 1),
    ("safe", 1),
    ("side", 1),
    ("whole", 1),
    ("like", 1),
    ("base", 1),
    ("wide", 1),
    ("note", 1),
    ("eye", 1),
    ("nose", 1),
    ("grape", 1),
];

/// The number of syllables in `word` (a word as [`words_of`](super::words_of) finds them), by
/// the English rules in the module documentation; 0 when it holds no letter or digit.
pub fn count_syllables(word: &str) -> usize {
    let mut total = 0;
    for piece in word.split(|c: char| !(c.is_alphanumeric() || is_apostrophe(c))) {
        let mut after_digits = false;
        let mut run = String::new();
        let mut run_digits = false;
        let mut runs = Vec::new();
        for c in piece.chars().filter(|&c| !is_apostrophe(c)) {
            let digit = !c.is_alphabetic();
            if !run.is_empty() && digit != run_digits {
                runs.push((std::mem::take(&mut run), run_digits));
            }
            run_digits = digit;
            run.push(c);
        }
        if !run.is_empty() {
            runs.push((run, run_digits));
        }
        for (run, digits) in runs {
            if digits {
                total += 1;
                after_digits = true;
                continue;
            }
            match fold_to_ascii(&run) {
                Some(letters) => {
                    let unit = after_digits && !letters.bytes().any(is_vowel_letter);
                    if !unit {
                        total += english(letters.as_bytes());
                    }
                }
                None => total += 1,
            }
            after_digits = false;
        }
    }
    total
}

/// Lowercase ASCII letters for a run of letters, reading accented Latin letters as their base
/// letter; `None` when a letter has no ASCII reading (another script).
fn fold_to_ascii(letters: &str) -> Option<String> {
    let lower: Vec<char> = letters.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(letters.len());
    for (i, &c) in lower.iter().enumerate() {
        // A final é is sounded ("café", "résumé"): read it as "ee", which is never silent.
        // Cannot fail: `lower[i + 1]` is read only when `i + 2 == lower.len()`.
        let last = i + 1 == lower.len() || (i + 2 == lower.len() && lower[i + 1] == 's');
        if c == 'é' && last {
            out.push_str("ee");
            continue;
        }
        let folded = match c {
            'a'..='z' => c,
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
            'ý' | 'ÿ' => 'y',
            'ç' => 'c',
            'ñ' => 'n',
            _ => return None,
        };
        out.push(folded);
    }
    Some(out)
}

fn is_vowel_letter(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Syllables of a lowercase ASCII word: exceptions, compounds, then the rules.
fn english(w: &[u8]) -> usize {
    if w.is_empty() {
        return 0;
    }
    if let Some(&(_, n)) = EXCEPTIONS.iter().find(|(e, _)| e.as_bytes() == w) {
        return n;
    }
    for &(head, n) in COMPOUND_HEADS {
        if let Some(rest) = w.strip_prefix(head.as_bytes()) {
            // Cannot fail: `rest[0]` is read after `rest.len() >= 2`.
            let separate = rest.len() >= 2
                && (!is_vowel_letter(rest[0]) || rest == b"one" || rest == b"ones")
                && rest.iter().any(|&c| is_vowel_letter(c));
            if separate {
                return n + english(rest);
            }
        }
    }
    by_rules(w)
}

/// Syllables of a lowercase ASCII word that is not empty, by rules 1 to 4 of the module
/// documentation.
fn by_rules(w: &[u8]) -> usize {
    let word = Letters::new(w);
    let groups = vowel_groups(&word);
    if groups == 0 {
        return 1;
    }
    let mut count = groups as isize;
    count += two_syllable_vowel_pairs(&word, groups) as isize;
    count += isize::from(ing_after_vowel(&word));
    count += isize::from(syllabic_m(&word));
    // In a word of one vowel group the e is the vowel that is said ("the", "she").
    if groups > 1 {
        count -= isize::from(silent_e(&word));
        count -= isize::from(silent_ue(w));
    }
    count.max(1) as usize
}

/// A word's letters with which of them are vowels, which the rules read around each letter.
struct Letters<'a> {
    w: &'a [u8],
    vowel: Vec<bool>,
}

impl<'a> Letters<'a> {
    /// Marks the vowels of `w`: y is a consonant at the start and between vowels (or after the
    /// w of "aw", "ow").
    fn new(w: &'a [u8]) -> Letters<'a> {
        let n = w.len();
        let at = |k: usize| w.get(k).copied().unwrap_or(0);
        let mut vowel = vec![false; n];
        // Cannot fail: `k < n` from the range, and `k - 1` is read after `k > 0`.
        for k in 0..n {
            vowel[k] = match w[k] {
                b'a' | b'e' | b'i' | b'o' | b'u' => true,
                b'y' => {
                    let before_vowel = matches!(at(k + 1), b'a' | b'e' | b'i' | b'o' | b'u');
                    k > 0 && !(before_vowel && (vowel[k - 1] || w[k - 1] == b'w'))
                }
                _ => false,
            };
        }
        Letters { w, vowel }
    }

    fn len(&self) -> usize {
        self.w.len()
    }

    /// The letter at `k`, or 0 past the end.
    fn at(&self, k: usize) -> u8 {
        self.w.get(k).copied().unwrap_or(0)
    }

    fn ends(&self, s: &str) -> bool {
        self.w.ends_with(s.as_bytes())
    }

    /// Whether the letters from `from` on start with `s`.
    fn slice_is(&self, from: usize, s: &str) -> bool {
        self.w.get(from..from + s.len()) == Some(s.as_bytes())
    }

    /// Whether the letter at `k` is a consonant in `set`.
    fn consonant_in(&self, k: usize, set: &[u8]) -> bool {
        k < self.len() && !self.vowel[k] && set.contains(&self.w[k])
    }
}

/// Rule 1: the number of vowel groups.
fn vowel_groups(word: &Letters) -> usize {
    let (w, vowel) = (word.w, &word.vowel);
    let is_final_ye = |k: usize| {
        let tail = &w[k..];
        tail == b"ye" || tail == b"yes" || tail == b"yed"
    };
    // Cannot fail: `k < n` from the range, and `k - 1` is read after `k == 0` is ruled out.
    (0..word.len())
        .filter(|&k| {
            vowel[k]
                && (k == 0
                    || !vowel[k - 1]
                    || (w[k - 1] == b'y' && w[k] != b'y' && !is_final_ye(k - 1)))
        })
        .count()
}

/// Rule 2: the number of adjacent vowels that are two syllables rather than one.
fn two_syllable_vowel_pairs(word: &Letters, groups: usize) -> usize {
    (0..word.len().saturating_sub(1))
        .filter(|&k| word.vowel[k] && word.vowel[k + 1] && splits_vowel_pair(word, k, groups))
        .count()
}

/// Whether the vowels at `k` and `k + 1` of a word of `groups` vowel groups are said as two
/// syllables.
// Cannot fail (indexing in this function): `two_syllable_vowel_pairs` passes `k + 1 < n`;
// every other index is read behind a check on `k` or `n` in the same expression.
fn splits_vowel_pair(word: &Letters, k: usize, groups: usize) -> bool {
    let (w, vowel, n) = (word.w, &word.vowel, word.len());
    let prev = if k > 0 { w[k - 1] } else { 0 };
    match (w[k], w[k + 1]) {
        (b'i', b'o') if k + 2 == n => true,
        (b'i', b'a' | b'o') => {
            let glide = k >= 2 && word.consonant_in(k - 1, b"ctsxgln");
            let avio = k >= 2 && word.slice_is(k - 2, "avio");
            !(glide || avio) || (w[k + 1] == b'a' && word.at(k + 2) == b't')
        }
        (b'i', b'u') => true,
        (b'i', b'e') => {
            if word.at(k + 2) == b't' {
                true
            } else if word.at(k + 2) == b'n' && matches!(word.at(k + 3), b'c' | b't') {
                let glide = k >= 2 && word.consonant_in(k - 1, b"ctsxgn");
                !glide || (k >= 2 && word.slice_is(k - 2, "sc"))
            } else {
                (k + 3 == n && word.ends("ier") || k + 4 == n && word.ends("iest")) && groups > 1
            }
        }
        (b'e', b'o') => {
            let word_like_people = k >= 1
                && (word.slice_is(k - 1, "peop")
                    || word.slice_is(k - 1, "leop")
                    || word.slice_is(k - 1, "jeop"));
            !(word_like_people || (k >= 2 && prev == b'g'))
        }
        (b'u', b'a') => !matches!(prev, b'q' | b'g'),
        (b'u', b'e') => word.at(k + 2) == b'n' && !matches!(prev, b'q' | b'g'),
        (b'u', b'o') => word.at(k + 2) == b'u',
        (b'u', b'i') => {
            (word.at(k + 2) == b'd' || word.slice_is(k + 2, "cid")) && !matches!(prev, b'q' | b'g')
        }
        (b'o', b'e') => k > 0 && k + 2 < n && !vowel[k + 2] && w[k + 2] != b's',
        (b'a', b'o') => true,
        (b'e', b'a') => {
            (k + 2 == n && groups > 1)
                || (k >= 2 && word.slice_is(k - 2, "creat") && word.at(k + 3) != b'u')
                || (k >= 1 && word.slice_is(k - 1, "react"))
        }
        (b'e', b'u') => (&w[k..] == b"eum" || &w[k..] == b"eus") && groups > 1,
        _ => false,
    }
}

/// The end of rule 2: *-ing* after a vowel other than y is a syllable of its own ("being",
/// "going").
fn ing_after_vowel(word: &Letters) -> bool {
    let (w, n) = (word.w, word.len());
    // Cannot fail: `k - 1` is read after `k >= 1`, and `k < n`.
    ["ing", "ings"].into_iter().any(|suffix| {
        if !(word.ends(suffix) && n > suffix.len()) {
            return false;
        }
        let k = n - suffix.len();
        k >= 1 && word.vowel[k - 1] && w[k - 1] != b'y'
    })
}

/// Rule 3: a final syllabic m ("autism", "rhythm").
fn syllabic_m(word: &Letters) -> bool {
    ["sm", "thm", "sms", "thms"].iter().any(|s| word.ends(s))
}

/// Rule 4, in a word of two or more vowel groups: whether a silent e (final, in *-es* or
/// *-ed*, or before a suffix) takes a syllable off.
// Cannot fail (indexing in this function): every index is read behind a check on `k` or `n`
// in the same expression or the `if` around it.
fn silent_e(word: &Letters) -> bool {
    let (w, vowel, n) = (word.w, &word.vowel, word.len());
    let own_e = |k: usize| {
        k < n
            && w[k] == b'e'
            && vowel[k]
            && (k == 0 || !vowel[k - 1])
            && (k + 1 >= n || !vowel[k + 1])
    };
    // A syllabic l or r: after a consonant other than l or r ("table", "centre").
    let syllabic_l = |k: usize| {
        k >= 1 && matches!(w[k], b'l' | b'r') && !vowel[k - 1] && !matches!(w[k - 1], b'l' | b'r')
    };
    let ire = |len: usize| n > len && vowel[n - len] && w[n - len] == b'i' && !vowel[n - len - 1];
    if word.ends("e") && own_e(n - 1) {
        !(n.checked_sub(2).is_some_and(syllabic_l) || (word.ends("ire") && ire(3)))
    } else if word.ends("es") && n >= 3 && own_e(n - 2) {
        let stem = &w[..n - 2];
        let sibilant = [&b"s"[..], b"x", b"z", b"ch", b"sh", b"c", b"g"]
            .iter()
            .any(|s| stem.ends_with(s));
        !(sibilant || syllabic_l(n - 3) || (word.ends("ires") && ire(4)))
    } else if word.ends("ed") && n >= 3 && own_e(n - 2) {
        !(matches!(w[n - 3], b't' | b'd') || syllabic_l(n - 3) || (word.ends("ired") && ire(4)))
    } else if let Some(suffix) = ["ly", "ty", "ments", "ment", "ful", "ness", "less", "some"]
        .iter()
        .find(|s| word.ends(s))
    {
        let k = n.checked_sub(suffix.len() + 1);
        k.filter(|&k| k >= 2)
            .is_some_and(|k| own_e(k) && !syllabic_l(k - 1))
    } else {
        false
    }
}

/// The end of rule 4, in a word of two or more vowel groups: a final *-que* or *-gue* is silent
/// ("technique", "fatigue"), but not after r ("argue").
fn silent_ue(w: &[u8]) -> bool {
    let plain = w.strip_suffix(b"s").unwrap_or(w);
    // Cannot fail: `plain.len() - 4` is read after `plain.len() >= 4`.
    plain.ends_with(b"que")
        || (plain.ends_with(b"gue") && plain.len() >= 4 && plain[plain.len() - 4] != b'r')
}

#[cfg(test)]
mod tests;
