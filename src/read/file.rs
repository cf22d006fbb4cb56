//! Reading files: bounded in size, checked for truncation while being read,
//! UTF-8 validated once. Every input the crate reads goes through
//! [`read_bytes_limited`]; [`InputReader`](crate::InputReader) adds other
//! encodings and HTML on top.

use std::io;

use crate::error::{Error, Location, Result};

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
