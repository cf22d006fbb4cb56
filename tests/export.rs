//! The writers: TMX reads back to the same pairs and validates against the
//! TMX 1.4b DTD; TSV, JSON Lines, bead and sentence output line by line.

use std::io::{self, Write};
use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use quick_xml::events::Event;
use quick_xml::Reader;
use zhen_align::{
    write_beads, write_jsonl, write_sentences, write_tmx, write_tsv, Aligner, Alignment, Error,
    Pair, TmxOptions, TmxWriter,
};

/// A fixed alignment, independent of the aligner: 1–1 down the diagonal,
/// the rest of the longer side as one bead with an empty other side.
fn align(zh: &[&str], en: &[&str]) -> Alignment {
    let n = zh.len().min(en.len());
    let mut beads: Vec<_> = (0..n).map(|i| (i..i + 1, i..i + 1)).collect();
    if zh.len() > n {
        beads.push((n..zh.len(), en.len()..en.len()));
    }
    if en.len() > n {
        beads.push((zh.len()..zh.len(), n..en.len()));
    }
    Alignment::from_beads(zh, en, beads).unwrap()
}

/// Text with everything a writer must take care of: markup characters,
/// control characters XML forbids, Chinese, a backslash.
fn tricky() -> Alignment {
    align(
        &[
            "甲<乙>&丙\"丁'戊。",
            "控制\u{1}字符\u{1b}。",
            "路径 C:\\temp。",
            "第四句\u{FFFE}。",
        ],
        &[
            "A <b> & \"c\" 'd'.",
            "Bell\u{7}ring\u{0}.",
            "Path C:\\temp.",
            "Fourth\u{7f} one.",
        ],
    )
}

/// What the TMX `<seg>`s must hold: the pair texts without the characters
/// XML 1.0 forbids.
fn xml_clean(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
                || c >= '\u{10000}'
        })
        .collect()
}

/// One `<tu>` read back: languages and texts of its `<tuv>`s, and its
/// `x-confidence` property.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Unit {
    tuvs: Vec<(String, String)>,
    confidence: Option<String>,
}

/// Parses a TMX document with quick-xml's reader: the header's attributes
/// and the units. Panics (failing the test) when the XML is not well-formed.
pub(crate) fn read_tmx(xml: &str) -> (Vec<(String, String)>, Vec<Unit>) {
    let mut reader = Reader::from_str(xml);
    let mut header = Vec::new();
    let mut units: Vec<Unit> = Vec::new();
    let mut lang = String::new();
    let mut in_seg = false;
    let mut in_prop = false;
    let mut depth = 0usize;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                depth += 1;
                match e.name().as_ref() {
                    b"tu" => units.push(Unit::default()),
                    b"tuv" => {
                        for a in e.attributes() {
                            let a = a.unwrap();
                            if a.key.as_ref() == b"xml:lang" {
                                lang = a.unescape_value().unwrap().into_owned();
                            }
                        }
                    }
                    b"seg" => {
                        in_seg = true;
                        units
                            .last_mut()
                            .unwrap()
                            .tuvs
                            .push((lang.clone(), String::new()));
                    }
                    b"prop" => in_prop = true,
                    _ => {}
                }
            }
            Event::Empty(e) if e.name().as_ref() == b"header" => {
                for a in e.attributes() {
                    let a = a.unwrap();
                    header.push((
                        String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                        a.unescape_value().unwrap().into_owned(),
                    ));
                }
            }
            Event::Text(t) => {
                let text = t.unescape().unwrap();
                if in_seg {
                    let tuv = units.last_mut().unwrap().tuvs.last_mut().unwrap();
                    tuv.1.push_str(&text);
                } else if in_prop {
                    units.last_mut().unwrap().confidence = Some(text.into_owned());
                } else {
                    assert!(text.trim().is_empty(), "stray text {text:?}");
                }
            }
            Event::End(e) => {
                depth -= 1;
                match e.name().as_ref() {
                    b"seg" => in_seg = false,
                    b"prop" => in_prop = false,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
    (header, units)
}

/// The units the pairs should give.
pub(crate) fn expected_units<'a>(
    pairs: impl Iterator<Item = Pair<'a>>,
    zh: &str,
    en: &str,
) -> Vec<Unit> {
    pairs
        .filter(|p| !xml_clean(&p.zh()).trim().is_empty() && !xml_clean(&p.en()).trim().is_empty())
        .map(|p| Unit {
            tuvs: vec![
                (zh.to_owned(), xml_clean(&p.zh())),
                (en.to_owned(), xml_clean(&p.en())),
            ],
            confidence: Some(format!("{:.3}", p.confidence())),
        })
        .collect()
}

fn tmx_string(alignment: &Alignment) -> String {
    String::from_utf8(write_tmx(Vec::new(), alignment.pairs()).unwrap()).unwrap()
}

/// Validates with `xmllint --dtdvalid fixtures/tmx14.dtd` when xmllint is
/// installed; prints a note and passes otherwise.
fn validate_with_dtd(name: &str, xml: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dtd = root.join("fixtures/tmx14.dtd");
    let file = std::env::temp_dir().join(format!("zhen-align-{}-{name}.tmx", std::process::id()));
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--dtdvalid")
        .arg(&dtd)
        .arg(&file)
        .output();
    let _ = std::fs::remove_file(&file);
    match out {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            eprintln!("note: xmllint not found, TMX not validated against the DTD ({name})");
        }
        Err(e) => panic!("cannot run xmllint: {e}"),
        Ok(out) => assert!(
            out.status.success(),
            "{name}: not valid TMX 1.4b:\n{}\n{xml}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

#[test]
fn tmx_reads_back_to_the_same_pairs() {
    let a = tricky();
    let xml = tmx_string(&a);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"));
    assert!(xml.ends_with("</tmx>\n"));
    let (header, units) = read_tmx(&xml);
    let want: Vec<(String, String)> = [
        ("creationtool", "zhen-align"),
        ("creationtoolversion", env!("CARGO_PKG_VERSION")),
        ("segtype", "sentence"),
        ("o-tmf", "zhen-align"),
        ("adminlang", "en"),
        ("srclang", "zh-CN"),
        ("datatype", "plaintext"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(header, want);
    assert_eq!(units.len(), 4);
    assert_eq!(units, expected_units(a.pairs(), "zh-CN", "en"));
    assert_eq!(units[0].tuvs[0].1, "甲<乙>&丙\"丁'戊。");
    assert_eq!(units[1].tuvs[0].1, "控制字符。");
    assert_eq!(units[1].tuvs[1].1, "Bellring.");
    assert_eq!(units[3].tuvs[1].1, "Fourth\u{7f} one.");
    validate_with_dtd("tricky", &xml);
}

#[test]
fn tmx_options_set_languages_and_drop_confidence() {
    let a = align(&["你好。"], &["Hello."]);
    let options = TmxOptions::new()
        .zh_lang("zh-TW")
        .en_lang("en-US")
        .without_confidence();
    let mut w = TmxWriter::with_options(Vec::new(), &options).unwrap();
    for p in a.pairs() {
        w.write_pair(&p).unwrap();
    }
    let xml = String::from_utf8(w.finish().unwrap()).unwrap();
    let (header, units) = read_tmx(&xml);
    assert!(header.contains(&("srclang".into(), "zh-TW".into())));
    assert_eq!(
        units,
        [Unit {
            tuvs: vec![
                ("zh-TW".into(), "你好。".into()),
                ("en-US".into(), "Hello.".into())
            ],
            confidence: None,
        }]
    );
    validate_with_dtd("options", &xml);
}

#[test]
fn tmx_rejects_what_is_not_a_language_code() {
    for bad in ["", "zh CN", "zh\"", "<en>"] {
        let err = TmxWriter::with_options(Vec::new(), &TmxOptions::new().zh_lang(bad));
        assert!(
            matches!(
                err,
                Err(Error::Config {
                    name: "zh_lang",
                    ..
                })
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn tmx_skips_pairs_with_an_empty_side() {
    let a = align(&["一。", "二。", "\u{1}"], &["One."]);
    // Every bead, the 1-0 bead included, and a side of only control characters.
    let pairs = a.beads().map(|b| a.pair(b)).collect::<Vec<_>>();
    assert_eq!(pairs.len(), 2);
    let xml = String::from_utf8(write_tmx(Vec::new(), pairs).unwrap()).unwrap();
    let (_, units) = read_tmx(&xml);
    assert_eq!(units.len(), 1);
    let a = align(&["\u{1}\u{2}"], &["One."]);
    let xml = tmx_string(&a);
    assert!(read_tmx(&xml).1.is_empty());
    validate_with_dtd("skipped", &xml);
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<TmxOptions>();
    check::<TmxWriter<Vec<u8>>>();
    check::<zhen_align::eval::Scores>();
    check::<zhen_align::eval::BeadIds>();
}

#[test]
fn empty_tmx_is_valid() {
    let out = write_tmx(Vec::new(), std::iter::empty::<Pair<'_>>()).unwrap();
    let xml = String::from_utf8(out).unwrap();
    let (_, units) = read_tmx(&xml);
    assert!(units.is_empty());
    validate_with_dtd("empty", &xml);
}

#[test]
fn tsv_is_three_fields_a_line() {
    let a = tricky();
    let out = String::from_utf8(write_tsv(Vec::new(), a.pairs()).unwrap()).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines.iter().all(|l| l.split('\t').count() == 3));
    assert_eq!(lines[2], "路径 C:\\\\temp。\tPath C:\\\\temp.\t1.000");
}

#[test]
fn sentences_escape_and_keep_order() {
    let a = align(&["甲\t乙。", "丙。"], &["One\\two."]);
    let out = String::from_utf8(write_sentences(Vec::new(), &a).unwrap()).unwrap();
    assert_eq!(out, "zh\t甲\\t乙。\nzh\t丙。\nen\tOne\\\\two.\n");

    // One mixed file: document order.
    let text = "中文一。\nEnglish one.\n中文二。\nEnglish two.\n";
    let a = Aligner::new().align_mixed(text).unwrap();
    let out = String::from_utf8(write_sentences(Vec::new(), &a).unwrap()).unwrap();
    assert_eq!(
        out,
        "zh\t中文一。\nen\tEnglish one.\nzh\t中文二。\nen\tEnglish two.\n"
    );
}

#[test]
fn jsonl_lines_parse() {
    let a = tricky();
    let out = String::from_utf8(write_jsonl(Vec::new(), a.pairs()).unwrap()).unwrap();
    let pairs: Vec<Pair<'_>> = a.pairs().collect();
    assert_eq!(out.lines().count(), pairs.len());
    for (line, p) in out.lines().zip(&pairs) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["zh"], *p.zh());
        assert_eq!(v["en"], *p.en());
        let range = |r: std::ops::Range<usize>| serde_json::json!([r.start, r.end]);
        assert_eq!(v["zh_sentences"], range(p.zh_sentences()));
        assert_eq!(v["en_sentences"], range(p.en_sentences()));
        assert_eq!(v["zh_span"], range(p.zh_span()));
        assert_eq!(v["en_span"], range(p.en_span()));
        assert_eq!(v["confidence"], p.confidence());
    }
}

#[test]
fn beads_include_insertions_and_deletions() {
    let a = align(&["一。", "二。", "三。"], &["One."]);
    let out = write_beads(Vec::new(), a.beads()).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "[0]:[0]\n[1,2]:[]\n");
    let a = align(&["一。"], &["One.", "Two.", "Three."]);
    let out = write_beads(Vec::new(), a.beads()).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), "[0]:[0]\n[]:[1,2]\n");
}

/// A writer that fails after `budget` bytes.
struct Failing {
    budget: usize,
}

impl Write for Failing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.len() > self.budget {
            return Err(io::Error::other("disk full"));
        }
        self.budget -= buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn write_errors_are_reported() {
    let a = tricky();
    let is_io = |r: Result<Failing, Error>| {
        matches!(&r, Err(Error::Io { .. }))
            && r.err().unwrap().to_string() == "cannot write: disk full"
    };
    for budget in [0, 10, 30] {
        assert!(is_io(write_tmx(Failing { budget }, a.pairs())), "{budget}");
        assert!(is_io(write_tsv(Failing { budget }, a.pairs())));
        assert!(is_io(write_jsonl(Failing { budget }, a.pairs())));
        assert!(is_io(write_beads(Failing { budget }, a.beads())));
        assert!(is_io(write_sentences(Failing { budget }, &a)));
    }
}

proptest! {
    #[test]
    fn tmx_round_trips(
        zh in prop::collection::vec(any::<String>(), 1..5),
        en in prop::collection::vec(any::<String>(), 1..5),
    ) {
        let a = Aligner::new().align_sentences(&zh, &en).unwrap();
        let xml = tmx_string(&a);
        let (_, units) = read_tmx(&xml);
        prop_assert_eq!(units, expected_units(a.pairs(), "zh-CN", "en"));
    }
}
