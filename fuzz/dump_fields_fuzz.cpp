// libFuzzer target: the per-packet fields of `pktscope dump` on a capture held in memory (pcap
// or pcapng, plain or compressed): every field, tshark's and the summary columns, of every
// packet, the time columns in each of their modes in turn. `dump --json` writes a number
// field's values as they are and a text field's through append_json_string, so each number
// value must be a JSON number and each text value must become a valid JSON string (valid UTF-8
// included). Seeds: fuzz/corpus/captures/ and the shared corpus's small captures
// (scripts/run-fuzzers.sh).

#include "dump/fields.hpp"
#include "output/text.hpp"

#include <pktscope/io/capture_reader.hpp>

#include "require.hpp"
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pktscope;
  using namespace pktscope::cli::dump;
  reader_options opts;
  opts.max_record_bytes = 1U << 16;
  auto reader = capture_reader::from_memory(bytes(data, size), opts);
  if (!reader) {
    return 0;
  }
  // Both hold large buffers allocated once (as dump does for a whole run).
  static const auto fields = std::make_unique<packet_fields>();
  static const auto vals = std::make_unique<values>();
  static const time_mode modes[] = {time_mode::iso, time_mode::epoch, time_mode::relative,
                                    time_mode::delta};
  fields->start_capture();
  std::string json;
  std::uint64_t number = 0;
  timestamp_ns first_ts = 0, prev_ts = 0;
  while (const packet* p = reader->next()) {
    if (number++ == 0) {
      first_ts = prev_ts = p->ts;
    }
    const auto& itfs = reader->info().interfaces;
    const std::uint8_t fcs_len = p->interface < itfs.size() ? itfs[p->interface].fcs_len_bytes : 0;
    fields->load(*p, number, first_ts, prev_ts, fcs_len);
    prev_ts = p->ts;
    for (const field_info& fi : all_fields()) {
      fields->collect(fi.id, *vals, modes[number % std::size(modes)]);
      for (const std::string_view v : *vals) {
        if (fi.kind == value_kind::number) {
          pktscope::fuzz::require(nlohmann::json::parse(v, nullptr, false).is_number());
        } else {
          json.clear();
          cli::output::append_json_string(json, v);
          pktscope::fuzz::require(nlohmann::json::accept(json));
        }
      }
    }
  }
  return 0;
}
