"""Speed of the Python bindings on the Bible, beside the Rust crate.

    python python/bench/bible.py ../shared/corpora/bible [--runs 7]

CORPUS is a folder laid out like ../shared/corpora/bible: zh/001 and en/001,
one sentence a line (read as ``align --presplit`` and ``evaluate --bible``
read them). Prints, each the median of --runs runs:

- call, first in a process: ``Aligner().align_sentences(zh, en)`` timed in a
  fresh Python process (the lexicon is parsed on this first call), beside
  the Rust crate's timing of the same first call (``evaluate --bible``'s
  "aligning" time) when the release examples are built;
- whole process: a Python process that reads the files, aligns and writes
  the beads, beside ``align --presplit --format beads`` (the README's speed
  figure);
- call, warm: the same call again and again in one process (compare with
  ``cargo bench --bench align -- bible``);
- threads: four Python threads, each aligning the Bible with one shared
  Aligner, against four calls one after another; with the default engine
  (one call already uses several cores where it can) and with
  ``Aligner(threads=1)`` (one core per call).
"""

import argparse
import os
import pathlib
import re
import statistics
import subprocess
import sys
import threading
import time

import zhen_align

ROOT = pathlib.Path(__file__).resolve().parents[2]


def rust_lines(text: str) -> list:
    """Rust's ``str::lines``: split at LF, a trailing CR dropped."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def load(corpus: pathlib.Path) -> tuple:
    read = lambda side: rust_lines((corpus / side / "001").read_bytes().decode("utf-8"))
    return read("zh"), read("en")


CHILD = """
import sys, time, pathlib
t0 = time.perf_counter()
import zhen_align
sys.path.insert(0, {bench!r})
from bible import load
zh, en = load(pathlib.Path({corpus!r}))
t = time.perf_counter()
alignment = zhen_align.Aligner().align_sentences(zh, en)
call = time.perf_counter() - t
alignment.to_beads("/dev/null")
print(call, len(alignment.beads()))
"""


def thread_ratio(aligner, zh: list, en: list, rounds: int) -> str:
    """Four calls one after another against four Python threads making one
    call each at once, with the same aligner; medians of ``rounds``."""
    aligner.align_sentences(zh, en)  # the lexicon and the threads are ready

    def four_in_a_row() -> float:
        t = time.perf_counter()
        for _ in range(4):
            aligner.align_sentences(zh, en)
        return time.perf_counter() - t

    def four_threads() -> float:
        threads = [threading.Thread(target=aligner.align_sentences, args=(zh, en)) for _ in range(4)]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        return time.perf_counter() - t

    seq, par = [], []
    for _ in range(rounds):
        seq.append(four_in_a_row())
        par.append(four_threads())
    s, p = statistics.median(seq), statistics.median(par)
    return (
        f"4 in a row {s * 1e3:.0f} ms, 4 threads {p * 1e3:.0f} ms: {p / s:.3f}x "
        f"({os.cpu_count()} cores; median of {rounds} rounds)"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=pathlib.Path)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=5, help="rounds of the thread comparison")
    args = ap.parse_args()
    zh, en = load(args.corpus)
    print(f"Bible: {len(zh)} Chinese x {len(en)} English sentences; {args.runs} runs each, medians")
    release = ROOT / "target" / "release" / "examples"

    # Fresh processes, taken in turn so that all three see the same machine:
    # the first Python call (and the whole Python process), evaluate's timer
    # around the same first call in Rust, and the align command line.
    child = CHILD.format(bench=str(pathlib.Path(__file__).parent), corpus=str(args.corpus))
    evaluate, align = release / "evaluate", release / "align"
    cli_argv = [str(align), "--presplit", "--format", "beads",
                str(args.corpus / "zh" / "001"), str(args.corpus / "en" / "001")]
    firsts, wholes, rust_firsts, clis = [], [], [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", child], check=True, capture_output=True)
        wholes.append(time.perf_counter() - t)
        firsts.append(float(out.stdout.split()[0]))
        if evaluate.is_file():
            out = subprocess.run(
                [str(evaluate), str(args.corpus), "--bible"], check=True, capture_output=True
            ).stdout.decode()
            m = re.search(r"aligning ([0-9.]+) s", out)
            if m:
                rust_firsts.append(float(m.group(1)))
        if align.is_file():
            t = time.perf_counter()
            subprocess.run(cli_argv, check=True, stdout=subprocess.DEVNULL)
            clis.append(time.perf_counter() - t)
    med = statistics.median
    py_first, py_whole = med(firsts), med(wholes)
    line = f"call, first in a process: Python {py_first * 1e3:.1f} ms"
    if rust_firsts:
        r = med(rust_firsts)
        line += f", Rust {r * 1e3:.1f} ms (evaluate --bible's timer): {py_first / r:.3f}x"
    print(line)
    line = f"whole process: Python {py_whole * 1e3:.1f} ms (interpreter start-up included)"
    if clis:
        c = med(clis)
        line += f", align --presplit --format beads {c * 1e3:.1f} ms: {py_whole / c:.3f}x"
        line += f"; the first Python call alone: {py_first / c:.3f}x the command line"
    print(line)

    aligner = zhen_align.Aligner()
    aligner.align_sentences(zh, en)  # lexicon loaded
    warm = []
    for _ in range(args.runs):
        t = time.perf_counter()
        aligner.align_sentences(zh, en)
        warm.append(time.perf_counter() - t)
    warm_ms = statistics.median(warm) * 1e3
    print(f"call, warm: Python {warm_ms:.1f} ms (cargo bench --bench align -- bible gives Rust's)")

    for threads in [None, 1]:
        ratio = thread_ratio(zhen_align.Aligner(threads=threads), zh, en, args.rounds)
        print(f"threads: Aligner(threads={threads}): {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
