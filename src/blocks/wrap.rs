//! Hard-wrapped text: finding that a file's lines were wrapped at a fixed
//! width, and joining the lines of each paragraph back into one.
//!
//! A wrapping tool (`fmt`, a mailer, a plain-text export) breaks a paragraph
//! into lines of nearly the same width wherever the next word does not fit, so
//! most lines end mid-sentence; paragraphs are then told apart by blank lines
//! (or by a short last line). Aligned line by line, such a file gives
//! fragments (`如果需要知道` ↔ `If you need to know on which installation image
//! to find a`), so the lines of a paragraph are joined first.
//!
//! A file is wrapped when, in display columns (Han and full-width characters
//! count two), its lines have a common width in [`params::WRAP_WIDTH`] that at
//! most [`params::WRAP_OVER_SHARE`] of them exceed, enough of them are
//! *filled* (the next line's first word would not have fitted after them,
//! [`params::WRAP_TOLERANCE`]) and most filled lines read as broken
//! mid-sentence ([`params::WRAP_MIN_BROKEN_SHARE`]).
//! Then a line is joined to the next when it is filled, the next is no list
//! item, and both are in the same script (a Chinese line does not go on in
//! English: interleaved layouts stay apart). Joined paragraphs keep their line
//! breaks in the text (spans still point into it); the sentence splitters see
//! them as spaces, and a pair's text drops a break between two Chinese
//! characters and makes any other one a space.

use std::ops::Range;

use crate::params;
use crate::script::is_han;

/// Display width of a character in a fixed-width font: two columns for Han,
/// kana, Hangul and full-width forms, one for the rest.
fn columns(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// Width in columns of a line (its end trimmed).
fn width(line: &str) -> usize {
    line.trim_end().chars().map(columns).sum()
}

/// Whether a line is written in Chinese for the purpose of joining: it holds a
/// Han character or a full-width Chinese mark ("ext4。", the end of a wrapped
/// Chinese sentence, has only the mark).
fn chinese_like(line: &str) -> bool {
    line.chars().any(|c| {
        is_han(c)
            || matches!(
                c,
                '。' | '，'
                    | '、'
                    | '；'
                    | '：'
                    | '？'
                    | '！'
                    | '（'
                    | '）'
                    | '《'
                    | '》'
                    | '「'
                    | '」'
            )
    })
}

/// Whether a line ends a sentence (closing quotes and brackets skipped).
fn ends_sentence(line: &str) -> bool {
    let last = line.trim_end().chars().rev().find(|c| {
        !matches!(
            c,
            '”' | '’' | '"' | '\'' | ')' | '）' | '」' | '』' | '》' | ']' | '】'
        )
    });
    matches!(
        last,
        Some('。' | '.' | '!' | '?' | '！' | '？' | '…' | ':' | '：')
    )
}

/// Whether a line is a list item (bullet or number), which starts a new line
/// of its own even in a wrapped file.
fn list_item(line: &str) -> bool {
    let t = line.trim_start();
    let mut it = t.chars();
    match it.next() {
        Some('-' | '*' | '+' | '–') => it.next().is_some_and(char::is_whitespace),
        Some(
            '•' | '·' | '・' | '▪' | '◦' | '●' | '■' | '►' | '‣' | '○' | '□' | '$' | '#' | '>',
        ) => true,
        Some(c) if c.is_ascii_digit() => {
            let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(". ") || rest.starts_with(") ") || rest.starts_with('、')
        }
        _ => false,
    }
}

/// Closing marks that a Chinese line may not start with (a wrapping tool
/// moves the character before them down too).
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '】'
            | '”'
            | '’'
    )
}

/// White space a line may break at: not the no-break spaces (U+00A0,
/// U+2007, U+202F), which wrapping tools keep with the words around them.
fn breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// Columns the start of a line needed on the line before: its first
/// unbreakable piece, up to the first space or the first point between two
/// wide (Chinese) characters where a line may break (not before a closing
/// mark); and whether the two lines meet without a space (a wide start).
fn lead_width(line: &str) -> (usize, bool) {
    let t = line.trim_start_matches(breaking_space);
    let mut w = 0;
    let mut prev_wide = false;
    for c in t.chars() {
        let wide = columns(c) == 2;
        if breaking_space(c) || (w > 0 && prev_wide && wide && !is_closing(c)) {
            break;
        }
        w += columns(c);
        prev_wide = wide;
    }
    (w, t.chars().next().is_some_and(|c| columns(c) == 2))
}

/// Whether `line` (of `w` columns) was broken by a tool wrapping at `width`:
/// `next`'s first word would not have fitted after it.
fn filled(line: &str, w: usize, next: &str, width: usize) -> bool {
    if w > width {
        return false;
    }
    let (lead, tight) = lead_width(next);
    let cjk_end = line
        .trim_end()
        .chars()
        .last()
        .is_some_and(|c| columns(c) == 2);
    let gap = usize::from(!(tight || cjk_end));
    w + gap + lead + params::WRAP_TOLERANCE > width
}

/// The wrap width of `text` when its lines are hard-wrapped, else `None`.
/// Linear in the text (a counting sort of the widths).
pub(crate) fn wrap_width(text: &str) -> Option<usize> {
    let (lo, hi) = params::WRAP_WIDTH;
    // Non-empty lines, their widths, and whether a non-empty line follows.
    let raw: Vec<&str> = text.split('\n').collect();
    let lines: Vec<(&str, usize, Option<&str>)> = raw
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, &l)| {
            let next = raw.get(i + 1).copied().filter(|n| !n.trim().is_empty());
            (l, width(l), next)
        })
        .collect();
    if lines.len() <= params::WRAP_MIN_FILLED {
        return None;
    }
    // The narrowest width that at most WRAP_OVER_SHARE of the lines exceed.
    let mut count = vec![0usize; hi + 2];
    for &(_, w, _) in &lines {
        count[w.min(hi + 1)] += 1;
    }
    let allowed = (lines.len() as f64 * params::WRAP_OVER_SHARE).floor() as usize;
    let mut over = 0;
    let mut w = hi + 1;
    while w > 0 && over + count[w] <= allowed {
        over += count[w];
        w -= 1;
    }
    if !(lo..=hi).contains(&w) {
        return None;
    }
    let (mut n_filled, mut broken, mut latin, mut lower) = (0usize, 0usize, 0usize, 0usize);
    for &(l, lw, next) in &lines {
        let Some(next) = next.filter(|&n| filled(l, lw, n, w)) else {
            continue;
        };
        n_filled += 1;
        let first = next.trim_start().chars().next();
        let next_lower = first.is_some_and(char::is_lowercase);
        if !ends_sentence(l) || next_lower {
            broken += 1;
        }
        // English lines broken without a mark: do they go on in lower case?
        if !ends_sentence(l)
            && !chinese_like(l)
            && first.is_some_and(|c| c.is_alphabetic() && !is_han(c))
        {
            latin += 1;
            lower += usize::from(next_lower);
        }
    }
    let enough = n_filled >= params::WRAP_MIN_FILLED
        && n_filled as f64 >= params::WRAP_MIN_FILLED_SHARE * lines.len() as f64;
    let broken_enough = broken as f64 >= params::WRAP_MIN_BROKEN_SHARE * n_filled as f64;
    // Wrapped prose goes on mid-sentence, in lower case; a list of
    // capitalized headlines of even length does not.
    let goes_on = latin == 0 || lower * 2 >= latin;
    (enough && broken_enough && goes_on).then_some(w)
}

/// The paragraphs of `text`: byte ranges, each trimmed of white space (and the
/// byte-order mark). Each non-empty line is one, unless the file is
/// hard-wrapped ([`wrap_width`]): then the lines of a wrapped paragraph make
/// one range, which holds their line breaks. A line goes on in the next when
/// it is filled, the next is no list item and both are in the same script.
pub(crate) fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let width = wrap_width(text);
    let mut out: Vec<Range<usize>> = Vec::new();
    // The last line, when the range may go on with the next.
    let mut open: Option<&str> = None;
    let mut pos = 0;
    for raw in text.split('\n') {
        let start = pos;
        pos += raw.len() + 1;
        let t = raw.trim_start_matches(super::is_blank);
        let lead = raw.len() - t.len();
        let t = t.trim_end_matches(super::is_blank);
        if t.is_empty() {
            open = None;
            continue;
        }
        let range = start + lead..start + lead + t.len();
        let joined = match (open, width, out.last_mut()) {
            (Some(prev), Some(w), Some(last))
                if filled(prev, self::width(prev), t, w)
                    && chinese_like(prev) == chinese_like(t)
                    && !list_item(t) =>
            {
                last.end = range.end;
                true
            }
            _ => false,
        };
        if !joined {
            out.push(range);
        }
        open = width.map(|_| raw);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<String> {
        paragraphs(text)
            .into_iter()
            .map(|r| text[r].replace('\n', "|"))
            .collect()
    }

    const EN: &str = "\
If you need to know on which installation image to find a package, or you
want to install from a local copy, read the section about installation
sources before you start.

The installer checks the media first. This takes a few minutes and can be
skipped from the boot menu.

Short last paragraph.
";

    #[test]
    fn wrapped_english_lines_are_joined() {
        assert_eq!(wrap_width(EN), Some(73));
        assert_eq!(
            paras(EN),
            [
                "If you need to know on which installation image to find a package, or you|want to install from a local copy, read the section about installation|sources before you start.",
                "The installer checks the media first. This takes a few minutes and can be|skipped from the boot menu.",
                "Short last paragraph.",
            ]
        );
    }

    #[test]
    fn wrapped_chinese_lines_are_joined_and_stay_apart_from_english() {
        let text = "\
如果需要知道某个软件包在哪个安装镜像中，或者想从本地副本安装，请在开始
之前阅读有关安装源的章节。安装程序首先检查介质，这需要几分钟，可以在引
导菜单中跳过。安装完成以后，系统会自动重新启动，默认使用的文件系统类型是
ext4。
If you need to know on which installation image to find a package, or you
want to install from a local copy, read the section about installation
sources before you start.
";
        assert_eq!(
            paras(text),
            [
                "如果需要知道某个软件包在哪个安装镜像中，或者想从本地副本安装，请在开始|之前阅读有关安装源的章节。安装程序首先检查介质，这需要几分钟，可以在引|导菜单中跳过。安装完成以后，系统会自动重新启动，默认使用的文件系统类型是|ext4。",
                "If you need to know on which installation image to find a package, or you|want to install from a local copy, read the section about installation|sources before you start.",
            ]
        );
    }

    #[test]
    fn unwrapped_texts_keep_one_paragraph_a_line() {
        // Paragraphs of any length, one a line.
        let long = "The Ministry of National Defense held a regular press conference on Thursday afternoon, and the spokesperson answered questions.";
        let text = format!("{long}\nA short line.\n{long}\n{long}\n");
        assert_eq!(wrap_width(&text), None);
        // A list of even, capitalized headlines is no wrapped text.
        let list = "\
China and Laos hold joint exercise on counter terrorism in the border area
Defense ministers meet in Beijing to discuss cooperation in the new year
Navy hospital ship Peace Ark returns home after a five month mission abroad
Air force opens its first flight academy for female pilots in the country
";
        assert_eq!(wrap_width(list), None);
        // Too few lines to tell.
        assert_eq!(wrap_width("one line\nanother line\n"), None);
        assert_eq!(paras("a\n\n b \r\n"), ["a", "b"]);
    }

    #[test]
    fn list_items_and_commands_start_their_own_line() {
        let text = "\
Before you install, make sure that the following packages are present on the
system, and that the network is configured so that the repositories can be
reached from the machine that you are going to install the software on:
- the kernel headers for the running kernel, which the driver is built with
$ sudo dnf install kernel-devel
";
        let got = paras(text);
        assert_eq!(got.len(), 3, "{got:#?}");
        assert!(got[1].starts_with("- the kernel"));
        assert_eq!(got[2], "$ sudo dnf install kernel-devel");
    }
}
