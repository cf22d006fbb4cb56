//! Chinese sentence splitting.
//!
//! The rules are documented on [`zh_sentences`].

use super::{is_closer, Sentence};

/// Longest Chinese sentence (bytes, about 1,300 characters) before the long-input guard
/// cuts it at a weaker boundary.
pub const ZH_MAX_SENTENCE_BYTES: usize = 4_000;

/// Iterator over the sentences of a Chinese text; created by [`zh_sentences`].
///
/// Lazy and zero-copy: each [`Sentence`] borrows from the text and carries its byte span.
#[derive(Debug, Clone)]
pub struct ZhSentences<'t> {
    text: &'t str,
    pos: usize,
}

/// Splits Chinese `text` into sentences: trimmed spans, in
/// order, covering every non-white-space character.
///
/// A sentence ends:
///
/// - after 。！？ and their ASCII or half-width forms `!` `?` `｡`, and after an ellipsis
///   (……, …, or three or more dots), a run of them counting as one ("！？", "……。");
/// - after an ASCII `.` when it is a full stop, not a decimal point or an abbreviation's
///   dot: neither neighbour is an ASCII letter or digit ("6.8", "8.98万", "U.S.军舰",
///   "No. 1", "1.加强" go on), or it ends the line;
/// - at a line break.
///
/// Closing quotes and brackets after the mark (”’」』）)》〉】 …) stay with the sentence.
/// A quoted sentence followed by its speech tag stays whole: in “你去哪儿？”她问。 the
/// quote does not end the sentence when a comma, a pronoun with a verb of saying, or
/// such a verb follows it. Commas and colons (，、；：,;:) never end a sentence.
///
/// Long-input guard: a sentence longer than 4,000 bytes (`ZH_MAX_SENTENCE_BYTES`) is cut at the last
/// weaker boundary (；;，,、：: or white space) in the second half of that window, or, if
/// there is none, at the character boundary at the limit, so no later stage sees an
/// unbounded sentence.
///
/// ```
/// let s: Vec<&str> = zhen_align::zh_sentences("为了和平,走向世界。中国军队始终致力于合作!")
///     .map(|s| s.as_str())
///     .collect();
/// assert_eq!(s, ["为了和平,走向世界。", "中国军队始终致力于合作!"]);
/// ```
pub fn zh_sentences(text: &str) -> ZhSentences<'_> {
    ZhSentences { text, pos: 0 }
}

impl<'t> Iterator for ZhSentences<'t> {
    type Item = Sentence<'t>;

    fn next(&mut self) -> Option<Sentence<'t>> {
        super::next_sentence(self.text, &mut self.pos, sentence_end)
    }
}

impl std::iter::FusedIterator for ZhSentences<'_> {}

/// Sentence-final marks of Chinese text (ellipsis handled apart).
fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '!' | '?' | '｡' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

/// Weaker boundaries the long-input guard may cut after.
fn is_weak(c: char) -> bool {
    matches!(c, '；' | ';' | '，' | ',' | '、' | '：' | ':') || c.is_whitespace()
}

/// The end (exclusive byte offset) of the sentence starting at `start`, a non-space char.
fn sentence_end(text: &str, start: usize) -> usize {
    let mut weak: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut quotes = 0usize;
    let mut it = text[start..].char_indices().peekable();
    while let Some((off, c)) = it.next() {
        let i = start + off;
        if c == '\n' || c == '\r' {
            return i;
        }
        if i - start > ZH_MAX_SENTENCE_BYTES {
            return weak.unwrap_or(i);
        }
        let after = i + c.len_utf8();
        let dot_run = c == '.' && text[after..].starts_with("..");
        if is_terminator(c) || c == '…' || dot_run || (c == '.' && full_stop(prev, text, after)) {
            let end = finish_mark(text, after, quotes % 2 == 1);
            if !speech_tag_follows(text, end) {
                return end;
            }
            // Skip to the end of the mark and its closers, then go on.
            while let Some((_, q)) = it.next_if(|&(o, _)| start + o < end) {
                quotes += usize::from(q == '"');
            }
            prev = text[..end].chars().next_back();
            continue;
        }
        if is_weak(c) && i - start >= ZH_MAX_SENTENCE_BYTES / 2 {
            weak = Some(after);
        }
        if c == '"' {
            quotes += 1;
        }
        prev = Some(c);
    }
    text.len()
}

/// True when the ASCII '.' ending just before `after` is a full stop in Chinese text:
/// neither the char before it nor the one after it is an ASCII letter or digit ("6.8",
/// "U.S.", "No. 1", "1.加强" go on), or it ends the text or the line.
fn full_stop(prev: Option<char>, text: &str, after: usize) -> bool {
    let next = text[after..].chars().next();
    let next_alnum = next.is_some_and(|c| c.is_ascii_alphanumeric());
    let prev_alnum = prev.is_some_and(|c| c.is_ascii_alphanumeric());
    let line_end = next.is_none_or(|c| c == '\n' || c == '\r');
    line_end || !(next_alnum || prev_alnum)
}

/// The end of a sentence-final mark whose first char ends at `pos`: takes further marks
/// (terminators, ellipses, dots) and then closing quotes and brackets; an ASCII `"` only
/// while one is open (`open_quote`).
fn finish_mark(text: &str, mut pos: usize, open_quote: bool) -> usize {
    for c in text[pos..].chars() {
        if is_terminator(c) || c == '…' || c == '.' {
            pos += c.len_utf8();
        } else {
            break;
        }
    }
    let mut open_quote = open_quote;
    for c in text[pos..].chars() {
        if is_closer(c) || (c == '"' && open_quote) {
            open_quote &= c != '"';
            pos += c.len_utf8();
        } else {
            break;
        }
    }
    pos
}

/// True when a quote that ended just before `end` is followed by its speech tag, which
/// keeps it in the sentence: a comma, or a (pronoun +) verb of saying: “……？”她说。
fn speech_tag_follows(text: &str, end: usize) -> bool {
    let Some(last) = text[..end].chars().next_back() else {
        return false;
    };
    if !matches!(last, '”' | '’' | '」' | '』' | '"') {
        return false;
    }
    let mut next = text[end..].chars();
    let c1 = next.next();
    if matches!(c1, Some('，' | ',' | '、')) {
        return true;
    }
    let is_saying = |c: Option<char>| {
        matches!(
            c,
            Some('说' | '问' | '道' | '答' | '喊' | '叫' | '笑' | '想')
        )
    };
    let is_pronoun = |c: Option<char>| matches!(c, Some('他' | '她' | '我' | '你' | '它'));
    if is_saying(c1) {
        return true;
    }
    if is_pronoun(c1) {
        let mut c2 = next.next();
        if c2 == Some('们') {
            c2 = next.next();
        }
        return is_saying(c2);
    }
    false
}
