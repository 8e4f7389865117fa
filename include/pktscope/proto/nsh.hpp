#pragma once
/// Network Service Header (RFC 8300; EtherType 0x894f, VXLAN-GPE Next Protocol 4): a base
/// header, a service path header and context headers, together `length` 4-octet words, then
/// the packet of the protocol its Next Protocol field names.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::nsh {

/// IEEE EtherType of NSH (RFC 8300 §9.1).
inline constexpr std::uint16_t ether_type = 0x894f;

namespace fields { // RFC 8300 §2.2 (base header), §2.3 (service path header)
/// Bytes 0..1: Ver (2 bits) | O (1) | U (1) | TTL (6) | Length (6, in 4-octet words).
inline constexpr std::size_t ver_ttl_length = 0;
/// Byte 2: 4 unassigned bits | MD Type (4); byte 3: Next Protocol.
inline constexpr std::size_t md_type = 2, next_protocol = 3;
/// Bytes 4..7: Service Path Identifier (24 bits) | Service Index (8).
inline constexpr std::size_t service_path = 4;
/// Context headers (MD Type 1: 16 fixed octets; MD Type 2: variable-length TLVs).
inline constexpr std::size_t context = 8;
} // namespace fields

/// Base header and service path header: the shortest NSH (MD Type 2 without metadata).
inline constexpr std::size_t min_header_len = 8;
inline constexpr std::size_t word_len = 4;

/// RFC 8300 §2.5: what the context headers are (IANA "NSH MD Types"; others stay valid).
enum class md_type : std::uint8_t { fixed_context = 1, variable_context = 2 };

/// IANA "NSH Next Protocol" (RFC 8300 §9.1.5); other values stay valid.
enum class next_protocol : std::uint8_t { ipv4 = 1, ipv6 = 2, ethernet = 3, nsh = 4, mpls = 5 };

/// Plain value for building and comparing the 8-octet base and service path headers; the
/// context headers (length_words - 2 words) follow and are the caller's. Preconditions of
/// write_to(): version <= 3, ttl <= 63, length_words <= 63, md < 16, spi <= 0xFFFFFF.
struct header {
  std::uint8_t version = 0;
  bool o_bit = false;    ///< OAM packet
  std::uint8_t ttl = 63; ///< RFC 8300 §2.2 recommends 63
  std::uint8_t length_words = 2;
  md_type md = md_type::variable_context;
  next_protocol next = next_protocol::ipv4;
  std::uint32_t spi = 0; ///< service path identifier
  std::uint8_t si = 255; ///< service index

  [[nodiscard]] std::size_t size() const noexcept { return min_header_len; }
  void write_to(mut_bytes out) const noexcept {
    store_be16(out, fields::ver_ttl_length,
               static_cast<std::uint16_t>((version & 0x3U) << 14 | (o_bit ? 0x2000U : 0U) |
                                          (ttl & 0x3fU) << 6 | (length_words & 0x3fU)));
    out[fields::md_type] = static_cast<std::uint8_t>(static_cast<std::uint8_t>(md) & 0x0fU);
    out[fields::next_protocol] = static_cast<std::uint8_t>(next);
    store_be32(out, fields::service_path, (spi & 0xffffffU) << 8 | si);
  }
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Only way to make a view from untrusted bytes. Errors: truncated(layer_id::nsh, 0, 8,
  /// have) when the base and service path headers are cut; malformed(layer_id::nsh,
  /// fields::ver_ttl_length) for a length below those 2 words; truncated(layer_id::nsh, 0,
  /// header_length(), have) when the context headers are cut. An MD Type 1 header whose length
  /// is not 6 words (RFC 8300 §2.4 requires it) is read by its length, as tshark does.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b.size() >= header_length() >= 8.
  [[nodiscard]] std::uint8_t version() const noexcept {
    return static_cast<std::uint8_t>(first_word() >> 14);
  }
  [[nodiscard]] bool o_bit() const noexcept { return (first_word() & 0x2000U) != 0; }
  [[nodiscard]] std::uint8_t ttl() const noexcept {
    return static_cast<std::uint8_t>((first_word() >> 6) & 0x3fU);
  }
  [[nodiscard]] std::uint8_t length_words() const noexcept {
    return static_cast<std::uint8_t>(first_word() & 0x3fU);
  }
  /// Octets of base, service path and context headers (Length × 4).
  [[nodiscard]] std::size_t header_length() const noexcept {
    return std::size_t{length_words()} * word_len;
  }
  [[nodiscard]] md_type md() const noexcept {
    return static_cast<md_type>(load_u8(b_, fields::md_type) & 0x0fU);
  }
  [[nodiscard]] next_protocol next() const noexcept {
    return static_cast<next_protocol>(load_u8(b_, fields::next_protocol));
  }
  [[nodiscard]] std::uint32_t spi() const noexcept {
    return load_be32(b_, fields::service_path) >> 8;
  }
  [[nodiscard]] std::uint8_t si() const noexcept { return load_u8(b_, fields::service_path + 3); }
  [[nodiscard]] bytes context() const noexcept {
    return b_.subspan(fields::context, header_length() - fields::context);
  }
  /// The packet after the NSH, as captured.
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_length()); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  [[nodiscard]] header to_header() const noexcept {
    return {version(), o_bit(), ttl(), length_words(), md(), next(), spi(), si()};
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  [[nodiscard]] std::uint16_t first_word() const noexcept {
    return load_be16(b_, fields::ver_ttl_length);
  }
  bytes b_;
};

} // namespace pktscope::nsh
