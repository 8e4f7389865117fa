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

Files: corpus captures in pcap/pcapng format with Ethernet, Linux SLL/SLL2, BSD NULL/LOOP or
raw IP link types that are not damaged by criteria independent of pktscope (MANIFEST: no
note, no malformed packet in tshark; tshark reads the file to the end; every pcap record's
timestamp fraction in range). Where pktscope's flows differ from tshark's conversations by
design (VLAN/tunnel contexts in the key, every fragment frame counted with its reassembled
datagram, unreassembled fragments counted nowhere), tshark's own output is brought to
pktscope's terms before comparing. Disagreements of the classes docs/known-differences.md
("flows vs tshark conv") lists are reported apart; the test fails on any other disagreement
and prints the agreement over all conversations of the non-damaged files (the target: 100 %).

Usage: python3 flows_tshark_test.py --pktscope BIN --corpus DIR [--only GLOB] [--jobs N]
           [--tshark-cache DIR] [-v]
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import csv
import fnmatch
import gzip
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tshark_oracle  # noqa: E402

LINKTYPES = {"ether", "linux-sll", "linux-sll2", "null", "loop", "rawip", "rawip4", "rawip6"}
# The file formats pktscope reads (MANIFEST names; "+gzip", "+zstd" compressed alike).
FORMATS = {"pcap", "nsecpcap", "pcapng"}
PCAP_MAGIC = {b"\xd4\xc3\xb2\xa1": ("<", 10**6), b"\xa1\xb2\xc3\xd4": (">", 10**6),
              b"\x4d\x3c\xb2\xa1": ("<", 10**9), b"\xa1\xb2\x3c\x4d": (">", 10**9)}



def tshark_size(n: int) -> str:
    """Wireshark's format_size (SI, no decimals): integer division by the unit."""
    for unit, div in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n // div >= 10:
            return f"{n // div} {unit}"
    return f"{n} bytes"


def bad_fraction(path: Path) -> bool:
    """True when a pcap record's timestamp fraction is out of the format's range (10^6 µs or
    10^9 ns): the file contradicts its own format, and readers differ in what they make of
    it. pcapng has no fraction field."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as fh:
            head = fh.read(24)
            order, limit = PCAP_MAGIC.get(head[:4], (None, 0))
            if order is None:
                return False
            while len(rec := fh.read(16)) == 16:
                _, frac, incl, _ = struct.unpack(order + "IIII", rec)
                if frac >= limit:
                    return True
                fh.seek(incl, os.SEEK_CUR)
    except (OSError, EOFError):
        return False
    return False


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


# tshark's view of every IP fragment frame (two passes, so that a fragment names the frame
# its datagram was reassembled in), for the files whose flows hold fragments.
FRAGMENT_FILTER = "ip.flags.mf == 1 || ip.frag_offset > 0 || ipv6.fraghdr"
FRAGMENT_FIELDS = ["frame.number", "frame.time_relative", "frame.len", "ip.src", "ip.dst",
                   "ipv6.src", "ipv6.dst", "ip.reassembled_in", "ipv6.reassembled.in",
                   "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport"]


def tshark_fragments(path: Path, cache: Path | None) -> list[dict]:
    """tshark's fragment frames: each field as the list of its values (one per header of
    that protocol in the frame, outermost first)."""
    args = ["tshark", "-n", "-2", "--disable-protocol", "snmp", "-Y", FRAGMENT_FILTER,
            "-T", "fields", "-E", "separator=/t"]
    for f in FRAGMENT_FIELDS:
        args += ["-e", f]
    _, out, _ = tshark_oracle.run_tshark(args, path, cache, prefix="frag-")
    rows = []
    for line in out.splitlines():
        cols = line.split("\t")
        if len(cols) == len(FRAGMENT_FIELDS):
            rows.append({name: [v for v in col.split(",") if v]
                         for name, col in zip(FRAGMENT_FIELDS, cols)})
    return rows


def conv_key(proto: str, a: tuple, b: tuple) -> tuple:
    return proto, frozenset([a, b])


def convs_of(convs: list[dict], row: dict, innermost: bool,
             outside: dict | None = None) -> list[tuple[dict, bool]]:
    """The conversations tshark counted frame `row` in (the same key, the frame's time within
    their span), each with whether the frame's source is its endpoint a: through the
    innermost IP and transport headers only, or through any of them; with `outside` (a
    fragment frame of the datagram `row` completed), only through the headers of that
    datagram: the fragmented IP header (the fragment's last) and those after it."""
    t = float(row["frame.time_relative"][0])
    found = []
    for proto in ("tcp", "udp"):
        sports, dports = row[f"{proto}.srcport"], row[f"{proto}.dstport"]
        # Transport headers in front of the fragmented IP header are in the fragment too.
        first_port = len(outside[f"{proto}.srcport"]) if outside else 0
        for family in ("ip", "ipv6"):
            srcs, dsts = row[f"{family}.src"], row[f"{family}.dst"]
            first_ip = 0
            if outside:
                first_ip = len(outside[f"{family}.src"])
                if outside[f"{family}.src"] and last_ip_family(outside) == family:
                    first_ip -= 1  # the fragmented header itself
            pairs = [(len(srcs) - 1, len(sports) - 1)] if innermost else [
                (i, j) for i in range(first_ip, len(srcs))
                for j in range(first_port, len(sports))]
            for i, j in pairs:
                if i < 0 or j < 0:
                    continue
                src, dst = (srcs[i], int(sports[j])), (dsts[i], int(dports[j]))
                for c in convs:
                    if (conv_key(c["proto"], c["a"], c["b"]) == conv_key(proto, src, dst) and
                            c["start"] - 1e-6 <= t <= c["start"] + c["duration"] + 1e-4):
                        found.append((c, src == c["a"]))
    return found


def last_ip_family(row: dict) -> str:
    """The family of a reassembled fragment's fragmented (innermost) IP header: the field
    naming the frame its datagram was reassembled in says (tshark's per-frame fields do not
    keep the order of IPv4 and IPv6 headers)."""
    return "ipv6" if row["ipv6.reassembled.in"] else "ip"


def innermost_conv(convs: list[dict], row: dict) -> tuple[dict, bool] | None:
    found = convs_of(convs, row, innermost=True)
    return found[0] if found else None


def fragment_expectations(convs: list[dict], rows: list[dict]) -> list[str]:
    """Turns tshark's conversations into what pktscope counts (see the doc): a fragment frame
    joins the conversations of the frame completing its datagram (each TCP/UDP header of that
    datagram: a tunnel inside it too); a fragment tshark never reassembled leaves the
    conversation it was counted in. Returns the fragments that cannot be accounted for like
    with like."""
    by_number = {r["frame.number"][0]: r for r in rows}
    completing = {n for r in rows for n in r["ip.reassembled_in"] + r["ipv6.reassembled.in"]}
    problems = []
    for r in rows:
        number = r["frame.number"][0]
        done = (r["ip.reassembled_in"] + r["ipv6.reassembled.in"] or [None])[-1]
        if done == number or (done is None and number in completing):
            continue  # the completing frame: tshark counted it already
        if done is None:
            # Never reassembled: tshark counted the frame where it dissected a first
            # fragment's transport header; pktscope does not count it.
            hit = innermost_conv(convs, r)
            if hit:
                c, from_a = hit
                c.setdefault("removed", []).append((from_a, int(r["frame.len"][0]),
                                                    float(r["frame.time_relative"][0])))
            continue
        last = by_number.get(done)
        hits = convs_of(convs, last, innermost=False, outside=r) if last else []
        if not hits:
            if last and not (last["tcp.srcport"] or last["udp.srcport"]):
                continue  # a datagram of another protocol: no TCP/UDP conversation
            problems.append(f"fragment frame {number}: no TCP/UDP conversation has the frame "
                            f"completing its datagram ({done})")
            continue
        for c, from_a in hits:
            c.setdefault("added", []).append((from_a, int(r["frame.len"][0]),
                                              float(r["frame.time_relative"][0])))
    for c in convs:
        apply_fragments(c, problems)
    return problems


def apply_fragments(c: dict, problems: list[str]) -> None:
    """Folds the added and removed fragment frames of conversation `c` into its expectation:
    c["fragments"] = {direction: [frames, bytes]} to add (negative: to remove), and start and
    duration over the frames it then holds."""
    added, removed = c.get("added", []), c.get("removed", [])
    if not added and not removed:
        return
    extra = {"a_to_b": [0, 0], "b_to_a": [0, 0]}
    for sign, frames in ((1, added), (-1, removed)):
        for from_a, length, _ in frames:
            side = extra["a_to_b" if from_a else "b_to_a"]
            side[0] += sign
            side[1] += sign * length
    c["fragments"] = extra
    end = c["start"] + c["duration"]
    if removed:
        if c["a_to_b"][0] + c["b_to_a"][0] == len(removed):
            c["absent"] = True  # every frame of it was an unreassembled fragment
            return
        # The span of the frames left is known only when no removed frame bounds it.
        if any(abs(t - c["start"]) < 1e-6 or abs(t - end) < 1e-4 for _, _, t in removed):
            problems.append(f"{c['proto']} {c['a']} <-> {c['b']}: an unreassembled fragment "
                            "bounds its time span (start or duration unknown without it)")
    if added:
        times = [t for _, _, t in added]
        end = max(end, *times)
        c["start"] = min(c["start"], *times)
        c["duration"] = end - c["start"]


def merged(flows: list[dict]) -> dict:
    """One flow made of `flows` (the same endpoints in several VLAN or tunnel contexts):
    frames and bytes summed per sending endpoint, the earliest start, the latest end."""
    sent = collections.defaultdict(lambda: [0, 0])
    for f in flows:
        for side, pk, by in (("orig", "orig_pkts", "orig_bytes"), ("resp", "resp_pkts", "resp_bytes")):
            s = sent[(f[f"{side}_h"], f[f"{side}_p"])]
            s[0] += f[pk]
            s[1] += f[by]
    first = min(flows, key=lambda f: f["ts_ns"])
    end = max(f["ts_ns"] + f["duration_ns"] for f in flows)
    orig, resp = (first["orig_h"], first["orig_p"]), (first["resp_h"], first["resp_p"])
    return {**first, "orig_pkts": sent[orig][0], "orig_bytes": sent[orig][1],
            "resp_pkts": sent[resp][0], "resp_bytes": sent[resp][1],
            "duration_ns": end - first["ts_ns"],
            "fragments": sum(f.get("fragments", 0) for f in flows), "vlan": None, "tunnel": None,
            "merged": len(flows)}


def like_tshark(flows: list[dict]) -> dict[tuple, list[dict]]:
    """Our TCP/UDP flows under tshark's conversation key (protocol and both endpoints). Flows
    of one key in several VLAN or tunnel contexts are summed, the i-th flow of each context
    (in time order) into the i-th conversation: tshark keys by neither."""
    contexts = collections.defaultdict(lambda: collections.defaultdict(list))
    for f in flows:
        if f["proto"] in ("tcp", "udp"):
            key = conv_key(f["proto"], (f["orig_h"], f["orig_p"]), (f["resp_h"], f["resp_p"]))
            contexts[key][(f.get("vlan"), f.get("tunnel"))].append(f)
    ours = {}
    for key, by_context in contexts.items():
        lists = [sorted(lst, key=lambda f: f["ts_ns"]) for lst in by_context.values()]
        if len(lists) == 1:
            ours[key] = lists[0]
            continue
        ours[key] = [merged([lst[i] for lst in lists if i < len(lst)])
                     for i in range(max(map(len, lists)))]
    return ours


def compare(binary: str, path: Path, facts: dict, cache: Path | None) -> dict:
    # The same tshark arguments as stats_tshark_test.py, so that a cached run serves both.
    ts = tshark_oracle.statistics(path, tshark_oracle.wants_iostat(capture_span(binary, path)),
                                  cache)
    convs, tshark_err = ts["conv"], ts["stderr"]
    res = {"file": str(path), "agree": 0, "total": len(convs), "diffs": [], "classified": [],
           "damaged": None, "unreadable": None}
    if "cut short" in tshark_err or "appears to be damaged" in tshark_err:
        res["damaged"] = "tshark: " + tshark_err.strip()[:200]
        return res
    if bad_fraction(path):
        res["damaged"] = "a record's timestamp fraction is out of range"
        return res
    flows, our_err, rc = run_pktscope(binary, path)
    if rc != 0 or "reading stopped" in our_err:
        # tshark read the file whole: every conversation of it disagrees.
        res["unreadable"] = f"pktscope exit {rc}: {our_err.strip()[:200]}"
        return res
    if any(f.get("fragments", 0) > 0 for f in flows) or "did not complete a datagram" in our_err:
        for problem in fragment_expectations(convs, tshark_fragments(path, cache)):
            res["diffs"].append({"conv": "fragments", "class": None, "why": problem})
    ours = like_tshark(flows)
    # tshark's start is relative to the file's first frame; ours absolute. The offset between
    # the two comes from the earliest conversation (both tools must agree on its start).
    first_ns = None
    if convs:
        c0 = min(convs, key=lambda c: c["start"])
        cands0 = ours.get(conv_key(c0["proto"], c0["a"], c0["b"]), [])
        if cands0:
            first_ns = cands0[0]["ts_ns"] - round(c0["start"] * 1e9)
    for c in sorted(convs, key=lambda c: c["start"]):
        cands = ours.get(conv_key(c["proto"], c["a"], c["b"]), [])
        if c.get("absent") and not cands:
            res["agree"] += 1  # only unreassembled fragments: no flow on either side
            continue
        frag = c.get("fragments", {"a_to_b": [0, 0], "b_to_a": [0, 0]})
        best, why = None, "no flow with these endpoints"
        for f in cands:
            a_is_orig = (f["orig_h"], f["orig_p"]) == c["a"]
            ab = (f["orig_pkts"], f["orig_bytes"]) if a_is_orig else (f["resp_pkts"], f["resp_bytes"])
            ba = (f["resp_pkts"], f["resp_bytes"]) if a_is_orig else (f["orig_pkts"], f["orig_bytes"])
            problems = []
            for name, got, want, extra in (("A->B", ab, c["a_to_b"], frag["a_to_b"]),
                                           ("B->A", ba, c["b_to_a"], frag["b_to_a"])):
                # Byte counts tshark rounds to its unit compare in that form, after setting
                # aside the fragment bytes added from tshark's per-frame output.
                if (got[0], tshark_size(got[1] - extra[1])) != (want[0] + extra[0], want[1]):
                    problems.append(f"{name} ours {got[0]} {got[1]} tshark {want}"
                                    + (f" + fragments {extra}" if extra[0] else ""))
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
        cls = classify(c, facts)
        entry = {"conv": f"{c['proto']} {c['a'][0]}:{c['a'][1]} <-> {c['b'][0]}:{c['b'][1]}",
                 "why": why, "class": cls}
        (res["classified"] if cls else res["diffs"]).append(entry)
    return res


# Encapsulations tshark dissects and pktscope's decoder does not enter (yet), where tshark
# finds conversations (MANIFEST protocol names): the 802.11 A-MSDUs of Aruba's GRE. The others
# the decoder enters (ERSPAN, PBB, VXLAN-GPE, NSH, LISP, L2TP, Teredo, AYIYA, MACsec, WCCP,
# IPComp, which the flow table inflates) must agree.
ENCAPSULATIONS = {"wlan"}


def classify(conv: dict, facts: dict) -> str | None:
    """The documented difference class that explains a disagreement, if any."""
    protocols = facts.get("protocols", set())
    if protocols & ENCAPSULATIONS:
        return "tunnels and encapsulations"
    if {"ipv6.routing", "ipv6.dstopts", "ipv6.hopopts", "ipv6.fraghdr"} & protocols:
        return "IPv6 extension headers"
    return None


def corpus_files(corpus: Path, only: str | None) -> tuple[list[tuple[Path, dict]], int]:
    """The captures to compare, and how many others are damaged (tshark's MANIFEST record:
    malformed packets in its dissection, or a note on the file)."""
    out = []
    damaged = 0
    with open(corpus / "MANIFEST.tsv", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["linktype"] not in LINKTYPES or row["format"].split("+")[0] not in FORMATS:
                continue
            protocols = set(row["protocols"].split(","))
            if "tcp" not in protocols and "udp" not in protocols:
                continue
            if only and not fnmatch.fnmatch(row["file"], only):
                continue
            if row["note"].strip() or row["tshark_malformed_pkts"] not in ("", "0"):
                damaged += 1
                continue
            out.append((corpus / row["file"], {"protocols": protocols}))
    return out, damaged


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

    files, damaged = corpus_files(args.corpus, args.only)
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
    damaged_at_run = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        # Largest files first, so that the last ones do not leave a worker idle.
        files.sort(key=lambda f: -f[0].stat().st_size)
        for n, res in enumerate(ex.map(lambda p: compare(args.pktscope, *p, args.tshark_cache),
                                       files), 1):
            if n % 100 == 0:
                print(f"... {n}/{len(files)} files", flush=True)
            if res["damaged"]:
                damaged_at_run.append((res["file"], res["damaged"]))
                continue
            if res["unreadable"]:
                failures.append((res["file"], {"conv": f"{res['total']} conversations",
                                               "why": res["unreadable"]}))
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
        for f, e in damaged_at_run:
            print(f"damaged {f}: {e}")
    explained = sum(classified.values())
    pct = 100.0 * agree / total if total else 100.0
    in_scope = total - explained
    pct_in_scope = 100.0 * agree / in_scope if in_scope else 100.0
    print(f"flows vs tshark conv: {len(files) - len(damaged_at_run)} files, {total} "
          f"conversations, {agree} agree ({pct:.2f} %), {explained} documented differences "
          f"({dict(classified)}), {len(failures)} unexplained; "
          f"{damaged + len(damaged_at_run)} damaged files not compared; "
          f"{time.monotonic() - started:.0f} s with {args.jobs} jobs")
    print(f"agreement outside the documented classes: {agree} of {in_scope} conversations "
          f"({pct_in_scope:.2f} %)")
    # The acceptance figure: every conversation of every file that is not damaged. It is
    # printed, and below 100 % marked, but the gate is the unexplained count: the classes that
    # keep it below 100 % are listed with their reasons (open work in the decoder and the
    # fragment reassembler), and a new disagreement of any other kind fails the run.
    mark = "" if agree == total else "  (below the 100 % target: documented classes remain)"
    print(f"agreement over non-damaged files: {agree} of {total} conversations ({pct:.2f} %)"
          f"{mark}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
