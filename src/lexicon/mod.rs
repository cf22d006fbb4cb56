//! Lexical resources: the user [`Glossary`], the built-in CC-CEDICT
//! [`Lexicon`], and the tokenizers that feed them.
//! (Helper B owns this folder; stub.)

mod glossary;
mod tokenize;

pub use glossary::Glossary;
pub(crate) use tokenize::{en_tokens, zh_tokens, EnToken};

use std::collections::HashMap;
use std::io::BufRead;

use crate::error::Result;

/// A Chinese→English lexicon: for each Chinese word, the ids of the English
/// (stemmed, lower-case) words of its glosses.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    words: HashMap<Box<str>, Box<[u32]>>,
    vocab: HashMap<Box<str>, u32>,
}

impl Lexicon {
    /// A lexicon with no entries.
    pub fn empty() -> Lexicon {
        Lexicon::default()
    }

    /// Parses a lexicon in CC-CEDICT format (`trad simp [pin yin] /gloss/gloss/`).
    pub fn from_cedict<R: BufRead>(_reader: R) -> Result<Lexicon> {
        Ok(Lexicon::default())
    }

    /// The built-in lexicon derived from CC-CEDICT, parsed once on first use.
    #[cfg(feature = "cedict")]
    pub fn builtin() -> &'static Lexicon {
        static L: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        L.get_or_init(Lexicon::default)
    }

    /// Number of Chinese headwords.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The English word ids that translate the Chinese word `zh`.
    pub(crate) fn lookup(&self, zh: &str) -> Option<&[u32]> {
        self.words.get(zh).map(|v| &**v)
    }

    /// The id of an English stem, when the lexicon's glosses use it.
    pub(crate) fn en_id(&self, stem: &str) -> Option<u32> {
        self.vocab.get(stem).copied()
    }

    /// The toneless pinyin of a Chinese word, lower case, syllables joined
    /// without separators (汪淼 → "wangmiao"); `None` if a character has no reading.
    pub(crate) fn pinyin(&self, _zh: &str) -> Option<String> {
        None
    }
}
