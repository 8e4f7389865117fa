#include <pktscope/proto/gtp_prime.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// Hand-built from 3GPP TS 32.295 §6.1: flags 0x2e (version 1, PT 0, spare 111, bit 1 0: the
// 6-octet header), message type 240 (Data Record Transfer Request), length 2, sequence 7;
// then 2 octets.
const std::vector<std::uint8_t> v1_short = from_hex("2e f0 00 02 00 07 01 02");
// Version 0 with bit 1 clear: the 20-octet header, octets 7..20 unused; length 1.
const std::vector<std::uint8_t> v0_long = from_hex("0e f0 00 01 00 08"
                                                   "ff ff ff ff ff ff ff ff ff ff ff ff ff ff"
                                                   "7e");

TEST(GtpPrime, SixOctetHeader) {
  const auto v = gtp_prime::view::parse(bytes(v1_short));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version(), 1);
  EXPECT_EQ(v->message_type(), 0xf0);
  EXPECT_EQ(v->length(), 2);
  EXPECT_EQ(v->sequence(), 7);
  EXPECT_EQ(v->header_length(), 6U);
  EXPECT_EQ(v->declared_len(), 8U);
  ASSERT_EQ(v->payload().size(), 2U);
  EXPECT_EQ(v->payload()[1], 0x02);
}

TEST(GtpPrime, VersionZeroHeaderLengthBit) {
  const auto v = gtp_prime::view::parse(bytes(v0_long));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version(), 0);
  EXPECT_EQ(v->sequence(), 8);
  EXPECT_EQ(v->header_length(), 20U);
  ASSERT_EQ(v->payload().size(), 1U);
  EXPECT_EQ(v->payload()[0], 0x7e);

  // Bit 1 set: version 0 with the 6-octet header.
  std::vector<std::uint8_t> v0_short = v1_short;
  v0_short[0] = 0x0f;
  const auto s = gtp_prime::view::parse(bytes(v0_short));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->header_length(), 6U);
  // Version 2 with bit 1 clear still has 6 octets: the bit means something in version 0 only.
  std::vector<std::uint8_t> v2 = v1_short;
  v2[0] = 0x4e;
  const auto t = gtp_prime::view::parse(bytes(v2));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->header_length(), 6U);
}

TEST(GtpPrime, PayloadClippedToTheCapture) {
  const auto v = gtp_prime::view::parse(bytes(v1_short).first(7));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->payload().size(), 1U);
  EXPECT_EQ(v->captured_len(), 7U);
}

TEST(GtpPrime, TruncationSweep) {
  test::expect_truncation_sweep<gtp_prime::view>(v1_short, gtp_prime::short_header_len);
  test::expect_truncation_sweep<gtp_prime::view>(v0_long, gtp_prime::long_header_len);
}

TEST(GtpPrime, TruncatedErrorFields) {
  const auto r = gtp_prime::view::parse(bytes(v0_long).first(10));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::udp, 20, 10, 0}));
}

TEST(GtpPrime, RefusesGtpAndUnknownVersions) {
  std::vector<std::uint8_t> gtp = v1_short;
  gtp[0] = 0x3e; // PT 1
  const auto r = gtp_prime::view::parse(bytes(gtp));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::malformed, layer_id::udp, 0, 0, 0}));
  std::vector<std::uint8_t> v3 = v1_short;
  v3[0] = 0x6e; // version 3
  EXPECT_FALSE(gtp_prime::view::parse(bytes(v3)));
}

} // namespace
} // namespace pktscope
