// libFuzzer target: the capture writers against the reader. Every packet of a capture held in
// memory (pcap or pcapng, plain or compressed) is written to a nanosecond pcapng writer and to
// a nanosecond pcap writer (which takes the first packet's link type and refuses the others),
// both in memory; read back, each output must hold exactly the packets its writer accepted, with
// their bytes, lengths, link types and timestamps. A writer refuses a packet only for a reason
// capture_writer.hpp gives (a timestamp out of the format's range, a second link type in pcap).
// Seeds: fuzz/corpus/captures/ and the shared corpus's small captures (scripts/run-fuzzers.sh).

#include <pktscope/io/capture_reader.hpp>
#include <pktscope/io/capture_writer.hpp>

#include "require.hpp"
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace pktscope::fuzz {
namespace {

/// A packet the writer accepted, as the reader must give it back.
struct written {
  timestamp_ns ts;
  std::vector<std::uint8_t> data; // a copy: a compressed input's packets live in a reused buffer
  std::uint32_t original_len;
  link_type link;
};

/// pcap stores unsigned 32-bit seconds; pcapng 64-bit units, past any timestamp_ns.
bool out_of_range(capture_format format, timestamp_ns ts) {
  constexpr timestamp_ns pcap_end = (timestamp_ns{1} << 32) * 1'000'000'000;
  return ts < 0 || (format == capture_format::pcap && ts >= pcap_end);
}

/// One writer and what it accepted.
class output {
public:
  explicit output(capture_format format)
      : writer_(capture_writer::write_to_memory(bytes_, {.format = format, .nanosecond = true})),
        format_(format) {}

  void write(const packet& p) {
    if (writer_->write(p)) {
      accepted_.push_back({p.ts, {p.data.begin(), p.data.end()}, p.original_len, p.link});
      return;
    }
    const bool other_link =
        format_ == capture_format::pcap && !accepted_.empty() && p.link != accepted_[0].link;
    require(other_link || out_of_range(format_, p.ts)); // else a refusal not documented
  }

  /// Closes the writer and reads its output back.
  void check() {
    require(static_cast<bool>(writer_->close()));
    auto back = capture_reader::from_memory(pktscope::bytes(bytes_));
    require(back.has_value());
    std::size_t i = 0;
    while (const packet* p = back->next()) {
      require(i < accepted_.size());
      const written& w = accepted_[i++];
      require(p->ts == w.ts && p->original_len == w.original_len && p->link == w.link);
      require(std::equal(p->data.begin(), p->data.end(), w.data.begin(), w.data.end()));
    }
    require(i == accepted_.size() && !back->failure());
  }

private:
  std::vector<std::uint8_t> bytes_;
  std::unique_ptr<capture_writer> writer_;
  capture_format format_;
  std::vector<written> accepted_;
};

} // namespace
} // namespace pktscope::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pktscope;
  reader_options opts;
  opts.max_record_bytes = 1U << 16;
  auto reader = capture_reader::from_memory(bytes(data, size), opts);
  if (!reader) {
    return 0;
  }
  fuzz::output pcapng(capture_format::pcapng);
  fuzz::output pcap(capture_format::pcap);
  while (const packet* p = reader->next()) {
    pcapng.write(*p);
    pcap.write(*p);
  }
  pcapng.check();
  pcap.check();
  return 0;
}
