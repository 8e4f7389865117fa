#!/usr/bin/env bash
# The tutorial programs in examples/: each runs on captures of the shared corpus (or on the
# capture example_write_capture makes) and its output is checked against an independent
# oracle: tshark fields and display filters, tcpdump -nn, capinfos. Nothing is compared with
# earlier output of our own.
#
#   examples_test.sh PKTSCOPE_BINARY   (unused; the examples are found in
#                                       $PKTSCOPE_BUILD_DIR/examples/example_<name>)
set -euo pipefail
src=${PKTSCOPE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${PKTSCOPE_BUILD_DIR:?PKTSCOPE_BUILD_DIR must name the build directory}
corpus=${PKTSCOPE_CORPUS_DIR:-$src/../shared/corpus}
ex=$build/examples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

[ -d "$corpus" ] || { echo "examples_test: corpus not found at $corpus" >&2; exit 1; }
for name in read_capture tcp_listing udp_listing icmp_listing connections_per_minute syn_count \
  port_scan_counter write_capture; do
  [ -x "$ex/example_$name" ] || { echo "examples_test: $ex/example_$name not built" >&2; exit 1; }
done

# Corpus files (see shared/corpus/MANIFEST.tsv): plain Ethernet captures without tunnels or
# ICMP-quoted transport headers, so "the innermost header" and tshark's first field agree.
dpkt=$corpus/kbandla__dpkt/examples/data
http=$dpkt/http.pcap                 # 43 packets, one HTTP/TCP conversation and DNS
dns_icmp=$dpkt/dns_icmp.pcap         # 32 packets, DNS over UDP and ICMP echo
nb6=$dpkt/nb6-http.pcap              # 62 packets, PPPoE and L2TP tunnels, ICMP port unreachable
tls=$corpus/seladb__PcapPlusPlus/Tests/ExamplesTest/pcap_examples/tls.pcap    # TCP over IPv6
v6ng=$corpus/seladb__PcapPlusPlus/Tests/ExamplesTest/pcap_examples/ipv6.pcapng # pcapng
icmp4=$corpus/seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/IcmpPackets.pcap
vlans=$corpus/seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/VlanPackets.pcap # ICMP on VLANs
icmp6=$corpus/zeek__zeek/testing/btest/Traces/communityid/icmp6.pcap
nd=$corpus/zeek__zeek/testing/btest/Traces/icmp/icmp6-nd-options.pcap
mixed=$corpus/the-tcpdump-group__libpcap/tests/filter/gateway_or_not.pcap # ICMP and ICMPv6
ssh=$corpus/zeek__zeek/testing/btest/Traces/ssh/ssh.client-side-half-duplex.pcap # SYNs over years
dnp3=$corpus/zeek__zeek/testing/btest/Traces/dnp3/dnp3.pcap # 8 SYNs from two hosts

# One Python file holds every oracle-to-our-format comparison.
cat >"$tmp/check.py" <<'EOF'
import collections, re, sys

def lines(path):
    with open(path) as f:
        return [l.rstrip('\n') for l in f if l.strip()]

def fields(path):
    return [l.split('\t') for l in lines(path)]

def first(v):  # tshark joins repeated fields with ','; the outermost comes first
    return v.split(',')[0]

def addr(v4, v6):
    return first(v4) if v4 else first(v6)

def endpoint(a, port):
    return ('[%s]:%s' % (a, port)) if ':' in a else ('%s:%s' % (a, port))

NAMES = [(0x001, 'FIN'), (0x002, 'SYN'), (0x004, 'RST'), (0x008, 'PSH'), (0x010, 'ACK'),
         (0x020, 'URG'), (0x040, 'ECE'), (0x080, 'CWR'), (0x100, 'AE')]

def flag_names(hexval):  # tshark's tcp.flags (e.g. 0x0012) as names in tshark's Info order
    v = int(hexval, 16)
    names = [n for bit, n in NAMES if v & bit]
    if v & 0xe00:
        names.append('Reserved')
    return ','.join(names) if names else '<None>'

def compare(what, ours, want):
    if ours == want:
        return 0
    print('%s: %d lines from the example, %d expected' % (what, len(ours), len(want)))
    for i, (a, b) in enumerate(zip(ours, want)):
        if a != b:
            print('  first difference at line %d:\n    ours: %s\n    want: %s' % (i + 1, a, b))
            break
    return 1

def check_read(ours, oracle):
    want = ['%s %s' % (t, n) for t, n in fields(oracle)]
    return compare('read_capture', lines(ours), want)

def check_tcp(ours, oracle):
    want = []
    for t, s4, s6, sp, d4, d6, dp, fl, seq, ack, ln in fields(oracle):
        want.append('%s %s -> %s [%s] seq=%s ack=%s len=%s' % (
            t, endpoint(addr(s4, s6), sp), endpoint(addr(d4, d6), dp), flag_names(fl), seq,
            ack, ln))
    return compare('tcp_listing', lines(ours), want)

def check_udp(ours, oracle):
    want = ['%s %s -> %s length=%s' % (t, endpoint(addr(s4, s6), sp), endpoint(addr(d4, d6), dp),
                                       ln)
            for t, s4, s6, sp, d4, d6, dp, ln in fields(oracle)]
    # payload= is the captured payload; tshark has no single field for it
    got = [re.sub(r' payload=\d+$', '', l) for l in lines(ours)]
    return compare('udp_listing', got, want)

def check_icmp(ours, oracle):
    want = []
    for t, s4, s6, d4, d6, t4, c4, t6, c6 in fields(oracle):
        kind = 'ICMP' if t4 else 'ICMPv6'
        want.append('%s %s %s -> %s type=%s code=%s' % (
            t, kind, addr(s4, s6), addr(d4, d6), first(t4 or t6), first(c4 or c6)))
    got = []
    for l in lines(ours):
        m = re.match(r'^(.* code=\d+) (.+): (.+)$', l)
        if not m:
            print('icmp_listing: no description in %r' % l)
            return 1
        got.append(m.group(1))
    return compare('icmp_listing', got, want)

def check_minutes(ours, oracle):
    per = collections.Counter(int(float(t)) // 60 * 60 for (t,) in fields(oracle))
    want = ['%d %d' % (m, n) for m, n in sorted(per.items())] + ['total %d' % sum(per.values())]
    got = [' '.join(l.split()[::2]) if not l.startswith('total') else l for l in lines(ours)]
    return compare('connections_per_minute', got, want)

def check_syns(ours, oracle, threshold):
    per = collections.Counter(addr(s4, s6) for s4, s6 in fields(oracle))
    ranked = sorted(sorted(per.items()), key=lambda kv: -kv[1])
    want = ['%s %d%s' % (a, n, ' ALERT' if n >= threshold else '') for a, n in ranked]
    want += ['total %d' % sum(per.values()),
             'alerts %d' % sum(1 for n in per.values() if n >= threshold)]
    return compare('syn_count', lines(ours), want)

def check_ports(ours, oracle, threshold):
    ports = collections.defaultdict(set)
    syns = collections.Counter()
    for s4, s6, dp in fields(oracle):
        ports[addr(s4, s6)].add(dp)
        syns[addr(s4, s6)] += 1
    ranked = sorted(sorted(ports), key=lambda a: -len(ports[a]))
    want = ['%s %d %d%s' % (a, len(ports[a]), syns[a], ' SCAN' if len(ports[a]) >= threshold
                            else '') for a in ranked]
    want.append('scanners %d' % sum(1 for a in ports if len(ports[a]) >= threshold))
    return compare('port_scan_counter', lines(ours), want)

mode, args = sys.argv[1], sys.argv[2:]
checks = {'read': check_read, 'tcp': check_tcp, 'udp': check_udp, 'icmp': check_icmp,
          'minutes': check_minutes}
if mode in checks:
    sys.exit(checks[mode](*args))
sys.exit({'syns': check_syns, 'ports': check_ports}[mode](args[0], args[1], int(args[2])))
EOF

# check NAME MODE CAPTURE [THRESHOLD] -- TSHARK ARGS...: runs example_NAME on CAPTURE (with
# THRESHOLD if given), tshark with the given arguments on CAPTURE, and compares.
check() {
  local name=$1 mode=$2 capture=$3
  shift 3
  local extra=()
  while [ "$1" != "--" ]; do
    extra+=("$1")
    shift
  done
  shift
  local label="$name $(basename "$capture")"
  if ! "$ex/example_$name" "$capture" "${extra[@]}" >"$tmp/ours" 2>"$tmp/err"; then
    echo "FAIL: $label exits non-zero: $(cat "$tmp/err")" >&2
    failed=$((failed + 1))
    return
  fi
  tshark -n -r "$capture" -T fields -E separator=/t "$@" >"$tmp/oracle" 2>/dev/null
  if python3 "$tmp/check.py" "$mode" "$tmp/ours" "$tmp/oracle" "${extra[@]}" >"$tmp/diff"; then
    passed=$((passed + 1))
  else
    echo "FAIL: $label" >&2
    cat "$tmp/diff" >&2
    failed=$((failed + 1))
  fi
}
ok() { passed=$((passed + 1)); }
bad() {
  echo "FAIL: $*" >&2
  failed=$((failed + 1))
}

ts=(-e frame.time_epoch)
ips=(-e ip.src -e ipv6.src)
syn="tcp.flags.syn==1 && tcp.flags.ack==0"

# read_capture: every record's time and captured length, as tshark shows them, and as many
# lines as capinfos counts packets.
for f in "$http" "$v6ng" "$nb6"; do
  check read_capture read "$f" -- "${ts[@]}" -e frame.cap_len
  want=$(capinfos -c -M "$f" | awk '/Number of packets/ {print $NF}')
  got=$("$ex/example_read_capture" "$f" | wc -l)
  [ "$got" = "$want" ] && ok || bad "read_capture $(basename "$f"): $got lines, capinfos: $want"
done

# tcp_listing: endpoints, flags, raw sequence numbers and segment length of every TCP packet.
for f in "$http" "$tls" "$icmp4"; do
  check tcp_listing tcp "$f" -- -Y "tcp && !icmp && !icmpv6" "${ts[@]}" "${ips[@]}" \
    -e tcp.srcport -e ip.dst -e ipv6.dst -e tcp.dstport -e tcp.flags -e tcp.seq_raw \
    -e tcp.ack_raw -e tcp.len
done
# ... and one line per TCP packet, as tcpdump counts them.
want=$(tcpdump -nn -r "$http" tcp 2>/dev/null | wc -l)
got=$("$ex/example_tcp_listing" "$http" | wc -l)
[ "$got" = "$want" ] && ok || bad "tcp_listing http.pcap: $got lines, tcpdump: $want"

# udp_listing: endpoints and the UDP length field.
for f in "$dns_icmp" "$http" "$icmp6"; do
  check udp_listing udp "$f" -- -Y "udp && !icmp && !icmpv6" "${ts[@]}" "${ips[@]}" \
    -e udp.srcport -e ip.dst -e ipv6.dst -e udp.dstport -e udp.length
done

# icmp_listing: type and code numbers of ICMP and ICMPv6 messages, and the IANA names
# (registry "ICMP Type Numbers": type 3 is "Destination Unreachable", its code 3 "Port
# Unreachable"; type 8 "Echo", type 0 "Echo Reply").
for f in "$dns_icmp" "$icmp4" "$vlans" "$icmp6" "$nd" "$mixed"; do
  check icmp_listing icmp "$f" -- -Y "icmp || icmpv6" "${ts[@]}" "${ips[@]}" -e ip.dst \
    -e ipv6.dst -e icmp.type -e icmp.code -e icmpv6.type -e icmpv6.code
done
out=$("$ex/example_icmp_listing" "$nb6")
grep -q "type=3 code=3 Destination Unreachable: Port Unreachable$" <<<"$out" && ok ||
  bad "icmp_listing: no 'Destination Unreachable: Port Unreachable' in nb6-http.pcap"
out=$("$ex/example_icmp_listing" "$dns_icmp")
grep -q "type=8 code=0 Echo: " <<<"$out" && grep -q "type=0 code=0 Echo Reply: " <<<"$out" && ok ||
  bad "icmp_listing: echo names in dns_icmp.pcap"

# connections_per_minute and syn_count: SYNs without ACK, as tshark's display filter finds them.
for f in "$ssh" "$dnp3" "$http"; do
  check connections_per_minute minutes "$f" -- -Y "$syn" "${ts[@]}"
  check syn_count syns "$f" 5 -- -Y "$syn" "${ips[@]}"
done
want=$(tshark -n -r "$ssh" -Y "$syn" 2>/dev/null | wc -l)
[ "$("$ex/example_syn_count" "$ssh" | tail -2 | head -1)" = "total $want" ] && ok ||
  bad "syn_count ssh: total differs from tshark's $want"

# port_scan_counter: distinct destination ports of SYNs per source.
for f in "$ssh" "$dnp3"; do
  check port_scan_counter ports "$f" 3 -- -Y "$syn" "${ips[@]}" -e tcp.dstport
done

# write_capture: the file it writes is a valid pcap with the packets its comment lists.
cap=$tmp/built.pcap
if "$ex/example_write_capture" "$cap" >"$tmp/out" 2>"$tmp/err"; then
  ok
  [ "$(capinfos -c -M "$cap" | awk '/Number of packets/ {print $NF}')" = 36 ] && ok ||
    bad "write_capture: capinfos does not count 36 packets"
  [ "$(capinfos -t -M "$cap" | awk -F': *' '/File type/ {print $2}')" = pcap ] &&
    ok || bad "write_capture: capinfos file type: $(capinfos -t "$cap")"
  # tcpdump's reading of the first packets.
  tcpdump -nn -r "$cap" 2>/dev/null >"$tmp/tcpdump"
  grep -q "^00:00:00.000000 IP 192.0.2.10.40000 > 198.51.100.80.80: Flags \[S\], seq 1000, win 65535, options \[mss 1460\], length 0$" "$tmp/tcpdump" &&
    ok || bad "write_capture: tcpdump line of the first SYN: $(head -1 "$tmp/tcpdump")"
  grep -q "192.0.2.10.53000 > 198.51.100.53.53: 4660+ A? example.com. (29)$" "$tmp/tcpdump" && ok ||
    bad "write_capture: tcpdump does not see the DNS query"
  grep -q "198.51.100.53.53 > 192.0.2.10.53000: 4660 1/0/0 A 198.51.100.80 (45)$" "$tmp/tcpdump" &&
    ok || bad "write_capture: tcpdump does not see the DNS answer"
  grep -q "ICMP echo reply, id 7, seq 1, length 8$" "$tmp/tcpdump" && ok ||
    bad "write_capture: tcpdump does not see the echo reply"
  # Every checksum right (tshark verifies them when asked), the VLAN and HTTP request there.
  sums=(-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE)
  bad_sums=$(tshark -n -r "$cap" "${sums[@]}" -Y "ip.checksum.status==0 || \
    tcp.checksum.status==0 || udp.checksum.status==0 || icmp.checksum.status==0 || \
    icmpv6.checksum.status==0" 2>/dev/null | wc -l)
  good_sums=$(tshark -n -r "$cap" "${sums[@]}" -Y "tcp.checksum.status==1 || \
    udp.checksum.status==1 || icmp.checksum.status==1" 2>/dev/null | wc -l)
  [ "$bad_sums" = 0 ] && [ "$good_sums" = 36 ] && ok ||
    bad "write_capture: tshark finds $bad_sums bad and $good_sums good transport checksums"
  [ "$(tshark -n -r "$cap" -Y "vlan.id==42 && ipv6 && tcp" 2>/dev/null | wc -l)" = 3 ] && ok ||
    bad "write_capture: tshark does not see 3 IPv6/TCP packets on VLAN 42"
  [ "$(tshark -n -r "$cap" -Y 'http.request.method=="GET"' 2>/dev/null | wc -l)" = 1 ] && ok ||
    bad "write_capture: tshark does not see the HTTP GET"
  # ... and the other examples read it like tshark does; the sweep is reported as a scan.
  check tcp_listing tcp "$cap" -- -Y "tcp" "${ts[@]}" "${ips[@]}" -e tcp.srcport -e ip.dst \
    -e ipv6.dst -e tcp.dstport -e tcp.flags -e tcp.seq_raw -e tcp.ack_raw -e tcp.len
  check port_scan_counter ports "$cap" 20 -- -Y "$syn" "${ips[@]}" -e tcp.dstport
  grep -qx "203.0.113.66 25 25 SCAN" < <("$ex/example_port_scan_counter" "$cap") && ok ||
    bad "port_scan_counter: the 25-port sweep is not reported"
else
  bad "write_capture exits non-zero: $(cat "$tmp/err")"
fi

# Usage errors and unreadable input: exit 2 and 1, a message on stderr.
for name in read_capture tcp_listing udp_listing icmp_listing connections_per_minute syn_count \
  port_scan_counter; do
  set +e
  "$ex/example_$name" >/dev/null 2>&1
  usage=$?
  "$ex/example_$name" "$tmp/does-not-exist.pcap" >/dev/null 2>"$tmp/err"
  missing=$?
  set -e
  [ "$usage" = 2 ] && [ "$missing" = 1 ] && [ -s "$tmp/err" ] && ok ||
    bad "$name: exit codes $usage (no argument) / $missing (missing file)"
done

echo "examples: $passed passed, $failed failed"
[ "$failed" = 0 ]
