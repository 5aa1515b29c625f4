//! Claims that patient-education reviewers flag, in packs: the general health pack runs on
//! every site (promises of a cure, guarantees, "no side effects", proof without a source) and
//! names no condition and no treatment; a topic pack (`ketamine`) runs when `site.yaml` names it
//! in `claims: { packs: [...] }`. Each pack has a phrase table per language; a language with no
//! table gets no rules from that pack. The site's own rules are added, or, written as a bare
//! list, replace the packs.

mod general;
mod ketamine;

use super::place::{place_in_source, sentences};
use super::{Rule, Severity, finding};
use crate::config::{ClaimPack, ClaimRule, ClaimsConfig};
use crate::diagnostic::Diagnostic;
use crate::edition::Edition;

/// Every claim in the pages of `edition`, at the words themselves.
pub fn check(edition: &Edition, scope: crate::check::Scope, out: &mut Vec<Diagnostic>) {
    let config = edition.config();
    let rules = rules_for(&config.claims, &config.language);
    if rules.is_empty() {
        return;
    }
    let pages = edition.content().pages.iter().zip(edition.rendered());
    for (_, (page, rendered)) in pages.enumerate().filter(|(i, _)| scope.has(*i)) {
        for block in &rendered.prose_blocks {
            for sentence in sentences(&block.text) {
                for rule in &rules {
                    if !claim_applies(rule, sentence, block.has_reference) {
                        continue;
                    }
                    out.push(finding(
                        Rule::Claim,
                        Severity::Warning,
                        &page.file,
                        &page.text,
                        place_in_source(&page.text, block.offset, Some(sentence), &rule.phrase),
                        format!("\"{}\": {}", rule.phrase, rule.reason),
                        format!("say instead {}", rule.suggestion),
                    ));
                }
            }
        }
    }
}

/// The rules a site's pages in `language` are held to: each active pack's table for the
/// language, then the site's own. A later rule for the same phrase replaces an earlier one, so
/// a topic pack says it in its own words and the site in its own.
pub fn rules_for(claims: &ClaimsConfig, language: &str) -> Vec<ClaimRule> {
    let base = language.split('-').next().unwrap_or(language);
    let mut rules: Vec<ClaimRule> = Vec::new();
    let packs = claims.active_packs();
    let from_packs = packs.iter().flat_map(|pack| pack_rules(*pack, base));
    for rule in from_packs.chain(claims.rules.iter().cloned()) {
        rules.retain(|r| !r.phrase.eq_ignore_ascii_case(&rule.phrase));
        rules.push(rule);
    }
    rules
}

fn pack_rules(pack: ClaimPack, language: &str) -> Vec<ClaimRule> {
    match pack {
        ClaimPack::General => general::rules(language),
        ClaimPack::Ketamine => ketamine::rules(language),
    }
}

/// Words after a number that make it a figure in the subject of a topic pack on this site
/// ("6 infusions"), besides the general units (days, mg, percent) the figure check knows.
pub fn figure_units(claims: &ClaimsConfig) -> Vec<&'static str> {
    claims
        .active_packs()
        .into_iter()
        .flat_map(|pack| match pack {
            ClaimPack::General => &[][..],
            ClaimPack::Ketamine => ketamine::FIGURE_UNITS,
        })
        .copied()
        .collect()
}

/// A rule of a pack's table: `phrase`, flagged in a sentence with one of `near` (any sentence
/// when empty) and none of `unless`.
fn rule(phrase: &str, near: &[&str], unless: &[&str], reason: &str, suggestion: &str) -> ClaimRule {
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect();
    ClaimRule {
        phrase: phrase.into(),
        near: words(near),
        unless: words(unless),
        unless_referenced: false,
        reason: reason.into(),
        suggestion: suggestion.into(),
    }
}

fn contains_word(haystack: &str, needle: &str) -> bool {
    let h = haystack.to_lowercase();
    let n = needle.to_lowercase();
    // An empty needle is found everywhere without moving on (site.yaml rejects one anyway).
    if n.is_empty() {
        return false;
    }
    let mut from = 0;
    // Cannot fail: `start` is where `find` met `n` in `h`, so `end` is at a char boundary too.
    while let Some(i) = h[from..].find(&n) {
        let start = from + i;
        let end = start + n.len();
        let before_ok = h[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '-');
        let after_ok = h[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() && c != '-');
        if before_ok && after_ok {
            return true;
        }
        from = end;
    }
    false
}

/// Whether `rule` flags `sentence`, in a paragraph that cites a reference or not.
fn claim_applies(rule: &ClaimRule, sentence: &str, referenced: bool) -> bool {
    contains_word(sentence, &rule.phrase)
        && !(rule.unless_referenced && referenced)
        && (rule.near.is_empty() || rule.near.iter().any(|n| contains_word(sentence, n)))
        && !rule.unless.iter().any(|u| contains_word(sentence, u))
}

#[cfg(test)]
mod tests;
