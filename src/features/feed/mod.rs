//! Atom feeds: a section whose `_index.md` says `feed: true` (a clinic's news, say) publishes
//! `atom.xml` in its folder with its pages, newest first, in each language that has the
//! section; its pages link to the feed from their `<head>`.
//!
//! Atom needs absolute addresses, so a feed needs `base_url`, and each entry a `date`.

use serde_json::json;

use crate::content::{Page, PageKind};
use crate::diagnostic::{Diagnostic, Errors};
use crate::features::{
    Feature, FeatureSpec, FilesContext, LoadContext, MarkdownContext, PageValues,
};

pub const SPEC: FeatureSpec = FeatureSpec {
    name: "feed",
    shortcodes: &[],
    load,
};

/// The feed's file in the section's folder.
const FEED_FILE: &str = "atom.xml";

/// One section's feed.
struct SectionFeed {
    /// The section's page.
    section: usize,
    /// Its pages with a date, newest first.
    entries: Vec<usize>,
    /// The feed's address (root-relative), as pages link to it.
    url: String,
    title: String,
}

struct FeedFeature {
    feeds: Vec<SectionFeed>,
    /// Who the feed says wrote it: the clinic, or the site.
    author: String,
    language: String,
}

fn load(ctx: &LoadContext, _: &MarkdownContext) -> Result<Box<dyn Feature>, Errors> {
    let pages = &ctx.content.pages;
    let mut errors = Errors::default();
    let mut feeds = Vec::new();
    for (i, section) in pages.iter().enumerate() {
        if section.kind == PageKind::Page || !section.front.feed {
            continue;
        }
        if ctx.config.base_url.is_empty() {
            errors.push(
                section
                    .key_error("feed", "a feed needs the site's address, and `base_url` is empty")
                    .with_hint("set `base_url` in site.yaml to where the site is published, e.g. `base_url: https://clinic.example`: feed readers need full addresses"),
            );
            continue;
        }
        let mut entries = Vec::new();
        for &p in &section.pages {
            // Cannot fail: `pages` holds indices careleaf made into these pages.
            let page = &pages[p];
            if page.front.date.is_none() && page.front.updated.is_none() {
                errors.push(
                    page.key_error("title", "this page is in a feed but has no `date`")
                        .with_hint("add `date: YYYY-MM-DD` (the day it was published): feed readers sort and show news by it"),
                );
                continue;
            }
            entries.push(p);
        }
        entries.sort_by(|&a, &b| {
            updated(&pages[b])
                .cmp(&updated(&pages[a]))
                .then_with(|| pages[a].front.title.cmp(&pages[b].front.title))
        });
        feeds.push(SectionFeed {
            section: i,
            entries,
            url: format!("{}{}{FEED_FILE}", ctx.links.root_path(), section.url),
            title: section.front.title.clone(),
        });
    }
    errors.into_result(())?;
    let author = ctx
        .config
        .clinic
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| ctx.config.title.clone());
    Ok(Box::new(FeedFeature {
        feeds,
        author,
        language: ctx.config.language.clone(),
    }))
}

/// When a page last changed, for the feed: `updated`, else `date`.
fn updated(page: &Page) -> Option<jiff::civil::Date> {
    page.front.updated.or(page.front.date)
}

/// A date as Atom writes it (RFC 3339, midnight UTC).
fn rfc3339(date: jiff::civil::Date) -> String {
    format!("{date}T00:00:00Z")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

impl FeedFeature {
    fn feed_of(&self, index: usize) -> Option<&SectionFeed> {
        self.feeds
            .iter()
            .find(|f| f.section == index || f.entries.contains(&index))
    }

    fn atom(&self, feed: &SectionFeed, pages: &[Page], ctx: &FilesContext) -> String {
        // Cannot fail: the indices were made from these pages when the feature loaded.
        let section = &pages[feed.section];
        let permalink = |p: &Page| ctx.contexts.permalink(&p.url);
        let newest = feed
            .entries
            .iter()
            .filter_map(|&i| updated(&pages[i]))
            .max()
            .or(updated(section))
            .unwrap_or(jiff::civil::date(1970, 1, 1));
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        xml.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            escape(&self.language)
        ));
        xml.push_str(&format!(
            "  <title>{}</title>\n",
            escape(&section.front.title)
        ));
        if !section.front.description.is_empty() {
            xml.push_str(&format!(
                "  <subtitle>{}</subtitle>\n",
                escape(&section.front.description)
            ));
        }
        let home = permalink(section);
        let own = ctx
            .contexts
            .permalink(&format!("{}{FEED_FILE}", section.url));
        xml.push_str(&format!("  <id>{}</id>\n", escape(&home)));
        xml.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&home)
        ));
        xml.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape(&own)
        ));
        xml.push_str(&format!("  <updated>{}</updated>\n", rfc3339(newest)));
        xml.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            escape(&self.author)
        ));
        xml.push_str("  <generator>careleaf</generator>\n");
        for &i in &feed.entries {
            let page = &pages[i];
            let address = permalink(page);
            xml.push_str("  <entry>\n");
            xml.push_str(&format!(
                "    <title>{}</title>\n",
                escape(&page.front.title)
            ));
            xml.push_str(&format!(
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                escape(&address)
            ));
            xml.push_str(&format!("    <id>{}</id>\n", escape(&address)));
            if let Some(date) = page.front.date {
                xml.push_str(&format!("    <published>{}</published>\n", rfc3339(date)));
            }
            if let Some(date) = updated(page) {
                xml.push_str(&format!("    <updated>{}</updated>\n", rfc3339(date)));
            }
            if !page.front.description.is_empty() {
                xml.push_str(&format!(
                    "    <summary>{}</summary>\n",
                    escape(&page.front.description)
                ));
            }
            xml.push_str("  </entry>\n");
        }
        xml.push_str("</feed>\n");
        xml
    }
}

impl Feature for FeedFeature {
    fn page_values_key(&self, key: &mut crate::cache_key::KeyWriter) -> bool {
        for feed in &self.feeds {
            key.part(&(feed.section as u64).to_le_bytes())
                .part(feed.url.as_bytes())
                .part(feed.title.as_bytes());
            for &entry in &feed.entries {
                key.part(&(entry as u64).to_le_bytes());
            }
        }
        true
    }

    fn page_values(&self, index: usize, _page: &Page, out: &mut PageValues) {
        if let Some(feed) = self.feed_of(index) {
            out.values.insert(
                "feed_link".into(),
                json!({ "url": feed.url, "title": feed.title }),
            );
        }
    }

    fn files(&self, ctx: &FilesContext) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        let pages = &ctx.contexts.content.pages;
        Ok(self
            .feeds
            .iter()
            .map(|feed| {
                // Cannot fail: as in `atom`.
                let path = format!("{}{FEED_FILE}", pages[feed.section].url);
                (path, self.atom(feed, pages, ctx).into_bytes())
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_dates_are_rfc3339() {
        assert_eq!(
            escape("A & B <c> \"d\" 'e'"),
            "A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
        assert_eq!(
            rfc3339(jiff::civil::date(2026, 12, 2)),
            "2026-12-02T00:00:00Z"
        );
    }
}
