#pragma once
/// ICMP and ICMPv6 messages counted per (version, type, code), with the IANA names of type
/// and code (icmp::describe_type()/describe(), icmpv6::describe_type()/describe()). Only the outer
/// message of a frame counts (not one an ICMP error quotes). Fixed array of 2 x 65536 counters,
/// allocated once.

#include <pktscope/analysis/table_memory.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace pktscope {
struct decoded_packet;
} // namespace pktscope

namespace pktscope::stats {

struct icmp_row {
  std::uint8_t ip_version = 4; ///< 4: ICMP, 6: ICMPv6
  std::uint8_t type = 0, code = 0;
  std::uint64_t packets = 0, bytes = 0;
  std::string_view type_name; ///< IANA: "Echo", "Destination Unreachable", ...
  std::string_view code_name; ///< IANA: "No Code", "Port Unreachable", ...
};

class icmp_table {
public:
  icmp_table();
  /// Counts the frame when its transport layer is ICMP or ICMPv6.
  void add(const decoded_packet& d, std::uint32_t wire_len) noexcept;
  void add(std::uint8_t ip_version, std::uint8_t type, std::uint8_t code,
           std::uint32_t wire_len) noexcept;
  /// Non-zero entries: ICMP first, then ICMPv6, by type and code.
  [[nodiscard]] std::vector<icmp_row> rows() const;
  [[nodiscard]] std::uint64_t packets(std::uint8_t ip_version, std::uint8_t type,
                                      std::uint8_t code) const noexcept;

private:
  struct cell {
    std::uint64_t packets = 0, bytes = 0;
  };
  detail::zeroed_table<cell> cells_; // [version 4/6][type][code]
};

} // namespace pktscope::stats
