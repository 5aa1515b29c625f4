//! The manifest's later builds as frames: a build that rewrote a few files of a large site
//! adds one frame to `<manifest>.frames` with what its output changed from the tree it wrote
//! over (the spare tree it recycled and swapped in, or the output it patched in place), rather
//! than writing the manifest's tens of thousands of lines again (15 ms of a 160 ms one-edit
//! build at 10,000 pages).
//!
//! Each frame names the checksum of the manifest it follows, and is sealed on its own (see
//! [`crate::cache_key::frame`]): a frames file left from an earlier manifest is ignored, and a
//! damaged one makes the whole manifest untrusted, since the manifest alone would describe
//! trees that are no longer there.

use super::{CORRUPT, Entries, Entry, read_section, write_entry};

/// What each frame ends with, after its checksum and the careleaf that wrote it.
pub const MAGIC: &[u8; 22] = b"careleaf build frames2";

/// How many frames the file may hold before the manifest is written afresh.
pub const MAX_FRAMES: usize = 16;

/// How a build put its output in place, which says what its frame changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Over the spare tree, then swapped with the output: the output becomes the spare.
    Swapped,
    /// Into the output in place: the spare tree stays as it was.
    Patched,
}

impl Written {
    fn word(self) -> &'static str {
        match self {
            Written::Swapped => "swapped",
            Written::Patched => "patched",
        }
    }
}

/// What a build's output changed from the tree it was written over.
pub struct Delta<'a> {
    written: Written,
    changed: Vec<(&'a str, Entry)>,
    removed: Vec<&'a str>,
}

impl<'a> Delta<'a> {
    /// The files of `made` that `before` (the tree written over) does not record as they are,
    /// and those `before` records that `made` does not hold.
    pub fn between(written: Written, before: &'a Entries, made: &'a Entries) -> Delta<'a> {
        let mut changed: Vec<(&str, Entry)> = made
            .iter()
            .filter(|(rel, e)| before.get(*rel) != Some(e))
            .map(|(rel, e)| (rel.as_str(), *e))
            .collect();
        let mut removed: Vec<&str> = before
            .keys()
            .filter(|rel| !made.contains_key(*rel))
            .map(String::as_str)
            .collect();
        changed.sort_unstable_by_key(|(rel, _)| *rel);
        removed.sort_unstable();
        Delta {
            written,
            changed,
            removed,
        }
    }

    /// How many files it names.
    pub fn len(&self) -> usize {
        self.changed.len() + self.removed.len()
    }

    /// The frame's body: the manifest it follows, then the changes.
    pub fn body(&self, manifest_sum: &str) -> Vec<u8> {
        use std::fmt::Write as _;
        let mut out = String::with_capacity(100 * self.len() + 100);
        let _ = writeln!(out, "base {manifest_sum}");
        let _ = writeln!(out, "{}", self.written.word());
        let _ = writeln!(out, "changed {}", self.changed.len());
        for (rel, e) in &self.changed {
            write_entry(&mut out, rel, e);
        }
        let _ = writeln!(out, "removed {}", self.removed.len());
        for rel in &self.removed {
            let _ = writeln!(out, "{rel}");
        }
        out.into_bytes()
    }
}

/// The manifest checksum a frame's body follows, if it reads.
pub fn base_of(body: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(body).ok()?;
    text.lines().next()?.strip_prefix("base ")
}

/// Applies one frame's body to the trees as the frames before it left them. After a swap the
/// output becomes the spare and the spare, changed as the frame says, the output; after a
/// patch the output is changed and the spare stays. Gives how many files the frame names.
pub fn apply(
    body: &[u8],
    output: &mut Option<Entries>,
    spare: &mut Option<Entries>,
) -> Result<usize, &'static str> {
    let text = std::str::from_utf8(body).map_err(|_| CORRUPT)?;
    let mut lines = text.lines().skip(1);
    let written = match lines.next() {
        Some("swapped") => Written::Swapped,
        Some("patched") => Written::Patched,
        _ => return Err(CORRUPT),
    };
    let changed = read_section(&mut lines, "changed")
        .flatten()
        .ok_or(CORRUPT)?;
    let removed: usize = lines
        .next()
        .and_then(|l| l.strip_prefix("removed "))
        .and_then(|n| n.parse().ok())
        .ok_or(CORRUPT)?;
    // A frame is written only over a tree the manifest knew.
    let before = match written {
        Written::Swapped => &mut *spare,
        Written::Patched => &mut *output,
    };
    let mut made = before.take().ok_or(CORRUPT)?;
    for _ in 0..removed {
        made.remove(lines.next().ok_or(CORRUPT)?);
    }
    let named = changed.len() + removed;
    made.extend(changed);
    match written {
        Written::Swapped => *spare = output.replace(made),
        Written::Patched => *output = Some(made),
    }
    Ok(named)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u8) -> Entry {
        Entry {
            key: [n; 16],
            content: [n; 16],
            size: u64::from(n),
            modified: i128::from(n),
        }
    }

    fn entries(list: &[(&str, u8)]) -> Entries {
        list.iter()
            .map(|(r, n)| (r.to_string(), entry(*n)))
            .collect()
    }

    #[test]
    fn a_frame_turns_the_spare_into_the_new_output_and_the_output_into_the_spare() {
        let output = entries(&[("a", 1), ("b", 1), ("c", 1)]);
        let spare = entries(&[("a", 1), ("b", 0), ("gone", 0)]);
        let made = entries(&[("a", 1), ("b", 2), ("c", 2), ("new dir/x", 3)]);
        let delta = Delta::between(Written::Swapped, &spare, &made);
        assert_eq!(delta.len(), 4, "b, c and new dir/x changed; gone removed");
        let body = delta.body("abc");
        assert_eq!(base_of(&body), Some("abc"));
        let (mut o, mut s) = (Some(output.clone()), Some(spare));
        assert_eq!(apply(&body, &mut o, &mut s), Ok(4));
        assert_eq!(o, Some(made));
        assert_eq!(s, Some(output));
    }

    #[test]
    fn a_patch_frame_changes_the_output_and_leaves_the_spare_as_it_was() {
        let output = entries(&[("a", 1), ("b", 1), ("gone", 1)]);
        let spare = entries(&[("a", 0), ("old", 0)]);
        let made = entries(&[("a", 1), ("b", 2), ("new dir/x", 3)]);
        let delta = Delta::between(Written::Patched, &output, &made);
        assert_eq!(delta.len(), 3, "b and new dir/x changed; gone removed");
        let body = delta.body("abc");
        let (mut o, mut s) = (Some(output), Some(spare.clone()));
        assert_eq!(apply(&body, &mut o, &mut s), Ok(3));
        assert_eq!(o, Some(made));
        assert_eq!(s, Some(spare));
        // Over an output the manifest did not know, it cannot be applied.
        let (mut o, mut s) = (None, Some(entries(&[("a", 0)])));
        assert_eq!(apply(&body, &mut o, &mut s), Err(CORRUPT));
    }

    #[test]
    fn a_frame_over_an_unknown_spare_or_cut_short_is_damaged() {
        let spare = entries(&[("a", 1)]);
        let made = entries(&[("a", 2)]);
        let body = Delta::between(Written::Swapped, &spare, &made).body("abc");
        let (mut o, mut s) = (None, None);
        assert_eq!(apply(&body, &mut o, &mut s), Err(CORRUPT));
        let cut = &body[..body.len() - 20];
        let (mut o, mut s) = (None, Some(spare));
        assert_eq!(apply(cut, &mut o, &mut s), Err(CORRUPT));
    }
}
