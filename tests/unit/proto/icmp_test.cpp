#include <pktscope/proto/icmp.hpp>
#include <pktscope/proto/ipv4.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// Fixtures are ICMP messages (IPv4 header stripped); expectations are tshark's values.

// kbandla/dpkt examples/data/dns_icmp.pcap, frame 3: echo request.
// tshark: icmp.type 8, icmp.code 0, icmp.checksum 0xbbb3 (good), icmp.ident 55099, icmp.seq 0.
const auto echo_request = from_hex("08 00 bb b3 d7 3b 00 00 51 a7 d6 7d 00 04 51 e4"
                                   "08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17"
                                   "18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27"
                                   "28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 36 37");

// seladb/PcapPlusPlus Tests/Packet++Test/PacketExamples/IcmpPackets.pcap, frame 2: redirect
// for host. tshark: type 5, code 1, checksum 0x383e (good), icmp.redir_gw 10.2.99.98; the
// quoted datagram is IPv4 10.2.10.2 -> 10.3.71.7 carrying an echo request.
const auto redirect = from_hex("05 01 38 3e 0a 02 63 62 45 00 00 3c 3a 00 00 00"
                               "1f 01 fc b3 0a 02 0a 02 0a 03 47 07 08 00 1a 5c"
                               "02 00 31 00");

// Same file, frame 7: timestamp request. tshark: type 13, checksum 0x9476 (good), ident
// 14640, seq 0, originate 16131171, receive 0, transmit 0.
const auto timestamp_request = from_hex("0d 00 94 76 39 30 00 00 00 f6 24 63 00 00 00 00"
                                        "00 00 00 00");

// Same file, frame 8: timestamp reply (Ethernet padding removed). tshark: type 14, checksum
// 0xe319 (good), originate 16131171, receive 1647179264, transmit 1647179264.
const auto timestamp_reply = from_hex("0e 00 e3 19 39 30 00 00 00 f6 24 63 62 2d f6 00"
                                      "62 2d f6 00");

// Same file, frame 3: router advertisement, code 16. tshark: checksum 0x8153 (good),
// icmp.num_addrs 1, icmp.lifetime 200.
const auto router_advert = from_hex("09 10 81 53 01 02 00 c8 c0 a8 90 02 80 00 00 00"
                                    "10 0a 00 05 00 c8 30 00 c0 a8 90 02 18 10 11 51"
                                    "28 82 26 2a 7a 60 14 c7 5f 0e 31 97 4e c8 13 01"
                                    "18 00");

// zeek/zeek testing/btest/Traces/smtp.pcap, frame 26: fragmentation needed, first 48 of the
// 556 octets of the message. tshark: type 3, code 4, icmp.mtu 1492, checksum 0xc94e.
const auto frag_needed_head = from_hex("03 04 c9 4e 00 00 05 d4 45 00 05 dc 25 4f 40 00"
                                       "7e 06 ef f0 0a 0a 01 04 4a 35 8c 99 05 be 00 19"
                                       "7e c4 54 47 ae ec 63 7e 50 10 fe 31 1f e6 00 00");

TEST(Icmp, DecodesEchoRequest) {
  const auto r = icmp::view::parse(echo_request);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->type(), 8);
  EXPECT_EQ(r->kind(), icmp::message_type::echo_request);
  EXPECT_EQ(r->code(), 0);
  EXPECT_EQ(r->checksum(), 0xbbb3);
  EXPECT_TRUE(r->checksum_ok());
  EXPECT_EQ(r->verify_checksum(echo_request.size()), checksum_status::good);
  EXPECT_EQ(r->identifier(), 55099);
  EXPECT_EQ(r->sequence(), 0);
  EXPECT_FALSE(r->is_error());
  EXPECT_TRUE(r->original_datagram().empty());
  EXPECT_EQ(r->payload().size(), 56U);
  EXPECT_EQ(r->declared_len(), 64U);
}

TEST(Icmp, DecodesRedirectWithQuotedDatagram) {
  const auto r = icmp::view::parse(redirect);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind(), icmp::message_type::redirect);
  EXPECT_EQ(r->code(), 1);
  EXPECT_TRUE(r->checksum_ok());
  EXPECT_EQ(r->gateway().to_string(), "10.2.99.98");
  ASSERT_TRUE(r->is_error());
  const auto inner = ipv4::view::parse(r->original_datagram());
  ASSERT_TRUE(inner);
  EXPECT_EQ(inner->src().to_string(), "10.2.10.2");
  EXPECT_EQ(inner->dst().to_string(), "10.3.71.7");
  EXPECT_EQ(inner->protocol(), ip_protocol::icmp);
  // The quote holds the header and 8 payload octets of a 60-octet datagram.
  EXPECT_EQ(inner->declared_len(), 60U);
  EXPECT_EQ(inner->payload().size(), 8U);
  EXPECT_EQ(icmp::describe(r->type(), r->code()), "Redirect Datagram for the Host");
}

TEST(Icmp, DecodesTimestamps) {
  const auto req = icmp::view::parse(timestamp_request);
  ASSERT_TRUE(req);
  EXPECT_TRUE(req->checksum_ok());
  EXPECT_EQ(req->identifier(), 14640);
  EXPECT_EQ(req->sequence(), 0);
  ASSERT_TRUE(req->times());
  EXPECT_EQ(req->times()->originate, 16131171U);
  EXPECT_EQ(req->times()->receive, 0U);
  EXPECT_EQ(req->times()->transmit, 0U);

  const auto rep = icmp::view::parse(timestamp_reply);
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->kind(), icmp::message_type::timestamp_reply);
  EXPECT_TRUE(rep->checksum_ok());
  ASSERT_TRUE(rep->times());
  EXPECT_EQ(rep->times()->originate, 16131171U);
  EXPECT_EQ(rep->times()->receive, 1647179264U);
  EXPECT_EQ(rep->times()->transmit, 1647179264U);
  // Too short for the three times.
  EXPECT_FALSE(icmp::view::parse(bytes(timestamp_reply).first(16))->times());
}

TEST(Icmp, DecodesRouterAdvertisement) {
  const auto r = icmp::view::parse(router_advert);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code(), 16);
  EXPECT_TRUE(r->checksum_ok());
  EXPECT_EQ(r->num_addrs(), 1);
  EXPECT_EQ(r->addr_entry_size(), 2);
  EXPECT_EQ(r->lifetime(), 200);
  EXPECT_EQ(icmp::describe(r->type(), r->code()), "Does not route common traffic");
}

TEST(Icmp, DecodesFragmentationNeeded) {
  const auto r = icmp::view::parse(frag_needed_head);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->type(), 3);
  EXPECT_EQ(r->code(), 4);
  EXPECT_EQ(r->next_hop_mtu(), 1492);
  EXPECT_EQ(r->checksum(), 0xc94e);
  // The IPv4 header declared 556 octets of ICMP; only 48 are here.
  EXPECT_EQ(r->verify_checksum(556), checksum_status::unverified);
  const auto inner = ipv4::view::parse(r->original_datagram());
  ASSERT_TRUE(inner);
  EXPECT_EQ(inner->protocol(), ip_protocol::tcp);
  EXPECT_EQ(inner->total_length(), 1500);
}

TEST(Icmp, BadChecksumDetected) {
  auto b = echo_request;
  b[20] ^= 0x01;
  const auto r = icmp::view::parse(b);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->checksum_ok());
  EXPECT_EQ(r->verify_checksum(b.size()), checksum_status::bad);
}

TEST(Icmp, HeaderWritesExpectedBytes) {
  const icmp::header h{5, 1, 0x383e, 0x0a026362};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(redirect.begin(), redirect.begin() + 8));
}

TEST(Icmp, RoundTripAndRandomHeaders) {
  const auto h0 = icmp::view::parse(echo_request)->to_header();
  std::vector<std::uint8_t> out(h0.size());
  h0.write_to(out);
  EXPECT_EQ(icmp::view::parse(out)->to_header(), h0);

  std::mt19937 rng(792);
  for (int i = 0; i < 300; ++i) {
    const auto w = static_cast<std::uint32_t>(rng());
    const icmp::header h{static_cast<std::uint8_t>(w), static_cast<std::uint8_t>(w >> 8),
                         static_cast<std::uint16_t>(w >> 16), static_cast<std::uint32_t>(rng())};
    h.write_to(out);
    EXPECT_EQ(icmp::view::parse(out)->to_header(), h) << i;
  }
}

TEST(Icmp, TruncationSweep) {
  test::expect_truncation_sweep<icmp::view>(echo_request, icmp::header_len);
  const auto r = icmp::view::parse(bytes(echo_request).first(7));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::icmp, 8, 7, 0}));
}

TEST(Icmp, FillChecksumAndSetters) {
  auto b = echo_request;
  auto m = icmp::mut_view::parse(b);
  ASSERT_TRUE(m);
  m->set_checksum(0);
  m->fill_checksum();
  EXPECT_EQ(b, echo_request);
  m->set_type(0);
  m->set_identifier(7);
  m->set_sequence(9);
  m->fill_checksum();
  const auto v = m->as_view();
  EXPECT_EQ(v.kind(), icmp::message_type::echo_reply);
  EXPECT_EQ(v.identifier(), 7);
  EXPECT_EQ(v.sequence(), 9);
  EXPECT_TRUE(v.checksum_ok());
  m->set_gateway(ipv4_address{{192, 0, 2, 9}});
  EXPECT_EQ(m->as_view().gateway().to_string(), "192.0.2.9");
}

// Expected texts: IANA "ICMP Type Numbers" registry.
TEST(Icmp, DescribeTypes) {
  EXPECT_EQ(icmp::describe_type(0), "Echo Reply");
  EXPECT_EQ(icmp::describe_type(1), "Unassigned");
  EXPECT_EQ(icmp::describe_type(3), "Destination Unreachable");
  EXPECT_EQ(icmp::describe_type(4), "Source Quench (Deprecated)");
  EXPECT_EQ(icmp::describe_type(6), "Alternate Host Address (Deprecated)");
  EXPECT_EQ(icmp::describe_type(8), "Echo");
  EXPECT_EQ(icmp::describe_type(10), "Router Solicitation");
  EXPECT_EQ(icmp::describe_type(17), "Address Mask Request (Deprecated)");
  EXPECT_EQ(icmp::describe_type(19), "Reserved (for Security)");
  EXPECT_EQ(icmp::describe_type(25), "Reserved (for Robustness Experiment)");
  EXPECT_EQ(icmp::describe_type(30), "Traceroute (Deprecated)");
  EXPECT_EQ(icmp::describe_type(39), "SKIP (Deprecated)");
  EXPECT_EQ(icmp::describe_type(40), "Photuris");
  EXPECT_EQ(icmp::describe_type(43), "Extended Echo Reply");
  EXPECT_EQ(icmp::describe_type(44), "Unassigned");
  EXPECT_EQ(icmp::describe_type(253), "RFC3692-style Experiment 1");
  EXPECT_EQ(icmp::describe_type(255), "Reserved");
}

TEST(Icmp, DescribeCodes) {
  EXPECT_EQ(icmp::describe(0, 0), "No Code");
  EXPECT_EQ(icmp::describe(3, 3), "Port Unreachable");
  EXPECT_EQ(icmp::describe(3, 4), "Fragmentation Needed and Don't Fragment was Set");
  EXPECT_EQ(icmp::describe(3, 13), "Communication Administratively Prohibited");
  EXPECT_EQ(icmp::describe(3, 15), "Precedence cutoff in effect");
  EXPECT_EQ(icmp::describe(3, 16), "Unassigned");
  EXPECT_EQ(icmp::describe(5, 0), "Redirect Datagram for the Network (or subnet)");
  EXPECT_EQ(icmp::describe(6, 0), "Alternate Address for Host");
  EXPECT_EQ(icmp::describe(9, 0), "Normal router advertisement");
  EXPECT_EQ(icmp::describe(9, 1), "Unassigned");
  EXPECT_EQ(icmp::describe(11, 0), "Time to Live exceeded in Transit");
  EXPECT_EQ(icmp::describe(11, 1), "Fragment Reassembly Time Exceeded");
  EXPECT_EQ(icmp::describe(12, 1), "Missing a Required Option");
  EXPECT_EQ(icmp::describe(12, 2), "Bad Length");
  EXPECT_EQ(icmp::describe(40, 5), "Need Authorization");
  EXPECT_EQ(icmp::describe(42, 0), "No Error");
  EXPECT_EQ(icmp::describe(43, 4), "Multiple Interfaces Satisfy Query");
  EXPECT_EQ(icmp::describe(8, 1), "Unassigned");
  for (int t = 0; t < 256; ++t) {
    EXPECT_FALSE(icmp::describe_type(static_cast<std::uint8_t>(t)).empty());
    for (int c = 0; c < 256; ++c) {
      EXPECT_FALSE(
          icmp::describe(static_cast<std::uint8_t>(t), static_cast<std::uint8_t>(c)).empty());
    }
  }
}

TEST(Icmp, ErrorTypes) {
  for (int t = 0; t < 256; ++t) {
    const bool expected = t == 3 || t == 4 || t == 5 || t == 11 || t == 12;
    EXPECT_EQ(icmp::is_error(static_cast<std::uint8_t>(t)), expected) << t;
  }
}

} // namespace
} // namespace pktscope
