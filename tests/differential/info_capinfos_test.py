#!/usr/bin/env python3
"""Differential test: `pktscope info --json` against capinfos on every corpus capture.

Compared per file: packet count, format (pcap / nanosecond pcap / pcapng), compression
(gzip/zstd, checked against the file's own magic bytes), link type(s) (capinfos -E names
mapped to LINKTYPE numbers; per-packet counts for mixed pcapng), earliest/latest timestamps
to the precision capinfos prints (nanoseconds for nanosecond files), and damage: a file
capinfos reports as cut short or damaged must carry an integrity finding in pktscope's
output, and the other way round.

Files capinfos cannot read are counted as "error": pktscope must answer them with a clear
error or warning (exit status 0 or 1, never a signal). Differences are allowed only when
docs/known-differences.md ("info vs capinfos") lists the file and the field with a reason.

Usage: python3 info_capinfos_test.py --pktscope BIN --corpus DIR [--only GLOB] [-v]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import fnmatch
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KNOWN_DIFFERENCES = REPO / "docs" / "known-differences.md"

# capinfos -E short encapsulation names (Wireshark's wtap_encap_name, listed by
# `editcap -T x`) mapped to the LINKTYPE_* values that Wireshark's pcap-common.c
# translates to them. Several link types share one Wireshark encapsulation
# (e.g. RAW 101, DLT 12 and DLT 14 are all "rawip"; PPP 9 and PPP_HDLC 50 are "ppp").
ENCAP_TO_LINKTYPES: dict[str, set[int]] = {
    "null": {0},
    "ether": {1},
    "ax25-kiss": {3},
    "tr": {6},
    "arcnet": {7},
    "slip": {8},
    "ppp": {9, 50},
    "fddi-swapped": {10},
    "rawip": {12, 14, 101},
    "ppp-ether": {51},
    "atm-rfc1483": {100},
    "chdlc": {104},
    "ieee-802-11": {105},
    "linux-atm-clip": {106},
    "frelay": {107},
    "loop": {108},
    "linux-sll": {113},
    "ltalk": {114},
    "pflog": {117},
    "prism": {119},
    "ip-over-fc": {122},
    "atm-pdus": {123},
    "ieee-802-11-radiotap": {127},
    "arcnet_linux": {129},
    "juniper-mlppp": {130},
    "juniper-mlfr": {131},
    "juniper-gsm": {133},
    "juniper-pppoe": {167},
    "juniper-atm1": {137},
    "juniper-atm2": {135},
    "juniper-ppp": {139},
    "juniper-ether": {178},
    "juniper-frelay": {180},
    "juniper-chdlc": {181},
    "juniper-svcs": {183},
    "juniper-vn": {277},
    "mtp2": {140},
    "mtp3": {141},
    "docsis": {143},
    **{f"user{i}": {147 + i} for i in range(16)},
    "ieee-802-11-avs": {163},
    "bacnet-ms-tp": {165},
    "ppp-with-direction": {166},
    "bluetooth-h4": {187},
    "usb-linux": {189},
    "ppi": {192},
    "wpan": {195},
    "bluetooth-h4-linux": {201},
    "wpan-nonask-phy": {215},
    "usb-linux-mmap": {220},
    "ipnet": {226},
    "socketcan": {227},
    "rawip4": {228},
    "rawip6": {229},
    "wpan-nofcs": {230},
    "dbus": {231},
    "dvbci": {235},
    "nflog": {239},
    "netanalyzer": {240},
    "ip-ib": {242},
    "usb-usbpcap": {249},
    "bluetooth-le-ll": {251},
    "netlink": {253},
    "bluetooth-linux-monitor": {254},
    "pktap": {258},
    "ipmi-trace": {263},
    "vsock": {271},
    "ether-mpacket": {274},
    "linux-sll2": {276},
}

# Long names capinfos prints under "Encapsulation in use by packets" for per-packet
# files (wtap_encap_description).
ENCAP_DESCRIPTION_TO_LINKTYPES: dict[str, set[int]] = {
    "Ethernet": {1},
    "NULL/Loopback": {0},
    "Linux cooked-mode capture v1": {113},
    "Linux cooked-mode capture v2": {276},
    "Raw IP": {12, 14, 101},
    "Raw IPv4": {228},
    "Raw IPv6": {229},
    "OpenBSD loopback": {108},
    "IEEE 802.11 Wireless LAN": {105},
    "IEEE 802.11 plus radiotap radio header": {127},
    "PPP": {9, 50},
    "Ethernet MPacket": {274},
}

CAPINFOS_ARGS = ["capinfos", "-M", "-T", "-r", "-c", "-t", "-E", "-a", "-e", "-S"]
CAPINFOS_BATCH = 64
PKTSCOPE_BATCH = 64
TIME_RE = re.compile(r"^(-?)(\d+)(?:\.(\d{1,9}))?$")


@dataclass
class capinfos_result:
    row: list[str] | None = None  # name, type, encap, count, start, end
    errors: list[str] = field(default_factory=list)
    per_packet: dict[str, int] | None = None  # description -> packets


@dataclass
class pktscope_result:
    report: dict | None = None
    crash: str | None = None


def load_files(corpus: Path) -> list[str]:
    lines = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    files = [ln.split("\t", 1)[0] for ln in lines[1:] if ln.strip()]
    return [f for f in files if f]


def load_allow_list() -> list[tuple[str, set[str], str]]:
    """Entries `- \\`GLOB\\` [field, field]: reason` under the "info vs capinfos" heading."""
    if not KNOWN_DIFFERENCES.exists():
        return []
    entries = []
    in_section = False
    items: list[str] = []  # bullets with their indented continuation lines joined
    for ln in KNOWN_DIFFERENCES.read_text(encoding="utf-8").splitlines():
        if ln.startswith("#"):
            in_section = ln.lstrip("#").strip().lower() == "info vs capinfos"
        elif in_section and ln.startswith("- "):
            items.append(ln)
        elif in_section and ln.startswith("  ") and items:
            items[-1] += " " + ln.strip()
    for item in items:
        m = re.match(r"^- `([^`]+)`\s*\[([^\]]+)\]:\s*(\S.*)$", item)
        if m:
            fields = {f.strip() for f in m.group(2).split(",")}
            entries.append((m.group(1), fields, m.group(3)))
    return entries


def run_capinfos_batch(corpus: Path, files: list[str]) -> dict[str, capinfos_result]:
    proc = subprocess.run(CAPINFOS_ARGS + files, cwd=corpus, capture_output=True, text=True,
                          errors="replace", check=False)
    out: dict[str, capinfos_result] = {f: capinfos_result() for f in files}
    for ln in proc.stdout.splitlines():
        cols = ln.split("\t")
        if len(cols) == 6 and cols[0] in out:
            out[cols[0]].row = cols
    # Error messages name the file in double quotes; continuation lines follow.
    current = None
    for ln in proc.stderr.splitlines():
        m = re.search(r'"([^"]+)"', ln)
        if ln.startswith("capinfos:") and m and m.group(1) in out:
            current = m.group(1)
            out[current].errors.append(ln)
        elif current is not None:
            out[current].errors.append(ln)
    return out


def run_capinfos_per_packet(corpus: Path, name: str) -> dict[str, int]:
    proc = subprocess.run(["capinfos", "-E", name], cwd=corpus, capture_output=True, text=True,
                          errors="replace", check=False)
    counts: dict[str, int] = {}
    inside = False
    for ln in proc.stdout.splitlines():
        if ln.startswith("Encapsulation in use by packets"):
            inside = True
            continue
        if inside:
            m = re.match(r"^\s+(.+) \((\d+)\)$", ln)
            if not m or not ln.startswith(" "):
                break
            counts[m.group(1)] = counts.get(m.group(1), 0) + int(m.group(2))
    return counts


def run_pktscope_batch(binary: str, corpus: Path, files: list[str]) -> dict[str, pktscope_result]:
    proc = subprocess.run([binary, "info", "--json", "--"] + files, cwd=corpus,
                          capture_output=True, check=False)
    out = {f: pktscope_result() for f in files}
    sanitizer = re.search(rb"ERROR: \w+Sanitizer|runtime error:", proc.stderr)
    if proc.returncode not in (0, 1) or sanitizer:
        if len(files) > 1:  # find which file(s) misbehave
            for f in files:
                out.update(run_pktscope_batch(binary, corpus, [f]))
            return out
        out[files[0]].crash = (f"exit status {proc.returncode}: "
                               f"{proc.stderr.decode(errors='replace').strip()[-300:]}")
        return out
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        for f in files:
            out[f].crash = f"JSON does not parse: {e}"
        return out
    if not isinstance(doc, list) or len(doc) != len(files):
        for f in files:
            out[f].crash = "JSON is not an array with one object per file"
        return out
    for f, rep in zip(files, doc):
        out[f].report = rep
    if proc.returncode == 1 and not proc.stderr.strip():
        for f in files:
            out[f].crash = "exit status 1 without a message on stderr"
    return out


def parse_capinfos_time(text: str) -> tuple[int, int] | None:
    """(ns, digits) from capinfos -S output, or None (n/a, or a value it misprinted)."""
    m = TIME_RE.match(text.strip())
    if not m:
        return None
    frac = m.group(3) or ""
    if len(frac) not in (0, 1, 2, 3, 6, 9):
        return None  # capinfos prints 0/1/2/3/6/9 digits: anything else is a misprint
    ns = int(m.group(2)) * 1_000_000_000 + (int(frac.ljust(9, "0")) if frac else 0)
    return (-ns if m.group(1) else ns), len(frac)


def same_time(ours_ns: int, theirs: tuple[int, int]) -> bool:
    """Equal at the precision capinfos printed (it never prints more than 9 digits)."""
    ns, digits = theirs
    unit = 10 ** (9 - digits)
    return ours_ns - ours_ns % unit == ns if ns >= 0 else ours_ns == ns


def compression_of(path: Path) -> str:
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic[:2] == b"\x1f\x8b":
        return "gzip"
    if magic == b"\x28\xb5\x2f\xfd":
        return "zstd"
    return "none"


def compare(name: str, corpus: Path, cap: capinfos_result, ours: dict) -> list[tuple[str, str]]:
    """Differences as (field, explanation)."""
    diffs: list[tuple[str, str]] = []
    _, ftype, encap, count, start, end = cap.row
    if ours.get("error"):
        return [("readable", f"capinfos reads it ({ftype}, {count} packets), pktscope: "
                             f"{ours['error']['message']}")]

    if int(count) != ours["packets"]:
        diffs.append(("packets", f"capinfos {count}, pktscope {ours['packets']}"))

    our_type = ours["format"]
    if our_type == "pcap" and ours["nanosecond_pcap"]:
        our_type = "nsecpcap"
    if ftype != our_type:
        diffs.append(("format", f"capinfos {ftype}, pktscope {our_type}"))

    want_comp = compression_of(corpus / name)
    if ours["compression"] != want_comp:
        diffs.append(("compression", f"magic bytes say {want_comp}, pktscope "
                                     f"{ours['compression']}"))

    itf_links = sorted({i["link_type"] for i in ours["interfaces"]})
    if encap == "per-packet":
        if len(itf_links) < 2:
            diffs.append(("link_type", f"capinfos per-packet, pktscope interfaces {itf_links}"))
        theirs = cap.per_packet or {}
        ours_by_link = {lt["link_type"]: lt["packets"] for lt in ours["link_types"]}
        for desc, n in theirs.items():
            wanted = ENCAP_DESCRIPTION_TO_LINKTYPES.get(desc)
            if wanted is None:
                diffs.append(("link_type", f"no LINKTYPE mapping for capinfos '{desc}'"))
                continue
            got = sum(ours_by_link.pop(lt, 0) for lt in wanted)
            if got != n:
                diffs.append(("link_type", f"{desc}: capinfos {n} packets, pktscope {got}"))
        if any(ours_by_link.values()):
            diffs.append(("link_type", f"pktscope has packets of {ours_by_link} that "
                                       "capinfos does not list"))
    elif encap == "unknown":
        if itf_links:
            diffs.append(("link_type", f"capinfos unknown, pktscope {itf_links}"))
    else:
        wanted = ENCAP_TO_LINKTYPES.get(encap)
        if wanted is None:
            diffs.append(("link_type", f"no LINKTYPE mapping for capinfos '{encap}'"))
        elif not itf_links or not set(itf_links) <= wanted:
            diffs.append(("link_type", f"capinfos {encap} {sorted(wanted)}, pktscope "
                                       f"{itf_links}"))
        packet_links = {lt["link_type"] for lt in ours["link_types"]}
        if wanted is not None and not packet_links <= wanted:
            diffs.append(("link_type", f"capinfos {encap}, pktscope packets of "
                                       f"{sorted(packet_links)}"))

    for label, text, key in (("first_ts", start, "earliest_ns"), ("last_ts", end, "latest_ns")):
        if text.strip() == "n/a":
            continue  # no packets, or packets without timestamps (capinfos knows no times)
        theirs = parse_capinfos_time(text)
        if theirs is None:
            diffs.append((label, f"capinfos printed an unparsable time '{text}'"))
        elif ours[key] is None or not same_time(ours[key], theirs):
            diffs.append((label, f"capinfos {text}, pktscope {ours[key]} ns"))

    ig = ours["integrity"]
    ours_damage = (not ig["complete"]) or ig["skipped_blocks"] > 0 or bool(ig["warnings"])
    if bool(cap.errors) != ours_damage:
        theirs_txt = " ".join(e.strip() for e in cap.errors) or "no error"
        ours_txt = (ig["failure"]["message"] if ig["failure"]
                    else f"{ig['skipped_blocks']} skipped blocks" if ours_damage else "no finding")
        diffs.append(("damage", f"capinfos: {theirs_txt[:160]}; pktscope: {ours_txt}"))
    return diffs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pktscope", required=True)
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--only", help="glob: test only matching corpus files")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    args.pktscope = str(Path(args.pktscope).resolve())
    started = time.monotonic()

    corpus = args.corpus.resolve()
    files = load_files(corpus)
    if args.only:
        files = [f for f in files if fnmatch.fnmatch(f, args.only)]
    if not files:
        print("info vs capinfos: no files selected")
        return 1
    allow = load_allow_list()
    workers = os.cpu_count() or 2

    capinfos: dict[str, capinfos_result] = {}
    ours: dict[str, pktscope_result] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        cap_jobs = [pool.submit(run_capinfos_batch, corpus, files[i:i + CAPINFOS_BATCH])
                    for i in range(0, len(files), CAPINFOS_BATCH)]
        our_jobs = [pool.submit(run_pktscope_batch, args.pktscope, corpus,
                                files[i:i + PKTSCOPE_BATCH])
                    for i in range(0, len(files), PKTSCOPE_BATCH)]
        for job in cap_jobs:
            capinfos.update(job.result())
        mixed = [f for f, r in capinfos.items() if r.row and r.row[2] == "per-packet"]
        for f, counts in zip(mixed, pool.map(lambda f: run_capinfos_per_packet(corpus, f),
                                             mixed)):
            capinfos[f].per_packet = counts
        for job in our_jobs:
            ours.update(job.result())

    agree = differ = errors = 0
    unexplained: list[str] = []
    used_allow: set[int] = set()

    def allowed(name: str, fld: str) -> int | None:
        for idx, (pattern, fields, _) in enumerate(allow):
            if fnmatch.fnmatch(name, pattern) and (fld in fields or "*" in fields):
                return idx
        return None

    for name in files:
        cap, our = capinfos[name], ours[name]
        if our.crash:
            errors += 1
            unexplained.append(f"CRASH {name}: {our.crash}")
            continue
        if cap.row is None:
            # capinfos cannot read it: pktscope must say so clearly, not crash.
            errors += 1
            rep = our.report
            ig = rep.get("integrity") or {}
            clear = bool(rep.get("error")) or not ig.get("complete", True) or \
                bool(ig.get("warnings")) or ig.get("skipped_blocks", 0) > 0
            reason = "unreadable"
            m = re.search(r"network type (\d+) unknown or unsupported", " ".join(cap.errors))
            if m and not clear and [i["link_type"] for i in rep["interfaces"]] == \
                    [int(m.group(1)) & 0xFFFF]:
                # Wireshark lacks this link type; pktscope read the same one.
                reason = "unsupported-linktype"
            if args.verbose or not clear:
                theirs = " ".join(e.strip() for e in cap.errors)[:160]
                how = (rep["error"]["message"] if rep.get("error")
                       else "read with findings" if clear else f"{rep['packets']} packets, "
                       "no error or warning")
                line = f"error {name}: capinfos: {theirs}; pktscope: {how}"
                if clear:
                    print(line)
                elif allowed(name, reason) is not None:
                    used_allow.add(allowed(name, reason))
                    if args.verbose:
                        print(line + " (allowed)")
                else:
                    unexplained.append(f"{line} [{reason}]")
            continue
        diffs = compare(name, corpus, cap, our.report)
        if not diffs:
            agree += 1
            continue
        differ += 1
        for fld, why in diffs:
            idx = allowed(name, fld)
            if idx is None:
                unexplained.append(f"differ {name} [{fld}]: {why}")
            else:
                used_allow.add(idx)
                if args.verbose:
                    print(f"differ {name} [{fld}]: {why} (allowed: {allow[idx][2]})")

    for line in unexplained:
        print(line)
    for idx, (pattern, fields, _) in enumerate(allow):
        if idx not in used_allow and not args.only:
            print(f"note: allow-list entry `{pattern}` [{', '.join(sorted(fields))}] matched "
                  "no difference")
    elapsed = time.monotonic() - started
    print(f"info vs capinfos: {agree} agree, {differ} differ, {errors} error "
          f"({len(files)} files, {len(unexplained)} unexplained, {elapsed:.1f} s)")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
