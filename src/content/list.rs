//! A long list published in parts: a section or home page listing more than
//! [`LIST_PAGE_SIZE`] pages has `page/2/` below it, and so on.

use super::{Content, Page};
use crate::diagnostic::Errors;

/// The most pages one list shows (a section's, the home page's, a topic's): a longer list is
/// published in parts, `/articles/page/2/` and on, as a list of thousands would be megabytes
/// on a phone and would be rendered again whenever one of its titles changed.
pub const LIST_PAGE_SIZE: usize = 100;

impl Page {
    /// The output path of the page (of its list's first part).
    pub fn output_path(&self) -> String {
        format!("{}index.html", self.url)
    }

    /// How many parts this page's list of pages is published in: one, or one per
    /// [`LIST_PAGE_SIZE`] pages it lists.
    pub fn list_parts(&self) -> usize {
        self.pages.len().div_ceil(LIST_PAGE_SIZE).max(1)
    }

    /// The pages listed on part `n` (from 0) of this page's list.
    pub fn part_pages(&self, n: usize) -> &[usize] {
        self.pages.chunks(LIST_PAGE_SIZE).nth(n).unwrap_or_default()
    }

    /// The address of part `n` (from 0) of this page's list, below the edition's root: the
    /// page's own for the first, `page/2/` below it for the second, and so on.
    pub fn part_url(&self, n: usize) -> String {
        match n {
            0 => self.url.clone(),
            n => format!("{}page/{}/", self.url, n + 1),
        }
    }

    /// The output path of part `n` (from 0) of this page's list.
    pub fn part_output_path(&self, n: usize) -> String {
        format!("{}index.html", self.part_url(n))
    }
}

/// A long list's later parts are addresses of the site too: a page published at one would
/// be replaced by the list, or replace it.
pub(super) fn check_list_parts(content: &Content, errors: &mut Errors) {
    let parts: rustc_hash::FxHashMap<String, (usize, usize)> = (content.pages.iter())
        .enumerate()
        .flat_map(|(i, p)| (1..p.list_parts()).map(move |n| (p.part_url(n), (i, n))))
        .collect();
    if parts.is_empty() {
        return;
    }
    for page in &content.pages {
        // Cannot fail: the indices were made from these pages just above.
        let Some(&(list, n)) = parts.get(&page.url) else {
            continue;
        };
        let list = &content.pages[list];
        errors.push(
            page.key_error(
                "slug",
                format!(
                    "this page would be published at /{}, where the list of {} goes on (part {} of the pages it lists)",
                    page.url,
                    list.file.display(),
                    n + 1
                ),
            )
            .with_hint(format!(
                "a list of more than {LIST_PAGE_SIZE} pages goes on at page/2/, page/3/… below its section: give this page another `slug:` (or move its file)"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(url: &str, pages: usize) -> Page {
        Page {
            rel: "guides/_index.md".into(),
            file: "content/guides/_index.md".into(),
            text: String::new(),
            front_range: 0..0,
            body_start: 0,
            front: Default::default(),
            kind: crate::content::PageKind::Section,
            url: url.into(),
            parent: None,
            position: 0,
            pages: (0..pages).collect(),
            subsections: Vec::new(),
            off_label_mention: None,
            body_on_disk: None,
        }
    }

    #[test]
    fn a_list_is_cut_every_hundred_pages_and_its_parts_live_below_it() {
        assert_eq!(listing("guides/", 0).list_parts(), 1);
        assert_eq!(listing("guides/", 100).list_parts(), 1);
        let long = listing("guides/", 201);
        assert_eq!(long.list_parts(), 3);
        assert_eq!(long.part_pages(1), (100..200).collect::<Vec<_>>());
        assert_eq!(long.part_pages(2), [200]);
        assert!(long.part_pages(3).is_empty());
        assert_eq!(long.part_url(0), "guides/");
        assert_eq!(long.part_output_path(2), "guides/page/3/index.html");
        // The home page's address is empty: its parts are at the root.
        assert_eq!(listing("", 150).part_url(1), "page/2/");
    }
}
