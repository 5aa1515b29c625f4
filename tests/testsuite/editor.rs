//! The editor's requests in `careleaf serve`: only with this run's key, only from the preview's
//! own address and pages, only into `content/`, never over a version the editor did not open.

use crate::common::server::{Server, request, wait_for_event};
use crate::common::*;

/// The key `serve` printed for this run.
pub fn key(server: &Server) -> String {
    let printed = server.wait_for_output("Edit pages in your browser");
    let line = printed
        .lines()
        .find(|l| l.contains("Edit pages in your browser"))
        .unwrap();
    line.rsplit("token=").next().unwrap().trim().to_string()
}

fn post(
    port: u16,
    path: &str,
    host: &str,
    origin: &str,
    cookie: &str,
    body: &str,
) -> server::HttpResponse {
    request(
        port,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nCookie: {cookie}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

fn get(port: u16, path: &str, cookie: &str) -> server::HttpResponse {
    request(
        port,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
        ),
    )
}

#[test]
fn a_save_needs_the_key_the_own_origin_and_the_version_it_was_based_on() {
    let site = TempSite::from_fixture("features");
    let server = Server::start(site.path(), &[]);
    let port = server.port;
    let token = key(&server);
    let own = format!("http://127.0.0.1:{port}");
    let host = format!("127.0.0.1:{port}");

    // The session: refused without the key, a cookie no script can read with it.
    assert_eq!(get(port, "/__careleaf/edit/session", "").status, 403);
    let session = get(port, &format!("/__careleaf/edit/session?token={token}"), "");
    assert_eq!(session.status, 303, "{}", session.body);
    assert_eq!(
        session.header("location").as_deref(),
        Some("/__careleaf/edit/")
    );
    let cookie_header = session.header("set-cookie").unwrap();
    assert_eq!(
        cookie_header,
        format!("careleaf_edit={token}; Path=/; HttpOnly; SameSite=Strict")
    );
    let cookie = format!("careleaf_edit={token}");

    let opened = get(port, "/__careleaf/edit/file?path=guide/apple.md", &cookie);
    assert_eq!(opened.status, 200, "{}", opened.body);
    let opened: serde_json::Value = serde_json::from_str(&opened.body).unwrap();
    assert!(opened["text"].as_str().unwrap().contains("title: Apple"));
    let version = opened["version"].as_str().unwrap().to_string();
    let before = site.read("content/guide/apple.md");

    let new_text = before.replace("\nA.\n", "\nApples are good for you.\n");
    let body =
        serde_json::json!({ "path": "guide/apple.md", "text": new_text, "version": version })
            .to_string();
    // Another site's page, DNS rebinding, a missing cookie: refused, nothing written.
    for (h, o, c) in [
        (host.as_str(), "https://evil.example", cookie.as_str()),
        ("evil.example", "http://evil.example", cookie.as_str()),
        (host.as_str(), own.as_str(), ""),
    ] {
        let refused = post(port, "/__careleaf/edit/file", h, o, c, &body);
        assert_eq!(refused.status, 403, "{h} {o} {c}: {}", refused.body);
    }
    assert_eq!(site.read("content/guide/apple.md"), before);

    // The real thing: saved atomically, the old version kept, the preview reloads.
    let events = server.events();
    let saved = post(port, "/__careleaf/edit/file", &host, &own, &cookie, &body);
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(site.read("content/guide/apple.md"), new_text);
    let history = site.path().join(".careleaf/history/guide/apple.md");
    assert_eq!(std::fs::read_dir(&history).unwrap().count(), 1);
    wait_for_event(&events, "guide/apple/");
    assert!(
        server
            .wait_for_body("/guide/apple/", "Apples are good for you.")
            .status
            == 200
    );

    // Saving again from the first version would overwrite the second: 409 with the disk's text.
    let stale = serde_json::json!({ "path": "guide/apple.md", "text": "mine", "version": version })
        .to_string();
    let conflict = post(port, "/__careleaf/edit/file", &host, &own, &cookie, &stale);
    assert_eq!(conflict.status, 409, "{}", conflict.body);
    assert!(
        conflict.body.contains("Apples are good for you."),
        "{}",
        conflict.body
    );
    assert_eq!(site.read("content/guide/apple.md"), new_text);

    // Nothing outside content/, nothing but pages and data files.
    for path in ["../site.yaml", "guide/../../site.yaml", "guide/apple.js"] {
        let body = serde_json::json!({ "path": path, "text": "x", "version": null }).to_string();
        let refused = post(port, "/__careleaf/edit/file", &host, &own, &cookie, &body);
        assert_eq!(refused.status, 403, "{path}: {}", refused.body);
    }
    assert!(!site.read("site.yaml").is_empty() && site.read("site.yaml") != "x");
}

#[test]
fn no_edit_turns_the_editor_off() {
    let site = TempSite::from_fixture("features");
    let server = Server::start(site.path(), &["--no-edit"]);
    let answer = get(server.port, "/__careleaf/edit/session?token=x", "");
    assert_eq!(answer.status, 404);
}

/// A session on a running preview: the key, the cookie and the preview's own origin.
struct Session {
    port: u16,
    cookie: String,
    host: String,
    origin: String,
}

impl Session {
    fn of(server: &Server) -> Session {
        let port = server.port;
        Session {
            port,
            cookie: format!("careleaf_edit={}", key(server)),
            host: format!("127.0.0.1:{port}"),
            origin: format!("http://127.0.0.1:{port}"),
        }
    }

    fn post(&self, route: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let answer = post(
            self.port,
            &format!("/__careleaf/edit/{route}"),
            &self.host,
            &self.origin,
            &self.cookie,
            &body.to_string(),
        );
        let value = serde_json::from_str(&answer.body).unwrap_or(serde_json::Value::Null);
        (answer.status, value)
    }

    /// `POST upload` with a multipart form, the way the browser sends it.
    fn upload(&self, cookie: &str, page: &str, alt: &str, name: &str, bytes: &[u8]) -> u16 {
        let boundary = "----careleafTestBoundary";
        let mut body = Vec::new();
        for (field, value) in [("page", page), ("alt", alt)] {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n").as_bytes(),
            );
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut raw = format!(
            "POST /__careleaf/edit/upload HTTP/1.1\r\nHost: {}\r\nOrigin: {}\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.host,
            self.origin,
            body.len()
        )
        .into_bytes();
        raw.extend_from_slice(&body);
        server::request_bytes(self.port, &raw).status
    }
}

/// The bundled site, copied.
pub fn bundled_copy() -> TempSite {
    let site = TempSite::empty();
    for part in ["content", "themes"] {
        copy_dir(&repo_root().join(part), &site.path().join(part));
    }
    std::fs::copy(repo_root().join("site.yaml"), site.path().join("site.yaml")).unwrap();
    site
}

/// A small valid PNG (a 2×2 red picture, checksums right: pictures are decoded).
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xFD, 0xD4, 0x9A,
    0x73, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
    0x44, 0x0C, 0x10, 0x0A, 0x00, 0x1F, 0xEE, 0x03, 0xFD, 0x63, 0x5E, 0xBB, 0x5B, 0x00, 0x00, 0x00,
    0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[test]
fn a_field_changes_only_its_own_bytes_and_a_bad_value_is_refused_with_what_to_do() {
    let site = bundled_copy();
    let server = Server::start(site.path(), &[]);
    let s = Session::of(&server);
    let before = site.read("content/how-long-it-lasts.md");
    let (status, read) = s.post(
        "fields/read",
        serde_json::json!({ "path": "how-long-it-lasts.md", "text": before }),
    );
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["fields"]["tags"][0], "duration");
    assert_eq!(read["fields"]["editable"], true);
    let (status, changed) = s.post(
        "fields",
        serde_json::json!({ "path": "how-long-it-lasts.md", "text": before,
            "changes": [{ "field": "title", "value": "How long does relief last: a guide" }] }),
    );
    assert_eq!(status, 200, "{changed}");
    let front = changed["front"].as_str().unwrap();
    let old_front = &before[..before.find("\n---\n").unwrap() + 5];
    assert_eq!(front.lines().count(), old_front.lines().count());
    let differing: Vec<(&str, &str)> = old_front
        .lines()
        .zip(front.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        differing,
        [(
            "title: How long do the benefits of ketamine last?",
            "title: \"How long does relief last: a guide\""
        )]
    );
    assert_eq!(
        changed["fields"]["title"],
        "How long does relief last: a guide"
    );
    // Nothing is written until the editor saves.
    assert_eq!(site.read("content/how-long-it-lasts.md"), before);

    let (status, refused) = s.post(
        "fields",
        serde_json::json!({ "path": "how-long-it-lasts.md", "text": before,
            "changes": [{ "field": "last_reviewed", "value": "27/11/2026" }] }),
    );
    assert_eq!(status, 200);
    assert!(refused.get("front").is_none(), "{refused}");
    assert!(
        refused["error"].as_str().unwrap().contains("2026-11-27"),
        "{refused}"
    );
}

#[test]
fn new_rename_delete_and_translate_keep_every_link_working() {
    let site = bundled_copy();
    let server = Server::start(site.path(), &[]);
    let s = Session::of(&server);

    // New: from the title, with the fields a page needs first, a draft.
    let (status, made) = s.post(
        "new",
        serde_json::json!({ "section": "", "title": "Paying for treatment" }),
    );
    assert_eq!(status, 200, "{made}");
    assert_eq!(made["path"], "paying-for-treatment.md");
    let text = site.read("content/paying-for-treatment.md");
    assert!(
        text.starts_with("---\ntitle: Paying for treatment\ndescription: \"PLACEHOLDER:"),
        "{text}"
    );
    assert!(
        text.contains("\ndraft: true\n") && text.contains("reviewed_by: \"PLACEHOLDER"),
        "{text}"
    );
    let (_, es) = s.post(
        "new",
        serde_json::json!({ "section": "es", "title": "¿Cuánto cuesta?" }),
    );
    assert_eq!(es["path"], "es/cuanto-cuesta.md");
    assert!(
        site.read("content/es/cuanto-cuesta.md")
            .contains("Escriba aquí")
    );

    // Rename: every page linking to it follows, the old address sends visitors on, and the
    // Spanish translation (linked by the file name) stays linked.
    let (status, moved) = s.post(
        "rename",
        serde_json::json!({ "from": "what-research-says.md", "to": "research/what-studies-say.md" }),
    );
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["path"], "research/what-studies-say.md");
    assert!(!site.path().join("content/what-research-says.md").exists());
    let faq = site.read("content/faq.md");
    assert!(faq.contains("](research/what-studies-say.md)"), "{faq}");
    assert!(!faq.contains("](what-research-says.md)"));
    let moved_text = site.read("content/research/what-studies-say.md");
    assert!(
        moved_text.contains("aliases: [/what-research-says/]"),
        "{moved_text}"
    );
    assert!(moved_text.contains("translation_key: what-research-says"));
    assert!(
        site.read("content/es/what-research-says.md")
            .contains("translation_key: what-research-says")
    );
    server.wait_for_body("/research/what-studies-say/", "What the research says");
    let old = server.wait_for_body("/what-research-says/", "research/what-studies-say/");
    assert_eq!(old.status, 200);
    server.wait_for_body(
        "/es/lo-que-dice-la-investigacion/",
        "/research/what-studies-say/",
    );

    // Delete: refused while pages link to it; otherwise into the trash, and back.
    let (status, refused) = s.post(
        "delete",
        serde_json::json!({ "path": "research/what-studies-say.md" }),
    );
    assert_eq!(status, 400);
    assert!(
        refused["error"].as_str().unwrap().contains("faq.md"),
        "{refused}"
    );
    let (status, trashed) = s.post(
        "delete",
        serde_json::json!({ "path": "paying-for-treatment.md" }),
    );
    assert_eq!(status, 200, "{trashed}");
    assert!(!site.path().join("content/paying-for-treatment.md").exists());
    let id = trashed["trash_id"].as_str().unwrap();
    assert!(
        site.path()
            .join(format!(".careleaf/trash/{id}/paying-for-treatment.md"))
            .exists()
    );
    let (status, back) = s.post("undelete", serde_json::json!({ "id": id }));
    assert_eq!(status, 200, "{back}");
    assert_eq!(site.read("content/paying-for-treatment.md"), text);

    // Translate: a draft copy in the other language's folder, linked by a shared key.
    let (status, translated) = s.post(
        "translate",
        serde_json::json!({ "path": "paying-for-treatment.md", "language": "es" }),
    );
    assert_eq!(status, 200, "{translated}");
    assert_eq!(translated["path"], "es/paying-for-treatment.md");
    let copy = site.read("content/es/paying-for-treatment.md");
    assert!(
        copy.contains("translation_key: paying-for-treatment") && copy.contains("draft: true"),
        "{copy}"
    );
    assert!(
        site.read("content/paying-for-treatment.md")
            .contains("translation_key: paying-for-treatment")
    );
    // Page actions need the key like every other editor request.
    let refused = post(
        s.port,
        "/__careleaf/edit/delete",
        &s.host,
        &s.origin,
        "",
        r#"{"path":"paying-for-treatment.md"}"#,
    );
    assert_eq!(refused.status, 403);
    assert!(site.path().join("content/paying-for-treatment.md").exists());
}

#[test]
fn a_picture_lands_beside_its_page_only_with_alt_text_the_key_and_a_picture_inside() {
    let site = TempSite::from_fixture("features");
    let server = Server::start(site.path(), &[]);
    let s = Session::of(&server);
    let listing = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(site.path().join("content/guide"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    assert_eq!(
        s.upload("", "guide/apple.md", "A red apple", "apple.png", PNG),
        403
    );
    assert_eq!(
        s.upload(&s.cookie, "guide/apple.md", "  ", "apple.png", PNG),
        400
    );
    assert_eq!(
        s.upload(
            &s.cookie,
            "guide/apple.md",
            "A script",
            "x.png",
            b"#!/bin/sh\nrm -rf /\n"
        ),
        400
    );
    assert_eq!(
        s.upload(&s.cookie, "../site.yaml", "An apple", "apple.png", PNG),
        403
    );
    let huge = vec![0u8; 11 * 1024 * 1024];
    assert_eq!(
        s.upload(&s.cookie, "guide/apple.md", "Big", "big.png", &huge),
        413
    );
    assert_eq!(listing(), before, "nothing written by a refused upload");

    assert_eq!(
        s.upload(
            &s.cookie,
            "guide/apple.md",
            "A red apple",
            "My Apple.PNG",
            PNG
        ),
        200
    );
    assert_eq!(
        std::fs::read(site.path().join("content/guide/my-apple.png")).unwrap(),
        PNG
    );
    // The same name again never overwrites.
    assert_eq!(
        s.upload(
            &s.cookie,
            "guide/apple.md",
            "Another apple",
            "My Apple.PNG",
            PNG
        ),
        200
    );
    assert!(site.path().join("content/guide/my-apple-2.png").exists());
}

#[test]
fn an_oversized_request_body_is_refused_with_413_and_nothing_written() {
    let site = TempSite::from_fixture("features");
    let server = Server::start(site.path(), &[]);
    let s = Session::of(&server);
    let before = site.read("content/guide/apple.md");
    let text = "x".repeat(5 * 1024 * 1024);
    let (status, _) = s.post(
        "file",
        serde_json::json!({ "path": "guide/apple.md", "text": text, "version": null }),
    );
    assert_eq!(status, 413);
    assert_eq!(site.read("content/guide/apple.md"), before);
}

#[test]
fn the_editor_checks_one_page_as_careleaf_check_does() {
    let site = bundled_copy();
    let report = site.run(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    let server = Server::start(site.path(), &[]);
    let s = Session::of(&server);
    for page in [
        "how-long-it-lasts.md",
        "es/risks-and-side-effects.md",
        "faq.md",
    ] {
        let file = format!("content/{page}");
        let mut expected: Vec<(String, u64)> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["file"].as_str().is_some_and(|p| p.ends_with(&file)))
            .map(|f| {
                (
                    f["id"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                )
            })
            .collect();
        let text = site.read(&file);
        let (status, draft) = s.post("preview", serde_json::json!({ "path": page, "text": text }));
        assert_eq!(status, 200, "{draft}");
        let mut shown: Vec<(String, u64)> = draft["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                )
            })
            .collect();
        expected.sort();
        shown.sort();
        assert_eq!(shown, expected, "{page}");
        assert!(
            !shown.is_empty(),
            "{page} has findings in the bundled site (placeholders)"
        );
    }
}

#[test]
fn the_faq_page_previews_its_unsaved_questions() {
    let site = bundled_copy();
    let server = Server::start(site.path(), &[]);
    let s = Session::of(&server);
    let text = site.read("content/faq.md").replacen(
        "\n## ",
        "\n## Can I bring my own music?\n\nYes. Many patients bring headphones and a calm playlist.\n\n## ",
        1,
    );
    let (status, draft) = s.post(
        "preview",
        serde_json::json!({ "path": "faq.md", "text": text }),
    );
    assert_eq!(status, 200, "{draft}");
    assert_eq!(draft["live"], true, "{draft}");
    let frame = get(s.port, draft["frame"].as_str().unwrap(), &s.cookie);
    assert!(
        frame.body.contains("Can I bring my own music?"),
        "the draft's question is shown"
    );
    assert!(frame.body.contains("a calm playlist"));
    // The saved FAQ is untouched: the site's own page does not have it.
    assert!(
        !server
            .get("/faq/")
            .body
            .contains("Can I bring my own music?")
    );
    let (_, again) = s.post(
        "preview",
        serde_json::json!({ "path": "faq.md", "text": site.read("content/faq.md") }),
    );
    let frame = get(s.port, again["frame"].as_str().unwrap(), &s.cookie);
    assert!(!frame.body.contains("Can I bring my own music?"));
}

#[test]
fn the_editor_speaks_the_site_language() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sitio");
    let root_text = root.to_str().unwrap();
    careleaf(
        &["init", root_text, "--country", "us", "--language", "es"],
        dir.path(),
    )
    .assert_ok();
    let server = Server::start(&root, &[]);
    let s = Session::of(&server);
    let shell = get(s.port, "/__careleaf/edit/", &s.cookie);
    assert_eq!(shell.status, 200, "{}", shell.body);
    assert!(shell.body.contains("<html lang=\"es\">"), "{}", shell.body);
    assert!(
        shell.body.contains(">Guardar<") && shell.body.contains(">Páginas<"),
        "{}",
        shell.body
    );
    // The words the script shows come from the same Spanish strings.
    assert!(shell.body.contains("\"editor_saved\":"), "{}", shell.body);
    assert!(!shell.body.contains(">Save<"));
    // A new page starts with Spanish placeholders.
    let (status, made) = s.post(
        "new",
        serde_json::json!({ "section": "", "title": "Cómo prepararse" }),
    );
    assert_eq!(status, 200, "{made}");
    let text = std::fs::read_to_string(root.join("content/como-prepararse.md")).unwrap();
    assert!(text.contains("Escriba aquí la página"), "{text}");
}

#[test]
fn renaming_a_page_that_keeps_its_address_adds_no_alias() {
    let site = TempSite::from_fixture("features");
    let server = Server::start(site.path(), &[]);
    let s = Session::of(&server);
    let before = site.read("content/slugged.md");
    assert!(before.contains("\nslug: "), "{before}");
    let (status, moved) = s.post(
        "rename",
        serde_json::json!({ "from": "slugged.md", "to": "renamed-file.md" }),
    );
    assert_eq!(status, 200, "{moved}");
    let after = site.read("content/renamed-file.md");
    assert_eq!(after, before, "same address, one language: nothing to add");
    drop(server);
    site.build().assert_ok();
}
