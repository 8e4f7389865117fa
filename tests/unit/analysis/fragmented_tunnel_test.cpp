// A tunnel whose outer IP datagram is fragmented: the flow table reassembles the outer
// datagram, decodes the tunnel inside it and counts the inner packet (and the outer UDP flow)
// at the frame that completes it, every fragment frame in each flow, as it does for a plain
// fragmented datagram. Fragments are cut by hand following RFC 791 §2.3 (offsets in 8-octet
// units, MF on all but the last); lengths below are worked out from the headers' sizes.

#include "flow_test_support.hpp"

#include <pktscope/analysis/stats/traffic_stats.hpp>
#include <pktscope/proto/gtp.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <memory>
#include <vector>

namespace pktscope {
namespace {

using test::find_flow;
using test::harness;
using test::ms;

const ipv4_address tunnel_a{{10, 1, 0, 1}}, tunnel_b{{10, 1, 0, 2}};
const ipv4_address host_a{{192, 168, 0, 1}}, host_b{{192, 168, 0, 2}};
constexpr std::uint16_t outer_id = 0x1234;

/// The inner packet: host_a:40000 -> host_b:80, TCP with 1000 octets of data (IPv4 20 + TCP
/// 20 + 1000 = 1040 octets).
std::vector<std::uint8_t> inner_packet() {
  const std::vector<std::uint8_t> data(1000, 0x61);
  return build::raw().ipv4(host_a, host_b).tcp(40000, 80).payload(data).to_vector();
}

/// A GTP-U G-PDU (TS 29.281 §5.1: flags 0x30 = version 1, PT 1; type 255; the length counts
/// what follows the 8 mandatory octets; TEID 7) carrying `inner`.
std::vector<std::uint8_t> gtp_u(const std::vector<std::uint8_t>& inner) {
  const auto len = static_cast<std::uint16_t>(inner.size());
  std::vector<std::uint8_t> g(gtp::mandatory_len + inner.size());
  const std::uint8_t header[] = {0x30,
                                 gtp::message_g_pdu,
                                 static_cast<std::uint8_t>(len >> 8),
                                 static_cast<std::uint8_t>(len & 0xff),
                                 0,
                                 0,
                                 0,
                                 7};
  std::copy(std::begin(header), std::end(header), g.begin());
  std::copy(inner.begin(), inner.end(), g.begin() + gtp::mandatory_len);
  return g;
}

/// One fragment of an outer IPv4 datagram tunnel_a -> tunnel_b of protocol `proto` whose
/// payload (after the IPv4 header) is `whole`: whole[off, off + len).
std::vector<std::uint8_t> outer_fragment(const std::vector<std::uint8_t>& whole, ip_protocol proto,
                                         std::size_t off, std::size_t len, bool more) {
  ipv4::header h;
  h.identification = outer_id;
  h.flags = more ? ipv4::flag_mf : 0;
  h.fragment_offset = static_cast<std::uint16_t>(off / 8);
  h.protocol = proto;
  return build::raw()
      .ipv4(tunnel_a, tunnel_b, h)
      .payload(bytes(whole).subspan(off, len))
      .to_vector();
}

TEST(FragmentedTunnel, GtpUInAFragmentedDatagramCountsAtTheLastFragment) {
  // The outer UDP datagram: 8 + GTP 8 + inner 1040 = 1056 octets after the outer IPv4
  // header, cut into 1000 (a multiple of 8) and 56.
  const auto inner = inner_packet();
  const auto gtp = gtp_u(inner);
  const auto udp = build::raw()
                       .ipv4(tunnel_a, tunnel_b)
                       .udp(gtp::udp_port, gtp::udp_port)
                       .payload(gtp)
                       .to_vector();
  const std::vector<std::uint8_t> datagram(udp.begin() + 20, udp.end());
  ASSERT_EQ(datagram.size(), 1056U);
  harness h;
  // The first fragment holds the GTP, inner IP and TCP headers; it waits all the same.
  EXPECT_EQ(h.feed(outer_fragment(datagram, ip_protocol::udp, 0, 1000, true), 0), nullptr);
  EXPECT_EQ(h.table.size(), 0U);
  const flow_record* r = h.feed(outer_fragment(datagram, ip_protocol::udp, 1000, 56, false), ms);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->key.ip_protocol, 6); // the innermost flow
  EXPECT_EQ(h.table.fragment_stats().completed, 1U);

  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 2U);
  const flow_record* tcp = find_flow(h.sink.finished, 6);
  const flow_record* outer = find_flow(h.sink.finished, 17);
  ASSERT_NE(tcp, nullptr);
  ASSERT_NE(outer, nullptr);
  // Frames: 20 + 1000 and 20 + 56 octets (raw IPv4 link type).
  for (const flow_record* f : {tcp, outer}) {
    EXPECT_EQ(f->dir[0].packets, 2U);
    EXPECT_EQ(f->dir[0].fragments, 2U);
    EXPECT_EQ(f->dir[0].bytes, 1020U + 76U);
    EXPECT_EQ(f->dir[1].packets, 0U);
    EXPECT_EQ(f->first_ts, 0);
    EXPECT_EQ(f->last_ts, ms);
  }
  EXPECT_EQ(tcp->orig_addr[3], 1); // host_a
  EXPECT_EQ(tcp->orig_port, 40000);
  EXPECT_EQ(tcp->resp_port, 80);
  EXPECT_EQ(tcp->dir[0].payload_bytes, 1000U);
  EXPECT_EQ(tcp->dir[0].ip_bytes, 1040U); // the inner header's total length
  EXPECT_EQ(outer->orig_addr[3], 1);      // tunnel_a
  EXPECT_EQ(outer->orig_port, gtp::udp_port);
  EXPECT_EQ(outer->dir[0].payload_bytes, 1048U);  // GTP 8 + inner 1040
  EXPECT_EQ(outer->dir[0].ip_bytes, 1020U + 76U); // both fragments' IPv4 lengths
  // Talker tables count each fragment frame on its own: neither flow keeps it as an outer
  // packet as well.
  EXPECT_EQ(outer->dir[0].outer_packets, 0U);
}

/// IPv4 carrying GRE (4 octets, protocol type IPv4, RFC 2784 §2.4) and the inner packet:
/// 1044 octets after the outer IPv4 header.
std::vector<std::uint8_t> gre_datagram() {
  const auto gre = build::raw()
                       .ipv4(tunnel_a, tunnel_b)
                       .gre({.protocol_type = 0x0800})
                       .payload(inner_packet())
                       .to_vector();
  return {gre.begin() + 20, gre.end()};
}

/// A fragment of gre_datagram() in an Ethernet frame with VLAN 7.
std::vector<std::uint8_t> gre_fragment(std::size_t off, std::size_t len, bool more) {
  const mac_address mac{};
  const auto datagram = gre_datagram();
  ipv4::header h;
  h.identification = outer_id;
  h.flags = more ? ipv4::flag_mf : 0;
  h.fragment_offset = static_cast<std::uint16_t>(off / 8);
  h.protocol = ip_protocol::gre;
  return build::ethernet(mac, mac)
      .vlan(7)
      .ipv4(tunnel_a, tunnel_b, h)
      .payload(bytes(datagram).subspan(off, len))
      .to_vector();
}

TEST(FragmentedTunnel, GreInAFragmentedDatagramKeepsTheFramesVlanAndTunnel) {
  // 1044 octets cut into 1040 and 4. The last fragment comes first: the first fragment, which
  // shows the tunnel, completes the datagram.
  ASSERT_EQ(gre_datagram().size(), 1044U);
  harness h;
  EXPECT_EQ(h.feed(gre_fragment(1040, 4, false), 0, link_type::ethernet), nullptr);
  const flow_record* r = h.feed(gre_fragment(0, 1040, true), 2 * ms, link_type::ethernet);
  ASSERT_NE(r, nullptr);
  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 1U); // GRE has no transport header: no outer flow
  const flow_record& tcp = h.sink.finished[0];
  EXPECT_EQ(tcp.key.ip_protocol, 6);
  EXPECT_EQ(tcp.key.vlan, 7);
  EXPECT_EQ(tcp.key.tunnel_kind, layer_id::gre);
  EXPECT_EQ(tcp.orig_port, 40000);
  // Frames: Ethernet 14 + VLAN 4 + IPv4 20 + 4 (60-octet minimum not padded by the
  // builder) and 14 + 4 + 20 + 1040.
  EXPECT_EQ(tcp.dir[0].packets, 2U);
  EXPECT_EQ(tcp.dir[0].bytes, 42U + 1078U);
  EXPECT_EQ(tcp.first_ts, 0);
  EXPECT_EQ(tcp.last_ts, 2 * ms);
}

TEST(FragmentedTunnel, UnfragmentedTunnelPacketsAreNotHeld) {
  // The same GTP-U packet whole: counted at once in both flows, one frame each.
  const auto frame = build::raw()
                         .ipv4(tunnel_a, tunnel_b)
                         .udp(gtp::udp_port, gtp::udp_port)
                         .payload(gtp_u(inner_packet()))
                         .to_vector();
  harness h;
  ASSERT_NE(h.feed(frame, 0), nullptr);
  EXPECT_EQ(h.table.size(), 2U);
  EXPECT_EQ(h.table.fragment_stats().fragments, 0U);
}

TEST(FragmentedTunnel, TalkerTablesCountEveryFragmentFrameOnce) {
  // Talker tables count a fragment frame on its own, by its innermost IP header (the flow
  // records leave fragments out). The first fragment's innermost header is the inner one
  // (host_a -> host_b), the last fragment's the outer one (tunnel_a -> tunnel_b); the first
  // fragment completes the datagram here, which update() answers with the inner flow.
  auto st = std::make_unique<stats::traffic_stats>();
  flow_table flows({}, st.get());
  std::vector<std::vector<std::uint8_t>> frames{gre_fragment(1040, 4, false),
                                                gre_fragment(0, 1040, true)};
  timestamp_ns ts = 0;
  for (const auto& f : frames) {
    decoded_packet d;
    ASSERT_TRUE(decode(f, link_type::ethernet, decode_options{}, d).has_value());
    const packet p{.ts = ts, .data = f, .original_len = static_cast<std::uint32_t>(f.size())};
    st->add(p, d, flows.update(d, p.ts, p.original_len));
    ts += ms;
  }
  flows.flush();
  st->finish();
  const auto senders =
      st->talkers().top(stats::talker_metric::packets, stats::talker_role::src, 10);
  ASSERT_EQ(senders.size(), 2U);
  for (const stats::talker_row& row : senders) {
    EXPECT_EQ(row.packets, 1U);
  }
}

} // namespace
} // namespace pktscope
