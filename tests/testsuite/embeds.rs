//! Embeds that work and respect privacy: each page's Content-Security-Policy allows exactly the
//! other hosts that page uses, the video shortcode asks nothing of the video's host until the
//! reader presses play, and (in a real browser) an allowed image from another origin loads
//! without a policy violation while a video's player arrives only on a click.

use crate::common::browser::{Browser, browser_available, serve};
use crate::common::dom::{Element, elements};
use crate::common::server::Server;
use crate::common::*;
use fantoccini::Locator;

const STRICT: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; media-src 'self'; base-uri 'none'; form-action 'self'";

fn built() -> TempSite {
    let site = TempSite::from_fixture("embeds");
    site.build().assert_ok();
    site
}

/// The page's policy, as the browser reads it from its `<meta http-equiv>`.
fn policy(html: &str) -> String {
    let all = elements(html);
    let metas: Vec<&Element> = all
        .iter()
        .filter(|e| {
            e.name == "meta"
                && e.attr("http-equiv")
                    .is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
        })
        .collect();
    assert_eq!(metas.len(), 1, "one policy per page");
    metas[0].attr("content").unwrap().to_string()
}

/// The sources of one directive of a policy (None when the policy does not name it).
fn directive<'a>(policy: &'a str, name: &str) -> Option<Vec<&'a str>> {
    policy
        .split(';')
        .map(str::trim)
        .find(|d| d.split_whitespace().next() == Some(name))
        .map(|d| d.split_whitespace().skip(1).collect())
}

#[test]
fn each_page_allows_exactly_the_other_hosts_it_uses() {
    let site = built();
    let photo = policy(&site.read("public/photo/index.html"));
    assert_eq!(
        directive(&photo, "img-src").unwrap(),
        ["'self'", "data:", "https://images.example.org"],
        "{photo}"
    );
    assert_eq!(directive(&photo, "frame-src"), None, "{photo}");
    let map = policy(&site.read("public/map/index.html"));
    assert_eq!(
        directive(&map, "frame-src").unwrap(),
        ["https://maps.example.org"],
        "{map}"
    );
    assert_eq!(directive(&map, "img-src").unwrap(), ["'self'", "data:"]);
    let video = policy(&site.read("public/video/index.html"));
    assert_eq!(
        directive(&video, "frame-src").unwrap(),
        ["https://www.youtube-nocookie.com"],
        "{video}"
    );
    // Every other directive stays as strict as on a page with no embeds.
    for page in [&photo, &map, &video] {
        assert_eq!(directive(page, "default-src").unwrap(), ["'none'"]);
        assert_eq!(directive(page, "script-src").unwrap(), ["'self'"]);
        assert_eq!(directive(page, "base-uri").unwrap(), ["'none'"]);
    }
    for page in ["public/index.html", "public/404.html"] {
        assert_eq!(policy(&site.read(page)), STRICT, "{page}");
    }
    for file in html_files(&site.path().join("public")) {
        let text = std::fs::read_to_string(&file).unwrap();
        if !file.ends_with("photo/index.html") && text.contains("<meta http-equiv") {
            assert!(
                !policy(&text).contains("images.example.org"),
                "{}",
                file.display()
            );
        }
    }
}

#[test]
fn a_video_page_shows_a_facade_and_asks_nothing_of_the_video_host() {
    let site = built();
    let html = site.read("public/video/index.html");
    let all = elements(&html);
    let figure = all
        .iter()
        .find(|e| e.name == "figure" && e.has_class("video"))
        .expect("the facade");
    assert_eq!(
        figure.attr("data-video-player"),
        Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")
    );
    let button = all
        .iter()
        .find(|e| e.name == "button" && e.has_class("video-play"))
        .expect("a real button");
    let name = button.all_text.trim();
    assert!(
        name.starts_with("Play video") && name.ends_with(": What happens at your first visit"),
        "the button is named by the video's title: {name}"
    );
    assert!(
        figure
            .all_text
            .contains("Nothing is loaded from YouTube until you press play"),
        "{}",
        figure.all_text
    );
    let watch = all
        .iter()
        .find(|e| e.name == "a" && e.has_class("video-watch"))
        .expect("a link to watch without JavaScript");
    assert_eq!(
        watch.attr("href"),
        Some("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    );
    assert_eq!(watch.all_text, "Watch on YouTube");
    // Nothing on the page loads from the video's hosts: no frame, no thumbnail.
    assert!(!all.iter().any(|e| e.name == "iframe"));
    for e in &all {
        for attr in ["src", "srcset", "poster", "data", "style"] {
            let value = e.attr(attr).unwrap_or("");
            assert!(
                !value.contains("youtube") && !value.contains("ytimg"),
                "<{} {attr}=\"{value}\">",
                e.name
            );
        }
        if e.name == "link" {
            assert!(!e.attr("href").unwrap_or("").contains("youtube"));
        }
    }
    let script = |html: &str| {
        elements(html)
            .iter()
            .any(|e| e.name == "script" && e.attr("src").is_some_and(|s| s.contains("/video.")))
    };
    assert!(script(&html), "the video page loads video.js");
    assert!(!script(&site.read("public/photo/index.html")));
}

#[test]
fn a_vimeo_video_uses_the_do_not_track_player_and_spanish_words() {
    let site = built();
    site.write(
        "site.yaml",
        "title: Clínica del Puerto\nlanguage: es\nallowed_hosts: [images.example.org, maps.example.org]\n",
    );
    site.write(
        "content/vimeo.md",
        "---\ntitle: La sala\ndescription: Un video de la sala.\n---\n\n{{< video vimeo=\"76979871\" title=\"La sala de espera\" >}}\n",
    );
    site.build().assert_ok();
    let html = site.read("public/vimeo/index.html");
    assert_eq!(
        directive(&policy(&html), "frame-src").unwrap(),
        ["https://player.vimeo.com"]
    );
    let all = elements(&html);
    let figure = all.iter().find(|e| e.has_class("video")).unwrap();
    assert_eq!(
        figure.attr("data-video-player"),
        Some("https://player.vimeo.com/video/76979871?dnt=1&autoplay=1")
    );
    assert!(
        figure
            .all_text
            .contains("No se carga nada de Vimeo hasta que pulse reproducir"),
        "{}",
        figure.all_text
    );
    assert!(figure.all_text.contains("Ver en Vimeo"));
}

#[test]
fn bad_videos_are_errors_at_their_line_and_column_all_in_one_run() {
    let site = TempSite::from_fixture("embeds");
    site.write(
        "content/bad.md",
        "---\ntitle: Bad\ndescription: Bad videos.\n---\n\n{{< video youtube=\"https://youtu.be/dQw4w9WgXcQ\" title=\"Intro\" >}}\n\nText.\n\n> {{< video vimeo=\"12ab\" title=\"Tour\" >}}\n\n{{< video youtube=\"dQw4w9WgXcQ\" >}}\n",
    );
    let run = site.build();
    assert_eq!(run.status, 1, "{}", run.stderr);
    for (at, message, hint) in [
        (
            "content/bad.md:6:1",
            "`https://youtu.be/dQw4w9WgXcQ` is not a YouTube video ID",
            "write the ID only: youtube=\"dQw4w9WgXcQ\"",
        ),
        (
            "content/bad.md:10:3",
            "`12ab` is not a Vimeo video ID",
            "a Vimeo video ID is a number",
        ),
        (
            "content/bad.md:12:1",
            "this video has no title",
            "screen reader",
        ),
    ] {
        let block = run
            .stderr
            .split("\n\n")
            .find(|b| b.contains(message))
            .unwrap_or_else(|| panic!("no {message:?} in:\n{}", run.stderr));
        assert!(block.contains(at), "{message} is not at {at}:\n{block}");
        assert!(
            block.contains(hint),
            "{message}: no hint {hint:?}:\n{block}"
        );
    }
    assert!(!site.path().join("public").exists());
}

#[test]
fn the_preview_server_sends_each_page_its_own_policy() {
    let site = TempSite::from_fixture("embeds");
    let server = Server::start(site.path(), &[]);
    let photo = server.get("/photo/");
    let header = photo.header("content-security-policy").unwrap();
    assert_eq!(header, policy(&photo.body));
    assert!(header.contains("img-src 'self' data: https://images.example.org"));
    let home = server.get("/");
    assert_eq!(home.header("content-security-policy").unwrap(), STRICT);
}

/// An SVG picture of a given size, as the "other website" serves it.
const PICTURE: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"30\"><rect width=\"40\" height=\"30\" fill=\"#0b6b58\"/></svg>";

#[tokio::test]
async fn an_allowed_image_loads_from_another_origin_and_a_video_waits_for_a_click() {
    if !browser_available() {
        return;
    }
    let images = tempfile::tempdir().unwrap();
    std::fs::write(images.path().join("room.svg"), PICTURE).unwrap();
    // `localhost` is another origin than the site's `127.0.0.1`, as another website would be.
    let image_port = serve(images.path().to_path_buf(), Vec::new());
    let site = TempSite::from_fixture("embeds");
    site.write(
        "site.yaml",
        "title: Harbour Clinic\nallowed_hosts: [localhost, maps.example.org]\n",
    );
    site.write(
        "content/photo.md",
        format!("---\ntitle: The waiting room\ndescription: A photo.\n---\n\n![The waiting room](http://localhost:{image_port}/room.svg)\n"),
    );
    site.build().assert_ok();
    let site_port = serve(site.path().join("public"), Vec::new());
    let base = format!("http://127.0.0.1:{site_port}");
    let b = Browser::start(390, 844).await;
    b.goto(&format!("{base}/photo/")).await;
    b.wait_until("return [...document.images].every(i => i.complete)")
        .await;
    let width = b
        .js("return document.querySelector('main img').naturalWidth")
        .await;
    assert_eq!(width, 40, "the allowed image loaded");
    assert_eq!(b.console_errors().await, Vec::<String>::new());

    // The video: no frame until the button is pressed, then the no-cookie player.
    b.goto(&format!("{base}/video/")).await;
    b.js("window.violations = []; document.addEventListener('securitypolicyviolation', e => violations.push(e.violatedDirective + ' ' + e.blockedURI)); return true").await;
    b.wait_until("return !document.querySelector('.video-frame').hidden")
        .await;
    assert_eq!(
        b.js("return document.querySelectorAll('iframe').length")
            .await,
        0
    );
    let fits = b
        .js("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        .await;
    assert_eq!(
        fits, true,
        "the table and the code scroll in their own frames at 390 px"
    );
    let frame = b
        .js("const r = document.querySelector('.video-frame').getBoundingClientRect(); return [r.width, r.height, document.documentElement.clientWidth]")
        .await;
    let (w, h, page) = (
        frame[0].as_f64().unwrap(),
        frame[1].as_f64().unwrap(),
        frame[2].as_f64().unwrap(),
    );
    assert!(
        (w / h - 16.0 / 9.0).abs() < 0.02 && w < page,
        "a 16:9 frame inside the page: {w}×{h} in {page}"
    );
    b.client
        .find(Locator::Css(".video-play"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_until("return !!document.querySelector('.video-frame iframe')")
        .await;
    let player = b
        .js("const f = document.querySelector('.video-frame iframe'); return [f.src, f.title, f.allow, f.allowFullscreen]")
        .await;
    assert_eq!(
        player,
        serde_json::json!([
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
            "What happens at your first visit",
            "autoplay; encrypted-media; picture-in-picture",
            true
        ])
    );
    // The frame cannot load here (no internet), but the policy let it try.
    let violations = b.js("return violations").await;
    assert_eq!(violations, serde_json::json!([]));
    let errors: Vec<String> = b
        .console_errors()
        .await
        .into_iter()
        .filter(|e| e.contains("Content Security Policy"))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}
