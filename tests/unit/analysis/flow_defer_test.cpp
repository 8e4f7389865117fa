// flow_table::defer() queues the updates of plain IP packets a few packets deep (their memory
// is fetched meanwhile) and traffic_stats::add_deferred() counts them without a record;
// flow_table::prepare(), fetch() and update(prepared) split one packet's update in steps.
// Both are checked against the one-at-a-time path (update() and add() for every packet) on
// real captures from the shared corpus: IPv4 and IPv6 fragments (reassembled or not: those
// are not deferred and drain the queue), tunnels, ARP, many TCP connections; with
// active-timeout parts, evictions from a tiny flow table and TCP tuple reuse. The flow events
// (their order, every record field the reports use) and the statistics fed by them must be
// the same; the split update's events must also come at the same packet as update()'s.

#include <pktscope/analysis/flow_table.hpp>
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

/// What a flow event showed a sink, in the order the events came.
struct event {
  bool opened = false;
  flow_record rec;
  std::size_t packet = 0; ///< packets read when it came
};

struct recording_sink : flow_sink {
  traffic_stats* st = nullptr;
  std::size_t packets = 0;
  std::vector<event> events;
  void flow_opened(const flow_record& r) override {
    st->flow_opened(r);
    events.push_back({true, r, packets});
  }
  void flow_finished(const flow_record& r) override {
    st->flow_finished(r);
    events.push_back({false, r, packets});
  }
};

enum class update_path { direct, deferred, prepared };

struct run_result {
  std::vector<event> events;
  std::unique_ptr<traffic_stats> st;
  flow_counters counters;
};

run_result run(const std::string& file, const flow_table_config& cfg, update_path path) {
  run_result res;
  auto reader = capture_reader::open(corpus + "/" + file);
  EXPECT_TRUE(reader.has_value()) << file;
  if (!reader) {
    return res;
  }
  res.st = std::make_unique<traffic_stats>();
  recording_sink sink;
  sink.st = res.st.get();
  flow_table flows(cfg, &sink);
  auto d = std::make_unique<decoded_packet>();
  const decode_options opt;
  flow_table::prepared_update pending;
  while (const packet* p = reader->next()) {
    ++sink.packets;
    (void)decode(p->data, p->link, opt, *d);
    if (path == update_path::deferred && flows.defer(*d, p->ts, p->original_len)) {
      res.st->add_deferred(*p, *d);
    } else if (path == update_path::prepared &&
               flows.prepare(*d, p->ts, p->original_len, pending)) {
      flows.fetch(pending);
      res.st->add_deferred(*p, *d);
      flows.update(pending);
    } else {
      res.st->add(*p, *d, flows.update(*d, p->ts, p->original_len));
    }
  }
  flows.flush();
  res.st->finish();
  res.events = std::move(sink.events);
  res.counters = flows.counters();
  return res;
}

void expect_same_record(const flow_record& a, const flow_record& b, const std::string& where) {
  EXPECT_EQ(a.key, b.key) << where;
  EXPECT_EQ(a.id, b.id) << where;
  EXPECT_EQ(a.part, b.part) << where;
  EXPECT_EQ(a.end, b.end) << where;
  EXPECT_EQ(a.first_ts, b.first_ts) << where;
  EXPECT_EQ(a.last_ts, b.last_ts) << where;
  EXPECT_EQ(a.orig_addr, b.orig_addr) << where;
  EXPECT_EQ(a.orig_port, b.orig_port) << where;
  EXPECT_EQ(a.resp_port, b.resp_port) << where;
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(a.dir[i].packets, b.dir[i].packets) << where;
    EXPECT_EQ(a.dir[i].bytes, b.dir[i].bytes) << where;
    EXPECT_EQ(a.dir[i].payload_bytes, b.dir[i].payload_bytes) << where;
    EXPECT_EQ(a.dir[i].ip_bytes, b.dir[i].ip_bytes) << where;
    EXPECT_EQ(a.dir[i].fragments, b.dir[i].fragments) << where;
    EXPECT_EQ(a.dir[i].tcp_flags, b.dir[i].tcp_flags) << where;
    EXPECT_EQ(a.dir[i].last_ts, b.dir[i].last_ts) << where;
  }
  EXPECT_EQ(a.state(), b.state()) << where;
  EXPECT_EQ(a.history(), b.history()) << where;
  EXPECT_EQ(a.application, b.application) << where;
  EXPECT_EQ(a.tcp.orig().retransmissions, b.tcp.orig().retransmissions) << where;
  EXPECT_EQ(a.tcp.resp().out_of_order, b.tcp.resp().out_of_order) << where;
}

/// Runs `file` directly and by `path`; returns the number of flow events.
std::size_t compare_path(const std::string& file, const flow_table_config& cfg, update_path path) {
  const run_result one = run(file, cfg, update_path::direct);
  const run_result queued = run(file, cfg, path);
  if (!one.st || !queued.st) {
    return 0;
  }
  EXPECT_EQ(one.events.size(), queued.events.size()) << file;
  for (std::size_t i = 0; i < std::min(one.events.size(), queued.events.size()); ++i) {
    const std::string where = file + " event " + std::to_string(i);
    EXPECT_EQ(one.events[i].opened, queued.events[i].opened) << where;
    expect_same_record(one.events[i].rec, queued.events[i].rec, where);
    if (path == update_path::prepared) {
      EXPECT_EQ(one.events[i].packet, queued.events[i].packet) << where;
    }
  }
  EXPECT_EQ(one.counters.packets, queued.counters.packets) << file;
  EXPECT_EQ(one.counters.flows_created, queued.counters.flows_created) << file;
  EXPECT_EQ(one.counters.evictions, queued.counters.evictions) << file;
  EXPECT_EQ(one.counters.reuses, queued.counters.reuses) << file;

  const auto& rows_one = one.st->series().rows();
  const auto& rows_queued = queued.st->series().rows();
  EXPECT_EQ(rows_one.size(), rows_queued.size()) << file;
  for (std::size_t i = 0; i < std::min(rows_one.size(), rows_queued.size()); ++i) {
    EXPECT_EQ(rows_one[i].start, rows_queued[i].start) << file << " row " << i;
    EXPECT_EQ(rows_one[i].packets, rows_queued[i].packets) << file << " row " << i;
    EXPECT_EQ(rows_one[i].new_flows, rows_queued[i].new_flows) << file << " row " << i;
  }
  EXPECT_EQ(one.st->flows().flows, queued.st->flows().flows) << file;
  EXPECT_EQ(one.st->flows().tcp_states, queued.st->flows().tcp_states) << file;
  EXPECT_EQ(one.st->talkers().hosts(), queued.st->talkers().hosts()) << file;
  EXPECT_EQ(one.st->talkers().pairs(), queued.st->talkers().pairs()) << file;
  const auto top_one = one.st->talkers().top(talker_metric::bytes, talker_role::pair, 1U << 20);
  const auto top_queued =
      queued.st->talkers().top(talker_metric::bytes, talker_role::pair, 1U << 20);
  EXPECT_EQ(top_one.size(), top_queued.size()) << file;
  for (std::size_t i = 0; i < std::min(top_one.size(), top_queued.size()); ++i) {
    EXPECT_EQ(top_one[i].packets, top_queued[i].packets) << file << " pair " << i;
    EXPECT_EQ(top_one[i].bytes, top_queued[i].bytes) << file << " pair " << i;
  }
  EXPECT_EQ(one.st->hierarchy().frames(), queued.st->hierarchy().frames()) << file;
  return one.events.size();
}

TEST(FlowDefer, SameEventsAndStatisticsAsUpdate) {
  test::expect_equivalent_everywhere(
      [](const std::string& file, const flow_table_config& cfg) {
        return compare_path(file, cfg, update_path::deferred);
      },
      500U);
}

TEST(FlowDefer, PreparedUpdatesGiveTheSameEventsAtTheSamePackets) {
  test::expect_equivalent_everywhere(
      [](const std::string& file, const flow_table_config& cfg) {
        return compare_path(file, cfg, update_path::prepared);
      },
      500U);
}

} // namespace
} // namespace pktscope::stats
