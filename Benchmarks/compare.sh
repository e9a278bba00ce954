#!/usr/bin/env bash
# Before/after table for the System engine: runs two faultline binaries side by side, one
# instance after the other, on every System-layer catalogue model at its defaults and at a
# larger size from docs/models.md, and prints a Markdown table (seconds are wall-clock, one
# worker, so that the two engines are compared without the parallel search in between).
#
#   Benchmarks/compare.sh OLD_BINARY NEW_BINARY [TIME_LIMIT_SECONDS]
#
# NEW_FLAGS is added to the new binary's runs only: NEW_FLAGS=--no-liveness compares the safety
# search alone with a binary from before #14, which had no liveness pass. Models changed between
# the two (fixes for #13), so the table also compares rates: states per second.
set -euo pipefail
old=$1; new=$2; limit=${3:-120}; new_flags=${NEW_FLAGS:-}
instances=(
  "two-phase-commit-system --participants 7|two-phase-commit --participants 7"
  "two-phase-commit-system --participants 8|two-phase-commit --participants 8"
  "paxos-lamport --max-ballot 2"
  "flooding-consensus"
  "flooding-consensus --crashes 2"
  "uniform-consensus"
  "uniform-consensus --processes 4 --crashes 3"
  "rotating-coordinator"
  "paxos"
  "primary-backup"
  "primary-backup --replicas 4 --crashes 3 --clients 1"
  "chain-replication"
  "total-order-multicast"
  "view-synchronous-multicast"
)
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); v=d.get(sys.argv[2]); print('' if v is None else v)" "$1" "$2"; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "| instance | states (before) | seconds before | states (after) | seconds after | speed-up | states/s before | states/s after | rate ratio |"
echo "|---|---|---|---|---|---|---|---|---|"
for instance in "${instances[@]}"; do
  before=${instance%%|*}; after=${instance##*|}
  # shellcheck disable=SC2086
  "$old" check $before --workers 1 --time-limit "$limit" --json > "$work/old.json" 2>/dev/null || true
  # shellcheck disable=SC2086
  "$new" check $after --workers 1 --time-limit "$limit" $new_flags --json > "$work/new.json" 2>/dev/null || true
  s0=$(field "$work/old.json" seconds); n0=$(field "$work/old.json" distinctStates)
  s1=$(field "$work/new.json" seconds); n1=$(field "$work/new.json" distinctStates)
  ratio=$(python3 -c "print(f'{float(\"$s0\") / max(float(\"$s1\"), 1e-3):.1f}x')" 2>/dev/null || echo -)
  r0=$(field "$work/old.json" statesPerSecond); r1=$(field "$work/new.json" statesPerSecond)
  rates=$(python3 -c "print(f'{float(\"$r1\") / max(float(\"$r0\"), 1e-3):.1f}x')" 2>/dev/null || echo -)
  echo "| \`$after\` | $n0 | $s0 | $n1 | $s1 | $ratio | $r0 | $r1 | $rates |"
done
