//! The manifest's text: a line for each file, its keys in hex.

use super::{Entries, Entry, Key};

pub(super) fn write_section(out: &mut String, name: &str, entries: &Option<Entries>) {
    use std::fmt::Write as _;
    let Some(entries) = entries else {
        let _ = writeln!(out, "{name} unknown");
        return;
    };
    let _ = writeln!(out, "{name} {}", entries.len());
    let mut sorted: Vec<_> = entries.iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (rel, e) in sorted {
        write_entry(out, rel, e);
    }
}

/// One file's line: `KEY CONTENT SIZE MODIFIED PATH`.
pub(super) fn write_entry(out: &mut String, rel: &str, e: &Entry) {
    use std::fmt::Write as _;
    push_hex(out, &e.key);
    out.push(' ');
    push_hex(out, &e.content);
    let _ = writeln!(out, " {} {} {rel}", e.size, e.modified);
}

/// The section `name`: Some(None) when it says its tree is unknown; None when damaged.
pub(super) fn read_section<'a>(
    lines: &mut impl Iterator<Item = &'a str>,
    name: &str,
) -> Option<Option<Entries>> {
    let count = lines.next()?.strip_prefix(name)?.trim();
    if count == "unknown" {
        return Some(None);
    }
    let count: usize = count.parse().ok()?;
    let mut entries = Entries::with_capacity_and_hasher(count, Default::default());
    for _ in 0..count {
        // `KEY CONTENT SIZE MODIFIED PATH`: the keys are 32 digits each, found by place.
        let line = lines.next()?;
        let key = unhex(line.get(..32)?)?;
        let rest = line.get(32..)?.strip_prefix(' ')?;
        let content = unhex(rest.get(..32)?)?;
        let (size, rest) = rest.get(32..)?.strip_prefix(' ')?.split_once(' ')?;
        let (modified, rel) = rest.split_once(' ')?;
        let size = size.parse().ok()?;
        let modified = nanos(modified)?;
        let rel = rel.to_string();
        entries.insert(
            rel,
            Entry {
                key,
                content,
                size,
                modified,
            },
        );
    }
    Some(Some(entries))
}

/// A time in nanoseconds as written: as a 64-bit number first, which every time until 2262
/// is, at a fraction of the cost of reading 128 bits (once per line of tens of thousands).
fn nanos(text: &str) -> Option<i128> {
    match text.parse::<i64>() {
        Ok(n) => Some(i128::from(n)),
        Err(_) => text.parse().ok(),
    }
}

pub(super) fn hex(key: &Key) -> String {
    let mut s = String::with_capacity(2 * key.len());
    push_hex(&mut s, key);
    s
}

fn push_hex(out: &mut String, key: &Key) {
    // A manifest has a few keys for each of thousands of files: no `format!` for each byte.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in key {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
}

/// Each byte's value as a hex digit, or 255.
const HEX_DIGITS: [u8; 256] = {
    let mut table = [255u8; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

pub(super) fn unhex(s: &str) -> Option<Key> {
    // Two keys on each of tens of thousands of lines: each digit looked up, and one test for
    // all 32 at the end (a match per digit was half of the manifest's reading; `from_str_radix`
    // on each pair was slower still).
    let bytes: &[u8; 32] = s.as_bytes().try_into().ok()?;
    let mut key = [0; 16];
    let mut seen = 0u8;
    for (byte, pair) in key.iter_mut().zip(bytes.chunks_exact(2)) {
        let (high, low) = (
            HEX_DIGITS[usize::from(pair[0])],
            HEX_DIGITS[usize::from(pair[1])],
        );
        seen |= high | low;
        *byte = high << 4 | low;
    }
    (seen < 16).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u8, modified: i128) -> Entry {
        Entry {
            key: [n; 16],
            content: [n.wrapping_add(1); 16],
            size: u64::from(n) * 1000,
            modified,
        }
    }

    #[test]
    fn a_section_reads_back_as_written_and_a_damaged_line_is_refused() {
        let mut entries = Entries::default();
        entries.insert("index.html".into(), entry(1, 1_796_534_148_177_477_388));
        entries.insert("a page/with spaces.html".into(), entry(2, -5));
        // Past 2262, where a time no longer fits 64 bits.
        entries.insert(
            "far/future.html".into(),
            entry(171, i128::from(i64::MAX) * 3),
        );
        let mut text = String::new();
        write_section(&mut text, "output", &Some(entries.clone()));
        let read = read_section(&mut text.lines(), "output").unwrap().unwrap();
        assert_eq!(read.len(), 3);
        for (rel, e) in &entries {
            let got = &read[rel];
            assert_eq!(
                (got.key, got.content, got.size, got.modified),
                (e.key, e.content, e.size, e.modified),
                "{rel}"
            );
        }

        let line = text.lines().find(|l| l.ends_with(" index.html")).unwrap();
        for damaged in [
            line.replacen(' ', "  ", 1),
            line[1..].to_string(),
            line.replacen(' ', "x", 1),
            line.rsplit_once(' ')
                .unwrap()
                .0
                .rsplit_once(' ')
                .unwrap()
                .0
                .to_string(),
            format!("{}g{}", &line[..40], &line[41..]),
        ] {
            let section = format!("output 1\n{damaged}\n");
            assert_eq!(
                read_section(&mut section.lines(), "output"),
                None,
                "{damaged}"
            );
        }
        let unknown = "spare unknown\n";
        assert_eq!(read_section(&mut unknown.lines(), "spare"), Some(None));
    }
}
