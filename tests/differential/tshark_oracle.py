"""tshark's capture statistics for the differential tests, one tshark run per capture.

`statistics(path, iostat)` runs

    tshark -n -r FILE -q --disable-protocol snmp -z io,phs [-z io,stat,60] -z conv,tcp -z conv,udp

once and returns the parsed protocol hierarchy, io,stat rows and TCP/UDP conversations, so
stats_tshark_test.py and flows_tshark_test.py share one dissection of each file. With a cache
directory (`--tshark-cache DIR` in both tests; CMake passes one in the build tree) the output
is stored under a key made of the file's SHA-256, tshark's version and the arguments, and an
flock per key lets two test processes running at once wait for each other's run instead of
repeating it. The key covers everything tshark's output depends on, so a stored output is
what tshark would print again. run_tshark() is that cached run for any tshark command line
(dump_tshark_test.py keeps its `-T fields` output with it, flows_tshark_test.py its two-pass
view of the fragment frames of captures that have some).

SNMP is disabled so that tshark's conversation table compares with a 5-tuple flow: the SNMP
dissector sets up a conversation of its own for the responses to a request, and the conv,udp
table then lists a request/response exchange as two one-way conversations with the same
endpoints (snmpwalk-short.pcap: one request in one, 199 responses in the other). SNMP is an
application leaf of the hierarchy; no compared io,phs figure depends on it.

Whether io,stat is asked for is the caller's choice (`wants_iostat`): a capture whose
timestamps span decades would make tshark build one row per minute of that span.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import subprocess
from pathlib import Path

# io,stat prints one row per interval from the first packet to the latest: captures spanning
# more intervals than this (damaged or synthetic timestamps decades apart) get no io,stat.
MAX_IOSTAT_ROWS = 20000
IOSTAT_INTERVAL_S = 60

PHS_LINE = re.compile(r"^( *)(\S+)\s+frames:(\d+) bytes:(\d+)\s*$")
STAT_ROW = re.compile(r"^\|\s*([\d.]+)\s*<>\s*([\d.]+|Dur)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|")
CONV_ROW = re.compile(r"^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+(\d+ \S+)\s+(\d+)\s+(\d+ \S+)\s+(\d+)\s+"
                      r"(\d+ \S+)\s+([\d.]+)\s+([\d.]+)\s*$")

_version: str | None = None


def wants_iostat(span_ns: int) -> bool:
    """True when io,stat over `span_ns` (latest minus earliest timestamp) has few enough rows."""
    return span_ns // (IOSTAT_INTERVAL_S * 1_000_000_000) < MAX_IOSTAT_ROWS


def tshark_version() -> str:
    global _version
    if _version is None:
        p = subprocess.run(["tshark", "--version"], capture_output=True, text=True, timeout=60)
        _version = p.stdout.splitlines()[0] if p.stdout else "unknown"
    return _version


def _args(iostat: bool) -> list[str]:
    cmd = ["tshark", "-n", "-q", "--disable-protocol", "snmp", "-z", "io,phs"]
    if iostat:
        cmd += ["-z", f"io,stat,{IOSTAT_INTERVAL_S}"]
    return cmd + ["-z", "conv,tcp", "-z", "conv,udp"]


def run_tshark(args: list[str], path: Path, cache_dir: Path | None = None, timeout: int = 900,
               prefix: str = "") -> tuple[int, str, str]:
    """(status, stdout, stderr) of the command `args` (tshark and its options) reading the
    capture `path` (-r PATH is appended). With a cache directory the output is stored under
    `prefix` and the SHA-256 of the file, tshark's version and `args`, behind an flock per key
    (see the top of this file)."""
    cmd = args + ["-r", str(path)]
    if cache_dir is None:
        p = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                           timeout=timeout, check=False)
        return p.returncode, p.stdout, p.stderr
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    h.update(tshark_version().encode())
    h.update("\0".join(args).encode())
    key = prefix + h.hexdigest()
    cache_dir.mkdir(parents=True, exist_ok=True)
    out_file = cache_dir / f"{key}.out"
    with open(cache_dir / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if out_file.exists():
            text = out_file.read_text(encoding="utf-8")
            rc_line, _, rest = text.partition("\n")
            stderr_len, _, rest = rest.partition("\n")
            n = int(stderr_len)
            return int(rc_line), rest[n:], rest[:n]
        rc, out, err = run_tshark(args, path, None, timeout)
        tmp = out_file.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(f"{rc}\n{len(err)}\n{err}{out}", encoding="utf-8")
        tmp.replace(out_file)
        return rc, out, err


def parse_phs(text: str) -> list[tuple[int, str, int, int]]:
    """(depth, name, frames, bytes) of every io,phs node, in tshark's order."""
    nodes = []
    inside = False
    for line in text.splitlines():
        if line.startswith("Protocol Hierarchy Statistics"):
            inside = True
            continue
        if not inside:
            continue
        if line.startswith("="):
            break
        m = PHS_LINE.match(line)
        if m:
            nodes.append((len(m.group(1)) // 2, m.group(2), int(m.group(3)), int(m.group(4))))
    return nodes


def parse_iostat(text: str) -> list[tuple[int, int]]:
    return [(int(m.group(3)), int(m.group(4)))
            for m in map(STAT_ROW.match, text.splitlines()) if m]


def split_endpoint(text: str) -> tuple[str, int]:
    addr, port = text.rsplit(":", 1)
    return addr, int(port)


def parse_conv(text: str) -> list[dict]:
    convs = []
    proto = None
    for line in text.splitlines():
        if line.startswith("TCP Conversations"):
            proto = "tcp"
        elif line.startswith("UDP Conversations"):
            proto = "udp"
        elif line.startswith("=") or line.startswith("|") or "Hierarchy" in line:
            proto = None
        m = CONV_ROW.match(line)
        if m and proto:
            convs.append({"proto": proto, "a": split_endpoint(m.group(1)),
                          "b": split_endpoint(m.group(2)),
                          "b_to_a": (int(m.group(3)), m.group(4)),
                          "a_to_b": (int(m.group(5)), m.group(6)),
                          "start": float(m.group(9)), "duration": float(m.group(10))})
    return convs


def statistics(path: Path, iostat: bool, cache_dir: Path | None = None) -> dict:
    """tshark's statistics of `path`: {"rc", "stderr", "phs", "iostat" (None when not asked
    for), "conv"}."""
    rc, out, err = run_tshark(_args(iostat), path, cache_dir)
    # Each -z table is printed in its own section; a section's rows match only its own pattern.
    phs_at = out.find("Protocol Hierarchy Statistics")
    stat_at = out.find("| IO Statistics")
    return {"rc": rc, "stderr": err,
            "phs": parse_phs(out[phs_at:]) if phs_at >= 0 else [],
            "iostat": parse_iostat(out[stat_at:]) if iostat and stat_at >= 0 else None,
            "conv": parse_conv(out)}
