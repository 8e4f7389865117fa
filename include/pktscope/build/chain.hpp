#pragma once
/// chain<Steps...>: a packet under construction, as a compile-time list of layer steps from
/// the outside in. Every builder call returns a new chain type with one more step, and is
/// offered only when that step may follow the last one (step.hpp, `cat`), so only legal
/// stacks compile. A chain can be written at any point; a chain is itself a step, so a
/// finished chain can be nested inside another (.inner()).
///
///   auto pkt = build::ethernet(src_mac, dst_mac).vlan(42).ipv4(a, b, {.ttl = 64})
///                  .udp(40000, 53).payload(query);
///   std::vector<std::uint8_t> out(pkt.size());
///   pkt.write_to(out); // EtherTypes, lengths and checksums filled
///
/// Spans passed to the builder (payload, options, chunk values) are not copied: they must
/// outlive every write of the chain. Everything else is held by value.

#include <pktscope/build/end_steps.hpp>
#include <pktscope/build/icmp_steps.hpp>
#include <pktscope/build/ip_steps.hpp>
#include <pktscope/build/link_steps.hpp>
#include <pktscope/build/step.hpp>
#include <pktscope/build/transport_steps.hpp>
#include <pktscope/build/tunnel_steps.hpp>
#include <pktscope/core/assert.hpp>
#include <pktscope/core/link_type.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <tuple>
#include <type_traits>
#include <vector>

namespace pktscope::build {

/// Options of .vlan() / .service_vlan().
struct vlan_params {
  std::uint8_t pcp = 0;
  bool dei = false;
  std::uint16_t tpid = static_cast<std::uint16_t>(ether_type::vlan);
};

template <layer_step... Steps> class chain {
  static_assert(sizeof...(Steps) > 0, "a chain starts with a link step (build::ethernet(), ...)");
  using list = std::tuple<Steps...>;
  static constexpr std::size_t count = sizeof...(Steps);

public:
  using first_step = std::tuple_element_t<0, list>;
  using last_step = std::tuple_element_t<count - 1, list>;

  // A chain is a step: nested, it is what its first step is, and nothing follows it.
  static constexpr unsigned category = first_step::category;
  static constexpr unsigned follows = 0;

  constexpr explicit chain(list steps) noexcept : steps_(std::move(steps)) {}

  /// Octets write_to() produces.
  [[nodiscard]] std::size_t size() const noexcept {
    return std::apply([](const auto&... s) { return (std::size_t{0} + ... + s.size()); }, steps_);
  }

  /// Writes the packet into out[0, size()) and returns size(): headers, lengths, next-protocol
  /// fields and (under checksum_policy::compute) checksums. Allocates nothing.
  /// Precondition: out.size() >= size(); IPv4/UDP/PPPoE lengths fit in 16 bits.
  std::size_t write_to(mut_bytes out,
                       checksum_policy checksums = checksum_policy::compute) const noexcept {
    const std::size_t n = size();
    PKTSCOPE_ASSERT(out.size() >= n);
    write_from<0>(out.first(n), context{checksums, {}, {}, {}});
    return n;
  }

  /// The packet in a new vector.
  [[nodiscard]] std::vector<std::uint8_t>
  to_vector(checksum_policy checksums = checksum_policy::compute) const {
    std::vector<std::uint8_t> v(size());
    write_to(v, checksums);
    return v;
  }

  /// The capture link type of a chain that starts with a link step (pcap/pcapng writers).
  [[nodiscard]] static constexpr pktscope::link_type link() noexcept requires requires {
    first_step::link;
  }
  { return first_step::link; }

  [[nodiscard]] const list& steps() const noexcept { return steps_; }

  // --- step interface, for nesting -------------------------------------------------------
  [[nodiscard]] announce announces() const noexcept {
    if constexpr (std::is_same_v<first_step, raw_step> && count > 1) {
      return std::get<1>(steps_).announces();
    } else {
      return std::get<0>(steps_).announces();
    }
  }
  void write(mut_bytes out, const context& c) const noexcept { write_to(out, c.checksums); }

  // --- builder calls ---------------------------------------------------------------------
  /// Appends any step that may follow the last one.
  template <layer_step S>
  requires may_follow<last_step, S>
  [[nodiscard]] chain<Steps..., S> then(const S& s) const {
    return chain<Steps..., S>(std::tuple_cat(steps_, std::tuple<S>(s)));
  }

  // Each call below is offered only when its step may follow the last one (the L = last_step
  // template parameter makes that a constraint of the call).

  /// Ethernet II frame inside a tunnel (VXLAN, Geneve, GRE).
  template <class L = last_step>
  requires may_follow<L, ethernet_step>
  [[nodiscard]] auto ethernet(const mac_address& src, const mac_address& dst) const {
    return then(ethernet_step{{dst, src, 0}});
  }
  /// 802.1Q tag (or another TPID given in p).
  template <class L = last_step>
  requires may_follow<L, vlan_step>
  [[nodiscard]] auto vlan(std::uint16_t vid, vlan_params p = {}) const {
    return then(vlan_step{{p.pcp, p.dei, vid, 0}, p.tpid});
  }
  /// 802.1ad service tag (TPID 0x88A8).
  template <class L = last_step>
  requires may_follow<L, vlan_step>
  [[nodiscard]] auto service_vlan(std::uint16_t vid, vlan_params p = {}) const {
    p.tpid = static_cast<std::uint16_t>(ether_type::qinq);
    return vlan(vid, p);
  }
  /// One MPLS label stack entry (bottom-of-stack filled).
  template <class L = last_step>
  requires may_follow<L, mpls_step>
  [[nodiscard]] auto mpls(std::uint32_t label, std::uint8_t ttl = 64, std::uint8_t tc = 0) const {
    return then(mpls_step{{label, tc, false, ttl}});
  }
  /// PPPoE session header and PPP protocol field.
  template <class L = last_step>
  requires may_follow<L, pppoe_step>
  [[nodiscard]] auto pppoe(std::uint16_t session_id) const {
    return then(pppoe_step{{.session_id = session_id}});
  }
  /// ARP for Ethernet/IPv4; only trailer octets (.payload()) may follow.
  template <class L = last_step>
  requires may_follow<L, arp_step>
  [[nodiscard]] auto arp(arp::operation op, const mac_address& sender_mac,
                         const ipv4_address& sender_ip, const mac_address& target_mac,
                         const ipv4_address& target_ip) const {
    return then(arp_step{op, sender_mac, sender_ip, target_mac, target_ip});
  }
  /// IPv4; `h` gives every other field ({.ttl = 64, .identification = 7, ...}).
  template <class L = last_step>
  requires may_follow<L, ipv4_step>
  [[nodiscard]] auto ipv4(const ipv4_address& src, const ipv4_address& dst,
                          ipv4::header h = {}) const {
    h.src = src;
    h.dst = dst;
    return then(ipv4_step{h});
  }
  /// IPv6; `h` gives traffic class, flow label and hop limit.
  template <class L = last_step>
  requires may_follow<L, ipv6_step>
  [[nodiscard]] auto ipv6(const ipv6_address& src, const ipv6_address& dst,
                          ipv6::header h = {}) const {
    h.src = src;
    h.dst = dst;
    return then(ipv6_step{h});
  }
  /// Hop-by-Hop Options header with the given option TLVs (padded).
  template <class L = last_step>
  requires may_follow<L, ipv6_options_step>
  [[nodiscard]] auto hop_by_hop(bytes options = {}) const {
    return then(ipv6_options_step{ip_protocol::hopopt, options});
  }
  /// Destination Options header with the given option TLVs (padded).
  template <class L = last_step>
  requires may_follow<L, ipv6_options_step>
  [[nodiscard]] auto destination_options(bytes options = {}) const {
    return then(ipv6_options_step{ip_protocol::dstopts, options});
  }
  /// IPv6 Fragment header ({.fragment_offset, .more_fragments, .identification}).
  template <class L = last_step>
  requires may_follow<L, ipv6_fragment_step>
  [[nodiscard]] auto fragment(const ipv6_frag::header& h) const {
    return then(ipv6_fragment_step{h});
  }
  template <class L = last_step>
  requires may_follow<L, tcp_step>
  [[nodiscard]] auto tcp(std::uint16_t src_port, std::uint16_t dst_port,
                         const tcp_params& p = {}) const {
    return then(tcp_step::make(src_port, dst_port, p));
  }
  template <class L = last_step>
  requires may_follow<L, udp_step>
  [[nodiscard]] auto udp(std::uint16_t src_port, std::uint16_t dst_port, udp_params p = {}) const {
    return then(udp_step{{src_port, dst_port, 0, 0}, p.checksum});
  }
  template <class L = last_step>
  requires may_follow<L, sctp_step>
  [[nodiscard]] auto sctp(std::uint16_t src_port, std::uint16_t dst_port,
                          std::uint32_t verification_tag) const {
    return then(sctp_step{{src_port, dst_port, verification_tag, 0}});
  }
  /// One SCTP chunk (length and padding filled).
  template <class L = last_step>
  requires may_follow<L, sctp_chunk_step>
  [[nodiscard]] auto chunk(sctp::chunk_type type, std::uint8_t flags, bytes value) const {
    return then(sctp_chunk_step{type, flags, value});
  }
  /// ICMP header ({.type, .code, .rest}; see icmp_echo()). Error messages: quote the
  /// original datagram with .ipv4(...)..., .inner(chain) or .payload(octets).
  template <class L = last_step>
  requires may_follow<L, icmp_step>
  [[nodiscard]] auto icmp(const icmp::header& h) const { return then(icmp_step{h}); }
  /// ICMPv6 header ({.type, .code, .rest}; see icmpv6_echo()).
  template <class L = last_step>
  requires may_follow<L, icmpv6_step>
  [[nodiscard]] auto icmpv6(const icmpv6::header& h) const { return then(icmpv6_step{h}); }
  /// ICMPv6 Neighbor Solicitation for `target`, with a Source Link-layer Address option when
  /// `source` is given.
  template <class L = last_step>
  requires may_follow<L, icmpv6_step>
  [[nodiscard]] auto neighbor_solicitation(const ipv6_address& target,
                                           std::optional<mac_address> source = {}) const {
    const icmpv6::header h{static_cast<std::uint8_t>(icmpv6::message_type::neighbor_solicitation),
                           0, 0, 0};
    return icmpv6(h).then(
        nd_step{target, icmpv6::nd_option_type::source_link_layer_address, source});
  }
  /// ICMPv6 Neighbor Advertisement; `flags` from icmpv6::na_router/na_solicited/na_override.
  template <class L = last_step>
  requires may_follow<L, icmpv6_step>
  [[nodiscard]] auto neighbor_advertisement(const ipv6_address& target, std::uint8_t flags,
                                            std::optional<mac_address> target_address = {}) const {
    const icmpv6::header h{static_cast<std::uint8_t>(icmpv6::message_type::neighbor_advertisement),
                           0, 0, std::uint32_t{flags} << 24};
    return icmpv6(h).then(
        nd_step{target, icmpv6::nd_option_type::target_link_layer_address, target_address});
  }
  template <class L = last_step>
  requires may_follow<L, gre_step>
  [[nodiscard]] auto gre(const gre_params& p = {}) const { return then(gre_step::make(p)); }
  /// VXLAN with the I flag set; an Ethernet frame follows.
  template <class L = last_step>
  requires may_follow<L, vxlan_step>
  [[nodiscard]] auto vxlan(std::uint32_t vni) const { return then(vxlan_step{{.vni = vni}}); }
  /// Geneve; `options` (a multiple of 4 octets, at most 252) are copied; `flags` holds the O
  /// and C bits (geneve::bits).
  template <class L = last_step>
  requires may_follow<L, geneve_step>
  [[nodiscard]] auto geneve(std::uint32_t vni, bytes options = {}, std::uint8_t flags = 0) const {
    geneve_step s{};
    s.h.vni = vni;
    s.h.flags = flags;
    const std::size_t n = std::min(options.size(), geneve::max_options_len);
    std::copy_n(options.begin(), n, s.h.options.begin());
    s.h.opt_len = static_cast<std::uint8_t>(n / 4);
    return then(s);
  }
  /// A finished chain as the next layer: an inner Ethernet frame built by its own builder,
  /// or the original datagram quoted by an ICMP error. Its checksums are its own.
  template <layer_step... Inner>
  requires may_follow<last_step, chain<Inner...>>
  [[nodiscard]] auto inner(const chain<Inner...>& c) const { return then(c); }
  /// Payload octets; ends the chain.
  template <class L = last_step>
  requires may_follow<L, payload_step>
  [[nodiscard]] auto payload(bytes data) const { return then(payload_step{data}); }
  /// A DNS message (built with dns::message_builder) as UDP payload; ends the chain.
  template <class L = last_step>
  requires((L::follows & cat::udp_app) != 0)
      [[nodiscard]] auto dns(const dns::message_builder& m) const {
    return then(payload_step{m.message()});
  }
  /// A DNS message behind its TCP length prefix; ends the chain.
  template <class L = last_step>
  requires may_follow<L, dns_tcp_step>
  [[nodiscard]] auto dns_tcp(const dns::message_builder& m) const {
    return then(dns_tcp_step{m.message()});
  }

private:
  template <std::size_t I> void write_from(mut_bytes out, context c) const noexcept {
    const auto& s = std::get<I>(steps_);
    c.next = {};
    if constexpr (I + 1 < count) {
      context inner_ctx = c;
      if constexpr (requires { s.enter(inner_ctx); }) {
        s.enter(inner_ctx);
      }
      write_from<I + 1>(out.subspan(s.size()), inner_ctx);
      c.next = std::get<I + 1>(steps_).announces();
    }
    s.write(out, c);
  }

  list steps_;
};

} // namespace pktscope::build
