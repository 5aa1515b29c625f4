//! Each page's context (`page` in templates): built from the content and Markdown stages and
//! the links to the rest of the site, without copying other pages' bodies into it.

use std::borrow::Cow;

use crate::config::Config;
use crate::content::{Content, Page, PageKind};
use crate::html::script_safe_json;
use crate::markdown::Rendered;
use crate::site::linked::{Alternate, Link};

use super::{
    ListPagination, PageContext, PageExtras, PageSummary, PageValues, Review, SectionSummary,
    next_review,
};

/// Builds the context of one page.
pub struct ContextBuilder<'a> {
    pub content: &'a Content,
    pub rendered: &'a [Rendered],
    pub config: &'a Config,
    pub root_path: String,
    /// What adds to each page's context besides its own content.
    pub extras: &'a dyn PageExtras,
    /// For each page, where it can be read in every language.
    pub alternates: &'a [Vec<Alternate>],
    pub strings: &'a crate::i18n::Strings,
}

impl<'a> ContextBuilder<'a> {
    pub fn url(&self, i: usize) -> String {
        // Cannot fail: callers pass page indices careleaf made from `content.pages` itself.
        format!("{}{}", self.root_path, self.content.pages[i].url)
    }

    pub fn permalink(&self, path: &str) -> String {
        if self.config.base_url.is_empty() {
            format!("{}{}", self.root_path, path)
        } else {
            format!("{}/{}", self.config.base_url, path)
        }
    }

    fn link(&self, i: usize) -> Link {
        Link {
            title: self.shown_title(i).to_string(),
            url: self.url(i),
        }
    }

    /// Page `i`'s title where other pages name it: a home page without a title of its own
    /// goes by the site's.
    fn shown_title(&self, i: usize) -> &'a str {
        // Cannot fail: callers pass page indices careleaf made from `content.pages` itself.
        match self.content.pages[i].front.title.as_str() {
            "" if i == self.content.home => &self.config.title,
            own => own,
        }
    }

    /// The context of page `i` (of the first part of its list, when the list is long).
    pub fn page(&self, i: usize) -> PageContext<'a> {
        self.page_part(i, 0)
    }

    /// The context of part `part` (from 0) of page `i`'s list: the page with that part's
    /// pages, address and title.
    pub fn page_part(&self, i: usize, part: usize) -> PageContext<'a> {
        // Cannot fail: `i` and the `parent`, `pages` and `subsections` indices are careleaf's
        // own, into `pages`; `rendered` has one entry per page; `siblings[p]` is one before a
        // position just checked in `siblings`.
        let pages = &self.content.pages;
        let page = &pages[i];
        let rendered = &self.rendered[i];
        let mut breadcrumbs = Vec::new();
        let mut cur = page.parent;
        while let Some(p) = cur {
            breadcrumbs.push(self.link(p));
            cur = pages[p].parent;
        }
        breadcrumbs.reverse();
        // A later part of a long list sits below its first.
        if part > 0 {
            breadcrumbs.push(self.link(i));
        }
        let (previous, next) = match page.parent {
            Some(parent) if page.kind == PageKind::Page => {
                let siblings = &pages[parent].pages;
                let pos = Some(page.position).filter(|&p| siblings.get(p) == Some(&i));
                let prev = pos
                    .and_then(|p| p.checked_sub(1))
                    .map(|p| self.link(siblings[p]));
                let next = pos.and_then(|p| siblings.get(p + 1)).map(|&n| self.link(n));
                (prev, next)
            }
            _ => (None, None),
        };
        let front = &page.front;
        let mut added = PageValues::default();
        self.extras.add(i, page, &mut added);
        let parts = page.list_parts();
        let part_of = |n: usize| {
            self.strings.fill(
                "list_page_of",
                &[
                    ("number", &(n + 1).to_string()),
                    ("count", &parts.to_string()),
                ],
            )
        };
        let part_link = |n: usize| Link {
            title: part_of(n),
            url: format!("{}{}", self.root_path, page.part_url(n)),
        };
        PageContext {
            kind: page.kind.as_str(),
            title: match part {
                0 => Cow::Borrowed(&front.title),
                n => Cow::Owned(self.strings.fill(
                    "list_title_part",
                    &[("title", self.shown_title(i)), ("part", &part_of(n))],
                )),
            },
            description: &front.description,
            url: format!("{}{}", self.root_path, page.part_url(part)),
            permalink: self.permalink(&page.part_url(part)),
            content: Cow::Borrowed(&rendered.html),
            references: Cow::Borrowed(&rendered.references),
            toc: &rendered.detail.toc,
            date: front.date.map(|d| self.strings.date(d)),
            date_iso: front.date.map(|d| d.to_string()),
            updated: front.updated.map(|d| self.strings.date(d)),
            updated_iso: front.updated.map(|d| d.to_string()),
            tags: &front.tags,
            extra: &front.extra,
            word_count: rendered.word_count,
            reading_minutes: rendered.word_count.div_ceil(200).max(1),
            breadcrumbs,
            previous,
            next,
            pages: page
                .part_pages(part)
                .iter()
                .map(|&c| {
                    let child = &pages[c].front;
                    PageSummary {
                        title: &child.title,
                        description: &child.description,
                        url: self.url(c),
                        date: child.date.map(|d| self.strings.date(d)),
                        tags: &child.tags,
                        extra: &child.extra,
                    }
                })
                .collect(),
            subsections: page
                .subsections
                .iter()
                .map(|&c| SectionSummary {
                    title: &pages[c].front.title,
                    description: &pages[c].front.description,
                    url: self.url(c),
                })
                .collect(),
            pagination: (parts > 1).then(|| ListPagination {
                number: part + 1,
                count: parts,
                previous: part.checked_sub(1).map(part_link),
                next: (part + 1 < parts).then(|| part_link(part + 1)),
            }),
            json_ld: match added.json_ld {
                Some(own) => Some(own),
                None if page.kind == PageKind::Page => Some(self.medical_web_page(i)),
                None => None,
            },
            shortcodes: &rendered.detail.shortcodes,
            review: self.review(page),
            off_label: self
                .config
                .off_label
                .as_ref()
                .and_then(|o| page.mentions_any(&o.keywords).then_some(o.text.as_str())),
            translations: self.alternates.get(i).map_or(&[], |a| &a[..]),
            features: added.values,
            embeds: {
                let mut embeds = added.embeds;
                embeds.extend(&rendered.detail.embeds);
                embeds
            },
        }
    }

    /// The review line of a page: every article has one (saying plainly when no clinician
    /// has reviewed it yet); other pages only when their front matter names a review.
    fn review(&self, page: &'a Page) -> Option<Review<'a>> {
        let front = &page.front;
        let wanted = page.kind == PageKind::Page
            || front.reviewed_by.is_some()
            || front.last_reviewed.is_some();
        if !wanted {
            return None;
        }
        let Some(reviewer) = front.medical_reviewer() else {
            return Some(Review::default());
        };
        let next = next_review(front, self.config);
        Some(Review {
            reviewed: true,
            reviewed_by: Some(reviewer),
            last_reviewed: front.last_reviewed.map(|d| self.strings.date(d)),
            last_reviewed_iso: front.last_reviewed.map(|d| d.to_string()),
            next_review: next.map(|d| self.strings.date(d)),
            next_review_iso: next.map(|d| d.to_string()),
        })
    }

    /// schema.org `MedicalWebPage` data for an article: what it is, for whom, and its review.
    fn medical_web_page(&self, i: usize) -> String {
        // Cannot fail: `i` is the index of the page being rendered, from `page`.
        let page = &self.content.pages[i];
        let front = &page.front;
        let mut value = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": front.title,
            "description": front.description,
            "url": self.permalink(&page.url),
            "inLanguage": self.config.language,
            "audience": { "@type": "MedicalAudience", "audienceType": "Patient" },
            "about": { "@type": "MedicalEntity", "name": self.config.title },
        });
        // Cannot fail: `value` is the JSON object made just above, and indexing an object
        // by key inserts the key.
        // Search engines show these as "reviewed by": only a named clinician's review counts.
        if let Some(by) = front.medical_reviewer() {
            value["reviewedBy"] = serde_json::json!({ "@type": "Person", "name": by });
            if let Some(d) = front.last_reviewed {
                value["lastReviewed"] = d.to_string().into();
            }
        }
        if let Some(d) = front.updated.or(front.date) {
            value["dateModified"] = d.to_string().into();
        }
        script_safe_json(&value)
    }

    /// The context of the "page not found" page.
    pub fn not_found(
        &self,
        empty: &'a Rendered,
        extra: &'a serde_json::Map<String, serde_json::Value>,
    ) -> PageContext<'a> {
        self.standalone(
            "404",
            self.strings.get("not_found_title"),
            self.strings.get("not_found_text"),
            "404.html".into(),
            empty,
            extra,
        )
    }

    /// The context of a page the theme makes without a content file (404, search): `path`
    /// is its output path, relative to the site's root.
    pub fn standalone(
        &self,
        kind: &'static str,
        title: &'a str,
        description: &'a str,
        path: String,
        empty: &'a Rendered,
        extra: &'a serde_json::Map<String, serde_json::Value>,
    ) -> PageContext<'a> {
        let shown = path.trim_end_matches("index.html").to_string();
        PageContext {
            kind,
            title: Cow::Borrowed(title),
            description,
            url: format!("{}{shown}", self.root_path),
            permalink: self.permalink(&shown),
            content: Cow::Borrowed(&empty.html),
            references: Cow::Borrowed(&empty.references),
            toc: &empty.detail.toc,
            date: None,
            date_iso: None,
            updated: None,
            updated_iso: None,
            tags: &[],
            extra,
            word_count: 0,
            reading_minutes: 0,
            breadcrumbs: vec![self.link(self.content.home)],
            previous: None,
            next: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            pagination: None,
            json_ld: None,
            shortcodes: &[],
            review: None,
            off_label: None,
            translations: &[],
            features: serde_json::Map::new(),
            embeds: crate::html::Embeds::default(),
        }
    }
}
