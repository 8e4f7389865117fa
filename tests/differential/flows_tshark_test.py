#!/usr/bin/env python3
"""Differential test: `pktscope flows --no-timeouts --json` against `tshark -q -z conv,tcp
-z conv,udp` on corpus captures and a few `pktscope synth` captures.

tshark runs once per capture with all the statistics the differential tests compare
(tshark_oracle.py); with `--tshark-cache DIR` that run is shared with stats_tshark_test.py.

For every TCP and UDP conversation tshark lists, pktscope must list one flow with the same
endpoints (address and port), the same frames and bytes in each direction, the same start
(relative to the earliest conversation, to tshark's nine decimals) and the same duration (to
tshark's four decimals). Both sides are compared as multisets, so TCP tuples reused by a new
connection must be split the same way. tshark prints byte counts of 10 kB and more rounded
down to its unit (kB, MB, GB, 1000-based); those are compared in that form.

Files: corpus captures with Ethernet, Linux SLL/SLL2, BSD NULL/LOOP or raw IP link types that
are not damaged (MANIFEST: no note, no malformed packet in tshark; readable to the end by
both tools). Conversations pktscope and tshark cannot agree on by design are classified by
the rules of docs/known-differences.md ("flows vs tshark conv") and reported apart; anything
else is a failure.

Usage: python3 flows_tshark_test.py --pktscope BIN --corpus DIR [--only GLOB] [--jobs N]
           [--tshark-cache DIR] [-v]
"""

from __future__ import annotations

import argparse
import collections
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

LINKTYPES = {"ether", "linux-sll", "linux-sll2", "null", "loop", "rawip", "rawip4", "rawip6"}
DAMAGE_NAME = re.compile(r"oobr|overflow|asan|crash|cve|fuzz|invalid|corrupt|truncat|bad",
                         re.IGNORECASE)



def tshark_size(n: int) -> str:
    """Wireshark's format_size (SI, no decimals): integer division by the unit."""
    for unit, div in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n // div >= 10:
            return f"{n // div} {unit}"
    return f"{n} bytes"


def run_pktscope(binary: str, path: Path) -> tuple[list[dict], str, int]:
    p = subprocess.run([binary, "flows", "--no-timeouts", "--json", str(path)],
                       capture_output=True, text=True, timeout=600)
    flows = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    return flows, p.stderr, p.returncode


def capture_span(binary: str, path: Path) -> int:
    """Latest minus earliest timestamp (ns) as `pktscope info` reads them; 0 if unknown."""
    p = subprocess.run([binary, "info", "--json", str(path)], capture_output=True, text=True,
                       timeout=600)
    try:
        facts = json.loads(p.stdout)[0]
        return max(0, (facts.get("latest_ns") or 0) - (facts.get("earliest_ns") or 0))
    except (json.JSONDecodeError, IndexError, KeyError):
        return 0


def compare(binary: str, path: Path, facts: dict, cache: Path | None) -> dict:
    # The same tshark arguments as stats_tshark_test.py, so that a cached run serves both.
    ts = tshark_oracle.statistics(path, tshark_oracle.wants_iostat(capture_span(binary, path)),
                                  cache)
    convs, tshark_err = ts["conv"], ts["stderr"]
    flows, our_err, rc = run_pktscope(binary, path)
    res = {"file": str(path), "agree": 0, "total": len(convs), "diffs": [], "classified": [],
           "error": None}
    if rc != 0 or "reading stopped" in our_err:
        res["error"] = f"pktscope exit {rc}: {our_err.strip()[:200]}"
        return res
    if "cut short" in tshark_err or "appears to be damaged" in tshark_err:
        res["error"] = "tshark: " + tshark_err.strip()[:200]
        return res
    ours = collections.defaultdict(list)
    for f in flows:
        if f["proto"] not in ("tcp", "udp"):
            continue
        key = (f["proto"], frozenset([(f["orig_h"], f["orig_p"]), (f["resp_h"], f["resp_p"])]))
        ours[key].append(f)
    for lst in ours.values():
        lst.sort(key=lambda f: f["ts_ns"])
    # tshark's start is relative to the file's first frame; ours absolute. The offset between
    # the two comes from the earliest conversation (both tools must agree on its start).
    first_ns = None
    if convs:
        c0 = min(convs, key=lambda c: c["start"])
        cands0 = ours.get((c0["proto"], frozenset([c0["a"], c0["b"]])), [])
        if cands0:
            first_ns = cands0[0]["ts_ns"] - round(c0["start"] * 1e9)
    for c in sorted(convs, key=lambda c: c["start"]):
        key = (c["proto"], frozenset([c["a"], c["b"]]))
        cands = ours.get(key, [])
        best, why = None, "no flow with these endpoints"
        for f in cands:
            a_is_orig = (f["orig_h"], f["orig_p"]) == c["a"]
            ab = (f["orig_pkts"], f["orig_bytes"]) if a_is_orig else (f["resp_pkts"], f["resp_bytes"])
            ba = (f["resp_pkts"], f["resp_bytes"]) if a_is_orig else (f["orig_pkts"], f["orig_bytes"])
            problems = []
            if (ab[0], tshark_size(ab[1])) != (c["a_to_b"][0], c["a_to_b"][1]):
                problems.append(f"A->B ours {ab[0]} {ab[1]} tshark {c['a_to_b']}")
            if (ba[0], tshark_size(ba[1])) != (c["b_to_a"][0], c["b_to_a"][1]):
                problems.append(f"B->A ours {ba[0]} {ba[1]} tshark {c['b_to_a']}")
            if first_ns is not None:
                rel = (f["ts_ns"] - first_ns) / 1e9
                # tshark prints a double: allow its rounding at that magnitude.
                if abs(rel - c["start"]) > 1.5e-9 + abs(c["start"]) * 1e-15:
                    problems.append(f"start ours {rel:.9f} tshark {c['start']:.9f}")
            if abs(f["duration_ns"] / 1e9 - c["duration"]) > 0.00005 + 1e-9:
                problems.append(f"duration ours {f['duration_ns'] / 1e9:.9f} tshark {c['duration']}")
            if not problems:
                best = f
                break
            why = "; ".join(problems)
        if best is not None:
            cands.remove(best)
            res["agree"] += 1
            continue
        cls = classify(c, cands, facts, flows, our_err)
        entry = {"conv": f"{c['proto']} {c['a'][0]}:{c['a'][1]} <-> {c['b'][0]}:{c['b'][1]}",
                 "why": why, "class": cls}
        (res["classified"] if cls else res["diffs"]).append(entry)
    return res


# Encapsulations: tshark counts a packet in the conversation of every UDP/TCP header it
# holds (outer tunnel headers too) and dissects tunnels pktscope's decoder does not enter.
ENCAPSULATIONS = {"vxlan", "geneve", "mpls", "l2tp", "lisp", "lisp-data", "erspan", "nsh",
                  "macsec", "gre", "wccp", "pbb", "teredo", "gtp", "gtpv2", "udpencap",
                  "mplsudp", "capwap", "ppp", "pppoes", "ipip", "ip6in4", "vxlan-gpe", "etherip",
                  "ayiya", "6in4", "ieee8021ah"}


def classify(conv: dict, cands: list[dict], facts: dict, flows: list[dict],
             our_err: str) -> str | None:
    """The documented difference class that explains a disagreement, if any."""
    protocols = facts.get("protocols", set())
    if any(f.get("fragments", 0) > 0 for f in cands) or "did not complete a datagram" in our_err:
        return "fragmented datagrams"
    if any(f.get("vlan") is not None or f.get("tunnel") is not None for f in cands):
        return "VLAN or tunnel split"
    if facts.get("linktype") in (12, 14):
        return "link type not decoded"
    if protocols & ENCAPSULATIONS or any(f.get("tunnel") for f in flows):
        return "tunnels and encapsulations"
    if {"ipv6.routing", "ipv6.dstopts", "ipv6.hopopts", "ipv6.fraghdr"} & protocols:
        return "IPv6 extension headers"
    return None


def corpus_files(corpus: Path, only: str | None) -> list[tuple[Path, dict]]:
    out = []
    with open(corpus / "MANIFEST.tsv", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["linktype"] not in LINKTYPES or row["note"].strip():
                continue
            if row["tshark_malformed_pkts"] not in ("", "0"):
                continue
            if DAMAGE_NAME.search(row["file"]):
                continue
            protocols = set(row["protocols"].split(","))
            if "tcp" not in protocols and "udp" not in protocols:
                continue
            if only and not fnmatch.fnmatch(row["file"], only):
                continue
            m = re.search(r"\((\d+)\)", row["linktype_num"])
            out.append((corpus / row["file"], {"protocols": protocols,
                                               "linktype": int(m.group(1)) if m else None}))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pktscope", required=True)
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--only")
    ap.add_argument("--jobs", type=int, default=max(1, len(os.sched_getaffinity(0))))
    ap.add_argument("--tshark-cache", type=Path,
                    help="directory for tshark's outputs, shared with stats_tshark_test.py")
    ap.add_argument("--no-synth", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    started = time.monotonic()

    files = corpus_files(args.corpus, args.only)
    tmp = tempfile.TemporaryDirectory()
    if not args.no_synth and not args.only:
        help_ok = subprocess.run([args.pktscope, "synth", "--help"], capture_output=True).returncode == 0
        if help_ok:
            for seed, extra in ((1, []), (2, ["--attacks"]), (3, ["--tunnel", "vxlan"]),
                                (4, ["--ipv6-share", "0.6"])):
                out = Path(tmp.name) / f"synth{seed}.pcap"
                subprocess.run([args.pktscope, "synth", "-q", "-o", str(out), "--seed", str(seed),
                                "--packets", "1500", "--duration", "2m", *extra], check=True)
                files.append((out, {}))

    agree = total = 0
    failures = []
    classified = collections.Counter()
    errors = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        # Largest files first, so that the last ones do not leave a worker idle.
        files.sort(key=lambda f: -f[0].stat().st_size)
        for n, res in enumerate(ex.map(lambda p: compare(args.pktscope, *p, args.tshark_cache),
                                       files), 1):
            if n % 100 == 0:
                print(f"... {n}/{len(files)} files", flush=True)
            if res["error"]:
                errors.append((res["file"], res["error"]))
                continue
            agree += res["agree"]
            total += res["total"]
            for c in res["classified"]:
                classified[c["class"]] += 1
                if args.verbose:
                    print(f"  known ({c['class']}): {res['file']}: {c['conv']}: {c['why']}")
            for d in res["diffs"]:
                failures.append((res["file"], d))
    for f, d in failures[:80]:
        print(f"DIFF {f}: {d['conv']}: {d['why']}")
    if len(failures) > 80:
        print(f"... and {len(failures) - 80} more")
    if args.verbose:
        for f, e in errors:
            print(f"skipped {f}: {e}")
    explained = sum(classified.values())
    compared = total
    pct = 100.0 * agree / compared if compared else 100.0
    in_scope = compared - explained
    pct_in_scope = 100.0 * agree / in_scope if in_scope else 100.0
    print(f"flows vs tshark conv: {len(files) - len(errors)} files, {compared} conversations, "
          f"{agree} agree ({pct:.2f} %), {explained} documented differences "
          f"({dict(classified)}), {len(failures)} unexplained; {len(errors)} files skipped "
          f"(damaged/unreadable); {time.monotonic() - started:.0f} s with {args.jobs} jobs")
    print(f"agreement outside the documented classes: {agree} of {in_scope} conversations "
          f"({pct_in_scope:.2f} %)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
