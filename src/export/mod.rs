//! Writers for aligned pairs: TMX 1.4b, TSV, JSON Lines and the bead format.
//! (Helper C owns this folder; stub.)

use std::io::Write;

use crate::align::{Bead, Pair};
use crate::error::{Error, Result};

/// Writes `zh<TAB>en<TAB>confidence` lines.
pub fn write_tsv<'a, W: Write>(mut w: W, pairs: impl IntoIterator<Item = Pair<'a>>) -> Result<W> {
    for p in pairs {
        writeln!(w, "{}\t{}\t{:.3}", p.zh(), p.en(), p.confidence())
            .map_err(|e| Error::io("cannot write", e))?;
    }
    Ok(w)
}

/// Writes one bead a line, `[zh ids]:[en ids]`.
pub fn write_beads<'a, W: Write>(mut w: W, beads: impl IntoIterator<Item = &'a Bead>) -> Result<W> {
    for b in beads {
        let z: Vec<String> = b.zh().map(|i| i.to_string()).collect();
        let e: Vec<String> = b.en().map(|i| i.to_string()).collect();
        writeln!(w, "[{}]:[{}]", z.join(","), e.join(","))
            .map_err(|e| Error::io("cannot write", e))?;
    }
    Ok(w)
}

/// Placeholder (replaced by the TMX writer).
pub fn write_tmx<'a, W: Write>(w: W, pairs: impl IntoIterator<Item = Pair<'a>>) -> Result<W> {
    write_tsv(w, pairs)
}

/// Placeholder (replaced by the JSON Lines writer).
pub fn write_jsonl<'a, W: Write>(w: W, pairs: impl IntoIterator<Item = Pair<'a>>) -> Result<W> {
    write_tsv(w, pairs)
}

/// Placeholder.
pub fn write_sentences<W: Write>(mut w: W, a: &crate::align::Alignment) -> Result<W> {
    for s in a.zh_sentences() {
        writeln!(w, "zh\t{s}").map_err(|e| Error::io("cannot write", e))?;
    }
    for s in a.en_sentences() {
        writeln!(w, "en\t{s}").map_err(|e| Error::io("cannot write", e))?;
    }
    Ok(w)
}
