//! Each page's Content-Security-Policy: the site's own files only, plus exactly the other hosts
//! that page loads from (all of them in `allowed_hosts`, or the build would have failed), each
//! under the directive the browser checks it against. A host used for an image is not allowed
//! to run a script or fill a frame, and a page that uses no other host keeps [`STRICT`].

use std::collections::{BTreeMap, BTreeSet};

use lol_html::html_content::Element;

/// The policy of a page that loads nothing from other hosts: only this site's own files, no
/// inline script or style (patients' health interests must not leak).
pub const STRICT: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; media-src 'self'; base-uri 'none'; form-action 'self'";

/// A fetch the policy governs, by the directive that allows it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Directive {
    Script,
    Style,
    Img,
    Font,
    Connect,
    Manifest,
    Media,
    Frame,
    Object,
    Base,
    FormAction,
}

impl Directive {
    pub fn name(self) -> &'static str {
        match self {
            Directive::Script => "script-src",
            Directive::Style => "style-src",
            Directive::Img => "img-src",
            Directive::Font => "font-src",
            Directive::Connect => "connect-src",
            Directive::Manifest => "manifest-src",
            Directive::Media => "media-src",
            Directive::Frame => "frame-src",
            Directive::Object => "object-src",
            Directive::Base => "base-uri",
            Directive::FormAction => "form-action",
        }
    }

    /// The sources [`STRICT`] gives it; None for those it leaves to `default-src 'none'`.
    fn strict_sources(self) -> Option<&'static str> {
        match self {
            Directive::Img => Some("'self' data:"),
            Directive::Base => Some("'none'"),
            Directive::Frame | Directive::Object => None,
            _ => Some("'self'"),
        }
    }
}

/// The order of the directives in a policy: [`STRICT`]'s, with frames and objects (which it
/// leaves to `default-src 'none'`) before `base-uri`.
const ORDER: &[Directive] = &[
    Directive::Script,
    Directive::Style,
    Directive::Img,
    Directive::Font,
    Directive::Connect,
    Directive::Manifest,
    Directive::Media,
    Directive::Frame,
    Directive::Object,
    Directive::Base,
    Directive::FormAction,
];

/// The other hosts one page loads from, by directive, as CSP source expressions
/// (`https://images.example.org`, `http://localhost:8123`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Embeds(BTreeMap<Directive, BTreeSet<String>>);

impl Embeds {
    /// The other hosts `html` loads from (read with lol_html, as a browser would).
    pub fn from_html(html: &str) -> Embeds {
        let mut embeds = Embeds::default();
        for load in super::loads(html) {
            embeds.add_load(&load);
        }
        embeds
    }

    /// Adds what `load` fetches, when it fetches from another host under a directive.
    pub fn add_load(&mut self, load: &super::Load) {
        if let Some(directive) = load.directive {
            self.add_url(directive, &load.url);
        }
    }

    /// Adds the host of `url` under `directive` (nothing for the site's own files, or for an
    /// address whose host is not a plain name, which the policy then keeps blocked).
    pub fn add_url(&mut self, directive: Directive, url: &str) {
        if let Some(source) = source_expression(url) {
            self.0.entry(directive).or_default().insert(source);
        }
    }

    pub fn extend(&mut self, other: &Embeds) {
        for (directive, sources) in &other.0 {
            self.0
                .entry(*directive)
                .or_default()
                .extend(sources.iter().cloned());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The sources added under `directive`, sorted.
    pub fn sources(&self, directive: Directive) -> impl Iterator<Item = &str> {
        self.0
            .get(&directive)
            .into_iter()
            .flat_map(|s| s.iter().map(String::as_str))
    }

    /// The page's policy: [`STRICT`] byte for byte when it uses no other host.
    pub fn policy(&self) -> String {
        if self.is_empty() {
            return STRICT.to_string();
        }
        let mut parts = vec!["default-src 'none'".to_string()];
        for &directive in ORDER {
            let added: Vec<&str> = self.sources(directive).collect();
            let strict = directive.strict_sources();
            let name = directive.name();
            let part = match (added.is_empty(), strict) {
                (true, None) => continue,
                (true, Some(strict)) => format!("{name} {strict}"),
                (false, None | Some("'none'")) => format!("{name} {}", added.join(" ")),
                (false, Some(strict)) => format!("{name} {strict} {}", added.join(" ")),
            };
            parts.push(part);
        }
        parts.join("; ")
    }
}

/// The CSP source expression for the host of an absolute (`https://a.example:8443/x`) or
/// protocol-relative (`//a.example/x`) address: its scheme, host and port, lowercase. Only
/// plain host names and IPv4 addresses, so that the policy holds nothing a browser could read
/// as another source or directive.
pub fn source_expression(url: &str) -> Option<String> {
    let url = url.trim_start();
    let lower = url.to_ascii_lowercase();
    let (scheme, rest) = if let Some(r) = lower.strip_prefix("https:") {
        ("https://", r)
    } else if let Some(r) = lower.strip_prefix("http:") {
        ("http://", r)
    } else if lower.starts_with("//") || lower.starts_with("\\\\") {
        ("", &lower[..])
    } else {
        return None;
    };
    let rest = rest.trim_start_matches(['/', '\\']);
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = match host_port.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (host_port, None),
    };
    let host = host.trim_end_matches('.');
    let plain_host = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let plain_port = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !plain_host || !plain_port {
        return None;
    }
    Some(match port {
        Some(p) => format!("{scheme}{host}:{p}"),
        None => format!("{scheme}{host}"),
    })
}

/// The directive that governs what `attribute` of element `el` (named `tag`, lowercase)
/// fetches; None for what no fetch directive covers (a `refresh`'s address is navigated to).
pub(super) fn directive_for(tag: &str, attribute: &str, el: &Element) -> Option<Directive> {
    use Directive as D;
    Some(match (tag, attribute) {
        (_, "ping") => D::Connect,
        (_, "action" | "formaction") => D::FormAction,
        (_, "content") => return None,
        ("iframe" | "frame", _) => D::Frame,
        ("object" | "embed" | "applet", _) => D::Object,
        ("audio" | "video" | "track", "src") => D::Media,
        ("source", "src") => D::Media,
        ("script", _) => D::Script,
        ("base", _) => D::Base,
        ("link", _) => link_directive(el),
        _ => D::Img,
    })
}

/// What a `<link>` loads, by its `rel` (and `as` for preloads).
fn link_directive(el: &Element) -> Directive {
    use Directive as D;
    let rel = el
        .get_attribute("rel")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let rels: Vec<&str> = rel.split_ascii_whitespace().collect();
    let has = |r: &str| rels.contains(&r);
    if has("stylesheet") {
        D::Style
    } else if has("manifest") {
        D::Manifest
    } else if has("modulepreload") {
        D::Script
    } else if has("preload") || has("prefetch") {
        match el.get_attribute("as").unwrap_or_default().as_str() {
            "script" | "worker" => D::Script,
            "style" => D::Style,
            "font" => D::Font,
            "audio" | "video" | "track" => D::Media,
            "fetch" => D::Connect,
            _ => D::Img,
        }
    } else {
        // icon, apple-touch-icon, mask-icon…
        D::Img
    }
}

/// The policy a page's `<meta http-equiv="Content-Security-Policy">` gives, if it has one
/// (for the preview server, which sends the same policy as a header).
pub fn meta_policy(html: &str) -> Option<String> {
    let found = std::cell::RefCell::new(None);
    let settings = lol_html::Settings::new().append_element_content_handler(lol_html::element!(
        "meta[http-equiv][content]",
        |el| {
            let is_csp = el
                .get_attribute("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"));
            if is_csp && found.borrow().is_none() {
                *found.borrow_mut() = el.get_attribute("content");
            }
            Ok(())
        }
    ));
    super::read(html, settings);
    found.into_inner().map(|p| super::decode_entities(&p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(html: &str) -> String {
        Embeds::from_html(html).policy()
    }

    #[test]
    fn a_page_without_other_hosts_keeps_the_strict_policy_byte_for_byte() {
        let html = "<p>Hi</p><img src=\"/chart.png\" alt=\"\"><a href=\"https://who.int/\">WHO</a>\
                    <iframe src=\"/local.html\" title=\"x\"></iframe>";
        assert_eq!(policy(html), STRICT);
        assert_eq!(Embeds::default().policy(), STRICT);
    }

    #[test]
    fn each_element_feeds_the_directive_the_browser_checks_it_against() {
        let cases = [
            (
                "<img src=\"https://img.example/a.png\" alt=\"\">",
                "img-src",
            ),
            (
                "<img srcset=\"/a.png 1x, https://img.example/b.png 2x\" alt=\"\">",
                "img-src",
            ),
            (
                "<picture><source srcset=\"https://img.example/a.webp\"></picture>",
                "img-src",
            ),
            (
                "<video poster=\"https://img.example/p.jpg\"></video>",
                "img-src",
            ),
            (
                "<video src=\"https://img.example/v.mp4\"></video>",
                "media-src",
            ),
            (
                "<audio><source src=\"https://img.example/a.mp3\"></audio>",
                "media-src",
            ),
            (
                "<video><track src=\"https://img.example/c.vtt\"></video>",
                "media-src",
            ),
            (
                "<iframe src=\"https://img.example/e\" title=\"t\"></iframe>",
                "frame-src",
            ),
            (
                "<object data=\"https://img.example/o.pdf\"></object>",
                "object-src",
            ),
            ("<embed src=\"https://img.example/o.swf\">", "object-src"),
            (
                "<script src=\"https://img.example/s.js\"></script>",
                "script-src",
            ),
            (
                "<link rel=\"stylesheet\" href=\"https://img.example/s.css\">",
                "style-src",
            ),
            (
                "<link rel=\"icon\" href=\"https://img.example/i.png\">",
                "img-src",
            ),
            (
                "<link rel=\"preload\" as=\"font\" href=\"https://img.example/f.woff2\">",
                "font-src",
            ),
            (
                "<div style=\"background:url(https://img.example/b.png)\"></div>",
                "img-src",
            ),
            (
                "<style>@import 'https://img.example/s.css';</style>",
                "style-src",
            ),
            (
                "<a href=\"/x\" ping=\"https://img.example/p\">x</a>",
                "connect-src",
            ),
            (
                "<form action=\"https://img.example/f\"></form>",
                "form-action",
            ),
        ];
        for (html, directive) in cases {
            let p = policy(html);
            let wanted = format!("{directive} ");
            let part = p
                .split("; ")
                .find(|d| d.starts_with(&wanted))
                .unwrap_or_else(|| panic!("{html}: no {directive} in {p}"));
            assert!(part.ends_with(" https://img.example"), "{html}: {p}");
            let elsewhere = p
                .split("; ")
                .filter(|d| !d.starts_with(&wanted) && d.contains("img.example"))
                .count();
            assert_eq!(
                elsewhere, 0,
                "{html}: the host is in another directive: {p}"
            );
        }
    }

    #[test]
    fn the_policy_keeps_every_strict_directive_and_adds_only_what_is_used() {
        let p = policy(
            "<img src=\"https://img.example/a.png\" alt=\"\">\
             <img src=\"//cdn.example:8443/b.png\" alt=\"\">\
             <iframe src=\"https://www.youtube-nocookie.com/embed/x\" title=\"v\"></iframe>",
        );
        assert_eq!(
            p,
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: cdn.example:8443 https://img.example; font-src 'self'; connect-src 'self'; manifest-src 'self'; media-src 'self'; frame-src https://www.youtube-nocookie.com; base-uri 'none'; form-action 'self'"
        );
    }

    #[test]
    fn sources_keep_scheme_and_port_and_refuse_anything_but_a_plain_host() {
        assert_eq!(
            source_expression("http://LocalHost:8123/a.png").as_deref(),
            Some("http://localhost:8123")
        );
        assert_eq!(
            source_expression("https://user:pw@img.example./a").as_deref(),
            Some("https://img.example")
        );
        assert_eq!(source_expression("/local.png"), None);
        assert_eq!(source_expression("data:image/png;base64,xx"), None);
        assert_eq!(source_expression("https://a.example;script-src/x"), None);
        assert_eq!(source_expression("https://a.example:80x/"), None);
        assert_eq!(source_expression("https://[::1]/"), None);
    }

    #[test]
    fn the_meta_policy_is_read_back_from_a_page() {
        let html = format!(
            "<head><META HTTP-EQUIV=content-security-policy content=\"{}\"></head>",
            STRICT.replace('\'', "&#x27;")
        );
        assert_eq!(meta_policy(&html).as_deref(), Some(STRICT));
        assert_eq!(meta_policy("<meta name=\"x\" content=\"y\">"), None);
    }
}
