// read_capture: the first loop of every dpkt tutorial,
//
//   for ts, buf in dpkt.pcap.Reader(open(path, 'rb')):
//       print(ts, len(buf))
//
// with pktscope. capture_reader opens pcap and pcapng (plain, gzip or zstd) alike and hands
// out one packet at a time: its timestamp in integer nanoseconds and a view of its captured
// bytes, valid until the next packet is read. Nothing is copied or allocated per packet.
//
//   usage: example_read_capture CAPTURE
//   output: one line per packet, "SECONDS.NANOSECONDS CAPTURED_LENGTH"

#include <pktscope/io/capture_reader.hpp>

#include <cinttypes>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CAPTURE\n", argv[0]);
    return 2;
  }
  auto reader = pktscope::capture_reader::open(argv[1]);
  if (!reader) {
    // Errors are values: which check failed, in which layer, at which byte offset.
    const pktscope::error& e = reader.error();
    std::fprintf(stderr, "%s: %.*s at offset %" PRIu64 "\n", argv[1],
                 static_cast<int>(pktscope::errc_name(e.code).size()),
                 pktscope::errc_name(e.code).data(), static_cast<std::uint64_t>(e.offset));
    return 1;
  }

  // dpkt's `for ts, buf in pcap`.
  for (const pktscope::packet& pkt : *reader) {
    // pkt.ts is nanoseconds since the epoch; print it as seconds with 9 decimals, as tshark's
    // frame.time_epoch does. pkt.data.size() is dpkt's len(buf).
    const std::int64_t seconds = pkt.ts / 1'000'000'000;
    const std::int64_t nanos = pkt.ts % 1'000'000'000;
    std::printf("%" PRId64 ".%09" PRId64 " %zu\n", seconds, nanos, pkt.data.size());
  }

  // The loop ends at the end of the file or at damage it cannot step over; say which.
  if (const auto& failure = reader->failure()) {
    std::fprintf(stderr, "%s: stopped after %" PRIu64 " packets: %s\n", argv[1],
                 reader->packets_read(), failure->what.c_str());
    return 1;
  }
  return 0;
}
