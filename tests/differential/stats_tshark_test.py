#!/usr/bin/env python3
"""Differential test: pktscope's statistics against tshark on undamaged corpus captures.

For each capture (Ethernet, BSD NULL/LOOP, Linux SLL/SLL2, raw IP link types; tshark reports
no malformed packet in it; listed in the corpus MANIFEST), and for captures written by
`pktscope synth`, one tshark run with all statistics (tshark_oracle.py, shared with
flows_tshark_test.py):

  tshark -n -r FILE -q -z io,phs -z io,stat,60 -z conv,tcp -z conv,udp

is compared with `pktscope summary --json` and `pktscope timeline --align first --interval 60s
--csv`:

- protocol hierarchy totals: for each of eth, ip, ipv6, tcp, udp, icmp, icmpv6, arp, the
  frames and bytes of every hierarchy node of that name, added up, must be equal. Nodes below
  a protocol pktscope does not decode (l2tp, pweth, ...) are left out on both sides: what is
  inside them is not ours to count;
- per-minute frames and bytes (io,stat with 60 s intervals from the first packet) must be
  equal row by row. Where they are not, the test reads every packet's timestamp and length
  with `pktscope dump` and bins them twice: by timestamp, as pktscope does, and by tshark's
  io,stat rule (a packet earlier than the latest row so far counts in that row; rows end at
  the latest packet's time to the microsecond, so a packet exactly a whole number of
  intervals after the first is in no printed row). When the first binning gives pktscope's
  rows and the second tshark's, the difference is that rule alone (class "io,stat binning",
  docs/known-differences.md), not a difference in what was read.

Other differences are allowed only where docs/known-differences.md ("stats vs tshark") lists
the file (fnmatch GLOB) and the field (phs:NAME or iostat). The test prints agreement counts
and fails on any unexplained difference.

Usage: python3 stats_tshark_test.py --pktscope BIN --corpus DIR [--only GLOB] [--limit N]
           [--jobs N] [--tshark-cache DIR] [-v]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import fnmatch
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tshark_oracle  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
KNOWN_DIFFERENCES = REPO / "docs" / "known-differences.md"
SECTION = "## stats vs tshark"

LINKTYPES = {"ether", "null", "loop", "linux-sll", "linux-sll2", "rawip", "rawip4", "rawip6"}
COMPARED = ["eth", "ip", "ipv6", "tcp", "udp", "icmp", "icmpv6", "arp"]
# Hierarchy names pktscope produces below which tshark's tree is comparable (applications are
# leaves for pktscope; what tshark finds inside them is not compared).
DESCEND = {
    "eth", "llc", "vlan", "ieee8021ad", "mpls", "pppoes", "pppoed", "ppp", "sll", "null", "raw", "arp", "ip",
    "ipv6", "ipv6.hopopts", "ipv6.routing", "ipv6.fraghdr", "ipv6.dstopts", "ah", "esp",
    "icmp", "icmpv6", "gre", "vxlan", "geneve", "tcp", "udp", "sctp",
    # Tunnels whose header is a layer of the decoder (PIM Register, UDP ports 3544, 5072, 1701,
    # 4341, 4342).
    "pim", "teredo", "ayiya", "l2tp", "lisp-data", "lisp",
    # The Network Service Header (EtherType 0x894f, VXLAN-GPE Next Protocol 4).
    "nsh",
    # OpenFlow 1.3 (TCP 6653, 6633, 6634): the frame a Packet-In or Packet-Out carries.
    "openflow", "openflow_v4",
    # MACsec frames without confidentiality (the decoder reads the user frame after the SecTAG).
    "macsec",
    # IPComp: the datagram inside is inflated and decoded (inflated_datagram), as tshark does.
    "ipcomp",
    # tshark's root node for frames with a pcapng comment (pktscope has none): transparent.
    "pkt_comment",
    # tshark's io,phs tap skips the "frame" protocol of a frame's tree only when it is the
    # first item; after a dissector has added items at the top (NCP over TCP does), the
    # following frames appear below a "frame" root node (ncp.pcap). Transparent.
    "frame",
    # GTP: pktscope's decoder follows GTP-U, GTPv0 and GTP' T-PDUs into the user packet without
    # a layer of its own (tshark's node is gtpprime for GTP' headers, PT 0).
    "gtp", "gtpprime",
    # ERSPAN: the decoder goes from GRE straight to the mirrored frame (no layer of its own).
    "erspan",
    # MPLS pseudowire control word nodes between mpls and the carried Ethernet frame.
    "pweth.cw", "pwethcw",
    # Headers the decoder steps over to the next EtherType or header without a layer of its
    # own: 802.1ah backbone tags, Cisco VN-Tag, Cisco FabricPath, the 802.11 header of Aruba
    # WLAN frames in GRE, Arista's timestamp header, Cisco MetaData in GRE (tshark: ieee8021ah,
    # vntag, cfp, wlan, avsp, cmd).
    "ieee8021ah", "vntag", "cfp", "wlan", "avsp", "cmd",
}
# Fuzzer reproducers in tcpdump's and Zeek's tests (named so, see the corpus README): damaged on
# purpose, though tshark does not always flag them as malformed.
FUZZ_MARKS = ("oobr", "asan", "overflow", "crash", "overrun", "overread", "fuzz")
INTERVAL_NS = tshark_oracle.IOSTAT_INTERVAL_S * 1_000_000_000
INTERVAL_US = tshark_oracle.IOSTAT_INTERVAL_S * 1_000_000


def totals(nodes: list[tuple[int, str, int, int]]) -> dict[str, tuple[int, int]]:
    """Per compared name: frames and bytes of all nodes whose ancestors are all in DESCEND."""
    out = {name: (0, 0) for name in COMPARED}
    stack: list[str] = []
    for depth, name, frames, nbytes in nodes:
        del stack[depth:]
        if all(a in DESCEND for a in stack) and name in out:
            f, b = out[name]
            out[name] = (f + frames, b + nbytes)
        stack.append(name)
    return out


def load_known() -> list[tuple[str, set[str], str]]:
    entries = []
    if not KNOWN_DIFFERENCES.exists():
        return entries
    inside = False
    items: list[str] = []  # list entries, continuation lines (indented) joined
    for line in KNOWN_DIFFERENCES.read_text().splitlines():
        if line.startswith("## "):
            inside = line.strip() == SECTION
            continue
        if not inside:
            continue
        if line.startswith("- "):
            items.append(line)
        elif line.startswith("  ") and items:
            items[-1] += " " + line.strip()
    for item in items:
        m = re.match(r"^- `([^`]+)` \[([^\]]+)\]:(.*)$", item)
        if m:
            fields = {f.strip() for f in m.group(2).split(",")}
            entries.append((m.group(1), fields, m.group(3).strip()))
    return entries


def select_corpus(corpus: Path, only: str | None) -> list[str]:
    files = []
    with open(corpus / "MANIFEST.tsv", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["linktype"] not in LINKTYPES:
                continue
            if row["format"].split("+")[0] not in ("pcap", "pcapng", "nsecpcap"):
                continue  # snoop and other formats pktscope does not read
            if row.get("tshark_malformed_pkts", "0") not in ("0", ""):
                continue
            if row.get("note"):
                continue  # tshark cannot open it, or the file is damaged
            try:
                if int(row["packets"]) == 0:
                    continue
            except ValueError:
                continue
            name = row["file"].rsplit("/", 1)[-1].lower()
            if any(k in name for k in FUZZ_MARKS) or name.startswith("cve"):
                continue  # fuzzer reproducers: damaged on purpose (corpus README)
            if only and not fnmatch.fnmatch(row["file"], only):
                continue
            files.append(row["file"])
    return sorted(files)


def run(cmd: list[str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def failed(p: subprocess.CompletedProcess) -> bool:
    return p.returncode < 0 or p.returncode > 1 or "Sanitizer" in p.stderr


def packet_times(pktscope: str, path: Path) -> list[tuple[int, int]]:
    """(timestamp ns, wire length) of every packet in file order, as pktscope reads them."""
    p = run([pktscope, "dump", "--fields", "frame.time_epoch,frame.len", str(path)])
    out = []
    for line in p.stdout.splitlines():
        ts, length = line.split("\t")
        neg = ts.startswith("-")
        sec, _, frac = ts.lstrip("-").partition(".")
        ns = int(sec) * 1_000_000_000 + int((frac + "000000000")[:9])
        out.append((-ns if neg else ns, int(length)))
    return out


def bin_by_timestamp(pkts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """pktscope's rows: [first + k*60 s, first + (k+1)*60 s) around the first packet."""
    first = pkts[0][0]
    idx = [(ts - first) // INTERVAL_NS for ts, _ in pkts]
    lo, hi = min(idx), max(idx)
    rows = [[0, 0] for _ in range(hi - lo + 1)]
    for i, (_, length) in zip(idx, pkts):
        rows[i - lo][0] += 1
        rows[i - lo][1] += length
    return [tuple(r) for r in rows]


def bin_like_tshark(pkts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """tshark 4.0's io,stat rows (ui/cli/tap-iostat.c): a packet's time relative to the first
    is rounded to microseconds; a negative one is replaced by the previous packet's; a packet
    counts in the latest row reached so far if it is earlier than that row. Rows are printed
    from 0 while the row start is below the capture's elapsed time (latest relative time, to
    the microsecond)."""
    first = pkts[0][0]
    last_rel = 0
    item = 0
    items: dict[int, list[int]] = {}
    elapsed_ns = 0
    for ts, length in pkts:
        rel = ts - first
        elapsed_ns = max(elapsed_ns, rel)
        if rel >= 0:
            last_rel = (rel + 500) // 1000
        item = max(item, last_rel // INTERVAL_US)
        cell = items.setdefault(item, [0, 0])
        cell[0] += 1
        cell[1] += length
    duration_us = (elapsed_ns + 500) // 1000
    n_rows = -(-duration_us // INTERVAL_US)
    return [tuple(items.get(i, (0, 0))) for i in range(n_rows)]


def compare(pktscope: str, path: Path, rel: str, cache: Path | None) -> dict:
    try:
        return compare_file(pktscope, path, rel, cache)
    except (OSError, subprocess.SubprocessError, ValueError) as e:
        return {"file": rel, "diffs": [], "error": f"{type(e).__name__}: {e}"}


def compare_file(pktscope: str, path: Path, rel: str, cache: Path | None) -> dict:
    t0 = time.monotonic()
    res = {"file": rel, "diffs": [], "error": None, "iostat": "compared", "binning": False}
    info = run([pktscope, "info", "--json", str(path)])
    summ = run([pktscope, "summary", "--json", "--no-progress", str(path)])
    for name, p in (("info", info), ("summary", summ)):
        if failed(p):
            res["error"] = f"pktscope {name} exit {p.returncode}: {p.stderr.strip()[:300]}"
            return res
    try:
        facts = json.loads(info.stdout)[0]
        doc = json.loads(summ.stdout)
    except (json.JSONDecodeError, IndexError, KeyError) as e:
        res["error"] = f"pktscope output is not JSON: {e}"
        return res
    span = max(0, (facts.get("latest_ns") or 0) - (facts.get("earliest_ns") or 0))
    with_iostat = tshark_oracle.wants_iostat(span)
    ts = tshark_oracle.statistics(path, with_iostat, cache)
    if ts["rc"] != 0:
        res["error"] = f"tshark failed: {ts['stderr'].strip()[:200]}"
        return res
    theirs = totals(ts["phs"])
    ours = totals([(n["depth"], n["protocol"], n["frames"], n["bytes"])
                   for n in doc["protocol_hierarchy"]])
    res["phs_checked"] = len(COMPARED)
    for name in COMPARED:
        if theirs[name] != ours[name]:
            res["diffs"].append((f"phs:{name}", f"tshark {theirs[name]} pktscope {ours[name]}"))
    if not with_iostat:
        res["iostat"] = "span"
    else:
        res.update(compare_iostat(pktscope, path, ts["iostat"], res["diffs"]))
    res["seconds"] = time.monotonic() - t0
    return res


def compare_iostat(pktscope: str, path: Path, t_rows: list[tuple[int, int]],
                   diffs: list) -> dict:
    tl = run([pktscope, "timeline", "--csv", "--no-progress", "--align", "first", "--interval",
              "60s", str(path)])
    if failed(tl):
        return {"error": f"pktscope timeline exit {tl.returncode}: {tl.stderr.strip()[:300]}"}
    o_rows = [(int(r["packets"]), int(r["bytes"])) for r in csv.DictReader(tl.stdout.splitlines())]
    if t_rows == o_rows:
        return {}
    pkts = packet_times(pktscope, path)
    if not t_rows and pkts and all(ts == pkts[0][0] for ts, _ in pkts):
        return {"iostat": "zero-duration"}  # tshark prints no row
    if pkts and bin_by_timestamp(pkts) == o_rows and bin_like_tshark(pkts) == t_rows:
        return {"binning": True}
    first = next((i for i, (a, b) in enumerate(zip(t_rows, o_rows)) if a != b),
                 min(len(t_rows), len(o_rows)))
    diffs.append(("iostat", f"{len(t_rows)} tshark rows, {len(o_rows)} pktscope rows; "
                            f"first difference at row {first}: "
                            f"tshark {t_rows[first] if first < len(t_rows) else None} "
                            f"pktscope {o_rows[first] if first < len(o_rows) else None}"))
    return {}


def synth_files(pktscope: str, tmp: Path) -> list[Path]:
    out = []
    for seed, duration in ((1, "5m"), (2, "3m")):
        f = tmp / f"synth-{seed}.pcap"
        p = run([pktscope, "synth", "--seed", str(seed), "--duration", duration, "-o", str(f)])
        if p.returncode != 0 or not f.exists():
            raise SystemExit(f"pktscope synth failed: {p.stderr.strip()[:300]}")
        out.append(f)
    return out


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pktscope", required=True)
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--only")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--tshark-cache", type=Path,
                    help="directory for tshark's outputs, shared with flows_tshark_test.py")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()

    started = time.monotonic()
    files = select_corpus(a.corpus, a.only)
    if a.limit:
        files = files[: a.limit]
    known = load_known()
    used_known: set[int] = set()
    with tempfile.TemporaryDirectory() as td:
        jobs = [(a.corpus / f, f) for f in files]
        if not a.only:
            jobs += [(p, f"synth/{p.name}") for p in synth_files(a.pktscope, Path(td))]
        # Largest files first, so that the last ones do not leave a worker idle.
        jobs.sort(key=lambda j: -j[0].stat().st_size)
        results = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
            futures = [ex.submit(compare, a.pktscope, p, rel, a.tshark_cache) for p, rel in jobs]
            for fut in concurrent.futures.as_completed(futures):
                r = fut.result()
                results.append(r)
                if a.verbose and (r["diffs"] or r["error"]):
                    print(f"{len(results)}/{len(jobs)} {r['file']}: {r['error'] or r['diffs']}",
                          flush=True)

    agree_phs = agree_stat = files_ok = binning = 0
    skipped_stat: dict[str, int] = {}
    failures = []
    accepted = 0
    errors = []
    for r in sorted(results, key=lambda r: r["file"]):
        if r["error"]:
            errors.append(f"{r['file']}: {r['error']}")
            continue
        agree_phs += r["phs_checked"] - sum(1 for f, _ in r["diffs"] if f.startswith("phs:"))
        if r["iostat"] != "compared":
            skipped_stat[r["iostat"]] = skipped_stat.get(r["iostat"], 0) + 1
        elif r["binning"]:
            binning += 1
            if a.verbose:
                print(f"io,stat binning: {r['file']}")
        elif not any(f == "iostat" for f, _ in r["diffs"]):
            agree_stat += 1
        unexplained = []
        for field, text in r["diffs"]:
            hit = next((i for i, (glob, fields, _) in enumerate(known)
                        if fnmatch.fnmatch(r["file"], glob) and field in fields), None)
            if hit is None:
                unexplained.append(f"{r['file']} [{field}]: {text}")
            else:
                used_known.add(hit)
                accepted += 1
                if a.verbose:
                    print(f"known: {r['file']} [{field}]: {text}")
        if unexplained:
            failures.extend(unexplained)
        elif not r["diffs"]:
            files_ok += 1

    n = len(results) - len(errors)
    n_stat = n - sum(skipped_stat.values())
    print(f"files compared: {n}; identical in every compared figure: {files_ok}")
    print(f"protocol hierarchy totals equal: {agree_phs} of {n * len(COMPARED)} "
          f"({100.0 * agree_phs / max(1, n * len(COMPARED)):.2f} %; "
          f"{', '.join(COMPARED)})")
    print(f"io,stat 60 s series equal: {agree_stat} of {n_stat} files "
          f"({100.0 * agree_stat / max(1, n_stat):.2f} %); {binning} more equal after tshark's "
          f"io,stat binning rule; not compared: {skipped_stat.get('span', 0)} spanning over "
          f"{tshark_oracle.MAX_IOSTAT_ROWS} minutes, {skipped_stat.get('zero-duration', 0)} of "
          f"zero duration (tshark prints no row)")
    print(f"known differences accepted: {accepted}; unexplained: {len(failures)}; "
          f"errors: {len(errors)}; {time.monotonic() - started:.0f} s with {a.jobs} jobs")
    if a.verbose:
        slow = sorted((r for r in results if "seconds" in r), key=lambda r: -r["seconds"])[:5]
        print("slowest: " + ", ".join(f"{r['file']} {r['seconds']:.1f} s" for r in slow))
    for i, (glob, fields, _) in enumerate(known):
        if i not in used_known and not a.only and not a.limit:
            print(f"note: stale known difference: `{glob}` [{', '.join(sorted(fields))}]")
    for e in errors:
        print(f"ERROR {e}")
    for f in failures:
        print(f"DIFF {f}")
    return 1 if failures or errors else 0


if __name__ == "__main__":
    sys.exit(main())
