//! Rewriting the links of a page after a page moved: every Markdown link and picture (inline
//! or reference definition) whose target moved is pointed at its new place, and a page that
//! moved itself to another folder keeps its relative links working; each link keeps its style
//! (relative or from the root) and its `#anchor`, and every other byte stays.

use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use crate::markdown::{Target, classify, percent_decode, resolve_relative};

/// `body` (a page's Markdown, the page at `page` within its edition, which now is at
/// `page_now`) with its links to `from` pointed at `to` (all within the edition); None when
/// nothing changes.
pub fn relink(body: &str, page: &Path, page_now: &Path, from: &Path, to: &Path) -> Option<String> {
    let page_dir = page.parent().unwrap_or(Path::new(""));
    let new_dir = page_now.parent().unwrap_or(Path::new(""));
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut consider = |dest: &str, span: std::ops::Range<usize>| {
        let Target::Local { path, fragment } = classify(dest) else {
            return;
        };
        let Some(target) = resolve_relative(page_dir, &percent_decode(&path)) else {
            return;
        };
        let to = if target == from {
            to
        } else if new_dir != page_dir && !path.starts_with('/') {
            target.as_path()
        } else {
            return;
        };
        // The destination as written inside the span (it may sit in `<...>`).
        let Some(found) = body[span.clone()].rfind(dest) else {
            return;
        };
        let start = span.start + found;
        let mut new = if path.starts_with('/') {
            format!("/{}", slashed(to))
        } else {
            relative(new_dir, to)
        };
        if let Some(query) = dest
            .split_once('?')
            .map(|(_, q)| q.split('#').next().unwrap_or(""))
        {
            new.push('?');
            new.push_str(query);
        }
        if let Some(f) = fragment {
            new.push('#');
            new.push_str(f);
        }
        edits.push((start..start + dest.len(), new));
    };
    let mut parser = Parser::new_ext(body, crate::markdown::options()).into_offset_iter();
    for (event, range) in parser.by_ref() {
        if let Event::Start(
            Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                ..
            }
            | Tag::Image {
                link_type: LinkType::Inline,
                dest_url,
                ..
            },
        ) = event
        {
            consider(&dest_url, range);
        }
    }
    for (_, def) in parser.reference_definitions().iter() {
        consider(&def.dest, def.span.clone());
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(body.len() + 32);
    let mut at = 0;
    for (range, new) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&body[at..range.start]);
        out.push_str(&new);
        at = range.end;
    }
    out.push_str(&body[at..]);
    Some(out)
}

fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// The link from a page in `dir` to `target` (both within the edition).
fn relative(dir: &Path, target: &Path) -> String {
    let dir: Vec<Component> = dir.components().collect();
    let target_parts: Vec<Component> = target.components().collect();
    let common = dir
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in common..dir.len() {
        out.push("..");
    }
    for part in &target_parts[common..] {
        out.push(part);
    }
    slashed(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(body: &str, page: &str) -> Option<String> {
        relink(
            body,
            Path::new(page),
            Path::new(page),
            Path::new("guide/apple.md"),
            Path::new("fruit/red-apple.md"),
        )
    }

    #[test]
    fn links_to_the_moved_page_follow_it_and_nothing_else_changes() {
        let body = "See [apples](apple.md#taste) and [pears](pear.md).\n\n[ref]: ./apple.md \"Apples\"\n\nAlso [root](/guide/apple.md) and `apple.md` in code.\n";
        assert_eq!(
            moved(body, "guide/index.md").unwrap(),
            "See [apples](../fruit/red-apple.md#taste) and [pears](pear.md).\n\n[ref]: ../fruit/red-apple.md \"Apples\"\n\nAlso [root](/fruit/red-apple.md) and `apple.md` in code.\n"
        );
        assert_eq!(
            moved("[a](guide/apple.md)\n", "home.md").unwrap(),
            "[a](fruit/red-apple.md)\n"
        );
        assert_eq!(
            moved("[a](../guide/apple.md)\n", "fruit/x.md").unwrap(),
            "[a](red-apple.md)\n"
        );
        assert_eq!(
            moved("[a](pear.md) [b](https://x.org/apple.md)\n", "guide/p.md"),
            None
        );
    }

    #[test]
    fn a_page_moved_to_another_folder_keeps_its_own_links_and_pictures() {
        let body = "[pear](pear.md), [me](apple.md#top), [home](/index.md), ![A pear](pear.jpg)\n";
        let out = relink(
            body,
            Path::new("guide/apple.md"),
            Path::new("fruit/red-apple.md"),
            Path::new("guide/apple.md"),
            Path::new("fruit/red-apple.md"),
        );
        assert_eq!(
            out.unwrap(),
            "[pear](../guide/pear.md), [me](red-apple.md#top), [home](/index.md), ![A pear](../guide/pear.jpg)\n"
        );
    }
}
