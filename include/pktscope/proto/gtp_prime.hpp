#pragma once
/// GTP' header view (3GPP TS 32.295 §6.1, the charging data transfer protocol on UDP port
/// 3386): flags, message type, length and sequence number in 6 octets. Version 0 senders with
/// bit 1 of the flags clear use the 20-octet GTPv0 header size instead, its last 14 octets
/// unused. GTP has no layer id of its own: errors name layer_id::udp.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace pktscope::gtp_prime {

inline constexpr std::uint16_t udp_port = 3386; ///< TS 32.295 §5.1.3
inline constexpr std::size_t short_header_len = 6;
inline constexpr std::size_t long_header_len = 20; ///< version 0 with bit 1 clear
inline constexpr std::uint8_t max_version = 2;

namespace fields { // TS 32.295 §6.1
inline constexpr std::size_t flags = 0, message_type = 1, length = 2, sequence = 4;
} // namespace fields

namespace bits {
inline constexpr std::uint8_t version_shift = 5;
inline constexpr std::uint8_t protocol_type = 0x10; ///< PT: 0 = GTP', 1 = GTP
/// Version 0 only: 1 = the 6-octet header, 0 = the 20-octet one. Later versions always use
/// 6 octets and send 0 here.
inline constexpr std::uint8_t short_header = 0x01;
} // namespace bits

class view {
public:
  /// Errors: truncated(layer_id::udp, 0, needed, have) when the header is not captured;
  /// malformed(layer_id::udp, 0) when PT is 1 (GTP) or the version is above 2.
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.size() < short_header_len) {
      return truncated(layer_id::udp, 0, short_header_len, b.size());
    }
    const std::uint8_t f = load_u8(b, fields::flags);
    const auto version = static_cast<std::uint8_t>(f >> bits::version_shift);
    if ((f & bits::protocol_type) != 0 || version > max_version) {
      return malformed(layer_id::udp, fields::flags);
    }
    const std::size_t len =
        version == 0 && (f & bits::short_header) == 0 ? long_header_len : short_header_len;
    if (b.size() < len) {
      return truncated(layer_id::udp, 0, len, b.size());
    }
    return view(b, len);
  }

  // In bounds: parse() checked b.size() >= header_length() >= 6.
  [[nodiscard]] std::uint8_t flags() const noexcept { return load_u8(b_, fields::flags); }
  [[nodiscard]] std::uint8_t version() const noexcept {
    return static_cast<std::uint8_t>(flags() >> bits::version_shift);
  }
  [[nodiscard]] std::uint8_t message_type() const noexcept {
    return load_u8(b_, fields::message_type);
  }
  /// Octets after the header (6 or 20 octets).
  [[nodiscard]] std::uint16_t length() const noexcept { return load_be16(b_, fields::length); }
  [[nodiscard]] std::uint16_t sequence() const noexcept { return load_be16(b_, fields::sequence); }
  [[nodiscard]] std::size_t header_length() const noexcept { return hdr_len_; }
  [[nodiscard]] std::size_t declared_len() const noexcept { return hdr_len_ + length(); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  /// [header_length(), header_length() + length), clipped to the captured bytes.
  [[nodiscard]] bytes payload() const noexcept {
    return b_.subspan(hdr_len_, std::min<std::size_t>(length(), b_.size() - hdr_len_));
  }

private:
  view(bytes b, std::size_t hdr_len) noexcept : b_(b), hdr_len_(hdr_len) {}
  bytes b_;
  std::size_t hdr_len_ = 0;
};

} // namespace pktscope::gtp_prime
