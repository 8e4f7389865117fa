#!/usr/bin/env bash
# pktscope plot: every kind as PNG and SVG from a `synth --attacks` capture. PNGs are decoded
# here (zlib + PNG filters in Python, independent of cairo): signature, IHDR dimensions, and
# drawn (non-white) pixels inside the plot area. SVGs are parsed as XML: the title and axis
# titles with their units are <text> elements, time ticks are UTC clock labels, and the
# heatmap's host labels are the top hosts of `pktscope summary --json`. Usage errors exit 2.
set -euo pipefail
pktscope=$1
. "$(dirname "$0")/support.sh"

"$pktscope" synth --attacks --seed 3 --duration 120s -q -o "$tmp/a.pcap"
"$pktscope" summary --json --matrix-hosts 10 "$tmp/a.pcap" --no-progress >"$tmp/summary.json"
for kind in traffic sizes histogram heatmap connections; do
  "$pktscope" plot "$kind" "$tmp/a.pcap" -o "$tmp/$kind.png" --no-progress
  "$pktscope" plot "$kind" "$tmp/a.pcap" -o "$tmp/$kind.svg" --no-progress
done
"$pktscope" plot traffic "$tmp/a.pcap" -o "$tmp/small.png" --width 640 --height 320 --no-progress
"$pktscope" plot histogram "$tmp/a.pcap" -o - --format svg --no-progress >"$tmp/stdout.svg"

python3 - "$tmp" <<'PY'
import json, re, struct, sys, zlib
import xml.etree.ElementTree as ET
tmp = sys.argv[1]

def decode_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        crc = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]
        assert zlib.crc32(kind + body) == crc, f"{path}: bad CRC in {kind}"
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype = ihdr[:4]
    assert depth == 8 and ctype in (2, 6), f"{path}: depth {depth} colour type {ctype}"
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, off = [], bytearray(stride), 0
    for _ in range(h):
        f = raw[off]; line = bytearray(raw[off + 1:off + 1 + stride]); off += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); prev = line
    return w, h, bpp, rows

def drawn(rows, bpp, x0, y0, x1, y1):
    n = 0
    for y in range(y0, y1):
        r = rows[y]
        for x in range(x0, x1):
            px = r[x * bpp:x * bpp + 3]
            if min(px) < 200:  # darker than the grid lines (0xe3)
                n += 1
    return n

for kind in ("traffic", "sizes", "histogram", "heatmap", "connections"):
    w, h, bpp, rows = decode_png(f"{tmp}/{kind}.png")
    assert (w, h) == (1000, 500), f"{kind}.png is {w}x{h}"
    inside = drawn(rows, bpp, 90, 70, 960, 434)
    assert inside > 2000, f"{kind}.png: only {inside} drawn pixels in the plot area"
    assert drawn(rows, bpp, 300, 5, 700, 35) > 100, f"{kind}.png: no title"
w, h, _, _ = decode_png(f"{tmp}/small.png")
assert (w, h) == (640, 320), f"small.png is {w}x{h}"

ns = {"s": "http://www.w3.org/2000/svg"}
summary = json.load(open(f"{tmp}/summary.json"))
expect = {
    "traffic": ["Throughput by protocol", "throughput (bits/s)", "TCP", "UDP", "ICMP/ICMPv6"],
    "sizes": ["Packet size over time", "packet size (bytes)", "packets"],
    "histogram": ["Packet size distribution", "packets", "packet size (bytes on the wire)"],
    "heatmap": ["source", "destination", "bytes"] + summary["host_matrix"]["hosts"],
    "connections": ["New connections per minute", "connections per minute", "TCP"],
}
for kind, labels in expect.items():
    root = ET.parse(f"{tmp}/{kind}.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
    assert root.get("width") == "1000" and root.get("height") == "500"
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for label in labels:
        assert label in texts, f"{kind}.svg: label {label!r} missing"
    if kind in ("traffic", "sizes", "connections"):
        assert any(t.startswith("time (UTC), from 2024-01-01") for t in texts), f"{kind}.svg: time axis title"
        clock = [t for t in texts if re.fullmatch(r"\d\d:\d\d(:\d\d)?", t)]
        assert len(clock) >= 2, f"{kind}.svg: time tick labels {texts}"
    shapes = sum(1 for _ in root.iter("{http://www.w3.org/2000/svg}rect")) + \
             sum(1 for _ in root.iter("{http://www.w3.org/2000/svg}polygon"))
    assert shapes > 5, f"{kind}.svg: nothing drawn"
ET.parse(f"{tmp}/stdout.svg")
print("plot images ok")
PY

set +e
"$pktscope" plot pie "$tmp/a.pcap" -o "$tmp/x.png" 2>/dev/null; [ $? -eq 2 ] || fail "unknown kind must exit 2"
"$pktscope" plot traffic "$tmp/a.pcap" -o "$tmp/x.gif" 2>/dev/null; [ $? -eq 2 ] || fail "unknown extension must exit 2"
"$pktscope" plot traffic "$tmp/missing.pcap" -o "$tmp/x.png" 2>/dev/null; [ $? -eq 3 ] || fail "missing input must exit 3"
set -e
[ ! -e "$tmp/x.png" ] || fail "a failed plot left an image"
echo "plot_test: ok"
