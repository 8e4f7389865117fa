#!/usr/bin/env bash
# pktscope summary, timeline and top: exit codes, JSON that parses (summary schema fields),
# NDJSON rows, CSV headers, several files and "-", --filter, usage errors, summary's alerts,
# the warning for a capture whose own interface statistics report dropped packets.
# Expected figures come from tshark (-z io,phs, -z endpoints,ip, icmp.type counts) on the
# corpus files named below, not from pktscope itself.
set -euo pipefail
pktscope=$1
. "$(dirname "$0")/support.sh"
# kbandla/dpkt examples/data/http.pcap: 43 frames, 25091 bytes; tshark io,phs: ip 43/25091,
# tcp 41/24814, udp 2/277; endpoints,ip: 145.254.160.237 Tx 20 packets 2323 bytes,
# Rx 23/22768; 65.208.228.223 Tx 18/19344.
http=$corpus/kbandla__dpkt/examples/data/http.pcap
# kbandla/dpkt examples/data/dns_icmp.pcap: 32 frames, 3100 bytes; io,phs udp 10/944,
# icmp 22/2156; icmp.type 0 x10, 8 x12.
dnsicmp=$corpus/kbandla__dpkt/examples/data/dns_icmp.pcap
[ -f "$http" ] && [ -f "$dnsicmp" ] || { echo "summary_test: corpus not found at $corpus" >&2; exit 1; }
json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$tmp/out"; }
phs() { # phs NAME: "frames bytes" of the node NAME summed over the hierarchy
  json_get "' '.join(str(sum(n[k] for n in d['protocol_hierarchy'] if n['protocol']=='$1')) for k in ('frames','bytes'))"
}

# ---- summary ----
run "$pktscope" summary --json "$http"
[ "$code" -eq 0 ] || fail "summary exits $code: $(cat "$tmp/err")"
[ "$(json_get 'd["schema"]')" = pktscope.summary/1 ] || fail "schema"
[ "$(json_get 'd["capture"]["packets"]')" = 43 ] || fail "packets"
[ "$(json_get 'd["capture"]["bytes"]')" = 25091 ] || fail "bytes"
[ "$(phs ip)" = "43 25091" ] || fail "phs ip: $(phs ip)"
[ "$(phs tcp)" = "41 24814" ] || fail "phs tcp: $(phs tcp)"
[ "$(phs udp)" = "2 277" ] || fail "phs udp: $(phs udp)"
[ "$(json_get 'd["top"]["src"][0]["address"]')" = 65.208.228.223 ] || fail "top src"
[ "$(json_get 'd["top"]["src"][0]["bytes"]')" = 19344 ] || fail "top src bytes"
[ "$(json_get 'd["top"]["dst"][0]["address"]')" = 145.254.160.237 ] || fail "top dst"
[ "$(json_get 'd["top"]["dst"][0]["bytes"]')" = 22768 ] || fail "top dst bytes"
for key in files filter capture protocol_hierarchy classes top host_matrix flows icmp tcp_flags \
           anomalies decode_stopped packet_sizes alerts; do
  [ "$(json_get "'$key' in d")" = True ] || fail "summary JSON lacks $key"
done
[ ! -s "$tmp/err" ] || fail "summary wrote to stderr: $(cat "$tmp/err")"

run "$pktscope" summary "$http"
[ "$code" -eq 0 ] || fail "text summary exits $code"
grep -q "^Protocol hierarchy" "$tmp/out" || fail "text summary has no protocol hierarchy"
grep -q "^Top sources" "$tmp/out" || fail "text summary has no top sources"

# ICMP table and two files merged (one of them from stdin).
run "$pktscope" summary --json "$dnsicmp"
[ "$(json_get '[(r["type"], r["packets"]) for r in d["icmp"]]')" = "[(0, 10), (8, 12)]" ] ||
  fail "icmp rows: $(json_get 'd["icmp"]')"
[ "$(phs icmp)" = "22 2156" ] || fail "phs icmp: $(phs icmp)"
set +e
"$pktscope" summary --json "$http" - <"$dnsicmp" >"$tmp/out" 2>"$tmp/err"
code=$?
set -e
[ "$code" -eq 0 ] || fail "two files exit $code: $(cat "$tmp/err")"
[ "$(json_get 'd["capture"]["packets"]')" = 75 ] || fail "two files: packets"
[ "$(json_get 'd["capture"]["bytes"]')" = 28191 ] || fail "two files: bytes"

# --filter: tshark -Y udp on http.pcap gives 2 frames.
run "$pktscope" summary --json --filter udp "$http"
[ "$code" -eq 0 ] || fail "--filter exits $code"
[ "$(json_get 'd["capture"]["packets"]')" = 2 ] || fail "--filter udp packets"
run "$pktscope" summary --filter 'not a filter ((' "$http"
[ "$code" -eq 2 ] || fail "bad filter exits $code, want 2"
run "$pktscope" summary "$tmp/missing.pcap"
[ "$code" -eq 3 ] || fail "missing file exits $code, want 3"
printf 'not a capture at all' >"$tmp/junk.pcap"
run "$pktscope" summary "$tmp/junk.pcap"
[ "$code" -eq 1 ] || fail "junk exits $code, want 1"
# A file cut inside a record: the packets before count, exit 1.
head -c 20000 "$http" >"$tmp/cut.pcap"
run "$pktscope" summary --json "$tmp/cut.pcap"
[ "$code" -eq 1 ] || fail "cut file exits $code, want 1"
[ "$(json_get 'd["capture"]["complete"]')" = False ] || fail "cut file: complete"
grep -q "offset" "$tmp/err" || fail "cut file: no offset on stderr"
cp "$tmp/out" "$tmp/cut.json"

# --read-ahead reads on a second thread: the same document (whose figures the checks above
# tie to tshark), on a capture of many read-ahead blocks and on the cut one.
"$pktscope" synth -q --seed 3 --packets 20000 --attacks -o "$tmp/many.pcap"
run "$pktscope" summary --json "$tmp/many.pcap"
[ "$code" -eq 0 ] || fail "synth capture exits $code"
cp "$tmp/out" "$tmp/many.json"
run "$pktscope" summary --json --read-ahead "$tmp/many.pcap"
[ "$code" -eq 0 ] || fail "--read-ahead exits $code: $(cat "$tmp/err")"
cmp -s "$tmp/out" "$tmp/many.json" || fail "--read-ahead changes the summary"
run "$pktscope" summary --json --read-ahead "$tmp/cut.pcap"
[ "$code" -eq 1 ] || fail "--read-ahead on the cut file exits $code, want 1"
cmp -s "$tmp/out" "$tmp/cut.json" || fail "--read-ahead changes the summary of the cut file"

# ---- alerts of the default detectors, in the same pass ----
# A synthetic capture with one labelled SYN port scan: the label file (written by synth, not
# by the detectors) names the attacker and the victim; summary must report a port_scan alert
# from that attacker, also when reading standard input (one pass), and list exactly the
# alerts `pktscope detect --json` reports on the same file. Alerts leave the exit status 0.
"$pktscope" synth -o "$tmp/scan.pcap" --labels "$tmp/scan.labels.json" --packets 3000 \
  --duration 2m --seed 5 --event port_scan:type=syn,at=30s -q ||
  fail "synth exits $?"
attacker=$(python3 -c "import json,sys; e=json.load(open(sys.argv[1]))['events']; \
assert len(e) == 1 and e[0]['kind'] == 'port_scan', e; print(e[0]['attackers'][0])" \
  "$tmp/scan.labels.json")
victim=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['events'][0]['victims'][0])" \
  "$tmp/scan.labels.json")
run "$pktscope" summary --json "$tmp/scan.pcap"
[ "$code" -eq 0 ] || fail "summary with alerts exits $code: $(cat "$tmp/err")"
cp "$tmp/out" "$tmp/scan.summary.json"
[ "$(json_get "any(a['kind'] == 'port_scan' and a['src'] == '$attacker' and a['dst'] == '$victim' \
  for a in d['alerts']['list'])")" = True ] ||
  fail "no port_scan alert from $attacker to $victim: $(json_get 'd["alerts"]')"
[ "$(json_get "d['alerts']['total'] == len(d['alerts']['list']) and \
  d['alerts']['by_kind']['port_scan'] == sum(a['kind'] == 'port_scan' for a in d['alerts']['list']) \
  and sum(d['alerts']['by_severity'].values()) == d['alerts']['total']")" = True ] ||
  fail "alert counts disagree with the list"
set +e
"$pktscope" detect --json --no-progress "$tmp/scan.pcap" >"$tmp/scan.detect.ndjson" 2>"$tmp/err"
code=$?
set -e
[ "$code" -eq 10 ] || fail "detect exits $code, want 10 (alerts)"
python3 - "$tmp/scan.summary.json" "$tmp/scan.detect.ndjson" <<'PY' || fail "summary and detect alerts differ"
import json, sys
summary = json.load(open(sys.argv[1]))["alerts"]["list"]
detect = [json.loads(line) for line in open(sys.argv[2])]
assert detect and summary == detect, (len(summary), len(detect))
PY
# Standard input: the alerts come from the same single pass.
set +e
"$pktscope" summary --json - <"$tmp/scan.pcap" >"$tmp/out" 2>"$tmp/err"
code=$?
set -e
[ "$code" -eq 0 ] || fail "summary of stdin exits $code"
[ "$(json_get "[a['kind'] for a in d['alerts']['list']] == \
  [a['kind'] for a in json.load(open('$tmp/scan.summary.json'))['alerts']['list']]")" = True ] ||
  fail "stdin alerts differ from the file's"
run "$pktscope" summary "$tmp/scan.pcap"
[ "$code" -eq 0 ] || fail "text summary with alerts exits $code"
grep -q "^Alerts" "$tmp/out" || fail "text summary has no alerts section"
grep -qE "^  [0-9T:.-]+Z +port_scan +[a-z]+ +$attacker +$victim " "$tmp/out" ||
  fail "text alerts table lacks the scan: $(sed -n '/^Alerts/,$p' "$tmp/out")"
run "$pktscope" summary --json --no-alerts "$tmp/scan.pcap"
[ "$code" -eq 0 ] || fail "--no-alerts exits $code"
[ "$(json_get 'd["alerts"] is None')" = True ] || fail "--no-alerts: alerts not null"
# -n limits the text table and counts the rest.
run "$pktscope" summary -n 1 "$tmp/scan.pcap"
total=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['alerts']['total'])" \
  "$tmp/scan.summary.json")
if [ "$total" -gt 1 ]; then
  grep -q "and $((total - 1)) more" "$tmp/out" || fail "-n 1: no count of the other alerts"
fi

# ---- timeline ----
run "$pktscope" timeline --json --interval 10s --align first "$http"
[ "$code" -eq 0 ] || fail "timeline exits $code"
# http.pcap spans 30.39 s: four 10 s rows from the first packet.
[ "$(wc -l <"$tmp/out")" -eq 4 ] || fail "timeline rows: $(wc -l <"$tmp/out")"
python3 - "$tmp/out" <<'PY' || fail "timeline NDJSON"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert sum(r["packets"] for r in rows) == 43, rows
assert sum(r["bytes"] for r in rows) == 25091
assert all(r["tcp_packets"] + r["udp_packets"] == r["packets"] for r in rows)
PY
run "$pktscope" timeline --csv "$http"
[ "$code" -eq 0 ] || fail "timeline --csv exits $code"
head -1 "$tmp/out" | grep -q '^start,start_ns,packets,bytes,tcp_packets,tcp_bytes,' ||
  fail "timeline CSV header: $(head -1 "$tmp/out")"
run "$pktscope" timeline --interval 0s "$http"
[ "$code" -eq 2 ] || fail "--interval 0s exits $code, want 2"
run "$pktscope" timeline --json --csv "$http"
[ "$code" -eq 2 ] || fail "--json --csv exits $code, want 2"

# ---- top ----
run "$pktscope" top --json --by packets --what src -n 2 "$http"
[ "$code" -eq 0 ] || fail "top exits $code"
[ "$(json_get 'len(d)')" = 2 ] || fail "top -n 2"
[ "$(json_get 'd[0]["address"], d[0]["packets"]')" = "145.254.160.237 20" ] ||
  fail "top by packets: $(json_get 'd[0]')"
run "$pktscope" top --csv --what pair "$http"
[ "$code" -eq 0 ] || fail "top --csv exits $code"
[ "$(head -1 "$tmp/out")" = "rank,host_a,host_b,packets,bytes,flows,share_bytes" ] ||
  fail "top CSV header: $(head -1 "$tmp/out")"
run "$pktscope" top --what port --by flows "$http"
[ "$code" -eq 0 ] || fail "top ports exits $code"
grep -q "80/tcp" "$tmp/out" || fail "top ports lacks 80/tcp"
run "$pktscope" top --by nothing "$http"
[ "$code" -eq 2 ] || fail "bad --by exits $code, want 2"
# A pcapng whose Interface Statistics Block reports drops: the counts come out on stderr as a
# warning naming the file and the interface, and in info's JSON.
pcapng_with_counters "$tmp/drops.pcapng"
run "$pktscope" summary --no-alerts "$tmp/drops.pcapng"
[ "$code" -eq 0 ] || fail "summary of a capture with drops exits $code: $(cat "$tmp/err")"
grep -qF "$tmp/drops.pcapng: interface #0: warning: counters: 1000 received, 7 dropped by the interface, 3 dropped by the OS; the figures miss the dropped packets" "$tmp/err" ||
  fail "no warning of the dropped packets: $(cat "$tmp/err")"
run "$pktscope" summary --json --no-alerts "$tmp/drops.pcapng"
[ "$(json_get 'd["capture"]["dropped_while_capturing"]')" = 10 ] ||
  fail "summary --json dropped_while_capturing: $(json_get 'd["capture"]')"
run "$pktscope" summary --no-alerts "$tmp/drops.pcapng"
grep -qE '^  Dropped: +10 packets while capturing' "$tmp/out" || fail "no Dropped line: $(cat "$tmp/out")"
run "$pktscope" info --json "$tmp/drops.pcapng"
[ "$(json_get 'd[0]["interfaces"][0]["stats_dropped"], d[0]["interfaces"][0]["stats_os_dropped"]')" = "7 3" ] ||
  fail "info --json interface counters: $(cat "$tmp/out")"
run "$pktscope" summary --json --no-alerts "$http" # a capture without counters says nothing of them
if grep -q "counters" "$tmp/err"; then fail "counters line for a capture without them: $(cat "$tmp/err")"; fi
[ "$(json_get 'd["capture"]["dropped_while_capturing"]')" = None ] ||
  fail "dropped_while_capturing of a capture without counters: $(json_get 'd["capture"]')"
echo "summary_test: ok"
