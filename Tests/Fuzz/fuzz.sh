#!/usr/bin/env bash
# Builds and runs one libFuzzer target over Faultline's sources (docs/fuzzing.md).
#
#   Tests/Fuzz/fuzz.sh TARGET RUNS [extra libFuzzer flags...]
#
# TARGET is one of: decode-jsonl decode-edn decode-log decode-porcupine verify cli
# (or `list` to print them). RUNS is libFuzzer's -runs. The layers are compiled with swiftc,
# one module each (as SwiftPM does, with the same package name so `package` declarations are
# visible), into .build/fuzz/<sanitizers>/; a module is rebuilt only when one of its sources or
# a module it imports changed. The corpus starts from a copy of traces/ (never written to) and
# lives in .build/fuzz/corpus/TARGET, so later runs continue from what earlier runs found.
# Crashes and their reproducers go to .build/fuzz/findings/TARGET.
#
# Environment: FUZZ_SANITIZERS (default fuzzer,address), FUZZ_MAX_TOTAL_TIME (seconds, default
# 3600).
set -euo pipefail

TARGETS="decode-jsonl decode-edn decode-log decode-porcupine verify cli"
target="${1:-}"
runs="${2:-}"
if [[ "$target" == "list" ]]; then
  echo "$TARGETS"
  exit 0
fi
if [[ -z "$target" || -z "$runs" || " $TARGETS " != *" $target "* ]]; then
  echo "usage: $0 TARGET RUNS [libFuzzer flags...]   (TARGET: $TARGETS)" >&2
  exit 2
fi
shift 2

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sanitizers="${FUZZ_SANITIZERS:-fuzzer,address}"
build="$root/.build/fuzz/${sanitizers//,/-}"
mkdir -p "$build"
# FaultlineCore imports the C target FaultlinePrefetch, whose one function is inline in its
# header: swiftc needs a module map for it, as SwiftPM writes one.
mkdir -p "$build/FaultlinePrefetch"
printf 'module FaultlinePrefetch {\n  header "%s"\n  export *\n}\n' \
  "$root/Sources/FaultlinePrefetch/include/FaultlinePrefetch.h" > "$build/FaultlinePrefetch/module.modulemap"
swiftc_flags=(-O -swift-version 6 -package-name faultline -parse-as-library -sanitize="$sanitizers" -I "$build"
  -I "$build/FaultlinePrefetch")

# Serialises builds of the shared modules when several targets start at once.
exec 9>"$build/.lock"
flock 9

# build_module NAME FOLDER [EXTRA_SOURCE...]: compiles one module into $build/NAME.o and
# $build/NAME.swiftmodule when a source, or a module built before it (the layers below), is newer.
built=()
build_module() {
  local name="$1" folder="$2"
  shift 2
  local sources
  mapfile -t sources < <(find "$root/$folder" -name '*.swift' | LC_ALL=C sort)
  sources+=("$@")
  local object="$build/$name.o"
  local stale=0
  if [[ ! -f "$object" || ! -f "$build/$name.swiftmodule" ]]; then
    stale=1
  else
    for input in "${sources[@]}" "${built[@]}"; do
      if [[ "$input" -nt "$object" ]]; then
        stale=1
        break
      fi
    done
  fi
  if [[ $stale == 1 ]]; then
    echo "fuzz.sh: compiling $name" >&2
    swiftc "${swiftc_flags[@]}" -module-name "$name" -wmo -emit-module \
      -emit-module-path "$build/$name.swiftmodule" -c -o "$object.tmp" "${sources[@]}"
    mv "$object.tmp" "$object"
  fi
  built+=("$object")
}

build_module FaultlineCore Sources/FaultlineCore
build_module FaultlineConsistency Sources/FaultlineConsistency
build_module FaultlineSystem Sources/FaultlineSystem
build_module FaultlineTrace Sources/FaultlineTrace
objects=("$build/FaultlineCore.o" "$build/FaultlineConsistency.o" "$build/FaultlineSystem.o" "$build/FaultlineTrace.o")
seeds=()
case "$target" in
  decode-jsonl) entry=DecodeJSONLines.swift; seeds=(jsonl) ;;
  decode-edn) entry=DecodeJepsenEDN.swift; seeds=(jepsen-edn) ;;
  decode-log) entry=DecodeJepsenLog.swift; seeds=(jepsen-log) ;;
  decode-porcupine) entry=DecodePorcupineKV.swift; seeds=(porcupine-kv) ;;
  verify) entry=VerifyTrace.swift; seeds=(jsonl jepsen-edn jepsen-log porcupine-kv) ;;
  cli) entry="" ;;
esac

binary="$build/fuzz-$target"
if [[ "$target" == cli ]]; then
  # The parser is internal to FaultlineCLI: the entry is compiled into that module.
  build_module FaultlineReport Sources/FaultlineReport
  build_module Faultline Sources/Faultline
  build_module FaultlineModels models
  build_module FaultlineCLI Sources/FaultlineCLI "$root/Tests/Fuzz/FuzzCLI.swift"
  objects+=("$build/FaultlineReport.o" "$build/Faultline.o" "$build/FaultlineModels.o" "$build/FaultlineCLI.o")
  link_inputs=()
  newest="$build/FaultlineCLI.o"
else
  link_inputs=("$root/Tests/Fuzz/$entry")
  newest="$root/Tests/Fuzz/$entry"
fi
stale=0
[[ -f "$binary" ]] || stale=1
for input in "${objects[@]}" "$newest"; do [[ "$input" -nt "$binary" ]] && stale=1; done
if [[ $stale == 1 ]]; then
  echo "fuzz.sh: linking $binary" >&2
  swiftc "${swiftc_flags[@]}" -module-name "Fuzz_${target//-/_}" "${link_inputs[@]}" "${objects[@]}" -lm -o "$binary"
fi
flock -u 9

# The corpus: the sample traces copied, once; for the CLI, argument vectors written here.
corpus="$root/.build/fuzz/corpus/$target"
findings="$root/.build/fuzz/findings/$target"
mkdir -p "$corpus" "$findings"
for folder in "${seeds[@]}"; do
  for file in "$root/traces/$folder"/*; do
    cp -n "$file" "$corpus/seed-$folder-$(basename "$file")"
  done
done
if [[ "$target" == verify ]]; then
  # The options header (Tests/Fuzz/VerifyTrace.swift): streamed, sequential, independent.
  for file in "$root"/traces/jsonl/{kv,register,cas-register}-*.jsonl; do
    { printf '\001\002'; cat "$file"; } > "$corpus/seed-stream-$(basename "$file")"
    { printf '\001\001'; cat "$file"; } > "$corpus/seed-sequential-$(basename "$file")"
  done
  for file in "$root"/traces/jepsen-edn/independent-*.edn; do
    { printf '\001\004'; cat "$file"; } > "$corpus/seed-independent-$(basename "$file")"
  done
fi
if [[ "$target" == cli ]]; then
  seed() { printf '%s\0' "$@" > "$corpus/seed-$(printf '%s' "$*" | cksum | cut -d' ' -f1)"; }
  seed check two-phase-commit --participants 3 --strategy dfs --max-states 100
  seed check paxos --variant broken --time-limit 2.5 --workers 2 --json
  seed check register --replay 0.3.1 --seed 7 --walks 10 --max-depth 20 --exact
  seed check --help
  seed verify a.jsonl --format jepsen-edn --spec cas-register --initial '[1 2]' --consistency sequential
  seed verify x --check consensus --stream --independent --time-limit=1 --diagram d.html
  seed list --json
fi

cd "$findings"
exec "$binary" "$corpus" -runs="$runs" -timeout=5 -rss_limit_mb=2048 \
  -max_total_time="${FUZZ_MAX_TOTAL_TIME:-3600}" -artifact_prefix="$findings/" -print_final_stats=1 "$@"
