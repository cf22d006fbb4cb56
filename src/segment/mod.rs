//! Sentence splitting for Chinese and English, with byte spans into the input.
//!
//! Both splitters are lazy, zero-copy iterators ([`ZhSentences`], [`EnSentences`]) that
//! yield [`Sentence`]s: slices of the input trimmed of white space, in order, on char
//! boundaries, that together cover every non-white-space character of the input. Each
//! module's docs give its rules; the case tables in `fixtures/segment/` show them. Both
//! run in time linear in the input and cut overlong sentences at a documented limit
//! ([`zh::ZH_MAX_SENTENCE_BYTES`], [`en::EN_MAX_SENTENCE_BYTES`]).

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

/// Closing quotes and brackets that stay with the sentence they follow (the ASCII `"` is
/// handled by each splitter, as it opens as well as closes).
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’'
            | '\''
            | '」'
            | '』'
            | '）'
            | ')'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '］'
            | ']'
            | '｝'
            | '}'
            | '»'
            | '›'
            | '〗'
            | '〙'
    )
}

/// The sentence that starts at or after `*pos` in `text` (white space skipped),
/// ending where `end_of(text, start, new_line)` says; `new_line` tells whether a
/// line break came before it, so that a splitter can reset what it carries
/// from one sentence of a line to the next. Advances `*pos`. Shared by both
/// splitters' iterators.
fn next_sentence<'t>(
    text: &'t str,
    pos: &mut usize,
    end_of: impl FnOnce(&str, usize, bool) -> usize,
) -> Option<Sentence<'t>> {
    let rest = text.get(*pos..)?;
    let lead = &rest[..rest.len() - rest.trim_start().len()];
    let start = *pos + lead.len();
    if start >= text.len() {
        *pos = text.len();
        return None;
    }
    let end = end_of(text, start, lead.contains(['\n', '\r']));
    *pos = end;
    let span = text.get(start..end)?.trim_end();
    Some(Sentence { text: span, start })
}
