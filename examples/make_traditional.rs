//! Makes the Traditional Chinese seed fixtures: a character-level
//! Simplified → Traditional mapping derived from CC-CEDICT, applied to a
//! UTF-8 text, keeping only Traditional characters that Big5 can encode.
//!
//! ```text
//! cargo run --example make_traditional -- CEDICT.txt.gz INPUT OUTPUT
//! ```
//!
//! The mapping: every CC-CEDICT entry whose Traditional and Simplified
//! headwords have the same number of characters votes, position by position,
//! for "Simplified character s is written t"; each s takes the t with the
//! most votes (ties to the lower code point) among the t that Big5 encodes.
//! Characters the mapping does not change (most non-Han ones, and Han ones
//! written the same) are copied, except white space that Big5 lacks (the
//! no-break space), which becomes a plain space: runs of white space are
//! collapsed in every output, so pairs do not change. The output must encode
//! in Big5 as a whole: any other character that does not is an error. `tests/input.rs` encodes the
//! output as Big5 at test time and checks it aligns as the Simplified seed
//! does; `.ci/run` checks the committed files are what this program makes.

use std::collections::HashMap;
use std::error::Error;
use std::io::{BufRead, BufReader};
use std::process::ExitCode;

fn big5_encodes(c: char) -> bool {
    let mut buf = [0u8; 4];
    let (_, _, unmappable) = encoding_rs::BIG5.encode(c.encode_utf8(&mut buf));
    !unmappable
}

fn mapping(cedict: &str) -> Result<HashMap<char, char>, Box<dyn Error>> {
    let file = std::fs::File::open(cedict).map_err(|e| format!("{cedict}: {e}"))?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut votes: HashMap<char, HashMap<char, u32>> = HashMap::new();
    for line in reader.lines() {
        let line = line.map_err(|e| format!("{cedict}: {e}"))?;
        if line.starts_with('#') {
            continue;
        }
        let mut words = line.splitn(3, ' ');
        let (Some(trad), Some(simp)) = (words.next(), words.next()) else {
            continue;
        };
        if trad.chars().count() != simp.chars().count() {
            continue;
        }
        for (t, s) in trad.chars().zip(simp.chars()) {
            *votes.entry(s).or_default().entry(t).or_default() += 1;
        }
    }
    Ok(votes
        .into_iter()
        .filter_map(|(s, ts)| {
            ts.into_iter()
                .filter(|&(t, _)| big5_encodes(t))
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(t, _)| (s, t))
        })
        .collect())
}

fn run() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [cedict, input, output] = &args[..] else {
        return Err("usage: make_traditional CEDICT.txt.gz INPUT OUTPUT".into());
    };
    let map = mapping(cedict)?;
    let text = std::fs::read_to_string(input).map_err(|e| format!("{input}: {e}"))?;
    let out: String = text
        .chars()
        .map(|c| match map.get(&c) {
            Some(&t) => t,
            None if c.is_whitespace() && !big5_encodes(c) => ' ',
            None => c,
        })
        .collect();
    if let Some((line, c)) = out
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.chars().find(|&c| !big5_encodes(c)).map(|c| (i + 1, c)))
    {
        return Err(format!(
            "{input}:{line}: {c:?} (U+{:04X}) has no Big5 code",
            c as u32
        )
        .into());
    }
    std::fs::write(output, out).map_err(|e| format!("{output}: {e}"))?;
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("make_traditional: {e}");
            ExitCode::FAILURE
        }
    }
}
