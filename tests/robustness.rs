//! Bad input (DESIGN.md, "Bad input"): a clear error or a sensible result,
//! never a panic, never unbounded memory. Small versions of the inputs the
//! release `align` example is checked on by hand (a 2 MB single line here,
//! not 50 MB).

use zhen_align::{decode_utf8, Aligner, Alignment, Error, Language};

use crate::api::assert_partition;

fn aligner() -> Aligner {
    Aligner::new()
}

fn missing(r: zhen_align::Result<Alignment>) -> Option<Language> {
    match r {
        Err(Error::MissingLanguage { missing, .. }) => Some(missing),
        _ => None,
    }
}

/// A deterministic stream of pseudo-random bytes (xorshift).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

const ZH: [&str; 4] = [
    "国防部新闻发言人张晓刚大校答记者问。",
    "中国军队对外交流合作令人印象深刻。",
    "今年以来，军事外交紧紧围绕党和国家工作大局。",
    "中美防长视频通话并线下会晤。",
];
const EN: [&str; 4] = [
    "Senior Colonel Zhang Xiaogang answered questions from the press.",
    "China's international military cooperation is impressive.",
    "This year, military diplomacy has served the overall interests of the country.",
    "The Chinese and U.S. defense ministers held a video call and met in person.",
];

#[test]
fn empty_and_blank_inputs_name_the_missing_language() {
    for text in ["", " ", "\n\n", "\r\n\t\u{a0}\u{3000}\u{85}\u{2028}"] {
        assert_eq!(
            missing(aligner().align_mixed(text)),
            Some(Language::Chinese)
        );
        assert_eq!(
            missing(aligner().align(text, "Hello.")),
            Some(Language::Chinese)
        );
        assert_eq!(
            missing(aligner().align("你好。", text)),
            Some(Language::English)
        );
    }
    // A byte-order mark alone: blank to the block detector. (`align` takes
    // it as a one-character sentence: the splitters drop only white space,
    // and `read_text` drops a leading mark before any of this.)
    assert_eq!(
        missing(aligner().align_mixed("\u{feff}\n")),
        Some(Language::Chinese)
    );
    let none: [&str; 0] = [];
    assert!(aligner().align_sentences(&none, &["Hello."]).is_err());
    assert!(aligner().align_sentences(&["你好。"], &none).is_err());
}

#[test]
fn punctuation_only_lines_are_an_error() {
    let text = "。\n！！！\n...\n?\n，，，\n“”\n《》\n——\n……\n!?!\n***\n".repeat(50);
    assert!(missing(aligner().align_mixed(&text)).is_some());
}

/// Regression: a Chinese paragraph with many Latin letters (Han share
/// between 0.25 and 0.5) is labelled Chinese by the block detector, but
/// `align_mixed` used to decide "no Chinese text found" from a share of 0.5.
#[test]
fn chinese_paragraph_with_latin_codes_counts_as_chinese() {
    let text = "中国X-ray平台GPS系统ABCDEF。\nThe platform uses GPS and an X-ray system.\n";
    let a = aligner()
        .align_mixed(text)
        .expect("one Chinese and one English paragraph");
    assert_eq!((a.zh_len(), a.en_len()), (1, 1));
    assert_partition(&a);
    // Only such a paragraph, no English one: English is what is missing.
    assert_eq!(
        missing(aligner().align_mixed("中国X-ray平台GPS系统ABCDEF。")),
        Some(Language::English)
    );
}

#[test]
fn mismatched_quotes_still_align() {
    let zh = [
        "他说：“我们明天出发。",
        "“这是真的吗？她问。",
        "《三体》很好看」。",
        "”结束了。“",
    ];
    let en = [
        "He said, \"We leave tomorrow.",
        "\"Is it true? she asked.",
        "It's 'quoted\" wrongly.",
        "\"End.\" \"",
    ];
    let text: String = zh
        .iter()
        .zip(en)
        .map(|(z, e)| format!("{z}\n{e}\n"))
        .collect();
    let a = aligner()
        .align_mixed(&text)
        .expect("both languages present");
    assert_partition(&a);
    assert!(a.pairs().count() >= 3);
}

#[test]
fn bom_and_crlf_do_not_leak_into_pairs() {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    for (z, e) in ZH.iter().zip(EN) {
        bytes.extend_from_slice(format!("{z}\r\n{e}\r\n").as_bytes());
    }
    let text = decode_utf8(bytes).expect("valid UTF-8");
    let a = aligner().align_mixed(&text).expect("aligns");
    assert_partition(&a);
    assert_eq!(a.pairs().count(), 4);
    for p in a.pairs() {
        for s in [p.zh(), p.en()] {
            assert!(!s.contains(['\r', '\n', '\u{feff}']), "{s:?}");
        }
    }
}

#[test]
fn invalid_utf8_reports_the_byte_offset() {
    let good = "国防部举行例行记者会。\nThe Ministry held a press conference.\n".repeat(20);
    let mut bytes = good.clone().into_bytes();
    bytes.extend_from_slice(b"\xff\xfe\x80 bad");
    bytes.extend_from_slice(good.as_bytes());
    let err = decode_utf8(bytes.clone()).expect_err("invalid UTF-8");
    assert!(matches!(err, Error::InvalidUtf8 { offset, .. } if offset == good.len()));
    assert!(err
        .to_string()
        .contains(&format!("byte offset {}", good.len())));
    // With a byte-order mark in front, the offset still counts from the
    // start of the file.
    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend_from_slice(&bytes);
    let err = decode_utf8(with_bom).expect_err("invalid UTF-8");
    assert!(matches!(err, Error::InvalidUtf8 { offset, .. } if offset == good.len() + 3));
}

#[test]
fn random_bytes_are_an_error_or_align() {
    let bytes = noise(200_000, 0x9e37_79b9_7f4a_7c15);
    assert!(matches!(
        decode_utf8(bytes.clone()),
        Err(Error::InvalidUtf8 { .. })
    ));
    // The same junk read lossily: no panic, and any result keeps the invariants.
    let text = String::from_utf8_lossy(&bytes);
    if let Ok(a) = aligner().align_mixed(&text) {
        assert_partition(&a);
    }
    if let Ok(a) = aligner().align(&text, &text) {
        assert_partition(&a);
    }
}

/// A 2 MB single line of alternating Chinese and English sentences (a page
/// flattened onto one line): split into runs of each script and aligned, in
/// time linear in the input, the alternating sentences paired.
#[test]
fn long_single_line() {
    let mut line = String::new();
    let mut k = 0;
    while line.len() < 2_000_000 {
        line.push_str(ZH[k % 4]);
        line.push(' ');
        line.push_str(EN[k % 4]);
        line.push(' ');
        k += 1;
    }
    let a = aligner()
        .align_mixed(&line)
        .expect("both languages present");
    assert_partition(&a);
    assert!(a.en_len() > 10_000, "{} English sentences", a.en_len());
    assert!(
        a.pairs().count() > a.en_len() / 2,
        "{} pairs of {} English sentences",
        a.pairs().count(),
        a.en_len()
    );
}

/// Two single-line files (500 kB each): every sentence of both in one
/// paragraph; the banded search keeps this linear.
#[test]
fn long_single_line_files() {
    let zh: String = ZH.iter().cycle().take(12_000).copied().collect();
    let en: String = EN
        .iter()
        .cycle()
        .take(8_000)
        .map(|s| format!("{s} "))
        .collect();
    let a = aligner().align(&zh, &en).expect("aligns");
    assert_eq!((a.zh_len(), a.en_len()), (12_000, 8_000));
    assert_partition(&a);
}

/// Regression: one sentence against hundreds on the other side. The band's
/// rows for the one Chinese sentence's two ends did not overlap, the search
/// found no path, and the alignment came back with no beads at all.
#[test]
fn one_sentence_against_hundreds() {
    let many = "Yes. No! Go on. ".repeat(100);
    for a in [
        aligner().align("中。", &many).expect("aligns"),
        aligner()
            .align(&"是。不！".repeat(150), "Yes.")
            .expect("aligns"),
        aligner()
            .align_mixed(&format!("国防部举行记者会。\n{many}\n"))
            .expect("aligns"),
    ] {
        assert!(a.zh_len() + a.en_len() > 250);
        assert_partition(&a);
    }
}

/// A document long enough to be cut into segments (over 1,000 sentences a
/// side), with a stretch of Chinese missing and a stretch of foreign English
/// inserted: the beads still partition both sides, and the known pairs are
/// found.
#[test]
fn long_documents_cut_into_segments_keep_invariants_and_pairs() {
    let base: Vec<(String, String)> = [
        include_str!("../fixtures/seeds/gold/mnd-2023-chinese-page-then-english-answer.tsv"),
        include_str!("../fixtures/seeds/gold/mnd-2025-interleaved.tsv"),
    ]
    .iter()
    .flat_map(|tsv| tsv.lines())
    .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    .filter_map(|l| l.split_once('\t'))
    .map(|(z, e)| (z.to_string(), e.to_string()))
    .collect();
    assert!(base.len() > 20);
    let (mut zh, mut en, mut expected) = (Vec::new(), Vec::new(), Vec::new());
    for rep in 0..48 {
        if rep == 30 {
            for k in 0..30 {
                en.push(format!(
                    "Subscribe to our weekly digest, issue {}, for updates.",
                    900 + k
                ));
            }
        }
        for (k, (z, e)) in base.iter().enumerate() {
            let (z, e) = if k == 0 {
                (
                    format!("第{}号：{z}", rep + 1),
                    format!("No. {}: {e}", rep + 1),
                )
            } else {
                (z.clone(), e.clone())
            };
            if rep == 10 && (3..13).contains(&k) {
                en.push(e);
                continue;
            }
            expected.push((zh.len(), en.len()));
            zh.push(z);
            en.push(e);
        }
    }
    assert!(zh.len() > 1000 && en.len() > 1000);
    let a = aligner().align_sentences(&zh, &en).expect("aligns");
    assert_partition(&a);
    let found: std::collections::HashSet<(usize, usize)> = a
        .beads()
        .filter(|b| b.zh().len() == 1 && b.en().len() == 1)
        .map(|b| (b.zh().start, b.en().start))
        .collect();
    let hits = expected.iter().filter(|p| found.contains(p)).count();
    let recall = hits as f64 / expected.len() as f64;
    assert!(recall > 0.95, "pairs found: {hits} of {}", expected.len());
}

#[test]
fn nothing_to_align_is_an_error_not_an_empty_bead() {
    // A lone Han character and a fragment: both taken as junk, so neither
    // side has a sentence; this once gave the bead `[]:[]` and success.
    let err = aligner().align_mixed("闻\nby a").unwrap_err();
    assert!(matches!(err, Error::NothingToAlign { .. }), "{err}");
    assert!(err.to_string().contains("nothing to align"));
    // No alignment ever holds a bead without a sentence.
    for text in [
        "闻\nby a",
        "只有中文。\n",
        "中文。\n\nEnglish.",
        "\u{3000}\nA b.",
    ] {
        if let Ok(a) = aligner().align_mixed(text) {
            assert!(
                a.beads().all(|b| b.zh().len() + b.en().len() > 0),
                "{text:?}"
            );
        }
    }
}

#[test]
fn punctuation_symbols_and_control_characters_are_not_sentences() {
    // Two files holding "." and U+001F once gave a pair at confidence 0.75.
    let err = aligner().align(".", "\u{1f}").unwrap_err();
    assert_eq!(missing(Err(err)), Some(Language::Chinese));
    // A NUL byte after a Chinese sentence once became a "Chinese sentence"
    // of its own, paired with an English one.
    let a = aligner()
        .align_mixed("中文句子。\u{0}\nEnglish sentence here.\n")
        .unwrap();
    assert_eq!(a.zh_sentences().count(), 1);
    let pairs: Vec<_> = a.pairs().collect();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].zh(), "中文句子。");
    assert_eq!(pairs[0].en(), "English sentence here.");
    // Lines of dashes and dots between real sentences are left out.
    let a = aligner()
        .align(
            "我爱北京。\n——\n……\n今天天气很好。",
            "I love Beijing.\n***\nThe weather is good today.",
        )
        .unwrap();
    assert_eq!(a.zh_sentences().count(), 2);
    assert_eq!(a.en_sentences().count(), 2);
}

#[test]
fn characters_xml_forbids_are_left_out_the_same_way_in_every_format() {
    // Once TSV and JSON Lines carried raw control characters while the TMX
    // writer dropped the unit whose side held nothing else.
    let zh = ["一个\u{1}句子。", "第二个\u{0}句子。"];
    let en = ["\u{2}", "The second\u{b} sentence."];
    let a = aligner().align_sentences(&zh, &en).unwrap();
    let pairs: Vec<_> = a.pairs().collect();
    for p in &pairs {
        let forbidden = |c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\r');
        assert!(
            !p.zh().contains(forbidden) && !p.en().contains(forbidden),
            "{p:?}"
        );
        assert!(!p.en().trim().is_empty());
    }
    assert!(pairs.iter().any(|p| p.en() == "The second sentence."));
    let tsv = String::from_utf8(zhen_align::write_tsv(Vec::new(), a.pairs()).unwrap()).unwrap();
    let jsonl = String::from_utf8(zhen_align::write_jsonl(Vec::new(), a.pairs()).unwrap()).unwrap();
    let tmx = String::from_utf8(zhen_align::write_tmx(Vec::new(), a.pairs()).unwrap()).unwrap();
    assert_eq!(tsv.lines().count(), pairs.len());
    assert_eq!(jsonl.lines().count(), pairs.len());
    assert_eq!(tmx.matches("<tu>").count(), pairs.len());
    assert!(!tsv.contains('\u{0}') && !jsonl.contains("\\u0000"));
}
