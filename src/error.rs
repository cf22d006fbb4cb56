//! The crate's one error type.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// A language of the aligner's two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub enum Language {
    /// Chinese (Simplified or Traditional).
    Chinese,
    /// English.
    English,
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Language::Chinese => "Chinese",
            Language::English => "English",
        })
    }
}

/// Where an error happened: an optional file name and a 1-based line.
///
/// Library calls on `&str` do not know a file name; the examples and the
/// path-taking constructors fill it in with [`Error::with_path`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    path: Option<PathBuf>,
    line: Option<usize>,
}

impl Location {
    /// A location at `line` (1-based) of an unnamed input.
    pub fn line(line: usize) -> Location {
        Location {
            path: None,
            line: Some(line),
        }
    }

    /// The file, when known.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// The 1-based line, when known.
    pub fn line_number(&self) -> Option<usize> {
        self.line
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => write!(f, "{}:{}: ", p.display(), l),
            (Some(p), None) => write!(f, "{}: ", p.display()),
            (None, Some(l)) => write!(f, "line {}: ", l),
            (None, None) => Ok(()),
        }
    }
}

/// Everything that can go wrong in zhen-align. Every variant says what was
/// wrong and, where it applies, where (file, line, byte offset).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing failed.
    #[error("{at}{action}: {source}")]
    Io {
        /// Where.
        at: Location,
        /// What was being done ("cannot read", "cannot write").
        action: &'static str,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The input is not valid UTF-8.
    #[error("{at}invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// Where.
        at: Location,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The input is not valid in the encoding it was read as (chosen,
    /// declared by an HTML page, or detected); see [`Encoding`](crate::Encoding).
    #[error("{at}invalid {encoding} at byte offset {offset}")]
    InvalidEncoding {
        /// Where.
        at: Location,
        /// The encoding the input was read as.
        encoding: crate::Encoding,
        /// Byte offset in the input of the first invalid byte.
        offset: usize,
    },
    /// The input's encoding is not one zhen-align reads: detected from
    /// bytes that are not UTF-8, or declared by an HTML page.
    #[error(
        "{at}{}the {} {name}, which zhen-align does not read (it reads UTF-8, UTF-16 with a byte-order mark, GB18030/GBK and Big5): convert it to UTF-8 or choose an encoding",
        utf8_offset.map_or(String::new(), |o| format!("not UTF-8 (invalid at byte offset {o}), and ")),
        if *declared { "page declares" } else { "bytes look like" }
    )]
    UnsupportedEncoding {
        /// Where.
        at: Location,
        /// The encoding's name (WHATWG), e.g. `windows-1252`, `Shift_JIS`.
        name: String,
        /// Whether an HTML page declared it (else it was detected).
        declared: bool,
        /// The byte offset of the first byte that is not valid UTF-8, if any.
        utf8_offset: Option<usize>,
    },
    /// An HTML page's elements nest deeper than the limit
    /// ([`MAX_HTML_DEPTH`](crate::MAX_HTML_DEPTH) with the `html` feature).
    #[error("{at}HTML elements nested more than {limit} deep: not read")]
    HtmlTooDeep {
        /// Where.
        at: Location,
        /// The limit.
        limit: usize,
    },
    /// The input holds no text of one of the two languages.
    #[error("{at}no {missing} text found: nothing to align")]
    MissingLanguage {
        /// Where.
        at: Location,
        /// The language that is missing.
        missing: Language,
    },
    /// A line of a glossary, lexicon or bead file could not be parsed.
    #[error("{at}{message}")]
    Parse {
        /// Where (file and line).
        at: Location,
        /// What was expected and what was found.
        message: String,
    },
    /// Neither side holds a sentence to align (all of the text is junk,
    /// symbols or labels).
    #[error("{at}no sentence found in either language: nothing to align")]
    NothingToAlign {
        /// Where.
        at: Location,
    },
    /// The input is larger than the limit set for reading it.
    #[error("{at}input is larger than the limit of {limit} bytes")]
    InputTooLarge {
        /// Where.
        at: Location,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The built-in lexicon's data, compiled into the crate, cannot be read
    /// (a damaged build: rebuild the crate).
    #[error("the built-in lexicon is corrupt: {message}")]
    CorruptLexicon {
        /// What the parser found wrong.
        message: String,
    },
    /// A configuration value is out of range.
    #[error("invalid setting {name}: {message}")]
    Config {
        /// The setting.
        name: &'static str,
        /// Why it was rejected.
        message: String,
    },
}

impl Error {
    /// Attaches a file name to the error's location (when it has one).
    #[must_use]
    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Error {
        match &mut self {
            Error::Io { at, .. }
            | Error::InvalidUtf8 { at, .. }
            | Error::InvalidEncoding { at, .. }
            | Error::UnsupportedEncoding { at, .. }
            | Error::HtmlTooDeep { at, .. }
            | Error::MissingLanguage { at, .. }
            | Error::Parse { at, .. }
            | Error::InputTooLarge { at, .. }
            | Error::NothingToAlign { at } => at.path = Some(path.into()),
            Error::Config { .. } | Error::CorruptLexicon { .. } => {}
        }
        self
    }

    pub(crate) fn parse(line: usize, message: impl Into<String>) -> Error {
        Error::Parse {
            at: Location::line(line),
            message: message.into(),
        }
    }

    pub(crate) fn io(action: &'static str, source: io::Error) -> Error {
        Error::Io {
            at: Location::default(),
            action,
            source,
        }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Reads a file as UTF-8 (a leading byte-order mark is dropped), with errors
/// that name the file and, for bad encoding, the byte offset. For other
/// encodings (detected or chosen) and HTML pages, see
/// [`InputReader`](crate::InputReader).
///
/// Reads at most [`DEFAULT_MAX_INPUT_BYTES`]; see [`read_text_limited`].
pub fn read_text(path: impl AsRef<std::path::Path>) -> Result<String> {
    read_text_limited(path, DEFAULT_MAX_INPUT_BYTES)
}

/// The input size limit of [`read_text`]: 2 GiB, generous for any bilingual
/// document, and a bound on the memory one unbounded input (`/dev/zero`, a
/// runaway pipe) can take.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 2 << 30;

/// Reads a file as UTF-8 like [`read_text`], refusing one of more than
/// `max_bytes` bytes with [`Error::InputTooLarge`]. The limit is checked while
/// reading (never more than `max_bytes + 1` bytes are held), so it also bounds
/// devices and pipes that report no size.
pub fn read_text_limited(path: impl AsRef<std::path::Path>, max_bytes: u64) -> Result<String> {
    let path = path.as_ref();
    let bytes = read_bytes_limited(path, max_bytes)?;
    decode_utf8(bytes).map_err(|e| e.with_path(path))
}

/// Reads a file of at most `max_bytes` bytes (see [`read_text_limited`]),
/// with errors that name it; every reader of input files goes through here.
pub(crate) fn read_bytes_limited(path: &std::path::Path, max_bytes: u64) -> Result<Vec<u8>> {
    let read_err = |e| Error::io("cannot read", e).with_path(path);
    let file = std::fs::File::open(path).map_err(read_err)?;
    let meta = file.metadata().map_err(read_err)?;
    if meta.is_dir() {
        return Err(read_err(io::Error::other("is a directory")));
    }
    if meta.is_file() && meta.len() > max_bytes {
        return Err(Error::InputTooLarge {
            at: Location::default(),
            limit: max_bytes,
        }
        .with_path(path));
    }
    let expected = meta.is_file().then_some(meta.len());
    read_open_file(file, expected, max_bytes).map_err(|e| match e {
        ReadFault::Io(e) => read_err(e),
        ReadFault::TooLarge => Error::InputTooLarge {
            at: Location::default(),
            limit: max_bytes,
        }
        .with_path(path),
    })
}

/// Why [`read_open_file`] stopped.
enum ReadFault {
    Io(io::Error),
    TooLarge,
}

/// Reads an open file to its end, holding at most `max_bytes + 1` bytes.
/// `expected` is a regular file's length when it was opened: a file that
/// ends short of it was truncated or replaced while being read (a log
/// rotated, a download still being written over), and half a document is
/// refused rather than aligned as if whole.
fn read_open_file(
    file: std::fs::File,
    expected: Option<u64>,
    max_bytes: u64,
) -> std::result::Result<Vec<u8>, ReadFault> {
    use std::io::Read;
    let hint = expected.unwrap_or(0).min(max_bytes);
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadFault::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadFault::TooLarge);
    }
    if let Some(len) = expected {
        if (bytes.len() as u64) < len {
            return Err(ReadFault::Io(io::Error::other(format!(
                "the file shrank from {len} to {} bytes while being read",
                bytes.len()
            ))));
        }
    }
    Ok(bytes)
}

/// Turns bytes into a `String`, dropping a UTF-8 byte-order mark; invalid
/// UTF-8 is an error with the byte offset.
pub fn decode_utf8(mut bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        return String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
            at: Location::default(),
            offset: e.utf8_error().valid_up_to() + 3,
        });
    }
    String::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
        at: Location::default(),
        offset: e.utf8_error().valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file truncated between its open and its read (what a rotated log or
    /// a file being rewritten looks like to a reader) is refused, not read
    /// as half a document.
    #[test]
    fn a_file_that_shrinks_while_being_read_is_an_error() {
        let dir = std::env::temp_dir().join(format!("zhen-align-shrink-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("in.txt");
        std::fs::write(&path, "你好。\nHello.\n").unwrap();
        let file = std::fs::File::open(&path).unwrap();
        let len = file.metadata().unwrap().len();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(4)
            .unwrap();
        match read_open_file(file, Some(len), DEFAULT_MAX_INPUT_BYTES) {
            Err(ReadFault::Io(e)) => {
                assert_eq!(
                    e.to_string(),
                    format!("the file shrank from {len} to 4 bytes while being read")
                );
            }
            Err(ReadFault::TooLarge) => panic!("not a size error"),
            Ok(b) => panic!("read {} bytes of a truncated file", b.len()),
        }
        // Unchanged, the same file reads whole.
        let file = std::fs::File::open(&path).unwrap();
        let bytes = read_open_file(file, Some(4), DEFAULT_MAX_INPUT_BYTES)
            .ok()
            .unwrap();
        assert_eq!(bytes.len(), 4);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
