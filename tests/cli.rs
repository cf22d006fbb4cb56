//! The `align` example run as a binary, as scripts call it.

use std::path::PathBuf;
use std::process::{Command, Output};

fn align_bin() -> PathBuf {
    crate::example_bin("align")
}

fn fixture(name: &str) -> String {
    format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    let bin = align_bin();
    assert!(bin.exists(), "{} is built by cargo test", bin.display());
    Command::new(bin).args(args).output().expect("align runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn tmx_of_the_interleaved_seed() {
    let o = run(&[&fixture("seeds/mnd-2025-interleaved.txt")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tmx = stdout(&o);
    assert!(tmx.contains("<tmx version=\"1.4\">"));
    assert!(tmx.matches("<tu>").count() >= 10, "{tmx}");
    assert!(
        tmx.contains(
            "Question: China&apos;s international military cooperation in 2025 is impressive."
        ) || tmx.contains(
            "Question: China's international military cooperation in 2025 is impressive."
        )
    );
}

#[test]
fn english_only_input_is_one_line_error() {
    let path = fixture("seeds/mnd-2023-english-only.txt");
    let o = run(&[&path]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("no Chinese text") && err.contains("mnd-2023-english-only.txt"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn headline_list_gives_an_empty_tmx() {
    let o = run(&[&fixture(
        "seeds/mnd-2024-english-with-chinese-headlines.txt",
    )]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tmx = stdout(&o);
    assert!(tmx.contains("<body"), "{tmx}");
    assert_eq!(tmx.matches("<tu>").count(), 0, "{tmx}");
}

#[test]
fn options_after_inputs_and_output_file() {
    let dir = std::env::temp_dir().join(format!("zhen-align-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("pairs.tsv");
    let o = run(&[
        &fixture("seeds/mnd-2025-interleaved.txt"),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "tsv",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tsv = std::fs::read_to_string(&out).unwrap();
    assert!(tsv.lines().count() >= 10);
    for line in tsv.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 3, "{line}");
        let c: f64 = fields[2].parse().unwrap();
        assert!((0.0..=1.0).contains(&c));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn presplit_beads_partition_both_files() {
    let dir = std::env::temp_dir().join(format!("zhen-align-cli-beads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zh = dir.join("zh.txt");
    let en = dir.join("en.txt");
    std::fs::write(&zh, "我爱北京。\n今天天气很好。\n我们去公园散步吧。\n").unwrap();
    std::fs::write(
        &en,
        "I love Beijing.\nThe weather is very good today.\nLet's go for a walk in the park.\n",
    )
    .unwrap();
    let o = run(&[
        "--presplit",
        "--format",
        "beads",
        zh.to_str().unwrap(),
        en.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(stdout(&o), "[0]:[0]\n[1]:[1]\n[2]:[2]\n");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn sentences_format_lists_the_split() {
    let o = run(&[
        "--format",
        "sentences",
        &fixture("seeds/mnd-2025-interleaved.txt"),
    ]);
    assert!(o.status.success());
    let s = stdout(&o);
    assert!(
        s.lines()
            .all(|l| l.starts_with("zh\t") || l.starts_with("en\t")),
        "{s}"
    );
    assert!(s.contains("en\tFirstly, we have strengthened strategic communication with countries including Russia, the US, and European countries."));
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let dir = std::env::temp_dir().join(format!("zhen-align-cli-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"\xe4\xbd\xa0\xe5\xa5\xbd\xff Hello.").unwrap();
    let o = run(&[bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("UTF-8") && err.contains("byte offset 6") && err.contains("bad.txt"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unknown_option_and_missing_file_are_errors() {
    let o = run(&["--bogus", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown option"));
    let o = run(&["/nonexistent/zhen-align-file.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("/nonexistent/zhen-align-file.txt") && err.contains("cannot read"),
        "{err}"
    );
}

#[test]
fn glossary_option_changes_the_alignment() {
    let (zh, en) = (fixture("glossary/zh.txt"), fixture("glossary/en.txt"));
    let gloss = fixture("glossary/glossary.tsv");
    let with = run(&[
        "--presplit",
        "--format",
        "beads",
        "--glossary",
        &gloss,
        &zh,
        &en,
    ]);
    assert!(
        with.status.success(),
        "{}",
        String::from_utf8_lossy(&with.stderr)
    );
    assert_eq!(stdout(&with), "[0]:[0]\n[1]:[1]\n[2]:[2]\n");
    // The same files without the glossary: the first two pairs merged.
    let without = run(&["--presplit", "--format", "beads", &zh, &en]);
    assert!(without.status.success());
    assert_eq!(stdout(&without), "[0,1]:[0,1]\n[2]:[2]\n");
    // Also from mixed text (block detection and splitting on the way).
    let dir = std::env::temp_dir().join(format!("zhen-align-cli-gloss-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mixed = dir.join("mixed.txt");
    let text = format!(
        "{}\n{}",
        std::fs::read_to_string(&zh).unwrap(),
        std::fs::read_to_string(&en).unwrap()
    );
    std::fs::write(&mixed, text).unwrap();
    let o = run(&[
        "--format",
        "beads",
        "--glossary",
        &gloss,
        mixed.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(stdout(&o), "[0]:[0]\n[1]:[1]\n[2]:[2]\n");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn min_confidence_filters_the_pairs_and_checks_its_value() {
    let seed = fixture("seeds/mnd-2025-interleaved.txt");
    let count = |x: &str| {
        let o = run(&["--format", "tsv", "--min-confidence", x, &seed]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        stdout(&o).lines().count()
    };
    let (all, default, strict) = (count("0"), count("0.5"), count("0.95"));
    assert!(
        all >= default && default > strict,
        "{all} {default} {strict}"
    );
    let o = run(&["--format", "tsv", &seed]);
    assert_eq!(stdout(&o).lines().count(), default, "0.5 is the default");
    for bad in ["1.5", "x"] {
        let o = run(&["--min-confidence", bad, &seed]);
        assert!(!o.status.success());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--min-confidence"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}
