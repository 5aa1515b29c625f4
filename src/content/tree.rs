//! The content tree: each page linked to its section, and every section's children in order.

use std::path::Path;

use super::{Content, Page, PageKind};

/// Links each page to its section, and sorts every section's children by weight, then title.
pub(super) fn build_tree(content: &mut Content) {
    use rayon::prelude::*;
    let pages = &mut content.pages;
    // Folders by their paths' bytes: a `Path` is hashed and compared part by part, and this
    // looks up every page's folder.
    let section_by_dir: rustc_hash::FxHashMap<&std::ffi::OsStr, usize> = (pages.iter())
        .enumerate()
        .filter(|(_, p)| p.kind != PageKind::Page)
        .map(|(i, p)| (p.rel.parent().unwrap_or(Path::new("")).as_os_str(), i))
        .collect();
    // Cannot fail: `load` makes sure there is a top `_index.md` (the only section-like page in
    // the top folder), and the other indices here enumerate `pages` or come from
    // `section_by_dir`, made from them.
    let home = section_by_dir[std::ffi::OsStr::new("")];
    let (parents, page_by_rel) = rayon::join(
        || {
            (pages.par_iter())
                .map(|p| {
                    let own_dir = p.rel.parent().unwrap_or(Path::new(""));
                    let mut dir = match p.kind {
                        PageKind::Home => return None,
                        PageKind::Section => own_dir.parent(),
                        PageKind::Page => Some(own_dir),
                    };
                    while let Some(d) = dir {
                        if let Some(&s) = section_by_dir.get(d.as_os_str()) {
                            return Some(s);
                        }
                        dir = d.parent();
                    }
                    Some(home)
                })
                .collect::<Vec<_>>()
        },
        || {
            let mut by_rel = rustc_hash::FxHashMap::default();
            by_rel.reserve(pages.len());
            for (i, p) in pages.iter().enumerate() {
                by_rel.insert(p.rel.clone(), i);
            }
            by_rel
        },
    );
    drop(section_by_dir);
    content.home = home;
    content.page_by_rel = page_by_rel;
    for (i, parent) in parents.into_iter().enumerate() {
        let Some(parent) = parent else {
            continue;
        };
        pages[i].parent = Some(parent);
        if pages[i].kind == PageKind::Section {
            pages[parent].subsections.push(i);
        } else {
            pages[parent].pages.push(i);
        }
    }
    let order = child_order(pages);
    for s in 0..pages.len() {
        sort_children_by(pages, s, &order);
    }
    for (i, a) in content.assets.iter().enumerate() {
        content.asset_by_rel.insert(a.rel.clone(), i);
    }
}

/// What orders a page among its section's children: weight, then title in lower case (the
/// page's path breaks ties).
type ChildOrder = (i64, String);

/// Each page's [`ChildOrder`], made once for every page on all cores: sorting with it made on
/// each comparison, or kept beside the list, took 4 ms at 10,000 pages on one thread.
fn child_order(pages: &[Page]) -> Vec<ChildOrder> {
    use rayon::prelude::*;
    pages
        .par_iter()
        .map(|p| (p.front.weight, p.front.title.to_lowercase()))
        .collect()
}

/// Orders a section's children by weight, then title, then path, and records each page's
/// position among them.
fn sort_children(pages: &mut [Page], section: usize) {
    let mut children = pages[section].pages.clone();
    children.extend(&pages[section].subsections);
    let order: rustc_hash::FxHashMap<usize, ChildOrder> = children
        .iter()
        .map(|&c| {
            (
                c,
                (pages[c].front.weight, pages[c].front.title.to_lowercase()),
            )
        })
        .collect();
    sort_children_with(pages, section, |c| &order[&c]);
}

fn sort_children_by(pages: &mut [Page], section: usize, order: &[ChildOrder]) {
    sort_children_with(pages, section, |c| &order[c]);
}

fn sort_children_with<'o>(
    pages: &mut [Page],
    section: usize,
    order: impl Fn(usize) -> &'o ChildOrder,
) {
    // Cannot fail: `section` and the child indices are careleaf's own, from `build_tree`.
    let mut children = std::mem::take(&mut pages[section].pages);
    let mut subsections = std::mem::take(&mut pages[section].subsections);
    let by = |a: &usize, b: &usize| {
        order(*a)
            .cmp(order(*b))
            .then_with(|| pages[*a].rel.cmp(&pages[*b].rel))
    };
    children.sort_by(by);
    subsections.sort_by(by);
    for (k, &child) in children.iter().enumerate() {
        pages[child].position = k;
    }
    pages[section].pages = children;
    pages[section].subsections = subsections;
}

impl Content {
    /// Puts a section's children back in order after one of them changed.
    pub fn resort_children(&mut self, section: usize) {
        sort_children(&mut self.pages, section);
    }
}
