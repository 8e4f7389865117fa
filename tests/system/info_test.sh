#!/usr/bin/env bash
# pktscope info: exit codes, JSON that parses, a file cut short (offset and the packets
# before the cut), standard input and gzip input.
# Expected values come from capinfos (packet counts) and from a walk of the pcap record
# headers in Python (offsets), not from pktscope itself.
set -euo pipefail
pktscope=$1
. "$(dirname "$0")/support.sh"
# kbandla/dpkt examples/data/http.pcap: 43 packets, Ethernet, microsecond pcap
# (capinfos: first 1084443427.311224, last 1084443457.704928).
http=$corpus/kbandla__dpkt/examples/data/http.pcap
[ -f "$http" ] || { echo "info_test: corpus not found at $corpus" >&2; exit 1; }

json_get() { # json_get EXPR: evaluates EXPR with d = the parsed JSON of $tmp/out
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$tmp/out"
}

# A clean file: exit 0, one JSON array element with the capinfos facts.
run "$pktscope" info --json "$http"
[ "$code" -eq 0 ] || fail "clean file exits $code, want 0: $(cat "$tmp/err")"
[ "$(json_get 'len(d)')" = 1 ] || fail "--json is not an array of one object"
[ "$(json_get 'd[0]["packets"]')" = 43 ] || fail "packets: $(json_get 'd[0]["packets"]')"
[ "$(json_get 'd[0]["first_ns"]')" = 1084443427311224000 ] || fail "first_ns"
[ "$(json_get 'd[0]["last_ns"]')" = 1084443457704928000 ] || fail "last_ns"
[ "$(json_get 'd[0]["first"]')" = 2004-05-13T10:17:07.311224000Z ] || fail "first (ISO 8601)"
[ "$(json_get 'd[0]["interfaces"][0]["link_type"]')" = 1 ] || fail "link type"
[ "$(json_get 'd[0]["integrity"]["complete"]')" = True ] || fail "integrity.complete"
[ ! -s "$tmp/err" ] || fail "clean file wrote to stderr: $(cat "$tmp/err")"

# The text form: aligned "key: value" lines.
run "$pktscope" info "$http"
[ "$code" -eq 0 ] || fail "text output exits $code"
grep -qE '^Packets: +43$' "$tmp/out" || fail "text output lacks 'Packets: 43'"
grep -qE '^First packet: +2004-05-13T10:17:07\.311224000Z \(1084443427311224000 ns\)$' \
  "$tmp/out" || fail "text output first packet line"

# Cut the file inside a record: the packets before it still count, the error names
# the file and the record's offset, exit status 1.
head -c 10000 "$http" >"$tmp/cut.pcap"
read -r want_packets want_offset < <(python3 - "$tmp/cut.pcap" <<'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read()
off, n = 24, 0
while off + 16 <= len(d):
    caplen = struct.unpack("<I", d[off + 8:off + 12])[0]
    if off + 16 + caplen > len(d):
        break
    off, n = off + 16 + caplen, n + 1
print(n, off)
EOF
)
cap_packets=$(capinfos -M -c "$tmp/cut.pcap" 2>/dev/null | awk -F': *' '/Number of packets/ {print $2}' || true)
[ "$cap_packets" = "$want_packets" ] || fail "record walk ($want_packets) and capinfos ($cap_packets) disagree"
run "$pktscope" info --json "$tmp/cut.pcap"
[ "$code" -eq 1 ] || fail "cut file exits $code, want 1"
[ "$(json_get 'd[0]["packets"]')" = "$want_packets" ] || fail "cut file packets"
[ "$(json_get 'd[0]["integrity"]["truncated_at"]')" = "$want_offset" ] ||
  fail "truncated_at $(json_get 'd[0]["integrity"]["truncated_at"]'), want $want_offset"
grep -qF "$tmp/cut.pcap: offset $want_offset: " "$tmp/err" ||
  fail "stderr does not name file and offset: $(cat "$tmp/err")"
run "$pktscope" info "$tmp/cut.pcap"
[ "$code" -eq 1 ] || fail "cut file (text) exits $code"
grep -qE "^Packets: +$want_packets$" "$tmp/out" || fail "text output of cut file lacks packets"
grep -qE "^Integrity: +stopped at offset $want_offset: " "$tmp/out" || fail "text integrity line"

# Several files: each reported in order; one damaged file makes the status 1.
run "$pktscope" info --json "$http" "$tmp/cut.pcap" "$http"
[ "$code" -eq 1 ] || fail "mixed files exit $code, want 1"
[ "$(json_get '[x["packets"] for x in d]')" = "[43, $want_packets, 43]" ] || fail "mixed files"

# Standard input, plain and gzip-compressed; a gzip file.
run sh -c "cat '$http' | '$pktscope' info --json -"
[ "$code" -eq 0 ] || fail "stdin exits $code: $(cat "$tmp/err")"
[ "$(json_get 'd[0]["packets"]')" = 43 ] || fail "stdin packets"
[ "$(json_get 'd[0]["file"]')" = - ] || fail "stdin file name"
gzip -c "$http" >"$tmp/http.pcap.gz"
run "$pktscope" info --json "$tmp/http.pcap.gz"
[ "$code" -eq 0 ] || fail "gzip file exits $code: $(cat "$tmp/err")"
[ "$(json_get 'd[0]["packets"], d[0]["compression"]')" = "43 gzip" ] || fail "gzip file"
run sh -c "'$pktscope' info --json - < '$tmp/http.pcap.gz'"
[ "$code" -eq 0 ] || fail "gzip on stdin exits $code: $(cat "$tmp/err")"
[ "$(json_get 'd[0]["packets"]')" = 43 ] || fail "gzip on stdin packets"

# Not a capture: exit 1 with a message; missing file: exit 3; no file: usage (2).
printf 'hello, not a capture\n' >"$tmp/text.pcap"
run "$pktscope" info --json "$tmp/text.pcap"
[ "$code" -eq 1 ] || fail "non-capture exits $code, want 1"
[ "$(json_get 'd[0]["error"]["code"]')" = bad_format ] || fail "non-capture error code"
grep -qF "$tmp/text.pcap: offset 0: " "$tmp/err" || fail "non-capture message"
run "$pktscope" info "$tmp/missing.pcap"
[ "$code" -eq 3 ] || fail "missing file exits $code, want 3"
grep -qF "$tmp/missing.pcap" "$tmp/err" || fail "missing file message"
run "$pktscope" info
[ "$code" -eq 2 ] || fail "no file exits $code, want 2"
# An empty file is no capture either, and must not crash.
: >"$tmp/empty.pcap"
run "$pktscope" info "$tmp/empty.pcap"
[ "$code" -eq 1 ] || fail "empty file exits $code, want 1"

# Names and comments a pcapng file holds need not be valid UTF-8 (nor need file names): the
# JSON still prints, and parses, with U+FFFD for each bad octet.
python3 - "$tmp/names.pcapng" <<'EOF'
import struct, sys
def option(code, value):
    return struct.pack("<HH", code, len(value)) + value + bytes(-len(value) % 4)
def block(kind, body):
    return struct.pack("<II", kind, 12 + len(body)) + body + struct.pack("<I", 12 + len(body))
end = option(0, b"")
shb = struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + option(1, b"cut \xc3") + end
idb = struct.pack("<HHI", 1, 0, 0) + option(2, b"eth\xff0") + end
frame = bytes(60)
epb = struct.pack("<IIIII", 0, 0, 1000, len(frame), len(frame)) + frame
open(sys.argv[1], "wb").write(block(0x0A0D0D0A, shb) + block(1, idb) + block(6, epb))
EOF
run "$pktscope" info --json "$tmp/names.pcapng"
[ "$code" -eq 0 ] || fail "invalid UTF-8 names: exit $code: $(cat "$tmp/err")"
[ "$(json_get 'd[0]["comments"][0]')" = "cut $(printf '\xef\xbf\xbd')" ] || fail "comment"
[ "$(json_get 'd[0]["interfaces"][0]["name"]')" = "eth$(printf '\xef\xbf\xbd')0" ] ||
  fail "interface name"
odd_name="$tmp/odd$(printf '\xff').pcap"
cp "$http" "$odd_name"
run "$pktscope" summary --json --no-progress "$odd_name"
[ "$code" -eq 0 ] || fail "file name with an invalid UTF-8 octet: exit $code: $(cat "$tmp/err")"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" ||
  fail "summary --json of an oddly named file does not parse"

echo "info: ok"
