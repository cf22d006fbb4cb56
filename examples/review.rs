//! Review before export: a local web page to check, fix and export an
//! alignment.
//!
//! ```text
//! cargo run --release --example review -- [OPTIONS] INPUT [EN_INPUT]
//!   INPUT alone        a mixed Chinese/English file
//!   INPUT EN_INPUT     a Chinese file and an English file
//!   --port N           the port on 127.0.0.1 (default: a free one)
//!   --presplit, --glossary FILE, --max-input-bytes N, --min-confidence X,
//!   --encoding NAME, --input KIND
//!                      as for the `align` example
//! ```
//!
//! It aligns the inputs as `align` does, then serves one page on
//! `http://127.0.0.1:PORT/` (printed on standard output) until stopped: the
//! beads side by side, Chinese left and English right, coloured by
//! confidence; merge, split, unlink, link and undo; filters; TMX, TSV and
//! JSON Lines downloads of the edited alignment; another input by upload or
//! paste.
//!
//! The page, its script and its style are compiled in (no CDN, works
//! offline). The edits are applied by the library ([`zhen_align::Edit`]),
//! which keeps the beads a partition of both sides. Safe by default: bound
//! to loopback only; a request whose `Host` is not `127.0.0.1:PORT` or
//! `localhost:PORT` is refused with 403 (no DNS rebinding), and so is a
//! `POST` from another origin; an upload over 50 MiB is refused with 413;
//! no file is read from disk but the inputs named on the command line.
//!
//! HTTP interface (JSON unless said otherwise; errors are one line of plain
//! text with status 400, 403, 404, 409 or 413):
//!
//! | request | does |
//! | --- | --- |
//! | `GET /` | the page (`/review.js`, `/review.css`: its script and style) |
//! | `GET /api/alignment` | `{name, version, zh, en, beads, others, undo, exported}`: the sentences of both sides, each bead as `[zh_start, zh_end, en_start, en_end, confidence, edited]`, text of neither language (`{side, before, text}`, shown before sentence `before` of `side`) |
//! | `POST /api/edit` | body `{"op": "merge"\|"split"\|"unlink"\|"link", "bead": N, "zh": N, "en": N, "version": N}` (`zh`, `en` for split only; `version` optional): applies it and answers `{version, at, removed, beads, undo, exported}`, beads `at..at+removed` replaced by `beads` (`exported`: the pairs TMX, TSV and JSON Lines hold) |
//! | `POST /api/undo` | undoes the last edit, answered as an edit is |
//! | `GET /api/export?format=tmx\|tsv\|jsonl` | the edited alignment through the library's writers, as `align` writes them |
//! | `POST /api/load?name=NAME&zh_bytes=N` | body: a mixed file, or (with `zh_bytes`) a Chinese file of N bytes followed by an English file; aligned with the command line's options, answered as `GET /api/alignment` |

use std::borrow::Cow;
use std::error::Error;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use zhen_align::{text_blocks, Aligner, Alignment, Change, Edit, TextBlock, TextKind};

#[path = "support/inputs.rs"]
mod inputs;
use inputs::InputOptions;

const USAGE: &str = "usage: review [--port N] [--presplit] [--glossary FILE]... [--max-input-bytes N] [--min-confidence X] [--encoding NAME] [--input auto|text|html] INPUT [EN_INPUT]";

/// The largest upload or paste taken, in bytes (50 MiB).
const UPLOAD_LIMIT: usize = 50 * 1024 * 1024;

/// At most this many pieces of text of neither language are sent to the
/// page, each cut to at most `OTHER_CHARS` characters: junk may be large.
const OTHER_PIECES: usize = 5000;
const OTHER_CHARS: usize = 500;

const PAGE: &str = include_str!("support/review/page.html");
const SCRIPT: &str = include_str!("support/review/review.js");
const STYLE: &str = include_str!("support/review/review.css");

struct Args {
    inputs: InputOptions,
    port: u16,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        inputs: InputOptions::new(),
        port: 0,
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
            "--port" => {
                let v = value("--port")?;
                args.port = v.to_string_lossy().parse().map_err(|_| {
                    format!(
                        "--port takes a port number (0 to 65535), found {:?}",
                        v.to_string_lossy()
                    )
                })?;
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            _ if s.starts_with('-') && s.len() > 1 => {
                return Err(format!("unknown option {s}; {USAGE}"))
            }
            _ => args.inputs.inputs.push(a.into()),
        }
    }
    args.inputs.check(USAGE)?;
    Ok(args)
}

/// Text of neither language, shown in its place: before sentence `before`
/// of `side` (or after the last one).
#[derive(Debug, Clone, Serialize)]
struct Other {
    side: &'static str,
    before: usize,
    text: String,
    /// What the text is: "junk", "code" or "other" (neither language).
    kind: &'static str,
}

/// The document under review.
struct Doc {
    name: String,
    alignment: Alignment,
    /// Per bead, whether an edit made it.
    edited: Vec<bool>,
    /// The edits, last last, each with the `edited` marks of the beads it removed.
    undo: Vec<(Change, Vec<bool>)>,
    others: Vec<Other>,
    version: u64,
}

impl Doc {
    fn new(name: String, alignment: Alignment, others: Vec<Other>, version: u64) -> Doc {
        Doc {
            name,
            edited: vec![false; alignment.beads().len()],
            alignment,
            undo: Vec::new(),
            others,
            version,
        }
    }
}

struct App {
    port: u16,
    options: InputOptions,
    aligner: Aligner,
    doc: Mutex<Doc>,
}

impl App {
    fn doc(&self) -> MutexGuard<'_, Doc> {
        // A handler that panicked cannot leave a half-made edit (the library
        // checks before it changes anything), so a poisoned lock is usable.
        self.doc.lock().unwrap_or_else(|e| e.into_inner())
    }
}

type Shared = Arc<App>;

/// One bead as the page takes it.
type BeadJson = (usize, usize, usize, usize, f64, bool);

fn bead_json(a: &Alignment, edited: &[bool], range: std::ops::Range<usize>) -> Vec<BeadJson> {
    a.beads()
        .enumerate()
        .skip(range.start)
        .take(range.len())
        .map(|(i, b)| {
            let (z, e) = (b.zh(), b.en());
            let conf = (b.confidence() * 1e4).round() / 1e4;
            (z.start, z.end, e.start, e.end, conf, edited[i])
        })
        .collect()
}

#[derive(Serialize)]
struct AlignmentJson<'a> {
    name: &'a str,
    version: u64,
    zh: Vec<Cow<'a, str>>,
    en: Vec<Cow<'a, str>>,
    beads: Vec<BeadJson>,
    others: &'a [Other],
    undo: usize,
    exported: usize,
}

/// A sentence as the page shows it: white-space runs (line breaks, no-break
/// spaces) as one space, as the writers put it.
fn display(s: &str) -> Cow<'_, str> {
    let s = s.trim();
    if s.chars().all(|c| !c.is_whitespace() || c == ' ') && !s.contains("  ") {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

fn alignment_json(doc: &Doc) -> Response {
    let a = &doc.alignment;
    let body = AlignmentJson {
        name: &doc.name,
        version: doc.version,
        zh: a.zh_sentences().map(display).collect(),
        en: a.en_sentences().map(display).collect(),
        beads: bead_json(a, &doc.edited, 0..a.beads().len()),
        others: &doc.others,
        undo: doc.undo.len(),
        exported: a.pairs().count(),
    };
    json(&body)
}

fn json<T: Serialize>(body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(v) => ([(header::CONTENT_TYPE, "application/json")], v).into_response(),
        Err(e) => fail(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write JSON: {e}"),
        ),
    }
}

/// An error answer: one line of plain text.
fn fail(status: StatusCode, message: impl Into<String>) -> Response {
    let mut m: String = message.into().replace(['\n', '\r'], " ");
    m.push('\n');
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        m,
    )
        .into_response()
}

#[derive(Serialize)]
struct Delta {
    version: u64,
    at: usize,
    removed: usize,
    beads: Vec<BeadJson>,
    undo: usize,
    exported: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditOp {
    op: String,
    bead: usize,
    zh: Option<usize>,
    en: Option<usize>,
    version: Option<u64>,
}

fn parse_edit(body: &[u8]) -> Result<(Edit, Option<u64>), String> {
    let op: EditOp =
        serde_json::from_slice(body).map_err(|e| format!("bad edit: {e} (expected {{\"op\": \"merge\"|\"split\"|\"unlink\"|\"link\", \"bead\": N}})"))?;
    let edit = match op.op.as_str() {
        "merge" => Edit::MergeWithNext { bead: op.bead },
        "unlink" => Edit::Unlink { bead: op.bead },
        "link" => Edit::Link { bead: op.bead },
        "split" => match (op.zh, op.en) {
            (Some(zh), Some(en)) => Edit::Split {
                bead: op.bead,
                zh,
                en,
            },
            _ => return Err("bad edit: split needs \"zh\" and \"en\", the first sentence of each side's second part".into()),
        },
        other => {
            return Err(format!(
                "bad edit: unknown op {other:?} (expected merge, split, unlink or link)"
            ))
        }
    };
    Ok((edit, op.version))
}

async fn edit(State(app): State<Shared>, body: Bytes) -> Response {
    let (edit, version) = match parse_edit(&body) {
        Ok(e) => e,
        Err(m) => return fail(StatusCode::BAD_REQUEST, m),
    };
    let mut doc = app.doc();
    if version.is_some_and(|v| v != doc.version) {
        return fail(
            StatusCode::CONFLICT,
            "the alignment was changed elsewhere: reload the page",
        );
    }
    let change = match doc.alignment.apply(edit) {
        Ok(c) => c,
        Err(e) => return fail(StatusCode::BAD_REQUEST, e.to_string()),
    };
    let (removed, inserted) = (change.removed(), change.inserted());
    let marks: Vec<bool> = doc
        .edited
        .splice(removed.clone(), inserted.clone().map(|_| true))
        .collect();
    doc.undo.push((change, marks));
    delta(&mut doc, removed, inserted)
}

/// The answer to an edit or an undo, once `doc` has changed: beads `old`
/// (numbered as before) were replaced by beads `new` (numbered as now).
fn delta(doc: &mut Doc, old: std::ops::Range<usize>, new: std::ops::Range<usize>) -> Response {
    doc.version += 1;
    json(&Delta {
        version: doc.version,
        at: old.start,
        removed: old.len(),
        beads: bead_json(&doc.alignment, &doc.edited, new),
        undo: doc.undo.len(),
        exported: doc.alignment.pairs().count(),
    })
}

async fn undo(State(app): State<Shared>) -> Response {
    let mut doc = app.doc();
    let Some((change, marks)) = doc.undo.pop() else {
        return fail(StatusCode::BAD_REQUEST, "nothing to undo");
    };
    let (old, now) = (change.removed(), change.inserted());
    if let Err(e) = doc.alignment.undo(change) {
        // Cannot happen for changes undone last first; say so rather than panic.
        return fail(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    }
    doc.edited.splice(now.clone(), marks);
    delta(&mut doc, now, old)
}

#[derive(Deserialize)]
struct ExportQuery {
    format: Option<String>,
}

async fn export(State(app): State<Shared>, Query(q): Query<ExportQuery>) -> Response {
    let format = q.format.as_deref().unwrap_or("tmx");
    let doc = app.doc();
    let pairs = doc.alignment.pairs();
    let (written, mime) = match format {
        "tmx" => (
            zhen_align::write_tmx(Vec::new(), pairs),
            "application/x-tmx+xml",
        ),
        "tsv" => (
            zhen_align::write_tsv(Vec::new(), pairs),
            "text/tab-separated-values; charset=utf-8",
        ),
        "jsonl" => (
            zhen_align::write_jsonl(Vec::new(), pairs),
            "application/jsonl",
        ),
        other => {
            return fail(
                StatusCode::BAD_REQUEST,
                format!("unknown format {other:?}: expected tmx, tsv or jsonl"),
            )
        }
    };
    match written {
        Ok(bytes) => {
            let file = format!("{}.{format}", file_stem(&doc.name));
            let disposition = format!("attachment; filename=\"{file}\"");
            let mut res = ([(header::CONTENT_TYPE, mime)], bytes).into_response();
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Err(e) => fail(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// A file name for downloads: the input's stem, ASCII letters, digits,
/// `-`, `_` and `.` only.
fn file_stem(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let last = last.split(" + ").next().unwrap_or(last);
    let stem = match last.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => last,
    };
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    if clean.is_empty() {
        "alignment".to_string()
    } else {
        clean
    }
}

#[derive(Deserialize)]
struct LoadQuery {
    name: Option<String>,
    zh_bytes: Option<usize>,
}

async fn load(State(app): State<Shared>, Query(q): Query<LoadQuery>, body: Bytes) -> Response {
    // The name only labels the page, errors and downloads: one line, short.
    let name = q
        .name
        .map(|n| {
            n.replace(['\n', '\r'], " ")
                .trim()
                .chars()
                .take(200)
                .collect::<String>()
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "pasted text".to_string());
    let parts: Vec<Vec<u8>> = match q.zh_bytes {
        None => vec![body.to_vec()],
        Some(n) if n <= body.len() => vec![body[..n].to_vec(), body[n..].to_vec()],
        Some(n) => {
            return fail(
                StatusCode::BAD_REQUEST,
                format!("zh_bytes={n} is more than the {} bytes sent", body.len()),
            )
        }
    };
    drop(body);
    if app.options.presplit && parts.len() != 2 {
        return fail(
            StatusCode::BAD_REQUEST,
            "this review runs with --presplit: load a Chinese file and an English file",
        );
    }
    let app2 = app.clone();
    let name2 = name.clone();
    let made = tokio::task::spawn_blocking(move || -> Result<_, zhen_align::Error> {
        let reader = app2.options.reader();
        let texts = parts
            .into_iter()
            .map(|b| reader.read_bytes(b)?.into_plain_text())
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| e.with_path(&name2))?;
        let alignment = app2.options.align(&app2.aligner, texts.clone(), &name2)?;
        let others = others(&texts, &alignment, app2.options.presplit);
        Ok((alignment, others))
    })
    .await;
    match made {
        Ok(Ok((alignment, others))) => {
            let mut doc = app.doc();
            let version = doc.version + 1;
            *doc = Doc::new(name, alignment, others, version);
            alignment_json(&doc)
        }
        Ok(Err(e @ zhen_align::Error::InputTooLarge { .. })) => {
            fail(StatusCode::PAYLOAD_TOO_LARGE, e.to_string())
        }
        Ok(Err(e)) => fail(StatusCode::BAD_REQUEST, e.to_string()),
        Err(e) => fail(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("aligning the upload failed: {e}"),
        ),
    }
}

fn han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// The text no sentence covers (junk and other blocks the aligner set
/// aside), line by line, each placed before the next sentence of its side.
/// A mixed file has one text for both sides: a piece goes to the Chinese
/// side when it holds at least as many Han characters as Latin letters.
fn others(texts: &[String], a: &Alignment, presplit: bool) -> Vec<Other> {
    let zh: Vec<std::ops::Range<usize>> = (0..a.zh_len())
        .filter_map(|i| a.zh_sentence_span(i))
        .collect();
    let en: Vec<std::ops::Range<usize>> = (0..a.en_len())
        .filter_map(|i| a.en_sentence_span(i))
        .collect();
    let mut out = Vec::new();
    let mut dropped = 0usize;
    let mut add = |out: &mut Vec<Other>, side: &'static str, before: usize, line: &str, kind| {
        if out.len() >= OTHER_PIECES {
            dropped += 1;
            return;
        }
        let mut text: String = line.chars().take(OTHER_CHARS).collect();
        if text.len() < line.len() {
            text.push('…');
        }
        out.push(Other {
            side,
            before,
            text,
            kind,
        });
    };
    match (texts, presplit) {
        (_, true) => {}
        ([mixed], false) => {
            let mut spans: Vec<std::ops::Range<usize>> = zh.iter().chain(&en).cloned().collect();
            spans.sort_by_key(|r| r.start);
            let blocks = text_blocks(mixed);
            for piece in uncovered(mixed, &spans) {
                for (at, line) in lines_at(mixed, piece.clone()) {
                    let h = line.chars().filter(|&c| han(c)).count();
                    let l = line.chars().filter(char::is_ascii_alphabetic).count();
                    let (side, sents) = if h > 0 && h >= l {
                        ("zh", &zh)
                    } else {
                        ("en", &en)
                    };
                    let before = sents.partition_point(|r| r.start < piece.start);
                    add(&mut out, side, before, line, label(&blocks, at));
                }
            }
        }
        ([zt, et], false) => {
            for (side, text, sents) in [("zh", zt, &zh), ("en", et, &en)] {
                let blocks = text_blocks(text);
                for piece in uncovered(text, sents) {
                    for (at, line) in lines_at(text, piece.clone()) {
                        let before = sents.partition_point(|r| r.start < piece.start);
                        add(&mut out, side, before, line, label(&blocks, at));
                    }
                }
            }
        }
        _ => {}
    }
    if dropped > 0 {
        let (side, before) = ("en", en.len());
        out.push(Other {
            side,
            before,
            text: format!("… and {dropped} more lines of text in neither language, not shown"),
            kind: "other",
        });
    }
    out
}

/// The non-blank lines of `text[piece]`, trimmed, with the byte offset in
/// `text` of each line's first character.
fn lines_at(text: &str, piece: std::ops::Range<usize>) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut pos = piece.start;
    for line in text[piece].split_inclusive('\n') {
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            out.push((pos + lead, trimmed));
        }
        pos += line.len();
    }
    out
}

/// What the block detector made of the text at byte `at`: "junk" (link
/// lists, share widgets, banners), "code" (commands, paths, program output)
/// or "other" (no letters, another script, or a piece of a paragraph no
/// sentence holds).
fn label(blocks: &[TextBlock], at: usize) -> &'static str {
    let i = blocks.partition_point(|b| b.range().end <= at);
    match blocks
        .get(i)
        .filter(|b| b.range().start <= at)
        .map(TextBlock::kind)
    {
        Some(TextKind::Junk) => "junk",
        Some(TextKind::Code) => "code",
        _ => "other",
    }
}

/// The parts of `text` outside `spans` (sorted by start) that hold
/// something other than white space.
fn uncovered(text: &str, spans: &[std::ops::Range<usize>]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let gap = |from: usize, to: usize, out: &mut Vec<std::ops::Range<usize>>| {
        if let Some(s) = text.get(from..to) {
            if s.chars().any(|c| !c.is_whitespace()) {
                out.push(from..to);
            }
        }
    };
    for r in spans {
        if r.start > pos {
            gap(pos, r.start, &mut out);
        }
        pos = pos.max(r.end);
    }
    gap(pos, text.len(), &mut out);
    out
}

fn allowed_host(host: &str, port: u16) -> bool {
    let host = host.to_ascii_lowercase();
    host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
}

fn allowed_origin(origin: &str, port: u16) -> bool {
    let origin = origin.to_ascii_lowercase();
    origin == format!("http://127.0.0.1:{port}") || origin == format!("http://localhost:{port}")
}

/// Refuses requests for another host (DNS rebinding) and state-changing
/// requests from another origin; adds headers that keep the page to itself.
async fn guard(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
        .unwrap_or_default();
    if !allowed_host(&host, app.port) {
        return fail(
            StatusCode::FORBIDDEN,
            format!("host {host:?} refused: open http://127.0.0.1:{}/", app.port),
        );
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        if let Some(origin) = req.headers().get(header::ORIGIN) {
            let origin = String::from_utf8_lossy(origin.as_bytes()).into_owned();
            if !allowed_origin(&origin, app.port) {
                return fail(StatusCode::FORBIDDEN, format!("origin {origin:?} refused"));
            }
        }
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn asset(mime: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, mime)], body).into_response()
}

fn router(app: Shared) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", PAGE) }),
        )
        .route(
            "/review.js",
            get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/review.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE) }),
        )
        .route(
            "/api/alignment",
            get(|app: State<Shared>| async move { alignment_json(&app.doc()) }),
        )
        .route("/api/edit", post(edit))
        .route("/api/undo", post(undo))
        .route("/api/export", get(export))
        .route("/api/load", post(load))
        .fallback(|| async { fail(StatusCode::NOT_FOUND, "not found") })
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

fn run() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    let aligner = args.inputs.aligner()?;
    let texts = args.inputs.read()?;
    let name = args.inputs.name();
    let alignment = args.inputs.align(&aligner, texts.clone(), &name)?;
    let others = others(&texts, &alignment, args.inputs.presplit);
    drop(texts);
    // The page shows the file names; errors above named the paths.
    let name = args
        .inputs
        .inputs
        .iter()
        .map(|p| p.file_name().unwrap_or(p.as_os_str()).to_string_lossy())
        .collect::<Vec<_>>()
        .join(" + ");

    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", args.port))?;
    listener.set_nonblocking(true)?;
    let port = listener.local_addr()?.port();
    let beads = alignment.beads().len();
    let app = Arc::new(App {
        port,
        options: args.inputs,
        aligner,
        doc: Mutex::new(Doc::new(name, alignment, others, 1)),
    });
    let mut out = std::io::stdout().lock();
    writeln!(out, "http://127.0.0.1:{port}/")?;
    out.flush()?;
    drop(out);
    eprintln!("review: {beads} beads; serving on http://127.0.0.1:{port}/ until stopped (Ctrl-C)");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, router(app)).await
    })?;
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("review: {e}");
            ExitCode::FAILURE
        }
    }
}
