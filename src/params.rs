//! Every tunable number of the aligner, in one place, with where it comes from.
//!
//! "Tuned" means chosen on the development material named in the project's
//! README (MAC-Dev, the Bible, the seed documents) by a small grid search with
//! `examples/evaluate.rs`; the other numbers come from the cited papers.

/// The bead shapes the dynamic program considers, `(zh sentences, en sentences)`,
/// with their prior costs (relative to 1–1, in the units of −ln probability).
///
/// Gale & Church (1993) report for English–French/German 1–1 0.89, 1–0/0–1
/// 0.0099, 2–1/1–2 0.089, 2–2 0.011. Chinese–English has many more n–m beads:
/// MAC-Dev's gold (1,337 beads) is 62 % 1–1, 21 % 1–2, 5.5 % 1–3, 5.0 % 2–1,
/// 2.2 % 1–4, 1.9 % 2–2, 0.9 % 2–3, the rest 1–5 and up, 3–2, 3–3 and 1–0;
/// the Bible's (zh first) 71 % 1–1, 20.5 % 2–1, 3.4 % 2–2, 2.9 % 3–1, 0.8 % 1–2.
/// The priors start from those frequencies and were then tuned on both
/// (−ln of MAC-Dev's frequencies alone gave MAC-Dev 0.877, the Bible 0.970
/// strict F1; these give 0.877 and 0.979). Shapes up to 1–8 / 8–1 are needed by
/// press releases (one long Chinese sentence translated by seven English ones).
pub(crate) const BEADS: &[(usize, usize, f64)] = &[
    (1, 1, 0.0),
    (1, 0, 0.0), // deletions and insertions are priced by `SKIP_COST` instead
    (0, 1, 0.0),
    (1, 2, 1.6),
    (2, 1, 2.0),
    (2, 2, 3.2),
    (1, 3, 2.8),
    (3, 1, 3.6),
    (2, 3, 3.8),
    (3, 2, 3.8),
    (1, 4, 3.8),
    (4, 1, 4.6),
    (3, 3, 5.0),
    (1, 5, 4.6),
    (5, 1, 5.4),
    (1, 6, 5.2),
    (6, 1, 6.0),
    (1, 7, 5.8),
    (7, 1, 6.6),
    (1, 8, 6.4),
    (8, 1, 7.2),
];

/// The longest run of sentences one side of a bead may take.
pub(crate) const MAX_RUN: usize = 8;

/// Cost of leaving one sentence unaligned (a 1–0 or 0–1 bead). Gale & Church's
/// prior for 1–0 is −ln 0.0099/2 ≈ 5.3 on top of a length cost; here a flat
/// cost, tuned.
pub(crate) const SKIP_COST: f64 = 5.5;

/// A sentence needs this much content (IDF weight, about three or four
/// content words) before its lack of translation evidence makes it cheaper
/// to leave unaligned.
pub(crate) const SKIP_EVIDENCE: f64 = 12.0;

/// Share of a sentence's content weight with a translation nearby at or above
/// which leaving it unaligned costs the full `SKIP_COST`.
pub(crate) const SKIP_REFERENCE: f64 = 0.8;

/// The least share of `SKIP_COST` that leaving a sentence with no evidence
/// costs.
pub(crate) const SKIP_FLOOR: f64 = 0.3;

/// Weight of the lexical similarity (a bonus per bead, in the spirit of
/// Hunalign's and Champollion's dictionary scores): cost −= `LEX_WEIGHT` × s.
/// Tuned.
pub(crate) const LEX_WEIGHT: f64 = 20.0;

/// Smoothing of the lexical similarity s = matched / (total + k), so that a
/// short sentence does not win on one word (k ≈ 10 words in the quick
/// experiments of DESIGN.md; here in IDF-weight units, tuned).
pub(crate) const LEX_SMOOTHING: f64 = 8.0;

/// Weight of the Gale–Church length cost (1.0 = as in the paper).
pub(crate) const LENGTH_WEIGHT: f64 = 1.0;

/// Default variance per unit of length of the English/Chinese length
/// difference, used until a document's own is fitted. Gale & Church's value for
/// characters of European languages is 6.8; for English characters against
/// Chinese characters the spread is wider (fitted on the Bible's gold 1–1
/// beads).
pub(crate) const LENGTH_VARIANCE: f64 = 40.0;

/// Default English-characters-per-Chinese-character ratio (MAC-Dev documents
/// range from 2.9 to 4.3, the Bible is 3.37); used only when a document is too
/// short to fit its own.
pub(crate) const LENGTH_RATIO: f64 = 3.3;

/// Extra cost for a bead that runs across a paragraph break on one side
/// (paragraphs are units of translation in web pages).
pub(crate) const PARAGRAPH_PENALTY: f64 = 3.0;

/// Half-width of the first pass's band around the anchor path (or the length
/// diagonal), in sentences. The first pass only feeds the learned table, the
/// second pass's centre line and its cut points, so it does not widen, and
/// its beads take at most `FIRST_MAX_RUN` sentences a side.
pub(crate) const BAND_FIRST: usize = 4;

/// See [`BAND_FIRST`]. Measured (2026-11-23): the same F1 on MAC-Dev and the
/// Bible as with all shapes (3 loses 0.002 on MAC-Dev); half the first pass's
/// time.
pub(crate) const FIRST_MAX_RUN: usize = 4;

/// Half-width of the second pass's band around the first pass's path (and
/// of the only pass when learning is off); it doubles locally wherever the
/// best path comes within `BAND_MARGIN` of its edge. Measured (2026-11-23):
/// MAC-Dev and the Bible give the same F1 with 4/5/2 as with 16/16/6, and
/// so do a Bible with 400 English and 320 + 20 Chinese verses cut out and
/// one with 200 foreign English verses inserted; the DP does a fifth of the
/// work.
pub(crate) const BAND_INITIAL: usize = 5;

/// See [`BAND_INITIAL`].
pub(crate) const BAND_MARGIN: usize = 2;

/// Long documents are cut into segments of about this many Chinese sentences
/// at points both passes are sure of (runs of anchors, runs of 1–1 beads);
/// segments are searched in parallel and widen on their own (a widening
/// re-searches one segment, not the document). Bible strict F1 0.980 with
/// segments of 100 to 3000.
pub(crate) const SEGMENT: usize = 100;

/// A first-pass run of five 1–1 beads is a cut point for the second pass
/// only when each bead's confidence reaches this. Measured on a Bible with
/// 200 foreign English verses inserted and 150 Chinese ones removed: strict
/// F1 0.937 with any run, 0.949 with this (as with no cuts at all).
pub(crate) const CUT_CONFIDENCE: f64 = 0.8;

/// The band never holds more than this many cells (bounds time and memory on
/// hostile input: about 10 bytes a cell).
pub(crate) const BAND_MAX_CELLS: usize = 40_000_000;

/// The band is widened at most this many times (each time re-searched).
pub(crate) const BAND_MAX_ROUNDS: usize = 6;

/// The first pass's confidence of a pair (what its cut points for the
/// second pass look at; the final pass's confidence is the posterior of
/// `search/posterior.rs`) is the logistic of `(margin + CONFIDENCE_OFFSET) /
/// CONFIDENCE_SCALE`, where the margin is how much cheaper the bead is than
/// leaving its sentences unaligned. Fitted by logistic regression of "the
/// bead is exactly a gold bead" on the margin over MAC-Dev's 1,389 predicted
/// pairs (2026-11-23): margin 0 → 0.66, the median margin (≈ 14) → 0.88.
/// (The margin is a weak predictor: AUROC 0.59.)
pub(crate) const CONFIDENCE_SCALE: f64 = 11.0;

/// See [`CONFIDENCE_SCALE`].
pub(crate) const CONFIDENCE_OFFSET: f64 = 7.2;

/// The margin of a pair is `CONFIDENCE_SKIP_SHARE` × (the cost of leaving
/// each of its sentences unaligned, summed) − the pair's cost: half, because
/// a pair of one sentence a side replaces two skips, and the logistic above
/// was fitted on that scale.
pub(crate) const CONFIDENCE_SKIP_SHARE: f64 = 0.5;

/// Pairs below this confidence are not yielded by `Alignment::pairs` unless
/// the builder sets another threshold: a pair is left out by default when
/// it has less than a one-in-five chance of being exactly right. (Before the
/// confidence was a calibrated posterior the default was 0.5 on a scale
/// where every MAC-Dev and Bible pair lay above it. On the calibrated scale
/// (2026-12-04), 0.2 leaves out 3 of MAC-Dev's 1,360 pairs (1 of them right)
/// and 1 of the Bible's 4,957 (wrong); 0.5 would leave out 3.6 % of
/// MAC-Dev's pairs (37 % of them right) and 0.5 % of the Bible's (83 %
/// right): most of those pairs overlap the right bead.)
pub(crate) const MIN_CONFIDENCE: f64 = 0.2;

/// Temperature of the posterior confidence (`search/posterior.rs`), in cost
/// units.
pub(crate) const CONFIDENCE_TEMPERATURE: f64 = 1.0;

/// A bead's lexical bonus is a share of its content, at most
/// `lexical_weight` whatever its size, so a 2–2 bead that holds two
/// sentences' translations earns at most half of what two 1–1 beads earn,
/// and a translation that crosses the sentence boundary (the gold's 2–2, 2–3
/// beads) is cut into two wrong 1–1 beads: MAC-Dev's gold has 25 2–2 beads
/// and 12 2–3, the search finds 5 and 6. `Params::merge_lexical_exponent`
/// makes the weight grow with the number `k` of the bead's sentences that
/// hold a matched token, `(max(k, 2) / 2)^x` (counting only matched
/// sentences, so an untranslated line is not merged into its neighbour for
/// the credit). Measured (2026-12-04, strict F1 MAC-Dev / Bible): x = 0.3 →
/// 0.882 / 0.981, 0.4 → 0.889 / 0.981, 0.5 → 0.883 / 0.981, 0.6 → 0.872 /
/// 0.980 (0 → 0.877 / 0.980); the bead priors needed no refit (all of
/// them ×0.9 or ×1.1 did no better). Counting every sentence instead of the
/// matched ones gave 0.893 / 0.981, but merged an untranslated line into its
/// neighbour.
pub(crate) const MERGE_LEXICAL_EXPONENT: f64 = 0.4;

/// IBM Model 1 (Brown et al. 1993) trained by EM on the document's own
/// first-pass pairs, both ways, as Moore (2002) trains it on the confident
/// beads of a length-based pass (`src/features/model1.rs`): a Chinese and an
/// English word each of which translates into the other with at least this
/// probability are learned as translations, beside the Dice table's pairs.
/// Measured 2026-12-05 as configured here (strict F1 MAC-Dev / Bible): off
/// → 0.909 / 0.983, 0.04 → 0.907 / 0.988, 0.05 → 0.907 / 0.986, 0.06 →
/// 0.907 / 0.986. Trained on all pairs with 5 EM iterations and no G² test,
/// a threshold this low learned noise on the short literary chapters (0.05
/// → MAC-Dev 0.894, Bible 0.985; 0.1 → 0.902 / 0.983).
pub(crate) const MODEL1_THRESHOLD: f64 = 0.05;

/// First-pass pairs of at least this confidence train Model 1. 0: all of
/// the shapes `MODEL1_MAX_SENTENCES` admits (0.8 → MAC-Dev 0.901, Bible 0.983
/// against 0.901 / 0.985 for 0, both without the order cost).
pub(crate) const MODEL1_CONFIDENCE: f64 = 0.0;

/// Model 1 trains on pairs of at most this many sentences in all (1–1, 1–2,
/// 2–1; Moore 2002 trains on 1–1 beads alone): larger beads add many word
/// combinations and little evidence. Measured: 2 → 0.905 / 0.985, 3 → 0.908
/// / 0.986, all → 0.906 / 0.988 (5 iterations); 3 costs a quarter less.
pub(crate) const MODEL1_MAX_SENTENCES: usize = 3;

/// Model 1 trains on at most this many pairs, taken evenly across the
/// document when it has more, so that its training tables (up to 12 × 12
/// word cells a pair, both directions) stay bounded on a long document. The
/// Bible has about 4,700 pairs (unchanged); on the Bible repeated 16 times the
/// tables took about 85 MiB of the peak RSS. A word seen only in pairs left
/// out still has the Dice table's evidence.
pub(crate) const MODEL1_MAX_PAIRS: usize = 20_000;

/// Model 1's EM iterations from a uniform table (Model 1's log-likelihood is
/// concave; the first iterations do most of the explaining away). Measured
/// 2026-12-05 (strict F1 MAC-Dev / Bible): 3 → 0.907 / 0.986, 4 → 0.907 /
/// 0.987; 3 costs a quarter less (the Bible's whole run: 2.40 G against
/// 2.44 G instructions).
pub(crate) const MODEL1_ITERATIONS: usize = 3;

/// Keys a side of a Model 1 training pair keeps at most (the rarest: the
/// cells, and the time, grow with the product of the two sides' keys).
/// Measured 2026-12-05 (4 iterations): 12 → 0.904 / 0.987, 10 → 0.900 /
/// 0.987.
pub(crate) const MODEL1_MAX_KEYS: usize = 12;

/// A word pair Model 1 learns must keep company beyond chance in the
/// training pairs: Dunning's (1993) log-likelihood ratio G² at least 10.83,
/// the χ² critical value for p < 0.001 at one degree of freedom. A fixed
/// co-occurrence count means little evidence in a chapter of 250 pairs and
/// much in a Bible of 5,000; G² weighs the count against both words'
/// frequencies and the number of pairs. Measured: with Model 1 trained on
/// all pairs (5 iterations) at threshold 0.05, no test → MAC-Dev 0.894 /
/// Bible 0.985, 10.83 → 0.901 / 0.985; as configured now the test is
/// nearly neutral (0 → 0.905 / 0.986, 10.83 → 0.907 / 0.986) and kept as
/// the guard it is on short documents.
pub(crate) const MODEL1_MIN_G2: f64 = 10.83;

/// Word order within a bead of one sentence on one side and several on the
/// other (`src/search/order.rs`; `Params::order_weight`). Measured
/// 2026-12-05 (strict F1 MAC-Dev / Bible, Model 1 at 0.1 without G²): 0 →
/// 0.902 / 0.983, 1 → 0.903 / 0.984, 2 → 0.903 / 0.984, 4 → 0.905 / 0.984,
/// 8 → 0.899 / 0.985; with Model 1 as now: 3 → 0.905 / 0.987, 4 → 0.906 /
/// 0.988, 5 → 0.904 / 0.987, 6 → 0.904 / 0.988. Extended to beads of
/// several sentences a side (each Chinese sentence against the English run
/// read as one text): 4 → 0.907 / 0.986 against 0.904 / 0.986 for 1–n and
/// n–1 beads alone (with 3 EM iterations); 3 → 0.907 / 0.987, 6 → 0.905 /
/// 0.988; 0 → 0.897 / 0.985.
pub(crate) const ORDER_WEIGHT: f64 = 4.0;

/// Weight of the quote-structure cost (`Params::quote_weight`): 1 takes the
/// log-likelihood ratio measured on the document's own first pass as it is.
/// Measured 2026-12-05 (MAC-Dev strict F1; the Bible has no quotes and is
/// unchanged at any weight): 0 → 0.889, 0.5 → 0.894, 1 → 0.900, 1.5 →
/// 0.901, 2 → 0.899.
pub(crate) const QUOTE_WEIGHT: f64 = 1.0;

/// The quote cost is priced only from at least this many first-pass pair
/// boundaries (two a pair)...
pub(crate) const QUOTE_MIN_BOUNDARIES: f64 = 20.0;

/// ... and only when a boundary on one side inside a quote would meet one
/// outside on the other at least this often by chance (both sides quote).
pub(crate) const QUOTE_MIN_CHANCE: f64 = 0.02;

/// The posterior sums over the cells of the final band within this many
/// English sentences of the best path.
pub(crate) const POSTERIOR_WIDTH: usize = 2;

/// How many pieces of evidence a pair's confidence weighs
/// (`search/posterior.rs`).
pub(crate) const CONFIDENCE_INPUTS: usize = 8;

/// Weights of the confidence's logistic regression, one per piece of
/// evidence, then the bias. Fitted on MAC-Dev in two stages: L2-penalised
/// (1) weights on its predicted pairs, the target being "the pair is a gold
/// bead", together with negatives no literary gold holds (the pairs of a
/// copy of each chapter with every 20th English sentence replaced by one
/// from half a chapter away: a wrong translation in place); then the scale
/// and bias refitted on the chapters' own pairs alone, so the confidence is
/// calibrated on real text. `evaluate ../shared/corpora/mac-dev
/// --fit-confidence` prints these numbers. (Without the negatives MAC-Dev's
/// AUROC was 0.889 against 0.875 now, but a Bible with every 40th English
/// verse replaced gave its wrong pairs a median confidence of 0.86, 41 % of
/// them at 0.9 or more; now 0.46 and 8 %.)
pub(crate) const CONFIDENCE_WEIGHTS: [f64; CONFIDENCE_INPUTS + 1] = [
    0.5800, 0.5991, -0.4887, -0.4452, 0.0674, -0.3515, -0.4950, -0.9933, 3.6562,
];

/// Temperature of the logistic for the confidence of an unaligned sentence
/// (how much cheaper leaving it out is than pairing it with a neighbour).
pub(crate) const SKIP_CONFIDENCE_SCALE: f64 = 2.0;

/// Whether Chinese names are matched with English ones through pinyin
/// (`src/features/`). Off: measured with the learned translation table on, it
/// did not help (MAC-Dev strict F1 0.877 without, 0.872 with exact matching,
/// 0.871 with fuzzy matching; the Bible 0.979 / 0.979 / 0.980): the names that
/// recur are learned from the document itself. [`Params::name_matching`]
/// turns it on.
pub(crate) const NAME_MATCHING: NameMatching = NameMatching::Off;

/// Jaro–Winkler similarity at or above which a Chinese name's pinyin and an
/// English capitalized word (or two) count as the same name.
pub(crate) const NAME_SIMILARITY: f64 = 0.9;

/// Shortest pinyin (in letters) considered for name matching (shorter ones
/// match too much by chance).
pub(crate) const NAME_MIN_LEN: usize = 4;

/// The least weight of a glossary term (in IDF units; an IDF of 8 is a word
/// seen once in about 3,000 sentences). Equal to the lexical smoothing, so a
/// 1–1 bead whose sides share a user's term has a lexical similarity of at
/// least 2·8 / (2·8 + 8 + the rest): in a short document, where every IDF is
/// small, it still decides between neighbouring candidates.
pub(crate) const GLOSSARY_WEIGHT: f64 = LEX_SMOOTHING;

/// Content tokens kept per sentence for lexical matching (the highest-weight
/// ones; the rest still count in the sentence's total).
pub(crate) const MAX_TOKENS: usize = 64;

/// How Chinese names are matched with English ones through their pinyin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum NameMatching {
    /// Not at all (the default: with the translation table learned from the
    /// document, the names that recur are learned anyway; MAC-Dev strict F1
    /// 0.877 off, 0.872 exact, 0.871 fuzzy; the Bible 0.979 / 0.979 / 0.980).
    #[default]
    Off,
    /// A Chinese string whose pinyin equals an English capitalized word (or
    /// two) of the document.
    Exact,
    /// As [`Exact`](NameMatching::Exact), and for strings the lexicon does not
    /// know, pinyin within Jaro–Winkler 0.9 of the English form.
    Fuzzy,
}

/// The aligner's settings: every number the cost model and the search use
/// that a user may want to change, with the values chosen on the project's
/// development material (MAC-Dev, the Bible, the seed documents) as the
/// [`Default`]. Each [`Aligner`](crate::Aligner) owns its own (set with
/// [`AlignerBuilder::params`](crate::AlignerBuilder::params)); nothing is
/// read from the environment.
///
/// Costs are in the units of −ln probability, relative to a 1–1 bead.
///
/// ```
/// use zhen_align::{Aligner, Params};
///
/// let mut params = Params::default();
/// params.skip_cost = 4.0; // leave more sentences unaligned
/// let aligner = Aligner::builder().params(params).build()?;
/// # let _ = aligner;
/// # Ok::<(), zhen_align::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Params {
    /// Cost of leaving one sentence unaligned (a 1–0 or 0–1 bead). Gale &
    /// Church's prior for 1–0 is −ln 0.0099/2 ≈ 5.3 on top of a length cost;
    /// here a flat cost. Default 5.5 (tuned).
    pub skip_cost: f64,
    /// Content a sentence needs (IDF weight, about three or four content
    /// words) before its lack of translation evidence nearby makes it
    /// cheaper to leave unaligned. Default 12.
    pub skip_evidence: f64,
    /// Share of a sentence's content weight with a translation nearby at or
    /// above which leaving it unaligned costs the full `skip_cost`. Default 0.8.
    pub skip_reference: f64,
    /// Weight of the lexical similarity s of a bead (cost −= weight × s), in
    /// the spirit of Hunalign's and Champollion's dictionary scores. Default
    /// 20 (tuned).
    pub lexical_weight: f64,
    /// Smoothing k of the lexical similarity s = matched / (total + k), in
    /// IDF-weight units, so that a short sentence does not win on one word.
    /// Default 8 (tuned).
    pub lexical_smoothing: f64,
    /// Weight of the Gale–Church length cost (1 = as in the paper). Default 1.
    pub length_weight: f64,
    /// Variance per unit of length of the English/Chinese length difference
    /// until the document's own ratio is fitted (Gale & Church's 6.8 is for
    /// European languages; English against Chinese characters spreads wider,
    /// fitted on the Bible's 1–1 beads). Default 40.
    pub length_variance: f64,
    /// Extra cost of a bead that runs across a paragraph break on one side
    /// (paragraphs are units of translation in web pages). Default 3.
    pub paragraph_penalty: f64,
    /// The bead shapes searched, `(zh sentences, en sentences, prior cost)`,
    /// each side at most 8. Default: 1–1 to 1–8 and 8–1, starting from the
    /// shape frequencies of MAC-Dev's and the Bible's gold and tuned on both
    /// (see the source of `params.rs`). 1–0 and 0–1 are priced by
    /// `skip_cost` and always allowed.
    pub bead_priors: Vec<(usize, usize, f64)>,
    /// Whether a second pass aligns with a translation table learned from the
    /// first pass's pairs (Dice coefficient over the document's own pairs).
    /// Default on.
    pub learn_from_document: bool,
    /// Whether the second pass refits the document's length ratio on the
    /// first pass's pairs. Default on.
    pub refit_length_ratio: bool,
    /// Dice coefficient at which a Chinese and an English word are learned as
    /// translations of each other. Default 0.5 (tuned on MAC-Dev and the Bible).
    pub learn_dice: f64,
    /// Pairs a learned word pair must share at least. Default 3.
    pub learn_min_count: u32,
    /// Whether sentence punctuation (question and exclamation marks, quotes)
    /// counts as evidence, matched across the languages. Default on.
    pub punctuation_evidence: bool,
    /// Whether and how Chinese names match English ones through pinyin.
    /// Default [`NameMatching::Off`].
    pub name_matching: NameMatching,
    /// Half-width of the first pass's band around the anchor path (or the
    /// length diagonal), in sentences. Default 4.
    pub first_band: usize,
    /// Longest run of sentences a side of a first-pass bead (1 to 8). Default
    /// 4: the same F1 on MAC-Dev and the Bible as with all shapes, half the
    /// first pass's time.
    pub first_max_run: usize,
    /// Half-width of the second pass's band around the first pass's path; it
    /// doubles locally wherever the best path comes within `band_margin` of
    /// its edge. Default 5 (MAC-Dev and the Bible, also with verses cut out
    /// or inserted, give the same F1 with 5 / 2 as with 16 / 6).
    pub band: usize,
    /// See `band`. Default 2.
    pub band_margin: usize,
    /// Long documents are cut into segments of about this many Chinese
    /// sentences at points both passes are sure of, searched in parallel
    /// (at least 2). Default 100 (the Bible gives the same F1 from 100 to 3000).
    pub segment: usize,
    /// Confidence each of five 1–1 beads in a row needs for the run to be a
    /// cut point of the second pass. Default 0.8.
    pub cut_confidence: f64,
    /// Temperature of the posterior confidence: a bead of cost `c` weighs
    /// `e^(-c/T)` in the forward–backward sums. Default
    /// 3.
    pub confidence_temperature: f64,
    /// How much a pair bead pays for content that has a translation nearby
    /// but not in the bead, as a share of the lexical bonus it would have
    /// earned. Default 0.
    pub mismatch_weight: f64,
    /// The lexical weight of a bead of `a` + `b` sentences is
    /// `lexical_weight × (max(k, 2) / 2)^merge_lexical_exponent`, `k` the
    /// number of its sentences that hold a matched token. Default 0.4 (see
    /// `MERGE_LEXICAL_EXPONENT` in `src/params.rs`).
    pub merge_lexical_exponent: f64,
    /// Weight of the quote-structure cost: a bead boundary inside quoted
    /// speech on one side only pays this times the log-likelihood ratio of
    /// such a mismatch, measured on the document's own first-pass pairs
    /// against chance (`src/features/quotes.rs`; nothing when a side has no
    /// quotes). Default 1 (see `QUOTE_WEIGHT` in `src/params.rs`).
    pub quote_weight: f64,
    /// IBM Model 1 trained by EM on the first pass's pairs, both ways
    /// (Moore 2002; `src/features/model1.rs`): a Chinese and an English word
    /// each of which translates into the other with at least this
    /// probability are learned as translations, beside the Dice table's
    /// pairs. 0 turns it off. Default 0.05 (see `MODEL1_THRESHOLD` in
    /// `src/params.rs`).
    pub model1_threshold: f64,
    /// First-pass pairs of at least this confidence train Model 1 (the
    /// Dice table counts all of them). Default 0 (see `MODEL1_CONFIDENCE`
    /// in `src/params.rs`).
    pub model1_confidence: f64,
    /// A pair Model 1 learns must also keep company beyond chance: Dunning's
    /// log-likelihood ratio G² over the training pairs at least this (10.8
    /// is p < 0.001 for one degree of freedom; Dunning 1993). Default 10.83.
    pub model1_min_g2: f64,
    /// Weight of the word-order cost of a bead with one sentence on one
    /// side and several on the other (`src/search/order.rs`): the several
    /// should match the one in order. Default 4 (see `ORDER_WEIGHT` in
    /// `src/params.rs`).
    pub order_weight: f64,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            skip_cost: SKIP_COST,
            skip_evidence: SKIP_EVIDENCE,
            skip_reference: SKIP_REFERENCE,
            lexical_weight: LEX_WEIGHT,
            lexical_smoothing: LEX_SMOOTHING,
            length_weight: LENGTH_WEIGHT,
            length_variance: LENGTH_VARIANCE,
            paragraph_penalty: PARAGRAPH_PENALTY,
            bead_priors: BEADS
                .iter()
                .filter(|&&(a, b, _)| a >= 1 && b >= 1)
                .copied()
                .collect(),
            learn_from_document: true,
            refit_length_ratio: true,
            learn_dice: LEARN_DICE,
            learn_min_count: LEARN_MIN_COUNT,
            punctuation_evidence: true,
            name_matching: NAME_MATCHING,
            first_band: BAND_FIRST,
            first_max_run: FIRST_MAX_RUN,
            band: BAND_INITIAL,
            band_margin: BAND_MARGIN,
            segment: SEGMENT,
            cut_confidence: CUT_CONFIDENCE,
            confidence_temperature: CONFIDENCE_TEMPERATURE,
            mismatch_weight: 0.0,
            merge_lexical_exponent: MERGE_LEXICAL_EXPONENT,
            quote_weight: QUOTE_WEIGHT,
            model1_threshold: MODEL1_THRESHOLD,
            model1_confidence: MODEL1_CONFIDENCE,
            model1_min_g2: MODEL1_MIN_G2,
            order_weight: ORDER_WEIGHT,
        }
    }
}

impl Params {
    /// Checks that every setting is usable: numbers finite and not
    /// negative, shares and probabilities in [0, 1], bands and segments
    /// large enough, bead shapes within 1..=8 a side. The builder calls it;
    /// the error names the setting.
    pub fn validate(&self) -> crate::Result<()> {
        let bad = |name: &'static str, message: String| Err(crate::Error::Config { name, message });
        for (name, v) in [
            ("skip_cost", self.skip_cost),
            ("skip_evidence", self.skip_evidence),
            ("lexical_weight", self.lexical_weight),
            ("lexical_smoothing", self.lexical_smoothing),
            ("length_weight", self.length_weight),
            ("paragraph_penalty", self.paragraph_penalty),
            ("mismatch_weight", self.mismatch_weight),
            ("merge_lexical_exponent", self.merge_lexical_exponent),
            ("quote_weight", self.quote_weight),
            ("model1_min_g2", self.model1_min_g2),
            ("order_weight", self.order_weight),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return bad(name, format!("{v} is not a finite number ≥ 0"));
            }
        }
        if !(self.confidence_temperature.is_finite() && self.confidence_temperature > 0.0) {
            return bad(
                "confidence_temperature",
                format!("{} is not a finite number > 0", self.confidence_temperature),
            );
        }
        if !(self.length_variance.is_finite() && self.length_variance > 0.0) {
            return bad(
                "length_variance",
                format!("{} is not a finite number > 0", self.length_variance),
            );
        }
        for (name, v) in [
            ("skip_reference", self.skip_reference),
            ("learn_dice", self.learn_dice),
            ("model1_threshold", self.model1_threshold),
            ("model1_confidence", self.model1_confidence),
            ("cut_confidence", self.cut_confidence),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return bad(name, format!("{v} is not in [0, 1]"));
            }
        }
        if self.skip_reference == 0.0 {
            return bad("skip_reference", "0 is not > 0".to_string());
        }
        for (name, v, min) in [
            ("first_band", self.first_band, 1),
            ("band", self.band, 1),
            ("segment", self.segment, 2),
            ("first_max_run", self.first_max_run, 1),
        ] {
            if v < min {
                return bad(name, format!("{v} is less than {min}"));
            }
        }
        if self.first_max_run > MAX_RUN {
            return bad(
                "first_max_run",
                format!("{} is more than {MAX_RUN}", self.first_max_run),
            );
        }
        for &(a, b, cost) in &self.bead_priors {
            if !(1..=MAX_RUN).contains(&a) || !(1..=MAX_RUN).contains(&b) {
                return bad(
                    "bead_priors",
                    format!("the shape {a}–{b} is outside 1..={MAX_RUN} a side"),
                );
            }
            if !(cost.is_finite() && cost >= 0.0) {
                return bad(
                    "bead_priors",
                    format!("the {a}–{b} prior {cost} is not a finite number ≥ 0"),
                );
            }
        }
        if !self.bead_priors.iter().any(|&(a, b, _)| a == 1 && b == 1) {
            return bad("bead_priors", "the 1–1 shape is missing".to_string());
        }
        Ok(())
    }
}

/// The anchor pass (`search/anchor_path.rs`) runs on documents with at least this many
/// sentences a side; shorter ones use the length diagonal.
pub(crate) const ANCHOR_MIN_SENTENCES: usize = 50;

/// English ids in more than this many sentences of the window are too common to anchor.
pub(crate) const ANCHOR_MAX_DF: usize = 80;

/// An anchor's English sentence lies within this share of the document (plus
/// `ANCHOR_WINDOW_MIN` sentences) of the proportional position.
pub(crate) const ANCHOR_WINDOW_SHARE: f64 = 0.1;

/// See [`ANCHOR_WINDOW_SHARE`].
pub(crate) const ANCHOR_WINDOW_MIN: usize = 100;

/// The window never spans more than this many sentences each way (so that
/// repeated text further away cannot make every candidate ambiguous).
pub(crate) const ANCHOR_WINDOW_MAX: usize = 1500;

/// Smallest anchor score (matched rare weight over both sentences' total weight).
pub(crate) const ANCHOR_MIN_SCORE: f32 = 0.06;

/// An anchor's best match must beat the second best by this factor.
pub(crate) const ANCHOR_MIN_RATIO: f32 = 1.3;

/// Fewer chained anchors than this: fall back to the length diagonal.
pub(crate) const ANCHOR_MIN_CHAIN: usize = 5;

/// A Chinese and an English word are learned as translations of each other
/// when their Dice coefficient over the first pass's pairs reaches this
/// (tuned on MAC-Dev and the Bible).
pub(crate) const LEARN_DICE: f64 = 0.5;

/// ... and they share at least this many pairs.
pub(crate) const LEARN_MIN_COUNT: u32 = 3;

/// Documents shorter than this (Chinese sentences) are searched in one
/// piece: below it a search takes a few milliseconds, and cutting into
/// segments only adds the risk of a cut in the wrong place.
pub(crate) const SPLIT_MIN: usize = 1000;

/// The anchor pass splits the Chinese sentences into four chunks searched in
/// parallel, but no chunk under this many (each has a score table as long as
/// the English side to clear).
pub(crate) const ANCHOR_CHUNK_MIN: usize = 256;

/// Both sides need this many characters before a document's own length
/// ratio is fitted (shorter: [`LENGTH_RATIO`]); the second pass refits on
/// the first pass's pairs only with at least `REFIT_MIN_PAIRS` of them.
pub(crate) const LENGTH_FIT_MIN_CHARS: f64 = 20.0;

/// See [`LENGTH_FIT_MIN_CHARS`].
pub(crate) const REFIT_MIN_PAIRS: usize = 10;

/// A fitted English/Chinese length ratio is kept within this range (the
/// spread of real translations is 2 to 5; the bounds only stop a degenerate
/// document, all digits on one side, from skewing the cost).
pub(crate) const LENGTH_RATIO_RANGE: (f64, f64) = (0.5, 20.0);

// Block detection (`blocks.rs`).

/// A paragraph (or a run of sentences in one script) is Chinese when at
/// least this share of its letters are Han characters: Chinese text quotes
/// English names and codes, while English text seldom holds Han characters.
/// The same threshold decides which language a junk paragraph counts for.
pub(crate) const ZH_HAN_SHARE: f64 = 0.25;

/// Below that share, a paragraph is still Chinese with at least this many Han
/// characters and Chinese sentence punctuation: technical Chinese quotes long
/// English terms, commands and paths ("IPv4 通过 DHCP (Dynamic Host Configuration
/// Protocol)进行自动配置。"), while English text never uses 。，、. Two, so that a
/// lone Han character in a symbol string does not count.
pub(crate) const ZH_MIN_HAN_WITH_PUNCT: usize = 2;

/// Longest line (bytes) that junk phrases are looked for in: junk is short, and real
/// paragraphs that merely mention "cookies" are long.
pub(crate) const JUNK_LINE_MAX: usize = 400;

/// Longest bullet item (chars) that counts as a headline in a link list.
pub(crate) const HEADLINE_MAX_CHARS: usize = 80;

/// Fewest bullet lines in a row that make a link list.
pub(crate) const LINK_LIST_MIN: usize = 3;

/// Longest line (chars) that is "very short": joins a junk run next to it.
pub(crate) const SHORT_LINE_MAX_CHARS: usize = 30;

/// A line needs at least this many Han characters and this many Latin
/// letters before it is checked for runs of sentences in each script.
pub(crate) const MIXED_MIN_HAN: usize = 8;

/// See [`params::MIXED_MIN_HAN`].
pub(crate) const MIXED_MIN_LATIN: usize = 24;

/// Hard-wrapped text (manuals, e-mails, plain-text books) is wrapped at a
/// fixed width, in display columns (a Han character or full-width mark counts
/// two): `fmt`, Emacs and most mailers wrap at 70–79, some tools at 60 or 100
/// (and a Chinese text wrapped at 30 Han characters is 60 columns). A file is
/// taken as wrapped only when its common width falls in this range: a text of
/// short lines (a list, verse, sentences one a line) is not wrapped, and one
/// of long lines is not either.
pub(crate) const WRAP_WIDTH: (usize, usize) = (56, 100);

/// Share of non-empty lines allowed to be wider than a wrapped file's width
/// (URLs, commands and code that a wrapping tool cannot break): the width is
/// the narrowest that leaves at most this share of lines wider.
pub(crate) const WRAP_OVER_SHARE: f64 = 0.05;

/// A line is "filled" (the wrapping tool broke it and it goes on in the next
/// line) when the next line's first word (a Chinese line's first character,
/// with the closing marks that may not start a line) would not have fitted
/// after it within the width. This many columns of tolerance: the width is
/// estimated as the widest lines found, which may fall a column or two short
/// of the tool's setting, and tools differ by one on whether the limit is
/// inclusive.
pub(crate) const WRAP_TOLERANCE: usize = 3;

/// Fewest filled lines, and their least share of the non-empty lines, for a
/// file to be wrapped: a wrapped paragraph of n lines has n − 1 filled lines,
/// so with paragraphs of two lines or more (and a few one-line headings) well
/// over a third of the lines are filled; in a text whose lines are paragraphs
/// the lines near any one width are few.
pub(crate) const WRAP_MIN_FILLED: usize = 3;

/// See [`WRAP_MIN_FILLED`].
pub(crate) const WRAP_MIN_FILLED_SHARE: f64 = 0.3;

/// Least share of the filled lines that must read as broken mid-sentence (no
/// sentence-final mark at the end, or an English line going on with a
/// lower-case word): a wrapping tool breaks wherever a line is full, mostly
/// inside sentences, while a list of headlines or of sentences one a line,
/// however even their lengths, has each line end a sentence or start with a
/// capital.
pub(crate) const WRAP_MIN_BROKEN_SHARE: f64 = 0.5;

/// A line that does not end like a sentence is code (tool output, a
/// command without a prompt) when at least this share of its tokens read as
/// code (paths, options, `snake_case` identifiers, brackets): a third, since
/// a heading or an English fragment may hold one such token among several
/// words, while `Running target/debug/hello` or `Compiling hello_cargo v0.1.0
/// (file:///projects/hello_cargo)` is half code.
pub(crate) const CODE_MIN_TOKEN_SHARE: f64 = 0.34;

/// Longest English line (bytes) that counts as program output when found
/// verbatim twice in a mixed file, next to code: translated sentences are
/// not repeated word for word, short output lines ("Hello, world!") are.
pub(crate) const REPEAT_MAX_BYTES: usize = 80;

/// Paragraph-level pre-alignment (untranslated paragraphs left out) runs
/// when each side has at least this many paragraphs: with fewer there is no
/// paragraph structure to compare.
pub(crate) const PARA_ALIGN_MIN: usize = 3;

/// ... and when the two sides' paragraph counts are at most this factor
/// apart: a translation keeps its original's paragraphs (a few merged or
/// split, a few untranslated); counts further apart mean the two sides are
/// laid out differently (one paragraph a line against wrapped prose, one
/// sentence a line), and paragraphs cannot be compared one to one.
pub(crate) const PARA_ALIGN_MAX_RATIO: f64 = 1.5;

/// ... and the paragraph pre-alignment is trusted only when at least this
/// share of all paragraphs (both sides) lie in 1–1 paragraph beads: a
/// translation that keeps its original's paragraphs pairs most of them one to
/// one (the technical test set: over 90 %); two sides whose breaks fall in
/// different places (MAC-Dev cut into paragraphs on each side alone) pair
/// them two to one and three to two, and there a 1–0 paragraph bead is a
/// misplaced break, not an untranslated paragraph.
pub(crate) const PARA_ALIGN_MIN_ONE_TO_ONE: f64 = 0.6;

/// The paragraph-crossing penalty when the paragraph pre-alignment found that
/// the two sides keep the same paragraphs (twice the default
/// [`PARAGRAPH_PENALTY`]): a sentence bead then seldom runs across a
/// paragraph break on one side only, and one that does mostly swallows an
/// untranslated paragraph's sentences (the technical test set's block layout).
pub(crate) const PARA_TRUSTED_PENALTY: f64 = 6.0;

/// The share of paragraph breaks (on the side with fewer), beyond what
/// chance gives, that the path must pass through together with a break on
/// the other side for the paragraphs to count as corresponding
/// (`aligner::breaks_correspond`); below it the search is redone without
/// paragraph breaks. Measured on MAC-Dev raw files (`examples/mac_mixed.py`):
/// paragraphs made from the gold beads share 0.95–1.00 of their breaks,
/// paragraphs cut on each side alone 0.24–0.30, about what chance gives.
pub(crate) const PARA_BREAKS_SHARED_MIN: f64 = 0.5;

/// Fewest headline-like lines (short, no sentence-final mark) of one language
/// on consecutive lines that make a link list without bullet marks: four,
/// one more than a bulleted list needs ([`LINK_LIST_MIN`]), since without the
/// marks a few short lines in a row may still be headings and captions.
pub(crate) const HEADLINE_RUN_MIN: usize = 4;
