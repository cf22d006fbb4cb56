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

use super::cost::CostModel;

/// Mean position of the set bits of `mask` among `n` tokens, in (0, 1), or
/// `None` for no bit.
#[inline]
fn centroid(mut mask: u64, n: usize) -> Option<f64> {
    if mask == 0 || n == 0 {
        return None;
    }
    let (mut sum, mut count) = (0u32, 0u32);
    while mask != 0 {
        sum += mask.trailing_zeros();
        count += 1;
        mask &= mask - 1;
    }
    Some((f64::from(sum) / f64::from(count) + 0.5) / n as f64)
}

impl CostModel<'_> {
    /// The order cost of the bead `zh`–`en` (0 unless one side is one
    /// sentence and the other several).
    #[inline]
    pub(crate) fn order_cost(&self, zh: Range<usize>, en: Range<usize>) -> f64 {
        let w = self.p.order_weight;
        if w <= 0.0 || (zh.len() == 1) == (en.len() == 1) || zh.is_empty() || en.is_empty() {
            return 0.0;
        }
        let f = self.f;
        let mut prev: Option<f64> = None;
        let mut cost = 0.0;
        if zh.len() == 1 {
            let i = zh.start;
            let n = f.zh.tokens(i).len();
            for j in en {
                if let Some(c) = centroid(self.pairs.get(i, j).0, n) {
                    if let Some(p) = prev {
                        cost += (p - c).max(0.0);
                    }
                    prev = Some(c);
                }
            }
        } else {
            let j = en.start;
            let n = f.en.tokens(j).len();
            for i in zh {
                if let Some(c) = centroid(self.pairs.get(i, j).1, n) {
                    if let Some(p) = prev {
                        cost += (p - c).max(0.0);
                    }
                    prev = Some(c);
                }
            }
        }
        w * cost
    }
}
