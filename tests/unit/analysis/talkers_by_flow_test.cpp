// traffic_stats counts the packets of a flow to the talker tables when the flow's record
// finishes (talker_table::add_flow_traffic), not packet by packet. Checked against the plain
// per-packet accounting (talker_table::add_packet on every frame, add_flow on every finished
// record) on real captures from the shared corpus: IPv4 and IPv6 fragments (reassembled or
// not), tunnels, ICMP, VLANs, many TCP connections; also with active-timeout parts, evictions
// from a tiny flow table and TCP tuple reuse. Every row of every ranking must agree.

#include <pktscope/analysis/flow_table.hpp>
#include <pktscope/analysis/stats/talkers.hpp>
#include <pktscope/analysis/stats/traffic_stats.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/io/capture_reader.hpp>

#include "flow_test_support.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace pktscope::stats {
namespace {

const std::string corpus = PKTSCOPE_CORPUS_DIR;

/// Forwards flow events to the statistics under test and counts flows in the reference.
struct fanout : flow_sink {
  traffic_stats* st = nullptr;
  talker_table* ref = nullptr;
  void flow_opened(const flow_record& r) override { st->flow_opened(r); }
  void flow_finished(const flow_record& r) override {
    st->flow_finished(r);
    ref->add_flow(r);
  }
};

bool same_rows(const std::vector<talker_row>& x, const std::vector<talker_row>& y) {
  if (x.size() != y.size()) {
    return false;
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    const talker_row& a = x[i];
    const talker_row& b = y[i];
    if (a.a != b.a || a.b != b.b || a.ip_protocol != b.ip_protocol || a.port != b.port ||
        a.packets != b.packets || a.bytes != b.bytes || a.flows != b.flows ||
        a.out_packets != b.out_packets || a.out_bytes != b.out_bytes) {
      return false;
    }
  }
  return true;
}

/// Runs `file` through both accountings; returns the number of packets read.
std::size_t compare(const std::string& file, const flow_table_config& cfg) {
  auto reader = capture_reader::open(corpus + "/" + file);
  EXPECT_TRUE(reader.has_value()) << file;
  if (!reader) {
    return 0;
  }
  auto st = std::make_unique<traffic_stats>();
  auto ref = std::make_unique<talker_table>();
  fanout sink;
  sink.st = st.get();
  sink.ref = ref.get();
  flow_table flows(cfg, &sink);
  auto d = std::make_unique<decoded_packet>();
  const decode_options opt;
  std::size_t n = 0;
  while (const packet* p = reader->next()) {
    (void)decode(p->data, p->link, opt, *d);
    ref->add_packet(*d, p->original_len);
    st->add(*p, *d, flows.update(*d, p->ts, p->original_len));
    ++n;
  }
  flows.flush();
  st->finish();
  for (const auto role : {talker_role::src, talker_role::dst, talker_role::pair, talker_role::host,
                          talker_role::port}) {
    for (const auto metric : {talker_metric::bytes, talker_metric::packets, talker_metric::flows}) {
      EXPECT_TRUE(
          same_rows(st->talkers().top(metric, role, 1U << 20), ref->top(metric, role, 1U << 20)))
          << file << " role " << static_cast<int>(role) << " metric " << static_cast<int>(metric);
    }
  }
  EXPECT_EQ(st->talkers().hosts(), ref->hosts()) << file;
  EXPECT_EQ(st->talkers().pairs(), ref->pairs()) << file;
  EXPECT_EQ(st->talkers().untracked(), 0U) << file;
  return n;
}

TEST(TalkersByFlow, EqualsPerPacketCounting) {
  test::expect_equivalent_everywhere(compare, 1000U);
}

} // namespace
} // namespace pktscope::stats
