//! `site.yaml` `images:`: how pictures in pages are published (widths, formats, quality).

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::yaml::{self, PathSeg, YamlSource};

/// How each picture of the site is published: resized to `widths` (never wider than the
/// picture itself) in each of `formats`, with the picture's own format as the fallback every
/// browser shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImageConfig {
    /// Widths in pixels. Phones of 360–430 CSS pixels at 2–3 device pixels per CSS pixel pick
    /// 800 or 1200; a desktop column picks 800 to 1600.
    pub widths: Vec<u32>,
    /// Modern formats offered before the fallback, best first.
    pub formats: Vec<ImageFormat>,
    /// Encoder quality, 1–100, for JPEG, WebP and AVIF alike.
    pub quality: u8,
    /// The `sizes` attribute: how wide the picture shows, so a browser picks the right width.
    pub sizes: String,
}

impl Default for ImageConfig {
    fn default() -> Self {
        ImageConfig {
            widths: vec![480, 800, 1200, 1600],
            formats: vec![ImageFormat::Avif, ImageFormat::Webp],
            quality: 75,
            // The default theme's reading column is at most 65ch (786 CSS pixels measured at
            // 1280 wide, about 49rem) beside 1rem margins.
            sizes: "(min-width: 51rem) 49rem, calc(100vw - 2rem)".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    Avif,
    Webp,
}

/// The smallest and largest width careleaf makes: below 64 pixels a photo says nothing, and
/// above 4096 no screen needs more.
const WIDTH_RANGE: std::ops::RangeInclusive<u32> = 64..=4096;

/// Checks the widths and the quality, and puts the widths in order without repeats.
pub(super) fn check_images(images: &mut ImageConfig, src: &YamlSource) -> Result<(), Diagnostic> {
    let at = |key: &str, message: String| {
        let (line, column) =
            yaml::path_position(src.yaml, &[PathSeg::Key("images"), PathSeg::Key(key)])
                .unwrap_or((1, 1));
        Diagnostic::at(src.file, src.file_text, line, column, message)
    };
    if images.widths.is_empty() {
        return Err(at("widths", "images: widths needs at least one width".into())
            .with_hint("list the widths in pixels to publish each picture at, e.g. widths: [480, 800, 1200, 1600]"));
    }
    if let Some(w) = images.widths.iter().find(|w| !WIDTH_RANGE.contains(w)) {
        return Err(at(
            "widths",
            format!(
                "the width {w} is outside {}–{} pixels",
                WIDTH_RANGE.start(),
                WIDTH_RANGE.end()
            ),
        )
        .with_hint("use widths between 64 and 4096, e.g. widths: [480, 800, 1200, 1600]"));
    }
    if !(1..=100).contains(&images.quality) {
        return Err(at(
            "quality",
            format!("quality {} must be between 1 and 100", images.quality),
        )
        .with_hint("75 keeps photos sharp at a quarter of their size; lower makes them smaller and blurrier"));
    }
    images.widths.sort_unstable();
    images.widths.dedup();
    let mut seen = Vec::new();
    images.formats.retain(|f| {
        let new = !seen.contains(f);
        seen.push(*f);
        new
    });
    Ok(())
}
