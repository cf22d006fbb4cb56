//! Tokenizers: Chinese words (jieba-rs) and English stems. (Helper B owns this file; stub.)

use super::Lexicon;

/// An English token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EnToken<'t> {
    /// The word as written.
    pub(crate) raw: &'t str,
    /// Lower-cased, stemmed form.
    pub(crate) stem: String,
    /// Starts with an upper-case letter.
    pub(crate) capitalized: bool,
    /// A function word (the, of, and, ...).
    pub(crate) stop: bool,
}

/// Chinese content words of `s` (punctuation dropped, unknown words split into dictionary pieces).
pub(crate) fn zh_tokens<'t>(s: &'t str, _lex: &Lexicon, out: &mut Vec<&'t str>) {
    out.extend(
        s.split(|c: char| !crate::text::is_han(c))
            .filter(|w| !w.is_empty()),
    );
}

/// English word tokens of `s`.
pub(crate) fn en_tokens<'t>(s: &'t str, out: &mut Vec<EnToken<'t>>) {
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        out.push(EnToken {
            raw: w,
            stem: w.to_lowercase(),
            capitalized: w.chars().next().is_some_and(char::is_uppercase),
            stop: false,
        });
    }
}
