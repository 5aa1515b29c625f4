//! `careleaf import SOURCE`: another generator's content (Hugo, Zola, Jekyll, Eleventy or a
//! folder of plain Markdown) turned into careleaf pages that build. The source is only read;
//! in the site, files are only added, never replaced.
//!
//! [`detect`] finds the generator and its settings, [`plan`] places every page and works out
//! its old addresses, [`front`] and [`map`] read and map its front matter, [`body`] rewrites
//! its Markdown (links through [`resolve`]), [`write`] writes careleaf files and [`report`]
//! lists what an editor should look at.

pub mod body;
pub mod detect;
pub mod front;
pub mod map;
pub mod plan;
pub mod report;
pub mod resolve;
pub mod write;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use detect::Generator;
pub use report::{ImportReport, Item};

use crate::content::{alias_output, slug_or};
use crate::diagnostic::Diagnostic;
use body::{Assets, Rewrite};
use plan::Planned;
use resolve::Index;
use write::OutFront;

pub struct ImportOptions {
    pub source: PathBuf,
    /// The careleaf site to add the pages to (created when it has no `site.yaml`).
    pub into: PathBuf,
    /// The generator, when it should not be detected.
    pub from: Option<Generator>,
}

/// One converted page, ready to write.
struct Converted {
    front: OutFront,
    body: String,
}

pub fn run(opts: &ImportOptions) -> Result<ImportReport, Diagnostic> {
    let source = opts
        .source
        .canonicalize()
        .ok()
        .filter(|s| s.is_dir())
        .ok_or_else(|| {
            Diagnostic::new(format!("{} is not a folder", opts.source.display())).with_hint(
                "give the folder of the site to import, e.g. `careleaf import ../old-site`",
            )
        })?;
    let into_path = std::path::absolute(&opts.into).map_err(|e| Diagnostic::io(&opts.into, &e))?;
    let into_path = resolve::clean_absolute(&into_path);
    if into_path.starts_with(&source) || into_path.starts_with(&opts.source) {
        return Err(Diagnostic::new(format!(
            "the site folder {} is inside the folder being imported",
            opts.into.display()
        ))
        .with_hint(
            "careleaf import never writes into the source: import into another folder with --into",
        ));
    }
    std::fs::create_dir_all(&opts.into).map_err(|e| Diagnostic::io(&opts.into, &e))?;
    let into = opts
        .into
        .canonicalize()
        .map_err(|e| Diagnostic::io(&opts.into, &e))?;
    let generator = opts.from.unwrap_or_else(|| detect::detect(&source));
    let site = detect::source_site(&source, generator);
    let content_root = plan::content_root(&source, generator, &site);
    let (pages, unreadable) = plan::plan(&source, generator, &site);
    let mut report = ImportReport {
        generator: Some(generator),
        ..ImportReport::default()
    };
    report.items.extend(unreadable.into_iter().map(|u| Item {
        file: u.source_rel,
        line: u.line,
        why: format!("{} (column {})", u.why, u.column),
    }));
    if pages.is_empty() {
        return Err(Diagnostic::new(format!(
            "no Markdown pages were found in {} (read as a {} site)",
            opts.source.display(),
            generator.name()
        ))
        .with_hint("pages are files ending in .md or .markdown; use --from to read the folder as another generator's"));
    }
    let index = Index::new(
        &source,
        &content_root,
        generator,
        site.base_url.as_deref(),
        &pages,
    );
    let mut assets = Assets::default();
    let mut converted = Vec::new();
    for i in 0..pages.len() {
        let mut rw = Rewrite {
            index: &index,
            pages: &pages,
            me: i,
            content_root: &content_root,
            assets: &mut assets,
            site_title: site.title.as_deref(),
            notes: Vec::new(),
            links: 0,
            videos: 0,
        };
        let c = convert(&mut rw, &mut report.items);
        report.links += rw.links;
        report.videos += rw.videos;
        converted.push(c);
    }
    give_aliases(&pages, &mut converted, generator);
    let translated: Vec<String> = (site.other_languages.iter())
        .filter(|code| pages.iter().any(|p| p.out_rel.starts_with(code)))
        .cloned()
        .collect();
    if into.join("site.yaml").exists() {
        // The site's settings are the editors': say what to add rather than change them.
        let path = into.join("site.yaml");
        let known: Vec<String> = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| crate::config::parse(&text, &path).ok())
            .map(|config| config.languages.into_iter().map(|l| l.code).collect())
            .unwrap_or_default();
        for code in translated.iter().filter(|c| !known.contains(c)) {
            report.items.push(Item {
                file: PathBuf::from("site.yaml"),
                line: 1,
                why: format!("the old site's pages in `{code}` are in content/{code}/: add `languages: [{{code: {code}}}]` to site.yaml, or careleaf publishes them as a section in the site's own language"),
            });
        }
    } else {
        write::skeleton(
            &into,
            site.title.as_deref(),
            site.language.as_deref(),
            &translated,
        )?;
        report.created_site = true;
    }
    let content = into.join("content");
    let has_home = pages.iter().any(|p| p.out_rel == Path::new("_index.md"));
    for (p, c) in pages.iter().zip(&converted) {
        let text = c.front.page(&c.body);
        if write::write_new(&content.join(&p.out_rel), text.as_bytes())? {
            report.pages += 1;
            if p.out_rel.ends_with("_index.md") && p.out_rel != Path::new("_index.md") {
                report.sections += 1;
            }
        } else {
            report.skipped.push(Path::new("content").join(&p.out_rel));
        }
    }
    if report.created_site && !has_home {
        let home = home_page(&pages, &converted, site.title.as_deref());
        write::write_new(&content.join("_index.md"), home.as_bytes())?;
    }
    for (out, from) in assets.copies() {
        let bytes = std::fs::read(&from).map_err(|e| Diagnostic::io(&from, &e))?;
        if write::write_new(&content.join(&out), &bytes)? {
            if is_image(&out) {
                report.images += 1;
            } else {
                report.other_files += 1;
            }
        } else {
            report.skipped.push(Path::new("content").join(&out));
        }
    }
    Ok(report)
}

fn is_image(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" | "avif"
        )
    })
}

/// One page through the passes of [`body`], with its front matter completed.
fn convert(rw: &mut Rewrite, items: &mut Vec<Item>) -> Converted {
    let page = rw.page().clone();
    let mapped = &page.mapped;
    let mut unconfirmed = Vec::new();
    let mut text = page.page.body.clone();
    let mut title = mapped.title.clone();
    if let Some((heading, rest)) = body::markdown::take_title(&text)
        && title
            .as_deref()
            .is_none_or(|t| t.eq_ignore_ascii_case(&heading))
    {
        title = Some(heading);
        text = rest;
    }
    let text = body::templates::rewrite(&text, rw);
    let text = body::html::rewrite(&text, rw);
    let text = body::markdown::rewrite(&text, rw);
    let text = body::tidy_blank_lines(&text);
    let title = title.unwrap_or_else(|| {
        unconfirmed.push("title".to_string());
        title_from_file_name(&page.out_rel, &page.content_rel)
    });
    let description = mapped.description.clone().unwrap_or_else(|| {
        unconfirmed.push("description".to_string());
        body::markdown::guess_description(&text).unwrap_or_else(|| title.clone())
    });
    let original =
        std::fs::read_to_string(rw.content_root.join(&page.content_rel)).unwrap_or_default();
    for note in std::mem::take(&mut rw.notes) {
        let line = note.line.unwrap_or_else(|| {
            original
                .find(note.needle.as_str())
                .filter(|_| !note.needle.is_empty())
                .map_or(page.page.body_line + 1, |at| body::line_of(&original, at))
        });
        items.push(Item {
            file: page.source_rel.clone(),
            line,
            why: note.why,
        });
    }
    for (key, why) in &mapped.notes {
        items.push(Item {
            file: page.source_rel.clone(),
            line: key_line(&original, key),
            why: why.clone(),
        });
    }
    let is_index = matches!(
        page.out_rel.file_name().and_then(|n| n.to_str()),
        Some("index.md" | "_index.md")
    );
    let stem = page
        .out_rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = mapped
        .slug
        .clone()
        .filter(|s| !is_index && *s != slug_or(&stem, "page"));
    // A stub (a title and nothing else) would stop every build: it waits as a draft instead.
    let empty = !is_index && text.trim().is_empty();
    if empty && !mapped.draft {
        items.push(Item {
            file: page.source_rel.clone(),
            line: page.page.body_line,
            why: "the page has no text, so it was imported as a draft (`draft: true`): write it, \
                  then remove that line to publish it"
                .into(),
        });
    }
    Converted {
        front: OutFront {
            title,
            description,
            slug,
            date: mapped.date.clone(),
            updated: mapped.updated.clone(),
            weight: mapped.weight,
            draft: mapped.draft || empty,
            tags: mapped.tags.clone(),
            aliases: Vec::new(),
            unconfirmed,
            extra: mapped.extra.clone(),
        },
        body: text,
    }
}

/// The line of front-matter key `key` (1 when it cannot be found).
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start().to_ascii_lowercase();
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with([':', '=']))
                || l.strip_prefix(&format!("\"{key}\"")).is_some()
        })
        .map_or(1, |i| i + 1)
}

/// `living-with_asthma.md` → `Living with asthma`; a folder's index is named after the folder.
fn title_from_file_name(out_rel: &Path, content_rel: &Path) -> String {
    let stem = out_rel.file_stem().unwrap_or_default().to_string_lossy();
    let name = if matches!(stem.as_ref(), "index" | "_index") {
        content_rel
            .parent()
            .and_then(Path::file_name)
            .map_or("Home".into(), |n| n.to_string_lossy().into_owned())
    } else {
        stem.into_owned()
    };
    let words = name.replace(['-', '_'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Page".into(),
    }
}

/// The address careleaf gives a page at `out_rel` (as `content::urls` does).
fn new_url(out_rel: &Path, slug: Option<&str>) -> String {
    let dir = out_rel.parent().unwrap_or(Path::new(""));
    let mut url: String = dir
        .components()
        .map(|c| format!("{}/", slug_or(&c.as_os_str().to_string_lossy(), "folder")))
        .collect();
    let stem = out_rel.file_stem().unwrap_or_default().to_string_lossy();
    if !matches!(stem.as_ref(), "index" | "_index") {
        url.push_str(&slug.map_or_else(|| slug_or(&stem, "page"), str::to_string));
        url.push('/');
    }
    url
}

/// Every old address that is not a page's new one becomes an alias of its page, so old links
/// and bookmarks keep working. (A folder of plain Markdown had no addresses.)
fn give_aliases(pages: &[Planned], converted: &mut [Converted], generator: Generator) {
    if generator == Generator::Plain {
        return;
    }
    let mut taken: HashSet<String> = pages
        .iter()
        .zip(converted.iter())
        .map(|(p, c)| format!("{}index.html", new_url(&p.out_rel, c.front.slug.as_deref())))
        .collect();
    for (p, c) in pages.iter().zip(converted.iter_mut()) {
        for old in &p.old_addresses {
            let decoded = resolve::percent_decode(old);
            let path = decoded.trim().trim_start_matches('/');
            if path.is_empty()
                || path.contains(['?', '#', '"', '<', '>', ':', '\\', ' '])
                || path.contains("//")
                || path.split('/').any(|s| s == ".." || s == ".")
            {
                continue;
            }
            let alias = if path.ends_with('/') || path.ends_with(".html") {
                path.to_string()
            } else {
                format!("{path}/")
            };
            if taken.insert(alias_output(&alias)) {
                c.front.aliases.push(format!("/{alias}"));
            }
        }
    }
}

/// A home page for a source that had none: the old site's title and a list of its top pages.
fn home_page(pages: &[Planned], converted: &[Converted], title: Option<&str>) -> String {
    let mut body = String::new();
    for (p, c) in pages.iter().zip(converted) {
        let depth = p.out_rel.components().count();
        let is_section_index = depth == 2 && p.out_rel.ends_with("_index.md");
        if depth == 1 || is_section_index {
            body.push_str(&format!(
                "- [{}]({})\n",
                c.front.title.replace(['[', ']'], ""),
                resolve::relative(Path::new("_index.md"), &p.out_rel)
            ));
        }
    }
    let title = title.unwrap_or("Home").to_string();
    OutFront {
        description: title.clone(),
        title,
        unconfirmed: vec!["description".into()],
        ..OutFront::default()
    }
    .page(&body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_addresses_follow_careleaf_rules() {
        assert_eq!(
            new_url(Path::new("Health/Asthma.md"), None),
            "health/asthma/"
        );
        assert_eq!(
            new_url(Path::new("health/asthma/index.md"), None),
            "health/asthma/"
        );
        assert_eq!(new_url(Path::new("health/_index.md"), Some("x")), "health/");
        assert_eq!(new_url(Path::new("a.md"), Some("b")), "b/");
        assert_eq!(new_url(Path::new("_index.md"), None), "");
    }

    #[test]
    fn titles_from_file_names_are_words() {
        assert_eq!(
            title_from_file_name(Path::new("living-with_asthma.md"), Path::new("x")),
            "Living with asthma"
        );
        assert_eq!(
            title_from_file_name(Path::new("a/index.md"), Path::new("diabète/README.md")),
            "Diabète"
        );
        assert_eq!(key_line("---\ntitle: A\nlayout: post\n---\n", "layout"), 3);
        assert_eq!(key_line("+++\nLayout = 'x'\n+++\n", "layout"), 2);
    }
}
