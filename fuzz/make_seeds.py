#!/usr/bin/env python3
"""Writes the fuzz targets' seed inputs (fuzz/corpus/TARGET/seed-*) from fixtures/.

Run from the repository root: python3 fuzz/make_seeds.py. Inputs are kept
under 2 KB (libFuzzer mutates faster on small inputs); two-sided targets put
the Chinese text, a 0xFF byte, then the English text (fuzz_checks.rs halves).
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
LIMIT = 2000
HAN = re.compile(r"[\u4e00-\u9fff]")


def chunks(lines, limit=LIMIT):
    out, size = [], 0
    for line in lines:
        b = len(line.encode()) + 1
        if out and size + b > limit:
            yield out
            out, size = [], 0
        if b <= limit:
            out.append(line)
            size += b
    if out:
        yield out


def write(target, name, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / f"seed-{name}").write_bytes(data)


def main():
    for old in CORPUS.glob("*/seed-*"):
        old.unlink()
    seeds = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
    for seed in seeds:
        lines = seed.read_text(encoding="utf-8").splitlines()
        stem = seed.stem.split("-", 2)[1] + "-" + seed.stem.split("-", 2)[2][:12]
        for k, part in enumerate(chunks(lines)):
            write("mixed", f"{stem}-{k}", ("\n".join(part) + "\n").encode())
        zh = [l for l in lines if HAN.search(l)]
        en = [l for l in lines if l.strip() and not HAN.search(l)]
        if zh and en:
            z = list(chunks(zh, LIMIT // 2))
            e = list(chunks(en, LIMIT // 2))
            for k, (a, b) in enumerate(zip(z, e)):
                data = ("\n".join(a) + "\n").encode() + b"\xff" + ("\n".join(b) + "\n").encode()
                write("two_texts", f"{stem}-{k}", data)
                write("presplit", f"{stem}-{k}", data)
                gloss = "汪淼\tWang Miao\n台湾\tTaiwan\n国防部\tMinistry of National Defense\n"
                write("glossary", f"{stem}-{k}", gloss.encode() + b"\xff" + data.replace(b"\xff", b"\n"))
    # batch: documents cut at 0xFE, each of the kind its first byte names
    # (0 mixed, 1 two texts, 2 presplit lines), from the two-sided seeds.
    sides = sorted((CORPUS / "two_texts").glob("seed-*"))
    for k in range(0, len(sides), 3):
        docs = [bytes([i % 3]) + p.read_bytes() for i, p in enumerate(sides[k : k + 3])]
        write("batch", f"docs-{k // 3}", b"\xfe".join(docs)[: LIMIT * 2])
    for f in sorted((ROOT / "fixtures" / "eval").glob("*")):
        if f.suffix in (".gold", ".test"):
            write("beads", f.name.replace(".", "-"), f.read_bytes())


if __name__ == "__main__":
    main()
