//! The fuzz targets' inputs and invariants, in one place: the `fuzz/` crate's
//! targets call [`run`] under libFuzzer (nightly), and `tests/fuzz_corpus.rs`
//! replays the committed corpus and regression inputs through the same
//! function on stable. Each target checks what must hold, not only that
//! nothing panics:
//!
//! - beads partition both sides in order, and each holds a sentence;
//! - sentence and pair spans lie on char boundaries inside the input, and a
//!   pair's text is its spans' text (white space collapsed, characters XML
//!   forbids left out);
//! - confidence is in [0, 1] and never NaN;
//! - TMX is well-formed with one `<tu>` a pair; TSV and JSON Lines read back
//!   to the same pairs;
//! - the same beads on one and on four threads.

use std::borrow::Cow;
use std::sync::OnceLock;

use quick_xml::events::Event;
use zhen_align::{Aligner, Alignment, Glossary};

/// The fuzz targets, by name (the folder names under `fuzz/corpus/`).
pub const TARGETS: &[&str] = &[
    "mixed",
    "two_texts",
    "presplit",
    "glossary",
    "beads",
    "batch",
    "decode",
    "html",
];

/// Runs target `target` on `data`. Panics when an invariant fails (that is
/// what the fuzzer reports).
pub fn run(target: &str, data: &[u8]) {
    match target {
        "mixed" => {
            let text = String::from_utf8_lossy(data);
            check_both_pools(|a| a.align_mixed(&text), &text, &text);
        }
        "two_texts" => {
            let (zh, en) = halves(data);
            check_both_pools(|a| a.align(&zh, &en), &zh, &en);
        }
        "presplit" => {
            let (zh, en) = halves(data);
            let zl: Vec<&str> = zh.lines().collect();
            let el: Vec<&str> = en.lines().collect();
            let r = aligner().align_sentences(&zl, &el);
            if let Ok(a) = &r {
                assert_eq!(a.zh_len(), zl.len(), "presplit keeps every Chinese line");
                assert_eq!(a.en_len(), el.len(), "presplit keeps every English line");
            }
            // The texts the alignment owns are the lines joined by line feeds.
            let zt: String = zl.iter().map(|l| format!("{l}\n")).collect();
            let et: String = el.iter().map(|l| format!("{l}\n")).collect();
            check_result(r, &zt, &et);
        }
        "glossary" => {
            // A glossary file; when it parses, it must not break alignment.
            let (gloss, text) = halves(data);
            if let Ok(g) = Glossary::from_reader(gloss.as_bytes()) {
                if let Ok(aligner) = Aligner::builder().glossary(g).build() {
                    check_result(aligner.align_mixed(&text), &text, &text);
                }
            }
        }
        "beads" => {
            let text = String::from_utf8_lossy(data);
            if let Ok(beads) = zhen_align::eval::read_beads(&text) {
                // Written back and read again: the same beads.
                let written: String = beads.iter().map(|b| format!("{b}\n")).collect();
                let again =
                    zhen_align::eval::read_beads(&written).expect("written beads read back");
                assert_eq!(again, beads, "bead format round trip");
            }
        }
        "batch" => check_batch(data),
        "decode" => check_decode(data),
        "html" => check_html(data),
        other => panic!("unknown fuzz target {other:?}"),
    }
}

/// The batch entry points against one document at a time: the input cut at
/// 0xFE bytes (never in UTF-8) into at most eight documents, each mixed text,
/// two texts or presplit lines by its first byte. `align_documents` and
/// `align_stream` must give each document what `align_document` gives it
/// alone, in input order.
fn check_batch(data: &[u8]) {
    use zhen_align::Document;
    let pieces: Vec<&[u8]> = data.split(|&b| b == 0xFE).take(8).collect();
    let owned: Vec<(u8, String, String)> = pieces
        .iter()
        .map(|p| {
            let kind = p.first().map_or(0, |b| b % 3);
            let (zh, en) = halves(p);
            (kind, zh.into_owned(), en.into_owned())
        })
        .collect();
    let lines: Vec<(Vec<&str>, Vec<&str>)> = owned
        .iter()
        .map(|(_, zh, en)| (zh.lines().collect(), en.lines().collect()))
        .collect();
    let docs: Vec<Document<'_>> = owned
        .iter()
        .zip(&lines)
        .map(|((kind, zh, en), (zl, el))| match kind {
            0 => Document::mixed(zh),
            1 => Document::texts(zh, en),
            _ => Document::sentences(zl, el),
        })
        .collect();
    let a = aligner();
    let alone: Vec<_> = docs.iter().map(|d| a.align_document(d)).collect();
    let summary = |r: &zhen_align::Result<Alignment>| match r {
        Ok(x) => Ok(x
            .beads()
            .map(|b| (b.zh(), b.en(), b.confidence().to_bits()))
            .collect::<Vec<_>>()),
        Err(e) => Err(e.to_string()),
    };
    let want: Vec<_> = alone.iter().map(summary).collect();
    let together: Vec<_> = a.align_documents(&docs).iter().map(summary).collect();
    assert_eq!(together, want, "align_documents = align_document, in order");
    let streamed: Vec<_> = a
        .align_stream(docs.iter().cloned().enumerate(), 3)
        .map(|(k, r)| (k, summary(&r)))
        .collect();
    let keys: Vec<usize> = streamed.iter().map(|(k, _)| *k).collect();
    assert_eq!(
        keys,
        (0..docs.len()).collect::<Vec<_>>(),
        "stream keeps order"
    );
    let streamed: Vec<_> = streamed.into_iter().map(|(_, r)| r).collect();
    assert_eq!(streamed, want, "align_stream = align_document");
    for (i, (kind, zh, en)) in owned.iter().enumerate() {
        if let (Ok(x), 0 | 1) = (&alone[i], kind) {
            let en = if *kind == 0 { zh } else { en };
            check_alignment(x, zh, en);
        }
    }
}

/// Splits the input at its first 0xFF byte (never in UTF-8) into two texts.
fn halves(data: &[u8]) -> (Cow<'_, str>, Cow<'_, str>) {
    match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (
            String::from_utf8_lossy(&data[..i]),
            String::from_utf8_lossy(&data[i + 1..]),
        ),
        None => (String::from_utf8_lossy(data), Cow::Borrowed("")),
    }
}

fn aligner() -> &'static Aligner {
    static A: OnceLock<Aligner> = OnceLock::new();
    A.get_or_init(Aligner::new)
}

fn pool(n: usize) -> &'static rayon::ThreadPool {
    static ONE: OnceLock<rayon::ThreadPool> = OnceLock::new();
    static FOUR: OnceLock<rayon::ThreadPool> = OnceLock::new();
    let cell = if n == 1 { &ONE } else { &FOUR };
    cell.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .expect("thread pool")
    })
}

/// Aligns on a one-thread and a four-thread pool: the same result, and the
/// invariants on it.
fn check_both_pools(
    f: impl Fn(&Aligner) -> zhen_align::Result<Alignment> + Sync,
    zh: &str,
    en: &str,
) {
    let one = pool(1).install(|| f(aligner()));
    let four = pool(4).install(|| f(aligner()));
    match (&one, &four) {
        (Ok(a), Ok(b)) => {
            let ba: Vec<_> = a.beads().map(|x| (x.zh(), x.en())).collect();
            let bb: Vec<_> = b.beads().map(|x| (x.zh(), x.en())).collect();
            assert_eq!(ba, bb, "the same beads on one and on four threads");
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("one thread and four threads disagree: {one:?} / {four:?}"),
    }
    check_result(one, zh, en);
}

fn check_result(r: zhen_align::Result<Alignment>, zh: &str, en: &str) {
    match r {
        Ok(a) => check_alignment(&a, zh, en),
        Err(e) => assert!(!e.to_string().is_empty(), "errors say something"),
    }
}

/// Whether `c` is allowed by XML 1.0 (production 2).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// What a pair's text must be for the given original text.
fn cleaned(s: &str) -> String {
    let mut out = String::new();
    for word in s.split_whitespace() {
        let w: String = word.chars().filter(|&c| xml_char(c)).collect();
        if !w.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&w);
        }
    }
    out
}

/// The invariants of one alignment of texts `zh` and `en`.
pub fn check_alignment(a: &Alignment, zh: &str, en: &str) {
    // Beads partition both sides in order; each holds a sentence.
    let (mut i, mut j) = (0, 0);
    for b in a.beads() {
        assert_eq!(b.zh().start, i, "Chinese side continues in order");
        assert_eq!(b.en().start, j, "English side continues in order");
        assert!(b.zh().len() + b.en().len() > 0, "no empty bead");
        let c = b.confidence();
        assert!((0.0..=1.0).contains(&c), "confidence {c} in [0, 1]");
        i = b.zh().end;
        j = b.en().end;
    }
    assert_eq!((i, j), (a.zh_len(), a.en_len()), "beads cover both sides");

    let pairs: Vec<_> = a.pairs().collect();
    for p in &pairs {
        let zh_ids: Vec<&str> = p.zh_sentences().filter_map(|i| a.zh_sentence(i)).collect();
        let en_ids: Vec<&str> = p.en_sentences().filter_map(|i| a.en_sentence(i)).collect();
        for (span, text, input, sentences) in [
            (p.zh_span(), p.zh(), zh, zh_ids),
            (p.en_span(), p.en(), en, en_ids),
        ] {
            assert!(span.end <= input.len(), "span inside the input");
            assert!(
                input.is_char_boundary(span.start) && input.is_char_boundary(span.end),
                "span on char boundaries"
            );
            assert!(!text.is_empty(), "a pair has text on both sides");
            assert_eq!(cleaned(&text), text, "pair text is clean");
            // The pair's text is its sentences' text, in order, white space
            // collapsed (one space, or none where a line break joins two
            // Chinese characters: a hard-wrapped line); the span runs from
            // the first sentence's start to the last one's end.
            let joined: String = sentences.iter().map(|s| cleaned(s)).collect();
            let no_space = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            assert_eq!(
                no_space(&joined),
                no_space(&text),
                "pair text is its sentences' text"
            );
            let spanned = &input[span.clone()];
            let (first, last) = (
                sentences.first().expect("a sentence"),
                sentences.last().expect("a sentence"),
            );
            assert!(
                spanned.starts_with(first) && spanned.ends_with(last),
                "span from the first sentence to the last"
            );
        }
        let c = p.confidence();
        assert!((0.0..=1.0).contains(&c), "confidence {c} in [0, 1]");
    }
    check_writers(a, &pairs);
}

fn check_writers(a: &Alignment, pairs: &[zhen_align::Pair<'_>]) {
    // TMX: well-formed, one <tu> a pair, the same texts.
    let tmx = zhen_align::write_tmx(Vec::new(), a.pairs()).expect("TMX to memory");
    let segs = tmx_segments(&tmx);
    assert_eq!(segs.len(), pairs.len() * 2, "one <tu> (two <seg>) a pair");
    for (p, s) in pairs.iter().zip(segs.chunks(2)) {
        assert_eq!(
            (p.zh().as_ref(), p.en().as_ref()),
            (s[0].as_str(), s[1].as_str())
        );
    }
    // TSV: three fields a line, the same texts once unescaped.
    let tsv = String::from_utf8(zhen_align::write_tsv(Vec::new(), a.pairs()).expect("TSV"))
        .expect("TSV is UTF-8");
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines.len(), pairs.len(), "one TSV line a pair");
    for (p, l) in pairs.iter().zip(&lines) {
        let f: Vec<&str> = l.split('\t').collect();
        assert_eq!(f.len(), 3, "three TSV fields: {l:?}");
        assert_eq!(unescape(f[0]), p.zh());
        assert_eq!(unescape(f[1]), p.en());
        let c: f64 = f[2].parse().expect("confidence is a number");
        assert!((c - p.confidence()).abs() <= 0.0005 + 1e-9);
    }
    // JSON Lines: one object a pair, the same texts and spans.
    let jsonl = zhen_align::write_jsonl(Vec::new(), a.pairs()).expect("JSONL");
    let objs: Vec<serde_json::Value> = std::str::from_utf8(&jsonl)
        .expect("JSONL is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(objs.len(), pairs.len(), "one JSON line a pair");
    for (p, o) in pairs.iter().zip(&objs) {
        assert_eq!(o["zh"].as_str(), Some(p.zh().as_ref()));
        assert_eq!(o["en"].as_str(), Some(p.en().as_ref()));
        assert_eq!(o["zh_span"][0].as_u64(), Some(p.zh_span().start as u64));
        assert_eq!(o["en_span"][1].as_u64(), Some(p.en_span().end as u64));
    }
}

/// The texts of every `<seg>` of a TMX document, in order; panics when the
/// document is not well-formed.
fn tmx_segments(tmx: &[u8]) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_reader(tmx);
    reader.config_mut().check_end_names = true;
    let (mut out, mut in_seg, mut depth) = (Vec::new(), false, 0usize);
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .expect("TMX is well-formed XML")
        {
            Event::Start(e) => {
                depth += 1;
                if e.name().as_ref() == b"seg" {
                    in_seg = true;
                    out.push(String::new());
                }
            }
            Event::End(e) => {
                depth -= 1;
                if e.name().as_ref() == b"seg" {
                    in_seg = false;
                }
            }
            Event::Text(t) if in_seg => {
                let s = t.unescape().expect("TMX text unescapes");
                out.last_mut().expect("inside a seg").push_str(&s);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!(depth, 0, "every element closed");
    out
}

/// Undoes the TSV escapes (`\\`, `\t`, `\n`, `\r`).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('\\') => out.push('\\'),
                other => panic!("bad TSV escape \\{other:?} in {s:?}"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

// The input reader's targets (`decode`, `html`).

/// Every encoding, chosen and detected, as plain text and as a page: never a
/// panic; a result of the encoding asked for (or a concrete one, detected);
/// valid UTF-8 detected as UTF-8 with its text unchanged; UTF-16 decoded
/// text encodes back to the input; every error at an offset inside the input.
fn check_decode(data: &[u8]) {
    use zhen_align::{decode_html, decode_text, Encoding, Error, InputReader};
    let encodings = [
        Encoding::Auto,
        Encoding::Utf8,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Gb18030,
        Encoding::Big5,
    ];
    let utf8_bom = data.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(data);
    for &chosen in &encodings {
        for (how, r) in [
            ("text", decode_text(data.to_vec(), chosen)),
            ("html", decode_html(data.to_vec(), chosen)),
        ] {
            match r {
                Ok(d) => {
                    let got = d.encoding();
                    assert_ne!(got, Encoding::Auto, "{how}: a concrete encoding");
                    if chosen != Encoding::Auto {
                        assert_eq!(got, chosen, "{how}: the encoding chosen");
                    }
                    if got == Encoding::Utf8 {
                        assert_eq!(d.text().as_bytes(), utf8_bom, "{how}: UTF-8 text as is");
                    }
                    if let Some(be) = match got {
                        Encoding::Utf16Le => Some(false),
                        Encoding::Utf16Be => Some(true),
                        _ => None,
                    } {
                        let body = match (be, data) {
                            (false, [0xFF, 0xFE, rest @ ..]) | (true, [0xFE, 0xFF, rest @ ..]) => {
                                rest
                            }
                            _ => data,
                        };
                        let back: Vec<u8> = d
                            .text()
                            .encode_utf16()
                            .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
                            .collect();
                        assert_eq!(back, body, "{how}: UTF-16 round trip");
                    }
                }
                Err(Error::InvalidUtf8 { offset, .. } | Error::InvalidEncoding { offset, .. }) => {
                    assert!(
                        offset < data.len(),
                        "{how}: offset {offset} inside the input"
                    );
                }
                Err(Error::UnsupportedEncoding { utf8_offset, .. }) => {
                    assert!(chosen == Encoding::Auto, "{how}: only detection refuses");
                    if let Some(o) = utf8_offset {
                        assert!(o < data.len(), "{how}: offset {o} inside the input");
                    }
                }
                Err(e) => panic!("{how}: unexpected error {e:?}"),
            }
        }
    }
    // Valid UTF-8 is never detected as anything else.
    if std::str::from_utf8(data).is_ok() {
        let d = decode_text(data.to_vec(), Encoding::Auto).expect("valid UTF-8 decodes");
        assert_eq!(d.encoding(), Encoding::Utf8, "valid UTF-8 stays UTF-8");
    }
    // The reader: the same as decoding, and a limit that holds.
    let limit = (data.len() / 2) as u64;
    match InputReader::new()
        .max_bytes(limit)
        .read_bytes(data.to_vec())
    {
        Err(Error::InputTooLarge { limit: l, .. }) => assert_eq!(l, limit),
        other => assert!(data.is_empty(), "over the limit read: {other:?}"),
    }
}

/// A page's text (the bytes decoded as the reader decodes a page, or taken
/// lossily): lines without surrounding white space, none empty; then the
/// same invariant checks as a mixed text.
fn check_html(data: &[u8]) {
    use zhen_align::Error;
    let text = match zhen_align::decode_html(data.to_vec(), zhen_align::Encoding::Auto) {
        Ok(d) => d.into_text(),
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    };
    match zhen_align::html_text(&text) {
        Ok(plain) => {
            for line in plain.lines() {
                assert!(!line.trim().is_empty(), "no empty line: {plain:?}");
                assert_eq!(line.trim_matches([' ', '\t']), line, "lines trimmed");
            }
            assert!(plain.is_empty() || plain.ends_with('\n'));
            check_both_pools(|a| a.align_mixed(&plain), &plain, &plain);
            // align_html is html_text then align_mixed.
            let direct = aligner().align_html(&text);
            let via = aligner().align_mixed(&plain);
            match (direct, via) {
                (Ok(a), Ok(b)) => {
                    let ba: Vec<_> = a.beads().map(|x| (x.zh(), x.en())).collect();
                    let bb: Vec<_> = b.beads().map(|x| (x.zh(), x.en())).collect();
                    assert_eq!(ba, bb, "align_html is align_mixed of html_text");
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("align_html and align_mixed disagree: {a:?} / {b:?}"),
            }
        }
        Err(Error::HtmlTooDeep { limit, .. }) => assert_eq!(limit, zhen_align::MAX_HTML_DEPTH),
        Err(e) => panic!("unexpected error {e:?}"),
    }
}
