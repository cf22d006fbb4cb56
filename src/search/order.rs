//! Word order across a bead's sentences: where one side of a bead is one
//! sentence and the other several, the several render the one in order (a
//! translation keeps the order of its clauses far more often than not), so
//! the first of them matches words early in the one sentence and the last
//! words late. A sentence that belongs to the neighbouring bead breaks that:
//! taken in at the front, it matches the end of the one sentence (the
//! Bible's "他们有些日子在监里。" joined to the next verse matches its last
//! words, "in the prison"). The cost is the sum, over consecutive sentences
//! with matched words, of how far the earlier one's matches lie after the
//! later one's (mean token position, as a share of the sentence), times
//! `Params::order_weight`.

use std::ops::Range;

use super::cost::{CostModel, Pair};

/// Mean position of the set bits among `n` tokens, in (0, 1), from their
/// index sum and number ([`Pair::zh_bits`](super::cost::Pair::zh_bits)), or `None` for no bit.
#[inline]
fn centroid(bits: Option<(u32, u32)>, n: usize) -> Option<f64> {
    bits.map(|(sum, count)| (f64::from(sum) / f64::from(count) + 0.5) / n as f64)
}

impl CostModel<'_> {
    /// The order cost of the bead `zh`–`en` (0 for a 1–1 bead). The test
    /// inlined (1–1 beads, the most frequent, make no call), each kind of
    /// bead priced by a function of its own (the smaller saves and
    /// restores fewer registers).
    #[inline]
    pub(crate) fn order_cost(&self, zh: Range<usize>, en: Range<usize>) -> f64 {
        let w = self.p.order_weight;
        if w <= 0.0 || zh.is_empty() || en.is_empty() || (zh.len() == 1 && en.len() == 1) {
            return 0.0;
        }
        if zh.len() == 1 {
            w * self.order_one_zh(zh.start, en)
        } else if en.len() == 1 {
            w * self.order_one_en(zh, en.start)
        } else {
            w * self.order_many_zh(zh, en)
        }
    }

    /// [`CostModel::order_many_zh`] of one English sentence `j`: each
    /// Chinese sentence's position is its pair's alone, `ex / count` (the
    /// same number: the sum `(count × 0 + ex) / 1` is `ex`).
    #[inline(never)]
    fn order_one_en(&self, zh: Range<usize>, j: usize) -> f64 {
        let mut order = Order::default();
        for i in zh {
            // (Pairs outside the window have no bit: left out.)
            if let Some(p) = self.pairs.at(i, j) {
                order.step_one_en(p);
            }
        }
        order.cost
    }

    /// [`CostModel::order_cost`] before its weight: several English
    /// sentences against one Chinese sentence `i`.
    #[inline(never)]
    fn order_one_zh(&self, i: usize, en: Range<usize>) -> f64 {
        let mut order = Order::default();
        // (Pairs outside the window have no bit: left out.)
        let n = self.f.zh.tokens(i).len();
        for p in self.pairs.row(i, &en).0 {
            order.step_one_zh(p, n);
        }
        order.cost
    }

    /// [`CostModel::order_cost`] before its weight: several Chinese
    /// sentences against the English run, read as one text (sentence `k`
    /// of `b` covers `[k / b, (k + 1) / b)`).
    #[inline(never)]
    fn order_many_zh(&self, zh: Range<usize>, en: Range<usize>) -> f64 {
        let mut order = Order::default();
        let b = en.len() as f64;
        for i in zh {
            let mut row_at = ManyRow::default();
            let (row, first) = self.pairs.row(i, &en);
            for (k, p) in row.iter().enumerate() {
                row_at.add(k + (first - en.start), p, b);
            }
            order.step(row_at.position());
        }
        order.cost
    }
}

/// The running sum of how far each sentence's matches lie after the next's.
#[derive(Default)]
pub(super) struct Order {
    prev: Option<f64>,
    pub(super) cost: f64,
}

impl Order {
    /// The next sentence of several English ones against one Chinese
    /// sentence of `n` tokens: pair `p`'s matches' mean position in it.
    #[inline]
    pub(super) fn step_one_zh(&mut self, p: &Pair, n: usize) {
        self.step(centroid(p.zh_bits(), n));
    }

    /// The next sentence of several Chinese ones against one English
    /// sentence: pair `p`'s matches' mean position in it (`ex / count`,
    /// the same number as [`ManyRow`] of one sentence gives).
    #[inline]
    pub(super) fn step_one_en(&mut self, p: &Pair) {
        if let Some((_, count)) = p.en_bits() {
            self.step(Some(p.ex / f64::from(count)));
        }
    }

    #[inline]
    pub(super) fn step(&mut self, c: Option<f64>) {
        if let Some(c) = c {
            if let Some(p) = self.prev {
                self.cost += (p - c).max(0.0);
            }
            self.prev = Some(c);
        }
    }
}

/// One Chinese sentence's mean match position in a run of `b` English
/// sentences read as one text (sentence `k` covers `[k / b, (k + 1) / b)`),
/// its pairs added in order.
#[derive(Default)]
pub(super) struct ManyRow {
    sum: f64,
    weight: u32,
}

impl ManyRow {
    /// Adds the pair `p` with the `k`-th English sentence of the run.
    #[inline]
    pub(super) fn add(&mut self, k: usize, p: &Pair, b: f64) {
        if let Some((_, count)) = p.en_bits() {
            // Each matched token at (k + (index + 0.5) / n) / b, `n` the
            // sentence's tokens (`p.ex` sums the second term). `count × k`
            // and the counts' sum are small integers (at most 64 × 8):
            // the same numbers as integers as in floats.
            self.sum += (f64::from(count * k as u32) + p.ex) / b;
            self.weight += count;
        }
    }

    /// The mean position, `None` without a match.
    #[inline]
    pub(super) fn position(&self) -> Option<f64> {
        (self.weight > 0).then(|| self.sum / f64::from(self.weight))
    }
}

#[cfg(test)]
mod tests {
    use super::centroid;

    #[test]
    fn centroid_is_the_mean_set_position() {
        assert_eq!(centroid(None, 4), None);
        assert_eq!(centroid(Some((0, 1)), 4), Some(0.125));
        // Bits 1 and 3 of 4 tokens: mean index 2, position (2 + 0.5) / 4.
        assert_eq!(centroid(Some((4, 2)), 4), Some(0.625));
        assert_eq!(centroid(Some((63, 1)), 64), Some(1.0 - 0.5 / 64.0));
    }
}
