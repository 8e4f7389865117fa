// A tunnelled packet also counts in the flow of its outer IP+UDP/TCP headers (tshark counts
// it in the conversation of every TCP/UDP header; Zeek logs the outer connection of a tunnel).

#include "flow_test_support.hpp"

#include <pktscope/analysis/outer_flows.hpp>
#include <pktscope/build/builder.hpp>
#include <pktscope/proto/geneve.hpp>
#include <pktscope/proto/vxlan.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace pktscope {
namespace {

using test::find_flow;
using test::harness;
using test::ms;

const mac_address mac{};
const ipv4_address vtep_a{{10, 1, 0, 1}}, vtep_b{{10, 1, 0, 2}};
const ipv4_address host_a{{192, 168, 0, 1}}, host_b{{192, 168, 0, 2}};

/// host_a:40000 -> host_b:80 TCP inside VXLAN 42 between the two VTEPs.
std::vector<std::uint8_t> vxlan_tcp(std::uint16_t outer_src_port = 50000) {
  const auto inner = build::ethernet(mac, mac).ipv4(host_a, host_b).tcp(40000, 80);
  return build::ethernet(mac, mac)
      .ipv4(vtep_a, vtep_b)
      .udp(outer_src_port, vxlan::udp_port)
      .vxlan(42)
      .inner(inner)
      .to_vector();
}

TEST(OuterFlows, VxlanPacketCountsInTheInnerAndTheOuterFlow) {
  harness h;
  const auto frame = vxlan_tcp();
  const flow_record* returned = h.feed(frame, 0, link_type::ethernet);
  ASSERT_NE(returned, nullptr);
  EXPECT_EQ(returned->key.ip_protocol, 6); // update() answers with the innermost flow
  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 2U);
  const flow_record* outer = find_flow(h.sink.finished, 17);
  const flow_record* inner = find_flow(h.sink.finished, 6);
  ASSERT_NE(outer, nullptr);
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(outer->orig_addr[3], 1);
  EXPECT_EQ(outer->resp_addr[3], 2);
  EXPECT_EQ(outer->orig_port, 50000);
  EXPECT_EQ(outer->resp_port, vxlan::udp_port);
  EXPECT_EQ(outer->key.tunnel_kind, layer_id::none);
  EXPECT_EQ(outer->dir[0].packets, 1U);
  EXPECT_EQ(outer->dir[0].bytes, frame.size());
  // Outer IPv4 total length: the frame less the outer Ethernet header (14 octets).
  EXPECT_EQ(outer->dir[0].ip_bytes, frame.size() - 14);
  // UDP payload: VXLAN (8) + inner Ethernet (14) + IPv4 (20) + TCP (20).
  EXPECT_EQ(outer->dir[0].payload_bytes, 62U);
  // Talker tables count the packet with the inner flow only.
  EXPECT_EQ(outer->dir[0].outer_packets, 1U);
  EXPECT_EQ(outer->dir[0].outer_bytes, frame.size());
  EXPECT_EQ(inner->dir[0].outer_packets, 0U);
  EXPECT_EQ(inner->key.tunnel_kind, layer_id::vxlan);
  EXPECT_EQ(inner->dir[0].packets, 1U);
  EXPECT_EQ(inner->dir[0].bytes, frame.size());
}

TEST(OuterFlows, PacketsOfOneTunnelShareTheOuterFlow) {
  harness h;
  h.feed(vxlan_tcp(), 0, link_type::ethernet);
  h.feed(vxlan_tcp(), 10 * ms, link_type::ethernet);
  h.feed(vxlan_tcp(50001), 20 * ms, link_type::ethernet); // another outer source port
  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 3U); // one inner flow, two outer ones
  std::vector<std::uint64_t> udp_packets;
  for (const flow_record& r : h.sink.finished) {
    if (r.key.ip_protocol == 17) {
      udp_packets.push_back(r.dir[0].packets + r.dir[1].packets);
    } else {
      EXPECT_EQ(r.dir[0].packets, 3U);
    }
  }
  std::sort(udp_packets.begin(), udp_packets.end());
  EXPECT_EQ(udp_packets, (std::vector<std::uint64_t>{1, 2}));
}

TEST(OuterFlows, NestedTunnelsCountInEveryTransportFlow) {
  const ipv4_address mid_a{{172, 16, 0, 1}}, mid_b{{172, 16, 0, 2}};
  const auto innermost = build::ethernet(mac, mac).ipv4(host_a, host_b).tcp(40000, 80);
  const auto middle = build::ethernet(mac, mac)
                          .ipv4(mid_a, mid_b)
                          .udp(51000, geneve::udp_port)
                          .geneve(7)
                          .inner(innermost);
  const auto frame = build::ethernet(mac, mac)
                         .ipv4(vtep_a, vtep_b)
                         .udp(50000, vxlan::udp_port)
                         .vxlan(42)
                         .inner(middle)
                         .to_vector();
  harness h;
  h.feed(frame, 0, link_type::ethernet);
  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 3U);
  std::vector<std::uint16_t> resp_ports;
  for (const flow_record& r : h.sink.finished) {
    resp_ports.push_back(r.resp_port);
    EXPECT_EQ(r.dir[0].packets, 1U);
  }
  std::sort(resp_ports.begin(), resp_ports.end());
  EXPECT_EQ(resp_ports, (std::vector<std::uint16_t>{80, vxlan::udp_port, geneve::udp_port}));
}

TEST(OuterFlows, TunnelWithoutTransportOrNonIpInnerAddsNoFlow) {
  // GRE has no ports: tshark lists no TCP/UDP conversation for it either.
  const auto gre =
      build::raw().ipv4(vtep_a, vtep_b).gre().ipv4(host_a, host_b).tcp(40000, 80).to_vector();
  // VXLAN carrying ARP: the outer headers are the packet's own (only) flow.
  const auto arp_inner =
      build::ethernet(mac, mac).arp(arp::operation::request, mac, host_a, mac, host_b);
  const auto vxlan_arp = build::ethernet(mac, mac)
                             .ipv4(vtep_a, vtep_b)
                             .udp(50000, vxlan::udp_port)
                             .vxlan(42)
                             .inner(arp_inner)
                             .to_vector();
  harness h;
  h.feed(gre, 0);
  h.feed(vxlan_arp, 10 * ms, link_type::ethernet);
  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 2U);
  for (const flow_record& r : h.sink.finished) {
    EXPECT_EQ(r.dir[0].packets, 1U); // each counted once
  }
}

TEST(OuterFlows, WalkYieldsNothingForAPlainPacket) {
  decoded_packet d;
  const auto frame = build::raw().ipv4(host_a, host_b).udp(1000, vxlan::udp_port).to_vector();
  ASSERT_TRUE(decode(frame, link_type::raw, decode_options{}, d).has_value());
  outer_flows walk(d, 0, static_cast<std::uint32_t>(frame.size()));
  EXPECT_EQ(walk.next(), nullptr);
}

} // namespace
} // namespace pktscope
