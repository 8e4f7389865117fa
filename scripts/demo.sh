#!/usr/bin/env bash
# The main job on a capture the project writes itself (no downloads).
set -euo pipefail
pktscope=$1
"$pktscope" --version
