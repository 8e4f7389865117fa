// Volume detector on synthetic interval series: Poisson-like counts from a fixed seed with
// injected spikes and drops, and thresholds checked one below and one above the band edge
// (band = mean ± k·max(sd, floor·mean, sqrt(mean)), from the documented formula).
#include <pktscope/analysis/detect/entropy.hpp>
#include <pktscope/analysis/detect/series_model.hpp>
#include <pktscope/analysis/detect/volume.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace {

using namespace pktscope;
using namespace pktscope::detect;
using stats::traffic_class;

constexpr timestamp_ns sec = 1'000'000'000;
constexpr timestamp_ns t0 = 1'700'000'000 * sec;

stats::class_counts one_class(traffic_class c, std::uint64_t v) {
  stats::class_counts x{};
  x[stats::index(c)] = v;
  return x;
}

// Runs `counts` (TCP packets per interval, bytes = 100 per packet) through judge().
std::vector<volume_event> run(volume_detector& v, const std::vector<std::uint64_t>& counts) {
  std::vector<volume_event> out;
  timestamp_ns t = t0;
  for (const std::uint64_t n : counts) {
    for (const auto& e :
         v.judge(t, one_class(traffic_class::tcp, n), one_class(traffic_class::tcp, n * 100))) {
      out.push_back(e);
    }
    t += v.config().interval.ns;
  }
  return out;
}

TEST(DetectSeriesModel, EntropyOfKnownStrings) {
  EXPECT_DOUBLE_EQ(shannon_entropy(""), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abcd"), 2.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("0123456789abcdef"), 4.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("aabb"), 1.0);
}

TEST(DetectSeriesModel, EntropyWithoutASeparatorCountsOnlyTheRest) {
  // The dots neither add symbols nor dilute the others' shares.
  EXPECT_DOUBLE_EQ(shannon_entropy_without("a.b.c.d", '.'), 2.0);
  EXPECT_DOUBLE_EQ(shannon_entropy_without("aa.bb", '.'), 1.0);
  EXPECT_DOUBLE_EQ(shannon_entropy_without("...", '.'), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy_without("", '.'), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy_without("abcd", '.'), shannon_entropy("abcd"));
}

TEST(DetectSeriesModel, EwmaRecursion) {
  ewma_model m(0.5);
  m.add(10); // mean 10, var 0
  m.add(20); // diff 10, mean 15, var 0.5*(0 + 10*5) = 25
  EXPECT_DOUBLE_EQ(m.mean(), 15.0);
  EXPECT_DOUBLE_EQ(m.variance(), 25.0);
  running_stats r;
  for (const double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) {
    r.add(x);
  }
  EXPECT_DOUBLE_EQ(r.mean(), 5.0); // the textbook example: population sd 2
  EXPECT_DOUBLE_EQ(r.stddev(), 2.0);
}

TEST(DetectVolume, NoAlertDuringWarmup) {
  volume_config cfg;
  cfg.warmup = 12;
  cfg.confirm = 1;
  volume_detector v(cfg);
  std::vector<std::uint64_t> series(11, 1000);
  series.push_back(1'000'000); // the 12th interval: still learning
  EXPECT_TRUE(run(v, series).empty());
}

TEST(DetectVolume, SeededPoissonSeriesWithInjectedSpikeAndDrop) {
  std::mt19937_64 rng(20240501);
  std::poisson_distribution<std::uint64_t> normal(2000.0);
  std::vector<std::uint64_t> series;
  for (int i = 0; i < 60; ++i) {
    series.push_back(normal(rng));
  }
  for (int i = 0; i < 8; ++i) { // flood: 5x the rate for 8 intervals
    series.push_back(10'000);
  }
  for (int i = 0; i < 20; ++i) {
    series.push_back(normal(rng));
  }
  for (int i = 0; i < 7; ++i) { // outage
    series.push_back(50);
  }
  for (int i = 0; i < 20; ++i) {
    series.push_back(normal(rng));
  }
  volume_detector v{volume_config{}};
  const auto events = run(v, series);
  ASSERT_EQ(events.size(), 4U); // spike confirmed, spike over, drop confirmed, drop over
  EXPECT_TRUE(events[0].spike);
  EXPECT_TRUE(events[0].ongoing);
  EXPECT_EQ(events[0].cls, traffic_class::tcp);
  EXPECT_EQ(events[0].start, t0 + 60 * 10 * sec);
  EXPECT_EQ(events[0].intervals, 6U); // confirm = 6
  EXPECT_TRUE(events[0].by_packets);
  EXPECT_NEAR(events[0].expected_packets, 2000, 60);
  EXPECT_TRUE(events[1].spike);
  EXPECT_FALSE(events[1].ongoing);
  EXPECT_EQ(events[1].intervals, 8U);
  EXPECT_EQ(events[1].end, t0 + 68 * 10 * sec);
  EXPECT_DOUBLE_EQ(events[1].extreme_packets, 10'000);
  EXPECT_FALSE(events[2].spike);
  EXPECT_EQ(events[2].start, t0 + 88 * 10 * sec);
  EXPECT_FALSE(events[3].ongoing);
  EXPECT_EQ(events[3].intervals, 7U);
  EXPECT_DOUBLE_EQ(events[3].extreme_packets, 50);
}

TEST(DetectVolume, ShortBurstBelowConfirmationIsIgnored) {
  // A bulk transfer of 50 s (five intervals < confirm = 6) is not a spike; one of 60 s is.
  for (const int burst : {2, 5, 6}) {
    std::vector<std::uint64_t> series(30, 2000);
    series.insert(series.end(), static_cast<std::size_t>(burst), 50'000);
    series.insert(series.end(), 10, 2000);
    volume_detector v{volume_config{}};
    const auto events = run(v, series);
    if (burst < 6) {
      EXPECT_TRUE(events.empty()) << burst;
    } else {
      ASSERT_EQ(events.size(), 2U);
      EXPECT_TRUE(events[0].spike);
      EXPECT_EQ(events[0].intervals, 6U);
      EXPECT_EQ(events[0].start, t0 + 30 * 10 * sec);
    }
  }
}

// Baseline mean 10000 packets, variance 0: sd = max(0, 0.1 * 10000, sqrt(10000)) = 1000,
// so with k = 4 the band is [6000, 14000].
class VolumeBand : public ::testing::Test {
protected:
  void SetUp() override {
    base.interval = 10 * sec;
    for (auto& e : base.all) {
      e.known = true;
    }
    auto& tcp = base.all[stats::index(traffic_class::tcp)];
    tcp.packets_mean = 10'000;
    tcp.bytes_mean = 1e12; // bytes never leave their band in these tests
    tcp.bytes_var = 1e24;
    cfg.confirm = 1;
    cfg.min_spike_packets = 500;
    cfg.min_drop_packets = 100;
  }
  std::size_t events_for(std::uint64_t packets) {
    volume_detector v(cfg, &base);
    return v
        .judge(t0, one_class(traffic_class::tcp, packets),
               one_class(traffic_class::tcp, 1'000'000'000'000))
        .size();
  }
  volume_baseline base;
  volume_config cfg;
};

TEST_F(VolumeBand, SpikeThresholdOneBelowAndAbove) {
  EXPECT_EQ(events_for(14'000), 0U);
  EXPECT_EQ(events_for(14'001), 1U);
}

TEST_F(VolumeBand, DropThresholdOneAboveAndBelow) {
  EXPECT_EQ(events_for(6'000), 0U);
  EXPECT_EQ(events_for(5'999), 1U);
}

TEST_F(VolumeBand, MinimumSpikeSizeApplies) {
  // mean 100: sd = max(0.1*100, sqrt(100)) = 10, band top 140, but a spike needs +500.
  base.all[stats::index(traffic_class::tcp)].packets_mean = 100;
  EXPECT_EQ(events_for(599), 0U);
  EXPECT_EQ(events_for(600), 1U);
}

TEST_F(VolumeBand, DropsNeedAnExpectedMinimum) {
  base.all[stats::index(traffic_class::tcp)].packets_mean = 99; // < min_drop_packets
  EXPECT_EQ(events_for(0), 0U);
  base.all[stats::index(traffic_class::tcp)].packets_mean = 100; // band bottom 100-4*10 = 60
  EXPECT_EQ(events_for(60), 0U);
  EXPECT_EQ(events_for(59), 1U);
}

TEST_F(VolumeBand, DropBelowAFractionOfTheExpectationEvenInAWideBand) {
  // sd 10000 = the mean: the band's bottom, 10000 - 4 * 10000, is below zero.
  base.all[stats::index(traffic_class::tcp)].packets_var = 1e8;
  cfg.min_spike_packets = 1e9;      // only the drop side is under test
  EXPECT_EQ(events_for(1'000), 0U); // exactly drop_fraction (0.1) of the expectation
  EXPECT_EQ(events_for(999), 1U);
  cfg.drop_fraction = 0;
  EXPECT_EQ(events_for(0), 0U); // the band alone never calls this a drop
}

TEST_F(VolumeBand, BaselineIntervalIsRescaled) {
  // 10000 per 20 s = 5000 per 10 s; sd = max(0.1 * 5000, sqrt(5000)) = 500: band [3000, 7000]
  base.interval = 20 * sec;
  EXPECT_EQ(events_for(7'000), 0U);
  EXPECT_EQ(events_for(7'001), 1U);
  EXPECT_EQ(events_for(3'000), 0U);
  EXPECT_EQ(events_for(2'999), 1U);
}

TEST_F(VolumeBand, HourlyBucketsSelectByHourOfDay) {
  base.hourly = true;
  const timestamp_ns day = t0 - t0 % (86'400 * sec);
  auto& h3 = base.hours[3][stats::index(traffic_class::tcp)];
  h3 = base.all[stats::index(traffic_class::tcp)];
  h3.packets_mean = 1000; // night: band [600, 1400] (sd = max(100, 31.6))
  EXPECT_DOUBLE_EQ(base.at(day + 3 * 3600 * sec + 5, traffic_class::tcp).packets_mean, 1000);
  EXPECT_DOUBLE_EQ(base.at(day + 4 * 3600 * sec, traffic_class::tcp).packets_mean, 10'000);
  volume_detector v(cfg, &base);
  EXPECT_EQ(v.judge(day + 3 * 3600 * sec, one_class(traffic_class::tcp, 2000),
                    one_class(traffic_class::tcp, 1'000'000'000'000))
                .size(),
            1U);
  volume_detector v2(cfg, &base);
  EXPECT_EQ(v2.judge(day + 5 * 3600 * sec, one_class(traffic_class::tcp, 2000),
                     one_class(traffic_class::tcp, 1'000'000'000'000))
                .size(),
            1U); // a drop against the all-hours 10000
}

TEST(DetectVolume, PacketStreamClosesIntervalsIncludingEmptyOnes) {
  volume_config cfg;
  cfg.warmup = 5;
  cfg.confirm = 2;
  cfg.min_drop_packets = 50;
  volume_detector v(cfg);
  std::vector<volume_event> events;
  auto emit = [&](const volume_event& e) { events.push_back(e); };
  timestamp_ns t = t0;
  // 10 intervals of 100 packets each (one every 100 ms), then 40 s of silence, then traffic.
  for (int i = 0; i < 1000; ++i, t += sec / 10) {
    v.on_packet(t, traffic_class::udp, 200, emit);
  }
  t += 40 * sec;
  v.on_packet(t, traffic_class::udp, 200, emit);
  v.finish(emit);
  ASSERT_EQ(events.size(), 2U);
  EXPECT_FALSE(events[0].spike);
  EXPECT_EQ(events[0].cls, traffic_class::udp);
  EXPECT_EQ(events[0].start, t0 + 100 * sec);
  EXPECT_FALSE(events[1].ongoing);
  EXPECT_EQ(events[1].intervals, 4U); // [100 s, 140 s) silent; the last packet's is unjudged
}

} // namespace
