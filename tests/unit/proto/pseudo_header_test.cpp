#include <pktscope/proto/pseudo_header.hpp>

#include <pktscope/core/address.hpp>

#include "support/hex.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// kbandla__dpkt/examples/data/dns_icmp.pcap frame 1: Ethernet/IPv4/UDP DNS query,
// 192.168.43.9 -> 192.168.43.1, udp.length 46, udp.checksum 0xf268 (tshark: status Good).
const std::vector<std::uint8_t> v4_frame =
    from_hex("02 1a 11 f0 c8 3b 60 33 4b 13 c5 58 08 00 45 00"
             "00 42 d0 a6 00 00 40 11 d2 a9 c0 a8 2b 09 c0 a8"
             "2b 01 c9 dd 00 35 00 2e f2 68 52 8e 01 00 00 01"
             "00 00 00 00 00 00 01 38 01 38 01 38 01 38 07 69"
             "6e 2d 61 64 64 72 04 61 72 70 61 00 00 0c 00 01");
constexpr std::size_t v4_ip = 14;
constexpr std::size_t v4_udp = 34;

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/IPv6UdpPacket.pcap frame 1:
// fe80::4dc7:f593:1f7b:dc11 -> ff02::c, udp.length 154, udp.checksum 0x5fea (tshark: Good).
const std::vector<std::uint8_t> v6_frame =
    from_hex("33 33 00 00 00 0c 6c f0 49 b2 de 6e 86 dd 60 00"
             "00 00 00 9a 11 01 fe 80 00 00 00 00 00 00 4d c7"
             "f5 93 1f 7b dc 11 ff 02 00 00 00 00 00 00 00 00"
             "00 00 00 00 00 0c f8 8c 07 6c 00 9a 5f ea 4d 2d"
             "53 45 41 52 43 48 20 2a 20 48 54 54 50 2f 31 2e"
             "31 0d 0a 48 6f 73 74 3a 5b 46 46 30 32 3a 3a 43"
             "5d 3a 31 39 30 30 0d 0a 53 54 3a 75 72 6e 3a 4d"
             "69 63 72 6f 73 6f 66 74 20 57 69 6e 64 6f 77 73"
             "20 50 65 65 72 20 4e 61 6d 65 20 52 65 73 6f 6c"
             "75 74 69 6f 6e 20 50 72 6f 74 6f 63 6f 6c 3a 20"
             "56 34 3a 49 50 56 36 3a 4c 69 6e 6b 4c 6f 63 61"
             "6c 0d 0a 4d 61 6e 3a 22 73 73 64 70 3a 64 69 73"
             "63 6f 76 65 72 22 0d 0a 4d 58 3a 33 0d 0a 0d 0a");
constexpr std::size_t v6_ip = 14;
constexpr std::size_t v6_udp = 54;

TEST(PseudoHeader, Ipv4UdpVerifiesRealPacket) {
  const bytes f(v4_frame);
  auto c = pseudo_header::ipv4(f.subspan(v4_ip + 12, 4), f.subspan(v4_ip + 16, 4), 17, 46);
  c.add(f.subspan(v4_udp, 46));
  EXPECT_TRUE(c.verifies());
}

TEST(PseudoHeader, Ipv4UdpComputesOriginalChecksum) {
  std::vector<std::uint8_t> seg(v4_frame.begin() + v4_udp, v4_frame.end());
  seg[6] = 0;
  seg[7] = 0;
  const auto src = *ipv4_address::parse("192.168.43.9");
  const auto dst = *ipv4_address::parse("192.168.43.1");
  auto c = pseudo_header::ipv4(src, dst, 17, 46);
  c.add(bytes(seg));
  EXPECT_EQ(c.finish(), 0xf268);
}

TEST(PseudoHeader, Ipv6UdpVerifiesRealPacket) {
  const bytes f(v6_frame);
  auto c = pseudo_header::ipv6(f.subspan(v6_ip + 8, 16), f.subspan(v6_ip + 24, 16), 17, 154);
  c.add(f.subspan(v6_udp, 154));
  EXPECT_TRUE(c.verifies());
}

TEST(PseudoHeader, Ipv6UdpComputesOriginalChecksum) {
  std::vector<std::uint8_t> seg(v6_frame.begin() + v6_udp, v6_frame.end());
  seg[6] = 0;
  seg[7] = 0;
  const auto src = *ipv6_address::parse("fe80::4dc7:f593:1f7b:dc11");
  const auto dst = *ipv6_address::parse("ff02::c");
  auto c = pseudo_header::ipv6(src, dst, 17, 154);
  c.add(bytes(seg));
  EXPECT_EQ(c.finish(), 0x5fea);
}

TEST(PseudoHeader, ForAddressesPicksFamilyByLength) {
  const bytes f4(v4_frame);
  auto c4 =
      pseudo_header::for_addresses(f4.subspan(v4_ip + 12, 4), f4.subspan(v4_ip + 16, 4), 17, 46);
  c4.add(f4.subspan(v4_udp, 46));
  EXPECT_TRUE(c4.verifies());
  const bytes f6(v6_frame);
  auto c6 =
      pseudo_header::for_addresses(f6.subspan(v6_ip + 8, 16), f6.subspan(v6_ip + 24, 16), 17, 154);
  c6.add(f6.subspan(v6_udp, 154));
  EXPECT_TRUE(c6.verifies());
}

TEST(PseudoHeader, WrongProtocolDoesNotVerify) {
  const bytes f(v4_frame);
  auto c = pseudo_header::ipv4(f.subspan(v4_ip + 12, 4), f.subspan(v4_ip + 16, 4), 6, 46);
  c.add(f.subspan(v4_udp, 46));
  EXPECT_FALSE(c.verifies());
}

} // namespace
} // namespace pktscope
