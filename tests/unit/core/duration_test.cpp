// parse_duration (core/duration.hpp): the one duration syntax of options, detector
// configuration and scenarios. Expected values are the units' definitions worked out by hand.

#include <pktscope/core/duration.hpp>

#include <gtest/gtest.h>

namespace {

using pktscope::parse_duration;
constexpr pktscope::timestamp_ns second = 1'000'000'000;

TEST(Duration, ReadsEveryUnit) {
  EXPECT_EQ(parse_duration("5ns"), 5);
  EXPECT_EQ(parse_duration("20us"), 20'000);
  EXPECT_EQ(parse_duration("250ms"), 250'000'000);
  EXPECT_EQ(parse_duration("90s"), 90 * second);
  EXPECT_EQ(parse_duration("10m"), 600 * second);
  EXPECT_EQ(parse_duration("10min"), 600 * second);
  EXPECT_EQ(parse_duration("1h"), 3600 * second);
  EXPECT_EQ(parse_duration("2d"), 172800 * second);
  EXPECT_EQ(parse_duration("2"), 2 * second); // no unit: seconds
}

TEST(Duration, FractionsRoundToNanoseconds) {
  EXPECT_EQ(parse_duration("1.5m"), 90 * second);
  EXPECT_EQ(parse_duration("0.5"), second / 2);
  EXPECT_EQ(parse_duration("1.6ns"), 2);
  EXPECT_EQ(parse_duration("0s"), 0);
}

TEST(Duration, RefusesWhatIsNoDuration) {
  for (const char* bad :
       {"", "s", "-3s", "+3s", " 3s", "3 s", "3 parsecs", "3sec", "abc", "1e30d", "inf", "nan"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  }
}

} // namespace
