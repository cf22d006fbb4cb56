#!/usr/bin/env python3
"""Raw-file alignment accuracy on MAC-Dev: mixed files built from the gold, scored at text level.

usage: examples/mac_mixed.py MAC_DEV_DIR [--align BIN] [--keep DIR] [--layout block|interleaved|files|presplit ...]
                          [--paragraphs beads|independent] [--wrap COLUMNS]

MAC_DEV_DIR is the corpus (zh/NNN, en/NNN, gold/NNN; it is read, never copied into the
repository). BIN is the align example (default target/release/examples/align). For each
chapter this writes into a temporary directory (or DIR with --keep) raw files as a user
would give them, runs `align --format tsv` on each and scores the pairs against the gold.

Paragraphs. The corpus has sentences and beads but no paragraphs, so they are made from
the gold beads: consecutive beads go into one paragraph, which closes after a bead that
brings it to 6 Chinese sentences or more, or whose last Chinese or English sentence does not
end like a sentence (as tools/split_check.py closes its paragraphs, so that every sentence
boundary kept inside a paragraph is one a splitter can see). A paragraph boundary is thus a
bead boundary on both sides, as in a real translated document. With --paragraphs independent
each side is cut alone exactly as split_check.py cuts it (up to 6 sentences), so the two sides'
paragraph breaks do not correspond: a harder test of the aligner's use of paragraphs. In a paragraph the Chinese
sentences are joined without a separator, the English ones with one space.

Layouts:
  block        one file: every Chinese paragraph, then every English paragraph
  interleaved  one file: each Chinese paragraph followed by its English paragraph
               (a paragraph with no sentence on one side, from 1-0 / 0-1 beads, is left out
               on that side)
  files        two files, Chinese and English, one paragraph a line: `align ZH EN`
  presplit     the reference: the gold sentences, one a line, `align --presplit ZH EN`
               (what the raw layouts lose to block detection and splitting)
In the files paragraphs are separated by a blank line. With --wrap COLUMNS the raw layouts'
paragraphs are hard-wrapped at that width, as a plain-text tool wraps them.

Scoring, at text level (the TSV has texts, not sentence numbers). Texts are compared after
removing all white space. Each side's gold text is the concatenation of its sentences; a gold
bead covers the character range of its sentences there, and each predicted pair's Chinese and
English texts are located in the same way (searched forward from the end of the previous
pair, since pairs come in document order). Only gold beads with both sides non-empty count
(the TSV holds pairs only, never 1-0 beads), and every predicted pair counts.
  strict: a pair whose Chinese text and English text are exactly those of one gold bead
  lax:    a pair that overlaps (shares at least one character on each side with) one gold bead
Precision = pairs that hit / pairs; recall = gold beads hit (strict: matched exactly; lax:
overlapped on both sides by one pair) / gold beads; F1 their harmonic mean. Figures are
pooled over all chapters (micro-averaged) and also given per chapter. A pair whose text
cannot be found in the gold text counts as a miss and is reported ("unplaced").
"""
import argparse, os, re, subprocess, sys, tempfile, unicodedata

ZH_END = tuple("。！？!?…”’」』")
EN_END = tuple(".!?'\"’”")
PARA_ZH_MAX = 6
WS = re.compile(r"\s+")
CLOSING = set("，。、；：！？）」』》〉】”’")


def norm(s):
    return WS.sub("", s)


def read_lines(path):
    return [l.rstrip("\n").strip() for l in open(path, encoding="utf-8")]


def read_gold(path):
    beads = []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        z, e = line.split(":", 1)
        ids = lambda x: [int(v) for v in x.strip().strip("[]").split(",") if v.strip()]
        beads.append((ids(z), ids(e)))
    return beads


def paragraphs(beads, zh, en):
    """Lists of beads, one list a paragraph."""
    out, cur, nz = [], [], 0
    for b in beads:
        cur.append(b)
        nz += len(b[0])
        last_z = zh[b[0][-1]] if b[0] else ""
        last_e = en[b[1][-1]] if b[1] else ""
        open_end = (last_z and not last_z.endswith(ZH_END)) or (last_e and not last_e.endswith(EN_END))
        if nz >= PARA_ZH_MAX or open_end:
            out.append(cur)
            cur, nz = [], 0
    if cur:
        out.append(cur)
    return out


def para_text(para, side, sents, sep):
    return sep.join(sents[i] for b in para for i in b[side] if sents[i])


def side_paragraphs(sents, ends, sep):
    """split_check.py's paragraphs of one side alone: up to 6 sentences, closed early after
    a line that does not end like a sentence."""
    out, cur = [], []
    for l in (l for l in sents if l):
        cur.append(l)
        if len(cur) == PARA_ZH_MAX or not l.endswith(ends):
            out.append(sep.join(cur))
            cur = []
    if cur:
        out.append(sep.join(cur))
    return out


def columns(c):
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def wrap(par, width):
    """A paragraph hard-wrapped at `width` columns as a plain-text tool wraps it: at a space
    (no-break spaces kept), or between two wide (Chinese) characters unless the second is a
    closing mark."""
    if not width:
        return par
    chars, out, start, i, w, brk = list(par), [], 0, 0, 0, None
    while i < len(chars):
        c = chars[i]
        if c == " ":
            brk = (i, True)
        elif i > start and columns(c) == 2 and columns(chars[i - 1]) == 2 and c not in CLOSING:
            brk = (i, False)
        w += columns(c)
        if w > width and brk and brk[0] > start:
            out.append("".join(chars[start:brk[0]]))
            start = brk[0] + 1 if brk[1] else brk[0]
            i, w, brk = start, 0, None
            continue
        i += 1
    out.append("".join(chars[start:]))
    return "\n".join(out)


def write_layouts(d, beads, zh, en, layouts, independent, width=0):
    if independent:
        zp, ep = side_paragraphs(zh, ZH_END, ""), side_paragraphs(en, EN_END, " ")
        n = max(len(zp), len(ep))
        zp, ep = zp + [""] * (n - len(zp)), ep + [""] * (n - len(ep))
    else:
        paras = paragraphs(beads, zh, en)
        zp = [para_text(p, 0, zh, "") for p in paras]
        ep = [para_text(p, 1, en, " ") for p in paras]
    zp, ep = [wrap(t, width) for t in zp], [wrap(t, width) for t in ep]
    files = {}
    if "block" in layouts:
        path = os.path.join(d, "block.txt")
        open(path, "w", encoding="utf-8").write("\n\n".join([t for t in zp if t] + [t for t in ep if t]) + "\n")
        files["block"] = [path]
    if "interleaved" in layouts:
        path = os.path.join(d, "interleaved.txt")
        body = [t for z, e in zip(zp, ep) for t in (z, e) if t]
        open(path, "w", encoding="utf-8").write("\n\n".join(body) + "\n")
        files["interleaved"] = [path]
    if "files" in layouts:
        pz, pe = os.path.join(d, "zh.txt"), os.path.join(d, "en.txt")
        open(pz, "w", encoding="utf-8").write("\n\n".join(t for t in zp if t) + "\n")
        open(pe, "w", encoding="utf-8").write("\n\n".join(t for t in ep if t) + "\n")
        files["files"] = [pz, pe]
    if "presplit" in layouts:
        pz, pe = os.path.join(d, "zh.sent"), os.path.join(d, "en.sent")
        open(pz, "w", encoding="utf-8").write("".join(l + "\n" for l in zh))
        open(pe, "w", encoding="utf-8").write("".join(l + "\n" for l in en))
        files["presplit"] = ["--presplit", pz, pe]
    return files


def unescape(field):
    out, it = [], iter(field)
    for c in it:
        if c == "\\":
            n = next(it, "")
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(n, "\\" + n))
        else:
            out.append(c)
    return "".join(out)


def side_ranges(beads, side, sents):
    """The whole side's normalized text and each bead's character range in it."""
    pos, text, ranges = 0, [], []
    for b in beads:
        start = pos
        for i in b[side]:
            t = norm(sents[i])
            text.append(t)
            pos += len(t)
        ranges.append((start, pos))
    return "".join(text), ranges


def score_chapter(beads, zh, en, tsv):
    ztext, zr = side_ranges(beads, 0, zh)
    etext, er = side_ranges(beads, 1, en)
    gold = [(zr[k], er[k]) for k, b in enumerate(beads) if b[0] and b[1]]
    gold_exact = {g: i for i, g in enumerate(gold)}
    pairs, unplaced, zc, ec = [], 0, 0, 0
    for line in tsv.splitlines():
        if not line.strip():
            continue
        fields = line.split("\t")
        z, e = norm(unescape(fields[0])), norm(unescape(fields[1] if len(fields) > 1 else ""))
        zi, ei = ztext.find(z, zc), etext.find(e, ec)
        if not z or not e or zi < 0 or ei < 0:
            unplaced += 1
            pairs.append(None)
            continue
        zc, ec = zi + len(z), ei + len(e)
        pairs.append(((zi, zc), (ei, ec)))
    overlap = lambda a, b: a[0] < b[1] and b[0] < a[1]
    strict_hit, lax_hit = set(), set()
    ps = pl = 0
    # Gold beads sorted by position on both sides; a pair overlaps a contiguous run of them.
    j = 0
    for p in pairs:
        if p is None:
            continue
        if p in gold_exact:
            ps += 1
            strict_hit.add(gold_exact[p])
        while j < len(gold) and gold[j][0][1] <= p[0][0] and gold[j][1][1] <= p[1][0]:
            j += 1
        hit = False
        k = j
        while k < len(gold) and (gold[k][0][0] < p[0][1] or gold[k][1][0] < p[1][1]):
            if overlap(gold[k][0], p[0]) and overlap(gold[k][1], p[1]):
                hit = True
                lax_hit.add(k)
            k += 1
        pl += hit
    return dict(pairs=len(pairs), gold=len(gold), ps=ps, pl=pl, rs=len(strict_hit), rl=len(lax_hit),
                unplaced=unplaced)


def prf(c):
    div = lambda a, b: a / b if b else 0.0
    f = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0
    ps, pl = div(c["ps"], c["pairs"]), div(c["pl"], c["pairs"])
    rs, rl = div(c["rs"], c["gold"]), div(c["rl"], c["gold"])
    return dict(p_strict=ps, r_strict=rs, f1_strict=f(ps, rs), p_lax=pl, r_lax=rl, f1_lax=f(pl, rl))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--align", default="target/release/examples/align")
    ap.add_argument("--keep", help="write the raw files and TSVs here and keep them")
    ap.add_argument("--layout", action="append", choices=["block", "interleaved", "files", "presplit"])
    ap.add_argument("--paragraphs", choices=["beads", "independent"], default="beads",
                    help="beads (default): paragraph breaks at bead boundaries on both sides; "
                         "independent: each side cut alone as split_check.py does, so the two "
                         "sides' breaks do not correspond")
    ap.add_argument("--wrap", type=int, default=0, metavar="COLUMNS",
                    help="hard-wrap the raw layouts' paragraphs at this width (Han characters count two)")
    a = ap.parse_args()
    layouts = a.layout or ["block", "interleaved", "files", "presplit"]
    names = sorted(os.listdir(os.path.join(a.corpus, "gold")))
    tmp = a.keep or tempfile.mkdtemp(prefix="mac-mixed-")
    totals = {l: dict(pairs=0, gold=0, ps=0, pl=0, rs=0, rl=0, unplaced=0) for l in layouts}
    for n in names:
        zh = read_lines(os.path.join(a.corpus, "zh", n))
        en = read_lines(os.path.join(a.corpus, "en", n))
        beads = read_gold(os.path.join(a.corpus, "gold", n))
        d = os.path.join(tmp, n)
        os.makedirs(d, exist_ok=True)
        for layout, inputs in write_layouts(d, beads, zh, en, layouts, a.paragraphs == "independent", a.wrap).items():
            run = subprocess.run([a.align, "--format", "tsv", *inputs], capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"{n} {layout}: align failed: {run.stderr.strip()}")
            if a.keep:
                open(os.path.join(d, layout + ".tsv"), "w", encoding="utf-8").write(run.stdout)
            c = score_chapter(beads, zh, en, run.stdout)
            for k in c:
                totals[layout][k] += c[k]
            s = prf(c)
            print(f"{n} {layout:<11} strict {s['f1_strict']:.3f} lax {s['f1_lax']:.3f} "
                  f"(pairs {c['pairs']}, gold {c['gold']}, unplaced {c['unplaced']})")
    for layout in layouts:
        s = prf(totals[layout])
        print(f"all {layout:<11} strict P {s['p_strict']:.3f} R {s['r_strict']:.3f} F1 {s['f1_strict']:.3f}"
              f"  lax P {s['p_lax']:.3f} R {s['r_lax']:.3f} F1 {s['f1_lax']:.3f}"
              f"  (unplaced {totals[layout]['unplaced']})")


main()
