//! English sentence splitting.
//!
//! The rules are documented on [`en_sentences`].

use super::{is_closer, Sentence};
use crate::script::is_han;

/// Longest English sentence (bytes) before the long-input guard cuts it at a weaker
/// boundary.
pub const EN_MAX_SENTENCE_BYTES: usize = 8_000;

/// Titles and terms that are always abbreviated: a `.` after them never ends a sentence.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "capt", "cpt", "sgt", "maj", "adm",
    "cmdr", "brig", "rev", "hon", "st", "mt", "ft", "sen", "rep", "gov", "pres", "messrs", "mme",
    "jr", "sr", "vs", "v", "cf", "viz", "approx", "ca", "incl", "e.g", "i.e", "dept", "univ",
    "ave", "blvd", "rd",
];

/// Abbreviations that stand before a number ("No. 5", "pp. 3", "Jan. 1").
const BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "nr", "p", "pp", "vol", "vols", "fig", "figs", "art", "sec", "ch", "para", "ed",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Company abbreviations: no split between two of them ("Co. Ltd.").
const COMPANY: &[&str] = &["inc", "ltd", "co", "corp", "llc", "plc", "bros"];

/// Words that usually open a sentence: after an initial or a dotted abbreviation
/// ("U.S.", "et al.") a split happens only before one of these.
const STARTERS: &[&str] = &[
    "the",
    "this",
    "that",
    "these",
    "those",
    "there",
    "then",
    "it",
    "its",
    "he",
    "she",
    "we",
    "they",
    "i",
    "in",
    "on",
    "at",
    "as",
    "but",
    "and",
    "however",
    "meanwhile",
    "also",
    "a",
    "an",
    "our",
    "their",
    "his",
    "her",
    "for",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "although",
    "though",
    "so",
    "yet",
    "thus",
    "therefore",
    "moreover",
    "furthermore",
    "besides",
    "finally",
    "first",
    "second",
    "third",
    "such",
    "some",
    "many",
    "most",
    "all",
    "each",
    "every",
    "not",
    "only",
    "with",
    "without",
    "from",
    "to",
    "what",
    "which",
    "who",
    "how",
    "why",
    "where",
    "you",
    "your",
    "my",
    "let",
    "here",
    "today",
    "yesterday",
    "tomorrow",
    "last",
    "next",
    "according",
    "during",
];

/// Iterator over the sentences of an English text; created by [`en_sentences`].
///
/// Lazy and zero-copy: each [`Sentence`] borrows from the text and carries its byte span.
#[derive(Debug, Clone)]
pub struct EnSentences<'t> {
    text: &'t str,
    pos: usize,
    /// ASCII `"` seen on the line so far (odd: one is open where the next sentence starts).
    quotes: usize,
}

/// Splits English `text` into sentences: trimmed spans, in
/// order, covering every non-white-space character.
///
/// A sentence ends after `.`, `!`, `?` or an ellipsis (`…`, `...`), a run of them counting
/// as one ("?!"), with the closing quotes and brackets that follow (’ ” ' ) ] », and an
/// ASCII `"` that closes an open one), when:
///
/// - white space follows and then a character that can start a sentence: a capital, a
///   digit, an opening quote or bracket, a Han character; never a lower-case letter or
///   other punctuation ("etc., and", "U.S. navy", "... and then" go on);
/// - or a capitalized word follows with no space after a lower-case word
///   ("efficiency.First," splits after "efficiency.");
/// - or a line break follows; a line break always ends a sentence.
///
/// A single `.` does not end a sentence after:
///
/// - a title or a term that is always abbreviated (the titles list: Mr. Dr. Gen. vs. e.g. i.e.);
/// - a number abbreviation or a month before a number (the list: "No. 5", "Jan. 1");
/// - an initial or a dotted abbreviation ("J. R. R. Tolkien", "Xi J. Ping", "U.S. Navy"),
///   unless a word that usually opens a sentence follows (the sentence-starter list: "in the U.S. The");
/// - a company abbreviation followed by another ("Co. Ltd.").
///
/// Quotations: an ASCII `"` closes when one is open on the line (counted across its
/// sentences) or when white space follows it right after the mark (the quotation may
/// have opened in an earlier paragraph: `background?" "I don't`). A dash right before a
/// closing quote breaks the speech off and ends the sentence (`though—' 'Is`); a dot
/// followed by a closing quote and then an opening one ends it even after an
/// abbreviation (`A.M." "Wow`). An ellipsis followed by the word before it repeated is a
/// stammer inside one sentence (`I... I've got`).
///
/// "etc." ends a sentence only before a capital. Decimals ("6.8") never split, nor do
/// dashes. Long-input guard: a sentence longer than 8,000 bytes (`EN_MAX_SENTENCE_BYTES`) is cut at the
/// last weaker boundary (`;` `,` `:` or white space) in the second half of that window,
/// or at the character boundary at the limit.
///
/// ```
/// let s: Vec<&str> = zhen_align::en_sentences("Mr. Zhang met the U.S. Navy. It was No. 1.")
///     .map(|s| s.as_str())
///     .collect();
/// assert_eq!(s, ["Mr. Zhang met the U.S. Navy.", "It was No. 1."]);
/// ```
pub fn en_sentences(text: &str) -> EnSentences<'_> {
    EnSentences {
        text,
        pos: 0,
        quotes: 0,
    }
}

impl<'t> Iterator for EnSentences<'t> {
    type Item = Sentence<'t>;

    fn next(&mut self) -> Option<Sentence<'t>> {
        let quotes = &mut self.quotes;
        super::next_sentence(self.text, &mut self.pos, |text, start, new_line| {
            if new_line {
                *quotes = 0;
            }
            sentence_end(text, start, quotes)
        })
    }
}

impl std::iter::FusedIterator for EnSentences<'_> {}

/// Sentence-final marks (a `.` is judged apart).
fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

/// Weaker boundaries the long-input guard may cut after.
fn is_weak(c: char) -> bool {
    matches!(c, ';' | ',' | ':') || c.is_whitespace()
}

/// Opening quotes and brackets: they may start a sentence.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '“' | '‘' | '"' | '\'' | '(' | '[' | '«' | '‹' | '《' | '「' | '『' | '（'
    )
}

/// True when `c`, the first character after a mark and white space, may start a sentence.
fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || is_opener(c) || is_han(c)
}

/// The end (exclusive byte offset) of the sentence starting at `start`, a non-space char.
/// `quotes`: the ASCII `"` seen on the line before `start`, updated to those before the end
/// (a quotation opened in one sentence closes in a later one: `"Why? Because." He left.`).
fn sentence_end(text: &str, start: usize, quotes: &mut usize) -> usize {
    let mut weak: Option<usize> = None;
    let mut it = text[start..].char_indices().peekable();
    while let Some((off, c)) = it.next() {
        let i = start + off;
        if c == '\n' || c == '\r' {
            return i;
        }
        if i - start > EN_MAX_SENTENCE_BYTES {
            return weak.unwrap_or(i);
        }
        // A dash right before a closing quote breaks the speech off: a mark
        // ("then—' 'That's no good", "Too-tah–too-tah–'").
        let dash_close = matches!(c, '—' | '–') && {
            let next = text[i + c.len_utf8()..].chars().next();
            let after_quote = text[i + c.len_utf8()..].chars().nth(1);
            next.is_some_and(|n| {
                is_closer(n)
                    || (n == '"'
                        && (*quotes % 2 == 1 || after_quote.is_none_or(char::is_whitespace)))
            })
        };
        if is_terminator(c) || dash_close {
            let (end, mark) = finish_mark(text, i, *quotes % 2 == 1);
            let q = text[i..end].matches('"').count();
            if is_boundary(text, start, i, mark, end) {
                *quotes += q;
                return end;
            }
            // Not a boundary: go on after the mark (bounded, re-read once at most).
            while it.next_if(|&(o, _)| start + o < end).is_some() {}
            *quotes += q;
            continue;
        }
        if c == '"' {
            *quotes += 1;
        }
        if is_weak(c) && i - start >= EN_MAX_SENTENCE_BYTES / 2 {
            weak = Some(i + c.len_utf8());
        }
    }
    text.len()
}

/// The kind of sentence-final mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// A single `.`.
    Dot,
    /// An ellipsis: `…` or two or more dots.
    Ellipsis,
    /// `!`, `?`, or a run with one of them.
    Strong,
}

/// Reads the run of marks starting at `i` and the closers after it: its end and kind.
fn finish_mark(text: &str, i: usize, open_quote: bool) -> (usize, Mark) {
    let mut pos = i;
    let (mut dots, mut strong, mut ellipsis) = (0usize, false, false);
    for c in text[i..].chars() {
        let dash_first = pos == i && matches!(c, '—' | '–');
        if !(is_terminator(c) || dash_first) {
            break;
        }
        match c {
            '.' => dots += 1,
            '…' => ellipsis = true,
            _ => strong = true,
        }
        pos += c.len_utf8();
    }
    let mut open_quote = open_quote;
    for c in text[pos..].chars() {
        // An ASCII `"` closes when one is open, or, whatever the count (the
        // quotation may have opened in an earlier paragraph), when white space
        // or the end follows it: `background?" "I don't`.
        let closing_quote = c == '"' && {
            let next = text[pos + 1..].chars().next();
            open_quote || next.is_none_or(|n| n.is_whitespace() || is_closer(n))
        };
        if is_closer(c) || closing_quote {
            open_quote &= c != '"';
            pos += c.len_utf8();
        } else {
            break;
        }
    }
    let mark = if strong {
        Mark::Strong
    } else if ellipsis || dots >= 2 {
        Mark::Ellipsis
    } else {
        Mark::Dot
    };
    (pos, mark)
}

/// True when the mark at `mark_at` (of kind `mark`, ending with its closers at `end`) ends
/// the sentence that starts at `start`.
fn is_boundary(text: &str, start: usize, mark_at: usize, mark: Mark, end: usize) -> bool {
    let after = &text[end..];
    let Some(next) = after.chars().next() else {
        return true;
    };
    let word = word_before(&text[start..mark_at]);
    let lower = word.to_ascii_lowercase();
    if !next.is_whitespace() {
        // No space: "efficiency.First," — a lower-case word, then a capitalized word.
        let mut ahead = after.chars();
        let (c1, c2) = (ahead.next(), ahead.next());
        let prev = text[..mark_at].chars().next_back();
        return prev.is_some_and(char::is_lowercase)
            && word.chars().count() >= 2
            && !word.contains('.')
            && !TITLES.contains(&lower.as_str())
            && c1.is_some_and(char::is_uppercase)
            && c2.is_some_and(char::is_lowercase);
    }
    let rest = after.trim_start();
    if after[..after.len() - rest.len()].contains(['\n', '\r']) {
        return true;
    }
    let Some(first) = rest.chars().next() else {
        return true;
    };
    if !starts_sentence(first) {
        return false;
    }
    if mark == Mark::Ellipsis && stammer(word, rest) {
        return false;
    }
    if mark != Mark::Dot {
        return true;
    }
    // A quotation closed after the dot and another opened: the speech ended
    // ("around one o'clock A.M." "Wow").
    if end > mark_at + 1 && is_opener(first) {
        return true;
    }
    let next_word = word_after(rest).to_ascii_lowercase();
    let lower = lower.as_str();
    if TITLES.contains(&lower) {
        return false;
    }
    if BEFORE_NUMBER.contains(&lower) {
        return !first.is_ascii_digit();
    }
    if COMPANY.contains(&lower) {
        return !COMPANY.contains(&next_word.as_str());
    }
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    if initial || word.contains('.') || lower == "al" {
        return STARTERS.contains(&next_word.as_str());
    }
    true
}

/// True when the text after an ellipsis starts by repeating the word before it: a
/// stammer inside one sentence ("I... I've got", "Goong-goong, I... I..."), not an end.
fn stammer(before: &str, rest: &str) -> bool {
    let before = before.trim_matches(|c: char| !c.is_alphanumeric());
    let next = rest.trim_start_matches(is_opener);
    !before.is_empty()
        && next.len() >= before.len()
        && next.is_char_boundary(before.len())
        && next[..before.len()].eq_ignore_ascii_case(before)
        && next[before.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphabetic() || before.chars().count() <= 2)
}

/// The word just before a mark: the text after the last white space of `s` (at most 40
/// chars back), without leading opening quotes or brackets.
fn word_before(s: &str) -> &str {
    let mut begin = s.len();
    for (n, (i, c)) in s.char_indices().rev().enumerate() {
        if c.is_whitespace() || n >= 40 {
            break;
        }
        begin = i;
    }
    s[begin..].trim_start_matches(|c: char| is_opener(c) || c == '-' || c == '—')
}

/// The first word of `s` (letters only, at most 20 chars).
fn word_after(s: &str) -> &str {
    let s = s.trim_start_matches(is_opener);
    let mut end = 0;
    for (n, (i, c)) in s.char_indices().enumerate() {
        if !c.is_alphabetic() || n >= 20 {
            break;
        }
        end = i + c.len_utf8();
    }
    &s[..end]
}
