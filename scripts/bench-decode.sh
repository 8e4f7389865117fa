#!/usr/bin/env bash
# Decode-to-L4 benchmark: the common task of shared/bench (read a pcap, decode Ethernet/VLAN ->
# IPv4/IPv6 -> TCP/UDP/ICMP, count packets and bytes per protocol, distinct TCP/UDP flows and
# SYNs) with pktscope (bench/e2e/pktscope_task.cpp) against the same task on libpcap, libtins
# and dpkt, on the same generated file in the same run. Checks that every program prints the
# same lines, then prints a table of median wall time, CPU time, packets/s, peak RSS and
# ratios. pktscope runs twice: single-threaded, and with reader_options::read_ahead (a second
# thread reads the file while the first decodes).
#
#   scripts/install-deps.sh --bench      # libtins-dev, python3-dpkt, GNU time
#   scripts/bench-decode.sh [WORKDIR]
#
# WORKDIR (default: a new temp dir) keeps the peer build, the generated files and our Release
# build; reuse it to skip regeneration. Environment:
#   PACKETS       packets in the workload (default 5600000, about 2 GB)
#   DPKT_PACKETS  packets of the smaller file dpkt runs on, once (default 280000); its
#                 packets/s is scaled to the big file's packet count
#   RUNS          runs per program (default 3; medians are reported)
#   CXX           compiler for our build (default g++)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/pktscope-bench-decode.XXXXXX)}
packets=${PACKETS:-5600000}
dpkt_packets=${DPKT_PACKETS:-280000}
runs=${RUNS:-3}
shared=${PKTSCOPE_SHARED_DIR:-$root/../shared}
mkdir -p "$work"
echo "work dir: $work" >&2

for tool in /usr/bin/time /usr/bin/python3; do
  [ -x "$tool" ] || { echo "bench-decode: $tool missing (scripts/install-deps.sh --bench)" >&2; exit 1; }
done
/usr/bin/python3 -c 'import dpkt' 2>/dev/null ||
  { echo "bench-decode: python3-dpkt missing (scripts/install-deps.sh --bench)" >&2; exit 1; }

# Peers and the generator, built outside the (read-only) shared tree.
make -s -C "$shared/bench" B="$work/peers" all >&2
gen() { # gen N FILE: the workload of N packets, regenerated only when N changed
  if [ ! -s "$2" ] || [ "$(cat "$2.n" 2>/dev/null)" != "$1" ]; then
    echo "generating $1 packets into $2" >&2
    "$work/peers/gen_pcap" -n "$1" -o "$2" 2>"$2.truth"
    echo "$1" >"$2.n"
  fi
}
big=$work/big.pcap
small=$work/dpkt.pcap
gen "$packets" "$big"
gen "$dpkt_packets" "$small"

# Our program, Release, nothing else built.
cmake -S "$root" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="${CXX:-g++}" -DPKTSCOPE_BUILD_TESTS=OFF -DPKTSCOPE_BUILD_CLI=OFF \
  -DPKTSCOPE_BUILD_BENCH=ON >/dev/null
cmake --build "$work/build" -j2 --target pktscope_task >/dev/null
ours=$work/build/bench/pktscope_task

pcap=$work/peers/libpcap_task
tins=$work/peers/libtins_task
walk=$work/peers/mmap_walk
dpkt_py=$shared/bench/peers/dpkt_task.py

# Same lines from everyone (and the generator's own ground truth), or the figures mean nothing.
cat "$big" "$small" >/dev/null # warm the page cache
"$ours" "$big" >"$work/out.pktscope"
"$ours" "$big" --read-ahead >"$work/out.pktscope_ra"
"$pcap" "$big" >"$work/out.libpcap"
"$tins" "$big" >"$work/out.libtins"
"$walk" --parse "$big" >"$work/out.mmap_walk"
grep -v '^#' "$big.truth" >"$work/out.truth"
for o in libpcap libtins mmap_walk truth pktscope_ra; do
  diff -u "$work/out.$o" "$work/out.pktscope" >&2 ||
    { echo "bench-decode: pktscope and $o disagree on $big" >&2; exit 1; }
done
"$ours" "$small" >"$work/small.pktscope"
echo "running dpkt once on $dpkt_packets packets" >&2
/usr/bin/time -f "%e %U %S %M" -o "$work/time.dpkt" /usr/bin/python3 "$dpkt_py" "$small" \
  >"$work/small.dpkt"
diff -u "$work/small.dpkt" "$work/small.pktscope" >&2 ||
  { echo "bench-decode: pktscope and dpkt disagree on $small" >&2; exit 1; }
echo "outputs identical: pktscope, libpcap, libtins, mmap walk, generator truth; dpkt on the small file" >&2

# measure NAME CMD...: RUNS runs; appends "NAME wall cpu rss_kb" (medians; max RSS) to results.
results=$work/results.txt
: >"$results"
measure() {
  local name=$1
  shift
  : >"$work/times"
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null
    cat "$work/t" >>"$work/times"
  done
  local wall cpu rss
  wall=$(awk '{ print $1 }' "$work/times" | sort -g | sed -n "$(((runs + 1) / 2))p")
  cpu=$(awk '{ print $2 + $3 }' "$work/times" | sort -g | sed -n "$(((runs + 1) / 2))p")
  rss=$(awk '{ print $4 }' "$work/times" | sort -g | tail -1)
  echo "$name $wall $cpu $rss" >>"$results"
}
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
measure "cat" cat "$big"
measure "mmap_walk" "$walk" --parse "$big"
measure "libpcap" "$pcap" "$big"
measure "libtins" "$tins" "$big"
measure "pktscope" "$ours" "$big"
measure "pktscope_ra" "$ours" "$big" --read-ahead
# dpkt: one run on the small file, scaled to the big file's packet count.
read -r dw du ds dm <"$work/time.dpkt"
awk -v n="$packets" -v m="$dpkt_packets" -v w="$dw" -v c="$(echo "$du + $ds" | bc -l)" -v r="$dm" \
  'BEGIN { print "dpkt", w * n / m, c * n / m, r }' >>"$results"

bytes=$(stat -c %s "$big")
echo
printf '%s packets, %s bytes (file in the page cache); median of %s runs (dpkt: 1 run on %s packets, scaled)\n' \
  "$packets" "$bytes" "$runs" "$dpkt_packets"
printf 'load average at the start: %s, at the end: %s\n' "$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)"
awk -v n="$packets" '
  { name[NR] = $1; wall[NR] = $2; cpu[NR] = $3; rss[NR] = $4; idx[$1] = NR }
  END {
    printf "%-28s %8s %8s %9s %8s %9s %9s %9s\n", "program", "wall_s", "cpu_s", "Mpkt/s", "RSS_MB",
           "vs_libpcap", "vs_libtins", "vs_dpkt"
    label["cat"] = "cat FILE > /dev/null"
    label["mmap_walk"] = "mmap walk + task (optimum)"
    label["libpcap"] = "libpcap C baseline"
    label["libtins"] = "libtins"
    label["dpkt"] = "dpkt (scaled)"
    label["pktscope"] = "pktscope_task"
    label["pktscope_ra"] = "pktscope_task --read-ahead"
    for (i = 1; i <= NR; i++) {
      printf "%-28s %8.2f %8.2f %9.2f %8.1f %9.2fx %9.2fx %9.1fx\n", label[name[i]], wall[i], cpu[i],
             n / wall[i] / 1e6, rss[i] / 1024, wall[idx["libpcap"]] / wall[i],
             wall[idx["libtins"]] / wall[i], wall[idx["dpkt"]] / wall[i]
    }
  }' "$results"
echo "vs_X: packets/s relative to X (X's wall time / this wall time; higher is better)"
awk '$1 == "pktscope" { p = $3 } $1 == "libtins" { t = $3 } $1 == "dpkt" { d = $3 }
  END { printf "by CPU time (user+sys): pktscope %.2fx libtins, %.0fx dpkt\n", t / p, d / p }' "$results"
echo "pktscope_task --read-ahead: reader_options::read_ahead, a second thread reads the file (2 threads)"
