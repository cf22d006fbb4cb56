//! The confidence of a bead as a posterior probability: the sum-product
//! (forward–backward) recursion over the same band and the same bead costs
//! as the search, with a bead's cost read as a negative log-probability at a
//! temperature (`Params::confidence_temperature`).
//!
//! `F(i, j)` is the soft minimum (`-T ln Σ e^(-cost/T)`) over all paths from
//! the origin to the cell, `G(i, j)` over all paths from the cell to the far
//! corner, `Z = F(n, m)`. The posterior of the bead from `p` to `q` of cost
//! `c` is `e^(-(F(p) + c + G(q) - Z)/T)`: the share of the probability mass of
//! all alignments that use exactly this bead. A sentence left unaligned gets
//! the mass of all alignments that leave it out, wherever they pass.
//!
//! Both recursions run in the cost (log) domain, so nothing underflows on long
//! texts; the work is linear in the band's cells. Beads whose cheapest
//! possible cost (the same bounds the search prunes with) lies more than
//! `PRUNE` temperatures above the best way into or out of a cell carry less
//! than `e^-PRUNE` of its mass and are not priced.

use super::cost::{CostModel, LastUnions, RunSums};
use super::{Band, PairShape, RowShape, RowsAbove, Shapes};
use crate::alignment::Bead;
use crate::params;

/// Beads this many temperatures dearer than a cell's best bound are left out
/// of its sum (they would add less than `e^-12`).
const PRUNE: f64 = 12.0;

/// A running soft minimum: `m - T ln s` with `s = Σ e^(-(x - m)/T)`.
#[derive(Clone, Copy)]
struct SoftMin {
    min: f64,
    sum: f64,
}

impl SoftMin {
    fn new() -> SoftMin {
        SoftMin {
            min: f64::INFINITY,
            sum: 0.0,
        }
    }

    #[inline]
    fn add(&mut self, x: f64, inv_t: f64) {
        if x < self.min {
            self.sum = if self.min.is_finite() {
                self.sum * (-(self.min - x) * inv_t).exp() + 1.0
            } else {
                1.0
            };
            self.min = x;
        } else {
            self.sum += (-(x - self.min) * inv_t).exp();
        }
    }

    /// Whether a bead that costs at least `lower` could still count.
    #[inline]
    fn admits(&self, lower: f64, cap: f64) -> bool {
        lower < self.min + cap
    }

    fn value(&self, t: f64) -> f64 {
        if self.min.is_finite() {
            self.min - t * self.sum.ln()
        } else {
            f64::INFINITY
        }
    }
}

/// The cost of the pair bead over runs `z` (`a` sentences ending at `i`) and
/// `e` (`b` ending at `j`), unless even its lowest bound `base - bonus` is not
/// admitted by `acc` within `cap`, or is not below `room` ([`backward`];
/// infinite in the forward recursion). `base` is the cost of the rest of the
/// path plus the bead's prior. The slot of `cache` for the bead (shape
/// number `s` ending in cell `end`) holds its costs once known (NaN before;
/// the lexical and order costs priced at once): the forward recursion
/// (`FORWARD`, which meets each bead first and once) prices a bead, the
/// backward one reuses the prices. `lex_w` is the shape's largest lexical weight
/// (`PairShape::lex_w`, taken once per search, not looked up again for
/// every bead).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn pair_edge<const FORWARD: bool>(
    model: &CostModel<'_>,
    acc: &SoftMin,
    (cap, room): (f64, f64),
    base: f64,
    lex_w: f64,
    z: &RunSums,
    e: &RunSums,
    zh: std::ops::Range<usize>,
    en: std::ops::Range<usize>,
    (cache, end, s): (&mut LexCache, usize, usize),
) -> Option<f64> {
    let t = model.p;
    // (An unreachable cell's infinite `base` fails this too: no test of
    // its own.)
    if !acc.admits(base - lex_w, cap) || base - lex_w >= room {
        return None;
    }
    let denom = z.total + e.total + t.lexical_smoothing;
    let bound = lex_w * (z.matchable + e.matchable) / denom;
    // The same bound before the length cost (at least `length_least`),
    // which a bead this far in then needs.
    if !acc.admits(base + (model.length_least - bound), cap) {
        return None;
    }
    // (Looked up only for a bead this far in.)
    let (slot, sums) = cache.slot(end, s);
    // (The forward recursion meets the bead first: nothing known yet.)
    if FORWARD || slot.length.is_nan() {
        slot.length = model.length_of(z, e);
    }
    let fixed = base + slot.length;
    if !acc.admits(fixed - bound, cap) {
        return None;
    }
    if FORWARD || slot.lexical.is_nan() {
        // The order cost in the same walk over the bead's pairs (most
        // beads matched need it).
        let (matched, order) = model.matched_and_order(zh, en, sums);
        slot.lexical = model.lexical_cost(z, e, matched, denom);
        slot.order = order;
    }
    let c = fixed + slot.lexical;
    // (The order cost is never negative: a bead already out stays out.)
    if !acc.admits(c, cap) {
        return None;
    }
    Some(c + slot.order)
}

/// The costs of a bead (its prior aside): [`CostModel::length_of`],
/// [`CostModel::lexical_cost`] and [`CostModel::order_cost`]; NaN where
/// not priced.
#[derive(Clone, Copy)]
struct Priced {
    length: f64,
    lexical: f64,
    order: f64,
}

impl Priced {
    const NONE: Priced = Priced {
        length: f64::NAN,
        lexical: f64::NAN,
        order: f64::NAN,
    };
}

/// The costs of the beads the recursions priced, by the cell a bead ends
/// in and its shape. They depend on the bead's sentences alone, so the
/// backward recursion takes the forward one's. Kept only up to
/// `LEX_CACHE_MAX` entries (32 MiB), beyond which each bead is priced
/// twice, as without a cache.
struct LexCache {
    costs: Vec<Priced>,
    /// Number of pair shapes.
    shapes: usize,
    /// The slot handed out when there is no cache.
    none: Priced,
    /// The unions' weights last summed, for the beads priced.
    sums: LastUnions,
}

/// See [`LexCache`]: a bound on its memory for a long segment without cut
/// points (the cache costs up to 19 × 24 bytes per cell of the corridor).
const LEX_CACHE_MAX: usize = (32 << 20) / std::mem::size_of::<Priced>();

impl LexCache {
    /// For `n` Chinese and `m` English sentences.
    fn new(cells: usize, shapes: usize, (n, m): (usize, usize)) -> LexCache {
        let entries = cells.saturating_mul(shapes);
        LexCache {
            costs: if entries <= LEX_CACHE_MAX {
                vec![Priced::NONE; entries]
            } else {
                Vec::new()
            },
            shapes,
            none: Priced::NONE,
            sums: LastUnions::new(n, m),
        }
    }

    /// The costs of the bead of pair shape number `s` ending in cell
    /// `end`, if all were priced.
    fn priced(&self, end: usize, s: usize) -> Option<Priced> {
        if s >= self.shapes {
            return None;
        }
        self.costs
            .get(end * self.shapes + s)
            .filter(|c| !c.length.is_nan() && !c.lexical.is_nan() && !c.order.is_nan())
            .copied()
    }

    /// The slot of the bead of pair shape number `s` ending in cell `end`
    /// (and the unions' weights, to price it).
    #[inline]
    fn slot(&mut self, end: usize, s: usize) -> (&mut Priced, &mut LastUnions) {
        let slot = match self.costs.get_mut(end * self.shapes + s) {
            Some(x) => x,
            None => {
                self.none = Priced::NONE;
                &mut self.none
            }
        };
        (slot, &mut self.sums)
    }
}

/// `F` for every cell of the band. As in the search's fill, the sums over
/// the Chinese runs and the bounds of the rows a bead comes from are taken
/// once per row, the sums over the English runs once for the search and
/// both recursions (`eruns`: [`CostModel::en_runs_ending`] of `k`, at least
/// the shapes' largest `b`).
fn forward(
    model: &CostModel<'_>,
    band: &Band,
    shapes: &[PairShape],
    (k, eruns): (usize, &[RunSums]),
    temp: f64,
    cap: f64,
    lex: &mut LexCache,
) -> Vec<f64> {
    let n = model.f.zh.n();
    let inv_t = 1.0 / temp;
    let mut fwd = vec![f64::INFINITY; band.cells()];
    fwd[0] = 0.0;
    // The shapes as the cells of row i see them (as in the search's fill).
    let mut above = RowsAbove::new(shapes);
    for i in 0..=n {
        let fit = above.prepare(model, band, shapes, i);
        let from = &above.shapes[..fit];
        let (lo, hi, off) = (band.lo[i], band.hi[i], band.off[i]);
        // The 1–0 skip into this row (taken once per row).
        let up = above.up(model, i);
        for j in lo..=hi {
            if i == 0 && j == 0 {
                continue;
            }
            let mut acc = SoftMin::new();
            if let Some(((l, h, o), skip)) = up {
                if j >= l && j <= h {
                    acc.add(fwd[o + j - l] + skip, inv_t);
                }
            }
            if j > lo {
                acc.add(fwd[off + j - 1 - lo] + model.en_skip[j - 1], inv_t);
            }
            let er = &eruns[j * (k + 1)..(j + 1) * (k + 1)];
            for (s, sh) in from.iter().enumerate() {
                // The bead from (i - a, j - b), when that cell is in the
                // band (a `b` beyond `j` wraps around to far beyond it).
                let x = j.wrapping_sub(sh.from);
                if x > sh.width {
                    continue;
                }
                let base = fwd[sh.off + x] + sh.prior;
                let slot = (&mut *lex, off + j - lo, s);
                let (z, e) = (&sh.z, &er[sh.b]);
                let (zh, en) = (i - sh.a..i, j - sh.b..j);
                if let Some(c) = pair_edge::<true>(
                    model,
                    &acc,
                    (cap, f64::INFINITY),
                    base,
                    sh.lex_w,
                    z,
                    e,
                    zh,
                    en,
                    slot,
                ) {
                    acc.add(c, inv_t);
                }
            }
            fwd[off + j - lo] = acc.value(temp);
        }
    }
    fwd
}

/// `G` for every cell of the band (as [`forward`], from the far corner),
/// where it can matter: `fwd` is [`forward`]'s `F` and `z` its total.
///
/// A bead from `p` to `q` of cost `c` carries `e^(-(F(p) + c + G(q) - Z)/T)`
/// of the mass of all alignments. Besides the cell's own bound (as in the
/// forward recursion), a bead is left out when even its loosest lower
/// bound (`G(q)` + prior − the shape's largest bonus) puts it below
/// `e^-PRUNE` of all the mass: `room` is `Z + PRUNE·T - F(p)` for the bound
/// to reach. Only likely cells need their `G` (the posterior of a path's
/// bead and of a sentence left out read `F + c + G - Z`), and a cell off
/// every likely path can make no bead out of a likely cell likely, so its
/// `G` reaches none of theirs. The tighter bounds are not tested against
/// `room`: the logit of a sure bead's posterior reads masses near
/// `e^-PRUNE` (tested so, confidences moved by up to 5e-3; with the loosest
/// bound alone by at most 6e-6 on MAC-Dev, the Bible and the seeds, no
/// bead; the Bible's run takes 45 M instructions fewer, 4.7 %).
#[allow(clippy::too_many_arguments)]
fn backward(
    fwd: &[f64],
    z_total: f64,
    model: &CostModel<'_>,
    band: &Band,
    shapes: &[PairShape],
    (k, eruns): (usize, &[RunSums]),
    temp: f64,
    cap: f64,
    lex: &mut LexCache,
) -> Vec<f64> {
    let (n, m) = (model.f.zh.n(), model.f.en.n());
    let inv_t = 1.0 / temp;
    let mut bwd = vec![f64::INFINITY; band.cells()];
    if let Some(last) = band.index(n, m) {
        bwd[last] = 0.0;
    }
    // `en_run(j..j + b)` is `eruns[(j + b) * (k + 1) + b]`.
    let mut zruns = [RunSums::default(); params::MAX_RUN + 1];
    // (lo, hi, off) of row i + a.
    let mut rows = [(0usize, 0usize, 0usize); params::MAX_RUN + 1];
    // The shapes as the cells of row i see them.
    // (The shapes' own fields set once.)
    let mut to: Vec<RowShape> = shapes.iter().map(RowShape::of).collect();
    for i in (0..=n).rev() {
        let top_a = params::MAX_RUN.min(n - i);
        for a in 1..=top_a {
            zruns[a] = model.zh_run(i..i + a);
            rows[a] = (band.lo[i + a], band.hi[i + a], band.off[i + a]);
        }
        let fit = shapes.partition_point(|sh| sh.a <= top_a);
        for t in &mut to[..fit] {
            let (l, h, o) = rows[t.a];
            t.from = l.wrapping_sub(t.b);
            t.width = h - l;
            t.off = o;
            t.z = zruns[t.a];
        }
        let (lo, hi, off) = (band.lo[i], band.hi[i], band.off[i]);
        // The 1–0 skip out of this row (taken once per row).
        let down = (i < n).then(|| (rows[1], model.zh_skip[i]));
        for j in (lo..=hi).rev() {
            if i == n && j == m {
                continue;
            }
            let mut acc = SoftMin::new();
            if let Some(((l, h, o), skip)) = down {
                if j >= l && j <= h {
                    acc.add(skip + bwd[o + j - l], inv_t);
                }
            }
            if j < hi {
                acc.add(model.en_skip[j] + bwd[off + j + 1 - lo], inv_t);
            }
            // (-inf for a cell no path reaches: no bead counts there.)
            let room = z_total + cap - fwd[off + j - lo];
            for (s, sh) in to[..fit].iter().enumerate() {
                // The bead to (i + a, j + b), when that cell is in the band
                // (then j + b <= m): `j + b - lo`, wrapping as `j - (lo - b)`.
                let x = j.wrapping_sub(sh.from);
                if x > sh.width {
                    continue;
                }
                let (jj, z) = (j + sh.b, &sh.z);
                let base = bwd[sh.off + x] + sh.prior;
                let slot = (&mut *lex, sh.off + x, s);
                let e = &eruns[jj * (k + 1) + sh.b];
                let (zh, en) = (i..i + sh.a, j..jj);
                if let Some(c) =
                    pair_edge::<false>(model, &acc, (cap, room), base, sh.lex_w, z, e, zh, en, slot)
                {
                    acc.add(c, inv_t);
                }
            }
            bwd[off + j - lo] = acc.value(temp);
        }
    }
    bwd
}

/// What the posterior says of one bead.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Posterior {
    /// For a pair, the probability of exactly that bead; for a sentence
    /// left unaligned, the probability that it is left out.
    pub(super) bead: f64,
}

/// The posterior of each bead of `beads` (a path through `band`).
/// `eruns` is the search's [`CostModel::en_runs_ending`] of
/// `shapes.max_b_any`.
pub(super) fn posteriors(
    model: &CostModel<'_>,
    band: &Band,
    shapes: &Shapes,
    eruns: &[RunSums],
    beads: &[Bead],
    temp: f64,
) -> Vec<Posterior> {
    let (n, m) = (model.f.zh.n(), model.f.en.n());
    let cap = PRUNE * temp;
    let pair_shapes = shapes.pairs(model);
    let mut lex = LexCache::new(band.cells(), pair_shapes.len(), (n, m));
    let runs = (shapes.max_b_any, eruns);
    let fwd = forward(model, band, &pair_shapes, runs, temp, cap, &mut lex);
    let Some(z) = band.index(n, m).map(|c| fwd[c]).filter(|z| z.is_finite()) else {
        return vec![Posterior::default(); beads.len()];
    };
    let bwd = backward(
        &fwd,
        z,
        model,
        band,
        &pair_shapes,
        runs,
        temp,
        cap,
        &mut lex,
    );
    // The number of each pair shape (its slots in `lex`).
    let mut shape_no = [[usize::MAX; params::MAX_RUN + 1]; params::MAX_RUN + 1];
    for (s, sh) in pair_shapes.iter().enumerate() {
        shape_no[sh.a][sh.b] = s;
    }
    let inv_t = 1.0 / temp;
    let mass = |x: f64| (-(x - z) * inv_t).exp().min(1.0);
    // Every way a sentence can be left out: a skip from any cell of its row
    // (Chinese) or column (English).
    let mut zh_out = vec![0.0f64; n];
    let mut en_out = vec![0.0f64; m];
    // The cell's coordinates index the band, both skip tables and the costs.
    #[allow(clippy::needless_range_loop)]
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            let p = band.off[i] + j - band.lo[i];
            if !fwd[p].is_finite() {
                continue;
            }
            if i < n {
                if let Some(q) = band.index(i + 1, j) {
                    zh_out[i] += mass(fwd[p] + model.zh_skip[i] + bwd[q]);
                }
            }
            if j < m {
                if let Some(q) = band.index(i, j + 1) {
                    en_out[j] += mass(fwd[p] + model.en_skip[j] + bwd[q]);
                }
            }
        }
    }
    beads
        .iter()
        .map(|b| {
            let skip = |bead: f64| Posterior { bead };
            if b.zh.is_empty() {
                return skip(b.en.clone().map(|j| en_out[j]).fold(1.0, f64::min).min(1.0));
            }
            if b.en.is_empty() {
                return skip(b.zh.clone().map(|i| zh_out[i]).fold(1.0, f64::min).min(1.0));
            }
            let (p, q) = (
                band.index(b.zh.start, b.en.start),
                band.index(b.zh.end, b.en.end),
            );
            let (Some(p), Some(q)) = (p, q) else {
                return Posterior::default();
            };
            let (a, bb) = (b.zh.len(), b.en.len());
            let prior = shapes.prior[a][bb];
            // The recursions priced the path's beads (nearly always): the
            // same sum as `pair_cost`, from their lexical and order costs.
            let cost = match lex.priced(q, shape_no[a][bb]) {
                Some(c) => prior + (c.length + c.lexical + c.order),
                None => prior + model.pair_cost(b.zh.clone(), b.en.clone()),
            };
            Posterior {
                bead: mass(fwd[p] + cost + bwd[q]),
            }
        })
        .collect()
}

/// Log target of the records the aligner writes at trace level while it
/// computes confidences, one per pair: `zh_start en_start zh_len en_len`
/// (document positions), then the values of [`CONFIDENCE_FEATURES`],
/// tab-separated. `evaluate --fit-confidence` reads them to refit the
/// confidence's weights (`CONFIDENCE_WEIGHTS` in `src/params.rs`).
pub const CONFIDENCE_LOG_TARGET: &str = "zhen_align::confidence";

/// The names of the evidence a pair's confidence is computed from, in order.
pub const CONFIDENCE_FEATURES: [&str; params::CONFIDENCE_INPUTS] = [
    "logit_posterior",
    "lexical",
    "length_cost",
    "log_content",
    "one_to_one",
    "cross",
    "cross_share",
    "unmatched",
];

/// The evidence of the pair bead `k` of `beads`: its posterior's logit; its
/// lexical similarity; its length cost; ln(1 + content weight of both
/// sides); whether it is 1–1; the largest lexical similarity between its
/// sentences on one side and a neighbouring pair's on the other (a
/// translation that crosses the bead boundary: the gold often joins such
/// pairs into one 2–2 bead); that crossing relative to the bead's own; the
/// share of its content that has a translation nearby but not in the bead
/// (the lexical bound the search prunes with, less the similarity: high
/// for a sentence paired with an unrelated one).
///
/// `links` is [`crossings`] of `beads`.
fn evidence(
    model: &CostModel<'_>,
    beads: &[Bead],
    links: &[Option<f64>],
    k: usize,
    post: Posterior,
) -> [f64; params::CONFIDENCE_INPUTS] {
    let b = &beads[k];
    let p = post.bead.clamp(1e-6, 1.0 - 1e-6);
    let (z, e) = (model.zh_run(b.zh.clone()), model.en_run(b.en.clone()));
    let lexical = model.lexical(b.zh.clone(), b.en.clone());
    // The crossings with the bead before and the bead after.
    let cross = [
        k.checked_sub(1).and_then(|q| links[q]),
        links.get(k).copied().flatten(),
    ]
    .into_iter()
    .flatten()
    .fold(0.0, f64::max);
    [
        (p / (1.0 - p)).ln(),
        lexical,
        model.length_of(&z, &e),
        (z.total + e.total).ln_1p(),
        f64::from(u8::from(b.zh.len() == 1 && b.en.len() == 1)),
        cross,
        cross / (lexical + 0.05),
        (z.matchable + e.matchable) / model.lexical_denominator(&b.zh, &b.en) - lexical,
    ]
}

/// For each two neighbouring beads of `beads` (`k` and `k + 1`) that are
/// both pairs, how well they translate across their boundary: the lexical
/// similarity of the first's Chinese sentences with the second's English
/// ones plus that of the second's Chinese with the first's English. Both
/// beads' [`evidence`] reads it (the same sum, whichever side it is taken
/// from: the addition commutes), so it is taken once.
fn crossings(model: &CostModel<'_>, beads: &[Bead]) -> Vec<Option<f64>> {
    beads
        .windows(2)
        .map(|w| {
            let (b, nb) = (&w[0], &w[1]);
            (b.is_pair() && nb.is_pair()).then(|| {
                model.lexical(b.zh.clone(), nb.en.clone())
                    + model.lexical(nb.zh.clone(), b.en.clone())
            })
        })
        .collect()
}

/// The logistic of the weighted evidence (weights and bias from
/// [`params::CONFIDENCE_WEIGHTS`]).
fn logistic_of(x: &[f64; params::CONFIDENCE_INPUTS]) -> f64 {
    let w = &params::CONFIDENCE_WEIGHTS;
    let s: f64 = w[params::CONFIDENCE_INPUTS] + x.iter().zip(w).map(|(a, b)| a * b).sum::<f64>();
    1.0 / (1.0 + (-s).exp())
}

/// The confidence of each bead of `beads`: for a pair, the probability that
/// it is exactly right, a logistic regression on its posterior and the
/// evidence of [`evidence`], fitted on MAC-Dev (`params::CONFIDENCE_WEIGHTS`);
/// for a sentence left unaligned, the posterior that it is left out.
/// `origin` is where `beads`' segment starts in the document (for the trace
/// records).
pub(super) fn calibrated(
    model: &CostModel<'_>,
    beads: &[Bead],
    post: &[Posterior],
    origin: (usize, usize),
) -> Vec<f64> {
    let trace = log::log_enabled!(target: CONFIDENCE_LOG_TARGET, log::Level::Trace);
    let links = crossings(model, beads);
    beads
        .iter()
        .enumerate()
        .map(|(k, b)| {
            if !b.is_pair() {
                return post[k].bead;
            }
            let x = evidence(model, beads, &links, k, post[k]);
            if trace {
                let values: Vec<String> = x.iter().map(|v| format!("{v}")).collect();
                log::trace!(
                    target: CONFIDENCE_LOG_TARGET,
                    "{}\t{}\t{}\t{}\t{}",
                    b.zh.start + origin.0,
                    b.en.start + origin.1,
                    b.zh.len(),
                    b.en.len(),
                    values.join("\t")
                );
            }
            logistic_of(&x)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use super::*;
    use crate::features::{Features, Resources, SideInput};
    use crate::lexicon::{ChineseTokenizer, Glossary, Lexicon};
    use crate::search::cost::{LengthModel, PairCache};

    fn side<'a>(s: &[&'a str]) -> SideInput<'a> {
        SideInput {
            sentences: s.to_vec(),
            para_start: vec![false; s.len()],
        }
    }

    fn features(zh: &[&str], en: &[&str]) -> Features {
        let lexicon = || Lexicon::builtin();
        let glossary = Glossary::new();
        let params = Arc::new(params::Params::default());
        let res = Resources {
            lexicon: &lexicon,
            glossary: &glossary,
            tokenizer: ChineseTokenizer::default(),
            params: &params,
        };
        Features::build(&side(zh), &side(en), &res)
    }

    /// The cost of the bead `(a, b)` from `(i, j)`, as the recursions price it.
    fn edge(
        model: &CostModel<'_>,
        shapes: &Shapes,
        (i, j, a, b): (usize, usize, usize, usize),
    ) -> f64 {
        match (a, b) {
            (1, 0) => model.zh_skip[i],
            (0, 1) => model.en_skip[j],
            _ => shapes.prior[a][b] + model.pair_cost(i..i + a, j..j + b),
        }
    }

    /// Every path from `(i, j)` to `(n, m)`, as its beads.
    fn paths(
        shapes: &Shapes,
        (i, j): (usize, usize),
        (n, m): (usize, usize),
        prefix: &mut Vec<(usize, usize, usize, usize)>,
        out: &mut Vec<Vec<(usize, usize, usize, usize)>>,
    ) {
        if (i, j) == (n, m) {
            out.push(prefix.clone());
            return;
        }
        let mut steps = vec![(1, 0), (0, 1)];
        for a in 1..=params::MAX_RUN {
            for b in 1..=params::MAX_RUN {
                if shapes.prior[a][b].is_finite() {
                    steps.push((a, b));
                }
            }
        }
        for (a, b) in steps {
            if i + a <= n && j + b <= m {
                prefix.push((i, j, a, b));
                paths(shapes, (i + a, j + b), (n, m), prefix, out);
                prefix.pop();
            }
        }
    }

    #[test]
    fn posteriors_are_the_shares_of_all_paths_by_enumeration() {
        let zh = ["他昨天去了北京。", "天气很冷。", "我们在家里看书。"];
        let en = [
            "He went to Beijing yesterday.",
            "It was cold.",
            "The weather was bad.",
            "We read books at home.",
        ];
        let f = features(&zh, &en);
        let (n, m) = (zh.len(), en.len());
        let temp = 1.5;
        let band = Band::around(&vec![0; n + 1], m, &vec![n.max(m); n + 1]);
        let model = CostModel::new(
            &f,
            LengthModel::for_document(&f),
            PairCache::build(&f, &band.pair_windows(m, params::MAX_RUN)),
        );
        let shapes = Shapes::new(&model.p.bead_priors, params::MAX_RUN);

        let mut all = Vec::new();
        paths(&shapes, (0, 0), (n, m), &mut Vec::new(), &mut all);
        let weight = |p: &Vec<(usize, usize, usize, usize)>| -> f64 {
            (-p.iter().map(|&e| edge(&model, &shapes, e)).sum::<f64>() / temp).exp()
        };
        let z: f64 = all.iter().map(weight).sum();
        let mut bead_mass: HashMap<(usize, usize, usize, usize), f64> = HashMap::new();
        for p in &all {
            let w = weight(p) / z;
            for &e in p {
                *bead_mass.entry(e).or_default() += w;
            }
        }
        // Check every path's beads; the most probable path first.
        let best = all
            .iter()
            .max_by(|a, b| weight(a).total_cmp(&weight(b)))
            .unwrap();
        for p in std::iter::once(best).chain(all.iter().step_by(7)) {
            let beads: Vec<Bead> = p
                .iter()
                .map(|&(i, j, a, b)| Bead {
                    zh: i..i + a,
                    en: j..j + b,
                    cost: 0.0,
                    confidence: 0.0,
                })
                .collect();
            let eruns = model.en_runs_ending(shapes.max_b_any);
            let post = posteriors(&model, &band, &shapes, &eruns, &beads, temp);
            for (&(i, j, a, b), got) in p.iter().zip(&post) {
                let want = match (a, b) {
                    // A skip: every path that leaves the sentence out.
                    (1, 0) => (0..=m)
                        .map(|jj| bead_mass.get(&(i, jj, 1, 0)).copied().unwrap_or(0.0))
                        .sum(),
                    (0, 1) => (0..=n)
                        .map(|ii| bead_mass.get(&(ii, j, 0, 1)).copied().unwrap_or(0.0))
                        .sum(),
                    _ => bead_mass[&(i, j, a, b)],
                };
                assert!(
                    (got.bead - want).abs() < 1e-6,
                    "bead {a}-{b} at ({i}, {j}): forward-backward {} against enumeration {want}",
                    got.bead
                );
            }
        }
    }
}
