//! A build that fails, is killed, or runs beside another build never leaves a broken or mixed
//! output: the previous `public/` stays whole until a complete new one replaces it.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// A site of `n` articles, built once, so `public/` holds a previous build to protect.
fn built_site(n: usize) -> TempSite {
    let site = TempSite::from_fixture("minimal");
    for i in 0..n {
        site.write(
            &format!("content/guide/page-{i:05}.md"),
            format!(
                "---\ntitle: Page {i}\ndescription: Page number {i}.\n---\n\n{}\n",
                "Plain words about the treatment and what to expect after it. ".repeat(40)
            ),
        );
    }
    site.write(
        "content/guide/_index.md",
        "---\ntitle: Guide\ndescription: All pages.\n---\n\nThe guide.\n",
    );
    site.build().assert_ok();
    site
}

fn leftovers(site: &TempSite) -> Vec<String> {
    staging_leftovers(site.path())
}

#[test]
fn a_page_that_fails_after_others_were_written_changes_nothing() {
    let site = built_site(300);
    let before = snapshot(&site.path().join("public"));
    // Renders fail only at the end, page by page in parallel: a page with its own broken
    // template, named to sort last, fails after most of the others were written.
    site.write(
        "templates/broken.html",
        "{{ page.title }} {{ page.no_such_field }}\n",
    );
    site.write(
        "content/guide/zz-last.md",
        "---\ntitle: Last\ndescription: D\ntemplate: broken.html\n---\n\nText.\n",
    );
    let run = site.build();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: template error in broken.html: Field `no_such_field` is not defined."
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "--> {}/templates/broken.html:1:26\n",
            site.path().display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the output folder is unchanged"),
        "{}",
        run.stderr
    );
    assert!(
        snapshot(&site.path().join("public")) == before,
        "public/ changed"
    );
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
}

#[test]
fn an_output_folder_that_cannot_be_written_changes_nothing() {
    let site = built_site(5);
    let before = snapshot(&site.path().join("public"));
    // The new site is written beside public/ first: make that folder read-only. Root may
    // write anyway, so then the build runs as `nobody`.
    let as_root = running_as_root(site.path());
    if as_root {
        open_to_everyone(site.path());
    }
    std::fs::set_permissions(site.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let run = if as_root {
        careleaf_as_nobody(site.path(), &["build"])
    } else {
        site.build()
    };
    std::fs::set_permissions(site.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error: could not access this file: Permission denied (os error 13)\n"),
        "{}",
        run.stderr
    );
    // At the first file the build cannot write beside public/: the lock file the previous
    // build left (when run as `nobody`, who does not own it), or else the staging folder
    // (named with the build's process id).
    let at = run
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix(" --> "))
        .unwrap_or_else(|| panic!("no location:\n{}", run.stderr));
    let root = site.path().display();
    let lock = format!("{root}/.public.careleaf-lock:1:1");
    let staging = format!("{root}/.public.careleaf-staging-");
    let at_staging = at
        .strip_prefix(&staging)
        .and_then(|rest| rest.strip_suffix(":1:1"))
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
    assert!(
        at == lock || at_staging,
        "location {at:?}, want {lock} or {staging}<pid>:1:1"
    );
    assert!(
        run.stderr.contains("check that this folder is writable"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        snapshot(&site.path().join("public")) == before,
        "public/ changed"
    );
}

#[test]
fn a_file_where_the_output_folder_should_be_is_reported_and_kept() {
    let site = TempSite::from_fixture("minimal");
    site.write("public", "not a folder");
    let run = site.build();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!(
            "error: the output path {}/public is a file, not a folder\n",
            site.path().display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("= help: remove that file or choose another --output folder"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("public"), "not a folder");
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));

    // A file where a folder above the output should be.
    site.write("out", "a file");
    let run = site.run(&["build", "--output", "out/site"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    // Named as given (relative to the folder careleaf runs in), at 1:1 as for any file.
    assert!(
        run.stderr.starts_with(
            "error: could not access this file: File exists (os error 17)\n --> out:1:1\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(site.read("out"), "a file");
}

#[test]
fn a_build_killed_while_writing_leaves_the_previous_site_and_the_next_build_cleans_up() {
    let site = built_site(3000);
    let before = snapshot(&site.path().join("public"));
    // Change every page, so the killed build has real writing to do.
    site.write("site.yaml", "title: Renamed Clinic\ndescription: New.\n");
    let mut killed = 0;
    for attempt in 0..5 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_careleaf"))
            .args(["build", "--root"])
            .arg(site.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        // Kill it once its staging folder holds some of the new pages.
        let staging = loop {
            let found = std::fs::read_dir(site.path())
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.to_string_lossy().contains(".careleaf-staging-"));
            if let Some(dir) = found
                && count_files_containing(&dir, "Renamed Clinic", 50)
            {
                break Some(dir);
            }
            if child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(60) {
                break None;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        if staging.is_some() {
            killed += 1;
            assert!(
                snapshot(&site.path().join("public")) == before,
                "attempt {attempt}: public/ changed by a killed build"
            );
        }
    }
    assert!(killed >= 1, "no build was caught while writing");
    assert!(
        !leftovers(&site).is_empty(),
        "a killed build leaves its staging folder"
    );
    let run = site.build();
    run.assert_ok();
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
    let home = site.read("public/index.html");
    assert!(home.contains("Renamed Clinic"));
    assert!(
        site.read("public/guide/page-02999/index.html")
            .contains("Renamed Clinic")
    );
}

#[test]
fn a_second_build_while_one_is_writing_stops_with_a_clear_message() {
    let site = built_site(3);
    let before = snapshot(&site.path().join("public"));
    // Hold the lock as a running build would.
    let lock = std::fs::File::create(site.path().join(".public.careleaf-lock")).unwrap();
    lock.lock().unwrap();
    let run = site.build();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("another careleaf build is writing"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("wait for it to finish"),
        "{}",
        run.stderr
    );
    assert!(snapshot(&site.path().join("public")) == before);
    drop(lock);
    site.build().assert_ok();
}

#[test]
fn builds_started_together_each_finish_or_stop_cleanly_and_the_output_is_whole() {
    let site = built_site(1500);
    site.write("site.yaml", "title: Together Clinic\ndescription: New.\n");
    let children: Vec<_> = (0..3)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_careleaf"))
                .args(["build", "--root"])
                .arg(site.path())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut finished = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => finished += 1,
            Some(1) => assert!(
                stderr.contains("another careleaf build is writing"),
                "{stderr}"
            ),
            other => panic!("exit {other:?}: {stderr}"),
        }
    }
    assert!(finished >= 1);
    let together = snapshot(&site.path().join("public"));
    // What they left is exactly what one build alone writes.
    let alone = TempSite::empty();
    let run = site.run(&[
        "build",
        "--output",
        alone.path().join("public").to_str().unwrap(),
    ]);
    run.assert_ok();
    assert!(
        together == snapshot(&alone.path().join("public")),
        "the output is mixed"
    );
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
}

/// Whether at least `n` files under `dir` contain `text` (stops counting at `n`).
fn count_files_containing(dir: &Path, text: &str, n: usize) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains(text)))
        .take(n)
        .count()
        >= n
}
