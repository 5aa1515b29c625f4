//! Pictures in pages: each JPEG and PNG becomes a `<picture>` whose every width and format is
//! on disk at its pixel size, made once and then taken from `.careleaf/cache/images/`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use crate::common::dom::{Element, elements};
use crate::common::*;

/// A photo-like picture: soft gradients with some texture, so encoders meet what photos give
/// them. `seed` changes every pixel.
fn paint_photo(path: &Path, width: u32, height: u32, seed: u32) {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let wave = ((x as f32 / 37.0 + seed as f32).sin() * (y as f32 / 23.0).cos() * 18.0) as i32;
        let r = (90.0 + 120.0 * fx) as i32 + wave;
        let g = (140.0 + 60.0 * fy) as i32 - wave / 2;
        let b = (200.0 - 90.0 * fx * fy) as i32 + (seed as i32 % 7) * 5;
        image::Rgb([
            r.clamp(0, 255) as u8,
            g.clamp(0, 255) as u8,
            b.clamp(0, 255) as u8,
        ])
    });
    let mut out = std::fs::File::create(path).unwrap();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode_image(&img)
        .unwrap();
}

/// A map-like drawing with a transparent border.
fn paint_map(path: &Path) {
    let img = image::RgbaImage::from_fn(1000, 700, |x, y| {
        if x < 20 || y < 20 || x >= 980 || y >= 680 {
            image::Rgba([0, 0, 0, 0])
        } else if (x / 100 + y / 100) % 2 == 0 {
            image::Rgba([230, 230, 220, 255])
        } else {
            image::Rgba([70, 130, 90, 255])
        }
    });
    img.save(path).unwrap();
}

fn picture_site() -> TempSite {
    let site = TempSite::from_fixture("images");
    paint(&site);
    site
}

fn paint(site: &TempSite) {
    paint_photo(&site.path().join("content/visit/room.jpg"), 2400, 1600, 1);
    paint_map(&site.path().join("content/visit/map.png"));
}

/// `(address, width)` of each candidate of a `srcset`.
fn candidates(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').unwrap_or_else(|| panic!("{c}"));
            let w = w.strip_suffix('w').unwrap_or_else(|| panic!("{c}"));
            (url.to_string(), w.parse().unwrap())
        })
        .collect()
}

/// Checks that every candidate is published at its pixel size (height from the aspect ratio).
fn assert_on_disk(public: &Path, srcset: &str, widths: &[u32], aspect: (u32, u32), ext: &str) {
    let found = candidates(srcset);
    assert_eq!(
        found.iter().map(|c| c.1).collect::<Vec<_>>(),
        widths,
        "{srcset}"
    );
    for (url, w) in found {
        assert!(url.ends_with(&format!(".{ext}")), "{url}");
        let file = public.join(url.trim_start_matches('/'));
        let size = imagesize::size(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let h = (w * aspect.1 + aspect.0 / 2) / aspect.0;
        assert_eq!((size.width as u32, size.height as u32), (w, h), "{url}");
    }
}

/// The `<picture>` around each picture of the page, with its `<source>`s and `<img>`.
fn pictures(all: &[Element]) -> Vec<(Vec<&Element>, &Element)> {
    all.iter()
        .enumerate()
        .filter(|(_, e)| e.name == "picture")
        .map(|(i, _)| {
            let inside: Vec<&Element> = all.iter().filter(|e| e.ancestors.contains(&i)).collect();
            let sources = inside
                .iter()
                .copied()
                .filter(|e| e.name == "source")
                .collect();
            let img = inside
                .into_iter()
                .find(|e| e.name == "img")
                .expect("an <img> in the <picture>");
            (sources, img)
        })
        .collect()
}

#[test]
fn photos_become_pictures_with_every_width_and_format_on_disk() {
    let site = picture_site();
    site.build().assert_ok();
    let public = site.path().join("public");
    let html = site.read("public/visit/room/index.html");
    let all = elements(&html);
    let found = pictures(&all);
    assert_eq!(
        found.len(),
        2,
        "the photo and the map; the SVG stays an <img>:\n{html}"
    );

    let (sources, img) = &found[0];
    let types: Vec<_> = sources.iter().map(|s| s.attr("type").unwrap()).collect();
    assert_eq!(types, ["image/avif", "image/webp"]);
    let widths = [480, 800, 1200, 1600];
    for (s, ext) in sources.iter().zip(["avif", "webp"]) {
        assert_on_disk(&public, s.attr("srcset").unwrap(), &widths, (3, 2), ext);
        assert!(s.attr("sizes").is_some_and(|v| v.contains("vw")));
    }
    assert_on_disk(&public, img.attr("srcset").unwrap(), &widths, (3, 2), "jpg");
    assert_eq!(img.attr("width"), Some("1600"));
    assert_eq!(img.attr("height"), Some("1067"));
    assert_eq!(img.attr("decoding"), Some("async"));
    assert_eq!(img.attr("loading"), None, "the first picture loads at once");
    assert_eq!(
        img.attr("alt"),
        Some("A reclining chair beside a window, with a small table and a lamp")
    );
    assert_eq!(img.attr("title"), Some("The treatment room"));
    let src = img.attr("src").unwrap();
    assert!(
        src.starts_with("/visit/room-800.") && src.ends_with(".jpg"),
        "{src}"
    );

    let (sources, map) = &found[1];
    assert_eq!(sources.len(), 2);
    assert_on_disk(
        &public,
        map.attr("srcset").unwrap(),
        &[480, 800, 1000],
        (10, 7),
        "png",
    );
    for (s, ext) in sources.iter().zip(["avif", "webp"]) {
        assert_on_disk(
            &public,
            s.attr("srcset").unwrap(),
            &[480, 800, 1000],
            (10, 7),
            ext,
        );
    }
    assert_eq!(map.attr("loading"), Some("lazy"));
    assert_eq!(
        (map.attr("width"), map.attr("height")),
        (Some("1000"), Some("700"))
    );

    let svg = all
        .iter()
        .find(|e| e.name == "img" && e.attr("src").is_some_and(|s| s.ends_with(".svg")))
        .unwrap();
    assert_eq!(svg.attr("srcset"), None);
    assert_eq!(
        std::fs::read(public.join("visit/leaf.svg")).unwrap(),
        std::fs::read(site.path().join("content/visit/leaf.svg")).unwrap(),
        "SVG is published as it is"
    );
    // The originals stay where links to them lead.
    assert!(public.join("visit/room.jpg").is_file());
}

/// Each cache entry's name, size and modification time.
fn cache_listing(site: &Path) -> BTreeMap<String, (u64, SystemTime)> {
    std::fs::read_dir(site.join(".careleaf/cache/images"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                (m.len(), m.modified().unwrap()),
            )
        })
        .collect()
}

fn srcsets(site: &TempSite) -> Vec<String> {
    elements(&site.read("public/visit/room/index.html"))
        .iter()
        .filter_map(|e| e.attr("srcset").map(str::to_string))
        .collect()
}

#[test]
fn a_second_build_makes_nothing_and_a_changed_picture_is_made_again() {
    let site = picture_site();
    let first = site.build();
    first.assert_ok();
    // The photo: 4 widths × 3 formats (AVIF, WebP, JPEG); the map: 3 widths × 3 formats.
    assert!(
        first.stdout.contains("Made 21 picture files"),
        "{}",
        first.stdout
    );
    let cache = cache_listing(site.path());
    assert_eq!(cache.len(), 42, "each variant and its checksum: {cache:?}");
    assert_eq!(site.read(".careleaf/.gitignore"), "*\n");
    let before = srcsets(&site);

    let second = site.build();
    second.assert_ok();
    assert!(!second.stdout.contains("Made"), "{}", second.stdout);
    assert_eq!(
        cache_listing(site.path()),
        cache,
        "no cache entry was written again"
    );
    assert_eq!(srcsets(&site), before);

    paint_photo(&site.path().join("content/visit/room.jpg"), 2400, 1600, 2);
    let third = site.build();
    third.assert_ok();
    assert!(
        third.stdout.contains("Made 12 picture files"),
        "only the photo: {}",
        third.stdout
    );
    let after = srcsets(&site);
    assert_ne!(
        after[0], before[0],
        "the photo's new variants have new names"
    );
    let map = |s: &[String]| {
        s.iter()
            .filter(|s| s.contains("/map-"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(map(&after), map(&before), "the map is untouched");
    let (new, _) = candidates(&after[0]).remove(0);
    assert!(
        site.path()
            .join("public")
            .join(new.trim_start_matches('/'))
            .is_file()
    );
}

#[test]
fn a_corrupt_cache_entry_is_made_again() {
    let site = picture_site();
    site.build().assert_ok();
    let dir = site.path().join(".careleaf/cache/images");
    let jpeg = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "jpg"))
        .unwrap();
    let whole = std::fs::read(&jpeg).unwrap();
    std::fs::write(&jpeg, &whole[..whole.len() / 3]).unwrap();

    let run = site.build();
    run.assert_ok();
    assert!(
        run.stdout.contains("Made 1 picture file "),
        "{}",
        run.stdout
    );
    let remade = std::fs::read(&jpeg).unwrap();
    assert_eq!(remade.len(), whole.len());
    image::load_from_memory(&remade).expect("the entry is whole again");
}

#[test]
fn a_picture_that_cannot_be_read_is_published_as_it_is_with_a_warning_naming_it() {
    let site = picture_site();
    site.write("content/visit/map.png", b"not a picture at all");
    let run = site.build();
    assert_eq!(run.status, 0, "{}", run.stderr);
    for expected in [
        "content/visit/map.png",
        "this picture cannot be read, so it is published as it is",
        "save it again as JPEG or PNG",
    ] {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
    // The file goes out unchanged and the page links it as a plain picture; the photo beside
    // it still gets its sizes.
    assert_eq!(
        std::fs::read(site.path().join("public/visit/map.png")).unwrap(),
        b"not a picture at all"
    );
    let html = site.read("public/visit/room/index.html");
    let all = elements(&html);
    let map: Vec<&Element> = all
        .iter()
        .filter(|e| e.name == "img" && e.attr("alt").is_some_and(|a| a.starts_with("Map of")))
        .collect();
    assert_eq!(map.len(), 1, "{html}");
    assert_eq!(map[0].attr("src"), Some("/visit/map.png"));
    assert_eq!(map[0].attr("srcset"), None);
    assert_eq!(
        all.iter().filter(|e| e.name == "picture").count(),
        1,
        "only the photo: {html}"
    );

    let found = site.findings_of("image-unreadable");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("content/visit/map.png")
    );
    assert_eq!(found[0]["severity"], "warning");
}

#[test]
fn image_settings_are_checked_where_they_are_written() {
    let site = picture_site();
    let yaml = site.read("site.yaml");
    site.write("site.yaml", yaml.replace("quality: 70", "quality: 0"));
    let run = site.build();
    assert_ne!(run.status, 0);
    assert!(run.stderr.contains("site.yaml:12:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("quality 0 must be between 1 and 100"),
        "{}",
        run.stderr
    );

    site.write(
        "site.yaml",
        yaml.replace("[480, 800, 1200, 1600]", "[480, 9000]"),
    );
    let run = site.build();
    assert!(run.stderr.contains("site.yaml:10:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the width 9000 is outside"),
        "{}",
        run.stderr
    );

    site.write(
        "site.yaml",
        yaml.replace("formats: [avif, webp]", "formats: [webp, heic]"),
    );
    let run = site.build();
    assert_ne!(run.status, 0);
    assert!(run.stderr.contains("heic"), "{}", run.stderr);
}

/// Noise, which no encoder can make small: a picture that stays heavy at every width.
fn paint_noise(path: &Path, width: u32, height: u32) {
    let mut state = 0x2545_f491_u32;
    let img = image::RgbImage::from_fn(width, height, |_, _| {
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state & 0xff) as u8
        };
        image::Rgb([next(), next(), next()])
    });
    img.save(path).unwrap();
}

#[test]
fn check_warns_on_alt_text_that_says_nothing_and_on_heavy_pictures() {
    let site = picture_site();
    paint_noise(&site.path().join("content/visit/crowd.png"), 480, 2400);
    let page = site.read("content/visit/room.md");
    site.write(
        "content/visit/room.md",
        format!("{page}\n![IMG_2041.jpg](room.jpg)\n\n![A crowd in the waiting room](crowd.png)\n"),
    );
    let lines = page.lines().count();
    let run = site.run(&["check"]);
    let out = format!("{}{}", run.stdout, run.stderr);
    let alt_line = format!("content/visit/room.md:{}:", lines + 2);
    let heavy_line = format!("content/visit/room.md:{}:", lines + 4);
    assert!(
        out.contains("image-alt") && out.contains("\"IMG_2041.jpg\" is a file name"),
        "{out}"
    );
    assert!(
        out.contains(&alt_line),
        "the finding points at the picture ({alt_line}):\n{out}"
    );
    assert!(
        out.contains("image-weight") && out.contains("crowd.png is still"),
        "{out}"
    );
    assert!(out.contains(&heavy_line), "{out}");
    assert_eq!(
        out.matches("image-alt").count(),
        1,
        "the photo's and the map's alt texts are good:\n{out}"
    );
    assert_eq!(
        out.matches("image-weight").count(),
        1,
        "the photo and the map are light:\n{out}"
    );
}

/// The picture fixture with a Spanish edition (content/es/), for pages that show the English
/// pictures.
fn picture_site_in_spanish_too() -> TempSite {
    let site = picture_site();
    let yaml = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{yaml}languages:\n  - code: es\n    name: Español\n"),
    );
    site
}

#[test]
fn a_translated_page_shows_the_default_languages_picture_without_publishing_it_twice() {
    let site = picture_site_in_spanish_too();
    site.write(
        "content/es/visit/room.md",
        "---\ntitle: La sala de tratamiento\ndescription: Lo que verá al entrar en la sala de tratamiento y dónde puede sentarse su familia.\n---\n\nNuestras salas son tranquilas.\n\n![Un sillón reclinable junto a una ventana](/visit/room.jpg)\n",
    );
    site.build().assert_ok();
    let public = site.path().join("public");
    let english = site.read("public/visit/room/index.html");
    let spanish = site.read("public/es/visit/room/index.html");
    let english_all = elements(&english);
    let spanish_all = elements(&spanish);
    let (en_sources, en_img) = &pictures(&english_all)[0];
    let found = pictures(&spanish_all);
    assert_eq!(found.len(), 1, "{spanish}");
    let (es_sources, es_img) = &found[0];
    // The very same files as the English page: the Spanish edition makes and writes none.
    assert_eq!(es_img.attr("srcset"), en_img.attr("srcset"));
    assert_eq!(es_img.attr("src"), en_img.attr("src"));
    for (es, en) in es_sources.iter().zip(en_sources) {
        assert_eq!(es.attr("srcset"), en.attr("srcset"));
    }
    assert_eq!(
        es_img.attr("alt"),
        Some("Un sillón reclinable junto a una ventana")
    );
    assert_on_disk(
        &public,
        es_img.attr("srcset").unwrap(),
        &[480, 800, 1200, 1600],
        (3, 2),
        "jpg",
    );
    let under_es: Vec<_> = walkdir::WalkDir::new(public.join("es"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x != "html"))
        .map(|e| e.path().display().to_string())
        .filter(|p| p.contains("room"))
        .collect();
    assert!(under_es.is_empty(), "no copies under /es/: {under_es:?}");
}

#[test]
fn a_translated_page_linking_above_its_language_folder_is_told_to_use_the_address() {
    let site = picture_site_in_spanish_too();
    site.write(
        "content/es/room.md",
        "---\ntitle: La sala\ndescription: Lo que verá al entrar en la sala de tratamiento y dónde puede sentarse su familia.\n---\n\n![Un sillón](../visit/room.jpg)\n",
    );
    let run = site.build();
    assert_ne!(run.status, 0);
    assert!(
        run.stderr.contains("content/es/room.md:6:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("by its address from the site's root, e.g. /photo.jpg"),
        "{}",
        run.stderr
    );
}
