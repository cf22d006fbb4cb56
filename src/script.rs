//! Script classification of characters and normalization for matching.
//!
//! Everything here works on the original text and never changes it: normalized forms
//! ([`nfkc`], [`fold`]) are new strings used only for comparing, and the output of the
//! crate always quotes the original sentences.
//!

use unicode_normalization::UnicodeNormalization;

/// A set of at most 64 characters, each in a slot of its own of a table
/// found by a multiplicative hash: membership in one load and one compare.
/// Built at compile time, which fails should two characters share a slot.
pub(crate) struct CharSlots {
    mul: u32,
    slots: [u32; 64],
}

impl CharSlots {
    /// The table of `chars` under the hash multiplier `mul` (one that puts
    /// them all in distinct slots).
    pub(crate) const fn new(chars: &[char], mul: u32) -> CharSlots {
        // `u32::MAX`, no code point, in the empty slots.
        let mut slots = [u32::MAX; 64];
        let mut i = 0;
        while i < chars.len() {
            let u = chars[i] as u32;
            let k = Self::slot(mul, u);
            assert!(slots[k] == u32::MAX, "two characters share a slot");
            slots[k] = u;
            i += 1;
        }
        CharSlots { mul, slots }
    }

    #[inline(always)]
    const fn slot(mul: u32, u: u32) -> usize {
        (u.wrapping_mul(mul) >> 26) as usize
    }

    /// Whether code point `u` is in the set.
    #[inline(always)]
    pub(crate) fn contains(&self, u: u32) -> bool {
        self.slots[Self::slot(self.mul, u)] == u
    }
}

/// True for Han ideographs (CJK Unified Ideographs and extensions, compatibility ideographs, 〇).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// True for letters of the Latin script (ASCII letters, Latin-1 and Latin Extended letters).
pub(crate) fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF) && c.is_alphabetic())
}

/// Share of Han characters among the letters (Han + alphabetic) of `s`, 0 when it has none.
pub(crate) fn han_share(s: &str) -> f64 {
    let (mut han, mut letters) = (0usize, 0usize);
    for c in s.chars() {
        if is_han(c) {
            han += 1;
            letters += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    if letters == 0 {
        0.0
    } else {
        han as f64 / letters as f64
    }
}

/// NFKC normal form of `s` (full-width forms to ASCII, compatibility ideographs to
/// unified ones, "①" to "1"): for matching only, never for output.
pub(crate) fn nfkc(s: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    match simple_nfkc(s) {
        Simple::Unchanged => Cow::Borrowed(s),
        Simple::Widths => Cow::Owned(s.chars().map(narrow).collect()),
        Simple::No => Cow::Owned(s.nfkc().collect()),
    }
}

/// Appends the characters of [`nfkc`]`(s)` to `out`, without building the string.
pub(crate) fn nfkc_chars(s: &str, out: &mut Vec<char>) {
    if s.is_ascii() {
        // A byte a character, with the length known up front.
        out.extend(s.bytes().map(char::from));
        return;
    }
    // [`simple_nfkc`]'s test and the narrowing in one pass; the full algorithm
    // from the start when a character needs it.
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::{is_nfkc_quick, IsNormalized};
    let start = out.len();
    out.reserve(s.len());
    for c in s.chars() {
        if c.is_ascii()
            || matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
            || plain_punctuation(c)
        {
            out.push(c);
            continue;
        }
        let n = narrow(c);
        if n == c
            && (canonical_combining_class(c) != 0
                || is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes)
        {
            out.truncate(start);
            out.extend(s.nfkc());
            return;
        }
        out.push(n);
    }
}

/// Common Chinese punctuation that NFKC leaves alone and that combines with nothing
/// before it (checked against the tables in the tests): [`simple_nfkc`] passes it
/// without a table look-up.
fn plain_punctuation(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '《'
            | '》'
            | '「'
            | '」'
            | '『'
            | '』'
            | '—'
            | '·'
            | '【'
            | '】'
    )
}

/// How [`nfkc`] can be had without the full algorithm.
enum Simple {
    /// `s` is in NFKC already.
    Unchanged,
    /// NFKC maps each full-width ASCII form (U+FF01–U+FF5E) and the ideographic space
    /// of `s` to its ASCII character ([`narrow`]) and leaves the rest.
    Widths,
    /// The full algorithm is needed.
    No,
}

/// Whether `s`'s NFKC form is `s` itself, or `s` with its full-width ASCII forms and
/// ideographic spaces made ASCII (Chinese text, full-width commas and all: the common
/// case, and the full algorithm costs a few hundred instructions a character). Exact:
/// every other character is one NFKC leaves alone by itself (quick check Yes) and that
/// combines with nothing before it (canonical combining class 0, and not a Maybe of the
/// quick check, which marks the characters that can compose with a preceding one); so
/// nothing composes across the characters, and the form is the characters' own forms.
fn simple_nfkc(s: &str) -> Simple {
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::{is_nfkc_quick, IsNormalized};
    if s.is_ascii() {
        return Simple::Unchanged;
    }
    let mut widths = false;
    for c in s.chars() {
        // ASCII, the CJK unified ideographs (no decomposition, class 0, never
        // the second of a composition) and common punctuation without a table look-up.
        if c.is_ascii()
            || matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
            || plain_punctuation(c)
        {
            continue;
        }
        if narrow(c) != c {
            widths = true;
        } else if canonical_combining_class(c) != 0
            || is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes
        {
            return Simple::No;
        }
    }
    if widths {
        Simple::Widths
    } else {
        Simple::Unchanged
    }
}

/// The ASCII character of a full-width ASCII form (U+FF01–U+FF5E) or of the ideographic
/// space (U+3000), as NFKC maps them; any other character unchanged.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// NFKC normal form of `s`, lower-cased: the key for case-insensitive matching.
pub(crate) fn fold(s: &str) -> String {
    let n = nfkc(s);
    let mut out = String::with_capacity(n.len());
    for c in n.chars() {
        // ASCII and CJK ideographs (which have no case) without the case table.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF) {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The short cut gives what the full algorithm gives: full-width forms alone and
    /// next to combining marks, Hangul jamo, compatibility characters, accents.
    /// The punctuation passed without a look-up is what the look-up would pass.
    #[test]
    fn plain_punctuation_is_stable() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{is_nfkc_quick, IsNormalized};
        let all = (0..=0x10FFFFu32).filter_map(char::from_u32);
        for c in all.filter(|&c| plain_punctuation(c)) {
            assert_eq!(narrow(c), c, "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(
                is_nfkc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{c:?}"
            );
        }
    }

    #[test]
    fn nfkc_short_cut_is_the_full_algorithm() {
        let cases = [
            "",
            "plain ASCII, 2023.",
            "起初神创造天地。",
            "神说，要有光，就有了光。",
            "２０２３年ＡＢ，Ｙ－２０！",
            "全角　空格",
            "Ａ\u{301}，ｅ\u{300}",
            "，\u{301}",
            "\u{1100}\u{1161}\u{11A8}，",
            "①②，㈠㊀⼀",
            "ﬁnance，café，cafe\u{301}",
            "ｶﾀｶﾅ，ｶﾞ",
            "\u{F900}\u{2F00}，",
            "ℌ，™，№，㎏",
            "e\u{301}\u{327}，",
            "“起初”、《神》。「说」『光』——·【注】‘’",
            "。\u{301}",
        ];
        for s in cases {
            let full: String = s.nfkc().collect();
            assert_eq!(nfkc(s), full, "{s:?}");
            let mut chars = Vec::new();
            nfkc_chars(s, &mut chars);
            assert_eq!(chars, full.chars().collect::<Vec<_>>(), "{s:?}");
            let folded: String = s.nfkc().flat_map(char::to_lowercase).collect();
            assert_eq!(fold(s), folded, "{s:?}");
        }
    }
}
