//! Keys of what a cached file was made from: a 128-bit XXH3 hash. Kept apart from the caches
//! that use them so that any stage can name a key without depending on a cache.
//!
//! The keys guard against accidental change, not against someone who can already write the
//! site's files, so they need no cryptographic hash: XXH3 hashes several times faster than
//! BLAKE3 did, and a build hashes every source, every page's context and every output file
//! (BLAKE3 was 8% of a clean build of 10,000 articles).

use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// Which careleaf made a key: what the binary was built from (see build.rs). Every cache
/// names it, so that another careleaf's results are never taken.
pub const SOURCE_ID: &str = env!("CARELEAF_SOURCE_ID");

/// 128 bits of an XXH3 hash: what a file was made from, or its bytes.
pub type Key = [u8; 16];

/// The key of `bytes`.
pub fn key_of(bytes: &[u8]) -> Key {
    xxh3_128(bytes).to_le_bytes()
}

/// Builds a key from several parts (a page's template, the globals, its serialized context)
/// without putting them in one buffer first.
///
/// Most parts are a few bytes (a length, a path, another key). XXH3's streaming hasher takes
/// each write through its own checks and buffer, which cost more than hashing them: a page's
/// key of a few hundred bytes fed in thirty writes took ten times as long as one call. So the
/// writes are gathered in [`KeyWriter::pending`] and the hasher is started only for keys longer
/// than that; the key is the same either way (XXH3 streamed is XXH3 of the whole).
#[derive(Clone)]
pub struct KeyWriter {
    pending: [u8; PENDING],
    pending_len: usize,
    stream: Option<Box<Xxh3>>,
}

/// How many bytes a [`KeyWriter`] gathers before it hashes them.
const PENDING: usize = 512;

impl Default for KeyWriter {
    fn default() -> Self {
        KeyWriter {
            pending: [0; PENDING],
            pending_len: 0,
            stream: None,
        }
    }
}

impl KeyWriter {
    #[inline]
    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        // The length first, so that ("ab", "c") and ("a", "bc") differ.
        let len = (bytes.len() as u64).to_le_bytes();
        let at = self.pending_len;
        if let Some(room) = self.pending.get_mut(at..at + len.len() + bytes.len()) {
            let (head, tail) = room.split_at_mut(len.len());
            head.copy_from_slice(&len);
            tail.copy_from_slice(bytes);
            self.pending_len += len.len() + bytes.len();
        } else {
            self.write_bytes(&len);
            self.write_bytes(bytes);
        }
        self
    }

    fn write_bytes(&mut self, bytes: &[u8]) {
        let end = self.pending_len + bytes.len();
        if let Some(room) = self.pending.get_mut(self.pending_len..end) {
            room.copy_from_slice(bytes);
            self.pending_len = end;
            return;
        }
        let stream = self.stream.get_or_insert_with(|| Box::new(Xxh3::new()));
        stream.update(&self.pending[..self.pending_len]);
        self.pending_len = 0;
        if bytes.len() > PENDING {
            stream.update(bytes);
        } else {
            self.pending[..bytes.len()].copy_from_slice(bytes);
            self.pending_len = bytes.len();
        }
    }

    /// Feeds `value` as the JSON the renderer sees, without holding all of it: the sitemap's
    /// entries at 10,000 pages are a megabyte of JSON.
    pub fn json(&mut self, value: &impl serde::Serialize) -> &mut Self {
        // Cannot fail: the hasher takes every byte, and the values serialize to JSON for the
        // renderer the same way.
        let _ = serde_json::to_writer(&mut *self, value);
        self
    }

    pub fn finish(&self) -> Key {
        let pending = &self.pending[..self.pending_len];
        let hash = match &self.stream {
            None => xxh3_128(pending),
            Some(stream) => {
                let mut stream = (**stream).clone();
                stream.update(pending);
                stream.digest128()
            }
        };
        hash.to_le_bytes()
    }
}

impl std::io::Write for KeyWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_bytes(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Entries of a cache index by the page file they are for, whose path (below `content/`) is
/// bytes of the index itself: each is known by a hash of those bytes and keeps where they
/// are, so that reading an index of 10,000 pages makes no path and hashes none part by part
/// (as a `PathBuf` key does). The hash is of 128 bits, as every cache key is: a path is found
/// by it alone, without reading the index's bytes again (scattered over megabytes, comparing
/// them was a twentieth of a one-edit build).
pub struct PathTable<V> {
    /// Each path's hash (as bytes: a `u128` would pad every slot to 32 bytes) and where its
    /// value is in `entries`.
    by_hash: rustc_hash::FxHashMap<[u8; 16], u32>,
    /// Each path's place in the index and its value, in the order they were first put: kept
    /// apart from the hashes, a table of 10,000 pages is half the memory (each slot of a hash
    /// table is as large as its value, and a fifth of them stay empty), and fresh memory is
    /// much of what a one-edit build costs.
    entries: Vec<(std::ops::Range<usize>, V)>,
}

impl<V> Default for PathTable<V> {
    fn default() -> Self {
        PathTable {
            by_hash: Default::default(),
            entries: Vec::new(),
        }
    }
}

impl<V> PathTable<V> {
    pub fn reserve(&mut self, additional: usize) {
        self.by_hash.reserve(additional);
        self.entries.reserve(additional);
    }

    /// Puts `value` for the path at `at` in `bytes` (over a value for the same path); None
    /// when another path has the same hash, which a reader takes as an index it cannot use,
    /// or there are more than 2³² of them.
    pub fn insert(&mut self, bytes: &[u8], at: std::ops::Range<usize>, value: V) -> Option<()> {
        let path = bytes.get(at.clone())?;
        match self.by_hash.entry(xxh3_128(path).to_le_bytes()) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let entry = self.entries.get_mut(*e.get() as usize)?;
                if bytes.get(entry.0.clone()) != Some(path) {
                    return None;
                }
                *entry = (at, value);
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(u32::try_from(self.entries.len()).ok()?);
                self.entries.push((at, value));
            }
        }
        Some(())
    }

    /// The value for `path`.
    pub fn get(&self, path: &std::path::Path) -> Option<&V> {
        let path = path.as_os_str().as_encoded_bytes();
        let at = *self.by_hash.get(&xxh3_128(path).to_le_bytes())?;
        self.entries.get(at as usize).map(|(_, value)| value)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }
}

/// Where `part`, borrowed from `whole` by a decoder, lies in it: a cache index keeps each
/// entry's bytes as a place in the index it read rather than a copy. None for bytes that are
/// not inside it (a copy lives in memory of its own, which cannot overlap a live `whole`).
pub fn place_in(whole: &[u8], part: &[u8]) -> Option<std::ops::Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let end = start + part.len();
    (end <= whole.len()).then_some(start..end)
}

/// Puts `parts` one after the other in a new file in place of the one at `path`, at once (a
/// temporary file of a name of its own beside it, renamed over it): a reader, or a second
/// build writing the same file, never meets half of one. Creates the folder.
pub fn replace_file(path: &std::path::Path, parts: &[&[u8]]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    for part in parts {
        file.write_all(part)?;
    }
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// How many bytes [`seal`] adds besides the magic: the checksum and [`SOURCE_ID`].
pub const SEAL_LEN: usize = 16 + SOURCE_ID.len();

/// Ends a cache file's `body` with its checksum, [`SOURCE_ID`] and `magic`, so that a reader can
/// tell a damaged file or another careleaf's from a good one ([`unseal`]).
pub fn seal(mut body: Vec<u8>, magic: &[u8]) -> Vec<u8> {
    let key = key_of(&body);
    body.extend_from_slice(&key);
    body.extend_from_slice(SOURCE_ID.as_bytes());
    body.extend_from_slice(magic);
    body
}

/// `value` in postcard, [`seal`]ed, written into memory sized once for about `size` bytes of
/// it: grown by doubling, a cache of megabytes was copied and faulted in several times over.
pub fn sealed<T: serde::Serialize>(value: &T, size: usize, magic: &[u8]) -> Option<Vec<u8>> {
    let room = Vec::with_capacity(size + 64 + SEAL_LEN + magic.len());
    let body = postcard::to_extend(value, room).ok()?;
    Some(seal(body, magic))
}

/// Writes a cache file's body to `inner` as it comes, and ends it as [`seal`] does: for a body
/// too large to hold twice in memory.
pub struct Sealer<W: std::io::Write> {
    inner: W,
    hash: KeyWriter,
    written: u64,
}

impl<W: std::io::Write> Sealer<W> {
    pub fn new(inner: W) -> Sealer<W> {
        Sealer {
            inner,
            hash: KeyWriter::default(),
            written: 0,
        }
    }

    /// Ends the body written so far as one [`frame`]: its length, then its seal.
    pub fn finish_frame(mut self, magic: &[u8]) -> std::io::Result<W> {
        let len = self.written;
        std::io::Write::write_all(&mut self, &len.to_le_bytes())?;
        self.finish(magic)
    }

    /// Ends the file with its checksum, [`SOURCE_ID`] and `magic`.
    pub fn finish(mut self, magic: &[u8]) -> std::io::Result<W> {
        let key = self.hash.finish();
        self.inner.write_all(&key)?;
        self.inner.write_all(SOURCE_ID.as_bytes())?;
        self.inner.write_all(magic)?;
        Ok(self.inner)
    }
}

impl<W: std::io::Write> std::io::Write for Sealer<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        // Cannot fail: `n` is at most the length of `buf`, as `write` returns it.
        std::io::Write::write_all(&mut self.hash, &buf[..n])?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A frame of a cache file made of frames (see [`frames`]): `body`, its length (8 bytes,
/// little endian), and the seal of both.
pub fn frame(mut body: Vec<u8>, magic: &[u8]) -> Vec<u8> {
    let len = body.len() as u64;
    body.extend_from_slice(&len.to_le_bytes());
    seal(body, magic)
}

/// Adds `body` as one [`frame`] at the end of the cache file at `path`, if the file is still
/// `len` bytes long (the file a build read); false, writing nothing, when it is not or cannot
/// be opened. One write: a build stopped halfway leaves a frame whose seal does not match, and
/// the next build does not trust the file.
pub fn append_frame(
    path: &std::path::Path,
    len: u64,
    body: Vec<u8>,
    magic: &[u8],
) -> std::io::Result<bool> {
    use std::io::Write as _;
    let Ok(mut file) = std::fs::OpenOptions::new().append(true).open(path) else {
        return Ok(false);
    };
    if file.metadata()?.len() != len {
        return Ok(false);
    }
    file.write_all(&frame(body, magic))?;
    Ok(true)
}

/// The frames of a cache file that is a run of [`frame`]s (a later one adding to an earlier
/// one), first to last, each as the place of its body in `bytes`; or why the file cannot be
/// trusted, as [`unseal`] says it. Each frame is sealed alone, so adding one to a file writes
/// only that frame.
pub fn frames(bytes: &[u8], magic: &[u8]) -> Result<Vec<std::ops::Range<usize>>, &'static str> {
    const DAMAGED: &str = "is damaged (it cannot be read)";
    let trailer = SEAL_LEN + magic.len();
    // Another careleaf's file says so at its end (before its frames' lengths are trusted).
    let writer = bytes.len().saturating_sub(magic.len() + SOURCE_ID.len());
    if bytes[writer..] != *[SOURCE_ID.as_bytes(), magic].concat() {
        unseal(bytes, magic)?;
        return Err(DAMAGED);
    }
    let mut frames = Vec::new();
    let mut end = bytes.len();
    while end > 0 {
        let len_at = end
            .checked_sub(trailer + 8)
            .ok_or("is damaged (it is too short)")?;
        let len: [u8; 8] = bytes[len_at..len_at + 8].try_into().map_err(|_| DAMAGED)?;
        let start = usize::try_from(u64::from_le_bytes(len))
            .ok()
            .and_then(|len| len_at.checked_sub(len))
            .ok_or(DAMAGED)?;
        unseal(&bytes[start..end], magic)?;
        frames.push(start..len_at);
        end = start;
    }
    frames.reverse();
    Ok(frames)
}

/// The body of a file [`seal`] ended with `magic`, or why it cannot be trusted (as the end of
/// "the … cache … {why}").
pub fn unseal<'a>(bytes: &'a [u8], magic: &[u8]) -> Result<&'a [u8], &'static str> {
    let body_len = bytes
        .len()
        .checked_sub(16 + SOURCE_ID.len() + magic.len())
        .ok_or("is damaged (it is too short)")?;
    let (body, rest) = bytes.split_at(body_len);
    let (key, rest) = rest.split_at(16);
    let (writer, end) = rest.split_at(SOURCE_ID.len());
    if end != magic {
        // The same name with another format number at its end: an older or newer careleaf's.
        let name = magic.len().saturating_sub(1);
        if end.get(..name) == magic.get(..name) {
            return Err("was written by another version of careleaf");
        }
        return Err("is damaged (it does not end as careleaf writes it)");
    }
    if writer != SOURCE_ID.as_bytes() {
        return Err("was written by another version of careleaf");
    }
    if key_of(body) != key {
        return Err("is damaged (it does not match its checksum)");
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_the_hash_of_all_its_bytes_however_they_were_written() {
        use std::io::Write;
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
        for len in [0, 1, 100, 511, 512, 513, 1500, 5000] {
            let whole = &bytes[..len];
            for cut in [1, 7, 300, 512, 600, 4096] {
                let mut key = KeyWriter::default();
                for piece in whole.chunks(cut) {
                    key.write_all(piece).unwrap();
                }
                assert_eq!(
                    key.finish(),
                    key_of(whole),
                    "{len} bytes in pieces of {cut}"
                );
            }
        }
        // A part is its length, then its bytes.
        let mut parts = KeyWriter::default();
        parts.part(b"ab").part(&bytes[..700]);
        let mut joined = 2u64.to_le_bytes().to_vec();
        joined.extend(b"ab");
        joined.extend(700u64.to_le_bytes());
        joined.extend(&bytes[..700]);
        assert_eq!(parts.finish(), key_of(&joined));
        assert_ne!(
            parts.finish(),
            KeyWriter::default().part(b"a").part(b"b").finish()
        );
    }

    #[test]
    fn a_sealed_file_opens_only_whole_and_from_this_careleaf() {
        let sealed = seal(b"pages".to_vec(), b"MAGIC");
        assert_eq!(unseal(&sealed, b"MAGIC"), Ok(&b"pages"[..]));
        assert_eq!(
            unseal(&sealed, b"OTHER"),
            Err("is damaged (it does not end as careleaf writes it)")
        );
        let mut flipped = sealed.clone();
        flipped[1] ^= 1;
        assert_eq!(
            unseal(&flipped, b"MAGIC"),
            Err("is damaged (it does not match its checksum)")
        );
        let mut other = b"pages".to_vec();
        other.extend_from_slice(&key_of(b"pages"));
        other.extend_from_slice(&[b'0'; SOURCE_ID.len()]);
        other.extend_from_slice(b"MAGIC");
        assert_eq!(
            unseal(&other, b"MAGIC"),
            Err("was written by another version of careleaf")
        );
        assert_eq!(unseal(b"x", b"MAGIC"), Err("is damaged (it is too short)"));
        let whole = b"abcdef";
        assert_eq!(
            place_in(whole, &std::borrow::Cow::Borrowed(&whole[2..4])),
            Some(2..4)
        );
        assert_eq!(
            place_in(whole, &std::borrow::Cow::Owned(b"cd".to_vec())),
            None
        );
        assert_eq!(
            place_in(&whole[..3], &std::borrow::Cow::Borrowed(&whole[2..5])),
            None
        );
        let mut sealer = Sealer::new(Vec::new());
        std::io::Write::write_all(&mut sealer, b"pag").unwrap();
        std::io::Write::write_all(&mut sealer, b"es").unwrap();
        assert_eq!(
            sealer.finish(b"MAGIC").unwrap(),
            sealed,
            "written as it comes"
        );
        assert_eq!(
            unseal(&seal(b"pages".to_vec(), b"MAGIC1"), b"MAGIC2"),
            Err("was written by another version of careleaf")
        );
    }

    #[test]
    fn a_path_table_finds_each_path_by_its_bytes_in_the_index() {
        use std::path::Path;
        let bytes = b"guide/a.mdguide/b.mdguide/a.md".to_vec();
        let mut table = PathTable::default();
        table.insert(&bytes, 0..10, 1).unwrap();
        table.insert(&bytes, 10..20, 2).unwrap();
        assert_eq!(table.get(Path::new("guide/a.md")), Some(&1));
        assert_eq!(table.get(Path::new("guide/b.md")), Some(&2));
        assert_eq!(table.get(Path::new("guide/c.md")), None);
        assert_eq!(table.get(Path::new("guide/a.m")), None);
        // A later frame's entry for the same path stands over the earlier one.
        table.insert(&bytes, 20..30, 3).unwrap();
        assert_eq!(table.get(Path::new("guide/a.md")), Some(&3));
        assert_eq!(table.values().count(), 2);
        assert!(
            table.insert(&bytes, 25..40, 4).is_none(),
            "not in the index"
        );
    }

    #[test]
    fn a_key_fed_json_follows_the_values() {
        let a = KeyWriter::default().json(&["a", "b"]).finish();
        assert_eq!(a, KeyWriter::default().json(&["a", "b"]).finish());
        assert_ne!(a, KeyWriter::default().json(&["a", "c"]).finish());
        let long: Vec<String> = (0..5000).map(|i| format!("entry {i}")).collect();
        let mut changed = long.clone();
        changed[4999].push('!');
        assert_ne!(
            KeyWriter::default().json(&long).finish(),
            KeyWriter::default().json(&changed).finish(),
            "past the buffer too"
        );
    }
}
