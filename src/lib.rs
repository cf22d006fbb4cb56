//! zhen-align: Chinese–English sentence alignment.
//!
//! (Crate docs to be written.)

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod align;
mod aligner;
mod batch;
mod blocks;
mod error;
mod eval;
mod export;
mod hash;
mod lexicon;
mod segment;
mod text;

pub use align::{Alignment, Bead, BeadKind, Beads, Pair, Pairs};
pub use aligner::{Aligner, AlignerBuilder};
pub use batch::{AlignStream, Document};
pub use error::{decode_utf8, read_text, Error, Language, Location, Result};
pub use eval::{merge_by_verse, read_beads, score, BeadIds, Scores};
pub use export::{
    write_beads, write_jsonl, write_sentences, write_tmx, write_tsv, TmxOptions, TmxWriter,
};
pub use lexicon::{ChineseTokenizer, Glossary, Lexicon};
pub use segment::{en_sentences, zh_sentences, EnSentences, Sentence, ZhSentences};
