#include <pktscope/proto/ethernet.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/ArpRequestPacket.pcap frame 1.
// tshark: eth.dst ff:ff:ff:ff:ff:ff, eth.src 6c:f0:49:b2:de:6e, eth.type 0x0806.
const std::vector<std::uint8_t> arp_frame = from_hex("ff ff ff ff ff ff 6c f0 49 b2 de 6e 08 06"
                                                     "00 01 08 00 06 04 00 01 6c f0 49 b2 de 6e"
                                                     "0a 00 00 01 00 00 00 00 00 00 0a 00 00 8a");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/EthDot3.pcap frame 1 (IEEE 802.3 + LLC,
// STP). tshark: eth.dst 01:80:c2:00:00:00, eth.src 00:13:f7:11:5e:db, eth.len 38,
// eth.padding 0000000000000000 (8 octets), llc.dsap 0x42.
const std::vector<std::uint8_t> dot3_frame =
    from_hex("01 80 c2 00 00 00 00 13 f7 11 5e db 00 26 42 42"
             "03 00 00 00 00 00 00 00 00 13 f7 1e df f0 00 00"
             "27 10 80 00 00 13 f7 11 5e c0 80 1b 01 00 14 00"
             "02 00 0f 00 00 00 00 00 00 00 00 00");

TEST(Ethernet, DecodesEthernetII) {
  const auto v = ethernet::view::parse(bytes(arp_frame));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->dst(), *mac_address::parse("ff:ff:ff:ff:ff:ff"));
  EXPECT_EQ(v->src(), *mac_address::parse("6c:f0:49:b2:de:6e"));
  EXPECT_EQ(v->type_or_length(), 0x0806);
  EXPECT_FALSE(v->has_length());
  EXPECT_EQ(v->ether_type(), ether_type::arp);
  EXPECT_EQ(v->header_bytes().size(), 14U);
  EXPECT_EQ(v->payload().size(), 28U);
  EXPECT_EQ(v->payload()[0], 0x00);
  EXPECT_EQ(v->payload()[1], 0x01);
  EXPECT_TRUE(v->trailer().empty());
  EXPECT_EQ(v->declared_len(), 42U);
  EXPECT_EQ(v->captured_len(), 42U);
}

TEST(Ethernet, Decodes802_3LengthFrameAndBoundsPayload) {
  const auto v = ethernet::view::parse(bytes(dot3_frame));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->dst(), *mac_address::parse("01:80:c2:00:00:00"));
  EXPECT_EQ(v->src(), *mac_address::parse("00:13:f7:11:5e:db"));
  EXPECT_TRUE(v->has_length());
  EXPECT_EQ(v->type_or_length(), 38);
  EXPECT_EQ(v->payload().size(), 38U);
  EXPECT_EQ(v->payload()[0], 0x42); // DSAP
  EXPECT_EQ(v->trailer().size(), 8U);
  EXPECT_EQ(v->declared_len(), 52U);
  EXPECT_EQ(v->captured_len(), 60U);
}

TEST(Ethernet, SnaplenCutLengthFrameIsClippedNotAnError) {
  const std::vector<std::uint8_t> cut(dot3_frame.begin(), dot3_frame.begin() + 30);
  const auto v = ethernet::view::parse(bytes(cut));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->payload().size(), 16U);
  EXPECT_TRUE(v->trailer().empty());
  EXPECT_EQ(v->declared_len(), 52U);
  EXPECT_EQ(v->captured_len(), 30U);
}

TEST(Ethernet, TypeLengthBoundary) {
  // IEEE 802.3 §3.2.6: 1500 is the largest length; 1536 (0x0600) the smallest type.
  EXPECT_TRUE(is_802_3_length(1500));
  EXPECT_FALSE(is_802_3_length(1501));
  EXPECT_FALSE(is_802_3_length(0x0600));
  EXPECT_TRUE(is_802_3_length(0));
}

TEST(Ethernet, HeaderWritesExpectedBytes) {
  const ethernet::header h{*mac_address::parse("ff:ff:ff:ff:ff:ff"),
                           *mac_address::parse("6c:f0:49:b2:de:6e"), 0x0806};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(arp_frame.begin(), arp_frame.begin() + 14));
}

TEST(Ethernet, RoundTrip) {
  for (const auto* frame : {&arp_frame, &dot3_frame}) {
    const auto v = ethernet::view::parse(bytes(*frame));
    ASSERT_TRUE(v);
    const auto h = v->to_header();
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    EXPECT_EQ(out, std::vector<std::uint8_t>(frame->begin(), frame->begin() + 14));
    const auto again = ethernet::view::parse(bytes(out));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->to_header(), h);
  }
}

TEST(Ethernet, TruncationSweep) {
  test::expect_truncation_sweep<ethernet::view>(arp_frame, ethernet::header_len);
  test::expect_truncation_sweep<ethernet::view>(dot3_frame, ethernet::header_len);
}

TEST(Ethernet, ShortFrameIsTruncatedWithPosition) {
  const auto r = ethernet::view::parse(bytes(arp_frame.data(), 13));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::ethernet, 14, 13, 0}));
}

TEST(Ethernet, MutViewEditsInPlace) {
  auto frame = arp_frame;
  auto m = ethernet::mut_view::parse(mut_bytes(frame));
  ASSERT_TRUE(m);
  m->set_dst(*mac_address::parse("00:11:22:33:44:55"));
  m->set_src(*mac_address::parse("66:77:88:99:aa:bb"));
  m->set_ether_type(ether_type::ipv6);
  EXPECT_EQ(frame[0], 0x00);
  EXPECT_EQ(frame[5], 0x55);
  EXPECT_EQ(frame[6], 0x66);
  EXPECT_EQ(frame[11], 0xbb);
  EXPECT_EQ(frame[12], 0x86);
  EXPECT_EQ(frame[13], 0xdd);
  EXPECT_EQ(m->as_view().ether_type(), ether_type::ipv6);
  m->set_type_or_length(20);
  EXPECT_EQ(m->as_view().payload().size(), 20U);
  EXPECT_FALSE(ethernet::mut_view::parse(mut_bytes(frame.data(), 10)));
}

TEST(Ethernet, RandomHeadersRoundTrip) {
  std::mt19937 rng(0x5eed0001);
  std::uniform_int_distribution<int> octet(0, 255);
  std::uniform_int_distribution<int> u16(0, 0xffff);
  for (int i = 0; i < 300; ++i) {
    ethernet::header h;
    for (auto& o : h.dst.octets) {
      o = static_cast<std::uint8_t>(octet(rng));
    }
    for (auto& o : h.src.octets) {
      o = static_cast<std::uint8_t>(octet(rng));
    }
    h.type_or_length = static_cast<std::uint16_t>(u16(rng));
    std::vector<std::uint8_t> out(h.size() + static_cast<std::size_t>(octet(rng)));
    h.write_to(out);
    const auto v = ethernet::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
    EXPECT_LE(v->payload().size() + v->trailer().size() + ethernet::header_len, out.size());
  }
}

TEST(EtherType, DescribesRegisteredValues) {
  EXPECT_EQ(describe(ether_type::ipv4), "IPv4");
  EXPECT_EQ(describe(ether_type::ipv6), "IPv6");
  EXPECT_EQ(describe(ether_type::vlan), "802.1Q Virtual LAN");
  EXPECT_FALSE(describe(ether_type::qinq).empty());
  EXPECT_FALSE(describe(ether_type::transparent_ethernet_bridging).empty());
  EXPECT_TRUE(describe(static_cast<ether_type>(0x1234)).empty());
  // Registered numbers (IEEE EtherType registry).
  EXPECT_EQ(static_cast<std::uint16_t>(ether_type::arp), 0x0806);
  EXPECT_EQ(static_cast<std::uint16_t>(ether_type::qinq), 0x88a8);
  EXPECT_EQ(static_cast<std::uint16_t>(ether_type::qinq_old), 0x9100);
  EXPECT_EQ(static_cast<std::uint16_t>(ether_type::mpls_unicast), 0x8847);
  EXPECT_EQ(static_cast<std::uint16_t>(ether_type::mpls_multicast), 0x8848);
  EXPECT_EQ(static_cast<std::uint16_t>(ether_type::pppoe_discovery), 0x8863);
  EXPECT_EQ(static_cast<std::uint16_t>(ether_type::pppoe_session), 0x8864);
  EXPECT_EQ(static_cast<std::uint16_t>(ether_type::transparent_ethernet_bridging), 0x6558);
  EXPECT_EQ(static_cast<std::uint16_t>(ether_type::macsec), 0x88e5);
  EXPECT_EQ(static_cast<std::uint16_t>(ether_type::lldp), 0x88cc);
}

} // namespace
} // namespace pktscope
