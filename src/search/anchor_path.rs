//! The first pass: confident anchor pairs from rare shared words, chained
//! into a monotone path that the dynamic program's band follows.
//!
//! For each Chinese sentence, English sentences near the length diagonal are
//! scored by the IDF weight of the Chinese tokens that have a translation in
//! them, counting only ids that are rare on the English side (so that common
//! words and a year that occurs everywhere cannot pin the path). A sentence
//! whose best English match is clearly ahead of its second becomes an anchor
//! candidate; the heaviest chain of candidates increasing on both sides is the
//! path. Between anchors the path is interpolated. Cost: linear in the number
//! of tokens times the (bounded) posting-list lengths.

use crate::features::{Features, SideFeatures};
use crate::params;

/// English prefix at each Chinese prefix `0..=n` along the anchor path, or
/// `None` when there are too few anchors to beat the length diagonal.
/// The band centres (English prefix per Chinese prefix) and the chained
/// anchor pairs `(zh sentence, en sentence)` they were drawn through.
pub(crate) type AnchorPath = (Vec<usize>, Vec<(usize, usize)>);

pub(crate) fn path(f: &Features) -> Option<AnchorPath> {
    let (n, m) = (f.zh.n(), f.en.n());
    if n < params::ANCHOR_MIN_SENTENCES || m < params::ANCHOR_MIN_SENTENCES {
        return None;
    }
    let postings = Postings::new(f);
    crate::trace::phase("anchor postings");
    let candidates = candidates(f, postings);
    crate::trace::phase("anchor candidates");
    let chain = heaviest_chain(&candidates, m);
    log::debug!(
        "anchors: {} candidates, chain of {}",
        candidates.len(),
        chain.len()
    );
    if chain.len() < params::ANCHOR_MIN_CHAIN {
        return None;
    }
    Some((centers_through(&chain, n, m), chain))
}

/// The English sentences holding each id, in order: one flat array,
/// `post[start[id]..start[id + 1]]`.
struct Postings {
    start: Vec<u32>,
    post: Vec<u32>,
}

impl Postings {
    fn new(f: &Features) -> Postings {
        let (m, space) = (f.en.n(), f.id_space as usize);
        let mut start = vec![0u32; space + 1];
        let mut seen = vec![u32::MAX; space];
        let each = |visit: &mut dyn FnMut(usize, usize)| {
            for j in 0..m {
                for t in f.en.tokens(j) {
                    for &id in f.en.token_ids(t) {
                        visit(id as usize, j);
                    }
                }
            }
        };
        each(&mut |id, j| {
            if id < space && seen[id] != j as u32 {
                seen[id] = j as u32;
                start[id + 1] += 1;
            }
        });
        for k in 0..space {
            start[k + 1] += start[k];
        }
        let mut fill = start.clone();
        let mut post = vec![0u32; start[space] as usize];
        seen.iter_mut().for_each(|s| *s = u32::MAX);
        each(&mut |id, j| {
            if id < space && seen[id] != j as u32 {
                seen[id] = j as u32;
                post[fill[id] as usize] = j as u32;
                fill[id] += 1;
            }
        });
        Postings { start, post }
    }

    /// Where the English sentences holding `id` are in `post`.
    fn span(&self, id: u32) -> (u32, u32) {
        let id = id as usize;
        if id + 1 < self.start.len() {
            (self.start[id], self.start[id + 1])
        } else {
            (0, 0)
        }
    }
}

/// The postings of the Chinese side's words, looked up once per word rather
/// than once per token: per key, `lists[keys[key].0..keys[key].1]` holds the
/// spans in `post` of its ids' sentences, the ids that no English sentence
/// holds left out. An id in at most `ANCHOR_MAX_DF` sentences of the whole
/// document is rare in every window: a frequent key's lists of such ids come
/// merged into one (each sentence once, in order) ahead of its other lists,
/// so each of its tokens walks them at once, with one window to move and
/// without the test for a sentence another id of the token reached (the
/// scores are the same: a token adds its weight once to each sentence any
/// of its rare ids reaches).
struct KeyLists {
    keys: Vec<(u32, u32)>,
    lists: Vec<(u32, u32)>,
    /// [`Postings::post`], then the merged lists.
    post: Vec<u32>,
}

impl KeyLists {
    /// Takes the postings' array over (no copy): the merged lists follow it.
    fn new(f: &Features, postings: Postings) -> KeyLists {
        let tok_key = &f.zh.tok_key;
        let n_keys = tok_key.iter().max().map_or(0, |&k| k as usize + 1);
        let mut uses = vec![0u32; n_keys];
        for &k in tok_key {
            uses[k as usize] += 1;
        }
        // The merged lists, placed after the postings' array at the end.
        let base = postings.post.len();
        let mut merged: Vec<u32> = Vec::new();
        let mut keys = vec![(u32::MAX, 0); n_keys];
        let mut lists = Vec::new();
        // A key's lists of ids rare in the whole document, and a merge's
        // last step.
        let mut rare: Vec<(u32, u32)> = Vec::new();
        let mut union: Vec<u32> = Vec::new();
        for (t, &k) in tok_key.iter().enumerate() {
            if keys[k as usize].0 != u32::MAX {
                continue;
            }
            let start = lists.len();
            rare.clear();
            let mut size = 0;
            for &id in f.zh.token_ids(t) {
                let (a, b) = postings.span(id);
                if a < b && (b - a) as usize <= params::ANCHOR_MAX_DF {
                    rare.push((a, b));
                    size += (b - a) as usize;
                }
                if a < b {
                    lists.push((a, b));
                }
            }
            // Merged when the key's uses times the lists spared exceed the
            // postings to merge (on the Bible: 1.5 M instructions fewer than
            // with three times the uses, 5 M fewer than merging every key's).
            let merge = rare.len() >= 2 && uses[k as usize] as usize * (rare.len() - 1) > size;
            if merge {
                lists.truncate(start);
                for &id in f.zh.token_ids(t) {
                    let (a, b) = postings.span(id);
                    if (b - a) as usize > params::ANCHOR_MAX_DF {
                        lists.push((a, b));
                    }
                }
                let at = merged.len();
                for &(a, b) in &rare {
                    let list = &postings.post[a as usize..b as usize];
                    union.clear();
                    union.extend_from_slice(&merged[at..]);
                    merged.truncate(at);
                    let (mut p, mut q) = (0, 0);
                    while p < union.len() && q < list.len() {
                        let (u, v) = (union[p], list[q]);
                        merged.push(u.min(v));
                        p += usize::from(u <= v);
                        q += usize::from(v <= u);
                    }
                    merged.extend_from_slice(&union[p..]);
                    merged.extend_from_slice(&list[q..]);
                }
                lists.insert(start, ((base + at) as u32, (base + merged.len()) as u32));
            }
            keys[k as usize] = (start as u32, lists.len() as u32);
        }
        let mut post = postings.post;
        post.extend_from_slice(&merged);
        KeyLists { keys, lists, post }
    }
}

/// Anchor candidates `(zh sentence, en sentence, score)`, sorted by Chinese
/// sentence: each Chinese sentence's best English match near the diagonal,
/// when it is clearly ahead of the second best.
fn candidates(f: &Features, postings: Postings) -> Vec<(usize, usize, f32)> {
    let (n, m) = (f.zh.n(), f.en.n());
    let words = KeyLists::new(f, postings);
    let expected = |i: usize| (i as f64 * m as f64 / n as f64) as i64;
    let window = ((params::ANCHOR_WINDOW_SHARE * m.max(n) as f64) as i64)
        .min(params::ANCHOR_WINDOW_MAX as i64)
        + params::ANCHOR_WINDOW_MIN as i64;
    // Each Chinese sentence's best English match, in parallel chunks (each
    // with its own score table).
    let best_match = |rows: std::ops::Range<usize>| -> Vec<(usize, usize, f32)> {
        let mut scores = Scores::new(&f.en.total_w[..m]);
        let mut candidates: Vec<(usize, usize, f32)> = Vec::new();
        // Each list's window, moved forward as the rows go (an id's window
        // is kept once per word that has the id: each moves forward alike).
        let mut at: Vec<(u32, u32)> = vec![(u32::MAX, 0); words.lists.len()];
        for i in rows {
            let total = f.zh.total_w[i];
            if total <= 0.0 {
                continue;
            }
            let centre = expected(i);
            scores.row(
                &f.zh,
                f.zh.tokens(i),
                (&words, &words.post),
                &mut at,
                (centre - window, centre + window),
            );
            let (best, second) = scores.take(total);
            if best.0 >= params::ANCHOR_MIN_SCORE && best.0 >= params::ANCHOR_MIN_RATIO * second {
                candidates.push((i, best.1, best.0));
            }
        }
        candidates
    };
    let chunk = n.div_ceil(4).max(params::ANCHOR_CHUNK_MIN);
    let candidates: Vec<(usize, usize, f32)> = {
        use rayon::prelude::*;
        let starts: Vec<usize> = (0..n).step_by(chunk).collect();
        starts
            .into_par_iter()
            .flat_map_iter(|a| best_match(a..(a + chunk).min(n)))
            .collect()
    };
    candidates
}

/// One English sentence's entry in [`Scores`].
#[derive(Clone, Copy)]
struct Slot {
    /// The weight of the row's tokens that reached the sentence.
    score: f32,
    /// One more than the last Chinese token that reached it, 0 for none.
    /// Token numbers grow with the rows, so a stamp below the row's first
    /// token's marks a score left from an earlier row, which the row's first
    /// token to reach the sentence overwrites: nothing needs clearing.
    stamp: u32,
}

/// The scores of the English sentences for one Chinese sentence (a row) at
/// a time, kept by one chunk of rows.
struct Scores {
    /// Eight bytes a sentence: a posting's slot is at its sentence times 8,
    /// an address the instruction that reads it computes. As many slots as
    /// a power of two, `mask + 1`: a sentence `j` (below it) is `j & mask`,
    /// an index the compiler knows in bounds in `slots`, `totals` and
    /// `link` alike (no test a posting or a reached sentence).
    slots: Vec<Slot>,
    /// The sentences' total weights (as many as `slots`, 0 beyond the
    /// document's).
    totals: Vec<f32>,
    mask: usize,
    /// The sentences the row's tokens reached, each once, as a list from
    /// the last reached (`last`) back to the first: `link[j]` is the one
    /// reached before sentence `j` ([`END`] after the first). A reached
    /// sentence is one store and a register (a list in an array took a
    /// bounds test and two registers more, spilled in the posting loop).
    link: Vec<u32>,
    last: u32,
    /// The row's lists to score, in order (kept for the next row).
    work: Vec<Work>,
}

/// One list of postings a row scores: `post[start..end]`, the postings in
/// the window, for token `stamp - 1` of weight `w`.
struct Work {
    start: u32,
    end: u32,
    w: f32,
    stamp: u32,
}

impl Scores {
    /// A table for the English sentences of total weights `totals`.
    fn new(totals: &[f32]) -> Scores {
        let size = totals.len().next_power_of_two();
        let mut padded = totals.to_vec();
        padded.resize(size, 0.0);
        Scores {
            slots: vec![
                Slot {
                    score: 0.0,
                    stamp: 0
                };
                size
            ],
            totals: padded,
            mask: size - 1,
            link: vec![END; size],
            last: END,
            work: Vec::new(),
        }
    }

    /// Scores the tokens `tokens` of a row of `zh` against the English
    /// sentences `from..=to` through the lists of `words` (spans of
    /// `post`), `at` their windows (moved forward to this row's). One call
    /// a row, not inlined: the posting loop's state then stays in
    /// registers, with no call a list (a call a list cost more than its
    /// postings: 13 on average).
    #[inline(never)]
    fn row(
        &mut self,
        zh: &SideFeatures,
        tokens: std::ops::Range<usize>,
        (words, post): (&KeyLists, &[u32]),
        at: &mut [(u32, u32)],
        (from, to): (i64, i64),
    ) {
        let first = tokens.start as u32 + 1;
        let mut work = std::mem::take(&mut self.work);
        for t in tokens {
            let w = zh.tok_w[t];
            let (a, b) = words.keys[zh.tok_key[t] as usize];
            let (a, b) = (a as usize, b as usize);
            for (&(start, end), at) in words.lists[a..b].iter().zip(&mut at[a..b]) {
                let list = &post[start as usize..end as usize];
                // Rare within the window (a word common in the document, or
                // repeated text, cannot anchor).
                let (mut lo, mut hi) = match *at {
                    (u32::MAX, _) => (
                        list.partition_point(|&j| (j as i64) < from),
                        list.partition_point(|&j| (j as i64) <= to),
                    ),
                    (lo, hi) => (lo as usize, hi as usize),
                };
                while lo < list.len() && (list[lo] as i64) < from {
                    lo += 1;
                }
                while hi < list.len() && (list[hi] as i64) <= to {
                    hi += 1;
                }
                *at = (lo as u32, hi as u32);
                if hi - lo > params::ANCHOR_MAX_DF {
                    continue;
                }
                // (`lo <= hi <= list.len()`: the postings at `start + lo..`.)
                work.push(Work {
                    start: start + lo as u32,
                    end: start + hi as u32,
                    w,
                    stamp: t as u32 + 1,
                });
            }
        }
        // The lists scored in a loop of their own: with the windows' state
        // no longer live, the posting loop keeps its own in registers. A
        // list with the stamp of the one before is another of its token's.
        let mut previous = 0;
        for l in &work {
            let list = &post[l.start as usize..l.end as usize];
            if l.stamp == previous {
                self.add::<true>(list, l.w, l.stamp, first);
            } else {
                self.add::<false>(list, l.w, l.stamp, first);
            }
            previous = l.stamp;
        }
        work.clear();
        self.work = work;
    }

    /// Adds weight `w` of token `stamp - 1` to the sentences `list` (of
    /// the row whose first token is `first - 1`), once per token: `AGAIN`
    /// when another list of the token was added before (else no sentence
    /// can have the token's stamp yet, and the test is left out).
    #[inline(always)]
    fn add<const AGAIN: bool>(&mut self, list: &[u32], w: f32, stamp: u32, first: u32) {
        let mask = self.mask;
        let slots = &mut self.slots[..=mask];
        let link = &mut self.link[..=mask];
        let mut last = self.last;
        let mut one = |j: u32| {
            let j = j as usize & mask;
            let e = &mut slots[j];
            if AGAIN && e.stamp == stamp {
                // (Another id of the same token: one count.)
                return;
            }
            if e.stamp < first {
                // (`0.0 + w` is `w`: the same sum as from 0.)
                e.score = w;
                link[j] = last;
                last = j as u32;
            } else {
                e.score += w;
            }
            e.stamp = stamp;
        };
        // Two postings a turn (half the loop's own steps).
        let mut twos = list.chunks_exact(2);
        for two in &mut twos {
            one(two[0]);
            one(two[1]);
        }
        for &j in twos.remainder() {
            one(j);
        }
        self.last = last;
    }

    /// The row's best score with its sentence and its second best score
    /// (0 and `usize::MAX` for none), each reached sentence's score its
    /// matched weight over both sentences' total weights (`total` the
    /// Chinese one's); of equal best scores, the sentence first reached.
    /// The table is then ready for the next row.
    fn take(&mut self, total: f32) -> ((f32, usize), f32) {
        let mask = self.mask;
        let (slots, totals, link) = (
            &self.slots[..=mask],
            &self.totals[..=mask],
            &self.link[..=mask],
        );
        let (mut best, mut second) = ((0f32, usize::MAX), 0f32);
        // From the last reached back to the first: ties go to the later
        // seen (`>=`), the first reached, as a walk forward keeping the
        // first of equal scores would; `best` and `second` are the two
        // largest scores either way (`best >= second` throughout: one test
        // for the usual score, below both).
        let mut j = std::mem::replace(&mut self.last, END);
        while j != END {
            let k = j as usize & mask;
            let s = slots[k].score / (total + totals[k]).max(1.0);
            if s >= second {
                if s >= best.0 {
                    second = best.0;
                    best = (s, k);
                } else {
                    second = s;
                }
            }
            j = link[k];
        }
        (best, second)
    }
}

/// The end of a [`Scores`] list of reached sentences (no sentence: at most
/// `u32::MAX` English sentences).
const END: u32 = u32::MAX;

/// The band centres through a chain of anchor pairs: corners and both ends
/// of each pair, interpolated in between, never decreasing.
fn centers_through(chain: &[(usize, usize)], n: usize, m: usize) -> Vec<usize> {
    let mut points: Vec<(usize, usize)> = vec![(0, 0)];
    for &(i, j) in chain {
        points.push((i, j));
        points.push((i + 1, j + 1));
    }
    points.push((n, m));
    let mut centers = vec![0usize; n + 1];
    for w in points.windows(2) {
        let ((i0, j0), (i1, j1)) = (w[0], w[1]);
        for (i, c) in centers.iter_mut().enumerate().take(i1 + 1).skip(i0) {
            *c = if i1 == i0 {
                j1
            } else {
                j0 + (j1 - j0) * (i - i0) / (i1 - i0)
            };
        }
    }
    centers[n] = m;
    for i in 1..=n {
        centers[i] = centers[i].max(centers[i - 1]).min(m);
    }
    centers
}

/// The heaviest chain of candidates strictly increasing in both coordinates
/// (candidates come sorted by Chinese index, one per index): a weighted
/// longest-increasing-subsequence with a Fenwick tree of prefix maxima.
fn heaviest_chain(c: &[(usize, usize, f32)], m: usize) -> Vec<(usize, usize)> {
    let mut tree: Vec<(f32, usize)> = vec![(0.0, usize::MAX); m + 1];
    let mut best_at: Vec<(f32, usize)> = Vec::with_capacity(c.len());
    for (k, &(_, j, w)) in c.iter().enumerate() {
        // Best chain ending at an English index < j.
        let mut q = j;
        let mut prev = (0.0f32, usize::MAX);
        while q > 0 {
            if tree[q].0 > prev.0 {
                prev = tree[q];
            }
            q &= q - 1;
        }
        let here = (prev.0 + w, prev.1);
        best_at.push(here);
        let mut u = j + 1;
        while u <= m {
            if here.0 > tree[u].0 {
                tree[u] = (here.0, k);
            }
            u += u & u.wrapping_neg();
        }
    }
    let mut end = None;
    let mut top = 0.0f32;
    for (k, b) in best_at.iter().enumerate() {
        if b.0 > top {
            top = b.0;
            end = Some(k);
        }
    }
    let mut chain = Vec::new();
    while let Some(k) = end {
        chain.push((c[k].0, c[k].1));
        end = (best_at[k].1 != usize::MAX).then_some(best_at[k].1);
    }
    chain.reverse();
    chain
}
