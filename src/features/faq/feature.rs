//! The FAQ as a [`Feature`]: `content/faq.md` rendered twice at load (for its own page, split
//! into questions; and with footnotes pointing back to it, for showing answers elsewhere),
//! the `faq` shortcode, each article's related questions, and the page's `FAQPage` data.

use std::path::Path;

use super::{FAQ_FILE, Faq};
use crate::content::Page;
use crate::diagnostic::Errors;
use crate::features::{
    Doc, Feature, FeatureSpec, LoadContext, MarkdownContext, PageValues, ShortcodeSpec,
};
use crate::markdown::{Mode, Rendered, ShortcodeCall, ShortcodeError};

/// Questions from the FAQ shown under an article, with their answers: enough to answer what
/// a reader of that page most likely asks next, few enough to keep the page light (each
/// costs about 1 KB); the block links to all the others.
const RELATED_QUESTIONS: usize = 3;

pub const SPEC: FeatureSpec = FeatureSpec {
    name: "faq",
    shortcodes: &[ShortcodeSpec {
        name: "faq",
        args: &["tag", "limit"],
        unavailable: (
            "the faq shortcode needs content/faq.md and cannot be used inside it",
            "use it in articles",
        ),
    }],
    load,
};

/// The FAQ of an edition whose content has a `faq.md`.
struct FaqPage {
    index: usize,
    on_page: Rendered,
    faq_on_page: Faq,
    faq_elsewhere: Faq,
}

struct FaqFeature(Option<FaqPage>);

fn load(ctx: &LoadContext, markdown: &MarkdownContext) -> Result<Box<dyn Feature>, Errors> {
    let Some(&index) = ctx.content.page_by_rel.get(Path::new(FAQ_FILE)) else {
        return Ok(Box::new(FaqFeature(None)));
    };
    // Cannot fail: `page_by_rel` holds indices made from `pages`.
    let page = &ctx.content.pages[index];
    let url = format!("{}{}", ctx.links.root_path(), page.url);
    let split = Mode {
        split_at_headings: true,
        ..Mode::default()
    };
    let on_page = (markdown.render)(page, split)?;
    let elsewhere = Mode {
        footnote_base: &url,
        without_anchors: true,
        ..split
    };
    let embedded = (markdown.render)(page, elsewhere)?;
    let faq_on_page = Faq::from_rendered(page, &on_page, "")?;
    let faq_elsewhere = Faq::from_rendered(page, &embedded, &url)?;
    Ok(Box::new(FaqFeature(Some(FaqPage {
        index,
        on_page,
        faq_on_page,
        faq_elsewhere,
    }))))
}

impl Feature for FaqFeature {
    fn page_values_key(&self, key: &mut crate::cache_key::KeyWriter) -> bool {
        let Some(f) = &self.0 else {
            return true;
        };
        // The answers' plain text is not serialized, but the FAQ page's data shows it.
        key.part(&(f.index as u64).to_le_bytes())
            .part(f.faq_on_page.json_ld().as_bytes());
        serde_json::to_writer(&mut *key, &f.faq_on_page).is_ok()
            && serde_json::to_writer(&mut *key, &f.faq_elsewhere).is_ok()
    }

    fn globals(&self) -> Vec<(&'static str, serde_json::Value)> {
        let faq = self.0.as_ref().map(|f| &f.faq_elsewhere);
        vec![("faq", serde_json::to_value(faq).unwrap_or_default())]
    }

    fn check_shortcode(
        &self,
        call: &ShortcodeCall,
        args: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), ShortcodeError> {
        if self.0.is_none() {
            let (message, hint) = SPEC.shortcodes[0].unavailable;
            return Err(ShortcodeError {
                message: message.into(),
                hint: hint.into(),
            });
        }
        if let Some(limit) = call.arg("limit") {
            match limit.parse::<u32>() {
                Ok(n) if n > 0 => {
                    args.insert("limit".into(), n.into());
                }
                _ => {
                    return Err(ShortcodeError {
                        message: format!("limit=\"{limit}\" is not a positive whole number"),
                        hint: "write e.g. limit=3".into(),
                    });
                }
            }
        }
        Ok(())
    }

    fn own_rendering(&self, index: usize) -> Option<&Rendered> {
        self.0
            .as_ref()
            .filter(|f| f.index == index)
            .map(|f| &f.on_page)
    }

    fn search_docs(&self) -> Vec<Doc> {
        let Some(f) = &self.0 else {
            return Vec::new();
        };
        f.faq_elsewhere
            .questions()
            .map(|q| Doc {
                kind: crate::features::search::DocKind::Question,
                title: q.question.clone(),
                url: q.url.clone(),
                snippet: crate::features::search::snippet(&q.text, 160),
                headings: crate::features::search::Headings::Text(String::new()),
                body_text: q.text.clone(),
            })
            .collect()
    }

    fn page_template(&self) -> Option<(&'static str, &'static str)> {
        Some((FAQ_FILE, "faq.html"))
    }

    /// `page.faq` (the FAQ page's questions; null elsewhere) and `page.related_faq`.
    fn page_values(&self, index: usize, page: &Page, out: &mut PageValues) {
        out.values.insert("faq".into(), serde_json::Value::Null);
        let related = match &self.0 {
            Some(f) if f.index == index => {
                out.values.insert(
                    "faq".into(),
                    serde_json::to_value(&f.faq_on_page).unwrap_or_default(),
                );
                out.json_ld = Some(f.faq_on_page.json_ld());
                Vec::new()
            }
            Some(f) => f.faq_elsewhere.related(&page.front.tags, RELATED_QUESTIONS),
            None => Vec::new(),
        };
        // The answers shown under the article bring their images' hosts with them.
        for q in &related {
            out.embeds
                .extend(&crate::html::Embeds::from_html(&q.answer));
        }
        let related = if related.is_empty() {
            serde_json::Value::Array(Vec::new())
        } else {
            serde_json::to_value(related).unwrap_or_default()
        };
        out.values.insert("related_faq".into(), related);
    }
}
