//! Template syntax of other generators found in page text: Hugo shortcodes (`{{< … >}}`,
//! `{{% … %}}`), Liquid tags and output (`{% … %}`, `{{ … }}`, Jekyll and Eleventy) and Zola's
//! shortcode calls (`{{ name(…) }}`, `{% name(…) %}…{% end %}`). What careleaf has an
//! equivalent for is converted; the rest is left out (the text between paired tags kept) and
//! listed with its line.

use std::ops::Range;

use super::{Rewrite, apply, code_and_html, line_of, video_shortcode};

/// One template tag found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub range: Range<usize>,
    /// `{{<`, `{{%`, `{%` or `{{`.
    pub open: &'static str,
    pub inner: String,
}

const DELIMITERS: &[(&str, &str)] = &[("{{<", ">}}"), ("{{%", "%}}"), ("{%", "%}"), ("{{", "}}")];

/// Every template tag outside code, in order.
pub fn find_tags(text: &str) -> Vec<Tag> {
    let (code, _) = code_and_html(text);
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(found) = text[i..].find('{') {
        let start = i + found;
        if let Some(r) = code.iter().find(|r| r.contains(&start)) {
            i = r.end.max(start + 1);
            continue;
        }
        let rest = &text[start..];
        let Some((open, close)) = DELIMITERS.iter().find(|(o, _)| rest.starts_with(o)) else {
            i = start + 1;
            continue;
        };
        let inner_start = start + open.len();
        let Some(end) = text[inner_start..].find(close) else {
            i = start + 1;
            continue;
        };
        let inner = &text[inner_start..inner_start + end];
        let inner = inner.trim_start_matches('-').trim_end_matches('-').trim();
        tags.push(Tag {
            range: start..inner_start + end + close.len(),
            open,
            inner: inner.to_string(),
        });
        i = inner_start + end + close.len();
    }
    tags
}

/// The words of a tag: `youtube id="x" title='A b'` → name `youtube`, positional and named
/// arguments with their quotes removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Call {
    pub name: String,
    pub positional: Vec<String>,
    pub named: Vec<(String, String)>,
}

impl Call {
    pub fn arg(&self, key: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn first(&self, key: &str) -> Option<&str> {
        self.arg(key)
            .or(self.positional.first().map(String::as_str))
    }
}

pub fn parse_call(inner: &str) -> Call {
    // Zola: `youtube(id="x", class="y")`.
    let (name_part, args) = match inner.find('(') {
        Some(i) if inner.trim_end().ends_with(')') && !inner[..i].contains(' ') => {
            let args = inner[i + 1..].trim_end().trim_end_matches(')');
            (&inner[..i], args.replace(',', " "))
        }
        _ => {
            let mut split = inner.splitn(2, char::is_whitespace);
            (
                split.next().unwrap_or(""),
                split.next().unwrap_or("").to_string(),
            )
        }
    };
    let mut call = Call {
        name: name_part.trim().to_string(),
        ..Call::default()
    };
    let mut rest = args.trim();
    while !rest.is_empty() {
        let (key, after_key) = match rest.find('=') {
            Some(eq) if !rest[..eq].contains([' ', '"', '\'']) => (
                Some(rest[..eq].trim().to_string()),
                rest[eq + 1..].trim_start(),
            ),
            _ => (None, rest),
        };
        let (value, after) = match after_key.chars().next() {
            Some(q @ ('"' | '\'' | '`')) => match after_key[1..].find(q) {
                Some(end) => (&after_key[1..1 + end], &after_key[end + 2..]),
                None => (&after_key[1..], ""),
            },
            _ => {
                let end = after_key
                    .find(char::is_whitespace)
                    .unwrap_or(after_key.len());
                (&after_key[..end], &after_key[end..])
            }
        };
        match key {
            Some(k) => call.named.push((k, value.to_string())),
            None => call.positional.push(value.to_string()),
        }
        rest = after.trim_start();
    }
    call
}

/// Pass 1 over a page's body.
pub fn rewrite(text: &str, rw: &mut Rewrite) -> String {
    let tags = find_tags(text);
    let mut edits = Vec::new();
    let mut skip_until = 0;
    for (n, tag) in tags.iter().enumerate() {
        if tag.range.start < skip_until {
            continue;
        }
        let line = line_of(text, tag.range.start) + rw.page().page.body_line;
        let call = parse_call(&tag.inner);
        // A Liquid comment hides everything up to its end.
        if tag.open == "{%" && call.name == "comment" {
            let end = tags[n + 1..]
                .iter()
                .find(|t| t.open == "{%" && t.inner.trim() == "endcomment")
                .map_or(tag.range.end, |t| t.range.end);
            edits.push((tag.range.start..end, String::new()));
            skip_until = end;
            continue;
        }
        let new = match tag.open {
            "{{<" | "{{%" => hugo(&call, tag, rw, line),
            "{%" => liquid_or_zola_tag(&call, tag, rw, line),
            _ => output(&call, tag, rw, line),
        };
        edits.push((tag.range.clone(), new));
    }
    apply(text, edits)
}

fn shown(tag: &Tag) -> String {
    let close = match tag.open {
        "{{<" => ">}}",
        "{{%" => "%}}",
        "{%" => "%}",
        _ => "}}",
    };
    format!("{} {} {close}", tag.open, tag.inner)
}

fn left_out(rw: &mut Rewrite, line: usize, tag: &Tag, what: &str) -> String {
    rw.note_at(
        line,
        format!(
            "`{}` is {what} careleaf has no equivalent for: it was left out (text between paired tags kept)",
            shown(tag)
        ),
    );
    String::new()
}

/// A page named by its file (`ref`, `link`), as a link to its source file from the content
/// root, which pass 3 turns into the careleaf link (or lists, when no page is there).
fn page_link(rw: &mut Rewrite, name: &str) -> String {
    let trimmed = name.trim();
    let candidates = [
        trimmed.to_string(),
        format!("/{}", trimmed.trim_start_matches('/')),
    ];
    for candidate in candidates {
        if let super::Target::Page(i, fragment) = rw.index.resolve(&candidate, rw.page()) {
            return source_link(rw, i, fragment);
        }
    }
    trimmed.to_string()
}

fn source_link(rw: &Rewrite, page: usize, fragment: Option<String>) -> String {
    let path = rw.pages[page]
        .content_rel
        .to_string_lossy()
        .replace(' ', "%20");
    match fragment {
        Some(f) => format!("/{path}#{f}"),
        None => format!("/{path}"),
    }
}

fn hugo(call: &Call, tag: &Tag, rw: &mut Rewrite, line: usize) -> String {
    let name = call.name.trim_start_matches('/');
    let closing = call.name.starts_with('/');
    match name {
        "ref" | "relref" if !closing => match call.first("path") {
            Some(path) => page_link(rw, path),
            None => left_out(rw, line, tag, "a Hugo link"),
        },
        "youtube" | "vimeo" if !closing => match call.first("id") {
            Some(id) => {
                rw.videos += 1;
                video_shortcode(name, id, call.arg("title").unwrap_or(""))
            }
            None => left_out(rw, line, tag, "a Hugo video"),
        },
        "figure" if !closing => match call.arg("src") {
            Some(src) => {
                let alt = call
                    .arg("alt")
                    .or(call.arg("caption"))
                    .or(call.arg("title"))
                    .unwrap_or("");
                let caption = call.arg("caption").filter(|c| *c != alt);
                let mut md = format!("\n\n![{}]({})\n\n", alt.replace(['[', ']'], ""), src);
                if let Some(c) = caption {
                    md.push_str(&format!("*{}*\n\n", c.trim()));
                }
                md
            }
            None => left_out(rw, line, tag, "a Hugo figure"),
        },
        "highlight" if closing => "```".into(),
        "highlight" => format!("```{}", call.positional.first().map_or("", String::as_str)),
        _ => left_out(rw, line, tag, "a Hugo shortcode"),
    }
}

fn liquid_or_zola_tag(call: &Call, tag: &Tag, rw: &mut Rewrite, line: usize) -> String {
    match call.name.as_str() {
        "link" => match call.positional.first() {
            Some(path) => page_link(rw, &format!("/{}", path.trim_start_matches('/'))),
            None => left_out(rw, line, tag, "a Liquid link"),
        },
        "post_url" => {
            let name = call.positional.first().cloned().unwrap_or_default();
            match rw.index.post(&name) {
                Some(i) => source_link(rw, i, None),
                None => {
                    rw.note_at(line, format!("`{{% post_url {name} %}}` names no post of the old site: the link was kept as it is"));
                    name
                }
            }
        }
        "raw" | "endraw" | "end" => String::new(),
        "highlight" => format!("```{}", call.positional.first().map_or("", String::as_str)),
        "endhighlight" => "```".into(),
        "include" => include(call, tag, rw, line),
        "youtube" | "vimeo" => match call.first("id") {
            Some(id) => {
                rw.videos += 1;
                video_shortcode(&call.name, id, call.arg("title").unwrap_or(""))
            }
            None => left_out(rw, line, tag, "a video tag"),
        },
        _ => left_out(rw, line, tag, "a template tag"),
    }
}

/// Jekyll themes embed videos with includes: `{% include youtube.html id="ID" %}`, or
/// `{% include video id="ID" provider="vimeo" %}` (Minimal Mistakes).
fn include(call: &Call, tag: &Tag, rw: &mut Rewrite, line: usize) -> String {
    let file = call
        .positional
        .first()
        .map(|s| s.to_lowercase())
        .unwrap_or_default();
    let provider = call.arg("provider").map(str::to_lowercase);
    let provider = match provider.as_deref() {
        Some(p @ ("youtube" | "vimeo")) => Some(p.to_string()),
        _ if file.contains("youtube") => Some("youtube".into()),
        _ if file.contains("vimeo") => Some("vimeo".into()),
        _ => None,
    };
    match (provider, call.arg("id")) {
        (Some(p), Some(id)) => {
            rw.videos += 1;
            video_shortcode(&p, id, call.arg("title").unwrap_or(""))
        }
        _ => left_out(rw, line, tag, "a Liquid include"),
    }
}

/// `{{ … }}`: Liquid output (Jekyll, Eleventy) or a Zola shortcode call.
fn output(call: &Call, tag: &Tag, rw: &mut Rewrite, line: usize) -> String {
    let inner = tag.inner.trim();
    if matches!(call.name.as_str(), "youtube" | "vimeo")
        && inner.contains('(')
        && let Some(id) = call.first("id")
    {
        rw.videos += 1;
        return video_shortcode(&call.name, id, call.arg("title").unwrap_or(""));
    }
    // Prefixes of links: the address is the same on the new site.
    if matches!(
        inner,
        "site.baseurl" | "site.url" | "base_url" | "config.base_url"
    ) {
        return String::new();
    }
    if let Some((value, filters)) = inner.split_once('|') {
        let value = value.trim().trim_matches(['"', '\'']);
        let filters = filters.trim();
        if filters.starts_with("relative_url") || filters.starts_with("absolute_url") {
            return value.to_string();
        }
        if filters.starts_with("prepend") && filters.contains("site.baseurl") {
            return value.to_string();
        }
    }
    if inner == "site.title"
        && let Some(title) = rw.site_title
    {
        return title.to_string();
    }
    if inner == "page.title"
        && let Some(title) = rw.page().mapped.title.clone()
    {
        return title;
    }
    left_out(rw, line, tag, "template output")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_found_outside_code_only() {
        let text =
            "A {{< youtube abc >}} b `{{< ref x >}}`\n\n```\n{% raw %}\n```\n{{ site.title }}";
        let tags = find_tags(text);
        assert_eq!(tags.len(), 2, "{tags:?}");
        assert_eq!(tags[0].inner, "youtube abc");
        assert_eq!(tags[1].open, "{{");
    }

    #[test]
    fn calls_read_positional_named_and_zola_arguments() {
        let c = parse_call(r#"youtube id="x1" title='Using an inhaler'"#);
        assert_eq!(c.name, "youtube");
        assert_eq!(c.arg("id"), Some("x1"));
        assert_eq!(c.arg("title"), Some("Using an inhaler"));
        let z = parse_call(r#"vimeo(id="123", class="wide")"#);
        assert_eq!((z.name.as_str(), z.arg("id")), ("vimeo", Some("123")));
        let p = parse_call(r#"ref "health/asthma.md""#);
        assert_eq!(p.positional, ["health/asthma.md"]);
        let include = parse_call(r#"include youtube.html id="abc""#);
        assert_eq!(include.positional, ["youtube.html"]);
    }
}
