#!/usr/bin/env bash
# The machine-independent speed figure: instructions executed by the `align` example on the
# Bible (6,301 Chinese x 5,000 English sentences), all threads, counted by valgrind's callgrind.
# Wall times on a shared machine vary by 20 % and more from run to run; this count varies by
# well under 0.1 %.
#
# usage (from the project root, with ../shared beside it):
#   benches/instructions.sh [ALIGN_BINARY]      # default: builds target/release/examples/align
#   TOP=20 benches/instructions.sh               # also the 20 functions with the most instructions
set -euo pipefail
bin=${1:-}
if [ -z "$bin" ]; then
  cargo build --release --example align --quiet
  bin=target/release/examples/align
fi
bible=${BIBLE:-../shared/corpora/bible}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
valgrind --tool=callgrind --separate-threads=no --callgrind-out-file="$out" \
  "$bin" --presplit --format beads "$bible/zh/001" "$bible/en/001" >/dev/null 2>&1
total=$(awk '/^summary:/ {print $2; exit}' "$out")
echo "$total instructions ($(awk -v t="$total" 'BEGIN {printf "%.2f G", t / 1e9}')): $bin --presplit --format beads Bible"
if [ -n "${TOP:-}" ]; then
  callgrind_annotate "$out" | sed -n '/file:function/,$p' | sed -n "2,$((TOP + 1))p"
fi
