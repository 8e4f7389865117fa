// Flow context of an IP header: the VLAN tags in front of it, the outermost tunnel, and the
// IPv6 endpoints the upper-layer pseudo-header uses (RFC 8200 §8.1: final destination of a
// routing header; RFC 6275 §6.3: home address option). tshark keys its conversations by the
// same addresses (e.g. the corpus's ipv6-routing-header.pcap, ip6-hoa-*.pcap).

#include "flow_test_support.hpp"

#include <pktscope/analysis/flow_key.hpp>
#include <pktscope/build/builder.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/proto/vxlan.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace pktscope {
namespace {

using test::harness;
using test::ms;

ipv6_address v6(const char* text) {
  return ipv6_address::parse(text).value();
}

const ipv6_address care_of = v6("2001:db8:1::10");  // the mobile node's current address
const ipv6_address home = v6("2001:db8:aaaa::10");  // its home address
const ipv6_address peer = v6("2001:db8:2::20");     // the correspondent node
const ipv6_address waypoint = v6("2001:db8:3::30"); // a hop of a source route

/// The decoded packet of `frame` and the endpoints flow_table would key it by.
flow_endpoints endpoints_of(const std::vector<std::uint8_t>& frame, link_type link) {
  decoded_packet d;
  EXPECT_TRUE(decode(frame, link, decode_options{}, d).has_value());
  flow_endpoints e;
  e.src_addr = d.src_addr;
  e.dst_addr = d.dst_addr;
  set_flow_context(d, e);
  return e;
}

/// An IPv6/UDP packet with a 24-octet routing header holding one address: built as a
/// Hop-by-Hop header of that size (a PadN option filling it), then turned into the routing
/// header by hand (RFC 8200 §4.4 layout: next header, length 2, type, segments left, 4 octets
/// type-specific, the address).
std::vector<std::uint8_t> with_routing_header(const ipv6_address& src, const ipv6_address& dst,
                                              std::uint8_t type, std::uint8_t segments_left,
                                              const ipv6_address& address,
                                              std::uint16_t src_port = 5000,
                                              std::uint16_t dst_port = 6000) {
  std::array<std::uint8_t, 22> padn{0x01, 20};
  auto frame = build::raw().ipv6(src, dst).hop_by_hop(padn).udp(src_port, dst_port).to_vector();
  constexpr std::size_t ext = 40; // after the fixed IPv6 header
  EXPECT_EQ(frame[ext + 1], 2);   // (2 + 1) * 8 = 24 octets
  frame[6] = 43;                  // IPv6 next header: Routing
  frame[ext + 2] = type;
  frame[ext + 3] = segments_left;
  std::fill_n(frame.begin() + ext + 4, 4, 0);
  std::copy(address.octets.begin(), address.octets.end(), frame.begin() + ext + 8);
  return frame;
}

TEST(FlowKeyContext, RoutingType0KeysByTheFinalDestination) {
  const auto e = endpoints_of(with_routing_header(care_of, waypoint, 0, 1, peer), link_type::raw);
  EXPECT_EQ(e.src_addr, care_of.octets);
  EXPECT_EQ(e.dst_addr, peer.octets);
}

TEST(FlowKeyContext, RoutingHeaderWithNoSegmentsLeftKeepsTheDestination) {
  const auto e = endpoints_of(with_routing_header(care_of, peer, 0, 0, waypoint), link_type::raw);
  EXPECT_EQ(e.dst_addr, peer.octets);
}

TEST(FlowKeyContext, SegmentRoutingKeysBySegmentListZero) {
  // RFC 8754 §2: Segment List[0] is the last segment of the path.
  const auto e = endpoints_of(with_routing_header(care_of, waypoint, 4, 1, peer), link_type::raw);
  EXPECT_EQ(e.dst_addr, peer.octets);
}

TEST(FlowKeyContext, HomeAddressOptionKeysByTheHomeAddress) {
  std::array<std::uint8_t, 18> hao{0xc9, 16}; // RFC 6275 §6.3: type 201, length 16
  std::copy(home.octets.begin(), home.octets.end(), hao.begin() + 2);
  const auto frame =
      build::raw().ipv6(care_of, peer).destination_options(hao).udp(5000, 6000).to_vector();
  const auto e = endpoints_of(frame, link_type::raw);
  EXPECT_EQ(e.src_addr, home.octets);
  EXPECT_EQ(e.dst_addr, peer.octets);
}

TEST(FlowKeyContext, MobileIpv6RouteOptimisationIsOneFlowOfTheHomeAddress) {
  // RFC 6275 §6.3, §6.4: the mobile node sends from its care-of address with a Home Address
  // option; the correspondent answers to the care-of address with a Type 2 routing header
  // naming the home address. Both belong to the home address's flow.
  std::array<std::uint8_t, 18> hao{0xc9, 16};
  std::copy(home.octets.begin(), home.octets.end(), hao.begin() + 2);
  const auto request =
      build::raw().ipv6(care_of, peer).destination_options(hao).udp(5000, 6000).to_vector();
  const auto reply = with_routing_header(peer, care_of, 2, 1, home, 6000, 5000);
  harness h;
  h.feed(request, 0);
  h.feed(reply, 10 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.orig_addr, home.octets);
  EXPECT_EQ(r.resp_addr, peer.octets);
  EXPECT_EQ(r.dir[0].packets, 1U);
  EXPECT_EQ(r.dir[1].packets, 1U);
}

TEST(FlowKeyContext, VlanTagsCountOnlyInFrontOfTheHeader) {
  const ipv4_address a{{10, 1, 0, 1}}, b{{10, 1, 0, 2}}, c{{192, 168, 0, 1}}, d{{192, 168, 0, 2}};
  const mac_address m{};
  const auto inner = build::ethernet(m, m).vlan(20).ipv4(c, d).tcp(40000, 80);
  const auto frame = build::ethernet(m, m)
                         .vlan(10)
                         .ipv4(a, b)
                         .udp(50000, vxlan::udp_port)
                         .vxlan(42)
                         .inner(inner)
                         .to_vector();
  decoded_packet pkt;
  ASSERT_TRUE(decode(frame, link_type::ethernet, decode_options{}, pkt).has_value());
  // The outer IPv4 header is layer 2 (ethernet, vlan, ipv4): one tag in front of it.
  ASSERT_EQ(pkt.layers[2].id, layer_id::ipv4);
  flow_endpoints outer;
  set_ip_context(pkt, 2, outer);
  EXPECT_EQ(outer.vlan, 10);
  EXPECT_EQ(outer.inner_vlan, 0);
  EXPECT_EQ(outer.tunnel_kind, layer_id::none);
  flow_endpoints in;
  set_flow_context(pkt, in);
  EXPECT_EQ(in.vlan, 10);
  EXPECT_EQ(in.inner_vlan, 20);
  EXPECT_EQ(in.tunnel_kind, layer_id::vxlan);
  EXPECT_EQ(in.tunnel_id, 42U);
}

TEST(FlowKeyContext, TheFlowTableKeysEachTupleByItsTags) {
  // One UDP tuple untagged, under VLAN 10 (twice) and under 100 then 10 (Q-in-Q): three
  // flows, each holding the tags its frames carry.
  const ipv4_address a{{10, 1, 0, 1}}, b{{10, 1, 0, 2}};
  const mac_address m{};
  harness h;
  h.feed(build::ethernet(m, m).ipv4(a, b).udp(5000, 53).to_vector(), 0, link_type::ethernet);
  for (int i = 0; i < 2; ++i) {
    h.feed(build::ethernet(m, m).vlan(10).ipv4(a, b).udp(5000, 53).to_vector(), ms,
           link_type::ethernet);
  }
  h.feed(build::ethernet(m, m).vlan(100).vlan(10).ipv4(a, b).udp(5000, 53).to_vector(), 2 * ms,
         link_type::ethernet);
  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 3U);
  std::vector<std::array<std::uint32_t, 3>> seen; // vlan, inner vlan, packets
  for (const flow_record& r : h.sink.finished) {
    seen.push_back({r.key.vlan, r.key.inner_vlan,
                    static_cast<std::uint32_t>(r.dir[0].packets + r.dir[1].packets)});
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::array<std::uint32_t, 3>>{{0, 0, 1}, {10, 0, 2}, {100, 10, 1}}));
}

} // namespace
} // namespace pktscope
