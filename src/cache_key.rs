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
#[derive(Clone)]
pub struct KeyWriter(Xxh3);

impl Default for KeyWriter {
    fn default() -> Self {
        KeyWriter(Xxh3::new())
    }
}

impl KeyWriter {
    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        // The length first, so that ("ab", "c") and ("a", "bc") differ.
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn finish(&self) -> Key {
        self.0.digest128().to_le_bytes()
    }
}

impl std::io::Write for KeyWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
