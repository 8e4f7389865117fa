// Aruba WLAN in GRE (protocol type 0x8200): an 802.11 data frame, then LLC/SNAP and IP, on a
// corpus frame; expected values from `tshark -T fields` on the same frame.

#include <pktscope/decode/decoder.hpp>
#include <pktscope/proto/ieee80211.hpp>

#include "decode_fixture.hpp"
#include "support/hex.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using L = layer_id;
using test::addr;
using test::frame;
using test::ids;

// zeek__zeek/testing/btest/Traces/tunnels/gre-aruba.pcap frame 1:
// eth:ethertype:vlan:ethertype:ip:gre:wlan:llc:ip:tcp. wlan.fc 0x8801 (QoS data, to DS).
// tshark: ip.src 10.3.34.171,10.37.36.92; ip.dst 10.33.10.23,205.185.216.10; tcp.srcport
// 58973; tcp.dstport 80.
constexpr const char* aruba_qos_data =
    "00 11 dc 00 00 01 f0 5c 19 cf c8 d6 81 00 01 2c 08 00 45 00 00 62 4b 03 00 00 ff 2f 2f 84 "
    "0a 03 22 ab 0a 21 0a 17 00 00 82 00 88 01 00 00 f0 5c 19 7c 8d 70 5c 5f 67 02 2e 7a 00 11 "
    "dc 00 00 01 80 7d 00 00 aa aa 03 00 00 00 08 00 45 00 00 28 6e a8 40 00 80 06 b7 e2 0a 25 "
    "24 5c cd b9 d8 0a e6 5d 00 50 05 e6 e9 1b d4 48 5b 00 50 11 40 96 95 ff 00 00";

TEST(DecodeArubaWlan, QosDataFrameLeadsToLlcAndIp) {
  const auto p = frame(link_type::ethernet, aruba_qos_data).decode();
  EXPECT_EQ(ids(p),
            (std::vector<L>{L::ethernet, L::vlan, L::ipv4, L::gre, L::llc, L::ipv4, L::tcp}));
  EXPECT_EQ(p.layers[4].offset, 68U); // 14 + 4 + 20 + GRE 4 + 802.11 QoS data 26
  EXPECT_EQ(p.layers[4].tunnel_depth, 1);
  EXPECT_EQ(addr(p.src_address()), "10.37.36.92");
  EXPECT_EQ(addr(p.dst_address()), "205.185.216.10");
  EXPECT_EQ(p.src_port, 58973);
  EXPECT_EQ(p.dst_port, 80);
}

TEST(DecodeArubaWlan, HeaderLengthFollowsTheFrameControl) {
  auto f = test::from_hex(aruba_qos_data);
  const bytes wlan = bytes(f).subspan(42);
  const auto v = ieee80211::data_view::parse(wlan);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->is_qos());
  EXPECT_EQ(v->header_length(), 26U);
  EXPECT_TRUE(v->carries_llc());

  f[43] = 0x43; // to DS, from DS, protected: four addresses, encrypted body
  const auto w = ieee80211::data_view::parse(bytes(f).subspan(42));
  ASSERT_TRUE(w);
  EXPECT_EQ(w->header_length(), 32U);
  EXPECT_FALSE(w->carries_llc());
  const auto p = frame(link_type::ethernet, f).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::vlan, L::ipv4, L::gre}));

  EXPECT_FALSE(ieee80211::data_view::parse(bytes(f).subspan(42, 25))); // QoS control cut
}

} // namespace
} // namespace pktscope
