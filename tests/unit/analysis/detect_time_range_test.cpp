// Damaged timestamps at the ends of the 64-bit nanosecond range (a pcapng of the corpus,
// PcapPlusPlus pcapng-example.pcapng, has packets clamped to 2262-04-11T23:47:16.854775807Z)
// must neither hang nor feed the interval arithmetic of the engine or the baseline learner.
#include "detect_support.hpp"

#include <pktscope/analysis/detect/baseline.hpp>
#include <pktscope/analysis/detect/time_range.hpp>

#include <gtest/gtest.h>

#include <limits>

namespace detect_test {
namespace {

constexpr timestamp_ns last_ns = std::numeric_limits<timestamp_ns>::max();
constexpr timestamp_ns day = 86'400 * sec;

TEST(UsableTimeRange, KeepsThirtyDaysOrFourIntervalsFromTheEnds) {
  const usable_time_range r(sec);
  EXPECT_TRUE(r.contains(t0));
  EXPECT_TRUE(r.contains(0));
  EXPECT_TRUE(r.contains(last_ns - 30 * day));
  EXPECT_FALSE(r.contains(last_ns - 30 * day + 1));
  EXPECT_FALSE(r.contains(last_ns));
  EXPECT_FALSE(r.contains(-last_ns));
  // A 10-day interval: four of them are the margin.
  const usable_time_range wide(10 * day);
  EXPECT_TRUE(wide.contains(last_ns - 40 * day));
  EXPECT_FALSE(wide.contains(last_ns - 40 * day + 1));
}

TEST(UsableTimeRange, EngineIgnoresPacketsAtTheEndOfTime) {
  detection_engine eng(detect_config{});
  const decoded_packet p = tcp({10, 0, 0, 1}, {10, 0, 0, 2}, 40000, 80, syn);
  eng.on_packet(t0, 60, p, 0);
  eng.on_packet(last_ns, 60, p, 1); // returns at once instead of walking ~10^9 intervals
  eng.on_packet(t0 + sec, 60, p, 2);
  eng.finish();
  EXPECT_EQ(eng.now(), t0 + sec);
}

TEST(UsableTimeRange, BaselineLearnerIgnoresPacketsAtTheEndOfTime) {
  baseline_learner learn;
  const decoded_packet p = udp({10, 0, 0, 1}, {10, 0, 0, 2}, 5353, 53);
  for (int i = 0; i < 30; ++i) {
    learn.on_packet(t0 + i * sec, 80, p);
  }
  learn.on_packet(last_ns, 80, p);
  const baseline b = learn.finish();
  EXPECT_EQ(b.packets, 30U);
  EXPECT_EQ(b.last_ts, t0 + 29 * sec);
}

} // namespace
} // namespace detect_test
