#pragma once
/// Address value types (MAC, IPv4, IPv6) and their usual text forms.

#include <pktscope/core/bytes.hpp>

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pktscope {

/// Longest text form of any address type below, plus a terminating NUL.
inline constexpr std::size_t max_address_text = 46;

struct mac_address {
  std::array<std::uint8_t, 6> octets{};

  /// Precondition: b.size() >= 6.
  static mac_address from_bytes(bytes b) noexcept;
  /// "aa:bb:cc:dd:ee:ff" (lower case, as tshark prints it).
  [[nodiscard]] std::string to_string() const;
  /// Writes the text form into `out` (at least max_address_text chars); returns its length.
  std::size_t format_to(char* out) const noexcept;
  static std::optional<mac_address> parse(std::string_view text) noexcept;

  friend constexpr auto operator<=>(const mac_address&, const mac_address&) = default;
};

struct ipv4_address {
  std::array<std::uint8_t, 4> octets{};

  static ipv4_address from_bytes(bytes b) noexcept;
  static constexpr ipv4_address from_u32(std::uint32_t host_order) noexcept {
    return {{static_cast<std::uint8_t>(host_order >> 24),
             static_cast<std::uint8_t>(host_order >> 16),
             static_cast<std::uint8_t>(host_order >> 8), static_cast<std::uint8_t>(host_order)}};
  }
  [[nodiscard]] constexpr std::uint32_t to_u32() const noexcept {
    return (std::uint32_t{octets[0]} << 24) | (std::uint32_t{octets[1]} << 16) |
           (std::uint32_t{octets[2]} << 8) | std::uint32_t{octets[3]};
  }
  /// Dotted quad, "192.0.2.1".
  [[nodiscard]] std::string to_string() const;
  std::size_t format_to(char* out) const noexcept;
  static std::optional<ipv4_address> parse(std::string_view text) noexcept;

  friend constexpr auto operator<=>(const ipv4_address&, const ipv4_address&) = default;
};

struct ipv6_address {
  std::array<std::uint8_t, 16> octets{};

  static ipv6_address from_bytes(bytes b) noexcept;
  /// RFC 5952 canonical text: lower case, longest run of zero groups as "::".
  [[nodiscard]] std::string to_string() const;
  std::size_t format_to(char* out) const noexcept;
  static std::optional<ipv6_address> parse(std::string_view text) noexcept;

  friend constexpr auto operator<=>(const ipv6_address&, const ipv6_address&) = default;
};

/// Longest "ADDRESS:PORT" text ("[IPv6]:65535"), plus a terminating NUL.
inline constexpr std::size_t max_endpoint_text = max_address_text + 8;

/// The text form of an IP address held as raw bytes, as decoded_packet::src_address() gives
/// it: 4 bytes IPv4, 16 bytes IPv6. Writes "" and returns 0 for any other size. `out` holds at
/// least max_address_text chars.
std::size_t format_ip(bytes address, char* out) noexcept;
/// format_ip as a string (dpkt's inet_to_str).
[[nodiscard]] std::string ip_to_string(bytes address);
/// "192.0.2.1:80" or "[2001:db8::1]:80": IPv6 in brackets so the port stays apart
/// (RFC 5952 section 6). `out` holds at least max_endpoint_text chars; returns the length.
std::size_t format_endpoint(bytes address, std::uint16_t port, char* out) noexcept;

} // namespace pktscope
