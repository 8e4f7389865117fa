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
echo "cli_basics: ok"
