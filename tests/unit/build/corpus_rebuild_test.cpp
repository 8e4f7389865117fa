// Byte-exact rebuilds of real packets: each frame of the shared corpus (hex from
// `tshark -r FILE -x`, file and frame named above it) is built again from the field values
// tshark shows for it, and must come out identical: EtherTypes, lengths, next-protocol
// fields and every checksum filled by the builder.

#include <pktscope/build/builder.hpp>

#include "support/hex.hpp"
#include "unit/build/build_support.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;
using test::mac;
using test::v4;
using test::v6;

// kbandla__dpkt/examples/data/dns_icmp.pcap frame 1
const std::vector<std::uint8_t> dns_query_frame =
    from_hex("02 1a 11 f0 c8 3b 60 33 4b 13 c5 58 08 00 45 00 00 42 d0 a6 00 00 40 11"
             "d2 a9 c0 a8 2b 09 c0 a8 2b 01 c9 dd 00 35 00 2e f2 68 52 8e 01 00 00 01"
             "00 00 00 00 00 00 01 38 01 38 01 38 01 38 07 69 6e 2d 61 64 64 72 04 61"
             "72 70 61 00 00 0c 00 01");

// the-tcpdump-group__tcpdump/tests/tcp-handshake-nano.pcap frame 1
const std::vector<std::uint8_t> sll_syn_frame =
    from_hex("00 04 02 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00 00 3c 29 a9 40 00"
             "40 06 db 5f 83 9b d7 45 89 74 51 5e b6 40 00 50 2f 84 2a cb 00 00 00 00"
             "a0 02 6a 40 50 c4 00 00 02 04 05 50 04 02 08 0a 43 6a 03 62 00 00 00 00"
             "01 03 03 07");

// seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/one_http_stream_rst.pcap frame 1
const std::vector<std::uint8_t> qinq_pppoe_syn_frame =
    from_hex("44 2b 03 cd 52 00 6c f0 49 d4 fe a8 81 00 03 ab 81 00 02 e8 88 64 11 00"
             "dd e5 00 36 00 21 45 00 00 34 36 26 40 00 80 06 ec 40 0a 03 41 23 b9 08"
             "d4 2e 13 cc 00 50 9c d2 de 46 00 00 00 00 80 02 20 00 e7 91 00 00 02 04"
             "05 a0 01 03 03 08 01 01 04 02");

// zeek__zeek/testing/btest/Traces/mixed-vlan-mpls.pcap frame 1
const std::vector<std::uint8_t> mpls_syn_frame =
    from_hex("00 30 96 e6 fc 39 00 30 96 05 28 38 88 47 00 01 dd ff 45 c0 00 2c 00 00"
             "00 00 ff 06 a4 e7 0a 01 02 01 0a 22 00 01 2a f9 00 17 98 32 0f fb 00 00"
             "00 00 60 02 10 20 a2 40 00 00 02 04 02 18");

// the-tcpdump-group__tcpdump/tests/vxlan.pcap frame 1
const std::vector<std::uint8_t> vxlan_frame =
    from_hex("00 16 3e 08 71 cf 36 dc 85 1e b3 40 08 00 45 00 00 86 d2 c0 40 00 40 11"
             "51 52 c0 a8 cb 01 c0 a8 ca 01 b0 5d 12 b5 00 72 00 00 08 00 00 00 00 00"
             "64 00 00 30 88 01 00 02 00 16 3e 37 f6 04 08 00 45 00 00 54 00 00 40 00"
             "40 01 23 4f c0 a8 cb 03 c0 a8 cb 05 08 00 f6 f2 05 0c 00 01 fc e2 97 51"
             "00 00 00 00 a6 f8 02 00 00 00 00 00 10 11 12 13 14 15 16 17 18 19 1a 1b"
             "1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33"
             "34 35 36 37");

// the-tcpdump-group__tcpdump/tests/geneve.pcap frame 1
const std::vector<std::uint8_t> geneve_frame =
    from_hex("00 1b 21 3c ac 30 00 1b 21 3c ab 64 08 00 45 00 00 8e df ad 40 00 40 11"
             "32 af 14 00 00 01 14 00 00 02 31 4a 17 c1 00 7a 00 00 02 40 65 58 00 00"
             "0a 00 00 00 80 01 00 00 00 0c fe 71 d8 83 72 4f b6 9e d2 49 51 48 08 00"
             "45 00 00 54 bd a2 40 00 40 01 41 04 1e 00 00 01 1e 00 00 02 08 00 2c 54"
             "29 52 00 17 f1 a2 ce 54 00 00 00 00 17 78 0c 00 00 00 00 00 10 11 12 13"
             "14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b"
             "2c 2d 2e 2f 30 31 32 33 34 35 36 37");

// zeek__zeek/testing/btest/Traces/tunnels/4in6.pcap frame 1
const std::vector<std::uint8_t> four_in_six_frame =
    from_hex("00 90 1a 41 65 41 00 16 cf 41 9c 20 86 dd 60 00 00 00 00 28 04 40 20 02"
             "46 37 d5 d3 00 00 00 00 00 00 46 37 d5 d3 20 01 48 60 00 00 20 01 00 00"
             "00 00 00 00 00 68 45 00 00 28 00 01 00 00 40 06 3b 6b 46 37 d5 d3 c0 58"
             "63 01 7a 69 00 50 00 00 00 00 00 00 00 00 50 02 20 00 d5 c4 00 00");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/IcmpV6_NeighAdvSoli.pcap frame 1
const std::vector<std::uint8_t> ns_frame =
    from_hex("33 33 ff f5 00 00 c2 00 54 f5 00 00 86 dd 6e 00 00 00 00 18 3a ff 00 00"
             "00 00 00 00 00 00 00 00 00 00 00 00 00 00 ff 02 00 00 00 00 00 00 00 00"
             "00 01 ff f5 00 00 87 00 67 3c 00 00 00 00 fe 80 00 00 00 00 00 00 c0 00"
             "54 ff fe f5 00 00");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/IcmpV6_NeighAdvSoli.pcap frame 2
const std::vector<std::uint8_t> na_frame =
    from_hex("33 33 00 00 00 01 c2 00 54 f5 00 00 86 dd 6e 00 00 00 00 20 3a ff fe 80"
             "00 00 00 00 00 00 c0 00 54 ff fe f5 00 00 ff 02 00 00 00 00 00 00 00 00"
             "00 00 00 00 00 01 88 00 9a bb a0 00 00 00 fe 80 00 00 00 00 00 00 c0 00"
             "54 ff fe f5 00 00 02 01 c2 00 54 f5 00 00");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/IcmpV6_EchoMessages.pcap frame 1
const std::vector<std::uint8_t> echo6_frame =
    from_hex("00 15 5d 70 fc 2e 00 15 5d a5 c4 c5 86 dd 60 0d 2c e3 00 40 3a 40 fe 80"
             "00 00 00 00 00 00 02 15 5d ff fe a5 c4 c5 fe 80 00 00 00 00 00 00 dd 05"
             "da e0 74 bc 73 41 80 00 7a 4c 00 18 00 14 bd ce cb 62 00 00 00 00 f3 a1"
             "09 00 00 00 00 00 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21"
             "22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/ArpResponsePacket.pcap frame 1
const std::vector<std::uint8_t> arp_reply_frame =
    from_hex("6c f0 49 b2 de 6e 30 46 9a 23 fb fa 08 06 00 01 08 00 06 04 00 02 30 46"
             "9a 23 fb fa 0a 00 00 8a 6c f0 49 b2 de 6e 0a 00 00 01 74 20 66 72 6f 6d"
             "20 62 72 69 64 67 65 00 37 00 3d 20");

// the-tcpdump-group__tcpdump/tests/forces1.pcap frame 1
const std::vector<std::uint8_t> sctp_frame =
    from_hex("00 04 ff fe 00 00 00 00 00 00 00 00 00 00 08 00 45 02 01 7c 00 04 40 00"
             "40 84 88 17 96 8c fe ca d3 81 48 08 de f5 1a 30 f3 41 e0 e1 df a1 0f 3d"
             "00 03 01 5c 3e 77 c6 e6 00 00 00 01 00 00 00 00 10 14 00 53 00 00 00 02"
             "40 00 00 01 00 00 00 00 00 00 00 01 38 40 00 00 10 00 01 34 00 00 00 01"
             "00 00 00 01 00 09 01 28 01 10 01 24 00 00 00 01 00 00 00 02 01 12 01 18"
             "00 00 00 00 00 00 00 01 00 00 00 01 00 00 00 01 00 00 00 02 00 00 00 01"
             "00 00 00 02 00 00 00 03 00 00 00 01 00 00 00 03 00 00 00 03 00 00 00 02"
             "00 00 00 04 00 00 00 04 00 00 00 01 00 00 00 05 00 00 00 04 00 00 00 02"
             "00 00 00 06 00 00 00 05 00 00 00 01 00 00 00 07 00 00 00 05 00 00 00 02"
             "00 00 00 08 00 00 00 06 00 00 00 01 00 00 00 09 00 00 00 07 00 00 00 01"
             "00 00 00 0a 00 00 00 07 00 00 00 02 00 00 00 0b 00 00 00 08 00 00 00 01"
             "00 00 00 0c 00 00 00 09 00 00 00 01 00 00 00 0d 00 00 00 0a 00 00 00 01"
             "00 00 00 0e 00 00 00 0b 00 00 00 01 00 00 00 0f 00 00 00 0c 00 00 00 01"
             "00 00 00 10 00 00 00 0d 00 00 00 01 00 00 00 11 00 00 00 0e 00 00 00 01"
             "00 00 00 12 00 00 00 0f 00 00 00 01 00 00 00 13 00 00 00 10 00 00 00 01"
             "00 00 00 14 00 00 00 11 00 00 00 01 00 00 00 15 00 00 00 12 00 00 00 01"
             "00 00 00 16 00 00 00 13 00 00 00 01");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/GrePackets.pcap frame 7
const std::vector<std::uint8_t> gre_teb_frame =
    from_hex("00 ae f3 52 aa d1 00 02 15 37 a2 44 08 00 45 00 00 52 00 01 00 00 40 2f"
             "70 73 01 02 03 04 04 03 02 01 20 00 65 58 00 00 fd e8 00 01 02 03 04 05"
             "00 01 23 45 56 78 08 00 45 00 00 28 00 01 00 00 40 06 66 c7 0a 00 00 04"
             "0a 00 00 05 04 d0 00 50 00 00 00 00 00 00 00 00 50 02 20 00 76 ba 00 00");

/// The corpus bytes from `offset` on (payload octets the builder copies as given).
bytes tail(const std::vector<std::uint8_t>& frame, std::size_t offset, std::size_t n = 0) {
  return bytes(frame).subspan(offset, n == 0 ? frame.size() - offset : n);
}

TEST(BuildCorpus, EthernetIpv4UdpDnsQuery) {
  std::array<std::uint8_t, 512> buf{};
  dns::message_builder m(buf, 0x528e, 0x0100);
  ASSERT_TRUE(m.add_question("8.8.8.8.in-addr.arpa", dns::qtype::ptr));
  const auto pkt =
      build::ethernet(mac("60:33:4b:13:c5:58"), mac("02:1a:11:f0:c8:3b"))
          .ipv4(v4("192.168.43.9"), v4("192.168.43.1"), {.identification = 0xd0a6, .ttl = 64})
          .udp(51677, 53)
          .dns(m);
  EXPECT_EQ(pkt.to_vector(), dns_query_frame);
}

TEST(BuildCorpus, SllIpv4TcpSynWithLinuxOptions) {
  const linux_sll::header sll{linux_sll::packet_type::outgoing, linux_sll::arphrd::ppp, 0, {}, 0};
  const auto pkt = build::linux_sll(sll)
                       .ipv4(v4("131.155.215.69"), v4("137.116.81.94"),
                             {.identification = 0x29a9, .flags = ipv4::flag_df, .ttl = 64})
                       .tcp(46656, 80,
                            {.seq = 0x2f842acb,
                             .window = 0x6a40,
                             .options = {.mss = 1360,
                                         .window_scale = 7,
                                         .sack_permitted = true,
                                         .timestamps = tcp::timestamps{0x436a0362, 0}}});
  EXPECT_EQ(pkt.to_vector(), sll_syn_frame);
  EXPECT_EQ(pkt.link(), link_type::linux_sll);
}

TEST(BuildCorpus, TwoVlanTagsPppoeIpv4Tcp) {
  const std::uint8_t windows_order[] = {0x01, 0x03, 0x03, 0x08, 0x01, 0x01, 0x04, 0x02};
  const auto pkt =
      build::ethernet(mac("6c:f0:49:d4:fe:a8"), mac("44:2b:03:cd:52:00"))
          .vlan(939)
          .vlan(744)
          .pppoe(0xdde5)
          .ipv4(v4("10.3.65.35"), v4("185.8.212.46"),
                {.identification = 0x3626, .flags = ipv4::flag_df, .ttl = 128})
          .tcp(5068, 80,
               {.seq = 0x9cd2de46, .window = 8192, .options = {.mss = 1440, .raw = windows_order}});
  EXPECT_EQ(pkt.to_vector(), qinq_pppoe_syn_frame);
}

TEST(BuildCorpus, MplsIpv4Tcp) {
  const auto pkt =
      build::ethernet(mac("00:30:96:05:28:38"), mac("00:30:96:e6:fc:39"))
          .mpls(29, 255, 6)
          .ipv4(v4("10.1.2.1"), v4("10.34.0.1"), {.tos = 0xc0, .ttl = 255})
          .tcp(11001, 23, {.seq = 0x98320ffb, .window = 4128, .options = {.mss = 536}});
  EXPECT_EQ(pkt.to_vector(), mpls_syn_frame);
}

TEST(BuildCorpus, VxlanWithNestedInnerFrame) {
  const auto inner =
      build::ethernet(mac("00:16:3e:37:f6:04"), mac("00:30:88:01:00:02"))
          .ipv4(v4("192.168.203.3"), v4("192.168.203.5"), {.flags = ipv4::flag_df, .ttl = 64})
          .icmp(build::icmp_echo(0x050c, 1))
          .payload(tail(vxlan_frame, 92));
  const auto pkt = build::ethernet(mac("36:dc:85:1e:b3:40"), mac("00:16:3e:08:71:cf"))
                       .ipv4(v4("192.168.203.1"), v4("192.168.202.1"),
                             {.identification = 0xd2c0, .flags = ipv4::flag_df, .ttl = 64})
                       .udp(45149, vxlan::udp_port, {.checksum = false})
                       .vxlan(100)
                       .inner(inner);
  EXPECT_EQ(pkt.to_vector(), vxlan_frame);
}

TEST(BuildCorpus, GeneveWithOptionAndContinuedChain) {
  const std::uint8_t option[] = {0x00, 0x00, 0x80, 0x01, 0x00, 0x00, 0x00, 0x0c};
  const auto pkt = build::ethernet(mac("00:1b:21:3c:ab:64"), mac("00:1b:21:3c:ac:30"))
                       .ipv4(v4("20.0.0.1"), v4("20.0.0.2"),
                             {.identification = 0xdfad, .flags = ipv4::flag_df, .ttl = 64})
                       .udp(12618, geneve::udp_port, {.checksum = false})
                       .geneve(10, option, geneve::bits::critical)
                       .ethernet(mac("b6:9e:d2:49:51:48"), mac("fe:71:d8:83:72:4f"))
                       .ipv4(v4("30.0.0.1"), v4("30.0.0.2"),
                             {.identification = 0xbda2, .flags = ipv4::flag_df, .ttl = 64})
                       .icmp(build::icmp_echo(0x2952, 0x17))
                       .payload(tail(geneve_frame, 100));
  EXPECT_EQ(pkt.to_vector(), geneve_frame);
}

TEST(BuildCorpus, Ipv4InIpv6) {
  const auto pkt =
      build::ethernet(mac("00:16:cf:41:9c:20"), mac("00:90:1a:41:65:41"))
          .ipv6(v6("2002:4637:d5d3::4637:d5d3"), v6("2001:4860:0:2001::68"))
          .ipv4(v4("70.55.213.211"), v4("192.88.99.1"), {.identification = 1, .ttl = 64})
          .tcp(31337, 80, {.window = 8192});
  EXPECT_EQ(pkt.to_vector(), four_in_six_frame);
}

TEST(BuildCorpus, NeighborSolicitation) {
  const auto pkt =
      build::ethernet(mac("c2:00:54:f5:00:00"), mac("33:33:ff:f5:00:00"))
          .ipv6(v6("::"), v6("ff02::1:fff5:0"), {.traffic_class = 0xe0, .hop_limit = 255})
          .neighbor_solicitation(v6("fe80::c000:54ff:fef5:0"));
  EXPECT_EQ(pkt.to_vector(), ns_frame);
}

TEST(BuildCorpus, NeighborAdvertisementWithTargetLinkAddress) {
  const auto pkt = build::ethernet(mac("c2:00:54:f5:00:00"), mac("33:33:00:00:00:01"))
                       .ipv6(v6("fe80::c000:54ff:fef5:0"), v6("ff02::1"),
                             {.traffic_class = 0xe0, .hop_limit = 255})
                       .neighbor_advertisement(v6("fe80::c000:54ff:fef5:0"),
                                               icmpv6::na_router | icmpv6::na_override,
                                               mac("c2:00:54:f5:00:00"));
  EXPECT_EQ(pkt.to_vector(), na_frame);
}

TEST(BuildCorpus, Icmpv6EchoRequest) {
  const auto pkt = build::ethernet(mac("00:15:5d:a5:c4:c5"), mac("00:15:5d:70:fc:2e"))
                       .ipv6(v6("fe80::215:5dff:fea5:c4c5"), v6("fe80::dd05:dae0:74bc:7341"),
                             {.flow_label = 0xd2ce3, .hop_limit = 64})
                       .icmpv6(build::icmpv6_echo(0x18, 0x14))
                       .payload(tail(echo6_frame, 62));
  EXPECT_EQ(pkt.to_vector(), echo6_frame);
}

TEST(BuildCorpus, ArpReplyWithTrailer) {
  const auto pkt = build::ethernet(mac("30:46:9a:23:fb:fa"), mac("6c:f0:49:b2:de:6e"))
                       .arp(arp::operation::reply, mac("30:46:9a:23:fb:fa"), v4("10.0.0.138"),
                            mac("6c:f0:49:b2:de:6e"), v4("10.0.0.1"))
                       .payload(tail(arp_reply_frame, 42));
  EXPECT_EQ(pkt.to_vector(), arp_reply_frame);
}

TEST(BuildCorpus, SllIpv4SctpDataChunk) {
  const linux_sll::header sll{linux_sll::packet_type::outgoing, linux_sll::arphrd::none, 0, {}, 0};
  const auto pkt = build::linux_sll(sll)
                       .ipv4(v4("150.140.254.202"), v4("211.129.72.8"),
                             {.tos = 2, .identification = 4, .flags = ipv4::flag_df, .ttl = 64})
                       .sctp(57077, 6704, 0xf341e0e1)
                       .chunk(sctp::chunk_type::data, 3, tail(sctp_frame, 52));
  EXPECT_EQ(pkt.to_vector(), sctp_frame);
}

TEST(BuildCorpus, GreKeyTransparentEthernet) {
  const auto pkt = build::ethernet(mac("00:02:15:37:a2:44"), mac("00:ae:f3:52:aa:d1"))
                       .ipv4(v4("1.2.3.4"), v4("4.3.2.1"), {.identification = 1, .ttl = 64})
                       .gre({.key = 0xfde8})
                       .ethernet(mac("00:01:23:45:56:78"), mac("00:01:02:03:04:05"))
                       .ipv4(v4("10.0.0.4"), v4("10.0.0.5"), {.identification = 1, .ttl = 64})
                       .tcp(1232, 80, {.window = 8192});
  EXPECT_EQ(pkt.to_vector(), gre_teb_frame);
}

} // namespace
} // namespace pktscope
