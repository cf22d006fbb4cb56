//! Bytes to text: byte-order marks, a chosen encoding, or detection.
//!
//! Detection: see [`decode_text`].

use encoding_rs::DecoderResult;

use super::Encoding;
use crate::error::{decode_utf8, Error, Location, Result};

/// A decoded input: UTF-8 text and the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    text: String,
    encoding: Encoding,
}

impl Decoded {
    /// The text (UTF-8, a byte-order mark removed). Spans in an
    /// [`Alignment`](crate::Alignment) made from it are byte offsets into
    /// this text, not into the original bytes.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text, owned.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The encoding the bytes were read as (never [`Encoding::Auto`]).
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    pub(crate) fn new(text: String, encoding: Encoding) -> Decoded {
        Decoded { text, encoding }
    }
}

/// The encoding a byte-order mark at the start of `bytes` stands for, and
/// its length.
pub(crate) fn bom(bytes: &[u8]) -> Option<(Encoding, usize)> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some((Encoding::Utf8, 3))
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Some((Encoding::Utf16Le, 2))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some((Encoding::Utf16Be, 2))
    } else {
        None
    }
}

/// Decodes plain-text bytes in `encoding`, or, for [`Encoding::Auto`], in
/// the encoding detected from them. Bytes invalid in that encoding are an
/// [`Error::InvalidUtf8`] or [`Error::InvalidEncoding`] with the byte offset
/// of the first one, counted from the start of `bytes` (a byte-order mark
/// included).
///
/// A chosen encoding is used as given; a byte-order mark is dropped only when
/// it is that encoding's own.
///
/// Detection, in this order, each step with its reason:
///
/// 1. A byte-order mark (UTF-8, UTF-16LE, UTF-16BE) is near-certain evidence
///    and settles it.
/// 2. Bytes that are valid UTF-8 are UTF-8 (pure ASCII included): a legacy
///    Chinese text of any length is almost never valid UTF-8 by accident, so
///    this never turns UTF-8 into something else.
/// 3. Bytes that are *mostly* UTF-8 (more valid multi-byte sequences than
///    invalid ones) are damaged UTF-8, and get the UTF-8 error with its byte
///    offset, not a guess: GBK or Big5 text read as UTF-8 is invalid at
///    nearly every non-ASCII character.
/// 4. Otherwise `chardetng` (Firefox's detector) guesses; GBK (read as its
///    superset GB18030) and Big5 are taken. Any other guess (a Japanese,
///    Korean or single-byte encoding) is an error that names it, rather than
///    Chinese read from bytes that are not Chinese.
pub fn decode_text(bytes: Vec<u8>, encoding: Encoding) -> Result<Decoded> {
    // The common case, valid UTF-8 without a mark, validated once.
    if encoding == Encoding::Auto && bom(&bytes).is_none() {
        let bytes = match String::from_utf8(bytes) {
            Ok(text) => return Ok(Decoded::new(text, Encoding::Utf8)),
            Err(e) => e.into_bytes(),
        };
        let detected = detect(&bytes)?;
        return decode_as(bytes, detected);
    }
    let encoding = match encoding {
        Encoding::Auto => detect(&bytes)?,
        e => e,
    };
    decode_as(bytes, encoding)
}

/// Decodes `bytes` in `encoding` (not `Auto`), dropping its own byte-order mark.
pub(crate) fn decode_as(bytes: Vec<u8>, encoding: Encoding) -> Result<Decoded> {
    let skip = match bom(&bytes) {
        Some((e, n)) if e == encoding => n,
        _ => 0,
    };
    let text = match encoding {
        Encoding::Utf8 | Encoding::Auto => decode_utf8(bytes)?,
        Encoding::Utf16Le => strict(encoding_rs::UTF_16LE, &bytes, skip, encoding)?,
        Encoding::Utf16Be => strict(encoding_rs::UTF_16BE, &bytes, skip, encoding)?,
        Encoding::Gb18030 => strict(encoding_rs::GB18030, &bytes, skip, encoding)?,
        Encoding::Big5 => strict(encoding_rs::BIG5, &bytes, skip, encoding)?,
    };
    Ok(Decoded::new(text, encoding.concrete()))
}

/// Decodes `bytes[skip..]` without replacement characters; the first
/// malformed sequence is an [`Error::InvalidEncoding`] at its offset in `bytes`.
fn strict(
    codec: &'static encoding_rs::Encoding,
    bytes: &[u8],
    skip: usize,
    which: Encoding,
) -> Result<String> {
    let src = &bytes[skip..];
    let mut decoder = codec.new_decoder_without_bom_handling();
    let mut out = String::new();
    let mut read_total = 0;
    loop {
        let rest = &src[read_total..];
        // The bound is exact for the rest of the input; `None` only on an
        // overflow of usize, which no input within the size limit reaches.
        let need = decoder
            .max_utf8_buffer_length_without_replacement(rest.len())
            .unwrap_or(rest.len().saturating_mul(3));
        out.reserve(need);
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut out, true);
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => read_total += read,
            DecoderResult::Malformed(bad, after) => {
                let end = read_total + read - usize::from(after);
                return Err(Error::InvalidEncoding {
                    at: Location::default(),
                    encoding: which,
                    offset: skip + end.saturating_sub(usize::from(bad)),
                });
            }
        }
    }
}

/// The encoding of `bytes` by the rules of [`decode_text`].
pub(crate) fn detect(bytes: &[u8]) -> Result<Encoding> {
    if let Some((e, _)) = bom(bytes) {
        return Ok(e);
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(_) => return Ok(Encoding::Utf8),
        Err(e) => e.valid_up_to(),
    };
    // Both tests look at a window from the first non-ASCII byte (ASCII
    // before it is only ASCII, and tells nothing): 1 MiB of Chinese settles
    // them beyond doubt, and the whole of a large file would cost ~0.3 s a
    // MB. Decoding still reads every byte, so a later invalid one is an error.
    let first = bytes.iter().position(|&b| b >= 0x80).unwrap_or(0);
    let start = first.saturating_sub(2);
    let end = bytes.len().min(first + DETECTION_WINDOW);
    let (valid, invalid) = utf8_shape(&bytes[start..end]);
    if valid > invalid {
        return Err(Error::InvalidUtf8 {
            at: Location::default(),
            offset: utf8_error,
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes[start..end], end == bytes.len());
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        Ok(Encoding::Gb18030)
    } else if guess == encoding_rs::BIG5 {
        Ok(Encoding::Big5)
    } else {
        Err(Error::UnsupportedEncoding {
            at: Location::default(),
            name: guess.name().to_string(),
            declared: false,
            utf8_offset: Some(utf8_error),
        })
    }
}

/// How many bytes, from the first non-ASCII one, the detector reads.
const DETECTION_WINDOW: usize = 1 << 20;

/// How many valid multi-byte UTF-8 sequences and how many invalid ones
/// `bytes` holds.
fn utf8_shape(bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => {
                valid += rest.iter().filter(|&&b| b >= 0xC0).count();
                return (valid, invalid);
            }
            Err(e) => {
                let ok = e.valid_up_to();
                valid += rest[..ok].iter().filter(|&&b| b >= 0xC0).count();
                invalid += 1;
                let skip = e.error_len().unwrap_or(rest.len() - ok);
                rest = &rest[ok + skip..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(codec: &'static encoding_rs::Encoding, s: &str) -> Vec<u8> {
        let (b, _, unmappable) = codec.encode(s);
        assert!(!unmappable);
        b.into_owned()
    }

    #[test]
    fn ascii_and_utf8_stay_utf8() {
        assert_eq!(detect(b"plain ASCII").unwrap(), Encoding::Utf8);
        assert_eq!(detect("中文".as_bytes()).unwrap(), Encoding::Utf8);
        assert_eq!(detect(b"").unwrap(), Encoding::Utf8);
    }

    #[test]
    fn legacy_chinese_is_detected() {
        let s = "国防部举行例行记者会，国防部新闻发言人答记者问。\nThe Ministry held a press conference.\n";
        assert_eq!(
            detect(&enc(encoding_rs::GBK, s)).unwrap(),
            Encoding::Gb18030
        );
        let t = "國防部舉行例行記者會，國防部新聞發言人答記者問。\nThe Ministry held a press conference.\n";
        assert_eq!(detect(&enc(encoding_rs::BIG5, t)).unwrap(), Encoding::Big5);
    }

    #[test]
    fn malformed_offsets() {
        // GB18030: a lead byte followed by a byte that cannot trail it.
        let mut b = enc(encoding_rs::GB18030, "中文");
        b.extend_from_slice(b"\x81\x20ok");
        match decode_as(b, Encoding::Gb18030) {
            Err(Error::InvalidEncoding { offset, .. }) => assert_eq!(offset, 4),
            other => panic!("{other:?}"),
        }
        // UTF-16LE with BOM and an odd last byte.
        let b = vec![0xFF, 0xFE, b'a', 0, b'b'];
        match decode_as(b, Encoding::Utf16Le) {
            Err(Error::InvalidEncoding { offset, .. }) => assert_eq!(offset, 4),
            other => panic!("{other:?}"),
        }
        // An unpaired surrogate.
        let b = vec![b'a', 0, 0x00, 0xD8, b'b', 0];
        match decode_as(b, Encoding::Utf16Le) {
            Err(Error::InvalidEncoding { offset, .. }) => assert_eq!(offset, 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn detection_window_starts_at_the_first_non_ascii_byte() {
        // English first (the "all English, then all Chinese" layout), then
        // Chinese well past the window; a bad byte past the window still fails.
        let english = "The Ministry held a press conference. ".repeat(60_000);
        let chinese = "国防部举行例行记者会，国防部新闻发言人答记者问。".repeat(50_000);
        let mut b = enc(encoding_rs::GB18030, &format!("{english}\n{chinese}\n"));
        assert!(b.len() > 2 * DETECTION_WINDOW);
        let d = decode_text(b.clone(), Encoding::Auto).unwrap();
        assert_eq!(d.encoding(), Encoding::Gb18030);
        assert_eq!(d.text(), format!("{english}\n{chinese}\n"));
        let at = b.len() - 4;
        b[at] = 0xFF;
        match decode_text(b, Encoding::Auto) {
            // The malformed sequence starts at the lead byte before it.
            Err(Error::InvalidEncoding { offset, .. }) => assert!(offset == at - 1 || offset == at),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn damaged_utf8_is_a_utf8_error() {
        let mut b = "你好。".repeat(10).into_bytes();
        let at = b.len();
        b.push(0xFF);
        b.extend_from_slice("世界。".as_bytes());
        match detect(&b) {
            Err(Error::InvalidUtf8 { offset, .. }) => assert_eq!(offset, at),
            other => panic!("{other:?}"),
        }
    }
}
