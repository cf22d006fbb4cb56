//! The bead format (`[zh ids]:[en ids]`) and the `sentences` listing.

use std::io::Write;
use std::ops::Range;
use std::sync::Arc;

use super::tsv::escape_field;
use super::write_error;
use crate::alignment::{Alignment, Bead};
use crate::error::Result;

/// Appends the decimal digits of `x`.
fn push_decimal(line: &mut Vec<u8>, mut x: usize) {
    let mut digits = [0u8; 20];
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (x % 10) as u8;
        x /= 10;
        if x == 0 {
            break;
        }
    }
    line.extend_from_slice(&digits[k..]);
}

/// Appends `[a,b,c]` for a run of sentence numbers.
fn push_ids(line: &mut Vec<u8>, ids: Range<usize>) {
    line.push(b'[');
    for (k, i) in ids.enumerate() {
        if k > 0 {
            line.push(b',');
        }
        push_decimal(line, i);
    }
    line.push(b']');
}

/// Writes one bead and its line break. The line is made in `line` and
/// written whole: digits formatted by hand and one write a bead, rather
/// than the formatting machinery and several small writes per number.
fn write_bead<W: Write>(w: &mut W, b: &Bead, line: &mut Vec<u8>) -> std::io::Result<()> {
    line.clear();
    push_ids(line, b.zh());
    line.push(b':');
    push_ids(line, b.en());
    line.push(b'\n');
    w.write_all(line)
}

/// Writes one bead a line, `[zh ids]:[en ids]`: 0-based sentence numbers,
/// comma-separated without spaces, Chinese first, e.g. `[0,1]:[2]`. Every
/// bead is written, insertions (`[]:[3]`) and deletions (`[5]:[]`) included,
/// in the order given.
///
/// This is the format of the gold files in `../shared/corpora` and of
/// `score.py`; [`read_beads`](crate::eval::read_beads) reads it back.
///
/// Streams; returns the writer after a flush. Pass a
/// [`BufWriter`](std::io::BufWriter) (or a `Vec<u8>`), not a bare `File`.
///
/// # Errors
///
/// [`Error::Io`](crate::Error::Io) when writing fails.
///
/// # Example
///
/// ```
/// use zhen_align::{write_beads, Alignment};
///
/// let alignment = Alignment::from_beads(&["一。", "二。"], &["One."], [(0..1, 0..1), (1..2, 1..1)])?;
/// let out = write_beads(Vec::new(), alignment.beads())?;
/// assert_eq!(String::from_utf8(out).unwrap(), "[0]:[0]\n[1]:[]\n");
/// # Ok::<(), zhen_align::Error>(())
/// ```
pub fn write_beads<'a, W, I>(mut w: W, beads: I) -> Result<W>
where
    W: Write,
    I: IntoIterator<Item = &'a Bead>,
{
    let mut line = Vec::with_capacity(64);
    for b in beads {
        write_bead(&mut w, b, &mut line).map_err(write_error)?;
    }
    w.flush().map_err(write_error)?;
    Ok(w)
}

/// Writes what the sentence splitter found, with no alignment: one sentence a
/// line, `zh<TAB>text` or `en<TAB>text`. The text is the sentence's original
/// text, escaped as [`write_tsv`](crate::write_tsv) escapes it (`\\`, `\t`,
/// `\n`, `\r`), so a sentence that spans a line break stays on one line.
///
/// Order: for an alignment of one mixed file
/// ([`Aligner::align_mixed`](crate::Aligner::align_mixed)) the sentences come
/// in document order, Chinese and English interleaved as they appear; for two
/// inputs, all Chinese sentences first, then all English ones.
///
/// Returns the writer after a flush.
///
/// # Errors
///
/// [`Error::Io`](crate::Error::Io) when writing fails.
///
/// # Example
///
/// ```
/// use zhen_align::{write_sentences, Aligner};
///
/// let alignment = Aligner::new().align_sentences(&["你好。"], &["Hello.", "Bye."])?;
/// let out = write_sentences(Vec::new(), &alignment)?;
/// assert_eq!(String::from_utf8(out).unwrap(), "zh\t你好。\nen\tHello.\nen\tBye.\n");
/// # Ok::<(), zhen_align::Error>(())
/// ```
pub fn write_sentences<W: Write>(mut w: W, alignment: &Alignment) -> Result<W> {
    let line = |w: &mut W, lang: &str, text: &str| {
        writeln!(w, "{lang}\t{}", escape_field(text)).map_err(write_error)
    };
    // One mixed file: both sides index the same text, so the byte offsets
    // give the document order. Merge the two (each sorted) sequences.
    let mixed = Arc::ptr_eq(&alignment.zh_text, &alignment.en_text);
    let text = &alignment.zh_text;
    let (mut zh, mut en) = (
        alignment.zh.iter().peekable(),
        alignment.en.iter().peekable(),
    );
    loop {
        let zh_first = match (zh.peek(), en.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(z), Some(e)) => !mixed || z.start <= e.start,
        };
        if zh_first {
            if let Some(r) = zh.next() {
                line(&mut w, "zh", text.get(r.clone()).unwrap_or_default())?;
            }
        } else if let Some(r) = en.next() {
            line(
                &mut w,
                "en",
                alignment.en_text.get(r.clone()).unwrap_or_default(),
            )?;
        }
    }
    w.flush().map_err(write_error)?;
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::{push_decimal, push_ids};

    #[test]
    fn numbers_are_written_as_format_writes_them() {
        for x in [0, 7, 9, 10, 99, 100, 4_961, 1_000_000, usize::MAX] {
            let mut line = Vec::new();
            push_decimal(&mut line, x);
            assert_eq!(String::from_utf8(line).unwrap(), x.to_string());
        }
        let mut line = b"x".to_vec();
        push_ids(&mut line, 9..12);
        push_ids(&mut line, 3..3);
        assert_eq!(line, b"x[9,10,11][]");
    }
}
