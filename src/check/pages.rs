//! Pages as a whole: descriptions search results can show, and pages a reader cannot reach
//! from another page's text or the menu.

use std::collections::HashSet;
use std::path::PathBuf;

use super::{Rule, Severity, in_file, located};
use crate::content::PageKind;
use crate::diagnostic::Diagnostic;
use crate::edition::Edition;

/// Theme words this edition's language lacks (shown in English instead).
pub fn strings(edition: &Edition, out: &mut Vec<Diagnostic>) {
    let strings = &edition.strings();
    if strings.missing.is_empty() {
        return;
    }
    let lang = &edition.language();
    let file = strings
        .origin
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("i18n/{lang}.yaml")));
    let shown: Vec<&str> = strings.missing.iter().take(8).map(String::as_str).collect();
    let more = strings.missing.len().saturating_sub(shown.len());
    out.push(in_file(
        Rule::I18nMissing,
        Severity::Warning,
        &file,
        format!(
            "{} theme words have no `{lang}` version, so pages in that language show them in English: {}{}",
            strings.missing.len(),
            shown.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        ),
        format!(
            "add them, translated, to i18n/{lang}.yaml in the site's folder (see the theme's i18n/en.yaml for every word)"
        ),
    ));
}

/// Printed handouts carry a QR code of the page's full address, which needs `base_url`.
pub fn handout_address(edition: &Edition, out: &mut Vec<Diagnostic>) {
    let has_articles = edition
        .content()
        .pages
        .iter()
        .any(|p| p.kind == PageKind::Page);
    if edition.config().base_url.is_empty() && has_articles {
        out.push(
            Diagnostic::new("printed pages have no QR code back to the site, because `base_url` is empty")
                .with_hint("set `base_url` in site.yaml to where the site is published (e.g. `base_url: https://clinic.example`): a handout then prints the page's address and a QR code that opens it")
                .warning(Rule::HandoutNoQr),
        );
    }
}

/// A menu made without `navigation:` shows the first pages at the top of the site only.
pub fn menu_length(edition: &Edition, out: &mut Vec<Diagnostic>) {
    // Cannot fail: `home` is an index careleaf made into these pages.
    let home = &edition.content().pages[edition.content().home];
    let at_top = home.pages.len() + home.subsections.len();
    let shown = crate::site::linked::MENU_PAGES;
    if edition.config().navigation.is_empty() && at_top > shown {
        out.push(
            Diagnostic::new(format!(
                "the menu shows the first {shown} of the {at_top} pages at the top of the site"
            ))
            .with_hint("list the pages patients look for most under `navigation:` in site.yaml (the home page lists every page)")
            .warning(Rule::MenuLong),
        );
    }
}

pub fn check(edition: &Edition, scope: super::Scope, out: &mut Vec<Diagnostic>) {
    let mut linked: HashSet<PathBuf> = edition
        .rendered()
        .iter()
        .flat_map(|r| r.detail.linked_pages.iter().cloned())
        .collect();
    for entry in &edition.config().navigation {
        if let Some(page) = &entry.page {
            linked.insert(PathBuf::from(page.trim_start_matches('/')));
        }
    }
    let default_navigation = edition.config().navigation.is_empty();
    // Cannot fail: `home` is an index careleaf made into these pages.
    let home = &edition.content().pages[edition.content().home];
    for (i, page) in edition
        .content()
        .pages
        .iter()
        .enumerate()
        .filter(|(i, _)| scope.has(*i))
    {
        let len = page.front.description.chars().count();
        if !(50..=160).contains(&len) && !page.is_generated() {
            out.push(key(page, "description", Rule::DescriptionLength, format!("the description is {len} character{} long", if len == 1 { "" } else { "s" }), "search results and link previews show about 50 to 160 characters: write one plain sentence of that length"));
        }
        let in_default_menu =
            default_navigation && (home.pages.contains(&i) || home.subsections.contains(&i));
        if page.kind == PageKind::Page && !linked.contains(&page.rel) && !in_default_menu {
            out.push(key(page, "title", Rule::OrphanPage, "no other page links to this page, and it is not in the menu".into(), "link to it from a related article (e.g. [its title](this-file.md)), or add it to `navigation` in site.yaml"));
        }
    }
}

fn key(
    page: &crate::content::Page,
    key: &str,
    id: Rule,
    message: String,
    hint: &str,
) -> Diagnostic {
    located(id, Severity::Warning, page.key_error(key, message), hint)
}
