#pragma once
/// Arista Vendor Specific Protocol (AVSP) timestamp header, EtherType 0xd28b: switches insert
/// it after the source address, before the frame's own EtherType (the layout tcpdump's
/// print-arista.c and Wireshark's packet-arista.c decode). It has no layer of its own: the
/// decoder skips it and continues with the EtherType after it.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::arista {

inline constexpr std::uint16_t ether_type = 0xd28b;

namespace fields { // offsets after the 0xd28b EtherType
inline constexpr std::size_t subtype = 0, version = 2, seconds = 4;
} // namespace fields
inline constexpr std::size_t fixed_len = 4;
inline constexpr std::uint16_t subtype_timestamp = 0x0001;

/// Timestamp formats (Version field): 64-bit is 32-bit seconds and 32-bit nanoseconds, 48-bit
/// 16-bit seconds and 32-bit nanoseconds; TAI or UTC.
enum class version : std::uint16_t {
  timestamp_64_tai = 0x0010,
  timestamp_64_utc = 0x0110,
  timestamp_48_tai = 0x0020,
  timestamp_48_utc = 0x0120,
};

class view {
public:
  /// Errors: truncated(layer_id::ethernet, 0, needed, have) when the header or the EtherType
  /// after it is not captured; unsupported(layer_id::ethernet) for another subtype or an
  /// unknown timestamp format (whose length is unknown).
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= header_length() + 2.
  arista::version format() const noexcept {
    return static_cast<arista::version>(load_be16(b_, fields::version));
  }
  /// Seconds (32 or 16 bits).
  std::uint32_t seconds() const noexcept {
    return is_48_bit() ? load_be16(b_, fields::seconds) : load_be32(b_, fields::seconds);
  }
  std::uint32_t nanoseconds() const noexcept {
    return load_be32(b_, fields::seconds + (is_48_bit() ? 2 : 4));
  }
  /// Subtype, version and timestamp; the EtherType follows.
  std::size_t header_length() const noexcept { return fixed_len + (is_48_bit() ? 6 : 8); }
  std::uint16_t type_or_length() const noexcept { return load_be16(b_, header_length()); }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bool is_48_bit() const noexcept {
    return format() == version::timestamp_48_tai || format() == version::timestamp_48_utc;
  }
  bytes b_;
};

} // namespace pktscope::arista
