//! User glossary: `Chinese<TAB>English` terms, and the matchers that find
//! them in sentences.

use std::io::BufRead;
use std::path::Path;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::error::{Error, Result};

/// User terms, `Chinese<TAB>English`, one a line. Glossary entries outrank the lexicon.
///
/// A Chinese term may have several English renderings (one entry each); a
/// sentence pair matches when the Chinese sentence holds the Chinese term
/// and the English sentence one of its renderings.
///
/// ```
/// use zhen_align::Glossary;
/// let g = Glossary::from_reader("# terms\n国防部\tMinistry of National Defense\n".as_bytes()).unwrap();
/// assert_eq!(g.iter().collect::<Vec<_>>(), [("国防部", "Ministry of National Defense")]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    entries: Vec<(String, String)>,
    /// Built on first use by `zh_hits`/`en_hits`; reset by `insert`.
    matchers: OnceLock<Matchers>,
}

/// Automata over the distinct terms of each language.
#[derive(Debug, Clone)]
struct Matchers {
    zh: Side,
    en: Side,
}

/// One language's terms: an automaton (when it could be built) and, per
/// pattern, the entries that use that term.
#[derive(Debug, Clone)]
struct Side {
    ac: Option<AhoCorasick>,
    /// Terms are stored lower case and matched ignoring ASCII case.
    fold: bool,
    terms: Vec<String>,
    entries: Vec<Vec<u32>>,
}

impl Side {
    fn new(terms: impl Iterator<Item = (u32, String)>, case_insensitive: bool) -> Side {
        let mut index = std::collections::HashMap::new();
        let mut side = Side {
            ac: None,
            fold: case_insensitive,
            terms: Vec::new(),
            entries: Vec::new(),
        };
        for (id, t) in terms {
            if t.is_empty() {
                continue;
            }
            let key = if case_insensitive {
                t.to_ascii_lowercase()
            } else {
                t
            };
            let p = *index.entry(key.clone()).or_insert_with(|| {
                side.terms.push(key);
                side.entries.push(Vec::new());
                side.terms.len() - 1
            });
            side.entries[p].push(id);
        }
        // Standard semantics, so that overlapping search reports every
        // occurrence of every term. Should the automaton be impossible to
        // build (far beyond any real glossary), the slow path is used.
        side.ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(case_insensitive)
            .build(&side.terms)
            .ok();
        side
    }

    /// Calls `f(pattern, start, end)` for each occurrence of each term.
    fn each(&self, hay: &str, mut f: impl FnMut(usize, usize, usize)) {
        match &self.ac {
            Some(ac) => {
                for m in ac.find_overlapping_iter(hay) {
                    f(m.pattern().as_usize(), m.start(), m.end());
                }
            }
            None => {
                let lower;
                let hay_cmp = if self.fold {
                    lower = hay.to_ascii_lowercase();
                    &lower
                } else {
                    hay
                };
                for (p, t) in self.terms.iter().enumerate() {
                    for (start, _) in hay_cmp.match_indices(t.as_str()) {
                        f(p, start, start + t.len());
                    }
                }
            }
        }
    }
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Sorts and dedups the ids appended to `out` since `from`.
fn finish_hits(out: &mut Vec<u32>, from: usize) {
    out[from..].sort_unstable();
    let mut tail = out.split_off(from);
    tail.dedup();
    out.extend(tail);
}

impl Glossary {
    /// An empty glossary.
    pub fn new() -> Glossary {
        Glossary::default()
    }

    /// Reads `zh<TAB>en` lines. Blank lines and lines starting with `#` are
    /// skipped; a byte-order mark and CRLF line ends are accepted; spaces
    /// around each term are trimmed. A line with another number of fields,
    /// or an empty term, is an error naming the line
    /// (`line 12: expected "zh<TAB>en", found 1 field`).
    pub fn from_reader<R: BufRead>(mut reader: R) -> Result<Glossary> {
        let mut g = Glossary::new();
        let mut line = String::new();
        let mut line_no = 0;
        loop {
            line.clear();
            line_no += 1;
            let n = reader.read_line(&mut line).map_err(|e| match e.kind() {
                std::io::ErrorKind::InvalidData => Error::parse(line_no, "invalid UTF-8"),
                _ => Error::io("cannot read glossary", e),
            })?;
            if n == 0 {
                break;
            }
            let mut t = line.trim_end_matches(['\n', '\r']);
            if line_no == 1 {
                t = t.strip_prefix('\u{feff}').unwrap_or(t);
            }
            if t.trim().is_empty() || t.trim_start().starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = t.split('\t').map(str::trim).collect();
            match fields[..] {
                ["", _] => return Err(Error::parse(line_no, "empty Chinese term")),
                [_, ""] => return Err(Error::parse(line_no, "empty English term")),
                [zh, en] => g.insert(zh, en),
                _ => {
                    let n = fields.len();
                    let s = if n == 1 { "" } else { "s" };
                    return Err(Error::parse(
                        line_no,
                        format!("expected \"zh<TAB>en\", found {n} field{s}"),
                    ));
                }
            }
        }
        Ok(g)
    }

    /// Reads a glossary file; errors name the file and line
    /// (`glossary.tsv:12: expected "zh<TAB>en", found 1 field`).
    pub fn from_tsv_path(path: impl AsRef<Path>) -> Result<Glossary> {
        let path = path.as_ref();
        let f = std::fs::File::open(path)
            .map_err(|e| Error::io("cannot open glossary", e).with_path(path))?;
        Glossary::from_reader(std::io::BufReader::new(f)).map_err(|e| e.with_path(path))
    }

    /// Adds a term pair (each trimmed). A pair with an empty side is kept
    /// but never matches.
    pub fn insert(&mut self, zh: &str, en: &str) {
        self.entries
            .push((zh.trim().to_string(), en.trim().to_string()));
        self.matchers = OnceLock::new();
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
    pub fn iter(&self) -> Terms<'_> {
        Terms {
            inner: self.entries.iter(),
        }
    }

    fn matchers(&self) -> &Matchers {
        self.matchers.get_or_init(|| {
            let ids = || (0..).zip(self.entries.iter());
            Matchers {
                zh: Side::new(ids().map(|(i, (z, _))| (i, z.clone())), false),
                en: Side::new(ids().map(|(i, (_, e))| (i, e.clone())), true),
            }
        })
    }

    /// Appends the ids (insertion order, from 0) of the entries whose
    /// Chinese term occurs in `sentence`, sorted and distinct.
    pub(crate) fn zh_hits(&self, sentence: &str, out: &mut Vec<u32>) {
        if self.entries.is_empty() {
            return;
        }
        let from = out.len();
        let side = &self.matchers().zh;
        side.each(sentence, |p, _, _| out.extend_from_slice(&side.entries[p]));
        finish_hits(out, from);
    }

    /// Appends the ids of the entries whose English term occurs in
    /// `sentence`, ignoring ASCII case, as whole words (a term that begins
    /// or ends with a letter or digit must not touch another one there),
    /// sorted and distinct.
    pub(crate) fn en_hits(&self, sentence: &str, out: &mut Vec<u32>) {
        if self.entries.is_empty() {
            return;
        }
        let from = out.len();
        let side = &self.matchers().en;
        side.each(sentence, |p, start, end| {
            let term = &side.terms[p];
            let first_alnum = is_word_char(term.chars().next());
            let last_alnum = is_word_char(term.chars().next_back());
            let before = sentence.get(..start).and_then(|s| s.chars().next_back());
            let after = sentence.get(end..).and_then(|s| s.chars().next());
            if (first_alnum && is_word_char(before)) || (last_alnum && is_word_char(after)) {
                return;
            }
            out.extend_from_slice(&side.entries[p]);
        });
        finish_hits(out, from);
    }
}

/// Iterator over a [`Glossary`]'s entries as `(zh, en)`, in insertion order.
/// Created by [`Glossary::iter`].
#[derive(Debug, Clone)]
pub struct Terms<'a> {
    inner: std::slice::Iter<'a, (String, String)>,
}

impl<'a> Iterator for Terms<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        self.inner.next().map(|(z, e)| (z.as_str(), e.as_str()))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for Terms<'_> {}
impl std::iter::FusedIterator for Terms<'_> {}

impl<'a> IntoIterator for &'a Glossary {
    type Item = (&'a str, &'a str);
    type IntoIter = Terms<'a>;

    fn into_iter(self) -> Terms<'a> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        Glossary::from_reader(text.as_bytes())
            .unwrap_err()
            .with_path("glossary.tsv")
            .to_string()
    }

    #[test]
    fn reads_tsv() {
        let g = Glossary::from_reader(
            "\u{feff}# comment\r\n国防部\tMinistry of National Defense\r\n\n  # indented comment\n 中国 \t China \n中国\tPRC\n"
                .as_bytes(),
        )
        .unwrap();
        let v: Vec<_> = g.iter().collect();
        assert_eq!(
            v,
            [
                ("国防部", "Ministry of National Defense"),
                ("中国", "China"),
                ("中国", "PRC")
            ]
        );
        assert_eq!(g.len(), 3);
        assert!(Glossary::new().is_empty());
    }

    #[test]
    fn errors_name_file_and_line() {
        assert_eq!(
            err("a\tb\n\nonly one\n"),
            "glossary.tsv:3: expected \"zh<TAB>en\", found 1 field"
        );
        assert_eq!(
            err("a\tb\tc\n"),
            "glossary.tsv:1: expected \"zh<TAB>en\", found 3 fields"
        );
        assert_eq!(
            err("# x\n\tEnglish\n"),
            "glossary.tsv:2: empty Chinese term"
        );
        assert_eq!(err("中国\t  \r\n"), "glossary.tsv:1: empty English term");
        let e = Glossary::from_reader(&b"a\tb\n\xff\tc\n"[..]).unwrap_err();
        assert_eq!(e.to_string(), "line 2: invalid UTF-8");
        let e = Glossary::from_tsv_path("/nonexistent/glossary.tsv").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("/nonexistent/glossary.tsv: cannot open glossary"));
    }

    #[test]
    fn hits() {
        let mut g = Glossary::new();
        g.insert("国防部", "Ministry of National Defense");
        g.insert("中国", "China");
        g.insert("中国", "PRC");
        g.insert("中国人民解放军", "PLA");
        g.insert("歼-20", "J-20");
        g.insert("", "nothing");
        let mut out = vec![99];
        g.zh_hits("中国人民解放军和国防部，中国", &mut out);
        assert_eq!(out, [99, 0, 1, 2, 3]);
        out.clear();
        g.en_hits("the MINISTRY of national defense of China's PLA", &mut out);
        assert_eq!(out, [0, 1, 3]);
        out.clear();
        g.en_hits("Chinas PLAN, prc, J-20s J-20.", &mut out);
        assert_eq!(out, [2, 4]);
        out.clear();
        g.en_hits("", &mut out);
        g.zh_hits("", &mut out);
        assert!(out.is_empty());
        // Inserting after use rebuilds the matchers.
        g.insert("台湾", "Taiwan");
        g.en_hits("Taiwan", &mut out);
        assert_eq!(out, [6]);
    }

    #[test]
    fn send_sync() {
        fn check<T: Send + Sync + Clone>() {}
        check::<Glossary>();
    }
}
