//! The TSV writer and the one escaping rule shared by every tab-separated
//! output (`tsv` and `sentences`).

use std::borrow::Cow;
use std::io::Write;

use super::write_error;
use crate::alignment::Pair;
use crate::error::Result;

/// Escapes text for one field of a tab-separated line: a backslash becomes
/// `\\`, a tab `\t`, a line feed `\n`, a carriage return `\r`. Everything else
/// is kept as it is. Borrows when there is nothing to escape.
pub(crate) fn escape_field(s: &str) -> Cow<'_, str> {
    if !s.contains(['\\', '\t', '\n', '\r']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Writes one pair a line: `zh<TAB>en<TAB>confidence`, the confidence with
/// three decimals, no header line.
///
/// Inside the texts a backslash is written `\\`, a tab `\t`, a line feed `\n`
/// and a carriage return `\r`, so every line has exactly three fields and
/// the text can be restored exactly. ([`Pair::zh`] already collapses white
/// space, so in practice only backslashes are escaped.)
///
/// Streams: one line is written per pair as the iterator yields it. Returns
/// the writer after a flush. It makes one small write per field: pass a
/// [`BufWriter`](std::io::BufWriter) (or a `Vec<u8>`), not a bare `File`.
///
/// # Errors
///
/// [`Error::Io`](crate::Error::Io) when writing fails.
///
/// # Example
///
/// ```
/// use zhen_align::{write_tsv, Alignment};
///
/// let alignment = Alignment::from_beads(&["你好。"], &["Hello."], [(0..1, 0..1)])?;
/// let out = write_tsv(Vec::new(), alignment.pairs())?;
/// assert_eq!(String::from_utf8(out).unwrap(), "你好。\tHello.\t1.000\n");
/// # Ok::<(), zhen_align::Error>(())
/// ```
pub fn write_tsv<'a, W, I>(mut w: W, pairs: I) -> Result<W>
where
    W: Write,
    I: IntoIterator<Item = Pair<'a>>,
{
    for p in pairs {
        writeln!(
            w,
            "{}\t{}\t{:.3}",
            escape_field(&p.zh()),
            escape_field(&p.en()),
            p.confidence()
        )
        .map_err(write_error)?;
    }
    w.flush().map_err(write_error)?;
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::escape_field;

    #[test]
    fn escapes_separators_and_backslash() {
        assert_eq!(escape_field("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
        assert!(matches!(
            escape_field("中文 plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
