#include <pktscope/proto/ayiya.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// Hand-built from draft-massar-v6ops-ayiya-02 §5: IDLen 4 (16 octets), IDType 1 (integer),
// SigLen 5 (20 octets), HshMeth 2 (SHA-1), AutMeth 1 (shared secret), OpCode 1 (forward),
// Next Header 41, epoch time 0x4f000001, identity (an IPv6 address), signature, then the
// first octet of an IPv6 packet.
const std::vector<std::uint8_t> forward =
    from_hex("41 52 11 29 4f 00 00 01"
             "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
             "5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a"
             "60");

TEST(Ayiya, DecodesTheHeader) {
  const auto v = ayiya::view::parse(bytes(forward));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->identity_length(), 16U);
  EXPECT_EQ(v->identity_type(), 1);
  EXPECT_EQ(v->signature_length(), 20U);
  EXPECT_EQ(v->hash_method(), 2);
  EXPECT_EQ(v->auth_method(), 1);
  EXPECT_EQ(v->op(), ayiya::opcode::forward);
  EXPECT_EQ(v->next_header(), 41);
  EXPECT_EQ(v->epoch_time(), 0x4f000001U);
  EXPECT_EQ(v->identity()[1], 0x01);
  EXPECT_EQ(v->signature().size(), 20U);
  EXPECT_EQ(v->header_length(), 44U);
  ASSERT_EQ(v->payload().size(), 1U);
  EXPECT_EQ(v->payload()[0], 0x60);
}

TEST(Ayiya, IdLenZeroIsOneOctet) {
  const auto b = from_hex("00 01 11 04 00 00 00 00 aa 45");
  const auto v = ayiya::view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->identity_length(), 1U);
  EXPECT_EQ(v->signature_length(), 0U);
  EXPECT_EQ(v->header_length(), 9U);
}

TEST(Ayiya, TruncationSweep) {
  test::expect_truncation_sweep<ayiya::view>(forward, 44);
}

TEST(Ayiya, TruncatedErrorFields) {
  const auto r = ayiya::view::parse(bytes(forward).first(30));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::ayiya, 44, 30, 0}));
  // IDLen 15 announces 32768 octets of identity.
  const auto big = from_hex("f0 00 11 29 00 00 00 00 00 00");
  const auto s = ayiya::view::parse(bytes(big));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), (error{errc::truncated, layer_id::ayiya, 8 + 32768, 10, 0}));
}

} // namespace
} // namespace pktscope
