#!/usr/bin/env bash
# Renders a counterexample diagram in headless Chromium (Debian's `chromium` package) and saves
# a screenshot in docs/images/, to check that the page renders and to show it in the docs.
#
#   docs/screenshot.sh primary-backup reply-before-ack
#   docs/screenshot.sh two-phase-commit abort-after-prepare --participants 3
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: docs/screenshot.sh MODEL VARIANT [--PARAM VALUE ...]" >&2; exit 2; }
model=$1; variant=$2; shift 2
command -v chromium >/dev/null || { echo "needs chromium: apt-get install chromium" >&2; exit 2; }
swift build -c release --product faultline >&2
bin=$(swift build -c release --show-bin-path)/faultline
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
status=0; "$bin" check "$model" --variant "$variant" "$@" --diagram "$work/diagram.html" > /dev/null || status=$?
[ "$status" = 1 ] || { echo "expected a violation (exit 1), got exit $status" >&2; exit 1; }
out="docs/images/$model-$variant.png"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1300,1000 \
  --screenshot="$out" "file://$work/diagram.html" 2>/dev/null
echo "wrote $out" >&2
