// connections_per_minute: how many TCP connections were opened in each minute of a capture.
// A connection attempt is a segment with SYN set and ACK clear (the first packet of the
// three-way handshake; the SYN+ACK answer is not counted again). The dpkt tutorial's version:
//
//   for ts, buf in pcap:
//       ...
//       if tcp.flags & dpkt.tcp.TH_SYN and not tcp.flags & dpkt.tcp.TH_ACK:
//           minute = int(ts) // 60 * 60
//           per_minute[minute] = per_minute.get(minute, 0) + 1
//
//   usage: example_connections_per_minute CAPTURE
//   output: one line per minute that saw at least one SYN, in time order:
//           "MINUTE_START_EPOCH YYYY-MM-DDTHH:MMZ COUNT", then "total N"

#include <pktscope/decode/decoder.hpp>
#include <pktscope/io/capture_reader.hpp>
#include <pktscope/proto/tcp.hpp>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <map>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CAPTURE\n", argv[0]);
    return 2;
  }
  auto reader = pktscope::capture_reader::open(argv[1]);
  if (!reader) {
    std::fprintf(stderr, "%s: not a readable capture\n", argv[1]);
    return 1;
  }

  const pktscope::decode_options options{.deepest = pktscope::stop_at::transport};
  pktscope::decoded_packet decoded;
  // Minute start (seconds since the epoch) -> new connections. Captures are usually in time
  // order, but std::map keeps the report sorted even when they are not.
  std::map<std::int64_t, std::uint64_t> per_minute;
  std::uint64_t total = 0;

  for (const pktscope::packet& pkt : *reader) {
    if (!pktscope::decode(pkt.data, pkt.link, options, decoded) ||
        decoded.transport != pktscope::layer_id::tcp) {
      continue;
    }
    const pktscope::tcp::flag_set flags(decoded.tcp_flags);
    if (!flags.has(pktscope::tcp::flag::syn) || flags.has(pktscope::tcp::flag::ack)) {
      continue;
    }
    // Floor division, so that a (rare) timestamp before 1970 still lands in its own minute.
    std::int64_t seconds = pkt.ts / 1'000'000'000;
    if (pkt.ts % 1'000'000'000 < 0) {
      --seconds;
    }
    std::int64_t minute = seconds / 60 * 60;
    if (seconds % 60 < 0) {
      minute -= 60;
    }
    ++per_minute[minute];
    ++total;
  }

  for (const auto& [minute, count] : per_minute) {
    const std::time_t t = static_cast<std::time_t>(minute);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%MZ", &utc);
    std::printf("%" PRId64 " %s %" PRIu64 "\n", minute, when, count);
  }
  std::printf("total %" PRIu64 "\n", total);
  return reader->failure() ? 1 : 0;
}
