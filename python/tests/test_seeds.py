"""The five seed documents (fixtures/seeds), through the Python package:
what each should give, the hand-made gold of 001 and 004, and the same
output as the ``align`` command line in every format."""

import pathlib
import subprocess
import sys

import pytest

import zhen_align
from conftest import (
    ROOT,
    SEED_000,
    SEED_001,
    SEED_002,
    SEED_003,
    SEED_004,
    SEEDS,
    collapse,
    read,
)

GOLD = {
    SEED_001: SEEDS / "gold" / "mnd-2023-chinese-page-then-english-answer.tsv",
    SEED_004: SEEDS / "gold" / "mnd-2025-interleaved.tsv",
}


def gold_pairs(path: pathlib.Path) -> list:
    pairs = []
    for line in read(path).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        zh, en = line.split("\t", 1)
        pairs.append((collapse(zh), collapse(en)))
    return pairs


def strict_f1(pred: list, gold: list) -> float:
    hits = sum(1 for p in pred if p in gold)
    p = hits / len(pred) if pred else 0.0
    r = hits / len(gold) if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.mark.parametrize("seed", [SEED_001, SEED_004], ids=["001", "004"])
def test_translated_seeds_match_their_gold(seed):
    gold = gold_pairs(GOLD[seed])
    assert len(gold) >= 6
    alignment = zhen_align.Aligner().align_mixed(read(seed))
    pred = [(collapse(p.zh), collapse(p.en)) for p in alignment.pairs()]
    missed = [g for g in gold if g not in pred]
    wrong = [p for p in pred if p not in gold]
    f1 = strict_f1(pred, gold)
    assert f1 >= 0.9, f"strict F1 {f1:.3f}; missed {missed}; wrong {wrong}"


def test_seed_004_holds_the_one_to_seven_bead_and_leaves_the_intro_out():
    alignment = zhen_align.Aligner().align_mixed(read(SEED_004))
    pairs = alignment.pairs()
    assert any(len(p.zh_sentences) == 1 and len(p.en_sentences) == 7 for p in pairs), [
        (p.zh_sentences, p.en_sentences) for p in pairs
    ]
    assert not any("12月25日下午" in p.zh for p in pairs)


@pytest.mark.parametrize("seed", [SEED_000, SEED_003], ids=["000", "003"])
def test_english_only_seeds_raise_align_error_naming_chinese(seed):
    with pytest.raises(zhen_align.AlignError) as info:
        zhen_align.Aligner().align_mixed(read(seed))
    assert str(info.value) == "no Chinese text found: nothing to align"
    assert isinstance(info.value, ValueError)


def test_seed_002_english_with_unrelated_headlines_gives_no_pairs():
    alignment = zhen_align.Aligner().align_mixed(read(SEED_002))
    assert len(alignment) == 0
    assert alignment.pairs() == []
    # Its sentences are still there, unaligned, in the beads.
    beads = alignment.beads()
    assert beads and not any(b.is_pair and b.confidence >= 0.2 for b in beads)


FORMATS = {
    "tsv": lambda a: a.to_tsv(),
    "jsonl": lambda a: a.to_jsonl(),
    "beads": lambda a: a.to_beads(),
    "tmx": lambda a: a.to_tmx(),
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("seed", [SEED_001, SEED_004], ids=["001", "004"])
def test_every_format_is_what_the_command_line_writes(cli, seed, fmt):
    expected = cli(seed, "--format", fmt)
    assert expected.strip(), "the command line wrote something"
    alignment = zhen_align.Aligner().align_mixed(read(seed))
    assert FORMATS[fmt](alignment) == expected


def test_seed_004_script_prints_the_command_lines_pairs(cli):
    """Done-when (a): a script printing the pairs of seed 004 from Python's
    Pair objects gives the texts and confidences of ``align --format tsv``."""
    expected = cli(SEED_004, "--format", "tsv")
    script = ROOT / "python" / "examples" / "align_tsv.py"
    done = subprocess.run(
        [sys.executable, str(script), str(SEED_004)], capture_output=True, check=True
    )
    got = done.stdout.decode("utf-8")
    got_rows = [line.split("\t") for line in got.splitlines()]
    expected_rows = [line.split("\t") for line in expected.splitlines()]
    assert len(expected_rows) >= 10
    assert got_rows == expected_rows
    assert got == expected
