#!/usr/bin/env bash
# Runs every libFuzzer target in DIR for SECONDS each, two at a time. Seeds come
# from fuzz/corpus/<target>/ and fuzz/regressions/<target>/; the targets that read
# whole captures also start from fuzz/corpus/captures/ (small synth captures) and
# the shared corpus's captures under 16 KiB (real traffic of every kind, linked in
# place, never copied). New inputs go to a scratch folder so the checkout is never
# written. A crash fails the run and leaves its input in
# build/fuzz-artifacts/ to be added to fuzz/regressions/<target>/.
set -euo pipefail
dir=$1
seconds=${2:-60}
root="$(cd "$(dirname "$0")/.." && pwd)"
artifacts="$root/build/fuzz-artifacts"
mkdir -p "$artifacts"
mapfile -t targets < <(find "$dir" -maxdepth 1 -type f -name '*_fuzz' -perm -u+x | sort)
if [ ${#targets[@]} -eq 0 ]; then
  echo "run-fuzzers: no fuzz targets in $dir" >&2
  exit 1
fi

capture_targets=" pcap_reader_fuzz pcapng_reader_fuzz capture_roundtrip_fuzz"
capture_targets+=" analysis_pass_fuzz dump_fields_fuzz "
corpus="$root/../shared/corpus"
corpus_seeds=$(mktemp -d)
trap 'rm -rf "$corpus_seeds"' EXIT
if [ -f "$corpus/MANIFEST.tsv" ]; then
  awk -F'\t' 'NR > 1 && $5 < 16384 { print $1 }' "$corpus/MANIFEST.tsv" |
    while read -r file; do ln -s "$corpus/$file" "$corpus_seeds/${file//\//__}"; done
fi

run_one() {
  local target=$1 name scratch seeds=()
  name=$(basename "$target")
  scratch=$(mktemp -d)
  for d in "$root/fuzz/corpus/$name" "$root/fuzz/regressions/$name"; do
    [ -d "$d" ] && seeds+=("$d")
  done
  [[ $capture_targets == *" $name "* ]] && seeds+=("$root/fuzz/corpus/captures" "$corpus_seeds")
  if "$target" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 \
       -artifact_prefix="$artifacts/$name-" -print_final_stats=1 "$scratch" "${seeds[@]}" \
       >"$artifacts/$name.log" 2>&1; then
    echo "fuzz $name: ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$artifacts/$name.log" | grep -o '[0-9]*$') runs in ${seconds}s)"
    rm -rf "$scratch"
  else
    echo "fuzz $name: FAILED, see $artifacts/$name.log"
    tail -40 "$artifacts/$name.log"
    rm -rf "$scratch"
    return 1
  fi
}
export -f run_one
export root artifacts seconds capture_targets corpus_seeds
printf '%s\n' "${targets[@]}" | xargs -P 2 -I{} bash -c 'run_one "$@"' _ {}
