//! Lexical resources: the user [`Glossary`], the built-in CC-CEDICT
//! [`Lexicon`], and the tokenizers that feed them.
//!
//! A lexicon maps each Chinese headword (simplified and traditional) to the
//! sorted ids of the stemmed English content words of its glosses, and each
//! Han character to one toneless pinyin syllable. The built-in one is read
//! from `data/cedict-lexicon.bin.gz`, written by `examples/build_lexicon.rs`
//! (see [`Lexicon::write_compact`] for the format), which the build script
//! lays out as ready tables (`image.rs`): loading reads them where they lie
//! in the binary, with no decoding and no copy.

mod cedict;
mod compact;
mod glossary;
mod image;
mod table;
mod tokenize;

pub use glossary::{Glossary, Terms};
#[cfg(all(test, feature = "cedict"))]
pub(crate) use tokenize::en_tokens;
pub use tokenize::ChineseTokenizer;
pub(crate) use tokenize::{zh_tokens_with, EnKeys};

use std::borrow::Cow;
use std::io::{BufRead, Read, Write};
use std::sync::OnceLock;

use crate::error::Result;
use image::{prefix_key, KeyTable, Span};
use table::StrTable;

/// A Chinese→English lexicon: for each Chinese word, the ids of the English
/// (stemmed, lower-case) words of its glosses; for each Han character, its
/// commonest toneless pinyin reading.
///
/// Build one with [`Lexicon::from_cedict`] (the CC-CEDICT text format),
/// [`Lexicon::from_compact`] (the form [`Lexicon::write_compact`] writes),
/// [`Lexicon::insert`], or use [`Lexicon::builtin`].
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Chinese headwords.
    heads: StrTable,
    /// Per headword, its range in `ids`.
    senses: Cow<'static, [Span]>,
    /// Sorted, distinct English stem ids, one run per headword.
    ids: Cow<'static, [u32]>,
    /// English stems; the number is the id.
    vocab: StrTable,
    /// Toneless pinyin syllables ("wang", "lu").
    syllables: StrTable,
    /// Per Han character, its syllable; sorted by character.
    readings: Vec<(char, u32)>,
    /// The headwords in byte order, for lookups and longest-prefix
    /// searches; built by the compact reader, or else on first use.
    index: OnceLock<HeadIndex>,
}

/// Headword numbers sorted by their bytes and, per first two characters
/// (or one, for one-character headwords), the range of them starting so.
#[derive(Debug, Clone, Default)]
struct HeadIndex {
    order: Cow<'static, [u32]>,
    ranges: KeyTable,
}

impl HeadIndex {
    /// The index of `heads`.
    fn build(heads: &StrTable) -> HeadIndex {
        let (order, ranges) = image::head_index(heads.text(), heads.spans());
        HeadIndex {
            order: order.into(),
            ranges,
        }
    }

    /// The headword numbers (in byte order) whose prefix key is `key`.
    /// (Maximum matching, which asks at nearly every character, goes
    /// through [`LongPrefixes`] instead.)
    #[inline]
    fn range(&self, key: u64) -> &[u32] {
        match self.ranges.get(key) {
            Some((a, b)) => self.order.get(a as usize..b as usize).unwrap_or(&[]),
            None => &[],
        }
    }
}

impl Lexicon {
    /// A lexicon with no entries.
    pub fn empty() -> Lexicon {
        Lexicon::default()
    }

    /// Parses a lexicon in CC-CEDICT format, one entry a line:
    /// `TRAD SIMP [pin1 yin1] /gloss/gloss/`. Lines starting with `#` and
    /// blank lines are skipped. Both headwords get the entry's English words;
    /// glosses lose parentheses, classifiers (`CL:`), cross-references
    /// ("variant of", "see"), pinyin and Chinese characters, stop words; the
    /// remaining words are lower-cased and Snowball-stemmed. Errors name the
    /// line.
    ///
    /// ```
    /// let text = "中國 中国 [Zhong1 guo2] /China/\n";
    /// let lex = zhen_align::Lexicon::from_cedict(text.as_bytes()).unwrap();
    /// assert_eq!(lex.len(), 2);
    /// ```
    pub fn from_cedict<R: BufRead>(reader: R) -> Result<Lexicon> {
        cedict::parse(reader)
    }

    /// Reads the compact form written by [`Lexicon::write_compact`].
    pub fn from_compact<R: Read>(reader: R) -> Result<Lexicon> {
        compact::read(reader)
    }

    /// Writes the lexicon in a compact, gzip-compressed binary form that
    /// [`Lexicon::from_compact`] reads back quickly. The output depends only
    /// on the lexicon's content (no time stamps), so it is reproducible byte
    /// for byte. Stem ids are renumbered by frequency on the way.
    pub fn write_compact<W: Write>(&self, writer: W) -> Result<()> {
        compact::write(self, writer)
    }

    /// The built-in lexicon derived from CC-CEDICT (about 150,000
    /// simplified and traditional headwords), loaded once on first use: the
    /// build script lays it out as ready tables, which are read where they
    /// lie in the binary (loading checks them: about 2 M instructions),
    /// with the strings.
    ///
    /// Should the data compiled into the crate be unreadable (a damaged
    /// build), this is an empty lexicon; [`try_builtin`](Lexicon::try_builtin)
    /// says why, and the [`Aligner`](crate::Aligner) using it returns that
    /// error instead of aligning on lengths alone.
    #[cfg(feature = "cedict")]
    pub fn builtin() -> &'static Lexicon {
        static EMPTY: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        match builtin_parsed() {
            Ok(l) => l,
            Err(_) => EMPTY.get_or_init(Lexicon::empty),
        }
    }

    /// The built-in lexicon, or the error that parsing its data gave.
    ///
    /// # Errors
    ///
    /// [`Error::CorruptLexicon`](crate::Error::CorruptLexicon) when the data
    /// compiled into the crate cannot be read.
    #[cfg(feature = "cedict")]
    pub fn try_builtin() -> Result<&'static Lexicon> {
        builtin_parsed()
            .as_ref()
            .map_err(|message| crate::Error::CorruptLexicon {
                message: message.clone(),
            })
    }

    /// Adds an entry: the Chinese word `zh` translated by the English gloss
    /// `en` (cleaned, split into words and stemmed like a CC-CEDICT gloss).
    /// An existing entry keeps its words and gains the new ones. Nothing is
    /// added when `zh` is empty or holds white space or control characters,
    /// or when `en` has no content words.
    pub fn insert(&mut self, zh: &str, en: &str) {
        self.index = OnceLock::new();
        let zh = zh.trim();
        if zh.is_empty() || zh.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return;
        }
        let mut new = Vec::new();
        let mut scratch = cedict::Scratch::default();
        if cedict::gloss_ids(en, &mut self.vocab, &mut scratch, &mut new).is_none() {
            return;
        }
        if new.is_empty() {
            return;
        }
        if let Some(k) = self.heads.get(zh) {
            if let Some(&[a, b]) = self.senses.get(k as usize) {
                new.extend_from_slice(self.ids.get(a as usize..b as usize).unwrap_or(&[]));
            }
            new.sort_unstable();
            new.dedup();
            if let Some(span) = self.push_ids(&new) {
                if let Some(s) = self.senses.to_mut().get_mut(k as usize) {
                    *s = span;
                }
            }
        } else {
            new.sort_unstable();
            new.dedup();
            let Some(span) = self.push_ids(&new) else {
                return;
            };
            if self.heads.push_unchecked(zh).is_some() {
                self.senses.to_mut().push(span);
            }
        }
    }

    fn push_ids(&mut self, ids: &[u32]) -> Option<Span> {
        let a = u32::try_from(self.ids.len()).ok()?;
        let b = u32::try_from(self.ids.len() + ids.len()).ok()?;
        self.ids.to_mut().extend_from_slice(ids);
        Some([a, b])
    }

    /// Number of Chinese headwords.
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    /// True when the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.heads.len() == 0
    }

    /// Number of distinct English stems in the glosses (their ids are below it).
    pub(crate) fn vocab_len(&self) -> usize {
        self.vocab.len()
    }

    /// The English word ids that translate the Chinese word `zh` (sorted,
    /// distinct, never empty).
    pub(crate) fn lookup(&self, zh: &str) -> Option<&[u32]> {
        let (key, _) = prefix_key(zh)?;
        let range = self.index().range(key);
        let p = range
            .binary_search_by(|&k| self.heads.bytes(k).cmp(zh.as_bytes()))
            .ok()?;
        let &[a, b] = self.senses.get(range[p] as usize)?;
        self.ids.get(a as usize..b as usize)
    }

    /// The length in bytes of the longest headword `text` starts with (the
    /// reference for maximum matching's tests).
    #[cfg(test)]
    pub(crate) fn longest_prefix(&self, text: &str) -> Option<usize> {
        let mut chars = text.chars();
        let c1 = chars.next()?;
        let long = chars
            .next()
            .and_then(|c2| self.longest_long_prefix(text, c1, c2));
        long.or_else(|| {
            let key = image::mix_key(u32::from(c1), u32::MAX);
            self.index().range(key).first().map(|_| c1.len_utf8())
        })
    }

    /// [`LongPrefixes::longest`], for one search.
    #[cfg(test)]
    pub(crate) fn longest_long_prefix(&self, text: &str, c1: char, c2: char) -> Option<usize> {
        self.long_prefixes().longest(text, c1, c2)
    }

    /// The searches of the longest headword at a point of a text, with the
    /// tables fetched once, for the many searches of maximum matching.
    pub(crate) fn long_prefixes(&self) -> LongPrefixes<'_> {
        let index = self.index();
        LongPrefixes {
            heads: &self.heads,
            order: &index.order,
            ranges: index.ranges.finder(),
        }
    }
}

/// See [`Lexicon::long_prefixes`].
pub(crate) struct LongPrefixes<'l> {
    heads: &'l StrTable,
    order: &'l [u32],
    ranges: image::KeyFinder<'l>,
}

impl LongPrefixes<'_> {
    /// The length in bytes of the longest headword of two characters or
    /// more that `text` starts with (`c1` and `c2` are its first two
    /// characters, decoded by the caller).
    ///
    /// Among the headwords starting with the same two characters, the
    /// greatest one not after `text` (in byte order) is either a prefix of
    /// it, and then the longest one, or shares a shorter prefix with it, to
    /// which the search narrows; so a hash look-up and a few binary searches
    /// in a short range.
    #[inline]
    pub(crate) fn longest(&self, text: &str, c1: char, c2: char) -> Option<usize> {
        let (a, b) = self
            .ranges
            .get(image::mix_key(u32::from(c1), u32::from(c2)))?;
        let mut range = self.order.get(a as usize..b as usize).unwrap_or(&[]);
        if range.is_empty() {
            return None;
        }
        // The headwords of the range and `text` all start with `c1 c2`:
        // compared after those bytes, the order is the same, and the rest
        // is a few bytes (compared in line, not by a call to `memcmp`).
        let skip = c1.len_utf8() + c2.len_utf8();
        let rest = |k: u32| self.heads.bytes(k).get(skip..).unwrap_or_default();
        let mut key = text.as_bytes().get(skip..).unwrap_or_default();
        loop {
            let p = range.partition_point(|&k| bytes_le(rest(k), key));
            let &g = p.checked_sub(1).and_then(|p| range.get(p))?;
            let g = rest(g);
            let common = g.iter().zip(key).take_while(|(x, y)| x == y).count();
            if common == g.len() {
                return Some(skip + g.len());
            }
            key = &key[..common];
            range = &range[..p - 1];
        }
    }
}

impl Lexicon {
    /// Builds the look-up tables now rather than on first use.
    pub(crate) fn prepare(&self) {
        self.index();
        self.vocab.get("");
    }

    fn index(&self) -> &HeadIndex {
        self.index.get_or_init(|| HeadIndex::build(&self.heads))
    }

    /// The id of an English stem, when the lexicon's glosses use it.
    pub(crate) fn en_id(&self, stem: &str) -> Option<u32> {
        self.vocab.get(stem)
    }

    #[cfg(test)]
    /// The stem with id `id` ("" if none); for tests and debugging.
    pub(crate) fn en_stem(&self, id: u32) -> &str {
        self.vocab.resolve(id)
    }

    #[cfg(test)]
    /// Longest headword, in characters.
    pub(crate) fn max_head_chars(&self) -> usize {
        self.heads
            .iter()
            .map(|h| h.chars().count())
            .max()
            .unwrap_or(0)
    }

    #[cfg(test)]
    /// The toneless pinyin syllable of each character of `zh`, lower case
    /// (`ü` written `u`); `None` if a character has no reading (non-Han
    /// characters have none) or `zh` is empty.
    pub(crate) fn pinyin_syllables(&self, zh: &str) -> Option<Vec<&str>> {
        if zh.is_empty() {
            return None;
        }
        zh.chars().map(|c| self.reading(c)).collect()
    }

    /// The toneless pinyin of a Chinese word, lower case, syllables joined
    /// without separators (汪淼 → "wangmiao"); `None` if a character has no reading.
    pub(crate) fn pinyin(&self, zh: &str) -> Option<String> {
        if zh.is_empty() {
            return None;
        }
        let mut s = String::with_capacity(zh.len() * 2);
        for c in zh.chars() {
            s.push_str(self.reading(c)?);
        }
        Some(s)
    }

    fn reading(&self, c: char) -> Option<&str> {
        let i = self.readings.binary_search_by_key(&c, |r| r.0).ok()?;
        Some(self.syllables.resolve(self.readings[i].1))
    }
}

/// `a <= b` in byte order, for short strings: in line, byte by byte.
#[inline(always)]
fn bytes_le(a: &[u8], b: &[u8]) -> bool {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x < y;
        }
    }
    a.len() <= b.len()
}

#[cfg(test)]
mod tests;

/// The built-in lexicon once read ([`builtin_parsed`]).
#[cfg(feature = "cedict")]
static BUILTIN: OnceLock<std::result::Result<Lexicon, String>> = OnceLock::new();

/// Starts reading the built-in lexicon on the thread pool, unless it is
/// read already: an aligner that will need it is built before its inputs
/// are read, and reading the lexicon's image (mostly the first touch of its
/// pages) then overlaps with that. Whoever needs it first waits for it.
pub(crate) fn preload_builtin() {
    #[cfg(feature = "cedict")]
    if BUILTIN.get().is_none() {
        rayon::spawn(|| {
            builtin_parsed();
        });
    }
}

/// The built-in lexicon's data, parsed once (the error as text, so that the
/// result can be shared).
#[cfg(feature = "cedict")]
fn builtin_parsed() -> &'static std::result::Result<Lexicon, String> {
    // Read inside the initializer, so that a second caller waits for the
    // first one's image rather than reading it again. This is sound only
    // because reading it makes no `rayon` call: a rayon worker that waited
    // on a join in here could steal another alignment's job, which would
    // call this function again on the same thread (a re-entrant
    // initialization, which deadlocks).
    BUILTIN.get_or_init(|| {
        let l = builtin_image(&IN_PLACE);
        crate::trace::phase("lexicon decoded");
        l
    })
}

/// The image's tables read where they lie (safe casts: they check the
/// alignment and the length).
#[cfg(feature = "cedict")]
const IN_PLACE: image::InPlace = image::InPlace {
    words: |b| bytemuck::try_cast_slice(b).ok(),
    spans: |b| bytemuck::try_cast_slice(b).ok(),
};

/// Bytes at an address that is a multiple of 8 (the image's tables are
/// read in place as `u32` words: [`builtin_image`]).
#[cfg(feature = "cedict")]
#[repr(C, align(8))]
struct Aligned<B: ?Sized>(B);

/// The built-in lexicon from the image the build script laid out (see
/// `image.rs`): the texts and the tables borrowed from the binary, where
/// they lie (none of its 7 MiB of tables copied: no page of them is touched
/// before a look-up needs it, beyond one reading to check them), only the
/// readings copied (their characters checked).
#[cfg(feature = "cedict")]
fn builtin_image(in_place: &image::InPlace) -> std::result::Result<Lexicon, String> {
    static TABLES: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(
        env!("OUT_DIR"),
        "/lexicon-tables.bin"
    )));
    static STEMS: &str = include_str!(concat!(env!("OUT_DIR"), "/lexicon-stems.txt"));
    static SYLLABLES: &str = include_str!(concat!(env!("OUT_DIR"), "/lexicon-syllables.txt"));
    static HEADS: &str = include_str!(concat!(env!("OUT_DIR"), "/lexicon-heads.txt"));
    let lens = [STEMS.len(), SYLLABLES.len(), HEADS.len()];
    let im = image::Image::read(&TABLES.0, lens, in_place)?;
    Ok(Lexicon {
        heads: StrTable::from_parts(Cow::Borrowed(HEADS), im.head_spans),
        senses: im.senses,
        ids: im.ids,
        vocab: StrTable::from_parts_with_slots(Cow::Borrowed(STEMS), im.stem_spans, im.stem_slots),
        syllables: StrTable::from_parts(Cow::Borrowed(SYLLABLES), im.syllable_spans),
        readings: im.readings,
        index: OnceLock::from(HeadIndex {
            order: im.order,
            ranges: im.keys,
        }),
    })
}
