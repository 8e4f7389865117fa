#!/usr/bin/env bash
# pktscope dump: exit codes, NDJSON lines that parse, CSV header, --proto, --count, --filter,
# --fields, --time; and the one-line summary against tcpdump -nn on small corpus files.
set -euo pipefail
pktscope=$1
. "$(dirname "$0")/support.sh"

# 32 packets: DNS over UDP and ICMP echo (tcpdump: 6 DNS, 26 ICMP).
dns=$corpus/kbandla__dpkt/examples/data/dns_icmp.pcap
# 43 packets: one HTTP download over TCP, plus DNS.
http=$corpus/kbandla__dpkt/examples/data/http.pcap
# ICMP port unreachable quoting a DNS/UDP datagram (tshark: ip.src 192.168.1.102,192.168.1.1).
unreach=$corpus/zeek__zeek/testing/btest/Traces/icmp/icmp-destunreach-udp.pcap
# VXLAN, VNI 3000001 (tshark: vxlan.vni 3000001).
vxlan=$corpus/seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/Vxlan1.pcap

# Exit codes: 0 ok, 1 not a capture, 2 usage, 3 cannot open.
[ "$(exit_of "$pktscope" dump "$dns")" = 0 ] || fail "plain dump: $(cat "$tmp/err")"
echo "not a capture" >"$tmp/text.pcap"
[ "$(exit_of "$pktscope" dump "$tmp/text.pcap")" = 1 ] || fail "text file should exit 1"
grep -q "text.pcap: offset 0:" "$tmp/err" || fail "error line format: $(cat "$tmp/err")"
[ "$(exit_of "$pktscope" dump "$tmp/missing.pcap")" = 3 ] || fail "missing file should exit 3"
[ "$(exit_of "$pktscope" dump --fields no.such.field "$dns")" = 2 ] || fail "bad field: exit 2"
[ "$(exit_of "$pktscope" dump --proto nosuch "$dns")" = 2 ] || fail "bad --proto: exit 2"
[ "$(exit_of "$pktscope" dump --filter 'tcp port' "$dns")" = 2 ] || fail "bad --filter: exit 2"
[ "$(exit_of "$pktscope" dump --time bogus "$dns")" = 2 ] || fail "bad --time: exit 2"
[ "$(exit_of "$pktscope" dump --json --csv "$dns")" = 2 ] || fail "--json --csv: exit 2"
# A capture cut inside its last record: the packets before, then exit 1.
head -c 1000 "$http" >"$tmp/cut.pcap"
[ "$(exit_of "$pktscope" dump "$tmp/cut.pcap")" = 1 ] || fail "cut capture should exit 1"
"$pktscope" dump "$tmp/cut.pcap" >"$tmp/cut.txt" 2>/dev/null || true
[ "$(wc -l <"$tmp/cut.txt")" = 5 ] || fail "cut capture: the 5 whole packets expected"

# One line per packet; --count.
[ "$("$pktscope" dump "$dns" | wc -l)" = 32 ] || fail "32 lines expected"
[ "$("$pktscope" dump --count 5 "$dns" | wc -l)" = 5 ] || fail "--count 5"
[ "$("$pktscope" dump --count 0 "$dns" | wc -l)" = 0 ] || fail "--count 0"

# --proto and --filter select the same packets as tcpdump's filter.
[ "$("$pktscope" dump --proto dns "$dns" | wc -l)" = \
  "$(tcpdump -nn -r "$dns" udp port 53 2>/dev/null | wc -l)" ] || fail "--proto dns count"
[ "$("$pktscope" dump --proto icmp "$dns" | wc -l)" = \
  "$(tcpdump -nn -r "$dns" icmp 2>/dev/null | wc -l)" ] || fail "--proto icmp count"
[ "$("$pktscope" dump --filter 'icmp[icmptype] = icmp-echo' "$dns" | wc -l)" = \
  "$(tcpdump -nn -r "$dns" 'icmp[icmptype] = icmp-echo' 2>/dev/null | wc -l)" ] \
  || fail "--filter count"
# --filter keeps frame numbers: the first echo request is packet 3.
"$pktscope" dump --filter icmp --count 1 "$dns" | grep -q '^3 ' || fail "--filter frame number"

# NDJSON: every line parses, numbers are numbers.
"$pktscope" dump --json "$http" >"$tmp/out.json"
python3 - "$tmp/out.json" <<'EOF' || fail "--json lines do not parse"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 43, len(lines)
objs = [json.loads(l) for l in lines]
assert objs[0]["number"] == 1 and objs[0]["sport"] == 3372 and objs[0]["flags"] == "SYN"
assert objs[1]["flags"] == "SYN,ACK", objs[1]
EOF
"$pktscope" dump --json --fields frame.number,ip.src,udp.srcport,icmp.type "$unreach" >"$tmp/u.json"
python3 - "$tmp/u.json" <<'EOF' || fail "--json --fields lists"
import json, sys
o = json.loads(open(sys.argv[1]).read())
assert o["ip.src"] == ["192.168.1.102", "192.168.1.1"], o
assert o["udp.srcport"] == 53 and o["icmp.type"] == 3, o
EOF

# CSV: header row, then one row per packet; multi-valued cells are quoted.
"$pktscope" dump --csv --fields frame.number,ip.src,tcp.flags "$http" >"$tmp/out.csv"
[ "$(head -1 "$tmp/out.csv")" = "frame.number,ip.src,tcp.flags" ] || fail "CSV header"
[ "$(wc -l <"$tmp/out.csv")" = 44 ] || fail "CSV rows"
[ "$(sed -n 2p "$tmp/out.csv")" = "1,145.254.160.237,0x0002" ] || fail "CSV row 1: $(sed -n 2p "$tmp/out.csv")"
"$pktscope" dump --csv --fields ip.src "$unreach" | sed -n 2p | grep -qx '"192.168.1.102,192.168.1.1"' \
  || fail "CSV list quoting"

# --fields: tshark's values (tshark -T fields -E occurrence=a -E aggregator=, on these files).
[ "$("$pktscope" dump --fields vxlan.vni,ip.src "$vxlan")" = \
  "$(printf '3000001\t192.168.203.1,192.168.203.3')" ] || fail "vxlan fields"
[ "$("$pktscope" dump --fields frame.time_epoch,dns.id,dns.qry.name --count 1 "$dns")" = \
  "$(printf '1369953917.270862000\t0x528e\t8.8.8.8.in-addr.arpa')" ] || fail "dns fields"

# A header cut short still shows the fields within its captured octets, as in tshark. The
# values are the frames' own bytes: arp-oobr frame 104 is ARP with hardware size 6 and
# protocol size 170, cut after 46 octets, opcode octets 0xaaaa; zeek's icmp-header-trunc
# frame 1 holds 6 of the 8 ICMP header octets, type 8 code 0.
oobr=$corpus/the-tcpdump-group__tcpdump/tests/arp-oobr.pcap
[ "$("$pktscope" dump --fields arp.opcode,arp.src.proto_ipv4 "$oobr" | sed -n 104p)" = \
  "$(printf '43690\t')" ] || fail "opcode of a cut ARP header"
icmp_cut=$corpus/zeek__zeek/testing/btest/Traces/trunc/icmp-header-trunc.pcap
[ "$("$pktscope" dump --fields icmp.type,icmp.code --count 1 "$icmp_cut")" = \
  "$(printf '8\t0')" ] || fail "type and code of a cut ICMP header"

# --time: relative starts at 0, delta of packet 2 is the gap to packet 1 (tcpdump -tt:
# 1369953917.276645 - 1369953917.270862).
[ "$("$pktscope" dump --time relative --fields time --count 1 "$dns")" = "0.000000000" ] \
  || fail "--time relative"
[ "$("$pktscope" dump --time delta --fields time --count 2 "$dns" | tail -1)" = "0.005783000" ] \
  || fail "--time delta"
"$pktscope" dump --count 1 "$dns" | grep -q '^1 2013-05-30T22:45:17.270862000Z ' || fail "ISO time"

# Against tcpdump -tt -nn: time (to the microsecond) and endpoints of every packet.
tcpdump -tt -nn -r "$http" 2>/dev/null | awk '{sub(/:$/, "", $5); print $1, $3, $5}' >"$tmp/td.txt"
"$pktscope" dump --time epoch "$http" \
  | awk '{sub(/:$/, "", $5); print substr($2, 1, length($2) - 3), $3, $5}' >"$tmp/ours.txt"
diff "$tmp/td.txt" "$tmp/ours.txt" >"$tmp/diff.txt" || fail "endpoints differ from tcpdump: $(head -5 "$tmp/diff.txt")"
tcpdump -tt -nn -r "$dns" 2>/dev/null | awk '{sub(/:$/, "", $5); print $1, $3, $5}' >"$tmp/td.txt"
"$pktscope" dump --time epoch "$dns" \
  | awk '{sub(/:$/, "", $5); print substr($2, 1, length($2) - 3), $3, $5}' >"$tmp/ours.txt"
diff "$tmp/td.txt" "$tmp/ours.txt" >"$tmp/diff.txt" || fail "dns endpoints differ: $(head -5 "$tmp/diff.txt")"
# TCP flags by name: tcpdump's [S] [S.] [.] [P.] are SYN, SYN,ACK, ACK, PSH,ACK.
tcpdump -nn -r "$http" tcp 2>/dev/null | sed -E 's/.*Flags \[([^]]*)\].*/\1/' \
  | sed -e 's/^S\.$/SYN,ACK/' -e 's/^S$/SYN/' -e 's/^P\.$/PSH,ACK/' -e 's/^F\.$/FIN,ACK/' \
    -e 's/^\.$/ACK/' -e 's/^R\.$/RST,ACK/' -e 's/^R$/RST/' >"$tmp/td.txt"
"$pktscope" dump --proto tcp --fields flags "$http" >"$tmp/ours.txt"
diff "$tmp/td.txt" "$tmp/ours.txt" >"$tmp/diff.txt" || fail "TCP flags differ: $(head -5 "$tmp/diff.txt")"

echo "dump_test: ok"
