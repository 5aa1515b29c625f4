//! What `careleaf import` writes into the site: each page's front matter as careleaf YAML (every
//! string quoted where YAML needs it), the site skeleton when there is none, and files only
//! where nothing exists yet.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;
use crate::yaml::scalar;

/// The front matter of one imported page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutFront {
    pub title: String,
    pub description: String,
    pub slug: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub tags: Vec<String>,
    pub aliases: Vec<String>,
    pub unconfirmed: Vec<String>,
    pub extra: Map<String, Value>,
}

impl OutFront {
    /// The page file: front matter between `---` lines, then the body.
    pub fn page(&self, body: &str) -> String {
        let mut y = String::from("---\n");
        let _ = writeln!(y, "title: {}", scalar(&self.title));
        let _ = writeln!(y, "description: {}", scalar(&self.description));
        if let Some(slug) = &self.slug {
            let _ = writeln!(y, "slug: {}", scalar(slug));
        }
        for (key, value) in [("date", &self.date), ("updated", &self.updated)] {
            if let Some(v) = value {
                let _ = writeln!(y, "{key}: {v}");
            }
        }
        if let Some(w) = self.weight {
            let _ = writeln!(y, "weight: {w}");
        }
        if self.draft {
            y.push_str("draft: true\n");
        }
        for (key, list) in [("tags", &self.tags), ("aliases", &self.aliases)] {
            if !list.is_empty() {
                let _ = writeln!(y, "{key}:");
                for item in list {
                    let _ = writeln!(y, "  - {}", scalar(item));
                }
            }
        }
        if !self.unconfirmed.is_empty() {
            let _ = writeln!(y, "unconfirmed: [{}]", self.unconfirmed.join(", "));
        }
        if !self.extra.is_empty() {
            let extra = serde_yaml::to_string(&self.extra).unwrap_or_default();
            y.push_str("extra:\n");
            for line in extra.lines() {
                let _ = writeln!(y, "  {line}");
            }
        }
        y.push_str("---\n\n");
        y.push_str(body.trim_start_matches('\n'));
        y
    }
}

/// Writes `text` at `path` unless something is there. Returns whether it wrote.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<bool, Diagnostic> {
    if path.exists() {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Diagnostic::io(path, &e))?;
    Ok(true)
}

/// Creates the site skeleton (`careleaf init`) in `site`, gives it the old site's title and
/// language, and removes the sample pages `init` writes: the imported pages replace them.
pub fn skeleton(
    site: &Path,
    title: Option<&str>,
    language: Option<&str>,
    other_languages: &[String],
) -> Result<(), Diagnostic> {
    // In the old site's language when init offers it: the clinic's placeholder name too.
    let options = crate::scaffold::InitOptions {
        language: language
            .filter(|l| crate::scaffold::LANGUAGES.iter().any(|(code, _)| code == l))
            .unwrap_or("en")
            .to_string(),
        ..Default::default()
    };
    let new = crate::scaffold::init_with(site, &options)?;
    for path in new.samples {
        std::fs::remove_file(&path).map_err(|e| Diagnostic::io(&path, &e))?;
    }
    let path = site.join("site.yaml");
    let text = std::fs::read_to_string(&path).map_err(|e| Diagnostic::io(&path, &e))?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (key, value) in [("title", title), ("language", language)] {
        let Some(value) = value else { continue };
        let new = format!("{key}: {}", scalar(value));
        match lines.iter_mut().find(|l| l.starts_with(&format!("{key}:"))) {
            Some(line) => *line = new,
            None => lines.push(new),
        }
    }
    if !other_languages.is_empty() {
        lines.push("# The old site's other languages: their pages are in content/<code>/.".into());
        lines.push("languages:".into());
        lines.extend(
            other_languages
                .iter()
                .map(|c| format!("  - code: {}", scalar(c))),
        );
    }
    std::fs::write(&path, lines.join("\n") + "\n").map_err(|e| Diagnostic::io(&path, &e))
}

/// The files below `dir` with the hash of each, to tell that an import changed nothing there.
pub fn tree_listing(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    use sha2::Digest;
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let hash = std::fs::read(e.path())
                .map(|b| sha2::Sha256::digest(&b).to_vec())
                .unwrap_or_default();
            (e.path().to_path_buf(), hash)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter;

    #[test]
    fn written_front_matter_reads_back_as_the_same_values() {
        let mut extra = Map::new();
        extra.insert("author".into(), Value::String("Dr. O'Brien: lungs".into()));
        let front = OutFront {
            title: "Asthma: what \"control\" means".into(),
            description: "yes".into(),
            slug: Some("asthma".into()),
            date: Some("2024-03-05".into()),
            updated: None,
            weight: Some(-2),
            draft: true,
            tags: vec!["#lungs".into(), "true".into(), "a: b".into()],
            aliases: vec!["/old asthma/".replace(' ', "-")],
            unconfirmed: vec!["description".into()],
            extra,
        };
        let text = front.page("# Body\n");
        let file = Path::new("content/a.md");
        let split = front_matter::split(file, &text).unwrap();
        let parsed = front_matter::parse(file, &text, &split).unwrap();
        assert_eq!(parsed.title, front.title);
        assert_eq!(parsed.description, "yes");
        assert_eq!(parsed.slug.as_deref(), Some("asthma"));
        assert_eq!(parsed.date.unwrap().to_string(), "2024-03-05");
        assert_eq!(parsed.weight, -2);
        assert!(parsed.draft);
        assert_eq!(parsed.tags, front.tags);
        assert_eq!(parsed.aliases, ["old-asthma/"]);
        assert_eq!(parsed.unconfirmed, ["description"]);
        assert_eq!(parsed.extra["author"], "Dr. O'Brien: lungs");
        assert!(text.ends_with("---\n\n# Body\n"));
    }
}
