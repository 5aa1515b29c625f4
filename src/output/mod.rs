//! Writing the site. Everything goes to a staging folder next to the output folder; only when
//! every file was written is the staging folder swapped into place (an atomic exchange of the
//! two folders on Linux), or, when the output is as the last build left it, are the files that
//! changed renamed into it. Either way a failed build leaves the previous output exactly as it
//! was.

use std::fmt::Write as _;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;
use crate::theme::ThemeFile;

mod patch;
mod sink;
mod staging;
mod writer;
pub use patch::Patch;
pub use sink::PageSink;
pub use staging::{OutputLock, Staging};
pub use writer::OutputWriter;

/// A static file as published: its name in the output and its content.
pub struct PublishedStatic<'a> {
    pub out_name: String,
    pub file: &'a ThemeFile,
}

/// Gives CSS and JavaScript files a name that changes with their content
/// (`site.css` → `site.3f9a1c2b.css`), so hosts can let browsers cache them forever.
pub fn fingerprint(statics: &[ThemeFile]) -> Vec<PublishedStatic<'_>> {
    statics
        .iter()
        .map(|f| {
            let fingerprinted = f.name.ends_with(".css") || f.name.ends_with(".js");
            let out_name = if fingerprinted {
                let short = short_hash(&f.bytes);
                let (stem, ext) = f.name.rsplit_once('.').unwrap_or((&f.name, ""));
                format!("{stem}.{short}.{ext}")
            } else {
                f.name.clone()
            };
            PublishedStatic { out_name, file: f }
        })
        .collect()
}

/// Eight hex digits of the SHA-256 of `bytes`: a name that changes with the content.
pub fn short_hash(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut short = String::new();
    // Cannot fail: a SHA-256 digest is always 32 bytes.
    for b in &hash[..4] {
        let _ = write!(short, "{b:02x}");
    }
    short
}

/// One address in `sitemap.xml` (the theme's `sitemap.xml` template lists them).
#[derive(serde::Serialize)]
pub struct SitemapEntry {
    pub loc: String,
    pub lastmod: Option<String>,
    /// The same page in each language, itself included; empty when the page has no
    /// translation.
    pub alternates: Vec<SitemapAlternate>,
}

#[derive(serde::Serialize)]
pub struct SitemapAlternate {
    pub code: String,
    pub href: String,
}

/// What the `sitemap.xml` template is given. Its addresses are absolute, so a site without a
/// `base_url` has no sitemap.
#[derive(serde::Serialize)]
pub struct SitemapView<'a> {
    pub entries: &'a [SitemapEntry],
    /// Whether any page has translations (the `xhtml` namespace is declared only then).
    pub multilingual: bool,
}

impl<'a> SitemapView<'a> {
    pub fn new(entries: &'a [SitemapEntry]) -> Self {
        SitemapView {
            entries,
            multilingual: entries.iter().any(|e| !e.alternates.is_empty()),
        }
    }
}

/// The most page addresses one sitemap file lists: search engines take up to 50,000, and the
/// template's context for that many is hundreds of megabytes.
pub const SITEMAP_URLS: usize = 10_000;

/// One file of a sitemap index.
#[derive(serde::Serialize)]
pub struct SitemapFile {
    pub loc: String,
    /// The latest date of the pages it lists.
    pub lastmod: Option<String>,
}

/// What the `sitemap-index.xml` template is given.
#[derive(serde::Serialize)]
pub struct SitemapIndexView<'a> {
    pub sitemaps: &'a [SitemapFile],
}

/// What the `robots.txt` template is given.
#[derive(serde::Serialize)]
pub struct RobotsView<'a> {
    pub sitemap_url: Option<&'a str>,
}

/// What the `redirect.html` template is given: the page now at the address an alias names.
#[derive(serde::Serialize)]
pub struct RedirectView<'a> {
    pub language: &'a str,
    pub title: &'a str,
    pub target: &'a str,
}

/// Refuses output folders whose replacement would destroy the site's sources.
pub fn check_output_location(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let canonical_root = root.canonicalize().map_err(|e| Diagnostic::io(root, &e))?;
    let resolved = match output.canonicalize() {
        Ok(p) => p,
        Err(_) => {
            let parent = output
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            match parent.canonicalize() {
                Ok(p) => p.join(output.file_name().unwrap_or_default()),
                Err(_) => return Ok(()),
            }
        }
    };
    let protected = ["content", "themes", "templates", "static"];
    let bad = canonical_root.starts_with(&resolved)
        || protected
            .iter()
            .any(|p| resolved.starts_with(canonical_root.join(p)))
        || resolved.join("site.yaml").exists()
        || resolved.join("Cargo.toml").exists();
    if bad {
        return Err(Diagnostic::new(
            format!("refusing to use {} as the output folder: it holds the site's own files, and the build replaces the output folder as a whole", output.display()),
        )
        .with_hint("choose an empty or new folder, e.g. --output public"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_and_js_get_content_hashes() {
        let files = vec![
            ThemeFile {
                name: "site.css".into(),
                origin: "x".into(),
                bytes: b"body{}".to_vec(),
            },
            ThemeFile {
                name: "logo.svg".into(),
                origin: "x".into(),
                bytes: b"<svg/>".to_vec(),
            },
        ];
        let out = fingerprint(&files);
        assert!(out[0].out_name.starts_with("site.") && out[0].out_name.ends_with(".css"));
        assert_eq!(out[0].out_name.len(), "site.12345678.css".len());
        assert_eq!(out[1].out_name, "logo.svg");
        let changed = vec![ThemeFile {
            name: "site.css".into(),
            origin: "x".into(),
            bytes: b"body{ }".to_vec(),
        }];
        assert_ne!(fingerprint(&changed)[0].out_name, out[0].out_name);
    }

    /// The default theme's template `name` rendered with `values`.
    fn render_default(name: &str, values: &impl serde::Serialize) -> String {
        let theme = crate::theme::embedded_default();
        let template = theme.templates.iter().find(|t| t.name == name).unwrap();
        let mut tera = tera::Tera::new();
        let text = String::from_utf8(template.bytes.clone()).unwrap();
        tera.add_raw_templates(vec![(name, text)]).unwrap();
        let ctx = tera::Context::from_serialize(values).unwrap();
        tera.render(name, &ctx).unwrap()
    }

    #[test]
    fn sitemap_escapes_urls() {
        let entries = [SitemapEntry {
            loc: "https://x.org/a?b&c".into(),
            lastmod: Some("2026-01-01".into()),
            alternates: Vec::new(),
        }];
        let xml = render_default("sitemap.xml", &SitemapView::new(&entries));
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url>\n    \
             <loc>https://x.org/a?b&amp;c</loc>\n    <lastmod>2026-01-01</lastmod>\n  </url>\n\
             </urlset>\n"
        );
    }

    #[test]
    fn sitemap_lists_the_languages_of_a_translated_page() {
        let alternate = |code: &str, href: &str| SitemapAlternate {
            code: code.into(),
            href: href.into(),
        };
        let entries = [SitemapEntry {
            loc: "https://x.org/a/".into(),
            lastmod: None,
            alternates: vec![
                alternate("en", "https://x.org/a/"),
                alternate("es", "https://x.org/es/a/"),
            ],
        }];
        let xml = render_default("sitemap.xml", &SitemapView::new(&entries));
        assert!(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
        assert!(xml.contains(
            "<xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://x.org/es/a/\"/>"
        ));
    }

    #[test]
    fn robots_names_the_sitemap_when_there_is_one() {
        let with = render_default(
            "robots.txt",
            &RobotsView {
                sitemap_url: Some("https://x.org/sitemap.xml"),
            },
        );
        assert_eq!(
            with,
            "User-agent: *\nAllow: /\n\nSitemap: https://x.org/sitemap.xml\n"
        );
        let without = render_default("robots.txt", &RobotsView { sitemap_url: None });
        assert_eq!(without, "User-agent: *\nAllow: /\n");
    }

    #[test]
    fn a_redirect_page_escapes_its_title_and_target() {
        let html = render_default(
            "redirect.html",
            &RedirectView {
                language: "en",
                title: "Risks & <b>",
                target: "/risks/?a=\"1\"",
            },
        );
        assert!(
            html.contains("<title>Risks &amp; &lt;b&gt;</title>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<meta http-equiv=\"refresh\" content=\"0; url=/risks/?a=&quot;1&quot;\">"
            ),
            "{html}"
        );
    }
}
