//! Properties over generated input (proptest): the invariants of
//! `DESIGN.md` ("Invariants worth a proptest") and "no input panics".
//!
//! Two kinds of input: realistic mixed documents (Chinese and English
//! sentences with the punctuation, abbreviations, decimals, quotes, odd
//! white space, control characters, emoji, lone punctuation lines and very
//! long runs that real pages hold, in both the interleaved and the "all
//! Chinese, then all English" layout), and arbitrary strings
//! (`any::<String>()`, `"\\PC*"`).
//!
//! - the splitters: spans in order, on char boundaries, trimmed, matching
//!   their text and covering every non-white-space character;
//! - `align_mixed`, `align`, `align_sentences`: never panic; on `Ok` the
//!   beads partition both sides in order, no bead is empty on both sides,
//!   confidences are in `[0, 1]`, every pair has text on both sides, and the
//!   same input gives bit-for-bit the same output;
//! - the writers on real alignments: TMX reads back to the same pairs, every
//!   JSON Lines line parses to its pair, and the bead format read back by
//!   [`read_beads`] gives the same beads.
//!
//! Case counts are kept small (256 a property) so the module runs in seconds in a
//! debug `cargo test`; raise them locally with `PROPTEST_CASES=5000`.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::select;
use zhen_align::{
    en_sentences,
    eval::{read_beads, BeadIds},
    write_beads, write_jsonl, write_tmx, zh_sentences, Aligner, Alignment, Glossary, Sentence,
};

use crate::api::assert_partition;
use crate::export::{expected_units, read_tmx};
use crate::segment::check_spans;

/// One aligner for the whole module (with a small glossary, so the glossary
/// path runs too), built once and shared by every case.
fn aligner() -> &'static Aligner {
    static ALIGNER: OnceLock<Aligner> = OnceLock::new();
    ALIGNER.get_or_init(|| {
        let mut glossary = Glossary::new();
        glossary.insert("中国", "China");
        glossary.insert("国防部", "Ministry of National Defense");
        glossary.insert("合作", "cooperation");
        Aligner::builder()
            .glossary(glossary)
            .build()
            .expect("default settings are valid")
    })
}

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

/// Han characters the Chinese generator draws from (common ones, and the
/// glossary's, so that terms sometimes occur).
const HAN: &[char] = &[
    '中', '国', '防', '部', '合', '作', '的', '一', '是', '在', '不', '了', '有', '和', '人', '这',
    '大', '为', '上', '个', '我', '以', '要', '他', '时', '来', '用', '们', '生', '到', '说', '军',
    '事', '外', '交', '年', '月', '日', '她', '问', '发', '展', '和', '平', '安',
];

/// English words the English generator draws from, with the abbreviations,
/// initials, decimals and numbers the splitter must not break at.
const EN_WORDS: &[&str] = &[
    "the",
    "of",
    "China",
    "military",
    "cooperation",
    "ministry",
    "said",
    "and",
    "in",
    "a",
    "defense",
    "spokesperson",
    "question",
    "2025",
    "6.8",
    "3.5%",
    "1,000",
    "U.S.",
    "Mr.",
    "Dr.",
    "No. 5",
    "e.g.",
    "J. K.",
    "etc.",
    "p.m.",
    "Y-20",
    "\"quoted\"",
    "'single'",
    "(aside)",
    "—",
    "efficiency.First",
    "Nep al",
    "Bao-yu",
    "Wang Miao",
];

/// White space, control characters, emoji and stray punctuation that real
/// files hold between and inside sentences.
const NOISE: &[&str] = &[
    " ", "  ", "\u{a0}", "\u{3000}", "\t", "\r\n", "\n", "\n\n", "\r", "\u{0}", "\u{7}", "\u{1b}",
    "\u{7f}", "\u{85}", "\u{2028}", "\u{200b}", "\u{feff}", "\u{fffe}", "😀", "👍🏽", "🇨🇳", "é",
    "。", "！", "？", "……", "...", ".", "!!!", "?", "“", "”", "\"", "'", "《", "》", "（", "）",
    "—",
];

/// Paragraph separators: line breaks of every kind, or none at all.
const SEPARATORS: &[&str] = &["\n", "\r\n", "\n\n", "\r\n\r\n", " ", "", "\n \n", "\u{85}"];

/// A few Han characters.
fn han_word() -> impl Strategy<Value = String> {
    prop::collection::vec(select(HAN), 1..5).prop_map(|cs| cs.into_iter().collect())
}

/// One Chinese sentence: words, commas, quotes, titles, Latin codes and
/// numbers, ending in 。！？…… (or nothing, or a closing quote).
fn zh_sentence() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => han_word(),
        2 => select(&["，", "、", "；", "：", ","][..]).prop_map(str::to_owned),
        1 => han_word().prop_map(|w| format!("“{w}”")),
        1 => han_word().prop_map(|w| format!("《{w}》")),
        1 => select(&["X", "2+2", "6.8", "8.98万", "U.S.", "2025年", "1.", "No. 1"][..])
            .prop_map(str::to_owned),
        1 => select(NOISE).prop_map(str::to_owned),
    ];
    let end = select(&["。", "！", "？", "……", "。”", "？”", "", "!", ".", "」"][..]);
    (prop::collection::vec(piece, 1..10), end).prop_map(|(pieces, end)| pieces.concat() + end)
}

/// One English sentence: a capitalized first word, words with commas,
/// abbreviations and numbers, ending in . ! ? ... (or nothing).
fn en_sentence() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        8 => select(EN_WORDS).prop_map(str::to_owned),
        1 => select(&[",", ";", ":"][..]).prop_map(str::to_owned),
        1 => select(NOISE).prop_map(str::to_owned),
    ];
    let end = select(&[".", "!", "?", "...", "", ".\"", "?'", ".)", "。"][..]);
    (prop::collection::vec(word, 1..12), end).prop_map(|(words, end)| {
        let mut s = String::from("The");
        for w in words {
            if !matches!(w.as_str(), "," | ";" | ":") {
                s.push(' ');
            }
            s.push_str(&w);
        }
        s + end
    })
}

/// A very long run: one sentence or word far beyond the splitters' limits,
/// or punctuation repeated thousands of times.
fn long_run() -> impl Strategy<Value = String> {
    (
        select(
            &[
                "中",
                "a",
                "。",
                ".",
                " ",
                "ab ",
                "中文，",
                "x.",
                "“",
                "\u{a0}",
            ][..],
        ),
        1_000usize..12_000,
    )
        .prop_map(|(unit, n)| unit.repeat(n))
}

/// One paragraph: Chinese sentences, English sentences, a mixed line, a
/// lone punctuation or noise line, or (rarely) a very long run.
fn paragraph() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => prop::collection::vec(zh_sentence(), 1..5).prop_map(|s| s.concat()),
        5 => prop::collection::vec(en_sentence(), 1..5).prop_map(|s| s.join(" ")),
        1 => (zh_sentence(), en_sentence()).prop_map(|(z, e)| format!("{z} {e}")),
        1 => prop::collection::vec(select(NOISE), 1..6).prop_map(|n| n.concat()),
        1 => long_run(),
        1 => many_short(),
    ]
}

/// Hundreds of very short English sentences in one paragraph: one side far
/// longer, in sentences, than the other.
fn many_short() -> impl Strategy<Value = String> {
    prop::collection::vec(
        select(&["Yes.", "No!", "OK?", "Hi.", "Go on."][..]),
        50..400,
    )
    .prop_map(|v| v.join(" "))
}

/// A realistic mixed document, interleaved or "all Chinese, then all
/// English", with arbitrary paragraph separators.
fn mixed_doc() -> impl Strategy<Value = String> {
    let interleaved = prop::collection::vec((paragraph(), select(SEPARATORS)), 1..12)
        .prop_map(|ps| ps.into_iter().map(|(p, s)| p + s).collect::<String>());
    let zh_then_en = (
        prop::collection::vec(zh_sentence(), 1..8),
        prop::collection::vec(en_sentence(), 1..8),
        select(SEPARATORS),
    )
        .prop_map(|(zh, en, sep)| format!("{}{sep}{}", zh.join(sep), en.join(sep)));
    prop_oneof![3 => interleaved, 1 => zh_then_en]
}

/// A Chinese text of lines (each a paragraph), for [`Aligner::align`].
fn zh_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        8 => prop::collection::vec(zh_sentence(), 1..4).prop_map(|s| s.concat()),
        1 => prop::collection::vec(select(NOISE), 1..4).prop_map(|n| n.concat()),
        1 => long_run(),
    ];
    (prop::collection::vec(line, 1..8), select(SEPARATORS)).prop_map(|(lines, sep)| lines.join(sep))
}

/// An English text of lines (each a paragraph), for [`Aligner::align`].
fn en_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        8 => prop::collection::vec(en_sentence(), 1..4).prop_map(|s| s.join(" ")),
        1 => prop::collection::vec(select(NOISE), 1..4).prop_map(|n| n.concat()),
        1 => long_run(),
        1 => many_short(),
    ];
    (prop::collection::vec(line, 1..8), select(SEPARATORS)).prop_map(|(lines, sep)| lines.join(sep))
}

/// Any text: realistic, arbitrary Unicode, or printable Unicode.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => mixed_doc(),
        1 => any::<String>(),
        1 => "\\PC*",
    ]
}

/// Sentences for [`Aligner::align_sentences`]: realistic ones, or arbitrary
/// strings (empty and white-space-only items included).
fn sentence_list(sentence: BoxedStrategy<String>) -> impl Strategy<Value = Vec<String>> {
    let item = prop_oneof![6 => sentence, 1 => any::<String>(), 1 => "\\PC{0,20}"];
    prop::collection::vec(item, 0..12)
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// The invariants of one alignment. `text_in_pairs`: every sentence has
/// text (true for the splitting entry points; `align_sentences` keeps the
/// caller's empty items as empty sentences).
fn check_alignment(a: &Alignment, text_in_pairs: bool) {
    // In order, contiguous, no bead empty on both sides, ending at
    // (zh_len, en_len); confidences in [0, 1].
    assert_partition(a);
    if text_in_pairs {
        for s in a.zh_sentences().chain(a.en_sentences()) {
            assert!(!s.trim().is_empty(), "empty sentence {s:?}");
        }
    }
    for p in a.pairs() {
        assert!(p.bead().is_pair(), "pair {:?} has an empty side", p.bead());
        assert!((0.0..=1.0).contains(&p.confidence()));
        if text_in_pairs {
            assert!(
                !p.zh().trim().is_empty() && !p.en().trim().is_empty(),
                "pair with no text on one side: {:?} / {:?}",
                p.zh(),
                p.en()
            );
        }
    }
}

/// Everything observable about an alignment, floats as bits, to compare
/// two runs exactly.
type Fingerprint = (
    Vec<(std::ops::Range<usize>, std::ops::Range<usize>, u64, u64)>,
    Vec<String>,
    Vec<String>,
);

fn fingerprint(a: &Alignment) -> Fingerprint {
    (
        a.beads()
            .map(|b| (b.zh(), b.en(), b.cost().to_bits(), b.confidence().to_bits()))
            .collect(),
        a.zh_sentences().map(str::to_owned).collect(),
        a.en_sentences().map(str::to_owned).collect(),
    )
}

/// Runs `f` twice; checks both runs agree (same error message, or the same
/// alignment bit for bit) and the alignment's invariants. Returns it.
fn run_twice(
    f: impl Fn() -> zhen_align::Result<Alignment>,
    text_in_pairs: bool,
) -> Option<Alignment> {
    match (f(), f()) {
        (Ok(a), Ok(b)) => {
            check_alignment(&a, text_in_pairs);
            assert_eq!(fingerprint(&a), fingerprint(&b), "two runs differ");
            Some(a)
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "two runs differ");
            assert!(!a.to_string().is_empty());
            None
        }
        (a, b) => panic!(
            "one run failed, the other did not: {:?} / {:?}",
            a.err(),
            b.err()
        ),
    }
}

/// The writers on a real alignment: TMX, JSON Lines and beads read back.
fn check_writers(a: &Alignment) {
    // TMX: well-formed, and reads back to the pairs.
    let xml = String::from_utf8(write_tmx(Vec::new(), a.pairs()).expect("tmx")).expect("UTF-8");
    let (_, units) = read_tmx(&xml);
    assert_eq!(units, expected_units(a.pairs(), "zh-CN", "en"));

    // JSON Lines: one line a pair, each parses to its pair.
    let jsonl = String::from_utf8(write_jsonl(Vec::new(), a.pairs()).expect("jsonl")).unwrap();
    let lines: Vec<&str> = jsonl.lines().collect();
    assert_eq!(lines.len(), a.pairs().count());
    for (line, p) in lines.iter().zip(a.pairs()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line parses");
        assert_eq!(v["zh"].as_str(), Some(&*p.zh()));
        assert_eq!(v["en"].as_str(), Some(&*p.en()));
        let range = |key: &str| {
            let r = v[key].as_array().expect("a [start, end] array");
            (r[0].as_u64().unwrap() as usize)..(r[1].as_u64().unwrap() as usize)
        };
        assert_eq!(range("zh_sentences"), p.zh_sentences());
        assert_eq!(range("en_sentences"), p.en_sentences());
        assert_eq!(range("zh_span"), p.zh_span());
        assert_eq!(range("en_span"), p.en_span());
        // serde_json parses floats to the nearest value only within an ulp
        // or so (without its `float_roundtrip` feature).
        let c = v["confidence"].as_f64().expect("a number");
        assert!(
            (c - p.confidence()).abs() <= 1e-12,
            "{c} vs {}",
            p.confidence()
        );
    }

    // Beads: read back by read_beads, the same beads in the same order.
    let beads = String::from_utf8(write_beads(Vec::new(), a.beads()).expect("beads")).unwrap();
    let read = read_beads(&beads).expect("bead output reads back");
    let want: Vec<BeadIds> = a.beads().map(BeadIds::from).collect();
    assert_eq!(read, want);
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// `n` cases, unless `PROPTEST_CASES` asks for another number.
fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    ProptestConfig::with_cases(n)
}

fn zh_split(s: &str) -> Vec<Sentence<'_>> {
    zh_sentences(s).collect()
}

fn en_split(s: &str) -> Vec<Sentence<'_>> {
    en_sentences(s).collect()
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn zh_spans_cover_the_text(text in any_text()) {
        check_spans(&text, &zh_split(&text), "zh");
    }

    #[test]
    fn en_spans_cover_the_text(text in any_text()) {
        check_spans(&text, &en_split(&text), "en");
    }

    #[test]
    fn splitters_are_deterministic_and_restartable(text in mixed_doc()) {
        // Cloning the iterator mid-way gives the same rest.
        let mut it = zh_sentences(&text);
        let first = it.next();
        let rest: Vec<_> = it.clone().collect();
        prop_assert_eq!(it.collect::<Vec<_>>(), rest);
        prop_assert_eq!(first, zh_sentences(&text).next());
        let mut it = en_sentences(&text);
        it.next();
        let rest: Vec<_> = it.clone().collect();
        prop_assert_eq!(it.collect::<Vec<_>>(), rest);
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn align_mixed_keeps_invariants(text in mixed_doc()) {
        if let Some(a) = run_twice(|| aligner().align_mixed(&text), true) {
            check_writers(&a);
        }
    }

    #[test]
    fn align_mixed_never_panics(text in prop_oneof![any::<String>(), "\\PC*"]) {
        run_twice(|| aligner().align_mixed(&text), true);
    }

    #[test]
    fn align_keeps_invariants(zh in zh_text(), en in en_text()) {
        if let Some(a) = run_twice(|| aligner().align(&zh, &en), true) {
            check_writers(&a);
        }
    }

    #[test]
    fn align_never_panics(zh in any_text(), en in any_text()) {
        run_twice(|| aligner().align(&zh, &en), true);
    }

    #[test]
    fn align_sentences_keeps_invariants(
        zh in sentence_list(zh_sentence().boxed()),
        en in sentence_list(en_sentence().boxed()),
    ) {
        let a = run_twice(|| aligner().align_sentences(&zh, &en), false);
        // Errors only for a side with no sentence at all.
        prop_assert_eq!(a.is_none(), zh.is_empty() || en.is_empty());
        if let Some(a) = a {
            prop_assert_eq!(a.zh_len(), zh.len());
            prop_assert_eq!(a.en_len(), en.len());
            for (i, s) in zh.iter().enumerate() {
                prop_assert_eq!(a.zh_sentence(i), Some(s.as_str()));
            }
            for (j, s) in en.iter().enumerate() {
                prop_assert_eq!(a.en_sentence(j), Some(s.as_str()));
            }
            check_writers(&a);
        }
    }
}
