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
        let mut parts = lines.next()?.splitn(5, ' ');
        let key = unhex(parts.next()?)?;
        let content = unhex(parts.next()?)?;
        let size = parts.next()?.parse().ok()?;
        let modified = parts.next()?.parse().ok()?;
        let rel = parts.next()?.to_string();
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

pub(super) fn unhex(s: &str) -> Option<Key> {
    // Two keys on each of tens of thousands of lines: a digit at a time, not `from_str_radix`
    // on each pair (a third of the manifest's reading).
    fn digit(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    let bytes: &[u8; 32] = s.as_bytes().try_into().ok()?;
    let mut key = [0; 16];
    for (byte, pair) in key.iter_mut().zip(bytes.chunks_exact(2)) {
        *byte = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(key)
}
