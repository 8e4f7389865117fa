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

} // namespace pktscope
