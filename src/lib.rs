//! zhen-align: Chinese–English sentence alignment.
//!
//! Turns Chinese–English bilingual text into sentence-aligned pairs, for
//! translation memories and parallel corpora built from bilingual web pages,
//! press releases and books, for MT training data, and for CAT tools (through
//! TMX). It needs no GPU, no model and no network: a length model, a built-in
//! Chinese–English lexicon and the document's own evidence do the work.
//!
//! # Architecture
//!
//! Five stages, each a module, in the order the data flows through them
//! (the [`Aligner`] in `aligner.rs` runs them; [`Params`], in `params.rs`,
//! holds every setting and constant, each with where it comes from):
//!
//! | stage | module | takes | gives |
//! | --- | --- | --- | --- |
//! | 1. blocks | `blocks.rs` | a mixed file | paragraphs labelled Chinese, English or other (junk, lines without letters), by their share of Han characters and a few junk shapes |
//! | 2. sentences | `segment/` ([`zh_sentences`], [`en_sentences`]) | a paragraph | sentences as byte spans into the original text |
//! | 3. features | `features/` (`numbers.rs`: number and code keys) | each side's sentences, the lexicon, the glossary | per sentence its length, paragraph start and weighted tokens with the ids they match on the other side |
//! | 4. search | `search/` (`anchor_path.rs`: the first pass's centre line; `cost.rs`: the cost model) | the features | beads: a banded DP over 0–1 … 1–8 / 8–1 with a Gale–Church length cost plus lexical evidence, run twice (the second time with a translation table learned from the first) |
//! | 5. result | `alignment.rs` | the beads and the texts | an [`Alignment`] that owns the sentences and hands out [`Pair`]s and [`Bead`]s |
//!
//! Before them, `read/` turns a file's bytes into the UTF-8 text stage 1
//! takes: the size limit, the encoding (`decode.rs`: chosen, or detected)
//! and, for a web page, its block text (`html.rs`). Beside them: `export/`
//! (TMX, TSV, JSON Lines and bead writers), `edit.rs` (hand edits of an
//! [`Alignment`], checked to keep the partition), `lexicon/` (the CC-CEDICT-derived lexicon, the glossary, Chinese and
//! English tokenizers), `eval.rs` (scores as the reference `score.py`
//! counts them), `batch.rs` (many documents), `script.rs` (character
//! classes, normalization for matching) and `error.rs`. The library reads no
//! environment variable and prints nothing; diagnostics go to the `log`
//! facade at `debug` level.
//!
//! # Primary types
//!
//! - [`Aligner`] (built by [`AlignerBuilder`] from [`Aligner::builder`], or
//!   [`Aligner::new`] for the defaults): immutable, `Send + Sync`, built once
//!   and reused. [`Aligner::align_mixed`] takes one mixed file,
//!   [`Aligner::align`] a Chinese and an English text,
//!   [`Aligner::align_sentences`] sentences already split.
//!   [`Aligner::align_mixed_owned`], [`Aligner::align_owned`] and
//!   [`Aligner::align_lines`] (one sentence a line) take their texts by
//!   value and keep them in the alignment without a second copy.
//! - [`Alignment`]: the result. [`Alignment::pairs`] yields the [`Pair`]s
//!   (text on both sides, confidence at or above the threshold);
//!   [`Alignment::beads`] yields every [`Bead`], insertions and deletions
//!   included, partitioning both sentence sequences in order.
//! - Settings: [`Params`] (owned by each aligner, set with
//!   [`AlignerBuilder::params`]).
//! - Lexical resources: [`Glossary`] (user terms, which outrank the lexicon),
//!   [`Lexicon`] (the built-in CC-CEDICT-derived one, or your own), and
//!   [`ChineseTokenizer`] (how Chinese is cut into words).
//! - Writers over any iterator of pairs or beads: [`write_tmx`] and the
//!   streaming [`TmxWriter`] (TMX 1.4b), [`write_tsv`], [`write_jsonl`],
//!   [`write_beads`].
//! - Evaluation ([`eval`]): [`eval::score`] returns [`eval::Scores`], strict and lax precision,
//!   recall and F1 over beads, counted as the reference `score.py` counts.
//! - Input files: [`InputReader`] reads a file or bytes in any [`Encoding`]
//!   it reads (UTF-8, UTF-16 with a byte-order mark, GB18030/GBK, Big5;
//!   detected unless chosen) as plain text or as an HTML page
//!   ([`InputFormat`]), into an [`Input`] for [`Aligner::align_input`].
//!   Everything is UTF-8 from there on, and spans are byte offsets into the
//!   decoded text (for a page, into its [`html_text`], which
//!   [`Aligner::align_html`] aligns; `html` feature), not into the file.
//! - Hand edits ([`Edit`], `edit.rs`): [`Alignment::apply`] merges, splits,
//!   unlinks or links beads, checked so they still partition both sides,
//!   and [`Alignment::undo`] takes a [`Change`] back.
//! - Many documents: [`Aligner::align_documents`] (in parallel over rayon's
//!   pool) and [`Aligner::align_stream`] over [`Document`]s, with bounded
//!   memory.
//!
//! # Example
//!
//! ```
//! use zhen_align::Aligner;
//!
//! let zh = ["我爱北京。", "今天天气很好。", "我们去公园散步吧。"];
//! let en = [
//!     "I love Beijing.",
//!     "The weather is very good today.",
//!     "Let's go for a walk in the park.",
//! ];
//! let alignment = Aligner::new().align_sentences(&zh, &en)?;
//!
//! let pairs: Vec<(String, String)> = alignment
//!     .pairs()
//!     .map(|p| (p.zh().into_owned(), p.en().into_owned()))
//!     .collect();
//! assert_eq!(pairs.len(), 3);
//! assert_eq!(pairs[1], ("今天天气很好。".to_string(), "The weather is very good today.".to_string()));
//!
//! // Three one-to-one beads: sentence i with sentence i.
//! let beads: Vec<_> = alignment.beads().map(|b| (b.zh(), b.en())).collect();
//! assert_eq!(beads, [(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]);
//! # Ok::<(), zhen_align::Error>(())
//! ```
//!
//! # Features
//!
//! - `cedict` (on by default): embeds the Chinese–English lexicon derived from
//!   CC-CEDICT (`data/cedict-lexicon.bin.gz`, CC BY-SA 4.0). Without it the
//!   built-in lexicon is empty, unless you pass one with
//!   [`AlignerBuilder::lexicon`] (for instance [`Lexicon::from_cedict`]); the
//!   aligner then works from lengths, numbers, codes, your glossary and what
//!   it learns from the document.
//! - `html` (on by default): HTML input ([`html_text`], [`decode_html`],
//!   [`Aligner::align_html`], [`InputFormat::Html`]) through html5ever.
//!
//! # Errors, not panics
//!
//! No input makes the crate panic: invalid UTF-8, empty input, a file of one
//! language, binary junk and very long lines each give an [`Error`] or a
//! sensible result. Every error says what was wrong and where (file, line,
//! byte offset, see [`Location`]) when that is known.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod aligner;
mod alignment;
mod batch;
mod blocks;
mod edit;
mod error;
pub mod eval;
mod export;
mod features;
mod hash;
mod lexicon;
mod params;
mod read;
mod script;
mod search;
mod segment;
mod trace;

pub use aligner::{Aligner, AlignerBuilder};
pub use alignment::{Alignment, Bead, BeadKind, Beads, Pair, Pairs, SentenceTexts};
pub use batch::{AlignStream, Document};
pub use blocks::{text_blocks, TextBlock, TextKind};
pub use edit::{Change, Edit, EDITED_CONFIDENCE};
pub use error::{Error, Language, Location, Result};
pub use export::{
    write_beads, write_jsonl, write_sentences, write_tmx, write_tsv, TmxOptions, TmxWriter,
};
pub use lexicon::{ChineseTokenizer, Glossary, Lexicon, Terms};
pub use params::{NameMatching, Params};
pub use read::file::{decode_utf8, read_text, read_text_limited, DEFAULT_MAX_INPUT_BYTES};
#[cfg(feature = "html")]
pub use read::html::{decode_html, html_text, MAX_HTML_DEPTH};
pub use read::{decode_text, Decoded, Encoding, Input, InputFormat, InputReader};
pub use segment::{en_sentences, zh_sentences, EnSentences, Sentence, ZhSentences};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
