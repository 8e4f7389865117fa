#pragma once
/// Network-layer steps: IPv4 (options, fragments), IPv6 and its Hop-by-Hop, Destination
/// Options and Fragment extension headers. Filled: IPv4 total length, protocol and header
/// checksum; IPv6 payload length and next header; each extension header's next header.
/// Next-protocol fields keep the given value when the inner layer has no protocol number.

#include <pktscope/build/step.hpp>
#include <pktscope/proto/ethernet.hpp>
#include <pktscope/proto/ipv4.hpp>
#include <pktscope/proto/ipv6.hpp>
#include <pktscope/proto/ipv6_ext.hpp>
#include <pktscope/proto/ppp.hpp>

#include <cstdint>

namespace pktscope::build {

/// IPv4 header; h.src and h.dst are the addresses, every other field is written as given
/// except total_length, protocol (when the inner layer has a number) and checksum (policy).
/// Precondition of write(): the datagram is at most 65535 octets.
struct ipv4_step {
  static constexpr unsigned category = cat::ip;
  static constexpr unsigned follows = cat::ip | cat::transport | cat::icmp | cat::payload;
  ipv4::header h;

  [[nodiscard]] std::size_t size() const noexcept { return h.size(); }
  [[nodiscard]] announce announces() const noexcept {
    return {layer_id::ipv4, static_cast<std::uint16_t>(ether_type::ipv4), ip_protocol::ipv4,
            static_cast<std::uint16_t>(ppp::protocol::ipv4)};
  }
  void enter(context& c) const noexcept {
    c.ip_src = bytes(h.src.octets);
    c.ip_dst = bytes(h.dst.octets);
  }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// IPv6 fixed header; payload_length and next_header are filled.
struct ipv6_step {
  static constexpr unsigned category = cat::ip;
  static constexpr unsigned follows =
      cat::ip | cat::ip6_ext | cat::transport | cat::icmpv6 | cat::payload;
  ipv6::header h;

  [[nodiscard]] std::size_t size() const noexcept { return ipv6::header_len; }
  [[nodiscard]] announce announces() const noexcept {
    return {layer_id::ipv6, static_cast<std::uint16_t>(ether_type::ipv6), ip_protocol::ipv6,
            static_cast<std::uint16_t>(ppp::protocol::ipv6)};
  }
  void enter(context& c) const noexcept {
    c.ip_src = bytes(h.src.octets);
    c.ip_dst = bytes(h.dst.octets);
  }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// Hop-by-Hop Options (kind hopopt) or Destination Options (kind dstopts) header. `options`
/// are option TLVs as on the wire (not copied: they must outlive the chain's write); the area
/// is padded with Pad1/PadN to a multiple of 8 octets.
struct ipv6_options_step {
  static constexpr unsigned category = cat::ip6_ext;
  static constexpr unsigned follows =
      cat::ip | cat::ip6_ext | cat::transport | cat::icmpv6 | cat::payload;
  ip_protocol kind = ip_protocol::hopopt;
  bytes options{};

  [[nodiscard]] std::size_t size() const noexcept {
    return (ipv6_opts::fields::options + options.size() + 7U) & ~std::size_t{7};
  }
  [[nodiscard]] announce announces() const noexcept {
    return {kind == ip_protocol::hopopt ? layer_id::ipv6_hop_by_hop : layer_id::ipv6_destination, 0,
            kind, 0};
  }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// IPv6 Fragment header; next_header is filled when the inner layer has a number.
struct ipv6_fragment_step {
  static constexpr unsigned category = cat::ip6_ext;
  static constexpr unsigned follows =
      cat::ip | cat::ip6_ext | cat::transport | cat::icmpv6 | cat::payload;
  ipv6_frag::header h;

  [[nodiscard]] std::size_t size() const noexcept { return ipv6_frag::header_len; }
  [[nodiscard]] announce announces() const noexcept {
    return {layer_id::ipv6_fragment, 0, ip_protocol::fragment, 0};
  }
  void write(mut_bytes out, const context& c) const noexcept;
};

} // namespace pktscope::build
