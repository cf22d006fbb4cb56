//! User glossary: Chinese<TAB>English terms. (Helper B owns this file; stub.)

use std::io::BufRead;
use std::path::Path;

use crate::error::{Error, Result};

/// User terms, Chinese<TAB>English, one a line. Glossary entries outrank the lexicon.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    entries: Vec<(String, String)>,
}

impl Glossary {
    /// An empty glossary.
    pub fn new() -> Glossary {
        Glossary::default()
    }

    /// Reads `zh<TAB>en` lines; blank lines and lines starting with `#` are skipped.
    pub fn from_reader<R: BufRead>(reader: R) -> Result<Glossary> {
        let mut g = Glossary::new();
        for (i, line) in reader.lines().enumerate() {
            let line = line.map_err(|e| Error::io("cannot read glossary", e))?;
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let mut it = t.split('\t');
            match (it.next(), it.next()) {
                (Some(z), Some(e)) => g.insert(z, e),
                _ => return Err(Error::parse(i + 1, "expected \"zh<TAB>en\", found 1 field")),
            }
        }
        Ok(g)
    }

    /// Reads a glossary file; errors name the file and line.
    pub fn from_tsv_path(path: impl AsRef<Path>) -> Result<Glossary> {
        let path = path.as_ref();
        let f = std::fs::File::open(path)
            .map_err(|e| Error::io("cannot open glossary", e).with_path(path))?;
        Glossary::from_reader(std::io::BufReader::new(f)).map_err(|e| e.with_path(path))
    }

    /// Adds a term pair.
    pub fn insert(&mut self, zh: &str, en: &str) {
        self.entries
            .push((zh.trim().to_string(), en.trim().to_string()));
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in insertion order, as `(zh, en)`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.entries.iter().map(|(z, e)| (z.as_str(), e.as_str()))
    }

    /// Ids (entry numbers) of the entries whose Chinese term occurs in `sentence`.
    pub(crate) fn zh_hits(&self, sentence: &str, out: &mut Vec<u32>) {
        for (k, (z, _)) in self.entries.iter().enumerate() {
            if !z.is_empty() && sentence.contains(z.as_str()) {
                out.push(k as u32);
            }
        }
    }

    /// Ids of the entries whose English term occurs in `sentence` (case-insensitive).
    pub(crate) fn en_hits(&self, sentence: &str, out: &mut Vec<u32>) {
        if self.entries.is_empty() {
            return;
        }
        let lower = sentence.to_lowercase();
        for (k, (_, e)) in self.entries.iter().enumerate() {
            if !e.is_empty() && lower.contains(&e.to_lowercase()) {
                out.push(k as u32);
            }
        }
    }
}
