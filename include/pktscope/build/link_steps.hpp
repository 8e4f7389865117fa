#pragma once
/// Link-layer steps of the packet builder: Ethernet II, 802.1Q/802.1ad tags, MPLS label stack
/// entries, PPPoE session (with its PPP protocol field), Linux SLL/SLL2, BSD NULL/LOOP, and the
/// empty start of a raw-IP packet. Each fills its next-protocol field from the layer inside it
/// and otherwise writes its header values as given (see step.hpp).

#include <pktscope/build/step.hpp>
#include <pktscope/core/link_type.hpp>
#include <pktscope/proto/ethernet.hpp>
#include <pktscope/proto/linux_sll.hpp>
#include <pktscope/proto/linux_sll2.hpp>
#include <pktscope/proto/mpls.hpp>
#include <pktscope/proto/null_loopback.hpp>
#include <pktscope/proto/ppp.hpp>
#include <pktscope/proto/pppoe.hpp>
#include <pktscope/proto/vlan.hpp>

#include <bit>
#include <cstdint>

namespace pktscope::build {

/// Ethernet II. At the top of a chain (link type ETHERNET) or inside a tunnel (announced as
/// transparent Ethernet bridging, 0x6558). type_or_length: filled from the inner layer.
struct ethernet_step {
  static constexpr unsigned category = cat::frame;
  static constexpr unsigned follows = cat::ether_payload;
  static constexpr pktscope::link_type link = pktscope::link_type::ethernet;
  ethernet::header h;

  [[nodiscard]] std::size_t size() const noexcept { return ethernet::header_len; }
  [[nodiscard]] announce announces() const noexcept {
    return {layer_id::ethernet,
            static_cast<std::uint16_t>(ether_type::transparent_ethernet_bridging),
            ip_protocol::ethernet, 0};
  }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// One VLAN tag; `tpid` (0x8100 802.1Q, 0x88A8 802.1ad, 0x9100) is what the enclosing layer
/// writes as its EtherType. Tags stack to any depth.
struct vlan_step {
  static constexpr unsigned category = cat::tag;
  static constexpr unsigned follows = cat::ether_payload;
  vlan::header h;
  std::uint16_t tpid = static_cast<std::uint16_t>(ether_type::vlan);

  [[nodiscard]] std::size_t size() const noexcept { return vlan::header_len; }
  [[nodiscard]] announce announces() const noexcept { return {layer_id::vlan, tpid, {}, 0}; }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// One MPLS label stack entry; the bottom-of-stack bit is set when no MPLS entry follows.
struct mpls_step {
  static constexpr unsigned category = cat::mpls;
  static constexpr unsigned follows = cat::mpls | cat::ip | cat::payload;
  mpls::header h;

  [[nodiscard]] std::size_t size() const noexcept { return mpls::header_len; }
  [[nodiscard]] announce announces() const noexcept {
    return {layer_id::mpls, static_cast<std::uint16_t>(ether_type::mpls_unicast),
            ip_protocol::mpls_in_ip, static_cast<std::uint16_t>(ppp::protocol::mpls_unicast)};
  }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// PPPoE session header and the PPP protocol field of its payload (RFC 2516 §4: LENGTH
/// counts the PPP frame). length and ppp.protocol are filled.
struct pppoe_step {
  static constexpr unsigned category = cat::pppoe;
  static constexpr unsigned follows = cat::ip | cat::mpls | cat::payload;
  pppoe::header h;
  ppp::header ppp{
      .address_control = false, .compressed_protocol = false, .protocol = ppp::protocol::ipv4};

  [[nodiscard]] std::size_t size() const noexcept { return pppoe::header_len + ppp.size(); }
  [[nodiscard]] announce announces() const noexcept {
    return {layer_id::pppoe, static_cast<std::uint16_t>(ether_type::pppoe_session), {}, 0};
  }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// Linux cooked header v1 (link type LINUX_SLL); protocol filled from the inner layer.
struct linux_sll_step {
  static constexpr unsigned category = 0;
  static constexpr unsigned follows = cat::ether_payload;
  static constexpr pktscope::link_type link = pktscope::link_type::linux_sll;
  linux_sll::header h;

  [[nodiscard]] std::size_t size() const noexcept { return linux_sll::header_len; }
  [[nodiscard]] announce announces() const noexcept { return {layer_id::linux_sll, 0, {}, 0}; }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// Linux cooked header v2 (link type LINUX_SLL2); protocol filled from the inner layer.
struct linux_sll2_step {
  static constexpr unsigned category = 0;
  static constexpr unsigned follows = cat::ether_payload;
  static constexpr pktscope::link_type link = pktscope::link_type::linux_sll2;
  linux_sll2::header h;

  [[nodiscard]] std::size_t size() const noexcept { return linux_sll2::header_len; }
  [[nodiscard]] announce announces() const noexcept { return {layer_id::linux_sll2, 0, {}, 0}; }
  void write(mut_bytes out, const context& c) const noexcept;
};

/// BSD loopback: NULL (host byte order, `order`) or LOOP (network order). The value is AF_INET
/// (2) before IPv4, `inet6_family` before IPv6, and h.value otherwise.
template <pktscope::link_type Link> struct loopback_step {
  static constexpr unsigned category = 0;
  static constexpr unsigned follows = cat::ip | cat::payload;
  static constexpr pktscope::link_type link = Link;
  null_loopback::header h;
  null_loopback::address_family inet6_family = null_loopback::address_family::inet6_bsd;

  [[nodiscard]] std::size_t size() const noexcept { return null_loopback::header_len; }
  [[nodiscard]] announce announces() const noexcept { return {layer_id::null_loopback, 0, {}, 0}; }
  void write(mut_bytes out, const context& c) const noexcept {
    null_loopback::header v = h;
    if (c.next.layer == layer_id::ipv4) {
      v.value = static_cast<std::uint32_t>(null_loopback::address_family::inet);
    } else if (c.next.layer == layer_id::ipv6) {
      v.value = static_cast<std::uint32_t>(inet6_family);
    }
    v.write_to(out);
  }
};
using null_step = loopback_step<pktscope::link_type::null_loopback>;
using loop_step = loopback_step<pktscope::link_type::loop>;

/// The start of a packet without link layer (link type RAW): zero octets. Its category lets
/// a raw chain be embedded where an IP packet may go (ICMP errors, IP-in-IP).
struct raw_step {
  static constexpr unsigned category = cat::ip;
  static constexpr unsigned follows = cat::ip | cat::payload;
  static constexpr pktscope::link_type link = pktscope::link_type::raw;

  [[nodiscard]] std::size_t size() const noexcept { return 0; }
  [[nodiscard]] announce announces() const noexcept { return {}; }
  void write(mut_bytes /*out*/, const context& /*c*/) const noexcept {}
};

} // namespace pktscope::build
