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

use rayon::iter::ParallelExtend;

use super::{keys_of, Features, PairKeys, PairRanges};

use crate::params::{MODEL1_ITERATIONS as ITERATIONS, MODEL1_MAX_KEYS as MAX_KEYS};

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
    /// The cells of each Chinese key with any, `groups[i]..groups[i + 1]`
    /// (cells are numbered a Chinese key at a time).
    groups: Vec<usize>,
    /// The groups `..half` hold about half of the pairs' cells (counted
    /// once a pair): where training splits the cells between two threads.
    half: usize,
}

impl Corpus {
    /// A corpus of no pair (each offset table starts at 0).
    fn empty() -> Corpus {
        Corpus {
            zh: Vec::new(),
            en: Vec::new(),
            cells: Vec::new(),
            zo: vec![0],
            eo: vec![0],
            co: vec![0],
            keys: Vec::new(),
            groups: vec![0],
            half: 0,
        }
    }

    /// Gathers the pairs' keys seen in at least `min` pairs and numbers
    /// their combinations: per Chinese key, through its postings and a dense
    /// slot per English key (no hashing).
    ///
    /// `known` holds pairs whose keys are counted already ([`PairKeys`],
    /// not sorted), in document order: a pair found there is not read
    /// again.
    fn new(
        f: &Features,
        pairs: &[PairRanges],
        known: (&[PairRanges], &PairKeys),
        cz: &[u32],
        ce: &[u32],
        min: u32,
    ) -> Corpus {
        let (mut zk, mut ek): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
        let mut c = Corpus::empty();
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
                keep_frequent(z, cz, min, &mut zk);
                keep_frequent(e, ce, min, &mut ek);
            } else {
                keys_of(&f.zh, zr, &mut zk);
                keys_of(&f.en, er, &mut ek);
                zk.retain(|&z| cz[z as usize] >= min);
                ek.retain(|&e| ce[e as usize] >= min);
            }
            if zk.is_empty() || ek.is_empty() {
                continue;
            }
            // The few keys kept, sorted (the cells' order, and so every
            // sum's, follows the keys').
            keep_rarest(&mut zk, cz);
            keep_rarest(&mut ek, ce);
            sort_few(&mut zk);
            sort_few(&mut ek);
            c.zh.extend_from_slice(&zk);
            c.en.extend_from_slice(&ek);
            let last = c.co[c.co.len() - 1];
            c.co.push(last + zk.len() * ek.len());
            c.zo.push(c.zh.len());
            c.eo.push(c.en.len());
        }
        c.number_cells(cz.len(), ce.len());
        c
    }

    /// Numbers the combinations of the pairs' keys (`n_zh` Chinese and
    /// `n_en` English keys in all): per Chinese key, through its postings
    /// and a dense slot per English key (no hashing).
    fn number_cells(&mut self, n_zh: usize, n_en: usize) {
        let c = self;
        // Postings: for each Chinese key `z`, (pair, row of the key in the
        // pair) in pair order, `post[post_off[z]..post_off[z + 1]]`.
        let mut post_off = vec![0usize; n_zh + 1];
        for &z in &c.zh {
            post_off[z as usize + 1] += 1;
        }
        for z in 0..n_zh {
            post_off[z + 1] += post_off[z];
        }
        let mut next = post_off[..n_zh].to_vec();
        let mut post = vec![(0u32, 0u32); c.zh.len()];
        for p in 0..c.pairs() {
            for (row, &z) in c.zh[c.zo[p]..c.zo[p + 1]].iter().enumerate() {
                post[next[z as usize]] = (p as u32, row as u32);
                next[z as usize] += 1;
            }
        }
        drop(next);
        // Written by both threads first (the pages' first touch is the
        // dearer part of a large array), so the numbering below, on one
        // thread, meets them ready.
        let all = c.co[c.co.len() - 1];
        c.cells = Vec::with_capacity(all);
        c.cells.par_extend(rayon::iter::repeat_n(0, all));
        // Per English key, its cell with the Chinese key at hand, plus one:
        // cells are numbered in order, so a slot below the key's first cell
        // (plus one) is left from an earlier key, and none is ever reset.
        let mut slot = vec![0u32; n_en];
        // At most a cell an occurrence: no growing.
        c.keys.reserve(all);
        // The pairs' cells of the Chinese keys so far, and where they
        // reach half of all.
        let (mut done, all) = (0usize, c.cells.len());
        c.half = usize::MAX;
        for z in 0..n_zh {
            let start = c.keys.len();
            let first = start as u32;
            for &(p, row) in &post[post_off[z]..post_off[z + 1]] {
                let p = p as usize;
                let (e0, e1) = (c.eo[p], c.eo[p + 1]);
                let base = c.co[p] + row as usize * (e1 - e0);
                // The row's cells zipped with the pair's English keys: no
                // bounds check a cell (1.1 M cells on the Bible).
                let cells = &mut c.cells[base..base + (e1 - e0)];
                done += e1 - e0;
                for (cell, &e) in cells.iter_mut().zip(&c.en[e0..e1]) {
                    let s = &mut slot[e as usize];
                    if *s <= first {
                        c.keys.push((z as u32, e));
                        *s = c.keys.len() as u32;
                    }
                    *cell = *s - 1;
                }
            }
            if c.keys.len() > start {
                c.groups.push(c.keys.len());
                if c.half == usize::MAX && 2 * done >= all {
                    c.half = c.groups.len() - 1;
                }
            }
        }
        c.half = c.half.min(c.groups.len() - 1);
    }

    fn pairs(&self) -> usize {
        self.zo.len() - 1
    }
}

/// The keys of `keys` with a `count` of at least `min`, in their order,
/// into `out`: each key written, and kept (the length moved on) when
/// frequent enough, with no branch a key.
fn keep_frequent(keys: &[u32], count: &[u32], min: u32, out: &mut Vec<u32>) {
    out.clear();
    out.resize(keys.len(), 0);
    let mut n = 0;
    for &k in keys {
        out[n] = k;
        n += usize::from(count[k as usize] >= min);
    }
    out.truncate(n);
}

/// Keeps the `MAX_KEYS` keys of `keys` seen in the fewest pairs (by
/// `count`, ties by key), in their order; `keys` are distinct.
///
/// Each key is ranked by its count packed above it (one integer
/// comparison, distinct as the keys are, so the kept set is the one a full
/// sort would keep): the keys ranked at most the `MAX_KEYS`-th smallest rank
/// stay, in their order, with no sort. That rank is found by insertion into
/// a small sorted array; when fewer keys go than stay, from the other end
/// (the smallest of the ranks that go, as the largest of their complements,
/// which order the other way), so that the array stays short.
fn keep_rarest(keys: &mut Vec<u32>, count: &[u32]) {
    let n = keys.len();
    if n <= MAX_KEYS {
        return;
    }
    let rank = |k: u32| (u64::from(count[k as usize]) << 32) | u64::from(k);
    let go = n - MAX_KEYS;
    if go < MAX_KEYS {
        let first_gone = !kth_smallest(keys, |k| !rank(k), go);
        keys.retain(|&k| rank(k) < first_gone);
    } else {
        let last_kept = kth_smallest(keys, rank, MAX_KEYS);
        keys.retain(|&k| rank(k) <= last_kept);
    }
}

/// The `k`-th smallest of the values `value` gives `keys` (`1 <= k <=
/// MAX_KEYS`, `k <= keys.len()`): the `k` smallest so far kept sorted in a
/// small array, a value inserted only when below the largest of them.
#[inline]
fn kth_smallest(keys: &[u32], value: impl Fn(u32) -> u64, k: usize) -> u64 {
    let mut top = [0u64; MAX_KEYS];
    let top = &mut top[..k];
    // Inserts `v` into the sorted `top[..=last]` (whose last value is to go).
    let insert = |top: &mut [u64], last: usize, v: u64| {
        let mut i = last;
        while i > 0 && top[i - 1] > v {
            top[i] = top[i - 1];
            i -= 1;
        }
        top[i] = v;
    };
    for (j, &key) in keys[..k].iter().enumerate() {
        insert(top, j, value(key));
    }
    for &key in &keys[k..] {
        let v = value(key);
        if v < top[k - 1] {
            insert(top, k - 1, v);
        }
    }
    top[k - 1]
}

/// Sorts a pair's few keys (at most `MAX_KEYS`) by insertion: fewer
/// instructions than the library's sort on so short a slice.
fn sort_few(keys: &mut [u32]) {
    for i in 1..keys.len() {
        let k = keys[i];
        let mut j = i;
        while j > 0 && keys[j - 1] > k {
            keys[j] = keys[j - 1];
            j -= 1;
        }
        keys[j] = k;
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
        let trained = train(&corpus, cz.len(), ce.len(), true);
        // Each key's number of training pairs, for the association test.
        let mut nz = vec![0u32; cz.len()];
        let mut ne = vec![0u32; ce.len()];
        corpus.zh.iter().for_each(|&z| nz[z as usize] += 1);
        corpus.en.iter().for_each(|&e| ne[e as usize] += 1);
        let n = corpus.pairs() as f64;
        let theta = t.model1_threshold as f32;
        // Only the cells seen together often enough are tested: their
        // probabilities alone are taken from the last M-step (a test a
        // cell, no list of them).
        let mut learned = Vec::new();
        for (k, (&together, &(z, e))) in trained.together.iter().zip(&corpus.keys).enumerate() {
            if together < t.learn_min_count {
                continue;
            }
            let (e_given_z, z_given_e) = trained.probabilities(&corpus, k);
            if e_given_z >= theta
                && z_given_e >= theta
                && g2(
                    together as f64,
                    nz[z as usize] as f64,
                    ne[e as usize] as f64,
                    n,
                ) >= t.model1_min_g2
            {
                learned.push((z, e));
            }
        }
        learned
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

/// One cell's probability and expected count in each direction: English
/// given Chinese (`f`, forward) and Chinese given English (`r`, reverse).
/// Side by side, so that a pass over a pair's cells reads and writes one
/// element per cell (one index, one bounds check) for both directions.
#[derive(Clone, Copy)]
struct Cell {
    tf: f32,
    tr: f32,
    cf: f32,
    cr: f32,
}

/// Trains both directions by EM at once: English given Chinese (the
/// target is the English side) and Chinese given English. `n_zh` and `n_en`
/// are the key counts of the two sides. Returns each cell's P(English key |
/// Chinese key) and P(Chinese key | English key).
///
/// The E-step walks the pairs in document order, a pair's cells as one
/// block (a row per Chinese key): a reverse run (a Chinese key's share of its
/// English keys) is a row, a forward run a column. Each cell occurs once a
/// pair, so its expected counts gather in pair order, whichever run is
/// walked first within the pair: the same additions, in the same order, as
/// run after run. A run's denominator sums its cells in cell order, the
/// null word's first added last (`null + sum`), as before.
///
/// With `split`, the work is shared by two threads with every float
/// addition kept in its order ([`Split`]), so the result is the same bit for
/// bit.
fn train(c: &Corpus, n_zh: usize, n_en: usize, split: bool) -> Trained {
    // The uniform start, written by both threads (as the cells' first
    // touch, the dearer part of a large array; the other thread is idle
    // here).
    let mut tc = Vec::with_capacity(c.keys.len());
    tc.par_extend(rayon::iter::repeat_n(
        Cell {
            tf: 1.0,
            tr: 1.0,
            cf: 0.0,
            cr: 0.0,
        },
        c.keys.len(),
    ));
    let mut null = Nulls {
        f: vec![1.0; n_en],
        r: vec![1.0; n_zh],
        count_f: vec![0.0; n_en],
        count_r: vec![0.0; n_zh],
    };
    let s = Split::new(c, n_zh, n_en, split);
    // The M-step's totals: forward per Chinese key, reverse per English key.
    let mut total_f = vec![0f32; n_zh];
    // (A power of two of reverse totals: see [`reverse_totals`].)
    let mut total_r = vec![0f32; n_en.next_power_of_two()];
    let mut together = vec![0u32; c.keys.len()];
    {
        let (t_lo, t_hi) = together.split_at_mut(s.cell);
        s.by_rows(
            &mut tc,
            &mut null,
            |part, null| first_e_step::<false>(c, &s, part, t_lo, null),
            |part, null| first_e_step::<true>(c, &s, part, t_hi, null),
        );
    }
    // Each run's 1 / denominator (0 for a run skipped: adding `t * 0 = +0`
    // to a count, never negative, leaves it as it is), flat in the corpus's
    // layout: a reverse run's per Chinese key of a pair, `zo`, a forward
    // run's per English key, `eo`.
    let mut inv_r = vec![0f32; c.zh.len()];
    let mut inv_f = vec![0f32; c.en.len()];
    for iteration in 0..ITERATIONS {
        if iteration > 0 {
            s.by_pairs(c, &mut inv_r, &mut inv_f, |pairs, ir, inf| {
                denominators(c, pairs, &tc, &null, ir, inf)
            });
            let (inv_r, inv_f) = (&inv_r, &inv_f);
            // The last E-step leaves the null words' counts alone: no
            // M-step reads them after it.
            type Step = fn(&Corpus, &Split, Part<'_>, &[f32], &[f32], &NullProbs<'_>);
            let (lo, hi): (Step, Step) = if iteration + 1 == ITERATIONS {
                (e_step::<false, false>, e_step::<false, true>)
            } else {
                (e_step::<true, false>, e_step::<true, true>)
            };
            s.by_rows(
                &mut tc,
                &mut null,
                |part, null| lo(c, &s, part, inv_r, inv_f, null),
                |part, null| hi(c, &s, part, inv_r, inv_f, null),
            );
        }
        // Each total is summed alone, in cell order: the reverse ones
        // (scattered) on one thread, the forward ones on the other.
        s.join(
            || reverse_totals(&tc, c, &mut total_r),
            || forward_totals(&tc, c, &mut total_f),
        );
        if iteration + 1 == ITERATIONS {
            // The last M-step is left to the caller, for the cells it
            // tests alone ([`Trained::probabilities`]); no null word's
            // probability is needed any more.
            return Trained {
                together,
                last: Some((tc, total_f, total_r)),
            };
        }
        {
            let h = s.m_half;
            let (lo, hi) = tc.split_at_mut(c.groups[h]);
            let (total_f, total_r) = (&total_f, &total_r);
            s.join(
                || m_step(lo, 0, &c.groups[..=h], c, total_f, total_r),
                || m_step(hi, c.groups[h], &c.groups[h..], c, total_f, total_r),
            );
        }
        for (t, count) in [
            (&mut null.f, &mut null.count_f),
            (&mut null.r, &mut null.count_r),
        ] {
            let null_total: f32 = count.iter().sum();
            if null_total > 0.0 {
                for (t, &x) in t.iter_mut().zip(count.iter()) {
                    *t = x / null_total;
                }
            }
            count.iter_mut().for_each(|x| *x = 0.0);
        }
    }
    Trained {
        together,
        last: None,
    }
}

/// How two threads share the training without changing any float
/// addition's order.
///
/// - A run's denominator reads only probabilities, fixed during an E-step:
///   the pairs are cut in two (about half of their cells each) and each
///   half's denominators found on its own ([`denominators`]).
/// - A cell's expected counts are added in pair order, and cells are
///   numbered Chinese key by Chinese key: the cells are cut at a group
///   boundary (`cell`, the first cell of Chinese key `z`), and each thread
///   walks all pairs in order but adds to its own cells alone (a pair's
///   Chinese keys are sorted, so its rows of the lower cells come first,
///   up to `zs[p]`). The null words' counts too: each Chinese key's with
///   its cells, each English key's by key (below `e` on the lower thread;
///   a pair's English keys are sorted, those below `e` end at `es[p]`).
/// - A forward total sums a group, a reverse total scattered cells: one
///   thread does the ones, the other the others; then the M-step's
///   divisions, each cell's alone, are cut at a group boundary (`m_half`).
///
/// Without a split, the lower part is everything (`cell` is the number of
/// cells, `z` and `e` the key counts) and the upper part is not run.
struct Split {
    parallel: bool,
    /// The first cell, Chinese key and English key of the upper part.
    cell: usize,
    z: u32,
    e: u32,
    /// Per pair, where its keys of the upper part start (in `zh`, `en`).
    zs: Vec<usize>,
    es: Vec<usize>,
    /// The first pair of the upper half of the pairs (for denominators).
    pair: usize,
    /// The M-step's cut, a group about halfway through the cells (each
    /// counted once: the M-step divides each once).
    m_half: usize,
}

/// One thread's share of the cells and null counts ([`Split`]).
struct Part<'a> {
    upper: bool,
    tc: &'a mut [Cell],
    /// The index of `tc[0]` among all cells.
    cell0: usize,
    count_r: &'a mut [f32],
    /// The Chinese key of `count_r[0]`.
    z0: usize,
    count_f: &'a mut [f32],
    /// The English key of `count_f[0]`.
    e0: usize,
}

/// The pairs' cells (each counted once a pair) below which training stays
/// on one thread: a hand-over to the other thread takes some microseconds,
/// a large share of a step this small (not tuned: the Bible has 559 K).
const SPLIT_MIN_CELLS: usize = 1 << 14;

impl Split {
    fn new(c: &Corpus, n_zh: usize, n_en: usize, split: bool) -> Split {
        let parallel = split && c.cells.len() >= SPLIT_MIN_CELLS && c.half + 1 < c.groups.len();
        let (half, z, e) = if parallel {
            (c.half, c.keys[c.groups[c.half]].0, n_en as u32 / 2)
        } else {
            (c.groups.len() - 1, n_zh as u32, n_en as u32)
        };
        let at = |keys: &[u32], off: &[usize], bound: u32| -> Vec<usize> {
            off.windows(2)
                .map(|w| {
                    let keys = &keys[w[0]..w[1]];
                    debug_assert!(keys.windows(2).all(|k| k[0] < k[1]));
                    w[0] + keys.partition_point(|&k| k < bound)
                })
                .collect()
        };
        let total = c.co[c.co.len() - 1];
        Split {
            parallel,
            cell: c.groups[half],
            z,
            e,
            zs: at(&c.zh, &c.zo, z),
            es: at(&c.en, &c.eo, e),
            pair: c.co.partition_point(|&x| 2 * x < total).min(c.pairs()),
            m_half: if parallel {
                c.groups
                    .partition_point(|&g| 2 * g < c.keys.len())
                    .min(c.groups.len() - 1)
            } else {
                half
            },
        }
    }

    /// Both, at once when the training is split.
    fn join(&self, a: impl FnOnce() + Send, b: impl FnOnce() + Send) {
        if self.parallel {
            rayon::join(a, b);
        } else {
            a();
            b();
        }
    }

    /// Runs `lo` on the lower part of the cells and null counts and `hi`
    /// on the upper one (when split).
    fn by_rows(
        &self,
        tc: &mut [Cell],
        null: &mut Nulls,
        lo: impl FnOnce(Part<'_>, &NullProbs<'_>) + Send,
        hi: impl FnOnce(Part<'_>, &NullProbs<'_>) + Send,
    ) {
        let probs = NullProbs {
            f: &null.f,
            r: &null.r,
        };
        let (tc_lo, tc_hi) = tc.split_at_mut(self.cell);
        let (r_lo, r_hi) = null.count_r.split_at_mut(self.z as usize);
        let (f_lo, f_hi) = null.count_f.split_at_mut(self.e as usize);
        let lower = Part {
            upper: false,
            tc: tc_lo,
            cell0: 0,
            count_r: r_lo,
            z0: 0,
            count_f: f_lo,
            e0: 0,
        };
        if !self.parallel {
            return lo(lower, &probs);
        }
        let upper = Part {
            upper: true,
            tc: tc_hi,
            cell0: self.cell,
            count_r: r_hi,
            z0: self.z as usize,
            count_f: f_hi,
            e0: self.e as usize,
        };
        rayon::join(|| lo(lower, &probs), || hi(upper, &probs));
    }

    /// Runs `f` on each half of the pairs (all of them when not split)
    /// with its share of the flat `inv_r` and `inv_f`.
    fn by_pairs(
        &self,
        c: &Corpus,
        inv_r: &mut [f32],
        inv_f: &mut [f32],
        f: impl Fn(std::ops::Range<usize>, &mut [f32], &mut [f32]) + Sync,
    ) {
        if !self.parallel {
            return f(0..c.pairs(), inv_r, inv_f);
        }
        let p = self.pair;
        let (r_lo, r_hi) = inv_r.split_at_mut(c.zo[p]);
        let (f_lo, f_hi) = inv_f.split_at_mut(c.eo[p]);
        rayon::join(|| f(0..p, r_lo, f_lo), || f(p..c.pairs(), r_hi, f_hi));
    }

    /// Pair `p`'s keys of the part: its rows (in `zh`) and its English
    /// keys (in `en`).
    #[inline(always)]
    fn keys(
        &self,
        c: &Corpus,
        p: usize,
        upper: bool,
    ) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        if upper {
            (self.zs[p]..c.zo[p + 1], self.es[p]..c.eo[p + 1])
        } else {
            (c.zo[p]..self.zs[p], c.eo[p]..self.es[p])
        }
    }
}

/// What [`train`] learns: each cell's number of pairs, and what the last
/// M-step divides ([`Trained::probabilities`]): the cells' expected counts
/// and the totals they are shares of (none when no iteration ran).
struct Trained {
    together: Vec<u32>,
    last: Option<(Vec<Cell>, Vec<f32>, Vec<f32>)>,
}

impl Trained {
    /// The last M-step for cell `k` alone: its P(English key | Chinese
    /// key) and P(Chinese key | English key) (the uniform 1 when no
    /// iteration ran).
    fn probabilities(&self, c: &Corpus, k: usize) -> (f32, f32) {
        let Some((tc, total_f, total_r)) = &self.last else {
            return (1.0, 1.0);
        };
        let x = &tc[k];
        let (z, e) = c.keys[k];
        (
            share(x.cf, total_f[z as usize]),
            share(x.cr, total_r[e as usize]),
        )
    }
}

/// The null word's probability and expected count per target word, forward
/// (per English key) and reverse (per Chinese key).
struct Nulls {
    f: Vec<f32>,
    r: Vec<f32>,
    count_f: Vec<f32>,
    count_r: Vec<f32>,
}

/// The null word's probabilities alone (read by both threads).
struct NullProbs<'a> {
    f: &'a [f32],
    r: &'a [f32],
}

/// The first E-step, on a part of the cells: every probability is 1, so a
/// run's denominator is exactly 1 + its width (small integers add exactly
/// in f32) and each share `1 * inv` is `inv`; a forward run is as wide as
/// the pair has Chinese keys, a reverse one English keys. Counts each
/// cell's pairs into `together` (the part's) on the way. `UPPER`: whether
/// the part is the upper one (the lower one starts at 0 on every count).
#[inline(never)]
fn first_e_step<const UPPER: bool>(
    c: &Corpus,
    s: &Split,
    part: Part<'_>,
    together: &mut [u32],
    _: &NullProbs<'_>,
) {
    let Part {
        upper,
        tc,
        cell0,
        count_r,
        z0,
        count_f,
        e0,
    } = part;
    debug_assert_eq!(upper, UPPER);
    let (cell0, z0, e0) = if UPPER { (cell0, z0, e0) } else { (0, 0, 0) };
    // As long as the cells: one bounds check a cell for both.
    let together = &mut together[..tc.len()];
    for p in 0..c.pairs() {
        let (zo, eo) = (c.zo[p], c.eo[p]);
        let width = c.eo[p + 1] - eo;
        let a = 1.0 / (1.0 + (c.zo[p + 1] - zo) as f32);
        let b = 1.0 / (1.0 + width as f32);
        let (rows, ens) = s.keys(c, p, UPPER);
        for &e in &c.en[ens] {
            count_f[e as usize - e0] += a;
        }
        let block = c.co[p] + (rows.start - zo) * width..c.co[p] + (rows.end - zo) * width;
        for &z in &c.zh[rows] {
            count_r[z as usize - z0] += b;
        }
        let mut add = |k: u32| {
            let k = k as usize - cell0;
            let x = &mut tc[k];
            x.cf += a;
            x.cr += b;
            together[k] += 1;
        };
        // Four cells a turn (one loop test for four), in order.
        let ks4 = c.cells[block].chunks_exact(4);
        let ks_rest = ks4.remainder();
        for ks in ks4 {
            ks.iter().for_each(|&k| add(k));
        }
        ks_rest.iter().for_each(|&k| add(k));
    }
}

/// Each run's 1 / denominator for the E-step after the first, for `pairs`
/// (`inv_r` and `inv_f` start at the first pair's keys).
#[inline(never)]
fn denominators(
    c: &Corpus,
    pairs: std::ops::Range<usize>,
    tc: &[Cell],
    null: &Nulls,
    inv_r: &mut [f32],
    inv_f: &mut [f32],
) {
    let (r0, f0) = (c.zo[pairs.start], c.eo[pairs.start]);
    for p in pairs {
        let zk = &c.zh[c.zo[p]..c.zo[p + 1]];
        let ek = &c.en[c.eo[p]..c.eo[p + 1]];
        let block = &c.cells[c.co[p]..c.co[p + 1]];
        let ir = &mut inv_r[c.zo[p] - r0..c.zo[p + 1] - r0];
        let sf = &mut inv_f[c.eo[p] - f0..c.eo[p + 1] - f0];
        // Each reverse run (a row) summed in cell order, from -0.0 as `sum`
        // does (the probabilities are never -0.0, so either zero would
        // do); the forward runs (the columns) summed a row at a time (each
        // column's additions in row order, as a run sums them; the first row
        // taken as is, as `-0.0 + t` is `t`). After the first, four rows a
        // turn, then two: a column's sum read and written once for them,
        // `((s + a) + b) + ...` in the same order.
        let width = ek.len();
        let (first, rest) = block.split_at(width);
        let mut sum = -0.0f32;
        for (s, &k) in sf.iter_mut().zip(first) {
            let x = &tc[k as usize];
            sum += x.tr;
            *s = x.tf;
        }
        ir[0] = inverse(null.r[zk[0] as usize] + sum);
        let mut four = rest.chunks_exact(4 * width);
        let rows = zk[1..].chunks_exact(4).zip(ir[1..].chunks_exact_mut(4));
        for (ks, (z, ir)) in four.by_ref().zip(rows) {
            let (a, ks) = ks.split_at(width);
            let (b, ks) = ks.split_at(width);
            let (c, d) = ks.split_at(width);
            let mut sums = [-0.0f32; 4];
            for ((((s, &ka), &kb), &kc), &kd) in sf.iter_mut().zip(a).zip(b).zip(c).zip(d) {
                let (xa, xb) = (&tc[ka as usize], &tc[kb as usize]);
                let (xc, xd) = (&tc[kc as usize], &tc[kd as usize]);
                sums[0] += xa.tr;
                sums[1] += xb.tr;
                sums[2] += xc.tr;
                sums[3] += xd.tr;
                *s = *s + xa.tf + xb.tf + xc.tf + xd.tf;
            }
            for ((ir, &z), sum) in ir.iter_mut().zip(z).zip(sums) {
                *ir = inverse(null.r[z as usize] + sum);
            }
        }
        // The rows left (at most three): two, then one.
        let rest = four.remainder();
        let left = zk.len() - rest.len() / width;
        let mut two = rest.chunks_exact(2 * width);
        let rows = zk[left..]
            .chunks_exact(2)
            .zip(ir[left..].chunks_exact_mut(2));
        for (ks, (z, ir)) in two.by_ref().zip(rows) {
            let (a, b) = ks.split_at(width);
            let (mut sum_a, mut sum_b) = (-0.0f32, -0.0f32);
            for ((s, &ka), &kb) in sf.iter_mut().zip(a).zip(b) {
                let (xa, xb) = (&tc[ka as usize], &tc[kb as usize]);
                sum_a += xa.tr;
                sum_b += xb.tr;
                *s = *s + xa.tf + xb.tf;
            }
            ir[0] = inverse(null.r[z[0] as usize] + sum_a);
            ir[1] = inverse(null.r[z[1] as usize] + sum_b);
        }
        let last = two.remainder();
        if !last.is_empty() {
            // (The rows' last.)
            let mut sum = -0.0f32;
            for (s, &k) in sf.iter_mut().zip(last) {
                let x = &tc[k as usize];
                sum += x.tr;
                *s += x.tf;
            }
            ir[zk.len() - 1] = inverse(null.r[zk[zk.len() - 1] as usize] + sum);
        }
        for (s, &e) in sf.iter_mut().zip(ek) {
            *s = inverse(null.f[e as usize] + *s);
        }
    }
}

/// A run's 1 / denominator, 0 for a run skipped (a denominator not
/// positive).
fn inverse(denom: f32) -> f32 {
    if denom <= 0.0 {
        0.0
    } else {
        1.0 / denom
    }
}

/// An E-step after the first on a part of the cells, a pair at a time, from
/// the runs' [`denominators`]. A null word's count gets `null * inv` a run
/// (`+0` for a run skipped, where the null word's probability is 0 as well:
/// its count is left as it is); not at all without `NULLS`. `UPPER`: as
/// for [`first_e_step`].
#[inline(never)]
fn e_step<const NULLS: bool, const UPPER: bool>(
    c: &Corpus,
    s: &Split,
    part: Part<'_>,
    inv_r: &[f32],
    inv_f: &[f32],
    null: &NullProbs<'_>,
) {
    debug_assert_eq!(part.upper, UPPER);
    let (cell0, z0, e0) = if UPPER {
        (part.cell0, part.z0, part.e0)
    } else {
        (0, 0, 0)
    };
    for p in 0..c.pairs() {
        let (zo, eo) = (c.zo[p], c.eo[p]);
        let width = c.eo[p + 1] - eo;
        let (rows, ens) = s.keys(c, p, UPPER);
        if NULLS {
            for (&e, &inv) in c.en[ens.clone()].iter().zip(&inv_f[ens]) {
                part.count_f[e as usize - e0] += null.f[e as usize] * inv;
            }
        }
        let inv_f = &inv_f[eo..eo + width];
        let block = c.co[p] + (rows.start - zo) * width..c.co[p] + (rows.end - zo) * width;
        let (zs, irs) = (&c.zh[rows.clone()], &inv_r[rows]);
        if NULLS {
            for (&z, &ir) in zs.iter().zip(irs) {
                part.count_r[z as usize - z0] += null.r[z as usize] * ir;
            }
        }
        // Two rows a turn (a column's 1 / denominator read once for both;
        // their cells are distinct, each count's additions in pair order as
        // before).
        let mut two = c.cells[block].chunks_exact(2 * width);
        for (ks, ir) in two.by_ref().zip(irs.chunks_exact(2)) {
            let (a, b) = ks.split_at(width);
            let (ir_a, ir_b) = (ir[0], ir[1]);
            for ((&ka, &kb), &inf) in a.iter().zip(b).zip(inv_f) {
                let x = &mut part.tc[ka as usize - cell0];
                x.cf += x.tf * inf;
                x.cr += x.tr * ir_a;
                let x = &mut part.tc[kb as usize - cell0];
                x.cf += x.tf * inf;
                x.cr += x.tr * ir_b;
            }
        }
        let last = two.remainder();
        if let Some(&ir) = irs.last().filter(|_| !last.is_empty()) {
            for (&k, &inf) in last.iter().zip(inv_f) {
                let x = &mut part.tc[k as usize - cell0];
                x.cf += x.tf * inf;
                x.cr += x.tr * ir;
            }
        }
    }
}

/// An M-step's probability: a count's share of its source word's total
/// (0 when the total is not positive).
fn share(count: f32, total: f32) -> f32 {
    if total > 0.0 {
        count / total
    } else {
        0.0
    }
}

/// The M-step's totals of the forward counts per Chinese key, each summed
/// from 0 in cell order (its cells are a run of neighbours, `groups`, as
/// cells are numbered Chinese-major).
#[inline(never)]
fn forward_totals(tc: &[Cell], c: &Corpus, total_f: &mut [f32]) {
    for w in c.groups.windows(2) {
        // Four cells a turn (one loop test for four), in order.
        let x4 = tc[w[0]..w[1]].chunks_exact(4);
        let x_rest = x4.remainder();
        let sum = x4.fold(0f32, |sum, x| sum + x[0].cf + x[1].cf + x[2].cf + x[3].cf);
        let sum = x_rest.iter().fold(sum, |sum, x| sum + x.cf);
        total_f[c.keys[w[0]].0 as usize] = sum;
    }
}

/// The M-step's totals of the reverse counts per English key, each summed
/// from 0 in cell order (its cells are scattered). A total of 0 (never
/// negative) is made +inf: a count's share of it, `count / inf`, is then
/// +0 as [`share`] has it (the counts are finite and never negative), with
/// no test a cell.
///
/// `total_r` is a power of two long, read at the key masked (every key is
/// below it, so `e & mask` is `e`): an index the compiler knows in bounds,
/// no bounds test a cell.
#[inline(never)]
fn reverse_totals(tc: &[Cell], c: &Corpus, total_r: &mut [f32]) {
    let mask = total_r.len() - 1;
    let total_r = &mut total_r[..=mask];
    total_r.iter_mut().for_each(|x| *x = 0.0);
    // Four cells a turn (one loop test for four), in order.
    let (tc4, keys4) = (tc.chunks_exact(4), c.keys[..tc.len()].chunks_exact(4));
    let (tc_rest, keys_rest) = (tc4.remainder(), keys4.remainder());
    for (x, k) in tc4.zip(keys4) {
        for i in 0..4 {
            total_r[k[i].1 as usize & mask] += x[i].cr;
        }
    }
    for (x, &(_, e)) in tc_rest.iter().zip(keys_rest) {
        total_r[e as usize & mask] += x.cr;
    }
    for t in total_r {
        if *t <= 0.0 {
            *t = f32::INFINITY;
        }
    }
}

/// An M-step from the totals on the cells of `groups` (`tc[0]` being
/// cell `cell0`); the counts are cleared for the next E-step.
#[inline(never)]
fn m_step(
    tc: &mut [Cell],
    cell0: usize,
    groups: &[usize],
    c: &Corpus,
    total_f: &[f32],
    total_r: &[f32],
) {
    for w in groups.windows(2) {
        let keys = &c.keys[w[0]..w[1]];
        // [`share`], its test once a group (forward) or made needless by
        // the totals (reverse, see [`reverse_totals`]).
        let sum = total_f[keys[0].0 as usize];
        let sum = if sum > 0.0 { sum } else { f32::INFINITY };
        let step = |x: &mut Cell, &(_, e): &(u32, u32)| {
            *x = Cell {
                tf: x.cf / sum,
                tr: x.cr / total_r[e as usize],
                cf: 0.0,
                cr: 0.0,
            };
        };
        // Four cells a turn (one loop test for four).
        let mut x4 = tc[w[0] - cell0..w[1] - cell0].chunks_exact_mut(4);
        let k4 = keys.chunks_exact(4);
        let k_rest = k4.remainder();
        for (x, k) in x4.by_ref().zip(k4) {
            x.iter_mut().zip(k).for_each(|(x, k)| step(x, k));
        }
        let x_rest = x4.into_remainder();
        x_rest.iter_mut().zip(k_rest).for_each(|(x, k)| step(x, k));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rarest keys kept are those of a full sort by (count, key).
    #[test]
    fn keep_rarest_is_the_sort() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        let count: Vec<u32> = (0..200).map(|_| next(6) as u32).collect();
        for _ in 0..500 {
            let len = next(40) as usize;
            let mut keys: Vec<u32> = Vec::new();
            while keys.len() < len {
                let k = next(200) as u32;
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
            keys.sort_unstable();
            let mut want = keys.clone();
            want.sort_unstable_by_key(|&k| (count[k as usize], k));
            want.truncate(MAX_KEYS);
            want.sort_unstable();
            keep_rarest(&mut keys, &count);
            assert_eq!(keys, want);
            let mut shuffled: Vec<u32> = keys.iter().rev().copied().collect();
            sort_few(&mut shuffled);
            assert_eq!(shuffled, want);
        }
    }

    /// One direction trained as runs, one run after the other (the
    /// training as it was before both directions shared a pass): the
    /// reference of [`train`].
    fn reference<const REVERSE: bool>(c: &Corpus, n_target: usize, n_source: usize) -> Vec<f32> {
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
        if in_order {
            tc.into_iter().map(|(t, _)| t).collect()
        } else {
            pos.iter().map(|&p| tc[p as usize].0).collect()
        }
    }

    /// Both directions trained in one pass give each cell the very
    /// probabilities (bit for bit) that the directions trained run by run
    /// give, on pairs of up to `MAX_KEYS` keys a side.
    #[test]
    fn train_is_the_reference_bit_for_bit() {
        let (n_zh, n_en) = (40usize, 60usize);
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m as u64) as u32
        };
        let mut c = Corpus::empty();
        for _ in 0..600 {
            let mut keys = |n: usize, out: &mut Vec<u32>| {
                let from = out.len();
                let len = 1 + next(MAX_KEYS) as usize;
                // Skewed towards the first keys, as words are.
                while out.len() - from < len {
                    let bound = 1 + next(n) as usize;
                    let k = next(bound);
                    if !out[from..].contains(&k) {
                        out.push(k);
                    }
                }
                out[from..].sort_unstable();
                out.len() - from
            };
            let nz = keys(n_zh, &mut c.zh);
            let ne = keys(n_en, &mut c.en);
            c.zo.push(c.zh.len());
            c.eo.push(c.en.len());
            c.co.push(c.co[c.co.len() - 1] + nz * ne);
        }
        c.number_cells(n_zh, n_en);
        assert!(c.keys.len() > 1000 && c.groups.len() > 30);
        let forward = reference::<false>(&c, n_en, n_zh);
        let reverse = reference::<true>(&c, n_zh, n_en);
        // On one thread, and split between two (the corpus is big enough).
        assert!(Split::new(&c, n_zh, n_en, true).parallel);
        for split in [false, true] {
            let both = train(&c, n_zh, n_en, split);
            for k in 0..c.keys.len() {
                let (f, r) = both.probabilities(&c, k);
                assert_eq!(
                    f.to_bits(),
                    forward[k].to_bits(),
                    "cell {k} forward, {split}"
                );
                assert_eq!(
                    r.to_bits(),
                    reverse[k].to_bits(),
                    "cell {k} reverse, {split}"
                );
            }
        }
    }
}
