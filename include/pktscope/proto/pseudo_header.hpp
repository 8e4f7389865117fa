#pragma once
/// Pseudo-header sums for upper-layer checksums over IP: TCP, UDP, UDP-Lite, ICMPv6 (and any
/// protocol that borrows the same scheme). Each function returns an internet_checksum seeded
/// with the pseudo-header; the caller then adds the upper-layer header and payload (with the
/// checksum field as it is on the wire to verify, or zeroed to compute) and calls finish().
///
/// Deliberately independent of the ipv4/ipv6 views: the addresses come in as byte spans (as
/// found in a header) or as core address values.

#include <pktscope/core/address.hpp>
#include <pktscope/core/assert.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/core/checksum.hpp>

#include <cstdint>

namespace pktscope::pseudo_header {

inline constexpr std::size_t ipv4_address_len = 4;
inline constexpr std::size_t ipv6_address_len = 16;

/// IPv4 pseudo-header (RFC 9293 §3.1, RFC 768): source address, destination address, a zero
/// byte, the protocol number and the upper-layer length (header + payload) as 16 bits.
/// Preconditions: src.size() == dst.size() == 4.
[[nodiscard]] inline internet_checksum ipv4(bytes src, bytes dst, std::uint8_t protocol,
                                            std::uint16_t upper_len) noexcept {
  PKTSCOPE_ASSERT(src.size() == ipv4_address_len && dst.size() == ipv4_address_len);
  internet_checksum c;
  c.add(src);
  c.add(dst);
  c.add_u16(protocol);
  c.add_u16(upper_len);
  return c;
}

[[nodiscard]] inline internet_checksum ipv4(const ipv4_address& src, const ipv4_address& dst,
                                            std::uint8_t protocol,
                                            std::uint16_t upper_len) noexcept {
  return ipv4(bytes(src.octets), bytes(dst.octets), protocol, upper_len);
}

/// IPv6 pseudo-header (RFC 8200 §8.1): source address, destination address, the 32-bit
/// upper-layer packet length, three zero bytes and the next-header value of the upper layer
/// (6 for TCP, 17 for UDP, 58 for ICMPv6; not the first extension header's value).
/// The destination is the final one when a routing header is present (the caller's choice).
/// Preconditions: src.size() == dst.size() == 16.
[[nodiscard]] inline internet_checksum ipv6(bytes src, bytes dst, std::uint8_t next_header,
                                            std::uint32_t upper_len) noexcept {
  PKTSCOPE_ASSERT(src.size() == ipv6_address_len && dst.size() == ipv6_address_len);
  internet_checksum c;
  c.add(src);
  c.add(dst);
  c.add_u32(upper_len);
  c.add_u16(next_header);
  return c;
}

[[nodiscard]] inline internet_checksum ipv6(const ipv6_address& src, const ipv6_address& dst,
                                            std::uint8_t next_header,
                                            std::uint32_t upper_len) noexcept {
  return ipv6(bytes(src.octets), bytes(dst.octets), next_header, upper_len);
}

/// Either of the above, chosen by the address length (4 → IPv4, 16 → IPv6), for callers that
/// carry the network layer's addresses as spans. Preconditions: src.size() == dst.size() and
/// both are 4 or 16; for IPv4, upper_len <= 0xffff.
[[nodiscard]] inline internet_checksum for_addresses(bytes src, bytes dst, std::uint8_t protocol,
                                                     std::uint32_t upper_len) noexcept {
  if (src.size() == ipv4_address_len) {
    return ipv4(src, dst, protocol, static_cast<std::uint16_t>(upper_len));
  }
  return ipv6(src, dst, protocol, upper_len);
}

} // namespace pktscope::pseudo_header
