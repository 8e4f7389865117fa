#include <pktscope/proto/nsh.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// tcpdump's tests/nsh.pcap, frame 1, the octets after EtherType 0x894f (tshark -V: version 0,
// TTL 0, Length 6, MD Type 1, Next Protocol IPv4, SPI 777, SI 7, context headers 1, 2, 3, 4),
// then the first octet of the IPv4 packet.
const std::vector<std::uint8_t> md1 = from_hex("00 06 01 01 00 03 09 07"
                                               "00 00 00 01 00 00 00 02 00 00 00 03 00 00 00 04"
                                               "45");

// tcpdump's tests/nsh-over-vxlan-gpe.pcap, after the VXLAN-GPE header: O set, Length 6,
// MD Type 2, Next Protocol IPv4, SPI 0xffffff, SI 255, two TLVs (class 1 type 2 and class 2
// type 3, one octet of metadata each, padded to 4).
const std::vector<std::uint8_t> md2 = from_hex("20 06 02 01 ff ff ff ff"
                                               "00 01 02 01 12 34 56 78 00 02 03 01 12 34 56 78");

TEST(Nsh, DecodesMdType1) {
  const auto v = nsh::view::parse(bytes(md1));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version(), 0);
  EXPECT_FALSE(v->o_bit());
  EXPECT_EQ(v->ttl(), 0);
  EXPECT_EQ(v->length_words(), 6);
  EXPECT_EQ(v->header_length(), 24U);
  EXPECT_EQ(v->md(), nsh::md_type::fixed_context);
  EXPECT_EQ(v->next(), nsh::next_protocol::ipv4);
  EXPECT_EQ(v->spi(), 777U);
  EXPECT_EQ(v->si(), 7);
  ASSERT_EQ(v->context().size(), 16U);
  EXPECT_EQ(v->context()[15], 4);
  ASSERT_EQ(v->payload().size(), 1U);
  EXPECT_EQ(v->payload()[0], 0x45);
}

TEST(Nsh, DecodesMdType2) {
  const auto v = nsh::view::parse(bytes(md2));
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->o_bit());
  EXPECT_EQ(v->md(), nsh::md_type::variable_context);
  EXPECT_EQ(v->next(), nsh::next_protocol::ipv4);
  EXPECT_EQ(v->spi(), 0xffffffU);
  EXPECT_EQ(v->si(), 255);
  EXPECT_EQ(v->context().size(), 16U);
  EXPECT_TRUE(v->payload().empty());
}

TEST(Nsh, BuildsTheBaseAndServicePathHeaders) {
  // RFC 8300 §2.2/§2.3 by hand: Ver 0, O 0, TTL 63, Length 2 -> 0x0fc2; MD Type 2; Next
  // Protocol Ethernet (3); SPI 0x000102, SI 0xfe.
  const nsh::header h{
      0,        false, 63, 2, nsh::md_type::variable_context, nsh::next_protocol::ethernet,
      0x000102, 0xfe};
  std::vector<std::uint8_t> out(h.size());
  h.write_to(out);
  EXPECT_EQ(out, from_hex("0f c2 02 03 00 01 02 fe"));
  const auto v = nsh::view::parse(bytes(out));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->to_header(), h);
}

TEST(Nsh, RoundTripsMdType1) {
  const auto v = nsh::view::parse(bytes(md1));
  ASSERT_TRUE(v);
  std::vector<std::uint8_t> out(nsh::min_header_len);
  v->to_header().write_to(out);
  EXPECT_EQ(out, std::vector<std::uint8_t>(md1.begin(), md1.begin() + 8));
}

TEST(Nsh, LengthBelowTwoWordsIsMalformed) {
  auto b = md1;
  b[1] = 1; // Length 1 word: shorter than the base and service path headers
  const auto r = nsh::view::parse(bytes(b));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::malformed);
  EXPECT_EQ(r.error().layer, layer_id::nsh);
}

TEST(Nsh, ContextHeadersCutAreTruncated) {
  const std::vector<std::uint8_t> cut(md1.begin(), md1.begin() + 20);
  const auto r = nsh::view::parse(bytes(cut));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::truncated);
  EXPECT_EQ(r.error().needed, 24U);
  EXPECT_EQ(r.error().have, 20U);
}

TEST(Nsh, TruncationSweep) {
  test::expect_truncation_sweep<nsh::view>(md1, 24);
  test::expect_truncation_sweep<nsh::view>(md2, 24);
}

} // namespace
} // namespace pktscope
