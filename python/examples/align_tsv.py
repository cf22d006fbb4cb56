"""Aligns one mixed Chinese/English file and prints its pairs as
``zh<TAB>en<TAB>confidence`` lines, built here from the Pair objects (not by
the crate's TSV writer), escaped as ``align --format tsv`` escapes them.

    python python/examples/align_tsv.py fixtures/seeds/mnd-2025-interleaved.txt

prints what ``cargo run --release --example align -- --format tsv`` prints on
the same file (tests/test_seeds.py checks it).
"""

import sys

import zhen_align


def escape(text: str) -> str:
    """Backslash, tab, line feed and carriage return as two characters."""
    return (
        text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: align_tsv.py MIXED_FILE", file=sys.stderr)
        return 2
    path = sys.argv[1]
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        alignment = zhen_align.Aligner().align_mixed(text)
    except (OSError, UnicodeDecodeError, zhen_align.AlignError) as e:
        print(f"{path}: {e}", file=sys.stderr)
        return 1
    out = sys.stdout
    for pair in alignment.pairs():
        out.write(f"{escape(pair.zh)}\t{escape(pair.en)}\t{pair.confidence:.3f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
