#pragma once
/// Outcome of checking a protocol checksum, shared by the transport and tunnel views.

#include <cstdint>
#include <string_view>

namespace pktscope {

enum class checksum_status : std::uint8_t {
  good,       ///< the checksum field matches the data
  bad,        ///< it does not
  absent,     ///< the protocol says "no checksum" (UDP over IPv4 with 0, GRE without C bit)
  unverified, ///< the covered data was not all captured (snaplen), so it cannot be checked
};

/// "good", "bad", "absent", "unverified".
constexpr std::string_view describe(checksum_status s) noexcept {
  switch (s) {
  case checksum_status::good: return "good";
  case checksum_status::bad: return "bad";
  case checksum_status::absent: return "absent";
  case checksum_status::unverified: return "unverified";
  }
  return "unknown";
}

} // namespace pktscope
