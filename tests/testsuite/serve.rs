//! `careleaf serve`: live rebuilds, reload events, the error overlay, safe file serving.

use std::time::Duration;

use crate::common::server::{Server, free_port, request, request_bytes, wait_for_event};
use crate::common::*;

const SLEEP_PAGE: &str = "---\ntitle: Sleep and recovery\ndescription: Why sleep helps.\n---\n\n## Why sleep matters\n\n";

#[test]
fn an_edit_updates_the_page_and_sends_a_reload_event() {
    let site = TempSite::from_fixture("minimal");
    let server = Server::start(site.path(), &[]);
    assert!(
        server
            .get("/sleep/")
            .body
            .contains("Sleep helps you recover.")
    );
    let events = server.events();
    site.write(
        "content/sleep.md",
        format!("{SLEEP_PAGE}Sleep is when the body repairs itself.\n"),
    );
    wait_for_event(&events, "/sleep/index.html");
    let page = server.get("/sleep/");
    assert!(
        page.body.contains("Sleep is when the body repairs itself."),
        "{}",
        page.body
    );
    // Search catches up right after: the new words can be found.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !server.get("/search/index.json").body.contains("\"repair\"") {
        assert!(
            std::time::Instant::now() < deadline,
            "the search index has the edit"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Served pages get the reload script; the build never contains it.
    assert!(
        page.body
            .contains("<script src=\"/__careleaf/reload.js\" defer></script>")
    );
    assert!(
        page.header("Content-Security-Policy")
            .unwrap()
            .contains("script-src 'self'")
    );
    let script = server.get("/__careleaf/reload.js");
    assert_eq!(script.status, 200);
    assert!(script.body.contains("EventSource('/__careleaf/events')"));
    site.build().assert_ok();
    assert!(!site.read("public/sleep/index.html").contains("__careleaf"));
}

#[test]
fn a_broken_edit_shows_the_overlay_over_the_last_good_page_and_recovers() {
    let site = TempSite::from_fixture("minimal");
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    site.write(
        "content/sleep.md",
        "---\ntitel: Sleep\ndescription: Why sleep helps.\n---\n\nBroken.\n",
    );
    wait_for_event(&events, "\"*\"");
    let page = server.get("/sleep/");
    assert!(page.body.contains("id=\"careleaf-error\""), "overlay shown");
    assert!(
        page.body.contains("content/sleep.md — line 2, column 1"),
        "{}",
        page.body
    );
    assert!(page.body.contains("unknown key `titel`"));
    assert!(page.body.contains("How to fix it: did you mean `title`?"));
    assert!(
        page.body.contains("Sleep helps you recover."),
        "the last good content stays"
    );
    assert!(
        server.get("/").body.contains("id=\"careleaf-error\""),
        "on every page"
    );
    assert_eq!(server.get("/__careleaf/overlay.css").status, 200);
    server.wait_for_output("unknown key `titel`");
    // Fixing the file removes the overlay and reloads.
    site.write(
        "content/sleep.md",
        format!("{SLEEP_PAGE}Fixed and better.\n"),
    );
    wait_for_event(&events, "\"*\"");
    let page = server.get("/sleep/");
    assert!(!page.body.contains("careleaf-error"));
    assert!(page.body.contains("Fixed and better."));
}

#[test]
fn editor_save_patterns_new_and_deleted_pages() {
    let site = TempSite::from_fixture("minimal");
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    // Save by writing a temporary file and renaming it over the page (vim, VS Code, JetBrains).
    let tmp = site.path().join("content/.sleep.md.swp");
    std::fs::write(&tmp, format!("{SLEEP_PAGE}Saved by rename.\n")).unwrap();
    std::fs::rename(&tmp, site.path().join("content/sleep.md")).unwrap();
    assert!(
        server
            .wait_for_body("/sleep/", "Saved by rename.")
            .body
            .contains("Saved by rename.")
    );
    // A burst of writes ends with the last one.
    for n in 0..5 {
        site.write("content/sleep.md", format!("{SLEEP_PAGE}Burst {n}.\n"));
    }
    assert!(
        server
            .wait_for_body("/sleep/", "Burst 4.")
            .body
            .contains("Burst 4.")
    );
    // A new page appears at its address and in the home page's list.
    site.write(
        "content/rest.md",
        "---\ntitle: Rest days\ndescription: Taking it easy.\n---\n\nRest.\n",
    );
    wait_for_event(&events, "rest/index.html");
    assert_eq!(server.get("/rest/").status, 200);
    assert!(server.get("/").body.contains("Rest days"));
    // Deleting it removes its page and its place in lists.
    std::fs::remove_file(site.path().join("content/rest.md")).unwrap();
    wait_for_event(&events, "rest/index.html");
    assert_eq!(server.get("/rest/").status, 404);
    assert!(!server.get("/").body.contains("Rest days"));
    // Renaming a page moves it.
    std::fs::rename(
        site.path().join("content/sleep.md"),
        site.path().join("content/sleeping.md"),
    )
    .unwrap();
    site.write(
        "content/_index.md",
        "---\ntitle: Welcome\ndescription: Start here.\n---\n\nRead [about sleep](sleeping.md).\n",
    );
    server.wait_for_body("/sleeping/", "Burst 4.");
    assert_eq!(server.get("/sleep/").status, 404);
    // A page written right after its new folder is created is picked up.
    std::fs::create_dir(site.path().join("content/topics")).unwrap();
    site.write(
        "content/topics/nutrition.md",
        "---\ntitle: Eating well\ndescription: Food and recovery.\n---\n\nEat regular meals.\n",
    );
    assert!(
        server
            .wait_for_body("/topics/nutrition/", "Eat regular meals.")
            .body
            .contains("Eat regular meals.")
    );
    // A template change rebuilds everything.
    site.write(
        "templates/partials/cta.html",
        "<aside class=\"cta\"><p>NEW CTA</p></aside>\n",
    );
    assert!(
        server
            .wait_for_body("/sleeping/", "NEW CTA")
            .body
            .contains("NEW CTA")
    );
    // site.yaml too.
    site.write(
        "site.yaml",
        "title: Renamed Clinic\ndescription: Patient information.\n",
    );
    assert!(
        server
            .wait_for_body("/", "Renamed Clinic")
            .body
            .contains("Renamed Clinic")
    );
}

#[test]
fn only_the_sites_files_are_served() {
    let site = TempSite::from_fixture("features");
    let outside = TempSite::empty();
    outside.write("secret.txt", "do not serve");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("content/guide/secret.txt"),
    )
    .unwrap();
    let server = Server::start(site.path(), &[]);
    let attempts = [
        "/../site.yaml",
        "/guide/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/..%2fsite.yaml",
        "/guide/..%5c..%5csite.yaml",
        "/%252e%252e/site.yaml",
        "/..\\site.yaml",
        "//etc/passwd",
        "/etc/passwd",
        "/%00/../site.yaml",
        "/content/guide/a-first.md",
        "/guide/secret.txt",
        "/./site.yaml",
        "/guide/%2e/../../site.yaml",
        "http://127.0.0.1/../site.yaml",
        "/%c0%ae%c0%ae/site.yaml",
        "/static/",
    ];
    for path in attempts {
        let r = request(
            server.port,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        );
        assert!(r.status == 404 || r.status == 400, "{path}: {}", r.status);
        assert!(
            !r.body.contains("do not serve") && !r.body.contains("title: Features Clinic"),
            "{path} leaked a file"
        );
    }
    // The site's own 404 page, with status 404.
    let missing = server.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));
}

#[test]
fn content_types_head_and_redirects() {
    let site = TempSite::from_fixture("features");
    let server = Server::start(site.path(), &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    let css = home
        .body
        .split("href=\"")
        .find_map(|s| s.split('"').next().filter(|u| u.ends_with(".css")))
        .unwrap()
        .to_string();
    assert_eq!(
        server.get(&css).header("Content-Type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    for (path, kind) in [
        ("/guide/chart.png", "image/png"),
        ("/guide/handout.pdf", "application/pdf"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/favicon.ico", "image/x-icon"),
    ] {
        let r = server.get(path);
        assert_eq!(
            (r.status, r.header("Content-Type")),
            (200, Some(kind.to_string())),
            "{path}"
        );
    }
    let head = server.head("/guide/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert!(head.header("Content-Length").is_some_and(|l| l != "0"));
    let redirect = server.get("/guide");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("Location").as_deref(), Some("/guide/"));
    let post = request(
        server.port,
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(post.status, 405);
}

#[test]
fn a_taken_port_is_reported_with_a_way_out() {
    let site = TempSite::from_fixture("minimal");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains(&format!("port {port} is already in use")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--port"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn listening_beyond_this_computer_is_warned_about() {
    let site = TempSite::from_fixture("minimal");
    let port = free_port().to_string();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_careleaf"))
        .args(["serve", "--bind", "0.0.0.0", "--port", &port, "--root"])
        .arg(site.path())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(800));
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: listening on 0.0.0.0"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = TempSite::from_fixture("minimal");
    let port = free_port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_careleaf"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(std::time::Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Stopped the preview server."));
}

#[test]
fn a_title_change_updates_the_page_its_lists_and_the_sitemap_only() {
    let site = TempSite::from_fixture("features");
    let server = Server::start(site.path(), &[]);
    let events = server.events();
    let page = site
        .read("content/guide/b-second.md")
        .replace("title: Second step", "title: The second step, renamed");
    site.write("content/guide/b-second.md", page);
    let changed = wait_for_event(&events, "b-second/index.html");
    // The page, its section's list and its neighbours' previous/next links change; unrelated
    // pages are not touched.
    for path in [
        "/guide/b-second/index.html",
        "/guide/index.html",
        "/guide/a-first/index.html",
        "/guide/apple/index.html",
    ] {
        assert!(changed.contains(path), "{path} not in {changed}");
    }
    assert!(!changed.contains("zebra/index.html"), "{changed}");
    assert!(!changed.contains("team/index.html"), "{changed}");
    assert!(
        server
            .get("/guide/")
            .body
            .contains("The second step, renamed")
    );
    assert!(
        server
            .get("/guide/a-first/")
            .body
            .contains("The second step, renamed"),
        "next link of the neighbour"
    );
    let log = server.wait_for_output("b-second.md changed");
    assert!(!log.contains("rebuilt the site"), "{log}");
}

#[test]
fn an_edit_to_a_translated_page_rebuilds_it_in_its_language() {
    let site = TempSite::from_fixture("languages");
    let server = Server::start(site.path(), &[]);
    assert!(
        server
            .get("/es/el-sueno/")
            .body
            .contains("Dormir le ayuda a recuperarse.")
    );
    let events = server.events();
    site.write(
        "content/es/sleep.md",
        "---\ntitle: El sueño y la recuperación\ndescription: Por qué ayuda dormir.\nslug: el-sueno\ndate: 2026-11-03\n---\n\nDormir repara el cuerpo.\n",
    );
    wait_for_event(&events, "/es/el-sueno/index.html");
    let page = server.get("/es/el-sueno/");
    assert!(
        page.body.contains("Dormir repara el cuerpo."),
        "{}",
        page.body
    );
    assert!(page.body.contains("<html lang=\"es\">"));
    // The English page with the same path is untouched.
    assert!(
        server
            .get("/sleep/")
            .body
            .contains("Sleep helps you recover.")
    );
    // A second edit of the body only takes the quick path, and reads the Spanish file (not
    // the English one at the same path).
    site.write(
        "content/es/sleep.md",
        "---\ntitle: El sueño y la recuperación\ndescription: Por qué ayuda dormir.\nslug: el-sueno\ndate: 2026-11-03\n---\n\nDormir bien repara el cuerpo.\n",
    );
    let log = server.wait_for_output("updated");
    assert!(
        log.contains("content/es/sleep.md changed: updated"),
        "{log}"
    );
    let page = server.wait_for_body("/es/el-sueno/", "Dormir bien repara el cuerpo.");
    assert!(
        !page.body.contains("Sleep helps you recover."),
        "{}",
        page.body
    );
}

#[test]
fn malformed_and_hostile_requests_are_answered_or_dropped_and_others_are_still_served() {
    use std::io::Write;
    let site = TempSite::from_fixture("features");
    let server = Server::start(site.path(), &[]);
    let port = server.port;
    // Slow clients that never finish their request, opened first and kept open throughout.
    let slow: Vec<std::net::TcpStream> = (0..200)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                .unwrap();
            s
        })
        .collect();
    let huge_header = [
        &b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: "[..],
        &vec![b'a'; 5_000_000],
        b"\r\n\r\n",
    ]
    .concat();
    let many_headers = [
        &b"GET / HTTP/1.1\r\nHost: x\r\n"[..],
        &(0..5000)
            .flat_map(|i| format!("X-{i}: v\r\n").into_bytes())
            .collect::<Vec<u8>>(),
        b"\r\n",
    ]
    .concat();
    let long_url = [
        &b"GET /"[..],
        &vec![b'a'; 200_000],
        b" HTTP/1.1\r\nHost: x\r\n\r\n",
    ]
    .concat();
    let cases: Vec<(&str, Vec<u8>, &[u16])> = vec![
        ("bad request line", b"HELLO\r\n\r\n".to_vec(), &[400]),
        (
            "binary noise",
            b"\x00\x01\x02\xff\xfe\r\n\r\n".to_vec(),
            &[400],
        ),
        ("no HTTP version", b"GET /\r\n\r\n".to_vec(), &[400]),
        (
            "unknown version",
            b"GET / HTTP/9.9\r\n\r\n".to_vec(),
            &[400, 505],
        ),
        (
            "non-UTF-8 path",
            b"GET /\xff\xfe/ HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            &[400, 404],
        ),
        (
            "encoded non-UTF-8 path",
            b"GET /%ff%fe/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
            &[404],
        ),
        ("5 MB header", huge_header, &[431, 0]),
        ("5,000 headers", many_headers, &[431, 0]),
        ("200 KB address", long_url, &[431, 414, 0]),
        (
            "negative length",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".to_vec(),
            &[400],
        ),
        (
            "other method",
            b"DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
            &[405],
        ),
    ];
    for (name, bytes, allowed) in cases {
        let status = request_bytes(port, &bytes).status;
        assert!(allowed.contains(&status), "{name}: status {status}");
        // Everyone else is still served, while the slow clients wait.
        let page = server.get("/");
        assert_eq!(page.status, 200, "after {name}");
        assert!(page.body.contains("Features Clinic"), "after {name}");
    }
    drop(slow);
    let page = server.get("/guide/");
    assert_eq!(page.status, 200);
}

#[test]
fn every_bad_input_of_the_corpus_shows_the_error_overlay_in_the_preview() {
    let mut names: Vec<String> = std::fs::read_dir(fixture("bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "base")
        .collect();
    names.sort();
    assert!(names.len() >= 40);
    let mut failures = Vec::new();
    for name in names {
        let site = TempSite::from_fixture(&format!("bad/{name}"));
        let server = Server::start(site.path(), &[]);
        let page = server.get("/");
        let printed: Vec<String> = server.output.try_iter().collect();
        if !page.body.contains("could not be updated") {
            failures.push(format!("{name}: no overlay ({})", page.status));
        }
        if printed.iter().any(|l| l.contains("panicked")) {
            failures.push(format!("{name}: {}", printed.join("\n")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
