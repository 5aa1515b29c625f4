//! Printed handouts: an article printed from Chromium (Letter and A4) holds the clinic's phone,
//! the review line and a QR code that decodes back to the page's own address; the screen shows
//! none of it.

use std::path::Path;
use std::process::Command;

use fantoccini::wd::{PrintConfiguration, PrintSize};

use crate::common::browser::{Browser, browser_available, serve};
use crate::common::*;

/// Greyscale pixels of page `n` of a PDF (pdftoppm's PGM: `P5`, width, height, 255, bytes).
fn pdf_page_pixels(pdf: &Path, n: usize) -> (usize, usize, Vec<u8>) {
    let out = pdf.with_extension(format!("p{n}"));
    let run = Command::new("pdftoppm")
        .args([
            "-gray",
            "-r",
            "150",
            "-f",
            &n.to_string(),
            "-l",
            &n.to_string(),
            "-singlefile",
        ])
        .arg(pdf)
        .arg(&out)
        .output()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let bytes = std::fs::read(format!("{}.pgm", out.display())).unwrap();
    // The header: four whitespace-separated fields, then one whitespace byte, then pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, bytes[at + 1..].to_vec())
}

fn decode_qr(w: usize, h: usize, pixels: &[u8]) -> Vec<String> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    image
        .detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, text)| text))
        .collect()
}

fn pdf_text(pdf: &Path) -> String {
    let run = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(run.status.success());
    String::from_utf8_lossy(&run.stdout).into_owned()
}

#[tokio::test]
async fn a_printed_article_is_a_handout_with_a_qr_code_back_to_its_page() {
    if !browser_available() {
        return;
    }
    if !require_tool("pdftoppm") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    careleaf(&["build", "--output", out.to_str().unwrap()], &repo_root()).assert_ok();
    let port = serve(out.clone(), Vec::new());
    let b = Browser::start(1280, 900).await;
    for (page, address) in [
        (
            "risks-and-side-effects/",
            "https://www.example.com/risks-and-side-effects/",
        ),
        (
            "es/cuanto-dura-el-alivio/",
            "https://www.example.com/es/cuanto-dura-el-alivio/",
        ),
    ] {
        b.goto(&format!("http://127.0.0.1:{port}/{page}")).await;
        // On screen there is no handout.
        let shown = b
            .js("return getComputedStyle(document.querySelector('.handout')).display")
            .await;
        assert_eq!(shown, "none", "{page}");
        for (name, size) in [("letter", PrintSize::US_LETTER), ("a4", PrintSize::A4)] {
            let config = PrintConfiguration::builder().size(size).build().unwrap();
            let pdf = b.client.print(config).await.unwrap();
            let file = dir
                .path()
                .join(format!("{}-{name}.pdf", page.replace('/', "_")));
            std::fs::write(&file, &pdf).unwrap();
            let text = pdf_text(&file);
            assert!(
                text.contains("(555) 555-0100"),
                "{page} {name}: the clinic's phone\n{text}"
            );
            assert!(text.contains("Kleiman Healthcare Services"));
            assert!(text.contains("988"), "the crisis notice is printed");
            assert!(
                text.contains("Reviewed") || text.contains("Revis") || text.contains("review"),
                "the review line\n{text}"
            );
            for hidden in ["Search", "Buscar", "Menu", "Menú"] {
                assert!(
                    !text.lines().any(|l| l.trim() == hidden),
                    "{page} {name}: no {hidden} button on paper"
                );
            }
            let info = Command::new("pdfinfo").arg(&file).output().unwrap();
            let info = String::from_utf8_lossy(&info.stdout);
            let pages: usize = info
                .lines()
                .find_map(|l| l.strip_prefix("Pages:"))
                .unwrap()
                .trim()
                .parse()
                .unwrap();
            assert!(pages >= 1);
            // One page holds the handout block; decoded, its QR code is the page's address.
            let found: Vec<String> = (1..=pages)
                .rev()
                .flat_map(|n| {
                    let (w, h, pixels) = pdf_page_pixels(&file, n);
                    decode_qr(w, h, &pixels)
                })
                .collect();
            assert_eq!(found, [address], "{page} {name}");
        }
    }
}

#[test]
fn without_base_url_a_handout_has_no_qr_code_and_check_says_why() {
    let site = TempSite::from_fixture("features");
    let yaml = site
        .read("site.yaml")
        .replace("base_url: https://clinic.example/patients/\n", "");
    site.write("site.yaml", yaml);
    site.build().assert_ok();
    let page = site.read("public/guide/apple/index.html");
    assert!(!page.contains("class=\"handout\""), "{page}");
    let run = site.run(&["check"]);
    assert!(
        run.stdout
            .contains("printed pages have no QR code back to the site"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("warning [handout-no-qr]"),
        "{}",
        run.stdout
    );
    let with_address = TempSite::from_fixture("features");
    with_address.build().assert_ok();
    let page = with_address.read("public/guide/apple/index.html");
    assert!(
        page.contains("class=\"handout\"")
            && page.contains("https://clinic.example/patients/guide/apple/")
    );
    assert!(
        !with_address
            .run(&["check"])
            .stdout
            .contains("handout-no-qr")
    );
}
