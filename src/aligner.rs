//! The [`Aligner`] engine and its builder. (Owned by the lead; skeleton.)

use std::ops::Range;
use std::sync::Arc;

use crate::align::{Alignment, Bead};
use crate::blocks::{blocks, BlockKind};
use crate::error::{Error, Language, Location, Result};
use crate::lexicon::{Glossary, Lexicon};
use crate::segment::{en_sentences, zh_sentences};

/// Builds an [`Aligner`]; created by [`Aligner::builder`].
#[derive(Debug, Clone, Default)]
pub struct AlignerBuilder {
    glossary: Glossary,
    lexicon: Option<Arc<Lexicon>>,
    threshold: Option<f64>,
}

impl AlignerBuilder {
    /// Adds the terms of a user glossary (they outrank the built-in lexicon).
    pub fn glossary(mut self, glossary: Glossary) -> AlignerBuilder {
        for (z, e) in glossary.iter() {
            self.glossary.insert(z, e);
        }
        self
    }

    /// Replaces the built-in lexicon (use [`Lexicon::empty`] for none).
    pub fn lexicon(mut self, lexicon: Lexicon) -> AlignerBuilder {
        self.lexicon = Some(Arc::new(lexicon));
        self
    }

    /// Pairs below this confidence are not yielded by [`Alignment::pairs`] (default 0.5).
    pub fn confidence_threshold(mut self, threshold: f64) -> AlignerBuilder {
        self.threshold = Some(threshold);
        self
    }

    /// Builds the aligner.
    pub fn build(self) -> Result<Aligner> {
        let threshold = self.threshold.unwrap_or(0.5);
        if !(0.0..=1.0).contains(&threshold) {
            return Err(Error::Config {
                name: "confidence_threshold",
                message: format!("{threshold} is not in [0, 1]"),
            });
        }
        Ok(Aligner {
            glossary: self.glossary,
            lexicon: self.lexicon,
            threshold,
        })
    }
}

/// The alignment engine: immutable, `Send + Sync`, built once and reused.
#[derive(Debug, Clone)]
pub struct Aligner {
    glossary: Glossary,
    lexicon: Option<Arc<Lexicon>>,
    threshold: f64,
}

impl Default for Aligner {
    fn default() -> Aligner {
        Aligner::new()
    }
}

impl Aligner {
    /// An aligner with the default settings and the built-in lexicon.
    pub fn new() -> Aligner {
        Aligner {
            glossary: Glossary::new(),
            lexicon: None,
            threshold: 0.5,
        }
    }

    /// A builder for non-default settings.
    pub fn builder() -> AlignerBuilder {
        AlignerBuilder::default()
    }

    /// Aligns a mixed file: finds the Chinese and English paragraphs, splits
    /// them into sentences and aligns those.
    pub fn align_mixed(&self, text: &str) -> Result<Alignment> {
        let text: Arc<str> = Arc::from(text);
        let mut zh = Vec::new();
        let mut en = Vec::new();
        for b in blocks(&text) {
            let para = &text[b.range.clone()];
            match b.kind {
                BlockKind::Chinese => {
                    zh.extend(zh_sentences(para).map(|s| shift(s.range(), b.range.start)))
                }
                BlockKind::English => {
                    en.extend(en_sentences(para).map(|s| shift(s.range(), b.range.start)))
                }
                BlockKind::Other => {}
            }
        }
        self.finish(text.clone(), text, zh, en)
    }

    /// Aligns a Chinese text with an English text.
    pub fn align(&self, zh_text: &str, en_text: &str) -> Result<Alignment> {
        let zh = zh_sentences(zh_text).map(|s| s.range()).collect();
        let en = en_sentences(en_text).map(|s| s.range()).collect();
        self.finish(Arc::from(zh_text), Arc::from(en_text), zh, en)
    }

    /// Aligns sentences that are already split.
    pub fn align_sentences<S: AsRef<str>>(&self, zh: &[S], en: &[S]) -> Result<Alignment> {
        let (zt, zr) = join_lines(zh);
        let (et, er) = join_lines(en);
        self.finish(Arc::from(zt), Arc::from(et), zr, er)
    }

    fn finish(
        &self,
        zh_text: Arc<str>,
        en_text: Arc<str>,
        zh: Vec<Range<usize>>,
        en: Vec<Range<usize>>,
    ) -> Result<Alignment> {
        if zh.is_empty() {
            return Err(Error::MissingLanguage {
                at: Location::default(),
                missing: Language::Chinese,
            });
        }
        if en.is_empty() {
            return Err(Error::MissingLanguage {
                at: Location::default(),
                missing: Language::English,
            });
        }
        let _ = (&self.glossary, &self.lexicon);
        let n = zh.len().min(en.len());
        let mut beads: Vec<Bead> = (0..n)
            .map(|i| Bead {
                zh: i..i + 1,
                en: i..i + 1,
                cost: 0.0,
                confidence: 1.0,
            })
            .collect();
        if zh.len() > n {
            beads.push(Bead {
                zh: n..zh.len(),
                en: en.len()..en.len(),
                cost: 0.0,
                confidence: 0.0,
            });
        }
        if en.len() > n {
            beads.push(Bead {
                zh: zh.len()..zh.len(),
                en: n..en.len(),
                cost: 0.0,
                confidence: 0.0,
            });
        }
        Ok(Alignment {
            zh_text,
            en_text,
            zh,
            en,
            beads,
            threshold: self.threshold,
        })
    }
}

fn shift(r: Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}

fn join_lines<S: AsRef<str>>(lines: &[S]) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(lines.len());
    for l in lines {
        let s = l.as_ref();
        ranges.push(text.len()..text.len() + s.len());
        text.push_str(s);
        text.push('\n');
    }
    (text, ranges)
}
