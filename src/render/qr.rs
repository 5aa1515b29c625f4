//! `qr_code(text, label)` in templates: a QR code as an inline `<svg>`, made at build time
//! (the printed handout's code that opens the living page).

/// The quiet zone around the code, in modules (the standard's four).
const QUIET: usize = 4;

/// The QR code of `url` as an `<svg>` element: dark modules on white with a quiet zone, drawn
/// as one path of horizontal runs (about 2 KB instead of the 10 KB of one square per module,
/// on every article); None if the address is too long for a QR code.
pub fn qr_svg(url: &str, label: &str) -> Option<String> {
    use std::fmt::Write;
    let code = fast_qr::QRBuilder::new(url)
        .ecl(fast_qr::ECL::M)
        .build()
        .ok()?;
    let width = code.size;
    let dark = |x: usize, y: usize| code[y][x].value();
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

    #[test]
    fn the_label_is_escaped() {
        let svg = qr_svg("https://clinic.example/", "a \"b\" <c> & d").unwrap();
        assert!(
            svg.contains("aria-label=\"a &quot;b&quot; &lt;c> &amp; d\""),
            "{svg}"
        );
    }
}
