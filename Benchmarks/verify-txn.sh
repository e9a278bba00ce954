#!/usr/bin/env bash
# Measures `faultline verify` on generated transactional histories (Elle's list-append and
# rw-register): 100,000 transactions over 1,000 keys by default, one at a time or 10 in flight
# (strictly serializable), and list-append with 1% stale reads (anomalies in many components).
# Time and peak resident memory.
#
# usage: Benchmarks/verify-txn.sh [TRANSACTIONS [KEYS]]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product faultline >&2
bin="$(swift build -c release --show-bin-path)/faultline"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
transactions=${1:-100000}
keys=${2:-1000}
for shape in "list-append 0 1" "list-append 0 10" "rw-register 0 1" "rw-register 0 10" "list-append 0.01 1"; do
  set -- $shape
  python3 Benchmarks/generate-txn-history.py "$transactions" "$keys" "$1" "$2" "$3" > "$dir/h.edn"
  size=$(du -m "$dir/h.edn" | cut -f1)
  for model in strict-serializable serializable; do
    /usr/bin/time -f "%e %M" -o "$dir/time" "$bin" verify "$dir/h.edn" --consistency "$model" > "$dir/out" || true
    # A failing exit puts a "Command exited" line first.
    read -r seconds kb < <(tail -1 "$dir/time")
    printf '%s, stale %s, %s in flight, %s transactions over %s keys (%s MB), %s: %s, %s s, %s MB peak RSS\n' \
      "$1" "$2" "$3" "$transactions" "$keys" "$size" "$model" "$(sed -n '1s/.*: \([a-z]*\) .*/\1/p' "$dir/out")" "$seconds" \
      "$((kb / 1024))"
  done
done
