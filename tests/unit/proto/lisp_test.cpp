#include <pktscope/proto/lisp.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// Hand-built from RFC 9300 §5.1: flags N and I (0x88), nonce 0x123456, instance ID 0x00abcd
// with locator-status bits 0x01, then the first octet of an IPv4 packet.
const std::vector<std::uint8_t> data = from_hex("88 12 34 56 00 ab cd 01 45");

TEST(Lisp, DecodesTheHeader) {
  const auto v = lisp::view::parse(bytes(data));
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->has(lisp::bits::nonce_present));
  EXPECT_TRUE(v->has(lisp::bits::instance_id));
  EXPECT_FALSE(v->has(lisp::bits::map_version));
  EXPECT_EQ(v->nonce(), 0x123456U);
  EXPECT_EQ(v->instance_id(), 0x00abcdU);
  EXPECT_EQ(v->locator_status_bits(), 0x01U);
  ASSERT_EQ(v->payload().size(), 1U);
  EXPECT_EQ(v->payload()[0], 0x45);
}

TEST(Lisp, WithoutInstanceIdAllFourOctetsAreStatusBits) {
  const auto b = from_hex("40 00 00 00 80 00 00 03");
  const auto v = lisp::view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->locator_status_bits(), 0x80000003U);
  EXPECT_TRUE(v->payload().empty());
}

TEST(Lisp, TruncationSweep) {
  test::expect_truncation_sweep<lisp::view>(data, 8);
}

} // namespace
} // namespace pktscope
