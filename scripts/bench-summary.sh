#!/usr/bin/env bash
# Summary benchmark: `pktscope summary` (the whole analysis pass: decode, flow table with TCP
# state, protocol hierarchy, talkers, series, sizes; as shipped, i.e. with the default
# detectors, and with --no-alerts when the build has that switch) and `pktscope detect` against
# the libpcap C baseline of shared/bench (parse to L4, keep a flow hash set), on the same
# generated file in the same run. Prints median wall time, CPU time (and the fastest run's),
# packets/s, peak RSS and ratios. Then the memory check: a 1x and a 4x capture with the same
# number of live flows, each streamed through `summary -` from standard input, and their peak
# RSS.
#
#   scripts/install-deps.sh --bench      # GNU time, libpcap-dev
#   scripts/bench-summary.sh [WORKDIR]
#
# WORKDIR (default: a new temp dir) keeps the peer build, the generated files and our Release
# build (scripts/build-release.sh); reuse it to skip regeneration. Environment:
#   PACKETS       packets in the speed workload (default 5600000, about 2 GB)
#   RUNS          runs per program, in turns (default 3; medians and minimums are reported)
#   ACTIVE        concurrently active TCP flows of the speed workload (the generator's -c;
#                 default 4096). ACTIVE=128 keeps every active flow's state in the caches: the
#                 ratio then shows what the pass costs without cache misses on flow records.
#   MEMORY        0 skips the memory check (default 1)
#   MEM_PACKETS   packets of the 1x memory-check capture (default 1400000, over MEM_SECONDS)
#   MEM_SECONDS   duration of the 1x capture (default 600; the 4x one lasts 4 times as long)
#   INSTR_PACKETS also count the instructions per packet (valgrind's callgrind) of the baseline
#                 and our summaries on a capture of this many packets of the same workload
#                 (default 0: off). Unlike times on a shared machine, counts repeat exactly:
#                 the way to compare two builds whose difference is below the noise.
#   PKTSCOPE_BIN  use this pktscope binary instead of building one
#   CXX           compiler for our build (default g++)
#
# Live flows of the memory check: the generator keeps the same number of concurrently active
# flows (-c, default 4096 TCP + 1/8 UDP + 1/64 ICMP) and, with its default of one flow per 28
# packets, starts flows at the same rate per second of capture time when packets and duration
# grow together. The flow table holds a flow until its idle timeout (5 min TCP, 1 min
# UDP/ICMP) after its last packet, so once the capture is longer than that the live flows are
# the flows of the last few minutes: the same number in the 1x and the 4x capture. Bounded
# tables (talker pairs, 2^18 entries) fill further on the longer capture; they are capped.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /tmp/pktscope-bench-summary.XXXXXX)}
packets=${PACKETS:-5600000}
runs=${RUNS:-3}
mem_packets=${MEM_PACKETS:-1400000}
mem_seconds=${MEM_SECONDS:-600}
shared=${PKTSCOPE_SHARED_DIR:-$root/../shared}
mkdir -p "$work"
echo "work dir: $work" >&2

[ -x /usr/bin/time ] || { echo "bench-summary: /usr/bin/time missing (scripts/install-deps.sh --bench)" >&2; exit 1; }

# The generator and the libpcap baseline, built outside the (read-only) shared tree.
make -s -C "$shared/bench" B="$work/peers" "$work/peers/gen_pcap" "$work/peers/libpcap_task" >&2
gen() { # gen N SECONDS FILE [ACTIVE]: N packets over SECONDS (at most ACTIVE TCP flows at
  # once), regenerated only when those changed
  local stamp="$1 $2${4:+ -c $4}"
  if [ ! -s "$3" ] || [ "$(cat "$3.n" 2>/dev/null)" != "$stamp" ]; then
    echo "generating $1 packets over $2 s into $3" >&2
    "$work/peers/gen_pcap" -n "$1" -d "$2" ${4:+-c "$4"} -o "$3" 2>"$3.truth"
    echo "$stamp" >"$3.n"
  fi
}
big=$work/big.pcap
if [ -n "${ACTIVE:-}" ]; then
  big=$work/big-active$ACTIVE.pcap
fi
gen "$packets" 600 "$big" "${ACTIVE:-}"

# Our program, as shipped: the Release build with profile-guided optimisation.
if [ -n "${PKTSCOPE_BIN:-}" ]; then
  ours=$PKTSCOPE_BIN
else
  "$root/scripts/build-release.sh" "$work/build" -DCMAKE_CXX_COMPILER="${CXX:-g++}" \
    -DPKTSCOPE_BUILD_TESTS=OFF -DPKTSCOPE_BUILD_BENCH=OFF >&2
  ours=$work/build/cli/pktscope
fi
pcap=$work/peers/libpcap_task
no_alerts=()
if "$ours" summary --help | grep -q -- '--no-alerts'; then
  no_alerts=(--no-alerts)
fi

# The summary must have seen every packet, or the figures mean nothing.
cat "$big" >/dev/null # warm the page cache
seen=$("$ours" summary --no-progress --json "${no_alerts[@]}" "$big" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["capture"]["packets"])')
[ "$seen" = "$packets" ] ||
  { echo "bench-summary: summary counted $seen packets of $packets" >&2; exit 1; }
"$pcap" "$big" | grep -q "^flows" || { echo "bench-summary: libpcap baseline failed" >&2; exit 1; }

# The programs run in turns, one run of each per round, RUNS rounds: a change in the shared
# machine's load then reaches every program alike instead of one program's runs.
names=()
declare -A command_of
program() { # program NAME CMD...
  names+=("$1")
  shift
  command_of[${names[-1]}]=$(printf '%q ' "$@")
}
program libpcap "$pcap" "$big"
program summary "$ours" summary --no-progress "$big"
if [ ${#no_alerts[@]} -gt 0 ]; then
  program summary_no_alerts "$ours" summary --no-progress --no-alerts "$big"
fi
# The same with the file read on a second thread (not single-threaded: its own row).
if "$ours" summary --help | grep -q -- '--read-ahead'; then
  program summary_read_ahead "$ours" summary --no-progress "${no_alerts[@]}" --read-ahead "$big"
fi
program detect "$ours" detect --no-progress "$big"

for name in "${names[@]}"; do : >"$work/times.$name"; done
for ((i = 0; i < runs; i++)); do
  for name in "${names[@]}"; do
    # summary exits 0; detect may exit non-zero when it raised alerts: keep the timing anyway
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" \
      bash -c "${command_of[$name]} >/dev/null 2>'$work/err'" || true
    tail -1 "$work/t" >>"$work/times.$name"
  done
done
# results: "NAME wall cpu cpu_min rss_kb" (medians of wall and CPU time, the smallest CPU time,
# the largest peak RSS).
results=$work/results.txt
: >"$results"
for name in "${names[@]}"; do
  t=$work/times.$name
  wall=$(awk '{ print $1 }' "$t" | sort -g | sed -n "$(((runs + 1) / 2))p")
  cpu=$(awk '{ print $2 + $3 }' "$t" | sort -g | sed -n "$(((runs + 1) / 2))p")
  cpu_min=$(awk '{ print $2 + $3 }' "$t" | sort -g | head -1)
  rss=$(awk '{ print $4 }' "$t" | sort -g | tail -1)
  echo "$name $wall $cpu $cpu_min $rss" >>"$results"
done

bytes=$(stat -L -c %s "$big")
flows=$(sed -n 's/^flows //p' "$big.truth")
echo
printf '%s packets, %s bytes, %s TCP+UDP flows, at most %s TCP flows active at once (file in\n' \
  "$packets" "$bytes" "$flows" "${ACTIVE:-4096}"
printf 'the page cache); median of %s runs in turns, and the fastest run by CPU time\n' "$runs"
printf 'load average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
awk -v n="$packets" -v have_no_alerts=${#no_alerts[@]} '
  { name[NR] = $1; wall[NR] = $2; cpu[NR] = $3; cpu_min[NR] = $4; rss[NR] = $5; idx[$1] = NR }
  END {
    label["libpcap"] = "libpcap C baseline"
    label["summary"] = "pktscope summary"
    label["summary_no_alerts"] = "pktscope summary --no-alerts"
    label["summary_read_ahead"] = "summary " (have_no_alerts ? "--no-alerts " : "") "--read-ahead"
    label["detect"] = "pktscope detect"
    b = idx["libpcap"]
    printf "%-30s %8s %8s %8s %9s %8s %11s %11s %11s\n", "program", "wall_s", "cpu_s", "cpu_min",
           "Mpkt/s", "RSS_MB", "vs_libpcap", "cpu_vs_lpc", "min_vs_lpc"
    for (i = 1; i <= NR; i++) {
      printf "%-30s %8.2f %8.2f %8.2f %9.2f %8.1f %10.2fx %10.2fx %10.2fx\n", label[name[i]],
             wall[i], cpu[i], cpu_min[i], n / wall[i] / 1e6, rss[i] / 1024, wall[b] / wall[i],
             cpu[b] / cpu[i], cpu_min[b] / cpu_min[i]
    }
    s = idx["summary"]
    printf "detect/summary packets/s: %.2f\n", wall[s] / wall[idx["detect"]]
    if ("summary_no_alerts" in idx)
      printf "detect/summary --no-alerts packets/s: %.2f\n", wall[idx["summary_no_alerts"]] / wall[idx["detect"]]
  }' "$results"
echo "vs_libpcap: packets/s relative to the C baseline (its wall time / this wall time; higher is"
echo "better); cpu_vs_lpc: the same by CPU time (user+sys); min_vs_lpc: by the fastest runs' CPU"
echo "time (the runs the machine's other load disturbed least)"

instr_packets=${INSTR_PACKETS:-0}
if [ "$instr_packets" -gt 0 ]; then
  command -v valgrind >/dev/null ||
    { echo "bench-summary: valgrind missing (scripts/install-deps.sh --bench)" >&2; exit 1; }
  # Same generator, same packet rate: the capture is a shorter stretch of the same traffic.
  small=$work/instr.pcap
  gen "$instr_packets" "$(((600 * instr_packets + packets - 1) / packets))" "$small" "${ACTIVE:-}"
  instructions() { # instructions CMD...: user-space instructions the command executes
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
      sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
  }
  echo
  echo "instructions per packet, $instr_packets packets (callgrind; program start included)"
  base=$(instructions "$pcap" "$small")
  printf '%-30s %12s %10s %12s\n' "program" "instructions" "per_packet" "vs_libpcap"
  row() { # row LABEL COUNT
    printf '%-30s %12s %10.0f %11.2fx\n' "$1" "$2" "$(echo "$2 / $instr_packets" | bc -l)" \
      "$(echo "$2 / $base" | bc -l)"
  }
  row "libpcap C baseline" "$base"
  row "pktscope summary" "$(instructions "$ours" summary --no-progress "$small")"
  if [ ${#no_alerts[@]} -gt 0 ]; then
    row "pktscope summary --no-alerts" "$(instructions "$ours" summary --no-progress --no-alerts "$small")"
  fi
  echo "vs_libpcap: instructions relative to the baseline's (lower is better)"
fi

[ "${MEMORY:-1}" != 0 ] || exit 0

# peak_rss_mb FILE [SUMMARY OPTION...]: the largest peak RSS of `cat FILE | pktscope summary -`
# over the runs, in MB.
peak_rss_mb() {
  local f=$1 peak=0 r i
  shift
  for ((i = 0; i < runs; i++)); do
    cat "$f" | /usr/bin/time -f "%M" -o "$work/t" "$ours" summary --no-progress "$@" - >/dev/null
    r=$(tail -1 "$work/t")
    [ "$r" -gt "$peak" ] && peak=$r
  done
  echo "$peak / 1024" | bc -l
}

# Memory: 1x and 4x the packets over 1x and 4x the time (same live flows), from stdin.
mem1=$work/mem1x.pcap
mem4=$work/mem4x.pcap
gen "$mem_packets" "$mem_seconds" "$mem1"
gen "$((mem_packets * 4))" "$((mem_seconds * 4))" "$mem4"
echo
echo "memory: cat FILE | pktscope summary --no-progress ${no_alerts[*]} - (peak RSS, max of $runs runs)"
printf '%-10s %10s %12s %10s %12s %8s\n' "capture" "packets" "bytes" "seconds" "flows" "RSS_MB"
for f in "$mem1" "$mem4"; do
  rss=$(peak_rss_mb "$f" "${no_alerts[@]}")
  read -r n s <"$f.n"
  fl=$(cat "$f" | "$ours" summary --no-progress --json "${no_alerts[@]}" - |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["flows"]["total"])')
  printf '%-10s %10s %12s %10s %12s %8.1f\n' "$(basename "$f" .pcap)" "$n" "$(stat -L -c %s "$f")" "$s" \
    "$fl" "$rss"
done

# The same check on `pktscope synth` traffic: a fixed population of hosts (--hosts 50) at a
# fixed rate, 1x and 4x the duration, so live flows, hosts and host pairs are alike in both;
# summary as shipped (with the detectors) and without them.
synth_mem() { # synth_mem DURATION FILE
  if [ ! -s "$2" ]; then
    "$ours" synth --seed 5 --hosts 50 --rate 1000 --duration "$1" -q -o "$2"
  fi
}
synth1=$work/synth-10m.pcap
synth4=$work/synth-40m.pcap
synth_mem 10m "$synth1"
synth_mem 40m "$synth4"
echo
echo "memory, synth --hosts 50 --rate 1000: cat FILE | pktscope summary - (peak RSS MB, max of $runs runs)"
printf '%-12s %10s %12s %12s %14s\n' "capture" "packets" "bytes" "as shipped" "${no_alerts[*]:-}"
for f in "$synth1" "$synth4"; do
  rss=("$(peak_rss_mb "$f")" "$(peak_rss_mb "$f" "${no_alerts[@]}")")
  n=$("$ours" info --json "$f" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["packets"])')
  printf '%-12s %10s %12s %12.1f %14.1f\n' "$(basename "$f" .pcap)" "$n" "$(stat -c %s "$f")" \
    "${rss[0]}" "${rss[1]}"
done
