//! The built-in lexicon laid out at build time, so that loading it is a copy
//! of ready tables, with no decoding: no varints, no UTF-8 validation of the
//! strings, no splitting, no sorting or hashing of headwords.
//!
//! This file is shared: the build script includes it (`#[path]`) to decode
//! `data/cedict-lexicon.bin.gz` (the compact form, see `compact.rs`) and
//! write the image into `OUT_DIR`; the crate includes it to decode the
//! compact form ([`decode`]) and to read the image ([`Image::read`]). So it
//! uses nothing but `std`.
//!
//! The image is four files: the stems, the syllables and the headwords, each
//! joined by `'\n'` (`include_str!`-ed: valid UTF-8 checked by the compiler),
//! and `tables`, little-endian `u32` words:
//!
//! ```text
//! header     MAGIC_WORD, then the counts: stems, syllables, headwords,
//!            readings, ids, key slots, stem slots
//! spans      (start, end) byte offsets of each stem, syllable, headword
//! readings   (code point, syllable number), sorted by code point
//! senses     (start, end) of each headword's stem ids in `ids`
//! ids        the stem ids, sorted and distinct per headword
//! order      the headword numbers in byte order of the headwords
//! key slots  the open-addressing table of `KeyTable`: (key low, key high,
//!            start, end) per slot, all zero when empty
//! stem slots the hash table of the stems ([`str_slots`]): an id + 1 per
//!            slot, 0 when empty
//! ```
#![allow(dead_code)]

use std::borrow::Cow;

/// First bytes of the compact form.
pub(crate) const MAGIC: &[u8] = b"zhen-align lexicon 1\n";

/// First word of an image's tables (format version 2).
const MAGIC_WORD: u32 = 0x7a68_6932;

/// Number of `u32` words of the header.
const HEADER: usize = 8;

/// A `(start, end)` range: the bytes of a string in its text, or a
/// headword's stem ids. An array, not a tuple, so that the image's tables
/// can be read where they lie ([`InPlace`]).
pub(crate) type Span = [u32; 2];

/// The image's tables as slices where they lie (the crate gives these; the
/// build script, with `std` alone, reads nothing). Either gives `None` for
/// bytes it cannot take in place (misaligned, or a length not a multiple of
/// the element's), and then the table is copied; on a big-endian target the
/// tables are always copied (they are little-endian).
pub(crate) struct InPlace {
    /// Bytes as `u32` words.
    pub(crate) words: fn(&'static [u8]) -> Option<&'static [u32]>,
    /// Bytes as pairs of `u32` words.
    pub(crate) spans: fn(&'static [u8]) -> Option<&'static [Span]>,
}

/// The index key of a string's first two characters, and their length in
/// bytes; a lone character has the key of itself. The two code points are
/// mixed (the splitmix64 finalizer) so that every bit of the key varies.
pub(crate) fn prefix_key(s: &str) -> Option<(u64, usize)> {
    let mut it = s.chars();
    let c1 = it.next()?;
    let (c2, len) = match it.next() {
        Some(c2) => (u32::from(c2), c1.len_utf8() + c2.len_utf8()),
        None => (u32::MAX, c1.len_utf8()),
    };
    Some((mix_key(u32::from(c1), c2), len))
}

/// [`prefix_key`] of the code points of a first character and a second
/// (`u32::MAX` for none).
#[inline]
pub(crate) fn mix_key(c1: u32, c2: u32) -> u64 {
    let mut z = (u64::from(c1) << 32) | u64::from(c2);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Ranges of headword positions by prefix key: open addressing with linear
/// probing over the key's high bits (keys are mixed already), at most half
/// full; a slot with `end == 0` is empty (no range of a present key is empty).
/// The built-in lexicon's table is read where it lies in the binary (no
/// second copy of its 4 MiB on the heap).
#[derive(Debug, Clone)]
pub(crate) enum KeyTable {
    /// `(key, start, end)` per slot.
    Owned(Vec<(u64, u32, u32)>),
    /// The same as little-endian words: key low, key high, start, end.
    Image(&'static [u8]),
}

impl Default for KeyTable {
    fn default() -> KeyTable {
        KeyTable::Owned(Vec::new())
    }
}

impl KeyTable {
    /// A table of `entries` (distinct keys, non-empty ranges).
    pub(crate) fn new(entries: &[(u64, u32, u32)]) -> KeyTable {
        let size = (entries.len().max(4) * 2).next_power_of_two();
        let mut slots = vec![(0u64, 0u32, 0u32); size];
        let mask = size - 1;
        let bits = size.trailing_zeros();
        for &e in entries {
            let mut i = (e.0 >> (64 - bits)) as usize;
            while slots[i].2 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = e;
        }
        KeyTable::Owned(slots)
    }

    /// The number of slots (0 or a power of two).
    fn len(&self) -> usize {
        match self {
            KeyTable::Owned(v) => v.len(),
            KeyTable::Image(b) => b.len() / 16,
        }
    }

    /// Slot `i` (`i < len()`).
    #[inline]
    fn slot(&self, i: usize) -> (u64, u32, u32) {
        match self {
            KeyTable::Owned(v) => v[i],
            KeyTable::Image(b) => {
                let c = &b[16 * i..16 * i + 16];
                let key = (u64::from(word(&c[4..8])) << 32) | u64::from(word(&c[..4]));
                (key, word(&c[8..12]), word(&c[12..]))
            }
        }
    }

    /// [`KeyTable::get`] with the size of the table worked out once, for
    /// many look-ups.
    pub(crate) fn finder(&self) -> KeyFinder<'_> {
        let size = self.len();
        KeyFinder {
            table: self,
            mask: size.wrapping_sub(1),
            shift: (64 - size.trailing_zeros()).min(63),
            empty: size == 0,
        }
    }

    /// The range stored for `key`.
    #[inline(always)]
    pub(crate) fn get(&self, key: u64) -> Option<(u32, u32)> {
        self.finder().get(key)
    }
}

/// A [`KeyTable`] ready for look-ups ([`KeyTable::finder`]).
pub(crate) struct KeyFinder<'t> {
    table: &'t KeyTable,
    /// Slots − 1.
    mask: usize,
    /// 64 − log2(slots): the shift that leaves a key's slot.
    shift: u32,
    /// No slots.
    empty: bool,
}

impl KeyFinder<'_> {
    /// [`KeyTable::get`].
    #[inline(always)]
    pub(crate) fn get(&self, key: u64) -> Option<(u32, u32)> {
        if self.empty {
            return None;
        }
        let mut i = (key >> self.shift) as usize & self.mask;
        loop {
            let (k, a, b) = self.table.slot(i);
            if b == 0 {
                return None;
            }
            if k == key {
                return Some((a, b));
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// The byte order of the strings of `spans` over `text`, and the table of
/// the ranges of that order sharing a prefix key.
pub(crate) fn head_index(text: &str, spans: &[Span]) -> (Vec<u32>, KeyTable) {
    let s = |k: u32| {
        let [a, b] = spans[k as usize];
        &text[a as usize..b as usize]
    };
    let mut order: Vec<u32> = (0..spans.len() as u32).collect();
    // The compact form stores them sorted already.
    if !order.windows(2).all(|w| s(w[0]) < s(w[1])) {
        order.sort_unstable_by(|&a, &b| s(a).cmp(s(b)));
    }
    let key_at = |k: usize| prefix_key(s(order[k])).map(|p| p.0);
    let mut entries = Vec::new();
    let mut start = 0usize;
    while start < order.len() {
        let key = key_at(start);
        let mut end = start + 1;
        while end < order.len() && key_at(end) == key {
            end += 1;
        }
        if let Some(key) = key {
            entries.push((key, start as u32, end as u32));
        }
        start = end;
    }
    (order, KeyTable::new(&entries))
}

/// Byte spans of the strings of `joined`, separated by `'\n'`; none when
/// `empty`. `None` when an offset does not fit in `u32`.
pub(crate) fn split_spans(joined: &str, empty: bool) -> Option<Vec<Span>> {
    let mut spans = Vec::with_capacity(joined.len() / 4);
    if !empty {
        let mut start = 0usize;
        for piece in joined.split('\n') {
            let end = start + piece.len();
            spans.push([u32::try_from(start).ok()?, u32::try_from(end).ok()?]);
            start = end + 1;
        }
    }
    Some(spans)
}

/// One string table of the compact form: the strings joined, and their spans.
pub(crate) struct Strings<'a> {
    pub(crate) text: &'a str,
    pub(crate) spans: Vec<Span>,
}

/// The compact form, decoded.
pub(crate) struct Decoded<'a> {
    pub(crate) stems: Strings<'a>,
    pub(crate) syllables: Strings<'a>,
    pub(crate) heads: Strings<'a>,
    pub(crate) readings: Vec<(char, u32)>,
    pub(crate) senses: Vec<Span>,
    pub(crate) ids: Vec<u32>,
}

/// A cursor over the decompressed bytes.
struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn varint(&mut self) -> Result<u32, String> {
        let mut v: u64 = 0;
        for shift in (0..35).step_by(7) {
            let Some(&b) = self.data.get(self.pos) else {
                return Err(format!("truncated at byte {}", self.pos));
            };
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return u32::try_from(v)
                    .map_err(|_| format!("number too large before byte {}", self.pos));
            }
        }
        Err(format!("number too long before byte {}", self.pos))
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len());
        let end = end.ok_or_else(|| format!("truncated at byte {}", self.pos))?;
        let b = &self.data[self.pos..end];
        self.pos = end;
        Ok(b)
    }

    fn strings(&mut self, what: &str) -> Result<Strings<'a>, String> {
        let n = self.varint()? as usize;
        let len = self.varint()? as usize;
        let at = self.pos;
        let text = std::str::from_utf8(self.bytes(len)?)
            .map_err(|_| format!("{what} at byte {at}: invalid UTF-8"))?;
        let spans = split_spans(text, n == 0).ok_or_else(|| format!("{what}: too many"))?;
        if spans.len() != n || (n == 0 && len != 0) {
            return Err(format!(
                "{what} at byte {at}: expected {n}, found {}",
                spans.len()
            ));
        }
        Ok(Strings { text, spans })
    }
}

/// Decodes the compact form (decompressed); the error says what is wrong
/// and where.
pub(crate) fn decode(data: &[u8]) -> Result<Decoded<'_>, String> {
    let Some(body) = data.strip_prefix(MAGIC) else {
        return Err("not a zhen-align lexicon (bad magic)".into());
    };
    let mut cur = Cursor { data: body, pos: 0 };
    let stems = cur.strings("stems")?;
    let syllables = cur.strings("syllables")?;
    let n = cur.varint()? as usize;
    let mut readings = Vec::with_capacity(n.min(1 << 20));
    let mut prev = 0u32;
    for _ in 0..n {
        let c = prev.checked_add(cur.varint()?).and_then(char::from_u32);
        let c = c.ok_or_else(|| format!("bad character before byte {}", cur.pos))?;
        let syl = cur.varint()?;
        if syl as usize >= syllables.spans.len() || (prev > 0 && u32::from(c) <= prev) {
            return Err(format!("bad reading before byte {}", cur.pos));
        }
        readings.push((c, syl));
        prev = u32::from(c);
    }
    let heads = cur.strings("headwords")?;
    let n_heads = heads.spans.len();
    let n_stems = stems.spans.len() as u32;
    let mut senses = Vec::with_capacity(n_heads);
    let mut ids = Vec::with_capacity(n_heads * 6);
    for _ in 0..n_heads {
        let k = cur.varint()? as usize;
        let a = ids.len() as u32;
        let mut prev = 0u32;
        for j in 0..k {
            let d = cur.varint()?;
            let id = if j == 0 {
                Some(d)
            } else {
                prev.checked_add(d).filter(|_| d > 0)
            };
            match id {
                Some(id) if id < n_stems => ids.push(id),
                _ => return Err(format!("bad stem id before byte {}", cur.pos)),
            }
            prev = id.unwrap_or(0);
        }
        if k == 0 || ids.len() > u32::MAX as usize {
            return Err(format!("bad sense list before byte {}", cur.pos));
        }
        senses.push([a, ids.len() as u32]);
    }
    if cur.pos != cur.data.len() {
        return Err(format!("{} bytes left over", cur.data.len() - cur.pos));
    }
    Ok(Decoded {
        stems,
        syllables,
        heads,
        readings,
        senses,
        ids,
    })
}

/// The tables of an image of `d` (see the module docs); the three texts are
/// `d`'s own.
pub(crate) fn write_tables(d: &Decoded<'_>) -> Vec<u8> {
    let (order, keys) = head_index(d.heads.text, &d.heads.spans);
    let mut w: Vec<u32> = vec![
        MAGIC_WORD,
        d.stems.spans.len() as u32,
        d.syllables.spans.len() as u32,
        d.heads.spans.len() as u32,
        d.readings.len() as u32,
        d.ids.len() as u32,
        keys.len() as u32,
        0,
    ];
    let stem_slots = str_slots(d.stems.text, &d.stems.spans);
    w[HEADER - 1] = stem_slots.len() as u32;
    for s in [&d.stems, &d.syllables, &d.heads] {
        w.extend(s.spans.iter().flatten());
    }
    w.extend(d.readings.iter().flat_map(|&(c, s)| [u32::from(c), s]));
    w.extend(d.senses.iter().flatten());
    w.extend_from_slice(&d.ids);
    w.extend_from_slice(&order);
    w.extend(
        (0..keys.len())
            .map(|i| keys.slot(i))
            .flat_map(|(k, a, b)| [k as u32, (k >> 32) as u32, a, b]),
    );
    w.extend_from_slice(&stem_slots);
    w.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// An image read back: the tables where they lie ([`InPlace`]; else
/// copied), the readings copied (their characters checked), the texts
/// borrowed.
pub(crate) struct Image {
    pub(crate) stem_spans: Cow<'static, [Span]>,
    pub(crate) syllable_spans: Cow<'static, [Span]>,
    pub(crate) head_spans: Cow<'static, [Span]>,
    pub(crate) readings: Vec<(char, u32)>,
    pub(crate) senses: Cow<'static, [Span]>,
    pub(crate) ids: Cow<'static, [u32]>,
    pub(crate) order: Cow<'static, [u32]>,
    pub(crate) keys: KeyTable,
    pub(crate) stem_slots: Cow<'static, [u32]>,
}

/// The hash of a string for the tables of strings ([`str_slots`]).
pub(crate) fn str_hash(s: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The slots of a hash table of `n` strings: a power of two, at least 8,
/// at most half full.
pub(crate) fn str_table_size(n: usize) -> usize {
    (n.max(4) * 2).next_power_of_two()
}

/// Where a string of hash `h` is looked for first in `slots` (a power of
/// two long, at least 8).
#[inline]
pub(crate) fn str_slot(slots: &[u32], h: u64) -> usize {
    let bits = slots.len().trailing_zeros();
    (h >> (64 - bits)) as usize
}

/// Puts string number `k` (hash `h`) into the first free slot from its own.
pub(crate) fn str_place(slots: &mut [u32], h: u64, k: u32) {
    let mask = slots.len() - 1;
    let mut i = str_slot(slots, h);
    while slots[i] != 0 {
        i = (i + 1) & mask;
    }
    slots[i] = k + 1;
}

/// The open-addressing hash table of the strings of `spans` over `text`:
/// string `k` + 1 in its slot, 0 in the free ones; linear probing.
pub(crate) fn str_slots(text: &str, spans: &[Span]) -> Vec<u32> {
    let mut slots = vec![0u32; str_table_size(spans.len())];
    for (k, &[a, b]) in spans.iter().enumerate() {
        let s = text
            .as_bytes()
            .get(a as usize..b as usize)
            .unwrap_or_default();
        str_place(&mut slots, str_hash(s), k as u32);
    }
    slots
}

/// The bytes of `n` words of `bytes` from word `at` on.
fn window(bytes: &[u8], at: usize, n: usize) -> Result<&[u8], String> {
    at.checked_add(n)
        .and_then(|end| bytes.get(at * 4..end * 4))
        .ok_or_else(|| format!("image truncated at word {at}"))
}

#[inline]
fn word(c: &[u8]) -> u32 {
    u32::from_le_bytes([c[0], c[1], c[2], c[3]])
}

/// A table of `n` elements of `W` words each, from word `at` of `bytes` on,
/// in place when `in_place` takes it (see [`InPlace`]), else `copy` of its
/// bytes; `at` moves past it.
fn table<T: Clone, const W: usize>(
    bytes: &'static [u8],
    at: &mut usize,
    n: usize,
    in_place: fn(&'static [u8]) -> Option<&'static [T]>,
    copy: fn(&[u8]) -> T,
) -> Result<Cow<'static, [T]>, String> {
    let b = window(bytes, *at, W * n)?;
    *at += W * n;
    Ok(
        match in_place(b).filter(|_| cfg!(target_endian = "little")) {
            Some(t) => Cow::Borrowed(t),
            None => Cow::Owned(b.chunks_exact(4 * W).map(copy).collect()),
        },
    )
}

/// A span's words.
fn span(c: &[u8]) -> Span {
    [word(&c[..4]), word(&c[4..])]
}

/// Whether `spans` are ordered ranges within `len` bytes (a fold without
/// early exit, which the compiler vectorizes: the image is read at every
/// start).
fn spans_ok(spans: &[Span], len: usize) -> bool {
    // (Counted as numbers, not folded as `bool`s, which vectorizes better.)
    let len = u32::try_from(len).unwrap_or(u32::MAX);
    let bad_span = |&[a, b]: &Span| u32::from(a > b) | u32::from(b > len);
    // Eight lanes at a time, then the rest.
    let mut bad = [0u32; 8];
    let mut chunks = spans.chunks_exact(8);
    for c in &mut chunks {
        for (b, s) in bad.iter_mut().zip(c) {
            *b |= bad_span(s);
        }
    }
    let rest = chunks.remainder();
    (bad.iter().fold(0, |a, &b| a | b) | rest.iter().fold(0, |a, s| a | bad_span(s))) == 0
}

/// Whether every word of `xs` is below `n`: a fold with no early exit
/// that counts the failures as numbers (an unsigned maximum has no vector
/// instruction on the baseline x86-64; this compare has), which the
/// compiler vectorizes.
fn all_below(xs: &[u32], n: usize) -> bool {
    let Ok(n) = u32::try_from(n) else {
        return true;
    };
    // Eight lanes at a time, then the rest.
    let mut bad = [0u32; 8];
    let mut chunks = xs.chunks_exact(8);
    for c in &mut chunks {
        for (b, &x) in bad.iter_mut().zip(c) {
            *b |= u32::from(x >= n);
        }
    }
    let rest = chunks.remainder();
    (bad.iter().fold(0, |a, &b| a | b) | rest.iter().fold(0, |a, &x| a | u32::from(x >= n))) == 0
}

impl Image {
    /// Reads the tables of an image over texts of `lens` bytes (stems,
    /// syllables, headwords). Checks what a lookup relies on: counts, spans
    /// within their texts, ids and syllables in range; the error says what
    /// is wrong. The tables are taken in place where `in_place` can.
    pub(crate) fn read(
        tables: &'static [u8],
        lens: [usize; 3],
        in_place: &InPlace,
    ) -> Result<Image, String> {
        let (w, p) = (in_place.words, in_place.spans);
        let mut at = 0;
        let head = table::<_, 1>(tables, &mut at, HEADER, w, word)?;
        if head[0] != MAGIC_WORD {
            return Err("not a lexicon image (bad magic)".into());
        }
        let [n_stems, n_syl, n_heads, n_read, n_ids, n_slots, n_stem_slots] = [
            head[1], head[2], head[3], head[4], head[5], head[6], head[7],
        ]
        .map(|x| x as usize);
        let stem_spans = table::<_, 2>(tables, &mut at, n_stems, p, span)?;
        let syllable_spans = table::<_, 2>(tables, &mut at, n_syl, p, span)?;
        let head_spans = table::<_, 2>(tables, &mut at, n_heads, p, span)?;
        let raw_readings = window(tables, at, 2 * n_read)?;
        at += 2 * n_read;
        let senses = table::<_, 2>(tables, &mut at, n_heads, p, span)?;
        let ids = table::<_, 1>(tables, &mut at, n_ids, w, word)?;
        let order = table::<_, 1>(tables, &mut at, n_heads, w, word)?;
        let slots = window(tables, at, 4 * n_slots)?;
        at += 4 * n_slots;
        let stem_slots = table::<_, 1>(tables, &mut at, n_stem_slots, w, word)?;
        if at * 4 != tables.len() {
            return Err(format!("image: {} bytes left over", tables.len() - at * 4));
        }
        let ok = spans_ok(&stem_spans, lens[0])
            && spans_ok(&syllable_spans, lens[1])
            && spans_ok(&head_spans, lens[2])
            && spans_ok(&senses, n_ids)
            && all_below(&ids, n_stems)
            && all_below(&order, n_heads)
            && (n_slots == 0 || n_slots.is_power_of_two())
            // (A free slot ends every search.)
            && n_stem_slots == str_table_size(n_stems)
            && all_below(&stem_slots, n_stems + 1)
            && stem_slots.contains(&0);
        if !ok {
            return Err("image: an offset or id is out of range".into());
        }
        let mut readings = Vec::with_capacity(n_read);
        for r in raw_readings.chunks_exact(8) {
            let s = word(&r[4..]);
            match char::from_u32(word(&r[..4])) {
                Some(c) if (s as usize) < n_syl => readings.push((c, s)),
                _ => return Err("image: bad reading".into()),
            }
        }
        Ok(Image {
            stem_spans,
            syllable_spans,
            head_spans,
            readings,
            senses,
            ids,
            order,
            // (A range out of bounds reads as empty: `HeadIndex::range`.)
            keys: KeyTable::Image(slots),
            stem_slots,
        })
    }
}
