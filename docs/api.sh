#!/usr/bin/env bash
# Builds the API documentation of every Faultline layer as a static site with the toolchain's
# own docc (no package plugin, so no dependency): symbol graphs from the compiler, one docc
# archive per module, then a static HTML export in .build/api/MODULE.
# Usage: bash docs/api.sh      then open .build/api/FaultlineCore/documentation/faultlinecore/index.html
set -euo pipefail
cd "$(dirname "$0")/.."
graphs=.build/symbol-graphs
rm -rf "$graphs" && mkdir -p "$graphs"
swift build -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$PWD/$graphs" >/dev/null
for module in FaultlineCore FaultlineConsistency FaultlineSystem FaultlineTrace FaultlineReport FaultlineModels; do
  one=.build/symbol-graphs-$module
  rm -rf "$one" && mkdir -p "$one"
  cp "$graphs/$module".symbols.json "$graphs/$module"@*.symbols.json "$one"/ 2>/dev/null || true
  catalog=()
  [ "$module" = FaultlineCore ] && catalog=(docs/Faultline.docc)
  docc convert "${catalog[@]}" --additional-symbol-graph-dir "$one" \
    --fallback-display-name "$module" --fallback-bundle-identifier "org.faultline.$module" \
    --transform-for-static-hosting --output-path ".build/api/$module" >/dev/null
  echo "built .build/api/$module"
done
