#include <pktscope/proto/arista.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pktscope {
namespace {

using test::from_hex;

// the-tcpdump-group__tcpdump/tests/arista_ether.pcap frame 1, after the 0xd28b EtherType.
// tshark: arista.subtype 1, arista.version 0x0010, arista.timestamp seconds 1559162199,
// nanoseconds 944724424; eth.type 0x0800 after it.
const std::vector<std::uint8_t> ts64 = from_hex("00 01 00 10 5c ee ed 57 38 4f 59 c8 08 00");

TEST(Arista, Decodes64BitTimestamp) {
  const auto v = arista::view::parse(bytes(ts64));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->format(), arista::version::timestamp_64_tai);
  EXPECT_EQ(v->seconds(), 1559162199U);
  EXPECT_EQ(v->nanoseconds(), 944724424U);
  EXPECT_EQ(v->header_length(), 12U);
  EXPECT_EQ(v->type_or_length(), 0x0800);
}

TEST(Arista, Decodes48BitTimestamp) {
  // Version 0x0120 (48-bit UTC): 16-bit seconds 0x1234, nanoseconds 5, then 802.1Q.
  const auto b = from_hex("00 01 01 20 12 34 00 00 00 05 81 00");
  const auto v = arista::view::parse(bytes(b));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->seconds(), 0x1234U);
  EXPECT_EQ(v->nanoseconds(), 5U);
  EXPECT_EQ(v->header_length(), 10U);
  EXPECT_EQ(v->type_or_length(), 0x8100);
}

TEST(Arista, UnknownFormatIsUnsupported) {
  const auto b = from_hex("00 01 00 11 5c ee ed 58 19 c3 8c 2c 81 00");
  const auto r = arista::view::parse(bytes(b));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::unsupported);
  const auto other = from_hex("00 02 00 10 5c ee ed 58 19 c3 8c 2c 81 00");
  EXPECT_EQ(arista::view::parse(bytes(other)).error().code, errc::unsupported);
}

TEST(Arista, TruncationSweep) {
  test::expect_truncation_sweep<arista::view>(ts64, 14);
}

} // namespace
} // namespace pktscope
