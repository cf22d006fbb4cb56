//! The TMX 1.4b writer.
//!
//! The XML is written through `quick_xml::Writer` events, never by string
//! formatting. All text that goes into a `<seg>` passes through
//! [`xml_chars`], which drops the characters XML 1.0 forbids; quick-xml then
//! escapes `<`, `>`, `&`, `'` and `"`. Attribute values are constants or
//! language codes checked to be ASCII letters, digits and `-`.

use std::borrow::Cow;
use std::fmt;
use std::io::Write;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::write_error;
use crate::alignment::Pair;
use crate::error::{Error, Result};

/// True for the characters XML 1.0 allows in a document: tab, line feed,
/// carriage return, U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF
/// (XML 1.0, production 2; a Rust `char` is never a surrogate).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Drops the characters XML 1.0 forbids (C0 controls other than tab, line
/// feed and carriage return; U+FFFE; U+FFFF). The one place that cleans
/// text for XML; borrows when the text is clean.
pub(crate) fn xml_chars(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// Settings of a [`TmxWriter`]: the language codes and whether each unit
/// carries its confidence. `TmxOptions::new()` (or `default()`) gives
/// `zh-CN`, `en` and a confidence property.
#[derive(Debug, Clone, PartialEq)]
pub struct TmxOptions {
    zh_lang: String,
    en_lang: String,
    confidence: bool,
}

impl Default for TmxOptions {
    fn default() -> TmxOptions {
        TmxOptions {
            zh_lang: "zh-CN".to_owned(),
            en_lang: "en".to_owned(),
            confidence: true,
        }
    }
}

impl TmxOptions {
    /// The defaults: Chinese `zh-CN`, English `en`, confidence written.
    pub fn new() -> TmxOptions {
        TmxOptions::default()
    }

    /// The language code of the Chinese side (default `zh-CN`; e.g. `zh-TW`,
    /// `zh-Hans`). It is also the header's `srclang`. Checked by
    /// [`TmxWriter::with_options`]: ASCII letters, digits and `-` only.
    #[must_use]
    pub fn zh_lang(mut self, code: &str) -> TmxOptions {
        code.clone_into(&mut self.zh_lang);
        self
    }

    /// The language code of the English side (default `en`; e.g. `en-US`).
    /// Checked as [`TmxOptions::zh_lang`] is.
    #[must_use]
    pub fn en_lang(mut self, code: &str) -> TmxOptions {
        code.clone_into(&mut self.en_lang);
        self
    }

    /// Leaves out the `<prop type="x-confidence">` that each `<tu>` otherwise
    /// carries.
    #[must_use]
    pub fn without_confidence(mut self) -> TmxOptions {
        self.confidence = false;
        self
    }

    fn check(&self) -> Result<()> {
        for (name, code) in [("zh_lang", &self.zh_lang), ("en_lang", &self.en_lang)] {
            let ok = !code.is_empty()
                && code.len() <= 64
                && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !ok {
                return Err(Error::Config {
                    name,
                    message: format!(
                        "{code:?} is not a language code (1 to 64 ASCII letters, digits and '-')"
                    ),
                });
            }
        }
        Ok(())
    }
}

/// A streaming TMX 1.4b writer: [`TmxWriter::new`] writes the header,
/// [`TmxWriter::write_pair`] one `<tu>` per pair, [`TmxWriter::finish`] closes
/// the document and hands back the inner writer. Memory does not grow with
/// the number of pairs.
///
/// The document:
///
/// ```xml
/// <?xml version="1.0" encoding="UTF-8"?>
/// <tmx version="1.4">
///   <header creationtool="zhen-align" creationtoolversion="0.1.0" segtype="sentence"
///           o-tmf="zhen-align" adminlang="en" srclang="zh-CN" datatype="plaintext"/>
///   <body>
///     <tu>
///       <prop type="x-confidence">0.970</prop>
///       <tuv xml:lang="zh-CN">
///         <seg>你好。</seg>
///       </tuv>
///       <tuv xml:lang="en">
///         <seg>Hello.</seg>
///       </tuv>
///     </tu>
///   </body>
/// </tmx>
/// ```
///
/// Indented by two spaces; the white space between elements is not part of
/// any segment. It validates against the TMX 1.4b DTD (`fixtures/tmx14.dtd`); `x-` is the
/// prefix TMX reserves for user-defined property types, which CAT tools keep
/// or ignore. Characters XML 1.0 forbids are dropped from the text; a
/// carriage return would be read back as a line feed (pair texts have their
/// white space collapsed, so they hold neither).
///
/// It makes many small writes: pass a [`BufWriter`](std::io::BufWriter) (or a
/// `Vec<u8>`), not a bare `File`, and call `into_inner` on the `BufWriter`
/// that [`finish`](TmxWriter::finish) returns.
///
/// Dropping a `TmxWriter` without calling [`finish`](TmxWriter::finish)
/// leaves the document unclosed.
///
/// # Example
///
/// ```
/// use zhen_align::{Aligner, TmxOptions, TmxWriter};
///
/// let alignment = Aligner::new().align_sentences(&["你好。"], &["Hello."])?;
/// let options = TmxOptions::new().zh_lang("zh-TW").en_lang("en-US");
/// let mut tmx = TmxWriter::with_options(Vec::new(), &options)?;
/// for pair in alignment.pairs() {
///     tmx.write_pair(&pair)?;
/// }
/// let xml = String::from_utf8(tmx.finish()?).unwrap();
/// assert!(xml.contains(r#"<tuv xml:lang="zh-TW">"#));
/// assert!(xml.contains("<seg>你好。</seg>"));
/// # Ok::<(), zhen_align::Error>(())
/// ```
pub struct TmxWriter<W: Write> {
    xml: quick_xml::Writer<W>,
    options: TmxOptions,
    /// Reused buffer for the confidence number.
    scratch: String,
}

impl<W: Write> fmt::Debug for TmxWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TmxWriter")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<W: Write> TmxWriter<W> {
    /// Starts a TMX document with the default [`TmxOptions`]: writes the XML
    /// declaration, `<tmx>`, the `<header>` and opens `<body>`.
    ///
    /// # Errors
    ///
    /// [`Error::Io`](crate::Error::Io) when writing fails.
    pub fn new(w: W) -> Result<TmxWriter<W>> {
        TmxWriter::with_options(w, &TmxOptions::default())
    }

    /// Starts a TMX document with the given options.
    ///
    /// # Errors
    ///
    /// [`Error::Config`](crate::Error::Config) when a language code is not
    /// one; [`Error::Io`](crate::Error::Io) when writing fails.
    pub fn with_options(w: W, options: &TmxOptions) -> Result<TmxWriter<W>> {
        options.check()?;
        let mut writer = TmxWriter {
            xml: quick_xml::Writer::new_with_indent(w, b' ', 2),
            options: options.clone(),
            scratch: String::new(),
        };
        writer.start().map_err(write_error)?;
        Ok(writer)
    }

    fn start(&mut self) -> std::io::Result<()> {
        let xml = &mut self.xml;
        xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        xml.write_event(Event::Start(
            BytesStart::new("tmx").with_attributes([("version", "1.4")]),
        ))?;
        xml.write_event(Event::Empty(BytesStart::new("header").with_attributes([
            ("creationtool", "zhen-align"),
            ("creationtoolversion", env!("CARGO_PKG_VERSION")),
            ("segtype", "sentence"),
            ("o-tmf", "zhen-align"),
            ("adminlang", "en"),
            // Checked: ASCII letters, digits and '-'.
            ("srclang", self.options.zh_lang.as_str()),
            ("datatype", "plaintext"),
        ])))?;
        xml.write_event(Event::Start(BytesStart::new("body")))
    }

    /// Writes one `<tu>`: the confidence property (unless turned off), then
    /// the Chinese and the English `<tuv>`, each with one `<seg>`.
    ///
    /// A pair with an empty side (after dropping the characters XML
    /// forbids), such as the view of a 1–0 bead from
    /// [`Alignment::pair`](crate::Alignment::pair), is skipped: a translation
    /// unit needs both languages. Other pairs are written whatever their
    /// confidence; to keep only confident pairs, feed the writer
    /// [`Alignment::pairs`](crate::Alignment::pairs).
    ///
    /// # Errors
    ///
    /// [`Error::Io`](crate::Error::Io) when writing fails.
    pub fn write_pair(&mut self, pair: &Pair<'_>) -> Result<()> {
        self.write_tu(pair).map_err(write_error)
    }

    fn write_tu(&mut self, pair: &Pair<'_>) -> std::io::Result<()> {
        let TmxWriter {
            xml,
            options,
            scratch,
        } = self;
        let (zh, en) = (pair.zh(), pair.en());
        let (zh, en) = (xml_chars(&zh), xml_chars(&en));
        if zh.trim().is_empty() || en.trim().is_empty() {
            return Ok(());
        }
        xml.write_event(Event::Start(BytesStart::new("tu")))?;
        if options.confidence {
            scratch.clear();
            // Writing to a String cannot fail.
            let _ = fmt::Write::write_fmt(scratch, format_args!("{:.3}", pair.confidence()));
            xml.write_event(Event::Start(
                BytesStart::new("prop").with_attributes([("type", "x-confidence")]),
            ))?;
            xml.write_event(Event::Text(BytesText::new(scratch)))?;
            xml.write_event(Event::End(BytesEnd::new("prop")))?;
        }
        // The language codes were checked (ASCII letters, digits, '-').
        write_tuv(xml, &options.zh_lang, &zh)?;
        write_tuv(xml, &options.en_lang, &en)?;
        xml.write_event(Event::End(BytesEnd::new("tu")))
    }

    /// Closes `<body>` and `<tmx>`, flushes, and returns the inner writer.
    ///
    /// # Errors
    ///
    /// [`Error::Io`](crate::Error::Io) when writing or flushing fails.
    pub fn finish(mut self) -> Result<W> {
        (|| {
            self.xml.write_event(Event::End(BytesEnd::new("body")))?;
            self.xml.write_event(Event::End(BytesEnd::new("tmx")))?;
            let w = self.xml.get_mut();
            w.write_all(b"\n")?;
            w.flush()
        })()
        .map_err(write_error)?;
        Ok(self.xml.into_inner())
    }
}

/// Writes `<tuv xml:lang="LANG"><seg>TEXT</seg></tuv>`; `text` has been
/// through [`xml_chars`].
fn write_tuv<W: Write>(
    xml: &mut quick_xml::Writer<W>,
    lang: &str,
    text: &str,
) -> std::io::Result<()> {
    xml.write_event(Event::Start(
        BytesStart::new("tuv").with_attributes([("xml:lang", lang)]),
    ))?;
    xml.write_event(Event::Start(BytesStart::new("seg")))?;
    xml.write_event(Event::Text(BytesText::new(text)))?;
    xml.write_event(Event::End(BytesEnd::new("seg")))?;
    xml.write_event(Event::End(BytesEnd::new("tuv")))
}

/// Writes a whole TMX document with the default [`TmxOptions`]: header, one
/// `<tu>` per pair, closing tags. See [`TmxWriter`] for the layout and for
/// other language codes.
///
/// An empty iterator gives a valid document with an empty `<body>`.
///
/// # Errors
///
/// [`Error::Io`](crate::Error::Io) when writing fails.
pub fn write_tmx<'a, W, I>(w: W, pairs: I) -> Result<W>
where
    W: Write,
    I: IntoIterator<Item = Pair<'a>>,
{
    let mut tmx = TmxWriter::new(w)?;
    for pair in pairs {
        tmx.write_pair(&pair)?;
    }
    tmx.finish()
}

#[cfg(test)]
mod tests {
    use super::xml_chars;

    #[test]
    fn drops_what_xml_forbids() {
        assert_eq!(xml_chars("a\u{0}b\u{1b}c\u{FFFE}d\u{FFFF}e"), "abcde");
        assert_eq!(xml_chars("\t\n\r 中\u{10000}"), "\t\n\r 中\u{10000}");
    }
}
