//! End to end on the seed documents (public MND press releases, in
//! `fixtures/seeds/`), against hand-made gold pairs in `fixtures/seeds/gold/`.

use zhen_align::{Aligner, Error, Language};

const SEED_2022: &str = include_str!("../fixtures/seeds/mnd-2022-english-news-with-web-junk.txt");
const SEED_2023_EN: &str = include_str!("../fixtures/seeds/mnd-2023-english-only.txt");
const SEED_2023: &str =
    include_str!("../fixtures/seeds/mnd-2023-chinese-page-then-english-answer.txt");
const SEED_2024: &str =
    include_str!("../fixtures/seeds/mnd-2024-english-with-chinese-headlines.txt");
const SEED_2025: &str = include_str!("../fixtures/seeds/mnd-2025-interleaved.txt");
const GOLD_2023: &str =
    include_str!("../fixtures/seeds/gold/mnd-2023-chinese-page-then-english-answer.tsv");
const GOLD_2025: &str = include_str!("../fixtures/seeds/gold/mnd-2025-interleaved.tsv");

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn gold_pairs(tsv: &str) -> Vec<(String, String)> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (z, e) = l.split_once('\t').expect("gold line has a tab");
            (collapse(z), collapse(e))
        })
        .collect()
}

/// Strict precision, recall and F1 of predicted pairs against gold pairs, by text.
fn strict_f1(pred: &[(String, String)], gold: &[(String, String)]) -> (f64, f64, f64) {
    let hits = pred.iter().filter(|p| gold.contains(p)).count() as f64;
    let p = if pred.is_empty() {
        0.0
    } else {
        hits / pred.len() as f64
    };
    let r = if gold.is_empty() {
        0.0
    } else {
        hits / gold.len() as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

fn predicted(text: &str) -> Vec<(String, String)> {
    let a = Aligner::new().align_mixed(text).expect("seed aligns");
    a.pairs()
        .map(|p| (collapse(&p.zh()), collapse(&p.en())))
        .collect()
}

fn report(name: &str, pred: &[(String, String)], gold: &[(String, String)]) -> f64 {
    let (p, r, f) = strict_f1(pred, gold);
    if f < 1.0 {
        for g in gold.iter().filter(|g| !pred.contains(g)) {
            eprintln!("{name}: missed gold pair\n  zh: {}\n  en: {}", g.0, g.1);
        }
        for q in pred.iter().filter(|q| !gold.contains(q)) {
            eprintln!("{name}: wrong pair\n  zh: {}\n  en: {}", q.0, q.1);
        }
    }
    eprintln!("{name}: strict P {p:.3} R {r:.3} F1 {f:.3}");
    f
}

#[test]
fn seed_2023_chinese_page_then_english_answer() {
    let gold = gold_pairs(GOLD_2023);
    assert!(gold.len() >= 6, "gold has the answer's pairs");
    let f = report("2023", &predicted(SEED_2023), &gold);
    assert_eq!(
        f, 1.0,
        "every gold pair exactly, nothing else (README: strict F1 1.00)"
    );
}

#[test]
fn seed_2025_interleaved() {
    let gold = gold_pairs(GOLD_2025);
    assert!(
        gold.iter().any(|(_, e)| e.matches(". ").count() >= 6),
        "gold holds the 1-7 bead"
    );
    let f = report("2025", &predicted(SEED_2025), &gold);
    assert_eq!(
        f, 1.0,
        "every gold pair exactly, nothing else (README: strict F1 1.00)"
    );
}

#[test]
fn seed_2025_untranslated_intro_is_not_paired() {
    for (zh, _) in predicted(SEED_2025) {
        assert!(!zh.contains("12月25日下午"), "intro line paired: {zh}");
    }
}

#[test]
fn seed_2023_title_question_and_junk_are_not_paired() {
    for (zh, _) in predicted(SEED_2023) {
        for junk in [
            "来源",
            "记者:媒体关注到",
            "分享到",
            "轻触这里",
            "12月28日下午",
        ] {
            assert!(!zh.contains(junk), "unaligned text paired: {zh}");
        }
    }
}

#[test]
fn english_only_seeds_say_chinese_is_missing() {
    for text in [SEED_2022, SEED_2023_EN] {
        match Aligner::new().align_mixed(text) {
            Err(Error::MissingLanguage {
                missing: Language::Chinese,
                ..
            }) => {}
            other => panic!("expected a missing-Chinese error, got {other:?}"),
        }
        let msg = Aligner::new().align_mixed(text).unwrap_err().to_string();
        assert!(msg.contains("Chinese"), "message names the language: {msg}");
    }
}

#[test]
fn english_with_chinese_headline_list_gives_no_pairs() {
    let a = Aligner::new()
        .align_mixed(SEED_2024)
        .expect("not an error: there is Chinese text, only no translation");
    assert_eq!(a.pairs().count(), 0);
}
