//! The main job: align a mixed Chinese/English file (or a Chinese file and an
//! English file) and write TMX, TSV, JSON Lines, beads or the split sentences.
//!
//! ```text
//! cargo run --release --example align -- [OPTIONS] INPUT [EN_INPUT]
//!   INPUT alone        a mixed Chinese/English file
//!   INPUT EN_INPUT     a Chinese file and an English file
//!   --presplit         inputs hold one sentence a line; skip block detection and splitting
//!   --format F         tmx (default) | tsv | jsonl | beads | sentences
//!   --glossary FILE    Chinese<TAB>English terms, one a line; may repeat
//!   -o FILE            write there instead of standard output
//!   --max-input-bytes N  refuse an input larger than N bytes (default 2 GiB)
//!   --min-confidence X pairs below confidence X (0 to 1, default 0.2) are left out of
//!                      tmx, tsv and jsonl output (beads and sentences hold every bead)
//!   --timings          print the phases of the alignment with their times on standard error
//!   --encoding NAME    the inputs' encoding: auto (default: BOM, valid UTF-8, then
//!                      GB18030/GBK or Big5 detected) | utf-8 | utf-16le | utf-16be |
//!                      gb18030 (gbk, gb2312) | big5
//!   --input KIND       auto (default: .html/.htm or a page start is HTML) | text | html
//! ```
//!
//! Output is always UTF-8; spans (`--format jsonl`) are byte offsets into the
//! decoded text (for a page, into its block text).
//!
//! Errors: one line on standard error naming the file and the problem, exit status 1.
//! `-o FILE` is written to a temporary file beside it and renamed when complete,
//! so a failed run leaves an old FILE whole; `-o` naming an input is refused. A
//! closed standard output (`align … | head -1`) ends the program quietly.

use std::error::Error;
use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;

#[path = "support/inputs.rs"]
mod inputs;
use inputs::InputOptions;

#[path = "support/output.rs"]
#[allow(dead_code)]
mod output;
use output::Output;

#[path = "support/timings.rs"]
mod timings;

const USAGE: &str = "usage: align [--presplit] [--format tmx|tsv|jsonl|beads|sentences] [--glossary FILE]... [-o FILE] [--max-input-bytes N] [--min-confidence X] [--timings] [--encoding NAME] [--input auto|text|html] INPUT [EN_INPUT]";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Tmx,
    Tsv,
    Jsonl,
    Beads,
    Sentences,
}

struct Args {
    inputs: InputOptions,
    format: Format,
    output: Option<PathBuf>,
    timings: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        inputs: InputOptions::new(),
        format: Format::Tmx,
        output: None,
        timings: false,
    };
    let mut it = std::env::args_os().skip(1);
    while let Some(a) = it.next() {
        let s = a.to_string_lossy();
        let mut value = |name: &str| {
            it.next()
                .ok_or_else(|| format!("{name} needs a value; {USAGE}"))
        };
        if args.inputs.take(&s, &mut value)? {
            continue;
        }
        match s.as_ref() {
            "--timings" => args.timings = true,
            "--format" => {
                let v = value("--format")?;
                args.format = match v.to_string_lossy().as_ref() {
                    "tmx" => Format::Tmx,
                    "tsv" => Format::Tsv,
                    "jsonl" => Format::Jsonl,
                    "beads" => Format::Beads,
                    "sentences" => Format::Sentences,
                    other => {
                        return Err(format!(
                        "unknown format {other:?}: expected tmx, tsv, jsonl, beads or sentences"
                    ))
                    }
                }
            }
            "-o" | "--output" => args.output = Some(value("-o")?.into()),
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ if s.starts_with('-') && s.len() > 1 => {
                return Err(format!("unknown option {s}; {USAGE}"))
            }
            _ => args.inputs.inputs.push(a.into()),
        }
    }
    args.inputs.check(USAGE)?;
    if let Some(out) = &args.output {
        output::check_not_an_input(out, &args.inputs.inputs)?;
    }
    Ok(args)
}

fn run() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    if args.timings {
        timings::install();
    }
    let aligner = args.inputs.aligner()?;
    let texts = args.inputs.read()?;
    let alignment = args.inputs.align(&aligner, texts, &args.inputs.name())?;

    let out = Output::create(args.output.as_deref())?;
    // The writers buffer themselves through `Output`; this adds nothing but
    // keeps their `W: Write` by value.
    let w = BufWriter::with_capacity(0, out);
    let out_name = args
        .output
        .as_ref()
        .map_or_else(|| "standard output".into(), |p| p.display().to_string());
    let w = match args.format {
        Format::Tmx => zhen_align::write_tmx(w, alignment.pairs()),
        Format::Tsv => zhen_align::write_tsv(w, alignment.pairs()),
        Format::Jsonl => zhen_align::write_jsonl(w, alignment.pairs()),
        Format::Beads => zhen_align::write_beads(w, alignment.beads()),
        Format::Sentences => zhen_align::write_sentences(w, &alignment),
    }
    .map_err(|e| e.with_path(&out_name))?;
    let out = w.into_inner().map_err(|e| e.into_error())?;
    out.commit()
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if output::is_broken_pipe(e.as_ref()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("align: {e}");
            ExitCode::FAILURE
        }
    }
}
