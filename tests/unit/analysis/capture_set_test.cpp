// capture_set: several captures merged in timestamp order, per-file BPF, open errors.
// Packet counts from capinfos: kbandla/dpkt examples/data/http.pcap 43 packets,
// dns_icmp.pcap 32 packets; tcpdump -r http.pcap 'tcp port 80' prints 41 packets.

#include <pktscope/analysis/capture_set.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pktscope {
namespace {

const std::string corpus = PKTSCOPE_CORPUS_DIR;
const std::string http = corpus + "/kbandla__dpkt/examples/data/http.pcap";
const std::string dns_icmp = corpus + "/kbandla__dpkt/examples/data/dns_icmp.pcap";

TEST(CaptureSet, MergesInTimestampOrder) {
  auto set = capture_set::open({http, dns_icmp}, {});
  ASSERT_TRUE(set.has_value());
  std::size_t n = 0;
  std::size_t from_second = 0;
  timestamp_ns last = 0;
  while (const packet* p = set->next()) {
    EXPECT_GE(p->ts, last);
    last = p->ts;
    from_second += set->source();
    ++n;
  }
  EXPECT_EQ(n, 43U + 32U);
  EXPECT_EQ(from_second, 32U);
  EXPECT_EQ(set->progress().files_done, 2U);
}

TEST(CaptureSet, FilterAndProgress) {
  capture_set_options o;
  o.filter = "tcp port 80";
  std::size_t reports = 0;
  o.progress = [&reports](const capture_progress&) { ++reports; };
  o.progress_every = 10;
  auto set = capture_set::open({http}, o);
  ASSERT_TRUE(set.has_value());
  std::size_t n = 0;
  while (set->next() != nullptr) {
    ++n;
  }
  EXPECT_EQ(n, 41U);
  EXPECT_EQ(set->progress().packets_read, 43U);
  EXPECT_GE(reports, 4U);
}

TEST(CaptureSet, OpenErrors) {
  open_failure why;
  auto missing = capture_set::open({http, "/nonexistent/x.pcap"}, {}, &why);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(why.index, 1U);
  EXPECT_EQ(missing.error().code, errc::io);

  auto twice = capture_set::open({"-", "-"}, {}, &why);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, errc::unsupported);

  capture_set_options o;
  o.filter = "tcp and";
  auto bad = capture_set::open({http}, o, &why);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, errc::bad_format);
  EXPECT_FALSE(why.message.empty());

  EXPECT_FALSE(capture_set::open({}, {}).has_value());
}

} // namespace
} // namespace pktscope
