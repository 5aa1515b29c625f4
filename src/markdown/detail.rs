//! The part of a page's rendered Markdown that only some readers look at: its sections, blocks,
//! pictures, links out, and the scripts and hosts it needs. A page rendered now holds it; a
//! page the Markdown cache gives back holds it encoded, decoded the first time it is looked at.
//!
//! A build after a one-page edit takes every other page from the cache, but looks at the
//! sections of none of them unless it renders them again or a link points into them: decoding
//! them all (fifteen headings, thirty strings a page) was a fifth of such a build at 10,000
//! pages.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use super::{Block, ImageUse, TocEntry};
use crate::cache_key::{Key, key_of};

/// See the module's comment.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PageDetail {
    /// First: search reads the titles of every page's sections without the rest
    /// ([`Detail::heading_text`]).
    pub toc: Vec<TocEntry>,
    pub blocks: Vec<Block>,
    /// Names of the shortcodes the page uses (themes load their scripts only where needed).
    pub shortcodes: Vec<String>,
    /// The other hosts the page loads from (all allowed), by policy directive.
    pub embeds: crate::html::Embeds,
    /// Links to other websites and their byte offsets, for `check --external`.
    pub external_links: Vec<(String, usize)>,
    /// Pages this page links to, relative to `content/`.
    pub linked_pages: Vec<PathBuf>,
    /// The page's Markdown images, in order, for the checks of their alt text and weight.
    pub images: Vec<ImageUse>,
}

impl PageDetail {
    /// The titles of the page's sections and their subsections, each followed by a space
    /// (what search finds a page by besides its title).
    pub fn heading_text(&self) -> String {
        let mut text = String::new();
        for e in &self.toc {
            push_titles(
                &mut text,
                &e.title,
                e.children.iter().map(|c| c.title.as_str()),
            );
        }
        text
    }
}

fn push_titles<'a>(text: &mut String, title: &str, children: impl Iterator<Item = &'a str>) {
    text.push_str(title);
    text.push(' ');
    for c in children {
        text.push_str(c);
        text.push(' ');
    }
}

/// A [`TocEntry`] as the encoded bytes hold it, borrowed from them: what reading the titles
/// needs, without making a string of each id and title.
#[derive(Deserialize)]
struct EncodedEntry<'a> {
    _id: &'a str,
    title: &'a str,
    #[serde(borrow)]
    children: Vec<EncodedEntry<'a>>,
}

/// A page's [`PageDetail`], as rendered or still encoded; it reads as the detail itself
/// (`rendered.detail.toc`), decoding it the first time.
#[derive(Debug, Clone)]
pub struct Detail {
    decoded: OnceLock<PageDetail>,
    encoded: Option<Encoded>,
}

/// A [`PageDetail`] as postcard bytes, at `at` in `bytes` (the Markdown cache's index), with
/// the key of its heading text, kept beside it when it was encoded.
#[derive(Debug, Clone)]
struct Encoded {
    bytes: Arc<crate::cache_file::CacheFile>,
    at: Range<usize>,
    heading_key: Key,
}

impl Encoded {
    fn bytes(&self) -> Option<&[u8]> {
        self.bytes.get(self.at.clone())
    }
}

impl Default for Detail {
    fn default() -> Detail {
        Detail::new(PageDetail::default())
    }
}

impl Detail {
    pub fn new(detail: PageDetail) -> Detail {
        Detail {
            decoded: OnceLock::from(detail),
            encoded: None,
        }
    }

    /// The detail written by [`postcard`] at `at` in `bytes`, to be decoded when looked at;
    /// `heading_key` is the [`Detail::heading_key`] it had when it was written.
    pub fn encoded(
        bytes: Arc<crate::cache_file::CacheFile>,
        at: Range<usize>,
        heading_key: Key,
    ) -> Detail {
        Detail {
            decoded: OnceLock::new(),
            encoded: Some(Encoded {
                bytes,
                at,
                heading_key,
            }),
        }
    }

    /// The key of [`Detail::heading_text`], without reading the headings of a detail still
    /// encoded: what search knows a page's headings by until their terms must be found.
    pub fn heading_key(&self) -> Key {
        match &self.encoded {
            Some(encoded) if self.decoded.get().is_none() => encoded.heading_key,
            _ => key_of(self.get().heading_text().as_bytes()),
        }
    }

    /// A detail that reads the headings of this one later, on another thread, when it is
    /// still encoded (a clone of the bytes' handle, not of the bytes); None once decoded.
    pub fn still_encoded(&self) -> Option<Detail> {
        let encoded = self
            .encoded
            .as_ref()
            .filter(|_| self.decoded.get().is_none())?;
        Some(Detail {
            decoded: OnceLock::new(),
            encoded: Some(encoded.clone()),
        })
    }

    /// The titles of the page's sections (see [`PageDetail::heading_text`]), read from the
    /// encoded bytes when the detail was not decoded.
    pub fn heading_text(&self) -> String {
        let Some(encoded) = self
            .encoded
            .as_ref()
            .filter(|_| self.decoded.get().is_none())
        else {
            return self.get().heading_text();
        };
        let toc: Vec<EncodedEntry> = encoded
            .bytes()
            .and_then(|b| postcard::take_from_bytes(b).ok())
            .map(|(toc, _)| toc)
            .unwrap_or_default();
        let mut text = String::new();
        for e in &toc {
            push_titles(&mut text, e.title, e.children.iter().map(|c| c.title));
        }
        text
    }

    /// The detail to change, as the page was just rendered; None when it is still encoded
    /// (a page taken from the Markdown cache, which nothing changes).
    pub fn get_mut(&mut self) -> Option<&mut PageDetail> {
        match self.encoded {
            Some(_) => None,
            None => self.decoded.get_mut(),
        }
    }

    fn get(&self) -> &PageDetail {
        self.decoded.get_or_init(|| {
            // The bytes were sealed with their checksum by this same careleaf: they decode. A
            // page without detail is still safe to render should they not.
            let bytes = self.encoded.as_ref().and_then(Encoded::bytes);
            bytes
                .and_then(|b| postcard::from_bytes(b).ok())
                .unwrap_or_default()
        })
    }
}

impl std::ops::Deref for Detail {
    type Target = PageDetail;

    fn deref(&self) -> &PageDetail {
        self.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache_file::CacheFile;

    fn detail() -> PageDetail {
        PageDetail {
            toc: vec![TocEntry {
                id: "dose".into(),
                title: "Your dose".into(),
                children: vec![TocEntry {
                    id: "timing".into(),
                    title: "When".into(),
                    children: Vec::new(),
                }],
            }],
            shortcodes: vec!["timeline".into()],
            ..PageDetail::default()
        }
    }

    #[test]
    fn an_encoded_detail_reads_as_the_one_encoded_and_its_headings_need_no_decoding() {
        let mut bytes = b"before".to_vec();
        let start = bytes.len();
        bytes.extend(postcard::to_stdvec(&detail()).unwrap());
        let end = bytes.len();
        bytes.extend(b"after");
        assert_eq!(detail().heading_text(), "Your dose When ");
        let heading_key = key_of(b"Your dose When ");
        let lazy = Detail::encoded(Arc::new(CacheFile::Read(bytes)), start..end, heading_key);
        assert_eq!(lazy.heading_text(), "Your dose When ");
        assert_eq!(lazy.heading_key(), heading_key);
        let later = lazy.still_encoded().unwrap();
        assert!(lazy.decoded.get().is_none(), "not decoded for its headings");
        assert_eq!(later.heading_text(), "Your dose When ");
        assert_eq!(lazy.toc, detail().toc);
        assert_eq!(lazy.shortcodes, ["timeline"]);
        assert!(lazy.still_encoded().is_none(), "decoded now");
        assert_eq!(lazy.heading_key(), heading_key);
        let mut lazy = lazy;
        assert!(
            lazy.get_mut().is_none(),
            "what the cache gave is not changed"
        );

        let mut fresh = Detail::new(detail());
        assert_eq!(fresh.heading_text(), "Your dose When ");
        assert_eq!(fresh.heading_key(), heading_key);
        assert!(fresh.still_encoded().is_none());
        fresh.get_mut().unwrap().toc.clear();
        assert_eq!(fresh.heading_text(), "", "from the change");
        assert!(Detail::default().get_mut().is_some());
    }

    #[test]
    fn bytes_that_do_not_decode_give_an_empty_detail() {
        let lazy = Detail::encoded(
            Arc::new(CacheFile::Read(vec![0xff; 4])),
            0..4,
            Key::default(),
        );
        assert_eq!(lazy.heading_text(), "");
        assert!(lazy.toc.is_empty());
        let outside = Detail::encoded(Arc::new(CacheFile::Read(Vec::new())), 3..9, Key::default());
        assert!(outside.blocks.is_empty());
    }
}
