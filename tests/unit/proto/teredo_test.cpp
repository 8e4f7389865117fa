#include <pktscope/proto/teredo.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// Hand-built from RFC 4380 §5.1.1: authentication indicator (ID-len 2, AU-len 1, client id
// ab cd, authentication value ef, nonce 01..08, confirmation 00), origin indication (port
// 40000 and address 203.113.0.117, every bit inverted: 63 bf, 34 8e ff 8a), then the first two
// octets of an IPv6 header.
const std::vector<std::uint8_t> both = from_hex("00 01 02 01 ab cd ef 01 02 03 04 05 06 07 08 00"
                                                "00 00 63 bf 34 8e ff 8a"
                                                "60 00");

TEST(Teredo, DecodesBothIndicators) {
  const auto v = teredo::view::parse(bytes(both));
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->has_authentication());
  ASSERT_EQ(v->client_id().size(), 2U);
  EXPECT_EQ(v->client_id()[0], 0xab);
  EXPECT_TRUE(v->has_origin());
  EXPECT_EQ(v->origin_port(), 40000);
  EXPECT_EQ(v->origin_address(), 0xcb710075U); // 203.113.0.117
  EXPECT_EQ(v->header_length(), 24U);
  ASSERT_EQ(v->payload().size(), 2U);
  EXPECT_EQ(v->payload()[0], 0x60);
}

TEST(Teredo, NoIndicator) {
  const auto b = from_hex("60 00 00 00");
  const auto v = teredo::view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->has_authentication());
  EXPECT_FALSE(v->has_origin());
  EXPECT_EQ(v->origin_port(), std::nullopt);
  EXPECT_EQ(v->header_length(), 0U);
  EXPECT_EQ(v->payload().size(), 4U);
}

TEST(Teredo, OriginOnly) {
  const auto b = from_hex("00 00 63 bf 34 8e ff 8a 60 00");
  const auto v = teredo::view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->has_authentication());
  EXPECT_EQ(v->origin_port(), 40000);
  EXPECT_EQ(v->header_length(), 8U);
}

TEST(Teredo, TruncationSweep) {
  test::expect_truncation_sweep<teredo::view>(both, 24);
}

TEST(Teredo, TruncatedErrorFields) {
  const auto r = teredo::view::parse(bytes(both).first(10));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::teredo, 18, 10, 0}));
  const auto s = teredo::view::parse(bytes(both).first(20));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), (error{errc::truncated, layer_id::teredo, 24, 20, 16}));
}

} // namespace
} // namespace pktscope
