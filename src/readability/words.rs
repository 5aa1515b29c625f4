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
