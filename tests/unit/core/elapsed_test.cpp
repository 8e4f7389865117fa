// elapsed(): the difference of two timestamps, clamped where the plain one would overflow.

#include <pktscope/core/bytes.hpp>

#include <gtest/gtest.h>

#include <limits>

namespace pktscope {
namespace {

constexpr timestamp_ns earliest = std::numeric_limits<timestamp_ns>::min();
constexpr timestamp_ns latest = std::numeric_limits<timestamp_ns>::max();

TEST(Elapsed, IsThePlainDifferenceWhereItFits) {
  EXPECT_EQ(elapsed(5, 12), 7);
  EXPECT_EQ(elapsed(12, 5), -7);
  EXPECT_EQ(elapsed(-1, latest - 1), latest); // just fits
  EXPECT_EQ(elapsed(0, earliest), earliest);
}

TEST(Elapsed, ClampsWhereThePlainDifferenceOverflows) {
  EXPECT_EQ(elapsed(earliest, latest), latest);
  EXPECT_EQ(elapsed(-2, latest), latest);
  EXPECT_EQ(elapsed(latest, earliest), earliest);
  EXPECT_EQ(elapsed(1, earliest), earliest);
}

} // namespace
} // namespace pktscope
