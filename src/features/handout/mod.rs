//! Printed handouts: every article carries, hidden on screen and shown on paper, the page's
//! address and a QR code that opens it (drawn by the template function `qr_code`), so a patient given a printout
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
}

fn load(ctx: &LoadContext, _: &MarkdownContext) -> Result<Box<dyn Feature>, Errors> {
    let base = ctx.config.base_url.trim_end_matches('/');
    Ok(Box::new(HandoutFeature {
        base_url: (!base.is_empty()).then(|| base.to_string()),
    }))
}

impl Feature for HandoutFeature {
    fn page_values_key(&self, key: &mut crate::cache_key::KeyWriter) -> bool {
        key.part(self.base_url.as_deref().unwrap_or_default().as_bytes());
        true
    }

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
            // The code itself is drawn by the template's `qr_code` when the page is rendered,
            // so that a page the build cache keeps is not drawn again to be compared.
            json!({ "url": url }),
        );
    }
}
