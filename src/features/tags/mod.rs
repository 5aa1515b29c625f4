//! Topic pages: the `tags` of the pages become `/tags/` (every topic, with how many pages it
//! has) and `/tags/NAME/` (the pages on one topic), in each language (the folder's name is
//! the theme string `tags_slug`: `/es/temas/`); each page links to its
//! topics. The theme's `tags.html` and `tag.html` draw them (a site's theme can override both).

use std::collections::BTreeMap;

use serde_json::json;

use crate::content::{Page, PageKind};
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
    for (i, page) in ctx.content.pages.iter().enumerate() {
        if page.kind != PageKind::Page {
            continue;
        }
        for tag in &page.front.tags {
            let slug = slug(tag);
            if slug.is_empty() {
                continue;
            }
            let topic = topics.entry(slug.clone()).or_insert_with(|| Topic {
                name: tag.clone(),
                slug,
                pages: Vec::new(),
            });
            if !topic.pages.contains(&i) {
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

impl Feature for TagsFeature {
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
        let pages = &ctx.contexts.content.pages;
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
        for topic in self.topics.values() {
            let title = ctx.strings.fill("tag_title", &[("tag", &topic.name)]);
            let description = ctx.strings.fill(
                "tag_description",
                &[("tag", &topic.name), ("n", &topic.pages.len().to_string())],
            );
            let mut extra = serde_json::Map::new();
            extra.insert("topic".into(), self.link(topic));
            extra.insert(
                "topics_url".into(),
                format!("{}{}", self.root_path, self.base).into(),
            );
            let listed: Vec<serde_json::Value> = topic
                .pages
                .iter()
                // Cannot fail: the indices were made from these pages when the feature loaded.
                .map(|&i| &pages[i])
                .map(|p| {
                    json!({ "title": p.front.title, "description": p.front.description,
                            "url": format!("{}{}", self.root_path, p.url) })
                })
                .collect();
            extra.insert("pages".into(), listed.into());
            let path = format!("{}{}/index.html", self.base, topic.slug);
            let alternates = ctx.links.topic_alternates(&topic.slug);
            let context = ctx
                .contexts
                .standalone("tag", &title, &description, path.clone(), &empty, &extra)
                .with_translations(&alternates);
            files.push((
                path,
                ctx.renderer.render(TOPIC_TEMPLATE, &context)?.into_bytes(),
            ));
        }
        Ok(files)
    }

    fn sitemap_paths(&self) -> Vec<String> {
        if self.topics.is_empty() {
            return Vec::new();
        }
        std::iter::once(self.base.clone())
            .chain(
                self.topics
                    .values()
                    .map(|t| format!("{}{}/", self.base, t.slug)),
            )
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
