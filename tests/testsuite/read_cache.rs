//! The read cache (`.careleaf/cache/read/`): a build takes a page file's front matter from the
//! last build when the file's size, times and inode are as they were, and reads every file
//! that changed in any way, even to the same size; a damaged cache is said once and ignored.

use crate::build_cache::{assert_same_as_clean, build, build_with, edit};
use crate::common::*;

/// How many page files a `build --timings` read.
fn files_read(run: &Run) -> usize {
    run.stderr
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("files: "))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of files read:\n{}", run.stderr))
}

/// The text with the body's last full stop turned into an exclamation mark: not one byte more.
fn same_size(text: &str) -> String {
    let at = text.rfind('.').expect("a full stop");
    format!("{}!{}", &text[..at], &text[at + 1..])
}

fn timed_build(site: &TempSite) -> Run {
    build_with(site, &["build", "--timings"])
}

#[test]
fn only_changed_page_files_are_read_and_every_change_is_seen() {
    let site = TempSite::from_fixture("languages");
    let first = timed_build(&site);
    let all = files_read(&first);
    assert!(all >= 8, "the first build reads every page file: {all}");
    assert_eq!(files_read(&timed_build(&site)), 0, "nothing changed");

    // The same number of bytes: only the change time tells.
    edit(&site, "content/sleep.md", same_size);
    let run = timed_build(&site);
    assert_eq!(files_read(&run), 1, "{}", run.stderr);
    assert_same_as_clean(&site, "an edit of the same size");

    edit(&site, "content/es/sleep.md", |t| {
        t.replacen("title: ", "title: Nuevo ", 1)
    });
    assert_eq!(files_read(&timed_build(&site)), 1);
    assert!(site.read("public/es/el-sueno/index.html").contains("Nuevo"));
    assert_same_as_clean(&site, "a Spanish title edit");

    // A `--clean` build reads every file and leaves a cache the next build takes.
    let clean = site.run(&["build", "--clean", "--timings"]);
    clean.assert_ok();
    assert_eq!(files_read(&clean), all);
    assert_eq!(files_read(&timed_build(&site)), 0);
}

#[test]
fn a_file_whose_time_is_not_settled_is_read_by_every_build() {
    let site = TempSite::from_fixture("languages");
    build(&site);
    // A time ahead of the build's own clock (a file server whose clock runs ahead) is never
    // settled, as a file saved in the last tick of the clock is not: two saves within one tick
    // would leave the same time.
    site.write(
        "content/sleep.md",
        same_size(&site.read("content/sleep.md")),
    );
    let ahead = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(site.path().join("content/sleep.md"))
        .unwrap()
        .set_modified(ahead)
        .unwrap();
    for _ in 0..2 {
        let run = site.run(&["build", "--timings"]);
        run.assert_ok();
        assert_eq!(files_read(&run), 1, "{}", run.stderr);
    }
    assert_same_as_clean(&site, "a file not settled");
}

#[test]
fn a_damaged_read_cache_is_said_once_and_never_trusted() {
    let site = TempSite::from_fixture("languages");
    build(&site);
    let cache = site.path().join(".careleaf/cache/read/en");
    let mut bytes = std::fs::read(&cache).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&cache, &bytes).unwrap();
    edit(&site, "content/sleep.md", same_size);
    let run = timed_build(&site);
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("read cache"))
        .collect();
    assert_eq!(
        lines,
        [
            "warning: the read cache .careleaf/cache/read/en is damaged (it does not match its checksum): it is ignored and every page file is read again"
        ]
    );
    assert!(files_read(&run) >= 4, "the English files are read again");
    assert_same_as_clean(&site, "a damaged read cache");
    assert_eq!(files_read(&timed_build(&site)), 0, "a good cache again");
}
