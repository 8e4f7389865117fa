#include <pktscope/proto/null_loopback.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <vector>

namespace pktscope {
namespace {

using null_loopback::address_family;
using null_loopback::encoding;
using null_loopback::header_kind;
using test::from_hex;

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/NullLoopback.pcap frame 2, first 8
// octets. tshark: null.family 2 (IP), then IPv4.
const std::vector<std::uint8_t> null_ipv4 = from_hex("02 00 00 00 45 00 00 2c");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/NullLoopback.pcap frame 1. tshark:
// null.family 30 (macOS AF_INET6), then IPv6.
const std::vector<std::uint8_t> null_darwin_ipv6 = from_hex("1e 00 00 00 60 00 00 00");

// the-tcpdump-group__tcpdump/tests/icmpv6-RFC2894-RR.pcap frame 1. tshark: null.family 28
// (FreeBSD AF_INET6).
const std::vector<std::uint8_t> null_freebsd_ipv6 = from_hex("1c 00 00 00 60 00 00 00");

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/NullLoopback.pcap frame 3. tshark:
// null.type 0x0800 (an EtherType, not a family), then IPv4.
const std::vector<std::uint8_t> null_ether_type = from_hex("0f 00 08 00 45 00 01 89");

TEST(NullLoopback, DecodesLittleEndianFamilies) {
  const auto a = null_loopback::view::parse(bytes(null_ipv4));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->kind(), header_kind::family);
  EXPECT_EQ(a->family(), address_family::inet);
  EXPECT_TRUE(a->is_ipv4());
  EXPECT_FALSE(a->is_ipv6());
  EXPECT_EQ(a->order(), std::endian::little);
  EXPECT_EQ(a->payload()[0], 0x45);

  const auto b = null_loopback::view::parse(bytes(null_darwin_ipv6));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->value(), 30U);
  EXPECT_EQ(b->family(), address_family::inet6_darwin);
  EXPECT_TRUE(b->is_ipv6());

  const auto c = null_loopback::view::parse(bytes(null_freebsd_ipv6));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->value(), 28U);
  EXPECT_TRUE(c->is_ipv6());
}

TEST(NullLoopback, GuessesBigEndianFamilies) {
  // A capture from a big-endian host (libpcap/tcpdump print-null.c and Wireshark swap when
  // the upper 16 bits are nonzero). Families 2, 10, 24, 28, 30 in both orders.
  for (const std::uint8_t fam : std::initializer_list<std::uint8_t>{2, 10, 24, 28, 30}) {
    const std::vector<std::uint8_t> be{0, 0, 0, fam, 0x45};
    const std::vector<std::uint8_t> le{fam, 0, 0, 0, 0x45};
    const auto b = null_loopback::view::parse(bytes(be));
    const auto l = null_loopback::view::parse(bytes(le));
    ASSERT_TRUE(b);
    ASSERT_TRUE(l);
    EXPECT_EQ(b->value(), fam);
    EXPECT_EQ(l->value(), fam);
    EXPECT_EQ(b->order(), std::endian::big);
    EXPECT_EQ(l->order(), std::endian::little);
    EXPECT_EQ(b->is_ipv4(), fam == 2);
    EXPECT_EQ(b->is_ipv6(), fam != 2);
  }
}

TEST(NullLoopback, EtherTypeValue) {
  const auto v = null_loopback::view::parse(bytes(null_ether_type));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind(), header_kind::ether_type);
  EXPECT_EQ(v->ether_type(), ether_type::ipv4);
  EXPECT_FALSE(v->is_ipv4());
  EXPECT_EQ(v->payload()[0], 0x45);
}

TEST(NullLoopback, PppFrameHasNoLoopbackHeader) {
  // Wireshark packet-null.c: a frame starting FF 03 is PPP in HDLC-like framing.
  const auto ppp = from_hex("ff 03 00 21 45 00");
  const auto v = null_loopback::view::parse(bytes(ppp));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind(), header_kind::ppp);
  EXPECT_EQ(v->header_len(), 0U);
  EXPECT_EQ(v->payload().size(), ppp.size());
  // LOOP has no such case: FF 03 00 21 is just a (large) family value.
  const auto loop = null_loopback::view::parse(bytes(ppp), encoding::network_order);
  ASSERT_TRUE(loop);
  EXPECT_NE(loop->kind(), header_kind::ppp);
}

TEST(NullLoopback, LoopIsNetworkOrder) {
  // LINKTYPE_LOOP (OpenBSD): AF_INET6 is 24, big-endian.
  const auto b = from_hex("00 00 00 18 60 00 00 00");
  const auto v = null_loopback::view::parse(bytes(b), encoding::network_order);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->family(), address_family::inet6_bsd);
  EXPECT_TRUE(v->is_ipv6());
  // Network order is not guessed: a little-endian 2 is not AF_INET there.
  const auto w = null_loopback::view::parse(bytes(null_ipv4), encoding::network_order);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->value(), 0x02000000U);
  EXPECT_FALSE(w->is_ipv4());
}

TEST(NullLoopback, HeaderWritesExpectedBytes) {
  std::vector<std::uint8_t> out(4);
  null_loopback::header{2, std::endian::little}.write_to(out);
  EXPECT_EQ(out, from_hex("02 00 00 00"));
  null_loopback::header{30, std::endian::little}.write_to(out);
  EXPECT_EQ(out, from_hex("1e 00 00 00"));
  null_loopback::header{24, std::endian::big}.write_to(out);
  EXPECT_EQ(out, from_hex("00 00 00 18"));
}

TEST(NullLoopback, RoundTrip) {
  for (const auto* f : {&null_ipv4, &null_darwin_ipv6, &null_freebsd_ipv6}) {
    const auto v = null_loopback::view::parse(bytes(*f));
    ASSERT_TRUE(v);
    const auto h = v->to_header();
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    EXPECT_EQ(out, std::vector<std::uint8_t>(f->begin(), f->begin() + 4));
    EXPECT_EQ(null_loopback::view::parse(bytes(out))->to_header(), h);
  }
}

TEST(NullLoopback, TruncationSweep) {
  test::expect_truncation_sweep<null_loopback::view>(null_ipv4, null_loopback::header_len);
  test::expect_truncation_sweep<null_loopback::view>(from_hex("ff 03 00 21"), 2);
  const auto r = null_loopback::view::parse(bytes(null_ipv4).first(3));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::null_loopback, 4, 3, 0}));
}

TEST(NullLoopback, RandomFamiliesRoundTripInEitherOrder) {
  std::mt19937 rng(0x5eed0009);
  std::uniform_int_distribution<std::uint32_t> fam(1, 255);
  std::uniform_int_distribution<int> coin(0, 1);
  for (int i = 0; i < 300; ++i) {
    const null_loopback::header h{fam(rng),
                                  coin(rng) != 0 ? std::endian::big : std::endian::little};
    std::vector<std::uint8_t> out(h.size());
    h.write_to(out);
    const auto v = null_loopback::view::parse(bytes(out));
    ASSERT_TRUE(v);
    EXPECT_EQ(v->kind(), header_kind::family);
    EXPECT_EQ(v->to_header(), h);
  }
}

TEST(NullLoopback, DescribesFamilies) {
  EXPECT_EQ(null_loopback::describe(address_family::inet), "IP");
  EXPECT_FALSE(null_loopback::describe(address_family::inet6_freebsd).empty());
  EXPECT_TRUE(null_loopback::describe(static_cast<address_family>(99)).empty());
}

} // namespace
} // namespace pktscope
