#!/usr/bin/env python3
"""`pktscope convert --filter EXPR` keeps exactly the packets `tcpdump -r IN -w - EXPR` keeps.

For each corpus capture (Ethernet, Linux SLL, BSD NULL, raw IP; pcap and pcapng)
and each expression, both outputs are read back by the small pcap parser below and
compared packet by packet: timestamp (nanoseconds), captured and original length,
bytes. Expressions tcpdump rejects for a file's link type, and files tcpdump cannot
read to the end, are skipped with a message. Prints a one-line tally.

Usage: convert_filter_test.py --pktscope BIN --corpus DIR
"""
import argparse
import os
import re
import struct
import subprocess
import sys
import tempfile

# (path in the corpus, what it exercises)
FILES = [
    ("kbandla__dpkt/examples/data/dns_icmp.pcap", "Ethernet pcap, DNS + ICMP"),
    ("kbandla__dpkt/examples/data/http.pcap", "Ethernet pcap, HTTP"),
    ("kbandla__dpkt/examples/data/nb6-http.pcap", "Ethernet pcap, IPv6, PPPoE, ICMPv6"),
    ("seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/VlanPackets.pcap", "Ethernet, VLAN"),
    ("seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/sll.pcap", "Linux SLL pcap"),
    ("the-tcpdump-group__tcpdump/tests/tcp-handshake-nano.pcap", "Linux SLL, ns pcap"),
    ("the-tcpdump-group__tcpdump/tests/quic_retry.pcap", "BSD NULL pcap"),
    ("zeek__zeek/testing/btest/Traces/contentline/contentline-irc-5k-line.pcap", "BSD NULL pcap"),
    ("seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/raw_ip.pcap", "raw IP (101) pcap"),
    ("seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/four_ipv6_http_streams.pcap",
     "raw IP (DLT 12) pcap"),
    ("seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/nanosecs_big_endian.pcap",
     "big-endian ns pcap"),
    ("seladb__PcapPlusPlus/Tests/ExamplesTest/pcap_examples/ipv6.pcapng", "Ethernet pcapng"),
    ("seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/NullLoopback.pcap", "NULL pcapng"),
    ("seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/dns_over_tcp.pcapng",
     "pcapng, 3 interfaces"),
    ("seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/doipPackets.pcapng",
     "pcapng, if_tsresol 9"),
]

EXPRESSIONS = [
    "tcp",
    "udp port 53",
    "icmp or icmp6",
    "host {host}",
    "vlan",
    "tcp[tcpflags] & tcp-syn != 0",
    "ip6",
    "not arp and not ip",
    "greater 100",
    "udp and src portrange 1024-65535",
    "ip[8] < 64",
    "ether broadcast",
]


def read_pcap(data):
    """(ts_ns, caplen, origlen, bytes) per record of a classic pcap file."""
    if len(data) < 24:
        raise ValueError("short pcap")
    for endian in "<>":
        magic = struct.unpack(endian + "I", data[:4])[0]
        if magic in (0xA1B2C3D4, 0xA1B23C4D):
            break
    else:
        raise ValueError("not a pcap file")
    scale = 1 if magic == 0xA1B23C4D else 1000
    out, pos = [], 24
    while pos + 16 <= len(data):
        sec, frac, incl, orig = struct.unpack(endian + "IIII", data[pos:pos + 16])
        pos += 16
        if pos + incl > len(data):
            raise ValueError("truncated record")
        out.append((sec * 1_000_000_000 + frac * scale, incl, orig, data[pos:pos + incl]))
        pos += incl
    if pos != len(data):
        raise ValueError("trailing bytes")
    return out


def first_ipv4_host(path):
    """An IPv4 address from the file, for 'host X' (tcpdump's reading)."""
    r = subprocess.run(["tcpdump", "-r", path, "-nn", "-c", "50", "ip"],
                       capture_output=True, text=True)
    m = re.search(r" IP (\d+\.\d+\.\d+\.\d+)", r.stdout)
    return m.group(1) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pktscope", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    cases = packets = skipped = 0
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        out_path = os.path.join(tmp, "out.pcap")
        for rel, what in FILES:
            path = os.path.join(args.corpus, rel)
            if not os.path.exists(path):
                print(f"skip {rel}: not in the corpus")
                skipped += 1
                continue
            host = first_ipv4_host(path)
            for template in EXPRESSIONS:
                if "{host}" in template and host is None:
                    continue
                expr = template.format(host=host)
                ref = subprocess.run(["tcpdump", "--nano", "-r", path, "-w", "-", expr],
                                     capture_output=True)
                if ref.returncode != 0:
                    msg = ref.stderr.decode(errors="replace").strip().splitlines()
                    if args.verbose:
                        print(f"skip {rel} '{expr}': tcpdump: {msg[-1] if msg else '?'}")
                    skipped += 1
                    continue
                ours = subprocess.run([args.pktscope, "convert", "--nanosecond", "--format", "pcap",
                                       "--filter", expr, path, out_path], capture_output=True)
                cases += 1
                if ours.returncode != 0:
                    failures.append(f"{rel} '{expr}': pktscope exit {ours.returncode}: "
                                    f"{ours.stderr.decode(errors='replace').strip()}")
                    continue
                want = read_pcap(ref.stdout)
                with open(out_path, "rb") as f:
                    got = read_pcap(f.read())
                if len(want) != len(got):
                    failures.append(f"{rel} '{expr}': tcpdump keeps {len(want)} packets, "
                                    f"pktscope {len(got)}")
                    continue
                for i, (w, g) in enumerate(zip(want, got)):
                    if w != g:
                        failures.append(f"{rel} '{expr}': packet {i + 1} differs "
                                        f"(ts {w[0]} vs {g[0]}, caplen {w[1]} vs {g[1]}, "
                                        f"len {w[2]} vs {g[2]})")
                        break
                packets += len(want)
    for f in failures:
        print("FAIL", f)
    print(f"convert_filter: {cases} file x expression cases, {packets} packets compared with "
          f"tcpdump, {skipped} skipped (tcpdump rejects), {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
