//! The words of a sentence, as the formulas count them.
//!
//! **Words.** A word is a run of letters (any script), digits and apostrophes, joined across
//! inner hyphens and periods (`well-known`, `3.5`, `e.g`) and across commas between digits
//! (`1,000`). Numbers are words, as they are when read aloud.

/// Whether `c` is an apostrophe, straight or curly: inside a word it is part of the word
/// (`don't`, `you’re`).
pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// The words of `text`, as defined in the module documentation.
pub fn words_of(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut i = 0;
    // Cannot fail: `j` only passes characters `get` found (two at a time only when the second
    // exists), so `start < j <= chars.len()`; `end` stays in `start..=j`.
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 1;
        loop {
            match chars.get(j).map(|&(_, c)| c) {
                Some(c) if c.is_alphanumeric() || is_apostrophe(c) => j += 1,
                Some(c) if matches!(c, '-' | '‐' | '‑' | '.' | ',') => {
                    let next = chars.get(j + 1).map(|&(_, c)| c);
                    let joins = if c == ',' {
                        chars[j - 1].1.is_numeric() && next.is_some_and(char::is_numeric)
                    } else {
                        next.is_some_and(char::is_alphanumeric)
                    };
                    if joins {
                        j += 2;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        // A trailing apostrophe is a closing quote (or a plural possessive): not part of it.
        let mut end = j;
        while end > start && is_apostrophe(chars[end - 1].1) {
            end -= 1;
        }
        out.push(&text[byte_at(start)..byte_at(end)]);
        i = j;
    }
    out
}

/// The syllables of a word for a language whose rules see only runs of letters: the word is
/// lowercased and cut into letter runs (each counted by `letters`) and digit runs (one
/// syllable each); a word with any letter or digit has at least one.
pub(super) fn syllables_by_letter_runs(word: &str, letters: impl Fn(&str) -> usize) -> usize {
    let lower: String = word.chars().flat_map(char::to_lowercase).collect();
    let mut total = 0;
    for piece in lower.split(|c: char| !c.is_alphanumeric()) {
        let mut rest = piece;
        while !rest.is_empty() {
            let digits = rest.chars().next().is_some_and(|c| c.is_ascii_digit());
            let end = rest
                .find(|c: char| c.is_ascii_digit() != digits)
                .unwrap_or(rest.len());
            // Cannot fail: `end` is where `find` met a character boundary, or the length.
            let (run, tail) = rest.split_at(end);
            total += if digits { 1 } else { letters(run) };
            rest = tail;
        }
    }
    total.max(usize::from(lower.chars().any(char::is_alphanumeric)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_contractions_hyphens_and_numbers_whole() {
        assert_eq!(
            words_of("Don’t take 3.5 mg of well-known drugs (e.g. 1,000 pills) — 'ever'."),
            [
                "Don’t",
                "take",
                "3.5",
                "mg",
                "of",
                "well-known",
                "drugs",
                "e.g",
                "1,000",
                "pills",
                "ever"
            ]
        );
    }
}
