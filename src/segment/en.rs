//! Sentence splitter stub (one sentence a line).

use super::Sentence;

/// Iterator over the sentences of a text; created by [`en_sentences`].
#[derive(Debug, Clone)]
pub struct EnSentences<'t> {
    text: &'t str,
    pos: usize,
}

/// Splits `text` into sentences.
pub fn en_sentences(text: &str) -> EnSentences<'_> {
    EnSentences { text, pos: 0 }
}

impl<'t> Iterator for EnSentences<'t> {
    type Item = Sentence<'t>;
    fn next(&mut self) -> Option<Sentence<'t>> {
        while self.pos < self.text.len() {
            let rest = &self.text[self.pos..];
            let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
            let line = &rest[..end];
            let start = self.pos + (line.len() - line.trim_start().len());
            self.pos += end;
            let t = line.trim();
            if !t.is_empty() {
                return Some(Sentence { text: t, start });
            }
        }
        None
    }
}

impl std::iter::FusedIterator for EnSentences<'_> {}
