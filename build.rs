//! Lays out the built-in lexicon (`data/cedict-lexicon.bin.gz`) in `OUT_DIR`
//! as an image the crate loads without decoding (see `src/lexicon/image.rs`):
//! the strings as text files for `include_str!`, the tables as
//! little-endian words, the headword index already built.

use std::io::Read;
use std::path::PathBuf;

#[path = "src/lexicon/image.rs"]
mod image;

fn main() {
    println!("cargo::rerun-if-changed=data/cedict-lexicon.bin.gz");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/lexicon/image.rs");
    if std::env::var_os("CARGO_FEATURE_CEDICT").is_none() {
        return;
    }
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        panic!("cargo did not set OUT_DIR");
    };
    let gz = std::fs::read("data/cedict-lexicon.bin.gz")
        .unwrap_or_else(|e| panic!("cannot read data/cedict-lexicon.bin.gz: {e}"));
    let mut raw = Vec::with_capacity(gz.len() * 3);
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("cannot inflate data/cedict-lexicon.bin.gz: {e}"));
    let d = image::decode(&raw)
        .unwrap_or_else(|e| panic!("data/cedict-lexicon.bin.gz: compact lexicon: {e}"));
    let out = PathBuf::from(out_dir);
    let write = |name: &str, bytes: &[u8]| {
        let path = out.join(name);
        std::fs::write(&path, bytes)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    };
    write("lexicon-stems.txt", d.stems.text.as_bytes());
    write("lexicon-syllables.txt", d.syllables.text.as_bytes());
    write("lexicon-heads.txt", d.heads.text.as_bytes());
    write("lexicon-tables.bin", &image::write_tables(&d));
}
