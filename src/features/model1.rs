//! A translation model learned from the document's own first-pass pairs:
//! IBM Model 1 (Brown et al. 1993) trained by expectation–maximization in
//! both directions, as Moore (2002, "Fast and Accurate Sentence Alignment of
//! Bilingual Corpora") trains it on the confident beads of a length-based
//! first pass. Where the Dice coefficient counts co-occurrence alone, EM lets
//! the words of a pair compete to explain each other: a frequent word that
//! merely keeps company with a translation pair ("said" beside 神 ↔ "God")
//! loses its share to the word that explains it (说), so pairs are learned
//! that Dice misses or wrongly takes.
//!
//! Words are the document-frequency keys of [`super::SideFeatures`], once
//! per pair (as the Dice table counts them), restricted to keys seen in at
//! least `learn_min_count` pairs; a NULL word on each side takes what no
//! word explains. A word pair is learned when each word's probability of
//! translating into the other reaches `Params::model1_threshold`, and the
//! two share at least `learn_min_count` pairs.

use super::{keys_of, Features, PairKeys, PairRanges};

use crate::params::{MODEL1_ITERATIONS as ITERATIONS, MODEL1_MAX_KEYS as MAX_KEYS};

/// One direction's table over the co-occurring cells: `t[c]` is
/// P(target word | source word) of cell `c`.
struct Table {
    t: Vec<f32>,
}

/// The training material: each pair's frequent enough keys and the cell
/// (an index into the tables) of each of their combinations, Chinese-major.
struct Corpus {
    /// Per pair: its Chinese keys, English keys and cells (`zh × en`, row per
    /// Chinese key), flattened; pair `p` is `zh[zo[p]..zo[p + 1]]`, ...
    zh: Vec<u32>,
    en: Vec<u32>,
    cells: Vec<u32>,
    zo: Vec<usize>,
    eo: Vec<usize>,
    co: Vec<usize>,
    /// Each cell's (Chinese key, English key).
    keys: Vec<(u32, u32)>,
}

impl Corpus {
    /// Gathers the pairs' keys seen in at least `min` pairs and numbers
    /// their combinations: per Chinese key, through its postings and a dense
    /// slot per English key (no hashing).
    ///
    /// `known` holds pairs whose keys are counted already ([`keys_of`]),
    /// in document order: a pair found there is not read again.
    fn new(
        f: &Features,
        pairs: &[PairRanges],
        known: (&[PairRanges], &PairKeys),
        cz: &[u32],
        ce: &[u32],
        min: u32,
    ) -> Corpus {
        let (mut zk, mut ek): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
        let mut c = Corpus {
            zh: Vec::new(),
            en: Vec::new(),
            cells: Vec::new(),
            zo: vec![0],
            eo: vec![0],
            co: vec![0],
            keys: Vec::new(),
        };
        let (known_pairs, known_keys) = known;
        let mut at = 0;
        for (zr, er) in pairs {
            // The pairs are a selection of the known ones (the first pass's
            // surest), both in document order: a forward walk finds them.
            while known_pairs
                .get(at)
                .is_some_and(|(kz, _)| kz.start < zr.start)
            {
                at += 1;
            }
            if known_pairs.get(at) == Some(&(zr.clone(), er.clone())) {
                let (z, e) = known_keys.get(at);
                zk.clear();
                zk.extend_from_slice(z);
                ek.clear();
                ek.extend_from_slice(e);
            } else {
                keys_of(&f.zh, zr, &mut zk);
                keys_of(&f.en, er, &mut ek);
            }
            zk.retain(|&z| cz[z as usize] >= min);
            ek.retain(|&e| ce[e as usize] >= min);
            if zk.is_empty() || ek.is_empty() {
                continue;
            }
            keep_rarest(&mut zk, cz);
            keep_rarest(&mut ek, ce);
            c.zh.extend_from_slice(&zk);
            c.en.extend_from_slice(&ek);
            let last = c.co[c.co.len() - 1];
            c.co.push(last + zk.len() * ek.len());
            c.zo.push(c.zh.len());
            c.eo.push(c.en.len());
        }
        // Postings: for each Chinese key `z`, (pair, row of the key in the
        // pair) in pair order, `post[post_off[z]..post_off[z + 1]]`.
        let mut post_off = vec![0usize; cz.len() + 1];
        for &z in &c.zh {
            post_off[z as usize + 1] += 1;
        }
        for z in 0..cz.len() {
            post_off[z + 1] += post_off[z];
        }
        let mut next = post_off[..cz.len()].to_vec();
        let mut post = vec![(0u32, 0u32); c.zh.len()];
        for p in 0..c.pairs() {
            for (row, &z) in c.zh[c.zo[p]..c.zo[p + 1]].iter().enumerate() {
                post[next[z as usize]] = (p as u32, row as u32);
                next[z as usize] += 1;
            }
        }
        drop(next);
        c.cells = vec![0; c.co[c.co.len() - 1]];
        let mut slot = vec![u32::MAX; ce.len()];
        let mut touched: Vec<u32> = Vec::new();
        for z in 0..cz.len() {
            for &(p, row) in &post[post_off[z]..post_off[z + 1]] {
                let p = p as usize;
                let (e0, e1) = (c.eo[p], c.eo[p + 1]);
                let base = c.co[p] + row as usize * (e1 - e0);
                // The row's cells zipped with the pair's English keys: no
                // bounds check a cell (1.1 M cells on the Bible).
                let cells = &mut c.cells[base..base + (e1 - e0)];
                for (cell, &e) in cells.iter_mut().zip(&c.en[e0..e1]) {
                    let s = &mut slot[e as usize];
                    if *s == u32::MAX {
                        *s = c.keys.len() as u32;
                        c.keys.push((z as u32, e));
                        touched.push(e);
                    }
                    *cell = *s;
                }
            }
            for &e in &touched {
                slot[e as usize] = u32::MAX;
            }
            touched.clear();
        }
        c
    }

    fn pairs(&self) -> usize {
        self.zo.len() - 1
    }
}

/// Keeps the `MAX_KEYS` keys of `keys` seen in the fewest pairs (by
/// `count`, ties by key), in key order.
fn keep_rarest(keys: &mut Vec<u32>, count: &[u32]) {
    if keys.len() > MAX_KEYS {
        // The keys are distinct, so the order is total and the selected set
        // is the one a full sort would keep.
        keys.select_nth_unstable_by_key(MAX_KEYS, |&k| (count[k as usize], k));
        keys.truncate(MAX_KEYS);
        keys.sort_unstable();
    }
}

impl Features {
    /// The (Chinese key, English key) pairs Model 1 learns from `pairs`
    /// (see the module docs); `cz` and `ce` are each key's pair counts.
    /// `known`: pairs with their keys counted already (see [`Corpus::new`]).
    pub(crate) fn model1_pairs(
        &self,
        pairs: &[PairRanges],
        known: (&[PairRanges], &PairKeys),
        cz: &[u32],
        ce: &[u32],
    ) -> Vec<(u32, u32)> {
        let t = &*self.params;
        let min = t.learn_min_count.max(1);
        let corpus = Corpus::new(self, pairs, known, cz, ce, min);
        if corpus.keys.is_empty() {
            return Vec::new();
        }
        let mut together = vec![0u32; corpus.keys.len()];
        corpus.cells.iter().for_each(|&c| together[c as usize] += 1);
        let (e_given_z, z_given_e) = rayon::join(
            || train::<false>(&corpus, ce.len(), cz.len()),
            || train::<true>(&corpus, cz.len(), ce.len()),
        );
        // Each key's number of training pairs, for the association test.
        let mut nz = vec![0u32; cz.len()];
        let mut ne = vec![0u32; ce.len()];
        corpus.zh.iter().for_each(|&z| nz[z as usize] += 1);
        corpus.en.iter().for_each(|&e| ne[e as usize] += 1);
        let n = corpus.pairs() as f64;
        let theta = t.model1_threshold as f32;
        corpus
            .keys
            .iter()
            .enumerate()
            .filter(|&(c, &(z, e))| {
                together[c] >= t.learn_min_count
                    && e_given_z.t[c] >= theta
                    && z_given_e.t[c] >= theta
                    && g2(
                        together[c] as f64,
                        nz[z as usize] as f64,
                        ne[e as usize] as f64,
                        n,
                    ) >= t.model1_min_g2
            })
            .map(|(_, &k)| k)
            .collect()
    }
}

/// Dunning's (1993) log-likelihood ratio G² that two words, in `a` and `b`
/// of `n` pairs, `k` of them together, keep company more than chance
/// (0 when they meet no more often than expected).
fn g2(k: f64, a: f64, b: f64, n: f64) -> f64 {
    if n <= 0.0 || k * n <= a * b {
        return 0.0;
    }
    let cells = [
        (k, a * b / n),
        (a - k, a * (n - b) / n),
        (b - k, (n - a) * b / n),
        (n - a - b + k, (n - a) * (n - b) / n),
    ];
    2.0 * cells
        .iter()
        .filter(|&&(o, e)| o > 0.0 && e > 0.0)
        .map(|&(o, e)| o * (o / e).ln())
        .sum::<f64>()
}

/// Trains one direction by EM: `REVERSE`, Chinese given English (the
/// target is the Chinese side), else English given Chinese. `n_target` and
/// `n_source` are the key counts of the target and source sides.
fn train<const REVERSE: bool>(c: &Corpus, n_target: usize, n_source: usize) -> Table {
    // Each pair's cells laid out target-major (one run of the pair's source
    // keys per target key), and the target key of each run.
    let mut runs: Vec<u32> = Vec::with_capacity(c.cells.len());
    let mut run_target: Vec<u32> = Vec::new();
    let mut run_width: Vec<u32> = Vec::new();
    for p in 0..c.pairs() {
        let (zk, ek) = (&c.zh[c.zo[p]..c.zo[p + 1]], &c.en[c.eo[p]..c.eo[p + 1]]);
        let cells = &c.cells[c.co[p]..c.co[p + 1]];
        let width = ek.len();
        if REVERSE {
            // Chinese-major already: one run per Chinese key.
            for (zi, &z) in zk.iter().enumerate() {
                runs.extend_from_slice(&cells[zi * width..(zi + 1) * width]);
                run_target.push(z);
                run_width.push(width as u32);
            }
        } else {
            for (ei, &e) in ek.iter().enumerate() {
                runs.extend((0..zk.len()).map(|zi| cells[zi * width + ei]));
                run_target.push(e);
                run_width.push(zk.len() as u32);
            }
        }
    }
    // The cells grouped by source word, in cell order within a group
    // (counting sort): `pos[k]` is cell `k`'s place, the group of source
    // word `s` is `seg[s]..seg[s + 1]`. The M-step then sums and divides
    // runs of neighbours, with no look-up per cell, adding each group's
    // counts in the same order as the cells'. (English given Chinese, the
    // cells are in source order already: no relabelling.)
    let source = |k: usize| {
        let (z, e) = c.keys[k];
        (if REVERSE { e } else { z }) as usize
    };
    let n_keys = c.keys.len();
    let mut seg = vec![0usize; n_source + 1];
    for k in 0..n_keys {
        seg[source(k) + 1] += 1;
    }
    for s in 0..n_source {
        seg[s + 1] += seg[s];
    }
    let in_order = (1..n_keys).all(|k| source(k - 1) <= source(k));
    let pos: Vec<u32> = if in_order {
        Vec::new()
    } else {
        let mut next = seg[..n_source].to_vec();
        let pos: Vec<u32> = (0..n_keys)
            .map(|k| {
                let p = &mut next[source(k)];
                *p += 1;
                (*p - 1) as u32
            })
            .collect();
        runs.iter_mut().for_each(|k| *k = pos[*k as usize]);
        pos
    };
    // Each cell's probability and expected count side by side, so that the
    // scatter of the E-step reads and writes one element (one bounds check).
    let mut tc: Vec<(f32, f32)> = vec![(1.0, 0.0); n_keys];
    let mut null = vec![1.0f32; n_target];
    let mut null_count = vec![0f32; n_target];
    for iteration in 0..ITERATIONS {
        let mut at = 0usize;
        if iteration == 0 {
            // Every probability starts at 1: a run's denominator is exactly
            // 1 + its width (small integers add exactly in f32), and each
            // share `1 * inv` is `inv`, so the first E-step needs no gather
            // and no products (same values as the general step below).
            for (&w, &width) in run_target.iter().zip(&run_width) {
                let run = &runs[at..at + width as usize];
                at += width as usize;
                let inv = 1.0 / (1.0 + width as f32);
                null_count[w as usize] += inv;
                for &k in run {
                    tc[k as usize].1 += inv;
                }
            }
        } else {
            for (&w, &width) in run_target.iter().zip(&run_width) {
                let run = &runs[at..at + width as usize];
                at += width as usize;
                let nw = null[w as usize];
                let denom = nw + run.iter().map(|&k| tc[k as usize].0).sum::<f32>();
                if denom <= 0.0 {
                    continue;
                }
                let inv = 1.0 / denom;
                null_count[w as usize] += nw * inv;
                for &k in run {
                    let x = &mut tc[k as usize];
                    x.1 += x.0 * inv;
                }
            }
        }
        // M-step, a source word's group at a time (its total summed from 0
        // in cell order); the counts are cleared for the next E-step.
        for w in seg.windows(2) {
            let group = &mut tc[w[0]..w[1]];
            let sum = group.iter().fold(0f32, |sum, x| sum + x.1);
            for x in group {
                x.0 = if sum > 0.0 { x.1 / sum } else { 0.0 };
                x.1 = 0.0;
            }
        }
        let null_total: f32 = null_count.iter().sum();
        if null_total > 0.0 {
            for (t, &x) in null.iter_mut().zip(&null_count) {
                *t = x / null_total;
            }
        }
        null_count.iter_mut().for_each(|x| *x = 0.0);
    }
    Table {
        t: if in_order {
            tc.into_iter().map(|(t, _)| t).collect()
        } else {
            pos.iter().map(|&p| tc[p as usize].0).collect()
        },
    }
}
