//! Writes the compact built-in lexicon from a CC-CEDICT file.
//!
//! ```text
//! cargo run --example build_lexicon -- cedict_1_0_ts_utf-8_mdbg.txt.gz data/cedict-lexicon.bin.gz
//! ```
//!
//! The input may be gzip-compressed (a name ending in `.gz`) or plain text.
//! The output depends only on the input: CI regenerates it and compares it
//! byte for byte with the committed `data/cedict-lexicon.bin.gz`. Should that
//! file be missing, build with `--no-default-features` (the generator does
//! not need the built-in lexicon).

use std::error::Error;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::process::ExitCode;

use zhen_align::Lexicon;

fn run() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args_os().skip(1);
    let (Some(input), Some(output), None) = (args.next(), args.next(), args.next()) else {
        return Err("usage: build_lexicon CEDICT[.gz] OUTPUT".into());
    };
    let file =
        File::open(&input).map_err(|e| format!("{}: cannot open: {e}", input.to_string_lossy()))?;
    let lex = if input.to_string_lossy().ends_with(".gz") {
        Lexicon::from_cedict(BufReader::new(flate2::read::GzDecoder::new(file)))
    } else {
        Lexicon::from_cedict(BufReader::new(file))
    }
    .map_err(|e| e.with_path(&input))?;
    let out = File::create(&output)
        .map_err(|e| format!("{}: cannot create: {e}", output.to_string_lossy()))?;
    let mut out = BufWriter::new(out);
    lex.write_compact(&mut out)
        .map_err(|e| e.with_path(&output))?;
    out.flush()?;
    eprintln!("{}: {} headwords", output.to_string_lossy(), lex.len());
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("build_lexicon: {e}");
            ExitCode::FAILURE
        }
    }
}
