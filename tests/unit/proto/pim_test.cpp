#include <pktscope/proto/pim.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// Hand-built from RFC 7761 §4.9.3: version 2, type 1 (Register), reserved, checksum 0xdeec,
// N bit set (a Null-Register), then the first octet of the dummy IPv4 header.
const std::vector<std::uint8_t> null_register = from_hex("21 00 de ec 40 00 00 00 45");

TEST(Pim, DecodesARegister) {
  const auto v = pim::view::parse(bytes(null_register));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version(), 2);
  EXPECT_EQ(v->type(), pim::message_type::register_message);
  EXPECT_EQ(v->checksum(), 0xdeec);
  EXPECT_TRUE(v->is_register());
  EXPECT_EQ(v->register_flags(), pim::bits::null_register);
  EXPECT_EQ(v->header_length(), 8U);
  ASSERT_EQ(v->payload().size(), 1U);
  EXPECT_EQ(v->payload()[0], 0x45);
}

TEST(Pim, OtherMessagesHaveTheCommonHeaderOnly) {
  const auto hello = from_hex("20 00 00 00 00 01 00 02");
  const auto v = pim::view::parse(bytes(hello));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->type(), pim::message_type::hello);
  EXPECT_FALSE(v->is_register());
  EXPECT_EQ(v->register_flags(), 0U);
  EXPECT_EQ(v->header_length(), 4U);
  // Version 1 numbering of type 1 is no Register of this layout.
  const auto v1 = from_hex("11 00 00 00");
  const auto w = pim::view::parse(bytes(v1));
  ASSERT_TRUE(w);
  EXPECT_FALSE(w->is_register());
}

TEST(Pim, TruncationSweep) {
  test::expect_truncation_sweep<pim::view>(null_register, 8);
}

TEST(Pim, TruncatedRegisterFlags) {
  const auto r = pim::view::parse(bytes(null_register).first(6));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), (error{errc::truncated, layer_id::pim, 8, 6, 0}));
}

} // namespace
} // namespace pktscope
