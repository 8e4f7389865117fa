#include <pktscope/proto/icmpv6.hpp>
#include <pktscope/proto/ipv6.hpp>
#include <pktscope/proto/pseudo_header.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// Fixtures are whole IPv6 packets (link layer stripped) so checksums can be verified over
// the pseudo-header; expectations are tshark's values.

// zeek/zeek testing/btest/Traces/icmp/icmp6-ping.pcap, frame 1: echo request.
// tshark: icmpv6.type 128, code 0, checksum 0x2910 (good), identifier 0x0001, sequence 3.
const auto ping = from_hex("60 00 00 00 00 28 3a 80 26 20 00 00 0e 00 40 0e"
                           "0d 1d db 37 0b eb 5a ac 20 01 48 60 80 06 00 00"
                           "00 00 00 00 00 00 00 63 80 00 29 10 00 01 00 03"
                           "61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70"
                           "71 72 73 74 75 76 77 61 62 63 64 65 66 67 68 69");

// zeek/zeek testing/btest/Traces/icmp/icmp6-toobig.pcap, frame 1: packet too big.
// tshark: type 2, checksum 0xecba (good), icmpv6.mtu 1280; quotes IPv6/UDP.
const auto too_big = from_hex("60 00 00 00 00 3c 3a 40 fe 80 00 00 00 00 00 00"
                              "00 00 00 00 00 00 de ad fe 80 00 00 00 00 00 00"
                              "00 00 00 00 00 00 be ef 02 00 ec ba 00 00 05 00"
                              "60 00 00 00 00 0c 11 40 fe 80 00 00 00 00 00 00"
                              "00 00 00 00 00 00 be ef fe 80 00 00 00 00 00 00"
                              "00 00 00 00 00 00 de ad 75 30 32 c8 00 0c 0c 8e"
                              "58 58 58 58");

// zeek/zeek testing/btest/Traces/icmp/icmp6-neighbor-solicit.pcap, frame 1.
// tshark: type 135, checksum 0x24ce (good), icmpv6.nd.ns.target_address fe80::babe.
const auto ns = from_hex("60 00 00 00 00 18 3a ff fe 80 00 00 00 00 00 00"
                         "00 00 00 00 00 00 de ad fe 80 00 00 00 00 00 00"
                         "00 00 00 00 00 00 be ef 87 00 24 ce 00 00 00 00"
                         "fe 80 00 00 00 00 00 00 00 00 00 00 00 00 ba be");

// zeek/zeek testing/btest/Traces/icmp/icmp6-nd-options.pcap, frame 2: neighbor advertisement.
// tshark: checksum 0x9abb (good), flags R=1 S=0 O=1, target fe80::c000:54ff:fef5:0,
// option type 2 length 1, icmpv6.opt.linkaddr c2:00:54:f5:00:00.
const auto na = from_hex("6e 00 00 00 00 20 3a ff fe 80 00 00 00 00 00 00"
                         "c0 00 54 ff fe f5 00 00 ff 02 00 00 00 00 00 00"
                         "00 00 00 00 00 00 00 01 88 00 9a bb a0 00 00 00"
                         "fe 80 00 00 00 00 00 00 c0 00 54 ff fe f5 00 00"
                         "02 01 c2 00 54 f5 00 00");

// Same file, frame 3: router advertisement. tshark: checksum 0xc4fe (good), cur_hop_limit 64,
// flags 0x00, router_lifetime 1800, reachable 0, retrans 0; options 1,5,3 with lengths
// 1,1,4: linkaddr c2:00:54:f5:00:00, mtu 1500, prefix 2001:db8:0:1::/64 L=1 A=1 R=0, valid
// 2592000, preferred 604800.
const auto ra = from_hex("6e 00 00 00 00 40 3a ff fe 80 00 00 00 00 00 00"
                         "c0 00 54 ff fe f5 00 00 ff 02 00 00 00 00 00 00"
                         "00 00 00 00 00 00 00 01 86 00 c4 fe 40 00 07 08"
                         "00 00 00 00 00 00 00 00 01 01 c2 00 54 f5 00 00"
                         "05 01 00 00 00 00 05 dc 03 04 40 c0 00 27 8d 00"
                         "00 09 3a 80 00 00 00 00 20 01 0d b8 00 00 00 01"
                         "00 00 00 00 00 00 00 00");

// zeek/zeek testing/btest/Traces/icmp/icmp6-redirect.pcap, frame 1. tshark: type 137,
// checksum 0x593e (good), target fe80::cafe, destination fe80::babe.
const auto redirect = from_hex("60 00 00 00 00 28 3a ff fe 80 00 00 00 00 00 00"
                               "00 00 00 00 00 00 de ad fe 80 00 00 00 00 00 00"
                               "00 00 00 00 00 00 be ef 89 00 59 3e 00 00 00 00"
                               "fe 80 00 00 00 00 00 00 00 00 00 00 00 00 ca fe"
                               "fe 80 00 00 00 00 00 00 00 00 00 00 00 00 ba be");

struct parsed {
  ipv6::view ip;
  icmpv6::view msg;
  internet_checksum pseudo;
};

parsed parse_packet(const std::vector<std::uint8_t>& pkt) {
  const auto ip = *ipv6::view::parse(pkt);
  const auto msg = *icmpv6::view::parse(ip.payload());
  return {ip, msg,
          pseudo_header::ipv6(ip.src_bytes(), ip.dst_bytes(), 58,
                              static_cast<std::uint32_t>(ip.payload().size()))};
}

TEST(Icmpv6, DecodesEchoRequest) {
  const auto p = parse_packet(ping);
  EXPECT_EQ(p.msg.kind(), icmpv6::message_type::echo_request);
  EXPECT_EQ(p.msg.code(), 0);
  EXPECT_EQ(p.msg.checksum(), 0x2910);
  EXPECT_TRUE(p.msg.checksum_ok(p.pseudo));
  EXPECT_EQ(p.msg.verify_checksum(p.pseudo, 40), checksum_status::good);
  EXPECT_EQ(p.msg.verify_checksum(p.pseudo, 41), checksum_status::unverified);
  EXPECT_EQ(p.msg.identifier(), 1);
  EXPECT_EQ(p.msg.sequence(), 3);
  EXPECT_FALSE(p.msg.is_error());
  EXPECT_TRUE(p.msg.original_packet().empty());
  EXPECT_EQ(p.msg.payload().size(), 32U);
}

TEST(Icmpv6, DecodesPacketTooBigWithQuotedPacket) {
  const auto p = parse_packet(too_big);
  EXPECT_EQ(p.msg.kind(), icmpv6::message_type::packet_too_big);
  EXPECT_TRUE(p.msg.checksum_ok(p.pseudo));
  EXPECT_EQ(p.msg.mtu(), 1280U);
  ASSERT_TRUE(p.msg.is_error());
  const auto inner = ipv6::view::parse(p.msg.original_packet());
  ASSERT_TRUE(inner);
  EXPECT_EQ(inner->next_header(), ip_protocol::udp);
  EXPECT_EQ(inner->src().to_string(), "fe80::beef");
  EXPECT_EQ(inner->dst().to_string(), "fe80::dead");
  EXPECT_EQ(inner->payload_length(), 12);
}

TEST(Icmpv6, BadChecksumDetected) {
  auto b = ping;
  b[60] ^= 0x40;
  const auto p = parse_packet(b);
  EXPECT_FALSE(p.msg.checksum_ok(p.pseudo));
  EXPECT_EQ(p.msg.verify_checksum(p.pseudo, 40), checksum_status::bad);
}

TEST(Icmpv6, FillChecksumRestoresWireValue) {
  auto b = ra;
  const auto ip = *ipv6::view::parse(b);
  const auto pseudo = pseudo_header::ipv6(ip.src_bytes(), ip.dst_bytes(), 58, 64);
  auto m = icmpv6::mut_view::parse(mut_bytes(b).subspan(40));
  ASSERT_TRUE(m);
  m->set_checksum(0);
  m->fill_checksum(pseudo);
  EXPECT_EQ(b, ra);
  m->set_type(129);
  m->set_identifier(5);
  m->set_sequence(6);
  m->fill_checksum(pseudo);
  EXPECT_TRUE(m->as_view().checksum_ok(pseudo));
  EXPECT_EQ(m->as_view().identifier(), 5);
  EXPECT_EQ(m->as_view().sequence(), 6);
}

TEST(Icmpv6, NeighborSolicitation) {
  const auto p = parse_packet(ns);
  EXPECT_TRUE(p.msg.checksum_ok(p.pseudo));
  const auto nd = icmpv6::nd_view::parse(p.msg);
  ASSERT_TRUE(nd);
  EXPECT_EQ(nd->type(), icmpv6::message_type::neighbor_solicitation);
  EXPECT_EQ(nd->target().to_string(), "fe80::babe");
  EXPECT_TRUE(nd->options().empty());
}

TEST(Icmpv6, NeighborAdvertisementWithTargetLinkLayerAddress) {
  const auto p = parse_packet(na);
  EXPECT_TRUE(p.msg.checksum_ok(p.pseudo));
  const auto nd = icmpv6::nd_view::parse(p.msg);
  ASSERT_TRUE(nd);
  EXPECT_EQ(nd->na_flags() & icmpv6::na_router, icmpv6::na_router);
  EXPECT_EQ(nd->na_flags() & icmpv6::na_solicited, 0);
  EXPECT_EQ(nd->na_flags() & icmpv6::na_override, icmpv6::na_override);
  EXPECT_EQ(nd->target().to_string(), "fe80::c000:54ff:fef5:0");
  auto it = nd->option_iter();
  const auto o = it.next();
  ASSERT_TRUE(o);
  EXPECT_EQ(o->type, icmpv6::nd_option_type::target_link_layer_address);
  EXPECT_EQ(o->length, 1);
  EXPECT_EQ(icmpv6::mac_of(*o)->to_string(), "c2:00:54:f5:00:00");
  EXPECT_FALSE(it.next());
  EXPECT_FALSE(it.malformed());
}

TEST(Icmpv6, RouterAdvertisementWithOptions) {
  const auto p = parse_packet(ra);
  EXPECT_TRUE(p.msg.checksum_ok(p.pseudo));
  const auto nd = icmpv6::nd_view::parse(p.msg);
  ASSERT_TRUE(nd);
  EXPECT_EQ(nd->cur_hop_limit(), 64);
  EXPECT_EQ(nd->ra_flags(), 0);
  EXPECT_EQ(nd->router_lifetime(), 1800);
  EXPECT_EQ(nd->reachable_time(), 0U);
  EXPECT_EQ(nd->retrans_timer(), 0U);
  auto it = nd->option_iter();
  const auto sll = it.next();
  ASSERT_TRUE(sll);
  EXPECT_EQ(sll->type, icmpv6::nd_option_type::source_link_layer_address);
  EXPECT_EQ(icmpv6::mac_of(*sll)->to_string(), "c2:00:54:f5:00:00");
  const auto mtu = it.next();
  ASSERT_TRUE(mtu);
  EXPECT_EQ(icmpv6::mtu_of(*mtu), 1500U);
  EXPECT_FALSE(icmpv6::mac_of(*mtu));
  const auto pi_opt = it.next();
  ASSERT_TRUE(pi_opt);
  EXPECT_EQ(pi_opt->length, 4);
  const auto pi = icmpv6::prefix_information::from(*pi_opt);
  ASSERT_TRUE(pi);
  EXPECT_EQ(pi->prefix_length, 64);
  EXPECT_TRUE(pi->on_link);
  EXPECT_TRUE(pi->autonomous);
  EXPECT_FALSE(pi->router_address);
  EXPECT_EQ(pi->valid_lifetime, 2592000U);
  EXPECT_EQ(pi->preferred_lifetime, 604800U);
  EXPECT_EQ(pi->prefix.to_string(), "2001:db8:0:1::");
  EXPECT_FALSE(it.next());
  EXPECT_FALSE(it.malformed());
  EXPECT_EQ(icmpv6::describe(pi_opt->type), "Prefix Information");
}

TEST(Icmpv6, Redirect) {
  const auto p = parse_packet(redirect);
  EXPECT_TRUE(p.msg.checksum_ok(p.pseudo));
  const auto nd = icmpv6::nd_view::parse(p.msg);
  ASSERT_TRUE(nd);
  EXPECT_EQ(nd->target().to_string(), "fe80::cafe");
  EXPECT_EQ(nd->destination().to_string(), "fe80::babe");
}

TEST(Icmpv6, NdViewChecks) {
  const auto echo = parse_packet(ping).msg;
  const auto r = icmpv6::nd_view::parse(echo);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::unsupported);
  // A redirect cut before its destination address.
  const auto short_redirect = *icmpv6::view::parse(bytes(redirect).subspan(40, 30));
  const auto r2 = icmpv6::nd_view::parse(short_redirect);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error(), (error{errc::truncated, layer_id::icmpv6, 40, 30, 0}));
}

TEST(Icmpv6, NdOptionReaderRejectsZeroLengthAndOverrun) {
  for (const auto& area :
       {from_hex("01 00 00 00 00 00 00 00"), from_hex("01 02 00 00 00 00 00 00"), from_hex("01")}) {
    icmpv6::nd_option_reader it(area);
    EXPECT_FALSE(it.next());
    EXPECT_TRUE(it.malformed());
  }
}

TEST(Icmpv6, HeaderBytesAndRoundTrip) {
  const icmpv6::header h{128, 0, 0x2910, 0x00010003};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(ping.begin() + 40, ping.begin() + 48));
  std::mt19937 rng(4443);
  for (int i = 0; i < 300; ++i) {
    const auto w = static_cast<std::uint32_t>(rng());
    const icmpv6::header g{static_cast<std::uint8_t>(w), static_cast<std::uint8_t>(w >> 8),
                           static_cast<std::uint16_t>(w >> 16), static_cast<std::uint32_t>(rng())};
    g.write_to(out);
    ASSERT_EQ(icmpv6::view::parse(out)->to_header(), g) << i;
  }
}

TEST(Icmpv6, TruncationSweep) {
  test::expect_truncation_sweep<icmpv6::view>(
      std::vector<std::uint8_t>(ping.begin() + 40, ping.end()), icmpv6::header_len);
}

// Expected texts: IANA "ICMPv6 Parameters" registry.
TEST(Icmpv6, DescribeTypesAndCodes) {
  EXPECT_EQ(icmpv6::describe_type(0), "Reserved");
  EXPECT_EQ(icmpv6::describe_type(1), "Destination Unreachable");
  EXPECT_EQ(icmpv6::describe_type(4), "Parameter Problem");
  EXPECT_EQ(icmpv6::describe_type(5), "Unassigned");
  EXPECT_EQ(icmpv6::describe_type(100), "Private experimentation");
  EXPECT_EQ(icmpv6::describe_type(127), "Reserved for expansion of ICMPv6 error messages");
  EXPECT_EQ(icmpv6::describe_type(128), "Echo Request");
  EXPECT_EQ(icmpv6::describe_type(137), "Redirect Message");
  EXPECT_EQ(icmpv6::describe_type(143), "Version 2 Multicast Listener Report");
  EXPECT_EQ(icmpv6::describe_type(155), "RPL Control Message");
  EXPECT_EQ(icmpv6::describe_type(161), "Extended Echo Reply");
  EXPECT_EQ(icmpv6::describe_type(162), "Unassigned");
  EXPECT_EQ(icmpv6::describe_type(201), "Private experimentation");
  EXPECT_EQ(icmpv6::describe_type(255), "Reserved for expansion of ICMPv6 informational messages");

  EXPECT_EQ(icmpv6::describe(1, 0), "no route to destination");
  EXPECT_EQ(icmpv6::describe(1, 4), "port unreachable");
  EXPECT_EQ(icmpv6::describe(1, 8), "Headers too long");
  EXPECT_EQ(icmpv6::describe(1, 10), "Unassigned");
  EXPECT_EQ(icmpv6::describe(3, 1), "fragment reassembly time exceeded");
  EXPECT_EQ(icmpv6::describe(4, 1), "unrecognized Next Header type encountered");
  EXPECT_EQ(icmpv6::describe(4, 10), "Option too big");
  EXPECT_EQ(icmpv6::describe(128, 0), "No Code");
  EXPECT_EQ(icmpv6::describe(138, 255), "Sequence Number Reset");
  EXPECT_EQ(icmpv6::describe(157, 2), "EDAR message with 128-bit ROVR field");
  EXPECT_EQ(icmpv6::describe(161, 2), "No Such Interface");
  EXPECT_EQ(icmpv6::describe(200, 0), "Unassigned");
  for (int t = 0; t < 256; ++t) {
    EXPECT_EQ(icmpv6::is_error(static_cast<std::uint8_t>(t)), t < 128);
    EXPECT_FALSE(icmpv6::describe_type(static_cast<std::uint8_t>(t)).empty());
    for (int c = 0; c < 256; ++c) {
      EXPECT_FALSE(
          icmpv6::describe(static_cast<std::uint8_t>(t), static_cast<std::uint8_t>(c)).empty());
    }
  }
}

} // namespace
} // namespace pktscope
