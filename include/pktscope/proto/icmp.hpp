#pragma once
/// ICMP for IPv4 (RFC 792; RFC 950, 1122, 1191, 1256, 1812, 4884, 8335). Types and codes
/// follow the IANA "ICMP Type Numbers" registry.

#include <pktscope/core/address.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/core/checksum.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/checksum_status.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace pktscope::icmp {

namespace fields { // RFC 792
inline constexpr std::size_t type = 0, code = 1, checksum = 2, rest = 4,
                             // echo, timestamp, information, address mask, extended echo
    identifier = 4, sequence = 6,
                             // parameter problem (pointer), redirect (gateway)
    pointer = 4, gateway = 4,
                             // RFC 4884 original-datagram length (32-bit words), RFC 1191 MTU
    length = 5, next_hop_mtu = 6,
                             // router advertisement (RFC 1256)
    num_addrs = 4, addr_entry_size = 5, lifetime = 6,
                             // everything after the 8-octet header
    data = 8,
                             // timestamp / timestamp reply (RFC 792)
    originate_timestamp = 8, receive_timestamp = 12, transmit_timestamp = 16,
                             // address mask request / reply (RFC 950)
    address_mask = 8;
} // namespace fields

inline constexpr std::size_t header_len = 8;
inline constexpr std::size_t timestamp_len = 20;
inline constexpr std::size_t address_mask_len = 12;

/// ICMP types (IANA). Unlisted values stay valid.
enum class message_type : std::uint8_t {
  echo_reply = 0,
  destination_unreachable = 3,
  source_quench = 4, ///< deprecated (RFC 6633)
  redirect = 5,
  alternate_host_address = 6, ///< deprecated
  echo_request = 8,
  router_advertisement = 9,
  router_solicitation = 10,
  time_exceeded = 11,
  parameter_problem = 12,
  timestamp = 13,
  timestamp_reply = 14,
  information_request = 15,  ///< deprecated
  information_reply = 16,    ///< deprecated
  address_mask_request = 17, ///< deprecated
  address_mask_reply = 18,   ///< deprecated
  traceroute = 30,           ///< deprecated
  conversion_error = 31,     ///< deprecated
  photuris = 40,
  extended_echo_request = 42,
  extended_echo_reply = 43,
};

/// Destination Unreachable codes (RFC 792, 1122, 1812).
enum class unreachable_code : std::uint8_t {
  net = 0,
  host = 1,
  protocol = 2,
  port = 3,
  fragmentation_needed = 4,
  source_route_failed = 5,
  net_unknown = 6,
  host_unknown = 7,
  host_isolated = 8,
  net_prohibited = 9,
  host_prohibited = 10,
  net_tos = 11,
  host_tos = 12,
  communication_prohibited = 13,
  host_precedence_violation = 14,
  precedence_cutoff = 15,
};

/// IANA name of the type ("Echo Reply", "Source Quench (Deprecated)", "Unassigned").
[[nodiscard]] std::string_view describe_type(std::uint8_t type) noexcept;
/// IANA name of the code under `type` ("Port Unreachable", "No Code"); "Unassigned" for a
/// code the registry does not list under that type.
[[nodiscard]] std::string_view describe(std::uint8_t type, std::uint8_t code) noexcept;
/// Error messages, which quote the offending datagram (RFC 1122 §3.2.2: Destination
/// Unreachable, Source Quench, Redirect, Time Exceeded, Parameter Problem).
[[nodiscard]] constexpr bool is_error(std::uint8_t type) noexcept {
  return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/// Timestamp / Timestamp Reply times (milliseconds since midnight UT, RFC 792).
struct timestamps {
  std::uint32_t originate, receive, transmit;
};

/// Plain value for the 8-octet header; `rest` is the type-specific second word.
struct header {
  std::uint8_t type = 0;
  std::uint8_t code = 0;
  std::uint16_t checksum = 0;
  std::uint32_t rest = 0;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  void write_to(mut_bytes out) const noexcept; ///< precondition: out.size() >= 8
  friend bool operator==(const header&, const header&) = default;
};

/// View of an ICMP message. ICMP has no length field: the message is what the caller passes
/// (the IPv4 payload), so declared_len() == captured_len(); the IPv4 view tells whether the
/// capture cut it.
class view {
public:
  /// Errors: truncated(icmp, 0, 8, have) when b is shorter than the 8-octet header.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // in bounds: parse() checked b.size() >= 8 for everything in the header.
  [[nodiscard]] std::uint8_t type() const noexcept { return load_u8(b_, fields::type); }
  [[nodiscard]] message_type kind() const noexcept { return static_cast<message_type>(type()); }
  [[nodiscard]] std::uint8_t code() const noexcept { return load_u8(b_, fields::code); }
  [[nodiscard]] std::uint16_t checksum() const noexcept { return load_be16(b_, fields::checksum); }
  /// True when the whole message (header and data as passed) sums to zero.
  [[nodiscard]] bool checksum_ok() const noexcept;
  /// good/bad, or unverified when `message_len` (the IPv4 payload length the header
  /// declares) exceeds the bytes passed to parse().
  [[nodiscard]] checksum_status verify_checksum(std::size_t message_len) const noexcept;
  /// The second 32-bit word, whatever the type.
  [[nodiscard]] std::uint32_t rest() const noexcept { return load_be32(b_, fields::rest); }
  /// Echo, Timestamp, Information, Address Mask, Extended Echo.
  [[nodiscard]] std::uint16_t identifier() const noexcept {
    return load_be16(b_, fields::identifier);
  }
  [[nodiscard]] std::uint16_t sequence() const noexcept { return load_be16(b_, fields::sequence); }
  /// Destination Unreachable code 4: next-hop MTU (RFC 1191), 0 from older routers.
  [[nodiscard]] std::uint16_t next_hop_mtu() const noexcept {
    return load_be16(b_, fields::next_hop_mtu);
  }
  /// Redirect: the gateway to use.
  [[nodiscard]] ipv4_address gateway() const noexcept {
    return ipv4_address::from_bytes(b_.subspan(fields::gateway, 4));
  }
  /// Parameter Problem: octet offset of the error in the original datagram.
  [[nodiscard]] std::uint8_t pointer() const noexcept { return load_u8(b_, fields::pointer); }
  /// Error messages: length of the original datagram in 32-bit words when extensions follow
  /// (RFC 4884 §4.1), 0 otherwise.
  [[nodiscard]] std::uint8_t original_length() const noexcept {
    return load_u8(b_, fields::length);
  }
  /// Router Advertisement (RFC 1256).
  [[nodiscard]] std::uint8_t num_addrs() const noexcept { return load_u8(b_, fields::num_addrs); }
  [[nodiscard]] std::uint8_t addr_entry_size() const noexcept {
    return load_u8(b_, fields::addr_entry_size);
  }
  [[nodiscard]] std::uint16_t lifetime() const noexcept { return load_be16(b_, fields::lifetime); }
  /// Timestamp / Timestamp Reply times; nullopt when the message is shorter than 20 octets.
  [[nodiscard]] std::optional<timestamps> times() const noexcept;
  /// Address Mask Request / Reply mask; nullopt when shorter than 12 octets.
  [[nodiscard]] std::optional<ipv4_address> address_mask() const noexcept;

  [[nodiscard]] bool is_error() const noexcept { return icmp::is_error(type()); }
  /// For error messages, the quoted original datagram (IPv4 header and leading payload
  /// octets, plus RFC 4884 extensions if any) as bytes; empty for other types.
  [[nodiscard]] bytes original_datagram() const noexcept {
    return is_error() ? payload() : bytes{};
  }

  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len); }
  /// Everything after the 8-octet header.
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len); }
  [[nodiscard]] std::size_t declared_len() const noexcept { return b_.size(); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  [[nodiscard]] header to_header() const noexcept { return {type(), code(), checksum(), rest()}; }

private:
  friend class mut_view;
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// In-place editing. No setter voids parse()'s check; all but set_checksum()/fill_checksum()
/// leave the checksum stale.
class mut_view {
public:
  /// Same checks and errors as view::parse().
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept;
  [[nodiscard]] view as_view() const noexcept { return view(b_); }

  void set_type(std::uint8_t v) noexcept { store_u8(b_, fields::type, v); }
  void set_code(std::uint8_t v) noexcept { store_u8(b_, fields::code, v); }
  void set_checksum(std::uint16_t v) noexcept { store_be16(b_, fields::checksum, v); }
  void set_rest(std::uint32_t v) noexcept { store_be32(b_, fields::rest, v); }
  void set_identifier(std::uint16_t v) noexcept { store_be16(b_, fields::identifier, v); }
  void set_sequence(std::uint16_t v) noexcept { store_be16(b_, fields::sequence, v); }
  void set_next_hop_mtu(std::uint16_t v) noexcept { store_be16(b_, fields::next_hop_mtu, v); }
  void set_gateway(const ipv4_address& a) noexcept { store_be32(b_, fields::gateway, a.to_u32()); }
  /// Computes the checksum over the whole message and stores it.
  void fill_checksum() noexcept;

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  mut_bytes b_;
};

} // namespace pktscope::icmp
