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
    /// Quotation marks open where the next sentence starts (reset at a line break).
    quotes: Quotes,
}

/// Open quotation marks: ASCII `"` by parity, “「『 by depth.
#[derive(Debug, Clone, Copy, Default)]
struct Quotes {
    ascii: usize,
    depth: usize,
}

impl Quotes {
    fn count(&mut self, c: char) {
        match c {
            '"' => self.ascii += 1,
            '“' | '「' | '『' => self.depth += 1,
            '”' | '」' | '』' => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    fn open(&self) -> bool {
        self.depth > 0 || self.ascii % 2 == 1
    }
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
/// Closing quotes and brackets after the mark (”’」』）)》〉】 …) stay with the sentence,
/// also after a stray space ("摔交。 ”"), and so does an ellipsis right after them
/// ("传奇。” ……"). A closed quote ends its sentence: the narration after it, a speech
/// tag included, is a sentence of its own (“你去哪儿？”|她问。), as literary
/// translations are annotated; only a comma after the quote keeps it in a longer
/// sentence. Inside an open quotation (“「『 or `"`, counted across the sentences of a
/// line) an ellipsis or a dash is a pause when the speech goes on (“我……我昨晚杀了……”),
/// and ends the sentence only at the closing quote, the line's end or a further mark;
/// outside quotes an ellipsis ends the sentence. Commas and colons (，、；：,;:) never
/// end a sentence.
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
    ZhSentences {
        text,
        pos: 0,
        quotes: Quotes::default(),
    }
}

impl<'t> Iterator for ZhSentences<'t> {
    type Item = Sentence<'t>;

    fn next(&mut self) -> Option<Sentence<'t>> {
        let quotes = &mut self.quotes;
        super::next_sentence(self.text, &mut self.pos, |text, start, new_line| {
            if new_line {
                *quotes = Quotes::default();
            }
            sentence_end(text, start, quotes)
        })
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
/// `quotes`: the marks open at `start`, updated to those open at the end.
fn sentence_end(text: &str, start: usize, quotes: &mut Quotes) -> usize {
    let mut weak: Option<usize> = None;
    let mut prev: Option<char> = None;
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
        let ellipsis = c == '…' || dot_run;
        let dash_close = c == '—'
            && text[after..].starts_with('—')
            && closer_follows(text, after + '—'.len_utf8());
        let mark = is_terminator(c)
            || ellipsis
            || dash_close
            || (c == '.' && full_stop(prev, text, after));
        // An ASCII mark closing a quoted English phrase (“Hello, world!” 项目)
        // belongs to the phrase: the Chinese sentence goes on after the quote.
        // So does any mark inside a `code span`: `Hello, world!` is program text.
        let kept = mark
            && ((matches!(c, '!' | '?' | '.')
                && quotes.open()
                && prev.is_some_and(|p| p.is_ascii_alphanumeric())
                && latin_quote(&text[start..i]))
                || in_code_span(text, start, i, after));
        if mark && !kept {
            let end = finish_mark(text, after, quotes.ascii % 2 == 1);
            let closed = end > after && ends_with_closer(&text[..end]);
            // An ellipsis or a dash inside speech that goes on ("我……我昨晚",
            // "所以…… 所以") is a pause: the sentence ends only where the
            // quote closes, the line ends or another mark follows.
            let in_quote = quotes.open();
            let pause =
                in_quote && (ellipsis || dash_close) && !closed && !line_ends(text, end) && {
                    let run_end = finish_mark(text, after, false);
                    !text[after..run_end].chars().any(is_terminator)
                };
            // The mark and its closers are part of the sentence either way.
            while let Some((_, q)) = it.next_if(|&(o, _)| start + o < end) {
                quotes.count(q);
            }
            if !pause && !comma_follows(text, end) {
                return end;
            }
            prev = text[..end].chars().next_back();
            continue;
        }
        if is_weak(c) && i - start >= ZH_MAX_SENTENCE_BYTES / 2 {
            weak = Some(after);
        }
        quotes.count(c);
        prev = Some(c);
    }
    text.len()
}

/// True when the text at `pos`, after spaces, starts with a closing quote or bracket.
fn closer_follows(text: &str, pos: usize) -> bool {
    text[pos..]
        .trim_start_matches([' ', '\u{3000}', '\u{a0}'])
        .chars()
        .next()
        .is_some_and(|c| is_closer(c) || c == '"')
}

/// True when `s` ends with a closing quote or bracket.
fn ends_with_closer(s: &str) -> bool {
    s.chars()
        .next_back()
        .is_some_and(|c| is_closer(c) || c == '"')
}

/// True when only white space is left on the line after `pos`.
fn line_ends(text: &str, pos: usize) -> bool {
    text[pos..]
        .chars()
        .find(|c| !matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}'))
        .is_none_or(|c| c == '\n' || c == '\r')
}

/// True when the ASCII '.' ending just before `after` is a full stop in Chinese text:
/// neither the char before it nor the one after it is an ASCII letter or digit ("6.8",
/// "U.S.", "No. 1", "1.加强" go on), nor is the next one a path or code character
/// (`./main`, `.\main`, `..`), or it ends the text or the line.
fn full_stop(prev: Option<char>, text: &str, after: usize) -> bool {
    let next = text[after..].chars().next();
    let next_alnum = next.is_some_and(|c| c.is_ascii_alphanumeric());
    let prev_alnum = prev.is_some_and(|c| c.is_ascii_alphanumeric());
    let next_code = next.is_some_and(|c| matches!(c, '/' | '\\' | '_' | '~' | '*' | '-' | '='));
    let line_end = next.is_none_or(|c| c == '\n' || c == '\r');
    line_end || !(next_alnum || prev_alnum || next_code)
}

/// True when the mark at `i..after` stands inside a `code span`: an odd number of
/// backticks in the sentence before it (from `start`) and a closing one later on
/// the line, within `ZH_MAX_SENTENCE_BYTES`. Only called at a mark, and both scans
/// are bounded by that length, so the splitter stays linear.
fn in_code_span(text: &str, start: usize, i: usize, after: usize) -> bool {
    if text[start..i].matches('`').count() % 2 == 0 {
        return false;
    }
    text[after..]
        .char_indices()
        .take_while(|&(k, c)| k < ZH_MAX_SENTENCE_BYTES && c != '\n' && c != '\r')
        .any(|(_, c)| c == '`')
}

/// True when `before` (the sentence up to an ASCII mark) ends inside a quotation
/// of Latin text: after the last opening quote there is a Latin letter and no Han
/// character (“Hello, world!”, "Why not?").
fn latin_quote(before: &str) -> bool {
    before.rfind(['“', '"', '「', '『']).is_some_and(|q| {
        let inside = &before[q..];
        !inside.chars().any(crate::script::is_han)
            && inside.chars().any(|c| c.is_ascii_alphabetic())
    })
}

/// The end of a sentence-final mark whose first char ends at `pos`: takes further marks
/// (terminators, ellipses, dots, a dash run) and then closing quotes and brackets, also
/// after a stray space ("摔交。 ”"); an ASCII `"` only while one is open (`open_quote`).
/// An ellipsis right after the closers trails the quoted speech and stays with it
/// ("传奇。” ……").
fn finish_mark(text: &str, mut pos: usize, open_quote: bool) -> usize {
    for c in text[pos..].chars() {
        if is_terminator(c) || c == '…' || c == '.' || c == '—' {
            pos += c.len_utf8();
        } else {
            break;
        }
    }
    // An ellipsis after a stray space still belongs to the mark ("35。 ……").
    let rest = &text[pos..];
    let trimmed = rest.trim_start_matches([' ', '\u{3000}', '\u{a0}']);
    if trimmed.len() < rest.len() && (trimmed.starts_with("……") || trimmed.starts_with("...")) {
        let dots = trimmed.len() - trimmed.trim_start_matches(['…', '.']).len();
        pos += rest.len() - trimmed.len() + dots;
    }
    let mut open_quote = open_quote;
    let mut closed = false;
    loop {
        let rest = &text[pos..];
        let trimmed = rest.trim_start_matches([' ', '\u{3000}', '\u{a0}']);
        let Some(c) = trimmed.chars().next() else {
            break;
        };
        if is_closer(c) || (c == '"' && open_quote) {
            open_quote &= c != '"';
            closed = true;
            pos += rest.len() - trimmed.len() + c.len_utf8();
        } else {
            break;
        }
    }
    if closed {
        let rest = &text[pos..];
        let trimmed = rest.trim_start_matches([' ', '\u{3000}', '\u{a0}']);
        let dots = trimmed.len() - trimmed.trim_start_matches(['…', '.']).len();
        if dots >= '…'.len_utf8() * 2 || trimmed.starts_with("...") {
            pos += rest.len() - trimmed.len() + dots;
        }
    }
    pos
}

/// True when a comma follows a quote that ended just before `end`: the quoted
/// sentence is part of a longer one (“走吧，”她说，“天黑了。”).
fn comma_follows(text: &str, end: usize) -> bool {
    let Some(last) = text[..end].chars().next_back() else {
        return false;
    };
    if !matches!(last, '”' | '’' | '」' | '』' | '"') {
        return false;
    }
    matches!(text[end..].chars().next(), Some('，' | ',' | '、'))
}
