//! Every bad input gets an error naming the file, line and column with a hint, a non-zero exit,
//! and leaves the previous output folder exactly as it was.

use crate::common::*;

struct Case {
    fixture: &'static str,
    location: &'static str,
    message: &'static str,
    hint: &'static str,
}

/// Cases a file in git cannot hold (Windows line endings, a BOM, 50 MB, a symbolic link
/// loop, a file nobody may read): made on a copy of `bad/base` before the build.
struct Generated {
    name: &'static str,
    make: fn(&TempSite),
    location: &'static str,
    message: &'static str,
    hint: &'static str,
    /// Run the build as an unprivileged user (root reads every file whatever its mode).
    unprivileged: bool,
}

const GENERATED: &[Generated] = &[
    Generated {
        name: "byte-order mark",
        make: |s| {
            s.write(
                "content/page.md",
                "\u{feff}---\ntitle: Risks\ndescripton: D\n---\n\nText.\n",
            )
        },
        location: "content/page.md:3:1",
        message: "unknown key `descripton`",
        hint: "did you mean `description`?",
        unprivileged: false,
    },
    Generated {
        name: "Windows line endings",
        make: |s| {
            s.write(
                "content/page.md",
                "---\r\ntitle: Risks\r\ndescription: D\r\nslug: Risks\r\n---\r\n\r\nText.\r\n",
            )
        },
        location: "content/page.md:4:7",
        message: "the slug `Risks` must be lowercase",
        hint: "lowercase letters",
        unprivileged: false,
    },
    Generated {
        name: "mixed line endings",
        make: |s| {
            s.write(
                "content/page.md",
                "---\r\ntitle: Risks\ndescription: D\r---\n\r\nText.\r\n\n  See [the plan](plan.md).\n",
            )
        },
        location: "content/page.md:8:7",
        message: "`plan.md` points to a page that does not exist",
        hint: "check the file name",
        unprivileged: false,
    },
    Generated {
        name: "a 50 MB page",
        make: |s| {
            let mut text = String::from("---\ntitle: Risks\ndescription: D\n---\n\n");
            let line = "A line of text that goes on and on to fill the file up.\n";
            while text.len() < 50_000_000 {
                text.push_str(line);
            }
            s.write("content/page.md", text)
        },
        location: "content/page.md:1:1",
        message: "this file is 50.0 MB; pages and data files can be at most 4 MB",
        hint: "split a very long article",
        unprivileged: false,
    },
    Generated {
        name: "symbolic link loop",
        make: |s| {
            s.write(
                "content/guide/page.md",
                "---\ntitle: G\ndescription: D\n---\n\nText.\n",
            );
            std::os::unix::fs::symlink("..", s.path().join("content/guide/back")).unwrap();
        },
        location: "content/guide/back:1:1",
        message: "points back to a folder that contains it",
        hint: "remove the link",
        unprivileged: false,
    },
    Generated {
        name: "unreadable file",
        make: |s| {
            use std::os::unix::fs::PermissionsExt;
            let page = s.path().join("content/page.md");
            std::fs::set_permissions(page, std::fs::Permissions::from_mode(0o000)).unwrap();
        },
        location: "content/page.md:1:1",
        message: "Permission denied",
        hint: "check the file's permissions",
        unprivileged: true,
    },
];

const CASES: &[Case] = &[
    Case {
        fixture: "malformed-yaml",
        location: "content/page.md:2:8",
        message: "quoted text is never closed",
        hint: "closing quote",
    },
    Case {
        fixture: "unknown-key",
        location: "content/page.md:3:1",
        message: "unknown key `descripton`",
        hint: "did you mean `description`?",
    },
    Case {
        fixture: "missing-title",
        location: "content/page.md:1:1",
        message: "the page has no `title`",
        hint: "title:",
    },
    Case {
        fixture: "bad-date",
        location: "content/page.md:4:7",
        message: "`2025-02-30` is not a valid date",
        hint: "year-month-day",
    },
    Case {
        fixture: "duplicate-slug",
        location: "content/b.md:4:7",
        message: "would both be published at /same/",
        hint: "different `slug:`",
    },
    Case {
        fixture: "missing-link",
        location: "content/page.md:8:5",
        message: "`treatment-plan.md` points to a page that does not exist",
        hint: "check the file name",
    },
    Case {
        fixture: "tera-syntax",
        location: "templates/page.html:3:19",
        message: "template error in page.html",
        hint: "template",
    },
    Case {
        fixture: "non-utf8",
        location: "content/page.md:6:4",
        message: "not valid UTF-8",
        hint: "save the file as UTF-8",
    },
    Case {
        fixture: "unknown-site-key",
        location: "site.yaml:2:1",
        message: "unknown key `base_ur`",
        hint: "did you mean `base_url`?",
    },
    Case {
        fixture: "unclosed-front-matter",
        location: "content/page.md:1:1",
        message: "front matter is not closed",
        hint: "`---`",
    },
    Case {
        fixture: "unknown-template",
        location: "content/page.md:4:11",
        message: "the template `fancy.html` does not exist",
        hint: "available templates: 404.html",
    },
    Case {
        fixture: "undefined-variable",
        location: "templates/page.html:3:13",
        message: "`titel` is not defined",
        hint: "template",
    },
    Case {
        fixture: "tabs-in-yaml",
        location: "content/page.md:3:1",
        message: "tab",
        hint: "use spaces",
    },
    Case {
        fixture: "wrong-type",
        location: "content/page.md:4:9",
        message: "wrong kind of value for `weight`",
        hint: "whole number",
    },
    Case {
        fixture: "bad-slug",
        location: "content/page.md:4:7",
        message: "must not contain",
        hint: "lowercase letters",
    },
    Case {
        fixture: "no-front-matter",
        location: "content/page.md:1:1",
        message: "does not start with front matter",
        hint: "title",
    },
    Case {
        fixture: "empty-file",
        location: "content/page.md:1:1",
        message: "this page is empty",
        hint: "front matter",
    },
    Case {
        fixture: "unknown-theme",
        location: "site.yaml:2:8",
        message: "the theme `fancy` was not found",
        hint: "theme: default",
    },
    Case {
        fixture: "unknown-shortcode",
        location: "content/page.md:8:1",
        message: "unknown shortcode `chart`",
        hint: "available shortcodes: faq, timeline",
    },
    Case {
        fixture: "unknown-shortcode-argument",
        location: "content/page.md:6:1",
        message: "has no argument `colour`",
        hint: "its arguments are: phase",
    },
    Case {
        fixture: "unknown-timeline-phase",
        location: "content/page.md:6:1",
        message: "no phase `forever`",
        hint: "phases are: first, series, boosters",
    },
    Case {
        fixture: "timeline-end-before-start",
        location: "content/timeline.yaml:18:14",
        message: "ends (day 1) before it starts (day 2)",
        hint: "end_day",
    },
    Case {
        fixture: "timeline-overlap",
        location: "content/timeline.yaml:27:16",
        message: "must not overlap",
        hint: "time order",
    },
    Case {
        fixture: "timeline-negative-count",
        location: "content/timeline.yaml:29:16",
        message: "cannot be negative",
        hint: "0 or more",
    },
    Case {
        fixture: "timeline-unknown-key",
        location: "content/timeline.yaml:32:5",
        message: "unknown key `colour`",
        hint: "allowed keys are: id, title",
    },
    Case {
        fixture: "faq-no-questions",
        location: "content/faq.md:1:1",
        message: "the FAQ has no questions",
        hint: "## Question?",
    },
    Case {
        fixture: "faq-empty-answer",
        location: "content/faq.md:10:1",
        message: "\"Second?\" has no answer",
        hint: "write the answer",
    },
    Case {
        fixture: "broken-anchor",
        location: "content/page.md:8:5",
        message: "`other.md#side-effects` points to a section that does not exist",
        hint: "sections of that page, closest first: risks",
    },
    Case {
        fixture: "missing-alt-text",
        location: "content/page.md:8:1",
        message: "this image has no alt text",
        hint: "describe what the image shows",
    },
    Case {
        fixture: "third-party-content",
        location: "content/page.md:8:14",
        message: "this script loads from another website (tracker.example)",
        hint: "allowed_hosts",
    },
    Case {
        fixture: "third-party-template",
        location: "templates/page.html:3:11",
        message: "this img loads from another website (pixel.example)",
        hint: "allowed_hosts",
    },
    Case {
        fixture: "only-front-matter",
        location: "content/page.md:4:1",
        message: "this page has nothing below its front matter",
        hint: "draft: true",
    },
    Case {
        fixture: "deep-nesting",
        location: "content/page.md:5:70",
        message: "the YAML is nested too deeply",
        hint: "at most 64 levels",
    },
    Case {
        fixture: "alias-bomb",
        location: "content/page.md:2:1",
        message: "YAML is too complex: repetition limit exceeded",
        hint: "repeated aliases",
    },
    Case {
        fixture: "slug-dots",
        location: "content/page.md:4:7",
        message: "the slug `..` must not contain",
        hint: "lowercase letters",
    },
    Case {
        fixture: "slug-slash",
        location: "content/page.md:4:7",
        message: "the slug `guide/risks` must not contain `/`",
        hint: "lowercase letters",
    },
    Case {
        fixture: "slug-uppercase",
        location: "content/page.md:4:7",
        message: "the slug `Risks-And-Side-Effects` must be lowercase",
        hint: "lowercase letters",
    },
    Case {
        fixture: "alias-cycle",
        location: "content/new.md:4:1",
        message: "whose alias `/new/` leads back here: visitors would be sent round in a loop",
        hint: "remove this one",
    },
    Case {
        fixture: "alias-self",
        location: "content/risks.md:4:10",
        message: "the alias `/risks/` is this page's own address",
        hint: "remove this one",
    },
    Case {
        fixture: "alias-twice",
        location: "content/b.md:4:10",
        message: "the alias `/old/` is also an alias of",
        hint: "remove this one",
    },
    Case {
        fixture: "alias-relative",
        location: "content/a.md:4:10",
        message: "the alias `../old/` must start with `/`",
        hint: "aliases: [/old-page-name/]",
    },
    Case {
        fixture: "template-includes-itself",
        location: "templates/page.html:2:4",
        message: "templates include each other in a loop: page.html → page.html",
        hint: "cannot include itself",
    },
    Case {
        fixture: "template-missing-include",
        location: "templates/page.html:2:12",
        message: "the template `sidebar.html` does not exist",
        hint: "template",
    },
    Case {
        fixture: "glossary-term-twice",
        location: "content/glossary.yaml:8:13",
        message: "\"Infusion\" is defined twice in the glossary",
        hint: "keep one entry",
    },
    Case {
        fixture: "output-collision",
        location: "content/sleep.md:2:1",
        message: "would both be published at /sleep/",
        hint: "different `slug:`",
    },
    Case {
        fixture: "static-file-collision",
        location: "content/sleep/index.html:1:1",
        message: "this file would overwrite the page made from",
        hint: "rename or move",
    },
    Case {
        fixture: "duplicate-translation-key",
        location: "content/es/riesgos.md:4:18",
        message: "the translation_key `risks` is also used by",
        hint: "its own translation_key",
    },
    Case {
        fixture: "duplicate-key",
        location: "content/page.md:4:8",
        message: "the key `title` is written twice",
        hint: "keep one `title:` line",
    },
    Case {
        fixture: "front-matter-list",
        location: "content/page.md:2:1",
        message: "wrong kind of value: found sequence",
        hint: "`key: value` lines",
    },
    Case {
        fixture: "broken-site-yaml",
        location: "site.yaml:1:8",
        message: "this quoted text is never closed",
        hint: "closing quote",
    },
    Case {
        fixture: "site-yaml-tab",
        location: "site.yaml:3:1",
        message: "YAML syntax error",
        hint: "use spaces",
    },
    Case {
        fixture: "empty-title",
        location: "content/page.md:2:8",
        message: "the title is empty",
        hint: "give the page a title",
    },
    Case {
        fixture: "next-review-before-last",
        location: "content/page.md:5:14",
        message: "the next review (2024-03-01) is before the last one",
        hint: "after last_reviewed",
    },
    Case {
        fixture: "draft-not-boolean",
        location: "content/page.md:4:8",
        message: "wrong kind of value for `draft`",
        hint: "true or false",
    },
    Case {
        fixture: "bad-language-code",
        location: "site.yaml:3:5",
        message: "`Spanish` is not a language code",
        hint: "lowercase code",
    },
    Case {
        fixture: "glossary-bare-dash",
        location: "content/glossary.yaml:5:13",
        message: "the glossary term `a` needs a term and a definition",
        hint: "write the word as patients see it",
    },
    Case {
        fixture: "empty-claim-phrase",
        location: "site.yaml:2:1",
        message: "claim 1 has an empty `phrase`",
        hint: "write the words to look for",
    },
    Case {
        fixture: "missing-colon",
        location: "content/page.md:3:1",
        message: "this line is not a `key: value` line",
        hint: "write it as `key: value`",
    },
    Case {
        // libyaml puts the end of a file without a final newline one line past it.
        fixture: "site-yaml-no-newline",
        location: "site.yaml:4:1",
        message: "this line is not a `key: value` line",
        hint: "write it as `key: value`",
    },
];
#[test]
fn every_bad_input_is_reported_at_its_place_and_changes_nothing() {
    let mut failures = Vec::new();
    for case in CASES {
        let site = TempSite::from_fixture(&format!("bad/{}", case.fixture));
        failures.extend(check_case(
            case.fixture,
            &site,
            case.location,
            case.message,
            case.hint,
            false,
        ));
    }
    for case in GENERATED {
        let site = TempSite::from_fixture("bad/base");
        (case.make)(&site);
        failures.extend(check_case(
            case.name,
            &site,
            case.location,
            case.message,
            case.hint,
            case.unprivileged,
        ));
    }
    assert!(
        CASES.len() + GENERATED.len() >= 40,
        "the corpus must keep at least 40 cases"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Builds `site` over a previous output and returns what is wrong with the result: the exit
/// code, the location, message and hint, a panic, a changed `public/` or a leftover staging
/// folder.
fn check_case(
    name: &str,
    site: &TempSite,
    location: &str,
    message: &str,
    hint: &str,
    unprivileged: bool,
) -> Vec<String> {
    // A previous build the failed one must not touch.
    site.write("public/index.html", "<p>previous build</p>");
    site.write("public/guide/old/index.html", "<p>old page</p>");
    site.write("public/.gitignore", "*\n");
    let before = snapshot(&site.path().join("public"));
    let run = if unprivileged {
        build_unprivileged(site)
    } else {
        site.build()
    };
    let location = format!("{}/{location}", site.path().display());
    let checks = [
        (
            run.status == 1,
            format!("exit code {} (want 1)", run.status),
        ),
        (
            run.stderr.contains(&format!("--> {location}\n")),
            format!("location {location}"),
        ),
        (
            run.stderr.contains(message),
            format!("message containing {message:?}"),
        ),
        (
            run.stderr.contains("= help:") && run.stderr.contains(hint),
            format!("hint containing {hint:?}"),
        ),
        (
            snapshot(&site.path().join("public")) == before,
            "public/ unchanged".to_string(),
        ),
        (!run.stderr.contains("panicked"), "no panic".to_string()),
    ];
    let mut failures: Vec<String> = checks
        .into_iter()
        .filter(|(ok, _)| !ok)
        .map(|(_, what)| format!("{name}: {what}\n{}", run.stderr))
        .collect();
    // `check` meets the same input with the same error, at the same place, and does not crash
    // or hang on it.
    if !unprivileged {
        let check = site.run(&["check"]);
        let finding = format!("{location}: error [");
        let sees_it = check
            .stdout
            .lines()
            .any(|l| l.trim_start().starts_with(&finding) && l.contains(message));
        if check.status != 1 || !sees_it || check.stderr.contains("panicked") {
            failures.push(format!(
                "{name}: check exited {} without a line starting `{finding}` containing {message:?}\n{}{}",
                check.status, check.stdout, check.stderr
            ));
        }
    }
    if !staging_leftovers(site.path()).is_empty() {
        failures.push(format!("{name}: a staging folder was left behind"));
    }
    failures
}

/// Runs the build as `nobody` when the tests run as root, so that file permissions apply; as
/// anyone else, runs it as that user.
fn build_unprivileged(site: &TempSite) -> Run {
    if running_as_root(site.path()) {
        open_to_everyone(site.path());
        careleaf_as_nobody(site.path(), &["build"])
    } else {
        site.build()
    }
}

#[test]
fn all_broken_links_are_reported_in_one_run() {
    let site = TempSite::from_fixture("minimal");
    site.write(
        "content/a.md",
        "---\ntitle: A\ndescription: D\n---\n\n[one](nope.md)\n",
    );
    site.write(
        "content/b.md",
        "---\ntitle: B\ndescription: D\n---\n\n[two](gone.md) [three](missing.pdf)\n",
    );
    let run = site.build();
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("content/a.md:6:1"), "{}", run.stderr);
    assert!(run.stderr.contains("content/b.md:6:1"), "{}", run.stderr);
    assert!(run.stderr.contains("content/b.md:6:16"), "{}", run.stderr);
    assert!(
        run.stderr.contains("Build failed with 3 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_site_yaml_says_how_to_start() {
    let dir = TempSite::empty();
    let run = dir.build();
    assert_eq!(run.status, 1);
    // No file to point at: the message names the folder instead.
    assert!(
        run.stderr.starts_with(&format!(
            "error: no site.yaml in {}\n",
            dir.path().display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "= help: run careleaf in your site's folder, pass --root DIR, or create a new site with `careleaf init DIR`"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_navigation_entry_to_a_missing_page_is_reported_in_site_yaml() {
    let site = TempSite::from_fixture("minimal");
    site.write(
        "site.yaml",
        "title: T\nnavigation:\n  - title: Risks\n    page: risks.md\n",
    );
    let run = site.build();
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains(
            "error: the navigation entry \"Risks\" links to risks.md, which does not exist in content/\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("--> {}/site.yaml:2:1\n", site.path().display())),
        "{}",
        run.stderr
    );
}

#[test]
fn a_markdown_link_out_of_the_content_folder_is_an_error_at_the_link() {
    let site = TempSite::from_fixture("minimal");
    site.write(
        "content/guide/page.md",
        "---\ntitle: Page\ndescription: A page.\n---\n\nSome text.\nRead [x](../../etc/passwd.md) now.\n",
    );
    let run = site.build();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: the link `../../etc/passwd.md` points outside the content folder\n"),
        "{}",
        run.stderr
    );
    // At the link itself: line 7, column 6 (the `[`).
    assert!(
        run.stderr.contains(&format!(
            "--> {}/content/guide/page.md:7:6\n",
            site.path().display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("= help: link to files inside content/ only"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Build failed with 1 error"),
        "{}",
        run.stderr
    );
    assert!(!site.path().join("public").exists(), "nothing was written");
}

/// Inputs the fuzzers (fuzz/) crashed on, kept so the fixes stay: each builds, and the file
/// named on the first line of its `expect.txt` contains the text on the second.
#[test]
fn inputs_found_by_fuzzing_build() {
    let dir = fixture("fuzz");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in names {
        let site = TempSite::from_fixture(&format!("fuzz/{name}"));
        let run = site.build();
        assert_eq!(run.status, 0, "{name}:\n{}", run.stderr);
        let expect = site.read("expect.txt");
        let (file, text) = expect.trim_end().split_once('\n').unwrap();
        let html = site.read(&format!("public/{file}"));
        assert!(html.contains(text), "{name}: {file} lacks {text:?}");
    }
}

#[test]
fn every_bad_fixture_is_in_the_table() {
    let listed: Vec<&str> = CASES.iter().map(|c| c.fixture).collect();
    for entry in std::fs::read_dir(fixture("bad")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name == "base" || listed.contains(&name.as_str()),
            "tests/fixtures/bad/{name} has no row in CASES"
        );
    }
}
