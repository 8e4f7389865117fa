#pragma once
/// IPv6 extension headers (RFC 8200 §4): Hop-by-Hop and Destination Options, Routing,
/// Fragment; IPsec AH (RFC 4302) and ESP (RFC 4303), which also follow IPv4; and a bounded
/// walker over an IPv6 header chain.

#include <pktscope/core/address.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/detail/tlv_reader.hpp>
#include <pktscope/proto/ip_protocol.hpp>
#include <pktscope/proto/ipv6.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

/// Hop-by-Hop Options and Destination Options headers: the same format (RFC 8200 §4.3, §4.6).
namespace pktscope::ipv6_opts {

namespace fields {
inline constexpr std::size_t next_header = 0, hdr_ext_len = 1, options = 2;
} // namespace fields
inline constexpr std::size_t min_header_len = 8;

/// Option types (IANA "Destination Options and Hop-by-Hop Options"); the high two bits say
/// what to do with an unknown option, the third whether it may change en route.
enum class option_type : std::uint8_t {
  pad1 = 0x00,
  padn = 0x01,
  tunnel_encap_limit = 0x04, ///< RFC 2473
  router_alert = 0x05,       ///< RFC 2711
  calipso = 0x07,            ///< RFC 5570
  smf_dpd = 0x08,            ///< RFC 6621
  pdm = 0x0f,                ///< RFC 8250
  quick_start = 0x26,        ///< RFC 4782
  rpl = 0x63,                ///< RFC 6553
  mpl = 0x6d,                ///< RFC 7731
  ioam = 0x31,               ///< RFC 9486
  jumbo_payload = 0xc2,      ///< RFC 2675
  home_address = 0xc9,       ///< RFC 6275
};

/// One option. `raw` is the whole option, `value` the data after type and length (empty
/// for Pad1).
struct option {
  option_type type;
  bytes raw;
  bytes value;
};

/// The rule of the option walk: Pad1 is one octet, every other option is type, length (of
/// the data), data; an option running past the area is bad.
struct option_rule {
  using value_type = option;
  static constexpr std::size_t start = 0;
  static detail::tlv_step<option> read(bytes options, std::size_t pos) noexcept;
};

/// Walks an options area (see option_rule). Each step consumes at least one octet, so
/// iteration is bounded by the size.
class option_reader : private detail::tlv_reader<option_rule> {
public:
  explicit option_reader(bytes options) noexcept : tlv_reader(options) {}
  /// Next option, or nullopt at the end or at an option running past the area (then
  /// malformed() is true and offset() points at it).
  using tlv_reader::next;
  [[nodiscard]] bool malformed() const noexcept { return failed(); }
  using tlv_reader::offset;
};

/// Fixed part for building: write_to() writes next header and length and fills the option
/// area with padding (Pad1/PadN); a builder then overwrites it with real options.
struct header {
  ip_protocol next_header = ip_protocol::no_next;
  std::uint8_t hdr_ext_len = 0; ///< in 8-octet units, not counting the first 8 octets

  [[nodiscard]] std::size_t size() const noexcept { return (std::size_t{hdr_ext_len} + 1) * 8; }
  void write_to(mut_bytes out) const noexcept; ///< precondition: out.size() >= size()
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Errors: truncated(layer, 0, needed, have) when b is shorter than 8 octets or than the
  /// length the header declares. `layer` names which of the two headers this is.
  [[nodiscard]] static result<view> parse(bytes b,
                                          layer_id layer = layer_id::ipv6_hop_by_hop) noexcept;
  // in bounds: parse() checked b.size() >= header_len() >= 8.
  [[nodiscard]] ip_protocol next_header() const noexcept {
    return static_cast<ip_protocol>(load_u8(b_, fields::next_header));
  }
  [[nodiscard]] std::uint8_t hdr_ext_len() const noexcept {
    return load_u8(b_, fields::hdr_ext_len);
  }
  [[nodiscard]] std::size_t header_len() const noexcept {
    return (std::size_t{hdr_ext_len()} + 1) * 8;
  }
  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len()); }
  [[nodiscard]] bytes options() const noexcept {
    return b_.subspan(fields::options, header_len() - fields::options);
  }
  [[nodiscard]] option_reader option_iter() const noexcept { return option_reader(options()); }
  /// Value of a Jumbo Payload option (RFC 2675), if one with the right length is present.
  [[nodiscard]] std::optional<std::uint32_t> jumbo_payload_length() const noexcept;
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len()); }
  [[nodiscard]] header to_header() const noexcept { return {next_header(), hdr_ext_len()}; }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::ipv6_opts

/// Routing header (RFC 8200 §4.4; types in IANA "Routing Types").
namespace pktscope::ipv6_routing {

namespace fields {
inline constexpr std::size_t next_header = 0, hdr_ext_len = 1, routing_type = 2, segments_left = 3,
                             type_data = 4,
                             // Types 0, 2 (RFC 5095, RFC 6275) and 4 (RFC 8754 §2):
    last_entry = 4, flags = 5, tag = 6, addresses = 8;
} // namespace fields
inline constexpr std::size_t min_header_len = 8;

enum class routing_type : std::uint8_t {
  source_route = 0, ///< deprecated (RFC 5095)
  nimrod = 1,       ///< deprecated
  type2 = 2,        ///< Mobile IPv6 (RFC 6275)
  rpl = 3,          ///< RFC 6554
  segment_routing = 4,
  crh16 = 5,
  crh32 = 6,
};

/// write_to() writes the four fixed octets and zeros for the rest.
struct header {
  ip_protocol next_header = ip_protocol::no_next;
  std::uint8_t hdr_ext_len = 0;
  routing_type type = routing_type::segment_routing;
  std::uint8_t segments_left = 0;

  [[nodiscard]] std::size_t size() const noexcept { return (std::size_t{hdr_ext_len} + 1) * 8; }
  void write_to(mut_bytes out) const noexcept; ///< precondition: out.size() >= size()
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Errors: truncated(ipv6_routing, 0, needed, have) when b is shorter than 8 octets or the
  /// declared length.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;
  // in bounds: parse() checked b.size() >= header_len() >= 8.
  [[nodiscard]] ip_protocol next_header() const noexcept {
    return static_cast<ip_protocol>(load_u8(b_, fields::next_header));
  }
  [[nodiscard]] std::uint8_t hdr_ext_len() const noexcept {
    return load_u8(b_, fields::hdr_ext_len);
  }
  [[nodiscard]] std::size_t header_len() const noexcept {
    return (std::size_t{hdr_ext_len()} + 1) * 8;
  }
  [[nodiscard]] routing_type type() const noexcept {
    return static_cast<routing_type>(load_u8(b_, fields::routing_type));
  }
  [[nodiscard]] std::uint8_t segments_left() const noexcept {
    return load_u8(b_, fields::segments_left);
  }
  /// Type-specific data (after the four fixed octets).
  [[nodiscard]] bytes type_data() const noexcept {
    return b_.subspan(fields::type_data, header_len() - fields::type_data);
  }
  /// Number of 16-octet addresses for types 0, 2 and 4 (0 for other types).
  [[nodiscard]] std::size_t address_count() const noexcept;
  /// Address i (types 0, 2: in route order; type 4: Segment List[i]). Precondition:
  /// i < address_count().
  [[nodiscard]] ipv6_address address(std::size_t i) const noexcept {
    return ipv6_address::from_bytes(b_.subspan(fields::addresses + i * 16, 16));
  }
  /// The destination an upper-layer pseudo-header uses (RFC 8200 §8.1) when it differs from
  /// the IPv6 destination field: with segments left, the last address for types 0 and 2 and
  /// Segment List[0] for type 4; nullopt otherwise.
  [[nodiscard]] std::optional<ipv6_address> final_destination() const noexcept;
  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len()); }
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len()); }
  [[nodiscard]] header to_header() const noexcept {
    return {next_header(), hdr_ext_len(), type(), segments_left()};
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::ipv6_routing

/// Fragment header (RFC 8200 §4.5).
namespace pktscope::ipv6_frag {

namespace fields {
inline constexpr std::size_t next_header = 0, reserved = 1, offset_flags = 2, identification = 4;
} // namespace fields
inline constexpr std::size_t header_len = 8;

struct header {
  ip_protocol next_header = ip_protocol::no_next;
  std::uint8_t reserved = 0;
  std::uint16_t fragment_offset = 0; ///< 8-octet units, 13 bits
  std::uint8_t res = 0;              ///< the 2 reserved bits
  bool more_fragments = false;
  std::uint32_t identification = 0;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  void write_to(mut_bytes out) const noexcept; ///< precondition: out.size() >= 8
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Errors: truncated(ipv6_fragment, 0, 8, have).
  [[nodiscard]] static result<view> parse(bytes b) noexcept;
  // in bounds: parse() checked b.size() >= 8.
  [[nodiscard]] ip_protocol next_header() const noexcept {
    return static_cast<ip_protocol>(load_u8(b_, fields::next_header));
  }
  [[nodiscard]] std::uint8_t reserved() const noexcept { return load_u8(b_, fields::reserved); }
  [[nodiscard]] std::uint16_t fragment_offset() const noexcept {
    return static_cast<std::uint16_t>(load_be16(b_, fields::offset_flags) >> 3);
  }
  [[nodiscard]] std::size_t fragment_offset_bytes() const noexcept {
    return std::size_t{fragment_offset()} * 8;
  }
  [[nodiscard]] std::uint8_t res() const noexcept {
    return static_cast<std::uint8_t>((load_be16(b_, fields::offset_flags) >> 1) & 3U);
  }
  [[nodiscard]] bool more_fragments() const noexcept {
    return (load_be16(b_, fields::offset_flags) & 1U) != 0;
  }
  [[nodiscard]] std::uint32_t identification() const noexcept {
    return load_be32(b_, fields::identification);
  }
  /// RFC 6946: offset 0 and M clear: the whole packet in one "fragment".
  [[nodiscard]] bool is_atomic() const noexcept {
    return fragment_offset() == 0 && !more_fragments();
  }
  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len); }
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len); }
  [[nodiscard]] header to_header() const noexcept {
    return {next_header(), reserved(),       fragment_offset(),
            res(),         more_fragments(), identification()};
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::ipv6_frag

/// IP Authentication Header (RFC 4302 §2), after IPv4 or IPv6. Payload Length 0 is RFC 1826's
/// 8-octet header, without the sequence number (added by RFC 2402) and without authentication
/// data; tshark reads it so, and so does the decoder (the header after it starts at octet 8).
namespace pktscope::ah {

namespace fields {
inline constexpr std::size_t next_header = 0, payload_len = 1, reserved = 2, spi = 4, sequence = 8,
                             icv = 12;
} // namespace fields
/// RFC 1826's header (Payload Length 0): next header, length, reserved, SPI.
inline constexpr std::size_t min_header_len = 8;
/// From RFC 2402 on: with the sequence number.
inline constexpr std::size_t sequenced_header_len = 12;

/// write_to() writes the fields and a zero ICV filling the declared length.
struct header {
  ip_protocol next_header = ip_protocol::no_next;
  std::uint8_t payload_len = 1; ///< length in 4-octet units minus 2
  std::uint16_t reserved = 0;
  std::uint32_t spi = 0;
  std::uint32_t sequence = 0;

  [[nodiscard]] std::size_t size() const noexcept { return (std::size_t{payload_len} + 2) * 4; }
  /// No sequence number for payload_len 0 (8 octets). Precondition: out.size() >= size().
  void write_to(mut_bytes out) const noexcept;
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Errors: truncated(ah, 0, 8, have) when the fixed fields are cut; truncated(ah, 0, length,
  /// have) when the rest of the declared length (sequence number, ICV) is cut.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;
  // in bounds: parse() checked b.size() >= header_len() >= 8.
  [[nodiscard]] ip_protocol next_header() const noexcept {
    return static_cast<ip_protocol>(load_u8(b_, fields::next_header));
  }
  [[nodiscard]] std::uint8_t payload_len() const noexcept {
    return load_u8(b_, fields::payload_len);
  }
  [[nodiscard]] std::size_t header_len() const noexcept {
    return (std::size_t{payload_len()} + 2) * 4;
  }
  [[nodiscard]] std::uint16_t reserved() const noexcept { return load_be16(b_, fields::reserved); }
  [[nodiscard]] std::uint32_t spi() const noexcept { return load_be32(b_, fields::spi); }
  /// 0 in RFC 1826's 8-octet header, which has none.
  [[nodiscard]] std::uint32_t sequence() const noexcept {
    return header_len() >= sequenced_header_len ? load_be32(b_, fields::sequence) : 0;
  }
  /// Empty in RFC 1826's 8-octet header.
  [[nodiscard]] bytes icv() const noexcept {
    return header_len() > fields::icv ? b_.subspan(fields::icv, header_len() - fields::icv)
                                      : bytes{};
  }
  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len()); }
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len()); }
  [[nodiscard]] header to_header() const noexcept {
    return {next_header(), payload_len(), reserved(), spi(), sequence()};
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::ah

/// Encapsulating Security Payload (RFC 4303 §2): SPI and sequence number in clear, the rest
/// (payload, padding, next header, ICV) opaque without the keys.
namespace pktscope::esp {

namespace fields {
inline constexpr std::size_t spi = 0, sequence = 4, data = 8;
} // namespace fields
inline constexpr std::size_t header_len = 8;

struct header {
  std::uint32_t spi = 0;
  std::uint32_t sequence = 0;
  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  void write_to(mut_bytes out) const noexcept; ///< precondition: out.size() >= 8
  friend bool operator==(const header&, const header&) = default;
};

class view {
public:
  /// Errors: truncated(esp, 0, 8, have).
  [[nodiscard]] static result<view> parse(bytes b) noexcept;
  // in bounds: parse() checked b.size() >= 8.
  [[nodiscard]] std::uint32_t spi() const noexcept { return load_be32(b_, fields::spi); }
  [[nodiscard]] std::uint32_t sequence() const noexcept { return load_be32(b_, fields::sequence); }
  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len); }
  /// Encrypted data and trailer, opaque.
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len); }
  [[nodiscard]] header to_header() const noexcept { return {spi(), sequence()}; }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::esp

/// Walker over the extension header chain of an IPv6 packet.
namespace pktscope::ipv6_ext {

/// Capacity of chain::headers and the default limit on the number of extension headers.
/// RFC 8200 §4.1 recommends each header at most once (Destination Options twice), i.e. 6 in
/// a well-formed chain; AH and nested repeats get some slack.
inline constexpr std::size_t max_headers = 12;

struct ext_header {
  ip_protocol protocol; ///< which header this is
  std::size_t offset;   ///< from the start of the IPv6 header
  std::size_t length;   ///< octets
};

/// The Fragment header, when the chain holds one.
struct fragment_info {
  std::size_t offset;            ///< of the Fragment header, from the IPv6 header start
  std::uint16_t fragment_offset; ///< 8-octet units
  bool more_fragments;
  std::uint32_t identification;
};

struct chain {
  std::array<ext_header, max_headers> headers{};
  std::size_t count = 0;
  /// The first header the walker does not traverse: an upper layer (TCP, UDP, ICMPv6,
  /// Mobility, ...), ESP (opaque), No Next Header, or, after a non-first fragment, the
  /// fragment's declared next header (its bytes are not a header: check fragment).
  ip_protocol upper_protocol = ip_protocol::no_next;
  std::size_t upper_offset = ipv6::header_len; ///< from the start of the IPv6 header
  std::optional<fragment_info> fragment;
  /// Jumbo Payload option value from the Hop-by-Hop header (RFC 2675), if present.
  std::optional<std::uint32_t> jumbo_payload_length;

  [[nodiscard]] std::span<const ext_header> list() const noexcept {
    return {headers.data(), count};
  }
  /// False after a fragment with nonzero offset: the upper-layer header is elsewhere.
  [[nodiscard]] bool upper_header_present() const noexcept {
    return !fragment || fragment->fragment_offset == 0;
  }
};

/// Follows Next Header through Hop-by-Hop, Routing, Fragment, Destination Options and AH.
/// Bounded: at most `limit` (<= max_headers) headers, each at least 8 octets. Offsets in
/// errors are from the start of the IPv6 header:
/// - truncated(<header's layer>, offset, needed, have) when a header runs past the captured
///   bytes (have = octets captured from `offset`);
/// - malformed(<header's layer>, offset) when it runs past the payload length while the
///   capture holds more, or an AH length is below 12 octets;
/// - malformed(ipv6, offset of the next header) when more than `limit` headers are chained.
[[nodiscard]] result<chain> walk(const ipv6::view& ip, std::size_t limit = max_headers) noexcept;

} // namespace pktscope::ipv6_ext
