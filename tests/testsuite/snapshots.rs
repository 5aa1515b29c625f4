//! Whole outputs compared with the files under `snapshots/` (insta): every page a fixture site
//! builds to, and every diagnostic `build` and `check` print for the fixtures that fail.
//! What changes between runs or machines (temporary folders, the year in the footer, the
//! careleaf version, the build time) is normalised by [`stable`] first.
//!
//! After a deliberate change: `INSTA_UPDATE=always cargo test --test testsuite -- snapshots::`,
//! then read the diff of `tests/testsuite/snapshots/` before committing it. With `CI` set,
//! nothing is written and a difference fails.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use crate::common::*;

/// Fixture sites whose every page is kept whole: `features` (sections, ordering, slugs, site
/// templates, data files, tables, callouts, footnote references, images and files, sitemap)
/// and `faq-timeline` (the FAQ, the timeline and their shortcodes, references).
const SITES: &[&str] = &["features", "faq-timeline"];

/// Fixture sites with errors or findings: `check` and `check-theme`, and every `bad/` site.
fn failing_fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture("bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "base")
        .map(|n| format!("bad/{n}"))
        .collect();
    names.sort();
    let mut all = vec!["check".to_string(), "check-theme".to_string()];
    all.extend(names);
    all
}

#[test]
fn every_page_of_the_fixture_sites() {
    let mut failed = Vec::new();
    let mut compared = 0;
    for name in SITES {
        let site = TempSite::from_fixture(name);
        let out = site.path().join("public");
        site.build().assert_ok();
        let mut files: Vec<String> = html_files(&out)
            .iter()
            .map(|p| rel(p, &out))
            .chain(["sitemap.xml", "robots.txt"].map(String::from))
            .filter(|f| out.join(f).is_file())
            .collect();
        files.sort();
        assert!(files.len() >= 5, "{name}: only {files:?}");
        for file in &files {
            let text = stable(&site.read(&format!("public/{file}")), site.path());
            assert!(!text.trim().is_empty(), "{name}: {file} is empty");
            compared += 1;
            let ok = matches(&format!("pages/{name}"), file, || {
                insta::with_settings!({
                    description => format!("careleaf build of tests/fixtures/{name}: public/{file}"),
                    omit_expression => true,
                }, {
                    insta::assert_snapshot!(file.as_str(), text);
                });
            });
            if !ok {
                failed.push(format!("{name}: {file}"));
            }
        }
    }
    assert!(compared >= 15, "only {compared} pages compared");
    assert!(failed.is_empty(), "pages that changed: {failed:#?}");
}

#[test]
fn every_diagnostic_of_the_failing_fixtures() {
    let mut failed = Vec::new();
    let fixtures = failing_fixtures();
    assert!(fixtures.len() >= 40, "{fixtures:?}");
    for name in &fixtures {
        let site = TempSite::from_fixture(name);
        let mut every_run_ok = true;
        let transcript: String = [
            &["build"][..],
            &["check"][..],
            &["check", "--format", "json"][..],
        ]
        .iter()
        .map(|args| {
            let run = site.run(args);
            assert!(
                !run.stderr.contains("panicked"),
                "{name}: careleaf {args:?} panicked:\n{}",
                run.stderr
            );
            every_run_ok &= run.status == 0;
            transcript_of(
                &format!("careleaf {} --root [SITE]", args.join(" ")),
                &run,
                site.path(),
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
        // Every one of these sites has something to say: an error, or check's findings.
        assert!(!every_run_ok, "{name}: every command succeeded");
        let snapshot = name.replace('/', "-");
        let ok = matches("diagnostics", &snapshot, || {
            insta::with_settings!({
                description => format!("build, check and check --format json on tests/fixtures/{name}"),
                omit_expression => true,
            }, {
                insta::assert_snapshot!(snapshot.as_str(), transcript);
            });
        });
        if !ok {
            failed.push(name.clone());
        }
    }
    assert!(failed.is_empty(), "diagnostics that changed: {failed:#?}");
}

/// A command's exit code and whole output, normalised, as the snapshot shows it.
fn transcript_of(command: &str, run: &Run, site: &Path) -> String {
    let block = |text: &str| {
        let text = stable(text, site);
        if text.is_empty() || text.ends_with('\n') {
            text
        } else {
            format!("{text}\n[no newline at the end]\n")
        }
    };
    format!(
        "$ {command}\nexit code: {}\n--- stdout\n{}--- stderr\n{}",
        run.status,
        block(&run.stdout),
        block(&run.stderr)
    )
}

/// Runs one snapshot assertion with its files in `snapshots/<folder>/` and without the module
/// name in the file name; reports a difference (insta prints it) instead of stopping, so that
/// one run shows every page that changed.
fn matches(folder: &str, name: &str, assert: impl FnOnce()) -> bool {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(format!("snapshots/{folder}"));
    settings.set_prepend_module_to_snapshot(false);
    let result = settings.bind(|| catch_unwind(AssertUnwindSafe(assert)));
    if result.is_err() {
        eprintln!("snapshot {folder}/{name} differs (see above)");
    }
    result.is_ok()
}

/// `text` with what differs between runs and machines replaced by a placeholder: the site's
/// temporary folder (`[SITE]`), any other temporary folder (`[TMP]`), the year in the footer
/// (`© [YEAR]`), the careleaf version in the generator tag (`careleaf [VERSION]`) and the time a
/// build took (`in [TIME] into`).
fn stable(text: &str, site: &Path) -> String {
    let mut text = text.replace(site.to_str().unwrap(), "[SITE]");
    if let Ok(real) = site.canonicalize()
        && real != site
    {
        text = text.replace(real.to_str().unwrap(), "[SITE]");
    }
    text = replace_temp_folders(&text);
    let year = jiff::Zoned::now().year();
    text = text.replace(&format!("© {year} "), "© [YEAR] ");
    text = text.replace(
        &format!("content=\"careleaf {}\"", env!("CARGO_PKG_VERSION")),
        "content=\"careleaf [VERSION]\"",
    );
    text = replace_build_time(&text);
    assert!(
        !text.contains(env!("CARGO_MANIFEST_DIR")),
        "the repository's path is in the output:\n{text}"
    );
    text
}

/// Every `<temp dir>/.tmpXXXXXX` (tempfile's names) left in `text`, as `[TMP]`.
fn replace_temp_folders(text: &str) -> String {
    let prefix = format!("{}/.tmp", std::env::temp_dir().display()).replace("//", "/");
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(&prefix) {
        out.push_str(&rest[..at]);
        let after = &rest[at + prefix.len()..];
        let name_len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        out.push_str("[TMP]");
        rest = &after[name_len..];
    }
    out.push_str(rest);
    out
}

/// "Built 8 pages and 20 other files in 91 ms into …" → "… in [TIME] into …".
fn replace_build_time(text: &str) -> String {
    text.lines()
        .map(
            |line| match (line.find(" other files in "), line.find(" ms into ")) {
                (Some(a), Some(b)) if a < b => {
                    let start = a + " other files in ".len();
                    format!("{}[TIME]{}", &line[..start], &line[b + " ms".len()..])
                }
                _ => line.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

fn rel(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn the_normalising_keeps_everything_else() {
    let site = Path::new("/tmp/.tmpAbC123");
    let year = jiff::Zoned::now().year();
    assert_eq!(
        stable(
            &format!(
                "Built 8 pages and 20 other files in 91 ms into /tmp/.tmpAbC123/public\n\
                 --> /tmp/.tmpAbC123/content/a.md:3:1\n\
                 <p class=\"footer-legal\">© {year} Clinic</p>\n\
                 <meta name=\"generator\" content=\"careleaf {}\">\n\
                 ran in 12 ms\n",
                env!("CARGO_PKG_VERSION")
            ),
            site
        ),
        "Built 8 pages and 20 other files in [TIME] into [SITE]/public\n\
         --> [SITE]/content/a.md:3:1\n\
         <p class=\"footer-legal\">© [YEAR] Clinic</p>\n\
         <meta name=\"generator\" content=\"careleaf [VERSION]\">\n\
         ran in 12 ms\n"
    );
    let other = format!("{}/.tmpXyZ789/x", std::env::temp_dir().display()).replace("//", "/");
    assert_eq!(stable(&format!("at {other}"), site), "at [TMP]/x");
}
