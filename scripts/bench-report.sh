#!/usr/bin/env bash
# Report render time: builds the report of a synthetic capture of about 5 million packets and
# measures, in headless Chromium (tests/browser/report.test.mjs), the time from navigation to
# every chart rendered. Prints the report's size and generation time, and each run's render
# time and their median. Target: under 3 s.
#
#   scripts/bench-report.sh [BUILD_DIR] [RUNS]     (default build/release, 5 runs)
set -euo pipefail
build=${1:-build/release}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
pktscope=$build/cli/pktscope
modules=$build/report/node_modules
[ -x "$pktscope" ] || { echo "bench-report: $pktscope not built" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

start=$(date +%s.%N)
"$pktscope" synth --attacks --packets 5000000 --seed 11 -q -o - |
  "$pktscope" report - -o "$tmp/report.html" --no-progress
end=$(date +%s.%N)
packets=$(python3 -c "import json,re,sys; p=open(sys.argv[1]).read(); \
print(json.loads(re.search(r'id=\"pktscope-data\">(.*?)</script>', p, re.S).group(1))['summary']['capture']['packets'])" "$tmp/report.html")
echo "packets:        $packets"
echo "report size:    $(stat -c %s "$tmp/report.html") bytes"
echo "synth+report:   $(echo "$end - $start" | bc) s (wall, one pipeline)"
times=()
for i in $(seq "$runs"); do
  t=$(node "$root/tests/browser/report.test.mjs" --report "$tmp/report.html" \
        --node-modules "$modules" | sed -n 's/^render_ms //p')
  echo "render run $i:   $t ms"
  times+=("$t")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "render median:  $median ms (target < 3000 ms)"
