//! Where one sentence ends and the next begins, and which blocks and short sentences are list
//! fragments rather than prose, to be left out of the scores.
//!
//! **Sentences.** A sentence ends at `.`, `!`, `?` or `…` (a run of them, as in `?!` or `...`)
//! followed by whitespace or the end of the block; closing quotes and brackets after the mark
//! stay with the sentence (`She said “yes.”` is one sentence). The end of a block also ends a
//! sentence, because a list item such as `Take one pill every morning` is a sentence without
//! its full stop. A period is *not* an end:
//! - inside a number (`0.5 mg`): it is not followed by whitespace;
//! - after a title or Latin abbreviation that never ends a sentence in practice: Dr., Mr., Mrs.,
//!   Ms., Prof., St., vs., e.g., i.e., approx.; and after `No.` when a digit follows (`No. 5`);
//! - after etc., a.m., p.m., U.S., U.K. unless the next word starts with a capital letter —
//!   these often do end a sentence (`Come at 9 a.m. Bring your card.`).
//!
//! Splitting too eagerly would make sentences look short and the text look easy, which is the
//! error that matters for patients.
//!
//! **List fragments.** A block with fewer than 8 words and no verb-like word is skipped:
//! `Your insurance card` in a "what to bring" list is not a sentence, and counting it as a
//! three-word sentence would make the page look easier than its real sentences are. For the
//! same reason a sentence of fewer than 4 words with no verb-like word is skipped inside a
//! block: a lead-in label (`Dissociation.` before its explanation) or an answer (`Not
//! always.`) is not prose — and a one-word "sentence" of a long word would top
//! [`Analysis::hardest`](super::Analysis::hardest). A word is verb-like when it is
//! - a form of *be*, *have* or *do*, a modal (*can*, *will*, *should*, *may*, …), or a
//!   contraction with one (`don't`, `you're`, `it's`, `let's`);
//! - the word after a subject pronoun (*I, you, we, they, he, she, it*), unless that word is a
//!   preposition, article or conjunction (`you feel`, `it helps`, but not `for you and me`);
//! - one of about 100 common verbs of patient instructions that are seldom nouns (*take,
//!   bring, ask, avoid, relieve, …*), in its base or *-s* form, or one of about 40 irregular
//!   past forms (*took, felt, …*);
//! - one of about 80 verbs that are as often nouns or adjectives (*call, help, rest, sleep,
//!   gain, last, …*) when it is the first word (an instruction: `Drink plenty of water`,
//!   `Call 911`) or follows a plural (`Others need more time`), or in its *-s* form followed
//!   by a word that is not a preposition or conjunction (`Ketamine helps many people`, but
//!   not `Changes in mood`). Elsewhere they are as likely nouns (`Poor sleep`, `Weight gain`).
//!
//! *-ing* and *-ed* forms alone do not count: `Bleeding gums`, `Increased thirst` and
//! `Blurred vision` are typical symptom-list fragments. The heuristic errs both ways on
//! words outside its lists (`The medicine drips in slowly` is taken for a fragment, `Sleep
//! problems` for an instruction); the word limits bound the damage.

use super::words::words_of;

// ---------------------------------------------------------------------------------------------
// Where a sentence ends

/// Marks that end a sentence when whitespace or the end of the block follows them.
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Closing quotes, brackets and emphasis marks, which stay with the sentence they close.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '’' | '”' | ')' | ']' | '}' | '»' | '›' | '*' | '_'
    )
}

/// Abbreviations after which a period never ends a sentence in practice.
const NEVER_END: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "vs", "e.g", "i.e", "approx",
];

/// Abbreviations after which a period ends a sentence only when a capital letter follows.
const END_BEFORE_CAPITAL: &[&str] = &["etc", "a.m", "p.m", "u.s", "u.k"];

/// Splits `text` into sentences: `(byte offset of the first character, trimmed text)`, leaving
/// out stretches with no words. See the module documentation for the rules.
pub fn split_sentences(text: &str) -> Vec<(usize, &str)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut ends = Vec::new();
    let mut i = 0;
    // Cannot fail: each index into `chars` is checked against its length first, and the
    // sentence ends are increasing char offsets of `text` (or its length).
    while i < chars.len() {
        if !is_terminator(chars[i].1) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && is_terminator(chars[j].1) {
            j += 1;
        }
        let marks = j - i;
        while j < chars.len() && is_closer(chars[j].1) {
            j += 1;
        }
        let at_break = j == chars.len() || chars[j].1.is_whitespace();
        if at_break && !(marks == 1 && chars[i].1 == '.' && is_abbreviation(&chars, i, j)) {
            ends.push(byte_at(j));
        }
        i = j;
    }
    if ends.last() != Some(&text.len()) {
        ends.push(text.len());
    }
    let mut out = Vec::new();
    let mut start = 0;
    for end in ends {
        let piece = &text[start..end];
        let trimmed = piece.trim_start();
        let offset = start + (piece.len() - trimmed.len());
        let trimmed = trimmed.trim_end();
        if !words_of(trimmed).is_empty() {
            out.push((offset, trimmed));
        }
        start = end;
    }
    out
}

/// Whether the single period at `chars[dot]` closes an abbreviation rather than a sentence;
/// `after` is the index just past the period and any closing marks.
fn is_abbreviation(chars: &[(usize, char)], dot: usize, after: usize) -> bool {
    let mut start = dot;
    // Cannot fail: `split_sentences` passes `dot < after <= chars.len()`, and `start` only
    // moves down from `dot` while it is above 0.
    while start > 0 && (chars[start - 1].1.is_alphanumeric() || chars[start - 1].1 == '.') {
        start -= 1;
    }
    let token: String = chars[start..dot]
        .iter()
        .flat_map(|&(_, c)| c.to_lowercase())
        .collect();
    let next = chars[after..]
        .iter()
        .map(|&(_, c)| c)
        .find(|c| !c.is_whitespace());
    if NEVER_END.contains(&token.as_str()) {
        return true;
    }
    if token == "no" {
        return next.is_some_and(|c| c.is_ascii_digit());
    }
    if END_BEFORE_CAPITAL.contains(&token.as_str()) {
        return !next.is_some_and(char::is_uppercase);
    }
    false
}

// ---------------------------------------------------------------------------------------------
// List fragments

/// Forms of be/have/do and modals.
const AUXILIARIES: &str = "\
    am is are was were be been being have has had do does did can cannot could will would \
    shall should may might must";

/// Verbs that are seldom nouns or adjectives: verb-like wherever they appear, in base or -s form.
const VERBS: &str = "\
    ask tell get take make feel go come see know want keep let give put bring find think say \
    stop avoid follow learn leave stay remain reduce treat prevent protect relieve improve \
    include involve contain happen begin continue prepare remember forget wear breathe hurt \
    heal recover speak listen understand seem become apply wake sit stand pay buy send \
    choose decide allow affect notice remove add swallow chew inject throw skip arrive die \
    quit agree receive provide offer depend ensure require reach weigh grow hear bathe read \
    write eat share explain discuss consider expect tend suggest recommend prescribe differ \
    vary replace respond fade try believe lie";

/// Irregular past tenses of common verbs.
const PAST_FORMS: &str = "\
    took got made felt went came saw knew told said gave brought found thought ate drank \
    slept kept wrote began woke sat stood drove paid bought sent chose held fell rose grew \
    heard ran meant became spoke understood wore threw";

/// Verbs that are as often nouns or adjectives (`sleep problems`, `weight gain`, `your last
/// dose`): verb-like as the first word (an instruction: `Call 911`), or in the -s form when a
/// word other than a preposition or conjunction follows (`Ketamine helps many people`, but
/// `Changes in mood`).
const AMBIGUOUS_VERBS: &str = "\
    call help check drink sleep rest use test care plan visit walk talk work change increase \
    measure store return report cover show record schedule exercise cough dress shower smoke \
    cut fall run set pass watch look sign limit clean wrap ice press need start wait contact \
    close open lower raise last cause mean lead gain rise turn hold drive move mix fill \
    refill miss live worry bite wash count block drip matter answer act feed stress pick play clear \
    lift fix rate cancel";

/// Words after which an ambiguous verb's -s form is a plural noun (`problems with`,
/// `changes in`).
const PREPOSITIONS_AND_CONJUNCTIONS: &str = "\
    and or but nor in on at to for with of from by about around after before during per like \
    than as into over under such that which";

const SUBJECT_PRONOUNS: &str = "\
    i you we they he she it";

/// Words that, after a subject pronoun, show it is not a subject (`for you and me`).
const NOT_AFTER_SUBJECT: &str = "\
    and or but nor to for with in on at of from by about as the a an your my our their his \
    her its too also all both here there if when than so";

/// Words before `'s` that make it "is"/"has"/"us" rather than a possessive.
const S_CONTRACTIONS: &str = "\
    it that there here what who where how he she let";

/// Whether `word` is in a space-separated word list.
fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// Whether `text` is a list fragment: fewer than 8 words and none of them verb-like. See the
/// module documentation for the rules.
pub fn is_list_fragment(text: &str) -> bool {
    verbless_under(text, 8)
}

/// Whether `text` has fewer than `limit` words and none of them verb-like.
pub(super) fn verbless_under(text: &str, limit: usize) -> bool {
    let words: Vec<String> = words_of(text)
        .iter()
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect();
    if words.len() >= limit {
        return false;
    }
    let word = |i: usize| words.get(i).map_or("", String::as_str);
    !(0..words.len()).any(|i| {
        let ambiguous = |w: &str| listed(AMBIGUOUS_VERBS, w);
        is_verb_like(word(i))
            || (ambiguous(word(i)) && (i == 0 || is_plural(word(i - 1))))
            || (i + 1 < words.len()
                && s_form(word(i)).into_iter().any(|b| ambiguous(&b))
                && !listed(PREPOSITIONS_AND_CONJUNCTIONS, word(i + 1)))
            || (i > 0
                && listed(SUBJECT_PRONOUNS, word(i - 1))
                && !listed(NOT_AFTER_SUBJECT, word(i)))
    })
}

/// Whether `word` looks like a plural noun (and so, before a verb, its subject).
fn is_plural(word: &str) -> bool {
    word == "people" || word.len() > 3 && !s_form(word).is_empty()
}

/// The base forms `word` may be the -s form of (`takes` → `take`, `tak`; `worries` → `worry`).
fn s_form(word: &str) -> Vec<String> {
    let mut bases = Vec::new();
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return bases;
    }
    if let Some(b) = word.strip_suffix('s') {
        bases.push(b.to_string());
    }
    if let Some(b) = word.strip_suffix("es") {
        bases.push(b.to_string());
    }
    if let Some(b) = word.strip_suffix("ies") {
        bases.push(format!("{b}y"));
    }
    bases
}

/// Whether `word` is verb-like whatever its neighbours: a form of *be*, *have* or *do*, a modal,
/// a contraction (`don't`, `it's`), or one of [`VERBS`] (base or -s form) or [`PAST_FORMS`].
/// The rules that look at the neighbouring words are in [`verbless_under`].
fn is_verb_like(word: &str) -> bool {
    if listed(AUXILIARIES, word) || listed(PAST_FORMS, word) {
        return true;
    }
    for suffix in ["n't", "'re", "'ll", "'ve", "'m", "'d"] {
        if word.len() > suffix.len() && word.ends_with(suffix) {
            return true;
        }
    }
    if let Some(base) = word.strip_suffix("'s") {
        return listed(S_CONTRACTIONS, base);
    }
    listed(VERBS, word) || s_form(word).iter().any(|b| listed(VERBS, b.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readability::analyze;

    fn texts(text: &str) -> Vec<&str> {
        split_sentences(text).into_iter().map(|(_, s)| s).collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            texts("Dr. Lee will see you. Bring a list of your medicines."),
            ["Dr. Lee will see you.", "Bring a list of your medicines."]
        );
        assert_eq!(
            texts("Some things help, e.g. sleep and exercise. Others i.e. alcohol do not."),
            [
                "Some things help, e.g. sleep and exercise.",
                "Others i.e. alcohol do not."
            ]
        );
        assert_eq!(
            texts("Mrs. Ortiz and Mr. Lee met Ms. Kay."),
            ["Mrs. Ortiz and Mr. Lee met Ms. Kay."]
        );
        assert_eq!(
            texts("Go to Room No. 5 today."),
            ["Go to Room No. 5 today."]
        );
        assert_eq!(
            texts("The answer is no. Call us."),
            ["The answer is no.", "Call us."]
        );
        assert_eq!(
            texts("Come at 9 a.m. Bring your card."),
            ["Come at 9 a.m.", "Bring your card."]
        );
        assert_eq!(
            texts("Come at 9 a.m. on Monday."),
            ["Come at 9 a.m. on Monday."]
        );
        assert_eq!(
            texts("Bring pills, water, etc. to the visit."),
            ["Bring pills, water, etc. to the visit."]
        );
    }

    #[test]
    fn decimals_do_not_end_sentences() {
        assert_eq!(
            texts("The dose is 0.5 mg per kg. It takes 40 minutes."),
            ["The dose is 0.5 mg per kg.", "It takes 40 minutes."]
        );
        assert_eq!(words_of("0.5 mg per kg"), ["0.5", "mg", "per", "kg"]);
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_the_sentence() {
        assert_eq!(
            texts("She said “yes.” Then she left."),
            ["She said “yes.”", "Then she left."]
        );
        assert_eq!(
            texts("(Ask first.) Then sign."),
            ["(Ask first.)", "Then sign."]
        );
        assert_eq!(texts("\"Stop!\" Call us."), ["\"Stop!\"", "Call us."]);
    }

    #[test]
    fn question_and_exclamation_marks_and_ellipses_end_sentences() {
        assert_eq!(
            texts("Are you sure? Yes! Call us."),
            ["Are you sure?", "Yes!", "Call us."]
        );
        assert_eq!(texts("Really?! Yes."), ["Really?!", "Yes."]);
        assert_eq!(
            texts("Wait… then breathe. Wait... then rest."),
            ["Wait…", "then breathe.", "Wait...", "then rest."]
        );
        assert_eq!(texts("No end mark here"), ["No end mark here"]);
    }

    #[test]
    fn list_fragments_are_skipped() {
        assert!(is_list_fragment("Your insurance card"));
        assert!(!is_list_fragment("Bring your insurance card."));
        assert!(is_list_fragment("Bleeding gums"));
        assert!(is_list_fragment("Increased thirst"));
        assert!(is_list_fragment("Blurred vision and headaches"));
        assert!(is_list_fragment("For you and your family"));
        assert!(is_list_fragment(
            "Photo ID, insurance card, and medication list"
        ));
        assert!(!is_list_fragment("Drink plenty of water"));
        assert!(!is_list_fragment("Call 911"));
        assert!(!is_list_fragment("Ketamine relieves depression"));
        assert!(!is_list_fragment("It helps."));
        assert!(!is_list_fragment("You feel calm"));
        assert!(!is_list_fragment("Side effects don’t last"));
        assert!(!is_list_fragment("It’s safe"));
        assert!(!is_list_fragment("Most people felt better"));
        // Eight words or more are a sentence whatever their words.
        assert!(!is_list_fragment(
            "A photo ID, your insurance card, and medication list"
        ));

        let analysis = analyze(&[("Dissociation. You may feel far away from your body.", 30)]);
        assert_eq!(analysis.scores.sentences, 1);
        assert_eq!(analysis.sentences[0].offset, 44);
        let analysis = analyze(&[("Bring these. Photo ID. Insurance card. Glasses.", 0)]);
        assert_eq!(analysis.scores.sentences, 1);
        assert_eq!(analysis.sentences[0].text, "Bring these.");

        let analysis = analyze(&[
            ("Your insurance card".to_string(), 0),
            ("Bring your insurance card.".to_string(), 20),
        ]);
        assert_eq!(analysis.scores.sentences, 1);
        assert_eq!(analysis.sentences[0].offset, 20);
        assert_eq!(analysis.sentences[0].text, "Bring your insurance card.");
    }
}
