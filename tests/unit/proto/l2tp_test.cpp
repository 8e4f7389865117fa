#include <pktscope/proto/l2tp.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// Hand-built from RFC 2661 §3.1: a data message with every optional field: flags L S O and
// version 2 (0x4a02), Length 20, Tunnel ID 0x1234, Session ID 0x5678, Ns 1, Nr 2, Offset Size
// 2 and two octets of padding, then a PPP frame (ff 03 00 21) and two octets of trailer.
const std::vector<std::uint8_t> all_fields =
    from_hex("4a 02 00 14 12 34 56 78 00 01 00 02 00 02 ee ee ff 03 00 21 99 99");

TEST(L2tp, DecodesEveryOptionalField) {
  const auto v = l2tp::view::parse(bytes(all_fields));
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->is_control());
  EXPECT_EQ(v->version(), 2);
  EXPECT_EQ(v->length(), 20);
  EXPECT_EQ(v->tunnel_id(), 0x1234);
  EXPECT_EQ(v->session_id(), 0x5678);
  EXPECT_EQ(v->ns(), 1);
  EXPECT_EQ(v->nr(), 2);
  EXPECT_EQ(v->header_length(), 16U);
  // Bounded by Length (20): the two trailing octets are not part of the message.
  ASSERT_EQ(v->payload().size(), 4U);
  EXPECT_EQ(v->payload()[0], 0xff);
}

TEST(L2tp, MinimalDataHeader) {
  const auto b = from_hex("00 02 00 07 00 09 ff 03 00 57");
  const auto v = l2tp::view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->length(), std::nullopt);
  EXPECT_EQ(v->ns(), std::nullopt);
  EXPECT_EQ(v->tunnel_id(), 7);
  EXPECT_EQ(v->session_id(), 9);
  EXPECT_EQ(v->header_length(), 6U);
  EXPECT_EQ(v->payload().size(), 4U);
}

TEST(L2tp, ControlMessage) {
  const auto b = from_hex("c8 02 00 0c 00 01 00 00 00 00 00 00");
  const auto v = l2tp::view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->is_control());
  EXPECT_EQ(v->header_length(), 12U);
  EXPECT_TRUE(v->payload().empty());
}

TEST(L2tp, OtherVersionsAreUnsupported) {
  const auto b = from_hex("00 03 00 00 00 00 00 07");
  const auto r = l2tp::view::parse(bytes(b));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::unsupported);
}

TEST(L2tp, LengthBelowTheHeaderIsMalformed) {
  const auto b = from_hex("40 02 00 07 00 01 00 02 ff 03");
  const auto r = l2tp::view::parse(bytes(b));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::malformed, layer_id::l2tp, 0, 0, 2}));
}

TEST(L2tp, TruncationSweep) {
  test::expect_truncation_sweep<l2tp::view>(all_fields, 16);
}

TEST(L2tp, TruncatedInsideThePadding) {
  const auto r = l2tp::view::parse(bytes(all_fields).first(15));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::l2tp, 16, 15, 0}));
}

} // namespace
} // namespace pktscope
