# Sourced by the system tests: the source and corpus folders, a scratch folder `$tmp` removed on
# exit, and three helpers:
#   fail MESSAGE...   prints FAIL: MESSAGE and exits 1
#   run CMD...        runs CMD; $code is its exit status, its stdout is in $tmp/out, its
#                     stderr in $tmp/err
#   exit_of CMD...    prints CMD's exit status (stdout dropped, stderr in $tmp/err)
src=${PKTSCOPE_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
corpus=${PKTSCOPE_CORPUS_DIR:-$src/../shared/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
run() {
  set +e
  "$@" >"$tmp/out" 2>"$tmp/err"
  code=$?
  set -e
}
exit_of() {
  set +e
  "$@" >/dev/null 2>"$tmp/err"
  local c=$?
  set -e
  echo "$c"
}
