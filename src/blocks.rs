//! Splits a mixed document into paragraphs labelled Chinese, English or other.
//! (Helper A owns this file; stub.)

use std::ops::Range;

/// What a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Chinese,
    English,
    Other,
}

/// One paragraph of the input: its byte range (trimmed) and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub(crate) range: Range<usize>,
    pub(crate) kind: BlockKind,
}

/// The paragraphs of `text` in order, labelled.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if !t.is_empty() {
            let start = pos + (line.len() - line.trim_start().len());
            let share = crate::text::han_share(t);
            let kind = if share > 0.5 {
                BlockKind::Chinese
            } else if t.chars().any(char::is_alphabetic) {
                BlockKind::English
            } else {
                BlockKind::Other
            };
            out.push(Block {
                range: start..start + t.len(),
                kind,
            });
        }
        pos += line.len();
    }
    out
}
