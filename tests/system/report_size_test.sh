#!/usr/bin/env bash
# pktscope report stays small on big input: the report of a synthetic capture of at least
# 5 million packets (streamed from `pktscope synth` through a pipe, so nothing large touches
# the disk) must be under 5 MB, with the packet count in its embedded summary and its series
# bounded. Skipped in sanitizer builds, where the pass would take minutes.
set -euo pipefail
pktscope=$1
if grep -aq "__asan_init" "$pktscope"; then
  echo "report_size_test: skipped in a sanitizer build"
  exit 0
fi
. "$(dirname "$0")/support.sh"

"$pktscope" synth --attacks --packets 5000000 --seed 11 -q -o - |
  "$pktscope" report - -o "$tmp/report.html" --no-progress
size=$(stat -c %s "$tmp/report.html")
echo "report of the 5M-packet capture: $size bytes"
[ "$size" -lt 5000000 ] || fail "report is $size bytes, limit 5000000"
python3 - "$tmp/report.html" <<'PY'
import json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
doc = json.loads(re.search(r'id="pktscope-data">(.*?)</script>', page, re.S).group(1))
packets = doc["summary"]["capture"]["packets"]
assert packets >= 5_000_000, f"only {packets} packets"
assert len(doc["series"]["packets"]["tcp"]) <= 3000
assert doc["size_density"]["columns"] <= 240
assert sum(sum(v) for v in doc["series"]["packets"].values()) == packets
print(f"{packets} packets, {len(doc['series']['packets']['tcp'])} series points, "
      f"{len(doc['alerts'])} alerts, {len(doc['alert_flows'])} alert flows")
PY
echo "report_size_test: ok"
