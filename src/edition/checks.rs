//! Checks of a loaded edition that need every page: section links, templates and the hosts
//! they load from.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::content::Content;
use crate::diagnostic::{Diagnostic, Errors};
use crate::html;
use crate::markdown::{self, Rendered};
use crate::render::Renderer;
use crate::theme::Theme;

/// Every id in a page's HTML (read as HTML: any quoting, `name` anchors too), and the ids
/// themes use for their own elements.
pub fn page_ids(rendered: &Rendered, html: &str, references: &str) -> HashSet<String> {
    let mut ids: HashSet<String> = markdown::RESERVED_IDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    for html in [html, references] {
        ids.extend(html::ids(html));
    }
    for b in &rendered.detail.blocks {
        ids.insert(b.id.clone());
        ids.extend(html::ids(&b.html));
    }
    ids
}

/// Page `i`'s HTML and references (read back from disk in a lean build).
pub(super) type HtmlOf<'a> = dyn Fn(usize) -> Result<(Cow<'a, str>, Cow<'a, str>), Diagnostic> + 'a;

/// A link to `page.md#section` or `#section` must lead to a section that exists.
pub(super) fn check_anchors(
    content: &Content,
    rendered: &[Rendered],
    html_of: &HtmlOf,
) -> Result<(), Errors> {
    // Only pages that some link points into need their ids collected.
    // Cannot fail (indexing in this function): `rendered` has one entry per page, and page
    // indices enumerate it or come from `page_by_rel`.
    let mut ids: HashMap<usize, HashSet<String>> = HashMap::new();
    let mut errors = Errors::default();
    for (i, r) in rendered.iter().enumerate() {
        for link in &r.anchor_links {
            let target = match &link.page {
                Some(rel) => content.page_by_rel.get(rel).copied(),
                None => Some(i),
            };
            if let Some(t) = target
                && !ids.contains_key(&t)
            {
                match html_of(t) {
                    Ok((html, references)) => {
                        ids.insert(t, page_ids(&rendered[t], &html, &references));
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
    }
    for (i, r) in rendered.iter().enumerate() {
        let page = &content.pages[i];
        for link in &r.anchor_links {
            let target = match &link.page {
                Some(rel) => content.page_by_rel.get(rel).copied(),
                None => Some(i),
            };
            let Some(t) = target else { continue };
            // No ids: the page's HTML could not be read back, which is reported above.
            if ids
                .get(&t)
                .is_none_or(|set| set.contains(link.fragment.as_str()))
            {
                continue;
            }
            let sections: Vec<&str> = rendered[t]
                .detail
                .toc
                .iter()
                .flat_map(|e| {
                    std::iter::once(e.id.as_str()).chain(e.children.iter().map(|c| c.id.as_str()))
                })
                .collect();
            let text = match page.source() {
                Ok(text) => text,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let (line, column) = crate::diagnostic::line_col(&text, link.offset);
            errors.push(
                Diagnostic::at(
                    &page.file,
                    &text,
                    line,
                    column,
                    format!(
                        "the link `{}` points to a section that does not exist",
                        link.dest
                    ),
                )
                .with_hint(sections_hint(&link.fragment, sections)),
            );
        }
    }
    errors.into_result(())
}

/// The sections a broken `#fragment` may have meant: the closest first, at most a dozen, and
/// how many more the page has.
fn sections_hint(fragment: &str, mut sections: Vec<&str>) -> String {
    const SHOWN: usize = 12;
    if sections.is_empty() {
        return "that page has no sections to link to: link to the page itself".to_string();
    }
    let wanted = fragment.to_lowercase();
    let mut scored: Vec<(f64, &str)> = sections
        .iter()
        .map(|id| (strsim::normalized_damerau_levenshtein(&wanted, id), *id))
        .collect();
    // Closest first; a stable sort keeps the page's order among equals.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    sections = scored.into_iter().map(|(_, id)| id).collect();
    let more = sections.len().saturating_sub(SHOWN);
    let mut hint = match crate::diagnostic::closest(fragment, &sections) {
        Some(near) => format!("did you mean `#{near}`? "),
        None => String::new(),
    };
    sections.truncate(SHOWN);
    hint.push_str(&format!(
        "sections of that page, closest first: {}",
        sections.join(", ")
    ));
    if more > 0 {
        hint.push_str(&format!(", and {more} more"));
    }
    hint
}

/// Templates must not load anything from other hosts either.
pub(super) fn check_template_hosts(theme: &Theme, allowed: &[String]) -> Result<(), Errors> {
    let mut errors = Errors::default();
    for t in &theme.templates {
        let text = String::from_utf8_lossy(&t.bytes);
        for (load, host) in html::external_loads(&text) {
            if html::host_allowed(allowed, &host) {
                continue;
            }
            let tag = &load.tag;
            let (line, column) = crate::diagnostic::line_col(&text, load.offset);
            errors.push(
                Diagnostic::at(&t.origin, &text, line, column, format!("this {tag} loads from another website ({host})"))
                    .with_hint("health pages must not send visitors' reading to other hosts: serve the file from static/, or list the host in site.yaml `allowed_hosts`"),
            );
        }
    }
    errors.into_result(())
}

pub(super) fn check_templates_exist(
    content: &Content,
    renderer: &Renderer,
    page_templates: &[(&str, &'static str)],
) -> Result<(), Errors> {
    let mut errors = Errors::default();
    for page in &content.pages {
        let name = renderer.template_for(page, page_templates);
        if !renderer.has_template(name) {
            let available = renderer.template_names().join(", ");
            let e = if page.front.template.is_some() {
                page.key_error("template", format!("the template `{name}` does not exist"))
            } else {
                Diagnostic::new(format!(
                    "the theme has no `{name}` template, needed for {}",
                    page.file.display()
                ))
            };
            errors.push(e.with_hint(format!("available templates: {available}")));
        }
    }
    errors.into_result(())
}
