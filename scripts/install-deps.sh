#!/usr/bin/env bash
# Installs the Debian packages pktscope needs to build, test and demo.
# Idempotent and quiet when everything is already there.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ clang libclang-rt-14-dev ccache pkg-config clang-format
  libpcap-dev zlib1g-dev libzstd-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libtomlplusplus-dev
  # pktscope plot draws with cairo; the HTML report's front end comes from npm (report/)
  libcairo2-dev libfontconfig-dev nodejs
  # test oracles and helpers
  tshark tcpdump python3
  nmap hping3 # tests/system/detect_realtools_test.sh: scans and floods against loopback
  # the report's browser test drives headless Chromium; fonts for plot and screenshots
  chromium fonts-dejavu-core
)
# Some Node.js builds bring npm along; Debian's ships it as its own package.
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [ "${1:-}" = "--bench" ]; then
  packages+=(libtins-dev python3-dpkt hyperfine time valgrind)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer once, non-interactively.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
