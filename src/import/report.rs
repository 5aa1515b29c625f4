//! What `careleaf import` tells the editor: every item that needs a person, as
//! `path:line: why` (paths relative to the source), then one summary line.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::detect::Generator;

/// One thing an editor should look at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Item {
    /// The file, relative to the source folder (or to the site for skipped files).
    pub file: PathBuf,
    pub line: usize,
    pub why: String,
}

#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub generator: Option<Generator>,
    pub pages: usize,
    pub sections: usize,
    pub links: usize,
    pub videos: usize,
    pub images: usize,
    /// Other files copied (PDFs, sounds).
    pub other_files: usize,
    pub items: Vec<Item>,
    /// Files of the site that were there already and were left as they were.
    pub skipped: Vec<PathBuf>,
    /// Whether the site's skeleton (`site.yaml`…) was created.
    pub created_site: bool,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl ImportReport {
    pub fn text(&self) -> String {
        let mut out = String::new();
        if let Some(g) = self.generator {
            let _ = writeln!(out, "Reading a {} site.", g.name());
        }
        let mut items = self.items.clone();
        items.sort();
        items.dedup();
        for item in &items {
            let _ = writeln!(out, "{}:{}: {}", item.file.display(), item.line, item.why);
        }
        for skipped in &self.skipped {
            let _ = writeln!(
                out,
                "{}: skipped: the file is already there, and careleaf never overwrites one",
                skipped.display()
            );
        }
        let _ = writeln!(
            out,
            "imported {} ({}), converted {} and {}, copied {}{}; {} need{} an editor{}; skipped {}",
            plural(self.pages, "page", "pages"),
            plural(self.sections, "section", "sections"),
            plural(self.links, "link", "links"),
            plural(self.videos, "video", "videos"),
            plural(self.images, "image", "images"),
            if self.other_files > 0 {
                format!(
                    " and {}",
                    plural(self.other_files, "other file", "other files")
                )
            } else {
                String::new()
            },
            plural(items.len(), "item", "items"),
            if items.len() == 1 { "s" } else { "" },
            if items.is_empty() {
                ""
            } else {
                " (listed above)"
            },
            plural(self.skipped.len(), "existing file", "existing files"),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_everything_in_one_line() {
        let report = ImportReport {
            pages: 2,
            sections: 1,
            links: 1,
            items: vec![Item {
                file: "a.md".into(),
                line: 3,
                why: "why".into(),
            }],
            ..ImportReport::default()
        };
        assert_eq!(
            report.text(),
            "a.md:3: why\nimported 2 pages (1 section), converted 1 link and 0 videos, copied 0 images; 1 item needs an editor (listed above); skipped 0 existing files\n"
        );
    }
}
