#!/usr/bin/env bash
# Live capture (--interface) on loopback: a known number of UDP datagrams sent to 127.0.0.1 while
# `flows` and `summary` capture must be counted exactly (the sender's count is the check); the
# capture ends by --duration, by --packets and by Ctrl-C (SIGINT), each time with the command's
# full report and the kernel's counters on stderr; an interface that does not exist is an I/O
# error naming it. Usage errors need no root and are checked first. The capture part needs root
# (capturing on lo) and python3 (the sender); without them it prints SKIP for that part.
set -euo pipefail
pktscope=$1
source "$(dirname "$0")/support.sh"

# Usage errors: files and --interface together; live-only options without --interface.
[ "$(exit_of "$pktscope" summary --interface lo "$tmp/none.pcap")" = 2 ] ||
  fail "files with --interface: expected exit 2"
grep -q "not both" "$tmp/err" || fail "files with --interface: $(cat "$tmp/err")"
[ "$(exit_of "$pktscope" summary --duration 5s "$tmp/none.pcap")" = 2 ] ||
  fail "--duration without --interface: expected exit 2"
[ "$(exit_of "$pktscope" flows --packets 5 "$tmp/none.pcap")" = 2 ] ||
  fail "--packets without --interface: expected exit 2"

if [ "$(id -u)" -ne 0 ] || ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP: live capture on lo needs root and python3"
  exit 0
fi

# send PORT N DELAY: N datagrams from one socket to 127.0.0.1:PORT after DELAY seconds, 2 ms apart.
send() {
  python3 - "$@" <<'EOF'
import socket, sys, time
port, n, delay = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
time.sleep(delay)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(n):
    s.sendto(b"pktscope live %d" % i, ("127.0.0.1", port))
    time.sleep(0.002)
EOF
}

# 1. flows, ended by --duration: one UDP flow of exactly 150 datagrams to the port.
send 39001 150 1.5 &
run timeout 30 "$pktscope" flows --json --interface lo --duration 4s --port 39001
[ "$code" = 0 ] || fail "flows --interface: exit $code: $(cat "$tmp/err")"
grep -q "capturing on lo" "$tmp/err" || fail "no 'capturing on lo' line: $(cat "$tmp/err")"
python3 - "$tmp/out" <<'EOF' || fail "flows: $(cat "$tmp/out")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
udp = [r for r in rows if r["proto"] == "udp" and r["resp_p"] == 39001]
assert len(udp) == 1, rows
assert udp[0]["orig_pkts"] == 150 and udp[0]["resp_pkts"] == 0, udp[0]
assert udp[0]["orig_h"] == "127.0.0.1" and udp[0]["conn_state"] == "S0", udp[0]
EOF
wait

# 2. summary, ended by --packets: exactly that many packets, in a complete report.
send 39002 200 1.5 &
run timeout 30 "$pktscope" summary --json --no-alerts --interface lo --packets 40 --filter "udp port 39002"
[ "$code" = 0 ] || fail "summary --packets: exit $code: $(cat "$tmp/err")"
python3 - "$tmp/out" <<'EOF' || fail "summary --packets: $(head -c 600 "$tmp/out")"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["capture"]["packets"] == 40, j["capture"]
assert j["files"] == ["live capture on lo"], j["files"]
# The filter ran before the count: all 40 are the datagrams, none of the ICMP port
# unreachables loopback sends back for them.
frames = {e["path"]: e["frames"] for e in j["protocol_hierarchy"]}
assert frames.get("eth:ip:udp") == 40 and "eth:ip:icmp" not in frames, frames
# The kernel's counters are there: a number, not null (how many is the kernel's to say).
assert isinstance(j["capture"]["dropped_while_capturing"], int), j["capture"]
EOF
# The kernel's counters at the end, beside what was captured (tcpdump's closing lines).
grep -qE "^pktscope: live capture on lo: 40 packets captured; counters: [0-9]+ received, [0-9]+ dropped by the interface, [0-9]+ dropped by the OS$" "$tmp/err" ||
  fail "summary --packets: no counters line: $(cat "$tmp/err")"
wait

# 3. summary, ended by Ctrl-C: every datagram sent before the signal is in the report.
"$pktscope" summary --json --no-alerts --interface lo --filter "udp port 39003" \
  >"$tmp/int.json" 2>"$tmp/int.err" &
capture=$!
send 39003 100 1.5
sleep 0.5
kill -INT "$capture"
set +e
timeout 10 tail --pid="$capture" -f /dev/null
wait "$capture"
code=$?
set -e
[ "$code" = 0 ] || fail "summary ended by SIGINT: exit $code: $(cat "$tmp/int.err")"
python3 - "$tmp/int.json" <<'EOF' || fail "summary ended by SIGINT: $(head -c 600 "$tmp/int.json")"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["capture"]["packets"] == 100, j["capture"]
EOF

# 4. An interface that does not exist.
run timeout 30 "$pktscope" summary --interface pktscope-none0
[ "$code" = 3 ] || fail "missing interface: exit $code, expected 3"
grep -q -- "--interface pktscope-none0:" "$tmp/err" || fail "missing interface: $(cat "$tmp/err")"

echo "live capture: ok"
