//! The fuzz targets' corpus and regression inputs (`fuzz/corpus/TARGET/`,
//! `fuzz/regressions/TARGET/`), and the seeds for the `mixed` target, replayed
//! on stable through the same checks the fuzz targets run
//! (`tests/support/fuzz_checks.rs`).

use std::fs;
use std::path::Path;

#[path = "support/fuzz_checks.rs"]
mod fuzz_checks;

fn replay_dir(target: &str, dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    let mut paths: Vec<_> = entries.map(|e| e.expect("dir entry").path()).collect();
    paths.sort();
    for path in paths.iter().filter(|p| p.is_file()) {
        let data = fs::read(path).expect("read corpus file");
        let r = std::panic::catch_unwind(|| fuzz_checks::run(target, &data));
        assert!(r.is_ok(), "{target}: {} fails its checks", path.display());
        n += 1;
    }
    n
}

#[test]
fn fuzz_corpus_and_regressions_keep_the_invariants() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut total = 0;
    for target in fuzz_checks::TARGETS {
        let n = replay_dir(target, &root.join("fuzz/corpus").join(target))
            + replay_dir(target, &root.join("fuzz/regressions").join(target));
        assert!(n > 0, "{target}: no corpus or regression input");
        total += n;
    }
    total += replay_dir("mixed", &root.join("fixtures/seeds"));
    total += replay_dir("html", &root.join("fixtures/html"));
    assert!(total >= 15, "{total} inputs replayed");
}
