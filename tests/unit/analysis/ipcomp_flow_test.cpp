// An IPComp packet (RFC 3173) in tunnel mode: the flow table inflates it and counts the frame
// in the flow of the datagram inside, with IPComp as the flow's tunnel, as tshark counts it
// in that conversation; the protocol hierarchy goes on below ipcomp with the datagram's
// headers, as tshark's io,phs does (AH-IPcomp-IPv4.pcap: ah > ipcomp > ip > tcp). The compressed
// payload is a DEFLATE stream of stored blocks written by hand (support/deflate_stream.hpp);
// lengths below are worked out from the headers' sizes.

#include "flow_test_support.hpp"
#include "support/deflate_stream.hpp"

#include <pktscope/analysis/stats/traffic_stats.hpp>
#include <pktscope/proto/ipcomp.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace pktscope {
namespace {

using test::find_flow;
using test::harness;
using test::ms;

const ipv4_address tunnel_a{{10, 1, 0, 1}}, tunnel_b{{10, 1, 0, 2}};
const ipv4_address host_a{{192, 168, 0, 1}}, host_b{{192, 168, 0, 2}};
constexpr std::uint16_t cpi = ipcomp::cpi_deflate;

/// A TCP segment with no data between host_a:40000 and host_b:80 (IPv4 20 + TCP 20 = 40
/// octets).
std::vector<std::uint8_t> segment(bool from_a, std::initializer_list<tcp::flag> flags) {
  build::tcp_params p;
  p.flags = tcp::flag_set(flags);
  return from_a ? build::raw().ipv4(host_a, host_b).tcp(40000, 80, p).to_vector()
                : build::raw().ipv4(host_b, host_a).tcp(80, 40000, p).to_vector();
}

/// IPv4 between the tunnel ends, protocol 108, the IPComp header (next header IPv4, flags 0,
/// CPI 2) and `compressed`: 20 + 4 + compressed octets.
std::vector<std::uint8_t> ipcomp_frame(bool from_a, const std::vector<std::uint8_t>& compressed) {
  std::vector<std::uint8_t> payload = {4, 0, 0, static_cast<std::uint8_t>(cpi)};
  payload.insert(payload.end(), compressed.begin(), compressed.end());
  ipv4::header h;
  h.protocol = ip_protocol::ipcomp;
  return build::raw()
      .ipv4(from_a ? tunnel_a : tunnel_b, from_a ? tunnel_b : tunnel_a, h)
      .payload(payload)
      .to_vector();
}

TEST(IpcompFlow, TheInflatedDatagramsFlowCountsTheFrame) {
  harness h;
  // Stored blocks add 5 octets: each frame is 20 + 4 + 5 + 40 = 69 octets.
  const auto syn = ipcomp_frame(true, test::stored_deflate(segment(true, {tcp::flag::syn})));
  ASSERT_EQ(syn.size(), 69U);
  decoded_packet d;
  ASSERT_TRUE(decode(syn, link_type::raw, {}, d).has_value());
  EXPECT_FALSE(h.table.defer(d, 0, 69)); // inflating is update()'s job
  const flow_record* r = h.feed(syn, 0);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->key.ip_protocol, 6);
  h.feed(
      ipcomp_frame(false, test::stored_deflate(segment(false, {tcp::flag::syn, tcp::flag::ack}))),
      ms);
  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 1U); // no flow of protocol 108 between the tunnel ends
  const flow_record& f = h.sink.finished[0];
  EXPECT_EQ(f.key.tunnel_kind, layer_id::ipcomp);
  EXPECT_EQ(f.key.tunnel_id, cpi);
  EXPECT_EQ(f.orig_addr[3], 1); // host_a
  EXPECT_EQ(f.orig_port, 40000);
  EXPECT_EQ(f.resp_port, 80);
  for (const auto& dir : f.dir) {
    EXPECT_EQ(dir.packets, 1U);
    EXPECT_EQ(dir.bytes, 69U);    // the whole frame
    EXPECT_EQ(dir.ip_bytes, 40U); // the inflated datagram's total length
  }
  EXPECT_EQ(f.first_ts, 0);
  EXPECT_EQ(f.last_ts, ms);
}

TEST(IpcompFlow, APayloadThatDoesNotInflateStaysAnIpcompFlow) {
  harness h;
  std::vector<std::uint8_t> corrupt = test::stored_deflate(segment(true, {tcp::flag::syn}));
  corrupt[3] ^= 0xff; // NLEN no longer LEN's complement
  const flow_record* r = h.feed(ipcomp_frame(true, corrupt), 0);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->key.ip_protocol, 108);
  EXPECT_EQ(r->key.tunnel_kind, layer_id::none);
  EXPECT_NE(find_flow({*r}, 108), nullptr);
}

TEST(IpcompStats, TheHierarchyGoesOnBelowIpcomp) {
  auto st = std::make_unique<stats::traffic_stats>();
  const auto f = ipcomp_frame(true, test::stored_deflate(segment(true, {tcp::flag::syn})));
  decoded_packet d;
  ASSERT_TRUE(decode(f, link_type::raw, {}, d).has_value());
  const packet p{.ts = 0, .data = f, .original_len = 69, .link = link_type::raw};
  st->add(p, d);
  std::vector<std::string_view> path;
  st->hierarchy().walk([&](const stats::phs_node& n) {
    path.push_back(n.name);
    EXPECT_EQ(n.frames, 1U);
    EXPECT_EQ(n.bytes, 69U);
  });
  EXPECT_EQ(path, (std::vector<std::string_view>{"raw", "ip", "ipcomp", "ip", "tcp"}));
}

} // namespace
} // namespace pktscope
