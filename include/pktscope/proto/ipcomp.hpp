#pragma once
/// IP Payload Compression (IPComp, RFC 3173): a 4-octet header after IPv4/IPv6 (protocol 108)
/// and the compressed payload. The algorithm is negotiated out of band; the CPI only names it
/// for the well-known values (RFC 3173 §3.3). DEFLATE (RFC 2394) is what deployments use.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::ipcomp {

namespace fields { // RFC 3173 §2.2
inline constexpr std::size_t next_header = 0, flags = 1, cpi = 2;
} // namespace fields
inline constexpr std::size_t header_len = 4;

/// The well-known Compression Parameter Index of DEFLATE (RFC 3173 §3.3, IANA "IPComp
/// Transform Identifiers"); 256-61439 are negotiated and name no algorithm.
inline constexpr std::uint16_t cpi_deflate = 2;

class view {
public:
  /// Errors: truncated(ipcomp, 0, 4, have).
  [[nodiscard]] static result<view> parse(bytes b) noexcept;
  // in bounds: parse() checked b.size() >= 4.
  /// The protocol of the datagram once decompressed (IP protocol number).
  [[nodiscard]] std::uint8_t next_header() const noexcept { return b_[fields::next_header]; }
  [[nodiscard]] std::uint8_t flags() const noexcept { return b_[fields::flags]; }
  [[nodiscard]] std::uint16_t cpi() const noexcept { return load_be16(b_, fields::cpi); }
  /// The compressed payload.
  [[nodiscard]] bytes payload() const noexcept { return b_.subspan(header_len); }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

} // namespace pktscope::ipcomp
