//! The editor's requests in `careleaf serve`: only with this run's key, only from the preview's
//! own address and pages, only into `content/`, never over a version the editor did not open.

use crate::common::server::{Server, request, wait_for_event};
use crate::common::*;

/// The key `serve` printed for this run.
fn key(server: &Server) -> String {
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
