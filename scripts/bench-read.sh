#!/usr/bin/env bash
# Read throughput of capture_reader against a minimal libpcap pcap_next_ex loop
# and `cat FILE > /dev/null`, on a generated ~1 GB pcap in the page cache.
#
#   scripts/bench-read.sh [WORKDIR]
#
# WORKDIR (default: a new temp dir) holds the peer build, the generated file and
# our Release build; reuse it to skip regeneration. Environment: PACKETS
# (default 2800000), RUNS (default 3; the median is reported).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/pktscope-bench-read.XXXXXX)}
packets=${PACKETS:-2800000}
runs=${RUNS:-3}
shared=${PKTSCOPE_SHARED_DIR:-$root/../shared}
mkdir -p "$work"

echo "work dir: $work" >&2
make -s -C "$shared/bench" B="$work/peers" "$work/peers/gen_pcap" >&2
file=$work/big.pcap
if [[ ! -s $file ]]; then
  "$work/peers/gen_pcap" -n "$packets" -o "$file" 2>/dev/null
fi
cc -O2 -o "$work/libpcap_sum" "$root/bench/e2e/libpcap_sum.c" -lpcap
cmake -S "$root" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPKTSCOPE_BUILD_TESTS=OFF \
  -DPKTSCOPE_BUILD_CLI=OFF -DPKTSCOPE_BUILD_BENCH=ON >/dev/null
cmake --build "$work/build" -j2 --target read_bench >/dev/null
ours=$work/build/bench/read_bench

bytes=$(stat -L -c %s "$file")
cat "$file" >/dev/null # into the page cache

# median wall seconds of `runs` runs of the command
median_time() {
  local times=()
  for ((i = 0; i < runs; i++)); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p"
}

cat_file() { cat "$file" >/dev/null; }

# Same packet count from both readers, or the comparison means nothing.
n_ours=$("$ours" "$file" | awk '{print $2}')
n_pcap=$("$work/libpcap_sum" "$file" | awk '{print $2}')
if [[ $n_ours != "$n_pcap" ]]; then
  echo "packet counts differ: ours $n_ours, libpcap $n_pcap" >&2
  exit 1
fi

t_cat=$(median_time cat_file)
t_pcap=$(median_time "$work/libpcap_sum" "$file")
t_read=$(median_time "$ours" "$file")
t_mmap=$(median_time "$ours" "$file" --mmap)

printf '%s packets, %s bytes, median of %s runs\n' "$n_ours" "$bytes" "$runs"
printf '%-36s %8s %10s %8s %10s %10s\n' program wall_s Mpkt/s MB/s vs_libpcap vs_cat
row() {
  local name=$1 t=$2
  printf '%-36s %8.3f %10.2f %8.0f %9.2fx %9.2fx\n' "$name" "$t" \
    "$(echo "$n_ours / $t / 1000000" | bc -l)" "$(echo "$bytes / $t / 1000000" | bc -l)" \
    "$(echo "$t_pcap / $t" | bc -l)" "$(echo "$t / $t_cat" | bc -l)"
}
row "cat FILE > /dev/null" "$t_cat"
row "libpcap pcap_next_ex (sum caplen)" "$t_pcap"
row "pktscope read_bench (256 KiB reads)" "$t_read"
row "pktscope read_bench (--mmap)" "$t_mmap"
echo "vs_libpcap: packets/s relative to libpcap (higher is better); vs_cat: time / cat's time"
