//! A first alignment in a minute: build an aligner with a small glossary,
//! align a Chinese text with its English translation, print each pair with
//! its confidence, then write the pairs as TMX.
//!
//! ```text
//! cargo run --example quickstart
//! ```

use std::error::Error;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use zhen_align::{write_tmx, Aligner, Glossary};

/// Four Chinese sentences, one line a paragraph.
const ZH: &str = "\
汪淼觉得，自己的人生就像一场实验。
他在纳米材料研究中心工作。实验室里的仪器整夜运转，从不停歇。
今天，他终于见到了史强。";

/// Their translation: the third Chinese sentence became two English ones
/// (a 1–2 bead).
const EN: &str = "\
Wang Miao felt that his life was like an experiment.
He worked at the Nanomaterials Research Center. The instruments in the lab ran all night. They never stopped.
Today, he finally met Shi Qiang.";

fn run() -> Result<(), Box<dyn Error>> {
    // Terms the aligner should trust more than its built-in lexicon.
    let mut glossary = Glossary::new();
    glossary.insert("汪淼", "Wang Miao");
    glossary.insert("史强", "Shi Qiang");
    glossary.insert("纳米材料", "nanomaterials");

    // Build once, reuse for any number of documents.
    let aligner = Aligner::builder().glossary(glossary).build()?;
    let alignment = aligner.align(ZH, EN)?;

    // The confident pairs, in document order.
    for pair in alignment.pairs() {
        println!("{:.2}  {}  |  {}", pair.confidence(), pair.zh(), pair.en());
    }
    println!();

    // The same pairs as a TMX 1.4b document for a CAT tool.
    let out = write_tmx(BufWriter::new(io::stdout().lock()), alignment.pairs())?;
    out.into_inner().map_err(|e| e.into_error())?.flush()?;
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quickstart: {e}");
            ExitCode::FAILURE
        }
    }
}
