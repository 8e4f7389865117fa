#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <gtest/gtest.h>

#include <array>

namespace pktscope {
namespace {

TEST(Endian, LoadsAndStoresBothOrders) {
  std::array<std::uint8_t, 8> b{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
  EXPECT_EQ(load_be16(b, 1), 0x0203);
  EXPECT_EQ(load_le16(b, 1), 0x0302);
  EXPECT_EQ(load_be32(b, 0), 0x01020304U);
  EXPECT_EQ(load_le32(b, 4), 0x08070605U);
  EXPECT_EQ(load_be64(b, 0), 0x0102030405060708ULL);
  store_be32(b, 2, 0xaabbccddU);
  EXPECT_EQ(b[2], 0xaa);
  EXPECT_EQ(b[5], 0xdd);
  store_le16(b, 0, 0x1234);
  EXPECT_EQ(b[0], 0x34);
  EXPECT_EQ(b[1], 0x12);
}

result<int> half(int v) {
  if (v % 2 != 0) {
    return malformed(layer_id::ipv4, 3);
  }
  return v / 2;
}

TEST(Result, CarriesValueOrError) {
  auto ok = half(8);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 4);
  auto bad = half(7);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, errc::malformed);
  EXPECT_EQ(bad.error().layer, layer_id::ipv4);
  EXPECT_EQ(bad.error().offset, 3U);
  EXPECT_EQ(bad.value_or(-1), -1);
}

} // namespace
} // namespace pktscope
