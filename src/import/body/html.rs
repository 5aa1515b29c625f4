//! Pass 2: raw HTML in the Markdown, read with lol_html. Outside HTML blocks, a link `<a
//! href>` becomes a Markdown link to the page it reaches; inside them it keeps its tag and gets
//! the `.md` file as its address (careleaf resolves both). Images are copied and relinked,
//! video frames become careleaf's video shortcode, and what would load from another website
//! (a frame, an image, a script) is turned into a link or left out, and listed.

use std::cell::RefCell;

use lol_html::html_content::{ContentType, Element};
use lol_html::{RewriteStrSettings, element, rewrite_str, text};

use super::{Rewrite, Target, apply, code_and_html, video_for_embed};

/// Pass 2 over a page's body.
pub fn rewrite(text: &str, rw: &mut Rewrite) -> String {
    let (code, blocks) = code_and_html(text);
    let mut edits = Vec::new();
    let mut at = 0;
    let mut pieces = Vec::new();
    let mut fixed: Vec<_> = code.iter().map(|r| (r.clone(), false)).collect();
    fixed.extend(blocks.iter().map(|r| (r.clone(), true)));
    fixed.sort_by_key(|(r, _)| r.start);
    for (range, is_block) in fixed {
        if range.start < at {
            continue;
        }
        pieces.push((at..range.start, false));
        if is_block {
            pieces.push((range.clone(), true));
        }
        at = range.end;
    }
    pieces.push((at..text.len(), false));
    for (range, is_block) in pieces {
        let piece = &text[range.clone()];
        if !piece.contains('<') {
            continue;
        }
        let new = rewrite_piece(piece, is_block, rw);
        if new != piece {
            edits.push((range, new));
        }
    }
    apply(text, edits)
}

fn attribute(el: &Element, name: &str) -> Option<String> {
    el.get_attribute(name)
        .map(|v| v.replace("&amp;", "&").trim().to_string())
}

/// A Markdown link's address, in `<…>` when it has spaces or parentheses.
fn md_dest(dest: &str) -> String {
    if dest.contains([' ', '(', ')']) {
        format!("<{dest}>")
    } else {
        dest.to_string()
    }
}

fn host(url: &str) -> String {
    crate::html::external_host(url).unwrap_or_else(|| url.to_string())
}

fn rewrite_piece(piece: &str, is_block: bool, rw: &mut Rewrite) -> String {
    let rw = RefCell::new(rw);
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("a[href]", |el| {
            link(el, is_block, &mut rw.borrow_mut());
            Ok(())
        }))
        .append_element_content_handler(element!("img", |el| {
            image(el, is_block, &mut rw.borrow_mut());
            Ok(())
        }))
        .append_element_content_handler(element!("video[src], audio[src], source[src]", |el| {
            if let Some(src) = attribute(el, "src") {
                let mut rw = rw.borrow_mut();
                if let Target::File(file, _) = rw.index.resolve(&src, rw.page()) {
                    let new = rw.file(&file);
                    el.set_attribute("src", &new).ok();
                }
            }
            Ok(())
        }))
        .append_element_content_handler(element!("iframe", |el| {
            frame(el, is_block, &mut rw.borrow_mut());
            Ok(())
        }))
        .append_element_content_handler(element!("script", |el| {
            let src = attribute(el, "src").unwrap_or_default();
            rw.borrow_mut().note(
                "<script",
                format!(
                    "a script ({}) was left out: careleaf pages run no scripts of their own",
                    if src.is_empty() {
                        "written in the page".to_string()
                    } else {
                        src
                    }
                ),
            );
            el.remove();
            Ok(())
        }));
    let out = rewrite_str(piece, settings).unwrap_or_else(|_| piece.to_string());
    if is_block && out.contains("{{< video") {
        unwrap_videos(&out)
    } else {
        out
    }
}

/// In an HTML block the link keeps its tag and gets its careleaf address; elsewhere it becomes
/// a Markdown link with its old address, which pass 3 resolves (once, like every other link).
fn link(el: &mut Element, is_block: bool, rw: &mut Rewrite) {
    let Some(href) = attribute(el, "href") else {
        return;
    };
    if is_block {
        if let Some(new) = rw.link(&href) {
            el.set_attribute("href", &new).ok();
        }
    } else if !el.is_self_closing() {
        el.before("[", ContentType::Html);
        el.after(&format!("]({})", md_dest(&href)), ContentType::Html);
        el.remove_and_keep_content();
    }
}

fn image(el: &mut Element, is_block: bool, rw: &mut Rewrite) {
    let src = attribute(el, "src").unwrap_or_default();
    let alt = attribute(el, "alt").unwrap_or_default();
    match rw.index.resolve(&src, rw.page()) {
        Target::File(file, _) => {
            let new = rw.file(&file);
            el.set_attribute("src", &new).ok();
        }
        Target::Elsewhere if src.contains("//") => {
            let label = if alt.is_empty() {
                "Image".to_string()
            } else {
                alt.clone()
            };
            rw.note(
                &src,
                format!("the image `{src}` loads from another website ({}): it became a link to it; save the image beside the page and show it instead", host(&src)),
            );
            el.replace(&link_html(&label, &src, is_block), ContentType::Html);
            return;
        }
        Target::Missing => rw.note(
            &src,
            format!("the image `{src}` is not in the source folder: it was kept as it is"),
        ),
        _ => {}
    }
    if el.get_attribute("alt").is_none() {
        let guess = alt_from_file_name(&src);
        rw.note(
            &src,
            format!("the image `{src}` has no alt text: careleaf wrote \"{guess}\" from its file name; describe what it shows"),
        );
        el.set_attribute("alt", &guess).ok();
    }
}

fn frame(el: &mut Element, is_block: bool, rw: &mut Rewrite) {
    let src = attribute(el, "src").unwrap_or_default();
    let title = attribute(el, "title").unwrap_or_default();
    if let Some(video) = video_for_embed(&src, &title) {
        rw.videos += 1;
        el.replace(&video, ContentType::Html);
        return;
    }
    if src.contains("//") {
        let label = if title.is_empty() {
            "Embedded content".to_string()
        } else {
            title
        };
        rw.note(
            &src,
            format!(
                "a frame loading `{src}` from another website ({}) became a link to it",
                host(&src)
            ),
        );
        el.replace(&link_html(&label, &src, is_block), ContentType::Html);
    }
}

fn link_html(label: &str, url: &str, is_block: bool) -> String {
    let label = label.replace(['[', ']', '<', '>'], "");
    if is_block {
        format!("<a href=\"{}\">{label}</a>", url.replace('"', "%22"))
    } else {
        format!("[{label}]({})", md_dest(url))
    }
}

/// `What-to-do_now.png` → `What to do now`.
pub fn alt_from_file_name(src: &str) -> String {
    let name = src.rsplit('/').next().unwrap_or(src);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let words = stem.replace(['-', '_', '+'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.is_empty() {
        "Image".into()
    } else {
        words
    }
}

/// An HTML block that only wrapped a video frame (`<div class="video">…</div>`) is the video
/// shortcode alone; a block with more in it keeps its HTML around the shortcode.
fn unwrap_videos(block: &str) -> String {
    let (videos, rest): (Vec<&str>, Vec<&str>) = block
        .lines()
        .partition(|l| l.trim_start().starts_with("{{< video"));
    let rest = rest.join("\n");
    let only_wrappers = RefCell::new(true);
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", |el| {
            if !matches!(
                el.tag_name().as_str(),
                "div" | "p" | "figure" | "center" | "span" | "br"
            ) {
                *only_wrappers.borrow_mut() = false;
            }
            Ok(())
        }))
        .append_element_content_handler(text!("*", |t| {
            if !t.as_str().trim().is_empty() {
                *only_wrappers.borrow_mut() = false;
            }
            Ok(())
        }));
    let _ = rewrite_str(&rest, settings);
    let starts_with_tag = rest.trim_start().starts_with('<');
    if only_wrappers.into_inner() && starts_with_tag {
        format!("\n\n{}\n\n", videos.join("\n\n"))
    } else {
        block.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_text_is_guessed_from_the_file_name() {
        assert_eq!(
            alt_from_file_name("/img/peak-flow_meter.png"),
            "peak flow meter"
        );
        assert_eq!(alt_from_file_name("x/.png"), "Image");
    }

    #[test]
    fn a_wrapper_around_a_video_is_left_out() {
        let block = "<div class=\"video\">\n{{< video youtube=\"a\" title=\"Video\" >}}\n</div>\n";
        assert_eq!(
            unwrap_videos(block).trim(),
            "{{< video youtube=\"a\" title=\"Video\" >}}"
        );
        let more =
            "<div>\n<p>Watch this</p>\n{{< video youtube=\"a\" title=\"Video\" >}}\n</div>\n";
        assert_eq!(unwrap_videos(more), more);
    }
}
