//! The compact form of a [`Lexicon`]: what `data/cedict-lexicon.bin.gz` holds.
//!
//! A gzip stream (no file name, time stamp 0, OS byte 255, deflate level 9)
//! of:
//!
//! ```text
//! magic      b"zhen-align lexicon 1\n"
//! stems      count, byte length, the stems joined by '\n' (id = position;
//!            ids numbered by descending frequency, so frequent ones are short)
//! syllables  count, byte length, the syllables joined by '\n', sorted
//! readings   count, then per character (ascending): code point minus the
//!            previous one, syllable number
//! headwords  count, byte length, the headwords joined by '\n', sorted by bytes
//! senses     per headword: id count, first id, then differences (>= 1)
//! ```
//!
//! Every number is an unsigned LEB128 varint.

use std::io::{Read, Write};

use flate2::read::GzDecoder;
use flate2::{Compression, GzBuilder};

use super::table::StrTable;
use super::Lexicon;
use crate::error::{Error, Location, Result};

const MAGIC: &[u8] = b"zhen-align lexicon 1\n";

fn bad(message: String) -> Error {
    Error::Parse {
        at: Location::default(),
        message: format!("compact lexicon: {message}"),
    }
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_strings<'a>(out: &mut Vec<u8>, items: impl ExactSizeIterator<Item = &'a str>) {
    let n = items.len();
    let joined = items.collect::<Vec<_>>().join("\n");
    put(out, n as u64);
    put(out, joined.len() as u64);
    out.extend_from_slice(joined.as_bytes());
}

pub(super) fn write<W: Write>(lex: &Lexicon, writer: W) -> Result<()> {
    // Headwords with their id lists, sorted by bytes.
    let mut heads: Vec<(&str, &[u32])> = lex
        .heads
        .iter()
        .filter_map(|h| Some((h, lex.lookup(h)?)))
        .collect();
    heads.sort_unstable_by(|a, b| a.0.cmp(b.0));
    // Stems renumbered by descending use, then alphabetically.
    let mut count = vec![0u32; lex.vocab.len()];
    for (_, ids) in &heads {
        for &id in *ids {
            if let Some(c) = count.get_mut(id as usize) {
                *c += 1;
            }
        }
    }
    let mut order: Vec<u32> = (0..lex.vocab.len() as u32)
        .filter(|&i| count[i as usize] > 0)
        .collect();
    order.sort_unstable_by(|&a, &b| {
        count[b as usize]
            .cmp(&count[a as usize])
            .then_with(|| lex.vocab.resolve(a).cmp(lex.vocab.resolve(b)))
    });
    let mut new_id = vec![u32::MAX; lex.vocab.len()];
    for (n, &old) in order.iter().enumerate() {
        new_id[old as usize] = n as u32;
    }
    // Syllables sorted.
    let mut syls: Vec<(&str, u32)> = lex
        .syllables
        .iter()
        .enumerate()
        .map(|(i, s)| (s, i as u32))
        .collect();
    syls.sort_unstable();
    let mut new_syl = vec![0u32; syls.len()];
    for (n, &(_, old)) in syls.iter().enumerate() {
        new_syl[old as usize] = n as u32;
    }

    let mut out = Vec::with_capacity(4 << 20);
    out.extend_from_slice(MAGIC);
    put_strings(&mut out, order.iter().map(|&i| lex.vocab.resolve(i)));
    put_strings(&mut out, syls.iter().map(|s| s.0));
    put(&mut out, lex.readings.len() as u64);
    let mut prev = 0u32;
    for &(c, syl) in &lex.readings {
        put(&mut out, u64::from(u32::from(c) - prev));
        put(&mut out, u64::from(new_syl[syl as usize]));
        prev = u32::from(c);
    }
    put_strings(&mut out, heads.iter().map(|h| h.0));
    let mut ids = Vec::new();
    for (_, old) in &heads {
        ids.clear();
        ids.extend(old.iter().map(|&i| new_id[i as usize]));
        ids.sort_unstable();
        put(&mut out, ids.len() as u64);
        let mut prev = 0;
        for (j, &id) in ids.iter().enumerate() {
            put(&mut out, u64::from(if j == 0 { id } else { id - prev }));
            prev = id;
        }
    }

    let io = |e| Error::io("cannot write lexicon", e);
    let mut gz = GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(writer, Compression::best());
    gz.write_all(&out).map_err(io)?;
    gz.finish().map_err(io)?.flush().map_err(io)?;
    Ok(())
}

/// A cursor over the decompressed bytes.
struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn varint(&mut self) -> Result<u32> {
        let mut v: u64 = 0;
        for shift in (0..35).step_by(7) {
            let Some(&b) = self.data.get(self.pos) else {
                return Err(bad(format!("truncated at byte {}", self.pos)));
            };
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return u32::try_from(v)
                    .map_err(|_| bad(format!("number too large before byte {}", self.pos)));
            }
        }
        Err(bad(format!("number too long before byte {}", self.pos)))
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len());
        let end = end.ok_or_else(|| bad(format!("truncated at byte {}", self.pos)))?;
        let b = &self.data[self.pos..end];
        self.pos = end;
        Ok(b)
    }

    fn strings(&mut self, what: &str) -> Result<StrTable> {
        let n = self.varint()? as usize;
        let len = self.varint()? as usize;
        let at = self.pos;
        let text = std::str::from_utf8(self.bytes(len)?)
            .map_err(|_| bad(format!("{what} at byte {at}: invalid UTF-8")))?;
        let t =
            StrTable::from_joined(text, n == 0).ok_or_else(|| bad(format!("{what}: too many")))?;
        if t.len() != n || (n == 0 && len != 0) {
            return Err(bad(format!(
                "{what} at byte {at}: expected {n}, found {}",
                t.len()
            )));
        }
        Ok(t)
    }
}

/// Phase timings for `lexicon_timings` (test builds only; `debug` log records).
#[cfg(test)]
fn phase(t: &mut std::time::Instant, what: &str) {
    log::debug!("lexicon {what}: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    *t = std::time::Instant::now();
}

#[cfg(not(test))]
fn phase(_: &mut (), _: &str) {}

pub(super) fn read<R: Read>(reader: R) -> Result<Lexicon> {
    #[cfg(test)]
    let mut t = std::time::Instant::now();
    #[cfg(not(test))]
    let mut t = ();
    let mut data = Vec::with_capacity(4 << 20);
    GzDecoder::new(reader)
        .read_to_end(&mut data)
        .map_err(|e| bad(format!("cannot decompress: {e}")))?;
    phase(&mut t, "inflate");
    parse(&data)
}

/// Reads the decompressed compact form.
pub(super) fn parse(data: &[u8]) -> Result<Lexicon> {
    #[cfg(test)]
    let mut t = std::time::Instant::now();
    #[cfg(not(test))]
    let mut t = ();
    let Some(body) = data.strip_prefix(MAGIC) else {
        return Err(bad("not a zhen-align lexicon (bad magic)".into()));
    };
    let mut cur = Cursor { data: body, pos: 0 };
    let vocab = cur.strings("stems")?;
    let syllables = cur.strings("syllables")?;
    let n = cur.varint()? as usize;
    let mut readings = Vec::with_capacity(n.min(1 << 20));
    let mut prev = 0u32;
    for _ in 0..n {
        let c = prev.checked_add(cur.varint()?).and_then(char::from_u32);
        let c = c.ok_or_else(|| bad(format!("bad character before byte {}", cur.pos)))?;
        let syl = cur.varint()?;
        if syl as usize >= syllables.len() || (prev > 0 && u32::from(c) <= prev) {
            return Err(bad(format!("bad reading before byte {}", cur.pos)));
        }
        readings.push((c, syl));
        prev = u32::from(c);
    }
    phase(&mut t, "stems, readings");
    let heads = cur.strings("headwords")?;
    phase(&mut t, "headwords");
    // The senses are decoded while the headwords' index is built.
    let (senses, index) = rayon::join(
        || senses(&mut cur, heads.len(), vocab.len() as u32),
        || super::HeadIndex::build(&heads),
    );
    let (senses, ids) = senses?;
    phase(&mut t, "senses");
    Ok(Lexicon {
        heads,
        senses,
        ids,
        vocab,
        syllables,
        readings,
        index: std::sync::OnceLock::from(index),
    })
}

/// Each headword's range in the id list, and the list.
type Senses = (Vec<(u32, u32)>, Vec<u32>);

/// Each headword's sorted stem ids.
fn senses(cur: &mut Cursor<'_>, n_heads: usize, n_stems: u32) -> Result<Senses> {
    let mut senses = Vec::with_capacity(n_heads);
    let mut ids = Vec::with_capacity(n_heads * 6);
    for _ in 0..n_heads {
        let k = cur.varint()? as usize;
        let a = ids.len() as u32;
        let mut prev = 0u32;
        for j in 0..k {
            let d = cur.varint()?;
            let id = if j == 0 {
                Some(d)
            } else {
                prev.checked_add(d).filter(|_| d > 0)
            };
            match id {
                Some(id) if id < n_stems => ids.push(id),
                _ => return Err(bad(format!("bad stem id before byte {}", cur.pos))),
            }
            prev = id.unwrap_or(0);
        }
        if k == 0 || ids.len() > u32::MAX as usize {
            return Err(bad(format!("bad sense list before byte {}", cur.pos)));
        }
        senses.push((a, ids.len() as u32));
    }
    if cur.pos != cur.data.len() {
        return Err(bad(format!("{} bytes left over", cur.data.len() - cur.pos)));
    }
    Ok((senses, ids))
}
