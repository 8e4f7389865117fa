#pragma once
/// IPv6 fixed header view (RFC 8200 §3). Extension headers: <pktscope/proto/ipv6_ext.hpp>.

#include <pktscope/core/address.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/proto/ip_protocol.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::ipv6 {

namespace fields { // RFC 8200 §3
inline constexpr std::size_t version_class_flow = 0, payload_length = 4, next_header = 6,
                             hop_limit = 7, src = 8, dst = 24;
} // namespace fields

inline constexpr std::size_t header_len = 40;
inline constexpr std::size_t address_len = 16;
inline constexpr std::uint8_t version_number = 6;

/// Plain value for building and comparing; write_to() writes exactly these values.
struct header {
  std::uint8_t traffic_class = 0; ///< DSCP (upper 6 bits) and ECN (lower 2 bits)
  std::uint32_t flow_label = 0;   ///< 20 bits
  std::uint16_t payload_length = 0;
  ip_protocol next_header = ip_protocol::no_next;
  std::uint8_t hop_limit = 64;
  ipv6_address src{};
  ipv6_address dst{};

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  /// Precondition: out.size() >= size().
  void write_to(mut_bytes out) const noexcept;
  friend bool operator==(const header&, const header&) = default;
};

/// Read-only view of an IPv6 fixed header and the bytes it declares.
///
/// Payload length 0: if the next header is Hop-by-Hop Options this may be a jumbogram
/// (RFC 2675), whose real length is in the Jumbo Payload option; payload() then extends to
/// the end of the captured bytes and ipv6_ext::walk() reports the option's value. Otherwise
/// payload length 0 means an empty payload (Wireshark's ipv6.tso_support is off by default,
/// and we follow it).
class view {
public:
  /// Errors: truncated(ipv6, 0, 40, size) when b is shorter than the fixed header;
  /// malformed(ipv6, fields::version_class_flow) when the version is not 6.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // in bounds: parse() checked b.size() >= 40.
  [[nodiscard]] std::uint8_t version() const noexcept {
    return static_cast<std::uint8_t>(load_u8(b_, fields::version_class_flow) >> 4);
  }
  [[nodiscard]] std::uint8_t traffic_class() const noexcept {
    return static_cast<std::uint8_t>(load_be32(b_, fields::version_class_flow) >> 20);
  }
  [[nodiscard]] std::uint8_t dscp() const noexcept {
    return static_cast<std::uint8_t>(traffic_class() >> 2);
  }
  [[nodiscard]] std::uint8_t ecn() const noexcept {
    return static_cast<std::uint8_t>(traffic_class() & 3U);
  }
  [[nodiscard]] std::uint32_t flow_label() const noexcept {
    return load_be32(b_, fields::version_class_flow) & 0xfffffU;
  }
  [[nodiscard]] std::uint16_t payload_length() const noexcept {
    return load_be16(b_, fields::payload_length);
  }
  [[nodiscard]] ip_protocol next_header() const noexcept {
    return static_cast<ip_protocol>(load_u8(b_, fields::next_header));
  }
  [[nodiscard]] std::uint8_t hop_limit() const noexcept { return load_u8(b_, fields::hop_limit); }
  [[nodiscard]] ipv6_address src() const noexcept { return ipv6_address::from_bytes(src_bytes()); }
  [[nodiscard]] ipv6_address dst() const noexcept { return ipv6_address::from_bytes(dst_bytes()); }
  [[nodiscard]] bytes src_bytes() const noexcept { return b_.subspan(fields::src, address_len); }
  [[nodiscard]] bytes dst_bytes() const noexcept { return b_.subspan(fields::dst, address_len); }

  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len); }
  /// True when payload length is 0 and a Hop-by-Hop header follows (jumbogram candidate).
  [[nodiscard]] bool maybe_jumbogram() const noexcept {
    return payload_length() == 0 && next_header() == ip_protocol::hopopt;
  }
  /// 40 + payload length; for a jumbogram candidate, the captured length.
  [[nodiscard]] std::size_t declared_len() const noexcept {
    return maybe_jumbogram() ? b_.size() : header_len + payload_length();
  }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  /// Bytes after the fixed header (extension headers included) up to the payload length,
  /// clipped to the captured bytes.
  [[nodiscard]] bytes payload() const noexcept {
    const std::size_t end = declared_len() < b_.size() ? declared_len() : b_.size();
    return b_.subspan(header_len, end - header_len);
  }
  /// All bytes given to parse() (for walkers that report offsets from the header start).
  [[nodiscard]] bytes raw() const noexcept { return b_; }

  [[nodiscard]] header to_header() const noexcept;

private:
  friend class mut_view;
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// In-place editing. set_version() can void what parse() checked; set_payload_length()
/// changes what payload() covers. IPv6 has no header checksum.
class mut_view {
public:
  /// Same checks and errors as view::parse().
  [[nodiscard]] static result<mut_view> parse(mut_bytes b) noexcept;
  [[nodiscard]] view as_view() const noexcept { return view(b_); }

  void set_version(std::uint8_t v) noexcept {
    store_u8(b_, fields::version_class_flow,
             static_cast<std::uint8_t>((unsigned{v} << 4) |
                                       (load_u8(b_, fields::version_class_flow) & 0xfU)));
  }
  void set_traffic_class(std::uint8_t tc) noexcept;
  /// Precondition-free: only the low 20 bits are used.
  void set_flow_label(std::uint32_t label) noexcept;
  void set_payload_length(std::uint16_t v) noexcept { store_be16(b_, fields::payload_length, v); }
  void set_next_header(ip_protocol p) noexcept {
    store_u8(b_, fields::next_header, static_cast<std::uint8_t>(p));
  }
  void set_hop_limit(std::uint8_t v) noexcept { store_u8(b_, fields::hop_limit, v); }
  void set_src(const ipv6_address& a) noexcept;
  void set_dst(const ipv6_address& a) noexcept;

private:
  explicit mut_view(mut_bytes b) noexcept : b_(b) {}
  mut_bytes b_;
};

} // namespace pktscope::ipv6
