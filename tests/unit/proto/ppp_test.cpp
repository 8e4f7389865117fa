#include <pktscope/proto/ppp.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// the-tcpdump-group__tcpdump/tests/bgp_vpn_attrset.pcap frame 1 (LINKTYPE_PPP). tshark:
// ppp.address 0xff, ppp.control 0x03, ppp.protocol 0x0021, then IPv4.
const std::vector<std::uint8_t> ppp_ipv4 = from_hex("ff 03 00 21 45 c0 00 ad e5 04");

// the-tcpdump-group__tcpdump/tests/mpls-traceroute.pcap frame 1. tshark: ppp.protocol 0x0281
// (MPLS unicast), then mpls.label 100704.
const std::vector<std::uint8_t> ppp_mpls = from_hex("ff 03 02 81 18 96 01 01 45 00");

// zeek__zeek/testing/btest/Traces/ppp/quic-interop-retry.pcap frame 1: no address/control.
// tshark: ppp.address and ppp.control absent, ppp.protocol 0x0057, then IPv6.
const std::vector<std::uint8_t> ppp_ipv6_acfc = from_hex("00 57 60 00 00 01 00 20");

// the-tcpdump-group__tcpdump/tests/ppp-invalid-lengths.pcap frame 1. tshark: ppp.protocol
// 0x8021 (IPCP), no address/control.
const std::vector<std::uint8_t> ppp_ipcp = from_hex("80 21 03 80 21 03 02 da");

// RFC 1661 §6.5: with protocol-field compression 0x0021 is sent as the single octet 0x21.
const std::vector<std::uint8_t> ppp_pfc = from_hex("ff 03 21 45 00");

TEST(Ppp, DecodesAddressControlAndProtocol) {
  const auto v = ppp::view::parse(bytes(ppp_ipv4));
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->has_address_control());
  EXPECT_FALSE(v->compressed_protocol());
  EXPECT_EQ(v->protocol(), ppp::protocol::ipv4);
  EXPECT_EQ(v->header_len(), 4U);
  EXPECT_EQ(v->payload()[0], 0x45);

  const auto m = ppp::view::parse(bytes(ppp_mpls));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->protocol(), ppp::protocol::mpls_unicast);
}

TEST(Ppp, DecodesWithoutAddressControl) {
  const auto v = ppp::view::parse(bytes(ppp_ipv6_acfc));
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->has_address_control());
  EXPECT_EQ(v->protocol(), ppp::protocol::ipv6);
  EXPECT_EQ(v->header_len(), 2U);
  EXPECT_EQ(v->payload()[0], 0x60);

  const auto c = ppp::view::parse(bytes(ppp_ipcp));
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->has_address_control());
  EXPECT_EQ(c->protocol(), ppp::protocol::ipcp);
  EXPECT_EQ(static_cast<std::uint16_t>(c->protocol()), 0x8021);
}

TEST(Ppp, DecodesCompressedProtocolField) {
  const auto v = ppp::view::parse(bytes(ppp_pfc));
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->compressed_protocol());
  EXPECT_EQ(v->protocol(), ppp::protocol::ipv4);
  EXPECT_EQ(v->header_len(), 3U);
  EXPECT_EQ(v->payload()[0], 0x45);
}

TEST(Ppp, HeaderWritesExpectedBytes) {
  std::vector<std::uint8_t> out(4);
  ppp::header{true, false, ppp::protocol::ipv4}.write_to(out);
  EXPECT_EQ(out, from_hex("ff 03 00 21"));
  std::vector<std::uint8_t> two(2);
  ppp::header{false, false, ppp::protocol::ipv6}.write_to(two);
  EXPECT_EQ(two, from_hex("00 57"));
  std::vector<std::uint8_t> three(3);
  const ppp::header pfc{true, true, ppp::protocol::ipv4};
  EXPECT_EQ(pfc.size(), 3U);
  pfc.write_to(three);
  EXPECT_EQ(three, from_hex("ff 03 21"));
}

TEST(Ppp, RoundTrip) {
  for (const auto* f : {&ppp_ipv4, &ppp_mpls, &ppp_ipv6_acfc, &ppp_ipcp, &ppp_pfc}) {
    const auto v = ppp::view::parse(bytes(*f));
    ASSERT_TRUE(v);
    const auto h = v->to_header();
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    EXPECT_EQ(out, std::vector<std::uint8_t>(f->begin(), f->begin() + static_cast<long>(h.size())));
    EXPECT_EQ(ppp::view::parse(bytes(out))->to_header(), h);
  }
}

TEST(Ppp, TruncationSweep) {
  test::expect_truncation_sweep<ppp::view>(ppp_ipv4, 4);
  test::expect_truncation_sweep<ppp::view>(ppp_ipv6_acfc, 2);
  test::expect_truncation_sweep<ppp::view>(ppp_pfc, 3);
}

TEST(Ppp, TruncationReportsNeededLength) {
  const auto a = ppp::view::parse(bytes(ppp_ipv4).first(3)); // ff 03 00
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error(), (error{errc::truncated, layer_id::ppp, 4, 3, 0}));
  const auto b = ppp::view::parse(bytes(ppp_ipv4).first(1)); // lone 0xff
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error(), (error{errc::truncated, layer_id::ppp, 2, 1, 0}));
  const auto c = ppp::view::parse(bytes{});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), (error{errc::truncated, layer_id::ppp, 1, 0, 0}));
}

TEST(Ppp, RandomHeadersRoundTrip) {
  std::mt19937 rng(0x5eed0005);
  std::uniform_int_distribution<int> octet(0, 255);
  for (int i = 0; i < 300; ++i) {
    ppp::header h;
    h.address_control = octet(rng) < 128;
    h.compressed_protocol = octet(rng) < 64;
    // RFC 1661 §2: protocol values have an even first octet and an odd last octet.
    const auto lo = static_cast<std::uint16_t>(octet(rng) | 1);
    const auto hi = static_cast<std::uint16_t>(h.compressed_protocol ? 0 : octet(rng) & 0xfe);
    h.protocol = static_cast<ppp::protocol>(hi << 8 | lo);
    std::vector<std::uint8_t> out(h.size() + static_cast<std::size_t>(octet(rng) % 8));
    h.write_to(out);
    const auto v = ppp::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->to_header(), h);
  }
}

TEST(Ppp, DescribesProtocols) {
  EXPECT_EQ(ppp::describe(ppp::protocol::ipv4), "Internet Protocol version 4");
  EXPECT_EQ(ppp::describe(ppp::protocol::lcp), "Link Control Protocol");
  EXPECT_TRUE(ppp::describe(static_cast<ppp::protocol>(0x1235)).empty());
}

} // namespace
} // namespace pktscope
