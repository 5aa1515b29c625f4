//! The build cache: after every kind of edit, a build that reuses the last build's output is
//! byte for byte what a clean build gives, renders only the pages the edit touched, and a
//! cache that cannot be trusted is said in one line and ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;

/// `careleaf build` into the site's public/ (reusing what it can). Every file of content/ is
/// first set back an hour, as on a site whose files were saved a while ago, so that the build
/// takes the unchanged ones from the read cache (a file saved seconds ago is always read).
pub fn build(site: &TempSite) -> Run {
    build_with(site, &["build"])
}

/// [`build`] with other arguments (`["build", "--timings"]`).
pub fn build_with(site: &TempSite, args: &[&str]) -> Run {
    settle(site);
    let run = site.run(args);
    run.assert_ok();
    run
}

/// Sets the modification time of every file and folder of content/ changed in the last ten
/// minutes an hour back (their change times stay the moment this runs). Folders deepest
/// first: setting a file's time does not change its folder's, but the walk must not see a
/// folder before what is in it.
pub fn settle(site: &TempSite) {
    let now = std::time::SystemTime::now();
    let an_hour_ago = now - std::time::Duration::from_secs(3600);
    let recent = now - std::time::Duration::from_secs(600);
    for entry in walkdir::WalkDir::new(site.path().join("content")).contents_first(true) {
        let entry = entry.unwrap();
        let modified = entry.metadata().unwrap().modified().unwrap();
        if modified <= recent {
            continue;
        }
        let file = if entry.file_type().is_dir() {
            std::fs::File::open(entry.path())
        } else {
            std::fs::File::options().write(true).open(entry.path())
        };
        file.unwrap().set_modified(an_hour_ago).unwrap();
    }
}

/// What `build --timings` says of the content folder: "walked", or "listed" when its files
/// were taken as the last walk found them.
pub fn content_listing(run: &Run) -> &'static str {
    if run.stderr.contains("content/ walked") {
        "walked"
    } else if run
        .stderr
        .contains("no folder changed, so content/ was not walked")
    {
        "listed"
    } else {
        panic!("--timings says nothing of content/:\n{}", run.stderr)
    }
}

/// How many pages a build rendered, from its summary (all of them when it says nothing).
pub fn rendered(run: &Run) -> Option<usize> {
    run.stdout
        .lines()
        .find_map(|l| l.strip_prefix("Rendered "))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
}

/// The tree a clean build of the site gives, built into a folder of its own.
fn clean_tree(site: &TempSite) -> BTreeMap<PathBuf, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let run = site.run(&["build", "--clean", "--output", target.to_str().unwrap()]);
    run.assert_ok();
    snapshot(&target)
}

pub fn assert_same_as_clean(site: &TempSite, what: &str) {
    let built = snapshot(&site.path().join("public"));
    let clean = clean_tree(site);
    let built_names: Vec<_> = built.keys().collect();
    let clean_names: Vec<_> = clean.keys().collect();
    assert_eq!(built_names, clean_names, "after {what}: the same files");
    for (path, bytes) in &clean {
        assert!(
            built[path] == *bytes,
            "after {what}: {} differs from a clean build's",
            path.display()
        );
    }
}

pub fn edit(site: &TempSite, rel: &str, change: impl Fn(&str) -> String) {
    let before = site.read(rel);
    let after = change(&before);
    assert_ne!(before, after, "the edit of {rel} changes it");
    site.write(rel, after);
}

#[test]
fn every_kind_of_edit_builds_what_a_clean_build_gives() {
    let site = TempSite::from_fixture("languages");
    build(&site);
    assert_eq!(
        site.read(".careleaf/.gitignore"),
        "*\n",
        "the cache stays out of git"
    );
    let again = build(&site);
    assert_eq!(
        rendered(&again),
        Some(0),
        "nothing changed:\n{}",
        again.stdout
    );
    assert_same_as_clean(&site, "no edit");

    edit(&site, "content/sleep.md", |t| {
        format!("{t}\nOne more plain sentence about rest.\n")
    });
    let run = build(&site);
    assert_eq!(
        rendered(&run),
        Some(1),
        "only the edited page:\n{}",
        run.stdout
    );
    assert!(
        site.read("public/sleep/index.html")
            .contains("One more plain sentence about rest.")
    );
    assert_same_as_clean(&site, "a body edit");

    edit(&site, "content/food.md", |t| {
        t.replacen("title: ", "title: Good ", 1)
    });
    let run = build(&site);
    let n = rendered(&run).expect("some pages kept");
    assert!(
        n >= 1,
        "the page and those showing its title: {}",
        run.stdout
    );
    assert_same_as_clean(&site, "a title edit");
    // The body and title edits changed search documents on a site whose last index's layout
    // was kept: each index was patched from the last, and equals the clean one (above).
    assert!(
        site.path()
            .join(".careleaf/cache/search/en.layout")
            .is_file(),
        "where the last index's pieces are is kept"
    );

    edit(&site, "site.yaml", |t| {
        t.replacen("description: ", "description: Plain ", 1)
    });
    let run = build(&site);
    // The English pages show the site's description; the Spanish ones have their own.
    assert_ne!(
        rendered(&run),
        Some(0),
        "the pages showing it: {}",
        run.stdout
    );
    assert_same_as_clean(&site, "a site.yaml edit");

    site.write(
        "content/new-page.md",
        "---\ntitle: A new page\ndescription: A page added after the first build, to see it published.\n---\n\nNew words.\n",
    );
    build(&site);
    assert!(site.path().join("public/new-page/index.html").is_file());
    assert_same_as_clean(&site, "a new page");

    std::fs::rename(
        site.path().join("content/new-page.md"),
        site.path().join("content/renamed-page.md"),
    )
    .unwrap();
    build(&site);
    assert!(!site.path().join("public/new-page").exists());
    assert_same_as_clean(&site, "a rename");

    std::fs::remove_file(site.path().join("content/only-english.md")).unwrap();
    build(&site);
    assert!(!site.path().join("public/only-english").exists());
    assert_same_as_clean(&site, "a deleted page");
}

/// A build whose content folders have not changed since the last walk takes their files as
/// it found them; a page added, removed or renamed anywhere below, or a folder added, is found
/// all the same.
#[test]
fn pages_added_or_removed_are_found_though_unchanged_folders_are_not_walked() {
    let site = TempSite::from_fixture("languages");
    let timed = |site: &TempSite| build_with(site, &["build", "--timings"]);
    assert_eq!(content_listing(&timed(&site)), "walked", "the first build");
    assert_eq!(content_listing(&timed(&site)), "listed");
    edit(&site, "content/sleep.md", |t| format!("{t}\nMore rest.\n"));
    assert_eq!(content_listing(&timed(&site)), "listed", "a body edit");
    assert_same_as_clean(&site, "a body edit, the folder not walked");

    site.write(
        "content/es/nueva.md",
        "---\ntitle: Una página nueva\ndescription: Una página añadida después de la primera vez.\n---\n\nPalabras nuevas.\n",
    );
    assert_eq!(content_listing(&timed(&site)), "walked", "a page added");
    assert!(site.path().join("public/es/nueva/index.html").is_file());
    assert_same_as_clean(&site, "a page added in a language's folder");
    assert_eq!(content_listing(&timed(&site)), "listed");

    site.write(
        "content/guide/deeper/first.md",
        "---\ntitle: A page in a new folder\ndescription: It sits two folders down, in folders made after the first build.\n---\n\nWords.\n",
    );
    assert_eq!(content_listing(&timed(&site)), "walked", "folders added");
    assert_eq!(content_listing(&timed(&site)), "listed");
    std::fs::rename(
        site.path().join("content/guide/deeper/first.md"),
        site.path().join("content/guide/deeper/second.md"),
    )
    .unwrap();
    assert_eq!(
        content_listing(&timed(&site)),
        "walked",
        "a rename deep down"
    );
    assert!(!site.path().join("public/guide/deeper/first").exists());
    assert_same_as_clean(&site, "a rename in a folder made later");

    std::fs::remove_file(site.path().join("content/es/nueva.md")).unwrap();
    timed(&site);
    assert!(!site.path().join("public/es/nueva").exists());
    assert_same_as_clean(&site, "a page removed");
    let run = build_with(&site, &["build", "--clean", "--timings"]);
    assert_eq!(content_listing(&run), "walked", "--clean takes nothing");
}

#[test]
fn template_and_data_edits_build_what_a_clean_build_gives() {
    let site = TempSite::from_fixture("features");
    build(&site);
    assert_same_as_clean(&site, "the first build");

    edit(&site, "templates/partials/cta.html", |t| {
        format!("{t}<!-- edited -->\n")
    });
    let run = build(&site);
    assert_ne!(
        rendered(&run),
        Some(0),
        "the pages with the partial: {}",
        run.stdout
    );
    assert_same_as_clean(&site, "a template edit");

    edit(&site, "content/clinics.yaml", |t| {
        t.replacen("Uptown", "Uptown North", 1)
    });
    build(&site);
    assert_same_as_clean(&site, "a data file edit");

    edit(&site, "content/guide/a-first.md", |t| {
        t.replacen("## Before you come", "## Before you arrive", 1)
    });
    // b-second links to a-first.md#before-you-come: the build fails at that link, and the
    // output stays as it was.
    let before = snapshot(&site.path().join("public"));
    let run = site.build();
    assert_ne!(run.status, 0);
    assert!(
        run.stderr.contains("content/guide/b-second.md"),
        "{}",
        run.stderr
    );
    assert_eq!(before, snapshot(&site.path().join("public")));
    edit(&site, "content/guide/b-second.md", |t| {
        t.replacen("#before-you-come", "#before-you-arrive", 1)
    });
    build(&site);
    assert_same_as_clean(&site, "a failed build and its fix");
}

/// What a build said about its build cache.
fn build_cache_warnings(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("warning: the build cache"))
        .collect()
}

/// The one manifest of the site's public/ folder.
fn manifest(site: &Path) -> PathBuf {
    let dir = site.join(".careleaf/cache/build");
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "manifest"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
fn a_cache_that_cannot_be_trusted_is_ignored_with_one_line() {
    let site = TempSite::from_fixture("languages");
    build(&site);
    let file = manifest(site.path());
    let text = std::fs::read_to_string(&file).unwrap();

    // Damaged: one character changed.
    std::fs::write(&file, text.replacen("index.html", "index.htm!", 1)).unwrap();
    let run = build(&site);
    let warnings = build_cache_warnings(&run);
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].contains("is damaged") && warnings[0].contains("every page is built again"),
        "{}",
        run.stderr
    );
    assert_eq!(rendered(&run), None, "{}", run.stdout);
    assert_same_as_clean(&site, "a damaged cache");

    // Written by another careleaf: its version line differs (and its checksum is right).
    let text = std::fs::read_to_string(&file).unwrap();
    let version = text.lines().nth(1).unwrap().to_string();
    let body = text
        .split("\nend ")
        .next()
        .unwrap()
        .replacen(&version, "version 0.0.1 1 1", 1);
    std::fs::write(&file, careleaf::build_cache::seal(format!("{body}\n"))).unwrap();
    let run = build(&site);
    assert!(
        run.stderr
            .contains("was written by another version of careleaf"),
        "{}",
        run.stderr
    );
    assert_eq!(rendered(&run), None);
    assert_same_as_clean(&site, "another version's cache");

    // Another site's: the whole site copied elsewhere, cache and all.
    let copy = TempSite::empty();
    copy_dir(site.path(), copy.path());
    let run = build(&copy);
    assert!(
        run.stderr
            .contains("belongs to another site or output folder"),
        "{}",
        run.stderr
    );
    assert_eq!(rendered(&run), None);
    let again = build(&copy);
    assert_eq!(rendered(&again), Some(0), "its own cache is used next time");
    assert!(!again.stderr.contains("warning: the build cache"));

    // --clean renders everything and says nothing about the cache.
    let run = site.run(&["build", "--clean"]);
    run.assert_ok();
    assert_eq!(rendered(&run), None);
    assert!(!run.stderr.contains("warning: the build cache"));
}

#[test]
fn builds_after_an_edit_add_to_the_manifest_and_a_damaged_addition_is_not_trusted() {
    let site = TempSite::from_fixture("languages");
    build(&site);
    build(&site);
    let file = manifest(site.path());
    let written = std::fs::read(&file).unwrap();
    let frames = file.with_extension("frames");
    for n in 1..=3 {
        edit(&site, "content/food.md", |t| {
            format!("{t}\nOne more line, number {n}.\n")
        });
        let run = build(&site);
        assert_eq!(rendered(&run), Some(1), "{}", run.stdout);
    }
    assert_eq!(
        std::fs::read(&file).unwrap(),
        written,
        "the manifest is not written again"
    );
    assert!(
        frames.exists(),
        "what the builds changed is added beside it"
    );
    assert_same_as_clean(&site, "three edits recorded as frames");

    let mut bytes = std::fs::read(&frames).unwrap();
    bytes[20] ^= 1;
    std::fs::write(&frames, &bytes).unwrap();
    let run = build(&site);
    let warnings = build_cache_warnings(&run);
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].contains("is damaged"), "{}", run.stderr);
    assert_eq!(rendered(&run), None, "nothing of the manifest is taken");
    assert_same_as_clean(&site, "a damaged frame");
}

/// A build that finds the output folder as the last one left it changes only the files that
/// changed, without looking at the others: a file edited by hand inside public/ stays until
/// `--clean`. Anything that changes the output's folders (files or folders added or removed at
/// its top or in its sections, the output emptied) makes the build check every file it takes.
#[test]
fn a_file_changed_by_hand_in_the_output_is_made_again_once_the_output_is_checked() {
    let site = TempSite::from_fixture("languages");
    build(&site);
    build(&site);
    let page = site.path().join("public/sleep/index.html");
    std::fs::write(&page, "changed by hand, and longer than before").unwrap();
    let run = build_with(&site, &["build", "--timings"]);
    assert_eq!(output_route(&run), "patched");
    assert_eq!(rendered(&run), Some(0), "{}", run.stdout);
    assert_eq!(
        site.read("public/sleep/index.html"),
        "changed by hand, and longer than before"
    );
    // A file added at the top of the output: every file taken from it is checked.
    site.write("public/notes.txt", "added by hand");
    let run = build_with(&site, &["build", "--timings"]);
    assert_eq!(output_route(&run), "staged");
    assert_eq!(rendered(&run), Some(1), "{}", run.stdout);
    assert_same_as_clean(&site, "a hand edit of the output");
    // Both copies changed by hand (the spare tree's may be the same file under a second
    // name): neither is taken, the page is rendered again.
    let spare = site.path().join(".public.careleaf-spare/sleep/index.html");
    std::fs::write(&page, "changed by hand again").unwrap();
    let _ = std::fs::remove_file(&spare);
    std::fs::write(&spare, "the spare tree touched too").unwrap();
    forget_output_record(site.path());
    let run = build(&site);
    assert_eq!(rendered(&run), Some(1), "{}", run.stdout);
    assert_same_as_clean(&site, "a hand edit of the output");
    let run = build_with(&site, &["build", "--clean"]);
    assert_eq!(rendered(&run), None, "{}", run.stdout);
}

/// Emptying the output by hand (as `rm -r public/*` or `git clean -X` do) or removing one of
/// its sections: the next build finds it changed and gives what a clean build does.
#[test]
fn an_output_emptied_or_cut_by_hand_is_built_whole_again() {
    let site = TempSite::from_fixture("languages");
    build(&site);
    build(&site);
    let public = site.path().join("public");
    for entry in std::fs::read_dir(&public).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == ".gitignore" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            std::fs::remove_dir_all(entry.path()).unwrap();
        } else {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    let run = build_with(&site, &["build", "--timings"]);
    assert_eq!(output_route(&run), "staged");
    assert_same_as_clean(&site, "the output emptied by hand");
    let run = build_with(&site, &["build", "--timings"]);
    assert_eq!(output_route(&run), "patched");
    std::fs::remove_dir_all(public.join("es/comida")).unwrap();
    let run = build_with(&site, &["build", "--timings"]);
    assert_eq!(output_route(&run), "staged");
    assert_same_as_clean(&site, "a page's folder removed from the Spanish section");
}

#[test]
fn a_build_sets_page_html_aside_in_a_file_that_goes_with_it() {
    // A build moves each page's HTML out of memory between Markdown and templates (so that
    // it holds one page's at a time), into the Markdown cache in .careleaf/cache/, or an
    // unnamed file in .careleaf/ if that cannot be made; nothing else may stay behind.
    let site = TempSite::from_fixture("languages");
    build(&site);
    let kept: Vec<PathBuf> = snapshot(&site.path().join(".careleaf"))
        .into_keys()
        .filter(|p| !p.starts_with("cache"))
        .collect();
    assert_eq!(kept, vec![PathBuf::from(".gitignore")]);
    assert_same_as_clean(&site, "a build");
}

/// What a page shows of the pages beside and above it changes with edits to those pages
/// alone: the order of articles (`weight`), a tag shared with others (the topic's count), a
/// section's title. Each time the build equals a clean one. (In a section, so that the menu,
/// which every page shows, stays the same.)
#[test]
fn edits_to_other_pages_reach_what_a_kept_page_shows() {
    let site = TempSite::from_fixture("languages");
    site.write(
        "content/guide/_index.md",
        "---\ntitle: Guide\ndescription: Where to start.\n---\n\nStart here.\n",
    );
    for (name, title) in [
        ("first", "Arriving"),
        ("second", "Leaving"),
        ("third", "Resting"),
    ] {
        site.write(
            &format!("content/guide/{name}.md"),
            format!("---\ntitle: {title}\ndescription: About {name}.\n---\n\nSome words.\n"),
        );
    }
    build(&site);
    let before = site.read("public/guide/third/index.html");

    // "Arriving" moves last: the third page's previous and next links change.
    edit(&site, "content/guide/first.md", |t| {
        t.replacen("title: Arriving", "title: Arriving\nweight: 9", 1)
    });
    let run = build(&site);
    assert_ne!(site.read("public/guide/third/index.html"), before);
    assert_same_as_clean(&site, "a weight edit");
    assert!(
        rendered(&run).is_some_and(|n| n < 8),
        "the pages beside it and the section: {}",
        run.stdout
    );

    // Two pages share a topic: the count on the topic link of each.
    edit(&site, "content/guide/first.md", |t| {
        t.replacen("weight: 9", "weight: 9\ntags: [Rest]", 1)
    });
    build(&site);
    assert_same_as_clean(&site, "a first tag");
    edit(&site, "content/guide/third.md", |t| {
        t.replacen("title: Resting", "title: Resting\ntags: [Rest]", 1)
    });
    build(&site);
    assert_same_as_clean(&site, "a tag two pages share");

    edit(&site, "content/guide/_index.md", |t| {
        t.replacen("description: Where", "description: Here is where", 1)
    });
    build(&site);
    assert_same_as_clean(&site, "the section's description");
}

/// How many topic pages a build rendered, of how many, from its summary (None when it says
/// nothing: it rendered them all).
fn topic_pages_rendered(run: &Run) -> Option<(usize, usize)> {
    let line = run
        .stdout
        .lines()
        .filter(|l| l.contains(" topic pages"))
        .find_map(|l| l.strip_prefix("Rendered "))?;
    let mut words = line.split(' ');
    let rendered = words.next()?.parse().ok()?;
    let of = words.nth(2)?.parse().ok()?;
    Some((rendered, of))
}

#[test]
fn a_topic_page_is_rendered_again_only_when_what_it_lists_changed() {
    let site = TempSite::from_fixture("languages");
    // In a section: the menu, which every page shows, lists the pages at the top.
    site.write(
        "content/guide/_index.md",
        "---\ntitle: Guide\ndescription: Where to start.\n---\n\nStart here.\n",
    );
    for (name, tags) in [("rest-one", "[Rest, Sleep]"), ("rest-two", "[Rest, Food]")] {
        site.write(
            &format!("content/guide/{name}.md"),
            format!("---\ntitle: About {name}\ndescription: Why {name} matters.\ntags: {tags}\n---\n\nSome words.\n"),
        );
    }
    site.write(
        "content/es/descanso.md",
        "---\ntitle: Descanso\ndescription: Por qué descansar.\ntags: [Descanso]\n---\n\nUnas palabras.\n",
    );
    build(&site);
    let run = build(&site);
    let (rendered, topics) = topic_pages_rendered(&run).expect(&run.stdout);
    assert_eq!(rendered, 0, "nothing changed:\n{}", run.stdout);
    assert_eq!(
        topics, 4,
        "rest, sleep and food in English, descanso in Spanish"
    );

    edit(&site, "content/guide/rest-one.md", |t| {
        t.replacen("Some words.", "Some other words.", 1)
    });
    let run = build(&site);
    assert_eq!(
        topic_pages_rendered(&run),
        Some((0, 4)),
        "a topic page does not show a page's body:\n{}",
        run.stdout
    );
    assert_same_as_clean(&site, "a body edit of a tagged page");

    edit(&site, "content/guide/rest-two.md", |t| {
        t.replacen("title: About rest-two", "title: Resting well", 1)
    });
    let run = build(&site);
    assert_eq!(
        topic_pages_rendered(&run),
        Some((2, 4)),
        "the page's two topics list its title, not the third:\n{}",
        run.stdout
    );
    assert!(
        site.read("public/tags/food/index.html")
            .contains("Resting well")
    );
    assert_same_as_clean(&site, "a title edit of a tagged page");

    edit(&site, "content/es/descanso.md", |t| {
        t.replacen("description: Por qué", "description: Para qué", 1)
    });
    let run = build(&site);
    assert_eq!(
        topic_pages_rendered(&run),
        Some((1, 4)),
        "the Spanish topic shows the description:\n{}",
        run.stdout
    );
    assert_same_as_clean(&site, "a description edit in another language");

    // Every English page shows the site's title; Spanish pages show their own.
    edit(&site, "site.yaml", |t| {
        t.replacen("title: Sunrise", "title: The Sunrise", 1)
    });
    let run = build(&site);
    assert_eq!(
        topic_pages_rendered(&run),
        Some((3, 4)),
        "the English topic pages:\n{}",
        run.stdout
    );
    assert!(
        site.read("public/tags/rest/index.html")
            .contains("The Sunrise Clinic")
    );
    assert_same_as_clean(&site, "a site title edit");
}

#[test]
fn the_sitemap_follows_pages_added_dated_and_removed_in_a_section() {
    let site = TempSite::from_fixture("languages");
    // In a section, so that the menu every page shows stays as it is.
    site.write(
        "content/guide/_index.md",
        "---\ntitle: Guide\ndescription: Where to start.\n---\n\nStart here.\n",
    );
    site.write(
        "content/guide/first.md",
        "---\ntitle: First\ndescription: The first.\ndate: 2026-01-05\n---\n\nWords.\n",
    );
    build(&site);
    build(&site);
    site.write(
        "content/guide/second.md",
        "---\ntitle: Second\ndescription: The second.\ndate: 2026-02-07\n---\n\nWords.\n",
    );
    build(&site);
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("/guide/second/"), "{sitemap}");
    assert_same_as_clean(&site, "a page added to a section");

    edit(&site, "content/guide/second.md", |t| {
        t.replacen("date: 2026-02-07", "date: 2026-03-09", 1)
    });
    build(&site);
    assert!(site.read("public/sitemap.xml").contains("2026-03-09"));
    assert_same_as_clean(&site, "a page's date");

    std::fs::remove_file(site.path().join("content/guide/second.md")).unwrap();
    build(&site);
    assert!(!site.read("public/sitemap.xml").contains("/guide/second/"));
    assert_same_as_clean(&site, "a page removed from a section");
}

/// A failed build leaves the output as it was, whichever way it would have written it: into
/// the output in place (nothing goes there before every file is made), or over the spare
/// tree, whose kept pages are the output's files under second names (no copy): a page rendered
/// again must not be written into that file.
#[test]
fn a_failed_build_leaves_the_output_as_it_was_though_the_spare_tree_shares_its_files() {
    for route in ["staged", "patched"] {
        let site = TempSite::from_fixture("languages");
        build(&site);
        if route == "staged" {
            forget_output_record(site.path());
        }
        build(&site);
        let page = "sleep/index.html";
        let public = site.path().join("public");
        #[cfg(unix)]
        if route == "staged" {
            use std::os::unix::fs::MetadataExt;
            let spare = site.path().join(".public.careleaf-spare");
            let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
            assert_eq!(
                inode(&public.join(page)),
                inode(&spare.join(page)),
                "the kept page is one file with two names"
            );
            forget_output_record(site.path());
        }
        let before = snapshot(&public);
        // Every page shows the site's title, so every page is rendered again; robots.txt,
        // made after the pages, then fails.
        edit(&site, "site.yaml", |t| {
            t.replace("Sunrise Clinic", "Sunset Clinic")
        });
        site.write("templates/robots.txt", "Sitemap: {{ no_such_value.url }}\n");
        settle(&site);
        let run = site.run(&["build", "--timings"]);
        assert_ne!(run.status, 0, "{}", run.stdout);
        assert!(
            run.stderr.contains("templates/robots.txt"),
            "{}",
            run.stderr
        );
        let after = snapshot(&public);
        assert!(
            before == after,
            "{route}: the output is as it was before the failed build"
        );
        assert!(String::from_utf8_lossy(&after[Path::new(page)]).contains("Sunrise Clinic"));
        let leftovers = staging_leftovers(site.path());
        assert!(leftovers.is_empty(), "{route}: {leftovers:?}");
        // Once the template is mended, the build gives what a clean one does.
        std::fs::remove_file(site.path().join("templates/robots.txt")).unwrap();
        let run = build(&site);
        assert!(run.stdout.contains("Built"), "{}", run.stdout);
        assert_same_as_clean(&site, "a failed build and its repair");
    }
}
