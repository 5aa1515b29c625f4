//! Headings: each gets a unique id and an anchor link to itself, and `##` and `###` headings
//! make the table of contents. A heading's events are held back until it ends, because its id
//! comes from its whole text.

use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, HeadingLevel, html};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::state::{Heading, Headings, State};
use super::{RESERVED_IDS, TocEntry};

impl Headings<'_> {
    pub(super) fn new() -> Self {
        Headings {
            current: None,
            used_ids: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
            toc: Vec::new(),
        }
    }

    fn unique_id(&mut self, wanted: &str) -> String {
        // `ref-` and `cite-` belong to footnotes; a heading that slugs to one gets a prefix
        // (adding a number alone would keep the prefix and loop for ever: found by fuzzing).
        let base = if wanted.is_empty() {
            "section".to_string()
        } else if wanted.starts_with("ref-") || wanted.starts_with("cite-") {
            format!("section-{wanted}")
        } else {
            wanted.to_string()
        };
        // As GitHub and Hugo number them: `dose`, `dose-1`, `dose-2`.
        let mut id = base.clone();
        let mut n = 1;
        while self.used_ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.used_ids.insert(id.clone());
        id
    }

    /// `##` headings are the table of contents' entries, `###` headings their children (or
    /// entries of their own before the first `##`); other levels are left out.
    fn add_to_toc(&mut self, level: usize, id: String, title: String) {
        let entry = TocEntry {
            id,
            title,
            children: Vec::new(),
        };
        match level {
            2 => self.toc.push(entry),
            3 => match self.toc.last_mut() {
                Some(parent) => parent.children.push(entry),
                None => self.toc.push(entry),
            },
            _ => {}
        }
    }
}

impl<'a> State<'a, '_> {
    pub(super) fn start_heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
    ) {
        if self.input.mode.split_at_headings && (level as usize) <= 2 {
            self.split.prose_end = Some(self.prose.text.len());
        }
        self.headings.current = Some(Heading {
            level,
            id: id.map(|i| i.to_string()),
            classes,
            events: Vec::new(),
            text: String::new(),
            offset: self.offset,
        });
    }

    pub(super) fn finish_heading(&mut self) {
        let Some(h) = self.headings.current.take() else {
            return;
        };
        let wanted = h.id.clone().unwrap_or_else(|| heading_slug(&h.text));
        let id = self.headings.unique_id(&wanted);
        if h.id.is_some() && id != wanted {
            self.warn(format!(
                "the heading id `{wanted}` is already used on this page; `{id}` is used instead"
            ));
        }
        let level = h.level as usize;
        let title = h.text.trim().to_string();
        if !self.input.mode.split_at_headings {
            self.warn_about_heading(level, &title, h.offset);
        }
        if self.input.mode.split_at_headings && level <= 2 {
            self.split_at(h, id, title);
            return;
        }
        let tag = self.heading_html(h, &id, &title);
        self.emit(Event::Html(tag.into()));
        self.headings.add_to_toc(level, id, title);
    }

    /// A `#` heading in the body is a second `<h1>` beside the page's title (screen-reader
    /// users jump by headings and meet two main titles); a hand-written "Table of contents"
    /// repeats, and soon contradicts, the one careleaf makes.
    fn warn_about_heading(&mut self, level: usize, title: &str, offset: usize) {
        if is_table_of_contents(title) {
            self.warn_at(
                offset,
                format!("the heading `{title}` starts a hand-written table of contents"),
                Some("careleaf lists the page's `##` headings as its table of contents already: delete this heading and the list of links under it"),
            );
        } else if level == 1 {
            self.warn_at(
                offset,
                format!("the heading `# {title}` makes a second main title (the page's title is its `<h1>`)"),
                Some("start sections with `##`; if this line repeats the title, delete it (the title comes from the front matter)"),
            );
        }
    }

    /// The heading with its id and classes, and the `#` link to it that readers can copy.
    fn heading_html(&self, h: Heading<'a>, id: &str, title: &str) -> String {
        let level = h.level as usize;
        let mut inner = String::new();
        html::push_html(&mut inner, h.events.into_iter());
        let mut tag = format!("<div class=\"heading-wrap\"><h{level} id=\"");
        escape_html(&mut tag, id).ok();
        tag.push('"');
        if !h.classes.is_empty() {
            tag.push_str(" class=\"");
            escape_html(&mut tag, &h.classes.join(" ")).ok();
            tag.push('"');
        }
        let _ = write!(
            tag,
            ">{inner}</h{level}><a class=\"heading-anchor\" href=\"#"
        );
        escape_href(&mut tag, id).ok();
        tag.push_str("\" aria-label=\"");
        escape_html(
            &mut tag,
            &self.input.strings.fill("section_link", &[("title", title)]),
        )
        .ok();
        tag.push_str("\">#</a></div>\n");
        tag
    }
}

/// "Table of contents" in the languages careleaf has words for.
fn is_table_of_contents(title: &str) -> bool {
    const NAMES: &[&str] = &[
        "table of contents",
        "contents",
        "índice",
        "contenido",
        "tabla de contenido",
        "tabla de contenidos",
        "sommaire",
        "table des matières",
        "inhalt",
        "inhaltsverzeichnis",
    ];
    let title = title.trim().trim_end_matches(':').to_lowercase();
    NAMES.contains(&title.as_str())
}

/// The id for a heading as GitHub and Hugo make it, so that links and tables of contents
/// written for those sites keep working: lowercase; letters (accents kept), digits, `-` and `_`
/// stay; every space becomes a hyphen; everything else is dropped (`Parkinson's disease` →
/// `parkinsons-disease`, `¿Qué es?` → `qué-es`).
pub fn heading_slug(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_ascii() {
            // Most headings are ASCII: skip the Unicode tables for them.
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                id.push(c.to_ascii_lowercase());
            } else if c == ' ' {
                id.push('-');
            }
        } else if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::{heading_slug, is_table_of_contents};

    #[test]
    fn tables_of_contents_are_known_in_several_languages() {
        for t in [
            "Table of Contents",
            "Contents:",
            "Índice",
            "Sommaire",
            "Inhaltsverzeichnis",
        ] {
            assert!(is_table_of_contents(t), "{t}");
        }
        assert!(!is_table_of_contents("What the contents of an inhaler are"));
    }

    #[test]
    fn ids_are_made_as_github_and_hugo_make_them() {
        for (heading, id) in [
            ("Parkinson's disease", "parkinsons-disease"),
            ("Risks & side effects", "risks--side-effects"),
            ("What is HbA1c?", "what-is-hba1c"),
            (
                "Señales de alerta: cuándo llamar al 911",
                "señales-de-alerta-cuándo-llamar-al-911",
            ),
            ("  Step 2 - rest  ", "step-2---rest"),
            ("snake_case stays", "snake_case-stays"),
            ("Ærger über Ölpreise", "ærger-über-ölpreise"),
        ] {
            assert_eq!(heading_slug(heading), id, "{heading}");
        }
    }
}
