#!/usr/bin/env bash
# pktscope convert: exit codes, format choice, --count, --start/--end, output that
# capinfos reads, no output file left behind on error, interface counters carried to pcapng.
set -euo pipefail
pktscope=$1
. "$(dirname "$0")/support.sh"

# 32 packets, Ethernet, microseconds (capinfos -c: 32).
dns=$corpus/kbandla__dpkt/examples/data/dns_icmp.pcap
# 10 packets, big-endian, nanoseconds.
nsbe=$corpus/seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/nanosecs_big_endian.pcap
# Ethernet + Linux SLL interfaces.
mixed=$corpus/seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/pcapng-example.pcapng

count_of() { capinfos -c -M "$1" | awk -F: '/Number of packets/ {gsub(/ /, "", $2); print $2}'; }
type_of() { capinfos -t "$1" | awk -F': *' '/File type/ {print $2}'; }
no_leftovers() { [ -z "$(ls -A "$tmp/out" 2>/dev/null)" ] || fail "$1: left $(ls -A "$tmp/out")"; }
mkdir -p "$tmp/out"

# Format from the extension, else pcapng; --format wins.
"$pktscope" convert "$dns" "$tmp/a.pcapng"
[ "$(count_of "$tmp/a.pcapng")" = 32 ] || fail "pcapng count"
type_of "$tmp/a.pcapng" | grep -q pcapng || fail "a.pcapng is $(type_of "$tmp/a.pcapng")"
"$pktscope" convert "$tmp/a.pcapng" "$tmp/b.pcap"
type_of "$tmp/b.pcap" | grep -q "pcap$" || fail "b.pcap is $(type_of "$tmp/b.pcap")"
[ "$(count_of "$tmp/b.pcap")" = 32 ] || fail "pcap count"
"$pktscope" convert --format pcap "$dns" "$tmp/c.out"
type_of "$tmp/c.out" | grep -q "pcap$" || fail "--format pcap gave $(type_of "$tmp/c.out")"
"$pktscope" convert "$dns" "$tmp/d.unknown"
type_of "$tmp/d.unknown" | grep -q pcapng || fail "unknown extension should give pcapng"
# Same packets as the input, by tcpdump's reading.
diff <(tcpdump -r "$dns" -tt -nn -x 2>/dev/null) <(tcpdump -r "$tmp/b.pcap" -tt -nn -x 2>/dev/null) \
  || fail "pcap->pcapng->pcap changed packets"

# Resolution: nanosecond input stays nanosecond unless --microsecond.
"$pktscope" convert "$nsbe" "$tmp/ns.pcap"
capinfos -M "$tmp/ns.pcap" | grep -q "nanoseconds" || fail "ns input lost ns resolution"
"$pktscope" convert --microsecond "$nsbe" "$tmp/us.pcap"
capinfos -M "$tmp/us.pcap" | grep -q "microseconds" || fail "--microsecond ignored"
"$pktscope" convert --nanosecond "$dns" "$tmp/ns2.pcapng"
[ "$(count_of "$tmp/ns2.pcapng")" = 32 ] || fail "--nanosecond pcapng count"
diff <(tcpdump -r "$nsbe" -tt -nn --nano -x 2>/dev/null) \
  <(tcpdump -r "$tmp/ns.pcap" -tt -nn --nano -x 2>/dev/null) || fail "ns timestamps changed"

# --count
"$pktscope" convert --count 5 "$dns" "$tmp/five.pcap"
[ "$(count_of "$tmp/five.pcap")" = 5 ] || fail "--count 5"
"$pktscope" convert --count 0 "$dns" "$tmp/zero.pcap"
[ "$(count_of "$tmp/zero.pcap")" = 0 ] || fail "--count 0"

# --start/--end: [start, end). dns_icmp.pcap packet 3 is at 1369953917.283187,
# packet 4 at 1369953917.775391 (tcpdump -tt).
"$pktscope" convert --start 1369953917.283187 --end 2013-05-30T22:45:17.775391Z "$dns" "$tmp/win.pcap"
[ "$(tcpdump -r "$tmp/win.pcap" -tt -nn 2>/dev/null | awk '{print $1}' | tr '\n' ' ')" \
  = "1369953917.283187 " ] || fail "--start/--end window: $(tcpdump -r "$tmp/win.pcap" -tt 2>/dev/null)"
"$pktscope" convert --start 2013-05-30T22:45:17.283187001Z "$dns" "$tmp/after.pcap"
[ "$(count_of "$tmp/after.pcap")" = 29 ] || fail "--start excludes the packet at the instant before"

# Filter
"$pktscope" convert --filter "icmp" "$dns" "$tmp/icmp.pcap"
[ "$(count_of "$tmp/icmp.pcap")" = "$(tcpdump -r "$dns" icmp 2>/dev/null | wc -l)" ] \
  || fail "--filter icmp"

# Several link types: pcapng keeps them; pcap refuses (exit 1, no file).
"$pktscope" convert "$mixed" "$tmp/mixed.pcapng"
[ "$(count_of "$tmp/mixed.pcapng")" = 159 ] || fail "mixed pcapng count"
[ "$(exit_of "$pktscope" convert "$mixed" "$tmp/out/mixed.pcap")" = 1 ] || fail "mixed -> pcap exit"
grep -q "link type" "$tmp/err" || fail "mixed -> pcap message: $(cat "$tmp/err")"
no_leftovers "mixed -> pcap"

# Standard output streams.
"$pktscope" convert --format pcap "$dns" - > "$tmp/stdout.pcap"
cmp -s "$tmp/stdout.pcap" "$tmp/b.pcap" || fail "stdout output differs from file output"

# Exit codes: usage 2, bad input 1, I/O 3; never a file under the final name.
[ "$(exit_of "$pktscope" convert "$dns")" = 2 ] || fail "missing OUT should be usage"
[ "$(exit_of "$pktscope" convert --format xyz "$dns" "$tmp/out/x")" = 2 ] || fail "bad --format"
[ "$(exit_of "$pktscope" convert --filter "tcp port" "$dns" "$tmp/out/x")" = 2 ] || fail "bad filter"
[ "$(exit_of "$pktscope" convert --start yesterday "$dns" "$tmp/out/x")" = 2 ] || fail "bad time"
[ "$(exit_of "$pktscope" convert --nanosecond --microsecond "$dns" "$tmp/out/x")" = 2 ] \
  || fail "conflicting resolutions"
echo "not a capture" > "$tmp/junk.pcap"
[ "$(exit_of "$pktscope" convert "$tmp/junk.pcap" "$tmp/out/x.pcap")" = 1 ] || fail "junk input"
[ "$(exit_of "$pktscope" convert "$tmp/missing.pcap" "$tmp/out/x.pcap")" = 3 ] || fail "missing input"
grep -q "missing.pcap" "$tmp/err" || fail "missing input message names the file"
cp "$dns" "$tmp/locked.pcap"
chmod 000 "$tmp/locked.pcap"
if ! cat "$tmp/locked.pcap" >/dev/null 2>&1; then # root can read anyway
  [ "$(exit_of "$pktscope" convert "$tmp/locked.pcap" "$tmp/out/x.pcap")" = 3 ] || fail "unreadable input"
fi
[ "$(exit_of "$pktscope" convert "$dns" "$tmp/no/such/dir/x.pcap")" = 3 ] || fail "unwritable output"
no_leftovers "error cases"

# Truncated input: every packet before the damage is converted, with a warning
# "FILE: offset N: ...", exit 0.
head -c 2000 "$dns" > "$tmp/cut.pcap"
want=$( (tcpdump -r "$tmp/cut.pcap" 2>/dev/null || true) | wc -l)
[ "$(exit_of "$pktscope" convert "$tmp/cut.pcap" "$tmp/cut-out.pcap")" = 0 ] || fail "truncated input exit"
grep -qE "cut.pcap: offset [0-9]+: " "$tmp/err" || fail "truncation warning: $(cat "$tmp/err")"
[ "$(count_of "$tmp/cut-out.pcap")" = "$want" ] || fail "truncated input: want $want packets"

# The input's interface counters (its Interface Statistics Block) go along to a pcapng output,
# read back here by a walk of the output's blocks; a pcap output has no place for them.
pcapng_with_counters "$tmp/counters.pcapng"
[ "$(isb_counters "$tmp/counters.pcapng")" = "1000 7 3" ] || fail "the walk misreads the input"
[ "$(exit_of "$pktscope" convert "$tmp/counters.pcapng" "$tmp/counters-out.pcapng")" = 0 ] ||
  fail "convert of a capture with counters: $(cat "$tmp/err")"
[ "$(isb_counters "$tmp/counters-out.pcapng")" = "1000 7 3" ] ||
  fail "counters in the output: '$(isb_counters "$tmp/counters-out.pcapng")'"
[ "$(exit_of "$pktscope" convert "$tmp/counters.pcapng" "$tmp/counters-out.pcap")" = 0 ] ||
  fail "convert of a capture with counters to pcap: $(cat "$tmp/err")"
[ "$(count_of "$tmp/counters-out.pcap")" = 1 ] || fail "pcap output of a capture with counters"

echo "convert: ok"
