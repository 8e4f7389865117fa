#!/usr/bin/env python3
"""Differential test: pktscope's statistics against tshark on undamaged corpus captures.

For each capture (Ethernet, BSD NULL/LOOP, Linux SLL/SLL2, raw IP link types; tshark reports
no malformed packet in it; listed in the corpus MANIFEST), and for captures written by
`pktscope synth` when that command exists, one tshark run with both statistics:

  tshark -r FILE -q -z io,phs -z io,stat,60

is compared with `pktscope summary --json` and `pktscope timeline --align first --interval 60s
--json`:

- protocol hierarchy totals: for each of eth, ip, ipv6, tcp, udp, icmp, icmpv6, arp, the
  frames and bytes of every hierarchy node of that name, added up, must be equal. Nodes below
  a protocol pktscope does not decode (l2tp, pweth, ...) are left out on both sides: what is
  inside them is not ours to count;
- per-minute frames and bytes (io,stat with 60 s intervals from the first packet) must be
  equal row by row.

Differences are allowed only where docs/known-differences.md ("stats vs tshark") lists the
file (fnmatch GLOB) and the field (phs:NAME or iostat). The test prints agreement counts.

Usage: python3 stats_tshark_test.py --pktscope BIN --corpus DIR [--only GLOB] [--limit N] [-v]
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
from pathlib import Path

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
    # tshark's root node for frames with a pcapng comment (pktscope has none): transparent.
    "pkt_comment",
    # GTP: pktscope's decoder follows GTP-U into the inner IP packet without a layer of its own.
    "gtp",
    # ERSPAN: the decoder goes from GRE straight to the mirrored frame (no layer of its own).
    "erspan",
    # MPLS pseudowire control word nodes between mpls and the carried Ethernet frame.
    "pweth.cw", "pwethcw",
}
# Fuzzer reproducers in tcpdump's tests (named so, see the corpus README): damaged on purpose,
# though tshark does not always flag them as malformed.
FUZZ_MARKS = ("oobr", "asan", "overflow", "crash", "overrun", "overread")
# io,stat prints one row per interval: captures spanning more intervals than this (damaged or
# synthetic timestamps decades apart) are compared by hierarchy only.
MAX_IOSTAT_ROWS = 20000

PHS_LINE = re.compile(r"^( *)(\S+)\s+frames:(\d+) bytes:(\d+)\s*$")
STAT_ROW = re.compile(r"^\|\s*([\d.]+)\s*<>\s*([\d.]+|Dur)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|")


def parse_phs(text: str) -> list[tuple[int, str, int, int]]:
    nodes = []
    inside = False
    for line in text.splitlines():
        if line.startswith("Protocol Hierarchy Statistics"):
            inside = True
            continue
        if not inside:
            continue
        m = PHS_LINE.match(line)
        if m:
            nodes.append((len(m.group(1)) // 2, m.group(2), int(m.group(3)), int(m.group(4))))
    return nodes


def parse_iostat(text: str) -> list[tuple[int, int]]:
    rows = []
    for line in text.splitlines():
        m = STAT_ROW.match(line)
        if m:
            rows.append((int(m.group(3)), int(m.group(4))))
    return rows


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
    for line in KNOWN_DIFFERENCES.read_text().splitlines():
        if line.startswith("## "):
            inside = line.strip() == SECTION
            continue
        if not inside:
            continue
        m = re.match(r"^- `([^`]+)` \[([^\]]+)\]:(.*)$", line)
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


def run(cmd: list[str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def compare(pktscope: str, path: Path, rel: str) -> dict:
    res = {"file": rel, "diffs": [], "error": None, "iostat": "compared"}
    summ = run([pktscope, "summary", "--json", "--no-progress", str(path)])
    tl = run([pktscope, "timeline", "--json", "--no-progress", "--align", "first", "--interval",
              "60s", str(path)])
    for name, p in (("summary", summ), ("timeline", tl)):
        if p.returncode < 0 or p.returncode > 1 or "Sanitizer" in p.stderr:
            res["error"] = f"pktscope {name} exit {p.returncode}: {p.stderr.strip()[:300]}"
            return res
    try:
        doc = json.loads(summ.stdout)
        rows = [json.loads(line) for line in tl.stdout.splitlines() if line.strip()]
    except json.JSONDecodeError as e:
        res["error"] = f"pktscope output is not JSON: {e}"
        return res
    duration = doc["capture"]["duration_ns"]
    cmd = ["tshark", "-r", str(path), "-q", "-z", "io,phs"]
    if duration // 60_000_000_000 < MAX_IOSTAT_ROWS:
        cmd += ["-z", "io,stat,60"]
    else:
        res["iostat"] = "span"
    ts = run(cmd)
    if ts.returncode != 0:
        res["error"] = f"tshark failed: {ts.stderr.strip()[:200]}"
        return res
    theirs = totals(parse_phs(ts.stdout))
    ours = totals([(n["depth"], n["protocol"], n["frames"], n["bytes"])
                   for n in doc["protocol_hierarchy"]])
    res["phs_checked"] = 0
    for name in COMPARED:
        res["phs_checked"] += 1
        if theirs[name] != ours[name]:
            res["diffs"].append((f"phs:{name}", f"tshark {theirs[name]} pktscope {ours[name]}"))
    if res["iostat"] == "span":
        return res
    t_rows = parse_iostat(ts.stdout)
    o_rows = [(r["packets"], r["bytes"]) for r in rows]
    if not t_rows and duration == 0:
        # tshark prints no interval row when every packet has the same timestamp.
        res["iostat"] = "zero-duration"
        return res
    if t_rows != o_rows:
        first = next((i for i, (a, b) in enumerate(zip(t_rows, o_rows)) if a != b),
                     min(len(t_rows), len(o_rows)))
        res["diffs"].append(("iostat", f"{len(t_rows)} tshark rows, {len(o_rows)} pktscope rows; "
                                       f"first difference at row {first}: "
                                       f"tshark {t_rows[first] if first < len(t_rows) else None} "
                                       f"pktscope {o_rows[first] if first < len(o_rows) else None}"))
    return res


def synth_files(pktscope: str, tmp: Path) -> list[Path]:
    probe = run([pktscope, "synth", "--help"])
    if probe.returncode != 0:
        return []
    out = []
    for seed, duration in ((1, "5m"), (2, "3m")):
        f = tmp / f"synth-{seed}.pcap"
        p = run([pktscope, "synth", "--seed", str(seed), "--duration", duration, "-o", str(f)])
        if p.returncode == 0 and f.exists():
            out.append(f)
        else:
            print(f"note: pktscope synth failed ({p.stderr.strip()[:200]}); synthetic captures "
                  "skipped")
            break
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pktscope", required=True)
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--only")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()

    files = select_corpus(a.corpus, a.only)
    if a.limit:
        files = files[: a.limit]
    known = load_known()
    used_known: set[int] = set()
    with tempfile.TemporaryDirectory() as td:
        jobs = [(a.corpus / f, f) for f in files]
        if not a.only:
            jobs += [(p, f"synth/{p.name}") for p in synth_files(a.pktscope, Path(td))]
        results = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
            futures = [ex.submit(compare, a.pktscope, p, rel) for p, rel in jobs]
            for fut in concurrent.futures.as_completed(futures):
                r = fut.result()
                results.append(r)
                if a.verbose and (r["diffs"] or r["error"]):
                    print(f"{len(results)}/{len(jobs)} {r['file']}: {r['error'] or r['diffs']}",
                          flush=True)

    agree_phs = agree_stat = files_ok = 0
    skipped_stat: dict[str, int] = {}
    failures = []
    accepted = 0
    errors = []
    for r in results:
        if r["error"]:
            errors.append(f"{r['file']}: {r['error']}")
            continue
        agree_phs += r["phs_checked"] - sum(1 for f, _ in r["diffs"] if f.startswith("phs:"))
        if r["iostat"] != "compared":
            skipped_stat[r["iostat"]] = skipped_stat.get(r["iostat"], 0) + 1
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
    print(f"files compared: {n}; identical in every compared figure: {files_ok}")
    print(f"protocol hierarchy totals equal: {agree_phs} of {n * len(COMPARED)} "
          f"({', '.join(COMPARED)})")
    n_stat = n - sum(skipped_stat.values())
    print(f"io,stat 60 s series equal: {agree_stat} of {n_stat} files (not compared: "
          f"{skipped_stat.get('span', 0)} spanning over {MAX_IOSTAT_ROWS} minutes, "
          f"{skipped_stat.get('zero-duration', 0)} of zero duration, where tshark prints no row)")
    print(f"known differences accepted: {accepted}")
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
