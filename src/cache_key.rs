//! Keys of what a cached file was made from: 128 bits of a BLAKE3 hash. Kept apart from the
//! caches that use them so that any stage can name a key without depending on a cache.

/// 128 bits of a BLAKE3 hash: what a file was made from, or its bytes.
pub type Key = [u8; 16];

/// The key of `bytes`.
pub fn key_of(bytes: &[u8]) -> Key {
    truncate(blake3::hash(bytes))
}

fn truncate(hash: blake3::Hash) -> Key {
    let mut key = [0; 16];
    key.copy_from_slice(&hash.as_bytes()[..16]);
    key
}

/// Builds a key from several parts (a page's template, the globals, its serialized context)
/// without putting them in one buffer first.
#[derive(Default, Clone)]
pub struct KeyWriter(blake3::Hasher);

impl KeyWriter {
    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        // The length first, so that ("ab", "c") and ("a", "bc") differ.
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn finish(&self) -> Key {
        truncate(self.0.finalize())
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
