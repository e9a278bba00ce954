#!/usr/bin/env bash
# Measures `faultline verify` on generated histories of growing length: time and peak resident
# memory, to show that a streamed check's memory does not grow with the trace. Two kinds: a
# key-value store (8 clients, 100 keys) and one CAS register whose 8 clients always overlap
# (never a quiescent point: the cut is at the oldest running operation, see
# Sources/FaultlineConsistency/StreamingCheck.swift).
#
# usage: Benchmarks/verify-scale.sh [EVENTS...]   (default: 1000000 4000000)
#        FAULTLINE_BIN=.build-release/release/faultline Benchmarks/verify-scale.sh  (a binary already built)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${FAULTLINE_BIN:-}"
if [ -z "$bin" ]; then
  swift build -c release --product faultline >&2
  bin="$(swift build -c release --show-bin-path)/faultline"
fi
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
[ $# -gt 0 ] || set -- 1000000 4000000
for events in "$@"; do
  for kind in kv register; do
    python3 "Benchmarks/generate-$kind-history.py" "$events" > "$dir/h.jsonl"
    size=$(du -m "$dir/h.jsonl" | cut -f1)
    for run in 1 2 3; do
      /usr/bin/time -f "%e %M" -o "$dir/time" "$bin" verify --stream "$dir/h.jsonl" > "$dir/out" || true
      read -r seconds kb < "$dir/time"
      printf '%s-event %s history (%s MB): %s, %s s, %s MB peak RSS\n' "$events" "$kind" "$size" \
        "$(sed -n '1s/.*: \([a-z]*\) .*/\1/p' "$dir/out")" "$seconds" "$((kb / 1024))"
    done
  done
done
