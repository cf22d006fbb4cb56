//! Stage 5, the result: [`Alignment`], its [`Bead`]s and [`Pair`]s, and the
//! iterators over them ([`Beads`], [`Pairs`], [`SentenceTexts`]).

use std::borrow::Cow;
use std::iter::FusedIterator;
use std::ops::Range;
use std::sync::Arc;

/// The shape of a bead: how many sentences it takes from each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BeadKind {
    /// One Chinese sentence, one English sentence.
    OneToOne,
    /// One Chinese sentence, several English sentences.
    OneToMany,
    /// Several Chinese sentences, one English sentence.
    ManyToOne,
    /// Several sentences on both sides.
    ManyToMany,
    /// Chinese sentences with no English counterpart (a deletion, 1–0).
    ZhOnly,
    /// English sentences with no Chinese counterpart (an insertion, 0–1).
    EnOnly,
}

/// One step of an alignment: a run of Chinese sentences matched with a run of
/// English sentences (either run may be empty). Created by [`Alignment::beads`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    pub(crate) zh: Range<usize>,
    pub(crate) en: Range<usize>,
    pub(crate) cost: f64,
    pub(crate) confidence: f64,
}

impl Bead {
    /// The Chinese sentence numbers (0-based) of this bead.
    pub fn zh(&self) -> Range<usize> {
        self.zh.clone()
    }

    /// The English sentence numbers (0-based) of this bead.
    pub fn en(&self) -> Range<usize> {
        self.en.clone()
    }

    /// The bead's cost in the dynamic program (lower is better; a negative
    /// log-probability up to a constant).
    pub fn cost(&self) -> f64 {
        self.cost
    }

    /// How sure the aligner is of this bead, in `[0, 1]`: for a pair, the
    /// chance that it is exactly right (a posterior over all alignments,
    /// calibrated on MAC-Dev); for an unaligned sentence, the posterior
    /// that it has no partner.
    pub fn confidence(&self) -> f64 {
        self.confidence
    }

    /// The bead's shape.
    pub fn kind(&self) -> BeadKind {
        match (self.zh.len(), self.en.len()) {
            (0, _) => BeadKind::EnOnly,
            (_, 0) => BeadKind::ZhOnly,
            (1, 1) => BeadKind::OneToOne,
            (1, _) => BeadKind::OneToMany,
            (_, 1) => BeadKind::ManyToOne,
            _ => BeadKind::ManyToMany,
        }
    }

    /// True when both sides hold at least one sentence.
    pub fn is_pair(&self) -> bool {
        !self.zh.is_empty() && !self.en.is_empty()
    }
}

/// The result of aligning one document: the sentences of both sides (as byte
/// spans into the texts it owns) and the beads that partition them in order.
#[derive(Debug, Clone)]
pub struct Alignment {
    // The texts as the aligner was given them (one shared `Arc` for a
    // mixed file); `Arc<String>` rather than `Arc<str>`, so that a text
    // taken by value is kept without a copy.
    pub(crate) zh_text: Arc<String>,
    pub(crate) en_text: Arc<String>,
    pub(crate) zh: Vec<Range<usize>>,
    pub(crate) en: Vec<Range<usize>>,
    pub(crate) beads: Vec<Bead>,
    pub(crate) threshold: f64,
}

impl Alignment {
    /// The pairs with text on both sides (not only white space) and
    /// confidence at or above the aligner's threshold, in document order.
    pub fn pairs(&self) -> Pairs<'_> {
        Pairs {
            alignment: self,
            inner: self.beads.iter(),
        }
    }

    /// Every bead, insertions and deletions included: together they partition
    /// both sentence sequences, in order.
    pub fn beads(&self) -> Beads<'_> {
        Beads {
            inner: self.beads.iter(),
        }
    }

    /// The number of Chinese sentences.
    pub fn zh_len(&self) -> usize {
        self.zh.len()
    }

    /// The number of English sentences.
    pub fn en_len(&self) -> usize {
        self.en.len()
    }

    /// The text of Chinese sentence `i` (original text, untouched).
    ///
    /// Returns `None` when `i` is out of range.
    pub fn zh_sentence(&self, i: usize) -> Option<&str> {
        self.zh.get(i).map(|r| &self.zh_text[r.clone()])
    }

    /// The text of English sentence `i` (original text, untouched).
    ///
    /// Returns `None` when `i` is out of range.
    pub fn en_sentence(&self, i: usize) -> Option<&str> {
        self.en.get(i).map(|r| &self.en_text[r.clone()])
    }

    /// The byte span of Chinese sentence `i` in the Chinese text the
    /// aligner was given (for a mixed file, the file's text).
    ///
    /// Returns `None` when `i` is out of range.
    pub fn zh_sentence_span(&self, i: usize) -> Option<Range<usize>> {
        self.zh.get(i).cloned()
    }

    /// The byte span of English sentence `i` in the English text the
    /// aligner was given (for a mixed file, the file's text).
    ///
    /// Returns `None` when `i` is out of range.
    pub fn en_sentence_span(&self, i: usize) -> Option<Range<usize>> {
        self.en.get(i).cloned()
    }

    /// All Chinese sentences in order.
    pub fn zh_sentences(&self) -> SentenceTexts<'_> {
        SentenceTexts {
            text: &self.zh_text,
            spans: self.zh.iter(),
        }
    }

    /// All English sentences in order.
    pub fn en_sentences(&self) -> SentenceTexts<'_> {
        SentenceTexts {
            text: &self.en_text,
            spans: self.en.iter(),
        }
    }

    /// Builds an alignment from sentences and beads made elsewhere (a gold
    /// alignment, another tool's output), to export or score it. Every bead
    /// gets confidence 1.
    ///
    /// The beads must partition both sentence lists in order, with no bead
    /// empty on both sides; otherwise the error names the first bad bead.
    pub fn from_beads<S: AsRef<str>>(
        zh: &[S],
        en: &[S],
        beads: impl IntoIterator<Item = (Range<usize>, Range<usize>)>,
    ) -> crate::Result<Alignment> {
        let (zh_text, zh_spans) = join_lines(zh);
        let (en_text, en_spans) = join_lines(en);
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        for (k, (z, e)) in beads.into_iter().enumerate() {
            if z.start != i
                || e.start != j
                || z.end < z.start
                || e.end < e.start
                || (z.is_empty() && e.is_empty())
            {
                return Err(crate::Error::parse(
                    k + 1,
                    format!(
                        "bead {z:?}:{e:?} does not continue at sentences {i} and {j} (or is empty)"
                    ),
                ));
            }
            i = z.end;
            j = e.end;
            out.push(Bead {
                zh: z,
                en: e,
                cost: 0.0,
                confidence: 1.0,
            });
        }
        if i != zh.len() || j != en.len() {
            return Err(crate::Error::parse(
                out.len(),
                format!(
                    "beads end at sentences {i} and {j}, not at {} and {}",
                    zh.len(),
                    en.len()
                ),
            ));
        }
        Ok(Alignment {
            zh_text: Arc::new(zh_text),
            en_text: Arc::new(en_text),
            zh: zh_spans,
            en: en_spans,
            beads: out,
            threshold: 0.0,
        })
    }

    /// The pair view of one bead (whatever its confidence or shape).
    pub fn pair(&self, bead: &Bead) -> Pair<'_> {
        Pair {
            alignment: self,
            bead: bead.clone(),
        }
    }
}

/// An aligned pair: the Chinese and English text of one bead with both sides
/// non-empty. Created by [`Alignment::pairs`].
#[derive(Debug, Clone)]
pub struct Pair<'a> {
    alignment: &'a Alignment,
    bead: Bead,
}

fn span_of(sentences: &[Range<usize>], ids: &Range<usize>) -> Range<usize> {
    match (
        sentences.get(ids.start),
        ids.end.checked_sub(1).and_then(|e| sentences.get(e)),
    ) {
        (Some(a), Some(b)) if !ids.is_empty() => a.start..b.end,
        _ => 0..0,
    }
}

/// Whether a character is written out: not white space (collapsed
/// separately) and allowed by XML 1.0. The one policy for the characters XML
/// forbids (C0 controls but tab, line feed and carriage return; U+FFFE,
/// U+FFFF): every text a [`Pair`] hands out leaves them out, so TMX, TSV and
/// JSON Lines carry the same text and the same units, while spans still point
/// at the original text.
fn is_output_char(c: char) -> bool {
    !c.is_whitespace() && crate::export::is_xml_char(c)
}

/// Collapses runs of white space (line breaks and no-break spaces included)
/// to one space, drops the characters XML 1.0 forbids and trims the ends;
/// borrows when nothing changes.
pub(crate) fn collapse_whitespace(s: &str) -> Cow<'_, str> {
    let trimmed = s.trim();
    let mut prev_space = false;
    let needs = trimmed.chars().any(|c| {
        let ws = c.is_whitespace();
        let bad = (ws && (c != ' ' || prev_space)) || !crate::export::is_xml_char(c);
        prev_space = ws;
        bad
    });
    if !needs {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    // The pending white-space run: none, spaces, or one holding a line break.
    let mut pending: Option<bool> = None;
    let mut prev: Option<char> = None;
    for c in trimmed.chars() {
        if c.is_whitespace() {
            let brk = c == '\n' || c == '\r';
            pending = Some(pending.unwrap_or(false) || brk);
        } else if crate::export::is_xml_char(c) {
            // A line break between two Chinese characters is where a
            // hard-wrapped Chinese line went on: Chinese puts no space there.
            let joined = pending == Some(true) && prev.is_some_and(is_cjk) && is_cjk(c);
            if pending.is_some() && !joined && !out.is_empty() {
                out.push(' ');
            }
            out.push(c);
            pending = None;
            prev = Some(c);
        }
    }
    Cow::Owned(out)
}

/// Han characters and the full-width marks of Chinese text (CJK symbols and
/// punctuation, full-width forms): the characters Chinese writes without
/// spaces between.
fn is_cjk(c: char) -> bool {
    crate::script::is_han(c) || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

/// Joins lines with `\n`, returning the text and each line's span.
pub(crate) fn join_lines<S: AsRef<str>>(lines: &[S]) -> (String, Vec<Range<usize>>) {
    let size = lines.iter().map(|l| l.as_ref().len() + 1).sum();
    let mut text = String::with_capacity(size);
    let mut ranges = Vec::with_capacity(lines.len());
    for l in lines {
        let s = l.as_ref();
        ranges.push(text.len()..text.len() + s.len());
        text.push_str(s);
        text.push('\n');
    }
    (text, ranges)
}

fn join_sentences<'a>(
    text: &'a str,
    sentences: &[Range<usize>],
    ids: &Range<usize>,
) -> Cow<'a, str> {
    if ids.len() == 1 {
        return collapse_whitespace(&text[sentences[ids.start].clone()]);
    }
    let mut out = String::new();
    for r in &sentences[ids.clone()] {
        let piece = collapse_whitespace(&text[r.clone()]);
        if piece.is_empty() {
            continue; // a presplit line of only white space or control characters
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&piece);
    }
    Cow::Owned(out)
}

impl<'a> Pair<'a> {
    /// The Chinese text: the bead's sentences, original text, white-space runs
    /// collapsed to one space (to none for a line break between two Chinese
    /// characters, where a hard-wrapped Chinese line goes on), sentences
    /// joined by a space.
    pub fn zh(&self) -> Cow<'a, str> {
        join_sentences(&self.alignment.zh_text, &self.alignment.zh, &self.bead.zh)
    }

    /// The English text, as [`Pair::zh`] gives the Chinese.
    pub fn en(&self) -> Cow<'a, str> {
        join_sentences(&self.alignment.en_text, &self.alignment.en, &self.bead.en)
    }

    /// Byte span of the Chinese side in the Chinese input text (from the first
    /// sentence's start to the last sentence's end).
    pub fn zh_span(&self) -> Range<usize> {
        span_of(&self.alignment.zh, &self.bead.zh)
    }

    /// Byte span of the English side in the English input text.
    pub fn en_span(&self) -> Range<usize> {
        span_of(&self.alignment.en, &self.bead.en)
    }

    /// The Chinese sentence numbers (0-based).
    pub fn zh_sentences(&self) -> Range<usize> {
        self.bead.zh.clone()
    }

    /// The English sentence numbers (0-based).
    pub fn en_sentences(&self) -> Range<usize> {
        self.bead.en.clone()
    }

    /// Confidence in `[0, 1]`: the chance that the pair is exactly right
    /// (see [`Bead::confidence`]).
    pub fn confidence(&self) -> f64 {
        self.bead.confidence
    }

    /// The shape of the underlying bead.
    pub fn kind(&self) -> BeadKind {
        self.bead.kind()
    }

    /// The underlying bead.
    pub fn bead(&self) -> &Bead {
        &self.bead
    }
}

/// Iterator over the confident pairs of an [`Alignment`]; created by
/// [`Alignment::pairs`].
#[derive(Debug, Clone)]
pub struct Pairs<'a> {
    alignment: &'a Alignment,
    inner: std::slice::Iter<'a, Bead>,
}

impl<'a> Iterator for Pairs<'a> {
    type Item = Pair<'a>;

    fn next(&mut self) -> Option<Pair<'a>> {
        let threshold = self.alignment.threshold;
        let a = self.alignment;
        let has_text = |text: &str, spans: &[Range<usize>], ids: &Range<usize>| {
            spans[ids.clone()]
                .iter()
                .any(|r| text[r.clone()].chars().any(is_output_char))
        };
        self.inner
            .by_ref()
            .find(|b| {
                b.is_pair()
                    && b.confidence >= threshold
                    && has_text(&a.zh_text, &a.zh, &b.zh)
                    && has_text(&a.en_text, &a.en, &b.en)
            })
            .map(|b| Pair {
                alignment: self.alignment,
                bead: b.clone(),
            })
    }
}

impl FusedIterator for Pairs<'_> {}

/// Iterator over every bead of an [`Alignment`]; created by
/// [`Alignment::beads`].
#[derive(Debug, Clone)]
pub struct Beads<'a> {
    inner: std::slice::Iter<'a, Bead>,
}

impl<'a> Iterator for Beads<'a> {
    type Item = &'a Bead;

    fn next(&mut self) -> Option<&'a Bead> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for Beads<'_> {}
impl FusedIterator for Beads<'_> {}
impl<'a> DoubleEndedIterator for Beads<'a> {
    fn next_back(&mut self) -> Option<&'a Bead> {
        self.inner.next_back()
    }
}

/// Iterator over one side's sentence texts, in order. Created by
/// [`Alignment::zh_sentences`] and [`Alignment::en_sentences`].
#[derive(Debug, Clone)]
pub struct SentenceTexts<'a> {
    text: &'a str,
    spans: std::slice::Iter<'a, Range<usize>>,
}

impl<'a> Iterator for SentenceTexts<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        self.spans.next().map(|r| &self.text[r.clone()])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.spans.size_hint()
    }
}

impl ExactSizeIterator for SentenceTexts<'_> {}
impl FusedIterator for SentenceTexts<'_> {}
impl<'a> DoubleEndedIterator for SentenceTexts<'a> {
    fn next_back(&mut self) -> Option<&'a str> {
        self.spans.next_back().map(|r| &self.text[r.clone()])
    }
}
