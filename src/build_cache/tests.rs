use super::delta::Delta;
use super::text::unhex;
use super::*;

fn entry(n: u8) -> Entry {
    Entry {
        key: [n; 16],
        content: [n + 1; 16],
        size: 10 + n as u64,
        modified: 1_700_000_000_000_000_000 + n as i128,
    }
}

fn trusted_spare(cache: &BuildCache) -> Option<&Entries> {
    cache.spare.as_ref().filter(|_| cache.spare_trusted)
}

fn saved(dir: &Path) -> BuildCache {
    let (mut cache, warning) = BuildCache::open(dir, &dir.join("public"), false);
    assert_eq!(warning, None);
    let made: Entries = [("a/index.html".to_string(), entry(1))]
        .into_iter()
        .collect();
    cache.save(made, Written::Swapped).unwrap();
    let made: Entries = [
        ("a/index.html".to_string(), entry(2)),
        ("b c/index.html".to_string(), entry(3)),
    ]
    .into_iter()
    .collect();
    cache.save(made, Written::Swapped).unwrap();
    cache
}

#[test]
fn a_saved_manifest_reads_back_with_the_previous_output_as_spare() {
    let dir = tempfile::tempdir().unwrap();
    saved(dir.path());
    let (cache, warning) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
    assert_eq!(warning, None);
    assert_eq!(cache.output_entry("a/index.html"), Some(&entry(2)));
    assert_eq!(cache.output_entry("b c/index.html"), Some(&entry(3)));
    let spare = cache.spare.unwrap();
    assert_eq!(spare.get("a/index.html"), Some(&entry(1)));
    assert_eq!(spare.len(), 1);
}

#[test]
fn a_build_stopped_while_it_wrote_over_the_spare_leaves_it_unknown() {
    let dir = tempfile::tempdir().unwrap();
    saved(dir.path());
    let public = dir.path().join("public");
    let (mut cache, _) = BuildCache::open(dir.path(), &public, false);
    assert!(trusted_spare(&cache).is_some());
    cache.forget_spare().unwrap();
    // Stopped here: the next build knows the output, not the spare.
    let (mut cache, warning) = BuildCache::open(dir.path(), &public, false);
    assert_eq!(warning, None);
    assert!(trusted_spare(&cache).is_none());
    assert_eq!(cache.output_entry("a/index.html"), Some(&entry(2)));
    cache.forget_spare().unwrap();
    cache
        .save(
            [("a/index.html".to_string(), entry(4))]
                .into_iter()
                .collect(),
            Written::Swapped,
        )
        .unwrap();
    let (cache, _) = BuildCache::open(dir.path(), &public, false);
    assert!(
        !cache.spare_marker().exists(),
        "the mark goes with the save"
    );
    assert_eq!(
        trusted_spare(&cache).unwrap().get("a/index.html"),
        Some(&entry(2))
    );
}

#[test]
fn the_spare_is_unknown_until_an_output_was_recorded_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut cache, _) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
    cache
        .save(
            [("a".to_string(), entry(1))].into_iter().collect(),
            Written::Swapped,
        )
        .unwrap();
    let (mut cache, _) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
    assert!(
        trusted_spare(&cache).is_none(),
        "the tree before the first manifest is unknown"
    );
    cache.forget_spare().unwrap();
    let (cache, warning) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
    assert_eq!(warning, None);
    assert!(trusted_spare(&cache).is_none());
    assert_eq!(cache.output_entry("a"), Some(&entry(1)));
}

#[test]
fn a_damaged_or_foreign_manifest_is_ignored_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let cache = saved(dir.path());
    let text = std::fs::read_to_string(&cache.file).unwrap();

    let damaged = text.replacen(" 12 ", " 13 ", 1);
    assert_ne!(damaged, text);
    std::fs::write(&cache.file, &damaged).unwrap();
    let (cache2, warning) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
    assert!(warning.unwrap().contains("is damaged"));
    assert!(cache2.output.is_none());

    std::fs::write(&cache.file, &text[..text.len() / 2]).unwrap();
    let (_, warning) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
    assert!(warning.unwrap().contains("is damaged"));

    // The site copied elsewhere with its cache: same manifest name, another place.
    let moved = tempfile::tempdir().unwrap();
    let copy = manifest_path(moved.path(), &moved.path().join("public"));
    assert_eq!(copy.file_name(), cache.file.file_name());
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::write(&copy, &text).unwrap();
    let (other, warning) = BuildCache::open(moved.path(), &moved.path().join("public"), false);
    assert!(warning.unwrap().contains("another site or output folder"));
    assert!(other.output.is_none());

    let foreign = seal(
        text.replacen(&cache.version, "0.0.1 1 1", 1)
            .split("end ")
            .next()
            .unwrap()
            .to_string(),
    );
    std::fs::write(&cache.file, foreign).unwrap();
    let (_, warning) = BuildCache::open(dir.path(), &dir.path().join("public"), false);
    assert!(warning.unwrap().contains("another version of careleaf"));
    std::fs::write(&cache.file, &text).unwrap();

    let (clean, warning) = BuildCache::open(dir.path(), &dir.path().join("public"), true);
    assert_eq!(warning, None);
    assert!(clean.output.is_none());
}

#[test]
fn a_file_changed_since_it_was_written_is_not_taken() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.html");
    std::fs::write(&file, "one").unwrap();
    let e = Entry::of_file(&file, [0; 16], key_of(b"one")).unwrap();
    assert!(e.matches_disk(&file));
    std::fs::write(&file, "three").unwrap();
    assert!(!e.matches_disk(&file));
    assert!(!e.matches_disk(&dir.path().join("gone.html")));
}

#[test]
fn keys_tell_parts_apart() {
    let mut a = KeyWriter::default();
    a.part(b"ab").part(b"c");
    let mut b = KeyWriter::default();
    b.part(b"a").part(b"bc");
    assert_ne!(a.finish(), b.finish());
    assert_eq!(key_of(b"x"), key_of(b"x"));
}

#[test]
fn saving_removes_the_manifests_of_output_folders_that_are_gone() {
    let dir = tempfile::tempdir().unwrap();
    let kept_output = dir.path().join("public");
    let gone_output = dir.path().join("tmp-out");
    for output in [&kept_output, &gone_output] {
        std::fs::create_dir_all(output).unwrap();
        let (mut cache, _) = BuildCache::open(dir.path(), output, false);
        cache
            .save(
                [("a".to_string(), entry(1))].into_iter().collect(),
                Written::Swapped,
            )
            .unwrap();
    }
    let old_format = dir
        .path()
        .join(".careleaf/cache/build/0123456789abcdef.manifest");
    std::fs::write(&old_format, "careleaf build cache 1\nversion 0.0.1 1 1\n").unwrap();
    std::fs::remove_dir_all(&gone_output).unwrap();
    let (mut cache, _) = BuildCache::open(dir.path(), &kept_output, false);
    cache
        .save(
            [("a".to_string(), entry(2))].into_iter().collect(),
            Written::Swapped,
        )
        .unwrap();
    let left: Vec<PathBuf> = std::fs::read_dir(dir.path().join(".careleaf/cache/build"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "manifest"))
        .collect();
    assert_eq!(left, vec![manifest_path(dir.path(), &kept_output)]);
    let (cache, warning) = BuildCache::open(dir.path(), &kept_output, false);
    assert_eq!(warning, None);
    assert_eq!(cache.output_entry("a"), Some(&entry(2)));
}

/// The trees as a build opening the manifest finds them.
fn reopened(dir: &Path) -> (Option<Entries>, Option<Entries>, Option<String>) {
    let (cache, warning) = BuildCache::open(dir, &dir.join("public"), false);
    let spare = trusted_spare(&cache).cloned();
    (cache.output, spare, warning)
}

/// Builds that each write a few files over the spare tree, as a site edited between builds.
fn several_builds(dir: &Path, builds: u8) -> (Entries, Entries) {
    let tree = |n: u8| -> Entries {
        (0..40u8)
            .map(|i| (format!("p{i}/index.html"), entry(if i < 3 { n } else { 0 })))
            .chain([(format!("only-in-{n}.html"), entry(n))])
            .collect()
    };
    let (mut before, mut last) = (Entries::default(), Entries::default());
    for n in 1..=builds {
        let (mut cache, warning) = BuildCache::open(dir, &dir.join("public"), false);
        assert_eq!(warning, None);
        cache.forget_spare().unwrap();
        before = std::mem::replace(&mut last, tree(n));
        cache.save(last.clone(), Written::Swapped).unwrap();
    }
    (last, before)
}

#[test]
fn later_builds_are_added_as_frames_and_read_back_as_the_trees_they_made() {
    let dir = tempfile::tempdir().unwrap();
    let (last, before) = several_builds(dir.path(), 5);
    let manifest = manifest_path(dir.path(), &dir.path().join("public"));
    let frames = manifest.with_extension("frames");
    assert!(frames.exists(), "builds after the second add frames");
    let (output, spare, warning) = reopened(dir.path());
    assert_eq!(warning, None);
    assert_eq!(output.as_ref(), Some(&last));
    assert_eq!(spare.as_ref(), Some(&before));

    // A damaged frame: none of it is trusted, since the manifest alone is out of date.
    let bytes = std::fs::read(&frames).unwrap();
    let mut damaged = bytes.clone();
    damaged[10] ^= 1;
    std::fs::write(&frames, &damaged).unwrap();
    let (output, spare, warning) = reopened(dir.path());
    assert!(warning.unwrap().contains("is damaged"));
    assert_eq!((output, spare), (None, None));

    // Frames that follow another manifest (one written since): the manifest stands alone.
    let other = Delta::between(Written::Swapped, &before, &last).body(&"0".repeat(32));
    std::fs::write(&frames, crate::cache_key::frame(other, delta::MAGIC)).unwrap();
    let (output, _, warning) = reopened(dir.path());
    assert_eq!(warning, None);
    assert!(
        output.is_some_and(|o| o != last),
        "the manifest's own output"
    );
}

#[test]
fn the_manifest_is_written_afresh_once_its_frames_name_many_files() {
    let dir = tempfile::tempdir().unwrap();
    let (last, before) = several_builds(dir.path(), 2 + delta::MAX_FRAMES as u8 + 1);
    let manifest = manifest_path(dir.path(), &dir.path().join("public"));
    let frames = std::fs::read(manifest.with_extension("frames")).unwrap_or_default();
    let count = crate::cache_key::frames(&frames, delta::MAGIC).map_or(0, |f| f.len());
    assert!(count < delta::MAX_FRAMES, "{count} frames");
    let (output, spare, warning) = reopened(dir.path());
    assert_eq!(warning, None);
    assert_eq!((output, spare), (Some(last), Some(before)));
}

#[test]
fn keys_read_back_as_written_and_nothing_else_reads_as_a_key() {
    let key: Key = std::array::from_fn(|i| (i as u8).wrapping_mul(37));
    assert_eq!(unhex(&hex(&key)), Some(key));
    assert_eq!(unhex(&hex(&key)[..30]), None, "too short");
    assert_eq!(unhex(&format!("{}0", hex(&key))), None, "too long");
    assert_eq!(unhex(&hex(&key).replacen('0', "g", 1)), None, "not a digit");
    assert_eq!(unhex(&"é".repeat(16)), None, "not ASCII");
}

#[test]
fn a_patched_output_is_recorded_as_a_frame_and_the_output_is_vouched_for_until_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    std::fs::create_dir_all(public.join("a")).unwrap();
    saved(dir.path());
    let (mut cache, _) = BuildCache::open(dir.path(), &public, false);
    assert!(cache.output_as_left(&public).is_some());
    let spare = trusted_spare(&cache).cloned();
    let made: Entries = [
        ("a/index.html".to_string(), entry(2)),
        ("d/index.html".to_string(), entry(5)),
    ]
    .into_iter()
    .collect();
    // As a patching build does: say the output changes, change it, save.
    cache.forget_output_folders().unwrap();
    std::fs::create_dir_all(public.join("d")).unwrap();
    let (stopped, _) = BuildCache::open(dir.path(), &public, false);
    assert!(
        stopped.output_as_left(&public).is_none(),
        "a build stopped here leaves the output to be checked"
    );
    cache.save(made.clone(), Written::Patched).unwrap();
    assert!(cache.frames_path().exists(), "a frame, not a new manifest");
    let (cache, warning) = BuildCache::open(dir.path(), &public, false);
    assert_eq!(warning, None);
    assert_eq!(cache.output_as_left(&public), Some(&made));
    assert_eq!(trusted_spare(&cache).cloned(), spare, "the spare as it was");
    // A folder removed by hand: the output is no longer taken as recorded.
    std::fs::remove_dir_all(public.join("d")).unwrap();
    assert!(cache.output_as_left(&public).is_none());
    assert_eq!(cache.recorded_output(), Some(&made));
}
