//! Pictures as patients meet them: alt text that tells a screen-reader user what the picture
//! shows, and pictures light enough for a phone on a slow connection.

use std::path::Path;

use super::{Rule, Severity, finding};
use crate::diagnostic::Diagnostic;
use crate::edition::Edition;

/// The most a phone should download for one picture at its smallest width.
pub const MAX_SMALLEST_BYTES: u64 = 200 * 1024;

/// Words that only say "this is a picture", by language; a screen reader says that already.
fn filler_words(language: &str) -> &'static [&'static str] {
    match language.split('-').next().unwrap_or(language) {
        "en" => &[
            "image of",
            "picture of",
            "photo of",
            "photograph of",
            "graphic of",
            "screenshot of",
            "image",
            "picture",
            "photo",
            "photograph",
            "graphic",
            "screenshot",
            "img",
            "icon",
        ],
        "es" => &[
            "imagen de",
            "foto de",
            "fotografía de",
            "gráfico de",
            "captura de",
            "imagen",
            "foto",
            "fotografía",
            "gráfico",
            "captura",
            "icono",
        ],
        "fr" => &["image de", "photo de", "image", "photo", "icône"],
        "de" => &["bild von", "foto von", "bild", "foto"],
        "pt" => &["imagem de", "foto de", "imagem", "foto"],
        _ => &["img"],
    }
}

/// Why `alt` says nothing of what a picture shows, if it does not.
pub fn empty_alt_reason(alt: &str, language: &str) -> Option<String> {
    let text = alt.trim().to_lowercase();
    let bare = text.trim_end_matches(['.', ':']);
    let file_like = Path::new(bare)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            [
                "jpg", "jpeg", "png", "webp", "gif", "svg", "avif", "heic", "tif", "tiff",
            ]
            .contains(&e)
        });
    // Camera names: IMG_2041, DSC0042, PXL_20260101_…
    let letters = bare.len()
        - bare
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    let (prefix, rest) = bare.split_at(letters);
    let camera_like = [
        "img", "dsc", "dscn", "dscf", "pxl", "dcim", "image", "photo",
    ]
    .contains(&prefix)
        && rest
            .trim_start_matches(['_', '-', ' '])
            .starts_with(|c: char| c.is_ascii_digit());
    if file_like || camera_like {
        return Some(format!("the alt text \"{}\" is a file name", alt.trim()));
    }
    let fillers = filler_words(language);
    if fillers.contains(&bare) {
        return Some(format!(
            "the alt text \"{}\" only says that there is a picture",
            alt.trim()
        ));
    }
    fillers
        .iter()
        .find(|f| f.contains(' ') && bare.starts_with(&format!("{f} ")))
        .map(|f| format!("the alt text starts with \"{f}\", which a screen reader already says"))
}

pub fn check(edition: &Edition, scope: super::Scope, out: &mut Vec<Diagnostic>) {
    let language = edition.language();
    let pictures = edition.pictures();
    for (i, (page, rendered)) in edition
        .content()
        .pages
        .iter()
        .zip(edition.rendered())
        .enumerate()
        .filter(|(i, _)| scope.has(*i))
    {
        let _ = i;
        for image in &rendered.detail.images {
            let at = |message: String, hint: &str| {
                finding(
                    Rule::ImageAlt,
                    Severity::Warning,
                    &page.file,
                    &page.text,
                    image.offset,
                    message,
                    hint,
                )
            };
            if let Some(why) = empty_alt_reason(&image.alt, language) {
                out.push(at(why, "describe what the picture shows and why it is there, e.g. ![A nurse checks a patient's blood pressure before the infusion](check.jpg)"));
            }
            let Some(weight) = pictures.and_then(|p| p.weight(&image.src)) else {
                continue;
            };
            if weight.smallest > MAX_SMALLEST_BYTES {
                out.push(
                    Diagnostic::at_offset(
                        &page.file,
                        &page.text,
                        image.offset,
                        format!(
                            "the picture {} is still {} KB at its smallest size; a phone on a slow connection waits for it",
                            weight.file.display(),
                            weight.smallest / 1024
                        ),
                    )
                    .with_hint("crop it to what matters, or use a simpler picture; careleaf makes it smaller for phones, but a picture this detailed stays heavy (below 200 KB is the aim)")
                    .as_finding(Rule::ImageWeight, Severity::Warning),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::empty_alt_reason;

    #[test]
    fn alt_text_that_says_nothing_is_found_in_the_pages_language() {
        for alt in [
            "IMG_2041.JPG",
            "photo.jpg",
            "DSC0042",
            "Image",
            "image of a chair",
            "Picture of the room.",
        ] {
            assert!(empty_alt_reason(alt, "en").is_some(), "{alt}");
        }
        for alt in ["foto de la sala", "Imagen", "IMG_2041"] {
            assert!(empty_alt_reason(alt, "es").is_some(), "{alt}");
        }
        for alt in [
            "A reclining chair beside a window",
            "Imagery used in therapy rooms",
            "Photos from our open day show the waiting room",
            "Chart of relief over 12 weeks",
        ] {
            assert_eq!(empty_alt_reason(alt, "en"), None, "{alt}");
        }
        // Another language's fillers are not held against a page.
        assert_eq!(empty_alt_reason("foto de la sala", "en"), None);
    }
}
