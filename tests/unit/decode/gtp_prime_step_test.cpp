// The GTP' port's decoder step (UDP 3386) on corpus frames and frames built for the purpose;
// expected values from `tshark -T fields` on the same bytes. GTP has no layer of its own: the
// user packet shows one tunnel depth down.

#include <pktscope/decode/decoder.hpp>

#include "decode_fixture.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pktscope {
namespace {

using L = layer_id;
using test::addr;
using test::frame;
using test::ids;

// zeek__zeek/testing/btest/Traces/tunnels/gtp/gtp_control_prime.pcap frame 9:
// eth:ethertype:ip:udp:gtp:ip:icmp:data, UDP 3386 both ways. GTPv0 header: flags 0x1e, T-PDU,
// length 84, sequence 0, flow label 1, TID 2400101234567890. tshark: ip.src
// 127.0.0.2,192.168.0.3; ip.dst 127.0.0.1,209.85.227.104; icmp.type 8, icmp.code 0.
constexpr const char* gtp_v0_echo =
    "00 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00 00 84 00 00 40 00 40 11 3c 66 7f 00 "
    "00 02 7f 00 00 01 0d 3a 0d 3a 00 70 b9 b2 1e ff 00 54 00 00 00 01 ff ff ff ff 42 00 "
    "01 21 43 65 87 09 45 00 00 54 00 00 40 00 40 01 c5 3f c0 a8 00 03 d1 55 e3 68 08 00 "
    "e5 e9 00 00 00 00 82 54 f0 4b aa 72 0a 00 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 "
    "16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 "
    "32 33 34 35 36 37";

// A GTP' T-PDU (flags 0x2e: version 1, PT 0, the 6-octet header; length 36, sequence 7)
// around an ICMP echo request from 10.0.0.1 to 10.0.0.2. tshark: eth:ethertype:ip:udp:
// gtpprime:ip:icmp:data; ip.src 127.0.0.2,10.0.0.1; icmp.type 8.
constexpr const char* gtp_prime_echo =
    "00 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00 00 46 00 00 40 00 40 11 3c a4 7f 00 "
    "00 02 7f 00 00 01 0d 3a 0d 3a 00 32 00 00 2e ff 00 24 00 07 45 00 00 24 00 00 40 00 "
    "40 01 26 d7 0a 00 00 01 0a 00 00 02 08 00 54 35 12 34 00 01 61 62 63 64 65 66 67 68";

// The GTPv0 T-PDU with an Ethernet frame inside (EtherType 0x0800 at its octets 12-13).
// tshark: ...:udp:gtpprime:eth:ethertype:ip:icmp:data; ip.src 127.0.0.2,10.0.0.1.
constexpr const char* gtp_v0_ethernet =
    "00 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00 00 62 00 00 40 00 40 11 3c 88 7f 00 "
    "00 02 7f 00 00 01 0d 3a 0d 3a 00 4e 00 00 1e ff 00 32 00 00 00 01 ff ff ff ff 42 00 "
    "01 21 43 65 87 09 02 02 02 02 02 02 04 04 04 04 04 04 08 00 45 00 00 24 00 00 40 00 "
    "40 01 26 d7 0a 00 00 01 0a 00 00 02 08 00 54 35 12 34 00 01 61 62 63 64 65 66 67 68";

TEST(DecodeGtpPrimePort, GtpV0TPduEntersTheUserPacket) {
  const auto p = frame(link_type::ethernet, gtp_v0_echo).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::ipv4, L::icmp}));
  EXPECT_EQ(p.layers[3].offset, 62U); // 14 + 20 + 8 + GTPv0 20
  EXPECT_EQ(p.layers[3].tunnel_depth, 1);
  EXPECT_EQ(addr(p.src_address()), "192.168.0.3");
  EXPECT_EQ(addr(p.dst_address()), "209.85.227.104");
  EXPECT_EQ(p.icmp_type, 8);
  EXPECT_EQ(p.icmp_code, 0);

  decode_options no_tunnels;
  no_tunnels.follow_tunnels = false;
  const auto q = frame(link_type::ethernet, gtp_v0_echo).decode(no_tunnels);
  EXPECT_EQ(ids(q), (std::vector<L>{L::ethernet, L::ipv4, L::udp}));
}

TEST(DecodeGtpPrimePort, GtpPrimeTPduEntersTheUserPacket) {
  const auto p = frame(link_type::ethernet, gtp_prime_echo).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::ipv4, L::icmp}));
  EXPECT_EQ(p.layers[3].offset, 48U); // 14 + 20 + 8 + GTP' 6
  EXPECT_EQ(addr(p.src_address()), "10.0.0.1");
  EXPECT_EQ(p.icmp_type, 8);
}

TEST(DecodeGtpPrimePort, EthernetFrameInsideByItsEtherType) {
  const auto p = frame(link_type::ethernet, gtp_v0_ethernet).decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::ethernet, L::ipv4, L::icmp}));
  EXPECT_EQ(p.layers[3].tunnel_depth, 1);
  EXPECT_EQ(addr(p.src_address()), "10.0.0.1");
}

TEST(DecodeGtpPrimePort, OtherMessagesAndUnknownPacketsStayPayload) {
  const auto udp_only = std::vector<L>{L::ethernet, L::ipv4, L::udp};
  auto echo = frame(link_type::ethernet, gtp_v0_echo);
  echo.data[43] = 0x01; // Echo Request (TS 09.60 §7.4.1) instead of T-PDU
  EXPECT_EQ(ids(echo.decode()), udp_only);

  // First octet 0x44: an IPv4 header of 16 octets, which tshark does not take for IPv4.
  auto short_ihl = frame(link_type::ethernet, gtp_v0_echo);
  short_ihl.data[62] = 0x44;
  EXPECT_EQ(ids(short_ihl.decode()), udp_only);

  // Length 0: the T-PDU is empty however many octets follow.
  auto empty = frame(link_type::ethernet, gtp_v0_echo);
  empty.data[44] = 0;
  empty.data[45] = 0;
  EXPECT_EQ(ids(empty.decode()), udp_only);

  // GTP' version 3 is no GTP' tshark reads.
  auto v3 = frame(link_type::ethernet, gtp_prime_echo);
  v3.data[42] = 0x6e;
  EXPECT_EQ(ids(v3.decode()), udp_only);
}

TEST(DecodeGtpPrimePort, UserPacketEndsAtTheLengthField) {
  // Length 30 instead of 84: the user packet's region ends 30 octets after the GTPv0 header,
  // though its IPv4 header declares 84 and the frame holds them (tshark reads the IPv4 and
  // ICMP headers in those 30 octets alike).
  auto f = frame(link_type::ethernet, gtp_v0_echo);
  f.data[45] = 30;
  const auto p = f.decode();
  EXPECT_EQ(ids(p), (std::vector<L>{L::ethernet, L::ipv4, L::udp, L::ipv4, L::icmp}));
  EXPECT_EQ(p.layers[3].end, 62U + 30U);
  EXPECT_EQ(p.layers[4].end, 62U + 30U);
}

} // namespace
} // namespace pktscope
