// Whole-file read throughput: iterate every packet of a capture with
// capture_reader, summing captured lengths (the packet bytes are not touched,
// as in a pcap_next_ex loop that only looks at caplen).
//
//   read_bench FILE [--mmap|--no-mmap] [--block BYTES] [--touch]
//
// Prints packets, bytes, seconds, packets/s and MB/s (10^6 bytes of file per s).
#include <pktscope/io/capture_reader.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs("usage: read_bench FILE [--mmap|--no-mmap] [--block BYTES] [--touch]\n", stderr);
    return 2;
  }
  pktscope::reader_options opts;
  bool touch = false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--mmap") {
      opts.use_mmap = true;
    } else if (a == "--no-mmap") {
      opts.use_mmap = false;
    } else if (a == "--block" && i + 1 < argc) {
      opts.block_bytes = static_cast<std::uint32_t>(std::strtoul(argv[++i], nullptr, 10));
    } else if (a == "--touch") {
      touch = true;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  auto reader = pktscope::capture_reader::open(argv[1], opts);
  if (!reader) {
    std::fprintf(stderr, "read_bench: cannot read %s\n", argv[1]);
    return 1;
  }
  std::uint64_t packets = 0;
  std::uint64_t captured = 0;
  std::uint64_t checksum = 0;
  for (const pktscope::packet& p : *reader) {
    ++packets;
    captured += p.captured_len();
    if (touch) {
      for (const std::uint8_t b : p.data) {
        checksum += b;
      }
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double file_bytes = static_cast<double>(reader->offset());
  std::printf("packets %llu captured_bytes %llu seconds %.3f packets_per_s %.0f MB_per_s %.1f",
              static_cast<unsigned long long>(packets), static_cast<unsigned long long>(captured),
              secs, static_cast<double>(packets) / secs, file_bytes / secs / 1e6);
  if (touch) {
    std::printf(" checksum %llu", static_cast<unsigned long long>(checksum));
  }
  std::printf("\n");
  if (reader->failure()) {
    std::fprintf(stderr, "read_bench: stopped at offset %llu\n",
                 static_cast<unsigned long long>(reader->failure()->err.offset));
    return 1;
  }
  return 0;
}
