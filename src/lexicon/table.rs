//! A string interner without per-string allocations: one text arena, one span
//! per string, and an open-addressing hash table over the spans, built on the
//! first lookup (a table loaded for prefix searches alone never builds it).

use std::borrow::Cow;
use std::sync::OnceLock;

/// Interned strings, numbered `0..len()` in insertion order.
#[derive(Debug, Clone, Default)]
pub(super) struct StrTable {
    /// Borrowed for the built-in lexicon's tables (laid out at build time).
    text: Cow<'static, str>,
    /// `[start, end]` byte offsets into `text`, one per string (borrowed
    /// too for the built-in lexicon).
    spans: Cow<'static, [Span]>,
    /// Open addressing, linear probing: `0` is empty, otherwise index + 1.
    /// A power of two at least twice the number of strings; built lazily
    /// (or borrowed from the built-in image).
    slots: OnceLock<Cow<'static, [u32]>>,
}

// The hash and the layout of the table are those of the built-in image's
// tables of strings (`image.rs`), which this one can be given ready.
use super::image::{str_hash as hash, str_place as place, str_slot as slot_of, Span};

impl StrTable {
    /// The strings of `text` at `spans` (byte offsets within it).
    pub(super) fn from_parts(text: Cow<'static, str>, spans: Cow<'static, [Span]>) -> StrTable {
        StrTable {
            text,
            spans,
            slots: OnceLock::new(),
        }
    }

    /// [`StrTable::from_parts`] with its hash table built already (the
    /// built-in image's, `image::str_slots`).
    #[cfg(feature = "cedict")]
    pub(super) fn from_parts_with_slots(
        text: Cow<'static, str>,
        spans: Cow<'static, [Span]>,
        slots: Cow<'static, [u32]>,
    ) -> StrTable {
        StrTable {
            text,
            spans,
            slots: OnceLock::from(slots),
        }
    }

    /// All strings, joined.
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The byte span of each string in [`StrTable::text`].
    pub(super) fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// Number of strings.
    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The string numbered `i`; the empty string if there is none.
    pub(super) fn resolve(&self, i: u32) -> &str {
        match self.spans.get(i as usize) {
            Some(&[a, b]) => self.text.get(a as usize..b as usize).unwrap_or(""),
            None => "",
        }
    }

    /// The bytes of the string numbered `i` (`i < len()`).
    #[inline]
    pub(super) fn bytes(&self, i: u32) -> &[u8] {
        let [a, b] = self.spans[i as usize];
        &self.text.as_bytes()[a as usize..b as usize]
    }

    /// All strings in number order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.spans.len() as u32).map(|i| self.resolve(i))
    }

    fn slots(&self) -> &[u32] {
        self.slots
            .get_or_init(|| Cow::Owned(self.build_slots(self.spans.len())))
    }

    /// The number of `s`, if present.
    pub(super) fn get(&self, s: &str) -> Option<u32> {
        if self.spans.is_empty() {
            return None;
        }
        let slots = self.slots();
        let mask = slots.len() - 1;
        let mut i = slot_of(slots, hash(s.as_bytes()));
        loop {
            match slots[i] {
                0 => return None,
                k if self.bytes(k - 1) == s.as_bytes() => return Some(k - 1),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// The number of `s`, adding it if absent. `None` only if the table
    /// would outgrow `u32` offsets (4 GiB of text).
    pub(super) fn intern(&mut self, s: &str) -> Option<u32> {
        if let Some(k) = self.get(s) {
            return Some(k);
        }
        self.push_unchecked(s)
    }

    /// Adds `s` without checking whether it is present (the caller knows
    /// it is not).
    pub(super) fn push_unchecked(&mut self, s: &str) -> Option<u32> {
        let start = u32::try_from(self.text.len()).ok()?;
        let end = u32::try_from(self.text.len() + s.len()).ok()?;
        let k = u32::try_from(self.spans.len()).ok()?;
        if k == u32::MAX {
            return None;
        }
        self.text.to_mut().push_str(s);
        self.spans.to_mut().push([start, end]);
        // Keep a built hash table up to date; an unbuilt one stays unbuilt.
        let n = self.spans.len();
        let full = match self.slots.get_mut() {
            Some(slots) if n * 2 <= slots.len() => {
                place(slots.to_mut(), hash(s.as_bytes()), k);
                false
            }
            Some(_) => true,
            None => false,
        };
        if full {
            self.slots = OnceLock::new();
        }
        Some(k)
    }

    /// A slot array for at least `n` strings at load <= 1/2, holding all.
    fn build_slots(&self, n: usize) -> Vec<u32> {
        let size = super::image::str_table_size(n);
        let mut slots = vec![0u32; size];
        for k in 0..self.spans.len() as u32 {
            place(&mut slots, hash(self.bytes(k)), k);
        }
        slots
    }
}

#[cfg(test)]
mod tests {
    use super::StrTable;

    #[test]
    fn interns_and_finds() {
        let mut t = StrTable::default();
        let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.intern(w), Some(i as u32));
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.get(w), Some(i as u32));
            assert_eq!(t.intern(w), Some(i as u32));
            assert_eq!(t.resolve(i as u32), w);
        }
        assert_eq!(t.get("nope"), None);
        assert_eq!(t.get(""), None);
        assert_eq!(t.intern(""), Some(1000));
        assert_eq!(t.get(""), Some(1000));
        assert_eq!(t.len(), 1001);
        assert_eq!(t.resolve(5000), "");
    }
}
