//! The plain-language glossary: `content/glossary.yaml`, checked, and the matcher that finds
//! the first use of each term on a page so the Markdown stage can explain it in place.

mod feature;
pub use feature::SPEC;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::yaml::{self, PathSeg, YamlSource};

pub const GLOSSARY_FILE: &str = "glossary.yaml";
/// The page that lists every term, and that each explained term links to.
pub const GLOSSARY_PAGE: &str = "glossary.md";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    terms: Vec<RawTerm>,
}

#[derive(Debug, Deserialize)]
struct RawTerm {
    id: String,
    /// The term in each language, by language code (`en`, `es`).
    #[serde(flatten)]
    languages: BTreeMap<String, TermText>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermText {
    term: String,
    definition: String,
    #[serde(default)]
    aliases: Vec<String>,
}

/// One term in one language, as templates see it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GlossaryEntry {
    /// The anchor on the glossary page.
    pub id: String,
    pub term: String,
    pub definition: String,
    pub aliases: Vec<String>,
}

/// The glossary in one language: its entries in alphabetical order and a matcher for them.
#[derive(Debug)]
pub struct Glossary {
    pub entries: Vec<GlossaryEntry>,
    matcher: Option<AhoCorasick>,
    /// For each pattern of the matcher, the entry it belongs to.
    pattern_entry: Vec<usize>,
    /// Address of the glossary page, when the site has one.
    pub page_url: Option<String>,
}

/// A use of a term found in a piece of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermUse {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

/// Reads and checks `content/glossary.yaml`, keeping the terms of `language`.
pub fn load(path: &Path, file: &Path, language: &str) -> Result<Glossary, Diagnostic> {
    let text = crate::content::read_text(path, file)?;
    parse(&text, file, language)
}

/// Checks the text of a `glossary.yaml` (named `file` in messages), keeping `language`.
pub fn parse(text: &str, file: &Path, language: &str) -> Result<Glossary, Diagnostic> {
    let src = YamlSource::data_file(
        file,
        text,
        "each term has an `id` and, per language code (en, es), `term`, `definition` and optional `aliases`",
    );
    let raw: GlossaryFile = yaml::parse(&src)?;
    from_raw(&src, &raw, language)
}

fn from_raw(src: &YamlSource, raw: &GlossaryFile, language: &str) -> Result<Glossary, Diagnostic> {
    let at = |path: &[PathSeg], message: String, hint: &str| -> Diagnostic {
        let (line, column) = yaml::path_position(src.yaml, path).unwrap_or((1, 1));
        Diagnostic::at(src.file, src.file_text, line, column, message).with_hint(hint)
    };
    let mut ids: HashMap<&str, usize> = HashMap::new();
    // Every spelling (term or alias, folded) in this language, and the term it belongs to.
    let mut spellings: HashMap<String, usize> = HashMap::new();
    let mut entries = Vec::new();
    for (i, t) in raw.terms.iter().enumerate() {
        let here =
            |key: &'static str| [PathSeg::Key("terms"), PathSeg::Index(i), PathSeg::Key(key)];
        if crate::content::front_matter::validate_slug(&t.id).is_err() {
            return Err(at(
                &here("id"),
                format!("the glossary id `{}` is not a valid anchor", t.id),
                "use lowercase letters, digits and hyphens, e.g. `id: nmda-receptor`",
            ));
        }
        if let Some(first) = ids.insert(&t.id, i) {
            return Err(at(
                &here("id"),
                format!(
                    "the glossary id `{}` is used twice (terms {} and {})",
                    t.id,
                    first + 1,
                    i + 1
                ),
                "give each term its own id",
            ));
        }
        let Some(text) = t.languages.get(language) else {
            continue;
        };
        let lang_path = |key: &'static str| {
            [
                PathSeg::Key("terms"),
                PathSeg::Index(i),
                PathSeg::Key(language),
                PathSeg::Key(key),
            ]
        };
        if text.term.trim().is_empty() || text.definition.trim().is_empty() {
            return Err(at(
                &lang_path("term"),
                format!("the glossary term `{}` needs a term and a definition", t.id),
                "write the word as patients see it and one or two short sentences that explain it",
            ));
        }
        for spelling in std::iter::once(&text.term).chain(&text.aliases) {
            let folded = fold(spelling);
            if let Some(&other) = spellings.get(&folded)
                && other != entries.len()
            {
                // Cannot fail: `spellings` maps to `entries.len()` as it was before each push,
                // so any other value is an entry already pushed.
                let first: &GlossaryEntry = &entries[other];
                return Err(at(
                    &lang_path("term"),
                    format!(
                        "\"{spelling}\" is defined twice in the glossary: as `{}` and as `{}`",
                        first.id, t.id
                    ),
                    "keep one entry for each word (put other spellings in `aliases` of that entry)",
                ));
            }
            spellings.insert(folded, entries.len());
        }
        entries.push(GlossaryEntry {
            id: t.id.clone(),
            term: text.term.trim().to_string(),
            definition: text.definition.trim().to_string(),
            aliases: text.aliases.clone(),
        });
    }
    Ok(Glossary::new(entries))
}

/// Lowercase without accents: the form spellings are compared in.
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}

impl Glossary {
    pub fn new(mut entries: Vec<GlossaryEntry>) -> Glossary {
        entries.sort_by_cached_key(|e| fold(&e.term));
        let mut patterns = Vec::new();
        let mut pattern_entry = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            for spelling in std::iter::once(&e.term).chain(&e.aliases) {
                // ASCII case is ignored by the matcher; a capital accented letter at the start
                // of a sentence ("Ésta") is added as its own pattern.
                let spelling = spelling.trim();
                let lower = spelling.to_lowercase();
                let mut chars = lower.chars();
                let capital: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                for p in [spelling.to_string(), lower, capital] {
                    if !p.is_empty() && !patterns.contains(&p) {
                        patterns.push(p);
                        pattern_entry.push(i);
                    }
                }
            }
        }
        let matcher = (!patterns.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(true)
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        Glossary {
            entries,
            matcher,
            pattern_entry,
            page_url: None,
        }
    }

    /// Whole-word uses of any term in `text`, longest first where two overlap.
    pub fn find(&self, text: &str) -> Vec<TermUse> {
        let Some(m) = &self.matcher else {
            return Vec::new();
        };
        let is_word = |c: char| c.is_alphanumeric() || c == '-';
        // Only matches at char boundaries are kept, so callers can cut `text` at them.
        m.find_iter(text)
            .filter(|hit| {
                let (Some(before), Some(after)) = (text.get(..hit.start()), text.get(hit.end()..))
                else {
                    return false;
                };
                let before = before.chars().next_back();
                let after = after.chars().next();
                !before.is_some_and(is_word) && !after.is_some_and(is_word)
            })
            .map(|hit| TermUse {
                start: hit.start(),
                end: hit.end(),
                // Cannot fail: `pattern_entry` gets one entry for each pattern of the matcher.
                entry: self.pattern_entry[hit.pattern().as_usize()],
            })
            .collect()
    }

    /// The markup for a term's use on a page: the word as written, as a button that opens its
    /// definition (a native popover: keyboard, touch and screen readers alike, no script),
    /// which links to the glossary page.
    pub fn term_html(&self, entry: usize, written: &str) -> String {
        use pulldown_cmark_escape::{escape_href, escape_html};
        // Cannot fail: `entry` comes from `find`, whose entries enumerate `self.entries`.
        let e = &self.entries[entry];
        let mut html = String::new();
        let id = format!("g-{}", e.id);
        html.push_str("<button type=\"button\" class=\"term\" popovertarget=\"");
        html.push_str(&id);
        html.push_str("\">");
        let _ = escape_html(&mut html, written);
        html.push_str("</button><span class=\"term-def\" id=\"");
        html.push_str(&id);
        html.push_str("\" popover><dfn>");
        // The term itself links to its entry on the glossary page, in any language.
        if let Some(url) = &self.page_url {
            html.push_str("<a href=\"");
            let _ = escape_href(&mut html, url);
            html.push('#');
            let _ = escape_href(&mut html, &e.id);
            html.push_str("\">");
            let _ = escape_html(&mut html, &e.term);
            html.push_str("</a>");
        } else {
            let _ = escape_html(&mut html, &e.term);
        }
        html.push_str("</dfn>: ");
        let _ = escape_html(&mut html, &e.definition);
        html.push_str("</span>");
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(yaml: &str, lang: &str) -> Result<Glossary, Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("glossary.yaml");
        std::fs::write(&path, yaml).unwrap();
        load(&path, Path::new("content/glossary.yaml"), lang)
    }

    const GOOD: &str = "terms:\n  - id: nmda-receptor\n    en:\n      term: NMDA receptor\n      definition: A lock on brain cells.\n      aliases: [NMDA receptors]\n    es:\n      term: receptor NMDA\n      definition: Una cerradura.\n  - id: infusion\n    en:\n      term: infusion\n      definition: Medicine that drips into a vein.\n      aliases: [infusions]\n    es:\n      term: infusión\n      definition: Medicina que entra gota a gota.\n      aliases: [infusiones]\n  - id: maintenance-infusion\n    en:\n      term: maintenance infusion\n      definition: A later visit.\n";

    #[test]
    fn entries_are_kept_per_language_and_sorted() {
        let en = load_str(GOOD, "en").unwrap();
        let terms: Vec<&str> = en.entries.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, ["infusion", "maintenance infusion", "NMDA receptor"]);
        let es = load_str(GOOD, "es").unwrap();
        assert_eq!(es.entries.len(), 2);
    }

    #[test]
    fn matching_is_whole_word_case_and_accent_aware_and_longest_first() {
        let en = load_str(GOOD, "en").unwrap();
        let text = "Infusions help. A maintenance infusion later. Not reinfusion or infusional.";
        let found: Vec<&str> = en
            .find(text)
            .iter()
            .map(|u| &text[u.start..u.end])
            .collect();
        assert_eq!(found, ["Infusions", "maintenance infusion"]);
        let es = load_str(GOOD, "es").unwrap();
        let text = "Una infusión. Infusiones. El receptor NMDA.";
        let found: Vec<&str> = es
            .find(text)
            .iter()
            .map(|u| &text[u.start..u.end])
            .collect();
        assert_eq!(found, ["infusión", "Infusiones", "receptor NMDA"]);
    }

    #[test]
    fn a_term_defined_twice_is_an_error_at_its_line() {
        let twice = format!(
            "{GOOD}  - id: infusions-again\n    en:\n      term: Infusions\n      definition: Again.\n"
        );
        let e = load_str(&twice, "en").unwrap_err();
        assert!(e.message.contains("defined twice"), "{}", e.message);
        assert_eq!(e.span.as_ref().map(|s| s.line), Some(25));
        let dup_id = GOOD.replace("id: infusion\n", "id: nmda-receptor\n");
        let e = load_str(&dup_id, "en").unwrap_err();
        assert!(e.message.contains("used twice"), "{}", e.message);
        assert_eq!(e.span.as_ref().map(|s| s.line), Some(10));
    }

    #[test]
    fn markup_escapes_and_links_to_the_glossary_page() {
        let mut g = Glossary::new(vec![GlossaryEntry {
            id: "x".into(),
            term: "<b>x</b>".into(),
            definition: "a & b".into(),
            aliases: vec![],
        }]);
        g.page_url = Some("/glossary/".into());
        let html = g.term_html(0, "<X>");
        assert!(
            html.contains("popovertarget=\"g-x\">&lt;X&gt;</button>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<dfn><a href=\"/glossary/#x\">&lt;b&gt;x&lt;/b&gt;</a></dfn>: a &amp; b</span>"
            ),
            "{html}"
        );
    }
}
