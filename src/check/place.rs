//! Where a finding about words points: the sentences of a prose block and the place in the
//! page's source where a phrase of them is written.

use crate::readability;

/// The sentences of a block, split by the readability module's rules (abbreviations and
/// decimals do not end a sentence).
pub(super) fn sentences(text: &str) -> impl Iterator<Item = &str> {
    readability::split_sentences(text)
        .into_iter()
        .map(|(_, s)| s)
}

/// Where `phrase` (found in a block's plain text, in `sentence`) is written in the page's
/// source, so that a finding points at the words themselves: searched from the block's start
/// (and from the sentence's first words, when they are written as they read), ignoring ASCII
/// case; the block's start when markup in between hides it.
pub(super) fn place_in_source(
    source: &str,
    block: usize,
    sentence: Option<&str>,
    phrase: &str,
) -> usize {
    // Blocks are short: look no further than this past their start.
    const WINDOW: usize = 4000;
    let find = |from: usize, needle: &str| -> Option<usize> {
        let end = (from + WINDOW).min(source.len());
        let hay = source.get(from..end)?.to_ascii_lowercase();
        let needle = needle.to_ascii_lowercase();
        (!needle.is_empty())
            .then(|| hay.find(&needle))
            .flatten()
            .map(|i| from + i)
    };
    let start = sentence
        .and_then(|s| {
            let prefix: String = s.trim().chars().take(24).collect();
            find(block, &prefix)
        })
        .unwrap_or(block);
    find(start, phrase)
        .or_else(|| find(block, phrase))
        .unwrap_or(block)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_point_at_the_words_in_the_source() {
        let source = "---\ntitle: T\n---\n\nIt helps. **Nothing** is guaranteed here, and nothing is *guaranteed* there.\n";
        let block = source.find("It helps").unwrap();
        let second = "and nothing is guaranteed there.";
        let at = place_in_source(
            source,
            block,
            Some("Nothing is guaranteed here, and"),
            "guaranteed",
        );
        assert_eq!(&source[at..at + 10], "guaranteed");
        assert_eq!(at, source.find("guaranteed").unwrap());
        // A sentence written with markup inside still finds its phrase after the block start.
        let at = place_in_source(source, block, Some(second), "guaranteed");
        assert_eq!(&source[at..at + 10], "guaranteed");
        // A phrase hidden by markup falls back to the block's start.
        assert_eq!(
            place_in_source(source, block, None, "nothing is guaranteed there"),
            block
        );
    }
}
