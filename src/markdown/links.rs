//! Markdown links and images: their targets classified, links to pages and files of the site
//! turned into their addresses (a missing one is an error at the link), links to other websites
//! marked and kept for `check --external`, scripts refused, and images checked for alt text
//! and for loading from other hosts.

use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::AnchorLink;
use super::state::State;

impl<'a> State<'a, '_> {
    pub(super) fn start_link(&mut self, dest: &str, title: &str) {
        let tag = self.link_tag(dest, title);
        self.links.depth += 1;
        self.emit(Event::InlineHtml(tag.into()));
    }

    pub(super) fn end_link(&mut self) {
        self.links.depth = self.links.depth.saturating_sub(1);
        self.emit(Event::End(TagEnd::Link));
    }

    /// Starts reading an image's alt text, and points its source at the site's copy.
    pub(super) fn start_image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
    ) {
        self.links.image_alt = Some(String::new());
        let written = dest_url.to_string();
        let dest_url = self.image_src(dest_url);
        self.links.images.push(super::ImageUse {
            dest: written,
            src: dest_url.to_string(),
            alt: String::new(),
            offset: self.offset,
        });
        self.emit(Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    pub(super) fn image_alt_text(&mut self, text: CowStr<'a>) {
        if let Some(alt) = &mut self.links.image_alt {
            alt.push_str(&text);
        }
        self.emit(Event::Text(text));
    }

    pub(super) fn end_image(&mut self) {
        let alt = self.links.image_alt.take().unwrap_or_default();
        let blank = alt.trim().is_empty();
        if let Some(image) = self.links.images.last_mut() {
            image.alt = alt;
        }
        if blank {
            self.error(
                "this image has no alt text".to_string(),
                "describe what the image shows inside the square brackets, e.g. ![A chart of relief over the weeks](chart.png), so people who cannot see it get the same information",
            );
        }
        self.emit(Event::End(TagEnd::Image));
    }

    /// The opening `<a>` tag for a Markdown link, with its target rewritten.
    fn link_tag(&mut self, dest: &str, title: &str) -> String {
        let mut tag = String::from("<a href=\"");
        let mut external = false;
        let href = match classify(dest) {
            Target::External => {
                external = true;
                self.links
                    .external_links
                    .push((dest.to_string(), self.offset));
                dest.to_string()
            }
            Target::Forbidden => {
                self.error(
                    format!("the link `{dest}` uses a scheme that can run code"),
                    "link to a web page (https://…), a page of this site (risks.md), an e-mail (mailto:) or a phone number (tel:)",
                );
                "#".to_string()
            }
            Target::Other => {
                if let Some(f) = dest.strip_prefix('#').filter(|f| !f.is_empty()) {
                    self.links.anchor_links.push(AnchorLink {
                        page: None,
                        fragment: f.to_string(),
                        dest: dest.to_string(),
                        offset: self.offset,
                    });
                }
                dest.to_string()
            }
            Target::Local { path, fragment } => self.local_url(dest, &path, fragment),
            Target::SitePath { path } => {
                self.check_site_path(dest, &path);
                dest.to_string()
            }
        };
        escape_href(&mut tag, &href).ok();
        tag.push('"');
        if !title.is_empty() {
            tag.push_str(" title=\"");
            escape_html(&mut tag, title).ok();
            tag.push('"');
        }
        if external {
            tag.push_str(" rel=\"noopener noreferrer\" class=\"external\"");
        }
        tag.push('>');
        tag
    }

    fn image_src(&mut self, dest: CowStr<'a>) -> CowStr<'a> {
        match classify(&dest) {
            Target::SitePath { path } => {
                self.check_site_path(&dest.clone(), &path);
                dest
            }
            Target::Local { path, fragment } => {
                self.local_url(&dest.clone(), &path, fragment).into()
            }
            Target::External => {
                let host = crate::html::external_host(&dest).unwrap_or_default();
                if crate::html::host_allowed(self.input.allowed_hosts, &host) {
                    self.embeds.add_url(crate::html::Directive::Img, &dest);
                } else {
                    self.error(
                        format!("the image `{dest}` is on another website ({host})"),
                        "loading it would tell that website which health page a patient reads: save the image in content/ and link it by its file name, or list the host in site.yaml `allowed_hosts`",
                    );
                }
                dest
            }
            _ => dest,
        }
    }

    /// A link written as an address of the site (`/risks/`): an error unless the site
    /// publishes something there.
    pub(super) fn check_site_path(&mut self, dest: &str, path: &str) {
        let Some(site) = self.input.site_paths else {
            return;
        };
        let decoded = percent_decode(path);
        if site.contains(&decoded) {
            return;
        }
        let hint = match site.closest_page(&decoded) {
            Some(near) => format!("did you mean {near}? Linking to the page's file (e.g. risks.md) keeps the address right when it changes"),
            None => "check the address, or link to the page's Markdown file (e.g. risks.md) so careleaf keeps the address right when it changes".to_string(),
        };
        self.error(
            format!("the link `{dest}` points to an address this site does not publish"),
            &hint,
        );
    }

    /// The URL of a file of this site linked by its path; records an error if it is missing.
    pub(super) fn local_url(&mut self, dest: &str, path: &str, fragment: Option<&str>) -> String {
        let decoded = percent_decode(path);
        let Some(rel) = resolve_relative(self.input.page_dir, &decoded) else {
            self.error(
                format!("the link `{dest}` points outside the content folder"),
                "link to files inside content/ only; a page in a language folder (content/es/) shows a picture of the default language by its address from the site's root, e.g. /photo.jpg",
            );
            return "#".into();
        };
        let is_page = crate::content::is_page_file(&rel);
        let has_extension = rel.extension().is_some();
        match (self.input.resolve)(&rel) {
            Some(mut url) => {
                if is_page {
                    self.links.linked_pages.push(rel.clone());
                }
                if let Some(f) = fragment {
                    if is_page && !f.is_empty() {
                        self.links.anchor_links.push(AnchorLink {
                            page: Some(rel.clone()),
                            fragment: f.to_string(),
                            dest: dest.to_string(),
                            offset: self.offset,
                        });
                    }
                    url.push('#');
                    url.push_str(f);
                }
                url
            }
            None if has_extension => {
                let what = if is_page { "page" } else { "file" };
                self.error(
                    format!("the link `{dest}` points to a {what} that does not exist (content/{})", rel.display()),
                    if is_page {
                        "check the file name (links use the Markdown file's name, e.g. risks-and-side-effects.md), or create that page"
                    } else {
                        "check the file name, or put the file in the content folder"
                    },
                );
                "#".into()
            }
            None => dest.to_string(),
        }
    }
}

pub(crate) enum Target<'d> {
    External,
    Forbidden,
    /// Anchors on the same page, and schemes like mailto: and tel:.
    Other,
    /// An address of the site (`/risks/`, `/img/chart.png`): checked against what it publishes.
    SitePath {
        path: String,
    },
    Local {
        path: String,
        fragment: Option<&'d str>,
    },
}

pub(crate) fn classify(dest: &str) -> Target<'_> {
    let lower = dest.trim().to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
        return Target::External;
    }
    let scheme_end = lower.find(':');
    let slash = lower.find('/').unwrap_or(usize::MAX);
    if let Some(i) = scheme_end.filter(|&i| i < slash) {
        // Cannot fail: `i` is where `find` met a colon in `lower` itself.
        let scheme = &lower[..i];
        return if ["javascript", "vbscript", "data", "file"].contains(&scheme) {
            Target::Forbidden
        } else {
            Target::Other
        };
    }
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with('?') {
        return Target::Other;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    // Root-relative paths are content-relative only when they name a Markdown file.
    if path.starts_with('/') && !crate::content::is_page_file(Path::new(path)) {
        return Target::SitePath {
            path: path.to_string(),
        };
    }
    Target::Local {
        path: path.to_string(),
        fragment,
    }
}

/// Joins a link to the page's folder and resolves `.` and `..`; None when it leaves `content/`.
pub(crate) fn resolve_relative(page_dir: &Path, link: &str) -> Option<PathBuf> {
    let joined = match link.strip_prefix('/') {
        Some(from_root) => PathBuf::from(from_root),
        None => page_dir.join(link),
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    // Cannot fail: `i < bytes.len()` is the loop's condition, and `i + 2 < bytes.len()` is
    // checked before the two hex digits are read.
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
