// port_scan_counter: the dpkt tutorial's port-scan detector. A scanner sends connection
// attempts (TCP SYN without ACK) to many different ports; a normal client to a few. Count, per
// source address, the distinct destination ports it sent SYNs to, and report the sources at or
// above a threshold:
//
//   if tcp.flags & dpkt.tcp.TH_SYN and not tcp.flags & dpkt.tcp.TH_ACK:
//       ports.setdefault(ip.src, set()).add(tcp.dport)
//   for src, p in ports.items():
//       if len(p) >= THRESHOLD: print('port scan from', inet_to_str(src), len(p))
//
//   usage: example_port_scan_counter CAPTURE [THRESHOLD]      (THRESHOLD defaults to 20)
//   output: "SOURCE DISTINCT_PORTS SYNS" per source, most ports first (ties by address text),
//           with " SCAN" appended at or above the threshold; then "scanners N"

#include <pktscope/core/address.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/io/capture_reader.hpp>
#include <pktscope/proto/tcp.hpp>

#include <algorithm>
#include <bitset>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

// The ports one source probed: one bit per port (8 KiB), so a full scan costs no more than a
// single probe.
struct probes {
  std::unique_ptr<std::bitset<65536>> ports = std::make_unique<std::bitset<65536>>();
  std::uint64_t syns = 0;
};

} // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "usage: %s CAPTURE [THRESHOLD]\n", argv[0]);
    return 2;
  }
  const std::size_t threshold = argc == 3 ? std::strtoull(argv[2], nullptr, 10) : 20;
  auto reader = pktscope::capture_reader::open(argv[1]);
  if (!reader) {
    std::fprintf(stderr, "%s: not a readable capture\n", argv[1]);
    return 1;
  }

  const pktscope::decode_options options{.deepest = pktscope::stop_at::transport};
  pktscope::decoded_packet decoded;
  std::map<std::string, probes> by_source;

  for (const pktscope::packet& pkt : *reader) {
    if (!pktscope::decode(pkt.data, pkt.link, options, decoded) ||
        decoded.transport != pktscope::layer_id::tcp) {
      continue;
    }
    const pktscope::tcp::flag_set flags(decoded.tcp_flags);
    if (flags.has(pktscope::tcp::flag::syn) && !flags.has(pktscope::tcp::flag::ack)) {
      probes& p = by_source[pktscope::ip_to_string(decoded.src_address())];
      p.ports->set(decoded.dst_port);
      ++p.syns;
    }
  }

  struct row {
    std::string source;
    std::size_t ports;
    std::uint64_t syns;
  };
  std::vector<row> rows;
  for (const auto& [source, p] : by_source) {
    rows.push_back({source, p.ports->count(), p.syns});
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const row& a, const row& b) { return a.ports > b.ports; });
  std::size_t scanners = 0;
  for (const row& r : rows) {
    const bool scan = r.ports >= threshold;
    scanners += scan ? 1 : 0;
    std::printf("%s %zu %" PRIu64 "%s\n", r.source.c_str(), r.ports, r.syns, scan ? " SCAN" : "");
  }
  std::printf("scanners %zu\n", scanners);
  return reader->failure() ? 1 : 0;
}
