//! Sentence splitting: the case tables in `fixtures/segment/` and the splitters' invariants.
//!
//! Table format (`zh.txt`, `en.txt`): cases separated by blank lines; a case is a line
//! `> input` followed by the expected sentences, one a line (none: no sentence). Lines
//! starting with `#` are comments. Escapes in input and expected lines: `\u{a0}` (any
//! code point), `\n`, `\r`, `\t`, `\s` (a space, for leading or trailing ones), `\\`.

use zhen_align::{en_sentences, zh_sentences, Sentence};

/// One case of a table.
struct Case {
    line: usize,
    input: String,
    expected: Vec<String>,
}

/// Undoes the table escapes of `s`; `Err` names the bad escape.
fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('s') => out.push(' '),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let rest = chars.as_str();
                let hex = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .map(|(h, _)| h)
                    .ok_or_else(|| format!("bad \\u escape in {s:?}"))?;
                let c = u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("bad code point {hex:?} in {s:?}"))?;
                out.push(c);
                chars = rest[hex.len() + 2..].chars();
            }
            other => return Err(format!("unknown escape \\{other:?} in {s:?}")),
        }
    }
    Ok(out)
}

/// Parses a case table.
fn parse(table: &str, name: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut current: Option<Case> = None;
    for (n, line) in table.lines().enumerate() {
        let line_no = n + 1;
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            cases.extend(current.take());
            continue;
        }
        match (&mut current, line.strip_prefix("> ")) {
            (None, Some(_)) => {
                let input =
                    unescape(&line[2..]).unwrap_or_else(|e| panic!("{name}:{line_no}: {e}"));
                current = Some(Case {
                    line: line_no,
                    input,
                    expected: Vec::new(),
                });
            }
            (Some(case), None) => case
                .expected
                .push(unescape(line).unwrap_or_else(|e| panic!("{name}:{line_no}: {e}"))),
            (Some(_), Some(_)) => panic!("{name}:{line_no}: two inputs without a blank line"),
            (None, None) => panic!("{name}:{line_no}: expected sentence before any \"> input\""),
        }
    }
    cases.extend(current);
    cases
}

/// Checks the invariants of a split of `input`: spans match their text, are trimmed, in
/// order, on char boundaries, and cover every non-white-space character.
pub(crate) fn check_spans(input: &str, got: &[Sentence<'_>], what: &str) {
    let mut last_end = 0;
    for s in got {
        assert!(
            s.start() >= last_end,
            "{what}: sentence {:?} overlaps the one before",
            s.as_str()
        );
        assert_eq!(
            input.get(s.range()),
            Some(s.as_str()),
            "{what}: span does not match text"
        );
        assert!(!s.as_str().is_empty(), "{what}: empty sentence");
        assert_eq!(
            s.as_str().trim(),
            s.as_str(),
            "{what}: sentence not trimmed"
        );
        let gap = &input[last_end..s.start()];
        assert!(
            gap.trim().is_empty(),
            "{what}: text {gap:?} left out before {:?}",
            s.as_str()
        );
        last_end = s.end();
    }
    let tail = &input[last_end..];
    assert!(
        tail.trim().is_empty(),
        "{what}: text {tail:?} left out at the end"
    );
}

/// A splitter under test.
type Split = for<'x> fn(&'x str) -> Vec<Sentence<'x>>;

/// The Chinese splitter, collected.
fn zh(s: &str) -> Vec<Sentence<'_>> {
    zh_sentences(s).collect()
}

/// The English splitter, collected.
fn en(s: &str) -> Vec<Sentence<'_>> {
    en_sentences(s).collect()
}

/// Runs every case of `table` through `split`; reports all failures at once.
fn run_table(table: &str, name: &str, min_cases: usize, split: Split) {
    let cases = parse(table, name);
    assert!(
        cases.len() >= min_cases,
        "{name}: only {} cases, want {min_cases}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let got = split(&case.input);
        check_spans(&case.input, &got, &format!("{name}:{}", case.line));
        let got: Vec<&str> = got.iter().map(|s| s.as_str()).collect();
        if got != case.expected {
            failures.push(format!(
                "{name}:{}: input {:?}\n  expected: {:#?}\n  got:      {:#?}",
                case.line, case.input, case.expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn zh_table() {
    run_table(
        include_str!("../fixtures/segment/zh.txt"),
        "fixtures/segment/zh.txt",
        25,
        zh,
    );
}

#[test]
fn en_table() {
    run_table(
        include_str!("../fixtures/segment/en.txt"),
        "fixtures/segment/en.txt",
        35,
        en,
    );
}

/// Every line of every seed, through both splitters: the invariants hold.
#[test]
fn seeds_keep_invariants() {
    let seeds = [
        include_str!("../fixtures/seeds/mnd-2022-english-news-with-web-junk.txt"),
        include_str!("../fixtures/seeds/mnd-2023-chinese-page-then-english-answer.txt"),
        include_str!("../fixtures/seeds/mnd-2023-english-only.txt"),
        include_str!("../fixtures/seeds/mnd-2024-english-with-chinese-headlines.txt"),
        include_str!("../fixtures/seeds/mnd-2025-interleaved.txt"),
    ];
    for (n, seed) in seeds.iter().enumerate() {
        check_spans(seed, &zh(seed), &format!("seed {n}, zh"));
        check_spans(seed, &en(seed), &format!("seed {n}, en"));
    }
}

/// Odd inputs: no panic, invariants hold.
#[test]
fn odd_inputs() {
    let inputs = [
        "",
        " ",
        "\n\r\n",
        "。",
        "...",
        "……",
        ".",
        "?!",
        "\u{feff}",
        "a.",
        ".a",
        "“",
        "”。",
        "\"",
        "\"\"\"。\"",
        "U.S.",
        "6.",
        "No.",
        "e.g.",
        "Mr.",
        " . . . ",
        "。”她说",
        "x\u{a0}.\u{a0}Y",
        "\u{0}.\u{10ffff}",
        "中.文",
        "a.\rB",
        "Ab.C",
        "ab.Cd",
    ];
    for input in inputs {
        for (name, split) in [("zh", zh as Split), ("en", en as Split)] {
            let got = split(input);
            check_spans(input, &got, &format!("{name} {input:?}"));
        }
    }
}

/// The long-input guard: nothing longer than the limit (plus one char), in linear time.
#[test]
fn long_input_guard() {
    let zh_text = "中国军队加强务实合作，".repeat(100_000) + &"无标点".repeat(100_000);
    let en_text = "we have made efforts, ".repeat(100_000) + &"x".repeat(300_000);
    for (name, text, split, limit) in [
        ("zh", &zh_text, zh as Split, 4_000),
        ("en", &en_text, en as Split, 8_000),
    ] {
        let got = split(text);
        check_spans(text, &got, name);
        assert!(got.len() > 100, "{name}: {} sentences", got.len());
        for s in &got {
            assert!(
                s.as_str().len() <= limit + 4,
                "{name}: sentence of {} bytes",
                s.as_str().len()
            );
        }
    }
}

/// The iterators are lazy, fused, cloneable and debuggable, and restartable by cloning.
#[test]
fn iterator_traits() {
    fn traits<I: Iterator + std::iter::FusedIterator + Clone + std::fmt::Debug>(_: &I) {}
    let mut z = zh_sentences("一。二。");
    traits(&z);
    let first = z.next().map(|s| s.as_str());
    let rest: Vec<&str> = z.clone().map(|s| s.as_str()).collect();
    assert_eq!((first, rest), (Some("一。"), vec!["二。"]));
    let mut e = en_sentences("One. Two.");
    traits(&e);
    assert_eq!(e.by_ref().count(), 2);
    assert!(e.next().is_none() && e.next().is_none());
}

/// The seed gold files are written in the splitters' sentences: every bead side splits
/// back into sentences the splitter finds in the seed, in document order.
#[test]
fn seed_gold_matches_splits() {
    let cases = [
        (
            include_str!("../fixtures/seeds/mnd-2023-chinese-page-then-english-answer.txt"),
            include_str!("../fixtures/seeds/gold/mnd-2023-chinese-page-then-english-answer.tsv"),
            14,
        ),
        (
            include_str!("../fixtures/seeds/mnd-2025-interleaved.txt"),
            include_str!("../fixtures/seeds/gold/mnd-2025-interleaved.tsv"),
            10,
        ),
    ];
    let mut longest = 0;
    for (seed, gold, beads) in cases {
        let seed_zh: Vec<&str> = zh_sentences(seed).map(|s| s.as_str()).collect();
        let seed_en: Vec<&str> = en_sentences(seed).map(|s| s.as_str()).collect();
        let (mut at_zh, mut at_en) = (0, 0);
        let mut n = 0;
        for (i, line) in gold
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#'))
        {
            let (zh_side, en_side) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("gold line {}: no tab", i + 1));
            for s in zh_sentences(zh_side) {
                let found = seed_zh[at_zh..].iter().position(|&x| x == s.as_str());
                let found = found.unwrap_or_else(|| {
                    panic!(
                        "gold line {}: {:?} not in the seed's split",
                        i + 1,
                        s.as_str()
                    )
                });
                at_zh += found + 1;
            }
            let mut count = 0;
            for s in en_sentences(en_side) {
                // English lines of the seed are split as English; skip Chinese sentences.
                let found = seed_en[at_en..].iter().position(|&x| x == s.as_str());
                let found = found.unwrap_or_else(|| {
                    panic!(
                        "gold line {}: {:?} not in the seed's split",
                        i + 1,
                        s.as_str()
                    )
                });
                at_en += found + 1;
                count += 1;
            }
            longest = longest.max(count);
            n += 1;
        }
        assert_eq!(n, beads);
    }
    assert_eq!(
        longest, 7,
        "seed 004 has one Chinese sentence translated by seven English ones"
    );
}

/// Generated strings over a small alphabet of tricky characters: no panic, invariants hold.
#[test]
fn generated_inputs_keep_invariants() {
    const ALPHABET: &[char] = &[
        '.',
        '.',
        '!',
        '?',
        '。',
        '？',
        '…',
        '"',
        '“',
        '”',
        '’',
        '\'',
        ')',
        '》',
        ' ',
        ' ',
        '\u{a0}',
        '\n',
        '\r',
        'a',
        'e',
        'g',
        'U',
        'S',
        'N',
        'o',
        '1',
        '6',
        '中',
        '国',
        '说',
        '她',
        ',',
        '，',
        '-',
        '\u{feff}',
        '\u{10ffff}',
        'é',
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3_000 {
        let len = (next() % 40) as usize;
        let input: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        check_spans(&input, &zh(&input), &format!("zh {input:?}"));
        check_spans(&input, &en(&input), &format!("en {input:?}"));
    }
}
