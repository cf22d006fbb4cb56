//! What the cost model knows about each sentence: its length, and its content
//! tokens with IDF weights and the ids they can match on the other side
//! (lexicon translations, shared numbers and codes, glossary terms, names).
//!
//! Ids live in one space per document: ids below `EXTRA_BASE` are English
//! stems of the lexicon; ids from `EXTRA_BASE` up are keys made for this
//! document (an anchor such as "2023", a glossary entry, an English name).
//! A Chinese token matches an English token when their id lists intersect.

use crate::hash::{FxHashMap, FxHashSet};

use super::params;
use crate::lexicon::{en_tokens, zh_tokens, EnToken, Glossary, Lexicon};
use crate::text::{anchors, is_han};

/// First id of the per-document keys (the lexicon's stems stay below it).
const EXTRA_BASE: u32 = 1 << 30;

/// One side's sentences, flattened.
#[derive(Debug, Default, Clone)]
pub(crate) struct Side {
    /// Length of each sentence in characters, white space excluded.
    pub(crate) len: Vec<f64>,
    /// Whether each sentence starts a paragraph.
    pub(crate) para_start: Vec<bool>,
    /// Sentence `i`'s tokens are `tok_off[i]..tok_off[i + 1]`.
    pub(crate) tok_off: Vec<usize>,
    /// IDF weight of each token.
    pub(crate) tok_w: Vec<f32>,
    /// Document-frequency key of each token (one per distinct word or stem).
    pub(crate) tok_key: Vec<u32>,
    /// Token `t`'s ids are `ids[id_off[t]..id_off[t + 1]]`, sorted.
    pub(crate) id_off: Vec<usize>,
    pub(crate) ids: Vec<u32>,
    /// Total content weight of each sentence (tokens beyond `MAX_TOKENS` included).
    pub(crate) total_w: Vec<f32>,
}

impl Side {
    pub(crate) fn n(&self) -> usize {
        self.len.len()
    }

    pub(crate) fn tokens(&self, i: usize) -> std::ops::Range<usize> {
        self.tok_off[i]..self.tok_off[i + 1]
    }

    pub(crate) fn token_ids(&self, t: usize) -> &[u32] {
        &self.ids[self.id_off[t]..self.id_off[t + 1]]
    }
}

/// Raw tokens of one sentence before weighting: (df key, ids).
struct RawSentence {
    len: f64,
    para_start: bool,
    tokens: Vec<(u32, Vec<u32>)>,
}

/// Interns strings to dense ids.
#[derive(Default)]
struct Interner {
    map: FxHashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.map.get(s) {
            return i;
        }
        let i = self.map.len() as u32;
        self.map.insert(s.to_string(), i);
        i
    }
}

fn char_len(s: &str) -> f64 {
    s.chars().filter(|c| !c.is_whitespace()).count() as f64
}

/// Lower-case ASCII letters of a word, other characters dropped ("Bao-yu" → "baoyu").
fn name_form(words: &[&str]) -> String {
    let mut out = String::new();
    for w in words {
        out.extend(
            w.chars()
                .filter(char::is_ascii_alphabetic)
                .map(|c| c.to_ascii_lowercase()),
        );
    }
    out
}

/// Capitalized words of an English sentence, as runs of letters, hyphens and apostrophes.
fn capitalized_runs(s: &str) -> Vec<Vec<&str>> {
    let mut runs: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for w in s.split(|c: char| !(c.is_alphabetic() || c == '-' || c == '\'' || c == '’')) {
        let w = w.trim_matches(|c: char| c == '-' || c == '\'' || c == '’');
        if w.is_empty() {
            continue;
        }
        if w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase) {
            current.push(w);
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// Punctuation that survives translation: questions, exclamations, quoted
/// speech, trailing-off. Keys shared by both sides ("p:?", ...).
fn punctuation_keys(s: &str, zh: bool) -> impl Iterator<Item = &'static str> {
    let (mut q, mut x, mut quote, mut dots) = (false, false, false, false);
    for c in s.chars() {
        match c {
            '?' | '？' => q = true,
            '!' | '！' => x = true,
            '“' | '”' | '「' | '」' | '『' | '』' | '"' => quote = true,
            '‘' | '’' | '\'' if !zh => quote |= c == '‘',
            '…' => dots = true,
            _ => {}
        }
    }
    if !zh && s.contains("...") {
        dots = true;
    }
    [(q, "?"), (x, "!"), (quote, "q"), (dots, "…")]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, k)| k)
}

/// Per-document tables for English names.
struct Names {
    exact: FxHashMap<String, u32>,
    by_prefix: FxHashMap<[u8; 3], Vec<(String, u32)>>,
}

impl Names {
    /// The name id whose form equals `pinyin`, or with `fuzzy`, is within
    /// `NAME_SIMILARITY` (Jaro–Winkler) of it among forms sharing its first
    /// three letters.
    fn find(&self, pinyin: &str, fuzzy: bool) -> Option<u32> {
        if let Some(&id) = self.exact.get(pinyin) {
            return Some(id);
        }
        if !fuzzy {
            return None;
        }
        let b = pinyin.as_bytes();
        let key = [b[0], b[1], b[2]];
        let group = self.by_prefix.get(&key)?;
        let mut best: Option<(f64, u32)> = None;
        for (form, id) in group {
            if form.len().abs_diff(pinyin.len()) > 1 {
                continue;
            }
            let s = strsim::jaro_winkler(form, pinyin);
            if s >= params::NAME_SIMILARITY && best.is_none_or(|(bs, _)| s > bs) {
                best = Some((s, *id));
            }
        }
        best.map(|(_, id)| id)
    }
}

/// Everything the cost model needs about both sides of one document.
#[derive(Clone)]
pub(crate) struct Features {
    pub(crate) zh: Side,
    pub(crate) en: Side,
}

/// The inputs of [`Features::build`] for one side: sentence texts and paragraph starts.
pub(crate) struct SideInput<'a> {
    pub(crate) sentences: Vec<&'a str>,
    pub(crate) para_start: Vec<bool>,
}

impl Features {
    pub(crate) fn build(
        zh: &SideInput<'_>,
        en: &SideInput<'_>,
        lex: &Lexicon,
        glossary: &Glossary,
    ) -> Features {
        let mut keys = Interner::default(); // df keys, shared by both sides
        let mut extra = Interner::default(); // per-document match ids
        let mut hits = Vec::new();
        let mut anchor_buf = Vec::new();

        // English first: its names are what Chinese pinyin is matched against.
        let mut names = Names {
            exact: FxHashMap::default(),
            by_prefix: FxHashMap::default(),
        };
        let mut en_raw = Vec::with_capacity(en.sentences.len());
        let mut toks: Vec<EnToken<'_>> = Vec::new();
        for (i, s) in en.sentences.iter().enumerate() {
            let mut tokens = Vec::new();
            toks.clear();
            en_tokens(s, &mut toks);
            for t in toks.iter().filter(|t| !t.stop) {
                let key = keys.id(&t.stem);
                let ids = lex.en_id(&t.stem).into_iter().collect();
                tokens.push((key, ids));
            }
            anchor_buf.clear();
            anchors(s, &mut anchor_buf);
            push_extras(
                &mut tokens,
                &mut keys,
                &mut extra,
                "a:",
                anchor_buf.iter().map(String::as_str),
            );
            if params::tuning().punct > 0.0 {
                push_extras(
                    &mut tokens,
                    &mut keys,
                    &mut extra,
                    "p:",
                    punctuation_keys(s, false),
                );
            }
            hits.clear();
            glossary.en_hits(s, &mut hits);
            push_extras(
                &mut tokens,
                &mut keys,
                &mut extra,
                "g:",
                hits.iter()
                    .map(|h| h.to_string())
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str),
            );
            for run in capitalized_runs(s) {
                let mut forms = Vec::new();
                for k in 0..run.len() {
                    forms.push(name_form(&run[k..k + 1]));
                    if k + 1 < run.len() {
                        forms.push(name_form(&run[k..k + 2]));
                    }
                }
                for f in forms
                    .into_iter()
                    .filter(|f| f.len() >= params::NAME_MIN_LEN)
                {
                    let key = format!("n:{f}");
                    let id = EXTRA_BASE + extra.id(&key);
                    if !names.exact.contains_key(&f) {
                        let b = f.as_bytes();
                        names
                            .by_prefix
                            .entry([b[0], b[1], b[2]])
                            .or_default()
                            .push((f.clone(), id));
                        names.exact.insert(f, id);
                    }
                    tokens.push((keys.id(&key), vec![id]));
                }
            }
            en_raw.push(RawSentence {
                len: char_len(s),
                para_start: en.para_start.get(i).copied().unwrap_or(false),
                tokens,
            });
        }

        let mut zh_raw = Vec::with_capacity(zh.sentences.len());
        let mut words = Vec::new();
        for (i, s) in zh.sentences.iter().enumerate() {
            let mut tokens = Vec::new();
            words.clear();
            zh_tokens(s, lex, &mut words);
            for w in &words {
                let key = keys.id(w);
                let ids = lex.lookup(w).map(<[u32]>::to_vec).unwrap_or_default();
                tokens.push((key, ids));
            }
            anchor_buf.clear();
            anchors(s, &mut anchor_buf);
            push_extras(
                &mut tokens,
                &mut keys,
                &mut extra,
                "a:",
                anchor_buf.iter().map(String::as_str),
            );
            if params::tuning().punct > 0.0 {
                push_extras(
                    &mut tokens,
                    &mut keys,
                    &mut extra,
                    "p:",
                    punctuation_keys(s, true),
                );
            }
            hits.clear();
            glossary.zh_hits(s, &mut hits);
            push_extras(
                &mut tokens,
                &mut keys,
                &mut extra,
                "g:",
                hits.iter()
                    .map(|h| h.to_string())
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str),
            );
            if !names.exact.is_empty() && params::tuning().names > 0.0 {
                zh_names(s, lex, &names, &mut extra, &mut keys, &mut tokens);
            }
            zh_raw.push(RawSentence {
                len: char_len(s),
                para_start: zh.para_start.get(i).copied().unwrap_or(false),
                tokens,
            });
        }

        Features {
            zh: weigh(zh_raw, keys.map.len()),
            en: weigh(en_raw, keys.map.len()),
        }
    }
}

/// Adds per-document keys (anchors, glossary hits) as tokens that match
/// themselves on the other side.
fn push_extras<'s>(
    tokens: &mut Vec<(u32, Vec<u32>)>,
    keys: &mut Interner,
    extra: &mut Interner,
    prefix: &str,
    items: impl Iterator<Item = &'s str>,
) {
    let mut seen: Vec<u32> = Vec::new();
    for item in items {
        let key = format!("{prefix}{item}");
        let id = EXTRA_BASE + extra.id(&key);
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        tokens.push((keys.id(&key), vec![id]));
    }
}

/// Chinese substrings of two to four Han characters whose pinyin matches an
/// English name of the document become name tokens.
fn zh_names(
    s: &str,
    lex: &Lexicon,
    names: &Names,
    extra: &mut Interner,
    keys: &mut Interner,
    tokens: &mut Vec<(u32, Vec<u32>)>,
) {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut found: Vec<u32> = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        if !is_han(chars[start].1) {
            start += 1;
            continue;
        }
        let mut matched = 0;
        for len in (2..=4).rev() {
            let end = start + len;
            if end > chars.len() || !chars[start..end].iter().all(|&(_, c)| is_han(c)) {
                continue;
            }
            let a = chars[start].0;
            let b = chars.get(end).map_or(s.len(), |&(o, _)| o);
            let Some(p) = lex.pinyin(&s[a..b]) else {
                continue;
            };
            if p.len() < params::NAME_MIN_LEN {
                continue;
            }
            // Fuzzy matching only for strings the lexicon does not know as a
            // word (names mostly are not), exact matching for all.
            let fuzzy = params::tuning().names > 1.0 && lex.lookup(&s[a..b]).is_none();
            if let Some(id) = names.find(&p, fuzzy) {
                if !found.contains(&id) {
                    found.push(id);
                }
                matched = len;
                break;
            }
        }
        start += matched.max(1);
    }
    for id in found {
        let key = format!("n#{id}");
        tokens.push((keys.id(&key), vec![id]));
        let _ = extra;
    }
}

/// Turns raw tokens into weighted, capped, flattened tokens.
fn weigh(raw: Vec<RawSentence>, n_keys: usize) -> Side {
    let n = raw.len().max(1) as f32;
    let mut df = vec![0u32; n_keys];
    let mut seen: Vec<u32> = Vec::new();
    for s in &raw {
        seen.clear();
        for (k, _) in &s.tokens {
            if !seen.contains(k) {
                seen.push(*k);
                df[*k as usize] += 1;
            }
        }
    }
    let mut side = Side::default();
    side.tok_off.push(0);
    side.id_off.push(0);
    let mut order: Vec<(f32, usize)> = Vec::new();
    for s in raw {
        side.len.push(s.len);
        side.para_start.push(s.para_start);
        order.clear();
        let mut total = 0.0f32;
        for (t, (k, _)) in s.tokens.iter().enumerate() {
            let w = (1.0 + n / df[*k as usize] as f32).ln();
            total += w;
            order.push((w, t));
        }
        if order.len() > params::MAX_TOKENS {
            order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            order.truncate(params::MAX_TOKENS);
            order.sort_by_key(|&(_, t)| t);
        }
        for &(w, t) in &order {
            let mut ids = s.tokens[t].1.clone();
            ids.sort_unstable();
            ids.dedup();
            side.tok_w.push(w);
            side.tok_key.push(s.tokens[t].0);
            side.ids.extend_from_slice(&ids);
            side.id_off.push(side.ids.len());
        }
        side.total_w.push(total);
        side.tok_off.push(side.tok_w.len());
    }
    side
}

/// First id of the translations learned from the document itself.
const LEARNED_BASE: u32 = 1 << 31;

impl Features {
    /// Learns a translation table from the document's own aligned pairs
    /// (`pairs`: Chinese and English sentence ranges): a Chinese word and an
    /// English word that keep landing in the same pairs (Dice coefficient at
    /// least `LEARN_DICE`, at least `LEARN_MIN_COUNT` times) are made to match
    /// each other, on top of the lexicon. Returns the number of word pairs learned.
    pub(crate) fn learn(
        &mut self,
        pairs: &[(std::ops::Range<usize>, std::ops::Range<usize>)],
    ) -> usize {
        let mut cz: FxHashMap<u32, u32> = FxHashMap::default();
        let mut ce: FxHashMap<u32, u32> = FxHashMap::default();
        let mut cze: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let (mut zk, mut ek): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
        for (zr, er) in pairs {
            zk.clear();
            ek.clear();
            for i in zr.clone() {
                zk.extend(self.zh.tokens(i).map(|t| self.zh.tok_key[t]));
            }
            for j in er.clone() {
                ek.extend(self.en.tokens(j).map(|t| self.en.tok_key[t]));
            }
            zk.sort_unstable();
            zk.dedup();
            ek.sort_unstable();
            ek.dedup();
            for &z in &zk {
                *cz.entry(z).or_default() += 1;
                for &e in &ek {
                    *cze.entry((z, e)).or_default() += 1;
                }
            }
            for &e in &ek {
                *ce.entry(e).or_default() += 1;
            }
        }
        let t = params::tuning();
        let mut learned: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        let mut targets: FxHashSet<u32> = FxHashSet::default();
        for (&(z, e), &c) in &cze {
            if (c as f64) < t.learn_min {
                continue;
            }
            let dice = 2.0 * c as f64 / (cz[&z] + ce[&e]) as f64;
            if dice >= t.learn_dice {
                learned.entry(z).or_default().push(e);
                targets.insert(e);
            }
        }
        let count = learned.values().map(Vec::len).sum();
        if count == 0 {
            return 0;
        }
        let extend = |side: &mut Side, add: &dyn Fn(u32) -> Vec<u32>| {
            let mut ids = Vec::with_capacity(side.ids.len());
            let mut off = Vec::with_capacity(side.id_off.len());
            off.push(0);
            for tk in 0..side.tok_w.len() {
                let mut v: Vec<u32> = side.token_ids(tk).to_vec();
                v.extend(add(side.tok_key[tk]));
                v.sort_unstable();
                v.dedup();
                ids.extend_from_slice(&v);
                off.push(ids.len());
            }
            side.ids = ids;
            side.id_off = off;
        };
        extend(&mut self.zh, &|k| {
            learned.get(&k).map_or(Vec::new(), |es| {
                es.iter().map(|e| LEARNED_BASE | e).collect()
            })
        });
        extend(&mut self.en, &|k| {
            if targets.contains(&k) {
                vec![LEARNED_BASE | k]
            } else {
                Vec::new()
            }
        });
        count
    }
}

#[cfg(test)]
mod debug_cover {
    use super::*;

    #[test]
    #[ignore]
    fn dump_cover() {
        let zh: Vec<String> = std::fs::read_to_string("/work/shared/corpora/mac-dev/zh/001")
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        let en: Vec<String> = std::fs::read_to_string("/work/shared/corpora/mac-dev/en/001")
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        let lex = Lexicon::builtin();
        for (zi, ei) in [(3usize, 3usize), (4, 4), (10, 11), (20, 22), (30, 33)] {
            let mut words = Vec::new();
            zh_tokens(&zh[zi], lex, &mut words);
            let mut toks = Vec::new();
            en_tokens(&en[ei], &mut toks);
            let ids: Vec<Option<u32>> = toks.iter().map(|t| lex.en_id(&t.stem)).collect();
            println!("ZH {}\nEN {}", zh[zi], en[ei]);
            for w in &words {
                let tr = lex.lookup(w).unwrap_or(&[]);
                let hit = toks
                    .iter()
                    .zip(&ids)
                    .filter(|(t, id)| !t.stop && id.is_some_and(|i| tr.contains(&i)))
                    .map(|(t, _)| t.raw)
                    .collect::<Vec<_>>();
                let glosses: Vec<&str> = tr.iter().take(8).map(|&i| lex.en_stem(i)).collect();
                println!("  {w}: {:?}  <- {:?}", hit, glosses);
            }
            println!(
                "  en: {:?}",
                toks.iter()
                    .filter(|t| !t.stop)
                    .map(|t| (&t.stem, lex.en_id(&t.stem).is_some()))
                    .collect::<Vec<_>>()
            );
        }
    }
}
