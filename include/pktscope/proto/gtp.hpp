#pragma once
/// GTPv1-U header view (3GPP TS 29.281 §5.1, §5.2): the 8-octet mandatory part, the optional
/// sequence number / N-PDU number / next extension header type word present when any of the
/// E, S or PN flags is set, and the chain of extension headers (each a length in 4-octet units,
/// its content, and the next type as its last octet). A G-PDU (message type 255) carries a
/// user IP packet after the header. GTP has no layer id of its own: errors name layer_id::udp.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::gtp {

inline constexpr std::uint16_t udp_port = 2152; ///< GTP-U (TS 29.281 §4.4.2.0)
inline constexpr std::uint8_t message_g_pdu = 0xff;
inline constexpr std::size_t mandatory_len = 8;
inline constexpr std::size_t optional_len = 4;

namespace fields {
inline constexpr std::size_t flags = 0, message_type = 1, length = 2, teid = 4;
inline constexpr std::size_t sequence = 8, npdu = 10, next_ext = 11;
} // namespace fields

namespace bits {
inline constexpr std::uint8_t version_shift = 5;
inline constexpr std::uint8_t protocol_type = 0x10; ///< PT: 1 = GTP, 0 = GTP'
inline constexpr std::uint8_t extension = 0x04;     ///< E
inline constexpr std::uint8_t sequence = 0x02;      ///< S
inline constexpr std::uint8_t npdu = 0x01;          ///< PN
} // namespace bits

class view {
public:
  /// Errors: truncated(layer_id::udp, 0, needed, have) when the header, its optional word or an
  /// extension header is not captured; malformed(layer_id::udp, 0) when the version is not 1 or
  /// PT is 0 (GTP'); malformed(layer_id::udp, offset) for an extension header of length 0.
  [[nodiscard]] static result<view> parse(bytes b) noexcept {
    if (b.size() < mandatory_len) {
      return truncated(layer_id::udp, 0, mandatory_len, b.size());
    }
    const std::uint8_t f = load_u8(b, fields::flags);
    if ((f >> bits::version_shift) != 1 || (f & bits::protocol_type) == 0) {
      return malformed(layer_id::udp, fields::flags);
    }
    std::size_t len = mandatory_len;
    if ((f & (bits::extension | bits::sequence | bits::npdu)) != 0) {
      len += optional_len;
      if (b.size() < len) {
        return truncated(layer_id::udp, 0, len, b.size());
      }
      std::uint8_t next = (f & bits::extension) != 0 ? load_u8(b, fields::next_ext) : 0;
      while (next != 0) {
        if (b.size() < len + 1) {
          return truncated(layer_id::udp, 0, len + 1, b.size());
        }
        const std::size_t ext_len = std::size_t{load_u8(b, len)} * 4;
        if (ext_len == 0) {
          return malformed(layer_id::udp, len);
        }
        if (b.size() < len + ext_len) {
          return truncated(layer_id::udp, 0, len + ext_len, b.size());
        }
        next = load_u8(b, len + ext_len - 1);
        len += ext_len;
      }
    }
    return view(b, len);
  }

  [[nodiscard]] std::uint8_t flags() const noexcept { return load_u8(b_, fields::flags); }
  [[nodiscard]] std::uint8_t version() const noexcept {
    return static_cast<std::uint8_t>(flags() >> bits::version_shift);
  }
  [[nodiscard]] std::uint8_t message_type() const noexcept {
    return load_u8(b_, fields::message_type);
  }
  /// Octets after the mandatory 8 (optional word, extension headers and payload).
  [[nodiscard]] std::uint16_t length() const noexcept { return load_be16(b_, fields::length); }
  [[nodiscard]] std::uint32_t teid() const noexcept { return load_be32(b_, fields::teid); }
  [[nodiscard]] bool has_optional() const noexcept {
    return (flags() & (bits::extension | bits::sequence | bits::npdu)) != 0;
  }
  /// Sequence number; meaningful when S is set (present but ignored otherwise).
  [[nodiscard]] std::uint16_t sequence() const noexcept {
    return has_optional() ? load_be16(b_, fields::sequence) : 0;
  }
  /// Mandatory part, optional word and extension headers.
  [[nodiscard]] std::size_t header_length() const noexcept { return hdr_len_; }
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(hdr_len_); }

private:
  view(bytes b, std::size_t hdr_len) noexcept : b_(b), hdr_len_(hdr_len) {}
  bytes b_;
  std::size_t hdr_len_ = 0;
};

} // namespace pktscope::gtp
