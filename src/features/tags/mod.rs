//! Topic pages: the `tags` of the pages become `/tags/` (every topic, with how many pages it
//! has) and `/tags/NAME/` (the pages on one topic), in each language (the folder's name is
//! the theme string `tags_slug`: `/es/temas/`); each page links to its
//! topics. The theme's `tags.html` and `tag.html` draw them (a site's theme can override both).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::json;

use crate::content::{LIST_PAGE_SIZE, Page, PageKind};
use crate::diagnostic::{Diagnostic, Errors};
use crate::features::{
    Feature, FeatureSpec, FilesContext, LoadContext, MarkdownContext, PageValues,
};
use crate::markdown::Rendered;

pub const SPEC: FeatureSpec = FeatureSpec {
    name: "tags",
    shortcodes: &[],
    load,
};

pub const TOPICS_TEMPLATE: &str = "tags.html";
pub const TOPIC_TEMPLATE: &str = "tag.html";

/// One topic: its name as first written and its pages, in the site's order.
struct Topic {
    name: String,
    slug: String,
    pages: Vec<usize>,
}

struct TagsFeature {
    /// By slug, so that `Anxiety` and `anxiety` are one topic.
    topics: BTreeMap<String, Topic>,
    root_path: String,
    /// The topic pages' folder below the site's root, in this language: `tags/`, `es/temas/`.
    base: String,
}

fn load(ctx: &LoadContext, _: &MarkdownContext) -> Result<Box<dyn Feature>, Errors> {
    let mut topics: BTreeMap<String, Topic> = BTreeMap::new();
    // Each tag as written is slugged once: a large site repeats a few hundred tags over
    // thousands of pages, and this runs on one thread before anything else can.
    let mut slugs: rustc_hash::FxHashMap<&str, String> = Default::default();
    for (i, page) in ctx.content.pages.iter().enumerate() {
        if page.kind != PageKind::Page {
            continue;
        }
        for tag in &page.front.tags {
            let slug = slugs.entry(tag).or_insert_with(|| slug(tag));
            if slug.is_empty() {
                continue;
            }
            if !topics.contains_key(slug.as_str()) {
                let topic = Topic {
                    name: tag.clone(),
                    slug: slug.clone(),
                    pages: Vec::new(),
                };
                topics.insert(slug.clone(), topic);
            }
            let Some(topic) = topics.get_mut(slug.as_str()) else {
                continue;
            };
            // Pages come in order, so a page already listed is the last one (two of its tags
            // with one slug): no search of a list that, on a large site, holds thousands.
            if topic.pages.last() != Some(&i) {
                topic.pages.push(i);
            }
        }
    }
    Ok(Box::new(TagsFeature {
        topics,
        root_path: ctx.links.root_path().to_string(),
        base: crate::site::linked::topics_page(ctx.content, ctx.strings),
    }))
}

use crate::content::tag_slug as slug;

impl TagsFeature {
    fn topic_url(&self, slug: &str) -> String {
        format!("{}{}{slug}/", self.root_path, self.base)
    }

    /// The folder of part `n` (from 0) of a topic's list, below the site's root.
    fn part_dir(&self, slug: &str, n: usize) -> String {
        match n {
            0 => format!("{}{slug}/", self.base),
            n => format!("{}{slug}/page/{}/", self.base, n + 1),
        }
    }

    fn link(&self, topic: &Topic) -> serde_json::Value {
        json!({ "name": topic.name, "url": self.topic_url(&topic.slug), "count": topic.pages.len() })
    }

    /// The topics, most pages first, then by name.
    fn by_size(&self) -> Vec<&Topic> {
        let mut all: Vec<&Topic> = self.topics.values().collect();
        all.sort_by(|a, b| b.pages.len().cmp(&a.pages.len()).then(a.slug.cmp(&b.slug)));
        all
    }
}

impl TagsFeature {
    /// A topic's pages: its list, [`LIST_PAGE_SIZE`] pages at a time (`/tags/NAME/page/2/`
    /// and so on), each part linking to the one before and after it.
    fn topic_files(
        &self,
        ctx: &FilesContext,
        topic: &Topic,
    ) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        let empty = Rendered::default();
        let pages = &ctx.contexts.content.pages;
        let description = ctx.strings.fill(
            match topic.pages.len() {
                1 => "tag_description_one",
                _ => "tag_description",
            },
            &[("tag", &topic.name), ("n", &topic.pages.len().to_string())],
        );
        let alternates = ctx.links.topic_alternates(&topic.slug);
        let parts: Vec<&[usize]> = topic.pages.chunks(LIST_PAGE_SIZE).collect();
        let count = parts.len().to_string();
        let part_of = |n: usize| {
            ctx.strings.fill(
                "tag_page_of",
                &[("number", &(n + 1).to_string()), ("count", &count)],
            )
        };
        let link = |n: usize| {
            json!({ "url": format!("{}{}", self.root_path, self.part_dir(&topic.slug, n)),
                    "title": part_of(n) })
        };
        let mut files = Vec::new();
        let sink = ctx.keyed_sink();
        for (n, part) in parts.iter().enumerate() {
            let title = match n {
                0 => ctx.strings.fill("tag_title", &[("tag", &topic.name)]),
                n => ctx.strings.fill(
                    "tag_title_part",
                    &[("tag", &topic.name), ("part", &part_of(n))],
                ),
            };
            let mut extra = serde_json::Map::new();
            extra.insert("topic".into(), self.link(topic));
            extra.insert(
                "topics_url".into(),
                format!("{}{}", self.root_path, self.base).into(),
            );
            // A topic of one part has neither: no pager.
            extra.insert(
                "pagination".into(),
                json!({
                    "previous": n.checked_sub(1).map(link),
                    "next": (n + 1 < parts.len()).then(|| link(n + 1)),
                }),
            );
            let path = format!("{}index.html", self.part_dir(&topic.slug, n));
            // Cannot fail: the indices were made from these pages when the feature loaded.
            let listed_pages = || part.iter().map(|&i| &pages[i]);
            // Named from the context without its list and what the list shows of each page:
            // a build keeps the part unless one of them changed.
            let key = sink.map(|_| {
                let mut key = ctx.page_key(TOPIC_TEMPLATE);
                ctx.contexts
                    .standalone("tag", &title, &description, path.clone(), &empty, &extra)
                    .with_translations(&alternates)
                    .add_to_key(&mut key);
                key.part(self.root_path.as_bytes());
                match ctx.shown {
                    Some(shown) => part.iter().for_each(|&i| {
                        key.part(&shown[i]);
                    }),
                    None => listed_pages().for_each(|p| {
                        key.part(p.front.title.as_bytes())
                            .part(p.front.description.as_bytes())
                            .part(p.url.as_bytes());
                    }),
                }
                key.finish()
            });
            if let (Some(sink), Some(key)) = (sink, key)
                && sink.reuse(&path, key)
            {
                continue;
            }
            let listed: Vec<serde_json::Value> = listed_pages()
                .map(|p| {
                    json!({ "title": p.front.title, "description": p.front.description,
                            "url": format!("{}{}", self.root_path, p.url) })
                })
                .collect();
            extra.insert("pages".into(), listed.into());
            let context = ctx
                .contexts
                .standalone("tag", &title, &description, path.clone(), &empty, &extra)
                .with_translations(&alternates);
            let html = ctx.renderer.render(TOPIC_TEMPLATE, &context)?;
            match (sink, key) {
                (Some(sink), Some(key)) => sink.write(&path, key, html.as_bytes())?,
                _ => files.push((path, html.into_bytes())),
            }
        }
        Ok(files)
    }
}

impl Feature for TagsFeature {
    fn page_values_key(&self, key: &mut crate::cache_key::KeyWriter) -> bool {
        key.part(self.root_path.as_bytes())
            .part(self.base.as_bytes());
        for topic in self.topics.values() {
            key.part(topic.slug.as_bytes())
                .part(topic.name.as_bytes())
                .part(&(topic.pages.len() as u64).to_le_bytes());
        }
        true
    }

    fn page_values(&self, _index: usize, page: &Page, out: &mut PageValues) {
        let links: Vec<serde_json::Value> = page
            .front
            .tags
            .iter()
            .filter_map(|t| self.topics.get(&slug(t)))
            .map(|t| self.link(t))
            .collect();
        if !links.is_empty() {
            out.values.insert("topics".into(), links.into());
            out.values.insert(
                "topics_url".into(),
                format!("{}{}", self.root_path, self.base).into(),
            );
        }
    }

    fn files(&self, ctx: &FilesContext) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        if self.topics.is_empty() {
            return Ok(Vec::new());
        }
        let empty = Rendered::default();
        let mut files = Vec::new();
        let mut extra = serde_json::Map::new();
        let list: Vec<serde_json::Value> =
            self.by_size().into_iter().map(|t| self.link(t)).collect();
        extra.insert("topics".into(), list.into());
        let index = format!("{}index.html", self.base);
        let context = ctx.contexts.standalone(
            "tags",
            ctx.strings.get("tags_title"),
            ctx.strings.get("tags_description"),
            index.clone(),
            &empty,
            &extra,
        );
        let context = context.with_translations(ctx.links.topics_alternates());
        files.push((
            index,
            ctx.renderer.render(TOPICS_TEMPLATE, &context)?.into_bytes(),
        ));
        // Each topic's pages render apart from the others': in parallel.
        let topics: Vec<&Topic> = self.topics.values().collect();
        let per_topic: Result<Vec<_>, Diagnostic> = topics
            .par_iter()
            .map(|topic| self.topic_files(ctx, topic))
            .collect();
        files.extend(per_topic?.into_iter().flatten());
        Ok(files)
    }

    fn sitemap_paths(&self) -> Vec<String> {
        if self.topics.is_empty() {
            return Vec::new();
        }
        std::iter::once(self.base.clone())
            .chain(self.topics.values().flat_map(|t| {
                (0..t.pages.len().div_ceil(LIST_PAGE_SIZE).max(1))
                    .map(|n| self.part_dir(&t.slug, n))
            }))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_names_become_folder_names_in_any_script() {
        assert_eq!(slug("Side effects"), "side-effects");
        assert_eq!(slug("  Ansiedad "), "ansiedad");
        assert_eq!(slug("Después del tratamiento"), "despues-del-tratamiento");
        assert_eq!(slug("Уход"), "уход");
        assert_eq!(slug("C++ / PTSD"), "c-ptsd");
        assert_eq!(slug("!!!"), "");
    }
}
