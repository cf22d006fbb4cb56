//! Script classification of characters and normalization for matching.
//!
//! Everything here works on the original text and never changes it: normalized forms
//! ([`nfkc`], [`fold`]) are new strings used only for comparing, and the output of the
//! crate always quotes the original sentences.
//!

use unicode_normalization::UnicodeNormalization;

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
    use unicode_normalization::{is_nfkc_quick, IsNormalized};
    if is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfkc().collect())
    }
}

/// NFKC normal form of `s`, lower-cased: the key for case-insensitive matching.
pub(crate) fn fold(s: &str) -> String {
    s.nfkc().flat_map(char::to_lowercase).collect()
}
