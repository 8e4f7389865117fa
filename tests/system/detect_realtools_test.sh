#!/usr/bin/env bash
# pktscope detect against real tools on loopback ONLY (127.0.0.1): an nmap SYN scan and an
# nmap connect scan of the top 1000 ports, a 5,000-packet hping3 SYN burst and a 3-second
# hping3 ICMP echo flood, each captured by tcpdump on lo into its own file, must be named with the right
# alert kind; ordinary loopback traffic (HTTP fetched by curl from a local python http.server,
# DNS-like UDP to a local port) must raise no alert.
# Installs nothing: needs root, tcpdump, nmap, hping3, curl and python3 (CI runs as
# root with scripts/install-deps.sh); otherwise prints SKIP and exits 0. Every tool runs under
# timeout with a bounded packet count.
set -uo pipefail
pktscope=$1
tmp=$(mktemp -d)
capture_pid=
server_pid=
cleanup() {
  [ -n "$capture_pid" ] && kill "$capture_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: detect_realtools_test needs root (raw sockets, capture on lo)"
  exit 0
fi
for tool in tcpdump nmap hping3 curl python3 timeout; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: detect_realtools_test needs $tool (scripts/install-deps.sh installs it)"
    exit 0
  fi
done

# start_capture NAME: tcpdump on lo, loopback traffic only, into $tmp/NAME.pcap.
start_capture() {
  timeout 120 tcpdump -i lo -U -n -w "$tmp/$1.pcap" host 127.0.0.1 2>"$tmp/$1.tcpdump.err" &
  capture_pid=$!
  for _ in $(seq 50); do # until tcpdump says it listens (at most 5 s)
    grep -q "listening on" "$tmp/$1.tcpdump.err" 2>/dev/null && break
    sleep 0.1
  done
  grep -q "listening on" "$tmp/$1.tcpdump.err" || fail "tcpdump did not start: $(cat "$tmp/$1.tcpdump.err")"
}
stop_capture() {
  sleep 1 # let the last replies arrive
  kill -INT "$capture_pid" 2>/dev/null
  wait "$capture_pid" 2>/dev/null
  capture_pid=
}
# expect_kind NAME KIND [DETECT-OPTION...]: pktscope detect exits 10 and reports KIND.
expect_kind() {
  local code name=$1 kind=$2
  shift 2
  set -- "$name" "$kind" "$@"
  "$pktscope" detect --json "${@:3}" "$tmp/$1.pcap" >"$tmp/$1.alerts" 2>"$tmp/$1.err"
  code=$?
  [ "$code" -eq 10 ] || fail "$1: exit $code, expected 10 (alerts); $(cat "$tmp/$1.err")
the capture: $("$pktscope" info "$tmp/$1.pcap" 2>&1 | head -20)
the traffic tool said: $(tail -5 "$tmp/$1.tool")"
  python3 - "$tmp/$1.alerts" "$2" <<'PY' || fail "$1: no $2 alert in: $(cut -c1-200 "$tmp/$1.alerts")"
import json, sys
kinds = [json.loads(line)["kind"] for line in open(sys.argv[1]) if line.strip()]
sys.exit(0 if sys.argv[2] in kinds else 1)
PY
  echo "ok: $1 -> $2"
}

start_capture syn_scan
timeout 120 nmap -sS -T4 -n -Pn --top-ports 1000 127.0.0.1 >"$tmp/syn_scan.tool" 2>&1
stop_capture
expect_kind syn_scan port_scan

start_capture connect_scan
timeout 120 nmap -sT -T4 -n -Pn --top-ports 1000 127.0.0.1 >"$tmp/connect_scan.tool" 2>&1
stop_capture
expect_kind connect_scan port_scan

start_capture syn_burst
timeout 60 hping3 -S -p 80 -c 5000 -i u100 127.0.0.1 >"$tmp/syn_burst.tool" 2>&1
stop_capture
expect_kind syn_burst syn_flood

start_capture ping_burst
timeout 30 hping3 --icmp -q -c 3000 -i u1000 127.0.0.1 >"$tmp/ping_burst.tool" 2>&1
stop_capture
# 3,000 echo requests at 1,000/s: the defaults (above 100/s in two consecutive one-second
# intervals) need no override, with room for a loaded machine stretching the sender's timer
# tenfold. hping3 paces itself; ping -f waits for each reply and, on one CI machine, ended
# within a second without a flood.
expect_kind ping_burst icmp_flood

# Ordinary traffic: a few HTTP fetches and DNS-like request/response pairs.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir "$tmp/www" && echo "hello" >"$tmp/www/index.html"
(cd "$tmp/www" && exec timeout 60 python3 -m http.server "$port" --bind 127.0.0.1) >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done
start_capture ordinary
for _ in 1 2 3 4 5; do
  timeout 10 curl -s -o /dev/null "http://127.0.0.1:$port/index.html" || fail "curl failed"
  sleep 0.2
done
timeout 20 python3 - <<'PY' || fail "DNS-like exchange failed"
import socket, struct, threading
srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("127.0.0.1", 0))
port = srv.getsockname()[1]
def serve():
    for _ in range(5):
        data, peer = srv.recvfrom(512)
        # Echo the query back as a NOERROR response (QR, RD, RA set).
        srv.sendto(data[:2] + b"\x81\x80" + data[4:], peer)
threading.Thread(target=serve, daemon=True).start()
cli = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
cli.settimeout(2)
for i in range(5):
    qname = b"".join(bytes([len(l)]) + l for l in [b"www", b"example", b"com"]) + b"\0"
    query = struct.pack(">HHHHHH", 0x1000 + i, 0x0100, 1, 0, 0, 0) + qname + b"\0\x01\0\x01"
    cli.sendto(query, ("127.0.0.1", port))
    cli.recvfrom(512)
PY
stop_capture
kill "$server_pid" 2>/dev/null
server_pid=
"$pktscope" detect "$tmp/ordinary.pcap" >"$tmp/ordinary.out" 2>"$tmp/ordinary.err"
code=$?
[ "$code" -eq 0 ] || fail "ordinary traffic raised alerts (exit $code): $(cat "$tmp/ordinary.out" "$tmp/ordinary.err")"
grep -q "^no alerts" "$tmp/ordinary.out" || fail "ordinary: $(cat "$tmp/ordinary.out")"
echo "ok: ordinary loopback traffic -> no alert"
echo "detect_realtools_test: all passed"
