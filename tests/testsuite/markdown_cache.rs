//! The Markdown cache (`.careleaf/cache/markdown/`): a build takes a page's rendered Markdown
//! from the last build only while the page's file and everything else its Markdown shows (the
//! FAQ, the timeline, the glossary) are unchanged; a damaged cache is said once and never
//! trusted; its data file does not grow without end.

use std::path::Path;

use crate::build_cache::{assert_same_as_clean, build, edit, rendered};
use crate::common::*;

/// The files of the Markdown cache, by name.
fn cache_files(site: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.join(".careleaf/cache/markdown"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The one data file of the English pages.
fn data_file(site: &Path) -> String {
    let names: Vec<String> = cache_files(site)
        .into_iter()
        .filter(|n| n.starts_with("en-") && n.ends_with(".pages"))
        .collect();
    assert_eq!(names.len(), 1, "one data file: {names:?}");
    names[0].clone()
}

#[test]
fn what_a_page_shows_of_the_faq_the_timeline_and_the_glossary_is_rendered_again() {
    let site = TempSite::from_fixture("faq-timeline");
    build(&site);
    data_file(site.path());
    assert!(cache_files(site.path()).contains(&"en.index".to_string()));

    // article.md is unchanged, but shows an answer of faq.md and a phase of timeline.yaml.
    edit(&site, "content/faq.md", |t| {
        t.replacen("Often a few days.", "Often a few days, at times longer.", 1)
    });
    build(&site);
    assert!(
        site.read("public/article/index.html")
            .contains("at times longer"),
        "the article shows the new answer"
    );
    assert_same_as_clean(&site, "an FAQ answer edit");

    edit(&site, "content/timeline.yaml", |t| {
        t.replacen("When symptoms return", "When the old symptoms return", 1)
    });
    build(&site);
    assert_same_as_clean(&site, "a timeline edit");

    site.write(
        "content/glossary.yaml",
        "terms:\n  - id: intro\n    en:\n      term: intro\n      definition: The first words of a page.\n",
    );
    build(&site);
    assert_same_as_clean(&site, "a new glossary");

    // Nothing changed: every page's Markdown comes from the cache, and the output with it.
    let again = build(&site);
    assert_eq!(rendered(&again), Some(0), "{}", again.stdout);
    assert_same_as_clean(&site, "no edit");
}

/// What a build said about the Markdown cache, a line each.
fn markdown_cache_lines(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.contains("Markdown cache"))
        .collect()
}

/// Flips one bit in every 64th byte of `file` from byte `from` to byte `to`.
fn damage(file: &Path, from: usize, to: usize) {
    let mut bytes = std::fs::read(file).unwrap();
    for b in bytes[from..to].iter_mut().step_by(64) {
        *b ^= 1;
    }
    std::fs::write(file, bytes).unwrap();
}

fn len(file: &Path) -> usize {
    std::fs::metadata(file).unwrap().len() as usize
}

#[test]
fn a_damaged_markdown_cache_is_said_once_and_never_trusted() {
    let site = TempSite::from_fixture("languages");
    build(&site);
    let markdown = site.path().join(".careleaf/cache/markdown");

    // The index: noticed by its checksum.
    let index = markdown.join("en.index");
    damage(&index, len(&index) / 2, len(&index) / 2 + 1);
    let run = build(&site);
    let said = markdown_cache_lines(&run);
    assert_eq!(said.len(), 1, "{}", run.stderr);
    assert_eq!(
        said[0],
        "warning: the Markdown cache .careleaf/cache/markdown/en.index is damaged (it does not match its checksum): it is ignored and every page's Markdown is rendered again",
    );
    assert_same_as_clean(&site, "a damaged index");
    let next = build(&site);
    assert!(!next.stderr.contains("Markdown cache"), "{}", next.stderr);

    // Another careleaf's: the name of what it was built from, before the last 24 bytes,
    // differs (and that index is otherwise whole).
    let mut bytes = std::fs::read(&index).unwrap();
    let writer = bytes.len() - 24 - 32;
    bytes[writer] = if bytes[writer] == b'0' { b'1' } else { b'0' };
    std::fs::write(&index, bytes).unwrap();
    let run = build(&site);
    let said = markdown_cache_lines(&run);
    assert_eq!(
        said,
        [
            "warning: the Markdown cache .careleaf/cache/markdown/en.index was written by another version of careleaf: it is ignored and every page's Markdown is rendered again"
        ],
        "{}",
        run.stderr
    );
    assert_same_as_clean(&site, "another version's cache");

    // The pages' HTML: noticed when a page whose Markdown is taken from the cache renders
    // through its template again, as every page does in a new output folder. That build
    // fails without writing, and the next one starts a new cache.
    let data = markdown.join(data_file(site.path()));
    damage(&data, 0, len(&data));
    let elsewhere = tempfile::tempdir().unwrap();
    let other = elsewhere.path().join("site");
    let other = other.to_str().unwrap();
    let run = site.run(&["build", "--output", other]);
    assert_ne!(run.status, 0, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("the Markdown cache no longer holds it as it was written"),
        "{}",
        run.stderr
    );
    assert!(!Path::new(other).exists(), "nothing was written");
    site.run(&["build", "--output", other]).assert_ok();
    assert_eq!(
        snapshot(Path::new(other)),
        snapshot(&site.path().join("public"))
    );
    build(&site);
    assert_same_as_clean(&site, "a damaged data file");

    // --clean reads no cache, and says nothing of one.
    damage(&index, 0, len(&index));
    let run = site.run(&["build", "--clean"]);
    run.assert_ok();
    assert!(!run.stderr.contains("Markdown cache"), "{}", run.stderr);
}

#[test]
fn the_data_file_is_written_afresh_once_most_of_it_is_old_pages() {
    let site = TempSite::from_fixture("languages");
    build(&site);
    let first = data_file(site.path());
    let long = "A plain sentence about sleep and rest. ".repeat(1200);
    let page = site.read("content/sleep.md");
    let mut names = vec![first.clone()];
    // Each edit leaves one more old copy of the page in the data file.
    for n in 0..4 {
        site.write("content/sleep.md", format!("{page}\n{n} {long}\n"));
        build(&site);
        names.push(data_file(site.path()));
    }
    assert!(
        names.iter().any(|n| *n != first),
        "a new data file once the old pages outweigh the live ones: {names:?}"
    );
    let len = std::fs::metadata(
        site.path()
            .join(".careleaf/cache/markdown")
            .join(data_file(site.path())),
    )
    .unwrap()
    .len();
    // The page is about 100 KB (its HTML and its prose): four copies without the fresh start.
    assert!(len < 250_000, "{len} bytes");
    assert_same_as_clean(&site, "edits of one long page");
}

#[test]
fn an_edit_adds_a_frame_to_the_index_and_a_damaged_frame_is_not_trusted() {
    let site = TempSite::from_fixture("languages");
    build(&site);
    let index = site.path().join(".careleaf/cache/markdown/en.index");
    let first = std::fs::read(&index).unwrap();
    build(&site);
    assert_eq!(
        std::fs::read(&index).unwrap(),
        first,
        "nothing changed: nothing written"
    );

    // (A clean build, as `assert_same_as_clean` makes, writes the index afresh: none until
    // the end.)
    let mut before = first;
    for page in ["content/sleep.md", "content/food.md"] {
        edit(&site, page, |t| {
            format!("{t}\nA sentence added to one page.\n")
        });
        let run = build(&site);
        assert_eq!(rendered(&run), Some(1), "{}", run.stdout);
        assert!(markdown_cache_lines(&run).is_empty(), "{}", run.stderr);
        let after = std::fs::read(&index).unwrap();
        assert!(
            after.starts_with(&before) && after.len() < before.len() + 400,
            "{page}: one frame added ({} bytes, then {})",
            before.len(),
            after.len()
        );
        before = after;
    }
    assert_same_as_clean(&site, "two edits kept as frames");

    // A bit flipped in an added frame: said once, every page's Markdown rendered again, and
    // the index written afresh as one frame.
    let afresh = len(&index);
    edit(&site, "content/sleep.md", |t| format!("{t}\nOne more.\n"));
    build(&site);
    let whole = len(&index);
    assert!(whole > afresh);
    damage(&index, afresh + 2, afresh + 3);
    let run = build(&site);
    assert_eq!(
        markdown_cache_lines(&run),
        [
            "warning: the Markdown cache .careleaf/cache/markdown/en.index is damaged (it does not match its checksum): it is ignored and every page's Markdown is rendered again"
        ],
        "{}",
        run.stderr
    );
    assert!(len(&index) < whole, "written afresh");
    let run = build(&site);
    assert!(markdown_cache_lines(&run).is_empty(), "{}", run.stderr);
    assert_same_as_clean(&site, "a damaged frame");
}
