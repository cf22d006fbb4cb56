//! The input options shared by `align` and `review` (`--presplit`,
//! `--glossary`, `--max-input-bytes`, `--min-confidence`, `--encoding`,
//! `--input`), reading the
//! inputs and aligning them: one place, so both examples take the same
//! inputs the same way.

use std::error::Error;
use std::ffi::OsString;
use std::path::PathBuf;

use zhen_align::{
    Aligner, Alignment, Encoding, Glossary, InputFormat, InputReader, DEFAULT_MAX_INPUT_BYTES,
};

/// How the inputs are read and aligned.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// The input files: one mixed file, or a Chinese and an English file.
    pub inputs: Vec<PathBuf>,
    /// One sentence a line: no block detection or splitting.
    pub presplit: bool,
    /// Glossary files.
    pub glossaries: Vec<PathBuf>,
    /// The largest input read, in bytes.
    pub max_input_bytes: u64,
    /// The confidence below which pairs are left out of TMX, TSV and JSON
    /// Lines (the aligner's default when `None`).
    pub min_confidence: Option<f64>,
    /// The inputs' encoding.
    pub encoding: Encoding,
    /// The inputs' format.
    pub input: InputFormat,
}

impl InputOptions {
    /// The defaults, with no input yet.
    pub fn new() -> InputOptions {
        InputOptions {
            inputs: Vec::new(),
            presplit: false,
            glossaries: Vec::new(),
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            min_confidence: None,
            encoding: Encoding::Auto,
            input: InputFormat::Auto,
        }
    }

    /// Takes `arg` when it is one of the input options (reading its value
    /// with `value`) and returns whether it was.
    pub fn take(
        &mut self,
        arg: &str,
        value: &mut dyn FnMut(&str) -> Result<OsString, String>,
    ) -> Result<bool, String> {
        match arg {
            "--presplit" => self.presplit = true,
            "--glossary" => self.glossaries.push(value("--glossary")?.into()),
            "--max-input-bytes" => {
                let v = value("--max-input-bytes")?;
                self.max_input_bytes = v.to_string_lossy().parse().map_err(|_| {
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
                self.min_confidence = Some(x);
            }
            "--encoding" => {
                let v = value("--encoding")?;
                self.encoding = Encoding::from_name(&v.to_string_lossy())
                    .map_err(|e| format!("--encoding: {}", setting_message(e)))?;
            }
            "--input" => {
                let v = value("--input")?;
                self.input = InputFormat::from_name(&v.to_string_lossy())
                    .map_err(|e| format!("--input: {}", setting_message(e)))?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Checks the inputs once every argument is taken.
    pub fn check(&self, usage: &str) -> Result<(), String> {
        if self.inputs.is_empty() || self.inputs.len() > 2 {
            return Err(format!("expected one or two input files; {usage}"));
        }
        if self.presplit && self.inputs.len() != 2 {
            return Err("--presplit needs a Chinese file and an English file".to_string());
        }
        Ok(())
    }

    /// The aligner, with the glossaries and the confidence threshold.
    pub fn aligner(&self) -> Result<Aligner, Box<dyn Error>> {
        let mut builder = Aligner::builder();
        for g in &self.glossaries {
            builder = builder.glossary(Glossary::from_tsv_path(g)?);
        }
        if let Some(x) = self.min_confidence {
            builder = builder.confidence_threshold(x);
        }
        Ok(builder.build().map_err(|e| match e {
            zhen_align::Error::Config {
                name: "confidence_threshold",
                ..
            } => format!("--min-confidence: {}", setting_message(e)),
            e => e.to_string(),
        })?)
    }

    /// The reader of the inputs (encoding, format, size limit).
    pub fn reader(&self) -> InputReader {
        InputReader::new()
            .encoding(self.encoding)
            .format(self.input)
            .max_bytes(self.max_input_bytes)
    }

    /// Reads the input files into the texts the aligner takes (a page's
    /// block text for HTML); errors name the file.
    pub fn read(&self) -> Result<Vec<String>, zhen_align::Error> {
        let reader = self.reader();
        let read = |p: &PathBuf| {
            reader
                .read_path(p)?
                .into_plain_text()
                .map_err(|e| e.with_path(p))
        };
        // Two files are read and decoded at the same time (the decoding
        // checks every byte); errors are reported in the inputs' order.
        match self.inputs.as_slice() {
            [zh, en] => {
                let (z, e) = rayon::join(|| read(zh), || read(en));
                Ok(vec![z?, e?])
            }
            inputs => inputs.iter().map(read).collect(),
        }
    }

    /// Aligns the texts [`InputOptions::read`] gave (one mixed text, or a
    /// Chinese and an English text), taking them by value: the alignment
    /// keeps them, no second copy. Errors are named `name`.
    pub fn align(
        &self,
        aligner: &Aligner,
        texts: Vec<String>,
        name: &str,
    ) -> Result<Alignment, zhen_align::Error> {
        let mut texts = texts.into_iter();
        match (texts.next(), texts.next(), texts.next(), self.presplit) {
            (Some(mixed), None, None, _) => aligner.align_mixed_owned(mixed),
            (Some(zh), Some(en), None, true) => aligner.align_lines(zh, en),
            (Some(zh), Some(en), None, false) => aligner.align_owned(zh, en),
            _ => Err(zhen_align::Error::NothingToAlign {
                at: zhen_align::Location::default(),
            }),
        }
        .map_err(|e| e.with_path(name))
    }

    /// The name errors carry: the file, or both files joined by ` + `.
    pub fn name(&self) -> String {
        self.inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// The message of a rejected setting, without the library's "invalid setting" prefix.
fn setting_message(e: zhen_align::Error) -> String {
    match e {
        zhen_align::Error::Config { message, .. } => message,
        e => e.to_string(),
    }
}
