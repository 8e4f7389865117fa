#pragma once
/// One captured packet as a reader hands it out.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/link_type.hpp>

#include <cstdint>

namespace pktscope {

/// A record from a capture. `data` points into the reader's buffer (or the
/// caller's memory for readers over memory) and stays valid only until the next
/// read from the same reader; copy what must outlive it.
struct packet {
  timestamp_ns ts = 0;            ///< exact nanoseconds since the epoch (UTC)
  bytes data;                     ///< the captured bytes
  std::uint32_t original_len = 0; ///< length on the wire (>= data.size() unless damaged)
  link_type link = link_type::ethernet;
  /// Index into capture_info::interfaces (pcapng interface ids are per section;
  /// readers map them to this file-wide index); 0 for classic pcap.
  std::uint32_t interface = 0;
  std::uint64_t file_offset = 0; ///< offset of the record in the (decompressed) stream

  [[nodiscard]] std::uint32_t captured_len() const noexcept {
    return static_cast<std::uint32_t>(data.size());
  }
};

} // namespace pktscope
