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

/// A pair's confidence is the logistic of `(margin + CONFIDENCE_OFFSET) /
/// CONFIDENCE_SCALE`, where the margin is how much cheaper the bead is than
/// leaving its sentences unaligned. Fitted by logistic regression of "the
/// bead is exactly a gold bead" on the margin over MAC-Dev's 1,389 predicted
/// pairs (2026-11-23), so the confidence reads as the probability that the
/// pair is exactly right on hard literary text: margin 0 → 0.66, the median
/// margin (≈ 14) → 0.88. (The margin is a weak predictor: the decile with the
/// smallest margins is right 74 % of the time, the largest 89 %.)
pub(crate) const CONFIDENCE_SCALE: f64 = 11.0;

/// See [`CONFIDENCE_SCALE`].
pub(crate) const CONFIDENCE_OFFSET: f64 = 7.2;

/// Temperature of the logistic for the confidence of an unaligned sentence
/// (how much cheaper leaving it out is than pairing it with a neighbour).
pub(crate) const SKIP_CONFIDENCE_SCALE: f64 = 2.0;

/// Whether Chinese names are matched with English ones through pinyin
/// (`features.rs`). Off: measured with the learned translation table on, it
/// did not help (MAC-Dev strict F1 0.877 without, 0.872 with exact matching,
/// 0.871 with fuzzy matching; the Bible 0.979 / 0.979 / 0.980): the names that
/// recur are learned from the document itself. `ZHEN_ALIGN_TUNE=names=1`
/// (exact) or `names=2` (fuzzy) turns it on for experiments.
pub(crate) const NAME_MATCHING: bool = false;

/// Jaro–Winkler similarity at or above which a Chinese name's pinyin and an
/// English capitalized word (or two) count as the same name.
pub(crate) const NAME_SIMILARITY: f64 = 0.9;

/// Shortest pinyin (in letters) considered for name matching (shorter ones
/// match too much by chance).
pub(crate) const NAME_MIN_LEN: usize = 4;

/// Content tokens kept per sentence for lexical matching (the highest-weight
/// ones; the rest still count in the sentence's total).
pub(crate) const MAX_TOKENS: usize = 64;

/// The scalar knobs above, overridable for tuning runs through the
/// environment variable `ZHEN_ALIGN_TUNE` (`skip=4.5,lex=8,smooth=4,...`;
/// a development aid used with `examples/evaluate.rs`, read once).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tuning {
    pub(crate) skip: f64,
    pub(crate) lex: f64,
    pub(crate) smooth: f64,
    pub(crate) length: f64,
    pub(crate) variance: f64,
    pub(crate) para: f64,
    pub(crate) prior_scale: f64,
    pub(crate) learn_dice: f64,
    pub(crate) learn_min: f64,
    pub(crate) learn: f64,
    pub(crate) refit: f64,
    pub(crate) names: f64,
    pub(crate) skip_evidence: f64,
    pub(crate) skip_ref: f64,
    pub(crate) punct: f64,
    pub(crate) band1: f64,
    pub(crate) band2: f64,
    pub(crate) margin: f64,
    pub(crate) segment: f64,
    pub(crate) first_max_run: f64,
    pub(crate) cut_confidence: f64,
    /// Per-shape prior overrides, `pAB=x` for the `(A, B)` bead.
    pub(crate) shape: [[Option<f64>; 10]; 10],
}

/// The knobs in force (the constants, or their overrides).
pub(crate) fn tuning() -> &'static Tuning {
    static T: std::sync::OnceLock<Tuning> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut t = Tuning {
            skip: SKIP_COST,
            lex: LEX_WEIGHT,
            smooth: LEX_SMOOTHING,
            length: LENGTH_WEIGHT,
            variance: LENGTH_VARIANCE,
            para: PARAGRAPH_PENALTY,
            prior_scale: 1.0,
            learn_dice: LEARN_DICE,
            learn_min: LEARN_MIN_COUNT,
            learn: 1.0,
            refit: 1.0,

            names: if NAME_MATCHING { 1.0 } else { 0.0 },
            skip_evidence: SKIP_EVIDENCE,
            skip_ref: SKIP_REFERENCE,
            punct: 1.0,
            band1: BAND_FIRST as f64,
            band2: BAND_INITIAL as f64,
            margin: BAND_MARGIN as f64,
            segment: SEGMENT as f64,
            first_max_run: FIRST_MAX_RUN as f64,
            cut_confidence: CUT_CONFIDENCE,
            shape: [[None; 10]; 10],
        };
        if let Ok(spec) = std::env::var("ZHEN_ALIGN_TUNE") {
            for kv in spec.split(',') {
                let mut it = kv.splitn(2, '=');
                let (Some(k), Some(Ok(v))) = (it.next(), it.next().map(str::parse::<f64>)) else {
                    continue;
                };
                match k.trim() {
                    "skip" => t.skip = v,
                    "lex" => t.lex = v,
                    "smooth" => t.smooth = v,
                    "length" => t.length = v,
                    "variance" => t.variance = v,
                    "para" => t.para = v,
                    "prior" => t.prior_scale = v,
                    "learn" => t.learn = v,
                    "refit" => t.refit = v,

                    "names" => t.names = v,
                    "sev" => t.skip_evidence = v,
                    "sref" => t.skip_ref = v,
                    "dice" => t.learn_dice = v,
                    "lmin" => t.learn_min = v,
                    "punct" => t.punct = v,
                    "band1" => t.band1 = v,
                    "band2" => t.band2 = v,
                    "margin" => t.margin = v,
                    "seg" => t.segment = v,
                    "p1run" => t.first_max_run = v,
                    "cutconf" => t.cut_confidence = v,
                    k if k.len() == 3 && k.starts_with('p') => {
                        let d: Vec<usize> = k[1..]
                            .chars()
                            .filter_map(|c| c.to_digit(10))
                            .map(|d| d as usize)
                            .collect();
                        if let [a, b] = d[..] {
                            t.shape[a][b] = Some(v);
                        }
                    }
                    _ => {}
                }
            }
        }
        t
    })
}

/// The anchor pass (`anchors.rs`) runs on documents with at least this many
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
pub(crate) const LEARN_MIN_COUNT: f64 = 3.0;
