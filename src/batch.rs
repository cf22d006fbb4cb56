//! Many documents at once: [`Document`], the batch methods of [`Aligner`]
//! ([`align_batch`](Aligner::align_batch),
//! [`align_batch_mixed`](Aligner::align_batch_mixed),
//! [`align_documents`](Aligner::align_documents)) and the bounded-memory
//! [`AlignStream`] made by [`Aligner::align_stream`].
//!
//! Documents are independent, so the batch methods hand one document to each
//! worker of rayon's current thread pool (all cores by default; run them
//! inside `rayon::ThreadPool::install` for fewer). A long document's own
//! stages run in parallel on the same pool too (feature chunks, anchor
//! search, DP segments), so a corpus of many documents and a single large
//! document both use every core; the result never depends on the number of
//! threads. Results always come back in input order, one `Result` a
//! document, so one bad document never hides the others.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::iter::FusedIterator;

use rayon::prelude::*;

use crate::aligner::Aligner;
use crate::alignment::Alignment;
use crate::error::Result;

/// One document to align: a mixed text, a Chinese text with its English
/// text, or sentences already split. Each variant maps to one method of
/// [`Aligner`]; [`Aligner::align_document`] dispatches on it.
///
/// The texts are [`Cow`]s: borrow them from text you hold
/// ([`Document::mixed`], [`Document::texts`]), or own them
/// (`Document::Mixed(Cow::Owned(s))`, [`Document::into_owned`]) when a
/// stream reads them one by one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Document<'a> {
    /// A mixed Chinese/English text, as [`Aligner::align_mixed`] takes it.
    Mixed(Cow<'a, str>),
    /// A Chinese text and its English text, as [`Aligner::align`] takes them.
    Texts {
        /// The Chinese text.
        zh: Cow<'a, str>,
        /// The English text.
        en: Cow<'a, str>,
    },
    /// Sentences already split, one item a sentence, as
    /// [`Aligner::align_sentences`] takes them.
    Sentences {
        /// The Chinese sentences.
        zh: Vec<Cow<'a, str>>,
        /// The English sentences.
        en: Vec<Cow<'a, str>>,
    },
}

impl<'a> Document<'a> {
    /// A mixed Chinese/English text (borrowed).
    pub fn mixed(text: &'a str) -> Document<'a> {
        Document::Mixed(Cow::Borrowed(text))
    }

    /// A Chinese text and its English text (borrowed).
    pub fn texts(zh: &'a str, en: &'a str) -> Document<'a> {
        Document::Texts {
            zh: Cow::Borrowed(zh),
            en: Cow::Borrowed(en),
        }
    }

    /// Sentences already split (borrowed; only the list of references is
    /// allocated).
    pub fn sentences<S: AsRef<str>>(zh: &'a [S], en: &'a [S]) -> Document<'a> {
        let borrow = |v: &'a [S]| v.iter().map(|s| Cow::Borrowed(s.as_ref())).collect();
        Document::Sentences {
            zh: borrow(zh),
            en: borrow(en),
        }
    }

    /// The same document with every text owned, free of the borrow.
    pub fn into_owned(self) -> Document<'static> {
        let own = |s: Cow<'a, str>| Cow::Owned(s.into_owned());
        match self {
            Document::Mixed(t) => Document::Mixed(own(t)),
            Document::Texts { zh, en } => Document::Texts {
                zh: own(zh),
                en: own(en),
            },
            Document::Sentences { zh, en } => Document::Sentences {
                zh: zh.into_iter().map(own).collect(),
                en: en.into_iter().map(own).collect(),
            },
        }
    }
}

impl Aligner {
    /// Aligns one [`Document`] with the method its variant names
    /// ([`align_mixed`](Aligner::align_mixed), [`align`](Aligner::align) or
    /// [`align_sentences`](Aligner::align_sentences)).
    ///
    /// # Errors
    ///
    /// Those of the method it calls, e.g. [`Error::MissingLanguage`](crate::Error::MissingLanguage).
    pub fn align_document(&self, doc: &Document<'_>) -> Result<Alignment> {
        match doc {
            Document::Mixed(text) => self.align_mixed(text),
            Document::Texts { zh, en } => self.align(zh, en),
            Document::Sentences { zh, en } => self.align_sentences(zh, en),
        }
    }

    /// Aligns many (Chinese text, English text) pairs in parallel, each as
    /// [`align`](Aligner::align) would. Returns one result a pair, in input
    /// order; a document that fails gives its error in its place.
    ///
    /// Runs on rayon's current thread pool: one document a task, in parallel.
    ///
    /// # Example
    ///
    /// ```
    /// use zhen_align::Aligner;
    ///
    /// let docs = [
    ///     ("我爱北京。今天天气很好。", "I love Beijing. The weather is very good today."),
    ///     ("只有中文。", ""),
    ///     ("你好。", "Hello."),
    /// ];
    /// let results = Aligner::new().align_batch(&docs);
    /// assert_eq!(results.len(), 3);
    /// assert_eq!(results[0].as_ref().unwrap().pairs().count(), 2);
    /// assert!(results[1].is_err()); // no English text
    /// assert_eq!(results[2].as_ref().unwrap().pairs().next().unwrap().en(), "Hello.");
    /// ```
    pub fn align_batch<S>(&self, docs: &[(S, S)]) -> Vec<Result<Alignment>>
    where
        S: AsRef<str> + Sync,
    {
        docs.par_iter()
            .map(|(zh, en)| self.align(zh.as_ref(), en.as_ref()))
            .collect()
    }

    /// Aligns many mixed Chinese/English texts in parallel, each as
    /// [`align_mixed`](Aligner::align_mixed) would; one result a text, in
    /// input order.
    ///
    /// # Example
    ///
    /// ```
    /// use zhen_align::Aligner;
    ///
    /// let pages = vec![
    ///     "我爱北京。\n\nI love Beijing.".to_string(),
    ///     "Only English here.".to_string(),
    /// ];
    /// let results = Aligner::new().align_batch_mixed(&pages);
    /// assert_eq!(results[0].as_ref().unwrap().pairs().next().unwrap().zh(), "我爱北京。");
    /// assert!(results[1].is_err());
    /// ```
    pub fn align_batch_mixed<S>(&self, texts: &[S]) -> Vec<Result<Alignment>>
    where
        S: AsRef<str> + Sync,
    {
        texts
            .par_iter()
            .map(|t| self.align_mixed(t.as_ref()))
            .collect()
    }

    /// Aligns documents of any kind in parallel; one result a document, in
    /// input order.
    ///
    /// # Example
    ///
    /// ```
    /// use zhen_align::{Aligner, Document};
    ///
    /// let zh = ["一。", "二。"];
    /// let en = ["One.", "Two."];
    /// let docs = [
    ///     Document::sentences(&zh, &en),
    ///     Document::mixed("你好。\n\nHello."),
    /// ];
    /// let results = Aligner::new().align_documents(&docs);
    /// assert_eq!(results[0].as_ref().unwrap().beads().len(), 2);
    /// assert_eq!(results[1].as_ref().unwrap().pairs().count(), 1);
    /// ```
    pub fn align_documents(&self, docs: &[Document<'_>]) -> Vec<Result<Alignment>> {
        docs.par_iter().map(|d| self.align_document(d)).collect()
    }

    /// Aligns a stream of documents with bounded memory: takes `chunk`
    /// documents at a time from `docs`, aligns them in parallel, and yields
    /// their results in input order before taking the next chunk. At most
    /// `chunk` documents and their alignments are held at once, so a corpus
    /// of millions of documents can be read from a file as it goes.
    ///
    /// Each document comes with a key of the caller's choosing (an id, a line
    /// number; `()` if none is needed), handed back with its result.
    /// `chunk` of 0 counts as 1; a few times the number of threads keeps
    /// every core busy.
    ///
    /// # Example
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use zhen_align::{Aligner, Document};
    ///
    /// // Stands for lines read from a file: the documents are owned.
    /// let lines = ["你好。\tHello.", "谢谢。\tThanks.", "没有英文。\t"];
    /// let docs = lines.iter().enumerate().map(|(i, line)| {
    ///     let (zh, en) = line.split_once('\t').unwrap_or((line, ""));
    ///     let doc = Document::Texts { zh: Cow::Owned(zh.to_string()), en: Cow::Owned(en.to_string()) };
    ///     (i + 1, doc)
    /// });
    /// let aligner = Aligner::new();
    /// let mut out = Vec::new();
    /// for (line, result) in aligner.align_stream(docs, 2) {
    ///     match result {
    ///         Ok(a) => out.push(format!("{line}: {} pair(s)", a.pairs().count())),
    ///         Err(e) => out.push(format!("{line}: {e}")),
    ///     }
    /// }
    /// assert_eq!(out[..2], ["1: 1 pair(s)", "2: 1 pair(s)"]);
    /// assert!(out[2].starts_with("3: ") && out[2].contains("English"));
    /// ```
    pub fn align_stream<'d, K, I>(
        &self,
        docs: I,
        chunk: usize,
    ) -> AlignStream<'_, 'd, K, I::IntoIter>
    where
        I: IntoIterator<Item = (K, Document<'d>)>,
        K: Send,
    {
        AlignStream {
            aligner: self,
            docs: docs.into_iter(),
            chunk: chunk.max(1),
            ready: VecDeque::new(),
            done: false,
        }
    }
}

/// Iterator over the results of a stream of documents, in input order: yields
/// `(key, Result<Alignment>)`. Created by [`Aligner::align_stream`].
pub struct AlignStream<'a, 'd, K, I>
where
    I: Iterator<Item = (K, Document<'d>)>,
{
    aligner: &'a Aligner,
    docs: I,
    chunk: usize,
    ready: VecDeque<(K, Result<Alignment>)>,
    done: bool,
}

impl<'d, K, I> Iterator for AlignStream<'_, 'd, K, I>
where
    I: Iterator<Item = (K, Document<'d>)>,
    K: Send,
{
    type Item = (K, Result<Alignment>);

    fn next(&mut self) -> Option<(K, Result<Alignment>)> {
        if self.ready.is_empty() && !self.done {
            let batch: Vec<(K, Document<'d>)> = self.docs.by_ref().take(self.chunk).collect();
            self.done = batch.len() < self.chunk;
            let aligner = self.aligner;
            self.ready = batch
                .into_par_iter()
                .map(|(key, doc)| {
                    let result = aligner.align_document(&doc);
                    (key, result)
                })
                .collect::<Vec<_>>()
                .into();
        }
        self.ready.pop_front()
    }
}

impl<'d, K, I> FusedIterator for AlignStream<'_, 'd, K, I>
where
    I: Iterator<Item = (K, Document<'d>)>,
    K: Send,
{
}

impl<'d, K, I> fmt::Debug for AlignStream<'_, 'd, K, I>
where
    I: Iterator<Item = (K, Document<'d>)>,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlignStream")
            .field("chunk", &self.chunk)
            .field("ready", &self.ready.len())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
