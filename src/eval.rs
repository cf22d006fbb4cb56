//! Evaluation against gold alignments: the bead format read back
//! ([`read_beads`] into [`BeadIds`]), verse merging for the Bible
//! ([`merge_by_verse`]), [`score`]s, and how well confidences are
//! calibrated ([`Calibration`]).
//!
//! Strict and lax precision, recall and F1 over beads, counted exactly as
//! `../shared/tools/score.py` counts them (Sennrich & Volk 2010, as Vecalign
//! and Bertalign compute them):
//!
//! - **precision** looks at every predicted bead that is not empty on both
//!   sides (insertions and deletions included); it is a strict hit when the
//!   same bead (same ids in the same order on both sides) is in the gold set;
//! - **recall** looks at the gold beads with both sides non-empty, against the
//!   predicted beads with both sides non-empty;
//! - a **lax** hit is a strict hit or a bead that shares at least one source
//!   and one target sentence with a single bead on the other side;
//! - duplicate beads count once; counts are summed over documents before the
//!   ratios are taken (not averaged per document).
//!
//! The same numbers as `score.py`, to the last bit: both divide the same
//! integer counts in the same order.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign};

use crate::alignment::Bead;
use crate::error::{Error, Location, Result};
pub use crate::search::posterior::{CONFIDENCE_FEATURES, CONFIDENCE_LOG_TARGET};

/// One bead of a bead file: the source and the target sentence numbers, in
/// the order written. In this crate's files the source is Chinese
/// (`[zh ids]:[en ids]`); in the Bible's gold files it is English.
///
/// Two beads are equal when both id lists are equal, order included (as
/// `score.py` compares tuples).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BeadIds {
    src: Vec<usize>,
    tgt: Vec<usize>,
}

impl BeadIds {
    /// A bead from its source and target sentence numbers.
    pub fn new(src: Vec<usize>, tgt: Vec<usize>) -> BeadIds {
        BeadIds { src, tgt }
    }

    /// The source sentence numbers.
    pub fn src(&self) -> &[usize] {
        &self.src
    }

    /// The target sentence numbers.
    pub fn tgt(&self) -> &[usize] {
        &self.tgt
    }

    /// The same bead with source and target swapped (e.g. Chinese-first
    /// predictions made English-first for the Bible's gold).
    #[must_use]
    pub fn flipped(&self) -> BeadIds {
        BeadIds {
            src: self.tgt.clone(),
            tgt: self.src.clone(),
        }
    }

    fn is_empty(&self) -> bool {
        self.src.is_empty() && self.tgt.is_empty()
    }

    fn is_full(&self) -> bool {
        !self.src.is_empty() && !self.tgt.is_empty()
    }
}

impl From<&Bead> for BeadIds {
    /// Chinese sentence numbers as the source, English as the target.
    fn from(b: &Bead) -> BeadIds {
        BeadIds {
            src: b.zh().collect(),
            tgt: b.en().collect(),
        }
    }
}

impl fmt::Display for BeadIds {
    /// The bead file form, `[0,1]:[2]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, ids: &[usize]| {
            f.write_str("[")?;
            for (k, i) in ids.iter().enumerate() {
                if k > 0 {
                    f.write_str(",")?;
                }
                write!(f, "{i}")?;
            }
            f.write_str("]")
        };
        list(f, &self.src)?;
        f.write_str(":")?;
        list(f, &self.tgt)
    }
}

/// Reads a bead file: one bead a line, `[src ids]:[tgt ids]`, e.g.
/// `[0,1]:[2]`, `[]:[7]`. Blank lines are skipped; white space around ids
/// and brackets is ignored; as in `score.py`, the brackets themselves are
/// optional and empty items (`[1,,2]`) are skipped.
///
/// # Errors
///
/// [`Error::Parse`] with the 1-based line number when a
/// line has no `:` or an id is not a non-negative integer; add the file
/// name with [`Error::with_path`].
///
/// # Example
///
/// ```
/// let beads = zhen_align::eval::read_beads("[0,1]:[0]\n\n[]:[1]\n")?;
/// assert_eq!(beads.len(), 2);
/// assert_eq!(beads[0].src(), &[0, 1]);
/// assert_eq!(beads[1].to_string(), "[]:[1]");
/// assert!(zhen_align::eval::read_beads("[0]:[x]").is_err());
/// # Ok::<(), zhen_align::Error>(())
/// ```
pub fn read_beads(text: &str) -> Result<Vec<BeadIds>> {
    let mut beads = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some((s, t)) = line.split_once(':') else {
            return Err(Error::parse(
                n + 1,
                format!("expected \"[ids]:[ids]\", found {:?}", clip(line)),
            ));
        };
        let src = parse_ids(s).map_err(|item| bad_id(n + 1, &item, line))?;
        let tgt = parse_ids(t).map_err(|item| bad_id(n + 1, &item, line))?;
        beads.push(BeadIds { src, tgt });
    }
    Ok(beads)
}

/// At most 60 characters of a line, for error messages.
fn clip(s: &str) -> &str {
    s.char_indices().nth(60).map_or(s, |(i, _)| &s[..i])
}

fn bad_id(line_no: usize, item: &str, line: &str) -> Error {
    Error::parse(
        line_no,
        format!(
            "expected a sentence number, found {:?} in {:?}",
            clip(item),
            clip(line)
        ),
    )
}

/// Parses `[1, 2]` (or `1,2`) into ids; on failure returns the bad item.
fn parse_ids(side: &str) -> std::result::Result<Vec<usize>, String> {
    side.trim()
        .trim_matches(['[', ']'])
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| {
            if v.bytes().all(|b| b.is_ascii_digit()) {
                v.parse().map_err(|_| v.to_owned())
            } else {
                Err(v.to_owned())
            }
        })
        .collect()
}

/// Hits and misses of one side of the score, strict and lax.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    strict_hit: usize,
    strict_miss: usize,
    lax_hit: usize,
    lax_miss: usize,
}

impl Add for Counts {
    type Output = Counts;
    fn add(self, o: Counts) -> Counts {
        Counts {
            strict_hit: self.strict_hit + o.strict_hit,
            strict_miss: self.strict_miss + o.strict_miss,
            lax_hit: self.lax_hit + o.lax_hit,
            lax_miss: self.lax_miss + o.lax_miss,
        }
    }
}

/// `score.py`'s `counts(gold, test)`: each distinct non-empty bead of `test`
/// looked up in `gold`.
fn counts<'b>(
    gold: impl IntoIterator<Item = &'b BeadIds>,
    test: impl IntoIterator<Item = &'b BeadIds>,
) -> Counts {
    let gold: HashSet<&BeadIds> = gold.into_iter().filter(|b| !b.is_empty()).collect();
    let test: HashSet<&BeadIds> = test.into_iter().filter(|b| !b.is_empty()).collect();
    let mut link: HashMap<usize, HashSet<usize>> = HashMap::new();
    for g in &gold {
        for &i in &g.src {
            link.entry(i).or_default().extend(g.tgt.iter().copied());
        }
    }
    let mut c = Counts::default();
    for b in test {
        if gold.contains(b) {
            c.strict_hit += 1;
            c.lax_hit += 1;
            continue;
        }
        c.strict_miss += 1;
        let lax = b.src.iter().any(|i| {
            link.get(i)
                .is_some_and(|tgts| b.tgt.iter().any(|t| tgts.contains(t)))
        });
        if lax {
            c.lax_hit += 1;
        } else {
            c.lax_miss += 1;
        }
    }
    c
}

/// Strict and lax precision, recall and F1, from hit counts summed over
/// documents. Made by [`score`] or [`Scores::document`]; add documents with
/// `+`, `+=` or `sum()`.
///
/// A ratio with nothing to count (0 / 0) is 0, as in `score.py`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scores {
    precision: Counts,
    recall: Counts,
}

fn ratio(hit: usize, miss: usize) -> f64 {
    if hit + miss == 0 {
        0.0
    } else {
        hit as f64 / (hit + miss) as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

impl Scores {
    /// The counts of one document: `gold` and `test` beads with the same
    /// source and target sides.
    #[must_use]
    pub fn document(gold: &[BeadIds], test: &[BeadIds]) -> Scores {
        Scores {
            precision: counts(gold, test),
            recall: counts(
                test.iter().filter(|b| b.is_full()),
                gold.iter().filter(|b| b.is_full()),
            ),
        }
    }

    /// Share of predicted beads that are in the gold alignment.
    pub fn precision_strict(&self) -> f64 {
        ratio(self.precision.strict_hit, self.precision.strict_miss)
    }

    /// Share of gold beads (both sides non-empty) that were predicted exactly.
    pub fn recall_strict(&self) -> f64 {
        ratio(self.recall.strict_hit, self.recall.strict_miss)
    }

    /// Harmonic mean of strict precision and recall.
    pub fn f1_strict(&self) -> f64 {
        f1(self.precision_strict(), self.recall_strict())
    }

    /// Share of predicted beads that overlap a gold bead on both sides.
    pub fn precision_lax(&self) -> f64 {
        ratio(self.precision.lax_hit, self.precision.lax_miss)
    }

    /// Share of gold beads (both sides non-empty) that overlap a predicted
    /// bead on both sides.
    pub fn recall_lax(&self) -> f64 {
        ratio(self.recall.lax_hit, self.recall.lax_miss)
    }

    /// Harmonic mean of lax precision and recall.
    pub fn f1_lax(&self) -> f64 {
        f1(self.precision_lax(), self.recall_lax())
    }

    /// The number of distinct predicted beads counted for precision (those
    /// not empty on both sides).
    pub fn predicted(&self) -> usize {
        self.precision.strict_hit + self.precision.strict_miss
    }

    /// The number of distinct gold beads counted for recall (both sides
    /// non-empty).
    pub fn gold(&self) -> usize {
        self.recall.strict_hit + self.recall.strict_miss
    }
}

impl Add for Scores {
    type Output = Scores;
    fn add(self, o: Scores) -> Scores {
        Scores {
            precision: self.precision + o.precision,
            recall: self.recall + o.recall,
        }
    }
}

impl AddAssign for Scores {
    fn add_assign(&mut self, o: Scores) {
        *self = *self + o;
    }
}

impl Sum for Scores {
    fn sum<I: Iterator<Item = Scores>>(iter: I) -> Scores {
        iter.fold(Scores::default(), Add::add)
    }
}

/// Scores documents given as `(gold, test)` bead lists, summing the counts
/// over all documents (as `score.py DIR DIR` does).
///
/// # Example
///
/// ```
/// use zhen_align::eval::{read_beads, score};
///
/// let gold = read_beads("[0]:[0]\n[1]:[1,2]\n")?;
/// let test = read_beads("[0]:[0]\n[1]:[1]\n[]:[2]\n")?;
/// let s = score([(&gold, &test)]);
/// assert_eq!(s.precision_strict(), 1.0 / 3.0);
/// assert_eq!(s.recall_strict(), 0.5);
/// assert_eq!(s.recall_lax(), 1.0);
/// # Ok::<(), zhen_align::Error>(())
/// ```
#[must_use]
pub fn score<I, G, T>(docs: I) -> Scores
where
    I: IntoIterator<Item = (G, T)>,
    G: AsRef<[BeadIds]>,
    T: AsRef<[BeadIds]>,
{
    docs.into_iter()
        .map(|(g, t)| Scores::document(g.as_ref(), t.as_ref()))
        .sum()
}

/// Joins consecutive beads that fall in one and the same verse, as
/// `score.py --bible` does before scoring a Bible alignment: the gold pairs
/// whole verses, so a prediction that splits a verse into sentence beads is
/// not penalised.
///
/// `src_verse[i]` is the verse of source sentence `i`, `tgt_verse[j]` that of
/// target sentence `j` (the lines of `en.verse` and `zh.verse`, English being
/// the Bible's source side). A bead belongs to a verse when all its sentences
/// on each side fall in that verse (an empty side agrees with any verse); a
/// bead whose verse is the previous bead's is appended to it.
///
/// # Errors
///
/// [`Error::Parse`] when a bead names a sentence that
/// has no verse (the verse list is too short for the test file).
pub fn merge_by_verse<S: AsRef<str>>(
    test: &[BeadIds],
    src_verse: &[S],
    tgt_verse: &[S],
) -> Result<Vec<BeadIds>> {
    let mut out: Vec<BeadIds> = Vec::with_capacity(test.len());
    let mut last: Option<&str> = None;
    for (n, bead) in test.iter().enumerate() {
        let vs = verse_of(&bead.src, src_verse, n, "source")?;
        let vt = verse_of(&bead.tgt, tgt_verse, n, "target")?;
        let kind = match (vs, vt) {
            (Verse::One(a), Verse::One(b)) if a == b => Some(b),
            (Verse::One(a), Verse::Empty) => Some(a),
            (Verse::Empty, Verse::One(b)) => Some(b),
            _ => None,
        };
        match out.last_mut() {
            Some(prev) if kind.is_some() && kind == last => {
                prev.src.extend_from_slice(&bead.src);
                prev.tgt.extend_from_slice(&bead.tgt);
            }
            _ => out.push(bead.clone()),
        }
        last = kind;
    }
    Ok(out)
}

/// The verses of one side of a bead.
enum Verse<'v> {
    /// The side is empty.
    Empty,
    /// All its sentences are in this verse.
    One(&'v str),
    /// Its sentences span several verses.
    Several,
}

fn verse_of<'v, S: AsRef<str>>(
    ids: &[usize],
    verses: &'v [S],
    bead: usize,
    side: &str,
) -> Result<Verse<'v>> {
    let mut found = Verse::Empty;
    for &i in ids {
        let Some(v) = verses.get(i) else {
            return Err(Error::Parse {
                at: Location::default(),
                message: format!(
                    "bead {}: {side} sentence {i} has no verse (the verse list has {} lines)",
                    bead + 1,
                    verses.len()
                ),
            });
        };
        let v = v.as_ref().trim();
        found = match found {
            Verse::Empty => Verse::One(v),
            Verse::One(a) if a == v => Verse::One(a),
            _ => Verse::Several,
        };
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(src: &[usize], tgt: &[usize]) -> BeadIds {
        BeadIds::new(src.to_vec(), tgt.to_vec())
    }

    #[test]
    fn merge_joins_beads_of_one_verse() {
        let sv = ["a", "a", "b"];
        let tv = ["a", "b", "b"];
        let test = [b(&[0], &[0]), b(&[1], &[]), b(&[2], &[1]), b(&[], &[2])];
        let merged = merge_by_verse(&test, &sv, &tv).unwrap();
        assert_eq!(merged, [b(&[0, 1], &[0]), b(&[2], &[1, 2])]);
        assert!(merge_by_verse(&[b(&[3], &[0])], &sv, &tv).is_err());
    }

    #[test]
    fn bad_lines_name_the_line() {
        let e = read_beads("[0]:[0]\n[1]-[1]\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2: expected \"[ids]:[ids]\", found \"[1]-[1]\""
        );
        let e = read_beads("[0]:[-1]").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("line 1: expected a sentence number, found \"-1\""));
    }
}

/// How well a confidence sorts right pairs from wrong ones, and whether it
/// reads as a probability: the measures of `../shared/tools/confidence.py`,
/// computed the same way (ten equal-width bins, ties ranked together).
///
/// Add one row per predicted pair: its confidence and whether it is right
/// (for MAC-Dev, that it is a gold bead).
///
/// ```
/// use zhen_align::eval::Calibration;
/// let mut c = Calibration::default();
/// for (conf, right) in [(0.95, true), (0.9, true), (0.6, false), (0.3, false)] {
///     c.add(conf, right);
/// }
/// assert_eq!(c.auroc(), Some(1.0));
/// assert_eq!(c.yield_at(0.97), 0.5);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Calibration {
    rows: Vec<(f64, bool)>,
}

/// One bin of a [`Calibration`]: the pairs whose confidence falls in
/// `[lo, lo + 0.1)` (the last bin holds 1.0 too).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalibrationBin {
    /// Lower edge of the bin.
    pub lo: f64,
    /// Pairs in the bin.
    pub pairs: usize,
    /// Their mean confidence.
    pub confidence: f64,
    /// The share of them that is right.
    pub exact: f64,
}

impl Calibration {
    /// Adds one pair: its confidence (a NaN counts as 0) and whether it is right.
    pub fn add(&mut self, confidence: f64, right: bool) {
        let c = if confidence.is_nan() { 0.0 } else { confidence };
        self.rows.push((c.clamp(0.0, 1.0), right));
    }

    /// Pairs added.
    #[must_use]
    pub fn pairs(&self) -> usize {
        self.rows.len()
    }

    /// The share of the pairs that is right (0 with none).
    #[must_use]
    pub fn exact(&self) -> f64 {
        let ok = self.rows.iter().filter(|r| r.1).count();
        ratio(ok, self.rows.len() - ok)
    }

    /// The ten bins, empty ones left out.
    #[must_use]
    pub fn bins(&self) -> Vec<CalibrationBin> {
        (0..10)
            .filter_map(|b| {
                let (lo, hi) = (f64::from(b) / 10.0, f64::from(b + 1) / 10.0);
                let sel: Vec<&(f64, bool)> = self
                    .rows
                    .iter()
                    .filter(|r| (lo <= r.0 && r.0 < hi) || (b == 9 && r.0 == 1.0))
                    .collect();
                (!sel.is_empty()).then(|| CalibrationBin {
                    lo,
                    pairs: sel.len(),
                    confidence: sel.iter().map(|r| r.0).sum::<f64>() / sel.len() as f64,
                    exact: sel.iter().filter(|r| r.1).count() as f64 / sel.len() as f64,
                })
            })
            .collect()
    }

    /// Expected calibration error: over the bins, the gap between mean
    /// confidence and the share right, weighted by the bin's pairs.
    #[must_use]
    pub fn ece(&self) -> f64 {
        let n = self.rows.len().max(1) as f64;
        self.bins()
            .iter()
            .map(|b| b.pairs as f64 / n * (b.confidence - b.exact).abs())
            .sum()
    }

    /// The probability that a right pair has a higher confidence than a
    /// wrong one (ties count half); `None` without both kinds.
    #[must_use]
    pub fn auroc(&self) -> Option<f64> {
        let mut neg: Vec<f64> = self.rows.iter().filter(|r| !r.1).map(|r| r.0).collect();
        let pos: Vec<f64> = self.rows.iter().filter(|r| r.1).map(|r| r.0).collect();
        if pos.is_empty() || neg.is_empty() {
            return None;
        }
        neg.sort_by(f64::total_cmp);
        let sum: f64 = pos
            .iter()
            .map(|&p| {
                let below = neg.partition_point(|&x| x < p);
                let not_above = neg.partition_point(|&x| x <= p);
                below as f64 + 0.5 * (not_above - below) as f64
            })
            .sum();
        Some(sum / (pos.len() as f64 * neg.len() as f64))
    }

    /// The share kept against the share right among the kept, taking pairs
    /// from the most confident down (ties enter together): one point per
    /// distinct confidence.
    #[must_use]
    pub fn yield_curve(&self) -> Vec<(f64, f64)> {
        let mut ranked = self.rows.clone();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let n = ranked.len();
        let mut out = Vec::new();
        let (mut i, mut ok) = (0, 0usize);
        while i < n {
            let mut j = i;
            while j < n && ranked[j].0 == ranked[i].0 {
                ok += usize::from(ranked[j].1);
                j += 1;
            }
            out.push((j as f64 / n as f64, ok as f64 / j as f64));
            i = j;
        }
        out
    }

    /// The largest share of the pairs, taken from the most confident down,
    /// whose share right is still at least `level`.
    #[must_use]
    pub fn yield_at(&self, level: f64) -> f64 {
        self.yield_curve()
            .iter()
            .filter(|p| p.1 >= level)
            .map(|p| p.0)
            .fold(0.0, f64::max)
    }

    /// The pairs with confidence at least `threshold`: how many, and the
    /// share of them that is right.
    #[must_use]
    pub fn above(&self, threshold: f64) -> (usize, f64) {
        let sel: Vec<bool> = self
            .rows
            .iter()
            .filter(|r| r.0 >= threshold)
            .map(|r| r.1)
            .collect();
        let ok = sel.iter().filter(|&&r| r).count();
        (sel.len(), ratio(ok, sel.len() - ok))
    }
}

impl Extend<(f64, bool)> for Calibration {
    fn extend<I: IntoIterator<Item = (f64, bool)>>(&mut self, iter: I) {
        for (c, r) in iter {
            self.add(c, r);
        }
    }
}
