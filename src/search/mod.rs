//! Stage 4, the search: a first pass along a path of lexical anchors
//! ([`anchor_path`]), a translation table learned from its pairs, then a
//! second pass; each pass is the dynamic program below, pricing beads with
//! the cost model of [`cost`].
//!
//! The dynamic program: a monotone search over beads (0–1, 1–0, 1–1 … 1–8,
//! 8–1, 2–2, 2–3, 3–2, 3–3) inside a band.
//!
//! The band: for Chinese prefix `i`, the English prefixes `lo[i]..=hi[i]`
//! around a centre line: the chain of lexical anchors (or, without one, the
//! point where the cumulative lengths of both sides are in the same
//! proportion) for the first pass, the first pass's path for the second.
//! Where the best path comes within `BAND_MARGIN` of the band's edge, the band
//! is re-centred on that path and doubled in width around those rows, and the
//! search runs again, up to `BAND_MAX_CELLS`. Long documents are cut at
//! points both sides surely pass through into segments searched in parallel,
//! each widening on its own. So time and memory grow with `n × width`, linear
//! in the text for a given translation's looseness, and never with `n × m`.

use std::ops::Range;

pub(crate) mod anchor_path;
pub(crate) mod cost;
mod order;
pub(crate) mod posterior;

use cost::{CostModel, LengthModel, PairCache, RunSums};

use crate::alignment::Bead;
use crate::features::Features;
use crate::hash::FxHashSet;
use crate::params;

/// The band: English prefix bounds for each Chinese prefix `0..=n`.
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    off: Vec<usize>,
}

impl Band {
    /// The English prefix on the length diagonal for each Chinese prefix: where
    /// both sides' cumulative lengths are in the same proportion.
    fn length_diagonal(f: &Features) -> Vec<usize> {
        let (n, m) = (f.zh.n(), f.en.n());
        // Cumulative length fractions (plus a small per-sentence term so empty
        // sentences still move along).
        let cum = |lens: &[f64]| -> Vec<f64> {
            let mut c = Vec::with_capacity(lens.len() + 1);
            let mut acc = 0.0;
            c.push(0.0);
            for &l in lens {
                acc += l + 1.0;
                c.push(acc);
            }
            let total = acc.max(1.0);
            c.iter_mut().for_each(|x| *x /= total);
            c
        };
        let cz = cum(&f.zh.len);
        let ce = cum(&f.en.len);
        let mut centers = Vec::with_capacity(n + 1);
        let mut j = 0usize;
        for &z in &cz {
            while j < m && ce[j + 1] <= z {
                j += 1;
            }
            let mut center = j;
            if j < m && (ce[j + 1] - z) < (z - ce[j]) {
                center = j + 1;
            }
            centers.push(center);
        }
        centers[n] = m;
        centers
    }

    /// A band of half-width `width` around `centers` (one English prefix per
    /// Chinese prefix, non-decreasing, from 0 to m).
    fn around(centers: &[usize], m: usize, widths: &[usize]) -> Band {
        let n = centers.len() - 1;
        let mut lo: Vec<usize> = centers
            .iter()
            .zip(widths)
            .map(|(&c, &w)| c.saturating_sub(w))
            .collect();
        let mut hi: Vec<usize> = centers
            .iter()
            .zip(widths)
            .map(|(&c, &w)| (c + w).min(m))
            .collect();
        // Rows 0 and n reach the corners.
        lo[0] = 0;
        hi[n] = m;
        // Keep the bounds monotone so every row's cells can be reached.
        for i in 1..=n {
            lo[i] = lo[i].max(lo[i - 1]);
        }
        for i in (0..n).rev() {
            hi[i] = hi[i].min(hi[i + 1]);
        }
        let mut off = Vec::with_capacity(n + 2);
        off.push(0);
        for i in 0..=n {
            lo[i] = lo[i].min(hi[i]);
            // Consecutive rows overlap, so the far corner is always reachable
            // (one long sentence can span more than the band's width).
            if i > 0 {
                lo[i] = lo[i].min(hi[i - 1]);
            }
            off.push(off[i] + (hi[i] - lo[i] + 1));
        }
        Band { lo, hi, off }
    }

    /// The cells of this band within `width` of `centers` (a path through
    /// it): where the posterior's mass lies.
    fn corridor(&self, centers: &[usize], width: usize) -> Band {
        let mut lo = Vec::with_capacity(self.lo.len());
        let mut hi = Vec::with_capacity(self.lo.len());
        let mut off = Vec::with_capacity(self.lo.len() + 1);
        off.push(0);
        for (i, &c) in centers.iter().enumerate() {
            let l = c.saturating_sub(width).max(self.lo[i]);
            let h = (c + width).min(self.hi[i]).max(l);
            lo.push(l);
            hi.push(h);
            off.push(off[i] + (h - l + 1));
        }
        Band { lo, hi, off }
    }

    fn cells(&self) -> usize {
        self.off.last().copied().unwrap_or(0)
    }

    #[inline]
    fn index(&self, i: usize, j: usize) -> Option<usize> {
        if j < self.lo[i] || j > self.hi[i] {
            None
        } else {
            Some(self.off[i] + j - self.lo[i])
        }
    }

    /// English sentences each Chinese sentence may meet in a bead.
    fn pair_windows(&self, m: usize, max_run: usize) -> Vec<Range<usize>> {
        let n = self.lo.len() - 1;
        (0..n)
            .map(|i| {
                let a = self.lo[i + 1].saturating_sub(max_run);
                let b = self.hi[(i + max_run).min(n)].min(m);
                a..b.max(a)
            })
            .collect()
    }
}

/// Result of one banded search: beads and whether the path hugged an edge.
struct Search {
    beads: Vec<Bead>,
    /// Rows where the path comes within `BAND_MARGIN` of the band's edge.
    touched: Vec<usize>,
}

/// Prior cost of each bead shape, `[a][b]`, infinite where not allowed, and
/// the largest `b` allowed for each `a`.
struct Shapes {
    prior: [[f64; params::MAX_RUN + 1]; params::MAX_RUN + 1],
    max_b: [usize; params::MAX_RUN + 1],
    /// The largest `b` of any shape.
    max_b_any: usize,
}

impl Shapes {
    /// The shapes of `priors` with at most `max_run` sentences a side.
    fn new(priors: &[(usize, usize, f64)], max_run: usize) -> Shapes {
        let mut sh = Shapes {
            prior: [[f64::INFINITY; params::MAX_RUN + 1]; params::MAX_RUN + 1],
            max_b: [0; params::MAX_RUN + 1],
            max_b_any: 0,
        };
        for &(a, b, p) in priors {
            if a >= 1 && b >= 1 && a <= max_run && b <= max_run {
                sh.prior[a][b] = p;
                sh.max_b[a] = sh.max_b[a].max(b);
                sh.max_b_any = sh.max_b_any.max(b);
            }
        }
        sh
    }
}

/// One pair shape of a search with what pricing it needs.
#[derive(Debug, Clone, Copy)]
struct PairShape {
    a: usize,
    b: usize,
    prior: f64,
    /// The largest lexical weight of the shape (`CostModel::lex_w[a][b]`).
    lex_w: f64,
}

impl Shapes {
    /// The allowed pair shapes in the order the search tries them, by `a`
    /// then `b` (the first of equal costs wins).
    fn pairs(&self, model: &CostModel<'_>) -> Vec<PairShape> {
        let mut out = Vec::new();
        for a in 1..=params::MAX_RUN {
            for b in 1..=self.max_b[a] {
                if self.prior[a][b].is_finite() {
                    out.push(PairShape {
                        a,
                        b,
                        prior: self.prior[a][b],
                        lex_w: model.lex_w[a][b],
                    });
                }
            }
        }
        out
    }
}

/// A pair shape as the cells of one row see it (taken once per row, read
/// from one record in every cell: no look-ups by `a` or `b` there).
#[derive(Debug, Clone, Copy, Default)]
struct RowShape {
    a: usize,
    b: usize,
    prior: f64,
    lex_w: f64,
    /// `prior - lex_w` less [`PL_MARGIN`]: a bead's cost beyond where it
    /// comes from is at least this (the first bound the search's fill
    /// tries).
    pl: f64,
    /// `lo + b` for the row the shape's beads come from (forward) or go to
    /// (backward, `lo - b`, wrapping), so a cell's bead starts at
    /// `j - from` there.
    from: usize,
    /// `hi - lo` of that row.
    width: usize,
    /// Where that row's cells start.
    off: usize,
    /// The sums over the shape's Chinese run.
    z: RunSums,
    /// Where the search's fill finds the pair weights of the shape's
    /// Chinese run with the English sentences before `x`: at `w + x`
    /// (wrapping; set by the fill).
    w: usize,
}

/// What `from + pl` may round above `(from + prior) - lex_w`, the first
/// bound as a bead's cost is summed (the sums group differently): a few
/// units in the last place of `from`, a path's cost so far, below 1e-6
/// while that is below 1e9 (some 10^7 beads or more). Without it, with
/// length and smoothing weights of 0, a bead costing exactly its bound
/// could be cut by one rounding step.
const PL_MARGIN: f64 = 1e-6;

impl RowShape {
    /// The shape's own fields (the row's set for each row).
    fn of(sh: &PairShape) -> RowShape {
        RowShape {
            a: sh.a,
            b: sh.b,
            prior: sh.prior,
            lex_w: sh.lex_w,
            pl: sh.prior - sh.lex_w - PL_MARGIN,
            ..RowShape::default()
        }
    }
}

/// `RowsAbove`'s tables are indexed by `a & ROWS_MASK` (`a` at most
/// `MAX_RUN`, below a power of two).
const ROWS_MASK: usize = (params::MAX_RUN + 1).next_power_of_two() - 1;

/// What the cells of row `i` read of the rows their beads come from: the
/// sums over the Chinese runs ending at `i` and the bounds of rows `i - a`,
/// taken once per row. Shared by the search's fill and the posterior's
/// forward recursion, which must price the same beads the same way.
struct RowsAbove {
    /// The sums over the Chinese run of `a` sentences ending at row `i`
    /// (`a` up to `MAX_RUN`; sized for an index masked by `ROWS_MASK`).
    zruns: [RunSums; ROWS_MASK + 1],
    /// (lo, hi, off) of row `i - a`.
    rows: [(usize, usize, usize); ROWS_MASK + 1],
    /// The shapes as the cells of row `i` see them; those that fit above
    /// row `i` (a prefix) are set by [`RowsAbove::prepare`].
    shapes: Vec<RowShape>,
}

impl RowsAbove {
    /// For `shapes` (ordered by `a`): what does not change from row to
    /// row set once here.
    fn new(shapes: &[PairShape]) -> RowsAbove {
        RowsAbove {
            zruns: [RunSums::default(); ROWS_MASK + 1],
            rows: [(0, 0, 0); ROWS_MASK + 1],
            shapes: shapes.iter().map(RowShape::of).collect(),
        }
    }

    /// Sets up row `i` for `shapes` (ordered by `a`); returns how many of
    /// them fit above the row (`a <= i`): `self.shapes[..fit]`.
    #[inline]
    fn prepare(
        &mut self,
        model: &CostModel<'_>,
        band: &Band,
        shapes: &[PairShape],
        i: usize,
    ) -> usize {
        // The shapes come by `a`: the last has the largest.
        let max_a = shapes.last().map_or(0, |sh| sh.a);
        let top_a = max_a.min(i);
        model.zh_runs_ending(i, &mut self.zruns[..=top_a]);
        // (Row `i - 1` for the 1–0 skip in any case.)
        let rows_a = top_a.max(i.min(1));
        for (a, r) in self.rows.iter_mut().enumerate().take(rows_a + 1).skip(1) {
            *r = (band.lo[i - a], band.hi[i - a], band.off[i - a]);
        }
        // Those that fit above row i: a prefix (all from row `max_a` on).
        let fit = if top_a == max_a {
            shapes.len()
        } else {
            shapes.partition_point(|sh| sh.a <= top_a)
        };
        // (The shape's own fields were set by `new`.)
        for f in &mut self.shapes[..fit] {
            // (`a` is at most `MAX_RUN`: no bounds test with the mask.)
            let a = f.a & ROWS_MASK;
            let (l, h, o) = self.rows[a];
            f.from = l + f.b;
            f.width = h - l;
            f.off = o;
            f.z = self.zruns[a];
        }
        fit
    }

    /// The 1–0 skip into row `i` (`i >= 1`): the row above's bounds and
    /// the cost of leaving sentence `i - 1` out.
    #[inline]
    fn up(&self, model: &CostModel<'_>, i: usize) -> Option<((usize, usize, usize), f64)> {
        (i >= 1).then(|| (self.rows[1], model.zh_skip[i - 1]))
    }
}

/// The weights of the pairs of the Chinese runs ending at a row with the
/// English sentences before each `x` of a range: the bound
/// [`CostModel::lexical_floor`] reads, two look-ups a bead.
#[derive(Default)]
struct PairWeights {
    /// `col[(a - 1) * wide + x - first]`: the weight of the pairs of the
    /// run of `a` Chinese sentences with the English sentences before `x`
    /// (in their windows), for `x` from the run's first `x` in the range.
    col: Vec<f64>,
    first: usize,
    wide: usize,
}

impl PairWeights {
    /// Sets up the runs of `1..=top_a` sentences ending at row `i` (the
    /// last of the run of `a` is `i - a`), for `x` in `xs` from `needs[a]`
    /// on (at least `xs.start`; what `x` before that is left as it was).
    #[inline]
    fn prepare(
        &mut self,
        pairs: &PairCache,
        i: usize,
        top_a: usize,
        xs: Range<usize>,
        needs: &[usize; params::MAX_RUN + 1],
    ) {
        let wide = xs.len();
        self.first = xs.start;
        self.wide = wide;
        if self.col.len() < top_a * wide {
            self.col.resize(top_a * wide, 0.0);
        }
        // The run of `a` adds its last sentence's pairs to the run of
        // `a - 1`: that one is taken from the least `x` any longer run needs.
        let mut froms = *needs;
        for a in (1..top_a).rev() {
            froms[a] = froms[a].min(froms[a + 1]);
        }
        for (a, &from) in froms.iter().enumerate().take(top_a + 1).skip(1) {
            let (wlo, sums) = pairs.weight_prefixes(i - a);
            // Mostly the range lies within the window: one plain run (the
            // same sums as the general case's).
            let fast = from
                .checked_sub(wlo)
                .and_then(|s| sums.get(s..s + (xs.end - from)));
            if let Some(inside) = fast {
                let (prev, here) = self.col.split_at_mut((a - 1) * wide);
                let here = &mut here[from - xs.start..wide];
                if a == 1 {
                    here.copy_from_slice(inside);
                } else {
                    let prev = &prev[(a - 2) * wide + from - xs.start..];
                    for ((c, &p), &s) in here.iter_mut().zip(prev).zip(inside) {
                        *c = p + s;
                    }
                }
                continue;
            }
            // The sums clamped to the window: 0 before it (`sums[0]`), its
            // total after (three plain runs, no clamp an `x`).
            let (len, total) = (sums.len() - 1, sums[sums.len() - 1]);
            let before = wlo.clamp(from, xs.end) - from;
            let within = (wlo + len).clamp(from, xs.end) - from;
            let (prev, here) = self.col.split_at_mut((a - 1) * wide);
            let here = &mut here[from - xs.start..wide];
            // (Within the window: from its sum at `from + before` on.)
            let inside = &sums[(from + before - wlo).min(len)..];
            if a == 1 {
                here[..before].fill(0.0);
                for (c, &s) in here[before..within].iter_mut().zip(inside) {
                    *c = s;
                }
                here[within..].fill(total);
            } else {
                let prev = &prev[(a - 2) * wide + from - xs.start..][..here.len()];
                // (Most windows start before the range: no call to copy
                // nothing.)
                if before > 0 {
                    here[..before].copy_from_slice(&prev[..before]);
                }
                for ((c, &p), &s) in here[before..within]
                    .iter_mut()
                    .zip(&prev[before..within])
                    .zip(inside)
                {
                    *c = p + s;
                }
                for (c, &p) in here[within..].iter_mut().zip(&prev[within..]) {
                    *c = p + total;
                }
            }
        }
    }

    /// Where the weight of the pairs of the run of `a` with the English
    /// sentences before `x` is in `col`: at this plus `x` (wrapping).
    #[inline]
    fn start(&self, a: usize) -> usize {
        ((a - 1) * self.wide).wrapping_sub(self.first)
    }
}

/// Back-pointer: the bead shape `(a, b)` packed as `a * 16 + b`.
const NO_BACK: u8 = u8::MAX;

/// One banded search: fills the table, then backtracks the cheapest path.
/// `eruns` is [`CostModel::en_runs_ending`] of `shapes.max_b_any`.
fn search(model: &CostModel<'_>, band: &Band, shapes: &Shapes, eruns: &[RunSums]) -> Search {
    let (cost, back) = fill(model, band, shapes, eruns);
    let (n, m) = (model.f.zh.n(), model.f.en.n());
    backtrack(band, &cost, &back, (n, m), model.p.band_margin)
}

/// The forward pass: for every cell `(i, j)` of the band, the cheapest cost
/// of aligning the first `i` Chinese and `j` English sentences, and the bead
/// shape that ends that path (`NO_BACK` where no path arrives).
///
/// The cheapest way into a cell: a skip from a neighbour or a pair bead from
/// `(i - a, j - b)`, tried in that order (the first of equal costs wins).
/// Pairs go cheapest bounds first: the prior with the largest lexical bonus
/// the bead could get, then the bonus its pairs' weights and its sentences'
/// matchable weights allow ([`PairWeights`], [`CostModel::lexical_floor`]),
/// then the length cost, and only then the lexical similarity itself. The sums over the Chinese runs ending at a row and
/// the bounds of the rows a bead can come from are taken once per row, the
/// sums over the English runs (`eruns`, as for [`search`]) once per band.
fn fill(
    model: &CostModel<'_>,
    band: &Band,
    shapes: &Shapes,
    eruns: &[RunSums],
) -> (Vec<f64>, Vec<u8>) {
    if model.p.mismatch_weight > 0.0 {
        fill_with::<true>(model, band, shapes, eruns)
    } else {
        fill_with::<false>(model, band, shapes, eruns)
    }
}

/// [`fill`], `MISMATCH` telling whether the mismatch weight is above 0
/// (for [`CostModel::lexical_floor`]).
fn fill_with<const MISMATCH: bool>(
    model: &CostModel<'_>,
    band: &Band,
    shapes: &Shapes,
    eruns: &[RunSums],
) -> (Vec<f64>, Vec<u8>) {
    let n = model.f.zh.n();
    let t = model.p;
    let cells = band.cells();
    let mut cost = vec![f64::INFINITY; cells];
    let mut back = vec![NO_BACK; cells];
    cost[0] = 0.0;
    let k = shapes.max_b_any;
    let pair_shapes = shapes.pairs(model);
    let mut above = RowsAbove::new(&pair_shapes);
    let mut weights = PairWeights::default();
    // (The shapes are sorted by `a`, as `RowsAbove::prepare` reads them.)
    let max_a = pair_shapes.last().map_or(0, |sh| sh.a);
    // The least length cost, less a margin for the rounding of the sums
    // below (taken in another order than a bead's cost).
    let least = model.length_least - 1e-9;
    for i in 0..=n {
        let fit = above.prepare(model, band, &pair_shapes, i);
        let (lo, hi, off) = (band.lo[i], band.hi[i], band.off[i]);
        // The 1–0 skip into this row: the row above and the sentence's cost
        // (taken once per row).
        let up = above.up(model, i);
        // The weights of the pairs of the Chinese runs ending at row i,
        // from the least `x` a bead of each run reads (`j - b` in the
        // band of row `i - a`, `b` at most the run's largest).
        let top_a = max_a.min(i);
        let mut needs = [0; params::MAX_RUN + 1];
        for (a, x) in needs.iter_mut().enumerate().take(top_a + 1).skip(1) {
            *x = band.lo[i - a].max(lo.saturating_sub(shapes.max_b[a]));
        }
        weights.prepare(&model.pairs, i, top_a, lo.saturating_sub(k)..hi + 1, &needs);
        for sh in &mut above.shapes[..fit] {
            sh.w = weights.start(sh.a);
        }
        let from = &above.shapes[..fit];
        let w = &weights.col[..];
        for j in lo..=hi {
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = f64::INFINITY;
            let mut best_k = NO_BACK;
            // Skips: 1–0 and 0–1.
            if let Some(((l, h, o), skip)) = up {
                if j >= l && j <= h {
                    let c = cost[o + j - l] + skip;
                    if c < best {
                        best = c;
                        best_k = 16;
                    }
                }
            }
            if j > lo {
                let c = cost[off + j - 1 - lo] + model.en_skip[j - 1];
                if c < best {
                    best = c;
                    best_k = 1;
                }
            }
            let er = &eruns[j * (k + 1)..(j + 1) * (k + 1)];
            for sh in from {
                // The bead from (i - a, j - b), when that cell is in the band
                // (a `b` beyond `j` wraps around to far beyond it).
                let x = j.wrapping_sub(sh.from);
                if x > sh.width {
                    continue;
                }
                let z = &sh.z;
                let from_cost = cost[sh.off + x];
                // (An unreachable cell's infinite cost fails this too; the
                // sum's rounding is covered by `PL_MARGIN`.)
                if from_cost + sh.pl >= best {
                    continue;
                }
                let base = from_cost + sh.prior;
                let e = &er[sh.b];
                let denom = z.total + e.total + t.lexical_smoothing;
                // What the bead's pairs weigh and what its sentences can
                // match bound what it matches: a lower bound on its lexical
                // cost, tried before the length cost (the dearer of the two
                // to take; at least `length_least`).
                let top = w[sh.w.wrapping_add(j)];
                let low = w[sh.w.wrapping_add(j - sh.b)];
                let floor = model.lexical_floor::<MISMATCH>(z, e, top - low, top, sh.lex_w, denom);
                if base + (floor + least) >= best {
                    continue;
                }
                let fixed = base + model.length_of(z, e);
                if fixed + floor >= best {
                    continue;
                }
                let (a, b) = (sh.a, sh.b);
                let total = fixed
                    + model.lexical_cost(z, e, model.matched_counted(i - a..i, j - b..j), denom);
                // The order cost is never negative: priced only for a bead
                // that would win without it.
                if total >= best {
                    continue;
                }
                let total = total + model.order_cost(i - a..i, j - b..j);
                if total < best {
                    best = total;
                    best_k = (a * 16 + b) as u8;
                }
            }
            let here = off + j - lo;
            cost[here] = best;
            back[here] = best_k;
        }
    }
    (cost, back)
}

/// Follows the back-pointers from `(n, m)` to the origin; notes the rows
/// where the path comes within `margin` of the band's edge.
///
/// Every cell of the band is reachable from the origin by skips, so the
/// walk always arrives there; should it ever stop short (a band without a
/// path), the sentences before the stop are left unaligned, so the beads
/// still partition both sides, and debug builds fail loudly.
fn backtrack(
    band: &Band,
    cost: &[f64],
    back: &[u8],
    (n, m): (usize, usize),
    margin: usize,
) -> Search {
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut touched = Vec::new();
    let mut prev_total = band.index(n, m).map_or(0.0, |x| cost[x]);
    while i > 0 || j > 0 {
        let Some(here) = band.index(i, j) else { break };
        let k = back[here];
        if k == NO_BACK {
            break;
        }
        if (band.lo[i] > 0 && j < band.lo[i] + margin)
            || (band.hi[i] < m && j + margin > band.hi[i])
        {
            touched.push(i);
        }
        let (a, b) = ((k / 16) as usize, (k % 16) as usize);
        let prev = band.index(i - a, j - b).map_or(0.0, |x| cost[x]);
        beads.push(Bead {
            zh: i - a..i,
            en: j - b..j,
            cost: prev_total - prev,
            confidence: 0.0,
        });
        prev_total = prev;
        i -= a;
        j -= b;
    }
    debug_assert!(
        (i, j) == (0, 0),
        "backtrack stopped at ({i}, {j}), short of the origin"
    );
    // Left unaligned, one sentence a bead, in order (reversed below).
    for jj in (0..j).rev() {
        beads.push(Bead {
            zh: i..i,
            en: jj..jj + 1,
            cost: 0.0,
            confidence: 0.0,
        });
    }
    for ii in (0..i).rev() {
        beads.push(Bead {
            zh: ii..ii + 1,
            en: 0..0,
            cost: 0.0,
            confidence: 0.0,
        });
    }
    beads.reverse();
    Search { beads, touched }
}

/// The beads of a path with every skip split into 1–0 and 0–1 beads, one
/// per sentence ([`push_skips`], each costing `skip_cost`).
fn split_skips(beads: Vec<Bead>, skip_cost: f64) -> Vec<Bead> {
    let mut out = Vec::with_capacity(beads.len());
    for b in beads {
        if b.is_pair() {
            out.push(b);
        } else {
            push_skips(&mut out, b, skip_cost);
        }
    }
    out
}

/// Splits a bead into 1–0 and 0–1 beads, one per sentence (for skips).
fn push_skips(out: &mut Vec<Bead>, b: Bead, skip_cost: f64) {
    match b.zh.len() + b.en.len() {
        // No sentence: no bead (every bead holds at least one sentence).
        0 => return,
        1 => {
            out.push(b);
            return;
        }
        _ => {}
    }
    for i in b.zh.clone() {
        out.push(Bead {
            zh: i..i + 1,
            en: b.en.start..b.en.start,
            cost: skip_cost,
            confidence: 0.0,
        });
    }
    for j in b.en.clone() {
        out.push(Bead {
            zh: b.zh.end..b.zh.end,
            en: j..j + 1,
            cost: skip_cost,
            confidence: 0.0,
        });
    }
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The English prefix the path reaches at each Chinese prefix.
fn path_centers(beads: &[Bead], n: usize) -> Vec<usize> {
    let mut centers = vec![0usize; n + 1];
    for b in beads {
        let a = b.zh.len();
        for k in 0..=a {
            let row = b.zh.start + k;
            centers[row] = (b.en.len() * k)
                .checked_div(a)
                .map_or(b.en.end, |d| b.en.start + d);
        }
    }
    centers
}

/// What a pass of the search is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// A first pass that only feeds the learned table, the final pass's
    /// centre line and its cut points: a narrower band that never widens,
    /// beads of at most `first_max_run` sentences a side.
    Sketch,
    /// The pass whose beads are the result: the full band, every bead shape,
    /// and the band widened wherever the path runs along its edge.
    Final,
}

/// Searches a band that starts narrow around the anchor path (or the length
/// diagonal) and, wherever the best path runs along its edge, is re-centred on
/// that path and doubled in width locally, until the path stays inside.
fn run(
    f: &Features,
    length: LengthModel,
    start: Option<Vec<usize>>,
    pass: Pass,
    origin: (usize, usize),
) -> (Vec<Bead>, Vec<usize>) {
    let (n, m) = (f.zh.n(), f.en.n());
    let t = &*f.params;
    let (initial, max_run) = match pass {
        Pass::Final => (t.band, params::MAX_RUN),
        Pass::Sketch => (t.first_band, t.first_max_run),
    };
    let mut centers = start.unwrap_or_else(|| Band::length_diagonal(f));
    let mut widths = vec![initial; n + 1];
    let limit = n.max(m);
    let mut rounds = 0;
    loop {
        let band = Band::around(&centers, m, &widths);
        let t0 = std::time::Instant::now();
        let windows = band.pair_windows(m, max_run);
        let model = CostModel::new(f, length, PairCache::build(f, &windows));
        let t1 = std::time::Instant::now();
        // The sums over the English runs, for the search and the posterior.
        let shapes = Shapes::new(&model.p.bead_priors, max_run);
        let eruns = model.en_runs_ending(shapes.max_b_any);
        let s = search(&model, &band, &shapes, &eruns);
        if crate::trace::enabled() {
            log::debug!(
                "band: {} cells, path touches the edge in {} rows; pairs {:?}, search {:?}",
                band.cells(),
                s.touched.len(),
                t1 - t0,
                t1.elapsed()
            );
        }
        rounds += 1;
        if pass == Pass::Sketch
            || s.touched.is_empty()
            || band.cells() > params::BAND_MAX_CELLS / 2
            || rounds >= params::BAND_MAX_ROUNDS
        {
            let c = path_centers(&s.beads, n);
            return (
                finish_pass(&model, &band, (&shapes, &eruns), pass, s.beads, origin),
                c,
            );
        }
        centers = path_centers(&s.beads, n);
        let mut grown = false;
        let old = widths.clone();
        for &r in &s.touched {
            let w = old[r];
            if w >= limit {
                continue;
            }
            let reach = 2 * w;
            for x in widths
                .iter_mut()
                .take((r + reach).min(n) + 1)
                .skip(r.saturating_sub(reach))
            {
                if *x < 2 * w {
                    *x = (2 * w).min(limit);
                    grown = true;
                }
            }
        }
        if !grown {
            let c = path_centers(&s.beads, n);
            return (
                finish_pass(&model, &band, (&shapes, &eruns), pass, s.beads, origin),
                c,
            );
        }
    }
}

/// The beads of a pass with their confidence: for the final pass, the
/// calibrated posterior ([`posterior`]); for a sketch, the margin of
/// [`finish`] (cheaper, and all its cut points need). `shapes` and `eruns`
/// are the search's.
fn finish_pass(
    model: &CostModel<'_>,
    band: &Band,
    (shapes, eruns): (&Shapes, &[RunSums]),
    pass: Pass,
    beads: Vec<Bead>,
    origin: (usize, usize),
) -> Vec<Bead> {
    if pass == Pass::Sketch {
        return finish(model, beads);
    }
    // (The posterior's confidences replace the sketch's: none taken here.)
    let mut out = split_skips(beads, model.p.skip_cost);
    let corridor = band.corridor(&path_centers(&out, model.f.zh.n()), params::POSTERIOR_WIDTH);
    let post = posterior::posteriors(
        model,
        &corridor,
        shapes,
        eruns,
        &out,
        model.p.confidence_temperature,
    );
    let conf = posterior::calibrated(model, &out, &post, origin);
    for (b, c) in out.iter_mut().zip(conf) {
        b.confidence = c;
    }
    out
}

/// The sketch's confidence of each bead: a logistic of how much cheaper the
/// bead is than leaving its sentences unaligned (for pairs), or than the
/// cheapest pairing with a neighbour (for skips). The final pass replaces it
/// with the posterior ([`finish_pass`]).
fn finish(model: &CostModel<'_>, beads: Vec<Bead>) -> Vec<Bead> {
    let f = model.f;
    let (n, m) = (f.zh.n(), f.en.n());
    let mut out = split_skips(beads, model.p.skip_cost);
    for b in out.iter_mut().filter(|b| b.is_pair()) {
        let skips: f64 = model.zh_skip[b.zh.clone()]
            .iter()
            .chain(&model.en_skip[b.en.clone()])
            .sum();
        let margin = skips * params::CONFIDENCE_SKIP_SHARE - b.cost;
        b.confidence = logistic((margin + params::CONFIDENCE_OFFSET) / params::CONFIDENCE_SCALE);
    }
    for b in out.iter_mut().filter(|b| !b.is_pair()) {
        let mut alt = f64::INFINITY;
        if b.en.is_empty() {
            let i = b.zh.start;
            for j in [b.en.start.wrapping_sub(1), b.en.start] {
                if j < m {
                    alt = alt.min(model.pair_cost(i..i + 1, j..j + 1));
                }
            }
        } else {
            let j = b.en.start;
            for i in [b.zh.start.wrapping_sub(1), b.zh.start] {
                if i < n {
                    alt = alt.min(model.pair_cost(i..i + 1, j..j + 1));
                }
            }
        }
        let own = if b.en.is_empty() {
            model.zh_skip[b.zh.start]
        } else {
            model.en_skip[b.en.start]
        };
        b.confidence = if alt.is_finite() {
            logistic((alt - own) / params::SKIP_CONFIDENCE_SCALE)
        } else {
            1.0
        };
    }
    out
}

/// Picks cut points about every `segment` Chinese sentences among `sure`
/// points `(i, j)` (sorted, strictly increasing on both sides) that the path
/// is very likely to pass through.
fn cut_points(sure: &[(usize, usize)], n: usize, m: usize, segment: usize) -> Vec<(usize, usize)> {
    let segment = segment.max(2);
    if n < params::SPLIT_MIN.max(segment) {
        return Vec::new();
    }
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut last = (0usize, 0usize);
    let mut k = 0;
    loop {
        let want = last.0 + segment;
        if want + segment / 2 > n {
            break;
        }
        // The sure point nearest to `want` within half a segment of it.
        while k < sure.len() && sure[k].0 + segment / 2 < want {
            k += 1;
        }
        let best = sure[k..]
            .iter()
            .take_while(|p| p.0 <= want + segment / 2)
            .filter(|p| p.0 > last.0 && p.1 > last.1 && p.1 < m)
            .min_by_key(|p| p.0.abs_diff(want))
            .copied();
        match best {
            Some(p) => {
                cuts.push(p);
                last = p;
            }
            // No sure point here: look further on.
            None => last.0 = want,
        }
    }
    cuts
}

/// Sure points of a first pass: the start of each 1–1 bead whose two
/// neighbours on each side are 1–1 beads too, all five with confidence at
/// least `CUT_CONFIDENCE`.
fn bead_points(beads: &[Bead], min: f64) -> Vec<(usize, usize)> {
    let one = |b: &Bead| b.zh.len() == 1 && b.en.len() == 1 && b.confidence >= min;
    beads
        .windows(5)
        .filter(|w| w.iter().all(one))
        .map(|w| (w[2].zh.start, w[2].en.start))
        .collect()
}

/// Sure points of the anchor chain: the middle of three anchors in a row,
/// consecutive on both sides.
fn chain_points(chain: &[(usize, usize)]) -> Vec<(usize, usize)> {
    chain
        .windows(3)
        .filter(|w| {
            w.windows(2)
                .all(|p| p[1].0 == p[0].0 + 1 && p[1].1 == p[0].1 + 1)
        })
        .map(|w| w[1])
        .collect()
}

/// [`run`] on the whole document, or, given points the path goes through,
/// on the segments between them in parallel (each widening on its own).
fn run_split(
    f: &Features,
    length: LengthModel,
    centers: Option<Vec<usize>>,
    pass: Pass,
    cuts: &[(usize, usize)],
) -> (Vec<Bead>, Vec<usize>) {
    use rayon::prelude::*;
    let (n, m) = (f.zh.n(), f.en.n());
    let mut bounds = vec![(0, 0)];
    bounds.extend(
        cuts.iter()
            .copied()
            .filter(|&(i, j)| i > 0 && i < n && j > 0 && j < m),
    );
    bounds.push((n, m));
    bounds.dedup();
    if bounds.len() <= 2
        || bounds
            .windows(2)
            .any(|w| w[1].0 <= w[0].0 || w[1].1 <= w[0].1)
    {
        return run(f, length, centers, pass, (0, 0));
    }
    // One segment a task: rayon would otherwise hand each thread runs of
    // segments to search in turn, and the last run keeps one core busy
    // while the other waits.
    let parts: Vec<(Vec<Bead>, Vec<usize>)> = bounds
        .par_windows(2)
        .with_max_len(1)
        .map(|w| {
            let ((i0, j0), (i1, j1)) = (w[0], w[1]);
            let part = f.slice(i0..i1, j0..j1);
            let c = centers
                .as_ref()
                .map(|c| c[i0..=i1].iter().map(|&x| x.clamp(j0, j1) - j0).collect());
            run(&part, length, c, pass, (i0, j0))
        })
        .collect();
    let mut beads = Vec::with_capacity(n + m);
    let mut out_centers = Vec::with_capacity(n + 1);
    for (w, (b, c)) in bounds.windows(2).zip(parts) {
        let (i0, j0) = w[0];
        beads.extend(b.into_iter().map(|b| Bead {
            zh: b.zh.start + i0..b.zh.end + i0,
            en: b.en.start + j0..b.en.end + j0,
            ..b
        }));
        out_centers.pop();
        out_centers.extend(c.into_iter().map(|x| x + j0));
    }
    (beads, out_centers)
}

/// Aligns two sides; the beads partition both in order. Takes the features
/// by value: the second pass learns into them in place (no second copy).
pub(crate) fn align(mut f: Features) -> Vec<Bead> {
    let (n, m) = (f.zh.n(), f.en.n());
    if n == 0 || m == 0 {
        let mut out = Vec::new();
        push_skips(
            &mut out,
            Bead {
                zh: 0..n,
                en: 0..m,
                cost: 0.0,
                confidence: 0.0,
            },
            f.params.skip_cost,
        );
        for b in &mut out {
            b.confidence = 1.0;
        }
        return out;
    }
    let length = LengthModel::for_document(&f);
    let learn = f.params.learn_from_document;
    let anchored = anchor_path::path(&f);
    crate::trace::phase("anchors");
    // The first pass. Without a second pass to come it widens its band until
    // the path stays inside; with one, the second widens from the first's path.
    let sure = anchored
        .as_ref()
        .map(|(_, chain)| chain_points(chain))
        .unwrap_or_default();
    let cuts = cut_points(&sure, n, m, f.params.segment);
    let start = anchored.map(|(c, _)| c);
    let first = if learn { Pass::Sketch } else { Pass::Final };
    let (beads, centers) = run_split(&f, length, start, first, &cuts);
    crate::trace::phase("pass 1");
    if !learn {
        return beads;
    }
    let pairs: Vec<_> = beads
        .iter()
        .filter(|b| b.is_pair())
        .map(|b| (b.zh.clone(), b.en.clone()))
        .collect();
    // The second pass, with a translation table learned from the first
    // (the sentence lengths the refit reads are not changed by learning).
    // Model 1 trains on the pairs the first pass is surest of (Moore 2002
    // trains on the high-probability beads of its length-based pass).
    let mut sure_pairs: Vec<_> = beads
        .iter()
        .filter(|b| {
            b.is_pair()
                && b.confidence >= f.params.model1_confidence
                && b.zh.len() + b.en.len() <= params::MODEL1_MAX_SENTENCES
        })
        .map(|b| (b.zh.clone(), b.en.clone()))
        .collect();
    if sure_pairs.len() > params::MODEL1_MAX_PAIRS {
        // Evenly across the document: pair k * len / MAX for k < MAX.
        let len = sure_pairs.len();
        sure_pairs = (0..params::MODEL1_MAX_PAIRS)
            .map(|k| sure_pairs[k * len / params::MODEL1_MAX_PAIRS].clone())
            .collect();
    }
    let count = f.learn(&pairs, &sure_pairs);
    f.learn_quotes(&pairs);
    log::debug!("learned {count} word pairs from {} pairs", pairs.len());
    let length = if f.params.refit_length_ratio {
        let sizes: Vec<(f64, f64)> = pairs
            .iter()
            .map(|(z, e)| {
                (
                    f.zh.len[z.clone()].iter().sum(),
                    f.en.len[e.clone()].iter().sum(),
                )
            })
            .collect();
        length.refit_ratio(&sizes)
    } else {
        length
    };
    crate::trace::phase("learned");
    // Cut points of the second pass: runs of confident 1–1 beads, and the
    // anchor runs the first pass's path went through.
    let starts: FxHashSet<(usize, usize)> =
        beads.iter().map(|b| (b.zh.start, b.en.start)).collect();
    let mut points = bead_points(&beads, f.params.cut_confidence);
    points.extend(sure.into_iter().filter(|p| starts.contains(p)));
    points.sort_unstable();
    points.dedup();
    let cuts = cut_points(&points, n, m, f.params.segment);
    // The first pass's beads and pairs are not needed by the second: freed
    // before it (memory follows the text, not twice the beads).
    drop((beads, pairs, starts, points));
    run_split(&f, length, Some(centers), Pass::Final, &cuts).0
}
