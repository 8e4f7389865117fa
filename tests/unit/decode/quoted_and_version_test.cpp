// Decoder behaviours found by the dump-vs-tshark differential test: the ports-only TCP header
// an ICMP error quotes, and LINKTYPE_IPV4/IPV6 packets of the other IP version. Frames from
// the corpus; expected values from `tshark -T fields` on the same frame.

#include <pktscope/decode/decoder.hpp>
#include <pktscope/proto/tcp.hpp>

#include "corpus_frames.hpp"
#include "decode_fixture.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using L = layer_id;
using test::addr;
using test::frame;
using test::ids;
namespace corpus = test::corpus;

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/IcmpPackets.pcap frame 13: ICMP
// source quench (type 4) quoting an IPv4 header (total length 28) and 8 octets of TCP. The
// quoted datagram from frame offset 42. tshark: ip.src 1.2.3.4, ip.dst 5.6.7.8 (second
// occurrences), tcp.srcport 0, tcp.dstport 0, no tcp.seq_raw/flags/hdr_len.
constexpr const char* icmp_quoted_ipv4_tcp8 = "45 00 00 1c 0c 80 00 00 40 06 5e 49 01 02 03 04 "
                                              "05 06 07 08 00 00 00 00 00 08 ef c1";

TEST(DecodeQuotedDatagram, PartialTcpRecordedOnlyWhenAsked) {
  decode_options opt;
  opt.partial_transport = true;
  const frame fr(link_type::raw, icmp_quoted_ipv4_tcp8); // outlives the views taken of p below
  const auto p = fr.decode(opt);
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4, L::tcp}));
  EXPECT_EQ(addr(p.src_address()), "1.2.3.4");
  EXPECT_EQ(addr(p.dst_address()), "5.6.7.8");
  EXPECT_EQ(p.transport, L::tcp);
  EXPECT_TRUE(p.transport_partial);
  EXPECT_EQ(p.src_port, 0);
  EXPECT_EQ(p.dst_port, 0);
  EXPECT_EQ(p.layers[1].length, 8);
  EXPECT_TRUE(p.stopped.has_value()); // still reported as cut short
  // The view itself refuses the 8 octets: consumers must look at transport_partial.
  EXPECT_FALSE(p.view_of<tcp::view>(p.layers[1]).has_value());

  const auto q = frame(link_type::raw, icmp_quoted_ipv4_tcp8).decode();
  EXPECT_EQ(ids(q), (std::vector<L>{L::ipv4}));
  EXPECT_FALSE(q.transport_partial);
  EXPECT_EQ(q.transport, L::none);
}

// A partial header needs at least the two ports.
TEST(DecodeQuotedDatagram, FewerThanFourOctetsIsNoLayer) {
  decode_options opt;
  opt.partial_transport = true;
  const auto p =
      frame(link_type::raw, "45 00 00 17 0c 80 00 00 40 06 5e 49 01 02 03 04 05 06 07 08 00 00 00")
          .decode(opt);
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv4}));
  EXPECT_FALSE(p.transport_partial);
}

// the-tcpdump-group__tcpdump/tests/LINKTYPE_IPV4_invalid.pcap frame 1 holds the bytes of
// corpus::raw_ipv6_udp_dns under LINKTYPE_IPV4 (228). tshark: frame.protocols
// ip:ipv6:udp:dns, ipv6.src 2001:db8::1, ipv6.dst 2620:fe::9, ipv6.nxt 17, ipv6.plen 37.
TEST(DecodeLinkTypes, OtherVersionUnderIpv4Or6LinkTypeFollowsTheNibble) {
  const auto p = frame(link_type::ipv4, corpus::raw_ipv6_udp_dns).decode(test::all_on());
  EXPECT_EQ(ids(p), (std::vector<L>{L::ipv6, L::udp, L::dns}));
  EXPECT_EQ(p.ip_version, 6);
  EXPECT_EQ(addr(p.src_address()), "2001:db8::1");
  EXPECT_EQ(addr(p.dst_address()), "2620:fe::9");
  EXPECT_EQ(p.ip_protocol, 17);

  // the-tcpdump-group__tcpdump/tests/LINKTYPE_IPV6_invalid.pcap frame 1 holds the bytes of
  // corpus::raw_ipv4_udp_dns under LINKTYPE_IPV6 (229): tshark prints no ip.src/ip.dst there
  // (its IPv6 dissector reads version 4 and stops); so does pktscope.
  const auto q = frame(link_type::ipv6, corpus::raw_ipv4_udp_dns).decode(test::all_on());
  EXPECT_TRUE(ids(q).empty());
  EXPECT_EQ(q.ip_version, 0);
}

} // namespace
} // namespace pktscope
