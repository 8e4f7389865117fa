#pragma once
/// L2TP version 2 header (RFC 2661 §3.1; IANA UDP port 1701). Data messages (T = 0) carry a
/// PPP frame; control messages carry AVPs. Version 3 over UDP (RFC 3931 §4.1.2.1) has another
/// layout: the view leaves it alone.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace pktscope::l2tp {

/// IANA UDP port.
inline constexpr std::uint16_t udp_port = 1701;

namespace fields { // RFC 2661 §3.1
/// T L x x S x O P x x x x Ver(4); the optional fields follow in this order.
inline constexpr std::size_t flags_version = 0;
inline constexpr std::size_t length = 2; ///< present when L is set; Tunnel ID follows it
} // namespace fields
inline constexpr std::size_t min_header_len = 6; ///< flags, Tunnel ID, Session ID
inline constexpr std::uint8_t version_2 = 2;

namespace bits {
inline constexpr std::uint16_t type = 0x8000;     ///< T: control message
inline constexpr std::uint16_t length = 0x4000;   ///< L: Length field present
inline constexpr std::uint16_t sequence = 0x0800; ///< S: Ns and Nr present
inline constexpr std::uint16_t offset = 0x0200;   ///< O: Offset Size present
inline constexpr std::uint16_t priority = 0x0100; ///< P
inline constexpr std::uint16_t version = 0x000f;
} // namespace bits

class view {
public:
  /// Errors: truncated(layer_id::l2tp, 0, needed, have) when the header (with the fields its
  /// flags announce and the offset padding) is not all captured; unsupported(layer_id::l2tp)
  /// for a version other than 2; malformed(layer_id::l2tp, 2) when the Length field is
  /// smaller than the header.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= header_length().
  std::uint16_t flags() const noexcept { return load_be16(b_, fields::flags_version); }
  bool is_control() const noexcept { return (flags() & bits::type) != 0; }
  std::uint8_t version() const noexcept {
    return static_cast<std::uint8_t>(flags() & bits::version);
  }
  std::optional<std::uint16_t> length() const noexcept {
    return (flags() & bits::length) != 0 ? std::optional{load_be16(b_, fields::length)}
                                         : std::nullopt;
  }
  std::uint16_t tunnel_id() const noexcept { return load_be16(b_, ids_offset()); }
  std::uint16_t session_id() const noexcept { return load_be16(b_, ids_offset() + 2); }
  std::optional<std::uint16_t> ns() const noexcept {
    return has_sequence() ? std::optional{load_be16(b_, ids_offset() + 4)} : std::nullopt;
  }
  std::optional<std::uint16_t> nr() const noexcept {
    return has_sequence() ? std::optional{load_be16(b_, ids_offset() + 6)} : std::nullopt;
  }
  /// Header, optional fields and offset padding.
  std::size_t header_length() const noexcept { return header_len_; }
  /// The PPP frame of a data message (or a control message's AVPs), up to the Length field
  /// when present.
  bytes payload() const noexcept;

private:
  view(bytes b, std::size_t header_len) noexcept : b_(b), header_len_(header_len) {}
  bool has_sequence() const noexcept { return (flags() & bits::sequence) != 0; }
  std::size_t ids_offset() const noexcept {
    return (flags() & bits::length) != 0 ? fields::length + 2 : fields::length;
  }
  bytes b_;
  std::size_t header_len_;
};

} // namespace pktscope::l2tp
