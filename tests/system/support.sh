# Sourced by the system tests: the source and corpus folders, a scratch folder `$tmp` removed on
# exit, and these helpers:
#   fail MESSAGE...   prints FAIL: MESSAGE and exits 1
#   run CMD...        runs CMD; $code is its exit status, its stdout is in $tmp/out, its
#                     stderr in $tmp/err
#   exit_of CMD...    prints CMD's exit status (stdout dropped, stderr in $tmp/err)
#   pcapng_with_counters PATH  writes a one-packet pcapng whose Interface Statistics Block
#                     says 1000 received, 7 dropped by the interface, 3 dropped by the OS
#   append_counters PATH  appends that block, for interface 0, to a little-endian pcapng
#   isb_counters PATH prints "RECV IFDROP OSDROP" for each ISB of a little-endian pcapng
#                     ("-" for a counter it lacks)
# The pcapng helpers follow the pcapng draft (§4.1 SHB, §4.2 IDB, §4.3 EPB, §4.6 ISB) on their
# own, so that they check the project's reader and writer rather than use them.
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
pcapng_with_counters() { _pcapng_counters new "$1"; }
append_counters() { _pcapng_counters append "$1"; }
_pcapng_counters() {
  python3 - "$1" "$2" <<'EOF'
import struct, sys
def block(kind, body):
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack("<II", kind, n) + body + struct.pack("<I", n)
def option(code, value):
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)
counters = (option(4, struct.pack("<Q", 1000)) + option(5, struct.pack("<Q", 7)) +
            option(7, struct.pack("<Q", 3)) + option(0, b""))
isb = block(5, struct.pack("<III", 0, 0, 2) + counters)  # interface 0
mode, path = sys.argv[1:]
if mode == "append":
    open(path, "ab").write(isb)
else:
    frame = bytes(12) + b"\x08\x06" + bytes(46)  # Ethernet, ARP type, padded to 60 octets
    open(path, "wb").write(
        block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)) +
        block(1, struct.pack("<HHI", 1, 0, 0)) +
        block(6, struct.pack("<IIIII", 0, 0, 1, len(frame), len(frame)) + frame) + isb)
EOF
}
isb_counters() {
  python3 - "$1" <<'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read()
off = 0
while off + 12 <= len(d):
    kind, n = struct.unpack_from("<II", d, off)
    if n < 12:
        sys.exit(f"block at {off}: total length {n}")
    if kind == 5:
        found = {}
        o = off + 20
        while o + 4 <= off + n - 4:
            code, length = struct.unpack_from("<HH", d, o)
            if code == 0:
                break
            if length == 8:
                found[code] = struct.unpack_from("<Q", d, o + 4)[0]
            o += 4 + length + (-length % 4)
        print(*(found.get(c, "-") for c in (4, 5, 7)))
    off += n
EOF
}
