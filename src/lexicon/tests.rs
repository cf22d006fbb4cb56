//! Unit tests of the lexicon: CC-CEDICT parsing, the compact form, pinyin.

use std::io::{Read, Write};

use super::*;

const SNIPPET: &str = "\u{feff}# CC-CEDICT snippet\n\
# comment\n\
\n\
合作 合作 [he2 zuo4] /to cooperate/to collaborate/to work together/cooperation/CL:個|个[ge4]/\r\n\
國防部 国防部 [Guo2 fang2 bu4] /Defense Department/Ministry of National Defense/\n\
王 王 [Wang2] /surname Wang/\n\
王 王 [wang2] /king or monarch/best or strongest of its type/grand/great/\n\
王 王 [wang4] /to rule/to reign over/\n\
汪 汪 [Wang1] /surname Wang/\n\
淼 淼 [miao3] /a flood/infinity/\n\
女 女 [nu:3] /female/woman/daughter/\n\
女 女 [ru3] /archaic variant of 汝[ru3]/\n\
呂 吕 [Lu:3] /surname Lü/\n\
長 长 [chang2] /length/long/forever/always/constantly/\n\
長 长 [zhang3] /chief/head/elder/to grow/to develop/to increase/to enhance/\n\
部長 部长 [bu4 zhang3] /head of a (government etc) department/section chief/\n\
校長 校长 [xiao4 zhang3] /(college, university) president/headmaster/\n\
長期 长期 [chang2 qi1] /long term/long time/long range (of a forecast)/\n\
丟 丢 [diu1] /see 丟三落四|丢三落四[diu1 san1 la4 si4]/variant of 丟|丢[diu1]/\n";

fn ids(lex: &Lexicon, words: &[&str]) -> Vec<u32> {
    let mut v: Vec<u32> = words
        .iter()
        .map(|w| lex.en_id(w).unwrap_or_else(|| panic!("no stem {w}")))
        .collect();
    v.sort_unstable();
    v
}

fn stems(lex: &Lexicon, zh: &str) -> Vec<String> {
    let mut v: Vec<String> = lex
        .lookup(zh)
        .unwrap_or(&[])
        .iter()
        .map(|&i| lex.en_stem(i).to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn parses_cedict_snippet() {
    let lex = Lexicon::from_cedict(SNIPPET.as_bytes()).unwrap();
    // Both scripts, the all-reference entry 丢/丟 skipped.
    assert!(lex.lookup("国防部").is_some() && lex.lookup("國防部").is_some());
    assert_eq!(lex.lookup("丢"), None);
    assert_eq!(lex.lookup("丟"), None);
    assert_eq!(
        stems(&lex, "国防部"),
        ["defens", "depart", "ministri", "nation"]
    );
    // Classifier dropped, every content word of multi-word glosses kept.
    assert_eq!(
        stems(&lex, "合作"),
        ["collabor", "cooper", "togeth", "work"]
    );
    // "surname Wang" keeps the name; parentheticals and variants dropped.
    assert_eq!(
        stems(&lex, "王"),
        [
            "good",
            "grand",
            "great",
            "king",
            "monarch",
            "reign",
            "rule",
            "strongest",
            "type",
            "wang"
        ]
    );
    assert_eq!(stems(&lex, "女"), ["daughter", "femal", "woman"]);
    assert_eq!(stems(&lex, "吕"), ["lu"]);
    assert_eq!(stems(&lex, "部长"), ["chief", "depart", "head", "section"]);
    assert_eq!(
        lex.lookup("王"),
        Some(
            &ids(
                &lex,
                &[
                    "good",
                    "grand",
                    "great",
                    "king",
                    "monarch",
                    "reign",
                    "rule",
                    "strongest",
                    "type",
                    "wang"
                ]
            )[..]
        )
    );
    assert_eq!(lex.max_head_chars(), 3);
}

#[test]
fn pinyin_readings() {
    let lex = Lexicon::from_cedict(SNIPPET.as_bytes()).unwrap();
    assert_eq!(lex.pinyin("汪淼").as_deref(), Some("wangmiao"));
    assert_eq!(lex.pinyin("女").as_deref(), Some("nu"));
    assert_eq!(lex.pinyin("呂").as_deref(), Some("lu"));
    // Polyphonic: the reading most words use (部长, 校长 vs 长期).
    assert_eq!(lex.pinyin("长").as_deref(), Some("zhang"));
    assert_eq!(lex.pinyin_syllables("汪淼"), Some(vec!["wang", "miao"]));
    assert_eq!(lex.pinyin("汪X"), None);
    assert_eq!(lex.pinyin(""), None);
    assert_eq!(lex.pinyin("鑫"), None);
}

#[test]
fn cedict_errors_name_the_line() {
    let text = "合作 合作 [he2 zuo4] /to cooperate/\n\n合作 合作 he2 zuo4 /x/\n";
    let e = Lexicon::from_cedict(text.as_bytes())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "line 3: expected \"TRAD SIMP [pin1 yin1] /gloss/\", found \"合作 合作 he2 zuo4 /x/\""
    );
    let e = Lexicon::from_cedict(&b"ok ok [x] /y/\n\xff\xfe\n"[..])
        .unwrap_err()
        .to_string();
    assert_eq!(e, "line 2: invalid UTF-8 in lexicon line");
}

#[test]
fn compact_round_trip_and_determinism() {
    let lex = Lexicon::from_cedict(SNIPPET.as_bytes()).unwrap();
    let mut a = Vec::new();
    lex.write_compact(&mut a).unwrap();
    let back = Lexicon::from_compact(&a[..]).unwrap();
    assert_eq!(back.len(), lex.len());
    for zh in ["合作", "國防部", "王", "女", "部长"] {
        assert_eq!(stems(&back, zh), stems(&lex, zh), "{zh}");
    }
    assert_eq!(back.pinyin("汪淼长").as_deref(), Some("wangmiaozhang"));
    assert_eq!(back.max_head_chars(), 3);
    let mut b = Vec::new();
    back.write_compact(&mut b).unwrap();
    assert_eq!(a, b);
    // Corrupt data is an error, never a panic.
    for cut in [0, 5, 10, 30, a.len() / 2, a.len() - 1] {
        assert!(Lexicon::from_compact(&a[..cut]).is_err());
    }
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(&a[..])
        .read_to_end(&mut raw)
        .unwrap();
    for i in 0..raw.len() {
        let mut bad = raw.clone();
        bad[i] = bad[i].wrapping_add(0x41);
        let mut gz = Vec::new();
        {
            let mut w = flate2::write::GzEncoder::new(&mut gz, flate2::Compression::fast());
            w.write_all(&bad).unwrap();
            w.finish().unwrap();
        }
        let _ = Lexicon::from_compact(&gz[..]);
    }
}

#[test]
fn insert_merges() {
    let mut lex = Lexicon::empty();
    assert!(lex.is_empty());
    lex.insert("歼-20", "J-20 fighter");
    lex.insert("空", "   ");
    lex.insert(" ", "sky");
    lex.insert("天", "sky");
    lex.insert("天", "the heavens (poetic)");
    assert_eq!(lex.len(), 2);
    assert_eq!(stems(&lex, "天"), ["heaven", "sky"]);
    assert_eq!(stems(&lex, "歼-20"), ["fighter", "j"]);
}

#[cfg(feature = "cedict")]
#[test]
fn builtin_lexicon() {
    let lex = Lexicon::builtin();
    assert!(lex.len() > 150_000, "{}", lex.len());
    let s = stems(lex, "国防部");
    assert!(
        s.contains(&"defens".to_string()) && s.contains(&"ministri".to_string()),
        "{s:?}"
    );
    // Glosses and English tokens share stems.
    let mut toks = Vec::new();
    en_tokens("cooperation", &mut toks);
    let id = lex.en_id(&toks[0].stem).unwrap();
    assert!(lex.lookup("合作").unwrap().contains(&id));
    assert_eq!(lex.pinyin("汪淼").as_deref(), Some("wangmiao"));
    assert_eq!(lex.pinyin("宝玉").as_deref(), Some("baoyu"));
    assert_eq!(lex.pinyin("張曉剛").as_deref(), Some("zhangxiaogang"));
    assert_eq!(lex.pinyin("张晓刚").as_deref(), Some("zhangxiaogang"));
    assert_eq!(lex.pinyin("吕").as_deref(), Some("lu"));
    assert!(lex.max_head_chars() >= 4);
}

/// The built-in image's tables read in place (as on a little-endian
/// target) are the tables read by copying (as on a big-endian one), and
/// in place means borrowed from the binary.
#[cfg(feature = "cedict")]
#[test]
fn builtin_image_in_place_equals_copied() {
    use std::borrow::Cow;
    let placed = builtin_image(&IN_PLACE).unwrap();
    let copied = builtin_image(&image::InPlace {
        words: |_| None,
        spans: |_| None,
    })
    .unwrap();
    let borrowed = |c: &Cow<'static, [u32]>| matches!(c, Cow::Borrowed(_));
    if cfg!(target_endian = "little") {
        assert!(borrowed(&placed.ids) && matches!(placed.senses, Cow::Borrowed(_)));
    }
    assert!(!borrowed(&copied.ids) && matches!(copied.senses, Cow::Owned(_)));
    assert_eq!(placed.ids, copied.ids);
    assert_eq!(placed.senses, copied.senses);
    assert_eq!(placed.readings, copied.readings);
    for (a, b) in [
        (&placed.heads, &copied.heads),
        (&placed.vocab, &copied.vocab),
        (&placed.syllables, &copied.syllables),
    ] {
        assert_eq!(a.spans(), b.spans());
        assert_eq!(a.text(), b.text());
    }
    assert_eq!(placed.index().order, copied.index().order);
    assert_eq!(placed.lookup("国防部"), copied.lookup("国防部"));
    assert_eq!(placed.en_id("defens"), copied.en_id("defens"));
}

/// Timings and segmenter comparison on the shared corpora (not part of the
/// normal run; needs ../shared): `cargo test --release --lib -- --ignored
/// lexicon_timings --nocapture`.
#[cfg(feature = "cedict")]
#[test]
#[ignore]
fn lexicon_timings() {
    use std::time::Instant;
    static DATA: &[u8] = include_bytes!("../../data/cedict-lexicon.bin.gz");
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let l = Lexicon::from_compact(DATA).unwrap();
        best = best.min(t.elapsed().as_secs_f64());
        assert!(!l.is_empty());
    }
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(DATA)
        .read_to_end(&mut raw)
        .unwrap();
    let t = Instant::now();
    let mut raw2 = Vec::new();
    flate2::read::GzDecoder::new(DATA)
        .read_to_end(&mut raw2)
        .unwrap();
    let inflate = t.elapsed().as_secs_f64();
    let lex = Lexicon::builtin();
    println!(
        "builtin: {} headwords, {} stems, {} readings, {} bytes gz, {} bytes raw; parse {:.1} ms (inflate alone {:.1} ms)",
        lex.len(),
        lex.vocab_len(),
        lex.readings.len(),
        DATA.len(),
        raw.len(),
        best * 1e3,
        inflate * 1e3
    );
    let t = Instant::now();
    let j = jieba_rs::Jieba::new();
    println!("Jieba::new(): {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    drop(j);

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    for (name, dir) in [("bible", "bible/zh"), ("mac-dev", "mac-dev/zh")] {
        let Ok(files) = std::fs::read_dir(root.join(dir)) else {
            println!("{name}: not found");
            continue;
        };
        let mut text = String::new();
        for f in files {
            text.push_str(&std::fs::read_to_string(f.unwrap().path()).unwrap());
        }
        let lines: Vec<&str> = text.lines().collect();
        // Warm up jieba.
        zh_tokens_with(ChineseTokenizer::Jieba, "中国", lex, &mut Vec::new());
        let mut res = Vec::new();
        for seg in [ChineseTokenizer::Jieba, ChineseTokenizer::Lexicon] {
            let t = Instant::now();
            let mut all: Vec<Vec<&str>> = Vec::new();
            let mut out = Vec::new();
            for l in &lines {
                out.clear();
                zh_tokens_with(seg, l, lex, &mut out);
                all.push(out.clone());
            }
            let el = t.elapsed().as_secs_f64();
            let n: usize = all.iter().map(Vec::len).sum();
            let hits = all
                .iter()
                .flatten()
                .filter(|w| lex.lookup(w).is_some())
                .count();
            let multi = all
                .iter()
                .flatten()
                .filter(|w| w.chars().count() > 1)
                .count();
            println!(
                "{name} {seg:?}: {} lines, {n} tokens ({multi} multi-char), {:.1}% in lexicon, {:.1} ms",
                lines.len(),
                100.0 * hits as f64 / n as f64,
                el * 1e3
            );
            res.push(all);
        }
        let same = res[0].iter().zip(&res[1]).filter(|(a, b)| a == b).count();
        println!(
            "{name}: identical token lists in {same} of {} lines",
            lines.len()
        );
        let mut shown = 0;
        for (a, b) in res[0].iter().zip(&res[1]) {
            if a != b && shown < 3 {
                println!("  jieba: {a:?}\n  maxm:  {b:?}");
                shown += 1;
            }
        }
    }
    let en = std::fs::read_to_string(root.join("bible/en/001")).unwrap_or_default();
    let t = Instant::now();
    let mut toks = Vec::new();
    let mut n = 0;
    for l in en.lines() {
        toks.clear();
        en_tokens(l, &mut toks);
        n += toks.len();
    }
    println!(
        "bible en_tokens: {n} tokens, {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
}

/// The longest headword of two characters or more at each point of Chinese
/// texts is the longest prefix there that `lookup` finds (the exact search,
/// apart from the range narrowing of `longest_long_prefix`).
#[cfg(feature = "cedict")]
#[test]
fn longest_long_prefix_is_the_longest_headword() {
    let lex = Lexicon::builtin();
    let text = [
        include_str!("../../fixtures/seeds/mnd-2023-chinese-page-then-english-answer.txt"),
        include_str!("../../fixtures/seeds/mnd-2025-interleaved.txt"),
        "中华人民共和国国防部长在北京会见了来访的客人。",
    ]
    .concat();
    let max = lex.max_head_chars();
    let mut points = 0;
    for (i, c1) in text.char_indices() {
        let rest = &text[i..];
        let mut chars = rest.chars();
        chars.next();
        let Some(c2) = chars.next() else {
            continue;
        };
        let expected = rest
            .char_indices()
            .map(|(j, c)| j + c.len_utf8())
            .take(max)
            .skip(1)
            .filter(|&end| lex.lookup(&rest[..end]).is_some())
            .last();
        assert_eq!(
            lex.longest_long_prefix(rest, c1, c2),
            expected,
            "{:?}",
            &rest[..rest.len().min(40)]
        );
        points += 1;
    }
    assert!(points > 1000, "{points}");
}
