//! Hard-wrapped text: the seeds re-wrapped as a plain-text tool would wrap
//! them (at 72 columns, a blank line between paragraphs) give the same pairs
//! as the seeds with one paragraph a line, in one mixed file and in two files.

use zhen_align::Aligner;

const SEED_2023: &str =
    include_str!("../fixtures/seeds/mnd-2023-chinese-page-then-english-answer.txt");
const SEED_2025: &str = include_str!("../fixtures/seeds/mnd-2025-interleaved.txt");

/// Display width: two columns for Han and full-width characters.
fn columns(c: char) -> usize {
    if c as u32 >= 0x2E80 {
        2
    } else {
        1
    }
}

fn is_cjk(c: char) -> bool {
    c as u32 >= 0x2E80
}

/// Wraps one paragraph at `width` columns: English at spaces; Chinese between
/// two CJK characters (where a reader joins the lines without a space).
fn wrap_line(line: &str, width: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let (mut start, mut i, mut w) = (0usize, 0usize, 0usize);
    let mut last_break: Option<(usize, bool)> = None; // (index, drop the char there)
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' {
            last_break = Some((i, true));
        } else if i > start && is_cjk(c) && is_cjk(chars[i - 1]) {
            last_break = Some((i, false));
        }
        w += columns(c);
        if w > width {
            if let Some((b, drop)) = last_break.filter(|&(b, _)| b > start) {
                out.extend(&chars[start..b]);
                out.push('\n');
                start = if drop { b + 1 } else { b };
                i = start;
                w = 0;
                last_break = None;
                continue;
            }
        }
        i += 1;
    }
    out.extend(&chars[start..]);
    out
}

/// The text re-wrapped: each non-empty line a paragraph, wrapped, with a
/// blank line after it.
fn rewrap(text: &str, width: usize) -> String {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| wrap_line(l.trim(), width) + "\n\n")
        .collect()
}

fn pairs(a: &zhen_align::Alignment) -> Vec<(String, String)> {
    a.pairs()
        .map(|p| (p.zh().into_owned(), p.en().into_owned()))
        .collect()
}

#[test]
fn the_wrapper_wraps() {
    let w = rewrap(SEED_2025, 72);
    assert!(w.lines().count() > 3 * SEED_2025.lines().count(), "{w}");
    assert!(w
        .lines()
        .all(|l| l.chars().map(columns).sum::<usize>() <= 72));
}

#[test]
fn wrapped_seeds_give_the_same_pairs_as_unwrapped() {
    let aligner = Aligner::new();
    for (name, seed) in [("2023", SEED_2023), ("2025", SEED_2025)] {
        let want = pairs(&aligner.align_mixed(seed).expect("seed aligns"));
        assert!(want.len() >= 5, "{name}");
        for width in [64, 72, 80] {
            let wrapped = rewrap(seed, width);
            let got = pairs(&aligner.align_mixed(&wrapped).expect("wrapped seed aligns"));
            assert_eq!(got, want, "seed {name} wrapped at {width}");
        }
    }
}

#[test]
fn wrapped_two_files_give_the_same_pairs_as_unwrapped() {
    let aligner = Aligner::new();
    let (zh, en): (Vec<&str>, Vec<&str>) = SEED_2025
        .lines()
        .filter(|l| !l.trim().is_empty())
        .partition(|l| l.chars().any(is_cjk));
    let (zh, en) = (zh.join("\n"), en.join("\n"));
    let want = pairs(&aligner.align(&zh, &en).expect("aligns"));
    let got = pairs(
        &aligner
            .align(&rewrap(&zh, 72), &rewrap(&en, 72))
            .expect("wrapped aligns"),
    );
    assert_eq!(got, want);
    // The Chinese side was wrapped between Han characters and comes back
    // without spaces there.
    assert!(got
        .iter()
        .all(|(z, _)| !z.contains(' ') || z.contains(|c: char| c.is_ascii_alphanumeric())));
}
