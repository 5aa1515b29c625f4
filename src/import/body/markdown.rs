//! Pass 3: Markdown links and images (inline and reference definitions) resolved through the
//! old site's addresses; and the guesses: the title from a first `# ` heading (which then
//! leaves the body) and the description from the first paragraph.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use super::html::alt_from_file_name;
use super::{Rewrite, Target, apply, options};

/// Pass 3 over a page's body.
pub fn rewrite(text: &str, rw: &mut Rewrite) -> String {
    let mut edits = Vec::new();
    let mut parser = Parser::new_ext(text, options()).into_offset_iter();
    for (event, range) in parser.by_ref() {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                ..
            }) => {
                if let Some((dest_range, dest)) = inline_dest(text, &range)
                    && let Some(new) = rw.link(&dest)
                {
                    edits.push((dest_range, super::html_safe_dest(&new)));
                }
            }
            Event::Start(Tag::Image {
                link_type: LinkType::Inline,
                ..
            }) => image(text, range, rw, &mut edits),
            _ => {}
        }
    }
    let definitions: Vec<(Range<usize>, String)> = parser
        .reference_definitions()
        .iter()
        .filter_map(|(_, def)| definition_dest(text, &def.span))
        .collect();
    for (dest_range, dest) in definitions {
        if let Some(new) = rw.link(&dest) {
            edits.push((dest_range, super::html_safe_dest(&new)));
        }
    }
    apply(text, edits)
}

fn image(
    text: &str,
    range: Range<usize>,
    rw: &mut Rewrite,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    let Some((dest_range, dest)) = inline_dest(text, &range) else {
        return;
    };
    let empty_alt = text[range.clone()].starts_with("![]");
    match rw.index.resolve(&dest, rw.page()) {
        Target::File(file, _) => {
            let new = rw.file(&file);
            edits.push((dest_range, super::html_safe_dest(&new)));
        }
        Target::Elsewhere if dest.contains("//") => {
            let host = crate::html::external_host(&dest).unwrap_or_default();
            rw.note(
                &dest,
                format!("the image `{dest}` loads from another website ({host}): it became a link to it; save the image beside the page and show it instead"),
            );
            // `![alt](url)` without its `!` is a link.
            edits.push((range.start..range.start + 1, String::new()));
            if empty_alt {
                edits.push((range.start + 2..range.start + 2, "Image".into()));
            }
            return;
        }
        Target::Missing => rw.note(
            &dest,
            format!("the image `{dest}` is not in the source folder: it was kept as it is"),
        ),
        _ => {}
    }
    if empty_alt {
        let guess = alt_from_file_name(&dest);
        rw.note(
            &dest,
            format!("the image `{dest}` has no alt text: careleaf wrote \"{guess}\" from its file name; describe what it shows"),
        );
        edits.push((range.start + 2..range.start + 2, guess));
    }
}

/// The address of an inline link or image in the source (`[t](dest "title")`), and its range.
fn inline_dest(text: &str, range: &Range<usize>) -> Option<(Range<usize>, String)> {
    let raw = text.get(range.clone())?;
    let open = raw.rfind("](")? + 2;
    let after = &raw[open..];
    let lead = after.len() - after.trim_start().len();
    let start = open + lead;
    let rest = &raw[start..];
    let (start, len) = if let Some(inner) = rest.strip_prefix('<') {
        (start + 1, inner.find('>')?)
    } else {
        let mut depth = 0i32;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' if depth == 0 => return true,
                    ')' => depth -= 1,
                    _ => {}
                }
                c.is_whitespace()
            })
            .map_or(rest.len(), |(i, _)| i);
        (start, end)
    };
    let dest = raw.get(start..start + len)?.to_string();
    Some((range.start + start..range.start + start + len, dest))
}

/// The address of a reference definition (`[label]: dest "title"`), and its range.
fn definition_dest(text: &str, span: &Range<usize>) -> Option<(Range<usize>, String)> {
    let raw = text.get(span.clone())?;
    let colon = raw.find("]:")? + 2;
    let after = &raw[colon..];
    let lead = after.len() - after.trim_start().len();
    let start = colon + lead;
    let rest = &raw[start..];
    let (start, len) = match rest.strip_prefix('<') {
        Some(inner) => (start + 1, inner.find('>')?),
        None => (start, rest.find(char::is_whitespace).unwrap_or(rest.len())),
    };
    let dest = raw.get(start..start + len)?.to_string();
    Some((span.start + start..span.start + start + len, dest))
}

/// The text of a first-level heading that opens the body, and the body without it.
pub fn take_title(body: &str) -> Option<(String, String)> {
    let mut events = Parser::new_ext(body, options()).into_offset_iter();
    let (first, range) = events.next()?;
    let Event::Start(Tag::Heading {
        level: HeadingLevel::H1,
        ..
    }) = first
    else {
        return None;
    };
    let mut title = String::new();
    let mut end = range.end;
    for (event, r) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => {
                end = r.end.max(end);
                break;
            }
            Event::Text(t) | Event::Code(t) => title.push_str(&t),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            _ => {}
        }
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return None;
    }
    let rest = body[end.min(body.len())..].trim_start_matches('\n');
    Some((title, rest.to_string()))
}

/// Descriptions longer than this are cut at a sentence or a word.
pub const DESCRIPTION_MAX: usize = 160;

/// The first sentences of the first paragraph of running text, as plain text, up to
/// [`DESCRIPTION_MAX`] characters.
pub fn guess_description(body: &str) -> Option<String> {
    let mut depth_in_paragraph = false;
    let mut text = String::new();
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Paragraph) => depth_in_paragraph = true,
            Event::End(TagEnd::Paragraph) => {
                let plain = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if plain.chars().filter(|c| c.is_alphabetic()).count() >= 12
                    && !plain.starts_with("{{<")
                {
                    return Some(shorten(&plain));
                }
                text.clear();
                depth_in_paragraph = false;
            }
            Event::Text(t) | Event::Code(t) if depth_in_paragraph => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if depth_in_paragraph => text.push(' '),
            _ => {}
        }
    }
    None
}

/// Whole sentences while they fit, else the first one cut at a word, with `…`.
pub fn shorten(text: &str) -> String {
    if text.chars().count() <= DESCRIPTION_MAX {
        return text.to_string();
    }
    let mut out = String::new();
    for sentence in sentences(text) {
        if out.chars().count() + sentence.chars().count() > DESCRIPTION_MAX {
            break;
        }
        out.push_str(sentence);
    }
    let out = out.trim().to_string();
    if !out.is_empty() {
        return out;
    }
    let mut cut = String::new();
    for word in text.split(' ') {
        if cut.chars().count() + word.chars().count() + 2 > DESCRIPTION_MAX {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

/// `text` cut after each `.`, `!` or `?` followed by a space.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        let next_is_space = chars.get(n + 1).is_some_and(|&(_, c)| c == ' ');
        if matches!(c, '.' | '!' | '?') && next_is_space {
            out.push(&text[start..i + 1 + 1]);
            start = i + 2;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_heading_is_the_title_and_leaves_the_body() {
        let (title, body) = take_title("# Living with *asthma*\n\nText.\n").unwrap();
        assert_eq!(title, "Living with asthma");
        assert_eq!(body, "Text.\n");
        assert_eq!(take_title("Intro.\n\n# Later\n"), None);
        let (setext, _) = take_title("Diabète\n=======\n\nTexte.\n").unwrap();
        assert_eq!(setext, "Diabète");
    }

    #[test]
    fn descriptions_are_the_first_sentences_that_fit() {
        let body = "{{< video youtube=\"a\" title=\"Video\" >}}\n\nAsthma makes the airways narrow. It can be treated well. ".to_string()
            + &"More words here. ".repeat(12);
        let d = guess_description(&body).unwrap();
        assert!(
            d.starts_with("Asthma makes the airways narrow. It can be treated well."),
            "{d}"
        );
        assert!(d.chars().count() <= DESCRIPTION_MAX, "{d}");
        let long = "word ".repeat(60);
        let cut = shorten(long.trim());
        assert!(
            cut.ends_with('…') && cut.chars().count() <= DESCRIPTION_MAX,
            "{cut}"
        );
    }

    #[test]
    fn link_addresses_are_found_in_the_source() {
        let text = "See [the page](../a/b/ \"T\") and [x](<with space.md>).";
        let mut found = Vec::new();
        for (e, r) in Parser::new(text).into_offset_iter() {
            if let Event::Start(Tag::Link { .. }) = e {
                found.push(inline_dest(text, &r).unwrap().1);
            }
        }
        assert_eq!(found, ["../a/b/", "with space.md"]);
        let def = "[a]: /x/y.html \"T\"";
        assert_eq!(
            definition_dest(def, &(0..def.len())).unwrap().1,
            "/x/y.html"
        );
    }
}
