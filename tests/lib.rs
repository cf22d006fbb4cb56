//! One integration test binary; each module a concern.

mod api;
mod batch;
mod cli;
mod edit;
mod eval;
mod export;
mod faults;
mod fuzz_corpus;
mod input;
mod properties;
mod review;
mod robustness;
mod seeds;
mod segment;
mod technical;
mod wrapped;

/// The path of a built example binary: `target/<profile>/deps/<test binary>`
/// → `target/<profile>/examples/<name>` (cargo test builds the examples).
pub(crate) fn example_bin(name: &str) -> std::path::PathBuf {
    let mut p = std::env::current_exe().expect("test binary path");
    p.pop();
    if p.ends_with("deps") {
        p.pop();
    }
    p.push("examples");
    p.push(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    p
}
