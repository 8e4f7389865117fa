// The report's bounded accumulators and the plot axes: time bins that widen along round
// durations and merge exactly, size bins, alert-to-flow matching, JSON that is safe inside a
// <script> element, nice value steps and UTC time ticks. Expected values are worked out by hand
// from the definitions (calendar dates from 1704067200 = 2024-01-01T00:00:00Z, RFC 3339).

#include "plot/plots.hpp"
#include "report/html.hpp"
#include "report/report_data.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace {

using namespace pktscope;
using namespace pktscope::cli;

constexpr timestamp_ns sec = 1'000'000'000;
constexpr timestamp_ns jan1 = 1'704'067'200 * sec; // 2024-01-01T00:00:00Z

TEST(SizeBins, EdgesAreContiguous) {
  EXPECT_EQ(report::size_bin_of(0), 0U);
  EXPECT_EQ(report::size_bin_of(31), 0U);
  EXPECT_EQ(report::size_bin_of(32), 1U);
  EXPECT_EQ(report::size_bin_of(1514), 47U); // 1504..1535
  EXPECT_EQ(report::size_bin_of(2047), 63U);
  EXPECT_EQ(report::size_bin_of(2048), 64U);
  EXPECT_EQ(report::size_bin_of(9018), 67U); // 8192..10239
  EXPECT_EQ(report::size_bin_of(65535), report::size_bins - 1);
  EXPECT_EQ(report::size_bin_of(70000), report::size_bins - 1);
  for (std::size_t b = 0; b + 1 < report::size_bins; ++b) {
    EXPECT_EQ(report::size_bin_max(b) + 1, report::size_bin_min(b + 1));
    EXPECT_EQ(report::size_bin_of(report::size_bin_min(b)), b);
    EXPECT_EQ(report::size_bin_of(report::size_bin_max(b)), b);
  }
}

TEST(TimeBins, StartsAtOneMillisecondAlignedToTheEpoch) {
  auto tb = std::make_unique<report::time_bins>();
  tb->add_packet(jan1 + 1'500'000, 0, 100); // 1.5 ms after the minute
  EXPECT_EQ(tb->width(), 1'000'000);
  EXPECT_EQ(tb->start(), jan1 + 1'000'000);
  EXPECT_EQ(tb->used(), 1U);
}

TEST(TimeBins, WidenAlongTheLadderAndKeepEveryCount) {
  auto tb = std::make_unique<report::time_bins>();
  // One packet every 10 ms over 100 s: 10000 packets need 100 s / 3000 bins > 20 ms, so the
  // width must reach 100 ms (ladder 1, 2, 10, 20, 100 ms) and bins start on 100 ms multiples.
  std::uint64_t bytes = 0;
  for (int i = 0; i < 10000; ++i) {
    const auto len = static_cast<std::uint32_t>(60 + i % 1400);
    tb->add_packet(jan1 + 3'000'000 + i * 10'000'000LL, static_cast<std::size_t>(i % 4), len);
    bytes += len;
  }
  tb->add_flow(jan1 + 50 * sec, 1);
  EXPECT_EQ(tb->width(), 100'000'000);
  EXPECT_EQ(tb->start(), jan1);
  EXPECT_EQ(tb->used(), 1000U); // 100 s of 100 ms bins
  std::uint64_t packets = 0, got_bytes = 0, sized = 0, flows = 0;
  for (std::size_t i = 0; i < tb->used(); ++i) {
    const auto& b = tb->at(i);
    packets += std::accumulate(b.packets.begin(), b.packets.end(), std::uint64_t{0});
    got_bytes += std::accumulate(b.bytes.begin(), b.bytes.end(), std::uint64_t{0});
    sized += std::accumulate(b.sizes.begin(), b.sizes.end(), std::uint64_t{0});
    flows += std::accumulate(b.flows.begin(), b.flows.end(), std::uint64_t{0});
  }
  EXPECT_EQ(packets, 10000U);
  EXPECT_EQ(sized, 10000U);
  EXPECT_EQ(got_bytes, bytes);
  EXPECT_EQ(flows, 1U);
  // Packets at 3, 13, ..., 93 ms fall in the first 100 ms bin: 10 of them.
  const auto& first = tb->at(0);
  EXPECT_EQ(std::accumulate(first.packets.begin(), first.packets.end(), std::uint64_t{0}), 10U);
  EXPECT_EQ(tb->at(500).flows[1], 1U); // the flow at 50 s
}

TEST(TimeBins, StayBoundedOverAWeek) {
  auto tb = std::make_unique<report::time_bins>();
  for (timestamp_ns t = 0; t <= 7 * 86400 * sec; t += 600 * sec) {
    tb->add_packet(jan1 + t, 0, 64);
  }
  EXPECT_LE(tb->used(), report::time_bins::capacity);
  EXPECT_EQ(tb->width(), 600 * sec); // 7 days / 10 min = 1008 bins; 2 min would need 5040
  EXPECT_EQ(tb->used(), 1009U);
}

pktscope::detect::alert alert_between(const char* src, const char* dst, timestamp_ns start,
                                      timestamp_ns end) {
  pktscope::detect::alert a;
  if (src != nullptr) {
    a.src = pktscope::detect::endpoint::parse(src);
  }
  if (dst != nullptr) {
    a.dst = pktscope::detect::endpoint::parse(dst);
  }
  a.start_ns = start;
  a.end_ns = end;
  return a;
}

report::flow_brief flow(std::array<std::uint8_t, 4> o, std::uint16_t op,
                        std::array<std::uint8_t, 4> r, std::uint16_t rp, timestamp_ns first,
                        timestamp_ns last) {
  report::flow_brief f;
  std::copy(o.begin(), o.end(), f.orig.begin());
  std::copy(r.begin(), r.end(), f.resp.begin());
  f.orig_port = op;
  f.resp_port = rp;
  f.ip_version = 4;
  f.ip_protocol = 6;
  f.first_ts = first;
  f.last_ts = last;
  return f;
}

TEST(FlowsOfAlert, MatchHostsPortsAndTime) {
  const std::vector<report::flow_brief> flows = {
      flow({192, 0, 2, 7}, 40000, {192, 0, 2, 10}, 22, 10 * sec, 11 * sec), // 0: yes
      flow({192, 0, 2, 10}, 80, {192, 0, 2, 7}, 41000, 5 * sec, 6 * sec),   // 1: reversed, yes
      flow({192, 0, 2, 7}, 40001, {192, 0, 2, 11}, 22, 10 * sec, 11 * sec), // 2: other host
      flow({192, 0, 2, 7}, 40002, {192, 0, 2, 10}, 23, 30 * sec, 31 * sec), // 3: too late
      flow({192, 0, 2, 7}, 40003, {192, 0, 2, 10}, 443, 1 * sec, 4 * sec)}; // 4: touches start
  std::size_t matched = 0;
  auto hit = report::flows_of_alert(alert_between("192.0.2.7", "192.0.2.10", 4 * sec, 20 * sec),
                                    flows, 10, matched);
  EXPECT_EQ(matched, 3U);
  EXPECT_EQ(hit, (std::vector<std::size_t>{4, 1, 0})); // by first packet time

  hit = report::flows_of_alert(alert_between("192.0.2.7", "192.0.2.10:22", 0, 20 * sec), flows, 10,
                               matched);
  EXPECT_EQ(hit, (std::vector<std::size_t>{0})); // the port narrows it

  hit = report::flows_of_alert(alert_between("192.0.2.7", nullptr, 0, 40 * sec), flows, 2, matched);
  EXPECT_EQ(matched, 5U); // one named host: every flow it is in
  EXPECT_EQ(hit.size(), 2U);

  hit = report::flows_of_alert(alert_between(nullptr, nullptr, 0, 40 * sec), flows, 10, matched);
  EXPECT_TRUE(hit.empty());
}

TEST(Html, DataCannotCloseItsScriptElement) {
  report::json doc;
  doc["title"] = "</script><script>alert(1)</script> & more";
  const std::string s = report::script_safe_json(doc);
  EXPECT_EQ(s.find('<'), std::string::npos);
  EXPECT_EQ(s.find('>'), std::string::npos);
  EXPECT_EQ(report::json::parse(s), doc); // JSON reads the escapes back
}

TEST(Ticks, ValueStepsAreOneTwoOrFiveTimesAPowerOfTen) {
  auto t = plot::value_ticks(0, 347, 5); // raw step 69.4 -> 100
  ASSERT_EQ(t.size(), 5U);
  EXPECT_DOUBLE_EQ(t.back().value, 400); // the last tick covers the maximum
  EXPECT_EQ(t[1].label, "100");
  t = plot::value_ticks(0, 3.4e8, 5); // raw 6.8e7 -> 1e8
  EXPECT_EQ(t[3].label, "300M");
  t = plot::value_ticks(0, 1.1, 5); // raw 0.22 -> 0.5
  EXPECT_EQ(t[1].label, "0.5");
}

TEST(Ticks, TimeTicksSitOnRoundUtcTimes) {
  // 00:00:00.541 to 00:04:59.976 on 2024-01-01: one-minute steps, 00:01 .. 00:04.
  auto t = plot::time_ticks(static_cast<double>(jan1 + 541'026'177),
                            static_cast<double>(jan1 + 299'976'458'842), 8);
  ASSERT_EQ(t.size(), 4U);
  EXPECT_EQ(t[0].label, "00:01");
  EXPECT_EQ(t[3].label, "00:04");
  // 10 s span: 2 s steps labelled with seconds.
  t = plot::time_ticks(static_cast<double>(jan1 + 3600 * sec),
                       static_cast<double>(jan1 + 3610 * sec), 6);
  EXPECT_EQ(t[0].label, "01:00:00");
  EXPECT_EQ(t[1].label, "01:00:02");
  // A week: days, labelled with the date.
  t = plot::time_ticks(static_cast<double>(jan1), static_cast<double>(jan1 + 7 * 86400 * sec), 8);
  EXPECT_EQ(t[0].label, "2024-01-01");
  EXPECT_EQ(t[1].label, "2024-01-02");
  // Sub-second: milliseconds.
  t = plot::time_ticks(static_cast<double>(jan1), static_cast<double>(jan1 + sec / 10), 6);
  EXPECT_EQ(t[1].label, "00:00:00.020");
}

} // namespace
