#pragma once
// Internal: what the format parsers share with capture_reader.

#include "input_source.hpp"

#include <pktscope/core/endian.hpp>
#include <pktscope/io/capture_reader.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace pktscope::io_detail {

inline std::uint16_t load16(const std::uint8_t* p, bool big_endian) noexcept {
  return big_endian ? load_be<std::uint16_t>(p) : load_le<std::uint16_t>(p);
}
inline std::uint32_t load32(const std::uint8_t* p, bool big_endian) noexcept {
  return big_endian ? load_be<std::uint32_t>(p) : load_le<std::uint32_t>(p);
}
inline std::uint64_t load64(const std::uint8_t* p, bool big_endian) noexcept {
  return big_endian ? load_be<std::uint64_t>(p) : load_le<std::uint64_t>(p);
}

inline constexpr std::size_t max_warnings = 100;

struct pcap_state {
  bool big_endian = false; // byte order of the file
  bool nsec = false;       // nanosecond magic
  std::uint8_t record_header_len = 16;
  enum class length_order : std::uint8_t { as_is, maybe_swapped, swapped };
  length_order lengths = length_order::as_is;
};

struct pcapng_state {
  bool big_endian = false;             // byte order of the current section
  bool skipping_section = false;       // unsupported section version: skip to the next SHB
  std::vector<std::uint32_t> iface_of; // section interface id -> info.interfaces index
};

struct reader_state {
  input_window in;
  reader_options options;
  capture_info info;
  packet pkt;
  std::optional<diagnostic> failure;
  std::vector<diagnostic> warnings;
  std::uint64_t skipped_blocks = 0;
  std::uint64_t skipped_bytes = 0;
  std::uint64_t packets = 0;
  bool done = false;
  pcap_state pcap;
  pcapng_state pcapng;

  /// Stops reading: records why (a stream error takes precedence, since it is
  /// the cause of the data ending) and returns nullptr for next() to pass on.
  const packet* stop(const error& e, const char* what) {
    done = true;
    if (in.has_stream_error()) {
      failure = diagnostic{in.stream_error(), in.stream_what()};
    } else {
      failure = diagnostic{e, what};
    }
    return nullptr;
  }
  /// Ends reading at the end of the data: clean unless the stream failed.
  const packet* finish() {
    done = true;
    if (in.has_stream_error()) {
      failure = diagnostic{in.stream_error(), in.stream_what()};
    }
    return nullptr;
  }
  void warn(const error& e, const char* what) {
    if (warnings.size() < max_warnings) {
      warnings.push_back(diagnostic{e, what});
    }
  }
};

/// Stream has a classic pcap file header at the read position (magic checked).
[[nodiscard]] result<void> pcap_open(reader_state& st);
[[nodiscard]] const packet* pcap_next(reader_state& st);

/// Stream has a pcapng Section Header Block at the read position.
[[nodiscard]] result<void> pcapng_open(reader_state& st);
[[nodiscard]] const packet* pcapng_next(reader_state& st);

} // namespace pktscope::io_detail
