// Timestamp units to nanoseconds (pcapng draft §4.2 if_tsresol, if_tsoffset).
#include <pktscope/io/ts_resolution.hpp>

#include <gtest/gtest.h>

#include <limits>

namespace pktscope {
namespace {

TEST(ts_resolution, powers_of_ten_up_to_ns_are_exact) {
  EXPECT_EQ(ts_units_to_ns(1, 0, false), 1'000'000'000);
  EXPECT_EQ(ts_units_to_ns(1'234'567, 6, false), 1'234'567'000);
  EXPECT_EQ(ts_units_to_ns(1'234'567, 9, false), 1'234'567);
  EXPECT_EQ(ts_units_to_ns(7, 1, false), 700'000'000);
}

TEST(ts_resolution, finer_powers_of_ten_floor) {
  EXPECT_EQ(ts_units_to_ns(1'999, 12, false), 1);
  EXPECT_EQ(ts_units_to_ns(999, 12, false), 0);
  EXPECT_EQ(ts_units_to_ns(std::numeric_limits<std::uint64_t>::max(), 19, false), 1'844'674'407);
  EXPECT_EQ(ts_units_to_ns(std::numeric_limits<std::uint64_t>::max(), 29, false), 0);
  EXPECT_EQ(ts_units_to_ns(std::numeric_limits<std::uint64_t>::max(), 127, false), 0);
}

TEST(ts_resolution, powers_of_two_floor) {
  EXPECT_EQ(ts_units_to_ns(3, 0, true), 3'000'000'000);
  EXPECT_EQ(ts_units_to_ns(1, 1, true), 500'000'000);
  EXPECT_EQ(ts_units_to_ns(1, 10, true), 976'562); // 976562.5
  // 2^-30 s ticks: 2^30 + 1 ticks = 1 s + 0.931 ns
  EXPECT_EQ(ts_units_to_ns((1ULL << 30) + 1, 30, true), 1'000'000'000);
  EXPECT_EQ(ts_units_to_ns(1ULL << 63, 63, true), 1'000'000'000);
  EXPECT_EQ(ts_units_to_ns(std::numeric_limits<std::uint64_t>::max(), 127, true), 0);
}

TEST(ts_resolution, offsets_and_saturation) {
  EXPECT_EQ(ts_units_to_ns(5, 0, false, -10), -5'000'000'000);
  EXPECT_EQ(ts_units_to_ns(std::numeric_limits<std::uint64_t>::max(), 6, false),
            std::numeric_limits<timestamp_ns>::max());
  EXPECT_EQ(ts_units_to_ns(0, 6, false, std::numeric_limits<std::int64_t>::min()),
            std::numeric_limits<timestamp_ns>::min());
}

} // namespace
} // namespace pktscope
