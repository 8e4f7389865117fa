#!/usr/bin/env bash
# The executable starts, teaches through --help and uses the documented exit codes.
set -euo pipefail
pktscope=$1
fail() { echo "FAIL: $*" >&2; exit 1; }

"$pktscope" --help | grep -q "pktscope" || fail "--help does not name the tool"
"$pktscope" --version | grep -qE '^pktscope [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"
set +e
"$pktscope" --no-such-flag >/dev/null 2>&1
code=$?
set -e
[ "$code" -eq 2 ] || fail "unknown flag exits $code, want 2 (usage)"
# Every analysis command names its missing input as its help does: the positional "files".
for cmd in summary flows timeline top detect; do
  set +e
  err=$("$pktscope" "$cmd" 2>&1 >/dev/null)
  code=$?
  set -e
  [ "$code" -eq 2 ] || fail "$cmd without input exits $code, want 2 (usage)"
  grep -q "files is required" <<<"$err" || fail "$cmd without input says: $err"
  "$pktscope" "$cmd" --help | grep -q "^  files" || fail "$cmd --help names no positional files"
done
echo "cli_basics: ok"
