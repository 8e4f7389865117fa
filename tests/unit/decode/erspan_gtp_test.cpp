// ERSPAN (in GRE) and GTP-U (in UDP) decoder steps on corpus frames; expected values from
// `tshark -T fields` on the same frames. Neither has a layer of its own: the tunnel shows as
// the inner stack one tunnel depth down.

#include <pktscope/decode/decoder.hpp>
#include <pktscope/proto/gtp.hpp>

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

// the-tcpdump-group__tcpdump/tests/erspan-type-ii-1.pcap frame 1:
// eth:ethertype:ip:gre:erspan:eth:ethertype:ip:pim. tshark: eth.src 00:25:9e:81:b3:54,
// 00:1f:9e:d2:a9:80; ip.src 1.1.1.2,10.48.6.1; ip.dst 192.168.255.5,224.0.0.13; ip.proto 47,103.
constexpr const char* erspan2_ipv4_pim =
    "00 e0 00 9b 6d 81 00 25 9e 81 b3 54 08 00 45 fc 00 6c 00 ab 40 00 fb 2f bc 0a 01 01 01 02 "
    "c0 a8 ff 05 10 00 88 be 00 00 00 ab 11 56 c2 9a 00 00 7f f8 01 00 5e 00 00 0d 00 1f 9e d2 "
    "a9 80 08 00 45 c0 00 3a 5b f4 00 00 01 67 6c 6b 0a 30 06 01 e0 00 00 0d 20 00 c5 30 00 01 "
    "00 02 00 69 00 14 00 04 2c 6c ee c0 00 13 00 04 00 00 00 01 00 15 00 04 01 00 00 00 fd ec "
    "00 00";

TEST(DecodeErspan, TypeTwoEntersTheMirroredEthernetFrame) {
  const auto p = frame(link_type::ethernet, erspan2_ipv4_pim).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::gre, L::ethernet, L::ipv4, L::pim}));
  EXPECT_EQ(p.layers[3].offset, 50U); // 14 + 20 + GRE 8 (S) + ERSPAN II 8
  EXPECT_EQ(p.layers[3].tunnel_depth, 1);
  EXPECT_EQ(addr(p.src_address()), "10.48.6.1");
  EXPECT_EQ(addr(p.dst_address()), "224.0.0.13");
  EXPECT_EQ(p.ip_protocol, 103);

  decode_options no_tunnels;
  no_tunnels.follow_tunnels = false;
  const auto q = frame(link_type::ethernet, erspan2_ipv4_pim).decode(no_tunnels);
  EXPECT_EQ(ids(q), (std::vector<L>{L::ethernet, L::ipv4, L::gre}));
}

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/gtp-u.pcap frame 1:
// eth:ethertype:ip:udp:gtp:ip:icmp:data. GTP flags 0x32 (version 1, PT, S), message 0xff,
// length 88, TEID 1, sequence 0x28db. tshark: gtp.teid 0x00000001; ip.src
// 192.168.40.179,202.11.40.158; ip.dst 192.168.40.178 (both); icmp.type 8.
constexpr const char* gtpu_ipv4_icmp =
    "00 0c 29 da d1 de 00 0c 29 e3 c6 4d 08 00 45 00 00 7c 00 00 40 00 40 11 67 bb c0 a8 28 b3 "
    "c0 a8 28 b2 08 68 08 68 00 68 bf 64 32 ff 00 58 00 00 00 01 28 db 00 00 45 00 00 54 00 00 "
    "40 00 40 01 5e a5 ca 0b 28 9e c0 a8 28 b2 08 00 be e7 00 00 28 7b 04 11 20 4b f4 3d 0d 00 "
    "08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 "
    "26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37";

TEST(DecodeGtpU, GPduEntersTheUserPacket) {
  const auto p = frame(link_type::ethernet, gtpu_ipv4_icmp).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::ipv4, L::icmp}));
  EXPECT_EQ(p.layers[3].offset, 54U); // 14 + 20 + 8 + GTP 8 + optional word 4
  EXPECT_EQ(p.layers[3].tunnel_depth, 1);
  EXPECT_EQ(addr(p.src_address()), "202.11.40.158");
  EXPECT_EQ(addr(p.dst_address()), "192.168.40.178");
  EXPECT_EQ(p.transport, L::icmp);
  EXPECT_EQ(p.icmp_type, 8);
}

TEST(GtpView, HeaderFieldsAndExtensionChain) {
  const auto b = test::from_hex(gtpu_ipv4_icmp);
  const auto v = gtp::view::parse(bytes(b).subspan(42));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->version(), 1);
  EXPECT_EQ(v->message_type(), gtp::message_g_pdu);
  EXPECT_EQ(v->length(), 88);
  EXPECT_EQ(v->teid(), 1U);
  EXPECT_EQ(v->sequence(), 0x28db);
  EXPECT_EQ(v->header_length(), 12U);

  // TS 29.281 §5.2: E set, next type 0x85 (PDU session container), one extension header of
  // length 1 (4 octets) whose last octet ends the chain.
  const auto e = test::from_hex("34 ff 00 0c 00 00 00 07 00 00 00 85 01 10 09 00 45 00");
  const auto w = gtp::view::parse(bytes(e));
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->header_length(), 16U);
  // An extension header cut short, and one of length 0.
  EXPECT_FALSE(gtp::view::parse(bytes(e).first(14)).has_value());
  const auto z = test::from_hex("34 ff 00 0c 00 00 00 07 00 00 00 85 00 10 09 00 45 00");
  EXPECT_FALSE(gtp::view::parse(bytes(z)).has_value());
  // GTP' (PT 0) and version 2 are not GTPv1-U.
  EXPECT_FALSE(gtp::view::parse(bytes(test::from_hex("22 ff 00 00 00 00 00 01"))).has_value());
  EXPECT_FALSE(gtp::view::parse(bytes(test::from_hex("50 ff 00 00 00 00 00 01"))).has_value());
}

} // namespace
} // namespace pktscope
