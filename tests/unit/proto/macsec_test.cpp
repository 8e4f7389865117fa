#include <pktscope/proto/macsec.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// Hand-built from IEEE 802.1AE-2018 §9.3: TCI SC set (0x20), AN 1, SL 0, PN 0x44, SCI
// ca:f9:df:4f:50:9a port 100, then the Secure Data (EtherType 0x0800 and 4 octets) and a
// 16-octet ICV.
const std::vector<std::uint8_t> integrity_only =
    from_hex("21 00 00 00 00 44 ca f9 df 4f 50 9a 00 64"
             "08 00 45 00 00 14"
             "a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 aa ab ac ad ae af");

TEST(Macsec, DecodesTheSecTag) {
  const auto v = macsec::view::parse(bytes(integrity_only));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->tci(), macsec::bits::sc);
  EXPECT_EQ(v->association_number(), 1);
  EXPECT_EQ(v->short_length(), 0);
  EXPECT_EQ(v->packet_number(), 0x44U);
  EXPECT_EQ(v->sci(), 0xcaf9df4f509a0064ULL);
  EXPECT_TRUE(v->is_clear_text());
  EXPECT_EQ(v->header_length(), 14U);
  // SL 0: everything before the 16-octet ICV.
  ASSERT_EQ(v->secure_data().size(), 6U);
  EXPECT_EQ(v->secure_data()[0], 0x08);
}

TEST(Macsec, ShortLengthBoundsTheSecureData) {
  auto b = integrity_only;
  b[1] = 4; // SL 4: the ICV starts after 4 octets of Secure Data
  const auto v = macsec::view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->secure_data().size(), 4U);
}

TEST(Macsec, WithoutSciAndEncrypted) {
  const auto b = from_hex("0c 00 00 00 00 01 99 99 99 99");
  const auto v = macsec::view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->has_sci());
  EXPECT_EQ(v->sci(), std::nullopt);
  EXPECT_EQ(v->header_length(), 6U);
  EXPECT_FALSE(v->is_clear_text());
  EXPECT_TRUE(v->secure_data().empty()); // shorter than an ICV
}

TEST(Macsec, VersionBitIsMalformed) {
  auto b = integrity_only;
  b[0] |= 0x80;
  const auto r = macsec::view::parse(bytes(b));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::malformed, layer_id::macsec, 0, 0, 0}));
}

TEST(Macsec, TruncationSweep) {
  test::expect_truncation_sweep<macsec::view>(integrity_only, 14);
}

} // namespace
} // namespace pktscope
