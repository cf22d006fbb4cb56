//! Reading CC-CEDICT: lines, glosses, readings.

use std::collections::HashMap;
use std::io::BufRead;

use super::table::StrTable;
use super::tokenize::{en_words, is_en_stop, lower_into, stem};
use super::Lexicon;
use crate::error::{Error, Result};
use crate::script::is_han;

/// Reusable buffers for [`gloss_ids`].
#[derive(Debug, Default)]
pub(super) struct Scratch {
    clean: String,
    lower: String,
}

/// True for a gloss that only points elsewhere or says nothing translatable:
/// classifiers, variants, cross-references, pronunciation notes.
fn is_reference(g: &str) -> bool {
    g.starts_with("CL:")
        || g.contains("variant of")
        || g.starts_with("see ")
        || g == "see"
        || g.starts_with("used in ")
        || g.starts_with("also pr.")
        || g.starts_with("also written")
        || g.starts_with("pr. ")
        || g.contains("Taiwan pr.")
}

/// Appends to `out` the stem ids of the content words of one gloss,
/// interning new stems in `vocab`. `None` if `vocab` is full.
pub(super) fn gloss_ids(
    gloss: &str,
    vocab: &mut StrTable,
    scratch: &mut Scratch,
    out: &mut Vec<u32>,
) -> Option<()> {
    let g = gloss.trim();
    if g.is_empty() || is_reference(g) {
        return Some(());
    }
    // "surname Wang" → "Wang".
    let g = g.strip_prefix("surname ").unwrap_or(g);
    let clean = &mut scratch.clean;
    clean.clear();
    let (mut paren, mut bracket) = (0u32, 0u32);
    for c in g.chars() {
        match c {
            '(' | '（' => paren = paren.saturating_add(1),
            ')' | '）' => paren = paren.saturating_sub(1),
            '[' => bracket = bracket.saturating_add(1),
            ']' => bracket = bracket.saturating_sub(1),
            _ if paren == 0 && bracket == 0 && !is_han(c) && c != '|' => {
                clean.push(c);
                continue;
            }
            _ => {}
        }
        clean.push(' ');
    }
    for w in en_words(clean) {
        lower_into(w, &mut scratch.lower);
        if is_en_stop(&scratch.lower) || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        out.push(vocab.intern(&stem(&scratch.lower))?);
    }
    Some(())
}

/// A CC-CEDICT line split into its parts.
struct Entry<'a> {
    trad: &'a str,
    simp: &'a str,
    pinyin: &'a str,
    glosses: &'a str,
}

fn split_line(line: &str) -> Option<Entry<'_>> {
    let (trad, rest) = line.split_once(' ')?;
    let (simp, rest) = rest.split_once(' ')?;
    let rest = rest.strip_prefix('[')?;
    let (pinyin, rest) = rest.split_once(']')?;
    let glosses = rest.trim().strip_prefix('/')?;
    let glosses = glosses.strip_suffix('/').unwrap_or(glosses);
    if trad.is_empty() || simp.is_empty() {
        return None;
    }
    Some(Entry {
        trad,
        simp,
        pinyin,
        glosses,
    })
}

/// A pinyin syllable without tone, lower case, `u:`/`ü` as `u`; `None` for
/// anything that is not a plain syllable (letters, punctuation, "xx").
fn toneless(syl: &str) -> Option<String> {
    let syl = syl.trim_end_matches(|c: char| c.is_ascii_digit());
    let mut s = String::with_capacity(syl.len());
    for c in syl.chars() {
        match c {
            ':' => {}
            'ü' | 'Ü' => s.push('u'),
            c if c.is_ascii_alphabetic() => s.push(c.to_ascii_lowercase()),
            _ => return None,
        }
    }
    (!s.is_empty()).then_some(s)
}

/// How often a syllable is read for a character.
#[derive(Default, Clone, Copy)]
struct ReadingStats {
    /// The character has a dictionary entry of its own with this reading.
    single: bool,
    /// Words in which the character has this reading.
    in_words: u32,
    /// Order of first appearance (lower wins ties).
    first: u32,
}

/// The part of [`Lexicon`] that is being built.
#[derive(Default)]
struct Builder {
    heads: StrTable,
    lists: Vec<Vec<u32>>,
    vocab: StrTable,
    syllables: StrTable,
    readings: HashMap<(char, u32), ReadingStats>,
    scratch: Scratch,
}

impl Builder {
    fn add(&mut self, e: &Entry<'_>, line_no: usize) -> Result<()> {
        let full = || Error::parse(line_no, "lexicon too large");
        let mut ids = Vec::new();
        for g in e.glosses.split('/') {
            gloss_ids(g, &mut self.vocab, &mut self.scratch, &mut ids).ok_or_else(full)?;
        }
        if !ids.is_empty() {
            for head in [e.simp, e.trad] {
                let k = self.heads.intern(head).ok_or_else(full)? as usize;
                if k == self.lists.len() {
                    self.lists.push(Vec::new());
                }
                if let Some(list) = self.lists.get_mut(k) {
                    list.extend_from_slice(&ids);
                }
            }
        }
        self.add_readings(e, line_no)
    }

    fn add_readings(&mut self, e: &Entry<'_>, line_no: usize) -> Result<()> {
        let syls: Vec<&str> = e.pinyin.split_whitespace().collect();
        for head in [e.simp, e.trad] {
            if head.chars().count() != syls.len() {
                continue;
            }
            let single = syls.len() == 1;
            for (c, syl) in head.chars().zip(&syls) {
                let Some(t) = toneless(syl) else { continue };
                if !is_han(c) {
                    continue;
                }
                let syl = self
                    .syllables
                    .intern(&t)
                    .ok_or_else(|| Error::parse(line_no, "lexicon too large"))?;
                let order = u32::try_from(self.readings.len()).unwrap_or(u32::MAX);
                let r = self.readings.entry((c, syl)).or_insert(ReadingStats {
                    first: order,
                    ..ReadingStats::default()
                });
                if single {
                    r.single = true;
                } else {
                    r.in_words = r.in_words.saturating_add(1);
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Lexicon {
        let mut ids = Vec::new();
        let mut senses = Vec::with_capacity(self.lists.len());
        for mut list in self.lists {
            list.sort_unstable();
            list.dedup();
            // Lengths stay far below u32::MAX: every id came from a line.
            let a = u32::try_from(ids.len()).unwrap_or(u32::MAX);
            ids.extend_from_slice(&list);
            let b = u32::try_from(ids.len()).unwrap_or(u32::MAX);
            senses.push([a, b]);
        }
        // Per character: its own entries' readings first, then the one most
        // words use, then the first seen.
        let mut best: HashMap<char, (u32, ReadingStats)> = HashMap::new();
        for (&(c, syl), &r) in &self.readings {
            let key = |r: &ReadingStats| (r.single, r.in_words, std::cmp::Reverse(r.first));
            match best.get(&c) {
                Some((_, b)) if key(b) >= key(&r) => {}
                _ => {
                    best.insert(c, (syl, r));
                }
            }
        }
        let mut readings: Vec<(char, u32)> = best.into_iter().map(|(c, (s, _))| (c, s)).collect();
        readings.sort_unstable();
        Lexicon {
            heads: self.heads,
            senses: senses.into(),
            ids: ids.into(),
            vocab: self.vocab,
            syllables: self.syllables,
            readings,
            index: std::sync::OnceLock::new(),
        }
    }
}

/// Shortens `line` for an error message.
fn excerpt(line: &str) -> String {
    match line.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

/// Parses CC-CEDICT text.
pub(super) fn parse<R: BufRead>(mut reader: R) -> Result<Lexicon> {
    let mut b = Builder::default();
    let mut line = String::new();
    let mut line_no = 0;
    loop {
        line.clear();
        line_no += 1;
        let n = reader.read_line(&mut line).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => {
                Error::parse(line_no, "invalid UTF-8 in lexicon line")
            }
            _ => Error::io("cannot read lexicon", e),
        })?;
        if n == 0 {
            break;
        }
        let t = line.trim_end_matches(['\n', '\r']);
        let t = if line_no == 1 {
            t.trim_start_matches('\u{feff}')
        } else {
            t
        };
        if t.trim().is_empty() || t.starts_with('#') {
            continue;
        }
        let e = split_line(t).ok_or_else(|| {
            Error::parse(
                line_no,
                format!(
                    "expected \"TRAD SIMP [pin1 yin1] /gloss/\", found \"{}\"",
                    excerpt(t)
                ),
            )
        })?;
        b.add(&e, line_no)?;
    }
    Ok(b.finish())
}
