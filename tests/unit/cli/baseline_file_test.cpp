// The baseline file (cli/detect/baseline_file.hpp): a baseline made by hand reads back field by
// field, and text that is no baseline is refused with bad_input naming the field, including
// numbers a conversion would mangle (a float timestamp, a port beyond 65535).

#include "cli_error.hpp"
#include "detect/baseline_file.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace pktscope;
using namespace pktscope::detect;
using pktscope::cli::cli_error;
using pktscope::cli::exit_code;
using pktscope::cli::detect::baseline_json;
using pktscope::cli::detect::parse_baseline;

constexpr std::size_t tcp = 0; // stats::traffic_class::tcp

baseline hand_made() {
  baseline b;
  b.first_ts = 1'704'067'200'000'000'000;
  b.last_ts = 1'704'067'800'000'000'000;
  b.packets = 123'456;
  b.intervals = 60;
  b.volume.interval = 10'000'000'000;
  b.volume.all[tcp] = {250.5, 12.25, 90'000.0, 4'000.0, true};
  b.packet_quantiles[tcp] = {240, 300, 320, 400};
  b.talkers.push_back(ip_host{{192, 0, 2, 7}, 4});
  ip_host v6{{0x20, 0x01, 0x0d, 0xb8}, 6};
  v6.addr[15] = 1;
  b.services.push_back(service_key{v6, 443, 6});
  b.sizes.push_back(size_profile{17, 53, true, 40.5, 9.0, 1000});
  return b;
}

std::string refusal(const std::string& text) {
  try {
    (void)parse_baseline(text, "b.json");
  } catch (const cli_error& e) {
    EXPECT_EQ(e.code(), exit_code::bad_input) << e.what();
    return e.what();
  }
  return "accepted";
}

TEST(BaselineFile, HandMadeBaselineReadsBack) {
  const baseline b = parse_baseline(baseline_json(hand_made(), {"normal.pcap"}), "b.json");
  EXPECT_EQ(b.first_ts, 1'704'067'200'000'000'000);
  EXPECT_EQ(b.last_ts, 1'704'067'800'000'000'000);
  EXPECT_EQ(b.packets, 123'456U);
  EXPECT_EQ(b.intervals, 60U);
  EXPECT_EQ(b.volume.interval, 10'000'000'000);
  EXPECT_FALSE(b.volume.hourly);
  EXPECT_TRUE(b.volume.all[tcp].known);
  EXPECT_EQ(b.volume.all[tcp].packets_mean, 250.5);
  EXPECT_EQ(b.volume.all[tcp].bytes_var, 4'000.0);
  EXPECT_FALSE(b.volume.all[1].known);
  EXPECT_EQ(b.packet_quantiles[tcp].p95, 300);
  EXPECT_EQ(b.packet_quantiles[tcp].max, 400);
  ASSERT_EQ(b.talkers.size(), 1U);
  EXPECT_EQ(b.talkers[0].version, 4);
  EXPECT_EQ(b.talkers[0].addr[3], 7);
  ASSERT_EQ(b.services.size(), 1U);
  EXPECT_EQ(b.services[0], hand_made().services[0]);
  ASSERT_EQ(b.sizes.size(), 1U);
  EXPECT_EQ(b.sizes[0].ip_protocol, 17);
  EXPECT_EQ(b.sizes[0].port, 53);
  EXPECT_EQ(b.sizes[0].variance, 9.0);
  EXPECT_EQ(b.sizes[0].count, 1000U);
}

TEST(BaselineFile, RefusesWhatIsNoBaseline) {
  const std::string good = baseline_json(hand_made(), {});
  const auto with = [&](const std::string& from, const std::string& to) {
    std::string t = good;
    const auto at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return t.replace(at, from.size(), to);
  };
  EXPECT_NE(refusal("[1, 2]").find("not a pktscope baseline"), std::string::npos);
  EXPECT_NE(refusal(with("pktscope-baseline", "other")).find("format/version"), std::string::npos);
  EXPECT_NE(refusal(with("\"first_ns\": 1704067200000000000", "\"first_ns\": 1.7e36"))
                .find("'first_ns' is not an integer"),
            std::string::npos);
  EXPECT_NE(refusal(with("\"port\": 443", "\"port\": 70000")).find("'port'"), std::string::npos);
  EXPECT_NE(refusal(with("192.0.2.7", "192.0.2.700")).find("is not an address"), std::string::npos);
  EXPECT_EQ(refusal(good), "accepted");
}

} // namespace
