//! Shortcodes: a paragraph that is exactly `{{< name key="value" … >}}` is replaced by the HTML
//! of a template. They are recognised on the paragraph's source text, before smart punctuation
//! turns its quotes into curly ones, and replace the paragraph's events: nothing is spliced into
//! the HTML afterwards, so no placeholder can leak.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::state::State;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeCall {
    pub name: String,
    pub args: Vec<(String, String)>,
}

impl ShortcodeCall {
    pub fn arg(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct ShortcodeError {
    pub message: String,
    pub hint: String,
}

/// A shortcode rendered: its HTML, and the other hosts it may load from once the reader asks
/// (a video player's frame), beyond those its HTML loads itself.
#[derive(Debug, Clone, Default)]
pub struct ShortcodeHtml {
    pub html: String,
    pub embeds: crate::html::Embeds,
}

/// Renders one shortcode to HTML.
pub type ShortcodeFn<'a> =
    dyn Fn(&ShortcodeCall) -> Result<ShortcodeHtml, ShortcodeError> + Sync + 'a;

/// `Ok(None)` when `src` is not a shortcode; `Err` when it starts like one but is malformed.
pub fn parse(src: &str) -> Result<Option<ShortcodeCall>, String> {
    let src = src.trim();
    let Some(inner) = src.strip_prefix("{{<") else {
        return Ok(None);
    };
    let Some(inner) = inner.strip_suffix(">}}") else {
        return Err("a shortcode must end with `>}}` on the same paragraph".into());
    };
    let mut rest = inner.trim_start();
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    if name_len == 0 {
        return Err("the shortcode has no name".into());
    }
    // Cannot fail (all cuts in this function): each is at an offset `find` returned in that
    // same string or at its end, or just past an ASCII quote it starts with or `find` met.
    let name = rest[..name_len].to_string();
    rest = &rest[name_len..];
    let mut args = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let key_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        if key_len == 0 {
            return Err(format!(
                "unexpected `{}` in the shortcode",
                rest.chars().next().unwrap_or(' ')
            ));
        }
        let key = rest[..key_len].to_string();
        rest = rest[key_len..].trim_start();
        let Some(after_eq) = rest.strip_prefix('=') else {
            return Err(format!(
                "the argument `{key}` has no value: write {key}=\"…\""
            ));
        };
        rest = after_eq.trim_start();
        let value;
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let body = &rest[1..];
            let Some(end) = body.find(quote) else {
                return Err(format!("the value of `{key}` has no closing quote"));
            };
            value = body[..end].to_string();
            rest = &body[end + 1..];
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            value = rest[..end].to_string();
            rest = &rest[end..];
        }
        if args.iter().any(|(k, _)| *k == key) {
            return Err(format!("the argument `{key}` is given twice"));
        }
        args.push((key, value));
    }
    Ok(Some(ShortcodeCall { name, args }))
}

impl State<'_, '_> {
    /// A paragraph whose source starts like a shortcode is replaced by the shortcode's HTML
    /// (or an error); any other is emitted as it is.
    pub(super) fn start_paragraph(&mut self, range: Range<usize>) {
        // Cannot fail: `render` cut the same body, and `range` is the parser's own offsets
        // into it.
        let body = &self.input.text[self.input.body_start..];
        let source = &body[range];
        if source.trim_start().starts_with("{{<") {
            self.shortcode(source);
            if self.in_shortcode {
                return;
            }
        }
        self.emit(Event::Start(Tag::Paragraph));
    }

    /// Drops the events of a paragraph replaced by a shortcode, up to its end.
    pub(super) fn skip_shortcode_paragraph(&mut self, event: &Event) {
        if matches!(event, Event::End(TagEnd::Paragraph)) {
            self.in_shortcode = false;
            // The shortcode's paragraph is not prose: close it without keeping it.
            self.prose.depth = self.prose.depth.saturating_sub(1);
            if self.prose.depth == 0 {
                self.prose.current = None;
            }
        }
    }

    /// Replaces a paragraph that is a shortcode by the shortcode's HTML.
    fn shortcode(&mut self, source: &str) {
        let call = match parse(source) {
            Ok(Some(call)) => call,
            Ok(None) => return,
            Err(message) => {
                self.error(
                    format!("this shortcode is malformed: {message}"),
                    "write shortcodes like {{< timeline phase=\"induction\" >}} on a line of their own",
                );
                self.in_shortcode = true;
                return;
            }
        };
        self.in_shortcode = true;
        let Some(render) = self.input.shortcodes else {
            self.error(
                format!("the shortcode `{}` cannot be used in this file", call.name),
                "remove it, or use it in an article",
            );
            return;
        };
        match render(&call) {
            Ok(out) => {
                if !self.shortcodes_used.contains(&call.name) {
                    self.shortcodes_used.push(call.name.clone());
                }
                // A theme's shortcode may load from an allowed host (the theme's templates
                // are checked against `allowed_hosts` when the edition loads).
                self.embeds
                    .extend(&crate::html::Embeds::from_html(&out.html));
                self.embeds.extend(&out.embeds);
                self.emit(Event::Html(format!("{}\n", out.html.trim_end()).into()));
            }
            Err(e) => self.error(e.message, &e.hint),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_arguments() {
        let call = parse("{{< timeline phase=\"induction\" limit=3 note='a b' >}}")
            .unwrap()
            .unwrap();
        assert_eq!(call.name, "timeline");
        assert_eq!(call.arg("phase"), Some("induction"));
        assert_eq!(call.arg("limit"), Some("3"));
        assert_eq!(call.arg("note"), Some("a b"));
        assert_eq!(parse("{{< faq >}}").unwrap().unwrap().args, vec![]);
    }

    #[test]
    fn ordinary_text_is_not_a_shortcode() {
        assert_eq!(parse("Just {{< text."), Ok(None));
        assert_eq!(parse("Hello"), Ok(None));
    }

    #[test]
    fn malformed_shortcodes_are_errors() {
        // The message only: the renderer puts it after "this shortcode is malformed: " at the
        // paragraph's line (see the markdown tests).
        let error = |src: &str| parse(src).expect_err(src);
        assert_eq!(
            error("{{< timeline phase=\"x >}}"),
            "the value of `phase` has no closing quote"
        );
        assert_eq!(
            error("{{< timeline phase >}}"),
            "the argument `phase` has no value: write phase=\"…\""
        );
        assert_eq!(error("{{< >}}"), "the shortcode has no name");
        assert_eq!(error("{{< a =1 >}}"), "unexpected `=` in the shortcode");
        assert_eq!(
            error("{{< a x=1 x=2 >}}"),
            "the argument `x` is given twice"
        );
        assert_eq!(
            error("{{< timeline"),
            "a shortcode must end with `>}}` on the same paragraph"
        );
    }
}
