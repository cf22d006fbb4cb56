//! A string interner without per-string allocations: one text arena, one span
//! per string, and an open-addressing hash table over the spans. Building it
//! from the compact lexicon costs a few milliseconds for 200k strings.

/// Interned strings, numbered `0..len()` in insertion order.
#[derive(Debug, Clone, Default)]
pub(super) struct StrTable {
    text: String,
    /// `(start, end)` byte offsets into `text`, one per string.
    spans: Vec<(u32, u32)>,
    /// Open addressing, linear probing: `0` is empty, otherwise index + 1.
    /// Always empty or a power of two at most half full.
    slots: Vec<u32>,
}

/// FNV-1a over the bytes, then a Fibonacci multiply so that the high bits
/// (the ones used as the slot) depend on every byte.
fn hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

impl StrTable {
    /// An empty table with room for `n` strings of `bytes` bytes in all.
    pub(super) fn with_capacity(n: usize, bytes: usize) -> StrTable {
        let mut t = StrTable {
            text: String::with_capacity(bytes),
            spans: Vec::with_capacity(n),
            slots: Vec::new(),
        };
        t.resize_slots(n);
        t
    }

    /// Number of strings.
    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The string numbered `i`; the empty string if there is none.
    pub(super) fn resolve(&self, i: u32) -> &str {
        match self.spans.get(i as usize) {
            Some(&(a, b)) => self.text.get(a as usize..b as usize).unwrap_or(""),
            None => "",
        }
    }

    /// All strings in number order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.spans.len() as u32).map(|i| self.resolve(i))
    }

    fn slot_of(&self, h: u64) -> usize {
        // `slots.len()` is a power of two >= 2 here.
        let bits = self.slots.len().trailing_zeros();
        (h >> (64 - bits)) as usize
    }

    /// The number of `s`, if present.
    pub(super) fn get(&self, s: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(hash(s));
        loop {
            match self.slots[i] {
                0 => return None,
                k if self.resolve(k - 1) == s => return Some(k - 1),
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
    /// it is not, e.g. when loading sorted, distinct data).
    pub(super) fn push_unchecked(&mut self, s: &str) -> Option<u32> {
        let start = u32::try_from(self.text.len()).ok()?;
        let end = u32::try_from(self.text.len() + s.len()).ok()?;
        let k = u32::try_from(self.spans.len()).ok()?;
        if k == u32::MAX {
            return None;
        }
        self.text.push_str(s);
        self.spans.push((start, end));
        if (self.spans.len()) * 2 > self.slots.len() {
            self.resize_slots(self.spans.len() * 2);
        } else {
            self.place(k);
        }
        Some(k)
    }

    fn place(&mut self, k: u32) {
        let mask = self.slots.len() - 1;
        let mut i = self.slot_of(hash(self.resolve(k)));
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = k + 1;
    }

    /// Rebuilds the slot array for at least `n` strings at load <= 1/2.
    fn resize_slots(&mut self, n: usize) {
        let size = (n.max(4) * 2).next_power_of_two();
        self.slots.clear();
        self.slots.resize(size, 0);
        for k in 0..self.spans.len() as u32 {
            self.place(k);
        }
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
