// SYN flood (CUSUM per Wang, Zhang, Shin 2002) and ICMP detectors on synthetic interval
// sequences. Expected alarm intervals are computed by hand from the CUSUM recursion
// y_n = max(0, y_{n-1} + X_n - a) and the documented thresholds.
#include "detect_support.hpp"

#include <pktscope/analysis/detect/icmp_detector.hpp>
#include <pktscope/analysis/detect/syn_flood.hpp>

#include <gtest/gtest.h>

#include <random>

namespace {

using namespace detect_test;

const v4 server{10, 1, 0, 80};

detect_config flood_only() {
  detect_config c;
  c.port_scan.enabled = false;
  c.icmp.enabled = false;
  return c;
}

detect_config icmp_only() {
  detect_config c;
  c.port_scan.enabled = false;
  c.syn_flood.enabled = false;
  return c;
}

// One second of traffic to server:80 starting at `t`: `normal` complete handshakes from
// clients 10.2.x.y, and `flood` SYNs without completion from `flood_src(i)`.
template <class Src>
void second(feeder& f, timestamp_ns t, int normal, int flood, Src flood_src, int& port) {
  for (int i = 0; i < normal; ++i) {
    const v4 client{10, 2, static_cast<std::uint8_t>(i / 200), static_cast<std::uint8_t>(i % 200)};
    const auto sp = static_cast<std::uint16_t>(port++ % 60000 + 1024);
    const timestamp_ns ts = t + i * (500 * ms / std::max(normal, 1));
    f(ts, tcp(client, server, sp, 80, syn));
    f(ts + ms, tcp(server, client, 80, sp, syn | ack));
    f(ts + 2 * ms, tcp(client, server, sp, 80, ack));
  }
  for (int i = 0; i < flood; ++i) {
    const auto sp = static_cast<std::uint16_t>(port++ % 60000 + 1024);
    f(t + 600 * ms + i * (300 * ms / std::max(flood, 1)), tcp(flood_src(i), server, sp, 80, syn));
  }
}

const auto attacker = [](int) { return v4{203, 0, 113, 66}; };

TEST(DetectSynFlood, NormalServerRaisesNothing) {
  feeder f(flood_only());
  int port = 0;
  for (int s = 0; s < 60; ++s) {
    second(f, t0 + s * sec, 20 + (s % 7), 0, attacker, port);
  }
  f.eng.finish();
  EXPECT_TRUE(f.pending(alert_kind::syn_flood).empty());
}

TEST(DetectSynFlood, AlarmIntervalFollowsTheCusum) {
  // 20 handshakes/s for 30 s (mean K = 20), then 60 extra SYNs/s: X = 60 / 20 = 3,
  // y = 3 - 1 = 2 after the first flood second (not > h = 2), 4 after the second: alarm then.
  feeder f(flood_only());
  int port = 0;
  for (int s = 0; s < 30; ++s) {
    second(f, t0 + s * sec, 20, 0, attacker, port);
  }
  second(f, t0 + 30 * sec, 20, 60, attacker, port);
  f(t0 + 31 * sec, udp({10, 9, 9, 9}, {10, 9, 9, 8}, 1, 1)); // closes second 30
  EXPECT_TRUE(f.pending(alert_kind::syn_flood).empty());
  second(f, t0 + 31 * sec + 1, 20, 60, attacker, port);
  f(t0 + 32 * sec, udp({10, 9, 9, 9}, {10, 9, 9, 8}, 1, 1)); // closes second 31
  const auto alerts = f.pending(alert_kind::syn_flood);
  ASSERT_EQ(alerts.size(), 1U);
  const alert& a = alerts[0];
  EXPECT_EQ(a.dst->to_string(), "10.1.0.80:80");
  ASSERT_TRUE(a.src);
  EXPECT_EQ(a.src->to_string(), "203.0.113.66");
  EXPECT_EQ(a.evidence.number("spoofed"), std::nullopt); // a bool, not a number
  EXPECT_EQ(std::get<bool>(*a.evidence.find("spoofed")), false);
  EXPECT_EQ(a.start_ns, t0 + 30 * sec + 600 * ms);
}

TEST(DetectSynFlood, MinSyns49Versus50) {
  // No normal traffic: K = max(0, min_norm = 10). 49 SYNs/s: X = 4.9, the CUSUM passes h but
  // the excess stays below min_syns = 50, so nothing is raised; 50/s: y = 4 after the first
  // second (> 2) with an excess of 50: alarm at once.
  for (const int rate : {49, 50}) {
    feeder f(flood_only());
    int port = 0;
    for (int s = 0; s < 3; ++s) {
      second(f, t0 + s * sec, 0, rate, attacker, port);
    }
    f.eng.finish();
    EXPECT_EQ(f.pending(alert_kind::syn_flood).size(), rate == 49 ? 0U : 1U) << rate;
  }
}

TEST(DetectSynFlood, SpoofedSourcesHaveNoSourceButAPrefix) {
  feeder f(flood_only());
  int port = 0;
  std::mt19937 rng(7);
  const auto spoofed = [&](int) {
    return v4{100, 64, static_cast<std::uint8_t>(rng() & 0xff), static_cast<std::uint8_t>(rng())};
  };
  for (int s = 0; s < 3; ++s) {
    second(f, t0 + s * sec, 5, 300, spoofed, port);
  }
  f.eng.finish();
  const auto alerts = f.pending(alert_kind::syn_flood);
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_FALSE(alerts[0].src);
  EXPECT_EQ(std::get<bool>(*alerts[0].evidence.find("spoofed")), true);
  EXPECT_EQ(alerts[0].evidence.text("source_prefix"), "100.64.0.0/16");
  EXPECT_GT(*alerts[0].evidence.number("sources_estimate"), 200.0);
}

TEST(DetectSynFlood, LinearCountingEstimate) {
  distinct_counter c;
  std::mt19937_64 rng(3);
  for (int i = 0; i < 300; ++i) {
    c.add(rng());
  }
  // Whang et al. 1990: standard error about sqrt(m (e^t - t - 1)) / n, ~3% here.
  EXPECT_NEAR(c.estimate(), 300.0, 30.0);
  c.clear();
  EXPECT_EQ(c.estimate(), 0.0);
}

TEST(DetectIcmp, Entropy) {
  std::vector<std::uint8_t> all(256);
  for (std::size_t i = 0; i < all.size(); ++i) {
    all[i] = static_cast<std::uint8_t>(i);
  }
  EXPECT_DOUBLE_EQ(shannon_entropy(all), 8.0);
  const std::vector<std::uint8_t> two = {'a', 'a', 'b', 'b'};
  EXPECT_DOUBLE_EQ(shannon_entropy(two), 1.0);
  EXPECT_EQ(shannon_entropy(bytes{}), 0.0);
  // iputils ping's 56-octet payload: 8 timestamp octets then 0x10..0x3f, below 6 bits.
  std::vector<std::uint8_t> ping(56);
  for (std::size_t i = 8; i < 56; ++i) {
    ping[i] = static_cast<std::uint8_t>(i + 8);
  }
  EXPECT_LT(shannon_entropy(ping), 6.0);
}

TEST(DetectIcmp, CommonTypes) {
  EXPECT_TRUE(common_icmp_type(4, 8));
  EXPECT_TRUE(common_icmp_type(4, 11));
  EXPECT_FALSE(common_icmp_type(4, 13)); // timestamp
  EXPECT_FALSE(common_icmp_type(4, 17)); // address mask request (RFC 6918: deprecated)
  EXPECT_TRUE(common_icmp_type(6, 135));
  EXPECT_FALSE(common_icmp_type(6, 139)); // node information query
}

TEST(DetectIcmp, SweepOneBelowAndAtTheThreshold) {
  feeder f(icmp_only());
  for (std::uint8_t h = 1; h <= 24; ++h) {
    f(t0 + h * 50 * ms, icmp({10, 1, 0, 99}, {10, 1, 0, h}, 8, 0));
  }
  f(t0 + 2 * sec, icmp({10, 1, 0, 99}, {10, 1, 0, 3}, 8, 0)); // a repeat: not a new host
  EXPECT_TRUE(f.pending(alert_kind::ping_sweep).empty());
  f(t0 + 3 * sec, icmp({10, 1, 0, 99}, {10, 1, 0, 200}, 8, 0));
  const auto alerts = f.pending(alert_kind::ping_sweep);
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_EQ(alerts[0].src->to_string(), "10.1.0.99");
  EXPECT_FALSE(alerts[0].dst);
  EXPECT_EQ(alerts[0].evidence.text("target_prefix"), "10.1.0.0/24");
  EXPECT_EQ(alerts[0].evidence.number("hosts"), 25.0);
}

TEST(DetectIcmp, EchoFloodNeedsRateAndTwoIntervals) {
  for (const int rate : {99, 100}) {
    feeder f(icmp_only());
    for (int s = 0; s < 20; ++s) { // baseline: 1 request per second
      f(t0 + s * sec, icmp({10, 1, 0, 7}, {10, 1, 0, 1}, 8, 0));
    }
    for (int s = 20; s < 22; ++s) {
      for (int i = 0; i < rate; ++i) {
        f(t0 + s * sec + i * (sec / rate), icmp({203, 0, 113, 5}, {10, 1, 0, 1}, 8, 0));
      }
    }
    f(t0 + 22 * sec, udp({10, 9, 9, 9}, {10, 9, 9, 8}, 1, 1));
    const auto alerts = f.pending(alert_kind::icmp_flood);
    ASSERT_EQ(alerts.size(), rate == 99 ? 0U : 1U) << rate;
    if (rate == 100) {
      EXPECT_EQ(alerts[0].dst->to_string(), "10.1.0.1");
      EXPECT_EQ(alerts[0].src->to_string(), "203.0.113.5");
      EXPECT_EQ(alerts[0].start_ns, t0 + 20 * sec);
      EXPECT_EQ(alerts[0].evidence.number("requests"), 200.0);
    }
  }
}

TEST(DetectIcmp, OneFloodIntervalIsNotEnough) {
  feeder f(icmp_only());
  for (int i = 0; i < 500; ++i) {
    f(t0 + i * 2 * ms, icmp({203, 0, 113, 5}, {10, 1, 0, 1}, 8, 0));
  }
  f(t0 + 5 * sec, udp({10, 9, 9, 9}, {10, 9, 9, 8}, 1, 1));
  f.eng.finish();
  EXPECT_TRUE(f.pending(alert_kind::icmp_flood).empty());
}

TEST(DetectIcmp, FloodUnderWayWhenTheCaptureBeginsIsNotItsOwnBaseline) {
  // 500 requests/s from t0 + 850 ms on: the capture's first interval holds 75 of them. Judged
  // as 75/s over the whole second it would become the baseline, and 500/s stays below ten
  // times that; the interval the capture began inside is neither judged nor learned from, so
  // the next two whole seconds (500 requests each) make the flood.
  feeder f(icmp_only());
  for (int i = 0; i < 1100; ++i) {
    f(t0 + 850 * ms + i * 2 * ms, icmp({203, 0, 113, 5}, {10, 1, 0, 1}, 8, 0));
  }
  f(t0 + 5 * sec, udp({10, 9, 9, 9}, {10, 9, 9, 8}, 1, 1));
  const auto alerts = f.pending(alert_kind::icmp_flood);
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_EQ(alerts[0].start_ns, t0 + sec); // the first request of the first whole interval
  EXPECT_EQ(alerts[0].evidence.number("requests"), 1000.0);
}

TEST(DetectIcmp, TunnelNeedsTenLargeRandomMessages) {
  std::mt19937 rng(11);
  std::vector<std::vector<std::uint8_t>> payloads(10, std::vector<std::uint8_t>(200));
  for (auto& p : payloads) {
    for (auto& b : p) {
      b = static_cast<std::uint8_t>(rng());
    }
  }
  const std::vector<std::uint8_t> zeros(1000, 0);
  feeder f(icmp_only());
  for (int i = 0; i < 20; ++i) { // large but constant payloads: entropy 0
    f(t0 + i * sec, icmp({10, 1, 0, 7}, {198, 51, 100, 1}, 8, 0, &zeros));
  }
  for (int i = 0; i < 9; ++i) { // requests and replies alternate
    const bool req = i % 2 == 0;
    f(t0 + 30 * sec + i * sec,
      icmp(req ? v4{10, 1, 0, 7} : v4{198, 51, 100, 1}, req ? v4{198, 51, 100, 1} : v4{10, 1, 0, 7},
           req ? 8 : 0, 0, &payloads[static_cast<std::size_t>(i)]));
  }
  EXPECT_TRUE(f.pending(alert_kind::icmp_tunnel).empty());
  f(t0 + 40 * sec, icmp({198, 51, 100, 1}, {10, 1, 0, 7}, 0, 0, &payloads[9]));
  const auto alerts = f.pending(alert_kind::icmp_tunnel);
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_EQ(alerts[0].src->to_string(), "10.1.0.7");
  EXPECT_EQ(alerts[0].dst->to_string(), "198.51.100.1");
  EXPECT_EQ(alerts[0].evidence.text("reason"), "payload");
  EXPECT_EQ(alerts[0].evidence.number("replies"), 5.0);
}

TEST(DetectIcmp, UnusualTypesFourVersusFive) {
  feeder f(icmp_only());
  for (int i = 0; i < 4; ++i) {
    f(t0 + i * sec, icmp({10, 1, 0, 7}, {10, 1, 0, 1}, 13, 0)); // timestamp request
  }
  EXPECT_TRUE(f.pending(alert_kind::icmp_tunnel).empty());
  f(t0 + 5 * sec, icmp({10, 1, 0, 7}, {10, 1, 0, 1}, 17, 0)); // address mask request
  const auto alerts = f.pending(alert_kind::icmp_tunnel);
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_EQ(alerts[0].evidence.text("reason"), "unusual_type");
  EXPECT_EQ(std::get<std::vector<double>>(*alerts[0].evidence.find("types")),
            (std::vector<double>{13, 17}));
}

} // namespace
