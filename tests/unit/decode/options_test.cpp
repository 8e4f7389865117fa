// decode_options: stop_at, strict vs lax on damaged frames, max_layers, FCS length, and the
// truncation sweep (every prefix of real frames decodes without crashing and keeps the
// layers wholly present).

#include <pktscope/decode/decoder.hpp>
#include <pktscope/decode/registry.hpp>

#include "corpus_frames.hpp"
#include "decode_fixture.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using L = layer_id;
using test::frame;
using test::ids;
namespace corpus = test::corpus;

decode_options stop(stop_at s) {
  decode_options o;
  o.deepest = s;
  return o;
}

TEST(DecodeStopAt, EachClass) {
  const frame f(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  EXPECT_EQ(ids(f.decode(stop(stop_at::link))), (std::vector<L>{L::ethernet}));
  EXPECT_EQ(ids(f.decode(stop(stop_at::network))), (std::vector<L>{L::ethernet, L::ipv4}));
  const auto t = f.decode(stop(stop_at::transport));
  EXPECT_EQ(ids(t), (std::vector<L>{L::ethernet, L::ipv4, L::udp}));
  EXPECT_EQ(t.dst_port, 53);
  EXPECT_EQ(t.application, L::none);
  EXPECT_FALSE(t.stopped.has_value()); // stopping by option is not an error
  EXPECT_EQ(ids(f.decode(stop(stop_at::application))),
            (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::dns}));
}

TEST(DecodeStopAt, NetworkStillFollowsIpTunnels) {
  const frame f(link_type::ethernet, corpus::gre_ipv4_udp_dns);
  const auto p = f.decode(stop(stop_at::network));
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::gre, L::ipv4}));
  EXPECT_EQ(test::addr(p.src_address()), "66.59.111.190"); // the inner header
  EXPECT_EQ(p.transport, L::none);
}

TEST(DecodeStopAt, TransportFollowsUdpTunnels) {
  const frame f(link_type::ethernet, corpus::mpls_in_udp_icmp);
  EXPECT_EQ(ids(f.decode(stop(stop_at::transport))),
            (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::mpls, L::ipv4, L::icmp}));
}

TEST(DecodeStrictLax, DamagedTcpHeader) {
  // tcp-handshake-nano.pcap frame 1 with the TCP data offset set to 2 (< 5): malformed.
  frame f(link_type::linux_sll, corpus::sll_ipv4_tcp_syn);
  f.data[16 + 20 + 12] = 0x20;
  bool ok = true;
  const auto lax = f.decode({}, &ok);
  EXPECT_TRUE(ok);
  EXPECT_EQ(ids(lax), (std::vector<L>{L::linux_sll, L::ipv4})); // what decoded is kept
  ASSERT_TRUE(lax.stopped.has_value());
  EXPECT_EQ(lax.stopped->code, errc::malformed);
  EXPECT_EQ(lax.stopped->layer, L::tcp);
  EXPECT_EQ(lax.stopped->offset, 16U + 20U + 12U); // relative to the frame
  EXPECT_TRUE(lax.anomalies.has(anomaly::bad_header_length));
  EXPECT_EQ(test::addr(lax.src_address()), "131.155.215.69");

  decode_options strict;
  strict.strict = true;
  const auto s = f.decode(strict, &ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(ids(s), (std::vector<L>{L::linux_sll, L::ipv4}));
  ASSERT_TRUE(s.stopped.has_value());
  EXPECT_EQ(s.stopped->layer, L::tcp);
}

TEST(DecodeStrictLax, TruncatedIpv4Options) {
  // dns_icmp.pcap frame 1 cut to 30 bytes: 16 of the 20 IPv4 header bytes.
  frame f(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  f.data.resize(30);
  bool ok = false;
  const auto lax = f.decode({}, &ok);
  EXPECT_TRUE(ok);
  EXPECT_EQ(ids(lax), (std::vector<L>{L::ethernet}));
  ASSERT_TRUE(lax.stopped.has_value());
  EXPECT_EQ(lax.stopped->code, errc::truncated);
  EXPECT_EQ(lax.stopped->layer, L::ipv4);
  EXPECT_EQ(lax.stopped->offset, 14U);
  EXPECT_TRUE(lax.anomalies.has(anomaly::truncated_header));
  decode_options strict;
  strict.strict = true;
  (void)f.decode(strict, &ok);
  EXPECT_FALSE(ok);
}

TEST(DecodeStrictLax, SnaplenCutPayloadIsNotAnError) {
  // Cut inside the DNS message only: every header is whole.
  frame f(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  f.data.resize(14 + 20 + 8 + 12);
  decode_options strict;
  strict.strict = true;
  bool ok = false;
  const auto p = f.decode(strict, &ok);
  EXPECT_TRUE(ok);
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::dns}));
  EXPECT_EQ(p.l4_payload_len, 12U);
  EXPECT_TRUE(p.anomalies.empty());
}

TEST(DecodeOptions, MaxLayers) {
  decode_options o;
  o.max_layers = 3;
  bool ok = false;
  const auto p = frame(link_type::ethernet, corpus::gre_ipv4_udp_dns).decode(o, &ok);
  EXPECT_TRUE(ok);
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::gre}));
  EXPECT_TRUE(p.anomalies.has(anomaly::too_many_layers));
  ASSERT_TRUE(p.stopped.has_value());
  EXPECT_EQ(p.stopped->code, errc::unsupported);
  EXPECT_EQ(p.stopped->layer, L::ipv4);
}

TEST(DecodeOptions, FcsLenExcluded) {
  // one_http_stream_fin.pcap frame 3 keeps its FCS; declared, it is never looked at.
  const frame f(link_type::ethernet, corpus::padded_with_fcs_64);
  decode_options o;
  o.fcs_len = 4;
  const auto p = f.decode(o);
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::tcp}));
  EXPECT_EQ(p.layers[0].end, 60U);
  EXPECT_FALSE(p.anomalies.has(anomaly::trailing_bytes));
}

// Every prefix of a full frame: lax mode never fails, keeps exactly the layers whose
// headers are wholly inside the prefix (a layer decoded from the prefix is a layer of the
// full frame, at the same offset with the same length), and each layer's view reparses.
void truncation_sweep(link_type link, const char* hex) {
  const frame full(link, hex);
  const auto whole = full.decode(test::all_on());
  ASSERT_GT(whole.size(), 0U);
  for (std::size_t n = 0; n <= full.data.size(); ++n) {
    // A fresh allocation of exactly n bytes, so ASan sees any read past the prefix.
    const frame cut(link,
                    std::vector<std::uint8_t>(full.data.begin(),
                                              full.data.begin() + static_cast<std::ptrdiff_t>(n)));
    bool ok = false;
    const auto p = cut.decode(test::all_on(), &ok);
    ASSERT_TRUE(ok) << n;
    ASSERT_LE(p.size(), whole.size()) << n;
    for (std::size_t i = 0; i < p.size(); ++i) {
      const layer& got = p.layers[i];
      const layer& want = whole.layers[i];
      EXPECT_EQ(got.id, want.id) << "prefix " << n << " layer " << i;
      EXPECT_EQ(got.offset, want.offset) << "prefix " << n << " layer " << i;
      if (registry::class_of(got.id) != registry::layer_class::application) {
        EXPECT_EQ(got.length, want.length) << "prefix " << n << " layer " << i;
        EXPECT_LE(got.offset + got.length, n) << "prefix " << n << " layer " << i;
      }
    }
    if (p.size() < whole.size() && p.stopped) {
      // Stopping early means a header ran past the prefix, never a contradiction.
      EXPECT_NE(p.stopped->code, errc::malformed) << n;
    }
  }
}

TEST(DecodeTruncationSweep, RealFrames) {
  truncation_sweep(link_type::ethernet, corpus::eth_ipv4_udp_dns);
  truncation_sweep(link_type::ethernet, corpus::eth_ipv6_tcp_syn);
  truncation_sweep(link_type::linux_sll, corpus::sll_ipv4_tcp_syn);
  truncation_sweep(link_type::linux_sll2, corpus::sll2_ipv4_tcp_ack);
  truncation_sweep(link_type::null_loopback, corpus::null_ipv4_udp_dns);
  truncation_sweep(link_type::raw, corpus::raw_ipv6_udp_dns);
  truncation_sweep(link_type::ppp, corpus::ppp_ipv4_udp);
  truncation_sweep(link_type::ethernet, corpus::gre_teb_tcp);
  truncation_sweep(link_type::ethernet, corpus::vlan_4in6_gre_ppp_dns);
  truncation_sweep(link_type::ethernet, corpus::ip6in6_udp);
  truncation_sweep(link_type::ethernet, corpus::mpls_pw_eth_icmp);
  truncation_sweep(link_type::ethernet, corpus::qinq_pppoe_tcp);
  truncation_sweep(link_type::ethernet, corpus::vxlan_icmp);
  truncation_sweep(link_type::ethernet, corpus::geneve_icmp);
  truncation_sweep(link_type::ethernet, corpus::nsh_ipv4_udp);
  truncation_sweep(link_type::ethernet, corpus::vxlan_gpe_nsh_udp);
  truncation_sweep(link_type::ethernet, corpus::openflow_packet_out_udp);
  truncation_sweep(link_type::ethernet, corpus::openflow_packet_in_udp);
}

} // namespace
} // namespace pktscope
