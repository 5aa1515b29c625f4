//! `qr_code(text, label)` in templates: a QR code as an inline `<svg>`, made at build time
//! (the printed handout's code that opens the living page).

/// The quiet zone around the code, in modules (the standard's four).
const QUIET: usize = 4;

/// The mask every code is drawn with. The standard picks the mask of lowest penalty, which
/// means drawing and scoring all eight: 90% of a code's cost, and a quarter of a clean build's
/// CPU at 10,000 articles. Every mask decodes; this one (every third column) is the one the
/// penalty itself picks for most addresses (1,556 of 3,000 varied site addresses, against 481
/// for the next), because ASCII's zero top bit lays the same stripes on every URL.
const MASK: u8 = 2;

/// The module matrix of `url` at error-correction level M (15% of the code may be smudged),
/// or None if the address is too long for a QR code.
fn qr_matrix(url: &str) -> Option<qrcodegen::QrCode> {
    let segments = qrcodegen::QrSegment::make_segments(url);
    qrcodegen::QrCode::encode_segments_advanced(
        &segments,
        qrcodegen::QrCodeEcc::Medium,
        qrcodegen::Version::MIN,
        qrcodegen::Version::MAX,
        Some(qrcodegen::Mask::new(MASK)),
        true,
    )
    .ok()
}

/// The QR code of `url` as an `<svg>` element: dark modules on white with a quiet zone, drawn
/// as one stroked path of horizontal runs, each a line one module thick along the middle of
/// its row (about 1.5 KB on every article, against 4 KB as filled rectangles and 10 KB as one
/// square per module); None if the address is too long for a QR code.
pub fn qr_svg(url: &str, label: &str) -> Option<String> {
    use std::fmt::Write;
    let code = qr_matrix(url)?;
    let width = code.size() as usize;
    let dark = |x: usize, y: usize| code.get_module(x as i32, y as i32);
    let mut d = String::with_capacity(2048);
    for y in 0..width {
        let mut x = 0;
        // Where the pen stopped: the end of the row's last run, the next one's start is a
        // short relative move from there.
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
            let _ = match pen {
                None => write!(d, "M{} {}.5h{}", start + QUIET, y + QUIET, x - start),
                Some(p) => write!(d, "m{} 0h{}", start - p, x - start),
            };
            pen = Some(x);
        }
    }
    let size = width + 2 * QUIET;
    let escaped = label
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;");
    Some(format!(
        "<svg role=\"img\" aria-label=\"{escaped}\" class=\"handout-qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{px}\" height=\"{px}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{d}\" stroke=\"#000\"/></svg>",
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
        assert!(svg.len() < 2500, "{} bytes", svg.len());
    }

    #[test]
    fn the_label_is_escaped() {
        let svg = qr_svg("https://clinic.example/", "a \"b\" <c> & d").unwrap();
        assert!(
            svg.contains("aria-label=\"a &quot;b&quot; &lt;c> &amp; d\""),
            "{svg}"
        );
    }

    /// The modules the SVG's path paints, read back from its commands.
    fn painted(svg: &str) -> (usize, Vec<bool>) {
        let between = |from: &str, to: &str| {
            let start = svg.find(from).unwrap() + from.len();
            &svg[start..start + svg[start..].find(to).unwrap()]
        };
        let size: usize = between("viewBox=\"0 0 ", " ").parse().unwrap();
        let d = between(" d=\"", "\"");
        let mut dark = vec![false; size * size];
        let (mut x, mut y) = (0.0f64, 0.0f64);
        let mut commands = Vec::new();
        for c in d.chars() {
            if c.is_ascii_alphabetic() {
                commands.push((c, String::new()));
            } else {
                commands.last_mut().unwrap().1.push(c);
            }
        }
        for (command, args) in commands {
            let n: Vec<f64> = args.split(' ').map(|a| a.parse().unwrap()).collect();
            match command {
                'M' => (x, y) = (n[0], n[1]),
                'm' => (x, y) = (x + n[0], y + n[1]),
                'h' => {
                    let row = y.floor() as usize;
                    for col in x as usize..(x + n[0]) as usize {
                        dark[row * size + col] = true;
                    }
                    x += n[0];
                }
                other => panic!("unexpected command {other}"),
            }
        }
        (size, dark)
    }

    #[test]
    fn the_path_paints_exactly_the_dark_modules_and_reads_back_as_the_address() {
        let url = "https://clinic.example/es/dia-de-la-infusion/";
        let svg = qr_svg(url, "QR").unwrap();
        let (size, dark) = painted(&svg);
        let code = qr_matrix(url).unwrap();
        let width = code.size() as usize;
        assert_eq!(size, width + 2 * QUIET);
        for row in 0..size {
            for col in 0..size {
                let inside =
                    (QUIET..QUIET + width).contains(&row) && (QUIET..QUIET + width).contains(&col);
                let expected =
                    inside && code.get_module((col - QUIET) as i32, (row - QUIET) as i32);
                assert_eq!(dark[row * size + col], expected, "module {col},{row}");
            }
        }
        assert_eq!(read_back(&svg), vec![url.to_string()]);
    }

    /// The texts a QR reader finds in the SVG, drawn at four pixels a module.
    fn read_back(svg: &str) -> Vec<String> {
        let (size, dark) = painted(svg);
        let scale = 4;
        let side = size * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            if dark[(y / scale) * size + x / scale] {
                0
            } else {
                255
            }
        });
        image
            .detect_grids()
            .into_iter()
            .filter_map(|g| g.decode().ok().map(|(_, text)| text))
            .collect()
    }

    #[test]
    fn addresses_of_every_shape_read_back_with_the_fixed_mask() {
        let addresses = [
            "http://127.0.0.1:1111/a/".to_string(),
            "https://clinic.example/".to_string(),
            format!("https://x.example/{}/", "a".repeat(120)),
            format!("https://x.example/{}/", "0".repeat(90)),
            "https://www.cl\u{ed}nica.example/es/d%C3%ADa-de-la-infusi%C3%B3n/".to_string(),
            format!(
                "https://network.example/{}/",
                "clinics/north/languages/es/topics/".repeat(4)
            ),
        ];
        for url in addresses {
            let svg = qr_svg(&url, "QR").unwrap();
            assert_eq!(read_back(&svg), vec![url.clone()], "{url}");
        }
    }

    #[test]
    fn an_address_too_long_for_any_code_gets_none() {
        let url = format!("https://x.example/{}", "\u{e9}".repeat(1500));
        assert_eq!(qr_svg(&url, "QR"), None);
    }
}
