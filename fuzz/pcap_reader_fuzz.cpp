// Reads every packet of a classic pcap (plain or compressed) held in memory and
// touches each byte, so a view that overruns its buffer faults under ASan.
#include <pktscope/io/capture_reader.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  pktscope::reader_options opts;
  opts.max_record_bytes = 1U << 20;
  opts.block_bytes = 4096; // compressed input: exercise refills and growth
  auto r = pktscope::capture_reader::from_memory(pktscope::bytes(data, size), opts);
  if (!r) {
    return 0;
  }
  unsigned sum = 0;
  for (const pktscope::packet& p : *r) {
    for (const std::uint8_t b : p.data) {
      sum += b;
    }
    sum += static_cast<unsigned>(p.ts) + p.original_len;
  }
  if (r->failure()) {
    sum += static_cast<unsigned>(r->failure()->err.offset);
  }
  return sum == 0xdeadbeef ? 0 : 0;
}
