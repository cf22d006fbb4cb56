//! The cost of a bead: Gale–Church length cost, bead prior, lexical
//! similarity from pre-computed sentence-pair match masks, and a paragraph
//! penalty. Every constant comes from `params.rs`.

use std::ops::Range;

use super::order::{ManyRow, Order};
use crate::features::quotes::{QUOTE_AT_END, QUOTE_AT_START};
use crate::features::{Features, SideFeatures};
use crate::params::{self, Params};

/// −ln erfc(x) for x ≥ 0, without underflow (Numerical Recipes' `erfcc`
/// Chebyshev fit, fractional error below 1.2e-7, taken in log form).
fn neg_ln_erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    -(t.ln() + poly)
}

/// Step of the tabulated tail cost.
const TAIL_STEP: f64 = 0.01;

/// The entries of [`tail_table`].
const TAIL_LEN: usize = 3002;

/// −ln P(|Z| ≥ x) at `x = k × TAIL_STEP`, `k = 0..TAIL_LEN`: the table
/// [`tail_cost`] interpolates, built once per process. (An array: its
/// length known where it is read, an index below it needs no test.)
fn tail_table() -> &'static [f64; TAIL_LEN] {
    static TABLE: std::sync::OnceLock<[f64; TAIL_LEN]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|k| neg_ln_erfc(k as f64 * TAIL_STEP / std::f64::consts::SQRT_2))
    })
}

/// The least of [`tail_table`] and 0: a lower bound on [`tail_cost`]
/// (interpolation stays between two entries; beyond the table the formula
/// gives far more than the first entries, which the fit's error takes a
/// little below 0). Taken once per process.
fn tail_least() -> f64 {
    static LEAST: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *LEAST.get_or_init(|| tail_table().iter().copied().fold(0.0, f64::min))
}

/// −ln P(|Z| ≥ x) for a standard normal Z, from the table `t` of
/// [`tail_table`] (linear interpolation, step 0.01, exact beyond x = 30 by
/// the formula).
#[inline]
fn tail_cost(t: &[f64; TAIL_LEN], x: f64) -> f64 {
    let pos = x / TAIL_STEP;
    // (Through u32: a cheaper conversion than to usize, the same index for
    // every x >= 0 in the table and NaN; beyond it, and infinity, goes past
    // the table either way.)
    let k = pos as u32 as usize;
    if k + 1 >= TAIL_LEN {
        return neg_ln_erfc(x / std::f64::consts::SQRT_2);
    }
    let frac = pos - k as f64;
    t[k] + (t[k + 1] - t[k]) * frac
}

/// The length model: English length ≈ `ratio` × Chinese length, with
/// variance `variance` per unit of (mean) length.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LengthModel {
    pub(crate) ratio: f64,
    pub(crate) variance: f64,
}

impl LengthModel {
    /// Gale & Church (1993): −ln P(|δ|) with δ the standardized length
    /// difference; `tail` is [`tail_table`].
    #[inline]
    fn cost(&self, tail: &[f64; TAIL_LEN], lz: f64, le: f64) -> f64 {
        let mean = (lz + le / self.ratio) / 2.0;
        if mean <= 0.0 {
            return 0.0;
        }
        let delta = (le - self.ratio * lz) / (self.variance * mean).sqrt();
        tail_cost(tail, delta.abs())
    }

    /// Refits the ratio on the aligned pairs of a first pass (`(zh length, en
    /// length)` of each pair bead): unaligned text (junk, untranslated
    /// intros) no longer skews it. Keeps `self` when there are few pairs.
    pub(crate) fn refit_ratio(&self, pairs: &[(f64, f64)]) -> LengthModel {
        let (lz, le) = pairs
            .iter()
            .fold((0.0, 0.0), |(a, b), &(z, e)| (a + z, b + e));
        if pairs.len() < params::REFIT_MIN_PAIRS
            || lz < params::LENGTH_FIT_MIN_CHARS
            || le < params::LENGTH_FIT_MIN_CHARS
        {
            return *self;
        }
        LengthModel {
            ratio: (le / lz).clamp(params::LENGTH_RATIO_RANGE.0, params::LENGTH_RATIO_RANGE.1),
            ..*self
        }
    }

    /// Fits the ratio on a whole document (sum of lengths), the variance at its default.
    pub(crate) fn for_document(f: &Features) -> LengthModel {
        let lz: f64 = f.zh.len.iter().sum();
        let le: f64 = f.en.len.iter().sum();
        let ratio = if lz >= params::LENGTH_FIT_MIN_CHARS && le >= params::LENGTH_FIT_MIN_CHARS {
            le / lz
        } else {
            params::LENGTH_RATIO
        };
        LengthModel {
            ratio: ratio.clamp(params::LENGTH_RATIO_RANGE.0, params::LENGTH_RATIO_RANGE.1),
            variance: f.params.length_variance,
        }
    }
}

/// Where the ids of the English sentences near a Chinese sentence occur:
/// per id, a list (newest first) of `(sentence, token bit)`, threaded
/// through one arena. English sentences enter in order as the window moves
/// down the band and never leave: a walk stops at the first sentence before
/// the window, so what lies beyond is never read.
struct IdIndex {
    /// Per id, the arena position of its newest occurrence ([`NONE`]: none).
    /// A power of two of heads, at least the id space: an id is `id & mask`
    /// (`mask` one less than their number), an index the compiler knows in
    /// bounds.
    heads: Vec<u32>,
    /// `(tokens' bits as a mask, English sentence, next older occurrence)`,
    /// one entry per id and sentence (the bits of the sentence's tokens
    /// with that id together: a walk meets the sentence once); [`NONE`]
    /// ends a list (beyond the arena: a walk's bounds check is its end test).
    arena: Vec<(u64, u32, u32)>,
    /// Ids with a list (to clear `heads` for the next user).
    used: Vec<u32>,
}

/// No position in an [`IdIndex`]'s arena (which never holds `u32::MAX`
/// entries: every entry is a token of a sentence of at most 64).
const NONE: u32 = u32::MAX;

thread_local! {
    /// Each thread's index, kept between calls: allocating and zeroing one
    /// slot per id for every slice of every segment would cost more than the
    /// masks themselves on large documents.
    static ID_INDEX: std::cell::RefCell<IdIndex> = const {
        std::cell::RefCell::new(IdIndex { heads: Vec::new(), arena: Vec::new(), used: Vec::new() })
    };
}

/// The number of heads of an [`IdIndex`] for ids `0..id_space`.
fn heads_for(id_space: u32) -> usize {
    (id_space as usize).next_power_of_two()
}

impl IdIndex {
    /// Runs `f` with this thread's index, empty and sized for `id_space` ids.
    fn with<R>(id_space: u32, f: impl FnOnce(&mut IdIndex) -> R) -> R {
        ID_INDEX.with(|cell| match cell.try_borrow_mut() {
            Ok(mut index) => {
                index.clear();
                if index.heads.len() < heads_for(id_space) {
                    index.heads.resize(heads_for(id_space), NONE);
                }
                f(&mut index)
            }
            // Re-entered on this thread (a nested parallel call ran here):
            // an index of its own.
            Err(_) => f(&mut IdIndex {
                heads: vec![NONE; heads_for(id_space)],
                arena: Vec::new(),
                used: Vec::new(),
            }),
        })
    }

    fn clear(&mut self) {
        for &k in &self.used {
            self.heads[k as usize] = NONE;
        }
        self.used.clear();
        self.arena.clear();
    }

    /// Adds the ids of English sentence `j`'s tokens (ids beyond the
    /// document's id space are ignored, as no Chinese token has them).
    fn add_sentence(&mut self, en: &SideFeatures, j: usize) {
        for (bit, t) in en.tokens(j).enumerate() {
            for &id in en.token_ids(t) {
                let Some(head) = self.heads.get_mut(id as usize) else {
                    continue;
                };
                // (At most `MAX_TOKENS` = 64 tokens: `bit` is below 64.)
                if *head == NONE {
                    self.used.push(id);
                } else if let Some(last) = self.arena.get_mut(*head as usize) {
                    if last.1 == j as u32 {
                        // Another token of this sentence with the id.
                        last.0 |= 1u64 << bit;
                        continue;
                    }
                }
                let at = self.arena.len() as u32;
                self.arena.push((1u64 << bit, j as u32, *head));
                *head = at;
            }
        }
    }
}

/// What the cost model reads of one sentence pair `(i, j)`: bit `t` of `zm`
/// is set when token `t` of Chinese sentence `i` has a translation in
/// English sentence `j`; `em` likewise for the English tokens.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Pair {
    pub(crate) zm: u64,
    pub(crate) em: u64,
    /// The weights of those masks' tokens (for 1–n and n–1 beads, where one
    /// side's weight is a sum over pairs).
    zw: f32,
    ew: f32,
    /// The sums of the indices of the masks' set bits and their numbers,
    /// taken once here: the order cost reads them for every bead over the
    /// pair (a loop over the bits each time cost as much as the rest of it).
    zsum: u16,
    esum: u16,
    zcount: u8,
    ecount: u8,
    /// `(esum + ecount / 2) / n`, `n` the English sentence's number of
    /// tokens (at least 1): the matched English tokens' mean position as a
    /// share of the sentence, times their number, taken once here for the
    /// order cost of every bead over the pair (0 for no bit).
    pub(crate) ex: f64,
}

/// `masked_weight(side, i, mask)` as `f32` (the same sum), `w` the weights
/// of sentence `i`'s tokens on (`&side.tok_w[side.tok_off[i]..]`, taken by
/// the caller, once a row for the Chinese side), with the sum of the indices
/// of the set bits of `mask` and their number (for the order cost), in one
/// loop over the bits. At most 64 bits: the index sum fits in 16 bits and
/// the number in 8.
#[inline]
fn weight_and_bits(w: &[f32], mut mask: u64) -> (f32, u16, u8) {
    let (mut weight, mut sum, mut count) = (0.0f32, 0u32, 0u32);
    // (No bounds check per bit with 64 weights ahead, as in `masked_weight`.)
    if let Some(w) = w.first_chunk::<64>() {
        while mask != 0 {
            let t = mask.trailing_zeros() & 63;
            weight += w[t as usize];
            sum += t;
            count += 1;
            mask &= mask - 1;
        }
    } else {
        while mask != 0 {
            let t = mask.trailing_zeros();
            weight += w[t as usize];
            sum += t;
            count += 1;
            mask &= mask - 1;
        }
    }
    (weight, sum as u16, count as u8)
}

impl Pair {
    /// The sum of the indices of the Chinese mask's set bits and their
    /// number, `None` for no bit.
    #[inline]
    pub(crate) fn zh_bits(&self) -> Option<(u32, u32)> {
        (self.zcount > 0).then_some((u32::from(self.zsum), u32::from(self.zcount)))
    }

    /// [`Pair::zh_bits`] for the English mask.
    #[inline]
    pub(crate) fn en_bits(&self) -> Option<(u32, u32)> {
        (self.ecount > 0).then_some((u32::from(self.esum), u32::from(self.ecount)))
    }
}

/// The [`Pair`]s of the sentence pairs near the band.
pub(crate) struct PairCache {
    /// Per Chinese sentence, the first English sentence of its window and
    /// where its pairs start and end in `pairs` (together: one bounds check
    /// a look-up).
    rows: Vec<(usize, usize, usize)>,
    pairs: Vec<Pair>,
    /// Per Chinese sentence, the sums of both sides' weights (`zw + ew`) of
    /// its first `0..=len` pairs: row `i`'s at `start + i..=end + i` (one
    /// more than its pairs). A run of a row's pairs sums in two look-ups:
    /// an upper bound on what a bead over them can match
    /// ([`CostModel::lexical_floor`]).
    cum: Vec<f64>,
}

impl PairCache {
    /// Computes masks for Chinese sentence `i` against English sentences `windows[i]`.
    pub(crate) fn build(f: &Features, windows: &[Range<usize>]) -> PairCache {
        use rayon::prelude::*;
        let lo: Vec<usize> = windows.iter().map(|w| w.start).collect();
        let mut off = Vec::with_capacity(windows.len() + 1);
        off.push(0);
        for w in windows {
            let last = off[off.len() - 1];
            off.push(last + w.len());
        }
        let mut pairs = vec![Pair::default(); off[windows.len()]];
        // Row `i`'s sums at `off[i] + i..=off[i + 1] + i`.
        let mut cum = vec![0.0f64; off[windows.len()] + windows.len()];
        // Chunks of Chinese sentences in parallel; each fills its own slices.
        // Called on a pool thread (the segments of a document are searched in
        // parallel), the other threads have segments of their own: one chunk.
        let parts = if rayon::current_thread_index().is_some() {
            1
        } else {
            rayon::current_num_threads().max(1) * 4
        };
        let chunk = windows.len().div_ceil(parts).max(64);
        type Slice<'a> = (Range<usize>, &'a mut [Pair], &'a mut [f64]);
        let mut slices: Vec<Slice> = Vec::new();
        let mut rest: &mut [Pair] = &mut pairs;
        let mut rest_sums: &mut [f64] = &mut cum;
        let mut start = 0;
        while start < windows.len() {
            let end = (start + chunk).min(windows.len());
            let len = off[end] - off[start];
            let (head, tail) = std::mem::take(&mut rest).split_at_mut(len);
            let (sums, sums_tail) = std::mem::take(&mut rest_sums).split_at_mut(len + end - start);
            slices.push((start..end, head, sums));
            rest = tail;
            rest_sums = sums_tail;
            start = end;
        }
        slices.into_par_iter().for_each(|(rows, out, sums)| {
            IdIndex::with(f.id_space, |index| {
                fill_rows(f, windows, rows, index, out, sums)
            });
        });
        let rows = (0..windows.len())
            .map(|i| (lo[i], off[i], off[i + 1]))
            .collect();
        PairCache { rows, pairs, cum }
    }

    /// The pair `(i, j)`, `None` outside `i`'s window.
    #[inline]
    pub(crate) fn at(&self, i: usize, j: usize) -> Option<&Pair> {
        let (lo, start, end) = self.rows[i];
        match j.checked_sub(lo) {
            Some(k) if start + k < end => Some(&self.pairs[start + k]),
            _ => None,
        }
    }

    /// The first English sentence of Chinese sentence `i`'s window and the
    /// sums of the weights (`zw + ew`) of its first `0..=len` pairs there
    /// (so the pairs with English sentences `x..y` weigh `sums[y'] -
    /// sums[x']`, `x'` and `y'` the offsets clamped to the window).
    #[inline]
    pub(crate) fn weight_prefixes(&self, i: usize) -> (usize, &[f64]) {
        let (lo, start, end) = self.rows[i];
        (lo, &self.cum[start + i..=end + i])
    }

    /// The pairs of Chinese sentence `i` with those of the English
    /// sentences `en` in its window (consecutive), and the first of those
    /// English sentences. A pair outside the window has empty masks and
    /// weights, so a sum or union over `en` may leave it out: one slice
    /// instead of a look-up per pair.
    #[inline]
    pub(crate) fn row(&self, i: usize, en: &Range<usize>) -> (&[Pair], usize) {
        let (lo, start, end) = self.rows[i];
        let first = en.start.max(lo);
        let last = en.end.min(lo + (end - start));
        if first >= last {
            return (&[], first);
        }
        (&self.pairs[start + first - lo..start + last - lo], first)
    }
}

/// Fills the pairs of Chinese sentences `rows` against their windows (`out`
/// starts at the first of them, zeroed; the windows move down
/// monotonically) and their weights' prefix sums (`sums`, one more a row
/// than its pairs, as in `PairCache::cum`). Each
/// Chinese token's ids are looked up in the index of the English sentences
/// up to the end of the window, and each occurrence in the window sets the
/// Chinese token's bit and the English token's.
fn fill_rows(
    f: &Features,
    windows: &[Range<usize>],
    rows: Range<usize>,
    index: &mut IdIndex,
    out: &mut [Pair],
    sums: &mut [f64],
) {
    let mut k = 0;
    let rows_start = rows.start;
    let mut next_en = windows.get(rows.start).map_or(0, |w| w.start);
    for i in rows {
        let w = &windows[i];
        while next_en < w.end {
            index.add_sentence(&f.en, next_en);
            next_en += 1;
        }
        // (`out` comes zeroed: every pair starts empty.)
        let pairs = &mut out[k..k + w.len()];
        let mask = index.heads.len() - 1;
        let heads = &index.heads[..=mask];
        for (bit, t) in f.zh.tokens(i).enumerate() {
            let zbit = 1u64 << bit;
            for &id in f.zh.token_ids(t) {
                // (Every id is below the id space, so `id & mask` is `id`.)
                debug_assert!(id < f.id_space);
                let mut p = heads[id as usize & mask];
                while let Some(&(ebit, j, next)) = index.arena.get(p as usize) {
                    // (Every sentence in the index is before the window's
                    // end: one test for both ends, a sentence before the
                    // window wrapping around to far beyond it.)
                    let Some(m) = pairs.get_mut((j as usize).wrapping_sub(w.start)) else {
                        break;
                    };
                    m.zm |= zbit;
                    m.em |= ebit;
                    p = next;
                }
            }
        }
        // (The row's sums start at 0, as `sums` comes zeroed; an empty
        // pair adds 0.)
        let row_sums = &mut sums[k + (i - rows_start) + 1..=k + (i - rows_start) + w.len()];
        let mut acc = 0.0f64;
        // The weights of row `i`'s tokens (and of those after them).
        let zh_w = &f.zh.tok_w[f.zh.tok_off[i]..];
        // The window's English token offsets, under one bounds check a row
        // (sentence `j`'s tokens from `en_off[j - w.start]` to the next).
        let en_off = &f.en.tok_off[w.start..=w.end];
        let en_tokens = en_off.iter().zip(&en_off[1..]);
        for ((pair, (&a, &b)), sum) in pairs.iter_mut().zip(en_tokens).zip(row_sums) {
            // (Both masks are empty or neither: a match sets a bit in each.)
            if pair.zm != 0 || pair.em != 0 {
                (pair.zw, pair.zsum, pair.zcount) = weight_and_bits(zh_w, pair.zm);
                (pair.ew, pair.esum, pair.ecount) = weight_and_bits(&f.en.tok_w[a..], pair.em);
                // (At most 64 tokens: the count converts from 32 bits, in
                // one instruction, not from 64 unsigned ones.)
                let n = f64::from((b - a).max(1) as u32);
                // `esum + ecount / 2`, exact either way: twice it is an
                // integer, converted once.
                let twice = 2 * u32::from(pair.esum) + u32::from(pair.ecount);
                pair.ex = f64::from(twice) * 0.5 / n;
                acc += pair.zw as f64 + pair.ew as f64;
            }
            *sum = acc;
        }
        k += w.len();
    }
}

/// The weight of the tokens of sentence `i` whose bits `mask` sets (summed
/// in `f32`, in the order of the bits).
#[inline]
fn masked_weight(side: &SideFeatures, i: usize, mut mask: u64) -> f64 {
    let w = &side.tok_w[side.tok_off[i]..];
    let mut sum = 0.0f32;
    // With 64 weights ahead (all but the side's last sentences), a bit's
    // index needs no bounds check.
    if let Some(w) = w.first_chunk::<64>() {
        while mask != 0 {
            sum += w[(mask.trailing_zeros() & 63) as usize];
            mask &= mask - 1;
        }
    } else {
        while mask != 0 {
            sum += w[mask.trailing_zeros() as usize];
            mask &= mask - 1;
        }
    }
    sum as f64
}

/// A union of pairs' masks of one sentence, with the weight of the union's
/// tokens whenever one pair's mask is the union itself: that pair's weight
/// (`masked_weight` of the same mask, stored as the same `f32`), so the
/// union's need not be summed again. It is so for most beads: their other
/// pairs match nothing, or fewer tokens.
#[derive(Clone, Copy, Default)]
struct Union {
    mask: u64,
    /// A pair's mask and weight, the union's when the mask is `mask`.
    known: (u64, f32),
}

impl Union {
    #[inline]
    fn add(&mut self, mask: u64, weight: f32) {
        self.mask |= mask;
        if mask == self.mask {
            self.known = (mask, weight);
        }
    }

    /// `masked_weight(side, i, self.mask)`, of a sentence of the Chinese
    /// side when `zh` (for `sums`).
    #[inline]
    fn weight<S: UnionSums>(&self, side: &SideFeatures, zh: bool, i: usize, sums: &mut S) -> f64 {
        if self.known.0 == self.mask {
            self.known.1 as f64
        } else {
            sums.weight(side, zh, i, self.mask)
        }
    }
}

/// How the weight of a union no pair's mask equals is taken.
pub(crate) trait UnionSums {
    /// `masked_weight(side, i, mask)`, `side` the Chinese one when `zh`.
    fn weight(&mut self, side: &SideFeatures, zh: bool, i: usize, mask: u64) -> f64;
}

/// Each union summed anew (for the search's fill, which prices each bead
/// once).
pub(crate) struct SumEach;

impl UnionSums for SumEach {
    #[inline]
    fn weight(&mut self, side: &SideFeatures, _zh: bool, i: usize, mask: u64) -> f64 {
        masked_weight(side, i, mask)
    }
}

/// The last four unions summed of each sentence and their weights (as the
/// `f32` sums), taken again for the same union: the posterior prices the
/// beads of a cell's neighbours, whose sentences often take the same unions
/// (the last one alone is half the unions summed on the Bible).
pub(crate) struct LastUnions {
    /// `(mask, weight)`s by sentence, the newest first; the Chinese side's
    /// then the English.
    last: [Vec<[(u64, f32); 4]>; 2],
}

impl LastUnions {
    /// For `n` Chinese and `m` English sentences. (An empty union is never
    /// summed: the entries' empty masks match no union.)
    pub(crate) fn new(n: usize, m: usize) -> LastUnions {
        LastUnions {
            last: [vec![[(0, 0.0); 4]; n], vec![[(0, 0.0); 4]; m]],
        }
    }
}

impl UnionSums for LastUnions {
    #[inline(always)]
    fn weight(&mut self, side: &SideFeatures, zh: bool, i: usize, mask: u64) -> f64 {
        let last = &mut self.last[usize::from(!zh)][i];
        if let Some(e) = last.iter().find(|e| e.0 == mask) {
            e.1 as f64
        } else {
            sum_and_keep(side, i, mask, last)
        }
    }
}

/// `masked_weight(side, i, mask)`, kept in `last` with its mask (out of
/// line: the hits in the caller save and restore fewer registers).
#[inline(never)]
fn sum_and_keep(side: &SideFeatures, i: usize, mask: u64, last: &mut [(u64, f32); 4]) -> f64 {
    let w = masked_weight(side, i, mask);
    // (`w` is an `f32` sum: stored exactly.)
    *last = [(mask, w as f32), last[0], last[1], last[2]];
    w
}

/// The prefix sums of one side up to a sentence.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    len: f64,
    total: f64,
    /// Weight of the tokens that have a translation anywhere in the window.
    matchable: f64,
    /// Sentences that start a paragraph.
    para: u32,
    /// The quote state a run starting here starts with (`QUOTE_AT_START`
    /// of the sentence after the prefix) and the one a run ending here ends
    /// with (`QUOTE_AT_END` of the prefix's last sentence); 0 at the ends,
    /// or when quotes are not priced.
    quote_start: u8,
    quote_end: u8,
}

/// Prefix sums of one side's per-sentence numbers, for O(1) bead sums (all
/// of a prefix in one record: a run's sums take two look-ups, not eight).
pub(crate) struct Prefix {
    sums: Vec<Sums>,
}

impl Prefix {
    /// `quotes`: whether quote states are priced (else left out).
    fn new(side: &SideFeatures, quotes: bool) -> Prefix {
        let quote = |i: usize| {
            if quotes {
                side.quote.get(i).copied().unwrap_or(0)
            } else {
                0
            }
        };
        let n = side.n();
        let mut sums = Vec::with_capacity(n + 1);
        sums.push(Sums {
            quote_start: if n > 0 { quote(0) & QUOTE_AT_START } else { 0 },
            ..Sums::default()
        });
        for i in 0..n {
            let last: Sums = sums[i];
            sums.push(Sums {
                len: last.len + side.len[i],
                total: last.total + side.total_w[i] as f64,
                matchable: 0.0,
                para: last.para + u32::from(side.para_start[i]),
                quote_start: if i + 1 < n {
                    quote(i + 1) & QUOTE_AT_START
                } else {
                    0
                },
                quote_end: quote(i) & QUOTE_AT_END,
            });
        }
        Prefix { sums }
    }

    /// Sets the prefix sums of the matchable weights `w` (one a sentence).
    fn set_matchable(&mut self, w: &[f64]) {
        for (i, x) in w.iter().enumerate() {
            self.sums[i + 1].matchable = self.sums[i].matchable + x;
        }
    }

    #[inline]
    fn total(&self, r: &Range<usize>) -> f64 {
        self.sums[r.end].total - self.sums[r.start].total
    }
}

/// Sums over a run of consecutive sentences of one side.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RunSums {
    pub(crate) len: f64,
    /// Content weight.
    pub(crate) total: f64,
    /// Weight of the tokens with a translation somewhere in the window.
    pub(crate) matchable: f64,
    /// Whether a sentence after the first starts a paragraph.
    pub(crate) cross: bool,
    /// Whether a quote is open where the run starts and where it ends
    /// (`QUOTE_AT_START`, `QUOTE_AT_END`).
    pub(crate) quote: u8,
}

impl RunSums {
    #[inline]
    fn of(p: &Prefix, r: Range<usize>) -> RunSums {
        RunSums::between(&p.sums, r.start, r.end)
    }

    /// The sums over the sentences `a..b` from the prefix sums `sums`.
    #[inline(always)]
    fn between(sums: &[Sums], a: usize, b: usize) -> RunSums {
        let (first, last) = (&sums[a], &sums[b]);
        RunSums {
            len: last.len - first.len,
            total: last.total - first.total,
            matchable: last.matchable - first.matchable,
            // A sentence after the first starts a paragraph.
            cross: b - a > 1 && last.para > sums[a + 1].para,
            // The quote state where the run starts (`QUOTE_AT_START`) and
            // ends (`QUOTE_AT_END`).
            quote: first.quote_start | last.quote_end,
        }
    }
}

/// The cost of leaving each sentence unaligned. A sentence with enough
/// content words of which few have a translation anywhere in its window on
/// the other side (web junk, an untranslated intro) is cheap to leave out; a
/// sentence with evidence nearby, or with too little content to judge, costs
/// the full `SKIP_COST`.
fn skip_costs(f: &Features, pairs: &PairCache) -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
    let t = &*f.params;
    let mut zh_cov = vec![0u64; f.zh.n()];
    let mut en_cov = vec![0u64; f.en.n()];
    for (zc, &(lo, start, end)) in zh_cov.iter_mut().zip(&pairs.rows) {
        let row = &pairs.pairs[start..end];
        // (One bounds check a row, not a pair.)
        for (ec, p) in en_cov[lo..lo + row.len()].iter_mut().zip(row) {
            *zc |= p.zm;
            *ec |= p.em;
        }
    }
    // Each sentence's matched weight, taken once for its skip cost and
    // the matchable sums.
    let zh_match: Vec<f64> = zh_cov
        .iter()
        .enumerate()
        .map(|(i, &m)| masked_weight(&f.zh, i, m))
        .collect();
    let en_match: Vec<f64> = en_cov
        .iter()
        .enumerate()
        .map(|(j, &m)| masked_weight(&f.en, j, m))
        .collect();
    let cost = |side: &SideFeatures, i: usize, matched: f64| -> f64 {
        let total = side.total_w[i] as f64;
        if total < t.skip_evidence {
            return t.skip_cost;
        }
        let share = matched / total;
        let factor =
            params::SKIP_FLOOR + (1.0 - params::SKIP_FLOOR) * (share / t.skip_reference).min(1.0);
        t.skip_cost * factor
    };
    let zh = zh_match
        .iter()
        .enumerate()
        .map(|(i, &w)| cost(&f.zh, i, w))
        .collect();
    let en = en_match
        .iter()
        .enumerate()
        .map(|(j, &w)| cost(&f.en, j, w))
        .collect();
    (zh, en, zh_match, en_match)
}

/// Everything needed to price a bead.
pub(crate) struct CostModel<'f> {
    pub(crate) f: &'f Features,
    /// The settings (`f`'s, one dereference nearer).
    pub(crate) p: &'f Params,
    pub(crate) length: LengthModel,
    /// [`tail_table`], fetched once.
    tail: &'static [f64; TAIL_LEN],
    pub(crate) pairs: PairCache,
    /// Cost of leaving each Chinese sentence unaligned.
    pub(crate) zh_skip: Vec<f64>,
    /// Cost of leaving each English sentence unaligned.
    pub(crate) en_skip: Vec<f64>,
    zp: Prefix,
    ep: Prefix,
    /// The largest lexical weight of each bead shape `[a][b]` (a bound).
    pub(crate) lex_w: [[f64; params::MAX_RUN + 1]; params::MAX_RUN + 1],
    /// The lexical weight of a bead by how many of its sentences hold a
    /// matched token: `lexical_weight × (max(k, 2) / 2)^merge_lexical_exponent`.
    lex_w_matched: [f64; 2 * params::MAX_RUN + 1],
    /// The smallest of `lex_w_matched` (for [`CostModel::lexical_floor`]).
    lex_w_least: f64,
    /// A lower bound on [`CostModel::length_of`]: not quite 0, as the
    /// tabulated tail cost dips a little below 0 near 0 (the fit's error).
    pub(crate) length_least: f64,
}

impl<'f> CostModel<'f> {
    pub(crate) fn new(f: &'f Features, length: LengthModel, pairs: PairCache) -> CostModel<'f> {
        let (zh_skip, en_skip, zh_match, en_match) = skip_costs(f, &pairs);
        let quotes = f.quote_penalty > 0.0;
        let mut zp = Prefix::new(&f.zh, quotes);
        let mut ep = Prefix::new(&f.en, quotes);
        zp.set_matchable(&zh_match);
        ep.set_matchable(&en_match);
        let mut lex_w = [[0.0; params::MAX_RUN + 1]; params::MAX_RUN + 1];
        for (a, row) in lex_w.iter_mut().enumerate() {
            for (b, w) in row.iter_mut().enumerate() {
                *w = f.params.lexical_weight
                    * (((a + b) as f64) / 2.0)
                        .max(1.0)
                        .powf(f.params.merge_lexical_exponent);
            }
        }
        let mut lex_w_matched = [0.0; 2 * params::MAX_RUN + 1];
        for (k, w) in lex_w_matched.iter_mut().enumerate() {
            *w = f.params.lexical_weight
                * ((k.max(2) as f64) / 2.0).powf(f.params.merge_lexical_exponent);
        }
        let lex_w_least = lex_w_matched.iter().copied().fold(f64::INFINITY, f64::min);
        let tail = tail_table();
        let tail_least = tail_least();
        let t = &f.params;
        let length_least = if t.length_weight >= 0.0 {
            t.length_weight * tail_least
                + 2.0 * t.paragraph_penalty.min(0.0)
                + f.quote_penalty.min(0.0)
        } else {
            f64::NEG_INFINITY
        };
        CostModel {
            length_least,
            lex_w,
            lex_w_matched,
            lex_w_least,
            f,
            p: &f.params,
            length,
            tail,
            pairs,
            zh_skip,
            en_skip,
            zp,
            ep,
        }
    }

    /// Matched IDF weight of a bead: the tokens on both sides with a
    /// translation on the other side of the bead.
    #[inline]
    pub(crate) fn matched(&self, zh: Range<usize>, en: Range<usize>) -> f64 {
        self.matched_counted(zh, en).0
    }

    /// [`CostModel::matched`], and how many of the bead's sentences (both
    /// sides) hold a matched token.
    ///
    /// (Pairs outside a Chinese sentence's window are left out of the sums
    /// below: their masks are empty and their weights zero.) Each kind of
    /// bead has a function of its own, not inlined: the small ones (1–n,
    /// n–1, the most frequent) then save and restore fewer registers than
    /// the largest needs.
    #[inline]
    pub(crate) fn matched_counted(&self, zh: Range<usize>, en: Range<usize>) -> (f64, usize) {
        self.matched_counted_with(zh, en, &mut SumEach)
    }

    /// [`CostModel::matched_counted`], the unions' weights taken by `sums`.
    #[inline]
    pub(crate) fn matched_counted_with<S: UnionSums>(
        &self,
        zh: Range<usize>,
        en: Range<usize>,
        sums: &mut S,
    ) -> (f64, usize) {
        self.matched_kind::<S, false>(zh, en, sums).0
    }

    /// [`CostModel::matched_counted_with`] and the bead's
    /// [`CostModel::order_cost`], taken in the same walk over its pairs
    /// (the order cost reads the same pairs in the same order: the same
    /// number, for a little more than the match alone costs). (For the
    /// posterior, which prices the order of most beads it matches; in its
    /// loops, so the kind of bead is told apart there, without a call.)
    #[inline(always)]
    pub(crate) fn matched_and_order<S: UnionSums>(
        &self,
        zh: Range<usize>,
        en: Range<usize>,
        sums: &mut S,
    ) -> ((f64, usize), f64) {
        let w = self.p.order_weight;
        // (As `order_cost`: 0 without a weight and for a 1–1 bead.)
        if w <= 0.0 || (zh.len() == 1 && en.len() == 1) {
            return (self.matched_kind::<S, false>(zh, en, sums).0, 0.0);
        }
        let (m, order) = self.matched_kind::<S, true>(zh, en, sums);
        (m, w * order)
    }

    /// The match of the bead by its kind, and when `ORDER` its order cost
    /// before the weight (else 0).
    #[inline(always)]
    fn matched_kind<S: UnionSums, const ORDER: bool>(
        &self,
        zh: Range<usize>,
        en: Range<usize>,
        sums: &mut S,
    ) -> ((f64, usize), f64) {
        if zh.len() == 1 && en.len() == 1 {
            // A 1–1 bead (the most frequent), in line: `matched_one_zh`
            // over its one pair, whose masks are the unions (`0.0 + ew`
            // is `ew`: a weight is never -0). No order: 0 here.
            return match self.pairs.at(zh.start, en.start) {
                Some(p) => (
                    (
                        p.zw as f64 + p.ew as f64,
                        usize::from(p.ew > 0.0) + usize::from(p.zm != 0),
                    ),
                    0.0,
                ),
                None => ((0.0, 0), 0.0),
            };
        }
        if zh.len() == 1 {
            self.matched_one_zh::<S, ORDER>(zh.start, en, sums)
        } else if en.len() == 1 {
            self.matched_one_en::<S, ORDER>(zh, en.start, sums)
        } else if en.len() <= 4 {
            // (Fewer unions to clear for the frequent shapes.)
            self.matched_many::<S, ORDER, 4>(zh, en, sums)
        } else {
            self.matched_many::<S, ORDER, { params::MAX_RUN }>(zh, en, sums)
        }
    }

    /// [`CostModel::matched_counted`] of one Chinese sentence `i`: the
    /// English side's weight adds up per pair. (When `ORDER`, also
    /// `order_one_zh`'s sum over the same pairs.)
    #[inline(never)]
    fn matched_one_zh<S: UnionSums, const ORDER: bool>(
        &self,
        i: usize,
        en: Range<usize>,
        sums: &mut S,
    ) -> ((f64, usize), f64) {
        let (mut m, mut rest, mut count) = (Union::default(), 0.0f64, 0usize);
        let mut order = Order::default();
        let n = if ORDER { self.f.zh.tokens(i).len() } else { 0 };
        for p in self.pairs.row(i, &en).0 {
            m.add(p.zm, p.zw);
            rest += p.ew as f64;
            count += usize::from(p.ew > 0.0);
            if ORDER {
                order.step_one_zh(p, n);
            }
        }
        (
            (
                m.weight(&self.f.zh, true, i, sums) + rest,
                count + usize::from(m.mask != 0),
            ),
            order.cost,
        )
    }

    /// [`CostModel::matched_counted`] of one English sentence `j` (and
    /// several Chinese): the Chinese side's weight adds up per pair. (When
    /// `ORDER`, also `order_one_en`'s sum over the same pairs.)
    #[inline(never)]
    fn matched_one_en<S: UnionSums, const ORDER: bool>(
        &self,
        zh: Range<usize>,
        j: usize,
        sums: &mut S,
    ) -> ((f64, usize), f64) {
        let (mut m, mut sum, mut count) = (Union::default(), 0.0f64, 0usize);
        let mut order = Order::default();
        // (`PairCache::at` of each row, its bounds read off one slice.)
        for &(lo, start, end) in &self.pairs.rows[zh] {
            let k = j.wrapping_sub(lo);
            if k < end - start {
                let p = &self.pairs.pairs[start + k];
                m.add(p.em, p.ew);
                sum += p.zw as f64;
                count += usize::from(p.zw > 0.0);
                if ORDER {
                    order.step_one_en(p);
                }
            }
        }
        (
            (
                sum + m.weight(&self.f.en, false, j, sums),
                count + usize::from(m.mask != 0),
            ),
            order.cost,
        )
    }

    /// [`CostModel::matched_counted`] of several sentences on both sides.
    /// (When `ORDER`, also `order_many_zh`'s sums over the same rows.)
    #[inline(never)]
    fn matched_many<S: UnionSums, const ORDER: bool, const N: usize>(
        &self,
        zh: Range<usize>,
        en: Range<usize>,
        sums: &mut S,
    ) -> ((f64, usize), f64) {
        let f = self.f;
        let (mut sum, mut count) = (0.0, 0usize);
        // (`N` at least `en.len()`.)
        let mut em = [Union::default(); N];
        let mut order = Order::default();
        let b = en.len() as f64;
        for i in zh.clone() {
            let mut m = Union::default();
            let (row, first) = self.pairs.row(i, &en);
            let mut row_at = ManyRow::default();
            for (k, (p, e)) in row
                .iter()
                .zip(em.iter_mut().skip(first - en.start))
                .enumerate()
            {
                m.add(p.zm, p.zw);
                e.add(p.em, p.ew);
                if ORDER {
                    row_at.add(k + (first - en.start), p, b);
                }
            }
            if ORDER {
                order.step(row_at.position());
            }
            sum += m.weight(&f.zh, true, i, sums);
            count += usize::from(m.mask != 0);
        }
        for (k, j) in en.enumerate() {
            sum += em[k].weight(&f.en, false, j, sums);
            count += usize::from(em[k].mask != 0);
        }
        ((sum, count), order.cost)
    }

    /// Lexical similarity of a bead in [0, 1): IDF-weighted matched share, smoothed.
    pub(crate) fn lexical(&self, zh: Range<usize>, en: Range<usize>) -> f64 {
        let denom = self.lexical_denominator(&zh, &en);
        self.matched(zh, en) / denom
    }

    /// Total content weight of a bead plus the smoothing constant.
    #[inline]
    pub(crate) fn lexical_denominator(&self, zh: &Range<usize>, en: &Range<usize>) -> f64 {
        self.zp.total(zh) + self.ep.total(en) + self.p.lexical_smoothing
    }

    /// Sums over the Chinese sentences `r` (for the search's bounds).
    #[inline]
    pub(crate) fn zh_run(&self, r: Range<usize>) -> RunSums {
        RunSums::of(&self.zp, r)
    }

    /// [`CostModel::zh_run`] of the runs of `1..out.len()` Chinese
    /// sentences ending at `i`, into `out[1..]` (`out[a]` the run of `a`;
    /// the sentence at `i` shared by all of them read once).
    #[inline]
    pub(crate) fn zh_runs_ending(&self, i: usize, out: &mut [RunSums]) {
        let top = out.len() - 1;
        let sums = &self.zp.sums[i - top..=i];
        for (a, o) in out.iter_mut().enumerate().skip(1) {
            *o = RunSums::between(sums, top - a, top);
        }
    }

    /// Sums over the English sentences `r`.
    #[inline]
    pub(crate) fn en_run(&self, r: Range<usize>) -> RunSums {
        RunSums::of(&self.ep, r)
    }

    /// The sums over the English runs of `1..=k` sentences ending at each
    /// prefix, taken once for all the cells of a search (every row of the
    /// band would take them again): `[j * (k + 1) + b]` holds
    /// `en_run(j - b..j)` for `1 <= b <= min(k, j)`, `j` in `0..=m`.
    pub(crate) fn en_runs_ending(&self, k: usize) -> Vec<RunSums> {
        let m = self.f.en.n();
        let mut out = vec![RunSums::default(); (m + 1) * (k + 1)];
        for (j, row) in out.chunks_exact_mut(k + 1).enumerate() {
            for (b, e) in row.iter_mut().enumerate().take(k.min(j) + 1).skip(1) {
                *e = self.en_run(j - b..j);
            }
        }
        out
    }

    /// The non-lexical part of a pair bead's cost (prior excluded): the
    /// length cost and the paragraph penalties, from the two sides' sums.
    #[inline]
    pub(crate) fn length_of(&self, z: &RunSums, e: &RunSums) -> f64 {
        let t = self.p;
        let mut cost = t.length_weight * self.length.cost(self.tail, z.len, e.len);
        if z.cross {
            cost += t.paragraph_penalty;
        }
        if e.cross {
            cost += t.paragraph_penalty;
        }
        cost + self.quote_cost(z, e)
    }

    /// Half the quote penalty for each end of the bead where a quote is
    /// open on one side only: each boundary between two pair beads pays
    /// the whole penalty once, whichever bead it is counted from (a bead
    /// boundary between two utterances on one side falls between two on
    /// the other; see `features::quotes`).
    #[inline]
    pub(crate) fn quote_cost(&self, z: &RunSums, e: &RunSums) -> f64 {
        let q = z.quote ^ e.quote;
        if q == 0 {
            return 0.0;
        }
        0.5 * self.f.quote_penalty * f64::from(q.count_ones())
    }

    /// The lexical part of a pair bead's cost, from the matched weight of
    /// its tokens and `denom` (its content weight plus the smoothing): the
    /// bonus `lexical_weight × matched / denom`, less, for the content that
    /// has a translation somewhere nearby but not in the bead,
    /// `mismatch_weight × lexical_weight × unmatched / denom`. Never below
    /// `-lexical_weight × matchable / denom`, the bound the search prunes with.
    #[inline]
    pub(crate) fn lexical_cost(
        &self,
        z: &RunSums,
        e: &RunSums,
        (matched, sentences): (f64, usize),
        denom: f64,
    ) -> f64 {
        let t = self.p;
        let lw = self.lex_w_matched[sentences.min(2 * params::MAX_RUN)];
        let mut c = -lw * matched / denom;
        if t.mismatch_weight > 0.0 {
            let unmatched = (z.matchable + e.matchable - matched).max(0.0);
            c += t.mismatch_weight * lw * unmatched / denom;
        }
        c
    }

    /// A lower bound on [`CostModel::lexical_cost`] of a bead whose pairs
    /// weigh `sum` (`zw + ew`, see [`PairCache::weight_prefixes`]), taken
    /// without matching its tokens: the matched weight of a bead is at most
    /// that sum (a union's tokens are among its parts', and no weight is
    /// negative), and at most what its sentences can match
    /// (`z.matchable + e.matchable`): the smaller of the two bounds it.
    /// `lex_w` is the largest lexical weight of the bead's shape; `z`, `e`
    /// and `denom` as for `lexical_cost`. The margins (`top` is the largest
    /// of the sums `sum` was taken from, and above `sum`) cover the rounding
    /// of the `f32` weights and of the sums, so the bound stays below the
    /// computed cost: a bead it excludes would have been excluded once
    /// priced. `MISMATCH`: whether `mismatch_weight` is above 0 (told once
    /// per search, not once per bead).
    #[inline]
    pub(crate) fn lexical_floor<const MISMATCH: bool>(
        &self,
        z: &RunSums,
        e: &RunSums,
        sum: f64,
        top: f64,
        lex_w: f64,
        denom: f64,
    ) -> f64 {
        let matchable = z.matchable + e.matchable;
        // (A plain compare: no NaN to mind.)
        let most = if matchable < sum { matchable } else { sum } + 1e-5 * top + 1e-9;
        if !MISMATCH {
            // No mismatch cost: lexical_cost = −lw × matched / denom, lw at
            // most the shape's largest weight and matched at most `most`.
            // (Rounding keeps the order of products and quotients of the
            // same signs: below the computed cost without a margin.)
            return -(lex_w * most) / denom;
        }
        // lexical_cost = lw × (mw × unmatched − matched) / denom, with
        // unmatched >= matchable − matched and lw between the least and
        // the shape's largest weight.
        let x = self.p.mismatch_weight * (matchable - most) - most;
        let floor = if x < 0.0 {
            lex_w * x
        } else {
            self.lex_w_least * x
        } / denom;
        floor - 1e-9 * (floor.abs() + 1.0)
    }

    /// Cost of a bead with both sides non-empty (prior excluded).
    pub(crate) fn pair_cost(&self, zh: Range<usize>, en: Range<usize>) -> f64 {
        let (z, e) = (self.zh_run(zh.clone()), self.en_run(en.clone()));
        let denom = self.lexical_denominator(&zh, &en);
        self.length_of(&z, &e)
            + self.lexical_cost(&z, &e, self.matched_counted(zh.clone(), en.clone()), denom)
            + self.order_cost(zh, en)
    }
}
