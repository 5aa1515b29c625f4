//! Arrays of fixed-size items (keys, numbers, ranges) kept in a cache as one byte string.
//! postcard writes an array item by item, a varint per number and a byte at a time per key,
//! and reads it back the same way: the search index's layout and term table (a few hundred
//! thousand numbers and 30,000 keys at 10,000 pages) took milliseconds to read that way, on
//! the path of every build after a retitled page. As one byte string they are copied.

use std::ops::{Deref, DerefMut, Range};

use serde::de::{Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

/// An item of a fixed number of bytes.
pub trait Item: Sized {
    const SIZE: usize;
    fn write(&self, out: &mut Vec<u8>);
    /// The item in `bytes`, which are `SIZE` long.
    fn read(bytes: &[u8]) -> Self;
    /// `items` as they are written, when that is how they lie in memory: written without a
    /// copy (the term table's numbers are megabytes).
    fn in_place(_items: &[Self]) -> Option<&[u8]> {
        None
    }
}

impl Item for u32 {
    const SIZE: usize = 4;
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn read(bytes: &[u8]) -> Self {
        let mut four = [0u8; 4];
        four.copy_from_slice(bytes);
        u32::from_le_bytes(four)
    }
    fn in_place(items: &[Self]) -> Option<&[u8]> {
        // Little-endian numbers lie in memory as they are written.
        cfg!(target_endian = "little").then(|| bytemuck::cast_slice(items))
    }
}

impl Item for [u8; 16] {
    const SIZE: usize = 16;
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self);
    }
    fn read(bytes: &[u8]) -> Self {
        let mut key = [0u8; 16];
        key.copy_from_slice(bytes);
        key
    }
    fn in_place(items: &[Self]) -> Option<&[u8]> {
        Some(items.as_flattened())
    }
}

impl Item for Range<u32> {
    const SIZE: usize = 8;
    fn write(&self, out: &mut Vec<u8>) {
        self.start.write(out);
        self.end.write(out);
    }
    fn read(bytes: &[u8]) -> Self {
        let (start, end) = bytes.split_at(4);
        u32::read(start)..u32::read(end)
    }
}

/// A vector kept as one byte string (see the module); otherwise a `Vec`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed<T>(pub Vec<T>);

impl<T> Default for Packed<T> {
    fn default() -> Self {
        Packed(Vec::new())
    }
}

impl<T> Deref for Packed<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> DerefMut for Packed<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T: Item> Packed<T> {
    /// How many bytes it is written in (besides the length before them).
    pub fn written_len(&self) -> usize {
        self.0.len() * T::SIZE
    }
}

impl<T> From<Vec<T>> for Packed<T> {
    fn from(items: Vec<T>) -> Self {
        Packed(items)
    }
}

impl<T: Item> Serialize for Packed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(bytes) = T::in_place(&self.0) {
            return serializer.serialize_bytes(bytes);
        }
        let mut bytes = Vec::with_capacity(self.0.len() * T::SIZE);
        for item in &self.0 {
            item.write(&mut bytes);
        }
        serializer.serialize_bytes(&bytes)
    }
}

impl<'de, T: Item> Deserialize<'de> for Packed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_bytes(PackedVisitor(std::marker::PhantomData))
    }
}

struct PackedVisitor<T>(std::marker::PhantomData<T>);

impl<T: Item> Visitor<'_> for PackedVisitor<T> {
    type Value = Packed<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "a byte string of items of {} bytes", T::SIZE)
    }

    fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
        if !bytes.len().is_multiple_of(T::SIZE) {
            return Err(E::invalid_length(bytes.len(), &self));
        }
        Ok(Packed(bytes.chunks_exact(T::SIZE).map(T::read).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Stored {
        keys: Packed<[u8; 16]>,
        numbers: Packed<u32>,
        ranges: Packed<Range<u32>>,
        after: String,
    }

    #[test]
    fn packed_arrays_read_back_as_written_and_a_cut_one_is_refused() {
        let stored = Stored {
            keys: vec![[7; 16], [0; 16], [255; 16]].into(),
            numbers: vec![0, 1, u32::MAX, 300].into(),
            ranges: vec![4..9, 0..u32::MAX].into(),
            after: "still here".into(),
        };
        let bytes = postcard::to_stdvec(&stored).unwrap();
        assert_eq!(postcard::from_bytes::<Stored>(&bytes).unwrap(), stored);
        // One byte string each: the keys' length, then their 48 bytes as they are.
        assert_eq!(bytes[0], 48);
        assert_eq!(&bytes[1..17], &[7; 16]);

        let numbers_at = 1 + 48;
        // Numbers little-endian, whichever way they were written (in place or one by one).
        assert_eq!(bytes[numbers_at], 16);
        assert_eq!(
            &bytes[numbers_at + 1..numbers_at + 9],
            &[0, 0, 0, 0, 1, 0, 0, 0]
        );
        let mut cut = bytes.clone();
        cut[numbers_at] -= 1; // 15 bytes of numbers: not a whole number of them
        assert!(postcard::from_bytes::<Stored>(&cut).is_err());
        let empty = Stored {
            keys: Packed::default(),
            numbers: Packed::default(),
            ranges: Packed::default(),
            after: String::new(),
        };
        let bytes = postcard::to_stdvec(&empty).unwrap();
        assert_eq!(postcard::from_bytes::<Stored>(&bytes).unwrap(), empty);
    }
}
