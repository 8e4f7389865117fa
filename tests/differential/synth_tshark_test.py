#!/usr/bin/env python3
"""`pktscope synth` writes captures tshark reads cleanly, and labels tshark agrees with.

For several seeds and encapsulations (plain, --vlan, --tunnel vxlan, --tunnel gre, pcap and
pcapng), with --attacks:
  1. tshark with IP/TCP/UDP checksum verification finds no malformed packet and no expert
     item of severity error (`_ws.malformed || _ws.expert.severity>=error`);
  2. capinfos reports the packet count of the label file and strict time order;
  3. for every labelled event, tshark counts exactly `packets` frames matching the label's
     display filter within [start_ns, end_ns], and the same number with no time window (so
     the attacker sent nothing else of that kind);
  4. the same seed and options give identical bytes; another seed gives other bytes.

Usage: synth_tshark_test.py --pktscope BIN [--corpus DIR]   (the corpus is not used)
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

CONFIGS = [
    ("seed 1, pcapng", ["--seed", "1"], "a.pcapng"),
    ("seed 2, pcap, VLAN", ["--seed", "2", "--vlan", "42"], "b.pcap"),
    ("seed 3, VXLAN, IPv6 share 0.5", ["--seed", "3", "--tunnel", "vxlan", "--ipv6-share", "0.5"],
     "c.pcapng"),
    ("seed 4, GRE + VLAN", ["--seed", "4", "--tunnel", "gre", "--vlan"], "d.pcapng"),
]
COMMON = ["--duration", "40s", "--packets", "8000", "--hosts", "60", "--attacks"]
CHECKSUMS = ["-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
             "-o", "udp.check_checksum:TRUE"]


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          check=False, **kw)


def epoch(ns):
    return "%d.%09d" % (ns // 1_000_000_000, ns % 1_000_000_000)


def io_stat_counts(capture, filters):
    """Frames per filter over the whole capture, in one tshark pass (-z io,stat,0,...)."""
    for f in filters:
        assert "," not in f, f
    res = run(["tshark", "-r", capture, "-q", "-z", "io,stat,0," + ",".join(filters)])
    if res.returncode != 0:
        raise RuntimeError("tshark io,stat failed: " + res.stderr)
    rows = [l for l in res.stdout.splitlines() if "<>" in l]
    if len(rows) != 1:
        raise RuntimeError("unexpected io,stat output:\n" + res.stdout)
    cells = [c.strip() for c in rows[0].strip().strip("|").split("|")]
    frames = [int(c) for c in cells[1::2]]
    if len(frames) != len(filters):
        raise RuntimeError("io,stat columns: %r" % cells)
    return frames


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pktscope", required=True)
    ap.add_argument("--corpus", default="")
    args = ap.parse_args()

    failures = []
    checked_events = 0
    with tempfile.TemporaryDirectory(prefix="synth-tshark-") as tmp:
        for name, extra, fname in CONFIGS:
            out = os.path.join(tmp, fname)
            res = run([args.pktscope, "synth", "-q", "-o", out] + COMMON + extra)
            if res.returncode != 0:
                failures.append("%s: synth failed (%d): %s" % (name, res.returncode, res.stderr))
                continue
            labels_path = re.sub(r"\.pcap(ng)?$", ".labels.json", out)
            with open(labels_path) as f:
                labels = json.load(f)

            # 1. No malformed packets, no checksum errors.
            bad = run(["tshark", "-r", out] + CHECKSUMS +
                      ["-Y", "_ws.malformed || _ws.expert.severity>=error"])
            if bad.returncode != 0 or bad.stdout.strip():
                lines = bad.stdout.strip().splitlines()
                failures.append("%s: %d bad packets, e.g. %s %s" %
                                (name, len(lines), lines[:3], bad.stderr[:200]))

            # 2. Packet count and time order.
            cap = run(["capinfos", "-c", "-o", "-M", out])
            count = re.search(r"Number of packets:\s+(\d+)", cap.stdout)
            order = re.search(r"Strict time order:\s+(\w+)", cap.stdout)
            if not count or int(count.group(1)) != labels["summary"]["packets"]:
                failures.append("%s: capinfos count %s, labels say %d" %
                                (name, count and count.group(1), labels["summary"]["packets"]))
            if not order or order.group(1) != "True":
                failures.append("%s: not in strict time order" % name)

            # 3. Every event's attack packets, counted by tshark.
            filters = []
            events = [e for e in labels["events"] if e["packets"] > 0]
            for e in events:
                window = " && frame.time_epoch >= %s && frame.time_epoch <= %s" % (
                    epoch(e["start_ns"]), epoch(e["end_ns"]))
                filters.append("(%s)%s" % (e["filter"], window))
                filters.append(e["filter"])
            counts = io_stat_counts(out, filters) if filters else []
            for i, e in enumerate(events):
                in_window, anywhere = counts[2 * i], counts[2 * i + 1]
                checked_events += 1
                if in_window != e["packets"] or anywhere != e["packets"]:
                    failures.append("%s: event %d (%s %s): labels say %d, tshark counts %d in "
                                    "the window and %d overall with '%s'" %
                                    (name, e["id"], e["kind"], e["params"].get("type", ""),
                                     e["packets"], in_window, anywhere, e["filter"]))
            if len(events) < 12:
                failures.append("%s: only %d events produced packets" % (name, len(events)))

        # 4. Determinism.
        digests = []
        for seed in ["9", "9", "10"]:
            out = os.path.join(tmp, "det-%d.pcapng" % len(digests))
            res = run([args.pktscope, "synth", "-q", "-o", out, "--seed", seed, "--duration",
                       "10s", "--packets", "3000", "--attacks"])
            if res.returncode != 0:
                failures.append("determinism run failed: " + res.stderr)
                break
            with open(out, "rb") as f:
                digests.append(hashlib.sha256(f.read()).hexdigest())
        if len(digests) == 3:
            if digests[0] != digests[1]:
                failures.append("same seed gave different captures")
            if digests[0] == digests[2]:
                failures.append("different seeds gave the same capture")

    for f in failures:
        print("FAIL:", f)
    print("synth_tshark: %d captures, %d events checked against tshark, %d failures" %
          (len(CONFIGS), checked_events, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
