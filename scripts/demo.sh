#!/usr/bin/env bash
# The main job, end to end, on a capture pktscope writes itself (no downloads):
# synthesize an hour of traffic with attacks, then describe, summarise, detect and
# report on it. Everything lands in demo/.
set -euo pipefail
pktscope=$(realpath "$1")
cd "$(dirname "$0")/.."
out=demo
mkdir -p "$out"

step() { printf '\n== %s\n' "$*"; }
have() { "$pktscope" "$1" --help >/dev/null 2>&1; }

step "synthesize 1 h of traffic with injected attacks (seed 7)"
"$pktscope" synth --seed 7 --duration 1h --packets 400000 --attacks -o "$out/demo.pcapng"

step "pktscope info demo/demo.pcapng"
"$pktscope" info "$out/demo.pcapng"

step "pktscope summary demo/demo.pcapng"
"$pktscope" summary "$out/demo.pcapng"

if have detect; then
  step "pktscope detect demo/demo.pcapng (alerts against the labelled attacks)"
  # Exit status 10 means "alerts raised" — expected here, since the capture has attacks.
  "$pktscope" detect "$out/demo.pcapng" --json >"$out/alerts.ndjson" || [ $? -eq 10 ]
  "$pktscope" detect "$out/demo.pcapng" || [ $? -eq 10 ]
  echo "labelled events: $out/demo.labels.json; alerts as NDJSON: $out/alerts.ndjson"
fi

step "pktscope convert --filter 'icmp' (BPF) to a pcap of its own"
"$pktscope" convert --filter icmp "$out/demo.pcapng" "$out/icmp.pcap"
"$pktscope" info "$out/icmp.pcap" | grep -E '^(Packets|Format)'

if have report; then
  step "pktscope report: one self-contained HTML file"
  "$pktscope" report "$out/demo.pcapng" -o "$out/report.html"
  echo "open $(realpath "$out/report.html") in a browser"
fi
