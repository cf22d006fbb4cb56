//! Writers for aligned output: TMX 1.4b ([`TmxWriter`], [`write_tmx`]), TSV
//! ([`write_tsv`]), JSON Lines ([`write_jsonl`]), the bead format
//! ([`write_beads`]) and the splitter's sentences ([`write_sentences`]).
//!
//! Every writer streams: it writes one record per item as the iterator yields
//! it, so memory does not grow with the number of pairs. Every writer takes
//! its `W: Write` by value and hands it back when done, after a flush, so no
//! write error is lost (as `csv::Writer::into_inner` does). The writers make
//! many small writes: pass a [`std::io::BufWriter`] (or a `Vec<u8>`) rather
//! than a bare `File` or `Stdout`, and call `into_inner` on the `BufWriter`
//! you get back to surface the last error.

mod beads;
mod jsonl;
mod tmx;
pub(crate) use tmx::is_xml_char;
mod tsv;

pub use beads::{write_beads, write_sentences};
pub use jsonl::write_jsonl;
pub use tmx::{write_tmx, TmxOptions, TmxWriter};
pub use tsv::write_tsv;

use crate::error::Error;

/// Maps an I/O error of a writer to this crate's error.
fn write_error(e: std::io::Error) -> Error {
    Error::io("cannot write", e)
}
