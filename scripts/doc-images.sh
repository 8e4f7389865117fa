#!/usr/bin/env bash
# Regenerates the README's pictures with pktscope's own commands: a screenshot of the HTML
# report (first screens, headless Chromium) and the traffic plot, both of a
# `pktscope synth --attacks` capture, into docs/images/.
#
#   scripts/doc-images.sh [BUILD_DIR]     (default build/release)
set -euo pipefail
build=${1:-build/release}
root=$(cd "$(dirname "$0")/.." && pwd)
pktscope=$build/cli/pktscope
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$root/docs/images"
"$pktscope" synth --attacks --seed 7 -q -o "$tmp/a.pcap"
"$pktscope" report "$tmp/a.pcap" --title "synth --attacks --seed 7" -o "$tmp/report.html" --no-progress
node "$root/tests/browser/report.test.mjs" --report "$tmp/report.html" \
  --node-modules "$build/report/node_modules" --top-screenshot "$root/docs/images/report.png" \
  --top-height 1560 --width 1200
"$pktscope" plot traffic "$tmp/a.pcap" -o "$root/docs/images/plot-traffic.png" --width 900 \
  --height 400 --no-progress
ls -l "$root/docs/images/report.png" "$root/docs/images/plot-traffic.png"
