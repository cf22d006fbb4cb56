//! What the cost model knows about each sentence: its length, and its content
//! tokens with IDF weights and the ids they can match on the other side
//! (lexicon translations, shared numbers and codes, glossary terms, names).
//!
//! Ids live in one dense space per document, `0..Features::id_space`: first
//! the English stems of the lexicon, then the keys made for this document
//! (an anchor such as "2023", a glossary entry, an English name), then the
//! translations learned from the document itself. A Chinese token matches an
//! English token when their id lists intersect.

use crate::hash::{FxHashMap, FxHashSet};

use crate::lexicon::{zh_tokens_with, ChineseTokenizer, EnKeys, Glossary, Lexicon};
use crate::params;
use crate::script::is_han;

mod model1;
mod numbers;
pub(crate) mod quotes;
use numbers::number_keys;

/// One side's sentences, flattened: a few numbers per sentence, two per
/// token, and the ids each token can match kept once per distinct
/// document-frequency key (every token of a key has the same ids), so that
/// memory grows with the tokens, not with the tokens times their translations.
#[derive(Debug, Default, Clone)]
pub(crate) struct SideFeatures {
    /// Length of each sentence in characters, white space excluded.
    pub(crate) len: Vec<f64>,
    /// Whether each sentence starts a paragraph.
    pub(crate) para_start: Vec<bool>,
    /// Sentence `i`'s tokens are `tok_off[i]..tok_off[i + 1]`.
    pub(crate) tok_off: Vec<usize>,
    /// IDF weight of each token.
    pub(crate) tok_w: Vec<f32>,
    /// Document-frequency key of each token (one per distinct word or stem).
    pub(crate) tok_key: Vec<u32>,
    /// Total content weight of each sentence (tokens beyond `MAX_TOKENS` included).
    pub(crate) total_w: Vec<f32>,
    /// The ids of each key, shared by the slices of this side.
    key_ids: std::sync::Arc<KeyIds>,
    /// Each sentence's quote state ([`quotes::states`]); empty when unknown.
    pub(crate) quote: Vec<u8>,
}

impl SideFeatures {
    /// The sentences `r` as a side of their own (token offsets rebased; the
    /// ids of the keys shared, not copied).
    pub(crate) fn slice(&self, r: std::ops::Range<usize>) -> SideFeatures {
        let (t0, t1) = (self.tok_off[r.start], self.tok_off[r.end]);
        SideFeatures {
            len: self.len[r.clone()].to_vec(),
            para_start: self.para_start[r.clone()].to_vec(),
            tok_off: self.tok_off[r.start..=r.end]
                .iter()
                .map(|&t| t - t0)
                .collect(),
            tok_w: self.tok_w[t0..t1].to_vec(),
            tok_key: self.tok_key[t0..t1].to_vec(),
            quote: self.quote.get(r.clone()).unwrap_or_default().to_vec(),
            total_w: self.total_w[r].to_vec(),
            key_ids: self.key_ids.clone(),
        }
    }

    pub(crate) fn n(&self) -> usize {
        self.len.len()
    }

    pub(crate) fn tokens(&self, i: usize) -> std::ops::Range<usize> {
        // Both offsets under one bounds check (a hot accessor of the search).
        let [a, b] = self.tok_off[i..i + 2] else {
            unreachable!("two offsets")
        };
        a..b
    }

    /// The ids token `t` matches, sorted and distinct.
    #[inline]
    pub(crate) fn token_ids(&self, t: usize) -> &[u32] {
        self.key_ids.get(self.tok_key[t])
    }
}

/// Interns strings to dense ids, numbered in order of first appearance.
/// The strings are kept in one text (no allocation a string, nothing to
/// free a string), found through an open-addressing table of ids.
#[derive(Default)]
struct Interner {
    /// The strings, one after the other.
    text: String,
    /// Each id's string: its end in `text` (it starts where the previous
    /// one ends) and its hash.
    ends: Vec<(usize, u64)>,
    /// Per slot, an id + 1, or 0 when free; a power of two long and at
    /// most half full (empty before the first string).
    slots: Vec<u32>,
}

impl Interner {
    /// The number of strings.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The string of id `k`.
    fn get(&self, k: usize) -> &str {
        let a = k.checked_sub(1).map_or(0, |j| self.ends[j].0);
        &self.text[a..self.ends[k].0]
    }

    /// The bytes of the string of id `k` (no test of character boundaries).
    #[inline]
    fn bytes(&self, k: usize) -> &[u8] {
        let a = k.checked_sub(1).map_or(0, |j| self.ends[j].0);
        &self.text.as_bytes()[a..self.ends[k].0]
    }

    /// The strings, indexed by their ids.
    fn by_id(&self) -> Vec<&str> {
        (0..self.len()).map(|k| self.get(k)).collect()
    }

    /// The slot where a string of hash `h` is looked for first.
    #[inline]
    fn home(&self, h: u64) -> usize {
        (h >> 32) as usize & (self.slots.len() - 1)
    }

    /// The id of `s`, given it if new.
    fn id(&mut self, s: &str) -> u32 {
        use std::hash::Hasher;
        let mut hasher = crate::hash::FxHasher::default();
        hasher.write(s.as_bytes());
        // (Multiplied, so that the high bits the table uses vary.)
        let h = hasher.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15);
        if self.slots.is_empty() {
            self.slots = vec![0; 64];
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(h);
        while let Some(k) = self.slots[i].checked_sub(1) {
            if self.ends[k as usize].1 == h && same_bytes(self.bytes(k as usize), s.as_bytes()) {
                return k;
            }
            i = (i + 1) & mask;
        }
        let k = self.len() as u32;
        self.text.push_str(s);
        self.ends.push((self.text.len(), h));
        self.slots[i] = k + 1;
        if 2 * self.len() > self.slots.len() {
            self.slots = vec![0; 2 * self.slots.len()];
            let mask = self.slots.len() - 1;
            for (k, &(_, h)) in self.ends.iter().enumerate() {
                let mut i = (h >> 32) as usize & mask;
                while self.slots[i] != 0 {
                    i = (i + 1) & mask;
                }
                self.slots[i] = k as u32 + 1;
            }
        }
        k
    }
}

/// The length of a sentence in characters, white space excluded.
/// (`ascii`: whether `s` is ASCII.)
#[cfg(test)]
fn char_len(s: &str, ascii: bool) -> f64 {
    if ascii {
        ascii_len(s)
    } else {
        wide_len_marks(s.as_bytes(), &mut Vec::new()).0
    }
}

/// The length of the ASCII sentence `s` ([`char_len`]).
// (Out of line: measured fewer instructions than inlined in its caller.)
#[inline(never)]
fn ascii_len(s: &str) -> f64 {
    let b = s.as_bytes();
    // ASCII white space as `char::is_whitespace` has it (vertical tab included).
    (b.len() - count_bytes(b, ascii_space)) as f64
}

/// Whether `x` is ASCII white space, as `char::is_whitespace` has it
/// (vertical tab included).
#[inline]
fn ascii_space(x: u8) -> bool {
    (x == b' ') | (x.wrapping_sub(b'\t') < 5)
}

/// The length ([`char_len`]) and the marks ([`punctuation_marks`]) of a
/// sentence that is not ASCII (`b`, its bytes), in one branch-free pass over its bytes
/// copied into `buf` (scratch), 16 positions at a time, with the two bytes
/// after each (the compiler vectorizes it): the copy is padded to whole
/// blocks (and two bytes more) with continuation bytes (0x80), which start
/// no character, white space or mark, so that no position needs a test of
/// its own, not even the last few of the sentence.
///
/// Characters are the bytes that are no UTF-8 continuation byte; white
/// space beyond ASCII is told by its whole encoding (its first byte is
/// never a continuation byte, so a match starts a character): U+0085,
/// U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
/// A two-byte one at the very end is read with a padding byte after it;
/// one of three bytes, or a mark of three, cannot start in the last two
/// bytes of valid UTF-8, so the padding completes none.
// (Out of line: measured fewer instructions than inlined in its caller.)
#[inline(never)]
fn wide_len_marks(b: &[u8], buf: &mut Vec<u8>) -> (f64, u8) {
    let blocks = b.len().div_ceil(16);
    buf.clear();
    buf.extend_from_slice(b);
    buf.resize(16 * blocks + 2, 0x80);
    let (mut chars, mut spaces, mut marks) = (0usize, 0usize, 0u8);
    let mut k = 0;
    while k < blocks {
        // Counts in bytes, so at most 255 blocks at a time.
        let end = (k + 255).min(blocks);
        let (mut c, mut w, mut m) = ([0u8; 16], [0u8; 16], [0u8; 16]);
        for o in (16 * k..16 * end).step_by(16) {
            let x: &[u8; 16] = buf[o..o + 16].try_into().expect("16 bytes");
            let y: &[u8; 16] = buf[o + 1..o + 17].try_into().expect("16 bytes");
            let z: &[u8; 16] = buf[o + 2..o + 18].try_into().expect("16 bytes");
            for j in 0..16 {
                let (x, y, z) = (x[j], y[j], z[j]);
                c[j] += u8::from((x as i8) >= -0x40);
                // (ASCII white space and the first byte of any other are
                // different bytes: one count for both.)
                w[j] += u8::from(ascii_space(x) | non_ascii_space(x, y, z));
                m[j] |= wide_marks(x, y, z);
            }
        }
        chars += c.iter().map(|&n| usize::from(n)).sum::<usize>();
        spaces += w.iter().map(|&n| usize::from(n)).sum::<usize>();
        marks |= m.iter().fold(0, |a, &n| a | n);
        k = end;
    }
    ((chars - spaces) as f64, marks)
}

/// Whether the bytes `x y z` start the encoding of a white-space character
/// beyond ASCII (for one of two bytes, `z` is the byte after it).
#[inline]
fn non_ascii_space(x: u8, y: u8, z: u8) -> bool {
    ((x == 0xC2) & ((y == 0x85) | (y == 0xA0)))
        | ((x == 0xE1) & (y == 0x9A) & (z == 0x80))
        | ((x == 0xE2)
            & (y == 0x80)
            & ((z.wrapping_sub(0x80) <= 0x0A) | (z == 0xA8) | (z == 0xA9) | (z == 0xAF)))
        | ((x == 0xE2) & (y == 0x81) & (z == 0x9F))
        | ((x == 0xE3) & (y == 0x80) & (z == 0x80))
}

/// The number of bytes of `b` for which `pred` holds: counted in bytes over
/// blocks of 255, which the compiler turns into wide vector adds.
#[inline]
fn count_bytes(b: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    b.chunks(255)
        .map(|c| c.iter().fold(0u8, |n, &x| n + u8::from(pred(x))) as usize)
        .sum()
}

/// Capitalized words of an English sentence (pieces of letters, hyphens and
/// apostrophes, trimmed of the last two), each with the capitalized word
/// before it in the same run, if any: `f(previous, word)`. A piece that is
/// not capitalized ends a run; one that trims to nothing does not.
/// `ascii`: whether `s` is ASCII.
// (Out of line: measured fewer instructions than inlined in its caller.)
#[inline(never)]
fn capitalized_words<'s>(s: &'s str, ascii: bool, mut f: impl FnMut(Option<&'s str>, &'s str)) {
    let mut prev: Option<&'s str> = None;
    if ascii {
        // The same pieces as the split below, cut at bytes (no decoding);
        // one that starts with a lower-case letter (most) only ends a run,
        // passed over without a call.
        let b = s.as_bytes();
        let n = b.len();
        let mut i = 0;
        while i < n {
            let c = b[i];
            if !PIECE_BYTE[usize::from(c)] {
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            while i < n && PIECE_BYTE[usize::from(b[i])] {
                i += 1;
            }
            if c.is_ascii_lowercase() {
                prev = None;
            } else if c.is_ascii_uppercase() && b[i - 1].is_ascii_lowercase() {
                // A capital first and a small letter last (most of the
                // others): nothing to trim, and capitalized.
                let w = &s[start..i];
                f(prev, w);
                prev = Some(w);
            } else {
                visit_piece(&s[start..i], &mut prev, &mut f);
            }
        }
    } else {
        for w in s.split(|c: char| !(c.is_alphabetic() || c == '-' || c == '\'' || c == '’')) {
            visit_piece(w, &mut prev, &mut f);
        }
    }
}

/// One piece `w` of [`capitalized_words`]: `f(prev, w)` when capitalized
/// (`prev` becomes it), else the run ends (`prev` none), but for a piece
/// that trims to nothing.
fn visit_piece<'s>(
    w: &'s str,
    prev: &mut Option<&'s str>,
    f: &mut impl FnMut(Option<&'s str>, &'s str),
) {
    let b = w.as_bytes();
    let Some(&first) = b.first() else {
        return;
    };
    // A lower-case ASCII letter first (most words): not capitalized,
    // whatever trimming does to the ends.
    if first.is_ascii_lowercase() {
        *prev = None;
        return;
    }
    // Trimmed only when it starts or ends with a byte of '-', '\'' or '’'
    // (E2 80 99).
    let w = if matches!(first, b'-' | b'\'' | 0xE2) || matches!(b[b.len() - 1], b'-' | b'\'' | 0x99)
    {
        w.trim_matches(|c: char| c == '-' || c == '\'' || c == '’')
    } else {
        w
    };
    if w.is_empty() {
        return;
    }
    if w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase) {
        f(*prev, w);
        *prev = Some(w);
    } else {
        *prev = None;
    }
}

/// The bytes of the pieces of ASCII text [`capitalized_words`] cuts:
/// letters, hyphens and apostrophes (a table: one load a byte).
const PIECE_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphabetic() || c == b'-' || c == b'\'';
        b += 1;
    }
    t
};

/// Classes of bytes for [`plain_en_scan`]: a letter, an apostrophe, a byte
/// that makes a sentence not plain (a digit or a hyphen), any other.
const PLAIN_OTHER: u8 = 0;
const PLAIN_LETTER: u8 = 1;
const PLAIN_APOSTROPHE: u8 = 2;
const PLAIN_NOT: u8 = 3;

/// For a byte of none of the classes above ([`PLAIN_OTHER`]), the marks
/// of [`punctuation_marks`] it is one of (but "...", told apart), and
/// [`PLAIN_SPACE`] when it is white space (as [`char_len`] has it).
const PLAIN_OTHER_BITS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'?' as usize] = QUESTION;
    t[b'!' as usize] = EXCLAMATION;
    t[b'"' as usize] = QUOTE;
    t[b' ' as usize] = PLAIN_SPACE;
    let mut b = b'\t';
    while b <= b'\r' {
        t[b as usize] = PLAIN_SPACE;
        b += 1;
    }
    t
};

/// White space in [`PLAIN_OTHER_BITS`] (a bit no mark has).
const PLAIN_SPACE: u8 = 128;

/// What [`plain_en_scan`] finds besides keys.
#[derive(Clone, Copy)]
struct Plain {
    /// The number of ASCII white-space bytes.
    spaces: usize,
    /// The marks ([`punctuation_marks`]).
    marks: u8,
    /// Whether it holds an apostrophe or a double quote.
    quote_bytes: bool,
}

/// The class of each byte of ASCII text for [`plain_en_scan`].
const PLAIN_CLASS: [u8; 256] = {
    let mut t = [PLAIN_OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            PLAIN_LETTER
        } else if c == b'\'' {
            PLAIN_APOSTROPHE
        } else if c.is_ascii_digit() || c == b'-' {
            PLAIN_NOT
        } else {
            PLAIN_OTHER
        };
        b += 1;
    }
    t
};

/// The word keys ([`EnKeys::keys`]), name keys (of [`capitalized_words`])
/// and number keys ([`number_keys`]) of a plain ASCII English sentence `s`
/// (most are: no digit, no hyphen, no two apostrophes in a row) in one scan
/// of its bytes, not five, with its white space (for [`char_len`]) and
/// marks ([`punctuation_marks`]); none (with some keys appended) when `s`
/// is not plain, for the caller to drop what was appended and scan it the
/// general way.
///
/// Why the keys are the same: in a plain sentence the words of
/// [`EnKeys::keys`] are runs of letters joined by single apostrophes; the
/// pieces [`capitalized_words`] cuts are these words, but for an apostrophe
/// before or after (which its trimming removes; a piece of an apostrophe
/// alone trims to nothing and is passed over), so a piece is capitalized
/// when its word starts with a capital and has a small letter; and
/// [`number_keys`] reads the runs of letters, each on its own
/// ([`numbers::letter_run`]): nothing else in such a text starts a key.
// (Out of line: measured fewer instructions than inlined in its caller.)
#[inline(never)]
fn plain_en_scan(
    s: &str,
    en_keys: &mut EnKeys,
    intern: &mut dyn FnMut(&std::sync::Arc<str>) -> u32,
    keys: &mut Vec<u32>,
    ex: &mut KeyList,
    anchors: &mut Vec<String>,
) -> Option<Plain> {
    let b = s.as_bytes();
    let n = b.len();
    let letter = |i: usize| PLAIN_CLASS[usize::from(b[i])] == PLAIN_LETTER;
    // The capitalized word before, in the same run of them.
    let mut prev: Option<&str> = None;
    let (mut spaces, mut marks) = (0, 0);
    let mut apostrophe = false;
    let mut i = 0;
    while i < n {
        let c = b[i];
        match PLAIN_CLASS[usize::from(c)] {
            PLAIN_OTHER => {
                // (No letter is white space or a mark.)
                let bits = PLAIN_OTHER_BITS[usize::from(c)];
                spaces += usize::from(bits >> 7);
                marks |= bits;
                if c == b'.' && b.get(i + 1) == Some(&b'.') && b.get(i + 2) == Some(&b'.') {
                    marks |= THREE_STOPS;
                }
                i += 1;
                continue;
            }
            PLAIN_APOSTROPHE => {
                if b.get(i + 1) == Some(&b'\'') {
                    return None;
                }
                apostrophe = true;
                i += 1;
                continue;
            }
            PLAIN_NOT => return None,
            _ => {}
        }
        // A word: runs of letters, each joined to the next by an apostrophe.
        let start = i;
        loop {
            let run = i;
            i += 1;
            while i < n && letter(i) {
                i += 1;
            }
            // (What `letter_run` returns is `i`, or `i + 1` past a '+',
            // which starts no key of any kind.)
            numbers::letter_run(b, run, i, anchors);
            if i + 1 < n && b[i] == b'\'' && letter(i + 1) {
                apostrophe = true;
                i += 1;
                continue;
            }
            break;
        }
        // A digit joined on (`B2B`, `x'9`): the general scan reads one
        // longer word there. Given up before this word is keyed, so that
        // what was keyed is the general scan's first words, in its order.
        if i < n
            && (b[i].is_ascii_digit()
                || (b[i] == b'\'' && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            return None;
        }
        en_keys.ascii_word_key(s, start, i, intern, keys);
        if b[start].is_ascii_uppercase()
            && (b[i - 1].is_ascii_lowercase() || b[start..i].iter().any(u8::is_ascii_lowercase))
        {
            // (The text sliced only here: most words are not capitalized.)
            let w = &s[start..i];
            ex.push_name(&[w]);
            if let Some(p) = prev {
                ex.push_name(&[p, w]);
            }
            prev = Some(w);
        } else {
            prev = None;
        }
    }
    Some(Plain {
        spaces,
        marks: marks & !PLAIN_SPACE,
        quote_bytes: apostrophe || marks & QUOTE != 0,
    })
}

/// Capitalized words of an English sentence, as runs ([`capitalized_words`]).
#[cfg(test)]
fn capitalized_runs(s: &str) -> Vec<Vec<&str>> {
    let mut runs: Vec<Vec<&str>> = Vec::new();
    capitalized_words(s, s.is_ascii(), |prev, w| match (prev, runs.last_mut()) {
        (Some(_), Some(run)) => run.push(w),
        _ => runs.push(vec![w]),
    });
    runs
}

/// A sentence's extra keys as one text and a span each (no string a key).
#[derive(Default)]
struct KeyList {
    text: String,
    spans: Vec<(usize, usize)>,
}

impl KeyList {
    fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
    }

    /// Adds the key `prefix` + `s`.
    fn push(&mut self, prefix: &str, s: &str) {
        let a = self.text.len();
        self.text.push_str(prefix);
        self.text.push_str(s);
        self.spans.push((a, self.text.len()));
    }

    /// Adds the name key of `words` ("n:" and their lower-case ASCII
    /// letters, other characters dropped: "Bao-yu" → "n:baoyu") when it has
    /// at least `NAME_MIN_LEN` letters.
    fn push_name(&mut self, words: &[&str]) {
        // Fewer bytes than that are fewer letters ("And", "God"): no key.
        if words.iter().map(|w| w.len()).sum::<usize>() < params::NAME_MIN_LEN {
            return;
        }
        let a = self.text.len();
        self.text.push_str("n:");
        for w in words {
            self.text.extend(
                w.bytes()
                    .filter(u8::is_ascii_alphabetic)
                    .map(|b| char::from(b.to_ascii_lowercase())),
            );
        }
        if self.text.len() - a - 2 >= params::NAME_MIN_LEN {
            self.spans.push((a, self.text.len()));
        } else {
            self.text.truncate(a);
        }
    }

    /// Sorts the keys (byte order, as strings sort) and drops repeats.
    // (Out of line: measured fewer instructions than inlined in its caller.)
    #[inline(never)]
    fn sort_dedup(&mut self) {
        let t = self.text.as_bytes();
        self.spans
            .sort_unstable_by(|&(a, b), &(c, d)| t[a..b].cmp(&t[c..d]));
        self.spans.dedup_by(|x, y| t[x.0..x.1] == t[y.0..y.1]);
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        self.spans.iter().map(|&(a, b)| &self.text[a..b])
    }
}

/// Punctuation that survives translation: questions, exclamations, quoted
/// speech, trailing-off. Keys shared by both sides ("p:?", ...).
/// (`ascii`: whether `s` is ASCII.) The feature builder reads the marks
/// itself (for plain English sentences in [`plain_en_scan`]).
#[cfg(test)]
fn punctuation_keys(s: &str, lang: Lang, ascii: bool) -> impl Iterator<Item = &'static str> {
    punctuation_keys_of(punctuation_marks(s.as_bytes(), ascii), lang)
}

/// The punctuation keys ([`punctuation_keys`]) of a sentence with the
/// marks `m`, found in one branch-free pass over its bytes
/// ([`punctuation_marks`]) instead of a search a mark.
fn punctuation_keys_of(m: u8, lang: Lang) -> impl Iterator<Item = &'static str> {
    let en = lang == Lang::En;
    // '‘' and '’' are quotes in English only, and only '‘' opens one; "..."
    // (three full stops in a row) is English only.
    let q = m & QUESTION != 0;
    let x = m & EXCLAMATION != 0;
    let quote = m & QUOTE != 0 || (en && m & OPENING_SINGLE != 0);
    let dots = (en && m & THREE_STOPS != 0) || m & ELLIPSIS != 0;
    [(q, "?"), (x, "!"), (quote, "q"), (dots, "…")]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, k)| k)
}

/// The marks [`punctuation_marks`] finds, one bit each.
const QUESTION: u8 = 1;
const EXCLAMATION: u8 = 2;
const QUOTE: u8 = 4;
const OPENING_SINGLE: u8 = 8;
const THREE_STOPS: u8 = 16;
const ELLIPSIS: u8 = 32;

/// The marks of the UTF-8 text `b`: '?' or '？' (EF BC 9F), '!' or '！'
/// (EF BC 81), a double quote ('"', '“' E2 80 9C, '”' E2 80 9D, '「' '」'
/// '『' '』' E3 80 8C–8F), '‘' (E2 80 98), "..." and '…' (E2 80 A6). A
/// lead byte never is a continuation byte, so a match of an encoding starts
/// a character ([`wide_marks`], read by [`wide_len_marks`] when `b` is not
/// ASCII). ASCII text: every position with the two bytes after it, then the
/// last two positions for the one-byte marks, as an OR over aligned slices
/// that the compiler vectorizes.
// (Out of line: measured fewer instructions than inlined in its caller.)
#[inline(never)]
fn punctuation_marks(b: &[u8], ascii: bool) -> u8 {
    if !ascii {
        // (The feature builder has them with the length, in the same pass.)
        return wide_len_marks(b, &mut Vec::new()).1;
    }
    let n = b.len();
    let tail = b[n.saturating_sub(2)..]
        .iter()
        .fold(0u8, |m, &x| m | one_byte_marks(x));
    if n < 3 {
        return tail;
    }
    let (xs, ys, zs) = (&b[..n - 2], &b[1..n - 1], &b[2..]);
    // No lead byte of a wider mark: the one-byte marks and "...".
    xs.iter().zip(ys).zip(zs).fold(tail, |m, ((&x, &y), &z)| {
        m | one_byte_marks(x) | bit((x == b'.') & (y == b'.') & (z == b'.'), THREE_STOPS)
    })
}

/// `mark` when `on`, else nothing.
#[inline]
fn bit(on: bool, mark: u8) -> u8 {
    u8::from(on) * mark
}

/// The marks of [`punctuation_marks`] the byte `x` is by itself.
#[inline]
fn one_byte_marks(x: u8) -> u8 {
    bit(x == b'?', QUESTION) | bit(x == b'!', EXCLAMATION) | bit(x == b'"', QUOTE)
}

/// The marks of [`punctuation_marks`] that start at a byte `x` followed by
/// `y` and `z`.
#[inline]
fn wide_marks(x: u8, y: u8, z: u8) -> u8 {
    let e2_80 = (x == 0xE2) & (y == 0x80);
    let ef_bc = (x == 0xEF) & (y == 0xBC);
    one_byte_marks(x)
        | bit(ef_bc & (z == 0x9F), QUESTION)
        | bit(ef_bc & (z == 0x81), EXCLAMATION)
        | bit(e2_80 & ((z == 0x9C) | (z == 0x9D)), QUOTE)
        | bit(
            (x == 0xE3) & (y == 0x80) & (z.wrapping_sub(0x8C) < 4),
            QUOTE,
        )
        | bit(e2_80 & (z == 0x98), OPENING_SINGLE)
        | bit((x == b'.') & (y == b'.') & (z == b'.'), THREE_STOPS)
        | bit(e2_80 & (z == 0xA6), ELLIPSIS)
}

/// Per-document tables for English names (forms: lower-case letters).
struct Names {
    exact: FxHashSet<String>,
    by_prefix: FxHashMap<[u8; 3], Vec<String>>,
}

impl Names {
    fn from_english(extras: &Words) -> Names {
        let mut names = Names {
            exact: FxHashSet::default(),
            by_prefix: FxHashMap::default(),
        };
        let by_key = extras.keys.by_id();
        let keys = extras.tok_key.iter().map(|&k| by_key[k as usize]);
        for f in keys.filter_map(|k| k.strip_prefix("n:")) {
            if names.exact.insert(f.to_string()) {
                let b = f.as_bytes();
                names
                    .by_prefix
                    .entry([b[0], b[1], b[2]])
                    .or_default()
                    .push(f.to_string());
            }
        }
        names
    }

    /// The English name form equal to `pinyin`, or with `fuzzy`, within
    /// `NAME_SIMILARITY` (Jaro–Winkler) of it among forms sharing its first
    /// three letters.
    fn find(&self, pinyin: &str, fuzzy: bool) -> Option<&str> {
        if let Some(f) = self.exact.get(pinyin) {
            return Some(f);
        }
        if !fuzzy {
            return None;
        }
        let b = pinyin.as_bytes();
        let group = self.by_prefix.get(&[b[0], b[1], b[2]])?;
        let mut best: Option<(f64, &str)> = None;
        for form in group {
            if form.len().abs_diff(pinyin.len()) > 1 {
                continue;
            }
            let s = strsim::jaro_winkler(form, pinyin);
            if s >= params::NAME_SIMILARITY && best.is_none_or(|(bs, _)| s > bs) {
                best = Some((s, form));
            }
        }
        best.map(|(_, f)| f)
    }
}

/// Everything the cost model needs about both sides of one document.
#[derive(Clone)]
pub(crate) struct Features {
    pub(crate) zh: SideFeatures,
    pub(crate) en: SideFeatures,
    /// Every id is below this.
    pub(crate) id_space: u32,
    /// The settings of the aligner that built these features.
    pub(crate) params: std::sync::Arc<params::Params>,
    /// Cost of a bead boundary inside a quote on one side only (0 until
    /// [`Features::learn_quotes`] prices it from a first pass).
    pub(crate) quote_penalty: f64,
}

/// The inputs of [`Features::build`] for one side: sentence texts and paragraph starts.
pub(crate) struct SideInput<'a> {
    pub(crate) sentences: Vec<&'a str>,
    pub(crate) para_start: Vec<bool>,
}

/// Which side a sentence list is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Zh,
    En,
}

/// One side's raw features, before ids are known: per sentence its length,
/// paragraph start, word tokens (document-frequency keys: a stem or a
/// Chinese word) and extras, the keys ("a:2023", "p:?", "g:3",
/// "n:wangmiao") that match the same key on the other side (each sentence's
/// in byte order of the key, but for names found later).
#[derive(Default)]
struct RawSide {
    len: Vec<f64>,
    para_start: Vec<bool>,
    words: Words,
    extras: Words,
    /// Per sentence, whether it holds a byte [`quotes::states`] looks for,
    /// when a scan of the bytes for other keys told (else
    /// [`quotes::UNKNOWN_MARK`]).
    quote_marks: Vec<u8>,
}

/// Tokens (words, or extra keys) of consecutive sentences, interned.
#[derive(Default)]
struct Words {
    /// Sentence `i`'s tokens are `tok_off[i]..tok_off[i + 1]`.
    tok_off: Vec<usize>,
    /// Each token's key, an id of `keys`.
    tok_key: Vec<u32>,
    keys: Interner,
}

impl Words {
    fn new() -> Words {
        Words {
            tok_off: vec![0],
            ..Words::default()
        }
    }

    /// Ends the current sentence.
    fn end_sentence(&mut self) {
        self.tok_off.push(self.tok_key.len());
    }
}

/// Ids per key: key `k`'s are `ids[off[k]..off[k + 1]]` (sorted, distinct).
#[derive(Debug, Clone)]
struct KeyIds {
    off: Vec<usize>,
    ids: Vec<u32>,
}

impl Default for KeyIds {
    fn default() -> KeyIds {
        KeyIds {
            off: vec![0],
            ids: Vec::new(),
        }
    }
}

/// Keys below which [`KeyIds::new_split`] stays on one thread.
const KEY_IDS_SPLIT: usize = 1024;

impl KeyIds {
    /// `lookup(key, out)` appends the key's ids to `out`, sorted and
    /// distinct (as the lexicon keeps them).
    fn new(keys: &Interner, lookup: impl Fn(&str, &mut Vec<u32>)) -> KeyIds {
        let by_key = keys.by_id();
        let mut out = KeyIds {
            off: Vec::with_capacity(by_key.len() + 1),
            ids: Vec::new(),
        };
        out.off.push(0);
        for key in by_key {
            let start = out.ids.len();
            lookup(key, &mut out.ids);
            debug_assert!(out.ids[start..].windows(2).all(|w| w[0] < w[1]));
            out.off.push(out.ids.len());
        }
        out
    }

    /// [`KeyIds::new`] on two threads, each half of the keys on its own
    /// (the same ids; for a long list only: a look-up mostly waits on
    /// memory).
    fn new_split(keys: &Interner, lookup: impl Fn(&str, &mut Vec<u32>) + Sync) -> KeyIds {
        let by_key = keys.by_id();
        if by_key.len() < KEY_IDS_SPLIT {
            return KeyIds::new(keys, lookup);
        }
        let half = by_key.len() / 2;
        let part = |keys: &[&str]| {
            let mut out = KeyIds {
                off: Vec::with_capacity(keys.len() + 1),
                ids: Vec::new(),
            };
            out.off.push(0);
            for key in keys {
                lookup(key, &mut out.ids);
                out.off.push(out.ids.len());
            }
            out
        };
        let (mut out, upper) = rayon::join(|| part(&by_key[..half]), || part(&by_key[half..]));
        let base = out.ids.len();
        out.ids.extend_from_slice(&upper.ids);
        out.off.extend(upper.off[1..].iter().map(|&o| o + base));
        out
    }

    /// Ends the current key (its ids are those pushed since the last end).
    fn end_key(&mut self) {
        self.off.push(self.ids.len());
    }

    fn len(&self) -> usize {
        self.off.len() - 1
    }

    #[inline]
    fn get(&self, k: u32) -> &[u32] {
        let k = k as usize;
        // Both offsets under one bounds check (a hot accessor of the search).
        let [a, b] = self.off[k..k + 2] else {
            unreachable!("two offsets")
        };
        &self.ids[a..b]
    }
}

/// What the feature builder needs besides the sentences.
pub(crate) struct Resources<'r> {
    /// The lexicon; a function, because loading it (the first time) runs
    /// alongside the work that does not need it.
    pub(crate) lexicon: &'r (dyn Fn() -> &'r Lexicon + Sync),
    pub(crate) glossary: &'r Glossary,
    pub(crate) tokenizer: ChineseTokenizer,
    pub(crate) params: &'r std::sync::Arc<params::Params>,
}

/// Sentences a side is cut into for building its features in parallel (a
/// fixed size, so that the result does not depend on the number of threads).
const FEATURE_CHUNK: usize = 128;

/// One side's lengths, paragraph starts and extras, and for English its
/// words: all that needs no lexicon (Chinese words are left empty for
/// [`zh_words`]). Chunks in parallel ([`in_batches`]).
fn raw_side(input: &SideInput<'_>, lang: Lang, res: &Resources<'_>) -> RawSide {
    let mut out = RawSide {
        len: Vec::with_capacity(input.sentences.len()),
        para_start: Vec::with_capacity(input.sentences.len()),
        words: Words::new(),
        extras: Words::new(),
        quote_marks: Vec::with_capacity(input.sentences.len()),
    };
    let mut remap = Vec::new();
    in_batches(
        &input.sentences,
        |c, sentences| {
            let para = |i: usize| {
                let k = c * FEATURE_CHUNK + i;
                input.para_start.get(k).copied().unwrap_or(false)
            };
            raw_chunk(
                sentences,
                &para,
                lang,
                res.glossary,
                res.params.punctuation_evidence,
            )
        },
        |ch| {
            out.len.extend(ch.len);
            out.para_start.extend(ch.para_start);
            out.quote_marks.extend(ch.quote_marks);
            out.words.append_chunk(ch.words, &mut remap);
            out.extras.append_keys(&ch.extras);
        },
    );
    out
}

/// A chunk's extra keys, not interned: sentence `i`'s tokens end at
/// `tok_end[i]`, token `t`'s key is `text[key_end[t - 1]..key_end[t]]`
/// (from 0 for the first). The side interns them once ([`Words::append_keys`]):
/// what an extra key's number is does not matter (the ids both sides share
/// are given in order of first occurrence, [`Features::build`]).
#[derive(Default)]
struct ChunkKeys {
    text: String,
    key_end: Vec<usize>,
    tok_end: Vec<usize>,
}

/// [`RawSide`] of a chunk ([`raw_chunk`]).
#[derive(Default)]
struct RawChunk {
    len: Vec<f64>,
    para_start: Vec<bool>,
    words: ChunkWords<std::sync::Arc<str>>,
    extras: ChunkKeys,
    quote_marks: Vec<u8>,
}

impl Words {
    /// Appends a chunk's sentences of keys not yet interned.
    // (Out of line: measured fewer instructions than inlined in its caller.)
    #[inline(never)]
    fn append_keys(&mut self, chunk: &ChunkKeys) {
        let t0 = self.tok_key.len();
        let mut a = 0;
        for &b in &chunk.key_end {
            let id = self.keys.id(&chunk.text[a..b]);
            self.tok_key.push(id);
            a = b;
        }
        self.tok_off.extend(chunk.tok_end.iter().map(|&t| t + t0));
    }
}

/// Chunks of a batch built at once (so that the chunks' own tables, which
/// take more room than their result, are alive for one batch only, not for
/// the whole document).
const FEATURE_BATCH: usize = 64;

/// Runs `build(c, sentences)` on the chunks of `FEATURE_CHUNK` sentences
/// (`c`: the chunk's number), in parallel a batch of `FEATURE_BATCH` chunks
/// at a time, and hands the results to `take` in order.
fn in_batches<'s, R: Send>(
    sentences: &[&'s str],
    build: impl Fn(usize, &[&'s str]) -> R + Sync,
    mut take: impl FnMut(R),
) {
    use rayon::prelude::*;
    for (b, batch) in sentences.chunks(FEATURE_CHUNK * FEATURE_BATCH).enumerate() {
        // (A chunk a task: no run of chunks left to one core at the end.)
        let chunks: Vec<R> = batch
            .par_chunks(FEATURE_CHUNK)
            .with_max_len(1)
            .enumerate()
            .map(|(c, chunk)| build(b * FEATURE_BATCH + c, chunk))
            .collect();
        chunks.into_iter().for_each(&mut take);
    }
}

/// [`raw_side`] of consecutive sentences (`para(i)`: whether the `i`-th
/// starts a paragraph).
fn raw_chunk(
    input: &[&str],
    para: &dyn Fn(usize) -> bool,
    lang: Lang,
    glossary: &Glossary,
    punctuation: bool,
) -> RawChunk {
    let mut side = RawChunk::default();
    // Sized once for the chunk (its vectors would otherwise grow, a copy at
    // each doubling): a sentence each, and for the tokens and extra keys at
    // least as many as a text of this many bytes mostly has.
    let n = input.len();
    let bytes: usize = input.iter().map(|s| s.len()).sum();
    side.len.reserve_exact(n);
    side.para_start.reserve_exact(n);
    side.quote_marks.reserve_exact(n);
    side.extras.tok_end.reserve_exact(n);
    side.extras.key_end.reserve(4 * n);
    side.extras.text.reserve(32 * n);
    if lang == Lang::En {
        side.words.tok_off.reserve_exact(n);
        side.words.tok_key.reserve(bytes / 4);
    }
    let mut hits = Vec::new();
    // Made for English only (its table is 64 KiB to clear).
    let mut en_keys: Option<EnKeys> = None;
    let mut anchor_buf = Vec::new();
    let mut chars_buf = Vec::new();
    let mut wide_buf = Vec::new();
    let mut ex = KeyList::default();
    for (i, s) in input.iter().enumerate() {
        // (Told once for all the scans below.)
        let ascii = s.is_ascii();
        ex.clear();
        hits.clear();
        anchor_buf.clear();
        // What the fused scan of a plain English sentence found (its
        // number keys are in `anchor_buf` then).
        let mut plain = None;
        match lang {
            Lang::En => {
                let words = &mut side.words;
                let keys = &mut words.keys;
                let en_keys = en_keys.get_or_insert_with(EnKeys::default);
                let intern = &mut |stem: &std::sync::Arc<str>| chunk_id(keys, stem);
                let t0 = words.tok_key.len();
                if ascii {
                    plain = plain_en_scan(
                        s,
                        en_keys,
                        intern,
                        &mut words.tok_key,
                        &mut ex,
                        &mut anchor_buf,
                    );
                }
                if plain.is_none() {
                    // (What the fused scan did before it gave up is done
                    // again, the same words in the same order.)
                    words.tok_key.truncate(t0);
                    ex.clear();
                    anchor_buf.clear();
                    en_keys.keys(s, ascii, intern, &mut words.tok_key);
                    // Capitalized words and pairs of them, as name forms:
                    // tokens the learned table can pair with Chinese names
                    // even when pinyin matching is off.
                    capitalized_words(s, ascii, |prev, w| {
                        ex.push_name(&[w]);
                        if let Some(p) = prev {
                            ex.push_name(&[p, w]);
                        }
                    });
                }
                words.tok_off.push(words.tok_key.len());
                glossary.en_hits(s, &mut hits);
            }
            Lang::Zh => glossary.zh_hits(s, &mut hits),
        }
        if plain.is_none() {
            number_keys(s, ascii, &mut chars_buf, &mut anchor_buf);
        }
        for a in &anchor_buf {
            ex.push("a:", a);
        }
        // The length and marks, from the fused scan of a plain English
        // sentence, else from a pass of their own.
        let (len, marks) = match plain {
            Some(p) => ((s.len() - p.spaces) as f64, p.marks),
            None if ascii => (
                ascii_len(s),
                if punctuation {
                    punctuation_marks(s.as_bytes(), true)
                } else {
                    0
                },
            ),
            None => wide_len_marks(s.as_bytes(), &mut wide_buf),
        };
        if punctuation {
            for p in punctuation_keys_of(marks, lang) {
                ex.push("p:", p);
            }
        }
        for h in &hits {
            ex.push("g:", &h.to_string());
        }
        ex.sort_dedup();
        side.len.push(len);
        side.para_start.push(para(i));
        // A plain English sentence's quote bytes are its apostrophes and
        // double quotes (it is ASCII); a Chinese sentence's are its quote
        // marks, as [`punctuation_marks`] has them.
        side.quote_marks.push(match (plain, lang) {
            (Some(p), _) => u8::from(p.quote_bytes),
            (None, Lang::Zh) if !ascii => u8::from(marks & QUOTE != 0),
            _ => quotes::UNKNOWN_MARK,
        });
        let extras = &mut side.extras;
        for k in ex.iter() {
            extras.text.push_str(k);
            extras.key_end.push(extras.text.len());
        }
        extras.tok_end.push(extras.key_end.len());
    }
    side
}

/// The words of Chinese sentences (chunks in parallel, [`in_batches`]).
fn zh_words(sentences: &[&str], lex: &Lexicon, tokenizer: ChineseTokenizer) -> Words {
    let mut out = Words::new();
    let mut remap = Vec::new();
    in_batches(
        sentences,
        |_, chunk| {
            let mut words = ChunkWords::default();
            let mut buf = Vec::new();
            for s in chunk {
                buf.clear();
                zh_tokens_with(tokenizer, s, lex, &mut buf);
                for &w in &buf {
                    let k = chunk_id(&mut words.keys, &ZhWord(w));
                    words.tok_key.push(k);
                }
                words.tok_off.push(words.tok_key.len());
            }
            words
        },
        |ch| out.append_chunk(ch, &mut remap),
    );
    out
}

/// A Chinese word of a chunk ([`ChunkWords`]): the string, hashed as a
/// string, compared in line ([`same_bytes`], no call to `memcmp`).
#[derive(Clone, Copy)]
struct ZhWord<'s>(&'s str);

impl std::hash::Hash for ZhWord<'_> {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        // (The hash of the string: the map's order is that of string keys.)
        self.0.hash(h);
    }
}

impl PartialEq for ZhWord<'_> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        same_bytes(self.0.as_bytes(), other.0.as_bytes())
    }
}

impl Eq for ZhWord<'_> {}

impl std::borrow::Borrow<str> for ZhWord<'_> {
    fn borrow(&self) -> &str {
        self.0
    }
}

/// Whether `a` and `b` are the same bytes, compared in line for the short
/// strings of words: a few loads a side, no call to `memcmp` (which the
/// slices' `==` makes, whatever their length).
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if (8..=16).contains(&n) {
        // The first and last eight bytes (overlapping when fewer than 16).
        let x = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("8 bytes"));
        return (x(a, 0) ^ x(b, 0)) | (x(a, n - 8) ^ x(b, n - 8)) == 0;
    }
    if (4..8).contains(&n) {
        let x = |s: &[u8], i: usize| u32::from_le_bytes(s[i..i + 4].try_into().expect("4 bytes"));
        return (x(a, 0) ^ x(b, 0)) | (x(a, n - 4) ^ x(b, n - 4)) == 0;
    }
    if n < 4 {
        // Bytes 0, n / 2 and n - 1 are all of them.
        return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
    }
    a == b
}

/// A chunk's words as [`Words`] has them, the keys borrowed from the
/// sentences ([`ZhWord`]) or shared with the stem cache (`Arc<str>`), not
/// copied. The map has the hasher of an [`Interner`]'s (both hash as a
/// `String`) and gets the same keys in the same order, so it lists them in
/// the same order: the order [`Words::append_chunk`] numbers them in.
struct ChunkWords<K> {
    /// Sentence `i`'s tokens end at `tok_off[i]` (they start where the
    /// previous one's end, or at 0).
    tok_off: Vec<usize>,
    tok_key: Vec<u32>,
    keys: FxHashMap<K, u32>,
}

impl<K> Default for ChunkWords<K> {
    fn default() -> Self {
        ChunkWords {
            tok_off: Vec::new(),
            tok_key: Vec::new(),
            keys: FxHashMap::default(),
        }
    }
}

/// The number of `key` in a chunk's `keys` (new keys numbered in order).
///
/// One hash and probe for both the look-up and the insertion (most keys
/// asked for are new: a chunk's words come here once per distinct form);
/// `key` is cloned each time, which for the `Arc` and `&str` keys used is
/// a count or a copy, not an allocation.
fn chunk_id<K: std::hash::Hash + Eq + Clone>(keys: &mut FxHashMap<K, u32>, key: &K) -> u32 {
    let n = keys.len() as u32;
    *keys.entry(key.clone()).or_insert(n)
}

impl Words {
    /// Appends a chunk's sentences, its keys renumbered into this set
    /// (`remap` is scratch): a key is copied only when new to this set.
    // (Out of line: measured fewer instructions than inlined in its caller.)
    #[inline(never)]
    fn append_chunk<K: std::borrow::Borrow<str>>(
        &mut self,
        chunk: ChunkWords<K>,
        remap: &mut Vec<u32>,
    ) {
        remap.clear();
        remap.resize(chunk.keys.len(), 0);
        for (key, local) in chunk.keys {
            remap[local as usize] = self.keys.id(key.borrow());
        }
        let t0 = self.tok_key.len();
        self.tok_off.extend(chunk.tok_off.iter().map(|&t| t + t0));
        self.tok_key
            .extend(chunk.tok_key.iter().map(|&k| remap[k as usize]));
    }
}

impl Features {
    pub(crate) fn build(zh: &SideInput<'_>, en: &SideInput<'_>, res: &Resources<'_>) -> Features {
        // All that needs no lexicon is done while it loads (the first time)
        // and, once it is there, while the Chinese words are found.
        let ((mut zh_raw, mut en_raw), (lex, words)) = rayon::join(
            || {
                rayon::join(
                    || raw_side(zh, Lang::Zh, res),
                    || raw_side(en, Lang::En, res),
                )
            },
            || {
                let lex = (res.lexicon)();
                crate::trace::phase("lexicon ready");
                (lex, zh_words(&zh.sentences, lex, res.tokenizer))
            },
        );
        zh_raw.words = words;
        crate::trace::phase("extras and words");
        // The Chinese words' lexicon ids (look-ups that mostly wait on
        // memory: split in two) beside all the rest that needs the words:
        // the English ids, names and the extra keys' shared ids.
        let naming = res.params.name_matching;
        let (zh_ids, (en_ids, named, (en_x, zh_x, ids))) = rayon::join(
            || {
                KeyIds::new_split(&zh_raw.words.keys, |w, out| {
                    out.extend_from_slice(lex.lookup(w).unwrap_or_default());
                })
            },
            || {
                let en_ids = KeyIds::new(&en_raw.words.keys, |w, out| out.extend(lex.en_id(w)));
                let mut named = None;
                if naming != params::NameMatching::Off {
                    let names = Names::from_english(&en_raw.extras);
                    if !names.exact.is_empty() {
                        let fuzzy = naming == params::NameMatching::Fuzzy;
                        named = Some(with_zh_names(&zh_raw.extras, &zh.sentences, |s, ex| {
                            zh_names(s, lex, &names, fuzzy, ex)
                        }));
                    }
                }
                // Extra keys get ids shared by both sides, in order of first
                // occurrence (English first): each side's keys mapped to them.
                let mut ids = Interner::default();
                let mut extra_ids = |extras: &Words| -> Vec<u32> {
                    let by_key = extras.keys.by_id();
                    let mut remap = vec![u32::MAX; by_key.len()];
                    for &k in &extras.tok_key {
                        if remap[k as usize] == u32::MAX {
                            remap[k as usize] = ids.id(by_key[k as usize]);
                        }
                    }
                    remap
                };
                let en_x = extra_ids(&en_raw.extras);
                let zh_x = extra_ids(named.as_ref().unwrap_or(&zh_raw.extras));
                (en_ids, named, (en_x, zh_x, ids))
            },
        );
        if let Some(named) = named {
            zh_raw.extras = named;
        }
        let n_extra = ids.len();
        let extra_base = lex.vocab_len() as u32;
        // Which extra keys are the user's glossary terms (weighted apart).
        let mut glossary = vec![false; n_extra];
        for (id, k) in ids.by_id().into_iter().enumerate() {
            glossary[id] = k.starts_with("g:");
        }
        let extras = Extras {
            ids: &[],
            glossary: &glossary,
            base: extra_base,
        };
        drop(ids);
        // Each side weighed and its quotes read on a thread of its own.
        let zh_marks = std::mem::take(&mut zh_raw.quote_marks);
        let en_marks = std::mem::take(&mut en_raw.quote_marks);
        let (zh_side, en_side) = rayon::join(
            || {
                let mut side = weigh(
                    zh_raw,
                    zh_ids,
                    &Extras {
                        ids: &zh_x,
                        ..extras
                    },
                );
                side.quote = quotes::states(&zh.sentences, false, &zh_marks);
                side
            },
            || {
                let mut side = weigh(
                    en_raw,
                    en_ids,
                    &Extras {
                        ids: &en_x,
                        ..extras
                    },
                );
                side.quote = quotes::states(&en.sentences, true, &en_marks);
                side
            },
        );
        Features {
            zh: zh_side,
            en: en_side,
            id_space: extra_base + n_extra as u32,
            params: res.params.clone(),
            quote_penalty: 0.0,
        }
    }
}

/// The Chinese extras with the names `find(sentence, keys)` adds to each
/// sentence's keys (after them, in the order found).
fn with_zh_names(
    extras: &Words,
    sentences: &[&str],
    mut find: impl FnMut(&str, &mut Vec<String>),
) -> Words {
    let by_key = extras.keys.by_id();
    let mut out = Words::new();
    let mut ex: Vec<String> = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        ex.clear();
        let keys = extras.tok_off[i]..extras.tok_off[i + 1];
        ex.extend(keys.map(|t| by_key[extras.tok_key[t] as usize].to_string()));
        find(s, &mut ex);
        for k in ex.drain(..) {
            let id = out.keys.id(&k);
            out.tok_key.push(id);
        }
        out.end_sentence();
    }
    out
}

/// Chinese substrings of two to four Han characters whose pinyin matches an
/// English name of the document become name tokens.
fn zh_names(s: &str, lex: &Lexicon, names: &Names, fuzzy: bool, extras: &mut Vec<String>) {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut start = 0;
    while start < chars.len() {
        if !is_han(chars[start].1) {
            start += 1;
            continue;
        }
        let mut matched = 0;
        for len in (2..=4).rev() {
            let end = start + len;
            if end > chars.len() || !chars[start..end].iter().all(|&(_, c)| is_han(c)) {
                continue;
            }
            let a = chars[start].0;
            let b = chars.get(end).map_or(s.len(), |&(o, _)| o);
            let Some(p) = lex.pinyin(&s[a..b]) else {
                continue;
            };
            if p.len() < params::NAME_MIN_LEN {
                continue;
            }
            // Fuzzy matching only for strings the lexicon does not know as a
            // word (names mostly are not), exact matching for all.
            let fuzzy = fuzzy && lex.lookup(&s[a..b]).is_none();
            if let Some(form) = names.find(&p, fuzzy) {
                let key = format!("n:{form}");
                if !extras.contains(&key) {
                    extras.push(key);
                }
                matched = len;
                break;
            }
        }
        start += matched.max(1);
    }
}

/// One side's extra keys for [`weigh`].
#[derive(Clone, Copy)]
struct Extras<'a> {
    /// For each of the side's extra keys, its id shared by both sides.
    ids: &'a [u32],
    /// For each extra id, whether it is a glossary term.
    glossary: &'a [bool],
    /// Where extra ids start in the document's id space.
    base: u32,
}

/// Turns raw tokens into weighted, capped, flattened tokens. Each sentence's
/// extras follow its words as tokens of one id each (`extras.base + id`),
/// with document-frequency keys after the words' keys; `key_ids` (the
/// words' ids) gets the extras' keys and becomes the side's table of ids.
///
/// A token's weight is its IDF, ln(1 + n / df); a glossary term weighs at
/// least `GLOSSARY_WEIGHT` and at least as much as the rarest word of the
/// side could (df = 1), so that a user's term pair outranks any lexicon
/// match, even in a short document where every IDF is small.
fn weigh(raw: RawSide, mut key_ids: KeyIds, extras: &Extras<'_>) -> SideFeatures {
    let (extra_base, n_extra) = (extras.base, extras.glossary.len());
    let wd = &raw.words;
    let ex = &raw.extras;
    let n_words = wd.keys.len();
    let n = raw.len.len().max(1) as f32;
    let n_sentences = raw.len.len();
    let most_tokens = wd.tok_key.len() + ex.tok_key.len();
    // Each sentence's tokens as df keys (words, then extras), gathered once
    // for both passes: sentence `i`'s are `all[all_off[i]..all_off[i + 1]]`.
    let mut all: Vec<u32> = Vec::with_capacity(most_tokens);
    let mut all_off: Vec<usize> = Vec::with_capacity(n_sentences + 1);
    all_off.push(0);
    for i in 0..n_sentences {
        all.extend_from_slice(&wd.tok_key[wd.tok_off[i]..wd.tok_off[i + 1]]);
        let extra = &ex.tok_key[ex.tok_off[i]..ex.tok_off[i + 1]];
        all.extend(
            extra
                .iter()
                .map(|&l| n_words as u32 + extras.ids[l as usize]),
        );
        all_off.push(all.len());
    }
    let mut df = vec![0u32; n_words + n_extra];
    // The last sentence each key was counted in (a key counts once a sentence).
    let mut last = vec![usize::MAX; n_words + n_extra];
    for i in 0..n_sentences {
        for &k in &all[all_off[i]..all_off[i + 1]] {
            if last[k as usize] != i {
                last[k as usize] = i;
                df[k as usize] += 1;
            }
        }
    }
    drop(last);
    // Each key's weight, computed once: its IDF, and for a glossary term at
    // least `glossary_weight`.
    let glossary_weight = (params::GLOSSARY_WEIGHT as f32).max((1.0 + n).ln());
    let key_w: Vec<f32> = df
        .iter()
        .enumerate()
        .map(|(k, &d)| {
            let w = (1.0 + n / d as f32).ln();
            if k >= n_words && extras.glossary[k - n_words] {
                w.max(glossary_weight)
            } else {
                w
            }
        })
        .collect();
    let mut side = SideFeatures {
        tok_off: Vec::with_capacity(n_sentences + 1),
        tok_w: Vec::with_capacity(most_tokens),
        tok_key: Vec::with_capacity(most_tokens),
        total_w: Vec::with_capacity(n_sentences),
        ..SideFeatures::default()
    };
    side.tok_off.push(0);
    let mut order: Vec<(f32, usize)> = Vec::new();
    for i in 0..n_sentences {
        order.clear();
        let toks = &all[all_off[i]..all_off[i + 1]];
        let weight = |k: u32| key_w[k as usize];
        if toks.len() <= params::MAX_TOKENS {
            // All tokens kept, in order (the common case): appended as whole
            // runs, with no ranking records and no capacity check a token;
            // the total summed in the same order from the same zero.
            let start = side.tok_w.len();
            side.tok_w.extend(toks.iter().map(|&k| weight(k)));
            side.tok_key.extend_from_slice(toks);
            let total = side.tok_w[start..].iter().fold(0.0f32, |sum, &w| sum + w);
            side.total_w.push(total);
            side.tok_off.push(side.tok_w.len());
            continue;
        }
        let mut total = 0.0f32;
        for (t, k) in toks.iter().enumerate() {
            let w = weight(*k);
            total += w;
            order.push((w, t));
        }
        // More than MAX_TOKENS: the heaviest kept, in order.
        order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        order.truncate(params::MAX_TOKENS);
        order.sort_by_key(|&(_, t)| t);
        for &(w, t) in &order {
            side.tok_w.push(w);
            side.tok_key.push(toks[t]);
        }
        side.total_w.push(total);
        side.tok_off.push(side.tok_w.len());
    }
    side.tok_w.shrink_to_fit();
    side.tok_key.shrink_to_fit();
    // Keys after the words' are the extras', one id each.
    debug_assert_eq!(key_ids.len(), n_words);
    for g in 0..n_extra as u32 {
        key_ids.ids.push(extra_base + g);
        key_ids.end_key();
    }
    side.key_ids = std::sync::Arc::new(key_ids);
    side.len = raw.len;
    side.para_start = raw.para_start;
    side
}

impl Features {
    /// The sub-document of Chinese sentences `zh` and English sentences `en`.
    pub(crate) fn slice(&self, zh: std::ops::Range<usize>, en: std::ops::Range<usize>) -> Features {
        Features {
            zh: self.zh.slice(zh),
            en: self.en.slice(en),
            id_space: self.id_space,
            params: self.params.clone(),
            quote_penalty: self.quote_penalty,
        }
    }
}

impl Features {
    /// Learns a translation table from the document's own aligned pairs
    /// (`pairs`: Chinese and English sentence ranges): a Chinese word and an
    /// English word that keep landing in the same pairs (Dice coefficient at
    /// least `learn_dice`, at least `learn_min_count` times) are made to match
    /// each other, on top of the lexicon; so are the pairs IBM Model 1 learns
    /// from `sure_pairs` (`model1.rs`). Returns the number of word pairs learned.
    pub(crate) fn learn(&mut self, pairs: &[PairRanges], sure_pairs: &[PairRanges]) -> usize {
        let (cz, ce, keys) = self.pair_counts(pairs);
        crate::trace::phase("learn: counts");
        let learned_pairs = if self.params.model1_threshold > 0.0 {
            // The Dice table and Model 1 read the same counts and nothing of
            // each other: learned at once (Model 1's corpus is built on one
            // thread while the co-occurrences are counted on the other).
            let (mut dice, model1) = rayon::join(
                || self.co_occurring(&keys, &cz, &ce),
                || self.model1_pairs(sure_pairs, (pairs, &keys), &cz, &ce),
            );
            crate::trace::phase("learn: co-occurrences and model 1");
            dice.extend(model1);
            dice.sort_unstable();
            dice.dedup();
            dice
        } else {
            let dice = self.co_occurring(&keys, &cz, &ce);
            crate::trace::phase("learn: co-occurrences");
            dice
        };
        self.add_learned(&learned_pairs, cz.len(), ce.len());
        learned_pairs.len()
    }

    /// For each Chinese and each English document-frequency key, the number
    /// of pairs it occurs in (once a pair); and each pair's keys ([`PairKeys`]).
    /// The two sides are independent: one thread each.
    fn pair_counts(&self, pairs: &[PairRanges]) -> (Vec<u32>, Vec<u32>, PairKeys) {
        let ((cz, zh, zh_off), (ce, en, en_off)) = rayon::join(
            || side_pair_counts(&self.zh, pairs.iter().map(|(z, _)| z)),
            || side_pair_counts(&self.en, pairs.iter().map(|(_, e)| e)),
        );
        let keys = PairKeys {
            zh,
            zh_off,
            en,
            en_off,
        };
        (cz, ce, keys)
    }

    /// The (Chinese key, English key) pairs that co-occur in at least
    /// `learn_min_count` pairs with a Dice coefficient of at least
    /// `learn_dice`. Only keys seen in `learn_min_count` pairs can reach that
    /// count, so co-occurrences are counted for those alone: postings per
    /// Chinese key, then a dense counter over the English keys (Chinese keys
    /// in parallel). Nor are they counted for an English key whose pair
    /// count rules the coefficient out whatever the co-occurrences
    /// ([`dice_bounds`]).
    fn co_occurring(&self, keys: &PairKeys, cz: &[u32], ce: &[u32]) -> Vec<(u32, u32)> {
        use rayon::prelude::*;
        let t = &*self.params;
        let min = t.learn_min_count.max(1);
        // Postings: for each frequent enough Chinese key, the pairs it is in
        // (`post[post_off[z]..post_off[z + 1]]`, as many as the pairs it
        // was counted in); and each pair's frequent enough English keys,
        // with their pair counts. Both flat and sized exactly from the
        // counts.
        let frequent = |c: u32| if c >= min { c as usize } else { 0 };
        let mut post_off: Vec<usize> = Vec::with_capacity(cz.len() + 1);
        post_off.push(0);
        for &c in cz {
            post_off.push(post_off[post_off.len() - 1] + frequent(c));
        }
        let mut next = post_off[..cz.len()].to_vec();
        let mut post = vec![0u32; post_off[cz.len()]];
        let mut en_keys: Vec<(u32, u32)> =
            Vec::with_capacity(ce.iter().map(|&c| frequent(c)).sum());
        let n_pairs = keys.zh_off.len() - 1;
        let mut en_off: Vec<usize> = Vec::with_capacity(n_pairs + 1);
        en_off.push(0);
        for p in 0..n_pairs {
            let zk = &keys.zh[keys.zh_off[p]..keys.zh_off[p + 1]];
            let ek = &keys.en[keys.en_off[p]..keys.en_off[p + 1]];
            for &z in zk.iter().filter(|&&z| cz[z as usize] >= min) {
                post[next[z as usize]] = p as u32;
                next[z as usize] += 1;
            }
            en_keys.extend(
                ek.iter()
                    .map(|&e| (e, ce[e as usize]))
                    .filter(|&(_, c)| c >= min),
            );
            en_off.push(en_keys.len());
        }
        drop(next);
        let most = ce.iter().copied().max().unwrap_or(0);
        let (en_keys, en_off) = (&en_keys, &en_off);
        (0..cz.len())
            .into_par_iter()
            .map(|z| (z, &post[post_off[z]..post_off[z + 1]]))
            .filter(|(_, ps)| ps.len() as u32 >= min)
            .filter_map(|(z, ps)| Some((z, ps, dice_bounds(cz[z], most, t.learn_dice)?)))
            // Each thread's pairs found into one list (no list a key).
            .fold(
                || (vec![0u32; ce.len()], Vec::new(), Vec::new()),
                |(mut count, mut touched, mut out), (z, ps, (lo, hi))| {
                    for &p in ps {
                        let p = p as usize;
                        for &(e, n) in &en_keys[en_off[p]..en_off[p + 1]] {
                            // `lo <= n <= hi`, in one comparison.
                            if n.wrapping_sub(lo) > hi - lo {
                                continue;
                            }
                            if count[e as usize] == 0 {
                                touched.push(e);
                            }
                            count[e as usize] += 1;
                        }
                    }
                    for &e in touched.iter() {
                        let c = std::mem::take(&mut count[e as usize]);
                        if c < t.learn_min_count {
                            continue;
                        }
                        let dice = 2.0 * c as f64 / (cz[z] + ce[e as usize]) as f64;
                        if dice >= t.learn_dice {
                            out.push((z as u32, e));
                        }
                    }
                    touched.clear();
                    (count, touched, out)
                },
            )
            .map(|(_, _, out)| out)
            .reduce(Vec::new, |mut a, b| {
                a.extend(b);
                a
            })
    }

    /// Makes each learned pair match: a new id per learned English key
    /// (after all other ids), added to its tokens and to the tokens of the
    /// Chinese keys learned with it. `n_zh` and `n_en` are the numbers of
    /// Chinese and English keys.
    fn add_learned(&mut self, learned_pairs: &[(u32, u32)], n_zh: usize, n_en: usize) {
        // Per Chinese key its learned English keys (sorted), per English
        // key whether it was learned.
        let mut learned: Vec<Vec<u32>> = vec![Vec::new(); n_zh];
        let mut targets = vec![false; n_en];
        for &(z, e) in learned_pairs {
            learned[z as usize].push(e);
            targets[e as usize] = true;
        }
        learned.iter_mut().for_each(|es| es.sort_unstable());
        if learned_pairs.is_empty() {
            return;
        }
        // Learned ids follow all others (one per English key), so appending
        // them keeps each key's ids sorted.
        let base = self.id_space;
        let extend = |side: &mut SideFeatures, add: &(dyn Fn(u32, &mut Vec<u32>) + Sync)| {
            let old = &side.key_ids;
            let mut new = KeyIds {
                off: Vec::with_capacity(old.off.len()),
                ids: Vec::with_capacity(old.ids.len()),
            };
            new.off.push(0);
            for k in 0..old.len() as u32 {
                new.ids.extend_from_slice(old.get(k));
                add(k, &mut new.ids);
                new.end_key();
            }
            side.key_ids = std::sync::Arc::new(new);
        };
        let (zh, en) = (&mut self.zh, &mut self.en);
        rayon::join(
            || {
                extend(zh, &|k, out| {
                    if let Some(es) = learned.get(k as usize) {
                        out.extend(es.iter().map(|e| base + e));
                    }
                })
            },
            || {
                extend(en, &|k, out| {
                    if targets.get(k as usize) == Some(&true) {
                        out.push(base + k);
                    }
                })
            },
        );
        self.id_space = base + n_en as u32;
    }
}

/// A pair's Chinese and English sentence ranges.
pub(crate) type PairRanges = (std::ops::Range<usize>, std::ops::Range<usize>);

/// Each pair's keys ([`keys_of`]'s, in order of first occurrence, not sorted:
/// [`distinct_keys`]) on both sides, flat: pair `p`'s Chinese keys are
/// `zh[zh_off[p]..zh_off[p + 1]]`, its English ones `en[en_off[p]..en_off[p + 1]]`.
pub(crate) struct PairKeys {
    zh: Vec<u32>,
    zh_off: Vec<usize>,
    en: Vec<u32>,
    en_off: Vec<usize>,
}

impl PairKeys {
    /// Pair `p`'s Chinese and English keys.
    fn get(&self, p: usize) -> (&[u32], &[u32]) {
        (
            &self.zh[self.zh_off[p]..self.zh_off[p + 1]],
            &self.en[self.en_off[p]..self.en_off[p + 1]],
        )
    }
}

/// For a Chinese key in `cz` pairs, the pair counts `lo..=hi` (of at most
/// `most`) an English key needs for a Dice coefficient of at least `dice` to
/// be within reach; `None` when no count is. Keys in `c` pairs together have
/// `c <= min(cz, ce)`, so their coefficient `2c / (cz + ce)` is at most
/// `bound(ce) = 2 min(cz, ce) / (cz + ce)` (rounding is monotone), which
/// rises with `ce` up to `cz` and falls after: the counts it lets through
/// are one run around `cz`, found from the real-valued ends and settled by
/// the very test of the count.
fn dice_bounds(cz: u32, most: u32, dice: f64) -> Option<(u32, u32)> {
    let bound = |ce: u32| 2.0 * cz.min(ce) as f64 / (cz + ce) as f64 >= dice;
    if !bound(cz) {
        return None;
    }
    if dice <= 0.0 {
        return Some((0, most.max(cz)));
    }
    let c = cz as f64;
    // Saturating casts; each guess is then moved to the exact end.
    let mut lo = ((dice * c / (2.0 - dice)).ceil() as u32).min(cz);
    while lo > 0 && bound(lo - 1) {
        lo -= 1;
    }
    while !bound(lo) {
        lo += 1;
    }
    let most = most.max(cz);
    let mut hi = (((2.0 - dice) * c / dice).floor() as u32).clamp(cz, most);
    while hi > cz && !bound(hi) {
        hi -= 1;
    }
    while hi < most && bound(hi + 1) {
        hi += 1;
    }
    Some((lo, hi))
}

/// [`pair_counts`](Features::pair_counts) for one side, the sentence
/// ranges of the pairs in `ranges`: each key's number of pairs, and the pairs'
/// keys, flat (pair `p`'s are `keys[off[p]..off[p + 1]]`).
fn side_pair_counts<'a>(
    side: &SideFeatures,
    ranges: impl ExactSizeIterator<Item = &'a std::ops::Range<usize>>,
) -> (Vec<u32>, Vec<u32>, Vec<usize>) {
    let mut count = vec![0u32; side.tok_key.iter().max().map_or(0, |&k| k as usize + 1)];
    let mut off = Vec::with_capacity(ranges.len() + 1);
    off.push(0);
    let mut keys = Vec::new();
    // The pair (plus one) each key was last taken for, so that a pair's
    // keys are made distinct as they are gathered, with no sort (this runs
    // between parallel parts).
    let mut seen = vec![0u32; count.len()];
    for (p, r) in ranges.enumerate() {
        distinct_keys(side, r, p as u32 + 1, &mut seen, &mut count, &mut keys);
        off.push(keys.len());
    }
    (count, keys, off)
}

/// [`keys_of`] for the `stamp`-th pair of a document-order walk, appended to
/// `out`: a key is taken when `seen` does not hold `stamp` for it yet (then
/// counted in `count` and marked). The sentences' tokens are one run of
/// `tok_key`. Same keys as [`keys_of`], in order of first occurrence: not
/// sorted, as neither the Dice table nor Model 1 needs all of them sorted
/// (Model 1 sorts the few it keeps).
fn distinct_keys(
    side: &SideFeatures,
    r: &std::ops::Range<usize>,
    stamp: u32,
    seen: &mut [u32],
    count: &mut [u32],
    out: &mut Vec<u32>,
) {
    if r.is_empty() {
        return;
    }
    for &k in &side.tok_key[side.tok_off[r.start]..side.tok_off[r.end]] {
        let s = &mut seen[k as usize];
        if *s != stamp {
            *s = stamp;
            count[k as usize] += 1;
            out.push(k);
        }
    }
}

fn keys_of(side: &SideFeatures, r: &std::ops::Range<usize>, out: &mut Vec<u32>) {
    out.clear();
    for i in r.clone() {
        out.extend(side.tokens(i).map(|t| side.tok_key[t]));
    }
    out.sort_unstable();
    out.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Dice bounds are exactly the counts whose best coefficient passes.
    #[test]
    fn dice_bounds_are_the_passing_counts() {
        for dice in [0.0, 0.1, 0.3, 0.5, 2.0 / 3.0, 0.9, 1.0, 1.5, -1.0] {
            for cz in 1..60u32 {
                let most = 200;
                let pass = |ce: u32| 2.0 * cz.min(ce) as f64 / (cz + ce) as f64 >= dice;
                let expected: Vec<u32> = (0..=most).filter(|&ce| pass(ce)).collect();
                let got: Vec<u32> = match dice_bounds(cz, most, dice) {
                    Some((lo, hi)) => (lo..=hi.min(most)).collect(),
                    None => Vec::new(),
                };
                assert_eq!(got, expected, "cz {cz} dice {dice}");
            }
        }
    }

    /// Keys made distinct by stamps as gathered are those of the sort and
    /// dedup of [`keys_of`] (in order of first occurrence), and each is
    /// counted once a pair.
    #[test]
    fn distinct_keys_are_keys_of() {
        let side = SideFeatures {
            tok_off: vec![0, 3, 3, 7, 9],
            tok_key: vec![4, 1, 4, 2, 2, 0, 1, 4, 3],
            ..SideFeatures::default()
        };
        let (mut seen, mut count) = (vec![0u32; 5], vec![0u32; 5]);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let mut want = vec![0u32; 5];
        let ranges = [0..2, 1..3, 2..2, 0..4, 3..4, 1..2];
        for (p, r) in ranges.iter().enumerate() {
            keys_of(&side, r, &mut a);
            b.clear();
            distinct_keys(&side, r, p as u32 + 1, &mut seen, &mut count, &mut b);
            let mut first = side.tok_key[side.tok_off[r.start]..side.tok_off[r.end]].to_vec();
            let mut i = 0;
            first.retain(|&k| {
                i += 1;
                !side.tok_key[side.tok_off[r.start]..side.tok_off[r.start] + i - 1].contains(&k)
            });
            assert_eq!(b, first, "{r:?}");
            b.sort_unstable();
            assert_eq!(a, b, "{r:?}");
            a.iter().for_each(|&k| want[k as usize] += 1);
        }
        assert_eq!(count, want);
    }

    /// The punctuation keys by characters, as they were first written: the
    /// reference for the byte scans of [`punctuation_keys`].
    fn punctuation_reference(s: &str, lang: Lang) -> Vec<&'static str> {
        let en = lang == Lang::En;
        let (mut q, mut x, mut quote, mut dots) = (false, false, false, false);
        let mut stops = 0u8;
        for c in s.chars() {
            if c == '.' {
                stops = stops.saturating_add(1);
                dots |= en && stops >= 3;
            } else {
                stops = 0;
            }
            match c {
                '?' | '？' => q = true,
                '!' | '！' => x = true,
                '“' | '”' | '「' | '」' | '『' | '』' | '"' => quote = true,
                '‘' | '’' | '\'' if en => quote |= c == '‘',
                '…' => dots = true,
                _ => {}
            }
        }
        [(q, "?"), (x, "!"), (quote, "q"), (dots, "…")]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, k)| k)
            .collect()
    }

    /// The byte scans of `punctuation_keys` find what the character scan finds.
    #[test]
    fn punctuation_keys_are_the_reference() {
        let special = "?？!！“”「」『』\"‘’'…．。.·";
        let mut texts: Vec<String> = vec![
            String::new(),
            "Wait... what?".into(),
            "Wait.. . what".into(),
            "他说：“走吧！”……".into(),
            "a.b..c...".into(),
            "中..文...".into(),
            "‘Quoted’ and 'plain'".into(),
        ];
        for a in special.chars() {
            for b in special.chars() {
                texts.push(format!("{a}{b}"));
                texts.push(format!("x{a}中{b}."));
                texts.push(format!("..{a}.{b}..."));
            }
        }
        // Every character next to a full stop (neighbours of the byte patterns).
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            texts.push(format!("{c}..."));
            texts.push(format!("中{c}"));
        }
        for t in &texts {
            for lang in [Lang::Zh, Lang::En] {
                let got: Vec<&str> = punctuation_keys(t, lang, t.is_ascii()).collect();
                assert_eq!(got, punctuation_reference(t, lang), "{t:?}");
            }
        }
    }

    /// `char_len` counts the characters that are not white space, for every character.
    #[test]
    fn char_len_is_the_general_rule_for_every_character() {
        let general = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count() as f64;
        for c in (0u32..=0x10_FFFF).filter_map(char::from_u32) {
            for s in [
                format!("{c}"),
                format!("中{c} a\u{3000}{c}"),
                format!("{c}\u{85}"),
            ] {
                assert_eq!(char_len(&s, s.is_ascii()), general(&s), "{s:?}");
            }
        }
    }

    /// The byte cut of ASCII sentences gives the runs of the character split.
    #[test]
    fn capitalized_runs_of_ascii_are_the_split() {
        let reference = |s: &str| -> Vec<Vec<String>> {
            let mut runs: Vec<Vec<String>> = Vec::new();
            let mut current: Vec<String> = Vec::new();
            for w in s.split(|c: char| !(c.is_alphabetic() || c == '-' || c == '\'' || c == '’'))
            {
                let w = w.trim_matches(|c: char| c == '-' || c == '\'' || c == '’');
                if w.is_empty() {
                    continue;
                }
                if w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().any(char::is_lowercase)
                {
                    current.push(w.to_string());
                } else if !current.is_empty() {
                    runs.push(std::mem::take(&mut current));
                }
            }
            if !current.is_empty() {
                runs.push(current);
            }
            runs
        };
        let text = include_str!("../../fixtures/seeds/mnd-2022-english-news-with-web-junk.txt");
        let mut texts: Vec<String> = text.lines().map(String::from).collect();
        let pieces = [
            "Ab", "cd", "EF", "-", "'", " ", ".", "G-h", "'Ij'", "9", "’Kl",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                    texts.push(format!("{a} {b}{c} "));
                }
            }
        }
        for t in &texts {
            let got: Vec<Vec<String>> = capitalized_runs(t)
                .into_iter()
                .map(|r| r.into_iter().map(String::from).collect())
                .collect();
            assert_eq!(got, reference(t), "{t:?}");
        }
    }

    /// The fused scan of a plain sentence gives the word keys, name keys and
    /// number keys of the three scans, in the same order, and the same
    /// numbering of a chunk's stems; it gives up on any other sentence.
    #[test]
    fn plain_scan_is_the_three_scans() {
        let text = [
            include_str!("../../fixtures/seeds/mnd-2022-english-news-with-web-junk.txt"),
            "And the LORD's word came to Moses' sons: 'Tis Aaron's, the ISRAELites' four.",
            "ADMM+ and UNPKOs, the UN; Abc'de'Fg hundredth Thirdly' ''x ' y",
            "Bao-yu 2023 x''y x'9 9'x",
            // (Words met first joined to a digit: keyed by neither scan.)
            "\nZorblax9 ok\nWuvq'9 ok\nQuffle-9\n",
            "Why?\tNo!\x0b\x0c\r \"Wait...\" .. . ... ....",
        ]
        .concat();
        let mut texts: Vec<String> = text.lines().map(String::from).collect();
        let pieces = [
            "Ab", "cd", "EF", "G", "i", "'", " ", ".", "..", "-", "7", "+", "One", "tenth",
            "LORDs", "?", "!", "\"", "\t", "\n",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                    texts.push(format!("{a} {b}{c} {a}"));
                }
            }
        }
        let (mut fused_keys, mut general_keys) = (EnKeys::default(), EnKeys::default());
        let (mut fused_ids, mut general_ids) = (FxHashMap::default(), FxHashMap::default());
        let mut plain = 0;
        for t in texts.iter().filter(|t| t.is_ascii()) {
            let (mut keys, mut ex, mut anchors) = (Vec::new(), KeyList::default(), Vec::new());
            let found = plain_en_scan(
                t,
                &mut fused_keys,
                &mut |st| chunk_id(&mut fused_ids, st),
                &mut keys,
                &mut ex,
                &mut anchors,
            );
            let fused = found.is_some();
            let (mut keys2, mut ex2, mut anchors2) = (Vec::new(), KeyList::default(), Vec::new());
            general_keys.keys(
                t,
                true,
                &mut |st| chunk_id(&mut general_ids, st),
                &mut keys2,
            );
            capitalized_words(t, true, |prev, w| {
                ex2.push_name(&[w]);
                if let Some(p) = prev {
                    ex2.push_name(&[p, w]);
                }
            });
            number_keys(t, true, &mut Vec::new(), &mut anchors2);
            let is_plain = !t.bytes().any(|c| c.is_ascii_digit() || c == b'-') && !t.contains("''");
            assert_eq!(fused, is_plain, "{t:?}");
            if !fused {
                // The caller scans it again the general way, into the same
                // map: nothing the fused scan keyed before giving up may
                // differ from the general scan's first words.
                fused_keys.keys(
                    t,
                    true,
                    &mut |st| chunk_id(&mut fused_ids, st),
                    &mut Vec::new(),
                );
                assert_eq!(fused_ids, general_ids, "{t:?}");
                continue;
            }
            plain += 1;
            let found = found.expect("plain");
            assert_eq!((t.len() - found.spaces) as f64, char_len(t, true), "{t:?}");
            assert_eq!(found.marks, punctuation_marks(t.as_bytes(), true), "{t:?}");
            assert_eq!(found.quote_bytes, t.contains(['\'', '"']), "{t:?}");
            assert_eq!(keys, keys2, "{t:?}");
            assert_eq!(anchors, anchors2, "{t:?}");
            let names: Vec<&str> = ex.iter().collect();
            let names2: Vec<&str> = ex2.iter().collect();
            assert_eq!(names, names2, "{t:?}");
            assert_eq!(fused_ids, general_ids, "{t:?}");
        }
        assert!(plain > 1000, "{plain}");
    }

    /// The quote bytes the feature scans find give the quote states the
    /// quote scan finds by itself.
    #[test]
    fn known_quote_marks_give_the_same_states() {
        let zh = [
            include_str!("../../fixtures/seeds/mnd-2023-chinese-page-then-english-answer.txt"),
            include_str!("../../fixtures/seeds/mnd-2025-interleaved.txt"),
            "他说：“走吧！”\n「好」『是』\n\"对\"\n没有\nplain ascii \"q\"\n",
        ]
        .concat();
        let en = [
            include_str!("../../fixtures/seeds/mnd-2022-english-news-with-web-junk.txt"),
            "He said 'go' and \"went\".\nThe sons' land\nDon't\n“Curly” ‘q’\nNone here\n",
        ]
        .concat();
        let glossary = Glossary::default();
        for (text, lang) in [(zh, Lang::Zh), (en, Lang::En)] {
            let lines: Vec<&str> = text.lines().collect();
            let english = lang == Lang::En;
            for punctuation in [false, true] {
                let chunk = raw_chunk(&lines, &|_| false, lang, &glossary, punctuation);
                assert!(chunk.quote_marks.iter().any(|&k| k != quotes::UNKNOWN_MARK));
                assert_eq!(
                    quotes::states(&lines, english, &chunk.quote_marks),
                    quotes::states(&lines, english, &[])
                );
                for (k, s) in chunk.quote_marks.iter().zip(&lines) {
                    if *k != quotes::UNKNOWN_MARK {
                        let want = if english {
                            s.contains(['\'', '"'])
                        } else {
                            s.contains(['"', '“', '”', '「', '」', '『', '』'])
                        };
                        assert_eq!(*k != 0, want, "{s:?}");
                    }
                }
            }
        }
    }

    /// A name key is "n:" and the words' letters in lower case, when they
    /// are at least `NAME_MIN_LEN`.
    #[test]
    fn name_keys_are_the_lower_case_letters() {
        let words = [
            "Moses", "Bao-yu", "O'Neil", "AB", "Lü", "X", "LORD's", "Abcdefgh",
        ];
        let mut ex = KeyList::default();
        for a in words {
            for b in words {
                for ws in [&[a][..], &[a, b][..]] {
                    ex.clear();
                    ex.push_name(ws);
                    let letters: String = ws
                        .concat()
                        .bytes()
                        .filter(u8::is_ascii_alphabetic)
                        .map(|b| char::from(b.to_ascii_lowercase()))
                        .collect();
                    let want: Vec<String> = if letters.len() >= params::NAME_MIN_LEN {
                        vec![format!("n:{letters}")]
                    } else {
                        Vec::new()
                    };
                    let got: Vec<&str> = ex.iter().collect();
                    assert_eq!(got, want, "{ws:?}");
                }
            }
        }
    }

    /// The in-line comparison of bytes is `==`.
    #[test]
    fn same_bytes_is_equality() {
        let words: Vec<Vec<u8>> = (0..40usize)
            .flat_map(|n| {
                let base: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
                let mut out = vec![base.clone()];
                for i in 0..n {
                    let mut w = base.clone();
                    w[i] ^= 0x80;
                    out.push(w);
                }
                out
            })
            .collect();
        for a in &words {
            for b in &words {
                assert_eq!(same_bytes(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    /// The ASCII short cut of `char_len` counts what the general rule counts.
    #[test]
    fn char_len_ascii_is_the_general_rule() {
        let all: String = (0u8..0x80).map(char::from).collect();
        for s in [
            all.as_str(),
            "",
            "  a b\tc\u{b}d\u{c}e\r\nf ",
            "x\u{1c}\u{1f}",
        ] {
            let general = s.chars().filter(|c| !c.is_whitespace()).count() as f64;
            assert_eq!(char_len(s, s.is_ascii()), general, "{s:?}");
        }
    }
}
