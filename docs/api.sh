#!/usr/bin/env bash
# Builds the API documentation of every Faultline layer as a static site with the toolchain's
# own tools (no package plugin, so no dependency): `swift package dump-symbol-graph` writes the
# symbol graphs, docc turns each module's into a static HTML site in .build/api/MODULE.
# Usage: bash docs/api.sh, then serve a site and open it:
#   python3 -m http.server -d .build/api/FaultlineCore 8000   # http://localhost:8000/documentation/faultlinecore
set -euo pipefail
cd "$(dirname "$0")/.."
swift package dump-symbol-graph --minimum-access-level public >/dev/null
graphs=$(find .build -type d -name symbolgraph -path "*$(uname -m)*" | head -1)
mkdir -p .build/api
for module in FaultlineCore FaultlineConsistency FaultlineSystem FaultlineTrace FaultlineReport FaultlineModels; do
  one=.build/symbol-graphs-$module
  rm -rf "$one" && mkdir -p "$one"
  find "$graphs" -maxdepth 1 \( -name "$module.symbols.json" -o -name "$module@*.symbols.json" \) \
    -exec cp {} "$one"/ \;
  catalog=()
  [ "$module" = FaultlineCore ] && catalog=(docs/Faultline.docc)
  docc convert "${catalog[@]}" --additional-symbol-graph-dir "$one" \
    --fallback-display-name "$module" --fallback-bundle-identifier "org.faultline.$module" \
    --transform-for-static-hosting --output-path ".build/api/$module" >/dev/null
  echo "built .build/api/$module"
done
