#!/usr/bin/env bash
# Explorer benchmark: release build, two-phase commit at 8, 9 and 10 participants, each size
# twice: the hand-packed TwoPhase (`packed-two-phase`, Benchmarks/PackedTwoPhase: one word per
# state, the speed limit) and the catalogue's `two-phase-commit`, written on the System layer;
# SPIN on the same instances when it is installed (Debian's `spin`), and every catalogue model at
# its defaults. Prints a Markdown report; with --write it also replaces docs/performance.md's
# results section.
#
#   Benchmarks/run.sh                 # all instances (packed 10 needs ~2 GB and a minute)
#   Benchmarks/run.sh --quick         # 8 and 9 participants only
#   Benchmarks/run.sh --write         # and record the results in docs/performance.md
#
# A System-layer run stops as incomplete after SYSTEM_TIME_LIMIT seconds (default 900), and
# its row says so. SIZES="5 7" measures other participant counts. The System rows check safety
# only (--no-liveness), as SPIN does with -DSAFETY; a separate table measures what checking
# termination adds (LIVENESS_SIZE participants, default 8).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
quick=0; write=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --write) write=1 ;;
    *) echo "usage: Benchmarks/run.sh [--quick] [--write]" >&2; exit 2 ;;
  esac
done

swift build -c release --product faultline >&2
bin=$(swift build -c release --show-bin-path)/faultline
swift build -c release --package-path Benchmarks --product packed-two-phase >&2
packed=$(swift build -c release --package-path Benchmarks --show-bin-path)/packed-two-phase
system_limit=${SYSTEM_TIME_LIMIT:-900}
pml="$root/../shared/oracles/twophase.pml"
sizes=${SIZES:-8 9 10}; [ "$quick" = 1 ] && sizes="8 9"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); v=d.get(sys.argv[2]); print('' if v is None else v)" "$1" "$2"; }

report="$work/report.md"
{
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sm); $(swift --version 2>/dev/null | head -1)"
  echo "Command: \`Benchmarks/run.sh$([ "$quick" = 1 ] && echo ' --quick')\` on $(date -u +%Y-%m-%d)"
  echo
  echo "| instance | model | workers | verdict | distinct states | seconds | states/s | peak memory | bytes/state | SPIN seconds | SPIN states | speed-up vs SPIN |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
} > "$report"

for n in $sizes; do
  # SPIN once per size, compared with the runs on every core.
  spin_secs="-"; spin_states="-"
  if command -v spin >/dev/null && [ -f "$pml" ] && { [ "$n" -le 9 ] || [ "${SPIN_ALL:-0}" = 1 ]; }; then
    (cd "$work" && spin -DN="$n" -a "$pml" >/dev/null && gcc -O2 -DSAFETY -DNOREDUCE -o pan pan.c 2>/dev/null)
    start=$(date +%s.%N)
    (cd "$work" && ./pan -m1000000 -w26 > "pan-$n.txt" 2>&1) || true
    end=$(date +%s.%N)
    spin_secs=$(python3 -c "print(round($end - $start, 2))")
    spin_states=$(awk '/states, stored/{print $1; exit}' "$work/pan-$n.txt")
  fi
  for workers in 1 $(nproc); do
    for kind in packed system; do
      out="$work/2pc-$kind-$n-$workers.json"
      status=0
      if [ "$kind" = packed ]; then
        name="packed-two-phase"
        "$packed" --participants "$n" --workers "$workers" > "$out" || status=$?
      else
        name="two-phase-commit"
        # Safety only, as SPIN runs it (-DSAFETY); the liveness pass is measured below.
        "$bin" check two-phase-commit --participants "$n" --crashes 0 --workers "$workers" \
          --no-liveness --time-limit "$system_limit" --json > "$out" || status=$?
      fi
      # 3 is a run stopped by its time or memory limit: reported as incomplete, not an error.
      [ "$status" = 0 ] || [ "$status" = 3 ] || { echo "$name $n: exit $status" >&2; exit 1; }
      secs=$(field "$out" seconds); states=$(field "$out" distinctStates); verdict=$(field "$out" verdict)
      rate=$(field "$out" statesPerSecond); peak=$(field "$out" peakMemoryBytes); bps=$(field "$out" bytesPerState)
      ratio="-"
      if [ "$workers" != 1 ] && [ "$spin_secs" != "-" ] && [ "$verdict" = holds ]; then
        ratio=$(python3 -c "print(f'{$spin_secs / $secs:.2f}x')")
      fi
      row_spin_secs="-"; row_spin_states="-"
      [ "$workers" != 1 ] && { row_spin_secs=$spin_secs; row_spin_states=$spin_states; }
      printf '| two-phase commit %s | %s | %s | %s | %s | %s | %s | %s MB | %s | %s | %s | %s |\n' \
        "$n" "$name" "$workers" "$verdict" "$states" "$secs" "$rate" "$((peak / 1000000))" "$bps" \
        "$row_spin_secs" "$row_spin_states" "$ratio" >> "$report"
    done
  done
done

# The cost of checking termination (a liveness property: a second, edge-keeping pass and the
# fair-cycle search) against the safety search alone, on the same instance (#14's target: at most
# 3x the time and the memory).
live_n=${LIVENESS_SIZE:-8}
{
  echo
  echo "Liveness against safety only, two-phase commit with $live_n participants:"
  echo
  echo "| workers | safety only: seconds | peak memory | with termination: seconds | peak memory | time ratio | memory ratio |"
  echo "|---|---|---|---|---|---|---|"
} >> "$report"
for workers in 1 $(nproc); do
  "$bin" check two-phase-commit --participants "$live_n" --workers "$workers" --no-liveness --json > "$work/safety.json" || true
  "$bin" check two-phase-commit --participants "$live_n" --workers "$workers" --json > "$work/live.json" || true
  s_secs=$(field "$work/safety.json" seconds); s_peak=$(field "$work/safety.json" peakMemoryBytes)
  l_secs=$(field "$work/live.json" seconds); l_peak=$(field "$work/live.json" peakMemoryBytes)
  printf '| %s | %s | %s MB | %s | %s MB | %s | %s |\n' "$workers" "$s_secs" "$((s_peak / 1000000))" \
    "$l_secs" "$((l_peak / 1000000))" "$(python3 -c "print(f'{$l_secs / $s_secs:.2f}x')")" \
    "$(python3 -c "print(f'{$l_peak / $s_peak:.2f}x')")" >> "$report"
done

{
  echo
  echo "Catalogue models at their default parameters (correct variant, $(nproc) workers):"
  echo
  echo "| model | verdict | distinct states | seconds | states/s | bytes/state |"
  echo "|---|---|---|---|---|---|"
} >> "$report"
for model in $("$bin" list --json | python3 -c "import json,sys; print(' '.join(m['name'] for m in json.load(sys.stdin)['models']))"); do
  out="$work/$model.json"
  "$bin" check "$model" --json > "$out" || true
  printf '| %s | %s | %s | %s | %s | %s |\n' "$model" "$(field "$out" verdict)" "$(field "$out" distinctStates)" \
    "$(field "$out" seconds)" "$(field "$out" statesPerSecond)" "$(field "$out" bytesPerState)" >> "$report"
done

cat "$report"
if [ "$write" = 1 ]; then
  python3 - "$root/docs/performance.md" "$report" <<'PY'
import sys
doc, report = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
start, end = "<!-- results -->", "<!-- /results -->"
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
open(doc, "w").write(head + start + "\n" + report + end + tail)
PY
  echo "wrote docs/performance.md" >&2
fi
