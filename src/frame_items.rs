//! A cache frame read item by item. The caches of every page (what the last build read of each
//! file, and each page's Markdown) are frames of a few values and then a list with an entry
//! per page. Read into a list first and then into a table, the entries of 10,000 pages were
//! megabytes of memory used once; fresh memory costs a one-edit build more than reading it.

use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, Error, SeqAccess, Visitor};

/// Reads `body` (postcard) as a head `H` and then a list of `T`, handing each entry to `each`
/// as it is read, with the list's length (to make room for them all at the first). The frame's values are laid out as they are for a struct whose last field
/// is the list: postcard writes a struct's fields, and a tuple's, one after the other.
/// None when the bytes do not read as that, or `each` refuses an entry.
pub fn read_frame<'de, H, T>(body: &'de [u8], each: impl FnMut(T, usize) -> Option<()>) -> Option<H>
where
    H: Deserialize<'de>,
    T: Deserialize<'de>,
{
    let mut de = postcard::Deserializer::from_bytes(body);
    let frame = Frame {
        each,
        _values: PhantomData,
    };
    de.deserialize_tuple(2, frame).ok()
}

struct Frame<H, T, F> {
    each: F,
    _values: PhantomData<fn() -> (H, T)>,
}

impl<'de, H, T, F> Visitor<'de> for Frame<H, T, F>
where
    H: Deserialize<'de>,
    T: Deserialize<'de>,
    F: FnMut(T, usize) -> Option<()>,
{
    type Value = H;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a cache frame: its head, then its entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<H, A::Error> {
        let head: H = seq
            .next_element()?
            .ok_or_else(|| A::Error::invalid_length(0, &"a head"))?;
        let entries = Entries {
            each: self.each,
            _entry: PhantomData,
        };
        seq.next_element_seed(entries)?
            .ok_or_else(|| A::Error::invalid_length(1, &"a list of entries"))?;
        Ok(head)
    }
}

struct Entries<T, F> {
    each: F,
    _entry: PhantomData<fn() -> T>,
}

impl<'de, T, F> DeserializeSeed<'de> for Entries<T, F>
where
    T: Deserialize<'de>,
    F: FnMut(T, usize) -> Option<()>,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T, F> Visitor<'de> for Entries<T, F>
where
    T: Deserialize<'de>,
    F: FnMut(T, usize) -> Option<()>,
{
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let len = seq.size_hint().unwrap_or(0);
        while let Some(entry) = seq.next_element::<T>()? {
            (self.each)(entry, len).ok_or_else(|| A::Error::custom("an entry was refused"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Written<'a> {
        name: &'a str,
        count: u64,
        entries: Vec<(&'a str, u32)>,
    }

    #[test]
    fn a_frame_reads_back_entry_by_entry_as_the_struct_wrote_it() {
        let written = Written {
            name: "en",
            count: 7,
            entries: vec![("a.md", 1), ("b/c.md", 2), ("", 3)],
        };
        let bytes = postcard::to_stdvec(&written).unwrap();
        let mut seen = Vec::new();
        let head: (String, u64) = read_frame(&bytes, |(path, n): (&str, u32), len| {
            assert_eq!(len, 3);
            seen.push((path.to_string(), n));
            Some(())
        })
        .unwrap();
        assert_eq!(head, ("en".to_string(), 7));
        assert_eq!(
            seen,
            [("a.md".into(), 1), ("b/c.md".into(), 2), ("".into(), 3)]
        );
        // An entry refused, or bytes cut short: no frame.
        let refused =
            read_frame::<(String, u64), (&str, u32)>(&bytes, |(_, n), _| (n < 2).then_some(()));
        assert_eq!(refused, None);
        let cut =
            read_frame::<(String, u64), (&str, u32)>(&bytes[..bytes.len() - 3], |_, _| Some(()));
        assert_eq!(cut, None);
    }
}
