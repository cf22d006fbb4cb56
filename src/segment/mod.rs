//! Sentence splitting for Chinese and English, with byte spans into the input.
//! (Helper A owns this folder; stub.)

mod en;
mod zh;

pub use en::{en_sentences, EnSentences};
pub use zh::{zh_sentences, ZhSentences};

use std::ops::Range;

/// A sentence found by a splitter: a slice of the input with its byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'t> {
    pub(crate) text: &'t str,
    pub(crate) start: usize,
}

impl<'t> Sentence<'t> {
    /// The sentence text, a slice of the input.
    pub fn as_str(&self) -> &'t str {
        self.text
    }
    /// Byte offset of the first byte in the input.
    pub fn start(&self) -> usize {
        self.start
    }
    /// Byte offset one past the last byte in the input.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
    /// `start()..end()`.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end()
    }
}
