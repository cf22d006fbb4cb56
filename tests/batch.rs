//! Many documents at once: the batch methods of the library, and the `batch`
//! example run as a binary on JSON Lines.

use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use zhen_align::{AlignStream, Aligner, Document, Error, Language};

use crate::api::assert_partition;

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn batch_types_are_send_and_sync() {
    assert_send_sync::<Document<'static>>();
    assert_send_sync::<
        AlignStream<'static, 'static, usize, std::vec::IntoIter<(usize, Document<'static>)>>,
    >();
}

/// (zh, en) pairs: good, no English, good, no Chinese, good.
const PAIRS: [(&str, &str); 5] = [
    (
        "我爱北京。今天天气很好。",
        "I love Beijing. The weather is very good today.",
    ),
    ("只有中文。", ""),
    ("你好。", "Hello."),
    ("", "Only English."),
    ("谢谢。再见。", "Thank you. Goodbye."),
];

fn missing(r: &zhen_align::Result<zhen_align::Alignment>) -> Option<Language> {
    match r {
        Err(Error::MissingLanguage { missing, .. }) => Some(*missing),
        _ => None,
    }
}

#[test]
fn align_documents_keeps_order_and_errors_per_document() {
    let aligner = Aligner::new();
    let docs: Vec<Document<'_>> = PAIRS.iter().map(|&(z, e)| Document::texts(z, e)).collect();
    let results = aligner.align_documents(&docs);
    assert_eq!(results.len(), PAIRS.len());
    for ((zh, en), r) in PAIRS.iter().zip(&results) {
        match r {
            Ok(a) => {
                assert_partition(a);
                // The same as aligning the document alone.
                let alone = aligner.align(zh, en).unwrap();
                let got: Vec<_> = a.beads().map(|b| (b.zh(), b.en())).collect();
                let want: Vec<_> = alone.beads().map(|b| (b.zh(), b.en())).collect();
                assert_eq!(got, want);
                assert_eq!(a.zh_sentences().collect::<String>(), zh.replace(' ', ""));
            }
            Err(_) => assert!(zh.is_empty() || en.is_empty(), "{zh} / {en}: {r:?}"),
        }
    }
    assert_eq!(missing(&results[1]), Some(Language::English));
    assert_eq!(missing(&results[3]), Some(Language::Chinese));
    let last = results[4].as_ref().unwrap();
    assert_eq!(last.pairs().last().unwrap().en(), "Goodbye.");
}

#[test]
fn align_documents_with_owned_strings_and_many_documents() {
    // More documents than threads, so that order is really at stake.
    let docs: Vec<(String, String)> = (0..64)
        .map(|i| (format!("第{i}章。你好。"), format!("Chapter {i}. Hello.")))
        .collect();
    let docs: Vec<Document<'static>> = docs
        .into_iter()
        .map(|(z, e)| Document::Texts {
            zh: Cow::Owned(z),
            en: Cow::Owned(e),
        })
        .collect();
    let results = Aligner::new().align_documents(&docs);
    for (i, r) in results.iter().enumerate() {
        let a = r.as_ref().unwrap();
        assert_eq!(a.zh_sentence(0), Some(format!("第{i}章。").as_str()));
        assert_eq!(a.en_sentence(0), Some(format!("Chapter {i}.").as_str()));
    }
}

#[test]
fn align_documents_of_every_kind() {
    let aligner = Aligner::new();
    let texts = ["我爱北京。\n\nI love Beijing.", "English only."];
    let mixed: Vec<Document<'_>> = texts.iter().map(|t| Document::mixed(t)).collect();
    let results = aligner.align_documents(&mixed);
    assert_eq!(results[0].as_ref().unwrap().pairs().count(), 1);
    assert_eq!(missing(&results[1]), Some(Language::Chinese));

    let zh = ["一。", "二。", "三。"];
    let en = ["One.", "Two.", "Three."];
    let docs = [
        Document::sentences(&zh, &en),
        Document::mixed(texts[0]),
        Document::texts(PAIRS[1].0, PAIRS[1].1),
        Document::texts(PAIRS[2].0, PAIRS[2].1).into_owned(),
    ];
    let results = aligner.align_documents(&docs);
    assert_eq!(results.len(), 4);
    assert_eq!(results[0].as_ref().unwrap().beads().len(), 3);
    assert_eq!(results[1].as_ref().unwrap().pairs().count(), 1);
    assert_eq!(missing(&results[2]), Some(Language::English));
    assert_eq!(results[3].as_ref().unwrap().en_sentence(0), Some("Hello."));
    for (d, r) in docs.iter().zip(&results) {
        assert_eq!(
            aligner.align_document(d).map(|a| a.beads().len()).ok(),
            r.as_ref().map(|a| a.beads().len()).ok()
        );
    }
}

#[test]
fn align_stream_keeps_order_with_any_chunk_size() {
    let aligner = Aligner::new();
    let docs = || {
        PAIRS.iter().enumerate().map(|(i, (zh, en))| {
            let doc = Document::Texts {
                zh: Cow::Owned(zh.to_string()),
                en: Cow::Owned(en.to_string()),
            };
            (i, doc)
        })
    };
    let all: Vec<Document<'_>> = PAIRS.iter().map(|&(z, e)| Document::texts(z, e)).collect();
    let want: Vec<(usize, Option<usize>)> = aligner
        .align_documents(&all)
        .iter()
        .enumerate()
        .map(|(i, r)| (i, r.as_ref().ok().map(|a| a.beads().len())))
        .collect();
    for chunk in [0, 1, 2, 3, 5, 6, 100] {
        let mut stream = aligner.align_stream(docs(), chunk);
        let got: Vec<(usize, Option<usize>)> = stream
            .by_ref()
            .map(|(i, r)| (i, r.ok().map(|a| a.beads().len())))
            .collect();
        assert_eq!(got, want, "chunk {chunk}");
        assert!(stream.next().is_none(), "fused");
    }
    assert_eq!(
        aligner
            .align_stream(std::iter::empty::<((), Document)>(), 4)
            .count(),
        0
    );
}

fn batch_bin() -> PathBuf {
    crate::example_bin("batch")
}

fn run_batch(args: &[&str], input: &[u8]) -> Output {
    let bin = batch_bin();
    assert!(bin.exists(), "{} is built by cargo test", bin.display());
    let mut child = Command::new(bin)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("batch runs");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).expect("write input");
    drop(stdin);
    child.wait_with_output().expect("batch finishes")
}

fn json_lines(o: &Output) -> Vec<Value> {
    String::from_utf8(o.stdout.clone())
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

const INPUT: &str = r#"{"id": "a1", "zh": "我爱北京。今天天气很好。", "en": "I love Beijing. The weather is very good today."}
{"id": 2, "text": "你好。\n\nHello."}

this is not JSON
{"id": "a3", "presplit": true, "zh": ["一。", "二。", "三。"], "en": ["One.", "Two and three."]}
{"id": "a4", "zh": "只有中文。", "en": ""}
{"zh": "一。\n二。", "en": "One.\nTwo.", "presplit": true}
"#;

#[test]
fn batch_example_pairs_in_order_with_errors_in_place() {
    let o = run_batch(&["--chunk", "2", "--threads", "2"], INPUT.as_bytes());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // No progress when stderr is not a terminal; only the closing count of
    // the documents that failed (the invalid JSON line and the one-language one).
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "batch: 2 of 6 documents failed (see their error objects)\n"
    );
    let out = json_lines(&o);
    // One output line per non-blank input line, in order.
    let ids: Vec<String> = out.iter().map(|v| v["id"].to_string()).collect();
    assert_eq!(ids, [r#""a1""#, "2", "4", r#""a3""#, r#""a4""#, "7"]);

    let pairs = out[0]["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 2);
    assert_eq!(pairs[1]["zh"], "今天天气很好。");
    assert_eq!(pairs[1]["en"], "The weather is very good today.");
    assert!(pairs[1]["confidence"].as_f64().unwrap() > 0.5);
    assert_eq!(out[1]["pairs"][0]["en"], "Hello.");

    assert_eq!(out[2]["line"], 4);
    let e = out[2]["error"].as_str().unwrap();
    assert!(e.starts_with("line 4: invalid JSON"), "{e}");
    assert!(out[2].get("pairs").is_none());

    assert!(out[3]["pairs"].as_array().unwrap().len() >= 2);
    let e = out[4]["error"].as_str().unwrap();
    assert!(e.contains("line 6") && e.contains("no English text"), "{e}");
    assert_eq!(out[5]["pairs"].as_array().unwrap().len(), 2);
}

#[test]
fn batch_example_beads_and_bad_bytes() {
    let mut input = INPUT.as_bytes().to_vec();
    input.extend_from_slice(b"{\"id\": \"bin\", \"text\": \"\xff\xfe\"}\n");
    let o = run_batch(&["--format", "beads"], &input);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = json_lines(&o);
    assert_eq!(out.len(), 7);
    assert_eq!(out[0]["beads"], "[0]:[0] [1]:[1]");
    assert!(out[0].get("pairs").is_none());
    assert_eq!(out[3]["beads"], "[0]:[0] [1,2]:[1]");
    assert_eq!(out[5]["beads"], "[0]:[0] [1]:[1]");
    let e = out[6]["error"].as_str().unwrap();
    assert!(e.contains("line 8") && e.contains("UTF-8"), "{e}");
}

#[test]
fn batch_example_fatal_errors_are_one_line() {
    let o = run_batch(&["/no/such/file.jsonl"], b"");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("/no/such/file.jsonl") && err.contains("cannot open"),
        "{err}"
    );
    assert!(o.stdout.is_empty());

    let o = run_batch(&["--format", "tmx"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("pairs or beads"));
}

#[test]
fn batch_example_goes_on_past_a_line_over_the_limit() {
    let long = format!(
        "{{\"id\": \"long\", \"zh\": \"{}。\", \"en\": \"Words.\"}}\n",
        "长".repeat(2000)
    );
    let input = format!("{long}{}", r#"{"id": "b", "zh": "你好。", "en": "Hello."}"#);
    let o = run_batch(&["--max-line-bytes", "1000"], input.as_bytes());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = json_lines(&o);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["line"], 1);
    assert!(out[0]["error"]
        .as_str()
        .unwrap()
        .contains("longer than the limit of 1000 bytes"));
    assert_eq!(out[1]["id"], "b");
    assert_eq!(out[1]["pairs"].as_array().unwrap().len(), 1);
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "batch: 1 of 2 documents failed (see their error objects)\n"
    );
}
