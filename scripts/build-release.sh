#!/usr/bin/env bash
# The Release build as shipped (the release preset of CMakePresets.json), optimised with the
# profile of a training run (GCC's profile-guided optimisation).
#
#   scripts/build-release.sh BUILD_DIR [CMAKE_ARGS...]
#
# 1. BUILD_DIR/pgo-train: the library and the CLI, instrumented (PKTSCOPE_PGO_GENERATE).
# 2. The training run: that binary synthesizes a capture with attacks (no downloads) and runs
#    the per-packet commands on it (summary, detect, flows, timeline, top, dump, info), on pcap
#    and on pcapng. Its profile goes to BUILD_DIR/pgo-profile, rewritten on every run.
# 3. BUILD_DIR: the build asked for (CMAKE_ARGS, every target), with PKTSCOPE_PGO_USE.
# Both builds are incremental; the training takes about ten seconds. Profile-guided
# optimisation needs GCC; with another compiler the build goes on without it (a warning).
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: scripts/build-release.sh BUILD_DIR [CMAKE_ARGS...]" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
dir=$(cd "$1" && pwd)
shift
jobs=${JOBS:-$(nproc)}
train=$dir/pgo-train
profile=$dir/pgo-profile

configure() { # configure DIR ARGS...: the release preset, built in DIR
  local d=$1
  shift
  (cd "$root" && cmake --preset release -B "$d" "$@" >/dev/null)
}

configure "$train" "$@" -DPKTSCOPE_BUILD_TESTS=OFF -DPKTSCOPE_BUILD_BENCH=OFF \
  -DPKTSCOPE_BUILD_FUZZ=OFF -DPKTSCOPE_PGO_USE= -DPKTSCOPE_PGO_GENERATE="$profile"
cmake --build "$train" -j "$jobs" --target pktscope-cli

echo "build-release: training run for the profile" >&2
rm -rf "$profile"
mkdir -p "$profile"
work=$(mktemp -d "$dir/pgo-capture.XXXXXX") # about 0.5 GB while the training runs
trap 'rm -rf "$work"' EXIT
bin=$train/cli/pktscope
"$bin" synth -q --seed 11 --duration 20m --packets 300000 --hosts 2000 --attacks \
  -o "$work/train.pcap"
"$bin" convert "$work/train.pcap" "$work/train.pcapng"
for capture in "$work/train.pcap" "$work/train.pcapng"; do
  "$bin" summary --no-progress "$capture" >/dev/null
  "$bin" detect --no-progress "$capture" >/dev/null || [ $? -eq 10 ] # 10: alerts raised
done
"$bin" summary --no-progress --no-alerts --json "$work/train.pcap" >/dev/null
for command in flows timeline top; do
  "$bin" "$command" --no-progress "$work/train.pcap" >/dev/null
done
"$bin" dump "$work/train.pcap" >/dev/null
"$bin" info "$work/train.pcapng" >/dev/null

configure "$dir" "$@" -DPKTSCOPE_PGO_GENERATE= -DPKTSCOPE_PGO_USE="$profile"
cmake --build "$dir" -j "$jobs"
