//! The numbers and Latin codes a sentence shares with its translation:
//! "2023年" and "The year 2023", "百分之七十" and "70%", "运-20" and "Y-20",
//! "上合组织 (SCO)" and "SCO". Each becomes a short key (`"2023"`, `"70"`,
//! `"20"`, `"SCO"`) that the features compare as plain strings.

use crate::script::{nfkc_chars, CharSlots};

/// Normalized keys of the numbers and Latin codes in `s` (shared by both sides of a translation),
/// appended to `out` in the order they occur; duplicates are kept.
///
/// - Arabic numbers keep their digits, without thousands separators, sign or unit:
///   "2023年" → `2023`, "6.8" → `6.8`, "70%" → `70`, "1,000" → `1000`, "运-20" → `20`.
/// - Chinese numerals are converted: "二〇二三" → `2023`, "三十四" → `34`, "第十届" → `10`,
///   "百分之七十" → `70`. A lone "一" counts only after 第 or before a counter (一是, 一次).
/// - Latin codes: upper-case words of two or more letters (`SCO`, `UN`, `ADMM+`, a plural
///   "UNPKOs" → `UNPKO`), single capitals other than "A" and "I" ("X平台" → `X`), and
///   letter–digit codes without their hyphens ("Y-20" → `Y20`, plus the number `20`).
/// - English number words and ordinals: "two" → `2`, "thirty-four" → `34`, "tenth" → `10`,
///   "Thirdly" → `3`.
///
/// Linear in the length of `s`; never panics.
/// `ascii`: whether `s` is ASCII (known to the caller); `chars` is scratch
/// (its contents are replaced).
pub(crate) fn number_keys(s: &str, ascii: bool, chars: &mut Vec<char>, out: &mut Vec<String>) {
    if ascii {
        // NFKC leaves ASCII alone and every character is one byte: the scan
        // runs on the bytes themselves (most English sentences), without
        // widening them to `char`s first.
        scan_ascii(s.as_bytes(), out);
        return;
    }
    chars.clear();
    if !plain_chars(s, chars) {
        chars.clear();
        nfkc_chars(s, chars);
    } else if chars.is_empty() {
        // No letter, digit or numeral: no key (most Chinese sentences).
        return;
    }
    scan(&chars[..], out);
}

/// When every character of `s` is one whose NFKC form is itself or one
/// ASCII character (ASCII, the common CJK ideographs, full-width ASCII
/// forms, the commonest Chinese punctuation) and none combines with its
/// neighbours, true with `chars` set to the characters of NFKC(`s`) (what
/// [`nfkc_chars`] gives), or left empty when none of them is an ASCII
/// letter or digit or a Chinese numeral (then `s` has no key: the scan
/// starts a key only at one of those). False (`chars` undefined) for any
/// other character: NFKC is then left to [`nfkc_chars`].
///
/// One pass that decodes each character once, and for a Chinese sentence
/// without numbers (most of them) builds nothing.
// (Out of line: measured fewer instructions than inlined in its caller.)
#[inline(never)]
fn plain_chars(s: &str, chars: &mut Vec<char>) -> bool {
    let mut cs = s.chars();
    // First the characters that start no key, kept nowhere.
    let mut seen = 0usize;
    for c in cs.by_ref() {
        match plain_char(c) {
            Some(false) => seen += 1,
            Some(true) => {
                // From the first that may start a key on, all are kept.
                chars.reserve(s.len());
                chars.extend(s.chars().take(seen).map(narrow_plain));
                chars.push(narrow_plain(c));
                for c in cs.by_ref() {
                    if plain_char(c).is_none() {
                        return false;
                    }
                    chars.push(narrow_plain(c));
                }
                return true;
            }
            None => return false,
        }
    }
    true
}

/// For a character [`plain_chars`] accepts, whether it may start a key
/// (an ASCII letter or digit, after NFKC, or a Chinese numeral); `None`
/// for the others.
#[inline(always)]
fn plain_char(c: char) -> Option<bool> {
    let u = c as u32;
    Some(match u {
        0x4E00..=0x9FFF | 0x3400..=0x4DBF => is_zh_numeral_code(u),
        0..=0x7F => ASCII_CLASS[u as usize] != 0,
        // Full-width ASCII forms: NFKC makes them their ASCII character.
        0xFF01..=0xFF5E => ASCII_CLASS[(u - 0xFEE0) as usize] != 0,
        // 、 。 “ ” ‘ ’ 《 》: NFKC leaves them alone; they combine with nothing.
        0x3001 | 0x3002 | 0x201C | 0x201D | 0x2018 | 0x2019 | 0x300A | 0x300B => false,
        _ => return None,
    })
}

/// The NFKC form of a character [`plain_chars`] accepts: a full-width ASCII
/// form's ASCII character, else itself.
#[inline(always)]
fn narrow_plain(c: char) -> char {
    match c as u32 {
        u @ 0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Classes of bytes for [`scan_ascii`].
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;

/// [`LOWER`], [`UPPER`], [`DIGIT`] or 0 of each byte.
const ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            0
        };
        b += 1;
    }
    t
};

/// [`scan`] of ASCII text, the common word (letters, not all capitals, then
/// neither a digit nor a hyphen) read in a tight loop over a table of byte
/// classes; anything else by the general functions, from the word's start.
// (Out of line: measured fewer instructions than inlined in its caller.)
#[inline(never)]
fn scan_ascii(b: &[u8], out: &mut Vec<String>) {
    let n = b.len();
    let mut i = 0;
    while i < n {
        let k = ASCII_CLASS[usize::from(b[i])];
        if k == 0 {
            i += 1;
            continue;
        }
        if k == DIGIT {
            i = arabic_number(b, i, out);
            continue;
        }
        let start = i;
        i += 1;
        while i < n && ASCII_CLASS[usize::from(b[i])] & (LOWER | UPPER) != 0 {
            i += 1;
        }
        i = letter_run(b, start, i, out);
    }
}

/// The keys of the run of ASCII letters `b[start..end]` (all of them: no
/// letter before or after it) as [`scan_ascii`] reads it; returns where
/// the scan goes on (`end`, or past what [`latin_word`] reads after it).
/// Also the fused scan of plain English sentences in the feature builder,
/// which finds the letter runs itself.
// (In line: a call a word costs more than the tests of the common word.)
#[inline(always)]
pub(crate) fn letter_run(b: &[u8], start: usize, end: usize, out: &mut Vec<String>) -> usize {
    debug_assert!(b[start..end].iter().all(u8::is_ascii_alphabetic));
    let next = b.get(end).copied().unwrap_or(0);
    // Not all capitals and no plural of an acronym ("UNPKOs": one small
    // letter, the final s) when the last two letters are small, or the
    // only one is: then only a number word can come of it. Else (rare:
    // "I", "LORD") the count of capitals decides, in `latin_word`.
    let (first, last) = (b[start], b[end - 1]);
    let small_end =
        last.is_ascii_lowercase() && (end - start == 1 || b[end - 2].is_ascii_lowercase());
    if !small_end || next == b'-' || next.is_ascii_digit() {
        return latin_word(b, start, out);
    }
    // (A '+' after the word is skipped next as any sign is: no key
    // starts at it.)
    let len = end - start;
    if may_be_number_word(first, last, len) {
        push_number_word(&b[start..end], out);
    }
    end
}

/// Pushes the value of the word `w` (ASCII letters, either case) if it is a
/// number word ([`number_word`]).
// (Out of line: few words pass the filter before it.)
#[inline(never)]
fn push_number_word(w: &[u8], out: &mut Vec<String>) {
    let mut buf = [0u8; NUMBER_WORD_MAX];
    for (d, &c) in buf.iter_mut().zip(w) {
        *d = c.to_ascii_lowercase();
    }
    if let Some(v) = number_word(&buf[..w.len()]) {
        out.push(v.to_string());
    }
}

/// The words [`number_word`] reads (and, when of five letters or more,
/// the same with "ly").
const NUMBER_WORDS: [&str; 59] = [
    "zero",
    "one",
    "first",
    "two",
    "second",
    "three",
    "third",
    "four",
    "fourth",
    "five",
    "fifth",
    "six",
    "sixth",
    "seven",
    "seventh",
    "eight",
    "eighth",
    "nine",
    "ninth",
    "ten",
    "tenth",
    "eleven",
    "eleventh",
    "twelve",
    "twelfth",
    "thirteen",
    "thirteenth",
    "fourteen",
    "fourteenth",
    "fifteen",
    "fifteenth",
    "sixteen",
    "sixteenth",
    "seventeen",
    "seventeenth",
    "eighteen",
    "eighteenth",
    "nineteen",
    "nineteenth",
    "twenty",
    "twentieth",
    "thirty",
    "thirtieth",
    "forty",
    "fortieth",
    "fifty",
    "fiftieth",
    "sixty",
    "sixtieth",
    "seventy",
    "seventieth",
    "eighty",
    "eightieth",
    "ninety",
    "ninetieth",
    "hundred",
    "hundredth",
    "thousand",
    "thousandth",
];

/// Per initial letter and length of a word [`number_word`] reads, the last
/// letters it may have: a filter that lets through every number word and
/// few other words. A letter is told by its low five bits, the same in
/// either case (1 for 'a' to 26 for 'z'): its row, and its bit in a row.
const NUMBER_WORD_ENDS: [[u32; NUMBER_WORD_MAX + 1]; 32] = {
    let mut t = [[0u32; NUMBER_WORD_MAX + 1]; 32];
    let mut i = 0;
    while i < NUMBER_WORDS.len() {
        let w = NUMBER_WORDS[i].as_bytes();
        let (f, n) = ((w[0] & 31) as usize, w.len());
        t[f][n] |= 1 << (w[n - 1] & 31);
        if n >= 5 {
            t[f][n + 2] |= 1 << (b'y' & 31);
        }
        i += 1;
    }
    t
};

/// False when the ASCII word of `len` letters from `first` to `last` (either
/// case; both letters) is no number word ([`NUMBER_WORD_ENDS`]).
#[inline]
fn may_be_number_word(first: u8, last: u8, len: usize) -> bool {
    debug_assert!(first.is_ascii_alphabetic() && last.is_ascii_alphabetic());
    len <= NUMBER_WORD_MAX
        && (NUMBER_WORD_ENDS[usize::from(first & 31)][len] >> (last & 31)) & 1 == 1
}

/// A character of the text [`number_keys`] scans: a `char`, or a byte of
/// ASCII text (the same character, one byte each). The scan is written once
/// for both; on bytes the Chinese tests fold away.
trait Unit: Copy + PartialEq {
    /// The character.
    fn c(self) -> char;
    /// The text as `char`s, when it is.
    fn as_chars(s: &[Self]) -> Option<&[char]>;
}

impl Unit for u8 {
    #[inline(always)]
    fn c(self) -> char {
        char::from(self)
    }
    fn as_chars(_: &[u8]) -> Option<&[char]> {
        None
    }
}

impl Unit for char {
    #[inline(always)]
    fn c(self) -> char {
        self
    }
    fn as_chars(s: &[char]) -> Option<&[char]> {
        Some(s)
    }
}

/// [`number_keys`] on the normalized characters.
fn scan<T: Unit>(chars: &[T], out: &mut Vec<String>) {
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i].c();
        if c.is_ascii_digit() {
            i = arabic_number(chars, i, out);
        } else if c.is_ascii_alphabetic() {
            i = latin_word(chars, i, out);
        } else if is_zh_numeral(c) {
            // (百分之 "per cent" starts with 百, a numeral.) Never on bytes:
            // the numerals are not ASCII.
            i = match T::as_chars(chars) {
                Some(chars) => chinese_number(chars, i, out),
                None => i + 1,
            };
        } else {
            i += 1;
        }
    }
}

/// The character at `chars[i]`, if any.
#[inline(always)]
fn at<T: Unit>(chars: &[T], i: usize) -> Option<char> {
    chars.get(i).map(|u| u.c())
}

/// True when `chars[i..]` starts with `pat`.
fn starts_with(chars: &[char], i: usize, pat: &[char]) -> bool {
    chars.get(i..i + pat.len()) == Some(pat)
}

/// Reads the Arabic number starting at `chars[i]` (a digit), pushes its key, returns the
/// index after it (and after a Latin suffix such as "th" in "20th").
fn arabic_number<T: Unit>(chars: &[T], mut i: usize, out: &mut Vec<String>) -> usize {
    let mut key = String::new();
    loop {
        while let Some(c) = at(chars, i).filter(char::is_ascii_digit) {
            key.push(c);
            i += 1;
        }
        let next = at(chars, i);
        let after = at(chars, i + 1);
        match (next, after) {
            // Decimal point: "6.8", "8.98".
            (Some('.'), Some(d)) if d.is_ascii_digit() && !key.contains('.') => {
                key.push('.');
                i += 1;
            }
            // Thousands separator: "1,000" (exactly three digits follow).
            (Some(','), Some(_)) if !key.contains('.') && thousands_group(chars, i + 1) => {
                i += 1;
            }
            _ => break,
        }
    }
    // "20th", "2nd": an ordinal suffix belongs to the number.
    while at(chars, i).is_some_and(|c| c.is_ascii_lowercase()) {
        i += 1;
    }
    out.push(canonical_number(&key));
    i
}

/// True when exactly three ASCII digits start at `chars[i]`.
fn thousands_group<T: Unit>(chars: &[T], i: usize) -> bool {
    (i..i + 3).all(|j| at(chars, j).is_some_and(|c| c.is_ascii_digit()))
        && !at(chars, i + 3).is_some_and(|c| c.is_ascii_digit())
}

/// Drops leading zeros of the integer part ("007" → "7", "0.5" stays).
fn canonical_number(key: &str) -> String {
    let trimmed = key.trim_start_matches('0');
    if trimmed.is_empty() || trimmed.starts_with('.') {
        format!("0{trimmed}")
    } else {
        trimmed.to_owned()
    }
}

/// Reads the Latin word (ASCII letters, digits, inner hyphens, a trailing '+') starting at
/// `chars[i]`, pushes its keys, returns the index after it.
fn latin_word<T: Unit>(chars: &[T], start: usize, out: &mut Vec<String>) -> usize {
    // The common case first, in a tight loop: a word of letters not all
    // capitals ("the", "Moses"), which ends at neither a digit nor a hyphen
    // (the word would go on, or might). Only a number word can come of it.
    let mut i = start;
    let mut upper = 0usize;
    while let Some(c) = at(chars, i).filter(char::is_ascii_alphabetic) {
        upper += usize::from(c.is_ascii_uppercase());
        i += 1;
    }
    let len = i - start;
    let acronym_plural = len >= 3 && chars[i - 1].c() == 's' && upper == len - 1;
    if upper < len
        && !acronym_plural
        && !at(chars, i).is_some_and(|c| c.is_ascii_digit() || c == '-')
    {
        let word = &chars[start..i];
        if (3..=NUMBER_WORD_MAX).contains(&len)
            && is_number_initial(word[0].c().to_ascii_lowercase())
        {
            let mut buf = [0u8; NUMBER_WORD_MAX];
            for (b, c) in buf.iter_mut().zip(word) {
                *b = c.c().to_ascii_lowercase() as u8;
            }
            if let Some(v) = number_word(&buf[..len]) {
                out.push(v.to_string());
            }
        }
        let plus =
            at(chars, i) == Some('+') && !at(chars, i + 1).is_some_and(|c| c.is_ascii_digit());
        return if plus { i + 1 } else { i };
    }
    // Anything else from the start again.
    let mut i = start;
    // In the same pass: whether the word is letters only, its capitals, and its
    // first 16 letters in lower case.
    let (mut letters_only, mut upper) = (true, 0usize);
    let mut buf = [0u8; 16];
    while let Some(c) = at(chars, i) {
        if c.is_ascii_alphabetic() {
            upper += usize::from(c.is_ascii_uppercase());
            if let Some(b) = buf.get_mut(i - start) {
                *b = c.to_ascii_lowercase() as u8;
            }
        } else if c.is_ascii_digit()
            || (c == '-'
                && i > start
                && at(chars, i + 1).is_some_and(|c| c.is_ascii_alphanumeric()))
        {
            letters_only = false;
        } else {
            break;
        }
        i += 1;
    }
    let plus = at(chars, i) == Some('+') && !at(chars, i + 1).is_some_and(|c| c.is_ascii_digit());
    // The common case, a word of letters not all capitals ("the", "Moses"):
    // only a number word can come of it; no allocation.
    let len = i - start;
    if letters_only {
        let acronym_plural = len >= 3 && chars[i - 1].c() == 's' && upper == len - 1;
        if upper < len && !acronym_plural {
            if len <= buf.len() {
                if let Some(v) = number_word(&buf[..len]) {
                    out.push(v.to_string());
                }
            }
            return if plus { i + 1 } else { i };
        }
        if upper == len && len >= 2 {
            // Capitals only ("LORD", "UN"): the word is its key (with its
            // '+'), built at once, as the general case below builds it.
            let mut key = String::with_capacity(len + usize::from(plus));
            key.extend(chars[start..i].iter().map(|u| u.c()));
            if plus {
                key.push('+');
                i += 1;
            }
            out.push(key);
            return i;
        }
    }
    let word: String = chars[start..i]
        .iter()
        .map(|u| u.c())
        .filter(|&c| c != '-')
        .collect();
    let letters: String = word.chars().filter(char::is_ascii_alphabetic).collect();
    let has_digit = word.chars().any(|c| c.is_ascii_digit());
    let all_upper = letters.chars().all(|c| c.is_ascii_uppercase());
    if has_digit {
        // Letter–digit code ("Y20", "F35", "COVID19") when its letters are capitals.
        if all_upper && letters.len() <= 5 {
            out.push(word.clone());
        }
        // Its numbers in any case: "Unity-2023" → 2023, "Y-20" → 20.
        let mut j = start;
        while j < i {
            if chars[j].c().is_ascii_digit() {
                j = arabic_number(&chars[..i], j, out);
            } else {
                j += 1;
            }
        }
        return i;
    }
    if all_upper && (letters.len() >= 2 || !matches!(letters.as_str(), "A" | "I")) {
        let mut key = word;
        if plus {
            key.push('+');
        }
        out.push(key);
    } else if letters.len() >= 3
        && letters.ends_with('s')
        && letters[..letters.len() - 1]
            .chars()
            .all(|c| c.is_ascii_uppercase())
    {
        // Plural of an acronym: "UNPKOs" → "UNPKO".
        out.push(letters[..letters.len() - 1].to_owned());
    } else if let Some(v) = english_number(&word.to_ascii_lowercase(), chars, start, i) {
        out.push(v.to_string());
    }
    if plus {
        i += 1;
    }
    i
}

/// The value of an English number word or ordinal (`lower` has no hyphens); a hyphenated
/// compound ("thirty-four") is read from `chars[start..end]`.
fn english_number<T: Unit>(lower: &str, chars: &[T], start: usize, end: usize) -> Option<u64> {
    let text: String = chars[start..end]
        .iter()
        .map(|u| u.c())
        .collect::<String>()
        .to_ascii_lowercase();
    if text.contains('-') {
        let mut parts = text.split('-');
        let (tens, ones) = (parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let t = number_word(tens.as_bytes())?;
        let o = number_word(ones.as_bytes())?;
        return (t % 10 == 0 && (20..=90).contains(&t) && (1..=9).contains(&o)).then_some(t + o);
    }
    number_word(lower.as_bytes())
}

/// The longest word [`number_word`] reads ("seventeenthly"); the shortest
/// has three letters.
const NUMBER_WORD_MAX: usize = 13;

/// Whether an English number word can start with `c` (z, o, f, t, s, e, n, h).
#[inline]
fn is_number_initial(c: char) -> bool {
    matches!(c, 'e' | 'f' | 'h' | 'n' | 'o' | 's' | 't' | 'z')
}

/// The value of one English number word (its bytes), cardinal, ordinal or "-ly" adverb
/// ("thirdly"). Called for most English words, so a `match` (dispatched on length and bytes), not a
/// search through a list.
fn number_word(w: &[u8]) -> Option<u64> {
    if !(3..=NUMBER_WORD_MAX).contains(&w.len()) || !is_number_initial(char::from(w[0])) {
        return None;
    }
    let w = w.strip_suffix(b"ly").filter(|s| s.len() >= 5).unwrap_or(w);
    Some(match w {
        b"zero" => 0,
        b"one" | b"first" => 1,
        b"two" | b"second" => 2,
        b"three" | b"third" => 3,
        b"four" | b"fourth" => 4,
        b"five" | b"fifth" => 5,
        b"six" | b"sixth" => 6,
        b"seven" | b"seventh" => 7,
        b"eight" | b"eighth" => 8,
        b"nine" | b"ninth" => 9,
        b"ten" | b"tenth" => 10,
        b"eleven" | b"eleventh" => 11,
        b"twelve" | b"twelfth" => 12,
        b"thirteen" | b"thirteenth" => 13,
        b"fourteen" | b"fourteenth" => 14,
        b"fifteen" | b"fifteenth" => 15,
        b"sixteen" | b"sixteenth" => 16,
        b"seventeen" | b"seventeenth" => 17,
        b"eighteen" | b"eighteenth" => 18,
        b"nineteen" | b"nineteenth" => 19,
        b"twenty" | b"twentieth" => 20,
        b"thirty" | b"thirtieth" => 30,
        b"forty" | b"fortieth" => 40,
        b"fifty" | b"fiftieth" => 50,
        b"sixty" | b"sixtieth" => 60,
        b"seventy" | b"seventieth" => 70,
        b"eighty" | b"eightieth" => 80,
        b"ninety" | b"ninetieth" => 90,
        b"hundred" | b"hundredth" => 100,
        b"thousand" | b"thousandth" => 1000,
        _ => return None,
    })
}

/// True for the characters of Chinese numerals (digits, units, 〇/零, 两).
fn is_zh_numeral(c: char) -> bool {
    is_zh_numeral_code(c as u32)
}

/// [`is_zh_numeral`] of a code point: one slot of a table with a slot for
/// each numeral (a multiplicative hash that puts the 17 in distinct slots).
#[inline(always)]
fn is_zh_numeral_code(u: u32) -> bool {
    ZH_NUMERAL_SET.contains(u)
}

/// The characters of [`ZH_NUMERALS`], each in a slot of its own.
const ZH_NUMERAL_SET: CharSlots = CharSlots::new(&ZH_NUMERALS, 0x7311_D8A3);

/// The characters [`zh_digit`] and [`zh_unit`] know.
const ZH_NUMERALS: [char; 17] = [
    '〇', '零', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万',
    '亿',
];

/// The value of a Chinese digit.
fn zh_digit(c: char) -> Option<u64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The value of a Chinese unit.
fn zh_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

/// Counters and words after which a lone "一" is a number ("一是", "一次", "一届").
const ONE_FOLLOWERS: &str = "是届次号年月日个项名国艘架人位天周批轮期";

/// Reads the Chinese numeral starting at `chars[start]`, pushes its key when it is one,
/// returns the index after it.
fn chinese_number(chars: &[char], start: usize, out: &mut Vec<String>) -> usize {
    let mut i = start;
    let percent = starts_with(chars, i, &['百', '分', '之']);
    if percent {
        i += 3;
    }
    let begin = i;
    // Bounded: a numeral longer than 32 characters is not a number anyone writes.
    while i < chars.len() && i - begin < 32 && is_zh_numeral(chars[i]) {
        i += 1;
    }
    if i == begin {
        return i.max(start + 1);
    }
    let run = &chars[begin..i];
    // Units alone are multipliers of an Arabic number ("8.98万") or words ("百年"); "十" is ten.
    if run[0] != '十' && run.iter().all(|&c| zh_digit(c).is_none()) {
        return i;
    }
    if run == ['一'] {
        let ordinal = begin > 0 && chars[begin - 1] == '第';
        let counter = chars.get(i).is_some_and(|c| ONE_FOLLOWERS.contains(*c));
        if !(ordinal || counter || percent) {
            return i;
        }
    }
    if let Some(v) = zh_value(run) {
        out.push(v.to_string());
    }
    i
}

/// The value of a run of Chinese numeral characters: digit by digit when it has no units
/// ("二〇二三" → 2023), else positional ("三十四" → 34, "一万二千" → 12000).
fn zh_value(run: &[char]) -> Option<u64> {
    if run.iter().all(|&c| zh_digit(c).is_some()) {
        if run.len() == 1 {
            return zh_digit(run[0]);
        }
        let mut v: u64 = 0;
        for &c in run {
            v = v.checked_mul(10)?.checked_add(zh_digit(c)?)?;
        }
        return Some(v);
    }
    let (mut total, mut section, mut digit): (u64, u64, Option<u64>) = (0, 0, None);
    for &c in run {
        if let Some(d) = zh_digit(c) {
            digit = Some(d);
        } else if let Some(u) = zh_unit(c) {
            if u >= 10_000 {
                let part = section.checked_add(digit.unwrap_or(0))?;
                let part = if part == 0 { 1 } else { part };
                total = total.checked_add(part.checked_mul(u)?)?;
                section = 0;
            } else {
                // "十" alone means one ten.
                section = section.checked_add(digit.unwrap_or(1).checked_mul(u)?)?;
            }
            digit = None;
        }
    }
    total.checked_add(section)?.checked_add(digit.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{fold, han_share, is_han, is_latin, nfkc};

    /// One step of a xorshift generator (test strings without a crate).
    fn step(seed: &mut u64) {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
    }

    fn keys(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        number_keys(s, s.is_ascii(), &mut Vec::new(), &mut out);
        out
    }

    #[test]
    fn han_and_latin() {
        assert!(is_han('中') && is_han('〇') && !is_han('a') && !is_han('。'));
        assert!(is_latin('a') && is_latin('é') && !is_latin('中') && !is_latin('1'));
        assert_eq!(han_share("X平台"), 2.0 / 3.0);
        assert_eq!(han_share("2+2"), 0.0);
    }

    #[test]
    fn normalization() {
        assert_eq!(nfkc("２０２３年ＡＢ"), "2023年AB");
        assert_eq!(fold("ＳＣＯ Forum"), "sco forum");
    }

    #[test]
    fn arabic_numbers() {
        assert_eq!(keys("2023年"), ["2023"]);
        assert_eq!(keys("6.8级地震"), ["6.8"]);
        assert_eq!(keys("70%"), ["70"]);
        assert_eq!(keys("1,000 troops, 2 ships"), ["1000", "2"]);
        assert_eq!(keys("the 20th CPC"), ["20", "CPC"]);
        assert_eq!(keys("8.98万起"), ["8.98"]);
        assert_eq!(keys("２０２３"), ["2023"]);
        assert_eq!(keys("2+2"), ["2", "2"]);
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(keys("二〇二三年"), ["2023"]);
        assert_eq!(keys("三十四项"), ["34"]);
        assert_eq!(keys("第十届"), ["10"]);
        assert_eq!(keys("百分之七十"), ["70"]);
        assert_eq!(keys("5国"), ["5"]);
        assert_eq!(keys("一是"), ["1"]);
        assert_eq!(keys("统一"), Vec::<String>::new());
        assert_eq!(keys("二十大"), ["20"]);
        assert_eq!(keys("一万二千"), ["12000"]);
        assert_eq!(keys("一百年"), ["100"]);
        assert_eq!(keys("十"), ["10"]);
    }

    #[test]
    fn codes() {
        assert_eq!(keys("Y-20"), ["Y20", "20"]);
        assert_eq!(keys("运-20"), ["20"]);
        assert_eq!(keys("X平台"), ["X"]);
        assert_eq!(keys("SCO, UN and the CMC"), ["SCO", "UN", "CMC"]);
        assert_eq!(keys("(ADMM+)"), ["ADMM+"]);
        assert_eq!(keys("UNPKOs"), ["UNPKO"]);
        assert_eq!(keys("Beibu Unity-2023"), ["2023"]);
        assert_eq!(keys("A plan I like"), Vec::<String>::new());
    }

    #[test]
    fn english_words() {
        assert_eq!(keys("two ships"), ["2"]);
        assert_eq!(keys("the tenth forum"), ["10"]);
        assert_eq!(keys("Thirdly, we"), ["3"]);
        assert_eq!(keys("thirty-four exercises"), ["34"]);
        assert_eq!(keys("First,"), ["1"]);
        assert_eq!(keys("the fortieth"), ["40"]);
    }

    /// The length and initial filter of `number_word` lets every number word through.
    #[test]
    fn number_words_pass_the_filter() {
        let words = "zero one first two second three third four fourth five fifth six sixth \
            seven seventh eight eighth nine ninth ten tenth eleven eleventh twelve twelfth \
            thirteen thirteenth fourteen fourteenth fifteen fifteenth sixteen sixteenth \
            seventeen seventeenth eighteen eighteenth nineteen nineteenth twenty twentieth \
            thirty thirtieth forty fortieth fifty fiftieth sixty sixtieth seventy seventieth \
            eighty eightieth ninety ninetieth hundred hundredth thousand thousandth";
        assert_eq!(words.split_whitespace().collect::<Vec<_>>(), NUMBER_WORDS);
        for w in words.split_whitespace() {
            assert!(number_word(w.as_bytes()).is_some(), "{w}");
            let (f, l) = (w.as_bytes()[0], w.as_bytes()[w.len() - 1]);
            assert!(may_be_number_word(f, l, w.len()), "{w}");
            let upper = w.to_ascii_uppercase();
            let u = upper.as_bytes();
            assert!(may_be_number_word(u[0], u[u.len() - 1], w.len()), "{w}");
            if w.len() >= 5 {
                assert!(may_be_number_word(f, b'y', w.len() + 2), "{w}");
            }
            let ly = format!("{w}ly");
            assert_eq!(number_word(ly.as_bytes()).is_some(), w.len() >= 5, "{ly}");
            let cap = format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..]);
            assert_eq!(keys(&format!("the {cap}, ")), keys(&format!("the {w}, ")));
        }
    }

    /// `is_zh_numeral` (its table) knows the numerals and only them, and
    /// they are those the matches know.
    #[test]
    fn zh_numerals_pass_the_filter() {
        for c in (0u32..=0x10_FFFF).filter_map(char::from_u32) {
            let known = zh_digit(c).is_some() || zh_unit(c).is_some();
            assert_eq!(is_zh_numeral(c), known, "{c:?}");
            assert_eq!(ZH_NUMERALS.contains(&c), known, "{c:?}");
        }
    }

    /// The reference: the scan of the whole NFKC form, character by character.
    fn reference(s: &str) -> Vec<String> {
        let (mut chars, mut out) = (Vec::new(), Vec::new());
        nfkc_chars(s, &mut chars);
        scan(&chars[..], &mut out);
        out
    }

    /// The short cuts (the byte scan of ASCII text, the plain characters of
    /// Chinese text, sentences with nothing to read) give the reference's
    /// keys: on the seed texts, line by line, and on generated strings.
    #[test]
    fn short_cuts_are_the_reference() {
        let texts = [
            include_str!("../../fixtures/seeds/mnd-2022-english-news-with-web-junk.txt"),
            include_str!("../../fixtures/seeds/mnd-2023-chinese-page-then-english-answer.txt"),
            include_str!("../../fixtures/seeds/mnd-2023-english-only.txt"),
            include_str!("../../fixtures/seeds/mnd-2024-english-with-chinese-headlines.txt"),
            include_str!("../../fixtures/seeds/mnd-2025-interleaved.txt"),
        ];
        let mut lines = 0;
        for line in texts.iter().flat_map(|t| t.lines()) {
            assert_eq!(keys(line), reference(line), "{line:?}");
            lines += 1;
        }
        assert!(lines > 100);
        let alphabet: Vec<char> =
            "0123456789.,+-%一二十百千万亿〇两零第百分之是次AaYXsOoTtEeNnLlIiRrWwHhUuFfVv \
             -+，。？！（）、“”‘’《》０１ＡＺａｚ…\u{301}\u{3000}é神说ⅫⅣ①中·𠀀"
                .chars()
                .collect();
        let words = [
            "two",
            "Twenty",
            "thirty-four",
            "Thirdly",
            "seventeenthly",
            "UNPKOs",
            "ADMM+",
            "Y-20",
            "COVID-19",
            "LORD",
            "I",
            "A",
            "the",
            "Hundred",
            "thousandth",
            "ninety-nine",
            "Ss",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..40_000 {
            let mut s = String::new();
            for _ in 0..(seed % 32) {
                step(&mut seed);
                if seed % 5 == 0 {
                    s.push_str(words[(seed / 5 % words.len() as u64) as usize]);
                } else {
                    s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
                }
            }
            seed = seed.wrapping_add(0x9e37_79b9);
            assert_eq!(keys(&s), reference(&s), "{s:?}");
        }
    }

    #[test]
    fn never_panics() {
        for s in [
            "",
            "-",
            "+",
            "百分之",
            "第",
            "1,",
            "1.",
            "1,00",
            "九九九九九九九九九九九九九九九九九九九九九九九九",
            "亿亿亿亿亿亿亿亿亿亿",
            "a-",
            "-a",
            "\u{0}\u{10FFFF}",
            "é1",
            "1.2.3",
            "Ⅻ",
            "①②",
        ] {
            keys(s);
        }
        // Generated strings over digits, numerals, letters and signs.
        let alphabet: Vec<char> = "0123456789.,+-%一二十百千万亿〇两零第百分之是AaYXs -"
            .chars()
            .collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5_000 {
            let mut s = String::new();
            for _ in 0..(seed % 24) {
                step(&mut seed);
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            seed = seed.wrapping_add(0x9e37_79b9);
            keys(&s);
        }
    }
}
