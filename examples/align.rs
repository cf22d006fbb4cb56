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

use zhen_align::{Aligner, Encoding, Glossary, InputFormat, InputReader, DEFAULT_MAX_INPUT_BYTES};

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
    inputs: Vec<PathBuf>,
    presplit: bool,
    format: Format,
    glossaries: Vec<PathBuf>,
    output: Option<PathBuf>,
    max_input_bytes: u64,
    encoding: Encoding,
    input: InputFormat,
    timings: bool,
    min_confidence: Option<f64>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        inputs: Vec::new(),
        presplit: false,
        format: Format::Tmx,
        glossaries: Vec::new(),
        output: None,
        max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
        encoding: Encoding::Auto,
        input: InputFormat::Auto,
        timings: false,
        min_confidence: None,
    };
    let mut it = std::env::args_os().skip(1);
    while let Some(a) = it.next() {
        let s = a.to_string_lossy();
        let mut value = |name: &str| {
            it.next()
                .ok_or_else(|| format!("{name} needs a value; {USAGE}"))
        };
        match s.as_ref() {
            "--presplit" => args.presplit = true,
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
            "--glossary" => args.glossaries.push(value("--glossary")?.into()),
            "-o" | "--output" => args.output = Some(value("-o")?.into()),
            "--max-input-bytes" => {
                let v = value("--max-input-bytes")?;
                args.max_input_bytes = v.to_string_lossy().parse().map_err(|_| {
                    format!(
                        "--max-input-bytes takes a number of bytes, found {:?}",
                        v.to_string_lossy()
                    )
                })?;
            }
            "--min-confidence" => {
                let v = value("--min-confidence")?.to_string_lossy().into_owned();
                let x: f64 = v.parse().map_err(|_| {
                    format!("--min-confidence takes a number from 0 to 1, found {v:?}")
                })?;
                args.min_confidence = Some(x);
            }
            "--encoding" => {
                let v = value("--encoding")?;
                args.encoding = Encoding::from_name(&v.to_string_lossy())
                    .map_err(|e| format!("--encoding: {}", setting_message(e)))?;
            }
            "--input" => {
                let v = value("--input")?;
                args.input = InputFormat::from_name(&v.to_string_lossy())
                    .map_err(|e| format!("--input: {}", setting_message(e)))?;
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ if s.starts_with('-') && s.len() > 1 => {
                return Err(format!("unknown option {s}; {USAGE}"))
            }
            _ => args.inputs.push(a.into()),
        }
    }
    if args.inputs.is_empty() || args.inputs.len() > 2 {
        return Err(format!("expected one or two input files; {USAGE}"));
    }
    if args.presplit && args.inputs.len() != 2 {
        return Err("--presplit needs a Chinese file and an English file".to_string());
    }
    if let Some(out) = &args.output {
        output::check_not_an_input(out, &args.inputs)?;
    }
    Ok(args)
}

/// The message of a rejected setting, without the library's "invalid setting" prefix.
fn setting_message(e: zhen_align::Error) -> String {
    match e {
        zhen_align::Error::Config { message, .. } => message,
        e => e.to_string(),
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    if args.timings {
        timings::install();
    }
    let mut builder = Aligner::builder();
    for g in &args.glossaries {
        builder = builder.glossary(Glossary::from_tsv_path(g)?);
    }
    if let Some(x) = args.min_confidence {
        builder = builder.confidence_threshold(x);
    }
    let aligner = builder.build().map_err(|e| match e {
        zhen_align::Error::Config {
            name: "confidence_threshold",
            ..
        } => format!("--min-confidence: {}", setting_message(e)),
        e => e.to_string(),
    })?;

    let reader = InputReader::new()
        .encoding(args.encoding)
        .format(args.input)
        .max_bytes(args.max_input_bytes);
    let texts: Vec<String> = args
        .inputs
        .iter()
        .map(|p| {
            reader
                .read_path(p)?
                .into_plain_text()
                .map_err(|e| e.with_path(p))
        })
        .collect::<Result<_, _>>()?;
    let name = |i: usize| args.inputs[i].display().to_string();
    let alignment = match (&texts[..], args.presplit) {
        ([mixed], _) => aligner
            .align_mixed(mixed)
            .map_err(|e| e.with_path(name(0)))?,
        ([zh, en], true) => {
            let zl: Vec<&str> = zh.lines().collect();
            let el: Vec<&str> = en.lines().collect();
            aligner
                .align_sentences(&zl, &el)
                .map_err(|e| e.with_path(format!("{} + {}", name(0), name(1))))?
        }
        ([zh, en], false) => aligner
            .align(zh, en)
            .map_err(|e| e.with_path(format!("{} + {}", name(0), name(1))))?,
        _ => unreachable!("one or two inputs"),
    };

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
