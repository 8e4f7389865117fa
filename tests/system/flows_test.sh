#!/usr/bin/env bash
# pktscope flows: output formats (NDJSON parses, CSV header, Zeek conn.log header read the way
# zeek-cut reads it), filters, sorting, limit, merged inputs, stdin, BPF, exit codes.
# Expected counts come from tshark's conversation table of the same file
# (tshark -n -q -z conv,tcp -z conv,udp), not from pktscope.
set -euo pipefail
pktscope=$1
. "$(dirname "$0")/support.sh"
# kbandla/dpkt examples/data/http.pcap: tshark lists TCP 145.254.160.237:3372 <->
# 65.208.228.223:80 (16 frames 1351 bytes ->, 18 frames <-), TCP :3371 <-> 216.239.59.99:80
# (3 ->, 4 <-) and UDP :3009 <-> 145.253.2.203:53 (1 frame 89 bytes ->, 1 frame 188 bytes <-).
http=$corpus/kbandla__dpkt/examples/data/http.pcap
[ -f "$http" ] || { echo "flows_test: corpus not found at $corpus" >&2; exit 1; }

run "$pktscope" flows --json --no-timeouts "$http"
[ "$code" = 0 ] || fail "json exit $code: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/out")" = 3 ] || fail "expected 3 flows, got $(wc -l <"$tmp/out")"
python3 - "$tmp/out" <<'PY' || fail "json content"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
big = [r for r in rows if r["orig_p"] == 3372][0]
assert (big["orig_pkts"], big["orig_bytes"], big["resp_pkts"]) == (16, 1351, 18), big
assert big["resp_h"] == "65.208.228.223" and big["resp_p"] == 80
assert big["conn_state"] == "SF" and big["history"].startswith("ShA"), big
dns = [r for r in rows if r["proto"] == "udp"][0]
assert (dns["orig_bytes"], dns["resp_bytes"], dns["service"]) == (89, 188, "dns"), dns
assert [r["ts_ns"] for r in rows] == sorted(r["ts_ns"] for r in rows)
PY

# Zeek conn.log: header lines, then columns found by name as zeek-cut does.
run "$pktscope" flows --format zeek "$http"
[ "$code" = 0 ] || fail "zeek exit $code"
head -1 "$tmp/out" | grep -qx '#separator \\x09' || fail "zeek #separator line"
grep -q $'^#path\tconn$' "$tmp/out" || fail "zeek #path"
grep -q $'^#types\ttime\tstring\taddr\tport' "$tmp/out" || fail "zeek #types"
tail -1 "$tmp/out" | grep -q '^#close' || fail "zeek #close"
states=$(awk -F'\t' '/^#fields/ {for (i = 2; i <= NF; i++) col[$i] = i - 1; next}
                     /^#/ {next} {print $col["id.resp_p"] "/" $col["conn_state"]}' "$tmp/out" |
         sort | tr '\n' ' ')
[ "$states" = "53/SF 80/OTH 80/SF " ] || fail "zeek columns: $states"

run "$pktscope" flows --csv --proto udp "$http"
[ "$(head -1 "$tmp/out" | cut -d, -f1-3)" = "ts,uid,orig_h" ] || fail "csv header"
[ "$(wc -l <"$tmp/out")" = 2 ] || fail "csv --proto udp rows"

run "$pktscope" flows --json --sort bytes --limit 1 "$http"
grep -q '"orig_p":3372' "$tmp/out" || fail "--sort bytes --limit 1"
run "$pktscope" flows --json --host 216.239.59.99 --state oth "$http"
[ "$(wc -l <"$tmp/out")" = 1 ] || fail "--host/--state"
run "$pktscope" flows --json --port 53 --filter 'udp' "$http"
[ "$(wc -l <"$tmp/out")" = 1 ] || fail "--port/--filter"

# --read-ahead (reading on a second thread) gives the same rows.
run "$pktscope" flows --json --no-timeouts "$http"
cp "$tmp/out" "$tmp/plain.json"
run "$pktscope" flows --json --no-timeouts --read-ahead "$http"
[ "$code" = 0 ] || fail "--read-ahead exit $code: $(cat "$tmp/err")"
cmp -s "$tmp/out" "$tmp/plain.json" || fail "--read-ahead changes the rows"

# Merged inputs (the same file twice: every flow twice as many packets) and stdin.
run "$pktscope" flows --json --no-timeouts "$http" - <"$http"
[ "$code" = 0 ] || fail "stdin exit $code"
grep -q '"orig_pkts":32' "$tmp/out" || fail "merged packets"

# A TCP connection that is over (FINs from both sides) ends after 5 s without packets
# (--tcp-close-timeout, Zeek's tcp_close_delay). zeek/zeek's socks.pcap has FINs retransmitted
# long after its connection closed; tshark's frames tell where the second flow must start:
# at the first frame after both sides' FINs that follows more than 5 s of silence.
socks=$corpus/zeek__zeek/testing/btest/Traces/socks.pcap
tshark -n -r "$socks" -T fields -e frame.time_epoch -e ip.src -e tcp.flags.fin \
  >"$tmp/frames.tsv" 2>/dev/null || fail "tshark on socks.pcap"
split=$(python3 - "$tmp/frames.tsv" <<'PY'
import sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
fins, prev = set(), None
for n, (ts, src, fin) in enumerate(rows):
    t = float(ts)
    if len(fins) == 2 and t - prev > 5:
        print(n, len(rows) - n)
        break
    if fin.strip() in ("1", "True"):
        fins.add(src)
    prev = t
PY
)
[ -n "$split" ] || fail "socks.pcap: no silence after the close (tshark)"
run "$pktscope" flows --json "$socks"
[ "$code" = 0 ] || fail "socks exit $code"
got=$(python3 -c 'import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(" ".join(str(r["orig_pkts"] + r["resp_pkts"]) for r in rows))' "$tmp/out")
[ "$got" = "$split" ] || fail "close timeout: flows of $got packets, tshark says $split"
run "$pktscope" flows --json --tcp-close-timeout 0 "$socks"
[ "$(wc -l <"$tmp/out")" = 1 ] || fail "--tcp-close-timeout 0: $(wc -l <"$tmp/out") flows"

run "$pktscope" flows --filter 'tcp and' "$http"
[ "$code" = 2 ] || fail "bad BPF: exit $code"
run "$pktscope" flows --state XX "$http"
[ "$code" = 2 ] || fail "bad state: exit $code"
run "$pktscope" flows /nonexistent.pcap
[ "$code" = 3 ] || fail "missing file: exit $code"
echo "$src/README.md" >/dev/null
run "$pktscope" flows "$src/README.md"
[ "$code" = 1 ] || fail "not a capture: exit $code"
echo "flows_test: ok"
