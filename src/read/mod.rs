//! Reading input files: size limit, encoding (chosen or detected), and
//! format (plain text or an HTML page).
//!
//! The aligner works on UTF-8 `&str`; this module turns a file's bytes into
//! that. Everything it returns is UTF-8, whatever the file's encoding, and
//! every span the aligner reports is a byte offset into that decoded text
//! (for an HTML page, into the text [`html_text`](crate::html_text) takes
//! from it), not into the file. Byte offsets in decoding errors are offsets
//! into the file.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::error::{read_bytes_limited, Error, Location, Result, DEFAULT_MAX_INPUT_BYTES};

pub(crate) mod decode;
#[cfg(feature = "html")]
pub(crate) mod html;

pub use decode::{decode_text, Decoded};

/// The character encoding to read input bytes as.
///
/// [`Encoding::Auto`] (the default) detects it: a byte-order mark first,
/// then valid UTF-8 (pure ASCII included) is UTF-8, then a detector
/// (`chardetng`) chooses between GB18030/GBK and Big5; for an HTML page a
/// `<meta charset>` declaration comes between the mark and detection. UTF-16
/// is read only with a byte-order mark, or when chosen. Names are the WHATWG
/// encoding labels, so `gbk`, `gb2312`, `cp936` and `gb18030` all choose
/// [`Encoding::Gb18030`] (a superset of the others).
///
/// ```
/// use zhen_align::Encoding;
///
/// assert_eq!("gbk".parse::<Encoding>()?, Encoding::Gb18030);
/// assert_eq!(Encoding::from_name("UTF-16LE")?, Encoding::Utf16Le);
/// assert_eq!(Encoding::Big5.name(), "Big5");
/// assert!(Encoding::from_name("latin-9").is_err()); // not a Chinese encoding
/// # Ok::<(), zhen_align::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// Detect the encoding from the bytes.
    #[default]
    Auto,
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// GB18030, which includes GBK and GB2312 (mainland China, Windows).
    Gb18030,
    /// Big5 with the HKSCS extensions (Taiwan, Hong Kong).
    Big5,
}

/// The names [`Encoding::from_name`] accepts, for messages.
const ENCODING_NAMES: &str = "auto, utf-8, utf-16le, utf-16be, gb18030 (or gbk, gb2312) or big5";

impl Encoding {
    /// The encoding a name stands for: `auto` or a WHATWG label of one of
    /// the encodings read (case-insensitive, surrounding white space
    /// ignored). An unknown name, or one of an encoding zhen-align does not
    /// read (`shift_jis`, `windows-1252`), is an [`Error::Config`] that says
    /// which names are accepted.
    pub fn from_name(name: &str) -> Result<Encoding> {
        let trimmed = name.trim();
        if trimmed.eq_ignore_ascii_case("auto") {
            return Ok(Encoding::Auto);
        }
        // Windows code page names, which the WHATWG labels lack.
        let label = match trimmed.to_ascii_lowercase().as_str() {
            "cp936" | "windows-936" | "ms936" => "gbk",
            "cp950" | "windows-950" | "ms950" => "big5",
            "cp65001" => "utf-8",
            "cp1200" => "utf-16le",
            "cp1201" => "utf-16be",
            _ => trimmed,
        };
        match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(e) => Encoding::from_codec(e).ok_or_else(|| Error::Config {
                name: "encoding",
                message: format!(
                    "{name:?} ({}) is not an encoding zhen-align reads: expected {ENCODING_NAMES}",
                    e.name()
                ),
            }),
            None => Err(Error::Config {
                name: "encoding",
                message: format!("unknown encoding {name:?}: expected {ENCODING_NAMES}"),
            }),
        }
    }

    /// The encoding's name: `auto`, `UTF-8`, `UTF-16LE`, `UTF-16BE`,
    /// `GB18030`, `Big5`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Auto => "auto",
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
            Encoding::Big5 => "Big5",
        }
    }

    /// The encoding for an `encoding_rs` one, when it is one of ours (GBK's
    /// decoder is GB18030's, by the WHATWG standard).
    pub(crate) fn from_codec(e: &'static encoding_rs::Encoding) -> Option<Encoding> {
        Some(if e == encoding_rs::UTF_8 {
            Encoding::Utf8
        } else if e == encoding_rs::UTF_16LE {
            Encoding::Utf16Le
        } else if e == encoding_rs::UTF_16BE {
            Encoding::Utf16Be
        } else if e == encoding_rs::GBK || e == encoding_rs::GB18030 {
            Encoding::Gb18030
        } else if e == encoding_rs::BIG5 {
            Encoding::Big5
        } else {
            return None;
        })
    }

    /// `Auto` stands for UTF-8 once decoding has happened without detection.
    fn concrete(self) -> Encoding {
        match self {
            Encoding::Auto => Encoding::Utf8,
            e => e,
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Encoding {
    type Err = Error;

    fn from_str(s: &str) -> Result<Encoding> {
        Encoding::from_name(s)
    }
}

/// What an input file holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputFormat {
    /// Decide by the file name (`.html`, `.htm`, `.xhtml`) and, failing that,
    /// by the content (`<!doctype html` or `<html` at the start, after
    /// white space and a byte-order mark).
    #[default]
    Auto,
    /// Plain text: each non-empty line a paragraph.
    Text,
    /// An HTML page: its text is taken per block element (see
    /// [`html_text`](crate::html_text)). Needs the `html` feature.
    Html,
}

impl InputFormat {
    /// The format a name stands for: `auto`, `text` or `html`.
    pub fn from_name(name: &str) -> Result<InputFormat> {
        match name.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(InputFormat::Auto),
            "text" | "txt" => Ok(InputFormat::Text),
            "html" | "htm" => Ok(InputFormat::Html),
            _ => Err(Error::Config {
                name: "input format",
                message: format!("unknown input format {name:?}: expected html, text or auto"),
            }),
        }
    }
}

impl FromStr for InputFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<InputFormat> {
        InputFormat::from_name(s)
    }
}

/// Reads input files: a size limit, an [`Encoding`] and an [`InputFormat`],
/// each `Auto` (detected) unless set.
///
/// ```
/// use zhen_align::{Aligner, Encoding, InputReader};
///
/// // GB18030 bytes, as a Windows tool would save them.
/// let (bytes, _, _) = encoding_rs::GB18030.encode("我爱北京。\nI love Beijing.\n");
/// let input = InputReader::new().read_bytes(bytes.into_owned())?;
/// assert_eq!(input.encoding(), Encoding::Gb18030);
/// assert_eq!(input.text(), "我爱北京。\nI love Beijing.\n");
///
/// let alignment = Aligner::new().align_input(&input)?;
/// assert_eq!(alignment.pairs().count(), 1);
/// # Ok::<(), zhen_align::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct InputReader {
    encoding: Encoding,
    format: InputFormat,
    max_bytes: u64,
}

impl Default for InputReader {
    fn default() -> InputReader {
        InputReader::new()
    }
}

impl InputReader {
    /// Detects encoding and format; reads at most [`DEFAULT_MAX_INPUT_BYTES`].
    pub fn new() -> InputReader {
        InputReader {
            encoding: Encoding::Auto,
            format: InputFormat::Auto,
            max_bytes: DEFAULT_MAX_INPUT_BYTES,
        }
    }

    /// Reads the bytes in this encoding instead of detecting it.
    pub fn encoding(mut self, encoding: Encoding) -> InputReader {
        self.encoding = encoding;
        self
    }

    /// Takes the input as this format instead of deciding.
    pub fn format(mut self, format: InputFormat) -> InputReader {
        self.format = format;
        self
    }

    /// Refuses an input of more than `max_bytes` bytes with
    /// [`Error::InputTooLarge`], checked while reading.
    pub fn max_bytes(mut self, max_bytes: u64) -> InputReader {
        self.max_bytes = max_bytes;
        self
    }

    /// Reads and decodes a file; errors name it.
    pub fn read_path(&self, path: impl AsRef<Path>) -> Result<Input> {
        let path = path.as_ref();
        let bytes = read_bytes_limited(path, self.max_bytes)?;
        let by_name = match self.format {
            InputFormat::Auto if has_html_extension(path) => InputFormat::Html,
            f => f,
        };
        self.decode(bytes, by_name).map_err(|e| e.with_path(path))
    }

    /// Decodes bytes already read (the format by content when `Auto`). The
    /// size limit applies to them too.
    pub fn read_bytes(&self, bytes: Vec<u8>) -> Result<Input> {
        if bytes.len() as u64 > self.max_bytes {
            return Err(Error::InputTooLarge {
                at: Location::default(),
                limit: self.max_bytes,
            });
        }
        self.decode(bytes, self.format)
    }

    fn decode(&self, bytes: Vec<u8>, format: InputFormat) -> Result<Input> {
        let format = match format {
            InputFormat::Auto => {
                // UTF-16 has to be decoded before its content can be sniffed.
                match decode::bom(&bytes) {
                    Some((Encoding::Utf16Le | Encoding::Utf16Be, _))
                        if self.encoding == Encoding::Auto =>
                    {
                        let d = decode_text(bytes, self.encoding)?;
                        let format = if looks_like_html(d.text().as_bytes()) {
                            InputFormat::Html
                        } else {
                            InputFormat::Text
                        };
                        return Ok(Input::new(d, format));
                    }
                    _ if looks_like_html(&bytes) => InputFormat::Html,
                    _ => InputFormat::Text,
                }
            }
            f => f,
        };
        let decoded = match format {
            InputFormat::Html => html_decode(bytes, self.encoding)?,
            _ => decode_text(bytes, self.encoding)?,
        };
        Ok(Input::new(decoded, format))
    }
}

#[cfg(feature = "html")]
fn html_decode(bytes: Vec<u8>, encoding: Encoding) -> Result<Decoded> {
    html::decode_html(bytes, encoding)
}

#[cfg(not(feature = "html"))]
fn html_decode(_bytes: Vec<u8>, _encoding: Encoding) -> Result<Decoded> {
    Err(Error::Config {
        name: "input format",
        message: "HTML input needs zhen-align's `html` feature".to_string(),
    })
}

/// A decoded input file: UTF-8 text, the encoding it was read as, and its
/// format. Made by [`InputReader`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    decoded: Decoded,
    format: InputFormat,
}

impl Input {
    fn new(decoded: Decoded, format: InputFormat) -> Input {
        Input { decoded, format }
    }

    /// The decoded text: for [`InputFormat::Html`], the page's source.
    pub fn text(&self) -> &str {
        self.decoded.text()
    }

    /// The encoding the file was read as (never `Auto`).
    pub fn encoding(&self) -> Encoding {
        self.decoded.encoding()
    }

    /// The format it was read as: [`InputFormat::Text`] or
    /// [`InputFormat::Html`] (never `Auto`).
    pub fn format(&self) -> InputFormat {
        self.format
    }

    /// The text to align: a text file's text, or the block text of a page
    /// ([`html_text`](crate::html_text)). Spans of an alignment of it are
    /// offsets into this string.
    ///
    /// # Errors
    ///
    /// [`Error::HtmlTooDeep`] for a page nested too deep to parse.
    pub fn into_plain_text(self) -> Result<String> {
        match self.format {
            #[cfg(feature = "html")]
            InputFormat::Html => html::html_text(self.decoded.text()),
            _ => Ok(self.decoded.into_text()),
        }
    }
}

impl crate::Aligner {
    /// Aligns a decoded input file as a mixed text: a text file as
    /// [`align_mixed`](crate::Aligner::align_mixed) does, an HTML page as
    /// [`align_html`](crate::Aligner::align_html) does.
    pub fn align_input(&self, input: &Input) -> Result<crate::Alignment> {
        match input.format {
            #[cfg(feature = "html")]
            InputFormat::Html => self.align_html(input.text()),
            _ => self.align_mixed(input.text()),
        }
    }
}

fn has_html_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["html", "htm", "xhtml"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// Whether a document starts (after a UTF-8 byte-order mark, white space and
/// comments) with `<!doctype html` or `<html`, ASCII case-insensitively.
fn looks_like_html(bytes: &[u8]) -> bool {
    let mut rest = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
    loop {
        let start = rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        rest = &rest[start..];
        if rest.starts_with(b"<!--") {
            match find(rest, b"-->") {
                Some(end) => rest = &rest[end + 3..],
                None => return false,
            }
        } else {
            break;
        }
    }
    starts_with_ignore_case(rest, b"<!doctype html") || starts_with_ignore_case(rest, b"<html")
}

pub(crate) fn starts_with_ignore_case(hay: &[u8], prefix: &[u8]) -> bool {
    hay.len() >= prefix.len() && hay[..prefix.len()].eq_ignore_ascii_case(prefix)
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for (n, e) in [
            ("auto", Encoding::Auto),
            ("utf8", Encoding::Utf8),
            ("UTF-8", Encoding::Utf8),
            ("utf-16", Encoding::Utf16Le),
            ("utf-16be", Encoding::Utf16Be),
            ("gb2312", Encoding::Gb18030),
            ("GBK", Encoding::Gb18030),
            ("cp936", Encoding::Gb18030),
            ("big5-hkscs", Encoding::Big5),
        ] {
            assert_eq!(Encoding::from_name(n).unwrap(), e, "{n}");
        }
        let e = Encoding::from_name("shift_jis").unwrap_err().to_string();
        assert!(e.contains("Shift_JIS") && e.contains("gb18030"), "{e}");
        let e = Encoding::from_name("klingon").unwrap_err().to_string();
        assert!(e.contains("unknown encoding \"klingon\""), "{e}");
    }

    #[test]
    fn html_sniffing() {
        assert!(looks_like_html(b"\xef\xbb\xbf\n  <!DOCTYPE html><p>x"));
        assert!(looks_like_html(b"<!-- saved --> <HTML lang=zh>"));
        assert!(!looks_like_html(b"<p>not a page start</p>"));
        assert!(!looks_like_html("中文 <html>".as_bytes()));
        assert!(has_html_extension(Path::new("a/b.HTM")));
        assert!(!has_html_extension(Path::new("a/html")));
    }
}
