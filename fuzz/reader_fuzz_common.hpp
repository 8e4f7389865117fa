#pragma once
// Shared body of the capture reader fuzz targets: read every packet of a capture held in
// memory (the format is detected, so either target reaches every reader; they differ in their
// seeds) and touch each byte and each reported fact, so a view that overruns its buffer
// faults under ASan.

#include <pktscope/io/capture_reader.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::fuzz {

inline int read_all(const std::uint8_t* data, std::size_t size) {
  reader_options opts;
  opts.max_record_bytes = 1U << 20;
  opts.block_bytes = 4096; // compressed input: exercise refills and growth
  auto r = capture_reader::from_memory(bytes(data, size), opts);
  if (!r) {
    return 0;
  }
  unsigned sum = 0;
  for (const packet& p : *r) {
    for (const std::uint8_t b : p.data) {
      sum += b;
    }
    sum += static_cast<unsigned>(p.ts) + p.original_len;
  }
  for (const auto& iface : r->info().interfaces) {
    sum += static_cast<unsigned>(iface.name.size() + iface.packets);
  }
  sum += static_cast<unsigned>(r->warnings().size() + r->skipped_bytes());
  if (r->failure()) {
    sum += static_cast<unsigned>(r->failure()->err.offset);
  }
  // The sum only keeps the reads from being optimised away; libFuzzer wants 0.
  return sum == 0xdeadbeef ? 0 : 0;
}

} // namespace pktscope::fuzz
