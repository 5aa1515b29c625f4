//! Every bad input gets an error naming the file, line and column with a hint, a non-zero exit,
//! and leaves the previous output folder exactly as it was.

mod common;

use common::*;

struct Case {
    fixture: &'static str,
    location: &'static str,
    message: &'static str,
    hint: &'static str,
}

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
        hint: "sections of that page: risks",
    },
    Case {
        fixture: "missing-alt-text",
        location: "content/page.md:8:1",
        message: "this image has no alt text",
        hint: "describe what the image shows",
    },
    Case {
        fixture: "third-party-content",
        location: "content/page.md:8:1",
        message: "this script loads from another website (tracker.example)",
        hint: "allowed_hosts",
    },
    Case {
        fixture: "third-party-template",
        location: "templates/page.html:3:1",
        message: "this img loads from another website (pixel.example)",
        hint: "allowed_hosts",
    },
];

#[test]
fn every_bad_input_is_reported_at_its_place_and_changes_nothing() {
    let mut failures = Vec::new();
    for case in CASES {
        let site = TempSite::from_fixture(&format!("bad/{}", case.fixture));
        // A previous build the failed one must not touch.
        site.write("public/index.html", "<p>previous build</p>");
        site.write("public/guide/old/index.html", "<p>old page</p>");
        site.write("public/.gitignore", "*\n");
        let before = snapshot(&site.path().join("public"));
        let run = site.build();
        let location = format!("{}/{}", site.path().display(), case.location);
        let checks = [
            (
                run.status == 1,
                format!("exit code {} (want 1)", run.status),
            ),
            (
                run.stderr.contains(&format!("--> {location}")),
                format!("location {}", case.location),
            ),
            (
                run.stderr.contains(case.message),
                format!("message containing {:?}", case.message),
            ),
            (
                run.stderr.contains("= help:") && run.stderr.contains(case.hint),
                format!("hint containing {:?}", case.hint),
            ),
            (
                snapshot(&site.path().join("public")) == before,
                "public/ unchanged".to_string(),
            ),
            (!run.stderr.contains("panicked"), "no panic".to_string()),
        ];
        for (ok, what) in checks {
            if !ok {
                failures.push(format!("{}: {what}\n{}", case.fixture, run.stderr));
            }
        }
        let staging_left = std::fs::read_dir(site.path())
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().contains("staging"));
        if staging_left {
            failures.push(format!(
                "{}: a staging folder was left behind",
                case.fixture
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
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
    assert!(run.stderr.contains("no site.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("careleaf init"), "{}", run.stderr);
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
    assert!(run.stderr.contains("site.yaml:2:"), "{}", run.stderr);
    assert!(run.stderr.contains("risks.md"), "{}", run.stderr);
}
