// IEEE 802.1ah (PBB) and Cisco FabricPath decoder steps on corpus frames; expected values from
// `tshark -T fields` on the same frames. Neither has a layer of its own.

#include <pktscope/decode/decoder.hpp>
#include <pktscope/proto/arp.hpp>
#include <pktscope/proto/mac_in_mac.hpp>

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

// zeek__zeek/testing/btest/Traces/pbb.pcap frame 2: eth:ethertype:vlan:ethertype:ieee8021ah:
// ethertype:arp. tshark: vlan.id 4051, ieee8021ah.isid 2014011, arp.opcode 1,
// arp.src.proto_ipv4 10.199.245.2, arp.dst.proto_ipv4 10.199.245.100.
constexpr const char* pbb_arp =
    "c3 00 3a 1e bb 3b 02 cc cc 00 3a 00 81 00 4f d3 88 e7 00 1e bb 3b ff ff ff ff ff ff 00 1c "
    "eb af 52 05 08 06 00 01 08 00 06 04 00 01 00 1c eb af 52 05 0a c7 f5 02 00 00 00 00 00 00 "
    "0a c7 f5 64 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";

TEST(DecodePbb, SkipsTheBackboneTagAndFollowsTheCustomerType) {
  const frame fr(link_type::ethernet, pbb_arp); // outlives the views taken of p below
  const auto p = fr.decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::vlan, L::arp}));
  ASSERT_EQ(p.vlan_count, 1);
  EXPECT_EQ(p.vlan_ids[0], 4051);
  EXPECT_EQ(p.layers[2].offset, 36U); // 14 + tag 4 + I-TAG 4 + C-DA 6 + C-SA 6 + type 2
  const auto a = p.view_of<arp::view>(p.layers[2]);
  ASSERT_TRUE(a);
  EXPECT_EQ(addr(a->sender_proto()), "10.199.245.2");
  EXPECT_EQ(addr(a->target_proto()), "10.199.245.100");
  EXPECT_FALSE(p.stopped);

  const auto f = test::from_hex(pbb_arp);
  const auto v = pbb::view::parse(bytes(f).subspan(18));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->i_sid(), 2014011U);
  EXPECT_EQ(v->type_or_length(), 0x0806);
}

TEST(DecodePbb, CutBackboneHeaderStopsWithTruncated) {
  auto f = test::from_hex(pbb_arp);
  f.resize(18 + 17); // the customer type field is cut
  const auto p = frame(link_type::ethernet, f).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::vlan}));
  ASSERT_TRUE(p.stopped);
  EXPECT_EQ(p.stopped->code, errc::truncated);
  EXPECT_EQ(p.stopped->offset, 18U);
}

// zeek__zeek/testing/btest/Traces/cisco-fabric-path.pcap frame 2: eth:cfp:eth:ethertype:ip:udp.
// tshark: eth.src 1a:ac:fa:e2:a8:f4 (the customer header only), cfp.ftag 0, cfp.ttl 0,
// ip.src 1.1.1.6, ip.dst 2.2.2.2, udp.srcport 57005, udp.dstport 48879.
constexpr const char* fabricpath_udp =
    "f3 51 d6 4e 62 00 96 4e bf 4e 52 1d 89 03 00 00 63 93 70 b7 c7 0c 1a ac fa e2 a8 f4 08 00 "
    "45 00 00 1c 00 01 00 00 40 11 74 c6 01 01 01 06 02 02 02 02 de ad be ef 00 08 5c 36 00 00";

TEST(DecodeFabricPath, EntersTheCustomerEthernetFrame) {
  const auto p = frame(link_type::ethernet, fabricpath_udp).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ethernet, L::ipv4, L::udp}));
  EXPECT_EQ(p.layers[1].offset, 16U);
  EXPECT_EQ(addr(p.src_address()), "1.1.1.6");
  EXPECT_EQ(addr(p.dst_address()), "2.2.2.2");
  EXPECT_EQ(p.src_port, 57005);
  EXPECT_EQ(p.dst_port, 48879);
  EXPECT_FALSE(p.anomalies.has(anomaly::trailing_bytes)); // 2 octets of padding
}

TEST(DecodeFabricPath, TooShortForTheCustomerHeaderIsAnUnknownType) {
  auto f = test::from_hex(fabricpath_udp);
  f.resize(14 + 15);
  const auto p = frame(link_type::ethernet, f).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet}));
  EXPECT_FALSE(p.stopped);
}

// the-tcpdump-group__tcpdump/tests/ipv6-srh-ipproto-ether.pcap frame 1:
// eth:ethertype:ipv6:ipv6.routing:eth:ethertype:ipv6:icmpv6. The segment routing header's next
// header is 143 (Ethernet, RFC 8986). tshark: eth.src be:f5:06:09:44:74,ae:64:42:3b:5b:9a;
// ipv6.src a::1,a::2; ipv6.dst c::2,e::2; icmpv6.type 128.
constexpr const char* srv6_ethernet =
    "d6 67 19 4e 0f 4f be f5 06 09 44 74 86 dd 60 0d e0 27 00 8e 2b 3f 00 0a 00 00 00 00 00 "
    "00 00 00 00 00 00 00 00 01 00 0c 00 00 00 00 00 00 00 00 00 00 00 00 00 02 8f 02 04 00 "
    "00 00 00 00 00 0c 00 00 00 00 00 00 00 00 00 00 00 00 00 02 1e 1d df cd 54 7a ae 64 42 "
    "3b 5b 9a 86 dd 60 0d e0 27 00 40 3a 40 00 0a 00 00 00 00 00 00 00 00 00 00 00 00 00 02 "
    "00 0e 00 00 00 00 00 00 00 00 00 00 00 00 00 02 80 00 d5 f1 48 54 05 3b 98 79 29 5f 00 "
    "00 00 00 cf 3c 0c 00 00 00 00 00 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 "
    "22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37";

TEST(DecodeEthernetInIpv6, NextHeader143EntersAnEthernetFrame) {
  const auto p = frame(link_type::ethernet, srv6_ethernet).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv6, L::ipv6_routing, L::ethernet, L::ipv6,
                                    L::icmpv6}));
  EXPECT_EQ(p.layers[3].tunnel_depth, 1);
  EXPECT_EQ(addr(p.src_address()), "a::2");
  EXPECT_EQ(addr(p.dst_address()), "e::2");
  EXPECT_EQ(p.icmp_type, 128);
}

// zeek__zeek/testing/btest/Traces/vntag.pcap frame 1 (first 60 octets of 118):
// eth:ethertype:vntag:ethertype:vlan:ethertype:ip. tshark: vntag.dst 0, vntag.src 0, vlan.id 11,
// ip.src 1.1.1.1, ip.dst 1.1.2.1, ip.proto 253.
constexpr const char* vntag_vlan_ipv4 =
    "00 00 01 02 00 01 00 00 01 01 00 01 89 26 00 00 00 00 81 00 00 0b 08 00 45 00 00 64 ac b8 "
    "00 00 ff fd 08 e1 01 01 01 01 01 01 02 01 1b 79 4b 17 5f ac 06 ab a6 58 41 25 5f 34 e2 8c";

TEST(DecodeVnTag, SkipsTheTagAndFollowsTheNextType) {
  const auto p = frame(link_type::ethernet, vntag_vlan_ipv4).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::vlan, L::ipv4}));
  EXPECT_EQ(p.layers[1].offset, 20U); // 14 + VN-Tag 4 + TPID 0x8100: the tag control field
  ASSERT_EQ(p.vlan_count, 1);
  EXPECT_EQ(p.vlan_ids[0], 11);
  EXPECT_EQ(addr(p.src_address()), "1.1.1.1");
  EXPECT_EQ(addr(p.dst_address()), "1.1.2.1");
  EXPECT_EQ(p.ip_protocol, 253);
}

TEST(DecodePbb, NestedBackboneTagsAreSkippedInTurn) {
  // pbb_arp with its backbone header repeated: the customer type of the first is 0x88e7.
  const auto f = test::from_hex(pbb_arp);
  std::vector<std::uint8_t> nested(f.begin(), f.begin() + 18);
  nested.insert(nested.end(), f.begin() + 18, f.begin() + 34);
  nested.push_back(0x88);
  nested.push_back(0xe7);
  nested.insert(nested.end(), f.begin() + 18, f.end());
  const auto p = frame(link_type::ethernet, nested).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::vlan, L::arp}));
  EXPECT_EQ(p.layers[2].offset, 54U);
}

// Backbone tags and VN-Tags alternating as deep as a large frame allows (fuzzed input) are
// skipped one after the other without growing the stack, and the customer type decides.
TEST(DecodePbb, DeeplyAlternatingTagsAreSkippedToTheCustomerType) {
  const auto f = test::from_hex(pbb_arp);
  std::vector<std::uint8_t> deep(f.begin(), f.begin() + 12); // the backbone addresses
  constexpr std::size_t pairs = 10'000;                      // 220 kB of tags
  deep.insert(deep.end(), {0x89, 0x26});                     // VN-Tag follows
  for (std::size_t i = 0; i < pairs; ++i) {
    deep.insert(deep.end(), {0, 0, 0, 0, 0x88, 0xe7});       // VN-Tag, then a backbone tag
    deep.insert(deep.end(), f.begin() + 18, f.begin() + 34); // I-TAG and customer addresses
    deep.insert(deep.end(), {0x89, 0x26});                   // the next VN-Tag
  }
  deep.insert(deep.end(), {0, 0, 0, 0, 0x08, 0x06}); // the last VN-Tag: ARP follows
  deep.insert(deep.end(), f.begin() + 36, f.end());
  const auto p = frame(link_type::ethernet, deep).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::arp}));
  EXPECT_EQ(p.layers[1].offset, deep.size() - (f.size() - 36));
  EXPECT_FALSE(p.stopped);
}

} // namespace
} // namespace pktscope
