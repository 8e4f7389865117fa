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

  /// Ethernet II frame inside a tunnel (VXLAN, Geneve, GRE).
  [[nodiscard]] auto
  ethernet(const mac_address& src,
           const mac_address& dst) const requires may_follow<last_step, ethernet_step> {
    return then(ethernet_step{{dst, src, 0}});
  }
  /// 802.1Q tag (or another TPID given in p).
  [[nodiscard]] auto vlan(std::uint16_t vid,
                          vlan_params p = {}) const requires may_follow<last_step, vlan_step> {
    return then(vlan_step{{p.pcp, p.dei, vid, 0}, p.tpid});
  }
  /// 802.1ad service tag (TPID 0x88A8).
  [[nodiscard]] auto
  service_vlan(std::uint16_t vid,
               vlan_params p = {}) const requires may_follow<last_step, vlan_step> {
    p.tpid = static_cast<std::uint16_t>(ether_type::qinq);
    return vlan(vid, p);
  }
  /// One MPLS label stack entry (bottom-of-stack filled).
  [[nodiscard]] auto mpls(std::uint32_t label, std::uint8_t ttl = 64,
                          std::uint8_t tc = 0) const requires may_follow<last_step, mpls_step> {
    return then(mpls_step{{label, tc, false, ttl}});
  }
  /// PPPoE session header and PPP protocol field.
  [[nodiscard]] auto
  pppoe(std::uint16_t session_id) const requires may_follow<last_step, pppoe_step> {
    return then(pppoe_step{{.session_id = session_id}});
  }
  /// ARP for Ethernet/IPv4; ends the chain.
  [[nodiscard]] auto
  arp(arp::operation op, const mac_address& sender_mac, const ipv4_address& sender_ip,
      const mac_address& target_mac,
      const ipv4_address& target_ip) const requires may_follow<last_step, arp_step> {
    return then(arp_step{op, sender_mac, sender_ip, target_mac, target_ip});
  }
  /// IPv4; `h` gives every other field ({.ttl = 64, .identification = 7, ...}).
  [[nodiscard]] auto ipv4(const ipv4_address& src, const ipv4_address& dst,
                          ipv4::header h = {}) const requires may_follow<last_step, ipv4_step> {
    h.src = src;
    h.dst = dst;
    return then(ipv4_step{h});
  }
  /// IPv6; `h` gives traffic class, flow label and hop limit.
  [[nodiscard]] auto ipv6(const ipv6_address& src, const ipv6_address& dst,
                          ipv6::header h = {}) const requires may_follow<last_step, ipv6_step> {
    h.src = src;
    h.dst = dst;
    return then(ipv6_step{h});
  }
  /// Hop-by-Hop Options header with the given option TLVs (padded).
  [[nodiscard]] auto
  hop_by_hop(bytes options = {}) const requires may_follow<last_step, ipv6_options_step> {
    return then(ipv6_options_step{ip_protocol::hopopt, options});
  }
  /// Destination Options header with the given option TLVs (padded).
  [[nodiscard]] auto
  destination_options(bytes options = {}) const requires may_follow<last_step, ipv6_options_step> {
    return then(ipv6_options_step{ip_protocol::dstopts, options});
  }
  /// IPv6 Fragment header ({.fragment_offset, .more_fragments, .identification}).
  [[nodiscard]] auto
  fragment(const ipv6_frag::header& h) const requires may_follow<last_step, ipv6_fragment_step> {
    return then(ipv6_fragment_step{h});
  }
  [[nodiscard]] auto tcp(std::uint16_t src_port, std::uint16_t dst_port,
                         const tcp_params& p = {}) const requires may_follow<last_step, tcp_step> {
    return then(tcp_step::make(src_port, dst_port, p));
  }
  [[nodiscard]] auto udp(std::uint16_t src_port,
                         std::uint16_t dst_port) const requires may_follow<last_step, udp_step> {
    return then(udp_step{{src_port, dst_port, 0, 0}});
  }
  [[nodiscard]] auto
  sctp(std::uint16_t src_port, std::uint16_t dst_port,
       std::uint32_t verification_tag) const requires may_follow<last_step, sctp_step> {
    return then(sctp_step{{src_port, dst_port, verification_tag, 0}});
  }
  /// One SCTP chunk (length and padding filled).
  [[nodiscard]] auto chunk(sctp::chunk_type type, std::uint8_t flags,
                           bytes value) const requires may_follow<last_step, sctp_chunk_step> {
    return then(sctp_chunk_step{type, flags, value});
  }
  /// ICMP header ({.type, .code, .rest}; see icmp_echo()). Error messages: quote the
  /// original datagram with .ipv4(...)..., .inner(chain) or .payload(octets).
  [[nodiscard]] auto icmp(const icmp::header& h) const requires may_follow<last_step, icmp_step> {
    return then(icmp_step{h});
  }
  /// ICMPv6 header ({.type, .code, .rest}; see icmpv6_echo()).
  [[nodiscard]] auto
  icmpv6(const icmpv6::header& h) const requires may_follow<last_step, icmpv6_step> {
    return then(icmpv6_step{h});
  }
  /// ICMPv6 Neighbor Solicitation for `target`, with a Source Link-layer Address option when
  /// `source` is given.
  [[nodiscard]] auto neighbor_solicitation(const ipv6_address& target,
                                           std::optional<mac_address> source = {}) const requires
      may_follow<last_step, icmpv6_step> {
    return icmpv6({static_cast<std::uint8_t>(icmpv6::message_type::neighbor_solicitation), 0, 0, 0})
        .then(nd_step{target, icmpv6::nd_option_type::source_link_layer_address, source});
  }
  /// ICMPv6 Neighbor Advertisement; `flags` from icmpv6::na_router/na_solicited/na_override.
  [[nodiscard]] auto neighbor_advertisement(const ipv6_address& target, std::uint8_t flags,
                                            std::optional<mac_address> target_address = {})
      const requires may_follow<last_step, icmpv6_step> {
    return icmpv6({static_cast<std::uint8_t>(icmpv6::message_type::neighbor_advertisement), 0, 0,
                   std::uint32_t{flags} << 24})
        .then(nd_step{target, icmpv6::nd_option_type::target_link_layer_address, target_address});
  }
  [[nodiscard]] auto gre(const gre_params& p = {}) const requires may_follow<last_step, gre_step> {
    return then(gre_step::make(p));
  }
  /// VXLAN with the I flag set; an Ethernet frame follows.
  [[nodiscard]] auto vxlan(std::uint32_t vni) const requires may_follow<last_step, vxlan_step> {
    return then(vxlan_step{{.vni = vni}});
  }
  /// Geneve; `options` (a multiple of 4 octets, at most 252) are copied.
  [[nodiscard]] auto geneve(std::uint32_t vni,
                            bytes options = {}) const requires may_follow<last_step, geneve_step> {
    geneve_step s{};
    s.h.vni = vni;
    const std::size_t n = std::min(options.size(), geneve::max_options_len);
    std::copy_n(options.begin(), n, s.h.options.begin());
    s.h.opt_len = static_cast<std::uint8_t>(n / 4);
    return then(s);
  }
  /// A finished chain as the next layer: an inner Ethernet frame built by its own builder,
  /// or the original datagram quoted by an ICMP error. Its checksums are its own.
  template <layer_step... Inner>
  [[nodiscard]] auto
  inner(const chain<Inner...>& c) const requires may_follow<last_step, chain<Inner...>> {
    return then(c);
  }
  /// Payload octets; ends the chain.
  [[nodiscard]] auto payload(bytes data) const requires may_follow<last_step, payload_step> {
    return then(payload_step{data});
  }
  /// A DNS message (built with dns::message_builder) as UDP payload; ends the chain.
  [[nodiscard]] auto dns(const dns::message_builder& m) const
      requires((last_step::follows & cat::udp_app) != 0) {
    return then(payload_step{m.message()});
  }
  /// A DNS message behind its TCP length prefix; ends the chain.
  [[nodiscard]] auto
  dns_tcp(const dns::message_builder& m) const requires may_follow<last_step, dns_tcp_step> {
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
