//! The dynamic program: a monotone search over beads (0–1, 1–0, 1–1 … 1–8,
//! 8–1, 2–2, 2–3, 3–2, 3–3) inside a band around the length diagonal.
//!
//! The band: for Chinese prefix `i`, the English prefixes `lo[i]..=hi[i]`
//! around the point where the cumulative lengths of both sides are in the same
//! proportion. Where the best path comes within `BAND_MARGIN` of the band's
//! edge, the whole band is doubled and the search runs again, up to
//! `BAND_MAX_CELLS`; so time and memory grow with `n × width`, linear in the
//! text for a given translation's looseness, and never with `n × m`.

use std::ops::Range;

use super::cost::{CostModel, LengthModel, PairCache};
use super::features::Features;
use super::params;
use super::Bead;

/// The band: English prefix bounds for each Chinese prefix `0..=n`.
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    off: Vec<usize>,
}

impl Band {
    fn around_length_diagonal(f: &Features, width: usize) -> Band {
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
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        let mut off = Vec::with_capacity(n + 2);
        off.push(0);
        let mut j = 0usize;
        for (i, &z) in cz.iter().enumerate() {
            while j < m && ce[j + 1] <= z {
                j += 1;
            }
            // j: last English prefix with fraction ≤ z; pick the nearer of j, j+1.
            let mut center = j;
            if j < m && (ce[j + 1] - z) < (z - ce[j]) {
                center = j + 1;
            }
            if i == n {
                center = m;
            }
            let l = center.saturating_sub(width);
            let h = (center + width).min(m);
            lo.push(l);
            hi.push(h);
            let last = off.last().copied().unwrap_or(0);
            off.push(last + (h - l + 1));
        }
        // Rows 0 and n must reach the corners.
        lo[0] = 0;
        hi[n] = m;
        // Keep the bounds monotone so every row's cells can be reached.
        for i in 1..=n {
            lo[i] = lo[i].max(lo[i - 1]);
        }
        for i in (0..n).rev() {
            hi[i] = hi[i].min(hi[i + 1]);
        }
        // Keep consecutive rows overlapping (lo[i] ≤ hi[i - 1]) so that the
        // corner (n, m) is always reachable with 1–0 and 0–1 steps: where one
        // sentence's length spans more than the band (one long Chinese
        // sentence against thousands of short English ones) the rows would
        // otherwise not meet and the search would end with no path. This adds
        // at most m cells in all.
        for i in 0..=n {
            lo[i] = lo[i].min(hi[i]);
            if i > 0 {
                lo[i] = lo[i].min(hi[i - 1]);
            }
            off[i + 1] = off[i] + (hi[i] - lo[i] + 1);
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
    fn pair_windows(&self, m: usize) -> Vec<Range<usize>> {
        let n = self.lo.len() - 1;
        (0..n)
            .map(|i| {
                let a = self.lo[i + 1].saturating_sub(params::MAX_RUN);
                let b = self.hi[(i + params::MAX_RUN).min(n)].min(m);
                a..b.max(a)
            })
            .collect()
    }
}

/// Result of one banded search: beads and whether the path hugged an edge.
struct Search {
    beads: Vec<Bead>,
    touches_edge: bool,
}

fn search(model: &CostModel<'_>, band: &Band) -> Search {
    let f = model.f;
    let (n, m) = (f.zh.n(), f.en.n());
    let cells = band.cells();
    let mut cost = vec![f64::INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    cost[0] = 0.0;
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            if i == 0 && j == 0 {
                continue;
            }
            let here = band.off[i] + j - band.lo[i];
            let mut best = f64::INFINITY;
            let mut best_k = u8::MAX;
            for (k, &(a, b, prior)) in params::BEADS.iter().enumerate() {
                let prior = prior * params::tuning().prior_scale;
                if a > i || b > j {
                    continue;
                }
                let Some(prev) = band.index(i - a, j - b) else {
                    continue;
                };
                let base = cost[prev];
                if !base.is_finite() {
                    continue;
                }
                let step = if a == 0 || b == 0 {
                    params::tuning().skip * (a + b) as f64
                } else {
                    let (zr, er) = (i - a..i, j - b..j);
                    if base + prior - params::tuning().lex >= best {
                        continue;
                    }
                    let (len_cost, s_max) = model.length_part(&zr, &er);
                    let fixed = prior + len_cost;
                    if base + fixed - params::tuning().lex * s_max >= best {
                        continue;
                    }
                    fixed - params::tuning().lex * model.lexical(zr, er)
                };
                if base + step < best {
                    best = base + step;
                    best_k = k as u8;
                }
            }
            cost[here] = best;
            back[here] = best_k;
        }
    }
    // Backtrack.
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut touches_edge = false;
    let mut prev_total = band.index(n, m).map_or(0.0, |x| cost[x]);
    while i > 0 || j > 0 {
        let Some(here) = band.index(i, j) else { break };
        let k = back[here];
        if k == u8::MAX {
            break;
        }
        let m_ = params::BAND_MARGIN;
        if (band.lo[i] > 0 && j < band.lo[i] + m_) || (band.hi[i] < m && j + m_ > band.hi[i]) {
            touches_edge = true;
        }
        let (a, b, _) = params::BEADS[k as usize];
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
    beads.reverse();
    Search {
        beads,
        touches_edge,
    }
}

/// Splits a bead into 1–0 and 0–1 beads, one per sentence (for skips).
fn push_skips(out: &mut Vec<Bead>, b: Bead) {
    if b.zh.len() + b.en.len() <= 1 {
        out.push(b);
        return;
    }
    for i in b.zh.clone() {
        out.push(Bead {
            zh: i..i + 1,
            en: b.en.start..b.en.start,
            cost: params::tuning().skip,
            confidence: 0.0,
        });
    }
    for j in b.en.clone() {
        out.push(Bead {
            zh: b.zh.end..b.zh.end,
            en: j..j + 1,
            cost: params::tuning().skip,
            confidence: 0.0,
        });
    }
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn run(f: &Features, length: LengthModel) -> Vec<Bead> {
    let (n, m) = (f.zh.n(), f.en.n());
    let mut width = params::BAND_INITIAL;
    loop {
        let band = Band::around_length_diagonal(f, width);
        let model = CostModel::new(f, length, PairCache::build(f, &band.pair_windows(m)));
        let s = search(&model, &band);
        if std::env::var_os("ZHEN_DEBUG").is_some() {
            eprintln!(
                "band width {width}: {} cells, touches edge: {}",
                band.cells(),
                s.touches_edge
            );
        }
        let full = width >= n.max(m);
        let next_cells = band.cells().saturating_mul(2);
        if !s.touches_edge || full || next_cells > params::BAND_MAX_CELLS {
            return finish(&model, s.beads);
        }
        width *= 2;
    }
}

/// Confidence of each bead: a logistic of how much cheaper the bead is than
/// leaving its sentences unaligned (for pairs), or than the cheapest pairing
/// with a neighbour (for skips).
fn finish(model: &CostModel<'_>, beads: Vec<Bead>) -> Vec<Bead> {
    let f = model.f;
    let (n, m) = (f.zh.n(), f.en.n());
    let mut out = Vec::with_capacity(beads.len());
    for b in beads {
        if b.is_pair() {
            let margin = params::tuning().skip * (b.zh.len() + b.en.len()) as f64 / 2.0 - b.cost;
            out.push(Bead {
                confidence: logistic(margin / params::CONFIDENCE_SCALE),
                ..b
            });
        } else {
            push_skips(&mut out, b);
        }
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
        b.confidence = if alt.is_finite() {
            logistic((alt - params::tuning().skip) / params::CONFIDENCE_SCALE)
        } else {
            1.0
        };
    }
    out
}

/// Aligns two sides; the beads partition both in order.
pub(crate) fn align(f: &Features) -> Vec<Bead> {
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
        );
        for b in &mut out {
            b.confidence = 1.0;
        }
        return out;
    }
    let first = LengthModel::for_document(f);
    run(f, first)
}
