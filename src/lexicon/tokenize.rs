//! Tokenizers: Chinese words (jieba-rs, or forward maximum matching over the
//! lexicon) and English stems.
//!
//! English glosses of the lexicon go through the very same functions
//! ([`en_words`], [`lower_into`], [`stem`], [`is_en_stop`]) as English sentences, so a
//! stem id found in a gloss and one found in a sentence always agree.

use crate::hash::FxHashMap;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use rust_stemmers::{Algorithm, Stemmer};

use super::Lexicon;
use crate::script::{is_han, CharSlots};

/// An English token.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EnToken<'t> {
    /// The word as written.
    pub(crate) raw: &'t str,
    /// Lower-cased, stemmed form.
    pub(crate) stem: String,
    /// Starts with an upper-case letter.
    pub(crate) capitalized: bool,
    /// A function word (the, of, and, ...) or a pure number.
    pub(crate) stop: bool,
}

/// English function words, sorted (binary search). Lower case, before
/// stemming. The usual short list (articles, pronouns, auxiliaries,
/// prepositions, conjunctions), plus the gloss abbreviations of CC-CEDICT
/// (`sth`, `sb`, `esp`, `lit`, `fig`, `abbr`, `etc`) so that glosses and
/// sentences drop the same words.
const EN_STOP: &[&str] = &[
    "a", "abbr", "about", "after", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "being", "but", "by", "did", "do", "does", "doing", "don't", "e", "eg", "esp", "etc",
    "fig", "for", "from", "g", "had", "has", "have", "having", "ie", "if", "in", "into", "is",
    "it", "it's", "its", "just", "lit", "of", "off", "on", "one's", "or", "out", "over", "s", "sb",
    "shall", "so", "sth", "such", "than", "that", "the", "then", "there", "these", "this", "those",
    "to", "too", "up", "upon", "very", "was", "were", "which", "while", "whose", "with",
];

/// The first `n` bytes of `b` (`n` at most 16) as a big-endian number,
/// zero-padded: for words of at most `n` bytes without NUL, equal words give
/// equal numbers and the order of the numbers is the order of the words (a
/// NUL byte at the end packs as the padding does).
#[inline(always)]
const fn pack(b: &[u8], n: usize) -> u128 {
    let mut x = 0u128;
    let mut i = 0;
    while i < n {
        x <<= 8;
        if i < b.len() {
            x |= b[i] as u128;
        }
        i += 1;
    }
    x
}

/// [`pack`] of eight bytes.
const fn pack8(b: &[u8]) -> u64 {
    pack(b, 8) as u64
}

/// [`EN_STOP`] packed ([`pack8`]; all are at most eight bytes long), in the
/// same (sorted) order: a binary search compares numbers, not strings.
const EN_STOP_PACKED: [u64; EN_STOP.len()] = {
    let mut out = [0u64; EN_STOP.len()];
    let mut i = 0;
    while i < EN_STOP.len() {
        assert!(EN_STOP[i].len() <= 8);
        out[i] = pack8(EN_STOP[i].as_bytes());
        i += 1;
    }
    out
};

/// True for an English function word (`w` in lower case, not stemmed).
pub(super) fn is_en_stop(w: &str) -> bool {
    // Equal numbers and lengths: equal words (even with a NUL byte).
    w.len() <= 8
        && EN_STOP_PACKED
            .binary_search(&pack8(w.as_bytes()))
            .is_ok_and(|k| EN_STOP[k].len() == w.len())
}

/// Chinese function words dropped from the token stream: particles and
/// aspect markers (的 地 得 了 着 过 吗 呢 吧 啊), the copula 是, the commonest
/// prepositions and conjunctions (在 和 与 及 而 或 把 被 对 从 向), adverbs with no
/// translation of their own (也 就 都 又 还), and demonstratives/pronoun
/// particles (之 其 这 那 此). Sorted by code point (binary search).
const ZH_STOP: &[char] = &[
    '与', '之', '也', '了', '从', '其', '又', '及', '向', '吗', '吧', '呢', '和', '啊', '在', '地',
    '对', '就', '得', '或', '把', '是', '此', '的', '着', '而', '被', '过', '还', '这', '那', '都',
];

/// True for a Chinese function word.
pub(super) fn is_zh_stop(w: &str) -> bool {
    let mut cs = w.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => is_zh_stop_char(c),
        _ => false,
    }
}

/// True for a Chinese function word of one character, `c`: one slot of a
/// table with a slot for each ([`ZH_STOP_SET`]).
#[inline]
fn is_zh_stop_char(c: char) -> bool {
    ZH_STOP_SET.contains(c as u32)
}

/// The words of [`ZH_STOP`], each in a slot of its own.
const ZH_STOP_SET: CharSlots = CharSlots::new(ZH_STOP, 0xE985_91E5);

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The English words of `s`: runs of letters and digits, with apostrophes
/// (' or ’) kept inside a word ("China's", "don't"). Hyphens, slashes and
/// all other characters separate words: "head-of-state" gives "head",
/// "of", "state", the way CC-CEDICT glosses spell such compounds apart.
pub(super) fn en_words(s: &str) -> impl Iterator<Item = &str> + '_ {
    let mut rest = s;
    // English text is mostly ASCII: then words are found byte by byte, with
    // no character decoding (the same words: ’ cannot occur).
    let ascii = s.is_ascii();
    std::iter::from_fn(move || {
        let (start, end) = if ascii {
            ascii_word(rest.as_bytes())?
        } else {
            let start = find_alnum(rest)?;
            (start, start + word_end(&rest[start..]))
        };
        let word = &rest[start..end];
        rest = &rest[end..];
        Some(word)
    })
}

/// The byte range of the first word of the ASCII text `b` ([`en_words`]):
/// letters and digits, and an apostrophe between two of them.
fn ascii_word(b: &[u8]) -> Option<(usize, usize)> {
    let alnum = |c: &u8| ASCII_ALNUM[usize::from(*c)];
    let start = b.iter().position(alnum)?;
    let mut i = start + 1;
    loop {
        match b.get(i) {
            Some(c) if alnum(c) => i += 1,
            Some(b'\'') if b.get(i + 1).is_some_and(alnum) => i += 2,
            _ => return Some((start, i)),
        }
    }
}

/// Whether a byte is an ASCII letter or digit (a table: one load a byte).
const ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The character of `s` at byte `i` (a char boundary) and its length; ASCII
/// without decoding.
#[inline]
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((char::from(b), 1));
    }
    let c = s.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Whether `c` is a letter or digit (`char::is_alphanumeric`, ASCII first).
#[inline]
fn alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// The byte offset of the first letter or digit of `s`.
fn find_alnum(s: &str) -> Option<usize> {
    let mut i = 0;
    while let Some((c, len)) = char_at(s, i) {
        if alnum(c) {
            return Some(i);
        }
        i += len;
    }
    None
}

/// The length of the word `s` starts with (see [`en_words`]).
fn word_end(s: &str) -> usize {
    let mut i = 0;
    let mut prev_alnum = false;
    while let Some((c, len)) = char_at(s, i) {
        if alnum(c) {
            prev_alnum = true;
            i += len;
            continue;
        }
        let apostrophe = c == '\'' || c == '’';
        if apostrophe && prev_alnum && char_at(s, i + len).is_some_and(|(n, _)| alnum(n)) {
            prev_alnum = false;
            i += len;
            continue;
        }
        return i;
    }
    s.len()
}

/// Lower-cases `w` into `buf`, reading ’ as ' and ü as u (pinyin "Lü" is
/// often written "Lu").
pub(super) fn lower_into(w: &str, buf: &mut String) {
    buf.clear();
    if w.is_ascii() {
        buf.push_str(w);
        buf.make_ascii_lowercase();
        return;
    }
    for c in w.chars() {
        if c == '’' {
            buf.push('\'');
        } else if c == 'ü' || c == 'Ü' {
            buf.push('u');
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

/// Irregular English forms and their base word (past tenses and participles
/// of strong verbs, irregular plurals, oblique and possessive pronouns,
/// irregular comparatives), so that "said" meets the gloss "to say" and
/// "her" meets 她 "she". Sorted by form (binary search).
const IRREGULAR: &[(&str, &str)] = &[
    ("arose", "arise"),
    ("ate", "eat"),
    ("awoke", "awake"),
    ("beat", "beat"),
    ("became", "become"),
    ("began", "begin"),
    ("begun", "begin"),
    ("bent", "bend"),
    ("best", "good"),
    ("bet", "bet"),
    ("better", "good"),
    ("bit", "bite"),
    ("bitten", "bite"),
    ("bled", "bleed"),
    ("blew", "blow"),
    ("blown", "blow"),
    ("bore", "bear"),
    ("born", "bear"),
    ("bought", "buy"),
    ("bound", "bind"),
    ("bred", "breed"),
    ("broke", "break"),
    ("broken", "break"),
    ("brought", "bring"),
    ("built", "build"),
    ("burnt", "burn"),
    ("burst", "burst"),
    ("came", "come"),
    ("caught", "catch"),
    ("children", "child"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("clung", "cling"),
    ("cost", "cost"),
    ("crept", "creep"),
    ("dealt", "deal"),
    ("did", "do"),
    ("done", "do"),
    ("drank", "drink"),
    ("drawn", "draw"),
    ("dreamt", "dream"),
    ("drew", "draw"),
    ("driven", "drive"),
    ("drove", "drive"),
    ("drunk", "drink"),
    ("dug", "dig"),
    ("eaten", "eat"),
    ("elder", "old"),
    ("eldest", "old"),
    ("fallen", "fall"),
    ("fed", "feed"),
    ("feet", "foot"),
    ("fell", "fall"),
    ("felt", "feel"),
    ("fled", "flee"),
    ("flew", "fly"),
    ("flown", "fly"),
    ("flung", "fling"),
    ("forbade", "forbid"),
    ("forgave", "forgive"),
    ("forgiven", "forgive"),
    ("forgot", "forget"),
    ("forgotten", "forget"),
    ("fought", "fight"),
    ("found", "find"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("gave", "give"),
    ("geese", "goose"),
    ("given", "give"),
    ("gone", "go"),
    ("got", "get"),
    ("gotten", "get"),
    ("grew", "grow"),
    ("ground", "grind"),
    ("grown", "grow"),
    ("had", "have"),
    ("heard", "hear"),
    ("held", "hold"),
    ("her", "she"),
    ("hers", "she"),
    ("herself", "she"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("him", "he"),
    ("himself", "he"),
    ("his", "he"),
    ("hung", "hang"),
    ("hurt", "hurt"),
    ("kept", "keep"),
    ("knelt", "kneel"),
    ("knew", "know"),
    ("known", "know"),
    ("laid", "lay"),
    ("leapt", "leap"),
    ("led", "lead"),
    ("left", "leave"),
    ("lent", "lend"),
    ("lice", "louse"),
    ("lit", "light"),
    ("lost", "lose"),
    ("made", "make"),
    ("me", "i"),
    ("meant", "mean"),
    ("men", "man"),
    ("met", "meet"),
    ("mice", "mouse"),
    ("mine", "i"),
    ("my", "i"),
    ("myself", "i"),
    ("our", "we"),
    ("ours", "we"),
    ("ourselves", "we"),
    ("oxen", "ox"),
    ("paid", "pay"),
    ("people", "person"),
    ("ran", "run"),
    ("rang", "ring"),
    ("ridden", "ride"),
    ("risen", "rise"),
    ("rode", "ride"),
    ("rose", "rise"),
    ("rung", "ring"),
    ("said", "say"),
    ("sang", "sing"),
    ("sank", "sink"),
    ("sat", "sit"),
    ("saw", "see"),
    ("seen", "see"),
    ("sent", "send"),
    ("shaken", "shake"),
    ("shone", "shine"),
    ("shook", "shake"),
    ("shot", "shoot"),
    ("showed", "show"),
    ("shown", "show"),
    ("shrank", "shrink"),
    ("slept", "sleep"),
    ("slid", "slide"),
    ("slung", "sling"),
    ("sold", "sell"),
    ("sought", "seek"),
    ("spat", "spit"),
    ("sped", "speed"),
    ("spent", "spend"),
    ("split", "split"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("sprang", "spring"),
    ("spread", "spread"),
    ("sprung", "spring"),
    ("spun", "spin"),
    ("stank", "stink"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("stood", "stand"),
    ("strode", "stride"),
    ("strove", "strive"),
    ("struck", "strike"),
    ("stuck", "stick"),
    ("stung", "sting"),
    ("sung", "sing"),
    ("sunk", "sink"),
    ("swam", "swim"),
    ("swept", "sweep"),
    ("swore", "swear"),
    ("sworn", "swear"),
    ("swum", "swim"),
    ("swung", "swing"),
    ("taken", "take"),
    ("taught", "teach"),
    ("teeth", "tooth"),
    ("their", "they"),
    ("theirs", "they"),
    ("them", "they"),
    ("themselves", "they"),
    ("thought", "think"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("told", "tell"),
    ("took", "take"),
    ("tore", "tear"),
    ("torn", "tear"),
    ("trod", "tread"),
    ("understood", "understand"),
    ("us", "we"),
    ("was", "be"),
    ("went", "go"),
    ("wept", "weep"),
    ("were", "be"),
    ("withdrew", "withdraw"),
    ("woke", "wake"),
    ("woken", "wake"),
    ("women", "woman"),
    ("won", "win"),
    ("wore", "wear"),
    ("worn", "wear"),
    ("worse", "bad"),
    ("worst", "bad"),
    ("wound", "wind"),
    ("wove", "weave"),
    ("written", "write"),
    ("wrote", "write"),
    ("wrung", "wring"),
    ("your", "you"),
    ("yours", "you"),
    ("yourself", "you"),
    ("yourselves", "you"),
];

/// The Snowball English stem of a lower-case word, after irregular forms
/// are mapped to their base word and contractions reduced ("wasn't" →
/// "not", "I'll" → "i"); a possessive 's is removed by the stemmer.
pub(super) fn stem(lower: &str) -> Cow<'_, str> {
    let mut word = lower;
    if word.ends_with("n't") || word.ends_with("n’t") {
        return Cow::Borrowed("not");
    }
    for suffix in [
        "'ll", "'d", "'re", "'ve", "'m", "’ll", "’d", "’re", "’ve", "’m",
    ] {
        if let Some(base) = word.strip_suffix(suffix) {
            word = base;
            break;
        }
    }
    if let Some(base) = irregular_base(word) {
        return Cow::Borrowed(base);
    }
    stemmer().stem(word)
}

/// The base word of an irregular form ([`IRREGULAR`]), if `word` is one.
fn irregular_base(word: &str) -> Option<&'static str> {
    // Equal numbers and lengths: equal words (even with a NUL byte); a
    // binary search over numbers, not strings (no call to compare them).
    if word.len() > 16 {
        return None;
    }
    let k = IRREGULAR_PACKED
        .binary_search(&pack16(word.as_bytes()))
        .ok()?;
    let (form, base) = IRREGULAR[k];
    (form.len() == word.len()).then_some(base)
}

/// [`pack`] of sixteen bytes.
const fn pack16(b: &[u8]) -> u128 {
    pack(b, 16)
}

/// The forms of [`IRREGULAR`] packed ([`pack16`]; all are at most sixteen
/// bytes long), in the same (sorted) order.
const IRREGULAR_PACKED: [u128; IRREGULAR.len()] = {
    let mut out = [0u128; IRREGULAR.len()];
    let mut i = 0;
    while i < IRREGULAR.len() {
        assert!(IRREGULAR[i].0.len() <= 16);
        out[i] = pack16(IRREGULAR[i].0.as_bytes());
        i += 1;
    }
    out
};

/// The content-word keys of English sentences: each word lower-cased and
/// stemmed once per distinct form (a text repeats its words), stop words and
/// pure numbers left out.
pub(crate) struct EnKeys {
    /// ASCII words of at most 16 bytes (nearly all): their lower-case
    /// form, packed, → its key.
    short: ShortWords<Option<u32>>,
    /// Other words: lower-case form → its key, or `None` for a stop word or number.
    known: FxHashMap<String, Option<u32>>,
    buf: String,
}

/// Slots of a thread's table of short words' stems at first ([`SHORT_STEMS`]).
const SHORT_STEMS_SLOTS: usize = 16384;

/// Slots of a chunk's table of short words: room for the distinct words of
/// most chunks of sentences (a Bible chunk has about 500) without growing.
const EN_KEYS_SLOTS: usize = 2048;

impl Default for EnKeys {
    fn default() -> EnKeys {
        EnKeys {
            short: ShortWords::with_slots(EN_KEYS_SLOTS),
            known: FxHashMap::default(),
            buf: String::new(),
        }
    }
}

impl EnKeys {
    /// Appends to `out` the key of each content word of `s` (`ascii`:
    /// whether it is ASCII); `intern` gives a stem its key (the stem shared
    /// with the thread's cache, so that keeping it costs no copy).
    ///
    /// A key is a function of the lower-case form alone, so a form met in
    /// both tables (a non-ASCII word that lower-cases to ASCII, "don’t")
    /// gets the same key from each.
    // (Out of line: measured fewer instructions than inlined in its caller.)
    #[inline(never)]
    pub(crate) fn keys(
        &mut self,
        s: &str,
        ascii: bool,
        intern: &mut dyn FnMut(&Arc<str>) -> u32,
        out: &mut Vec<u32>,
    ) {
        if ascii {
            self.ascii_keys(s, intern, out);
            return;
        }
        for w in en_words(s) {
            if w.is_ascii() && w.len() <= ShortWords::<()>::MAX_LEN {
                let packed = ShortWords::<()>::pack_lower(w.as_bytes());
                let slot = self.short.slot(packed);
                match self.short.get(slot) {
                    Some(&k) => out.extend(k),
                    None => self.new_short_word(slot, packed, w, intern, out),
                }
                continue;
            }
            self.long_word(w, intern, out);
        }
    }

    /// [`EnKeys::keys`] of ASCII text: the words of [`ascii_word`] found in
    /// one scan of the bytes (the text sliced only for a word new to the
    /// chunk), a short word's packed form read from the bytes at once
    /// ([`pack_ascii_word`]) and its key taken from the chunk's table in
    /// line (no call a word).
    fn ascii_keys(
        &mut self,
        s: &str,
        intern: &mut dyn FnMut(&Arc<str>) -> u32,
        out: &mut Vec<u32>,
    ) {
        let b = s.as_bytes();
        let mut i = 0;
        while let Some((from, to)) = ascii_word(&b[i..]) {
            let start = i + from;
            i += to;
            self.ascii_word_key(s, start, i, intern, out);
        }
    }

    /// Appends to `out` the key of the word `s[start..end]` of the ASCII
    /// text `s` (a word as [`ascii_word`] finds it), if it has one: a short
    /// word's from the chunk's table in line. (Also the fused scan of plain
    /// English sentences in the feature builder, which finds the words
    /// itself.)
    // (In line: a call a word costs more than the look-up of most words.)
    #[inline(always)]
    pub(crate) fn ascii_word_key(
        &mut self,
        s: &str,
        start: usize,
        end: usize,
        intern: &mut dyn FnMut(&Arc<str>) -> u32,
        out: &mut Vec<u32>,
    ) {
        let len = end - start;
        if len > ShortWords::<()>::MAX_LEN {
            self.long_word(&s[start..end], intern, out);
            return;
        }
        let packed = pack_ascii_word(s.as_bytes(), start, len);
        let slot = self.short.slot(packed);
        match self.short.get(slot) {
            Some(&Some(k)) => out.push(k),
            Some(None) => {}
            None => self.new_short_word(slot, packed, &s[start..end], intern, out),
        }
    }

    /// The key of the short ASCII word `w` (`packed`) new to the chunk's
    /// table, put in its free `slot`.
    fn new_short_word(
        &mut self,
        slot: usize,
        packed: u128,
        w: &str,
        intern: &mut dyn FnMut(&Arc<str>) -> u32,
        out: &mut Vec<u32>,
    ) {
        let k = short_key(packed, w, &mut self.buf, intern);
        self.short.insert(slot, packed, k);
        out.extend(k);
    }

    /// The key of any other word `w`, through the table of the other words.
    fn long_word(&mut self, w: &str, intern: &mut dyn FnMut(&Arc<str>) -> u32, out: &mut Vec<u32>) {
        lower_into(w, &mut self.buf);
        let key = match self.known.get(self.buf.as_str()) {
            Some(&k) => k,
            None => {
                let k = key_of(&self.buf, w, intern);
                self.known.insert(self.buf.clone(), k);
                k
            }
        };
        out.extend(key);
    }
}

/// [`ShortWords::pack_lower`] of the word `b[start..start + len]` of ASCII
/// text (letters, digits and apostrophes, 1 to 16 bytes), read as one or
/// two numbers from the 16 bytes at it when they are there (else byte by
/// byte): setting bit 5 of each byte lower-cases a capital and leaves a
/// small letter, a digit or an apostrophe as it is, which is what
/// `pack_lower` does to these bytes.
#[inline]
fn pack_ascii_word(b: &[u8], start: usize, len: usize) -> u128 {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let Some(w) = b.get(start..start + 16) else {
        return ShortWords::<()>::pack_lower(&b[start..start + len]);
    };
    let (lo, hi) = w.split_at(8);
    let lo = u64::from_le_bytes(lo.try_into().expect("8 bytes")) | LOWER;
    if len <= 8 {
        return u128::from(lo & (u64::MAX >> (8 * (8 - len))));
    }
    let hi = u64::from_le_bytes(hi.try_into().expect("8 bytes")) | LOWER;
    u128::from(lo) | (u128::from(hi & (u64::MAX >> (8 * (16 - len)))) << 64)
}

/// [`key_of`] of the short ASCII word `w` (`packed`, [`ShortWords::pack_lower`]),
/// its stem (or that it has none) found once per thread
/// ([`SHORT_STEMS`]): a chunk's table ([`EnKeys`]) starts empty, and most
/// of its words were met in the chunks before. `buf` is scratch.
fn short_key(
    packed: u128,
    w: &str,
    buf: &mut String,
    intern: &mut dyn FnMut(&Arc<str>) -> u32,
) -> Option<u32> {
    SHORT_STEMS.with(|cell| {
        let Ok(mut stems) = cell.try_borrow_mut() else {
            lower_into(w, buf);
            return key_of(buf, w, intern);
        };
        let slot = stems.slot(packed);
        if let Some(st) = stems.get(slot) {
            return st.as_ref().map(&mut *intern);
        }
        lower_into(w, buf);
        // What `key_of` does, with the stem kept.
        let stop = is_en_stop(buf) || w.chars().all(|c| c.is_ascii_digit());
        // (Stemmed here, not through [`STEMS`]: this table is the short
        // words' cache already: a word comes here once per thread until
        // it is full.)
        let st = (!stop).then(|| Arc::<str>::from(stem(buf).as_ref()));
        let k = st.as_ref().map(&mut *intern);
        // (A full table starts again, as the stem cache does.)
        let slot = if stems.used >= STEM_CACHE_MAX {
            *stems = ShortWords::with_slots(SHORT_STEMS_SLOTS);
            stems.slot(packed)
        } else {
            slot
        };
        stems.insert(slot, packed, st);
        k
    })
}

thread_local! {
    /// Short ASCII words (packed lower-case forms, [`ShortWords::pack_lower`])
    /// → their stems, `None` for a stop word or a number; per thread across
    /// calls, as [`STEMS`]. Bounded: cleared when full.
    // (Sized for a book's vocabulary, the Bible's 4,300 words, so that the
    // table does not grow four times on the way there.)
    static SHORT_STEMS: std::cell::RefCell<ShortWords<Option<Arc<str>>>> =
        std::cell::RefCell::new(ShortWords::with_slots(SHORT_STEMS_SLOTS));
}

/// The key of the word `w` (lower-case form `lower`): none for a stop word
/// or a pure number, else its stem's.
fn key_of(lower: &str, w: &str, intern: &mut dyn FnMut(&Arc<str>) -> u32) -> Option<u32> {
    let stop = is_en_stop(lower) || w.chars().all(|c| c.is_ascii_digit());
    (!stop).then(|| cached_stem(lower, |st| intern(st)))
}

/// Short ASCII words (lower case, packed into a number) → their values
/// (keys, stems): an open-addressing table with linear probing, at most
/// half full; comparing numbers, not strings.
struct ShortWords<V> {
    /// Packed word (0: free) and its value.
    slots: Vec<(u128, V)>,
    used: usize,
}

impl<V: Clone + Default> ShortWords<V> {
    /// An empty table of `n` slots (a power of two).
    fn with_slots(n: usize) -> ShortWords<V> {
        ShortWords {
            slots: vec![(0, V::default()); n],
            used: 0,
        }
    }
}

impl<V> ShortWords<V> {
    /// The longest word packed.
    const MAX_LEN: usize = 16;

    /// The lower-case form of the ASCII word `w` (1 to 16 bytes, no NUL),
    /// little-endian in a number: distinct words, distinct numbers, never 0.
    #[inline]
    fn pack_lower(w: &[u8]) -> u128 {
        w.iter().rev().fold(0u128, |x, &b| {
            let lower = b | (u8::from(b.is_ascii_uppercase()) << 5);
            (x << 8) | u128::from(lower)
        })
    }

    /// The slot of `packed`: where it is, or the free one where it goes.
    #[inline]
    fn slot(&self, packed: u128) -> usize {
        let mask = self.slots.len() - 1;
        let (lo, hi) = (packed as u64, (packed >> 64) as u64);
        let h = (lo ^ hi.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut i = (h >> 32) as usize & mask;
        loop {
            let k = self.slots[i].0;
            if k == packed || k == 0 {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The value in `slot`, when taken.
    #[inline]
    fn get(&self, slot: usize) -> Option<&V> {
        let (k, v) = &self.slots[slot];
        (*k != 0).then_some(v)
    }
}

impl<V: Clone + Default> ShortWords<V> {
    /// Puts `packed` with its value in the free `slot` (from [`Self::slot`]).
    fn insert(&mut self, slot: usize, packed: u128, value: V) {
        self.slots[slot] = (packed, value);
        self.used += 1;
        if self.used * 2 > self.slots.len() {
            let grown = vec![(0, V::default()); 2 * self.slots.len()];
            let old = std::mem::replace(&mut self.slots, grown);
            for (k, v) in old.into_iter().filter(|(k, _)| *k != 0) {
                let i = self.slot(k);
                self.slots[i] = (k, v);
            }
        }
    }
}

/// Stems cached per thread across calls (a document's chunks, a batch's
/// documents): Snowball costs about a microsecond a word. Bounded: cleared
/// when full.
const STEM_CACHE_MAX: usize = 1 << 16;

thread_local! {
    static STEMS: std::cell::RefCell<FxHashMap<String, Arc<str>>> =
        std::cell::RefCell::new(FxHashMap::default());
}

/// `f` of the stem of the lower-case word `lower`, through the thread's cache.
fn cached_stem<R>(lower: &str, f: impl FnOnce(&Arc<str>) -> R) -> R {
    STEMS.with(|cell| {
        let Ok(mut cache) = cell.try_borrow_mut() else {
            return f(&Arc::from(stem(lower).as_ref()));
        };
        if let Some(s) = cache.get(lower) {
            return f(s);
        }
        if cache.len() >= STEM_CACHE_MAX {
            cache.clear();
        }
        let st: Arc<str> = Arc::from(stem(lower).as_ref());
        let r = f(&st);
        cache.insert(lower.to_owned(), st);
        r
    })
}

/// English word tokens of `s` (see [`en_words`] for what a word is); the
/// reference for [`EnKeys`], which the aligner uses. Pure
/// numbers are flagged `stop`: the aligner anchors them separately.
#[cfg(test)]
pub(crate) fn en_tokens<'t>(s: &'t str, out: &mut Vec<EnToken<'t>>) {
    let mut buf = String::new();
    for w in en_words(s) {
        lower_into(w, &mut buf);
        let stem = stem(&buf).into_owned();
        let stop = is_en_stop(&buf) || w.chars().all(|c| c.is_ascii_digit());
        out.push(EnToken {
            raw: w,
            stem,
            capitalized: w.chars().next().is_some_and(char::is_uppercase),
            stop,
        });
    }
}

/// How the aligner finds the words of Chinese sentences, to look them up in
/// the lexicon. Set with
/// [`AlignerBuilder::chinese_tokenizer`](crate::AlignerBuilder::chinese_tokenizer).
///
/// Measured on MAC-Dev and the Bible (DESIGN notes in the README): both
/// find about 94 % of tokens in the lexicon; maximum matching gave slightly
/// higher alignment F1 (MAC-Dev strict 0.855 against 0.848 before later
/// tuning) and costs no start-up, where building jieba's dictionary costs
/// about 0.1 s once per process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ChineseTokenizer {
    /// Forward maximum matching over the lexicon's headwords (the default).
    #[default]
    Lexicon,
    /// jieba-rs with its own dictionary (no HMM), built once per process on
    /// first use; words the lexicon does not know are split into lexicon
    /// pieces.
    Jieba,
}

fn jieba() -> &'static jieba_rs::Jieba {
    static J: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    J.get_or_init(jieba_rs::Jieba::new)
}

/// Chinese content words of `s`, found by `seg`: runs of Han characters
/// only (Latin, digits, punctuation and space dropped), function words
/// ([`is_zh_stop`]) dropped, and words the lexicon does not know split into
/// the longest lexicon pieces, left to right, single characters last.
pub(crate) fn zh_tokens_with<'t>(
    seg: ChineseTokenizer,
    s: &'t str,
    lex: &Lexicon,
    out: &mut Vec<&'t str>,
) {
    for run in s.split(|c: char| !is_han(c)).filter(|r| !r.is_empty()) {
        match seg {
            ChineseTokenizer::Jieba => {
                for tok in jieba().cut(run, false) {
                    let w = tok.word;
                    if lex.lookup(w).is_some() {
                        push_zh(w, out);
                    } else {
                        max_match(w, lex, out);
                    }
                }
            }
            ChineseTokenizer::Lexicon => max_match(run, lex, out),
        }
    }
}

fn push_zh<'t>(w: &'t str, out: &mut Vec<&'t str>) {
    if !is_zh_stop(w) {
        out.push(w);
    }
}

/// Forward maximum matching of `run` against the lexicon's headwords: at
/// each point the longest headword there, else one character (so only
/// headwords of two characters or more are searched for). Each character is
/// decoded once: after a one-character token the next one starts with the
/// character decoded after it.
fn max_match<'t>(run: &'t str, lex: &Lexicon, out: &mut Vec<&'t str>) {
    let heads = lex.long_prefixes();
    let mut rest = run;
    let mut chars = rest.chars();
    let Some(mut c1) = chars.next() else {
        return;
    };
    loop {
        let c2 = chars.next();
        let first = c1.len_utf8();
        let take = c2
            .and_then(|c2| heads.longest(rest, c1, c2))
            .unwrap_or(first);
        // (A word of one character is a stop word or not, as
        // [`is_zh_stop`] has it, on the character already decoded.)
        if take > first || !is_zh_stop_char(c1) {
            out.push(&rest[..take]);
        }
        rest = &rest[take..];
        if take == first {
            match c2 {
                Some(c) => c1 = c,
                None => return,
            }
        } else {
            chars = rest.chars();
            match chars.next() {
                Some(c) => c1 = c,
                None => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The packed stop list answers as the list of strings.
    #[test]
    fn packed_stop_words() {
        assert!(EN_STOP_PACKED.windows(2).all(|w| w[0] < w[1]));
        let mut words: Vec<String> = EN_STOP.iter().map(|w| w.to_string()).collect();
        for w in EN_STOP {
            words.push(format!("{w}s"));
            words.push(format!("x{w}"));
            words.push(w[..w.len() - 1].to_string());
        }
        words.extend(
            [
                "",
                "abcdefgh",
                "abcdefghi",
                "havingxx",
                "havingxxx",
                "the\0",
            ]
            .map(String::from),
        );
        for w in &words {
            assert_eq!(
                is_en_stop(w),
                EN_STOP.binary_search(&w.as_str()).is_ok(),
                "{w:?}"
            );
        }
    }

    /// The table of one-character stop words knows them and only them.
    #[test]
    fn zh_stop_table_is_the_list() {
        for c in (0u32..=0x10_FFFF).filter_map(char::from_u32) {
            assert_eq!(is_zh_stop_char(c), ZH_STOP.contains(&c), "{c:?}");
        }
    }

    /// The packed irregular forms answer as the list of strings.
    #[test]
    fn packed_irregular_forms() {
        assert!(IRREGULAR_PACKED.windows(2).all(|w| w[0] < w[1]));
        let mut words: Vec<String> = Vec::new();
        for (w, _) in IRREGULAR {
            words.push(w.to_string());
            words.push(format!("{w}s"));
            words.push(format!("x{w}"));
            words.push(format!("{w}\0"));
            words.push(w[..w.len() - 1].to_string());
        }
        words.extend(["", "themselvesxxxxxx", "themselvesxxxxxxx"].map(String::from));
        for w in &words {
            let want = IRREGULAR
                .binary_search_by_key(&w.as_str(), |&(form, _)| form)
                .ok()
                .map(|k| IRREGULAR[k].1);
            assert_eq!(irregular_base(w), want, "{w:?}");
        }
    }

    #[test]
    fn stop_lists_are_sorted() {
        assert!(EN_STOP.windows(2).all(|w| w[0] < w[1]));
        assert!(IRREGULAR.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(ZH_STOP.windows(2).all(|w| w[0] < w[1]), "{ZH_STOP:?}");
    }

    #[test]
    fn english_keys_are_the_content_tokens() {
        let text = include_str!("../../fixtures/seeds/mnd-2022-english-news-with-web-junk.txt");
        let (mut keys, mut names) = (EnKeys::default(), Vec::<String>::new());
        for line in text.lines().chain([
            "Wasn't it 2023? The ARMIES' 3 armies!",
            "Don’t don't DON'T, Lü LU lu: internationalizations Internationalization’s",
            "abcdefghijklmnop abcdefghijklmnopq ABCDEFGHIJKLMNOP 0123456789012345",
        ]) {
            let mut got = Vec::new();
            keys.keys(
                line,
                line.is_ascii(),
                &mut |stem| match names.iter().position(|n| n == &**stem) {
                    Some(k) => k as u32,
                    None => {
                        names.push(stem.to_string());
                        names.len() as u32 - 1
                    }
                },
                &mut got,
            );
            let got: Vec<&str> = got.iter().map(|&k| names[k as usize].as_str()).collect();
            let mut toks = Vec::new();
            en_tokens(line, &mut toks);
            let want: Vec<&str> = toks
                .iter()
                .filter(|t| !t.stop)
                .map(|t| t.stem.as_str())
                .collect();
            assert_eq!(got, want, "{line}");
        }
        assert!(names.len() > 50);
    }

    /// A word packed from the bytes of its text is the word packed alone,
    /// wherever it is in the text (near the end, in a text under 16 bytes).
    #[test]
    fn ascii_words_pack_as_alone() {
        let text = include_str!("../../fixtures/seeds/mnd-2022-english-news-with-web-junk.txt");
        let mut texts: Vec<&str> = text.lines().filter(|l| l.is_ascii()).collect();
        texts.extend([
            "A",
            "Don't",
            "it's 2023",
            "ABCDEFGHIJKLMNOP",
            "x'y 0123456789012345",
        ]);
        let mut words = 0;
        for t in texts {
            let b = t.as_bytes();
            let mut rest = 0;
            while let Some((start, end)) = ascii_word(&b[rest..]) {
                let (start, end) = (rest + start, rest + end);
                if end - start <= ShortWords::<()>::MAX_LEN {
                    assert_eq!(
                        pack_ascii_word(b, start, end - start),
                        ShortWords::<()>::pack_lower(&b[start..end]),
                        "{t:?} {start}"
                    );
                    words += 1;
                }
                rest = end;
            }
        }
        assert!(words > 100);
    }

    /// The byte scan of ASCII text finds the words the character scan finds.
    #[test]
    fn ascii_words_are_the_character_words() {
        let by_chars = |s: &str| -> Vec<String> {
            let mut rest = s;
            let mut out = Vec::new();
            while let Some(start) = find_alnum(rest) {
                let end = start + word_end(&rest[start..]);
                out.push(rest[start..end].to_string());
                rest = &rest[end..];
            }
            out
        };
        let text = include_str!("../../fixtures/seeds/mnd-2022-english-news-with-web-junk.txt");
        let mut texts: Vec<String> = text
            .lines()
            .filter(|l| l.is_ascii())
            .map(String::from)
            .collect();
        let pieces = [
            "a", "Z", "0", "'", "''", " ", "-", "9'", "'x", "it's", "x'y'z", ".", "_",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        for t in &texts {
            let got: Vec<String> = en_words(t).map(String::from).collect();
            assert_eq!(got, by_chars(t), "{t:?}");
        }
    }

    #[test]
    fn english_words() {
        let w: Vec<&str> = en_words("China's head-of-state, don’t 'quote' 6.8 Y-20").collect();
        assert_eq!(
            w,
            ["China's", "head", "of", "state", "don’t", "quote", "6", "8", "Y", "20"]
        );
        assert_eq!(en_words("").count(), 0);
        assert_eq!(en_words("'' -- ’").count(), 0);
    }

    #[test]
    fn english_tokens() {
        let mut out = Vec::new();
        en_tokens("The Ministry's cooperation with China’s 2 armies", &mut out);
        let stems: Vec<&str> = out.iter().map(|t| t.stem.as_str()).collect();
        assert_eq!(
            stems,
            ["the", "ministri", "cooper", "with", "china", "2", "armi"]
        );
        let stop: Vec<bool> = out.iter().map(|t| t.stop).collect();
        assert_eq!(stop, [true, false, false, true, false, true, false]);
        assert!(out[0].capitalized && out[1].capitalized && !out[2].capitalized);
        assert_eq!(out[4].raw, "China’s");
    }
}

#[cfg(all(test, feature = "cedict"))]
mod zh_tests {
    use super::*;

    const SEED: &str = "12月25日下午,国防部举行例行记者会,国防部新闻发言人张晓刚大校答记者问。";

    #[test]
    fn chinese_tokens_of_a_seed_sentence() {
        let lex = Lexicon::builtin();
        let mut out = Vec::new();
        zh_tokens_with(ChineseTokenizer::Jieba, SEED, lex, &mut out);
        assert_eq!(
            out,
            [
                "月",
                "日",
                "下午",
                "国防部",
                "举行",
                "例行",
                "记者会",
                "国防部",
                "新闻",
                "发言人",
                "张",
                "晓",
                "刚",
                "大校",
                "答",
                "记者",
                "问"
            ]
        );
        // Every token is in the lexicon or a single character.
        assert!(out
            .iter()
            .all(|w| lex.lookup(w).is_some() || w.chars().count() == 1));
        // An unknown name comes out character by character (the aligner
        // joins them for pinyin). Maximum matching prefers the longest entry.
        let mut mm = Vec::new();
        zh_tokens_with(ChineseTokenizer::Lexicon, SEED, lex, &mut mm);
        assert_eq!(mm[..8], out[..8]);
        assert_eq!(mm[8], "新闻发言人");
        assert_eq!(mm[9..], out[10..]);
    }

    /// Maximum matching takes what the longest prefix of each point, or
    /// its first character, gives.
    #[test]
    fn max_match_is_the_longest_prefix_rule() {
        let lex = Lexicon::builtin();
        fn reference<'t>(lex: &Lexicon, run: &'t str) -> Vec<&'t str> {
            let mut out = Vec::new();
            let mut rest = run;
            while let Some(c) = rest.chars().next() {
                let take = lex.longest_prefix(rest).unwrap_or(0).max(c.len_utf8());
                push_zh(&rest[..take], &mut out);
                rest = &rest[take..];
            }
            out
        }
        let text = [
            SEED,
            include_str!("../../fixtures/seeds/mnd-2023-chinese-page-then-english-answer.txt"),
            include_str!("../../fixtures/seeds/mnd-2025-interleaved.txt"),
            "的了是中国人民解放军在那里的的",
        ]
        .concat();
        let mut runs = 0;
        for run in text.split(|c: char| !is_han(c)).filter(|r| !r.is_empty()) {
            let second = run.char_indices().nth(1).map_or(run.len(), |(i, _)| i);
            let third = run.char_indices().nth(2).map_or(run.len(), |(i, _)| i);
            for n in [run.len(), second, third] {
                let run = &run[..n];
                let mut got = Vec::new();
                max_match(run, lex, &mut got);
                assert_eq!(got, reference(lex, run), "{run}");
                runs += 1;
            }
        }
        assert!(runs > 100);
    }

    #[test]
    fn stop_words_and_non_han_dropped() {
        let lex = Lexicon::builtin();
        for seg in [ChineseTokenizer::Jieba, ChineseTokenizer::Lexicon] {
            let mut out = Vec::new();
            zh_tokens_with(seg, "这是X平台的2+2对话, 和 “歼-20”。", lex, &mut out);
            assert_eq!(out, ["平台", "对话", "歼"], "{seg:?}");
            out.clear();
            zh_tokens_with(seg, "", lex, &mut out);
            zh_tokens_with(seg, "abc 123 。！", lex, &mut out);
            assert!(out.is_empty());
        }
        let mut out = Vec::new();
        zh_tokens_with(
            ChineseTokenizer::Lexicon,
            "中国人民解放军",
            &Lexicon::empty(),
            &mut out,
        );
        assert_eq!(out.len(), 7);
    }
}
