//! Sentence-splitting throughput, Chinese and English, in bytes per second.
//!
//! Input: the bundled seed fixtures (`fixtures/seeds/*.txt`), split into
//! their Chinese and their English lines (a line is Chinese when it holds
//! more Han characters than ASCII letters), each side repeated to about
//! 1 MB. Each group times a full pass of one splitter over the text and, as
//! an in-group baseline, a pass of `str::lines` over the same bytes (the
//! floor: one scan for `\n`).
//!
//! Expected: both splitters are single-pass and zero-copy, so time grows
//! linearly with the input at several hundred MB/s in a release build on
//! one core (measured 2025-11 on the 2-core dev box: zh about 670 MiB/s,
//! en about 460 MiB/s). The baseline is a SIMD `memchr` scan at about 10 GiB/s, so the
//! splitters sit 15–30× below it; a splitter falling much further behind it
//! has grown a second pass or an allocation per sentence. A Han character
//! takes three UTF-8 bytes, so at equal bytes/s the Chinese splitter handles
//! about a third as many characters as the English one.
//!
//! Run: `cargo bench --bench segment`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zhen_align::{en_sentences, zh_sentences};

/// The seed fixtures, embedded so the bench needs no working directory.
const SEEDS: &[&str] = &[
    include_str!("../fixtures/seeds/mnd-2022-english-news-with-web-junk.txt"),
    include_str!("../fixtures/seeds/mnd-2023-chinese-page-then-english-answer.txt"),
    include_str!("../fixtures/seeds/mnd-2023-english-only.txt"),
    include_str!("../fixtures/seeds/mnd-2024-english-with-chinese-headlines.txt"),
    include_str!("../fixtures/seeds/mnd-2025-interleaved.txt"),
];

/// About this many bytes per side.
const TARGET_BYTES: usize = 1 << 20;

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// The Chinese lines and the English lines of every seed, each side
/// repeated to about [`TARGET_BYTES`].
fn sides() -> (String, String) {
    let (mut zh, mut en) = (String::new(), String::new());
    for line in SEEDS.iter().flat_map(|s| s.lines()) {
        let han = line.chars().filter(|&c| is_han(c)).count();
        let latin = line.chars().filter(char::is_ascii_alphabetic).count();
        let side = if han > latin { &mut zh } else { &mut en };
        side.push_str(line);
        side.push('\n');
    }
    let grow = |s: String| s.repeat(TARGET_BYTES / s.len().max(1) + 1);
    (grow(zh), grow(en))
}

fn segment(c: &mut Criterion) {
    let (zh, en) = sides();
    for (name, text, split) in [("zh", &zh, Split::Zh), ("en", &en, Split::En)] {
        let mut group = c.benchmark_group(format!("segment/{name}"));
        group
            .throughput(Throughput::Bytes(text.len() as u64))
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        group.bench_function("lines (baseline)", |b| {
            b.iter(|| black_box(text.as_str()).lines().count())
        });
        group.bench_function("sentences", |b| {
            b.iter(|| split.count(black_box(text.as_str())))
        });
        group.finish();
    }
}

/// Which splitter a group measures.
#[derive(Clone, Copy)]
enum Split {
    Zh,
    En,
}

impl Split {
    fn count(self, text: &str) -> usize {
        match self {
            Split::Zh => zh_sentences(text).count(),
            Split::En => en_sentences(text).count(),
        }
    }
}

criterion_group!(benches, segment);
criterion_main!(benches);
