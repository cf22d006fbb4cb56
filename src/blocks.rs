//! Splits a mixed document into paragraphs labelled Chinese, English or other.
//!
//! A paragraph is a non-empty line, trimmed of white space (including a byte-order mark,
//! `\r` of CRLF line ends and no-break spaces); in a hard-wrapped file, the lines of one
//! wrapped paragraph (`wrap.rs`: found from the lines' widths). Each gets a [`BlockKind`]:
//!
//! - **Chinese** when Han characters make up at least a quarter of its letters
//!   ([`han_share`](crate::script::han_share) ≥ 0.25): a Han character carries about as
//!   much as three Latin letters, so "开通X平台账号" and "中印(尼)“2+2”对话" are Chinese
//!   while an English sentence quoting "和平方舟" stays English. Also Chinese below that
//!   share when it holds two Han characters or more and Chinese sentence punctuation
//!   (。，、；：？！（）): technical Chinese quoting long English terms, commands and
//!   paths ("让用户建立 Software RAID (Redundant Array of Inexpensive Disks)。").
//! - **English** when Latin letters dominate.
//! - **Other** for text that has no counterpart to align with: lines without letters
//!   (only digits and punctuation), letters of other scripts, and web junk. Junk is found
//!   by general shapes first, a short phrase list second:
//!   - a run of three or more bullet lines ("- ", "• ", "* ", "·") whose items are short
//!     and headline-like (no sentence-final punctuation): a link list;
//!   - breadcrumbs ("Home » …", "首页 > …") and bylines ("by admin");
//!   - share widgets, "see also" links, cookie banners and comment boxes, matched by a
//!     few well-known phrases ([`JUNK_PHRASES`]) on short lines;
//!   - very short lines without sentence punctuation next to junk (a junk run).
//!
//! Titles and press-conference lines are content: they are long enough, or not next to
//! junk. The work is linear in the input (a 50 MB single line is read once or twice).

use crate::params;
use std::ops::Range;

mod code;
mod wrap;
pub(crate) use code::is_code;
pub(crate) use wrap::paragraphs;

use crate::script::{fold, han_share, is_han, is_latin};

/// What a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// Mostly Han text.
    Chinese,
    /// Mostly Latin text.
    English,
    /// Neither, or web junk that has no translation: never aligned.
    Other,
}

/// One paragraph of the input: its byte range (trimmed) and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    /// Byte range of the trimmed paragraph in the input.
    pub(crate) range: Range<usize>,
    /// Its label.
    pub(crate) kind: BlockKind,
}

/// Phrases of share widgets, link boxes, comment boxes and cookie banners, lower case.
/// Matched only in lines of at most [`params::JUNK_LINE_MAX`] bytes.
const JUNK_PHRASES: &[&str] = &[
    "分享到",
    "分享至朋友圈",
    "扫一扫",
    "打开微信",
    "轻触这里",
    "加载下一页",
    "返回顶部",
    "相关阅读",
    "you may also like",
    "leave a comment",
    "leave a reply",
    "related posts",
    "share this",
    "read more",
    "privacy policy",
    "all rights reserved",
];

/// Line starts that mark a link or a breadcrumb, lower case.
const JUNK_STARTS: &[&str] = &[
    "see also",
    "home »",
    "home >",
    "首页 >",
    "首页>",
    "当前位置",
];

/// What pass one found out about a line.
#[derive(Debug)]
struct Line {
    range: Range<usize>,
    kind: BlockKind,
    /// Code, a command, a path or a URL: `Other`, but no web junk to spread.
    code: bool,
    bullet: bool,
    headline: bool,
    short: bool,
    /// Holds Chinese or English letters, and more of them than of other scripts.
    letters: bool,
}

/// The paragraphs of `text` in order, labelled.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    labelled_lines(text)
        .into_iter()
        .map(|l| Block {
            range: l.range,
            kind: l.kind,
        })
        .collect()
}

/// What a paragraph of a mixed text is, as the aligner sees it: a language to
/// align, or one of the kinds of text it sets aside. Returned in
/// [`TextBlock`]s by [`text_blocks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TextKind {
    /// Chinese text, split into sentences and aligned.
    Chinese,
    /// English text, split into sentences and aligned.
    English,
    /// Web junk in either language: link and headline lists, breadcrumbs,
    /// bylines, share widgets, cookie banners, and the short lines around
    /// them. Never aligned.
    Junk,
    /// Code, a command, a path, a URL, or a program's output shown next to
    /// it. Never aligned.
    Code,
    /// Neither language: lines without letters (digits, punctuation) or in
    /// another script. Never aligned.
    Other,
}

/// One paragraph of a mixed text with what it is: see [`text_blocks`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    range: Range<usize>,
    kind: TextKind,
}

impl TextBlock {
    /// The paragraph's byte range in the text, trimmed of white space.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }

    /// What the paragraph is.
    pub fn kind(&self) -> TextKind {
        self.kind
    }
}

/// The paragraphs of a mixed text in order, each labelled as
/// [`Aligner::align_mixed`](crate::Aligner::align_mixed) labels it before
/// splitting: Chinese, English, or text it sets aside (junk, code, other).
/// For a reviewer's view of what was not aligned and why.
///
/// ```
/// use zhen_align::{text_blocks, TextKind};
///
/// let text = "国防部举行例行记者会。\n$ cargo build --release\nThe Ministry held a press conference.\n分享到：微信 微博\n";
/// let kinds: Vec<TextKind> = text_blocks(text).iter().map(|b| b.kind()).collect();
/// assert_eq!(kinds, [TextKind::Chinese, TextKind::Code, TextKind::English, TextKind::Junk]);
/// ```
pub fn text_blocks(text: &str) -> Vec<TextBlock> {
    labelled_lines(text)
        .into_iter()
        .map(|l| {
            let kind = match l.kind {
                BlockKind::Chinese => TextKind::Chinese,
                BlockKind::English => TextKind::English,
                BlockKind::Other if l.code => TextKind::Code,
                BlockKind::Other if l.letters => TextKind::Junk,
                BlockKind::Other => TextKind::Other,
            };
            TextBlock {
                range: l.range,
                kind,
            }
        })
        .collect()
}

/// The lines of `text` after every pass, with what each pass found.
fn labelled_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    for para in paragraphs(text) {
        let t = &text[para.clone()];
        let begin = para.start;
        for r in script_runs(t) {
            let piece = &t[r.clone()];
            lines.push(read_line(piece, begin + r.start..begin + r.end));
        }
    }
    mark_link_lists(&mut lines);
    mark_headline_runs(text, &mut lines);
    mark_repeats(text, &mut lines);
    spread_junk_runs(&mut lines);
    lines
}

/// Byte ranges (into `t`, trimmed) of the runs of whole sentences in one
/// script: a line that holds Chinese sentences and English sentences one
/// after the other (a page flattened onto one line) becomes one paragraph per
/// run. A line in one script, or with only words or codes of the other
/// ("X平台", a quoted Chinese name), stays whole. Linear in the line.
#[allow(clippy::single_range_in_vec_init)] // a list of ranges, here of one
fn script_runs(t: &str) -> Vec<Range<usize>> {
    let (mut han, mut latin) = (0usize, 0usize);
    for c in t.chars() {
        if is_han(c) {
            han += 1;
        } else if is_latin(c) {
            latin += 1;
        }
    }
    if han < params::MIXED_MIN_HAN || latin < params::MIXED_MIN_LATIN {
        return vec![0..t.len()];
    }
    // Sentence-like pieces: cut after 。！？!? (and '.' before a space or a
    // Han character), closing quotes and brackets kept with the piece.
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    let mut it = t.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let terminal = matches!(c, '。' | '！' | '？' | '!' | '?' | '.');
        if !terminal {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(k, q)) = it.peek() {
            if matches!(q, '”' | '’' | '"' | '\'' | '」' | '』' | ')' | '）' | '》') {
                end = k + q.len_utf8();
                it.next();
            } else {
                break;
            }
        }
        let next = it.peek().map(|&(_, q)| q);
        let cut = match next {
            None => true,
            Some(q) if c == '.' => q.is_whitespace() || is_han(q),
            Some(_) => true,
        };
        if cut {
            pieces.push(start..end);
            start = end;
        }
    }
    if start < t.len() {
        pieces.push(start..t.len());
    }
    // Group consecutive pieces by script.
    let mut runs: Vec<(Range<usize>, bool)> = Vec::new();
    for p in pieces {
        let text = &t[p.clone()];
        if text.trim().is_empty() {
            if let Some(last) = runs.last_mut() {
                last.0.end = p.end;
            }
            continue;
        }
        let zh = is_chinese(text);
        match runs.last_mut() {
            Some(last) if last.1 == zh => last.0.end = p.end,
            _ => runs.push((p, zh)),
        }
    }
    runs.into_iter()
        .map(|(r, _)| {
            let piece = &t[r.clone()];
            let lead = piece.len() - piece.trim_start_matches(is_blank).len();
            let trail = piece.len() - piece.trim_end_matches(is_blank).len();
            r.start + lead..r.end - trail
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// Whether text is Chinese: Han characters make up at least `ZH_HAN_SHARE` of its
/// letters, or it ends with a full-width sentence mark (。！？), or it holds at least
/// `ZH_MIN_HAN_WITH_PUNCT` Han characters and more Han characters than Latin words, or
/// Chinese sentence punctuation (。，、；：？！ and full-width brackets) — a sentence of a
/// technical text may hold more Latin than Han ("让用户建立 Software RAID (Redundant
/// Array of Inexpensive Disks)。"), but English text does not use those marks.
fn is_chinese(t: &str) -> bool {
    if han_share(t) >= params::ZH_HAN_SHARE {
        return true;
    }
    // A full-width sentence mark at the end is Chinese typesetting, which
    // English never uses: a short Latin-heavy Chinese line ("ext4。", the end
    // of a wrapped Chinese sentence) is Chinese.
    if t.trim_end().ends_with(['。', '！', '？']) {
        return true;
    }
    let han = t.chars().filter(|&c| is_han(c)).count();
    if han < params::ZH_MIN_HAN_WITH_PUNCT {
        return false;
    }
    // Han characters outnumber the Latin words: a Han character stands for
    // about one morpheme, as an English word does, so Chinese quoting English
    // terms ("在 Linux 或 macOS 上安装 rustup") has more characters than quoted
    // words, and English quoting a Chinese name has more words.
    let mut words = 0;
    let mut in_word = false;
    for c in t.chars() {
        let latin = is_latin(c);
        words += usize::from(latin && !in_word);
        in_word = latin;
    }
    han > words
        || t.chars().any(|c| {
            matches!(
                c,
                '。' | '，' | '、' | '；' | '：' | '？' | '！' | '（' | '）'
            )
        })
}

/// White space for trimming paragraphs: Unicode white space and the byte-order mark.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// Pass one: the kind of a trimmed, non-empty line `t` at `range`, by itself.
fn read_line(t: &str, range: Range<usize>) -> Line {
    let (mut han, mut latin, mut other, mut chars) = (0usize, 0usize, 0usize, 0usize);
    for c in t.chars() {
        chars += 1;
        if is_han(c) {
            han += 1;
        } else if is_latin(c) {
            latin += 1;
        } else if c.is_alphabetic() {
            other += 1;
        }
    }
    let item = bullet_item(t);
    let bullet = item.is_some();
    let body = item.unwrap_or(t);
    let final_punct = ends_sentence(body);
    let headline = !final_punct && body.chars().count() <= params::HEADLINE_MAX_CHARS;
    let short = !final_punct && chars <= params::SHORT_LINE_MAX_CHARS;
    let code = is_code(t);
    let letters = han + latin > 0 && other <= han + latin;
    let kind = if !letters || is_junk(t) || code {
        BlockKind::Other
    } else if is_chinese(t) {
        BlockKind::Chinese
    } else {
        BlockKind::English
    };
    Line {
        range,
        kind,
        code,
        bullet,
        headline,
        short,
        letters,
    }
}

/// The text after a bullet marker ("- ", "• ", "* ", "·"), or `None` if `t` is no list item.
fn bullet_item(t: &str) -> Option<&str> {
    let mut it = t.chars();
    let first = it.next()?;
    let rest = it.as_str();
    match first {
        '-' | '*' | '+' | '–' if rest.starts_with(char::is_whitespace) => Some(rest.trim_start()),
        '•' | '·' | '・' | '▪' | '◦' | '●' | '■' | '►' | '‣' | '○' | '□' => {
            Some(rest.trim_start())
        }
        _ => None,
    }
}

/// True when `t` ends with sentence-final punctuation (closing quotes and brackets skipped).
fn ends_sentence(t: &str) -> bool {
    let last = t.chars().rev().find(|c| {
        !matches!(
            c,
            '”' | '’' | '"' | '\'' | ')' | '）' | '」' | '』' | '》' | ']' | '】'
        )
    });
    matches!(
        last,
        Some('。' | '.' | '!' | '?' | '！' | '？' | '…' | ';' | '；')
    )
}

/// True for web junk recognizable in the line by itself.
fn is_junk(t: &str) -> bool {
    if t.len() > params::JUNK_LINE_MAX {
        return false;
    }
    let f = fold(t);
    if JUNK_STARTS.iter().any(|p| f.starts_with(p)) || JUNK_PHRASES.iter().any(|p| f.contains(p)) {
        return true;
    }
    // Breadcrumbs: "News » World » …".
    if f.matches('»').count() >= 2 {
        return true;
    }
    // Cookie banners.
    if f.contains("cookie")
        && ["website", "site", "accept", "policy", "consent"]
            .iter()
            .any(|w| f.contains(w))
    {
        return true;
    }
    // Bylines: "by admin", "By John Smith" (no sentence punctuation).
    if let Some(rest) = f.strip_prefix("by ") {
        return rest.split_whitespace().count() <= 3 && !ends_sentence(t);
    }
    false
}

/// Pass two: in a run of at least [`params::LINK_LIST_MIN`] bullet lines, the headline-like
/// items are a link list: `Other`.
fn mark_link_lists(lines: &mut [Line]) {
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].bullet {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lines[i].bullet {
            i += 1;
        }
        if i - start >= params::LINK_LIST_MIN {
            for l in &mut lines[start..i] {
                if l.headline {
                    l.kind = BlockKind::Other;
                }
            }
        }
    }
}

/// Pass: a run of at least [`params::HEADLINE_RUN_MIN`] headline-like lines
/// (short, no sentence-final mark) of one language on consecutive lines (no
/// blank line between) is a list of links without bullet marks (a news site's
/// headline list, a menu): `Other`. A heading of a document stands alone,
/// followed by its text, and a translated list alternates languages or
/// follows its original as a whole, with sentences around it.
fn mark_headline_runs(text: &str, lines: &mut [Line]) {
    let next_line = |a: &Line, b: &Line| {
        text.get(a.range.end..b.range.start)
            .is_some_and(|gap| gap.matches('\n').count() == 1)
    };
    let mut i = 0;
    while i < lines.len() {
        let kind = lines[i].kind;
        if !lines[i].headline || lines[i].bullet || kind == BlockKind::Other {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < lines.len()
            && lines[i].headline
            && !lines[i].bullet
            && lines[i].kind == kind
            && next_line(&lines[i - 1], &lines[i])
        {
            i += 1;
        }
        if i - start >= params::HEADLINE_RUN_MIN {
            for l in &mut lines[start..i] {
                l.kind = BlockKind::Other;
            }
        }
    }
}

/// Pass: a short English line found verbatim more than once, one copy next
/// to code (a command, a program), is that program's output ("Hello, world!"
/// after `$ ./main`): in a mixed technical text the same session stands in the
/// Chinese part and in the English part, and its output is no sentence of a
/// translation. All copies become `Other`, as code.
fn mark_repeats(text: &str, lines: &mut [Line]) {
    let candidate =
        |l: &Line| l.kind == BlockKind::English && l.range.len() <= params::REPEAT_MAX_BYTES;
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for l in lines.iter().filter(|l| candidate(l)) {
        *seen.entry(&text[l.range.clone()]).or_default() += 1;
    }
    // Repeated texts of which one copy stands next to code: all copies go.
    let mut output: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for i in 0..lines.len() {
        let near_code = (i > 0 && lines[i - 1].code) || lines.get(i + 1).is_some_and(|l| l.code);
        let t = &text[lines[i].range.clone()];
        if near_code && candidate(&lines[i]) && seen.get(t).is_some_and(|&n| n > 1) {
            output.insert(t);
        }
    }
    for l in lines.iter_mut() {
        if candidate(l) && output.contains(&text[l.range.clone()]) {
            l.kind = BlockKind::Other;
            l.code = true;
        }
    }
}

/// Pass three: very short lines without sentence punctuation that touch junk become
/// junk too, in both directions (so a run of them next to a share widget goes).
fn spread_junk_runs(lines: &mut [Line]) {
    // Code is no junk: the short line before a command ("In PowerShell, use:")
    // is text.
    let junk = |l: &Line| l.kind == BlockKind::Other && !l.code;
    for i in 1..lines.len() {
        if junk(&lines[i - 1]) && lines[i].short {
            lines[i].kind = BlockKind::Other;
        }
    }
    for i in (1..lines.len()).rev() {
        if junk(&lines[i]) && lines[i - 1].short {
            lines[i - 1].kind = BlockKind::Other;
        }
    }
}

#[cfg(test)]
mod mixed_line_tests {
    use super::*;

    #[test]
    fn text_blocks_say_why_text_is_set_aside() {
        let t = "首页 > 新闻 > 国防部\n国防部举行例行记者会。\n2023-12-28 15:30\n$ ./main\nThe Ministry held a press conference.\nПривет мир\n";
        let got: Vec<(&str, TextKind)> = text_blocks(t)
            .iter()
            .map(|b| (&t[b.range()], b.kind()))
            .collect();
        assert_eq!(
            got,
            [
                ("首页 > 新闻 > 国防部", TextKind::Junk),
                ("国防部举行例行记者会。", TextKind::Chinese),
                ("2023-12-28 15:30", TextKind::Other),
                ("$ ./main", TextKind::Code),
                ("The Ministry held a press conference.", TextKind::English),
                ("Привет мир", TextKind::Other),
            ]
        );
        // The same labels as the aligner's own blocks.
        let inner: Vec<BlockKind> = blocks(t).iter().map(|b| b.kind).collect();
        let outer: Vec<BlockKind> = text_blocks(t)
            .iter()
            .map(|b| match b.kind() {
                TextKind::Chinese => BlockKind::Chinese,
                TextKind::English => BlockKind::English,
                _ => BlockKind::Other,
            })
            .collect();
        assert_eq!(inner, outer);
    }

    #[test]
    fn a_flattened_page_splits_into_script_runs() {
        let t = "国防部举行例行记者会。发言人答记者问。The Ministry of National Defense held a press conference. The spokesperson answered questions. 中国军队始终致力于维护世界和平。";
        let b = blocks(t);
        let kinds: Vec<BlockKind> = b.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [BlockKind::Chinese, BlockKind::English, BlockKind::Chinese]
        );
        assert_eq!(&t[b[1].range.clone()], "The Ministry of National Defense held a press conference. The spokesperson answered questions.");
    }

    #[test]
    fn codes_and_quoted_words_do_not_split_a_line() {
        for t in [
            "国防部新闻发布增频扩容,开通X平台账号,让更多海外受众直观了解中国军队。中英两军领导举行双边会谈。",
            "The word 和平 means peace. It is written with two characters, and people say it often in speeches about the world.",
        ] {
            assert_eq!(blocks(t).len(), 1, "{t}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlockKind::{Chinese as Z, English as E, Other as O};

    /// The (text, kind) pairs of `text`'s blocks.
    fn kinds(text: &str) -> Vec<(&str, BlockKind)> {
        blocks(text)
            .into_iter()
            .map(|b| (&text[b.range], b.kind))
            .collect()
    }

    fn only_kinds(text: &str) -> Vec<BlockKind> {
        blocks(text).into_iter().map(|b| b.kind).collect()
    }

    const SEED_2022: &str =
        include_str!("../fixtures/seeds/mnd-2022-english-news-with-web-junk.txt");
    const SEED_2023_ZH: &str =
        include_str!("../fixtures/seeds/mnd-2023-chinese-page-then-english-answer.txt");
    const SEED_2024: &str =
        include_str!("../fixtures/seeds/mnd-2024-english-with-chinese-headlines.txt");
    const SEED_2025: &str = include_str!("../fixtures/seeds/mnd-2025-interleaved.txt");
    const SEED_2023_EN: &str = include_str!("../fixtures/seeds/mnd-2023-english-only.txt");

    #[test]
    fn seed_2023_chinese_page_then_english_answer() {
        let got = kinds(SEED_2023_ZH);
        let want = [
            Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, E, E, E, E, E, E, E, O, O, O, O, O,
        ];
        assert_eq!(only_kinds(SEED_2023_ZH), want, "{got:#?}");
        assert_eq!(got[0].0, "国防部:全面推进国际军事合作提质增效");
        assert!(got[1].0.starts_with("来源:国防部网"));
        assert!(got[11].0.starts_with("Wu Qian: The year 2023"));
        assert_eq!(got[18].0, "轻触这里,加载下一页");
        assert_eq!(got[22].0, "使用“扫一扫”即可将网页分享至朋友圈。");
    }

    #[test]
    fn seed_2024_headline_list_is_other() {
        let got = kinds(SEED_2024);
        assert_eq!(got.len(), 20);
        assert!(got[..4].iter().all(|&(_, k)| k == E), "{got:#?}");
        assert!(got[4..].iter().all(|&(_, k)| k == O), "{got:#?}");
    }

    #[test]
    fn seed_2025_interleaved() {
        let got = kinds(SEED_2025);
        assert_eq!(only_kinds(SEED_2025), [Z, E, Z, Z, E, Z, E], "{got:#?}");
        assert!(got[1].0.starts_with("MND: China's Military Diplomacy"));
    }

    #[test]
    fn seed_2022_web_junk() {
        let got = kinds(SEED_2022);
        let other: Vec<&str> = got.iter().filter(|b| b.1 == O).map(|b| b.0).collect();
        assert!(got.iter().all(|b| b.1 != Z), "{got:#?}");
        for junk in [
            "Home » For the sake",
            "by admin",
            "See also\u{a0} Speed Skating",
            "See also\u{a0} Cesena",
            "You may also like",
            "Leave a Comment",
            "This website uses cookies",
            "Privacy & Cookies Policy",
        ] {
            assert!(
                other.iter().any(|o| o.starts_with(junk)),
                "{junk:?} not Other: {other:#?}"
            );
        }
        assert!(got
            .iter()
            .any(|b| b.1 == E && b.0.starts_with("For the sake of peace")));
        assert!(got
            .iter()
            .any(|b| b.1 == E && b.0.starts_with("Xinhua News Agency")));
    }

    #[test]
    fn seed_2023_english_only() {
        assert!(only_kinds(SEED_2023_EN).iter().all(|&k| k == E));
    }

    #[test]
    fn chinese_dense_with_latin_terms_is_chinese() {
        let text = "让用户建立 Software RAID (Redundant Array of Inexpensive Disks)。\n\
                    IPv4 通过 DHCP (Dynamic Host Configuration Protocol)进行自动配置，无需手动设置。\n\
                    Let users create Software RAID (Redundant Array of Inexpensive Disks).\n\
                    The term 和平方舟 (Peace Ark) names the hospital ship.\n\
                    在 Linux 或 macOS 上安装 `rustup`\n\
                    ext4。\n";
        assert_eq!(only_kinds(text), [Z, Z, E, E, Z, Z]);
    }

    #[test]
    fn mixed_script_lines() {
        assert_eq!(only_kinds("开通X平台账号"), [Z]);
        assert_eq!(
            only_kinds("中印(尼)举行外长防长“2+2”对话机制首次部长级会议"),
            [Z]
        );
        assert_eq!(
            only_kinds("The PLAN hospital ship “和平方舟” (Peace Ark) visited Kiribati."),
            [E]
        );
        assert_eq!(only_kinds("2023-12-28 16:16:45\n***\n—— · ——"), [O, O, O]);
        assert_eq!(only_kinds("Привет, как дела?"), [O]);
    }

    #[test]
    fn ranges_crlf_bom_nbsp() {
        let text = "\u{FEFF}标题\r\n\r\n\u{a0} Title line.\u{a0}\r\n";
        let got = kinds(text);
        assert_eq!(got, [("标题", Z), ("Title line.", E)]);
        assert_eq!(kinds(""), []);
        assert_eq!(kinds("\n\n \r\n"), []);
    }

    #[test]
    fn short_bullet_runs_are_content() {
        // Two items are not a link list; full sentences are not headlines.
        let text = "- 第一条。\n- 第二条\n正文。\n• One point.\n• Two points.\n• Three points.";
        assert_eq!(only_kinds(text), [Z, Z, Z, E, E, E]);
        // Blank lines do not break a link list.
        assert_eq!(only_kinds("- 新闻一\n\n- 新闻二\n\n- 新闻三\n"), [O, O, O]);
    }

    #[test]
    fn headline_lists_without_bullets_are_other() {
        let list = "国防部举行例行记者会。发言人回答了记者的提问，介绍了近期工作。\n\
                    中老举行联合演习\n\
                    海军医院船完成任务返回\n\
                    空军开放日活动在长春举行\n\
                    国防部新闻发言人答记者问\n\
                    The spokesperson answered questions from reporters.\n";
        assert_eq!(only_kinds(list), [Z, O, O, O, O, E]);
        // Headings standing alone, or a short list of three, are content.
        let doc = "安装\n第一步是安装 Rust。\n更新与卸载\n更新很简单。\n一\n二\n三\n";
        assert_eq!(only_kinds(doc), [Z, Z, Z, Z, Z, Z, Z]);
        // Blank lines between them: paragraphs, not a link list.
        assert_eq!(
            only_kinds(
                "中老举行联合演习\n\n海军医院船完成任务\n\n空军开放日活动\n\n新闻发言人答问\n"
            ),
            [Z, Z, Z, Z]
        );
    }

    #[test]
    fn generated_inputs_keep_ranges() {
        let alphabet: Vec<char> = "- •·\n\r\u{feff}\u{a0}中国aB.。»>分享到by 1"
            .chars()
            .collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3_000 {
            let mut s = String::new();
            for _ in 0..(seed % 30) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            seed = seed.wrapping_add(0x9e37_79b9);
            let mut last = 0;
            for b in blocks(&s) {
                let t = s.get(b.range.clone()).expect("range on char boundaries");
                assert!(
                    b.range.start >= last && !t.is_empty() && !t.contains('\n'),
                    "{s:?}"
                );
                assert_eq!(t.trim_matches(is_blank), t, "{s:?}");
                last = b.range.end;
            }
        }
    }

    #[test]
    fn long_single_line_is_linear() {
        let mut text = "中国军队".repeat(2_000_000);
        text.push_str(" end");
        let got = blocks(&text);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].kind, Z);
        assert_eq!(got[0].range, 0..text.len());
    }
}
