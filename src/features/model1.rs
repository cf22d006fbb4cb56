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

use crate::hash::FxHashMap;

use super::{keys_of, Features, PairRanges};

/// EM iterations (Model 1's likelihood is convex; a handful of iterations
/// from uniform settles the table, as in Moore 2002).
const ITERATIONS: usize = 5;

/// One direction's table over the co-occurring cells: `t[c]` is
/// P(target word | source word) of cell `c`, `null[w]` P(target word w | NULL).
struct Table {
    t: Vec<f32>,
    null: Vec<f32>,
}

impl Features {
    /// The (Chinese key, English key) pairs Model 1 learns from `pairs`
    /// (see the module docs); `cz` and `ce` are each key's pair counts.
    pub(crate) fn model1_pairs(
        &self,
        pairs: &[PairRanges],
        cz: &[u32],
        ce: &[u32],
    ) -> Vec<(u32, u32)> {
        let t = &*self.params;
        let min = t.learn_min_count.max(1);
        // Each pair's frequent enough keys, and the cell of each of their
        // combinations.
        let (mut zk, mut ek): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
        let mut cell_of: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut cell_keys: Vec<(u32, u32)> = Vec::new();
        let mut beads: Vec<(Vec<u32>, Vec<u32>, Vec<u32>)> = Vec::new();
        for (zr, er) in pairs {
            keys_of(&self.zh, zr, &mut zk);
            keys_of(&self.en, er, &mut ek);
            zk.retain(|&z| cz[z as usize] >= min);
            ek.retain(|&e| ce[e as usize] >= min);
            if zk.is_empty() || ek.is_empty() {
                continue;
            }
            let mut cells = Vec::with_capacity(zk.len() * ek.len());
            for &z in &zk {
                for &e in &ek {
                    let next = cell_keys.len() as u32;
                    let c = *cell_of.entry((z, e)).or_insert(next);
                    if c == next {
                        cell_keys.push((z, e));
                    }
                    cells.push(c);
                }
            }
            beads.push((zk.clone(), ek.clone(), cells));
        }
        if cell_keys.is_empty() {
            return Vec::new();
        }
        let mut together = vec![0u32; cell_keys.len()];
        for (_, _, cells) in &beads {
            cells.iter().for_each(|&c| together[c as usize] += 1);
        }
        // English given Chinese: the cell of (z, e) is cells[zi * |E| + ei].
        let e_given_z = train(&beads, &cell_keys, ce.len(), cz.len(), false);
        let z_given_e = train(&beads, &cell_keys, cz.len(), ce.len(), true);
        let theta = t.model1_threshold as f32;
        cell_keys
            .iter()
            .enumerate()
            .filter(|&(c, _)| {
                together[c] >= t.learn_min_count
                    && e_given_z.t[c] >= theta
                    && z_given_e.t[c] >= theta
            })
            .map(|(_, &k)| k)
            .collect()
    }
}

/// Trains one direction by EM. `reverse`: Chinese given English (the
/// target is the Chinese side), else English given Chinese. `n_target` and
/// `n_source` are the key counts of the target and source sides.
fn train(
    beads: &[(Vec<u32>, Vec<u32>, Vec<u32>)],
    cell_keys: &[(u32, u32)],
    n_target: usize,
    n_source: usize,
    reverse: bool,
) -> Table {
    let source_of = |c: usize| {
        let (z, e) = cell_keys[c];
        if reverse {
            e
        } else {
            z
        }
    };
    let mut table = Table {
        t: vec![1.0; cell_keys.len()],
        null: vec![1.0; n_target],
    };
    let mut count = vec![0f32; cell_keys.len()];
    let mut null_count = vec![0f32; n_target];
    let mut total = vec![0f32; n_source];
    for _ in 0..ITERATIONS {
        count.iter_mut().for_each(|x| *x = 0.0);
        null_count.iter_mut().for_each(|x| *x = 0.0);
        for (zk, ek, cells) in beads {
            let (targets, sources) = if reverse { (zk, ek) } else { (ek, zk) };
            let cell = |si: usize, ti: usize| {
                if reverse {
                    cells[ti * ek.len() + si] as usize
                } else {
                    cells[si * ek.len() + ti] as usize
                }
            };
            for (ti, &w) in targets.iter().enumerate() {
                let mut denom = table.null[w as usize];
                for si in 0..sources.len() {
                    denom += table.t[cell(si, ti)];
                }
                if denom <= 0.0 {
                    continue;
                }
                null_count[w as usize] += table.null[w as usize] / denom;
                for si in 0..sources.len() {
                    let c = cell(si, ti);
                    count[c] += table.t[c] / denom;
                }
            }
        }
        total.iter_mut().for_each(|x| *x = 0.0);
        for (c, &x) in count.iter().enumerate() {
            total[source_of(c) as usize] += x;
        }
        for (c, t) in table.t.iter_mut().enumerate() {
            let s = total[source_of(c) as usize];
            *t = if s > 0.0 { count[c] / s } else { 0.0 };
        }
        let null_total: f32 = null_count.iter().sum();
        if null_total > 0.0 {
            for (t, &x) in table.null.iter_mut().zip(&null_count) {
                *t = x / null_total;
            }
        }
    }
    table
}
