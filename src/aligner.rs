//! The [`Aligner`] engine and its builder: the pipeline's entry points
//! (mixed text, two texts, presplit sentences), each running block detection
//! and sentence splitting as needed, then features, search and the result.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use crate::alignment::{collapse_whitespace, join_lines, Alignment};
use crate::blocks::{blocks, is_code, paragraphs, BlockKind};
use crate::error::{Error, Language, Location, Result};
use crate::features::{Features, Resources, SideInput};
use crate::lexicon::{ChineseTokenizer, Glossary, Lexicon};
use crate::params::{self, Params};
use crate::script::han_share;
use crate::search;
use crate::segment::{en_sentences, zh_sentences};

/// Builds an [`Aligner`]; created by [`Aligner::builder`].
#[derive(Debug, Clone, Default)]
pub struct AlignerBuilder {
    glossary: Glossary,
    lexicon: Option<Arc<Lexicon>>,
    threshold: Option<f64>,
    tokenizer: ChineseTokenizer,
    params: Params,
}

impl AlignerBuilder {
    /// Sets the cost model's and the search's settings (default:
    /// [`Params::default`]); checked by [`build`](AlignerBuilder::build).
    pub fn params(mut self, params: Params) -> AlignerBuilder {
        self.params = params;
        self
    }

    /// Adds the terms of a user glossary. A term found on both sides of a
    /// candidate pair weighs at least as much as the document's rarest word
    /// (so more than any lexicon match) and serves the first pass as an
    /// anchor like other rare shared ids.
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

    /// Pairs below this confidence are not yielded by [`Alignment::pairs`] (default 0.2).
    pub fn confidence_threshold(mut self, threshold: f64) -> AlignerBuilder {
        self.threshold = Some(threshold);
        self
    }

    /// How Chinese sentences are cut into words for the lexicon (default:
    /// [`ChineseTokenizer::Lexicon`], maximum matching).
    pub fn chinese_tokenizer(mut self, tokenizer: ChineseTokenizer) -> AlignerBuilder {
        self.tokenizer = tokenizer;
        self
    }

    /// Builds the aligner.
    pub fn build(self) -> Result<Aligner> {
        let threshold = self.threshold.unwrap_or(params::MIN_CONFIDENCE);
        if !(0.0..=1.0).contains(&threshold) {
            return Err(Error::Config {
                name: "confidence_threshold",
                message: format!("{threshold} is not in [0, 1]"),
            });
        }
        self.params.validate()?;
        if self.lexicon.is_none() {
            crate::lexicon::preload_builtin();
        }
        Ok(Aligner {
            glossary: self.glossary,
            lexicon: self.lexicon,
            threshold,
            tokenizer: self.tokenizer,
            params: Arc::new(self.params),
        })
    }
}

/// The alignment engine: immutable, `Send + Sync`, built once and reused.
#[derive(Debug, Clone)]
pub struct Aligner {
    glossary: Glossary,
    lexicon: Option<Arc<Lexicon>>,
    threshold: f64,
    tokenizer: ChineseTokenizer,
    params: Arc<Params>,
}

impl Default for Aligner {
    fn default() -> Aligner {
        Aligner::new()
    }
}

impl Aligner {
    /// An aligner with the default settings and the built-in lexicon.
    pub fn new() -> Aligner {
        crate::lexicon::preload_builtin();
        Aligner {
            glossary: Glossary::new(),
            lexicon: None,
            threshold: params::MIN_CONFIDENCE,
            tokenizer: ChineseTokenizer::default(),
            params: Arc::new(Params::default()),
        }
    }

    /// A builder for non-default settings.
    pub fn builder() -> AlignerBuilder {
        AlignerBuilder::default()
    }

    /// The settings this aligner uses.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Aligns a mixed file: finds the Chinese and English paragraphs, splits
    /// them into sentences and aligns those.
    ///
    /// A hard-wrapped file (lines of nearly one width, 56–100 columns, most
    /// ending mid-sentence) has the lines of each paragraph joined: a pair's
    /// text drops a line break between two Chinese characters and makes any
    /// other a space; spans still point into `text`, line breaks included.
    ///
    /// A file with no Chinese (or no English) text at all is an
    /// [`Error::MissingLanguage`]; a file whose only Chinese text is web junk
    /// (headline lists, share widgets) gives an alignment with no pairs; one
    /// where neither language has a sentence outside junk is an
    /// [`Error::NothingToAlign`].
    pub fn align_mixed(&self, text: &str) -> Result<Alignment> {
        self.align_mixed_owned(text.to_owned())
    }

    /// [`align_mixed`](Aligner::align_mixed) taking the text by value: the
    /// alignment keeps it as it is, with no second copy (for large inputs).
    ///
    /// ```
    /// let text = String::from("你好。\n\nHello.");
    /// let alignment = zhen_align::Aligner::new().align_mixed_owned(text)?;
    /// assert_eq!(alignment.pairs().count(), 1);
    /// # Ok::<(), zhen_align::Error>(())
    /// ```
    pub fn align_mixed_owned(&self, text: String) -> Result<Alignment> {
        let text = Arc::new(text);
        let mut zh = SideSpans::default();
        let mut en = SideSpans::default();
        let (mut saw_zh, mut saw_en) = (false, false);
        for b in blocks(&text) {
            let para = &text[b.range.clone()];
            // A paragraph labelled Chinese or English counts as that language
            // (by the Han share `params::ZH_HAN_SHARE`, as blocks.rs does);
            // junk ("Other") counts by its Han share, so a file whose only
            // Chinese is junk gives no pairs rather than an error.
            match b.kind {
                BlockKind::Chinese => {
                    saw_zh = true;
                    zh.push_paragraph(zh_spans(para).into_iter().map(|r| shift(r, b.range.start)))
                }
                BlockKind::English => {
                    saw_en = true;
                    en.push_paragraph(en_spans(para).into_iter().map(|r| shift(r, b.range.start)))
                }
                BlockKind::Other => {
                    let share = han_share(para);
                    saw_zh |= share >= params::ZH_HAN_SHARE;
                    saw_en |= share < params::ZH_HAN_SHARE
                        && para.chars().any(|c| c.is_ascii_alphabetic());
                }
            }
        }
        if !saw_zh {
            return Err(Error::MissingLanguage {
                at: Location::default(),
                missing: Language::Chinese,
            });
        }
        if !saw_en {
            return Err(Error::MissingLanguage {
                at: Location::default(),
                missing: Language::English,
            });
        }
        if zh.spans.is_empty() && en.spans.is_empty() {
            return Err(Error::NothingToAlign {
                at: Location::default(),
            });
        }
        self.run(text.clone(), text, zh, en)
    }

    /// Aligns a Chinese text with an English text. Each non-empty line is a
    /// paragraph (in a hard-wrapped text, the lines of a wrapped paragraph
    /// together, as in [`align_mixed`](Aligner::align_mixed)); paragraphs are
    /// split into sentences.
    pub fn align(&self, zh_text: &str, en_text: &str) -> Result<Alignment> {
        self.align_owned(zh_text.to_owned(), en_text.to_owned())
    }

    /// [`align`](Aligner::align) taking the texts by value: the alignment
    /// keeps them as they are, with no second copy (for large inputs).
    pub fn align_owned(&self, zh_text: String, en_text: String) -> Result<Alignment> {
        let (zh, en) = {
            let (zh_text, en_text) = (zh_text.as_str(), en_text.as_str());
            // A paragraph found verbatim in the other text (program output, a
            // name, a command the translation kept) is no translation of it.
            let zh_paras: HashSet<&str> = paragraphs(zh_text)
                .into_iter()
                .map(|r| &zh_text[r])
                .collect();
            let en_paras: HashSet<&str> = paragraphs(en_text)
                .into_iter()
                .map(|r| &en_text[r])
                .collect();
            (
                SideSpans::from_paragraphs(zh_text, |p| !en_paras.contains(p), zh_spans),
                SideSpans::from_paragraphs(en_text, |p| !zh_paras.contains(p), en_spans),
            )
        };
        check_sides(&zh, &en)?;
        self.run(Arc::new(zh_text), Arc::new(en_text), zh, en)
    }

    /// Aligns sentences that are already split (one item a sentence). Empty
    /// items are kept as (empty) sentences so that sentence numbers match the
    /// input's.
    pub fn align_sentences<S: AsRef<str>>(&self, zh: &[S], en: &[S]) -> Result<Alignment> {
        let (zt, zr) = join_lines(zh);
        let (et, er) = join_lines(en);
        self.run_presplit(zt, zr, et, er)
    }

    /// Aligns texts that hold one sentence a line, as
    /// [`align_sentences`](Aligner::align_sentences) aligns their lines
    /// (split as [`str::lines`] splits them: at `\n` or `\r\n`; empty lines
    /// are empty sentences, so sentence numbers are line numbers), taking
    /// the texts by value: the alignment keeps them as they are, with no
    /// second copy, and its spans are byte offsets into them.
    ///
    /// ```
    /// let zh = String::from("你好。\n再见。\n");
    /// let en = String::from("Hello.\r\nGoodbye.\r\n");
    /// let alignment = zhen_align::Aligner::new().align_lines(zh, en)?;
    /// assert_eq!(alignment.en_sentence(1), Some("Goodbye."));
    /// assert_eq!(alignment.en_sentence_span(1), Some(8..16));
    /// assert_eq!(alignment.beads().count(), 2);
    /// # Ok::<(), zhen_align::Error>(())
    /// ```
    pub fn align_lines(&self, zh_text: String, en_text: String) -> Result<Alignment> {
        let (zr, er) = rayon::join(|| line_spans(&zh_text), || line_spans(&en_text));
        self.run_presplit(zh_text, zr, en_text, er)
    }

    /// Aligns presplit sentences: `zh_spans` into `zh_text`, `en_spans` into `en_text`.
    fn run_presplit(
        &self,
        zh_text: String,
        zh_spans: Vec<Range<usize>>,
        en_text: String,
        en_spans: Vec<Range<usize>>,
    ) -> Result<Alignment> {
        let zh = SideSpans {
            spans: zh_spans,
            para_start: Vec::new(),
        };
        let en = SideSpans {
            spans: en_spans,
            para_start: Vec::new(),
        };
        check_sides(&zh, &en)?;
        self.run(Arc::new(zh_text), Arc::new(en_text), zh, en)
    }

    fn lexicon(&self) -> &Lexicon {
        match &self.lexicon {
            Some(l) => l,
            None => default_lexicon(),
        }
    }

    fn run(
        &self,
        zh_text: Arc<String>,
        en_text: Arc<String>,
        mut zh: SideSpans,
        mut en: SideSpans,
    ) -> Result<Alignment> {
        // Where the paragraphs correspond, a bead that runs across a break on
        // one side is rarer still: the crossing costs more (passed to the
        // search as its setting, the search itself unchanged).
        let mut trusted: Option<Arc<Params>> = None;
        // Sentences of untranslated paragraphs are left out of the search and
        // put back afterwards as unaligned beads: nothing is lost.
        let mut left_out: Option<(SideSpans, Vec<usize>, SideSpans, Vec<usize>)> = None;
        if let Some((zh_keep, en_keep)) = self.translated_paragraphs(
            &zh_text,
            &en_text,
            &zh,
            &en,
            Arc::ptr_eq(&zh_text, &en_text),
        ) {
            let (zh_all, en_all) = (zh.clone(), en.clone());
            let zh_map = zh.keep_paragraphs(&zh_keep);
            let en_map = en.keep_paragraphs(&en_keep);
            left_out = Some((zh_all, zh_map, en_all, en_map));
            let mut p = (*self.params).clone();
            p.paragraph_penalty = p.paragraph_penalty.max(params::PARA_TRUSTED_PENALTY);
            trusted = Some(Arc::new(p));
        }
        let params: &Arc<Params> = trusted.as_ref().unwrap_or(&self.params);
        let mut beads = self.search(&zh_text, &en_text, &zh, &en, params)?;
        crate::trace::phase("aligned");
        // Paragraph breaks guide the search only where the two sides keep the
        // same paragraphs. Where the path seldom passes through a break on
        // both sides at once, they were placed independently (a text
        // re-flowed on one side, paragraphs cut by length): the search is
        // redone without them, and no paragraph is left out as untranslated.
        if !breaks_correspond(&beads, &zh.para_start, &en.para_start) {
            if let Some((zh_all, _, en_all, _)) = left_out.take() {
                (zh, en) = (zh_all, en_all);
            }
            zh.para_start.iter_mut().for_each(|p| *p = false);
            en.para_start.iter_mut().for_each(|p| *p = false);
            beads = self.search(&zh_text, &en_text, &zh, &en, &self.params)?;
            crate::trace::phase("aligned again without paragraphs");
        }
        let (zh_spans, en_spans) = match left_out {
            Some((zh_all, zh_map, en_all, en_map)) => {
                beads = put_back(
                    &beads,
                    &zh_map,
                    zh_all.spans.len(),
                    &en_map,
                    en_all.spans.len(),
                );
                (zh_all.spans, en_all.spans)
            }
            None => (zh.spans, en.spans),
        };
        Ok(Alignment {
            zh_text,
            en_text,
            zh: zh_spans,
            en: en_spans,
            beads,
            threshold: self.threshold,
        })
    }
}

impl Aligner {
    /// Builds the features of the sentences `zh` and `en` and searches them
    /// with `params`.
    fn search(
        &self,
        zh_text: &str,
        en_text: &str,
        zh: &SideSpans,
        en: &SideSpans,
        params: &Arc<Params>,
    ) -> Result<Vec<crate::alignment::Bead>> {
        let zh_view: Vec<Cow<'_, str>> = zh
            .spans
            .iter()
            .map(|r| joined(&zh_text[r.clone()]))
            .collect();
        let en_view: Vec<Cow<'_, str>> = en
            .spans
            .iter()
            .map(|r| joined(&en_text[r.clone()]))
            .collect();
        let zin = SideInput {
            sentences: zh_view.iter().map(|s| s.as_ref()).collect(),
            para_start: zh.para_start.clone(),
        };
        let ein = SideInput {
            sentences: en_view.iter().map(|s| s.as_ref()).collect(),
            para_start: en.para_start.clone(),
        };
        crate::trace::phase("sentences ready");
        let lexicon = || {
            let lex = self.lexicon();
            lex.prepare();
            lex
        };
        let res = Resources {
            lexicon: &lexicon,
            glossary: &self.glossary,
            tokenizer: self.tokenizer,
            params,
        };
        let features = Features::build(&zin, &ein, &res);
        // The sentence views are not needed by the search: freed before it.
        drop((zin, ein));
        drop((zh_view, en_view));
        crate::trace::phase("features built");
        if self.lexicon.is_none() {
            check_default_lexicon()?;
        }
        Ok(search::align(features))
    }

    /// Paragraph-level pre-alignment: the paragraphs of each side that have a
    /// counterpart on the other, or `None` when the sides' paragraphs are not
    /// comparable (fewer than [`params::PARA_ALIGN_MIN`] on a side, counts
    /// further apart than [`params::PARA_ALIGN_MAX_RATIO`], or too few
    /// paragraphs in 1–1 beads, [`params::PARA_ALIGN_MIN_ONE_TO_ONE`]).
    ///
    /// A translation keeps the paragraphs of its original, so the sentence
    /// aligner's own model, run on whole paragraphs, finds the paragraphs left
    /// untranslated (a Chinese-only "有下面几种情况。", a note the translator
    /// dropped) as 1–0 and 0–1 beads, with a paragraph's whole text as
    /// evidence. Left in, their sentences pair with unrelated neighbours and
    /// shift the beads around them, in block and two-file layouts alike.
    fn translated_paragraphs<'t>(
        &self,
        zh_text: &'t str,
        en_text: &'t str,
        zh: &SideSpans,
        en: &SideSpans,
        mixed: bool,
    ) -> Option<(Vec<bool>, Vec<bool>)> {
        let (zp, ep) = (zh.paragraph_spans(), en.paragraph_spans());
        let (n, m) = (zp.len(), ep.len());
        if n.min(m) < params::PARA_ALIGN_MIN
            || n.max(m) as f64 > params::PARA_ALIGN_MAX_RATIO * n.min(m) as f64
        {
            return None;
        }
        // Paragraphs as spans into the text (copied only where joined).
        let side = |text: &'t str, spans: &[Range<usize>]| -> Vec<Cow<'t, str>> {
            spans.iter().map(|r| joined(&text[r.clone()])).collect()
        };
        let (zs, es) = (side(zh_text, &zp), side(en_text, &ep));
        let zin = SideInput {
            sentences: zs.iter().map(|s| s.as_ref()).collect(),
            para_start: Vec::new(),
        };
        let ein = SideInput {
            sentences: es.iter().map(|s| s.as_ref()).collect(),
            para_start: Vec::new(),
        };
        let lexicon = || {
            let lex = self.lexicon();
            lex.prepare();
            lex
        };
        // Paragraphs are units of translation: a bead of several earns no
        // extra lexical credit (the sentence search's merge credit makes up
        // for translations that cross sentence boundaries, which paragraphs
        // seldom do), so an untranslated paragraph is not merged into its
        // neighbour's bead for the credit.
        let mut pp = (*self.params).clone();
        pp.merge_lexical_exponent = 0.0;
        let para_params = Arc::new(pp);
        let res = Resources {
            lexicon: &lexicon,
            glossary: &self.glossary,
            tokenizer: self.tokenizer,
            params: &para_params,
        };
        let features = Features::build(&zin, &ein, &res);
        drop((zin, ein));
        drop((zs, es));
        let beads = search::align(features);
        crate::trace::phase("paragraphs pre-aligned");
        // Paragraphs that correspond one to one are the sign that the sides
        // keep the same paragraphs; where they do not (breaks placed
        // differently on each side), a 1–0 bead is no untranslated paragraph.
        let one_to_one = beads
            .iter()
            .filter(|b| b.zh.len() == 1 && b.en.len() == 1)
            .count();
        if ((2 * one_to_one) as f64) < params::PARA_ALIGN_MIN_ONE_TO_ONE * (n + m) as f64 {
            return None;
        }
        // A paragraph is untranslated when its 1–0 (0–1) bead lies between
        // 1–1 beads (or the document's ends): the paragraphs around it
        // correspond. Next to a 2–1 or 1–2 bead it is more likely a break the
        // two sides placed differently.
        let pair_ok = |b: Option<&crate::alignment::Bead>| {
            b.is_none_or(|b| b.zh.len() == 1 && b.en.len() == 1)
        };
        let (mut zk, mut ek) = (vec![true; n], vec![true; m]);
        for (i, b) in beads.iter().enumerate() {
            if !b.zh.is_empty() && !b.en.is_empty() {
                continue;
            }
            let before = beads[..i].iter().rev().find(|b| b.is_pair());
            let after = beads[i + 1..].iter().find(|b| b.is_pair());
            if !(pair_ok(before) && pair_ok(after)) {
                continue;
            }
            if b.zh.is_empty() {
                ek[b.en.clone()].iter_mut().for_each(|k| *k = false);
            } else {
                zk[b.zh.clone()].iter_mut().for_each(|k| *k = false);
            }
        }
        if mixed {
            interleaved_order(&zp, &ep, &beads, &mut ek);
        }
        Some((zk, ek))
    }
}

/// In one mixed file laid out Chinese first and interleaved (most Chinese
/// paragraphs followed directly by an English one, only code or junk
/// between), each translation follows its source. A 1–k paragraph bead of the
/// pre-alignment whose English paragraphs stand on both sides of its Chinese
/// one in the file has swallowed an untranslated paragraph: those before the
/// Chinese paragraph cannot translate it, and are left out (`ek`: kept flags).
fn interleaved_order(
    zp: &[Range<usize>],
    ep: &[Range<usize>],
    beads: &[crate::alignment::Bead],
    ek: &mut [bool],
) {
    // Chinese paragraphs whose next paragraph in the file is English.
    let mut adjacent = 0;
    let mut j = 0;
    for (i, z) in zp.iter().enumerate() {
        while j < ep.len() && ep[j].start < z.end {
            j += 1;
        }
        let next_zh = zp.get(i + 1).map_or(usize::MAX, |n| n.start);
        adjacent += usize::from(j < ep.len() && ep[j].start < next_zh);
    }
    if 2 * adjacent < zp.len() {
        return;
    }
    for b in beads.iter().filter(|b| b.zh.len() == 1 && b.en.len() > 1) {
        let z = &zp[b.zh.start];
        if ep[b.en.clone()].iter().any(|e| e.start > z.start) {
            for j in b.en.clone() {
                if ep[j].start < z.start {
                    ek[j] = false;
                }
            }
        }
    }
}

/// The beads of a search over the kept sentences (`zh_map[k]`: the index of
/// kept Chinese sentence `k` among all `n` of them; `en_map`, `m` the same
/// for English), on all sentences: each left-out sentence an unaligned bead
/// of its own, in its place, with confidence 1 (the paragraph pre-alignment
/// found it untranslated). A bead whose kept sentences have a left-out one
/// between them (it would cross the left-out paragraph) takes that one in,
/// so the beads still partition both sides.
fn put_back(
    beads: &[crate::alignment::Bead],
    zh_map: &[usize],
    n: usize,
    en_map: &[usize],
    m: usize,
) -> Vec<crate::alignment::Bead> {
    use crate::alignment::Bead;
    let full = |map: &[usize], all: usize, r: &Range<usize>| -> Range<usize> {
        if r.is_empty() {
            let at = map.get(r.start).copied().unwrap_or(all);
            at..at
        } else {
            map[r.start]..map[r.end - 1] + 1
        }
    };
    let skip = |zh: Range<usize>, en: Range<usize>| Bead {
        zh,
        en,
        cost: 0.0,
        confidence: 1.0,
    };
    let mut out = Vec::with_capacity(beads.len() + n + m - zh_map.len() - en_map.len());
    let (mut i, mut j) = (0usize, 0usize);
    for b in beads {
        let (z, e) = (full(zh_map, n, &b.zh), full(en_map, m, &b.en));
        out.extend((i..z.start).map(|ii| skip(ii..ii + 1, j..j)));
        out.extend((j..e.start).map(|jj| skip(z.start..z.start, jj..jj + 1)));
        (i, j) = (z.end, e.end);
        out.push(Bead {
            zh: z,
            en: e,
            ..b.clone()
        });
    }
    out.extend((i..n).map(|ii| skip(ii..ii + 1, j..j)));
    out.extend((j..m).map(|jj| skip(n..n, jj..jj + 1)));
    out
}

/// The built-in lexicon's data was readable (it was loaded by now).
#[cfg(feature = "cedict")]
fn check_default_lexicon() -> Result<()> {
    Lexicon::try_builtin().map(|_| ())
}

#[cfg(not(feature = "cedict"))]
fn check_default_lexicon() -> Result<()> {
    Ok(())
}

#[cfg(feature = "cedict")]
fn default_lexicon() -> &'static Lexicon {
    Lexicon::builtin()
}

#[cfg(not(feature = "cedict"))]
fn default_lexicon() -> &'static Lexicon {
    static EMPTY: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Lexicon::empty)
}

fn check_sides(zh: &SideSpans, en: &SideSpans) -> Result<()> {
    if zh.spans.is_empty() {
        return Err(Error::MissingLanguage {
            at: Location::default(),
            missing: Language::Chinese,
        });
    }
    if en.spans.is_empty() {
        return Err(Error::MissingLanguage {
            at: Location::default(),
            missing: Language::English,
        });
    }
    Ok(())
}

/// Whether the two sides' paragraph breaks correspond. Of the breaks on the
/// side with fewer of them, count those the path `beads` goes through with a
/// break on the other side too; by chance, a share about the other side's
/// density of breaks (breaks per sentence) would be. The breaks correspond
/// when the share beyond chance, `(shared - chance) / (1 - chance)`, is at
/// least [`params::PARA_BREAKS_SHARED_MIN`]. A translated document keeps its
/// original's paragraphs (a paragraph may become two, which leaves every
/// break of the other side shared); breaks placed independently on the two
/// sides meet only by chance. With fewer than [`params::PARA_ALIGN_MIN`]
/// breaks on a side, or breaks after every sentence on the other, there is
/// too little to tell, and they are taken as they are.
fn breaks_correspond(beads: &[crate::alignment::Bead], zh: &[bool], en: &[bool]) -> bool {
    let breaks = |p: &[bool]| p.iter().skip(1).filter(|&&b| b).count();
    let (bz, be) = (breaks(zh), breaks(en));
    let (fewer, other, other_len) = if bz <= be {
        (bz, be, en.len())
    } else {
        (be, bz, zh.len())
    };
    if fewer < params::PARA_ALIGN_MIN || other + 1 >= other_len {
        return true;
    }
    let shared = beads
        .iter()
        .filter(|b| {
            b.zh.start > 0
                && b.en.start > 0
                && zh.get(b.zh.start).copied().unwrap_or(false)
                && en.get(b.en.start).copied().unwrap_or(false)
        })
        .count();
    let share = shared as f64 / fewer as f64;
    let chance = other as f64 / (other_len - 1) as f64;
    let beyond = (share - chance) / (1.0 - chance);
    if crate::trace::enabled() {
        crate::trace::phase(&format!(
            "paragraph breaks: {shared} of {fewer} shared ({share:.2}; by chance {chance:.2}; beyond chance {beyond:.2})"
        ));
    }
    beyond >= params::PARA_BREAKS_SHARED_MIN
}

/// The spans of a text's lines, as [`str::lines`] splits them (line
/// endings, `\n` or `\r\n`, left out).
fn line_spans(text: &str) -> Vec<Range<usize>> {
    // The line breaks counted in bytes over blocks of 255 (vectorized).
    let breaks: usize = text
        .as_bytes()
        .chunks(255)
        .map(|c| c.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')) as usize)
        .sum();
    let mut spans = Vec::with_capacity(breaks + 1);
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let body = match line.strip_suffix('\n') {
            Some(l) => l.strip_suffix('\r').unwrap_or(l),
            None => line,
        };
        spans.push(start..start + body.len());
        start = end;
    }
    spans
}

/// One side's sentence spans and which of them start a paragraph.
#[derive(Debug, Clone, Default)]
struct SideSpans {
    spans: Vec<Range<usize>>,
    para_start: Vec<bool>,
}

impl SideSpans {
    /// Each paragraph's span, from its first sentence's start to its last's end.
    fn paragraph_spans(&self) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        for (r, &start) in self.spans.iter().zip(&self.para_start) {
            match out.last_mut() {
                Some(last) if !start => last.end = r.end,
                _ => out.push(r.clone()),
            }
        }
        out
    }

    /// Keeps the sentences of the paragraphs `keep` marks; returns, for each
    /// sentence kept, its index before.
    fn keep_paragraphs(&mut self, keep: &[bool]) -> Vec<usize> {
        let mut para = 0usize;
        let mut first = true;
        let mut out = SideSpans::default();
        let mut map = Vec::with_capacity(self.spans.len());
        for (k, (r, &start)) in self.spans.iter().zip(&self.para_start).enumerate() {
            if start && !first {
                para += 1;
            }
            first = false;
            if keep.get(para).copied().unwrap_or(true) {
                out.spans.push(r.clone());
                out.para_start.push(start);
                map.push(k);
            }
        }
        *self = out;
        map
    }

    fn push_paragraph(&mut self, sentences: impl Iterator<Item = Range<usize>>) {
        let mut first = true;
        for r in sentences {
            self.spans.push(r);
            self.para_start.push(first);
            first = false;
        }
    }

    /// The sentences of `text`'s paragraphs ([`paragraphs`]: its non-empty
    /// lines, or the joined lines of a hard-wrapped text) that `keep` keeps.
    /// Code, commands, paths and URLs ([`is_code`]) are in neither language:
    /// left out.
    fn from_paragraphs(
        text: &str,
        keep: impl Fn(&str) -> bool,
        split: impl Fn(&str) -> Vec<Range<usize>>,
    ) -> SideSpans {
        let mut side = SideSpans::default();
        for p in paragraphs(text) {
            if is_code(&text[p.clone()]) || !keep(&text[p.clone()]) {
                continue;
            }
            let start = p.start;
            side.push_paragraph(split(&text[p]).into_iter().map(|r| shift(r, start)));
        }
        side
    }
}

/// The spans of the sentences to align in a Chinese paragraph.
fn zh_spans(para: &str) -> Vec<Range<usize>> {
    let view = unwrapped(para);
    zh_sentences(&view)
        .filter(|s| holds_words(s.as_str()))
        .map(|s| s.range())
        .collect()
}

/// The spans of the sentences to align in an English paragraph.
fn en_spans(para: &str) -> Vec<Range<usize>> {
    let view = unwrapped(para);
    en_sentences(&view)
        .filter(|s| holds_words(s.as_str()))
        .map(|s| s.range())
        .collect()
}

/// A paragraph as the sentence splitters should see it. One joined from
/// hard-wrapped lines ([`paragraphs`]) holds line breaks, which the splitters
/// take as hard sentence breaks; here each break is a space (the same byte
/// length, so spans into this view are spans into the paragraph).
fn unwrapped(para: &str) -> Cow<'_, str> {
    if para.contains(['\n', '\r']) {
        Cow::Owned(para.replace(['\n', '\r'], " "))
    } else {
        Cow::Borrowed(para)
    }
}

/// A sentence as the features should read it: one that runs over lines of a
/// hard-wrapped paragraph is read as its pair text is written (breaks
/// between Chinese characters dropped, others a space), so that a wrapped
/// file gives the same evidence as one with a paragraph a line; any other
/// sentence is read as it is.
fn joined(s: &str) -> Cow<'_, str> {
    // Two byte searches (memchr), not a pass a character: both are ASCII.
    let b = s.as_bytes();
    if b.contains(&b'\n') || b.contains(&b'\r') {
        collapse_whitespace(s)
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether a split piece of text is a sentence to align: it holds a letter
/// or a digit (Han characters count as letters). A run of punctuation,
/// symbols or control characters ("—", "...", a NUL byte) is not: it has no
/// translation to find, and pairing it only makes a junk pair look confident.
fn holds_words(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

fn shift(r: Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}
