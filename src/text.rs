//! Script classification of characters and normalization for matching.
//! (Helper A owns this file; stub.)

/// True for Han ideographs (CJK Unified Ideographs and extensions, compatibility ideographs, 〇).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
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

/// Normalized keys of the numbers and Latin codes in `s` (anchors shared by both sides).
pub(crate) fn anchors(_s: &str, _out: &mut Vec<String>) {}
