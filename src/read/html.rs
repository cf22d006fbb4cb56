//! HTML input: a page parsed by html5ever (through `scraper`), its text
//! taken per block element, and its charset found as browsers find it.

use std::collections::HashSet;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use html5ever::tendril::{StrTendril, TendrilSink};
use scraper::node::Element;
use scraper::{Html, HtmlTreeSink, Node};

use super::decode::{bom, decode_as, detect, Decoded};
use super::{find, starts_with_ignore_case, Encoding};
use crate::error::{Error, Location, Result};
use crate::{Aligner, Alignment};

impl Aligner {
    /// Aligns a saved web page: its text is taken per block element by
    /// [`html_text`] and aligned as a mixed file by
    /// [`align_mixed`](Aligner::align_mixed).
    ///
    /// Spans of the result are byte offsets into `html_text(html)`, not into
    /// the page's source.
    ///
    /// ```
    /// use zhen_align::Aligner;
    ///
    /// let page = "<!doctype html><title>Page</title><nav><a href=/>首页</a></nav>\
    ///     <p>我爱<b>北京</b>。</p><p>I love <b>Beijing</b>.</p>";
    /// let alignment = Aligner::new().align_html(page)?;
    /// let pairs: Vec<_> = alignment.pairs().map(|p| (p.zh(), p.en())).collect();
    /// assert_eq!(pairs.len(), 1);
    /// assert_eq!(pairs[0].0, "我爱北京。");
    /// assert_eq!(pairs[0].1, "I love Beijing.");
    /// # Ok::<(), zhen_align::Error>(())
    /// ```
    pub fn align_html(&self, html: &str) -> Result<Alignment> {
        self.align_mixed(&html_text(html)?)
    }
}

/// Elements whose content is never text to align: metadata, scripts and
/// styles, fallback content of embedded objects, graphics, form controls,
/// navigation and menus, side content, and ruby annotations (pinyin or
/// bopomofo over the characters).
const DROPPED: &[&str] = &[
    "head", "title", "script", "style", "noscript", "template", "iframe", "object", "embed",
    "video", "audio", "canvas", "svg", "math", "nav", "menu", "aside", "button", "select",
    "option", "optgroup", "datalist", "textarea", "input", "label", "dialog", "rt", "rp",
];

/// ARIA roles of navigation, menus, page banners and footers, search boxes
/// and side content.
const DROPPED_ROLES: &[&str] = &[
    "navigation",
    "menu",
    "menubar",
    "banner",
    "contentinfo",
    "search",
    "complementary",
    "dialog",
    "alertdialog",
];

/// Class or id tokens that name menus and navigation on pages that use no
/// semantic element for them (whole tokens only: `menu`, not `menu-item`
/// nor `main-menu`).
const DROPPED_NAMES: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "footer",
];

/// Elements that end a line of text before and after them (the HTML
/// rendering section's block-level elements, and table cells, so that a
/// two-column table gives a line a cell).
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "ol",
    "p",
    "plaintext",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "xmp",
];

/// Elements whose line breaks are kept.
const PREFORMATTED: &[&str] = &["pre", "listing", "xmp", "plaintext"];

/// Elements in which a `<header>` or `<footer>` belongs to a section, not to
/// the page (the ARIA mapping: only outside these is it a banner or a
/// content-info footer).
const SECTIONING: &[&str] = &["article", "aside", "main", "nav", "section"];

/// Elements whose presence inside a `<form>` shows the form wraps the page's
/// content (ASP.NET Web Forms wrap whole pages in one) rather than being a
/// search box, a login or a comment form.
const CONTENT: &[&str] = &["p", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6"];

/// The text of an HTML page, one line per block of text, for
/// [`Aligner::align_mixed`].
///
/// The page is parsed by html5ever, a parser that follows the HTML standard,
/// so broken markup is read as browsers read it, and character references
/// (`&amp;`, `&nbsp;`, `&#x4E2D;`) are decoded. Then:
///
/// - each block element (`p`, `div`, `li`, `h1`–`h6`, `td`, `blockquote`, …)
///   gives its own line, and `<br>` breaks a line; inline markup (`b`, `a`,
///   `span`, `em`, …) is joined into its block's text;
/// - white space is collapsed to one space, as a browser shows it; a line
///   break between two Chinese characters is removed (the CSS rule for East
///   Asian wide characters); line breaks are kept in `<pre>`;
/// - dropped with their content: `<head>` (and `<title>`), `<script>`,
///   `<style>`, `<noscript>`, `<template>`, embedded objects, `<svg>`,
///   `<nav>`, `<menu>`, `<aside>`, form controls, `<dialog>`, ruby
///   annotations (`<rt>`, `<rp>`); the page's `<header>` and `<footer>` (those
///   inside an `<article>`, `<section>` or `<main>` are kept); forms other
///   than one wrapping the page's content; elements that are hidden
///   (`hidden`, `aria-hidden="true"`, `display: none`), that have a
///   navigation, menu, banner, footer or search role, or whose class or id
///   is one of `nav`, `navbar`, `navigation`, `menu`, `breadcrumb(s)`,
///   `sidebar`, `footer`.
///
/// ```
/// let page = "<html><head><title>T</title><style>p{}</style></head><body>\
///     <nav><ul><li>首页</li></ul></nav>\
///     <h1>国防部&nbsp;新闻</h1><p>第一段<br>第二行 <a href=x>链接</a>。</p>\
///     <footer>版权所有</footer></body></html>";
/// assert_eq!(zhen_align::html_text(page)?, "国防部\u{a0}新闻\n第一段\n第二行 链接。\n");
/// # Ok::<(), zhen_align::Error>(())
/// ```
///
/// # Errors
///
/// A page whose elements nest more than [`MAX_HTML_DEPTH`] deep is an
/// [`Error::HtmlTooDeep`]: the parser's work per tag grows with the depth,
/// and no real page comes near the limit.
pub fn html_text(html: &str) -> Result<String> {
    let doc = parse(html)?;
    let wrapping_forms = forms_with_content(&doc);
    let mut out = Lines::default();
    // The dropped element whose subtree the walk is in.
    let mut skipping: Option<NodeId> = None;
    let (mut sectioning, mut pre) = (0usize, 0usize);
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => out.text(t, pre > 0),
                    Node::Element(e) => {
                        let name = e.name();
                        let page_level = matches!(name, "header" | "footer") && sectioning == 0;
                        let wrapper = name != "form" || wrapping_forms.contains(&node.id());
                        if page_level || !wrapper || dropped(e) {
                            skipping = Some(node.id());
                            continue;
                        }
                        if name == "br" || BLOCKS.contains(&name) {
                            out.line_break();
                        }
                        sectioning += usize::from(SECTIONING.contains(&name));
                        pre += usize::from(PREFORMATTED.contains(&name));
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping.is_some() {
                    if skipping == Some(node.id()) {
                        skipping = None;
                    }
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    let name = e.name();
                    if BLOCKS.contains(&name) {
                        out.line_break();
                    }
                    sectioning -= usize::from(SECTIONING.contains(&name));
                    pre -= usize::from(PREFORMATTED.contains(&name));
                }
            }
        }
    }
    Ok(out.finish())
}

/// How deep elements may nest in a page given to [`html_text`]: 512, the
/// limit Chromium's HTML parser puts on the DOM's depth. html5ever's tree
/// builder scans the stack of open elements for many tags, so its time
/// grows with the product of page length and depth (40,000 nested `<div>`s
/// take seconds); the limit keeps it linear in the page's length.
pub const MAX_HTML_DEPTH: usize = 512;

/// Parses a page with html5ever, a chunk at a time, checking after each
/// chunk the depth of the nodes it made. A chunk of 4 KiB makes at most
/// about 1,400 elements, so the parser never works on a stack much deeper
/// than the limit.
fn parse(html: &str) -> Result<Html> {
    const CHUNK: usize = 4096;
    let mut parser =
        html5ever::parse_document(HtmlTreeSink::new(Html::new_document()), Default::default());
    let (mut pos, mut seen) = (0, 1);
    while pos < html.len() {
        let mut end = (pos + CHUNK).min(html.len());
        while !html.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&html[pos..end]));
        pos = end;
        let doc = parser.tokenizer.sink.sink.0.borrow();
        let count = doc.tree.nodes().len();
        let deepest = doc
            .tree
            .nodes()
            .rev()
            .take(count.saturating_sub(seen))
            .map(|n| n.ancestors().count())
            .max()
            .unwrap_or(0);
        seen = count;
        if deepest > MAX_HTML_DEPTH {
            return Err(Error::HtmlTooDeep {
                at: Location::default(),
                limit: MAX_HTML_DEPTH,
            });
        }
    }
    Ok(parser.finish())
}

/// Whether an element is dropped by its name or attributes.
fn dropped(e: &Element) -> bool {
    if DROPPED.contains(&e.name()) || e.attr("hidden").is_some() {
        return true;
    }
    if e.attr("aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    if e.attr("role").is_some_and(|r| {
        r.split_ascii_whitespace()
            .any(|t| DROPPED_ROLES.iter().any(|d| t.eq_ignore_ascii_case(d)))
    }) {
        return true;
    }
    let named = |t: &str| DROPPED_NAMES.iter().any(|d| t.eq_ignore_ascii_case(d));
    e.classes().any(named)
        || e.id()
            .is_some_and(|id| id.split_ascii_whitespace().any(named))
}

/// The `<form>` elements that hold page content (see [`CONTENT`]), found in
/// one walk: a content element marks the innermost open form, and a closing
/// form passes its mark on to the form around it.
fn forms_with_content(doc: &Html) -> HashSet<NodeId> {
    let mut open: Vec<(NodeId, bool)> = Vec::new();
    let mut with_content = HashSet::new();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if let Node::Element(e) = node.value() {
                    if e.name() == "form" {
                        open.push((node.id(), false));
                    } else if CONTENT.contains(&e.name()) {
                        if let Some(top) = open.last_mut() {
                            top.1 = true;
                        }
                    }
                }
            }
            Edge::Close(node) => {
                if open.last().is_some_and(|&(id, _)| id == node.id()) {
                    if let Some((id, marked)) = open.pop() {
                        if marked {
                            with_content.insert(id);
                            if let Some(top) = open.last_mut() {
                                top.1 = true;
                            }
                        }
                    }
                }
            }
        }
    }
    with_content
}

/// The text being collected: finished lines, and the line being built.
#[derive(Default)]
struct Lines {
    out: String,
    line: String,
    /// White space seen since the last character of the line.
    space: bool,
    /// That white space held a line break.
    newline: bool,
}

impl Lines {
    fn text(&mut self, text: &str, preformatted: bool) {
        for c in text.chars() {
            if preformatted {
                match c {
                    '\n' => self.line_break(),
                    '\r' => {}
                    _ => self.line.push(c),
                }
            } else if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                self.space = true;
                self.newline |= c == '\n';
            } else {
                if self.space && !self.line.is_empty() {
                    let both_wide = self.line.chars().next_back().is_some_and(wide) && wide(c);
                    if !(self.newline && both_wide) {
                        self.line.push(' ');
                    }
                }
                self.space = false;
                self.newline = false;
                self.line.push(c);
            }
        }
    }

    fn line_break(&mut self) {
        // Trimmed at both ends: indentation inside `<pre>` is layout, not text.
        let line = self.line.trim_matches([' ', '\t']);
        if !line.trim().is_empty() {
            self.out.push_str(line);
            self.out.push('\n');
        }
        self.line.clear();
        self.space = false;
        self.newline = false;
    }

    fn finish(mut self) -> String {
        self.line_break();
        self.out
    }
}

/// East Asian wide characters: Han, kana, Hangul, and CJK and full-width
/// punctuation (the ranges of Unicode's East Asian Width W and F classes that
/// matter for Chinese text).
fn wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFD}')
}

/// Decodes an HTML page's bytes: a chosen encoding if not `Auto`; else a
/// byte-order mark; else a `<meta charset>` (or `http-equiv` content type)
/// in the first 1024 bytes, as the HTML standard's prescan finds it; else
/// detection as for plain text.
///
/// Two departures from a browser, both for files as saved: bytes that are
/// valid UTF-8 and not pure ASCII are read as UTF-8 whatever the page
/// declares (a page re-saved as UTF-8 often keeps its old declaration, while
/// GBK or Big5 text is practically never valid UTF-8); and a declaration of
/// an encoding zhen-align does not read is an
/// [`Error::UnsupportedEncoding`] when the bytes are not UTF-8.
pub fn decode_html(bytes: Vec<u8>, encoding: Encoding) -> Result<Decoded> {
    if encoding != Encoding::Auto {
        return decode_as(bytes, encoding);
    }
    if let Some((e, _)) = bom(&bytes) {
        return decode_as(bytes, e);
    }
    if let Some(label) = meta_charset(&bytes) {
        let valid_utf8 = std::str::from_utf8(&bytes);
        if valid_utf8.is_ok() {
            return decode_as(bytes, Encoding::Utf8);
        }
        match encoding_rs::Encoding::for_label(label.as_bytes()) {
            // A page that could read its own ASCII declaration is not UTF-16
            // (the HTML standard reads such a declaration as UTF-8).
            Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => {
                return decode_as(bytes, Encoding::Utf8)
            }
            Some(e) => {
                return match Encoding::from_codec(e) {
                    Some(ours) => decode_as(bytes, ours),
                    None => Err(Error::UnsupportedEncoding {
                        at: Location::default(),
                        name: e.name().to_string(),
                        declared: true,
                        utf8_offset: valid_utf8.err().map(|e| e.valid_up_to()),
                    }),
                }
            }
            // An unknown label is ignored, as browsers ignore it.
            None => {}
        }
    }
    let e = detect(&bytes)?;
    decode_as(bytes, e)
}

/// The charset label a page declares in a `<meta>` element within its first
/// 1024 bytes: `charset="…"`, or `http-equiv="content-type"` with
/// `content="…; charset=…"`. Comments are skipped.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(1024)];
    let mut i = 0;
    while i < head.len() {
        let rest = &head[i..];
        if rest.starts_with(b"<!--") {
            i += find(&rest[4..], b"-->").map_or(head.len(), |e| e + 7);
        } else if starts_with_ignore_case(rest, b"<meta")
            && rest
                .get(5)
                .is_some_and(|&b| b.is_ascii_whitespace() || b == b'/')
        {
            let (attrs, used) = attributes(&rest[5..]);
            let value = |name: &str| {
                attrs
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.as_str())
            };
            if let Some(c) = value("charset").map(str::trim).filter(|c| !c.is_empty()) {
                return Some(c.to_string());
            }
            if value("http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("content-type")) {
                if let Some(c) = value("content").and_then(charset_in_content) {
                    return Some(c);
                }
            }
            i += 5 + used;
        } else {
            i += 1;
        }
    }
    None
}

/// The attributes of a tag, from just after its name to its `>`, and the
/// number of bytes read.
fn attributes(s: &[u8]) -> (Vec<(String, String)>, usize) {
    let mut attrs = Vec::new();
    let mut i = 0;
    let skip_space = |i: &mut usize| {
        while s
            .get(*i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
        {
            *i += 1;
        }
    };
    loop {
        skip_space(&mut i);
        match s.get(i) {
            None => return (attrs, i),
            Some(b'>') => return (attrs, i + 1),
            _ => {}
        }
        let start = i;
        while s
            .get(i)
            .is_some_and(|b| !b.is_ascii_whitespace() && !b"=>/".contains(b))
        {
            i += 1;
        }
        let name = String::from_utf8_lossy(&s[start..i]).into_owned();
        while s.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let mut value = String::new();
        if s.get(i) == Some(&b'=') {
            i += 1;
            while s.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            let (v_start, v_end) = match s.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = s[i + 1..]
                        .iter()
                        .position(|&b| b == q)
                        .map_or(s.len(), |p| i + 1 + p);
                    let r = (i + 1, end);
                    i = (end + 1).min(s.len());
                    r
                }
                _ => {
                    let start = i;
                    while s
                        .get(i)
                        .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                    {
                        i += 1;
                    }
                    (start, i)
                }
            };
            value = String::from_utf8_lossy(&s[v_start..v_end]).into_owned();
        }
        if name.is_empty() {
            // A stray `=`: step over it.
            i += 1;
        } else {
            attrs.push((name, value));
        }
    }
}

/// The charset in a content-type value (`text/html; charset=gb2312`).
fn charset_in_content(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = content[at + 7..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let value = match rest.chars().next()? {
        q @ ('"' | '\'') => rest[1..].split(q).next()?,
        _ => rest
            .split(|c: char| c == ';' || c.is_ascii_whitespace())
            .next()?,
    };
    (!value.is_empty()).then(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_inline_and_dropped_parts() {
        let page = r##"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>标题 - 网站</title>
<script>var x = "<p>not text</p>";</script><style>p { color: red }</style></head>
<body>
<header><div class="logo">网站</div></header>
<div id="nav"><a href="/">首页</a> | <a href="/en">English</a></div>
<ul class="menu"><li>菜单</li></ul>
<article><header><h1>文章<em>标题</em></h1></header>
<p>第一句，
接着写。Second <b>bold</b> &amp; <a href="#">linked</a>.</p>
<div>外层<div>内层</div>尾巴</div>
<table><tr><td>格一</td><td>Cell two</td></tr></table>
<p hidden>藏起来</p><p style="display: none">也藏</p>
<ruby>汉<rp>(</rp><rt>hàn</rt><rp>)</rp></ruby>字
<pre>line one
line two</pre>
<form action="/search"><label>搜索</label><input name=q><button>Go</button></form>
</article>
<aside>相关文章</aside>
<footer>版权所有 &copy; 2025</footer>
</body></html>"##;
        let text = html_text(page).unwrap();
        assert_eq!(
            text,
            "文章标题\n第一句，接着写。Second bold & linked.\n外层\n内层\n尾巴\n\
             格一\nCell two\n汉字\nline one\nline two\n"
        );
    }

    #[test]
    fn a_form_wrapping_the_page_is_kept() {
        let page = "<body><form id=form1><div><p>正文。</p><p>Text.</p></div></form>\
                    <form><input name=q><span>搜索</span></form></body>";
        assert_eq!(html_text(page).unwrap(), "正文。\nText.\n");
    }

    #[test]
    fn meta_prescan() {
        for (page, label) in [
            (&b"<html><head><meta charset=gb2312>"[..], Some("gb2312")),
            (b"<meta charset='Big5'/>", Some("Big5")),
            (
                b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GBK\">",
                Some("GBK"),
            ),
            (
                b"<!-- <meta charset=big5> --><meta charset=\"utf-8\">",
                Some("utf-8"),
            ),
            (b"<meta name=description content=\"charset=big5\">", None),
            (b"<p>no meta</p>", None),
            (b"<meta charset", None),
        ] {
            assert_eq!(
                meta_charset(page).as_deref(),
                label,
                "{:?}",
                String::from_utf8_lossy(page)
            );
        }
    }

    #[test]
    fn declared_charset_is_used() {
        let (body, _, _) = encoding_rs::BIG5.encode("<p>國防部。</p>");
        let mut page = b"<html><head><meta charset=big5></head><body>".to_vec();
        page.extend_from_slice(&body);
        let d = decode_html(page, Encoding::Auto).unwrap();
        assert_eq!(d.encoding(), Encoding::Big5);
        assert!(d.text().contains("國防部"));
        // UTF-8 bytes win over a stale declaration.
        let page = "<meta charset=gbk><p>国防部。</p>".as_bytes().to_vec();
        assert_eq!(
            decode_html(page, Encoding::Auto).unwrap().encoding(),
            Encoding::Utf8
        );
        // A declared encoding that is not read, on bytes that are not UTF-8.
        let page = b"<meta charset=windows-1252><p>caf\xe9</p>".to_vec();
        let e = decode_html(page, Encoding::Auto).unwrap_err();
        assert!(
            matches!(e, Error::UnsupportedEncoding { declared: true, .. }),
            "{e}"
        );
    }

    #[test]
    fn undeclared_legacy_pages_are_detected() {
        for (codec, text, expected) in [
            (
                encoding_rs::BIG5,
                "<p>國防部舉行例行記者會，發言人答記者問。</p>",
                Encoding::Big5,
            ),
            (
                encoding_rs::GBK,
                "<p>国防部举行例行记者会，发言人答记者问。</p>",
                Encoding::Gb18030,
            ),
        ] {
            let (bytes, _, _) = codec.encode(text);
            let page = [
                &b"<!doctype html><html><body>"[..],
                &bytes,
                b"</body></html>",
            ]
            .concat();
            let d = decode_html(page, Encoding::Auto).unwrap();
            assert_eq!(d.encoding(), expected);
            assert_eq!(
                html_text(d.text()).unwrap(),
                format!("{}\n", &text[3..text.len() - 4])
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_in_bounded_time() {
        let page = "<div>".repeat(500) + "深处。" + &"</div>".repeat(500);
        assert_eq!(html_text(&page).unwrap(), "深处。\n");
        let start = std::time::Instant::now();
        for page in [
            "<div>".repeat(100_000) + "深处。" + &"</div>".repeat(100_000),
            "<section>".to_string() + &"<header>".repeat(50_000) + "x",
            "<div>".repeat(400) + &"</body><!--x--><div>".repeat(20_000),
        ] {
            assert!(matches!(
                html_text(&page),
                Err(Error::HtmlTooDeep { limit: 512, .. })
            ));
        }
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }
}
