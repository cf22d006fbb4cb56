//! Scores the aligner on a corpus folder with gold alignments.
//!
//! ```text
//! cargo run --release --example evaluate -- CORPUS_DIR [--bible [--perturb]] [--pred DIR] [--save DIR] [--min-strict-f1 X]
//! ```
//!
//! `CORPUS_DIR` is laid out like `../shared/corpora/mac-dev`: `zh/NNN` and
//! `en/NNN` with one sentence a line, `gold/NNN` with one bead a line,
//! `[zh ids]:[en ids]`. Each document is aligned with
//! `Aligner::new().align_sentences` and scored with strict and lax precision,
//! recall and F1, counted as `../shared/tools/score.py` counts them; the
//! overall line sums the counts over all documents.
//!
//! - `--bible`: the folder is laid out like `../shared/corpora/bible`: gold
//!   files are English-first (`[en ids]:[zh ids]`) and `en.verse`/`zh.verse`
//!   give each sentence's verse. Predictions are flipped to English-first and
//!   merged by verse before scoring, as `score.py --bible` does.
//! - `--pred DIR`: score the bead files `DIR/NNN` (Chinese-first, as
//!   `align --presplit --format beads` writes them) instead of aligning.
//! - `--save DIR`: write the predicted beads (Chinese-first) to `DIR/NNN`, to
//!   cross-check with `score.py`.
//! - confidence (not with `--pred`): after the scores, how well each
//!   pair's confidence tells right pairs from wrong ones, as
//!   `../shared/tools/confidence.py` measures it: ECE, AUROC, yield at 97 %
//!   and 99 % right, the pairs at confidence ≥ 0.9, the calibration table and
//!   the yield curve. A pair (a bead with sentences on both sides) is right
//!   when it is a gold bead; with `--bible`, when its sentences lie inside
//!   one gold bead on both sides (the gold pairs whole verses, and a verse
//!   cut into sentence pairs is not wrong).
//! - `--curve FILE`: write the yield curve as an SVG plot.
//! - `--fit-confidence`: fit the confidence's logistic regression on this
//!   corpus's pairs (the evidence the library logs for each) and, as
//!   negatives, the pairs of a copy of each document with every 20th
//!   English sentence replaced; then refit its scale and bias on the
//!   documents' own pairs. Prints the weights, in the form of
//!   `CONFIDENCE_WEIGHTS` in `src/params.rs`, with the scores of a
//!   leave-one-document-out fit (each document's pairs scored by weights
//!   fitted on the others).
//! - `--min-strict-f1 X`: exit with status 1 when the overall strict F1 is
//!   below `X` (CI's accuracy gate; it looks at the normal score only, not at
//!   `--perturb`'s).
//! - `--perturb` (needs `--bible`; not with `--pred`): after the normal
//!   evaluation, which is printed as without the option, score two perturbed
//!   copies of each document, made in memory, one row per variant:
//!   - `deletions`: English lines 1999..2399 removed; Chinese lines
//!     3999..4299 removed, then positions 999..1019 of what is left;
//!   - `insertions`: copies of English lines 4700..4900 inserted before
//!     English line 1000; Chinese lines 3000..3150 removed, then copies of
//!     Chinese lines 100..180 inserted at position 4850 of what is left
//!     (before original line 5000).
//!
//!   Line numbers are 0-based and ranges exclude their end (the variants are
//!   made for `../shared/corpora/bible`, 5000 English and 6301 Chinese lines;
//!   a shorter document is an error). Each copy is aligned as the document
//!   itself is (`align_sentences` with the same `Aligner`); the predicted
//!   beads are mapped back to the original line numbers, inserted lines are
//!   dropped from them (and a bead left empty on both sides is dropped), and
//!   the result is flipped, merged by verse and scored against the unchanged
//!   gold. The `zh`/`en` columns give the sizes of the perturbed copies. With
//!   `--save DIR`, the mapped beads go to `DIR/deletions/NNN` and
//!   `DIR/insertions/NNN` (Chinese-first, original numbers), so that
//!   `evaluate CORPUS_DIR --bible --pred DIR/deletions` scores them again.

use std::error::Error;
use std::fs;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use zhen_align::{
    eval::{merge_by_verse, read_beads, BeadIds, Calibration, Scores},
    read_text, write_beads, Aligner, Params,
};

#[path = "support/params_arg.rs"]
mod params_arg;

#[path = "support/confidence_fit.rs"]
mod confidence_fit;

const USAGE: &str = "usage: evaluate CORPUS_DIR [--bible [--perturb]] [--pred DIR] [--save DIR] \
                     [--min-strict-f1 X] [--curve FILE.svg] [--fit-confidence] [--param NAME=VALUE]...\n  \
                     --perturb: after the normal score, also score two perturbed copies of \
                     the Bible (deletions, insertions), aligned in memory and mapped back to \
                     the original line numbers (see the doc comment of examples/evaluate.rs)\n  \
                     --param: sets one field of zhen_align::Params for a tuning run \
                     (skip_cost=4.5, band=8, prior_1_2=1.4, ...)";

struct Args {
    corpus: PathBuf,
    bible: bool,
    perturb: bool,
    pred: Option<PathBuf>,
    save: Option<PathBuf>,
    min_f1: Option<f64>,
    curve: Option<PathBuf>,
    fit: bool,
    params: Params,
}

fn parse_args() -> Result<Args, Box<dyn Error>> {
    let mut corpus = None;
    let mut bible = false;
    let mut perturb = false;
    let (mut pred, mut save) = (None, None);
    let mut min_f1 = None;
    let mut curve = None;
    let mut fit = false;
    let mut params = Params::default();
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{name} needs a folder\n{USAGE}"))
        };
        match arg.to_str() {
            Some("--bible") => bible = true,
            Some("--perturb") => perturb = true,
            Some("--pred") => pred = Some(value("--pred")?),
            Some("--save") => save = Some(value("--save")?),
            Some("--min-strict-f1") => {
                let v = value("--min-strict-f1")?;
                let x: f64 = v.to_string_lossy().parse().map_err(|_| {
                    format!("--min-strict-f1 takes a number, found {}", v.display())
                })?;
                min_f1 = Some(x);
            }
            Some("--curve") => curve = Some(value("--curve")?),
            Some("--fit-confidence") => fit = true,
            Some("--param") => {
                let v = value("--param")?;
                params_arg::apply(&mut params, &v.to_string_lossy())?;
            }
            Some("-h" | "--help") => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            Some(a) if a.starts_with('-') => {
                return Err(format!("unknown option {a}\n{USAGE}").into())
            }
            _ if corpus.is_none() => corpus = Some(PathBuf::from(arg)),
            _ => return Err(format!("one corpus folder only\n{USAGE}").into()),
        }
    }
    let corpus = corpus.ok_or(USAGE)?;
    if pred.is_some() && save.is_some() {
        return Err("--save writes what the aligner predicts; it does not go with --pred".into());
    }
    if perturb && !bible {
        return Err(format!("--perturb is made for the Bible; it needs --bible\n{USAGE}").into());
    }
    if perturb && pred.is_some() {
        return Err("--perturb aligns perturbed copies; it does not go with --pred".into());
    }
    Ok(Args {
        corpus,
        bible,
        perturb,
        pred,
        save,
        min_f1,
        curve,
        fit,
        params,
    })
}

/// The lines of a file, one sentence (or verse) a line.
fn lines(path: &Path) -> Result<Vec<String>, Box<dyn Error>> {
    Ok(read_text(path)?.lines().map(str::to_owned).collect())
}

fn beads_file(path: &Path) -> Result<Vec<BeadIds>, Box<dyn Error>> {
    Ok(read_beads(&read_text(path)?).map_err(|e| e.with_path(path))?)
}

fn run() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    let started = Instant::now();
    let gold_dir = args.corpus.join("gold");
    let mut names: Vec<String> = fs::read_dir(&gold_dir)
        .map_err(|e| format!("{}: {e}", gold_dir.display()))?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("{}: no gold files", gold_dir.display()).into());
    }
    let verses = if args.bible {
        Some((
            lines(&args.corpus.join("en.verse"))?,
            lines(&args.corpus.join("zh.verse"))?,
        ))
    } else {
        None
    };
    if let Some(dir) = &args.save {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }

    let aligner = Aligner::builder().params(args.params.clone()).build()?;
    let mut aligning = Duration::ZERO;
    let mut total = Scores::default();
    let mut calibration = Calibration::default();
    let mut evidence: Vec<FitRow> = Vec::new();
    if args.fit {
        confidence_fit::install();
    }
    println!(
        "{:<8} {:>6} {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6} {:>8}",
        "doc", "zh", "en", "gold", "pred", "P", "R", "F1", "P lax", "R lax", "F1 lax", "ms"
    );
    for name in &names {
        let gold = beads_file(&gold_dir.join(name))?;
        let zh = lines(&args.corpus.join("zh").join(name))?;
        let en = lines(&args.corpus.join("en").join(name))?;
        let t = Instant::now();
        let mut test: Vec<BeadIds> = match &args.pred {
            Some(dir) => beads_file(&dir.join(name))?,
            None => {
                let alignment = aligner
                    .align_sentences(&zh, &en)
                    .map_err(|e| format!("{name}: {e}"))?;
                if let Some(dir) = &args.save {
                    let path = dir.join(name);
                    let file =
                        fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                    write_beads(BufWriter::new(file), alignment.beads())
                        .map_err(|e| e.with_path(&path))?
                        .into_inner()
                        .map_err(|e| format!("{}: {}", path.display(), e.error()))?;
                }
                let gold_set = GoldIndex::new(&gold, verses.is_some());
                if args.fit {
                    let doc = evidence.last().map_or(0, |e| e.doc + 1);
                    let mut logged: Vec<_> = confidence_fit::take().into_iter().collect();
                    logged.sort_by_key(|e| e.0);
                    for ((zs, es, a, b), x) in logged {
                        let ids = BeadIds::new((zs..zs + a).collect(), (es..es + b).collect());
                        evidence.push(FitRow {
                            doc,
                            right: gold_set.right(&ids),
                            x,
                            natural: true,
                        });
                    }
                    // Negatives no literary gold holds: the pairs of a copy
                    // whose every REPLACE_EVERY-th English sentence is one
                    // from half a document away (a wrong translation in
                    // place).
                    let (copy, replaced) = replaced_copy(&en);
                    aligner
                        .align_sentences(&zh, &copy)
                        .map_err(|e| format!("{name}: {e}"))?;
                    for ((_, es, _, b), x) in confidence_fit::take() {
                        if (es..es + b).any(|j| replaced.contains(&j)) {
                            evidence.push(FitRow {
                                doc,
                                x,
                                right: false,
                                natural: false,
                            });
                        }
                    }
                }
                calibration.extend(
                    alignment
                        .beads()
                        .filter(|b| !b.zh().is_empty() && !b.en().is_empty())
                        .map(|b| (b.confidence(), gold_set.right(&BeadIds::from(b)))),
                );
                alignment.beads().map(BeadIds::from).collect()
            }
        };
        let elapsed = t.elapsed();
        aligning += elapsed;
        if let Some((en_verse, zh_verse)) = &verses {
            let flipped: Vec<BeadIds> = test.iter().map(BeadIds::flipped).collect();
            test =
                merge_by_verse(&flipped, en_verse, zh_verse).map_err(|e| format!("{name}: {e}"))?;
        }
        let s = Scores::document(&gold, &test);
        total += s;
        row(8, name, zh.len(), en.len(), &s, Some(elapsed));
    }
    row(8, "all", 0, 0, &total, None);
    println!();
    println!(
        "strict  P {:.3}  R {:.3}  F1 {:.3}",
        total.precision_strict(),
        total.recall_strict(),
        total.f1_strict()
    );
    println!(
        "lax     P {:.3}  R {:.3}  F1 {:.3}",
        total.precision_lax(),
        total.recall_lax(),
        total.f1_lax()
    );
    if calibration.pairs() > 0 {
        print_calibration(&calibration);
    }
    if args.fit {
        print_fit(&evidence);
    }
    if let Some(path) = &args.curve {
        fs::write(path, curve_svg(&calibration)).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let what = if args.pred.is_some() {
        "reading predictions"
    } else {
        "aligning"
    };
    println!(
        "{} documents; {what} {:.3} s, in all {:.3} s",
        names.len(),
        aligning.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    if args.perturb {
        if let Some((en_verse, zh_verse)) = &verses {
            perturbed(&args, &names, en_verse, zh_verse, &aligner)?;
        }
    }
    if let Some(min) = args.min_f1 {
        if total.f1_strict() < min {
            return Err(format!(
                "strict F1 {:.3} is below the required {min:.3}",
                total.f1_strict()
            )
            .into());
        }
    }
    Ok(())
}

/// The gold beads, to tell whether a predicted pair is right.
struct GoldIndex {
    exact: std::collections::HashSet<BeadIds>,
    /// With verse gold (English first): the gold bead of each Chinese and
    /// each English sentence.
    inside: Option<(Vec<usize>, Vec<usize>)>,
}

impl GoldIndex {
    fn new(gold: &[BeadIds], bible: bool) -> GoldIndex {
        let inside = bible.then(|| {
            let (mut zh, mut en) = (Vec::new(), Vec::new());
            for (k, g) in gold.iter().enumerate() {
                for (ids, side) in [(g.tgt(), &mut zh), (g.src(), &mut en)] {
                    for &i in ids {
                        if side.len() <= i {
                            side.resize(i + 1, usize::MAX);
                        }
                        side[i] = k;
                    }
                }
            }
            (zh, en)
        });
        GoldIndex {
            exact: gold.iter().cloned().collect(),
            inside,
        }
    }

    /// Whether a Chinese-first pair is right.
    fn right(&self, pair: &BeadIds) -> bool {
        match &self.inside {
            None => self.exact.contains(pair),
            Some((zh, en)) => {
                let of = |side: &Vec<usize>, i: usize| side.get(i).copied().unwrap_or(usize::MAX);
                let k = of(zh, pair.src()[0]);
                k != usize::MAX
                    && pair.src().iter().all(|&i| of(zh, i) == k)
                    && pair.tgt().iter().all(|&j| of(en, j) == k)
            }
        }
    }
}

/// `--fit-confidence`'s negatives are taken from a copy of each document
/// with every this many English sentences one replaced.
const REPLACE_EVERY: usize = 20;

/// A copy of `en` whose sentences `REPLACE_EVERY / 2`, then every
/// `REPLACE_EVERY`-th, are replaced by the sentence half the document
/// further on; and the replaced positions.
fn replaced_copy(en: &[String]) -> (Vec<String>, std::collections::HashSet<usize>) {
    let m = en.len();
    let mut copy = en.to_vec();
    let mut replaced = std::collections::HashSet::new();
    for j in (REPLACE_EVERY / 2..m).step_by(REPLACE_EVERY) {
        copy[j] = en[(j + m / 2) % m].clone();
        replaced.insert(j);
    }
    (copy, replaced)
}

/// One pair's evidence for `--fit-confidence`.
struct FitRow {
    doc: usize,
    x: Vec<f64>,
    right: bool,
    /// A pair of the document itself, not of its replaced copy.
    natural: bool,
}

/// The confidence's weights from `rows`, in two stages: the weights of a
/// logistic regression on all rows (the replaced copies' negatives teach it
/// what an unrelated pair looks like), then its scale and bias refitted on
/// the natural rows alone, so the confidence is calibrated on real text.
fn fit_two_stage(rows: &[&FitRow]) -> Vec<f64> {
    const LAMBDA: f64 = 1.0;
    let all: Vec<(Vec<f64>, bool)> = rows.iter().map(|r| (r.x.clone(), r.right)).collect();
    let w = confidence_fit::fit(&all, LAMBDA);
    let k = w.len() - 1;
    let score = |x: &[f64]| w[k] + x.iter().zip(&w).map(|(a, b)| a * b).sum::<f64>();
    let natural: Vec<(Vec<f64>, bool)> = rows
        .iter()
        .filter(|r| r.natural)
        .map(|r| (vec![score(&r.x)], r.right))
        .collect();
    let ab = confidence_fit::fit_scalar(&natural);
    let mut out: Vec<f64> = w[..k].iter().map(|wi| ab[0] * wi).collect();
    out.push(ab[0] * w[k] + ab[1]);
    out
}

/// `--fit-confidence`: fits the weights on all pairs, and scores a
/// leave-one-document-out fit on the natural pairs.
fn print_fit(evidence: &[FitRow]) {
    let all: Vec<&FitRow> = evidence.iter().collect();
    let w = fit_two_stage(&all);
    let docs = evidence.last().map_or(0, |e| e.doc + 1);
    let mut held_out = Calibration::default();
    for d in 0..docs {
        let train: Vec<&FitRow> = evidence.iter().filter(|e| e.doc != d).collect();
        let wd = fit_two_stage(&train);
        held_out.extend(
            evidence
                .iter()
                .filter(|e| e.doc == d && e.natural)
                .map(|e| (confidence_fit::predict(&wd, &e.x), e.right)),
        );
    }
    let negatives: Vec<f64> = evidence
        .iter()
        .filter(|e| !e.natural)
        .map(|e| confidence_fit::predict(&w, &e.x))
        .collect();
    println!();
    println!(
        "confidence fit on {} pairs of {docs} documents and {} pairs with a replaced sentence \
         (of which {:.1} % get 0.5 or more); leave one document out: ECE {:.4}  AUROC {}  yield_97 {:.3}",
        held_out.pairs(),
        negatives.len(),
        100.0 * negatives.iter().filter(|&&c| c >= 0.5).count() as f64 / negatives.len().max(1) as f64,
        held_out.ece(),
        held_out.auroc().map_or("-".to_string(), |a| format!("{a:.4}")),
        held_out.yield_at(0.97)
    );
    for (name, wi) in zhen_align::eval::CONFIDENCE_FEATURES.iter().zip(&w) {
        println!("  {name:<16} {wi:>9.4}");
    }
    let list: Vec<String> = w.iter().map(|x| format!("{x:.4}")).collect();
    println!(
        "  CONFIDENCE_WEIGHTS = [{}]  (weights, then the bias)",
        list.join(", ")
    );
}

/// Prints how well the confidences tell right pairs from wrong ones.
fn print_calibration(c: &Calibration) {
    let (n90, right90) = c.above(0.9);
    println!();
    println!(
        "confidence: {} pairs, {:.1} % right; ECE {:.4}  AUROC {}  yield_97 {:.3}  yield_99 {:.3}; \
         confidence >= 0.9: {} pairs ({:.1} %), {:.1} % right",
        c.pairs(),
        100.0 * c.exact(),
        c.ece(),
        c.auroc().map_or("-".to_string(), |a| format!("{a:.4}")),
        c.yield_at(0.97),
        c.yield_at(0.99),
        n90,
        100.0 * n90 as f64 / c.pairs() as f64,
        100.0 * right90
    );
    println!("  bin        pairs  confidence  right");
    for b in c.bins() {
        println!(
            "  {:.1}-{:.1}  {:>7}  {:>10.3}  {:>5.3}",
            b.lo,
            b.lo + 0.1,
            b.pairs,
            b.confidence,
            b.exact
        );
    }
    let curve = c.yield_curve();
    let at = |share: f64| {
        curve
            .iter()
            .find(|p| p.0 >= share - 1e-9)
            .map_or(0.0, |p| p.1)
    };
    let points: Vec<String> = (1..=10)
        .map(|k| format!("{}% {:.3}", k * 10, at(f64::from(k) / 10.0)))
        .collect();
    println!("  yield curve (kept: right): {}", points.join(", "));
}

/// The yield curve as a small SVG plot: share of pairs kept (most confident
/// first) against the share of them that is right.
fn curve_svg(c: &Calibration) -> String {
    let (w, h, pad) = (480.0, 320.0, 48.0);
    let y_min = 0.8;
    let x = |s: f64| pad + s * (w - 2.0 * pad);
    let y = |e: f64| h - pad - (e.max(y_min) - y_min) / (1.0 - y_min) * (h - 2.0 * pad);
    let mut path = String::new();
    for (k, (s, e)) in c.yield_curve().iter().enumerate() {
        path.push_str(&format!(
            "{}{:.1},{:.1} ",
            if k == 0 { 'M' } else { 'L' },
            x(*s),
            y(*e)
        ));
    }
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    );
    for k in 0..=4 {
        let e = y_min + f64::from(k) * (1.0 - y_min) / 4.0;
        svg.push_str(&format!(
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#ddd\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{:.0} %</text>\n",
            x(0.0),
            y(e),
            x(1.0),
            y(e),
            x(0.0) - 6.0,
            y(e) + 4.0,
            e * 100.0
        ));
    }
    for k in 0..=5 {
        let s = f64::from(k) / 5.0;
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{:.0} %</text>\n",
            x(s),
            h - pad + 18.0,
            s * 100.0
        ));
    }
    svg.push_str(&format!(
        "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#c33\" stroke-dasharray=\"4 3\"/>\n\
         <path d=\"{path}\" fill=\"none\" stroke=\"#236\" stroke-width=\"2\"/>\n\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">pairs kept, most confident first</text>\n\
         <text x=\"14\" y=\"{:.1}\" transform=\"rotate(-90 14 {:.1})\" text-anchor=\"middle\">share right</text>\n\
         <text x=\"{:.1}\" y=\"{:.1}\" fill=\"#c33\">97 %</text>\n</svg>\n",
        x(0.0),
        y(0.97),
        x(1.0),
        y(0.97),
        w / 2.0,
        h - 8.0,
        h / 2.0,
        h / 2.0,
        x(1.0) - 30.0,
        y(0.97) - 4.0
    ));
    svg
}

/// Prints one row of scores; `width` is that of the first column.
fn row(width: usize, name: &str, zh: usize, en: usize, s: &Scores, time: Option<Duration>) {
    let count = |n: usize| {
        if n == 0 && time.is_none() {
            String::new()
        } else {
            n.to_string()
        }
    };
    let ms = time.map_or(String::new(), |t| format!("{:.1}", t.as_secs_f64() * 1e3));
    println!(
        "{:<width$} {:>6} {:>6} {:>6} {:>6}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3} {:>8}",
        name,
        count(zh),
        count(en),
        s.gold(),
        s.predicted(),
        s.precision_strict(),
        s.recall_strict(),
        s.f1_strict(),
        s.precision_lax(),
        s.recall_lax(),
        s.f1_lax(),
        ms
    );
}

/// One edit of one side of a document, applied to the current list of lines
/// (after the edits before it); positions are 0-based, ranges exclude their
/// end.
enum Edit {
    /// Removes the lines at these positions.
    Delete(Range<usize>),
    /// Inserts copies of these lines of the original document before
    /// position `at`; the copies count as inserted lines.
    Insert { at: usize, copy: Range<usize> },
}

/// A perturbed copy of a document: the edits of each side, in order.
struct Variant {
    name: &'static str,
    en: &'static [Edit],
    zh: &'static [Edit],
}

/// The variants of `--perturb`, made for `../shared/corpora/bible`.
const VARIANTS: [Variant; 2] = [
    Variant {
        name: "deletions",
        en: &[Edit::Delete(1999..2399)],
        zh: &[Edit::Delete(3999..4299), Edit::Delete(999..1019)],
    },
    Variant {
        name: "insertions",
        en: &[Edit::Insert {
            at: 1000,
            copy: 4700..4900,
        }],
        zh: &[
            Edit::Delete(3000..3150),
            Edit::Insert {
                at: 5000 - 150,
                copy: 100..180,
            },
        ],
    },
];

/// A line of a perturbed copy: the original line whose text it has, and its
/// number in the original document (`None` for an inserted copy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Line {
    text: usize,
    original: Option<usize>,
}

/// Applies `edits`, in order, to the `n` lines of one side of a document.
fn perturb(n: usize, edits: &[Edit]) -> Result<Vec<Line>, String> {
    let mut lines: Vec<Line> = (0..n)
        .map(|i| Line {
            text: i,
            original: Some(i),
        })
        .collect();
    for edit in edits {
        match edit {
            Edit::Delete(range) => {
                if range.start > range.end || range.end > lines.len() {
                    return Err(format!(
                        "cannot delete lines {range:?} of {} (of {n} before editing)",
                        lines.len()
                    ));
                }
                lines.drain(range.clone());
            }
            Edit::Insert { at, copy } => {
                if *at > lines.len() || copy.start > copy.end || copy.end > n {
                    return Err(format!(
                        "cannot insert lines {copy:?} at {at} of {} (of {n} before editing)",
                        lines.len()
                    ));
                }
                let copies = copy.clone().map(|i| Line {
                    text: i,
                    original: None,
                });
                lines.splice(*at..*at, copies);
            }
        }
    }
    Ok(lines)
}

/// A bead predicted on a perturbed copy (`[zh positions]:[en positions]`) in
/// the original line numbers: inserted lines are dropped, and so is the bead
/// when both of its sides become empty.
fn to_original(bead: &BeadIds, zh: &[Line], en: &[Line]) -> Option<BeadIds> {
    let original = |ids: &[usize], side: &[Line]| -> Vec<usize> {
        ids.iter().filter_map(|&i| side[i].original).collect()
    };
    let bead = BeadIds::new(original(bead.src(), zh), original(bead.tgt(), en));
    (!bead.src().is_empty() || !bead.tgt().is_empty()).then_some(bead)
}

/// `--perturb`: aligns the variants of each document and scores them, in
/// the original line numbers, against the unchanged gold; one row a variant,
/// its counts summed over the documents.
fn perturbed(
    args: &Args,
    names: &[String],
    en_verse: &[String],
    zh_verse: &[String],
    aligner: &Aligner,
) -> Result<(), Box<dyn Error>> {
    const WIDTH: usize = 10;
    println!();
    println!("perturbed copies, mapped back to the original lines and scored against the gold:");
    println!(
        "{:<WIDTH$} {:>6} {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6} {:>8}",
        "variant", "zh", "en", "gold", "pred", "P", "R", "F1", "P lax", "R lax", "F1 lax", "ms"
    );
    for variant in &VARIANTS {
        let save = match &args.save {
            Some(dir) => {
                let dir = dir.join(variant.name);
                fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                Some(dir)
            }
            None => None,
        };
        let (mut zh_lines, mut en_lines) = (0, 0);
        let mut aligning = Duration::ZERO;
        let mut total = Scores::default();
        for name in names {
            let gold = beads_file(&args.corpus.join("gold").join(name))?;
            let zh = lines(&args.corpus.join("zh").join(name))?;
            let en = lines(&args.corpus.join("en").join(name))?;
            let context = |side: &str, e: String| format!("{name}, {}, {side}: {e}", variant.name);
            let zh_map = perturb(zh.len(), variant.zh).map_err(|e| context("Chinese", e))?;
            let en_map = perturb(en.len(), variant.en).map_err(|e| context("English", e))?;
            let zh_text: Vec<&str> = zh_map.iter().map(|l| zh[l.text].as_str()).collect();
            let en_text: Vec<&str> = en_map.iter().map(|l| en[l.text].as_str()).collect();
            let t = Instant::now();
            let alignment = aligner
                .align_sentences(&zh_text, &en_text)
                .map_err(|e| format!("{name}, {}: {e}", variant.name))?;
            aligning += t.elapsed();
            let test: Vec<BeadIds> = alignment
                .beads()
                .map(BeadIds::from)
                .filter_map(|b| to_original(&b, &zh_map, &en_map))
                .collect();
            if let Some(dir) = &save {
                let path = dir.join(name);
                let io = |e: std::io::Error| format!("{}: {e}", path.display());
                let mut out = BufWriter::new(fs::File::create(&path).map_err(io)?);
                for b in &test {
                    writeln!(out, "{b}").map_err(io)?;
                }
                out.flush().map_err(io)?;
            }
            let flipped: Vec<BeadIds> = test.iter().map(BeadIds::flipped).collect();
            let test = merge_by_verse(&flipped, en_verse, zh_verse)
                .map_err(|e| format!("{name}, {}: {e}", variant.name))?;
            total += Scores::document(&gold, &test);
            zh_lines += zh_text.len();
            en_lines += en_text.len();
        }
        row(
            WIDTH,
            variant.name,
            zh_lines,
            en_lines,
            &total,
            Some(aligning),
        );
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("evaluate: {e}");
        std::process::exit(1);
    }
}
