#pragma once
/// Teredo, IPv6 over UDP through NATs (RFC 4380 §5.1.1; IANA UDP port 3544): an IPv6 packet,
/// optionally preceded by an authentication indicator and then an origin indication.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace pktscope::teredo {

/// IANA UDP port of the Teredo server (clients and relays use any port toward it).
inline constexpr std::uint16_t udp_port = 3544;

/// First two octets of each indicator (RFC 4380 §5.1.1); an IPv6 header starts with 0x6.
inline constexpr std::uint16_t indicator_origin = 0x0000;
inline constexpr std::uint16_t indicator_authentication = 0x0001;

namespace auth_fields { // RFC 4380 §5.1.1, offsets from the indicator start
inline constexpr std::size_t indicator = 0, id_len = 2, au_len = 3, client_id = 4;
}
/// Indicator type, ID-len and AU-len; the client identifier and authentication value follow,
/// then the 8-octet nonce and the 1-octet confirmation byte.
inline constexpr std::size_t auth_fixed_len = 4;
inline constexpr std::size_t nonce_len = 8, confirmation_len = 1;

namespace origin_fields { // RFC 4380 §5.1.1, offsets from the indicator start
/// Port and address are sent with all bits inverted ("obfuscated").
inline constexpr std::size_t indicator = 0, port = 2, address = 4;
} // namespace origin_fields
inline constexpr std::size_t origin_len = 8;

class view {
public:
  /// Errors: truncated(layer_id::teredo, offset of the indicator, needed, have) when an
  /// indicator is not all captured, or fewer than two octets are where an indicator or the
  /// IPv6 header must start. The bytes after the indicators are not checked: the decoder looks
  /// for the IPv6 version nibble there.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  bool has_authentication() const noexcept { return auth_len_ != 0; }
  /// In bounds: parse() measured it. Empty without an authentication indicator.
  bytes client_id() const noexcept {
    return has_authentication()
               ? b_.subspan(auth_fields::client_id, load_u8(b_, auth_fields::id_len))
               : bytes{};
  }
  bool has_origin() const noexcept { return header_len_ != auth_len_; }
  /// The origin's UDP port and IPv4 address, de-obfuscated; nullopt without an origin
  /// indication.
  std::optional<std::uint16_t> origin_port() const noexcept;
  std::optional<std::uint32_t> origin_address() const noexcept;

  /// Both indicators (0 when the packet starts with IPv6).
  std::size_t header_length() const noexcept { return header_len_; }
  bytes payload() const noexcept { return b_.subspan(header_len_); }

private:
  view(bytes b, std::size_t auth_len, std::size_t header_len) noexcept
      : b_(b), auth_len_(auth_len), header_len_(header_len) {}
  bytes b_;
  std::size_t auth_len_;
  std::size_t header_len_;
};

} // namespace pktscope::teredo
