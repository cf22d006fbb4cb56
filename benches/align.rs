//! Alignment speed: start-up, a long document, a scaling series, the Bible.
//!
//! - `startup/aligner_new`: `Aligner::new()` alone. It is meant to be nearly
//!   free (no parsing): the built-in lexicon and jieba's dictionary load
//!   lazily, once per process, on the first alignment. Criterion runs every
//!   benchmark in one process, so that one-time load cannot be measured here;
//!   it is measured by whole-process timing of the `align` example on a tiny
//!   input instead (`time target/release/examples/align tiny.txt`).
//! - `align/mnd-2025`: a scaling series. The Chinese and the English
//!   paragraphs of `fixtures/seeds/mnd-2025-interleaved.txt`, each side
//!   repeated 1×, 4× and 16× into a Chinese text and an English text, aligned
//!   with `Aligner::align`. Throughput is in sentences (both sides). Expected:
//!   linear growth, i.e. about the same sentences/s at every size, because
//!   the dynamic program runs in a band around the diagonal (time grows with
//!   n × band width, not n × m); the 16× text is the "long bundled text".
//! - `align/mixed`: the seed itself through `Aligner::align_mixed` (block
//!   detection and splitting included), 1× and 16×.
//! - `bible/001`: `../shared/corpora/bible/{zh,en}/001` (one sentence a line,
//!   relative to the crate root) with `Aligner::align_sentences`. Skipped,
//!   with a message, when the corpus is not there.
//!
//! Whole-process figures (start-up, the Bible beside hunalign and
//! galechurch, the 16× Bible) are in the README's Speed section, measured
//! with `../shared/tools/speed.sh`.
//!
//! Sample sizes and times are small so the whole bench finishes in a few
//! minutes on two cores. Run: `cargo bench --bench align`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use zhen_align::{en_sentences, zh_sentences, Aligner};

const SEED: &str = include_str!("../fixtures/seeds/mnd-2025-interleaved.txt");

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// The seed's Chinese lines and English lines, each side repeated `times`.
fn parallel(times: usize) -> (String, String) {
    let (mut zh, mut en) = (String::new(), String::new());
    for line in SEED.lines().filter(|l| !l.trim().is_empty()) {
        let han = line.chars().filter(|&c| is_han(c)).count();
        let latin = line.chars().filter(char::is_ascii_alphabetic).count();
        let side = if han > latin { &mut zh } else { &mut en };
        side.push_str(line);
        side.push('\n');
    }
    (zh.repeat(times), en.repeat(times))
}

/// Sentences on both sides, as the aligner's splitters count them.
fn sentences(zh: &str, en: &str) -> u64 {
    let z: usize = zh.lines().map(|l| zh_sentences(l).count()).sum();
    let e: usize = en.lines().map(|l| en_sentences(l).count()).sum();
    (z + e) as u64
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(2));
    group.bench_function("aligner_new", |b| b.iter(Aligner::new));
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let aligner = Aligner::new();
    // Load the lazy data outside the measurements.
    let _ = aligner.align("你好。", "Hello.");

    let mut group = c.benchmark_group("align/mnd-2025");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for size in [1usize, 4, 16] {
        let (zh, en) = parallel(size);
        group.throughput(Throughput::Elements(sentences(&zh, &en)));
        group.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, _| {
            b.iter(|| aligner.align(black_box(&zh), black_box(&en)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("align/mixed");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for size in [1usize, 16] {
        let text = vec![SEED; size].join("\n");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, _| {
            b.iter(|| aligner.align_mixed(black_box(&text)))
        });
    }
    group.finish();
}

fn bible(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bible");
    let read = |side: &str| std::fs::read_to_string(root.join(side).join("001"));
    let (zh, en) = match (read("zh"), read("en")) {
        (Ok(zh), Ok(en)) => (zh, en),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!(
                "bible/001: skipped, cannot read {}/{{zh,en}}/001: {e}",
                root.display()
            );
            return;
        }
    };
    let zh: Vec<&str> = zh.lines().collect();
    let en: Vec<&str> = en.lines().collect();
    let aligner = Aligner::new();
    let _ = aligner.align("你好。", "Hello.");

    let mut group = c.benchmark_group("bible");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements((zh.len() + en.len()) as u64));
    group.bench_function("001", |b| {
        b.iter(|| aligner.align_sentences(black_box(&zh), black_box(&en)))
    });
    group.finish();
}

criterion_group!(benches, startup, scaling, bible);
criterion_main!(benches);
