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

use super::image::{self, MAGIC};
use super::table::StrTable;
use super::Lexicon;
use crate::error::{Error, Location, Result};

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
    let d = image::decode(&data).map_err(bad)?;
    phase(&mut t, "decode");
    let owned =
        |s: image::Strings<'_>| StrTable::from_parts(s.text.to_owned().into(), s.spans.into());
    let heads = owned(d.heads);
    let index = super::HeadIndex::build(&heads);
    phase(&mut t, "index");
    Ok(Lexicon {
        heads,
        senses: d.senses.into(),
        ids: d.ids.into(),
        vocab: owned(d.stems),
        syllables: owned(d.syllables),
        readings: d.readings,
        index: std::sync::OnceLock::from(index),
    })
}
