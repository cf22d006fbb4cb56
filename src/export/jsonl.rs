//! The JSON Lines writer.

use std::io::Write;
use std::ops::Range;

use serde::Serialize;

use super::write_error;
use crate::alignment::Pair;
use crate::error::Result;

/// One line of JSON Lines output. Field order is the output order.
#[derive(Serialize)]
struct Record<'p> {
    zh: &'p str,
    en: &'p str,
    zh_sentences: [usize; 2],
    en_sentences: [usize; 2],
    zh_span: [usize; 2],
    en_span: [usize; 2],
    confidence: f64,
}

fn pair_of(r: Range<usize>) -> [usize; 2] {
    [r.start, r.end]
}

/// Writes one JSON object a line, one line per pair:
///
/// ```json
/// {"zh":"你好。","en":"Hello.","zh_sentences":[0,1],"en_sentences":[0,1],"zh_span":[0,9],"en_span":[0,6],"confidence":1.0}
/// ```
///
/// - `zh`, `en`: the texts, as [`Pair::zh`] and [`Pair::en`] give them;
/// - `zh_sentences`, `en_sentences`: the sentence numbers as a half-open
///   range `[start, end]` (0-based, `end` excluded);
/// - `zh_span`, `en_span`: byte offsets `[start, end]` into the Chinese and
///   the English input text (the same text for a mixed file);
/// - `confidence`: in `[0, 1]`.
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
/// use zhen_align::{write_jsonl, Aligner};
///
/// let alignment = Aligner::new().align_sentences(&["你好。"], &["Hello."])?;
/// let out = String::from_utf8(write_jsonl(Vec::new(), alignment.pairs())?).unwrap();
/// assert!(out.starts_with(r#"{"zh":"你好。","en":"Hello.","zh_sentences":[0,1],"#));
/// assert_eq!(out.lines().count(), 1);
/// # Ok::<(), zhen_align::Error>(())
/// ```
pub fn write_jsonl<'a, W, I>(mut w: W, pairs: I) -> Result<W>
where
    W: Write,
    I: IntoIterator<Item = Pair<'a>>,
{
    for p in pairs {
        let (zh, en) = (p.zh(), p.en());
        let record = Record {
            zh: &zh,
            en: &en,
            zh_sentences: pair_of(p.zh_sentences()),
            en_sentences: pair_of(p.en_sentences()),
            zh_span: pair_of(p.zh_span()),
            en_span: pair_of(p.en_span()),
            confidence: p.confidence(),
        };
        serde_json::to_writer(&mut w, &record).map_err(|e| write_error(e.into()))?;
        w.write_all(b"\n").map_err(write_error)?;
    }
    w.flush().map_err(write_error)?;
    Ok(w)
}
