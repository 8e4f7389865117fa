#!/usr/bin/env bash
# pktscope report in a real browser: the report of a `synth --attacks` capture (as pcapng, with
# interface counters that report dropped packets) opened from file:// in headless Chromium
# (tests/browser/report.test.mjs, playwright-core from the build's npm install of
# report/package-lock.json). The page must make no request and log no error, draw every chart,
# show tables whose rows and totals equal `pktscope summary --json`, name the dropped packets,
# and put every alert of `pktscope detect --json` on its timeline. A full-page screenshot is
# kept in <build>/test-artifacts/report-browser.png.
# Also checked without the browser: the page is one file with its scripts inline, a Content
# Security Policy that forbids any load, and the data document that `report --json` writes.
set -euo pipefail
pktscope=$1
. "$(dirname "$0")/support.sh"
build=${PKTSCOPE_BUILD_DIR:-$(cd "$(dirname "$pktscope")/.." && pwd)}
modules=$build/report/node_modules

[ -d "$modules/playwright-core" ] || fail "playwright-core not installed in $modules (the build runs npm ci)"
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium missing (scripts/install-deps.sh installs it)"

"$pktscope" synth --attacks --seed 7 -q -o "$tmp/synth.pcap"
"$pktscope" convert "$tmp/synth.pcap" "$tmp/a.pcapng"
append_counters "$tmp/a.pcapng"
"$pktscope" report "$tmp/a.pcapng" -o "$tmp/report.html" --no-progress
"$pktscope" report "$tmp/a.pcapng" --json -o "$tmp/report.json" --no-progress
"$pktscope" summary --json "$tmp/a.pcapng" --no-progress >"$tmp/summary.json"
set +e
"$pktscope" detect --json "$tmp/a.pcapng" --no-progress >"$tmp/alerts.ndjson"
code=$?
set -e
[ "$code" -eq 0 ] || [ "$code" -eq 10 ] || fail "detect exited $code"
[ -s "$tmp/alerts.ndjson" ] || fail "detect raised no alert on an attack capture"

# Structure: one file, inline scripts only, CSP that allows no load, the data embedded.
grep -q '<meta http-equiv="Content-Security-Policy" content="default-src .none.' "$tmp/report.html" ||
  fail "no Content-Security-Policy"
python3 - "$tmp/report.html" "$tmp/report.json" "$tmp/summary.json" <<'PY'
import json, re, sys
page, doc, summary = (open(p, encoding="utf-8").read() for p in sys.argv[1:])
m = re.search(r'<script type="application/json" id="pktscope-data">(.*?)</script>', page, re.S)
assert m, "data document not embedded"
embedded = json.loads(m.group(1))
# Outside the inline scripts, no element refers to anything but the page itself.
markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)
refs = re.findall(r"""(?:src|href)\s*=\s*["']?(?!#)([^"'\s>]+)""", markup, re.I)
assert not refs, f"outside references: {refs[:5]}"
assert len(re.findall(r"^<script", page, re.M)) == 3, "expected the data and two inline scripts"
doc = json.loads(doc)
assert embedded == doc, "embedded document differs from report --json"
assert doc["schema"] == "pktscope.report/1"
s = json.loads(summary)
assert s["capture"]["dropped_while_capturing"] == 10, "the appended counters: 7 + 3 dropped"
# The report's summary is summary --json's (same pass, same defaults; files are the same).
for key in ("capture", "classes", "top", "flows", "icmp", "packet_sizes", "protocol_hierarchy"):
    assert doc["summary"][key] == s[key], f"summary.{key} differs from pktscope summary --json"
# Series and histogram account for every packet and byte, and stay bounded.
ser = doc["series"]
n = len(ser["packets"]["tcp"])
assert 0 < n <= 3000, n
assert sum(sum(v) for v in ser["packets"].values()) == s["capture"]["packets"]
assert sum(sum(v) for v in ser["bytes"].values()) == s["capture"]["bytes"]
assert sum(b[2] for b in doc["size_histogram"]["bins"]) == s["capture"]["packets"]
assert sum(c[2] for c in doc["size_density"]["cells"]) == s["capture"]["packets"]
assert sum(sum(v) for v in doc["connections"]["counts"].values()) == s["flows"]["total"]
print("report structure ok:", n, "series points,", len(doc["alerts"]), "alerts")
PY

mkdir -p "$build/test-artifacts"
node "$src/tests/browser/report.test.mjs" --report "$tmp/report.html" --node-modules "$modules" \
  --summary "$tmp/summary.json" --alerts "$tmp/alerts.ndjson" \
  --screenshot "$build/test-artifacts/report-browser.png"
echo "report_browser_test: ok"
