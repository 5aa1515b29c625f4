//! What each picture becomes: its variants (width × format), their names and cache keys.
//! Planning reads each picture's bytes (for the hash) and header (for its size), and decodes
//! nothing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::config::{ImageConfig, ImageFormat};

/// Bumped whenever the encoders or their settings change what a variant's bytes would be, so
/// that old cache entries are not reused.
const ENCODING_VERSION: &str = "careleaf-images-1";

/// A format a variant is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OutFormat {
    Avif,
    Webp,
    Jpeg,
    Png,
}

impl OutFormat {
    pub(super) fn extension(self) -> &'static str {
        match self {
            OutFormat::Avif => "avif",
            OutFormat::Webp => "webp",
            OutFormat::Jpeg => "jpg",
            OutFormat::Png => "png",
        }
    }

    pub(super) fn mime(self) -> &'static str {
        match self {
            OutFormat::Avif => "image/avif",
            OutFormat::Webp => "image/webp",
            OutFormat::Jpeg => "image/jpeg",
            OutFormat::Png => "image/png",
        }
    }

    fn from_setting(f: ImageFormat) -> OutFormat {
        match f {
            ImageFormat::Avif => OutFormat::Avif,
            ImageFormat::Webp => OutFormat::Webp,
        }
    }

    /// The fallback for a picture written as `extension` (lowercase), or None when careleaf
    /// does not resize such files (GIF animations, SVG drawings: copied as they are).
    pub(super) fn fallback_for(extension: &str) -> Option<OutFormat> {
        match extension {
            "jpg" | "jpeg" => Some(OutFormat::Jpeg),
            "png" => Some(OutFormat::Png),
            "webp" => Some(OutFormat::Webp),
            _ => None,
        }
    }
}

/// One file made from a picture.
#[derive(Debug, Clone)]
pub(super) struct Variant {
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) format: OutFormat,
    /// Hex SHA-256 of the picture's bytes and everything that shapes this variant.
    pub(super) key: String,
    /// Its address, beside the picture's (`/risks/photo-800.1a2b3c4d.avif`).
    pub(super) url: String,
}

/// A picture of `content/` and what it is published as.
#[derive(Debug, Clone)]
pub(super) struct Picture {
    /// The picture's own address as pages link it (root path included).
    pub(super) src: String,
    pub(super) file: PathBuf,
    pub(super) shown: PathBuf,
    pub(super) fallback: OutFormat,
    /// Modern formats first, each from the smallest width up; the fallback's last.
    pub(super) variants: Vec<Variant>,
    /// The default language's picture, shown on this language's pages and published by the
    /// default language.
    pub(super) shared: bool,
}

impl Picture {
    /// The variants in `format`, narrowest first.
    pub(super) fn in_format(&self, format: OutFormat) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(move |v| v.format == format)
    }

    /// The formats offered, best first, the fallback last.
    pub(super) fn formats(&self) -> Vec<OutFormat> {
        let mut formats: Vec<OutFormat> = Vec::new();
        for v in &self.variants {
            if !formats.contains(&v.format) {
                formats.push(v.format);
            }
        }
        formats
    }
}

/// The widths a picture `width` pixels wide is published at: each setting narrower than it,
/// and its own width where it is narrower than the widest setting (never wider than itself).
pub(super) fn widths_for(width: u32, settings: &[u32]) -> Vec<u32> {
    let mut widths: Vec<u32> = settings.iter().copied().filter(|&w| w < width).collect();
    if widths.is_empty() || width <= settings.iter().copied().max().unwrap_or(0) {
        widths.push(width);
    }
    widths
}

/// Plans the variants of a picture whose bytes hash to `source_hash`.
pub(super) struct PlanInput<'a> {
    pub(super) src: String,
    pub(super) file: PathBuf,
    pub(super) shown: PathBuf,
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) fallback: OutFormat,
    pub(super) source_hash: &'a str,
    pub(super) settings: &'a ImageConfig,
}

pub(super) fn plan(input: PlanInput) -> Picture {
    let PlanInput {
        src,
        file,
        shown,
        width,
        height,
        fallback,
        source_hash,
        settings,
    } = input;
    let mut formats: Vec<OutFormat> = settings
        .formats
        .iter()
        .map(|&f| OutFormat::from_setting(f))
        .filter(|&f| f != fallback)
        .collect();
    formats.push(fallback);
    let stem = match src.rsplit_once('.') {
        Some((stem, _)) if !stem.ends_with('/') => stem.to_string(),
        _ => src.clone(),
    };
    let widths = widths_for(width, &settings.widths);
    let mut variants = Vec::new();
    for format in formats {
        for &w in &widths {
            let h = ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width))
                .max(1) as u32;
            let key = variant_key(source_hash, w, h, format, settings.quality);
            let url = format!("{stem}-{w}.{}.{}", &key[..8], format.extension());
            variants.push(Variant {
                width: w,
                height: h,
                format,
                key,
                url,
            });
        }
    }
    Picture {
        shared: false,
        src,
        file,
        shown,
        fallback,
        variants,
    }
}

fn variant_key(
    source_hash: &str,
    width: u32,
    height: u32,
    format: OutFormat,
    quality: u8,
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!(
        "{ENCODING_VERSION}\n{source_hash}\n{width}x{height}\n{}\nq{quality}",
        format.extension()
    ));
    hex(&hasher.finalize())
}

pub(super) fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Hex SHA-256 of a picture's bytes.
pub(super) fn source_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Where a picture is on disk, relative to the site's folder, if it is one careleaf resizes.
pub(super) fn is_resized(rel: &Path) -> Option<OutFormat> {
    let ext = rel.extension()?.to_str()?.to_ascii_lowercase();
    OutFormat::fallback_for(&ext)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_exceed_the_picture() {
        let s = [480, 800, 1200, 1600];
        assert_eq!(widths_for(2400, &s), vec![480, 800, 1200, 1600]);
        assert_eq!(widths_for(1000, &s), vec![480, 800, 1000]);
        assert_eq!(widths_for(1600, &s), vec![480, 800, 1200, 1600]);
        assert_eq!(widths_for(300, &s), vec![300]);
        assert_eq!(widths_for(480, &s), vec![480]);
    }

    #[test]
    fn variants_list_modern_formats_first_and_name_their_width() {
        let settings = ImageConfig::default();
        let p = plan(PlanInput {
            src: "/care/room.jpg".into(),
            file: "content/care/room.jpg".into(),
            shown: "content/care/room.jpg".into(),
            width: 1000,
            height: 500,
            fallback: OutFormat::Jpeg,
            source_hash: "ab",
            settings: &settings,
        });
        assert_eq!(
            p.formats(),
            vec![OutFormat::Avif, OutFormat::Webp, OutFormat::Jpeg]
        );
        let jpeg: Vec<(u32, u32)> = p
            .in_format(OutFormat::Jpeg)
            .map(|v| (v.width, v.height))
            .collect();
        assert_eq!(jpeg, vec![(480, 240), (800, 400), (1000, 500)]);
        let v = &p.variants[0];
        assert!(
            v.url.starts_with("/care/room-480.") && v.url.ends_with(".avif"),
            "{}",
            v.url
        );
        // Another quality is another file.
        let q = ImageConfig {
            quality: 60,
            ..ImageConfig::default()
        };
        let other = plan(PlanInput {
            settings: &q,
            src: p.src.clone(),
            file: p.file.clone(),
            shown: p.shown.clone(),
            width: 1000,
            height: 500,
            fallback: OutFormat::Jpeg,
            source_hash: "ab",
        });
        assert_ne!(other.variants[0].key, v.key);
    }

    #[test]
    fn a_webp_picture_is_not_offered_twice_as_webp() {
        let settings = ImageConfig::default();
        let p = plan(PlanInput {
            src: "/a.webp".into(),
            file: "a.webp".into(),
            shown: "a.webp".into(),
            width: 600,
            height: 600,
            fallback: OutFormat::Webp,
            source_hash: "cd",
            settings: &settings,
        });
        assert_eq!(p.formats(), vec![OutFormat::Avif, OutFormat::Webp]);
    }
}
