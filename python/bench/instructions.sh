#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind, all threads) of aligning the
# Bible from Python and with the crate's `align` example, each less the same
# process on a two-sentence input (start-up, lexicon parse), so what is left
# is the work on the Bible: reading, aligning, writing the beads. Unlike wall
# time on a shared machine, the counts hardly move from run to run.
#
#   bash python/bench/instructions.sh ../shared/corpora/bible [PYTHON]
#
# PYTHON: an interpreter with zhen_align installed (default: python3). Needs
# valgrind and the release examples (cargo build --release --examples).
set -euo pipefail
CORPUS=$(cd "$1" && pwd)
PY=${2:-python3}
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
ALIGN=$ROOT/target/release/examples/align
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/tiny/zh" "$TMP/tiny/en"
printf '我爱北京。\n今天天气很好。\n' > "$TMP/tiny/zh/001"
printf 'I love Beijing.\nThe weather is very good today.\n' > "$TMP/tiny/en/001"
cat > "$TMP/child.py" <<PY
import sys, pathlib
sys.path.insert(0, "$ROOT/python/bench")
import zhen_align
from bible import load
zh, en = load(pathlib.Path(sys.argv[1]))
zhen_align.Aligner().align_sentences(zh, en).to_beads("/dev/null")
PY
count() {
  valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
cli() { count "$ALIGN" --presplit --format beads "$1/zh/001" "$1/en/001"; }
py() { count "$PY" "$TMP/child.py" "$1"; }
rust=$(( $(cli "$CORPUS") - $(cli "$TMP/tiny") ))
python=$(( $(py "$CORPUS") - $(py "$TMP/tiny") ))
echo "instructions for the Bible, less a two-sentence run: align $rust, Python $python"
python3 -c "import sys; print(f'Python / crate: {int(sys.argv[2]) / int(sys.argv[1]):.3f}')" "$rust" "$python"
