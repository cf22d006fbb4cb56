//! The Python extension module `zhen_align._zhen_align`: thin PyO3 wrappers
//! over the zhen-align crate's public API. The Python package
//! `zhen_align` (python/zhen_align) re-exports everything defined here.
//!
//! Principles:
//! - One engine: every alignment, every output format comes from the crate
//!   (`Aligner`, `write_tmx`, `write_tsv`, `write_jsonl`, `write_beads`);
//!   this module only converts arguments and results.
//! - The GIL is released (`Python::detach`, PyO3 0.30's name for
//!   `allow_threads`) around everything that takes time: aligning, writing
//!   formats, reading glossaries and lexicons. Input text is copied out of
//!   Python objects first, so the work runs on plain Rust data and other
//!   Python threads run meanwhile. `Aligner(threads=...)` says where one
//!   call's own parallel work runs (see `Engine`).
//! - Errors: a crate error caused by I/O becomes `OSError` (the subclass
//!   its errno names, e.g. `FileNotFoundError`); any other crate error
//!   becomes `zhen_align.AlignError` (a `ValueError`), with the crate's
//!   message unchanged.
//! - Offsets are Python string indices (characters), not the crate's bytes,
//!   so `text[start:end]` works on the string the user passed.

#![forbid(unsafe_code)]

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pyo3::create_exception;
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyMapping, PyRange, PyString, PyTuple};

use zhen_align::{
    write_beads, write_jsonl, write_tmx, write_tsv, Aligner as CoreAligner, BeadKind,
    ChineseTokenizer, Document, Glossary, Lexicon,
};

create_exception!(
    zhen_align,
    AlignError,
    PyValueError,
    "Raised when zhen-align cannot align or parse its input: a text with no \
     Chinese or no English, a malformed glossary line, an invalid setting.\n\n\
     A subclass of ValueError; the message is the Rust crate's (what was wrong \
     and where, e.g. ``glossary.tsv:3: expected \"zh<TAB>en\", found 1 field``).\n\
     I/O failures raise OSError instead."
);

// ---------------------------------------------------------------------------
// Errors

/// Turns a crate error into a Python exception: `OSError` when an I/O error
/// is its cause (found through `source()`, so it needs no knowledge of the
/// crate's variants), `AlignError` otherwise. `path` becomes the OSError's
/// `filename` when the caller knows it.
fn py_err(e: zhen_align::Error, path: Option<&Path>) -> PyErr {
    let message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<io::Error>() {
            return os_error(io, message, path);
        }
        source = s.source();
    }
    AlignError::new_err(message)
}

/// An `OSError` with the errno of `io` (so Python picks the subclass, e.g.
/// `FileNotFoundError`), the given message and the file name when known.
fn os_error(io: &io::Error, message: String, path: Option<&Path>) -> PyErr {
    match (io.raw_os_error(), path) {
        (Some(errno), Some(p)) => {
            PyOSError::new_err((errno, message, p.to_string_lossy().into_owned()))
        }
        (Some(errno), None) => PyOSError::new_err((errno, message)),
        (None, _) => PyOSError::new_err(message),
    }
}

/// What can fail while writing an alignment out with the GIL released.
enum WriteFailure {
    /// Opening or flushing the file failed.
    Io(io::Error),
    /// The crate's writer failed.
    Crate(zhen_align::Error),
}

impl WriteFailure {
    fn into_py(self, path: Option<&Path>) -> PyErr {
        match self {
            WriteFailure::Io(e) => {
                let at = path
                    .map(|p| format!("{}: ", p.display()))
                    .unwrap_or_default();
                os_error(&e, format!("{at}cannot write: {e}"), path)
            }
            WriteFailure::Crate(e) => py_err(e, path),
        }
    }
}

// ---------------------------------------------------------------------------
// Arguments

/// True for `str` and `os.PathLike` objects: a file name rather than data.
fn is_path(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(obj.is_instance_of::<PyString>() || obj.hasattr("__fspath__")?)
}

/// Whether a file object's `write()` takes bytes: a binary stream of `io`
/// (`open(..., "wb")`, `BytesIO`, `gzip.open`) or an object whose `mode`
/// says "b" (`tempfile.NamedTemporaryFile()`). Anything else, text streams
/// and objects that only have `write()`, gets str.
fn takes_bytes(file: &Bound<'_, PyAny>) -> PyResult<bool> {
    let io = file.py().import("io")?;
    if file.is_instance(&io.getattr("TextIOBase")?)? {
        return Ok(false);
    }
    if file.is_instance(&io.getattr("BufferedIOBase")?)?
        || file.is_instance(&io.getattr("RawIOBase")?)?
    {
        return Ok(true);
    }
    match file.getattr("mode") {
        Ok(mode) => Ok(mode.extract::<String>().is_ok_and(|m| m.contains('b'))),
        Err(_) => Ok(false),
    }
}

/// A sequence of sentences: any iterable of `str` except a `str` itself.
fn sentences_of(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what}: expected a list of sentences, got a str (use align() for whole texts)"
        )));
    }
    let iter = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what}: expected a list of str, got {}",
            type_name(obj)
        ))
    })?;
    let mut out = Vec::new();
    for (i, item) in iter.enumerate() {
        let item = item?;
        let s: String = item.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "{what}[{i}]: expected str, got {}",
                type_name(&item)
            ))
        })?;
        out.push(s);
    }
    Ok(out)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

/// A glossary from a file name, a mapping `{zh: en}` or an iterable of
/// `(zh, en)` pairs.
fn glossary_of(obj: &Bound<'_, PyAny>) -> PyResult<Glossary> {
    let py = obj.py();
    if is_path(obj)? {
        let path: PathBuf = obj.extract()?;
        return py
            .detach(|| Glossary::from_tsv_path(&path))
            .map_err(|e| py_err(e, Some(&path)));
    }
    let mut glossary = Glossary::new();
    let items = match obj.cast::<PyMapping>() {
        Ok(map) => map.items()?.into_any(),
        Err(_) => obj.clone(),
    };
    let iter = items.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "glossary: expected a file name, a dict {{zh: en}} or (zh, en) pairs, got {}",
            type_name(obj)
        ))
    })?;
    for (i, item) in iter.enumerate() {
        let item = item?;
        let (zh, en): (String, String) = item.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "glossary entry {i}: expected a (zh, en) pair of str, got {}",
                type_name(&item)
            ))
        })?;
        glossary.insert(&zh, &en);
    }
    Ok(glossary)
}

/// Reads a lexicon in CC-CEDICT format, plain or gzipped (by the `.gz` name).
/// An I/O failure comes back as the crate's `Error::Io`-style message with
/// the path, so it turns into an `OSError` naming the file.
fn lexicon_from_path(path: &Path) -> Result<Lexicon, LexiconFailure> {
    let file = File::open(path).map_err(LexiconFailure::Io)?;
    let reader: Box<dyn BufRead> = if path.extension().is_some_and(|x| x == "gz") {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    Lexicon::from_cedict(reader).map_err(|e| LexiconFailure::Crate(e.with_path(path)))
}

/// What can fail while reading a lexicon file.
enum LexiconFailure {
    /// The file could not be opened.
    Io(io::Error),
    /// The crate could not read or parse it.
    Crate(zhen_align::Error),
}

impl LexiconFailure {
    fn into_py(self, path: &Path) -> PyErr {
        match self {
            LexiconFailure::Io(e) => os_error(
                &e,
                format!("{}: cannot read: {e}", path.display()),
                Some(path),
            ),
            LexiconFailure::Crate(e) => py_err(e, Some(path)),
        }
    }
}

/// One document of `align_batch`, converted to the crate's [`Document`].
fn document_of(obj: &Bound<'_, PyAny>, i: usize) -> PyResult<Document<'static>> {
    let bad = || {
        PyTypeError::new_err(format!(
            "document {i}: expected a str (mixed text), a (zh, en) pair of str or of \
             sentence lists, or a dict with \"text\" or \"zh\" and \"en\"; got {}",
            type_name(obj)
        ))
    };
    if obj.is_instance_of::<PyString>() {
        return Ok(Document::Mixed(Cow::Owned(obj.extract()?)));
    }
    let (zh, en) = if let Ok(map) = obj.cast::<PyMapping>() {
        if map.contains("text")? {
            return Ok(Document::Mixed(Cow::Owned(
                map.get_item("text")?.extract().map_err(|_| bad())?,
            )));
        }
        if !(map.contains("zh")? && map.contains("en")?) {
            return Err(bad());
        }
        (map.get_item("zh")?, map.get_item("en")?)
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        if t.len() != 2 {
            return Err(bad());
        }
        (t.get_item(0)?, t.get_item(1)?)
    } else if let Ok(seq) = obj.cast::<pyo3::types::PyList>() {
        if seq.len() != 2 {
            return Err(bad());
        }
        (seq.get_item(0)?, seq.get_item(1)?)
    } else {
        return Err(bad());
    };
    match (
        zh.is_instance_of::<PyString>(),
        en.is_instance_of::<PyString>(),
    ) {
        (true, true) => Ok(Document::Texts {
            zh: Cow::Owned(zh.extract()?),
            en: Cow::Owned(en.extract()?),
        }),
        (false, false) => Ok(Document::Sentences {
            zh: sentences_of(&zh, &format!("document {i} zh"))?
                .into_iter()
                .map(Cow::Owned)
                .collect(),
            en: sentences_of(&en, &format!("document {i} en"))?
                .into_iter()
                .map(Cow::Owned)
                .collect(),
        }),
        _ => Err(bad()),
    }
}

// ---------------------------------------------------------------------------
// Texts and offsets

/// The texts an alignment's byte spans point into, kept to turn them into
/// Python (character) offsets.
struct Source {
    zh: Arc<str>,
    en: Arc<str>,
}

impl Source {
    fn mixed(text: &str) -> Source {
        let t: Arc<str> = Arc::from(text);
        Source {
            zh: t.clone(),
            en: t,
        }
    }

    fn texts(zh: &str, en: &str) -> Source {
        Source {
            zh: Arc::from(zh),
            en: Arc::from(en),
        }
    }

    /// Sentences already split: the spans point into the sentences joined
    /// with a line feed after each (as the crate keeps them).
    fn sentences<S: AsRef<str>>(zh: &[S], en: &[S]) -> Source {
        let join = |v: &[S]| -> Arc<str> {
            let mut s = String::with_capacity(v.iter().map(|x| x.as_ref().len() + 1).sum());
            for x in v {
                s.push_str(x.as_ref());
                s.push('\n');
            }
            Arc::from(s)
        };
        Source {
            zh: join(zh),
            en: join(en),
        }
    }

    fn of(doc: &Document<'_>) -> Source {
        match doc {
            Document::Mixed(t) => Source::mixed(t),
            Document::Texts { zh, en } => Source::texts(zh, en),
            Document::Sentences { zh, en } => Source::sentences(zh, en),
            // Document is non-exhaustive; a later kind of document would
            // still give correct sentence numbers, only offsets would be 0.
            _ => Source::texts("", ""),
        }
    }
}

/// Turns byte offsets into character offsets, walking forward from the last
/// query (pairs come in document order, so each side is walked once).
struct CharCursor<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> CharCursor<'a> {
        CharCursor {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let byte = byte.min(self.text.len());
        self.chars += self
            .text
            .get(self.byte..byte)
            .map_or(0, |s| s.chars().count());
        self.byte = byte;
        self.chars
    }

    fn span(&mut self, r: std::ops::Range<usize>) -> (usize, usize) {
        let start = self.at(r.start);
        (start, self.at(r.end))
    }
}

fn kind_name(kind: BeadKind) -> &'static str {
    match kind {
        BeadKind::OneToOne => "one_to_one",
        BeadKind::OneToMany => "one_to_many",
        BeadKind::ManyToOne => "many_to_one",
        BeadKind::ManyToMany => "many_to_many",
        BeadKind::ZhOnly => "zh_only",
        BeadKind::EnOnly => "en_only",
        _ => "other",
    }
}

fn range_of<'py>(py: Python<'py>, r: (usize, usize)) -> PyResult<Bound<'py, PyRange>> {
    let as_isize = |n: usize| isize::try_from(n).unwrap_or(isize::MAX);
    PyRange::new(py, as_isize(r.0), as_isize(r.1))
}

// ---------------------------------------------------------------------------
// Pair and Bead

/// One aligned pair: the Chinese and English text of a bead with sentences
/// on both sides, and a confidence at or above the aligner's
/// ``min_confidence``.
///
/// Attributes:
///     zh (str): the Chinese text, the bead's sentences joined by a space
///         (original text, runs of white space collapsed to one space).
///     en (str): the English text, likewise.
///     confidence (float): how sure the aligner is, in [0, 1].
///     zh_span (tuple[int, int]): (start, end) character offsets of the
///         Chinese side in the text it came from: ``text[start:end]``.
///         For ``align_sentences`` the text is ``"\n".join(zh) + "\n"``.
///     en_span (tuple[int, int]): likewise for the English side.
///     zh_sentences (range): the Chinese sentence numbers (0-based).
///     en_sentences (range): the English sentence numbers (0-based).
///     kind (str): the bead's shape: "one_to_one", "one_to_many",
///         "many_to_one" or "many_to_many".
///
/// Created by ``Alignment.pairs()``; compares equal to a pair with the same
/// fields.
#[pyclass(frozen, module = "zhen_align", name = "Pair")]
struct PyPair {
    #[pyo3(get)]
    zh: String,
    #[pyo3(get)]
    en: String,
    #[pyo3(get)]
    confidence: f64,
    #[pyo3(get)]
    zh_span: (usize, usize),
    #[pyo3(get)]
    en_span: (usize, usize),
    zh_ids: (usize, usize),
    en_ids: (usize, usize),
    #[pyo3(get)]
    kind: &'static str,
}

#[pymethods]
impl PyPair {
    /// The Chinese sentence numbers (0-based), as a range.
    #[getter]
    fn zh_sentences<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyRange>> {
        range_of(py, self.zh_ids)
    }

    /// The English sentence numbers (0-based), as a range.
    #[getter]
    fn en_sentences<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyRange>> {
        range_of(py, self.en_ids)
    }

    fn __repr__(&self) -> String {
        format!(
            "Pair(zh={:?}, en={:?}, confidence={:.3})",
            self.zh, self.en, self.confidence
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        let Ok(o) = other.cast::<PyPair>() else {
            return false;
        };
        let o = o.get();
        self.zh == o.zh
            && self.en == o.en
            && self.confidence == o.confidence
            && self.zh_span == o.zh_span
            && self.en_span == o.en_span
            && self.zh_ids == o.zh_ids
            && self.en_ids == o.en_ids
    }
}

/// One step of an alignment: a run of Chinese sentences matched with a run
/// of English sentences, either run possibly empty (a sentence left
/// unaligned).
///
/// Attributes:
///     zh (range): the Chinese sentence numbers (0-based).
///     en (range): the English sentence numbers (0-based).
///     cost (float): the bead's cost in the dynamic program (lower is better).
///     confidence (float): how sure the aligner is, in [0, 1].
///     kind (str): "one_to_one", "one_to_many", "many_to_one",
///         "many_to_many", "zh_only" (no English) or "en_only" (no Chinese).
///     is_pair (bool): True when both sides hold a sentence.
///
/// Created by ``Alignment.beads()``; the beads partition both sentence
/// sequences, in order.
#[pyclass(frozen, module = "zhen_align", name = "Bead")]
struct PyBead {
    zh_ids: (usize, usize),
    en_ids: (usize, usize),
    #[pyo3(get)]
    cost: f64,
    #[pyo3(get)]
    confidence: f64,
    #[pyo3(get)]
    kind: &'static str,
}

#[pymethods]
impl PyBead {
    /// The Chinese sentence numbers (0-based), as a range.
    #[getter]
    fn zh<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyRange>> {
        range_of(py, self.zh_ids)
    }

    /// The English sentence numbers (0-based), as a range.
    #[getter]
    fn en<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyRange>> {
        range_of(py, self.en_ids)
    }

    /// True when both sides hold at least one sentence.
    #[getter]
    fn is_pair(&self) -> bool {
        self.zh_ids.0 < self.zh_ids.1 && self.en_ids.0 < self.en_ids.1
    }

    fn __repr__(&self) -> String {
        let ids = |r: (usize, usize)| {
            (r.0..r.1)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        format!(
            "Bead([{}]:[{}], kind={:?}, confidence={:.3})",
            ids(self.zh_ids),
            ids(self.en_ids),
            self.kind,
            self.confidence
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        let Ok(o) = other.cast::<PyBead>() else {
            return false;
        };
        let o = o.get();
        self.zh_ids == o.zh_ids
            && self.en_ids == o.en_ids
            && self.cost == o.cost
            && self.confidence == o.confidence
    }
}

// ---------------------------------------------------------------------------
// Alignment

/// The result of aligning one document: its sentences and the beads that
/// partition them.
///
/// - ``pairs()``: the confident pairs (text on both sides, confidence at
///   or above the aligner's ``min_confidence``), in document order.
///   ``len(alignment)`` is their number and iterating over the alignment
///   yields them.
/// - ``beads()``: every bead, unaligned sentences included.
/// - ``zh_sentences()`` / ``en_sentences()``: the sentences as split.
/// - ``to_tmx()``, ``to_tsv()``, ``to_jsonl()``, ``to_beads()``: the crate's
///   writers (the same output as the ``align`` command line's formats), to
///   a string, a file name or a file object.
///
/// Created by the ``align*`` methods of ``Aligner``; immutable.
#[pyclass(frozen, module = "zhen_align", name = "Alignment")]
struct PyAlignment {
    inner: zhen_align::Alignment,
    source: Source,
}

/// A rendering of an alignment by one of the crate's writers.
type Render = fn(&zhen_align::Alignment, &mut dyn Write) -> zhen_align::Result<()>;

fn render_tmx(a: &zhen_align::Alignment, w: &mut dyn Write) -> zhen_align::Result<()> {
    write_tmx(w, a.pairs()).map(drop)
}

fn render_tsv(a: &zhen_align::Alignment, w: &mut dyn Write) -> zhen_align::Result<()> {
    write_tsv(w, a.pairs()).map(drop)
}

fn render_jsonl(a: &zhen_align::Alignment, w: &mut dyn Write) -> zhen_align::Result<()> {
    write_jsonl(w, a.pairs()).map(drop)
}

fn render_beads(a: &zhen_align::Alignment, w: &mut dyn Write) -> zhen_align::Result<()> {
    write_beads(w, a.beads()).map(drop)
}

impl PyAlignment {
    fn build_pairs(&self) -> Vec<PyPair> {
        let mut zc = CharCursor::new(&self.source.zh);
        let mut ec = CharCursor::new(&self.source.en);
        self.inner
            .pairs()
            .map(|p| {
                let (z, e) = (p.zh_sentences(), p.en_sentences());
                PyPair {
                    zh: p.zh().into_owned(),
                    en: p.en().into_owned(),
                    confidence: p.confidence(),
                    zh_span: zc.span(p.zh_span()),
                    en_span: ec.span(p.en_span()),
                    zh_ids: (z.start, z.end),
                    en_ids: (e.start, e.end),
                    kind: kind_name(p.kind()),
                }
            })
            .collect()
    }

    /// Writes with `render` to `target`: `None` returns a `str`, a file name
    /// (str or os.PathLike) is created or replaced, a file object gets
    /// `write()` calls (str for a text file, bytes otherwise).
    fn emit(
        &self,
        py: Python<'_>,
        target: Option<&Bound<'_, PyAny>>,
        render: Render,
    ) -> PyResult<Option<String>> {
        let inner = &self.inner;
        match target {
            Some(t) if is_path(t)? => {
                let path: PathBuf = t.extract()?;
                py.detach(|| {
                    let file = File::create(&path).map_err(WriteFailure::Io)?;
                    let mut w = BufWriter::new(file);
                    render(inner, &mut w).map_err(WriteFailure::Crate)?;
                    w.into_inner()
                        .map(drop)
                        .map_err(|e| WriteFailure::Io(e.into_error()))
                })
                .map_err(|e| e.into_py(Some(&path)))?;
                Ok(None)
            }
            Some(t) => {
                if !t.hasattr("write")? {
                    return Err(PyTypeError::new_err(format!(
                        "expected None, a file name or a file object with write(), got {}",
                        type_name(t)
                    )));
                }
                let text = self.render_string(py, render)?;
                if takes_bytes(t)? {
                    t.call_method1("write", (PyBytes::new(py, text.as_bytes()),))?;
                } else {
                    t.call_method1("write", (text,))?;
                }
                Ok(None)
            }
            None => Ok(Some(self.render_string(py, render)?)),
        }
    }

    fn render_string(&self, py: Python<'_>, render: Render) -> PyResult<String> {
        let inner = &self.inner;
        let bytes = py
            .detach(|| {
                let mut buf = Vec::new();
                render(inner, &mut buf).map(|()| buf)
            })
            .map_err(|e| py_err(e, None))?;
        // The writers write UTF-8 text; this never fails in practice.
        String::from_utf8(bytes).map_err(|e| AlignError::new_err(e.to_string()))
    }
}

#[pymethods]
impl PyAlignment {
    /// pairs() -> list[Pair]
    ///
    /// The confident pairs, in document order: beads with text on both
    /// sides and confidence at or above the aligner's ``min_confidence``.
    fn pairs(&self, py: Python<'_>) -> PyResult<Vec<Py<PyPair>>> {
        let pairs = py.detach(|| self.build_pairs());
        pairs.into_iter().map(|p| Py::new(py, p)).collect()
    }

    /// beads() -> list[Bead]
    ///
    /// Every bead, in order, insertions and deletions included: together
    /// they partition both sentence sequences.
    fn beads(&self, py: Python<'_>) -> PyResult<Vec<Py<PyBead>>> {
        self.inner
            .beads()
            .map(|b| {
                let (z, e) = (b.zh(), b.en());
                Py::new(
                    py,
                    PyBead {
                        zh_ids: (z.start, z.end),
                        en_ids: (e.start, e.end),
                        cost: b.cost(),
                        confidence: b.confidence(),
                        kind: kind_name(b.kind()),
                    },
                )
            })
            .collect()
    }

    /// zh_sentences() -> list[str]
    ///
    /// The Chinese sentences as split, original text; bead and pair sentence
    /// numbers index this list.
    fn zh_sentences(&self) -> Vec<String> {
        self.inner.zh_sentences().map(str::to_owned).collect()
    }

    /// en_sentences() -> list[str]
    ///
    /// The English sentences as split, original text.
    fn en_sentences(&self) -> Vec<String> {
        self.inner.en_sentences().map(str::to_owned).collect()
    }

    /// to_tmx(path_or_file=None) -> str | None
    ///
    /// The pairs as a TMX 1.4b translation memory (UTF-8, ``srclang="zh-CN"``,
    /// one ``<tu>`` a pair with its confidence as ``<prop type="x-confidence">``),
    /// written by the crate's ``write_tmx``: the ``align`` command line's
    /// default output.
    ///
    /// With no argument, returns the document as a str. With a file name
    /// (str or os.PathLike), writes the file and returns None; with a file
    /// object, calls its ``write()`` (with str for a text file, bytes for a
    /// binary one). Raises OSError when the file cannot be written.
    #[pyo3(signature = (path_or_file=None))]
    fn to_tmx(
        &self,
        py: Python<'_>,
        path_or_file: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<String>> {
        self.emit(py, path_or_file, render_tmx)
    }

    /// to_tsv(path_or_file=None) -> str | None
    ///
    /// The pairs as tab-separated lines ``zh<TAB>en<TAB>confidence`` (three
    /// decimals; backslash, tab and line breaks in the texts escaped as
    /// ``\\``, ``\t``, ``\n``, ``\r``), written by the crate's ``write_tsv``:
    /// the same bytes as ``align --format tsv``. Where it goes: as ``to_tmx``.
    #[pyo3(signature = (path_or_file=None))]
    fn to_tsv(
        &self,
        py: Python<'_>,
        path_or_file: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<String>> {
        self.emit(py, path_or_file, render_tsv)
    }

    /// to_jsonl(path_or_file=None) -> str | None
    ///
    /// The pairs as JSON Lines, one object a pair with ``zh``, ``en``,
    /// ``zh_sentences``, ``en_sentences`` (half-open ranges), ``zh_span``,
    /// ``en_span`` and ``confidence``, written by the crate's ``write_jsonl``
    /// (``align --format jsonl``). Note: the spans there are the crate's
    /// UTF-8 byte offsets, where ``Pair.zh_span`` gives character offsets.
    /// Where it goes: as ``to_tmx``.
    #[pyo3(signature = (path_or_file=None))]
    fn to_jsonl(
        &self,
        py: Python<'_>,
        path_or_file: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<String>> {
        self.emit(py, path_or_file, render_jsonl)
    }

    /// to_beads(path_or_file=None) -> str | None
    ///
    /// Every bead, one a line, as ``[zh ids]:[en ids]`` with 0-based sentence
    /// numbers (``[3]:[4,5]``, ``[]:[7]``), written by the crate's
    /// ``write_beads`` (``align --format beads``). Where it goes: as
    /// ``to_tmx``.
    #[pyo3(signature = (path_or_file=None))]
    fn to_beads(
        &self,
        py: Python<'_>,
        path_or_file: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<String>> {
        self.emit(py, path_or_file, render_beads)
    }

    /// The number of pairs (what ``pairs()`` returns).
    fn __len__(&self) -> usize {
        self.inner.pairs().count()
    }

    /// Iterates over the pairs (what ``pairs()`` returns).
    fn __iter__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let pairs = slf.get().pairs(py)?;
        Ok(pyo3::types::PyList::new(py, pairs)?
            .as_any()
            .try_iter()?
            .into_any())
    }

    fn __repr__(&self) -> String {
        format!(
            "Alignment({} pairs, {} beads, {} Chinese and {} English sentences)",
            self.inner.pairs().count(),
            self.inner.beads().len(),
            self.inner.zh_len(),
            self.inner.en_len()
        )
    }
}

// ---------------------------------------------------------------------------
// Aligner

/// The zhen-align engine: turns Chinese–English text into sentence-aligned
/// pairs. Build it once and reuse it for any number of documents; it is
/// immutable and safe to share between threads, and it releases the GIL
/// while it works, so Python threads align in parallel.
///
/// Args:
///     glossary: terms to trust more than the built-in lexicon: a file name
///         (str or os.PathLike) of ``zh<TAB>en`` lines, a dict ``{zh: en}``,
///         or an iterable of ``(zh, en)`` pairs. None for no glossary.
///     min_confidence: pairs below this confidence (in [0, 1]) are left out
///         of ``Alignment.pairs()`` and of the TMX/TSV/JSONL output;
///         ``beads()`` always has everything.
///     lexicon: "builtin" for the embedded CC-CEDICT-derived lexicon, None
///         for no lexicon (lengths, numbers, glossary and what the aligner
///         learns from the document only), or the file name of a CC-CEDICT
///         file (plain or ``.gz``) to use instead.
///     tokenizer: how Chinese is cut into words: "lexicon" (maximum
///         matching on the lexicon, the default) or "jieba".
///     threads: how many threads one call works on. None (the default):
///         the engine's parallel parts (features, cost rows, segments of a
///         long document) use all cores, shared by every call. 1: each call
///         runs on one core, a thread of its own per calling thread; choose
///         it when you run many calls at once from your own threads (or
///         processes), so that they do not compete inside each call. N > 1:
///         this aligner's calls share a pool of N threads.
///
/// Raises:
///     AlignError: an invalid setting or a malformed glossary/lexicon line.
///     OSError: a glossary or lexicon file that cannot be read.
///
/// Example:
///     >>> import zhen_align
///     >>> aligner = zhen_align.Aligner(glossary={"北京": "Beijing"})
///     >>> a = aligner.align("我爱北京。今天天气很好。",
///     ...                   "I love Beijing. The weather is very good today.")
///     >>> [(p.zh, p.en) for p in a]
///     [('我爱北京。', 'I love Beijing.'), ('今天天气很好。', 'The weather is very good today.')]
#[pyclass(frozen, module = "zhen_align", name = "Aligner")]
struct PyAligner {
    inner: CoreAligner,
    min_confidence: f64,
    glossary_len: usize,
    lexicon: String,
    tokenizer: &'static str,
    engine: Engine,
}

/// Where the engine's own parallel work (features, cost rows, segments of a
/// long document) runs.
enum Engine {
    /// On rayon's global pool: all cores, shared by every call.
    Global,
    /// On one thread per calling thread: each call uses one core, so calls
    /// from many Python threads (or processes) at once do not compete for
    /// the cores inside each call.
    PerCaller,
    /// On a pool of this many threads, shared by every call of this aligner.
    Pool(rayon::ThreadPool),
}

thread_local! {
    /// The one-thread pool of the calling thread, for [`Engine::PerCaller`]:
    /// made on its first call, ended with the thread.
    static SOLO: std::cell::OnceCell<Result<rayon::ThreadPool, String>> =
        const { std::cell::OnceCell::new() };
}

impl Engine {
    fn new(threads: Option<usize>) -> PyResult<Engine> {
        match threads {
            None => Ok(Engine::Global),
            Some(0) => Err(PyValueError::new_err(
                "threads must be at least 1 (or None)",
            )),
            Some(1) => Ok(Engine::PerCaller),
            Some(n) => Ok(Engine::Pool(pool_of(n)?)),
        }
    }

    /// Runs `f` where this engine runs its parallel work. Called with the
    /// GIL released.
    fn run<T: Send>(&self, f: impl FnOnce() -> T + Send) -> Result<T, String> {
        match self {
            Engine::Global => Ok(f()),
            Engine::Pool(pool) => Ok(pool.install(f)),
            Engine::PerCaller => SOLO.with(|cell| {
                let pool = cell.get_or_init(|| {
                    rayon::ThreadPoolBuilder::new()
                        .num_threads(1)
                        .build()
                        .map_err(|e| format!("cannot start a thread: {e}"))
                });
                match pool {
                    Ok(pool) => Ok(pool.install(f)),
                    Err(e) => Err(e.clone()),
                }
            }),
        }
    }

    fn threads(&self) -> Option<usize> {
        match self {
            Engine::Global => None,
            Engine::PerCaller => Some(1),
            Engine::Pool(pool) => Some(pool.current_num_threads()),
        }
    }
}

/// A pool of `n` worker threads, or an `OSError` saying why not.
fn pool_of(n: usize) -> PyResult<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|e| PyOSError::new_err(format!("cannot start {n} threads: {e}")))
}

impl PyAligner {
    /// Runs `f` with the GIL released, on this aligner's engine.
    fn work<T: Send>(&self, py: Python<'_>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
        py.detach(|| self.engine.run(f)).map_err(PyOSError::new_err)
    }

    fn wrap(
        &self,
        py: Python<'_>,
        result: zhen_align::Result<zhen_align::Alignment>,
        source: Source,
    ) -> PyResult<Py<PyAlignment>> {
        let inner = result.map_err(|e| py_err(e, None))?;
        Py::new(py, PyAlignment { inner, source })
    }
}

#[pymethods]
impl PyAligner {
    #[new]
    #[pyo3(
        signature = (glossary=None, min_confidence=0.2, *, lexicon=Some(LexiconArg::Builtin), tokenizer="lexicon", threads=None),
        text_signature = "(glossary=None, min_confidence=0.2, *, lexicon='builtin', tokenizer='lexicon', threads=None)"
    )]
    fn new(
        py: Python<'_>,
        glossary: Option<&Bound<'_, PyAny>>,
        min_confidence: f64,
        lexicon: Option<LexiconArg>,
        tokenizer: &str,
        threads: Option<usize>,
    ) -> PyResult<PyAligner> {
        let engine = Engine::new(threads)?;
        let mut builder = CoreAligner::builder().confidence_threshold(min_confidence);
        let mut glossary_len = 0;
        if let Some(g) = glossary {
            let g = glossary_of(g)?;
            glossary_len = g.len();
            builder = builder.glossary(g);
        }
        let lexicon_name = match lexicon {
            Some(LexiconArg::Builtin) => "builtin".to_string(),
            None => {
                builder = builder.lexicon(Lexicon::empty());
                "None".to_string()
            }
            Some(LexiconArg::Path(path)) => {
                let lex = py
                    .detach(|| lexicon_from_path(&path))
                    .map_err(|e| e.into_py(&path))?;
                builder = builder.lexicon(lex);
                format!("{:?}", path.display().to_string())
            }
        };
        let tokenizer = match tokenizer {
            "lexicon" => {
                builder = builder.chinese_tokenizer(ChineseTokenizer::Lexicon);
                "lexicon"
            }
            "jieba" => {
                builder = builder.chinese_tokenizer(ChineseTokenizer::Jieba);
                "jieba"
            }
            other => {
                return Err(AlignError::new_err(format!(
                    "invalid setting tokenizer: {other:?} is not \"lexicon\" or \"jieba\""
                )))
            }
        };
        let inner = builder.build().map_err(|e| py_err(e, None))?;
        Ok(PyAligner {
            inner,
            min_confidence,
            glossary_len,
            lexicon: lexicon_name,
            tokenizer,
            engine,
        })
    }

    /// The confidence threshold of ``Alignment.pairs()`` (read-only).
    #[getter]
    fn min_confidence(&self) -> f64 {
        self.min_confidence
    }

    /// The ``threads`` setting: None (all cores) or the number of threads
    /// one call works on (read-only).
    #[getter]
    fn threads(&self) -> Option<usize> {
        self.engine.threads()
    }

    /// align_mixed(text) -> Alignment
    ///
    /// Aligns one mixed file's text: finds its Chinese and English
    /// paragraphs (each non-empty line a paragraph, in any order:
    /// all Chinese then all English, or interleaved), splits them into
    /// sentences and aligns those. Web junk (headline lists, share widgets,
    /// cookie banners) is left unaligned.
    ///
    /// Raises AlignError when the text holds no Chinese or no English
    /// ("no English text found: nothing to align").
    fn align_mixed(&self, py: Python<'_>, text: String) -> PyResult<Py<PyAlignment>> {
        let result = self.work(py, || self.inner.align_mixed(&text))?;
        self.wrap(py, result, Source::mixed(&text))
    }

    /// align(zh, en) -> Alignment
    ///
    /// Aligns a Chinese text with its English translation. Each non-empty
    /// line is a paragraph; paragraphs are split into sentences.
    ///
    /// Raises AlignError when one side has no sentences.
    fn align(&self, py: Python<'_>, zh: String, en: String) -> PyResult<Py<PyAlignment>> {
        let result = self.work(py, || self.inner.align(&zh, &en))?;
        self.wrap(py, result, Source::texts(&zh, &en))
    }

    /// align_sentences(zh, en) -> Alignment
    ///
    /// Aligns sentences already split: ``zh`` and ``en`` are sequences
    /// (or any iterables) of str, one item a sentence. Sentence numbers in
    /// the result index these sequences; empty items are kept as empty
    /// sentences so the numbers match.
    ///
    /// Raises AlignError when a side is empty; TypeError when an item is not
    /// a str.
    fn align_sentences(
        &self,
        py: Python<'_>,
        zh: &Bound<'_, PyAny>,
        en: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAlignment>> {
        let zh = sentences_of(zh, "zh")?;
        let en = sentences_of(en, "en")?;
        let (result, source) = self.work(py, || {
            (
                self.inner.align_sentences(&zh, &en),
                Source::sentences(&zh, &en),
            )
        })?;
        self.wrap(py, result, source)
    }

    /// align_batch(docs, threads=None, return_exceptions=False) -> list[Alignment]
    ///
    /// Aligns many documents in parallel (one document a task on a pool of
    /// threads, with the GIL released), returning one result a document in
    /// input order. Each document is one of:
    ///
    /// - a str: a mixed text, as ``align_mixed`` takes it;
    /// - a pair ``(zh, en)`` of str: two texts, as ``align`` takes them;
    /// - a pair ``(zh, en)`` of lists of str: sentences, as
    ///   ``align_sentences`` takes them;
    /// - a dict with ``"text"``, or with ``"zh"`` and ``"en"`` (str or
    ///   lists), e.g. a row of a dataset.
    ///
    /// Args:
    ///     threads: the number of worker threads; None for the aligner's
    ///         own ``threads`` setting (all cores by default).
    ///     return_exceptions: when False (the default) the first document
    ///         that fails raises AlignError, with its index in the message;
    ///         when True, a failing document's AlignError stands in its
    ///         place in the list and the others are still returned.
    #[pyo3(signature = (docs, threads=None, return_exceptions=false))]
    fn align_batch(
        &self,
        py: Python<'_>,
        docs: &Bound<'_, PyAny>,
        threads: Option<usize>,
        return_exceptions: bool,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let docs: Vec<Document<'static>> = docs
            .try_iter()
            .map_err(|_| {
                PyTypeError::new_err(format!(
                    "docs: expected a list of documents, got {}",
                    type_name(docs)
                ))
            })?
            .enumerate()
            .map(|(i, d)| document_of(&d?, i))
            .collect::<PyResult<_>>()?;
        let results = match threads {
            None => self.work(py, || self.inner.align_documents(&docs))?,
            Some(0) => {
                return Err(PyValueError::new_err(
                    "threads must be at least 1 (or None)",
                ))
            }
            Some(n) => {
                let pool = pool_of(n)?;
                py.detach(|| pool.install(|| self.inner.align_documents(&docs)))
            }
        };
        let mut out = Vec::with_capacity(results.len());
        for (i, (result, doc)) in results.into_iter().zip(&docs).enumerate() {
            match result {
                Ok(inner) => {
                    let source = Source::of(doc);
                    out.push(Py::new(py, PyAlignment { inner, source })?.into_any());
                }
                Err(e) => {
                    let err = AlignError::new_err(format!("document {i}: {e}"));
                    if return_exceptions {
                        out.push(err.into_value(py).into_any());
                    } else {
                        return Err(err);
                    }
                }
            }
        }
        Ok(out)
    }

    fn __repr__(&self) -> String {
        format!(
            "Aligner(glossary={} terms, min_confidence={}, lexicon={}, tokenizer={:?}, threads={})",
            self.glossary_len,
            self.min_confidence,
            self.lexicon,
            self.tokenizer,
            self.engine
                .threads()
                .map_or_else(|| "None".to_string(), |n| n.to_string())
        )
    }
}

/// The `lexicon=` argument: the word "builtin" or a file name.
enum LexiconArg {
    Builtin,
    Path(PathBuf),
}

impl From<String> for LexiconArg {
    fn from(s: String) -> LexiconArg {
        if s == "builtin" {
            LexiconArg::Builtin
        } else {
            LexiconArg::Path(PathBuf::from(s))
        }
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for LexiconArg {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<LexiconArg> {
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(LexiconArg::from(s.to_cow()?.into_owned()));
        }
        if obj.hasattr("__fspath__")? {
            return Ok(LexiconArg::Path(obj.extract()?));
        }
        Err(PyTypeError::new_err(format!(
            "lexicon: expected \"builtin\", None or a file name, got {}",
            type_name(&obj.to_owned())
        )))
    }
}

/// zhen_align: Chinese–English sentence alignment (the Rust engine).
///
/// Use the ``zhen_align`` package, which re-exports this module.
#[pymodule]
fn _zhen_align(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyAligner>()?;
    m.add_class::<PyAlignment>()?;
    m.add_class::<PyPair>()?;
    m.add_class::<PyBead>()?;
    m.add("AlignError", m.py().get_type::<AlignError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
