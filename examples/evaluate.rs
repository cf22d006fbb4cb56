//! Scores the aligner on a corpus folder with gold alignments.
//!
//! ```text
//! cargo run --release --example evaluate -- CORPUS_DIR [--bible] [--pred DIR] [--save DIR]
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
//! - `--min-strict-f1 X`: exit with status 1 when the overall strict F1 is
//!   below `X` (CI's accuracy gate).

use std::error::Error;
use std::fs;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use zhen_align::{merge_by_verse, read_beads, read_text, write_beads, Aligner, BeadIds, Scores};

const USAGE: &str =
    "usage: evaluate CORPUS_DIR [--bible] [--pred DIR] [--save DIR] [--min-strict-f1 X]";

struct Args {
    corpus: PathBuf,
    bible: bool,
    pred: Option<PathBuf>,
    save: Option<PathBuf>,
    min_f1: Option<f64>,
}

fn parse_args() -> Result<Args, Box<dyn Error>> {
    let mut corpus = None;
    let mut bible = false;
    let (mut pred, mut save) = (None, None);
    let mut min_f1 = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{name} needs a folder\n{USAGE}"))
        };
        match arg.to_str() {
            Some("--bible") => bible = true,
            Some("--pred") => pred = Some(value("--pred")?),
            Some("--save") => save = Some(value("--save")?),
            Some("--min-strict-f1") => {
                let v = value("--min-strict-f1")?;
                let x: f64 = v.to_string_lossy().parse().map_err(|_| {
                    format!("--min-strict-f1 takes a number, found {}", v.display())
                })?;
                min_f1 = Some(x);
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
    Ok(Args {
        corpus,
        bible,
        pred,
        save,
        min_f1,
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

    let aligner = Aligner::new();
    let mut aligning = Duration::ZERO;
    let mut total = Scores::default();
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
        row(name, zh.len(), en.len(), &s, Some(elapsed));
    }
    row("all", 0, 0, &total, None);
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

fn row(name: &str, zh: usize, en: usize, s: &Scores, time: Option<Duration>) {
    let count = |n: usize| {
        if n == 0 && time.is_none() {
            String::new()
        } else {
            n.to_string()
        }
    };
    let ms = time.map_or(String::new(), |t| format!("{:.1}", t.as_secs_f64() * 1e3));
    println!(
        "{:<8} {:>6} {:>6} {:>6} {:>6}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3} {:>8}",
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

fn main() {
    if let Err(e) = run() {
        eprintln!("evaluate: {e}");
        std::process::exit(1);
    }
}
