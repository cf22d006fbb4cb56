"""Shared paths and helpers of the zhen_align tests.

The tests run against the installed package (a wheel built by maturin, as
.ci/run does, or ``pip install ./python``) and read the repository's own
fixtures, so they run from a clone with no ../shared present. Tests that need
the release ``align`` example look for it (or take ``ZHEN_ALIGN_BIN``) and
are skipped without it, unless ``ZHEN_REQUIRE_CLI=1`` (CI) makes that a
failure.
"""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
SEEDS = FIXTURES / "seeds"

SEED_000 = SEEDS / "mnd-2023-english-only.txt"
SEED_001 = SEEDS / "mnd-2023-chinese-page-then-english-answer.txt"
SEED_002 = SEEDS / "mnd-2024-english-with-chinese-headlines.txt"
SEED_003 = SEEDS / "mnd-2022-english-news-with-web-junk.txt"
SEED_004 = SEEDS / "mnd-2025-interleaved.txt"


def read(path: pathlib.Path) -> str:
    """The UTF-8 text of a fixture, line ends untouched."""
    return path.read_bytes().decode("utf-8")


def rust_lines(text: str) -> list:
    """Splits like Rust's ``str::lines``: at ``\\n``, a trailing ``\\r``
    dropped, no empty last line (what ``align --presplit`` does)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def collapse(s: str) -> str:
    """Runs of white space as one space, ends trimmed."""
    return " ".join(s.split())


def align_bin():
    """The release ``align`` example, or None when it is not built."""
    env = os.environ.get("ZHEN_ALIGN_BIN")
    candidates = [pathlib.Path(env)] if env else []
    candidates.append(ROOT / "target" / "release" / "examples" / "align")
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return c
    return None


@pytest.fixture(scope="session")
def cli():
    """Runs the ``align`` example with the given arguments, returning its
    standard output as text; skips (or fails in CI) when it is not built."""
    exe = align_bin()
    if exe is None:
        message = "the release align example is not built (cargo build --release --examples)"
        if os.environ.get("ZHEN_REQUIRE_CLI") == "1":
            pytest.fail(message)
        pytest.skip(message)

    def run(*args) -> str:
        done = subprocess.run(
            [str(exe), *map(str, args)], capture_output=True, check=True, timeout=120
        )
        return done.stdout.decode("utf-8")

    return run
