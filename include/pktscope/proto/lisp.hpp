#pragma once
/// LISP data-plane header (RFC 9300 §5.1, §5.3; IANA UDP port 4341): 8 octets of flags, nonce
/// or map versions, and instance ID or locator-status bits, then the endpoint's IPv4 or IPv6
/// packet, told apart by its version nibble. LISP control messages (RFC 9301 §5; UDP port
/// 4342) start with a 4-bit type; an Encapsulated Control Message (type 8, §5.8) is a 4-octet
/// header before an IPv4 or IPv6 packet whose UDP payload is another control message.

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

/// IANA UDP port of LISP control messages.
inline constexpr std::uint16_t control_udp_port = 4342;

namespace control_fields { // RFC 9301 §5.2, §5.8
/// Byte 0: Type (high nibble), then the type's flags (ECM: S, D, E, M).
inline constexpr std::size_t type_flags = 0;
} // namespace control_fields
/// The first 32-bit word every control message starts with; all of an ECM header.
inline constexpr std::size_t control_word_len = 4;

/// RFC 9301 §5.2 / IANA "LISP Packet Types"; other values stay valid.
enum class control_type : std::uint8_t {
  map_request = 1,
  map_reply = 2,
  map_register = 3,
  map_notify = 4,
  map_notify_ack = 5,
  map_referral = 6,
  encapsulated_control = 8,
};

class control_view {
public:
  /// Error: truncated(layer_id::lisp_control, 0, 4, have) when the first word is cut.
  [[nodiscard]] static result<control_view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= control_word_len.
  control_type type() const noexcept {
    return static_cast<control_type>(load_u8(b_, control_fields::type_flags) >> 4);
  }
  bool is_encapsulated() const noexcept { return type() == control_type::encapsulated_control; }
  /// What follows an ECM header: the IPv4 or IPv6 packet it encapsulates (RFC 9301 §5.8).
  bytes encapsulated_packet() const noexcept { return b_.subspan(control_word_len); }

private:
  explicit control_view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::lisp
