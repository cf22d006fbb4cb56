//! Input files as users have them: the seeds in other encodings, a
//! Traditional Chinese seed in Big5, the seeds as saved web pages; through
//! the library's reader and through the `align` example. Encoded inputs are
//! made here from the UTF-8 seeds with encoding_rs's encoders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use zhen_align::{Aligner, Encoding, Error, InputFormat, InputReader};

const SEEDS: &[&str] = &[
    "mnd-2022-english-news-with-web-junk",
    "mnd-2023-chinese-page-then-english-answer",
    "mnd-2023-english-only",
    "mnd-2024-english-with-chinese-headlines",
    "mnd-2025-interleaved",
];

/// The seeds that have pairs (the others are errors or give none).
const PAIRED: &[&str] = &[
    "mnd-2023-chinese-page-then-english-answer",
    "mnd-2025-interleaved",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seed(name: &str) -> String {
    std::fs::read_to_string(root().join("fixtures/seeds").join(format!("{name}.txt")))
        .expect("seed fixture")
}

fn encode(codec: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
    try_encode(codec, text).unwrap_or_else(|| panic!("every character encodes in {}", codec.name()))
}

fn try_encode(codec: &'static encoding_rs::Encoding, text: &str) -> Option<Vec<u8>> {
    let (bytes, used, unmappable) = codec.encode(text);
    assert_eq!(used, codec, "encoding_rs encodes in {}", codec.name());
    (!unmappable).then(|| bytes.into_owned())
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

/// What aligning gives, as the `align` example's TSV, or the error message.
fn tsv_or_error(r: zhen_align::Result<zhen_align::Alignment>) -> String {
    match r {
        Ok(a) => String::from_utf8(zhen_align::write_tsv(Vec::new(), a.pairs()).unwrap()).unwrap(),
        Err(e) => format!("error: {e}"),
    }
}

/// The seed's text in every encoding the reader detects, each read with
/// `Encoding::Auto`: the encoding found, the text, and the pairs.
#[test]
fn seeds_in_other_encodings_give_the_same_pairs() {
    for name in SEEDS {
        let text = seed(name);
        let expected = tsv_or_error(Aligner::new().align_mixed(&text));
        let mut bom_crlf = b"\xEF\xBB\xBF".to_vec();
        bom_crlf.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        let mut cases = vec![
            (
                "GB18030",
                encode(encoding_rs::GB18030, &text),
                Encoding::Gb18030,
            ),
            ("UTF-16LE", utf16(&text, false), Encoding::Utf16Le),
            ("UTF-16BE", utf16(&text, true), Encoding::Utf16Be),
            ("UTF-8 BOM CRLF", bom_crlf, Encoding::Utf8),
        ];
        // GBK lacks a few characters GB18030 has (the no-break space).
        if let Some(gbk) = try_encode(encoding_rs::GBK, &text) {
            cases.push(("GBK", gbk, Encoding::Gb18030));
        }
        for (what, bytes, encoding) in cases {
            let input = InputReader::new().read_bytes(bytes).expect(what);
            assert_eq!(input.encoding(), encoding, "{name} as {what}");
            assert_eq!(input.format(), InputFormat::Text);
            if what != "UTF-8 BOM CRLF" {
                assert_eq!(input.text(), text, "{name} as {what}: the same text");
            }
            let got = tsv_or_error(Aligner::new().align_input(&input));
            assert_eq!(got, expected, "{name} as {what}: the same pairs");
        }
    }
    // Not vacuous: the paired seeds have pairs.
    for name in PAIRED {
        let a = Aligner::new().align_mixed(&seed(name)).unwrap();
        assert!(a.pairs().count() >= 6, "{name}");
    }
}

/// The Traditional seeds (`fixtures/seeds/traditional/`, made by
/// `examples/make_traditional.rs`), saved as Big5 and detected as such, give
/// the Simplified seeds' pairs, position by position.
#[test]
fn traditional_seed_in_big5_aligns_as_the_simplified_one() {
    for name in PAIRED {
        let simplified = seed(name);
        let traditional = std::fs::read_to_string(
            root()
                .join("fixtures/seeds/traditional")
                .join(format!("{name}.txt")),
        )
        .unwrap();
        // The fixture is the seed with characters replaced one for one, and
        // a real share of them replaced.
        let (s, t): (Vec<char>, Vec<char>) =
            (simplified.chars().collect(), traditional.chars().collect());
        assert_eq!(s.len(), t.len(), "{name}: character for character");
        let han: Vec<usize> = (0..s.len())
            .filter(|&i| ('\u{4e00}'..='\u{9fff}').contains(&s[i]))
            .collect();
        let changed = han.iter().filter(|&&i| s[i] != t[i]).count();
        assert!(
            changed * 4 >= han.len(),
            "{name}: {changed} of {} Han characters are Traditional",
            han.len()
        );
        let to_trad = |z: &str| -> String {
            z.chars()
                .map(|c| s.iter().position(|&x| x == c).map_or(c, |i| t[i]))
                .collect()
        };

        let input = InputReader::new()
            .read_bytes(encode(encoding_rs::BIG5, &traditional))
            .unwrap();
        assert_eq!(input.encoding(), Encoding::Big5, "{name}: detected as Big5");
        assert_eq!(input.text(), traditional);
        let trad = Aligner::new().align_input(&input).unwrap();
        let simp = Aligner::new().align_mixed(&simplified).unwrap();
        let tp: Vec<_> = trad.pairs().collect();
        let sp: Vec<_> = simp.pairs().collect();
        assert_eq!(tp.len(), sp.len(), "{name}: as many pairs");
        assert!(sp.len() >= 6);
        for (i, (a, b)) in tp.iter().zip(&sp).enumerate() {
            assert_eq!(a.zh_sentences(), b.zh_sentences(), "{name} pair {i}");
            assert_eq!(a.en_sentences(), b.en_sentences(), "{name} pair {i}");
            assert_eq!(a.en(), b.en(), "{name} pair {i}");
            assert_eq!(
                a.zh().replace('\u{a0}', " "),
                to_trad(&b.zh()).replace('\u{a0}', " "),
                "{name} pair {i}"
            );
        }
    }
}

fn html_fixture(name: &str) -> PathBuf {
    root().join("fixtures/html").join(format!("{name}.html"))
}

/// The seeds as saved pages (`fixtures/html/`, made by `make_pages.py`), in
/// UTF-8 and as GB18030 with a `<meta charset>`, give the text files' pairs.
#[test]
#[cfg(feature = "html")]
fn seeds_as_web_pages_give_the_same_pairs() {
    for name in SEEDS {
        let expected = tsv_or_error(Aligner::new().align_mixed(&seed(name)));
        let page = std::fs::read_to_string(html_fixture(name)).unwrap();
        // The page holds what must not reach the aligner.
        for part in [
            "<head>", "<title>", "<script>", "<style>", "<nav", "<footer>", "<aside", "<form",
            "&#", "<b>", "<a href",
        ] {
            assert!(page.contains(part), "{name}.html has {part}");
        }
        let input = InputReader::new().read_path(html_fixture(name)).unwrap();
        assert_eq!(input.format(), InputFormat::Html, "{name}: by extension");
        let got = tsv_or_error(Aligner::new().align_input(&input));
        assert_eq!(got, expected, "{name}.html: the same pairs");
        assert_eq!(
            tsv_or_error(Aligner::new().align_html(&page)),
            expected,
            "{name}: align_html"
        );

        // Saved as GB18030, declared in the page: by content, not by name.
        let gb = page.replace("<meta charset=\"utf-8\">", "<meta charset=\"gb2312\">");
        let input = InputReader::new()
            .read_bytes(encode(encoding_rs::GB18030, &gb))
            .unwrap();
        assert_eq!(input.format(), InputFormat::Html, "{name}: by content");
        assert_eq!(input.encoding(), Encoding::Gb18030, "{name}: as declared");
        let got = tsv_or_error(Aligner::new().align_input(&input));
        assert_eq!(got, expected, "{name}.html in GB18030: the same pairs");
    }
}

#[test]
#[cfg(feature = "html")]
fn html_text_drops_page_furniture() {
    let page = std::fs::read_to_string(html_fixture("mnd-2025-interleaved")).unwrap();
    let text = zhen_align::html_text(&page).unwrap();
    for junk in [
        "中华人民共和国国防部",
        "首页",
        "Advertisement",
        "console",
        "搜索",
        "相关新闻",
        "版权所有",
        "JavaScript",
        "font-family",
    ] {
        assert!(!text.contains(junk), "{junk:?} left in the page text");
    }
    assert!(text.contains("China's Military Diplomacy"), "{text}");
}

#[test]
fn invalid_bytes_in_a_legacy_encoding_report_the_offset() {
    let text = seed("mnd-2025-interleaved");
    let mut bytes = encode(encoding_rs::GB18030, &text);
    let at = bytes.len() / 2;
    bytes[at] = 0xFF; // never a GB18030 byte
    match InputReader::new().read_bytes(bytes.clone()) {
        Err(Error::InvalidEncoding {
            encoding: Encoding::Gb18030,
            offset,
            ..
        }) => assert!(
            (at.saturating_sub(1)..=at).contains(&offset),
            "{offset} vs {at}"
        ),
        other => panic!("expected an invalid GB18030 error, got {other:?}"),
    }
    // Chosen, not detected: the same.
    let e = InputReader::new()
        .encoding(Encoding::Gb18030)
        .read_bytes(bytes)
        .unwrap_err();
    assert!(
        e.to_string().contains("invalid GB18030 at byte offset"),
        "{e}"
    );
    // UTF-8 read as Big5: an error at the first byte Big5 cannot read.
    let e = InputReader::new()
        .encoding(Encoding::Big5)
        .read_bytes(text.into_bytes())
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::InvalidEncoding {
                encoding: Encoding::Big5,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn valid_utf8_is_never_read_as_something_else() {
    // Short texts, where a detector has least to go on, and text that is
    // also valid GB18030.
    for text in ["abc", "", "中", "國防部", "é", "\u{feff}x", "谢谢 thanks"] {
        let input = InputReader::new()
            .read_bytes(text.as_bytes().to_vec())
            .unwrap();
        assert_eq!(input.encoding(), Encoding::Utf8, "{text:?}");
        assert_eq!(input.text(), text.trim_start_matches('\u{feff}'));
    }
    // A single-byte legacy file is not taken for Chinese: a clear error.
    let e = InputReader::new()
        .read_bytes(b"The caf\xe9 on the corner, na\xefve \x93quotes\x94.".to_vec())
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::UnsupportedEncoding {
                declared: false,
                utf8_offset: Some(7),
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn size_limit_applies_to_every_encoding() {
    let bytes = utf16(&seed("mnd-2025-interleaved"), false);
    let e = InputReader::new()
        .max_bytes(100)
        .read_bytes(bytes)
        .unwrap_err();
    assert!(matches!(e, Error::InputTooLarge { limit: 100, .. }), "{e}");
}

// The `align` example.

fn run(args: &[&str]) -> Output {
    let bin = crate::example_bin("align");
    assert!(bin.exists(), "{} is built by cargo test", bin.display());
    Command::new(bin).args(args).output().expect("align runs")
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zhen-align-input-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn one_line_error(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    err
}

#[test]
fn align_reads_encodings_detected_and_chosen() {
    let dir = temp_dir("enc");
    let name = "mnd-2025-interleaved";
    let utf8 = root().join("fixtures/seeds").join(format!("{name}.txt"));
    let expected = run(&["--format", "tsv", utf8.to_str().unwrap()]);
    assert!(expected.status.success());
    let gb = dir.join("gb.txt");
    std::fs::write(&gb, encode(encoding_rs::GB18030, &seed(name))).unwrap();
    let be = dir.join("be.txt");
    std::fs::write(&be, utf16(&seed(name), true)).unwrap();
    for args in [
        vec!["--format", "tsv", gb.to_str().unwrap()],
        vec!["--encoding", "gbk", "--format", "tsv", gb.to_str().unwrap()],
        vec![
            be.to_str().unwrap(),
            "--format",
            "tsv",
            "--encoding",
            "UTF-16BE",
        ],
    ] {
        let o = run(&args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(o.stdout, expected.stdout, "{args:?}");
    }

    // A wrong name: a clear one-line error that lists the names.
    let err = one_line_error(&run(&["--encoding", "latin-1-ish", gb.to_str().unwrap()]));
    assert!(
        err.contains("--encoding") && err.contains("\"latin-1-ish\"") && err.contains("gb18030"),
        "{err}"
    );
    let err = one_line_error(&run(&["--encoding", "shift_jis", gb.to_str().unwrap()]));
    assert!(err.contains("not an encoding zhen-align reads"), "{err}");
    let err = one_line_error(&run(&["--input", "pdf", gb.to_str().unwrap()]));
    assert!(
        err.contains("--input") && err.contains("html, text or auto"),
        "{err}"
    );

    // The wrong encoding chosen: an error with the file and the offset.
    let err = one_line_error(&run(&["--encoding", "utf-8", gb.to_str().unwrap()]));
    assert!(
        err.contains("gb.txt") && err.contains("invalid UTF-8 at byte offset 0"),
        "{err}"
    );
    let err = one_line_error(&run(&["--encoding", "big5", gb.to_str().unwrap()]));
    assert!(
        err.contains("gb.txt") && err.contains("invalid Big5 at byte offset"),
        "{err}"
    );

    // Invalid bytes in a detected encoding: the offset.
    let mut bad = encode(encoding_rs::GB18030, &seed(name));
    let at = bad.len() - 10;
    bad[at] = 0xFF;
    let bad_path = dir.join("bad.txt");
    std::fs::write(&bad_path, bad).unwrap();
    let err = one_line_error(&run(&[bad_path.to_str().unwrap()]));
    assert!(
        err.contains("bad.txt") && err.contains("invalid GB18030 at byte offset"),
        "{err}"
    );

    // The size limit still holds.
    let err = one_line_error(&run(&["--max-input-bytes", "64", be.to_str().unwrap()]));
    assert!(err.contains("larger than the limit of 64 bytes"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
#[cfg(feature = "html")]
fn align_reads_web_pages() {
    let dir = temp_dir("html");
    let name = "mnd-2023-chinese-page-then-english-answer";
    let utf8 = root().join("fixtures/seeds").join(format!("{name}.txt"));
    let expected = run(&["--format", "tsv", utf8.to_str().unwrap()]);
    assert!(expected.status.success());
    let page = html_fixture(name);
    // A page under a name that does not say so: by content, or as told.
    let renamed = dir.join("page.txt");
    std::fs::copy(&page, &renamed).unwrap();
    for args in [
        vec!["--format", "tsv", page.to_str().unwrap()],
        vec!["--format", "tsv", renamed.to_str().unwrap()],
        vec![
            "--input",
            "html",
            "--format",
            "tsv",
            renamed.to_str().unwrap(),
        ],
    ] {
        let o = run(&args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(o.stdout, expected.stdout, "{args:?}");
    }
    // Taken as text, the markup is text: not the same pairs.
    let o = run(&["--input", "text", "--format", "tsv", page.to_str().unwrap()]);
    assert_ne!(o.stdout, expected.stdout);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn batch_reads_a_stream_in_a_chosen_encoding() {
    let bin = crate::example_bin("batch");
    assert!(bin.exists(), "{} is built by cargo test", bin.display());
    let dir = temp_dir("batch");
    let text = seed("mnd-2025-interleaved");
    let line = serde_json::json!({"id": "s", "text": text}).to_string() + "\n";
    let utf8 = dir.join("docs.jsonl");
    std::fs::write(&utf8, &line).unwrap();
    let gb = dir.join("docs-gb.jsonl");
    std::fs::write(&gb, encode(encoding_rs::GB18030, &line)).unwrap();
    let out = |args: &[&str]| Command::new(&bin).args(args).output().expect("batch runs");
    let expected = out(&[utf8.to_str().unwrap()]);
    assert!(expected.status.success());
    assert!(String::from_utf8_lossy(&expected.stdout).contains("\"pairs\":[{"));
    for enc in ["gb18030", "auto"] {
        let o = out(&["--encoding", enc, gb.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(o.stdout, expected.stdout, "--encoding {enc}");
    }
    // Without it the stream is UTF-8, and the line an error object.
    let o = out(&[gb.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("invalid UTF-8 at byte offset"));
    let o = out(&["--encoding", "utf-16le", gb.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot be UTF-16"));
    std::fs::remove_dir_all(&dir).ok();
}
