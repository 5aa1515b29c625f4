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

/// The QR code of `url` as an `<svg>` element (no XML prolog), dark modules on white, with a
/// quiet zone; None if the address is too long for a QR code.
pub fn qr_svg(url: &str, label: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(144, 144)
        .quiet_zone(true)
        .build();
    let start = svg.find("<svg")?;
    let svg = &svg[start..];
    // A name for screen readers of the printed-to-PDF page; the address is printed beside it.
    let escaped = label
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;");
    Some(svg.replacen(
        "<svg",
        &format!("<svg role=\"img\" aria-label=\"{escaped}\" class=\"handout-qr\""),
        1,
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
        assert!(!svg.contains("<?xml"));
    }
}
