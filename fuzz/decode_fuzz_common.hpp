#pragma once
// Shared body of the decode fuzz targets: decode with every option on, then re-parse every
// recorded layer with its view (decoded_packet::view_of must succeed for each) and check the
// layer list's bounds and the IP summary's layer and length; the same for the datagram an
// IPComp payload inflates to. The protocol hierarchy must count frames through its shape cache as
// it does by naming their paths. Any broken invariant aborts, so libFuzzer keeps the input.

#include <pktscope/analysis/stats/protocol_hierarchy.hpp>

#include <pktscope/decode/decoder.hpp>
#include <pktscope/decode/ipcomp_payload.hpp>
#include <pktscope/proto/arp.hpp>
#include <pktscope/proto/dhcp.hpp>
#include <pktscope/proto/dns.hpp>
#include <pktscope/proto/ethernet.hpp>
#include <pktscope/proto/geneve.hpp>
#include <pktscope/proto/gre.hpp>
#include <pktscope/proto/http.hpp>
#include <pktscope/proto/icmp.hpp>
#include <pktscope/proto/icmpv6.hpp>
#include <pktscope/proto/ipcomp.hpp>
#include <pktscope/proto/ipv4.hpp>
#include <pktscope/proto/ipv6.hpp>
#include <pktscope/proto/ipv6_ext.hpp>
#include <pktscope/proto/linux_sll.hpp>
#include <pktscope/proto/linux_sll2.hpp>
#include <pktscope/proto/llc.hpp>
#include <pktscope/proto/mpls.hpp>
#include <pktscope/proto/ntp.hpp>
#include <pktscope/proto/null_loopback.hpp>
#include <pktscope/proto/openflow.hpp>
#include <pktscope/proto/ppp.hpp>
#include <pktscope/proto/pppoe.hpp>
#include <pktscope/proto/sctp.hpp>
#include <pktscope/proto/tcp.hpp>
#include <pktscope/proto/tls.hpp>
#include <pktscope/proto/udp.hpp>
#include <pktscope/proto/vlan.hpp>
#include <pktscope/proto/vxlan.hpp>

#include "require.hpp"
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>
#include <vector>

namespace pktscope::fuzz {

template <class View> void touch(const decoded_packet& p, const layer& l) {
  const auto v = p.view_of<View>(l);
  require(v.has_value());
  if constexpr (requires { v->header_bytes(); }) { // dhcp::view has none
    const bytes h = v->header_bytes();
    volatile std::uint8_t sink = h.empty() ? 0 : h[h.size() - 1];
    (void)sink;
  }
}

inline void touch_layer(const decoded_packet& p, const layer& l) {
  switch (l.id) {
  case layer_id::ethernet: touch<ethernet::view>(p, l); break;
  case layer_id::llc: touch<llc::view>(p, l); break;
  case layer_id::vlan: touch<vlan::view>(p, l); break;
  case layer_id::mpls: touch<mpls::view>(p, l); break;
  case layer_id::pppoe: touch<pppoe::view>(p, l); break;
  case layer_id::ppp: touch<ppp::view>(p, l); break;
  case layer_id::linux_sll: touch<linux_sll::view>(p, l); break;
  case layer_id::linux_sll2: touch<linux_sll2::view>(p, l); break;
  case layer_id::null_loopback:
    require(null_loopback::view::parse(p.frame.subspan(l.offset, l.end - l.offset),
                                       p.link == link_type::loop
                                           ? null_loopback::encoding::network_order
                                           : null_loopback::encoding::host_order)
                .has_value());
    break;
  case layer_id::arp: touch<arp::view>(p, l); break;
  case layer_id::ipv4: touch<ipv4::view>(p, l); break;
  case layer_id::ipv6: touch<ipv6::view>(p, l); break;
  case layer_id::ipv6_hop_by_hop:
  case layer_id::ipv6_destination:
    require(ipv6_opts::view::parse(p.frame.subspan(l.offset, l.end - l.offset), l.id).has_value());
    break;
  case layer_id::ipv6_routing: touch<ipv6_routing::view>(p, l); break;
  case layer_id::ipv6_fragment: touch<ipv6_frag::view>(p, l); break;
  case layer_id::ah: touch<ah::view>(p, l); break;
  case layer_id::esp: touch<esp::view>(p, l); break;
  case layer_id::ipcomp: touch<ipcomp::view>(p, l); break;
  case layer_id::icmp: touch<icmp::view>(p, l); break;
  case layer_id::icmpv6: touch<icmpv6::view>(p, l); break;
  case layer_id::gre: touch<gre::view>(p, l); break;
  case layer_id::vxlan: touch<vxlan::view>(p, l); break;
  case layer_id::geneve: touch<geneve::view>(p, l); break;
  case layer_id::tcp: touch<tcp::view>(p, l); break;
  case layer_id::udp: touch<udp::view>(p, l); break;
  case layer_id::sctp: touch<sctp::view>(p, l); break;
  case layer_id::openflow: touch<openflow::view>(p, l); break;
  case layer_id::dns: touch<dns::view>(p, l); break;
  case layer_id::dhcp: touch<dhcp::view>(p, l); break;
  case layer_id::ntp: touch<ntp::view>(p, l); break;
  case layer_id::http: touch<http::view>(p, l); break;
  case layer_id::tls: touch<tls::record_view>(p, l); break;
  default: break;
  }
}

/// The IP summary names its header's layer: the first IPv4/IPv6 layer at ip_offset, whose view
/// declares ip_len.
inline void check_ip_summary(const decoded_packet& p) {
  if (p.ip_version == 0) {
    return;
  }
  const auto at_summary = [&](const layer& l) {
    return l.offset == p.ip_offset && (l.id == layer_id::ipv4 || l.id == layer_id::ipv6);
  };
  const auto first = std::find_if(p.begin(), p.end(), at_summary);
  require(first != p.end() && static_cast<std::size_t>(first - p.begin()) == p.ip_layer);
  const std::size_t declared = first->id == layer_id::ipv4
                                   ? p.view_of<ipv4::view>(*first)->declared_len()
                                   : p.view_of<ipv6::view>(*first)->declared_len();
  require(declared == p.ip_len);
}

/// The layer list stays within the packet's bytes, and every layer re-parses with its view.
inline void check_layers(const decoded_packet& p) {
  require(p.layer_count <= decoded_packet::max_layers);
  for (const layer& l : p) {
    require(l.offset <= l.end && l.end <= p.frame.size());
    require(l.offset + l.length <= l.end);
    touch_layer(p, l);
  }
  require(std::size_t{p.l4_payload_offset} + p.l4_payload_len <= p.frame.size());
  check_ip_summary(p);
  const bytes payload = p.l4_payload();
  volatile std::size_t sink = payload.size();
  (void)sink;
}

/// A frame for check_hierarchy, with the datagram its IPComp payload inflates to (or null).
struct counted_frame {
  const decoded_packet* frame;
  const decoded_packet* inflated;
};

/// Frames counted in turns through the protocol hierarchy's shape cache, so that each finds
/// the others' shapes cached, make the tree that counting their named paths makes.
inline void check_hierarchy(std::span<const counted_frame> frames) {
  using stats::protocol_hierarchy;
  const std::size_t capacity = frames.size() * protocol_hierarchy::max_path;
  protocol_hierarchy cached(capacity), named(capacity);
  std::array<std::string_view, protocol_hierarchy::max_path> path{};
  for (int round = 0; round < 2; ++round) {
    for (const counted_frame& f : frames) {
      const std::uint64_t len = f.frame->frame.size();
      cached.add(*f.frame, nullptr, len, 0, f.inflated);
      const std::size_t n = protocol_hierarchy::path_of(*f.frame, nullptr, path, 0, f.inflated);
      named.add_path(std::span(path.data(), n), len);
    }
  }
  const std::vector<stats::phs_node> a = cached.nodes(), b = named.nodes();
  require(a.size() == b.size() && cached.truncated_frames() == named.truncated_frames());
  for (std::size_t i = 0; i < a.size(); ++i) {
    require(a[i].name == b[i].name && a[i].parent == b[i].parent && a[i].frames == b[i].frames &&
            a[i].bytes == b[i].bytes);
  }
}

inline int decode_one(link_type link, const std::uint8_t* data, std::size_t size) {
  const bytes frame(data, size);
  decode_options opt;
  opt.verify_checksums = true;
  decoded_packet p;
  const auto lax = decode(frame, link, opt, p);
  require(lax.has_value()); // lax mode never fails
  check_layers(p);
  static inflated_datagram inflater;
  decoded_packet inner;
  const bool inflated = inflater.decode(p, opt, inner);
  if (inflated) {
    check_layers(inner);
  }
  // The input's halves as two more frames: a shape cache that took one frame for another (an
  // 802.1Q tag for an 802.1ad one, say) would count it under the other's names.
  const std::size_t half = size / 2;
  decoded_packet first, second;
  (void)decode(frame.first(half), link, opt, first);
  (void)decode(frame.subspan(half), link, opt, second);
  const std::array<counted_frame, 3> counted = {counted_frame{&p, inflated ? &inner : nullptr},
                                                counted_frame{&first, nullptr},
                                                counted_frame{&second, nullptr}};
  check_hierarchy(counted);

  // Strict mode agrees with lax on the layers and fails exactly when lax recorded a stop.
  opt.strict = true;
  decoded_packet s;
  const auto strict = decode(frame, link, opt, s);
  require(s.layer_count == p.layer_count);
  if (!strict) {
    require(p.stopped.has_value() && strict.error() == *p.stopped);
  }
  return 0;
}

} // namespace pktscope::fuzz
