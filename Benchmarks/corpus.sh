#!/usr/bin/env bash
# Runs `faultline verify` on every file of the shared corpus, one process per file (process start
# included, as in Porcupine's figures), and prints correct/total and the times.
#
# usage: Benchmarks/corpus.sh [CORPUS_DIR]   (default: ../shared/corpus, then /work/shared/corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-}"
if [ -z "$corpus" ]; then
  for candidate in ../shared/corpus /work/shared/corpus; do
    if [ -f "$candidate/jepsen-etcd/EXPECTED.tsv" ]; then corpus="$candidate"; break; fi
  done
fi
if [ -z "$corpus" ] || [ ! -f "$corpus/jepsen-etcd/EXPECTED.tsv" ]; then
  echo "corpus not found; pass its directory" >&2
  exit 2
fi
swift build -c release --product faultline >&2
bin="$(swift build -c release --show-bin-path)/faultline"

correct=0
total=0
now() { date +%s.%N; }
check() { # FILE EXPECTED(holds|violated)
  local got
  got=$("$bin" verify "$1" --json | sed -n 's/^  "verdict": "\(.*\)",$/\1/p') || true
  total=$((total + 1))
  if [ "$got" = "$2" ]; then correct=$((correct + 1)); else echo "WRONG: $1: expected $2, got ${got:-error}"; fi
}

start=$(now)
while IFS=$'\t' read -r name verdict; do
  [ "$verdict" = linearizable ] && expected=holds || expected=violated
  check "$corpus/jepsen-etcd/$name" "$expected"
done < "$corpus/jepsen-etcd/EXPECTED.tsv"
etcd=$(echo "$(now) - $start" | bc)
printf 'jepsen-etcd 000-049: %.3f s (50 processes)\n' "$etcd"
# One process for all 50 files, as Porcupine's figure is one process: start-up counted once.
start=$(now)
"$bin" verify "$corpus"/jepsen-etcd/etcd_0*.log --json > /dev/null || true
printf 'jepsen-etcd 000-049: %.3f s (one process)\n' "$(echo "$(now) - $start" | bc)"

# Each kv file five times: the fastest and the median, as a shared machine's noise is large.
for file in "$corpus"/porcupine-kv/*.txt; do
  case "$file" in *-ok.txt) expected=holds ;; *) expected=violated ;; esac
  check "$file" "$expected"
  times=()
  for _ in 1 2 3 4 5; do
    start=$(now)
    "$bin" verify "$file" > /dev/null || true
    times+=("$(echo "$(now) - $start" | bc)")
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  printf 'porcupine-kv %s: %.3f s fastest, %.3f s median of 5\n' "$(basename "$file")" "${sorted[0]}" "${sorted[2]}"
done
echo "correct: $correct/$total"
[ "$correct" = "$total" ]
