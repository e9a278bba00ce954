#!/usr/bin/env bash
# Measures `faultline verify LOG --model two-phase-commit` on long logs of random runs of the
# model (Benchmarks/ConformanceLog): time and peak resident memory, release build.
#
# usage: Benchmarks/conformance-scale.sh [EVENTS...]   (default: 10000 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product faultline >&2
bin="$(swift build -c release --show-bin-path)/faultline"
(cd Benchmarks && swift build -c release --product conformance-log >&2)
generate="$(cd Benchmarks && swift build -c release --show-bin-path)/conformance-log"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
[ $# -gt 0 ] || set -- 10000 100000 1000000
for events in "$@"; do
  "$generate" "$events" 3 1 > "$dir/log.jsonl"
  size=$(du -m "$dir/log.jsonl" | cut -f1)
  for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$dir/time" "$bin" verify "$dir/log.jsonl" --model two-phase-commit \
      --participants 3 --json > "$dir/out" || true
    read -r seconds kb < "$dir/time"
    verdict=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$dir/out")
    printf '%s events (%s MB): %s, %s s, %s MB peak RSS\n' "$events" "$size" "$verdict" "$seconds" \
      "$((kb / 1024))"
  done
done
