//! The public API: thread safety, builder errors, the three entry points.

use zhen_align::{Aligner, Alignment, BeadKind, Error, Glossary, Language};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    assert_send_sync::<Aligner>();
    assert_send_sync::<Alignment>();
    assert_send_sync::<Glossary>();
    assert_send_sync::<Error>();
    assert_send_sync::<zhen_align::Pair<'static>>();
}

/// Checks the beads partition both sentence sequences, in order.
pub(crate) fn assert_partition(a: &Alignment) {
    let (mut i, mut j) = (0, 0);
    for b in a.beads() {
        assert_eq!(
            b.zh().start,
            i,
            "zh side continues where the last bead ended"
        );
        assert_eq!(
            b.en().start,
            j,
            "en side continues where the last bead ended"
        );
        assert!(!b.zh().is_empty() || !b.en().is_empty(), "no empty bead");
        assert!(
            (0.0..=1.0).contains(&b.confidence()),
            "confidence in [0, 1]"
        );
        i = b.zh().end;
        j = b.en().end;
    }
    assert_eq!((i, j), (a.zh_len(), a.en_len()), "beads cover both sides");
}

#[test]
fn align_sentences_pairs_translations() {
    let zh = ["我爱北京。", "今天天气很好。", "我们去公园散步吧。"];
    let en = [
        "I love Beijing.",
        "The weather is very good today.",
        "Let's go for a walk in the park.",
    ];
    let a = Aligner::new().align_sentences(&zh, &en).unwrap();
    assert_partition(&a);
    let pairs: Vec<(String, String)> = a
        .pairs()
        .map(|p| (p.zh().into_owned(), p.en().into_owned()))
        .collect();
    assert_eq!(pairs.len(), 3, "{pairs:?}");
    assert_eq!(
        pairs[1],
        (
            "今天天气很好。".to_string(),
            "The weather is very good today.".to_string()
        )
    );
    for p in a.pairs() {
        assert_eq!(p.kind(), BeadKind::OneToOne);
    }
}

#[test]
fn align_two_texts_splits_them() {
    let zh = "我爱北京。今天天气很好。\n我们去公园散步吧。";
    let en = "I love Beijing. The weather is very good today.\nLet's go for a walk in the park.";
    let a = Aligner::new().align(zh, en).unwrap();
    assert_eq!((a.zh_len(), a.en_len()), (3, 3));
    assert_partition(&a);
    let p = a.pairs().last().unwrap();
    assert_eq!(&zh[p.zh_span()], "我们去公园散步吧。");
    assert_eq!(&en[p.en_span()], "Let's go for a walk in the park.");
}

#[test]
fn missing_sides_are_errors_naming_the_language() {
    let a = Aligner::new();
    match a.align("", "Hello.") {
        Err(Error::MissingLanguage {
            missing: Language::Chinese,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    match a.align("你好。", "  \n ") {
        Err(Error::MissingLanguage {
            missing: Language::English,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    let msg = a
        .align_mixed("Only English here.\nAnd more.")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("no Chinese text"), "{msg}");
    let msg = a.align_mixed("只有中文。").unwrap_err().to_string();
    assert!(msg.contains("no English text"), "{msg}");
}

#[test]
fn threshold_out_of_range_is_rejected() {
    let err = Aligner::builder()
        .confidence_threshold(1.5)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("confidence_threshold"), "{err}");
}

/// The sentences of `fixtures/glossary/NAME`, one a line.
fn glossary_fixture(name: &str) -> Vec<String> {
    let path = format!("{}/fixtures/glossary/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path)
        .expect("fixture")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_glossary_term_changes_the_alignment_to_the_right_one() {
    let (zh, en) = (glossary_fixture("zh.txt"), glossary_fixture("en.txt"));
    let path = format!(
        "{}/fixtures/glossary/glossary.tsv",
        env!("CARGO_MANIFEST_DIR")
    );
    let glossary = Glossary::from_tsv_path(path).unwrap();
    let right = vec![(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)];
    let with = Aligner::builder().glossary(glossary).build().unwrap();
    let with = with.align_sentences(&zh, &en).unwrap();
    assert_partition(&with);
    assert_eq!(
        bead_ranges(&with),
        right,
        "the glossary gives the right beads"
    );
    // Without it, length alone merges the first two pairs: the test would fail.
    let without = Aligner::new().align_sentences(&zh, &en).unwrap();
    assert_ne!(bead_ranges(&without), right);
    assert_eq!(bead_ranges(&without)[0], (0..2, 0..2));
}

#[test]
fn same_input_same_output() {
    let text = include_str!("../fixtures/seeds/mnd-2025-interleaved.txt");
    let a = Aligner::new().align_mixed(text).unwrap();
    let b = Aligner::new().align_mixed(text).unwrap();
    let beads = |x: &Alignment| {
        x.beads()
            .map(|b| (b.zh(), b.en(), b.confidence().to_bits()))
            .collect::<Vec<_>>()
    };
    assert_eq!(beads(&a), beads(&b));
}

#[test]
fn pairs_never_have_an_empty_side() {
    let zh = ["你好。", " ", "谢谢你的帮助。"];
    let en = ["Hello.", "Thank you for your help.", "  "];
    let a = Aligner::new().align_sentences(&zh, &en).unwrap();
    assert_partition(&a);
    for p in a.pairs() {
        assert!(
            !p.zh().trim().is_empty() && !p.en().trim().is_empty(),
            "{:?} / {:?}",
            p.zh(),
            p.en()
        );
    }
    assert!(a.pairs().count() >= 1);
}

/// The beads of an alignment as `(zh range, en range)` pairs.
fn bead_ranges(a: &Alignment) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    a.beads().map(|b| (b.zh(), b.en())).collect()
}

#[test]
fn two_aligners_with_different_settings_keep_their_own() {
    use zhen_align::Params;
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/seeds/mnd-2025-interleaved.txt"
    ))
    .expect("seed");
    let default = Aligner::new();
    // Only 1–1 beads (and skips): the seed's 1–7 bead cannot be formed.
    let mut params = Params::default();
    params.bead_priors.retain(|&(a, b, _)| (a, b) == (1, 1));
    let loose = Aligner::builder().params(params.clone()).build().unwrap();
    assert_eq!(loose.params(), &params);
    assert_eq!(default.params(), &Params::default());
    // Interleaved on threads, in one process: each keeps its own settings.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| {
            (0..3)
                .map(|_| default.align_mixed(&text).unwrap())
                .collect::<Vec<_>>()
        });
        let b = s.spawn(|| {
            (0..3)
                .map(|_| loose.align_mixed(&text).unwrap())
                .collect::<Vec<_>>()
        });
        (a.join().unwrap(), b.join().unwrap())
    });
    let want = bead_ranges(&Aligner::new().align_mixed(&text).unwrap());
    assert!(a.iter().all(|x| bead_ranges(x) == want));
    assert!(
        a[0].pairs().count() >= 5,
        "the default aligner pairs the seed"
    );
    assert!(a[0].beads().any(|b| b.en().len() > 1), "the default merges");
    let one_one = bead_ranges(&b[0]);
    for x in &b {
        assert_eq!(bead_ranges(x), one_one);
        assert!(x.beads().all(|b| b.zh().len() <= 1 && b.en().len() <= 1));
    }
}

#[test]
fn bad_settings_are_refused_naming_the_setting() {
    use zhen_align::Params;
    type Set = fn(&mut Params);
    let cases: [(&str, Set); 5] = [
        ("skip_cost", |p| p.skip_cost = f64::NAN),
        ("learn_dice", |p| p.learn_dice = 1.5),
        ("band", |p| p.band = 0),
        ("first_max_run", |p| p.first_max_run = 9),
        ("bead_priors", |p| p.bead_priors.push((0, 3, 1.0))),
    ];
    for (name, set) in cases {
        let mut p = Params::default();
        set(&mut p);
        match Aligner::builder().params(p).build() {
            Err(Error::Config { name: n, .. }) => assert_eq!(n, name),
            other => panic!("{name}: expected a Config error, got {other:?}"),
        }
    }
}

/// Six sentence pairs of a press release, written for the test.
const ZH6: [&str; 6] = [
    "国防部新闻发言人今天下午举行例行记者会。",
    "他介绍了中国军队参加国际维和行动的情况。",
    "截至目前，中国已派出维和人员五万余人次。",
    "中方愿同各国一道维护地区和平稳定。",
    "今年还将举行多场联合演习和训练。",
    "记者会上，发言人回答了记者提问。",
];
const EN6: [&str; 6] = [
    "The spokesperson of the Ministry of National Defense held a regular press conference this afternoon.",
    "He introduced the participation of the Chinese military in international peacekeeping operations.",
    "So far, China has sent more than 50,000 peacekeepers.",
    "China is willing to work with all countries to maintain regional peace and stability.",
    "Several joint exercises and training sessions will also be held this year.",
    "At the press conference, the spokesperson answered questions from reporters.",
];

/// The confidence of the bead that holds Chinese sentence `i`.
fn confidence_of(a: &Alignment, i: usize) -> f64 {
    a.beads()
        .find(|b| b.zh().contains(&i))
        .map(|b| b.confidence())
        .expect("every sentence is in a bead")
}

#[test]
fn confidences_of_clean_pairs_are_high_and_a_missing_translation_is_left_out() {
    let aligner = Aligner::new();
    let clean = aligner.align_sentences(&ZH6, &EN6).unwrap();
    assert_partition(&clean);
    assert_eq!(clean.pairs().count(), 6, "six 1–1 pairs");
    for i in 0..6 {
        assert!(
            confidence_of(&clean, i) > 0.6,
            "clean pair {i}: {}",
            confidence_of(&clean, i)
        );
    }
    // The English of the third pair gone: its Chinese is left unaligned,
    // with a confidence that reads as the chance it has no partner, and the
    // five pairs stay confident.
    let en: Vec<&str> = EN6
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != 2)
        .map(|(_, s)| *s)
        .collect();
    let cut = aligner.align_sentences(&ZH6, &en).unwrap();
    assert_partition(&cut);
    let bead = cut.beads().find(|b| b.zh().contains(&2)).unwrap();
    assert!(bead.en().is_empty(), "Chinese sentence 2 has no partner");
    assert!(bead.confidence() > 0.5, "left out: {}", bead.confidence());
    let pairs: Vec<f64> = cut.pairs().map(|p| p.confidence()).collect();
    assert_eq!(pairs.len(), 5);
    assert!(pairs.iter().all(|&c| c > 0.6), "{pairs:?}");
}

#[test]
fn the_threshold_filters_pairs_by_confidence() {
    let mut en = EN6;
    en[2] = "The weather in the northern mountains turned cold overnight.";
    let with = |threshold: f64| {
        Aligner::builder()
            .confidence_threshold(threshold)
            .build()
            .unwrap()
            .align_sentences(&ZH6, &en)
            .unwrap()
    };
    let every: Vec<f64> = with(0.0).pairs().map(|p| p.confidence()).collect();
    let mut sorted = every.clone();
    sorted.sort_by(f64::total_cmp);
    // A threshold between the lowest confidence and the next.
    let threshold = (sorted[0] + sorted[1]) / 2.0;
    assert!(sorted[0] < sorted[1], "{sorted:?}");
    let kept: Vec<f64> = with(threshold).pairs().map(|p| p.confidence()).collect();
    assert_eq!(kept.len(), every.len() - 1, "{every:?} at {threshold}");
    assert!(kept.iter().all(|&c| c >= threshold), "{kept:?}");
}

#[test]
fn owned_entry_points_give_what_the_borrowing_ones_give() {
    let aligner = Aligner::new();
    // Lines: LF and CRLF, an empty line kept as an empty sentence, a last
    // line without a line end; spans point into the text as given.
    let zh = format!("{}\r\n\r\n{}\n{}", ZH6[0], ZH6[1], ZH6[2..].join("\n"));
    let en = format!("{}\n\n{}\r\n{}\n", EN6[0], EN6[1], EN6[2..].join("\n"));
    let zl: Vec<&str> = zh.lines().collect();
    let el: Vec<&str> = en.lines().collect();
    let by_lines = aligner.align_lines(zh.clone(), en.clone()).unwrap();
    let by_items = aligner.align_sentences(&zl, &el).unwrap();
    assert_partition(&by_lines);
    assert_eq!(bead_ranges(&by_lines), bead_ranges(&by_items));
    assert_eq!((by_lines.zh_len(), by_lines.en_len()), (7, 7));
    for i in 0..7 {
        assert_eq!(by_lines.zh_sentence(i), Some(zl[i]));
        assert_eq!(by_lines.en_sentence(i), Some(el[i]));
        let span = by_lines.zh_sentence_span(i).unwrap();
        assert_eq!(&zh[span], zl[i]);
    }
    let confidences = |a: &Alignment| a.beads().map(|b| b.confidence()).collect::<Vec<_>>();
    assert_eq!(confidences(&by_lines), confidences(&by_items));
    // Texts: the same beads and spans as the borrowing entry points.
    let (zt, et) = (ZH6.join(""), EN6.join(" "));
    let owned = aligner.align_owned(zt.clone(), et.clone()).unwrap();
    let borrowed = aligner.align(&zt, &et).unwrap();
    assert_eq!(bead_ranges(&owned), bead_ranges(&borrowed));
    assert_eq!(
        owned.zh_sentences().collect::<Vec<_>>(),
        borrowed.zh_sentences().collect::<Vec<_>>()
    );
    let mixed = format!("{zt}\n\n{et}\n");
    let owned = aligner.align_mixed_owned(mixed.clone()).unwrap();
    let borrowed = aligner.align_mixed(&mixed).unwrap();
    assert_eq!(bead_ranges(&owned), bead_ranges(&borrowed));
    assert_eq!(owned.pairs().count(), 6);
    // An empty side is still the error naming the language.
    assert!(matches!(
        aligner.align_lines(String::new(), en),
        Err(Error::MissingLanguage {
            missing: Language::Chinese,
            ..
        })
    ));
}
