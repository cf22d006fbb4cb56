//! Batch mode: aligns a stream of documents, one JSON object a line, and
//! writes one JSON object a line back, in the same order, as it goes.
//!
//! ```text
//! cargo run --release --example batch -- [OPTIONS] [INPUT.jsonl]   (standard input without INPUT)
//!   --format F       pairs (default) | beads
//!   --threads N      worker threads (default: all cores)
//!   --chunk N        documents read and aligned at a time (default 256); memory is
//!                    bounded by N documents and their alignments
//!   --glossary FILE  Chinese<TAB>English terms, one a line; may repeat
//!   --max-line-bytes N  a document line longer than N bytes (default 256 MiB) gets
//!                    an error object and is skipped without being held in memory
//!   --encoding NAME  the stream's encoding: utf-8 (default, as JSON is) | gb18030 (gbk) |
//!                    big5 | auto (each line detected); UTF-16 cannot be split at line feeds
//! ```
//!
//! Input, one document a line (other fields are ignored; blank lines are skipped):
//!
//! ```text
//! {"id": "a1", "zh": "中文全文……", "en": "English text..."}       two texts, split here
//! {"id": "a2", "text": "中文……\n\nEnglish..."}                    one mixed text
//! {"id": "a3", "presplit": true, "zh": ["一。", "二。"], "en": ["One.", "Two."]}
//! ```
//!
//! `"zh"` and `"en"` given as arrays are sentences already split; with
//! `"presplit": true` strings are split at line breaks, one sentence a line.
//! `"id"` may be any JSON value; without one, the line number stands in.
//!
//! Output, one line per input line:
//!
//! ```text
//! {"id":"a1","pairs":[{"zh":"…","en":"…","confidence":0.93},…]}     --format pairs
//! {"id":"a1","beads":"[0]:[0] [1]:[1,2] [2]:[]"}                     --format beads
//! {"id":"a4","line":4,"error":"line 4: no English text found: nothing to align"}
//! ```
//!
//! A bad document (invalid JSON, invalid UTF-8, a missing language) gives an
//! error object in its place and the stream goes on. While standard error is
//! a terminal, a progress line (documents done, documents a second) is shown
//! there. Fatal problems (an unreadable input file, a failed write) are one
//! line on standard error and exit status 1.
//!
//! Because every line is independent, the program also runs under tools
//! that split a corpus across processes or machines:
//!
//! ```text
//! parallel --pipe --keep-order -N 1000 ./batch --threads 1 < corpus.jsonl > aligned.jsonl
//! rdd.pipe("./batch --threads 1")                                   (Spark)
//! hadoop jar hadoop-streaming.jar -mapper "batch --threads 1" ...   (Hadoop streaming)
//! ```

use std::borrow::Cow;
use std::error::Error;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use zhen_align::{decode_text, write_beads, Aligner, Alignment, Document, Encoding, Glossary};

const USAGE: &str = "usage: batch [--format pairs|beads] [--threads N] [--chunk N] [--glossary FILE]... [--max-line-bytes N] [--encoding NAME] [INPUT.jsonl]";

/// How often the progress line may change.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Pairs,
    Beads,
}

struct Args {
    input: Option<PathBuf>,
    format: Format,
    threads: usize,
    chunk: usize,
    glossaries: Vec<PathBuf>,
    max_line_bytes: usize,
    encoding: Encoding,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        input: None,
        format: Format::Pairs,
        threads: 0,
        chunk: 256,
        max_line_bytes: DEFAULT_MAX_LINE_BYTES,
        encoding: Encoding::Utf8,
        glossaries: Vec::new(),
    };
    let mut it = std::env::args_os().skip(1);
    while let Some(a) = it.next() {
        let s = a.to_string_lossy();
        let mut value = |name: &str| {
            it.next()
                .map(|v| v.to_string_lossy().into_owned())
                .ok_or_else(|| format!("{name} needs a value; {USAGE}"))
        };
        let number = |name: &str, v: String| {
            v.parse::<usize>()
                .map_err(|_| format!("{name}: expected a whole number, found {v:?}"))
        };
        match s.as_ref() {
            "--format" => {
                args.format = match value("--format")?.as_str() {
                    "pairs" => Format::Pairs,
                    "beads" => Format::Beads,
                    other => {
                        return Err(format!("unknown format {other:?}: expected pairs or beads"))
                    }
                }
            }
            "--threads" => args.threads = number("--threads", value("--threads")?)?,
            "--chunk" => args.chunk = number("--chunk", value("--chunk")?)?.max(1),
            "--glossary" => args.glossaries.push(value("--glossary")?.into()),
            "--max-line-bytes" => {
                args.max_line_bytes = number("--max-line-bytes", value("--max-line-bytes")?)?
            }
            "--encoding" => {
                args.encoding = match Encoding::from_name(&value("--encoding")?) {
                    Ok(Encoding::Utf16Le | Encoding::Utf16Be) => {
                        return Err("--encoding: a JSON Lines stream cannot be UTF-16 (its lines are split at line feeds); convert it to UTF-8".to_string())
                    }
                    Ok(e) => e,
                    Err(zhen_align::Error::Config { message, .. }) => {
                        return Err(format!("--encoding: {message}"))
                    }
                    Err(e) => return Err(format!("--encoding: {e}")),
                }
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ if s.starts_with('-') && s.len() > 1 => {
                return Err(format!("unknown option {s}; {USAGE}"))
            }
            _ if args.input.is_some() => return Err(format!("expected one input file; {USAGE}")),
            _ => args.input = Some(a.into()),
        }
    }
    Ok(args)
}

/// One input line. `zh`/`en` are texts or sentence arrays.
#[derive(Deserialize)]
struct InputDoc {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    zh: Option<Side>,
    #[serde(default)]
    en: Option<Side>,
    #[serde(default)]
    presplit: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Side {
    Text(String),
    Sentences(Vec<String>),
}

impl Side {
    fn sentences(&self) -> Vec<Cow<'_, str>> {
        match self {
            Side::Text(t) => t.lines().map(Cow::Borrowed).collect(),
            Side::Sentences(v) => v.iter().map(|s| Cow::Borrowed(s.as_str())).collect(),
        }
    }
}

impl InputDoc {
    fn document(&self) -> Result<Document<'_>, String> {
        match (&self.text, &self.zh, &self.en) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                Err(r#"give either "text" or "zh" and "en", not both"#.to_string())
            }
            (Some(_), None, None) if self.presplit => {
                Err(r#""presplit" needs "zh" and "en", not "text""#.to_string())
            }
            (Some(t), None, None) => Ok(Document::mixed(t)),
            (None, Some(Side::Text(zh)), Some(Side::Text(en))) if !self.presplit => {
                Ok(Document::texts(zh, en))
            }
            (None, Some(zh), Some(en)) => Ok(Document::Sentences {
                zh: zh.sentences(),
                en: en.sentences(),
            }),
            _ => Err(r#"expected "text", or "zh" and "en""#.to_string()),
        }
    }
}

#[derive(Serialize)]
struct OutPair<'a> {
    zh: Cow<'a, str>,
    en: Cow<'a, str>,
    confidence: f64,
}

#[derive(Serialize)]
struct Output<'a> {
    id: &'a Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pairs: Option<Vec<OutPair<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    beads: Option<String>,
}

#[derive(Serialize)]
struct ErrorOutput<'a> {
    id: &'a Value,
    line: usize,
    error: String,
}

/// The default of `--max-line-bytes`: one document line of at most 256 MiB.
const DEFAULT_MAX_LINE_BYTES: usize = 256 << 20;

/// The output line (no line break) for input line `line_no`, and whether it
/// is an error object. `None` stands for a line over the length limit.
fn process(
    aligner: &Aligner,
    format: Format,
    line_no: usize,
    bytes: Option<Vec<u8>>,
    max_line_bytes: usize,
    encoding: Encoding,
) -> (String, bool) {
    let fallback_id = Value::from(line_no);
    let Some(bytes) = bytes else {
        let out = ErrorOutput {
            id: &fallback_id,
            line: line_no,
            error: format!(
                "line {line_no}: line is longer than the limit of {max_line_bytes} bytes"
            ),
        };
        return (serde_json::to_string(&out).unwrap_or_default(), true);
    };
    match document_line(aligner, format, line_no, bytes, encoding) {
        Ok(out) => (out, false),
        Err(error_object) => (error_object, true),
    }
}

/// The output line for one document line within the limit.
fn document_line(
    aligner: &Aligner,
    format: Format,
    line_no: usize,
    bytes: Vec<u8>,
    encoding: Encoding,
) -> Result<String, String> {
    let fallback_id = Value::from(line_no);
    let fail = |id: &Value, message: String| {
        let out = ErrorOutput {
            id,
            line: line_no,
            error: format!("line {line_no}: {message}"),
        };
        serde_json::to_string(&out).unwrap_or_default()
    };
    let text = match decode_text(bytes, encoding) {
        Ok(t) => t.into_text(),
        Err(e) => return Err(fail(&fallback_id, e.to_string())),
    };
    let input: InputDoc = match serde_json::from_str(&text) {
        Ok(d) => d,
        Err(e) => {
            // serde_json's message ends in "at line 1 column N": keep the column only.
            let message = e.to_string();
            let what = message
                .rfind(" at line ")
                .map_or(message.as_str(), |i| &message[..i]);
            return Err(fail(
                &fallback_id,
                format!("invalid JSON at column {}: {what}", e.column()),
            ));
        }
    };
    let id = input.id.as_ref().unwrap_or(&fallback_id);
    let alignment = match input
        .document()
        .and_then(|doc| aligner.align_document(&doc).map_err(|e| e.to_string()))
    {
        Ok(a) => a,
        Err(message) => return Err(fail(id, message)),
    };
    let out = match format {
        Format::Pairs => Output {
            id,
            pairs: Some(pairs_of(&alignment)),
            beads: None,
        },
        Format::Beads => match beads_of(&alignment) {
            Ok(beads) => Output {
                id,
                pairs: None,
                beads: Some(beads),
            },
            Err(e) => return Err(fail(id, e.to_string())),
        },
    };
    serde_json::to_string(&out).map_err(|e| fail(id, e.to_string()))
}

fn pairs_of(alignment: &Alignment) -> Vec<OutPair<'_>> {
    alignment
        .pairs()
        .map(|p| OutPair {
            zh: p.zh(),
            en: p.en(),
            confidence: p.confidence(),
        })
        .collect()
}

/// The bead format of `write_beads`, beads separated by a space.
fn beads_of(alignment: &Alignment) -> Result<String, Box<dyn Error>> {
    let bytes = write_beads(Vec::new(), alignment.beads())?;
    Ok(String::from_utf8(bytes)?.trim_end().replace('\n', " "))
}

/// Reads up to `chunk` non-blank lines (with their 1-based numbers); a line
/// longer than `max_line` bytes is read past, not kept, and given as `None`.
fn read_chunk(
    reader: &mut dyn BufRead,
    chunk: usize,
    max_line: usize,
    line_no: &mut usize,
) -> io::Result<Vec<(usize, Option<Vec<u8>>)>> {
    let mut lines = Vec::with_capacity(chunk);
    while lines.len() < chunk {
        let mut buf = Vec::new();
        let limit = u64::try_from(max_line)
            .unwrap_or(u64::MAX)
            .saturating_add(2);
        if Read::take(&mut *reader, limit).read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        *line_no += 1;
        if !buf.ends_with(b"\n") && buf.len() as u64 == limit {
            // Over the limit: skip to the end of the line in bounded steps.
            buf.clear();
            loop {
                let (done, used) = {
                    let avail = reader.fill_buf()?;
                    match avail.iter().position(|&b| b == b'\n') {
                        Some(i) => (true, i + 1),
                        None => (avail.is_empty(), avail.len()),
                    }
                };
                reader.consume(used);
                if done {
                    break;
                }
            }
            lines.push((*line_no, None));
            continue;
        }
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        if buf.len() > max_line {
            lines.push((*line_no, None));
        } else if !buf.iter().all(u8::is_ascii_whitespace) {
            lines.push((*line_no, Some(buf)));
        }
    }
    Ok(lines)
}

/// Shows `done` documents and the rate on standard error until `finished`.
fn show_progress(done: &AtomicUsize, finished: &AtomicBool) {
    let start = Instant::now();
    let line = |end: &str| {
        let n = done.load(Ordering::Relaxed);
        let secs = start.elapsed().as_secs_f64().max(1e-9);
        eprint!(
            "\rbatch: {n} documents, {:.0} docs/s   {end}",
            n as f64 / secs
        );
    };
    loop {
        std::thread::park_timeout(PROGRESS_EVERY);
        if finished.load(Ordering::Relaxed) {
            break;
        }
        line("");
    }
    line("\n");
}

fn run() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    if args.threads > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(args.threads)
            .build_global()?;
    }
    let mut builder = Aligner::builder();
    for g in &args.glossaries {
        builder = builder.glossary(Glossary::from_tsv_path(g)?);
    }
    let aligner = builder.build()?;

    let name = args
        .input
        .as_ref()
        .map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string());
    let mut reader: Box<dyn BufRead> = match &args.input {
        Some(p) => Box::new(BufReader::new(
            File::open(p).map_err(|e| format!("{name}: cannot open: {e}"))?,
        )),
        None => Box::new(io::stdin().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());

    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let progress = io::stderr()
            .is_terminal()
            .then(|| scope.spawn(|| show_progress(&done, &finished)));
        let mut line_no = 0;
        let (mut documents, mut failures) = (0usize, 0usize);
        let result = (|| -> Result<(), Box<dyn Error>> {
            loop {
                let lines = read_chunk(&mut reader, args.chunk, args.max_line_bytes, &mut line_no)
                    .map_err(|e| format!("{name}: read error after line {line_no}: {e}"))?;
                if lines.is_empty() {
                    return Ok(());
                }
                let outputs: Vec<(String, bool)> = lines
                    .into_par_iter()
                    .map(|(n, bytes)| {
                        let s = process(
                            &aligner,
                            args.format,
                            n,
                            bytes,
                            args.max_line_bytes,
                            args.encoding,
                        );
                        done.fetch_add(1, Ordering::Relaxed);
                        s
                    })
                    .collect();
                for (o, bad) in outputs {
                    documents += 1;
                    failures += usize::from(bad);
                    out.write_all(o.as_bytes())?;
                    out.write_all(b"\n")?;
                }
                out.flush()?;
            }
        })();
        finished.store(true, Ordering::Relaxed);
        if let Some(handle) = progress {
            handle.thread().unpark();
            let _ = handle.join();
        }
        if failures > 0 {
            eprintln!(
                "batch: {failures} of {documents} documents failed (see their error objects)"
            );
        }
        result
    })
}

/// Whether an error comes from writing to a closed pipe (`batch … | head`):
/// the run ends quietly, as Unix tools do.
fn is_broken_pipe(e: &(dyn Error + 'static)) -> bool {
    let mut cur: Option<&(dyn Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if err
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        cur = err.source();
    }
    false
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(e.as_ref()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("batch: {e}");
            ExitCode::FAILURE
        }
    }
}
