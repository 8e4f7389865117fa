#pragma once
/// ICMPv6 (RFC 4443) and Neighbor Discovery (RFC 4861). Types and codes follow the IANA
/// "ICMPv6 Parameters" registry.

#include <pktscope/core/address.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/core/checksum.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/checksum_status.hpp>
#include <pktscope/proto/detail/tlv_reader.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace pktscope::icmpv6 {

namespace fields { // RFC 4443 §2.1, §3, §4
inline constexpr std::size_t type = 0, code = 1, checksum = 2, rest = 4, identifier = 4,
                             sequence = 6, // echo request / reply
    mtu = 4,                               // packet too big
    pointer = 4,                           // parameter problem
    length = 4,                            // RFC 4884 original-packet length (64-bit words)
    data = 8;
} // namespace fields

/// Every message defined so far has at least the 4-octet type/code/checksum part and a
/// 4-octet second word; parse() requires these 8 octets.
inline constexpr std::size_t header_len = 8;

/// ICMPv6 types (IANA). Unlisted values stay valid.
enum class message_type : std::uint8_t {
  destination_unreachable = 1,
  packet_too_big = 2,
  time_exceeded = 3,
  parameter_problem = 4,
  echo_request = 128,
  echo_reply = 129,
  mld_query = 130,
  mld_report = 131,
  mld_done = 132,
  router_solicitation = 133,
  router_advertisement = 134,
  neighbor_solicitation = 135,
  neighbor_advertisement = 136,
  redirect = 137,
  router_renumbering = 138,
  node_information_query = 139,
  node_information_response = 140,
  inverse_nd_solicitation = 141,
  inverse_nd_advertisement = 142,
  mldv2_report = 143,
  extended_echo_request = 160,
  extended_echo_reply = 161,
};

/// IANA name of the type ("Echo Request", "Unassigned").
[[nodiscard]] std::string_view describe_type(std::uint8_t type) noexcept;
/// IANA name of the code under `type`. Types registered with only code 0 and no name give
/// "No Code" for 0; codes the registry does not list give "Unassigned".
[[nodiscard]] std::string_view describe(std::uint8_t type, std::uint8_t code) noexcept;
/// Error messages have types 0..127 (RFC 4443 §2.1).
[[nodiscard]] constexpr bool is_error(std::uint8_t type) noexcept {
  return type < 128;
}

struct header {
  std::uint8_t type = 0;
  std::uint8_t code = 0;
  std::uint16_t checksum = 0;
  std::uint32_t rest = 0;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  void write_to(mut_bytes out) const noexcept; ///< precondition: out.size() >= 8
  friend bool operator==(const header&, const header&) = default;
};

/// View of an ICMPv6 message. There is no length field: the message is what the caller
/// passes (the upper-layer bytes of the IPv6 packet).
///
/// Checksums cover an IPv6 pseudo-header (RFC 4443 §2.3, RFC 8200 §8.1): pass the sum from
/// pseudo_header::ipv6(src, final dst, 58, message length)
/// (<pktscope/proto/pseudo_header.hpp>).
class view {
public:
  /// Errors: truncated(icmpv6, 0, 8, have) when b is shorter than 8 octets.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // in bounds: parse() checked b.size() >= 8.
  [[nodiscard]] std::uint8_t type() const noexcept { return load_u8(b_, fields::type); }
  [[nodiscard]] message_type kind() const noexcept { return static_cast<message_type>(type()); }
  [[nodiscard]] std::uint8_t code() const noexcept { return load_u8(b_, fields::code); }
  [[nodiscard]] std::uint16_t checksum() const noexcept { return load_be16(b_, fields::checksum); }
  /// True when pseudo-header plus message sums to zero.
  [[nodiscard]] bool checksum_ok(internet_checksum pseudo) const noexcept;
  /// good/bad, or unverified when `message_len` (what the IPv6 header declares for this
  /// message) exceeds the bytes passed to parse().
  [[nodiscard]] checksum_status verify_checksum(internet_checksum pseudo,
                                                std::size_t message_len) const noexcept;
  [[nodiscard]] std::uint32_t rest() const noexcept { return load_be32(b_, fields::rest); }
  /// Echo Request / Reply (also Extended Echo).
  [[nodiscard]] std::uint16_t identifier() const noexcept {
    return load_be16(b_, fields::identifier);
  }
  [[nodiscard]] std::uint16_t sequence() const noexcept { return load_be16(b_, fields::sequence); }
  /// Packet Too Big.
  [[nodiscard]] std::uint32_t mtu() const noexcept { return load_be32(b_, fields::mtu); }
  /// Parameter Problem: octet offset of the error in the invoking packet.
  [[nodiscard]] std::uint32_t pointer() const noexcept { return load_be32(b_, fields::pointer); }
  /// Destination Unreachable / Time Exceeded: RFC 4884 length of the original packet in
  /// 64-bit words (0 without extensions).
  [[nodiscard]] std::uint8_t original_length() const noexcept {
    return load_u8(b_, fields::length);
  }

  [[nodiscard]] bool is_error() const noexcept { return icmpv6::is_error(type()); }
  /// For error messages, the invoking packet as quoted (IPv6 header onward); empty otherwise.
  [[nodiscard]] bytes original_packet() const noexcept { return is_error() ? payload() : bytes{}; }
  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len); }
  /// Everything after the first 8 octets.
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len); }
  /// The whole message.
  [[nodiscard]] bytes message() const noexcept { return b_; }
  [[nodiscard]] std::size_t declared_len() const noexcept { return b_.size(); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  [[nodiscard]] header to_header() const noexcept { return {type(), code(), checksum(), rest()}; }

private:
  friend class mut_view;
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// In-place editing; no setter voids parse()'s check. All but the checksum setters leave the
/// checksum stale.
class mut_view {
public:
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept;
  [[nodiscard]] view as_view() const noexcept { return view(b_); }

  void set_type(std::uint8_t v) noexcept { store_u8(b_, fields::type, v); }
  void set_code(std::uint8_t v) noexcept { store_u8(b_, fields::code, v); }
  void set_checksum(std::uint16_t v) noexcept { store_be16(b_, fields::checksum, v); }
  void set_rest(std::uint32_t v) noexcept { store_be32(b_, fields::rest, v); }
  void set_identifier(std::uint16_t v) noexcept { store_be16(b_, fields::identifier, v); }
  void set_sequence(std::uint16_t v) noexcept { store_be16(b_, fields::sequence, v); }
  void set_mtu(std::uint32_t v) noexcept { store_be32(b_, fields::mtu, v); }
  /// Computes the checksum over `pseudo` (seeded with the pseudo-header, see view) and the
  /// whole message, and stores it.
  void fill_checksum(internet_checksum pseudo) noexcept;

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  mut_bytes b_;
};

// ---------------------------------------------------------------------------------------
// Neighbor Discovery (RFC 4861 §4, §4.6)

/// ND option types (IANA "IPv6 Neighbor Discovery Option Formats"). Unlisted values valid.
enum class nd_option_type : std::uint8_t {
  source_link_layer_address = 1,
  target_link_layer_address = 2,
  prefix_information = 3,
  redirected_header = 4,
  mtu = 5,
  advertisement_interval = 7,
  home_agent_information = 8,
  nonce = 14,
  route_information = 24,
  recursive_dns_server = 25,
  ra_flags_extension = 26,
  dns_search_list = 31,
  captive_portal = 37,
  pref64 = 38,
};

/// IANA name of an ND option type ("Prefix Information"), or "Unassigned".
[[nodiscard]] std::string_view describe(nd_option_type t) noexcept;

/// One ND option: `raw` covers type, length and body; `body` what follows the 2 octets.
struct nd_option {
  nd_option_type type;
  std::uint8_t length; ///< in 8-octet units, including type and length (never 0)
  bytes raw;
  bytes body;
};

/// The rule of the ND option walk: type, length in 8-octet units, body; an option with length 0
/// or one running past the area is bad (RFC 4861 §4.6 says such a message is to be discarded).
struct nd_option_rule {
  using value_type = nd_option;
  static constexpr std::size_t start = 0;
  static detail::tlv_step<nd_option> read(bytes options, std::size_t pos) noexcept;
};

/// Walks an ND options area. Ends at the end of the area, or at a bad option (see
/// nd_option_rule; then malformed()). Each step consumes at least 8 octets.
class nd_option_reader : private detail::tlv_reader<nd_option_rule> {
public:
  explicit nd_option_reader(bytes options) noexcept : tlv_reader(options) {}
  using tlv_reader::next;
  [[nodiscard]] bool malformed() const noexcept { return failed(); }
  using tlv_reader::offset;
};

/// Prefix Information option (RFC 4861 §4.6.2).
struct prefix_information {
  std::uint8_t prefix_length;
  bool on_link;        ///< L
  bool autonomous;     ///< A
  bool router_address; ///< R (RFC 6275)
  std::uint32_t valid_lifetime;
  std::uint32_t preferred_lifetime;
  ipv6_address prefix;

  /// nullopt unless `o` is a Prefix Information option of length 4.
  [[nodiscard]] static std::optional<prefix_information> from(const nd_option& o) noexcept;
};

/// MTU option value (RFC 4861 §4.6.4); nullopt unless `o` is an MTU option of length 1.
[[nodiscard]] std::optional<std::uint32_t> mtu_of(const nd_option& o) noexcept;
/// Link-layer address of a Source/Target Link-layer Address option as a MAC address
/// (Ethernet, RFC 2464 §6: length 1); nullopt for other options or lengths.
[[nodiscard]] std::optional<mac_address> mac_of(const nd_option& o) noexcept;

namespace nd_fields {
inline constexpr std::size_t
    // Router Advertisement (RFC 4861 §4.2)
    cur_hop_limit = 4,
    ra_flags = 5, router_lifetime = 6, reachable_time = 8, retrans_timer = 12,
    // Neighbor Solicitation / Advertisement / Redirect (§4.3–§4.5)
    na_flags = 4, target = 8, destination = 24;
} // namespace nd_fields

/// Router Advertisement flag bits (RFC 4861 §4.2, RFC 3775, RFC 4191, RFC 4389).
inline constexpr std::uint8_t ra_managed = 0x80, ra_other = 0x40, ra_home_agent = 0x20,
                              ra_preference_mask = 0x18, ra_proxy = 0x04;
/// Neighbor Advertisement flag bits (RFC 4861 §4.4).
inline constexpr std::uint8_t na_router = 0x80, na_solicited = 0x40, na_override = 0x20;

/// The body of an ND message: Router Solicitation, Router Advertisement, Neighbor
/// Solicitation, Neighbor Advertisement or Redirect. Accessors for fields a type does not
/// have are preconditions violations (they read other octets of that message, in bounds).
class nd_view {
public:
  /// Fixed length of each ND message before its options; 0 for other types.
  [[nodiscard]] static std::size_t fixed_len(std::uint8_t type) noexcept;
  /// Errors: unsupported (icmpv6, 0) for a type other than 133..137; truncated(icmpv6, 0,
  /// fixed length, have) when the fixed part is cut.
  [[nodiscard]] static result<nd_view> parse(const view& msg) noexcept;

  [[nodiscard]] message_type type() const noexcept {
    return static_cast<message_type>(load_u8(b_, fields::type));
  }
  // in bounds: parse() checked the type's fixed length.
  [[nodiscard]] std::uint8_t cur_hop_limit() const noexcept {
    return load_u8(b_, nd_fields::cur_hop_limit);
  }
  [[nodiscard]] std::uint8_t ra_flags() const noexcept { return load_u8(b_, nd_fields::ra_flags); }
  [[nodiscard]] std::uint16_t router_lifetime() const noexcept {
    return load_be16(b_, nd_fields::router_lifetime);
  }
  [[nodiscard]] std::uint32_t reachable_time() const noexcept {
    return load_be32(b_, nd_fields::reachable_time);
  }
  [[nodiscard]] std::uint32_t retrans_timer() const noexcept {
    return load_be32(b_, nd_fields::retrans_timer);
  }
  [[nodiscard]] std::uint8_t na_flags() const noexcept { return load_u8(b_, nd_fields::na_flags); }
  /// NS, NA, Redirect.
  [[nodiscard]] ipv6_address target() const noexcept {
    return ipv6_address::from_bytes(b_.subspan(nd_fields::target, 16));
  }
  /// Redirect.
  [[nodiscard]] ipv6_address destination() const noexcept {
    return ipv6_address::from_bytes(b_.subspan(nd_fields::destination, 16));
  }
  [[nodiscard]] bytes options() const noexcept { return b_.subspan(fixed_); }
  [[nodiscard]] nd_option_reader option_iter() const noexcept {
    return nd_option_reader(options());
  }

private:
  nd_view(bytes b, std::size_t fixed) noexcept : b_(b), fixed_(fixed) {}
  bytes b_;
  std::size_t fixed_;
};

} // namespace pktscope::icmpv6
