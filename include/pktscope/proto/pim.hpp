#pragma once
/// PIM version 2 common header (RFC 7761 §4.9; IP protocol 103) and the Register message
/// (§4.9.3), which carries the multicast data packet a designated router registers.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::pim {

namespace fields { // RFC 7761 §4.9
/// PIM Ver (4) | Type (4).
inline constexpr std::size_t version_type = 0, reserved = 1, checksum = 2;
/// Register (§4.9.3): B | N | Reserved2 (30), then the data packet.
inline constexpr std::size_t register_flags = 4;
} // namespace fields
inline constexpr std::size_t header_len = 4;
inline constexpr std::size_t register_header_len = 8;
inline constexpr std::uint8_t version_2 = 2;

/// Message types (§4.9, IANA "PIM Message Types"). Unlisted values stay valid.
enum class message_type : std::uint8_t {
  hello = 0,
  register_message = 1,
  register_stop = 2,
  join_prune = 3,
  bootstrap = 4,
  assert_message = 5,
  graft = 6,
  graft_ack = 7,
  candidate_rp_advertisement = 8,
};

namespace bits {
inline constexpr std::uint32_t border = 0x80000000U;        ///< B (obsolete in RFC 7761)
inline constexpr std::uint32_t null_register = 0x40000000U; ///< N: probe, no data packet
} // namespace bits

class view {
public:
  /// Errors: truncated(layer_id::pim, 0, needed, have) when the common header, or for a
  /// version 2 Register its flags word, is not captured.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= header_length().
  std::uint8_t version() const noexcept {
    return static_cast<std::uint8_t>(load_u8(b_, fields::version_type) >> 4);
  }
  pim::message_type type() const noexcept {
    return static_cast<pim::message_type>(load_u8(b_, fields::version_type) & 0x0fU);
  }
  std::uint16_t checksum() const noexcept { return load_be16(b_, fields::checksum); }
  /// A version 2 Register message: its data packet follows header_length() octets.
  bool is_register() const noexcept {
    return version() == version_2 && type() == message_type::register_message;
  }
  /// B and N bits of a Register; 0 for other messages.
  std::uint32_t register_flags() const noexcept {
    return is_register() ? load_be32(b_, fields::register_flags) : 0;
  }
  /// 8 for a Register (common header and flags word), else 4.
  std::size_t header_length() const noexcept {
    return is_register() ? register_header_len : header_len;
  }
  bytes payload() const noexcept { return b_.subspan(header_length()); }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::pim
