// syn_count: SYNs (connection attempts: SYN set, ACK clear) per source address, flagging the
// sources that sent at least THRESHOLD of them, as the dpkt tutorials' SYN-flood detectors do:
//
//   if tcp.flags & dpkt.tcp.TH_SYN and not tcp.flags & dpkt.tcp.TH_ACK:
//       syns[ip.src] = syns.get(ip.src, 0) + 1
//   for src, n in syns.items():
//       if n >= THRESHOLD: print('possible SYN flood from', inet_to_str(src), n)
//
//   usage: example_syn_count CAPTURE [THRESHOLD]      (THRESHOLD defaults to 100)
//   output: "SOURCE COUNT" per source, most SYNs first (ties by address text), with " ALERT"
//           appended at or above the threshold; then "total N" and "alerts N"

#include <pktscope/core/address.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/io/capture_reader.hpp>
#include <pktscope/proto/tcp.hpp>

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "usage: %s CAPTURE [THRESHOLD]\n", argv[0]);
    return 2;
  }
  const std::uint64_t threshold = argc == 3 ? std::strtoull(argv[2], nullptr, 10) : 100;
  auto reader = pktscope::capture_reader::open(argv[1]);
  if (!reader) {
    std::fprintf(stderr, "%s: not a readable capture\n", argv[1]);
    return 1;
  }

  const pktscope::decode_options options{.deepest = pktscope::stop_at::transport};
  pktscope::decoded_packet decoded;
  std::map<std::string, std::uint64_t> syns; // source address text -> SYNs sent
  std::uint64_t total = 0;

  for (const pktscope::packet& pkt : *reader) {
    if (!pktscope::decode(pkt.data, pkt.link, options, decoded) ||
        decoded.transport != pktscope::layer_id::tcp) {
      continue;
    }
    const pktscope::tcp::flag_set flags(decoded.tcp_flags);
    if (flags.has(pktscope::tcp::flag::syn) && !flags.has(pktscope::tcp::flag::ack)) {
      ++syns[pktscope::ip_to_string(decoded.src_address())];
      ++total;
    }
  }

  // Most SYNs first.
  std::vector<std::pair<std::string, std::uint64_t>> ranked(syns.begin(), syns.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::uint64_t alerts = 0;
  for (const auto& [source, count] : ranked) {
    const bool alert = count >= threshold;
    alerts += alert ? 1 : 0;
    std::printf("%s %" PRIu64 "%s\n", source.c_str(), count, alert ? " ALERT" : "");
  }
  std::printf("total %" PRIu64 "\nalerts %" PRIu64 "\n", total, alerts);
  return reader->failure() ? 1 : 0;
}
