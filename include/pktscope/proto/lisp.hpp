#pragma once
/// LISP data-plane header (RFC 9300 §5.1, §5.3; IANA UDP port 4341): 8 octets of flags, nonce
/// or map versions, and instance ID or locator-status bits, then the endpoint's IPv4 or IPv6
/// packet, told apart by its version nibble.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::lisp {

/// IANA UDP port of LISP data packets (control messages use 4342).
inline constexpr std::uint16_t data_udp_port = 4341;

namespace fields { // RFC 9300 §5.1
/// Byte 0: N L E V I R K K; bytes 1..3: nonce (N) or source/destination map versions (V).
inline constexpr std::size_t flags = 0, nonce = 1;
/// Bytes 4..7: instance ID (I, upper 24 bits) and locator-status bits.
inline constexpr std::size_t instance_lsb = 4;
} // namespace fields
inline constexpr std::size_t header_len = 8;

namespace bits {
inline constexpr std::uint8_t nonce_present = 0x80; ///< N
inline constexpr std::uint8_t lsb_enabled = 0x40;   ///< L
inline constexpr std::uint8_t echo_nonce = 0x20;    ///< E
inline constexpr std::uint8_t map_version = 0x10;   ///< V
inline constexpr std::uint8_t instance_id = 0x08;   ///< I
} // namespace bits

class view {
public:
  /// Error: truncated(layer_id::lisp, 0, 8, have).
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= header_len.
  std::uint8_t flags() const noexcept { return load_u8(b_, fields::flags); }
  bool has(std::uint8_t bit) const noexcept { return (flags() & bit) != 0; }
  /// The 24-bit nonce (N) or the two 12-bit map versions (V), as on the wire.
  std::uint32_t nonce() const noexcept { return load_be32(b_, fields::flags) & 0x00ffffffU; }
  /// 24-bit instance ID, meaningful with flag I (the low 8 bits are then locator-status bits).
  std::uint32_t instance_id() const noexcept { return load_be32(b_, fields::instance_lsb) >> 8; }
  std::uint32_t locator_status_bits() const noexcept {
    return has(bits::instance_id) ? load_u8(b_, fields::instance_lsb + 3)
                                  : load_be32(b_, fields::instance_lsb);
  }
  bytes payload() const noexcept { return b_.subspan(header_len); }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::lisp
