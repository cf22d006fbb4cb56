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
    /// A hand edit of an alignment ([`Alignment::apply`](crate::Alignment::apply))
    /// cannot be made: the message says which bead and why. The alignment
    /// is unchanged.
    #[error("{message}")]
    BadEdit {
        /// What was asked and why it cannot be done, on one line.
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
            Error::Config { .. } | Error::CorruptLexicon { .. } | Error::BadEdit { .. } => {}
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
