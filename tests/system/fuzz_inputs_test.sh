#!/usr/bin/env bash
# Every command that reads captures, run on the fuzz targets' capture seeds and on the inputs
# that once failed a target (damaged captures among them): each ends with a documented exit
# status (0, 1 for bad input, 10 for alerts), never with an internal error or a signal, and
# each JSON output parses (one document, or one per line for NDJSON).
set -euo pipefail
pktscope=$1
. "$(dirname "$0")/support.sh"

inputs=("$src"/fuzz/corpus/captures/* "$src"/fuzz/corpus/pcap*_reader_fuzz/*
  "$src"/fuzz/regressions/analysis_pass_fuzz/* "$src"/fuzz/regressions/dump_fields_fuzz/*)
[ ${#inputs[@]} -ge 10 ] || fail "only ${#inputs[@]} inputs found under $src/fuzz"

json_commands=("summary --json" "flows --json" "detect --json" "timeline --json --interval 1s"
  "top --json" "dump --json" "info --json")
text_commands=("summary" "flows --format zeek" "flows --csv" "detect" "dump" "info")
n=0
for input in "${inputs[@]}"; do
  for cmd in "${json_commands[@]}" "${text_commands[@]}"; do
    n=$((n + 1))
    # shellcheck disable=SC2086 # cmd is a command and its options
    run "$pktscope" $cmd "$input"
    case $code in 0 | 1 | 10) ;; *) fail "$cmd $input: exit $code: $(head -c 300 "$tmp/err")" ;; esac
    ! grep -q "internal error" "$tmp/err" || fail "$cmd $input: $(head -c 300 "$tmp/err")"
    case $cmd in *--json*) cp "$tmp/out" "$tmp/json.$n" ;; esac
  done
  for out in report plot; do
    if [ $out = report ]; then
      run "$pktscope" report --no-progress -o "$tmp/r.html" "$input"
    else
      run "$pktscope" plot traffic --no-progress -o "$tmp/p.svg" "$input"
    fi
    case $code in 0 | 1) ;; *) fail "$out $input: exit $code: $(head -c 300 "$tmp/err")" ;; esac
    ! grep -q "internal error" "$tmp/err" || fail "$out $input: $(head -c 300 "$tmp/err")"
  done
done
python3 - "$tmp"/json.* <<'EOF' || fail "JSON output that does not parse"
import json, sys
for path in sys.argv[1:]:
    text = open(path, "rb").read().decode("utf-8")
    if not text.strip():
        continue
    try:
        json.loads(text)
    except ValueError:
        for line in text.splitlines():
            if line.strip():
                json.loads(line)  # NDJSON
EOF
echo "fuzz_inputs: ok ($n runs on ${#inputs[@]} inputs)"
