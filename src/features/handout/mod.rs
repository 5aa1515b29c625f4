//! Printed handouts: every article carries, hidden on screen and shown on paper, the page's
//! address and a QR code that opens it (made here as inline SVG), so a patient given a printout
//! at the front desk can get back to the living page. The QR code needs the page's full
//! address: with no `base_url` it is left out (`check` warns).

use serde_json::json;

use crate::content::{Page, PageKind};
use crate::diagnostic::Errors;
use crate::features::{Feature, FeatureSpec, LoadContext, MarkdownContext, PageValues};

pub const SPEC: FeatureSpec = FeatureSpec {
    name: "handout",
    shortcodes: &[],
    load,
};

struct HandoutFeature {
    /// Where the site is published; None without `base_url`.
    base_url: Option<String>,
    /// What a screen reader says for the code, in the page's language.
    qr_label: String,
}

fn load(ctx: &LoadContext, _: &MarkdownContext) -> Result<Box<dyn Feature>, Errors> {
    let base = ctx.config.base_url.trim_end_matches('/');
    Ok(Box::new(HandoutFeature {
        base_url: (!base.is_empty()).then(|| base.to_string()),
        qr_label: ctx.strings.get("handout_qr").to_string(),
    }))
}

/// The quiet zone around the code, in modules (the standard's four).
const QUIET: usize = 4;

/// The QR code of `url` as an `<svg>` element: dark modules on white with a quiet zone, drawn
/// as one path of horizontal runs (about 2 KB instead of the 10 KB of one square per module,
/// on every article); None if the address is too long for a QR code.
pub fn qr_svg(url: &str, label: &str) -> Option<String> {
    use std::fmt::Write;
    let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let dark = |x: usize, y: usize| colors[y * width + x] == qrcode::Color::Dark;
    let mut d = String::new();
    // Each run is a unit-high rectangle; after `z` the pen is back at the run's start, so the
    // next run of the row is a short relative move.
    for y in 0..width {
        let mut x = 0;
        let mut pen: Option<usize> = None;
        while x < width {
            if !dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && dark(x, y) {
                x += 1;
            }
            let len = x - start;
            let _ = match pen {
                None => write!(d, "M{} {}", start + QUIET, y + QUIET),
                Some(p) => write!(d, "m{} 0", start - p),
            };
            let _ = write!(d, "h{len}v1h-{len}z");
            pen = Some(start);
        }
    }
    let size = width + 2 * QUIET;
    let escaped = label
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;");
    Some(format!(
        "<svg role=\"img\" aria-label=\"{escaped}\" class=\"handout-qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{px}\" height=\"{px}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{d}\"/></svg>",
        px = size * 4
    ))
}

impl Feature for HandoutFeature {
    fn page_values(&self, _index: usize, page: &Page, out: &mut PageValues) {
        if page.kind != PageKind::Page {
            return;
        }
        let Some(base) = &self.base_url else {
            return;
        };
        let url = format!("{base}/{}", page.url);
        out.values.insert(
            "handout".into(),
            json!({ "url": url, "qr": qr_svg(&url, &self.qr_label) }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_is_an_inline_svg_element() {
        let svg = qr_svg("https://clinic.example/risks/", "QR code").unwrap();
        assert!(
            svg.starts_with("<svg role=\"img\" aria-label=\"QR code\""),
            "{svg}"
        );
        assert!(svg.len() < 4000, "{} bytes", svg.len());
    }
}
