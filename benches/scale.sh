#!/usr/bin/env bash
# Scale demonstration: whole-process time and peak RSS of the align example on the Bible
# repeated k times (presplit, one sentence a line), and on one 50 MB line of Chinese and
# English sentences alternating (the Bible's gold beads, each Chinese run then its English).
#
# usage (from the project root): benches/scale.sh [BIBLE_DIR] [COPIES...]
#   BIBLE_DIR  default ../shared/corpora/bible (needs zh/001, en/001 and, for the single
#              line, gold/001)
#   COPIES     default: 1 16 90 200
# Prints, for each k: sentences (both sides), seconds (wall, user), peak RSS (MiB), the
# per-sentence time relative to one copy, and the peak RSS per sentence above one copy's.
# Set MIXED_MB=0 to skip the single line. Needs GNU time (/usr/bin/time) and python3.
set -eu
B=${1:-../shared/corpora/bible}
shift || true
COPIES=${*:-1 16 90 200}
MIXED_MB=${MIXED_MB:-50}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cargo build --release --example align --quiet
ALIGN="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import sys,json; print(json.load(sys.stdin)["target_directory"])')/release/examples/align"

measure() { # prints "wall user rss_kb" of one run of the align example
  /usr/bin/time -f "%e %U %M" -o "$TMP/t" "$ALIGN" "$@" >/dev/null
  cat "$TMP/t"
}

base_t="" base_kb="" base_n=""
printf "%6s %10s %8s %8s %9s %12s %12s\n" copies sentences wall_s user_s rss_mib "time/sent" "B/sent"
for k in $COPIES; do
  : >"$TMP/zh" && : >"$TMP/en"
  for _ in $(seq "$k"); do cat "$B/zh/001" >>"$TMP/zh"; cat "$B/en/001" >>"$TMP/en"; done
  n=$(( $(wc -l <"$TMP/zh") + $(wc -l <"$TMP/en") ))
  read -r wall user kb <<<"$(measure --presplit --format beads "$TMP/zh" "$TMP/en" -o "$TMP/out")"
  if [ -z "$base_t" ]; then base_t=$wall base_kb=$kb base_n=$n; fi
  ratio=$(python3 -c "print(round(($wall / $n) / ($base_t / $base_n), 2))")
  per=$(python3 -c "d = $n - $base_n; print(round(($kb - $base_kb) * 1024 / d) if d else '-')")
  printf "%6s %10s %8s %8s %9s %11sx %12s\n" "$k" "$n" "$wall" "$user" "$((kb / 1024))" "$ratio" "$per"
done

if [ "$MIXED_MB" != 0 ] && [ -f "$B/gold/001" ]; then
  python3 - "$B" "$MIXED_MB" "$TMP/mixed.txt" <<'EOF'
import sys
b, mb, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
zh = open(f"{b}/zh/001", encoding="utf-8").read().split("\n")
en = open(f"{b}/en/001", encoding="utf-8").read().split("\n")
beads = []
for line in open(f"{b}/gold/001"):  # [en ids]:[zh ids]
    e, z = line.strip().split(":")
    ids = lambda s: [int(x) for x in s.strip("[]").split(",") if x.strip()]
    beads.append((ids(z), ids(e)))
parts, size, k = [], 0, 0
while size < mb * 1_000_000:
    z, e = beads[k % len(beads)]
    k += 1
    for p in ("".join(zh[i].strip() for i in z), " ".join(en[j].strip() for j in e)):
        if p:
            parts.append(p)
            size += len(p.encode()) + 1
open(out, "w", encoding="utf-8").write(" ".join(parts) + "\n")
EOF
  read -r wall user kb <<<"$(measure "$TMP/mixed.txt" --format tsv -o "$TMP/out.tsv")"
  echo "single line, ${MIXED_MB} MB: ${wall} s wall, ${user} s user, peak RSS $((kb / 1024)) MiB, $(wc -l <"$TMP/out.tsv") pairs"
fi
