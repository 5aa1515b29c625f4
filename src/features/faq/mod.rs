//! The FAQ: `content/faq.md`, where each `##` heading is a question and the text up to the next
//! heading its answer, and an optional `#` heading starts a topic group. Built from the
//! Markdown stage's blocks; also gives the page's `FAQPage` structured data.

mod feature;
pub use feature::SPEC;

use serde::Serialize;

use crate::content::Page;
use crate::diagnostic::{Diagnostic, line_col};
use crate::markdown::{Block, Rendered};

pub const FAQ_FILE: &str = "faq.md";

#[derive(Debug, Clone, Serialize)]
pub struct FaqQuestion {
    pub id: String,
    pub question: String,
    /// The answer's HTML.
    pub answer: String,
    pub tags: Vec<String>,
    /// The question's address on the FAQ page (`/faq/#id`).
    pub url: String,
    /// The answer without markup, for structured data and filtering.
    #[serde(skip)]
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FaqGroup {
    pub id: String,
    pub title: String,
    /// Text between the group's heading and its first question.
    pub intro: String,
    pub questions: Vec<FaqQuestion>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Faq {
    pub url: String,
    pub title: String,
    pub count: usize,
    pub groups: Vec<FaqGroup>,
}

impl Faq {
    /// Builds the FAQ from `faq.md` rendered in split mode. `url` is the FAQ page's address.
    pub fn from_rendered(page: &Page, rendered: &Rendered, url: &str) -> Result<Faq, Diagnostic> {
        let text = page.source()?;
        let at_block = |b: &Block, message: String, hint: &str| {
            let (line, column) = line_col(&text, b.offset);
            Diagnostic::at(&page.file, &text, line, column, message).with_hint(hint)
        };
        let mut groups: Vec<FaqGroup> = Vec::new();
        let mut group_tags: Vec<String> = Vec::new();
        let mut group_block: Option<&Block> = None;
        for block in &rendered.detail.blocks {
            if block.level == 1 {
                if let (Some(b), Some(g)) = (group_block, groups.last())
                    && g.questions.is_empty()
                {
                    return Err(at_block(
                        b,
                        format!("the topic \"{}\" has no questions", g.title),
                        "add `## Question?` headings under it, or remove the topic heading",
                    ));
                }
                groups.push(FaqGroup {
                    id: block.id.clone(),
                    title: block.title.clone(),
                    intro: block.html.clone(),
                    questions: Vec::new(),
                });
                group_tags = block.classes.clone();
                group_block = Some(block);
                continue;
            }
            if block.text.trim().is_empty() && !block.html.contains("<img") {
                return Err(at_block(
                    block,
                    format!("the question \"{}\" has no answer", block.title),
                    "write the answer below the question, before the next heading",
                ));
            }
            let mut tags = group_tags.clone();
            for c in &block.classes {
                if !tags.contains(c) {
                    tags.push(c.clone());
                }
            }
            let question = FaqQuestion {
                id: block.id.clone(),
                question: block.title.clone(),
                answer: block.html.clone(),
                tags,
                url: format!("{url}#{}", block.id),
                text: block.text.clone(),
            };
            // Questions before any topic heading go in a group of their own.
            match groups.last_mut() {
                Some(group) => group.questions.push(question),
                None => groups.push(FaqGroup {
                    id: "questions".into(),
                    title: "Questions and answers".into(),
                    intro: String::new(),
                    questions: vec![question],
                }),
            }
        }
        if let (Some(b), Some(g)) = (group_block, groups.last())
            && g.questions.is_empty()
        {
            return Err(at_block(
                b,
                format!("the topic \"{}\" has no questions", g.title),
                "add `## Question?` headings under it, or remove the topic heading",
            ));
        }
        let count = groups.iter().map(|g| g.questions.len()).sum();
        if count == 0 {
            return Err(
                Diagnostic::in_file(&page.file, "the FAQ has no questions").with_hint(
                    "write each question as a `## Question?` heading followed by its answer",
                ),
            );
        }
        Ok(Faq {
            url: url.to_string(),
            title: page.front.title.clone(),
            count,
            groups,
        })
    }

    pub fn questions(&self) -> impl Iterator<Item = &FaqQuestion> {
        self.groups.iter().flat_map(|g| &g.questions)
    }

    /// Questions that share a tag with `tags`, in FAQ order.
    pub fn related(&self, tags: &[String], limit: usize) -> Vec<&FaqQuestion> {
        self.questions()
            .filter(|q| q.tags.iter().any(|t| tags.contains(t)))
            .take(limit)
            .collect()
    }

    /// schema.org `FAQPage` data, safe to put inside a `<script>` element.
    pub fn json_ld(&self) -> String {
        let entities: Vec<serde_json::Value> = self
            .questions()
            .map(|q| {
                serde_json::json!({
                    "@type": "Question",
                    "name": q.question,
                    "acceptedAnswer": { "@type": "Answer", "text": q.text },
                })
            })
            .collect();
        let value = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "name": self.title,
            "mainEntity": entities,
        });
        crate::html::script_safe_json(&value)
    }
}
