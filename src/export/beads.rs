//! The bead format (`[zh ids]:[en ids]`) and the `sentences` listing.

use std::io::Write;
use std::ops::Range;
use std::sync::Arc;

use super::tsv::escape_field;
use super::write_error;
use crate::alignment::{Alignment, Bead};
use crate::error::Result;

/// Writes `[a,b,c]` for a run of sentence numbers.
fn write_ids<W: Write>(w: &mut W, ids: Range<usize>) -> std::io::Result<()> {
    w.write_all(b"[")?;
    for (k, i) in ids.enumerate() {
        if k > 0 {
            w.write_all(b",")?;
        }
        write!(w, "{i}")?;
    }
    w.write_all(b"]")
}

/// Writes one bead and its line break.
fn write_bead<W: Write>(w: &mut W, b: &Bead) -> std::io::Result<()> {
    write_ids(w, b.zh())?;
    w.write_all(b":")?;
    write_ids(w, b.en())?;
    w.write_all(b"\n")
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
    for b in beads {
        write_bead(&mut w, b).map_err(write_error)?;
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
