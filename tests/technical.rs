//! Bilingual technical text (`fixtures/technical/`, from The Rust Programming
//! Language and its Chinese translation, see SOURCE.md) in three layouts: one
//! mixed file with the Chinese then the English, one with the paragraphs
//! interleaved, and two files with the English hard-wrapped. Each has a few
//! paragraphs left untranslated on each side, and code, commands and URLs
//! that belong to neither language. Scored against the gold paragraph pairs.

use std::ops::Range;

use zhen_align::{Aligner, Alignment};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/technical");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{name}")).expect("technical fixture")
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The byte range of `needle` in `hay` at or after `from`.
fn find(hay: &str, needle: &str, from: usize) -> Range<usize> {
    let at = hay[from..]
        .find(needle)
        .unwrap_or_else(|| panic!("gold paragraph not in the text: {needle:?}"))
        + from;
    at..at + needle.len()
}

struct Gold {
    pairs: Vec<(Range<usize>, Range<usize>)>,
    zh_only: Vec<Range<usize>>,
    en_only: Vec<Range<usize>>,
}

fn gold(chapter: &str, zh: &str, en: &str) -> Gold {
    let (mut zc, mut ec) = (0, 0);
    let mut pairs = Vec::new();
    for line in read(&format!("{chapter}.gold.tsv")).lines() {
        let (z, e) = line.split_once('\t').expect("gold line has a tab");
        let zr = find(zh, &unescape(z), zc);
        let er = find(en, &unescape(e), ec);
        (zc, ec) = (zr.end, er.end);
        pairs.push((zr, er));
    }
    let (mut zh_only, mut en_only) = (Vec::new(), Vec::new());
    for line in read(&format!("{chapter}.untranslated.tsv")).lines() {
        match line.split_once('\t').expect("untranslated line has a tab") {
            ("zh", t) => zh_only.push(find(zh, &unescape(t), 0)),
            (_, t) => en_only.push(find(en, &unescape(t), 0)),
        }
    }
    Gold {
        pairs,
        zh_only,
        en_only,
    }
}

fn inside(a: &Range<usize>, b: &Range<usize>) -> bool {
    b.start <= a.start && a.end <= b.end
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Non-white-space characters of `text` in `r`.
fn chars(text: &str, r: Range<usize>) -> usize {
    text[r].chars().filter(|c| !c.is_whitespace()).count()
}

/// Share of the gold paragraphs' text (one side) that the pairs' spans cover.
fn coverage(text: &str, gold: &[Range<usize>], spans: &[Range<usize>]) -> f64 {
    let total: usize = gold.iter().map(|g| chars(text, g.clone())).sum();
    let covered: usize = gold
        .iter()
        .map(|g| {
            spans
                .iter()
                .filter(|s| overlap(s, g))
                .map(|s| chars(text, s.start.max(g.start)..s.end.min(g.end)))
                .sum::<usize>()
        })
        .sum();
    covered as f64 / total as f64
}

fn check(name: &str, a: &Alignment, zh: &str, en: &str, g: &Gold) {
    let pairs: Vec<(Range<usize>, Range<usize>)> =
        a.pairs().map(|p| (p.zh_span(), p.en_span())).collect();
    let good = pairs
        .iter()
        .filter(|(z, e)| {
            g.pairs
                .iter()
                .any(|(gz, ge)| inside(z, gz) && inside(e, ge))
        })
        .count();
    let within = good as f64 / pairs.len() as f64;
    let zs: Vec<Range<usize>> = pairs.iter().map(|p| p.0.clone()).collect();
    let es: Vec<Range<usize>> = pairs.iter().map(|p| p.1.clone()).collect();
    let gz: Vec<Range<usize>> = g.pairs.iter().map(|p| p.0.clone()).collect();
    let ge: Vec<Range<usize>> = g.pairs.iter().map(|p| p.1.clone()).collect();
    let (cz, ce) = (coverage(zh, &gz, &zs), coverage(en, &ge, &es));
    let untranslated: Vec<String> = pairs
        .iter()
        .filter(|(z, e)| {
            g.zh_only.iter().any(|u| overlap(z, u)) || g.en_only.iter().any(|u| overlap(e, u))
        })
        .map(|(z, e)| format!("{} | {}", &zh[z.clone()], &en[e.clone()]))
        .collect();
    eprintln!(
        "{name}: {} pairs, {within:.3} inside one gold pair, coverage zh {cz:.3} en {ce:.3}, {} untranslated paired",
        pairs.len(),
        untranslated.len()
    );
    let bad: Vec<String> = pairs
        .iter()
        .filter(|(z, e)| {
            !g.pairs
                .iter()
                .any(|(gz, ge)| inside(z, gz) && inside(e, ge))
        })
        .map(|(z, e)| format!("{} | {}", &zh[z.clone()], &en[e.clone()]))
        .collect();
    assert!(
        within >= 0.99,
        "{name}: pairs outside the gold pairs: {bad:#?}"
    );
    assert!(
        cz >= 0.99 && ce >= 0.99,
        "{name}: coverage zh {cz:.3} en {ce:.3}"
    );
    assert!(
        untranslated.is_empty(),
        "{name}: untranslated paired: {untranslated:#?}"
    );
    // Left unaligned, not lost: each untranslated paragraph is still covered
    // by the alignment's sentences, in beads of their own side only.
    for (side, only, text) in [("zh", &g.zh_only, zh), ("en", &g.en_only, en)] {
        let spans: Vec<Range<usize>> = (0..if side == "zh" { a.zh_len() } else { a.en_len() })
            .filter_map(|i| {
                if side == "zh" {
                    a.zh_sentence_span(i)
                } else {
                    a.en_sentence_span(i)
                }
            })
            .collect();
        let kept = coverage(text, only, &spans);
        assert!(
            kept >= 0.99,
            "{name}: untranslated {side} paragraphs' text kept as sentences: {kept:.3}"
        );
    }
}

#[test]
fn block_layout() {
    let text = read("ch01-01-installation.txt");
    let a = Aligner::new().align_mixed(&text).expect("aligns");
    check(
        "block",
        &a,
        &text,
        &text,
        &gold("ch01-01-installation", &text, &text),
    );
}

#[test]
fn interleaved_layout() {
    let text = read("ch01-02-hello-world.txt");
    let a = Aligner::new().align_mixed(&text).expect("aligns");
    check(
        "interleaved",
        &a,
        &text,
        &text,
        &gold("ch01-02-hello-world", &text, &text),
    );
}

#[test]
fn two_files_english_hard_wrapped() {
    let zh = read("ch01-03-hello-cargo.zh.txt");
    let en = read("ch01-03-hello-cargo.en.txt");
    let a = Aligner::new().align(&zh, &en).expect("aligns");
    check(
        "files",
        &a,
        &zh,
        &en,
        &gold("ch01-03-hello-cargo", &zh, &en),
    );
}

/// The gold pairs' Chinese paragraphs as a text, and their English re-cut
/// into paragraphs of `per` sentences each, wherever the Chinese breaks are:
/// two sides whose paragraph breaks do not correspond.
fn reflowed(per: usize) -> (String, String) {
    let text = read("ch01-01-installation.txt");
    let g = gold("ch01-01-installation", &text, &text);
    let zh: Vec<&str> = g.pairs.iter().map(|(z, _)| &text[z.clone()]).collect();
    let en: Vec<String> = g
        .pairs
        .iter()
        .flat_map(|(_, e)| {
            // Headings (no final mark) would run into the next sentence.
            zhen_align::en_sentences(&text[e.clone()])
                .map(|s| s.as_str().to_string())
                .filter(|s| s.ends_with(['.', '!', '?']))
                .collect::<Vec<_>>()
        })
        .collect();
    let paras: Vec<String> = en.chunks(per).map(|c| c.join(" ")).collect();
    (zh.join("\n\n"), paras.join("\n\n"))
}

/// Paragraph breaks placed independently on the two sides (an English side
/// re-flowed into paragraphs of three, or of five, sentences) say nothing
/// about where the translation goes: the aligner finds that they seldom meet
/// and aligns without them, so the pairs do not depend on where they fall.
#[test]
fn independent_paragraph_breaks_do_not_move_the_pairs() {
    let pairs = |per: usize| -> Vec<(String, String)> {
        let (zh, en) = reflowed(per);
        Aligner::new()
            .align(&zh, &en)
            .expect("aligns")
            .pairs()
            .map(|p| (p.zh().into_owned(), p.en().into_owned()))
            .collect()
    };
    let (three, five) = (pairs(3), pairs(5));
    assert!(three.len() > 30, "{} pairs", three.len());
    let differ: Vec<_> = three.iter().zip(&five).filter(|(a, b)| a != b).collect();
    assert!(
        three.len() == five.len() && differ.is_empty(),
        "{} and {} pairs; differ: {differ:#?}",
        three.len(),
        five.len()
    );
}
