//! Decoding a picture once and making each of its variants: resized with `fast_image_resize`
//! (SIMD, 5–10 times faster than `image`'s own resize) and encoded as AVIF and JPEG/PNG by
//! `image`, WebP by `webp` (libwebp: `image` writes lossless WebP only, ten times larger).

use std::io::Cursor;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{PixelType, ResizeOptions, Resizer};
use image::codecs::avif::AvifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageReader, Limits};

use super::plan::OutFormat;

/// AVIF encoder speed (1 slowest … 10 fastest): 8 keeps a 1600-pixel photo under half a
/// second with nasm, at a size close to the slow settings'.
const AVIF_SPEED: u8 = 8;

/// Pixels after decoding, in sRGB, 3 or 4 bytes each.
pub(super) struct Pixels {
    bytes: Vec<u8>,
    pub(super) width: u32,
    pub(super) height: u32,
    alpha: bool,
}

/// What is read from a picture's first bytes: its size as shown (turned by its orientation).
pub(super) struct Header {
    pub(super) width: u32,
    pub(super) height: u32,
}

/// The largest picture careleaf decodes: 100 megapixels is a large camera's photo; more is
/// a file meant to exhaust the machine.
const MAX_PIXELS: u64 = 100_000_000;

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(30_000);
    limits.max_image_height = Some(30_000);
    limits.max_alloc = Some(1 << 30);
    reader.limits(limits);
    Ok(reader)
}

/// The picture's size as a browser shows it, from its header only.
pub(super) fn header(bytes: &[u8]) -> Result<Header, String> {
    let mut decoder = reader(bytes)?.into_decoder().map_err(|e| e.to_string())?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "it is {width} × {height} pixels, more than careleaf decodes (100 megapixels)"
        ));
    }
    if width == 0 || height == 0 {
        return Err("it has no pixels".into());
    }
    let turned = matches!(
        decoder.orientation().unwrap_or(Orientation::NoTransforms),
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    Ok(if turned {
        Header {
            width: height,
            height: width,
        }
    } else {
        Header { width, height }
    })
}

/// Decodes the whole picture, turned upright (phones store photos sideways with an
/// orientation tag, which re-encoding would otherwise lose).
pub(super) fn decode(bytes: &[u8]) -> Result<Pixels, String> {
    let mut decoder = reader(bytes)?.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let alpha = image.color().has_alpha();
    let bytes = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    Ok(Pixels {
        bytes,
        width,
        height,
        alpha,
    })
}

impl Pixels {
    fn pixel_type(&self) -> PixelType {
        if self.alpha {
            PixelType::U8x4
        } else {
            PixelType::U8x3
        }
    }

    /// The picture at `width` × `height` (Lanczos, alpha handled by the resizer).
    pub(super) fn resized(&self, width: u32, height: u32) -> Result<Pixels, String> {
        if (width, height) == (self.width, self.height) {
            return Ok(Pixels {
                bytes: self.bytes.clone(),
                ..*self
            });
        }
        let src = ImageRef::new(self.width, self.height, &self.bytes, self.pixel_type())
            .map_err(|e| e.to_string())?;
        let mut dst = Image::new(width, height, self.pixel_type());
        Resizer::new()
            .resize(&src, &mut dst, &ResizeOptions::new())
            .map_err(|e| e.to_string())?;
        Ok(Pixels {
            bytes: dst.into_vec(),
            width,
            height,
            alpha: self.alpha,
        })
    }

    fn color(&self) -> ExtendedColorType {
        if self.alpha {
            ExtendedColorType::Rgba8
        } else {
            ExtendedColorType::Rgb8
        }
    }

    /// The picture encoded as `format` at `quality` (1–100; PNG is lossless).
    pub(super) fn encode(&self, format: OutFormat, quality: u8) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let (w, h) = (self.width, self.height);
        match format {
            OutFormat::Avif => AvifEncoder::new_with_speed_quality(&mut out, AVIF_SPEED, quality)
                .write_image(&self.bytes, w, h, self.color())
                .map_err(|e| e.to_string())?,
            OutFormat::Jpeg => {
                // JPEG has no transparency: such a picture's fallback is PNG (see `plan`).
                JpegEncoder::new_with_quality(&mut out, quality)
                    .write_image(&self.bytes, w, h, self.color())
                    .map_err(|e| e.to_string())?
            }
            OutFormat::Png => PngEncoder::new_with_quality(
                &mut out,
                CompressionType::Default,
                FilterType::Adaptive,
            )
            .write_image(&self.bytes, w, h, self.color())
            .map_err(|e| e.to_string())?,
            OutFormat::Webp => {
                let encoder = if self.alpha {
                    webp::Encoder::from_rgba(&self.bytes, w, h)
                } else {
                    webp::Encoder::from_rgb(&self.bytes, w, h)
                };
                out = encoder.encode(f32::from(quality)).to_vec();
            }
        }
        Ok(out)
    }
}
