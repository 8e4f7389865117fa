#pragma once
/// ICMP and ICMPv6 steps. The checksum covers everything inside: echo data, or for error
/// messages the quoted datagram built by the steps that follow (an IP chain, a nested chain,
/// or octets); ICMPv6 adds the IPv6 pseudo-header. Neighbor Discovery bodies (target address
/// and a link-layer address option) follow an ICMPv6 header as their own step.

#include <pktscope/build/step.hpp>
#include <pktscope/core/address.hpp>
#include <pktscope/proto/icmp.hpp>
#include <pktscope/proto/icmpv6.hpp>

#include <cstdint>
#include <optional>

namespace pktscope::build {

/// ICMP header (type, code, second word as given; checksum per policy).
struct icmp_step {
  static constexpr unsigned category = cat::icmp;
  static constexpr unsigned follows = cat::ip | cat::payload;
  icmp::header h;

  [[nodiscard]] std::size_t size() const noexcept { return icmp::header_len; }
  [[nodiscard]] announce announces() const noexcept {
    return {layer_id::icmp, 0, ip_protocol::icmp, 0};
  }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// ICMPv6 header (type, code, second word as given; checksum per policy).
struct icmpv6_step {
  static constexpr unsigned category = cat::icmpv6;
  static constexpr unsigned follows = cat::ip | cat::nd | cat::payload;
  icmpv6::header h;

  [[nodiscard]] std::size_t size() const noexcept { return icmpv6::header_len; }
  [[nodiscard]] announce announces() const noexcept {
    return {layer_id::icmpv6, 0, ip_protocol::icmpv6, 0};
  }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// Neighbor Solicitation / Advertisement body (RFC 4861 §4.3, §4.4): the target address and,
/// when `link_address` is set, one Source (NS) or Target (NA) Link-layer Address option.
struct nd_step {
  static constexpr unsigned category = cat::nd;
  static constexpr unsigned follows = cat::payload;
  ipv6_address target{};
  icmpv6::nd_option_type option = icmpv6::nd_option_type::source_link_layer_address;
  std::optional<mac_address> link_address{};

  /// Octets of an Ethernet link-layer address option (RFC 4861 §4.6.1, RFC 2464 §6).
  static constexpr std::size_t lla_option_len = 8;
  [[nodiscard]] std::size_t size() const noexcept {
    return ipv6_address_len + (link_address ? lla_option_len : 0);
  }
  [[nodiscard]] announce announces() const noexcept { return {layer_id::icmpv6, 0, {}, 0}; }
  void write(mut_bytes out, const context& c) const noexcept;

private:
  static constexpr std::size_t ipv6_address_len = 16;
};

/// ICMP echo request / reply headers (RFC 792): identifier and sequence in the second word.
[[nodiscard]] constexpr icmp::header icmp_echo(std::uint16_t id, std::uint16_t seq,
                                               bool reply = false) noexcept {
  return {static_cast<std::uint8_t>(reply ? icmp::message_type::echo_reply
                                          : icmp::message_type::echo_request),
          0, 0, std::uint32_t{id} << 16 | seq};
}
/// ICMPv6 echo request / reply headers (RFC 4443 §4).
[[nodiscard]] constexpr icmpv6::header icmpv6_echo(std::uint16_t id, std::uint16_t seq,
                                                   bool reply = false) noexcept {
  return {static_cast<std::uint8_t>(reply ? icmpv6::message_type::echo_reply
                                          : icmpv6::message_type::echo_request),
          0, 0, std::uint32_t{id} << 16 | seq};
}

} // namespace pktscope::build
