//! The evaluator against the reference scorer: every expected number below
//! is the output of `python3 ../shared/tools/score.py` on the case files in
//! `fixtures/eval/` (see its README), which prints four decimals.

use proptest::prelude::*;
use zhen_align::eval::{merge_by_verse, read_beads, score, BeadIds, Scores};
use zhen_align::Alignment;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../fixtures/eval/", $name))
    };
}

/// `[p_strict, r_strict, f1_strict, p_lax, r_lax, f1_lax]`, as score.py prints them.
type Six = [f64; 6];

fn six(s: &Scores) -> Six {
    [
        s.precision_strict(),
        s.recall_strict(),
        s.f1_strict(),
        s.precision_lax(),
        s.recall_lax(),
        s.f1_lax(),
    ]
}

fn assert_close(case: &str, got: Six, want: Six) {
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() < 1e-4,
            "{case}: number {k} is {g:.4}, score.py says {w:.4} (all: {got:.4?})"
        );
    }
}

/// Output of `score.py --files fixtures/eval/NAME.gold fixtures/eval/NAME.test`.
const FILES: &[(&str, &str, &str, Six)] = &[
    (
        "one-to-one",
        fixture!("one-to-one.gold"),
        fixture!("one-to-one.test"),
        [0.6, 0.6, 0.6, 0.8, 0.8, 0.8],
    ),
    (
        "insert-delete",
        fixture!("insert-delete.gold"),
        fixture!("insert-delete.test"),
        [0.6, 0.6667, 0.6316, 0.8, 1.0, 0.8889],
    ),
    (
        "n-to-m",
        fixture!("n-to-m.gold"),
        fixture!("n-to-m.test"),
        [0.25, 0.4, 0.3077, 0.75, 1.0, 0.8571],
    ),
    (
        "partial-overlap",
        fixture!("partial-overlap.gold"),
        fixture!("partial-overlap.test"),
        [0.1667, 0.1667, 0.1667, 0.6667, 0.6667, 0.6667],
    ),
    (
        "format-quirks",
        fixture!("format-quirks.gold"),
        fixture!("format-quirks.test"),
        [0.6667, 0.6667, 0.6667, 1.0, 1.0, 1.0],
    ),
    (
        "bible-split (no merging)",
        fixture!("bible.gold"),
        fixture!("bible-split.test"),
        [0.1111, 0.2, 0.1429, 0.5556, 1.0, 0.7143],
    ),
];

/// Output of `score.py --bible bible.gold NAME.test bible.src.verse bible.tgt.verse`.
const BIBLE: &[(&str, &str, Six)] = &[
    (
        "bible-split",
        fixture!("bible-split.test"),
        [1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
    ),
    (
        "bible-crossing",
        fixture!("bible-crossing.test"),
        [0.5, 0.6, 0.5455, 0.8333, 1.0, 0.9091],
    ),
];

#[test]
fn same_numbers_as_score_py() {
    for &(case, gold, test, want) in FILES {
        let gold = read_beads(gold).unwrap();
        let test = read_beads(test).unwrap();
        assert_close(case, six(&score([(&gold, &test)])), want);
    }
}

#[test]
fn same_numbers_as_score_py_bible() {
    let gold = read_beads(fixture!("bible.gold")).unwrap();
    let sv: Vec<&str> = fixture!("bible.src.verse").lines().collect();
    let tv: Vec<&str> = fixture!("bible.tgt.verse").lines().collect();
    for &(case, test, want) in BIBLE {
        let test = merge_by_verse(&read_beads(test).unwrap(), &sv, &tv).unwrap();
        assert_close(case, six(&score([(&gold, &test)])), want);
    }
}

/// Counts are summed over documents before dividing (score.py DIR DIR).
#[test]
fn documents_are_summed_not_averaged() {
    let docs: Vec<(Vec<BeadIds>, Vec<BeadIds>)> = FILES[..3]
        .iter()
        .map(|&(_, g, t, _)| (read_beads(g).unwrap(), read_beads(t).unwrap()))
        .collect();
    let all = score(docs.iter().map(|(g, t)| (g, t)));
    let by_hand: Scores = docs.iter().map(|(g, t)| Scores::document(g, t)).sum();
    assert_eq!(all, by_hand);
    // score.py fixtures/eval/{gold,test} over one-to-one, insert-delete, n-to-m
    // (the three files copied into two folders under the same names).
    assert_close(
        "three documents",
        six(&all),
        [0.4444, 0.5385, 0.487, 0.7778, 0.9231, 0.8442],
    );
    assert_eq!(all.predicted(), 18);
    assert_eq!(all.gold(), 13);
}

#[test]
fn empty_prediction_scores_zero() {
    let gold = read_beads(fixture!("one-to-one.gold")).unwrap();
    let s = score([(gold.as_slice(), &[][..])]);
    assert_eq!(six(&s), [0.0; 6]);
}

#[test]
fn aligner_beads_convert_and_print_in_bead_format() {
    let a = Alignment::from_beads(
        &["一。", "二。", "三。"],
        &["One.", "Two."],
        [(0..1, 0..1), (1..2, 1..2), (2..3, 2..2)],
    )
    .unwrap();
    let ids: Vec<BeadIds> = a.beads().map(BeadIds::from).collect();
    let text: Vec<String> = ids.iter().map(ToString::to_string).collect();
    assert_eq!(text, ["[0]:[0]", "[1]:[1]", "[2]:[]"]);
    assert_eq!(ids[2].flipped().to_string(), "[]:[2]");
    assert_eq!(read_beads(&text.join("\n")).unwrap(), ids);
}

#[test]
fn malformed_lines_are_errors_with_line_numbers() {
    for (text, line) in [
        ("[0]:[0]\nnonsense\n", 2),
        ("[0]:[a]", 1),
        ("\n\n[1.5]:[2]", 3),
        ("[0]:[99999999999999999999999]", 1),
    ] {
        let e = read_beads(text).unwrap_err();
        assert!(e.to_string().starts_with(&format!("line {line}: ")), "{e}");
    }
}

fn beads_strategy() -> impl Strategy<Value = Vec<BeadIds>> {
    prop::collection::vec((0usize..4, 0usize..4), 0..30).prop_map(|shapes| {
        let (mut i, mut j) = (0, 0);
        shapes
            .into_iter()
            .map(|(a, b)| {
                let bead = BeadIds::new((i..i + a).collect(), (j..j + b).collect());
                i += a;
                j += b;
                bead
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn gold_against_itself_is_perfect(gold in beads_strategy()) {
        let s = score([(&gold, &gold)]);
        let has_pairs = gold.iter().any(|b| !b.src().is_empty() && !b.tgt().is_empty());
        if has_pairs {
            prop_assert_eq!(s.f1_strict(), 1.0);
            prop_assert_eq!(s.f1_lax(), 1.0);
        }
        prop_assert!(six(&s).iter().all(|x| (0.0..=1.0).contains(x)));
    }

    #[test]
    fn reading_never_panics(text in "[\\[\\]0-9,: \n-x]{0,60}") {
        let _ = read_beads(&text);
    }
}

/// The `evaluate` example, as `cargo test` builds it (beside the test
/// binary's `deps` folder); `None` when it was not built.
fn example(name: &str) -> Option<std::path::PathBuf> {
    let path = crate::example_bin(name);
    path.is_file().then_some(path)
}

#[test]
fn evaluate_example_scores_a_corpus_folder() {
    let Some(evaluate) = example("evaluate") else {
        eprintln!("note: examples/evaluate not built (run all of `cargo test`); skipped");
        return;
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/eval");
    let out = std::process::Command::new(&evaluate)
        .arg(root.join("corpus"))
        .arg("--pred")
        .arg(root.join("corpus-pred"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    // score.py --files one-to-one.gold one-to-one.test: 0.6 strict, 0.8 lax.
    assert!(
        stdout.contains("strict  P 0.600  R 0.600  F1 0.600"),
        "{stdout}"
    );
    assert!(
        stdout.contains("lax     P 0.800  R 0.800  F1 0.800"),
        "{stdout}"
    );

    let out = std::process::Command::new(&evaluate)
        .arg(root.join("no-such-corpus"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("evaluate: ") && stderr.lines().count() == 1,
        "{stderr}"
    );
}

#[test]
fn calibration_measures_match_a_hand_count() {
    use zhen_align::eval::Calibration;
    let mut c = Calibration::default();
    // Bin 0.9: three pairs, two right; bin 0.5: two pairs, one right; one
    // wrong pair at 0.1.
    c.extend([
        (0.95, true),
        (0.92, true),
        (0.91, false),
        (0.55, true),
        (0.5, false),
        (0.1, false),
    ]);
    assert_eq!(c.pairs(), 6);
    assert!((c.exact() - 0.5).abs() < 1e-12);
    let bins = c.bins();
    assert_eq!(bins.len(), 3);
    assert_eq!(bins[2].pairs, 3);
    assert!((bins[2].exact - 2.0 / 3.0).abs() < 1e-12);
    // ECE: |0.1 - 0| × 1/6 + |0.525 - 0.5| × 2/6 + |0.9267 - 0.6667| × 3/6.
    let want = 0.1 / 6.0 + 0.025 * 2.0 / 6.0 + (2.78 / 3.0 - 2.0 / 3.0) * 0.5;
    assert!((c.ece() - want).abs() < 1e-9, "{} against {want}", c.ece());
    // Right pairs 0.95, 0.92, 0.55 against wrong 0.91, 0.5, 0.1: 3 + 3 + 2 of 9.
    assert!((c.auroc().unwrap() - 8.0 / 9.0).abs() < 1e-12);
    // Most confident first: 1/1, 2/2, 2/3, 3/4 ...: only the top third is 97 % right.
    assert!((c.yield_at(0.97) - 2.0 / 6.0).abs() < 1e-12);
    assert_eq!(c.above(0.9), (3, 2.0 / 3.0));
}
