#!/usr/bin/env bash
# Detector evaluation on synthesized captures (bench/e2e/detect_eval.cpp): every labelled port
# scan, SYN flood, ping sweep, echo flood, ICMP tunnel and (two-minute) volume spike of synth's
# default attack mix over 5 seeds found with the right kind, attacker and victim; no alert of
# any detector on 5 normal-only captures of one hour each; port scans named within 10 probes
# of their start (slow scans within their window).
# $1: the pktscope executable (unused: the evaluator links the library); the evaluator is a
# benchmark program, so builds without benchmarks (sanitizer presets) skip this test.
set -euo pipefail
build="${PKTSCOPE_BUILD_DIR:-$(dirname "$1")/..}"
eval_bin="$build/bench/detect_eval"
if [ ! -x "$eval_bin" ]; then
  echo "detect_eval not built in $build (PKTSCOPE_BUILD_BENCH=OFF): skipped"
  exit 0
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! "$eval_bin" --seeds 5 --duration 600 --normal-seeds 5 --normal-duration 3600 --check >"$out" 2>&1; then
  cat "$out"
  echo "detect_eval_test: FAILED"
  exit 1
fi
tail -12 "$out"
