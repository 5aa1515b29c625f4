//! The general health pack, on for every site: promises no health page should make, whatever
//! it is about. Its reasons and suggestions name no condition and no treatment. Tables for
//! English, Spanish, French and German; other languages get none.

use super::{ClaimRule, rule};

pub fn rules(language: &str) -> Vec<ClaimRule> {
    let table = match language {
        "en" => ENGLISH,
        "es" => SPANISH,
        "fr" => FRENCH,
        "de" => GERMAN,
        _ => return Vec::new(),
    };
    table
        .iter()
        .flat_map(|group| {
            group.phrases.iter().map(|phrase| ClaimRule {
                unless_referenced: group.unless_referenced,
                ..rule(
                    phrase,
                    group.near,
                    group.unless,
                    group.reason,
                    group.suggestion,
                )
            })
        })
        .collect()
}

/// Phrases that share a reason and a suggestion.
struct Group {
    phrases: &'static [&'static str],
    near: &'static [&'static str],
    unless: &'static [&'static str],
    /// A claim of proof, flagged only where the paragraph cites nothing.
    unless_referenced: bool,
    reason: &'static str,
    suggestion: &'static str,
}

const fn group(
    phrases: &'static [&'static str],
    unless: &'static [&'static str],
    reason: &'static str,
    suggestion: &'static str,
) -> Group {
    Group {
        phrases,
        near: &[],
        unless,
        unless_referenced: false,
        reason,
        suggestion,
    }
}

const fn proof(
    phrases: &'static [&'static str],
    unless: &'static [&'static str],
    reason: &'static str,
    suggestion: &'static str,
) -> Group {
    Group {
        unless_referenced: true,
        ..group(phrases, unless, reason, suggestion)
    }
}

/// "100%" is a claim of effect next to these words ("100% effective"), not in "100% of the fee".
const fn sure_figure(
    near: &'static [&'static str],
    reason: &'static str,
    suggestion: &'static str,
) -> Group {
    Group {
        near,
        ..group(&["100%", "100 %"], &[], reason, suggestion)
    }
}

const NOT_EN: &[&str] = &[
    "not", "no", "never", "isn't", "nothing", "promise", "promises", "claim", "claims",
];

const ENGLISH: &[Group] = &[
    group(
        &["cure", "cures"],
        NOT_EN,
        "a promise of a cure raises hopes a treatment may not meet; say what it can do, and for how many people",
        "\"may ease symptoms\" or \"helps many people feel better\"",
    ),
    group(
        &["guaranteed", "guarantee"],
        &[
            "not", "no", "cannot", "can't", "promise", "promises", "claim", "claims",
        ],
        "results vary from person to person; nothing is guaranteed",
        "\"many patients\" or \"in studies, about half of people\"",
    ),
    group(
        &["miracle", "miraculous"],
        NOT_EN,
        "no treatment is a miracle; the word promises more than any treatment gives",
        "say what the treatment does and how many people it helps, with the source",
    ),
    sure_figure(
        &[
            "effective",
            "works",
            "work",
            "success",
            "successful",
            "safe",
            "results",
            "relief",
            "natural",
            "patients",
            "people",
        ],
        "no treatment works for everyone",
        "give the figure from a study, with its reference",
    ),
    group(
        &["risk-free", "risk free", "zero risk"],
        NOT_EN,
        "every treatment carries some risk; patients need to know which ones to decide",
        "\"serious problems are rare\", and name the common risks",
    ),
    group(
        &["no side effects", "without side effects"],
        &[],
        "every treatment can have side effects; patients need to know the common ones and how long they last",
        "\"side effects are usually mild\", and name the common ones",
    ),
    group(
        &["completely safe", "totally safe", "perfectly safe"],
        NOT_EN,
        "nothing in medicine is completely safe; say what the risks are and how often they happen",
        "\"serious problems are rare\", with the figure and its source",
    ),
    proof(
        &[
            "clinically proven",
            "scientifically proven",
            "proven to work",
        ],
        NOT_EN,
        "a claim of proof needs the study behind it, cited in the same paragraph",
        "\"in a study of 300 people, …\", with the study as a footnote ([^r1]) in the same paragraph",
    ),
    proof(
        &["safe and effective"],
        NOT_EN,
        "safety and benefit are what studies find; without the source, readers cannot weigh them",
        "name the study as a footnote ([^r1]) in the same paragraph, or say what is known and what is not",
    ),
];

const NOT_ES: &[&str] = &[
    "no",
    "nunca",
    "ningún",
    "ninguna",
    "nada",
    "promete",
    "prometen",
    "prometa",
    "prometan",
    "prometer",
    "prometerle",
    "prometemos",
    "promesa",
];

const SPANISH: &[Group] = &[
    group(
        &["cura", "curan"],
        NOT_ES,
        "prometer una cura crea esperanzas que un tratamiento quizá no cumpla; diga qué puede hacer y a cuántas personas ayuda",
        "\"puede aliviar los síntomas\"",
    ),
    group(
        &["garantiza", "garantizado", "garantizada", "garantizados"],
        NOT_ES,
        "los resultados cambian de una persona a otra; nada está garantizado",
        "\"muchos pacientes\"",
    ),
    group(
        &["milagro", "milagroso", "milagrosa"],
        NOT_ES,
        "ningún tratamiento es un milagro; la palabra promete más de lo que un tratamiento da",
        "diga qué hace el tratamiento y a cuántas personas ayuda, con la fuente",
    ),
    sure_figure(
        &[
            "eficaz",
            "efectivo",
            "efectiva",
            "funciona",
            "éxito",
            "seguro",
            "segura",
            "resultados",
            "natural",
            "pacientes",
            "personas",
        ],
        "ningún tratamiento funciona para todos",
        "dé la cifra de un estudio, con su referencia",
    ),
    group(
        &["sin riesgo", "sin riesgos", "riesgo cero"],
        NOT_ES,
        "todo tratamiento tiene algún riesgo; los pacientes necesitan saber cuáles para decidir",
        "\"los problemas graves son raros\", y nombre los riesgos comunes",
    ),
    group(
        &["sin efectos secundarios"],
        &[],
        "todo tratamiento puede tener efectos secundarios; diga cuáles son los comunes y cuánto duran",
        "\"los efectos secundarios suelen ser leves\", y nombre los comunes",
    ),
    group(
        &[
            "totalmente seguro",
            "totalmente segura",
            "completamente seguro",
            "completamente segura",
        ],
        NOT_ES,
        "nada en medicina es totalmente seguro; diga cuáles son los riesgos y con qué frecuencia ocurren",
        "\"los problemas graves son raros\", con la cifra y su fuente",
    ),
    proof(
        &[
            "clínicamente probado",
            "clínicamente probada",
            "clínicamente comprobado",
            "científicamente probado",
            "científicamente probada",
        ],
        NOT_ES,
        "una afirmación de prueba necesita el estudio que la respalda, citado en el mismo párrafo",
        "\"en un estudio con 300 personas, …\", con el estudio como nota al pie ([^r1]) en el mismo párrafo",
    ),
    proof(
        &["seguro y eficaz", "segura y eficaz"],
        NOT_ES,
        "la seguridad y el beneficio son lo que encuentran los estudios; sin la fuente, el lector no puede valorarlos",
        "cite el estudio como nota al pie ([^r1]) en el mismo párrafo",
    ),
];

const NOT_FR: &[&str] = &[
    "ne",
    "pas",
    "jamais",
    "aucun",
    "aucune",
    "rien",
    "promet",
    "promettent",
    "promettre",
    "promesse",
];

const FRENCH: &[Group] = &[
    group(
        &["guérit", "guérissent", "guérison"],
        NOT_FR,
        "promettre une guérison fait naître des espoirs qu'un traitement ne tient pas toujours ; dites ce qu'il peut faire, et pour combien de personnes",
        "« peut soulager les symptômes »",
    ),
    group(
        &["garanti", "garantie", "garantis", "garantit"],
        NOT_FR,
        "les résultats varient d'une personne à l'autre ; rien n'est garanti",
        "« beaucoup de patients »",
    ),
    group(
        &["miracle", "miraculeux", "miraculeuse"],
        NOT_FR,
        "aucun traitement n'est un miracle ; le mot promet plus qu'un traitement ne donne",
        "dites ce que fait le traitement et combien de personnes il aide, avec la source",
    ),
    sure_figure(
        &[
            "efficace",
            "fonctionne",
            "marche",
            "réussite",
            "sûr",
            "sûre",
            "résultats",
            "naturel",
            "naturelle",
            "patients",
            "personnes",
        ],
        "aucun traitement ne marche pour tout le monde",
        "donnez le chiffre d'une étude, avec sa référence",
    ),
    group(
        &["sans risque", "sans danger", "zéro risque"],
        NOT_FR,
        "tout traitement comporte des risques ; les patients doivent savoir lesquels pour décider",
        "« les problèmes graves sont rares », et nommez les risques courants",
    ),
    group(
        &["sans effets secondaires", "sans effet secondaire"],
        &[],
        "tout traitement peut avoir des effets secondaires ; dites lesquels sont courants et combien de temps ils durent",
        "« les effets secondaires sont en général légers », et nommez les plus courants",
    ),
    proof(
        &[
            "cliniquement prouvé",
            "cliniquement démontré",
            "scientifiquement prouvé",
            "prouvé scientifiquement",
        ],
        NOT_FR,
        "une affirmation de preuve a besoin de l'étude qui la fonde, citée dans le même paragraphe",
        "« dans une étude de 300 personnes, … », avec l'étude en note ([^r1]) dans le même paragraphe",
    ),
    proof(
        &["sûr et efficace"],
        NOT_FR,
        "la sécurité et le bénéfice sont ce que trouvent les études ; sans la source, le lecteur ne peut pas les juger",
        "citez l'étude en note ([^r1]) dans le même paragraphe",
    ),
];

const NOT_DE: &[&str] = &[
    "nicht",
    "kein",
    "keine",
    "keinen",
    "keiner",
    "nie",
    "niemals",
    "nichts",
    "verspricht",
    "versprechen",
];

const GERMAN: &[Group] = &[
    group(
        &["heilt", "heilen", "Heilung"],
        NOT_DE,
        "wer Heilung verspricht, weckt Hoffnungen, die eine Behandlung nicht immer erfüllt; sagen Sie, was sie bewirken kann und bei wie vielen Menschen",
        "„kann die Beschwerden lindern“",
    ),
    group(
        &["garantiert", "Garantie"],
        NOT_DE,
        "die Ergebnisse sind von Mensch zu Mensch verschieden; nichts ist garantiert",
        "„bei vielen Menschen“",
    ),
    group(
        &["Wunder", "Wundermittel", "wundersam"],
        NOT_DE,
        "keine Behandlung ist ein Wunder; das Wort verspricht mehr, als eine Behandlung gibt",
        "sagen Sie, was die Behandlung bewirkt und wie vielen Menschen sie hilft, mit der Quelle",
    ),
    sure_figure(
        &[
            "wirksam",
            "wirkt",
            "Erfolg",
            "erfolgreich",
            "sicher",
            "Ergebnisse",
            "natürlich",
            "Patienten",
            "Menschen",
        ],
        "keine Behandlung wirkt bei allen",
        "nennen Sie die Zahl aus einer Studie, mit ihrer Quelle",
    ),
    group(
        &["risikofrei", "ohne Risiko", "ohne Risiken"],
        NOT_DE,
        "jede Behandlung hat Risiken; Patienten müssen wissen, welche, um zu entscheiden",
        "„ernste Probleme sind selten“, und nennen Sie die häufigen Risiken",
    ),
    group(
        &["ohne Nebenwirkungen", "keine Nebenwirkungen"],
        &[],
        "jede Behandlung kann Nebenwirkungen haben; sagen Sie, welche häufig sind und wie lange sie dauern",
        "„die Nebenwirkungen sind meist leicht“, und nennen Sie die häufigen",
    ),
    group(
        &["völlig sicher", "absolut sicher", "vollkommen sicher"],
        NOT_DE,
        "nichts in der Medizin ist völlig sicher; sagen Sie, welche Risiken es gibt und wie oft sie auftreten",
        "„ernste Probleme sind selten“, mit der Zahl und ihrer Quelle",
    ),
    proof(
        &[
            "klinisch bewiesen",
            "klinisch erwiesen",
            "klinisch belegt",
            "wissenschaftlich bewiesen",
            "wissenschaftlich erwiesen",
        ],
        NOT_DE,
        "eine Behauptung von Beweis braucht die Studie dahinter, zitiert im selben Absatz",
        "„in einer Studie mit 300 Menschen …“, mit der Studie als Fußnote ([^r1]) im selben Absatz",
    ),
    proof(
        &["sicher und wirksam"],
        NOT_DE,
        "Sicherheit und Nutzen sind, was Studien finden; ohne die Quelle können Leser sie nicht einschätzen",
        "nennen Sie die Studie als Fußnote ([^r1]) im selben Absatz",
    ),
];
