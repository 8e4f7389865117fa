// The rows of `pktscope flows`: the orders of --sort (start time, then largest first with ties
// in start order) and the filters of --proto, --host, --port and --state. The rows are made by
// hand, so each expected order and verdict follows from the option's definition alone.

#include "flows/conn_rows.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using namespace pktscope;
using namespace pktscope::cli::flows;

conn_row make_row(std::uint64_t id, timestamp_ns start, timestamp_ns end, std::uint64_t bytes,
                  std::uint64_t packets) {
  conn_row r;
  r.id = id;
  r.first_ts = start;
  r.last_ts = end;
  r.dir[0].bytes = bytes;
  r.dir[0].packets = packets;
  return r;
}

std::vector<std::uint64_t> ids(const std::vector<conn_row>& rows) {
  std::vector<std::uint64_t> out;
  for (const conn_row& r : rows) {
    out.push_back(r.id);
  }
  return out;
}

/// Whether `r` passes a filter with the fields `set` sets.
template <class Set> bool kept(const conn_row& r, Set set) {
  conn_filter f;
  set(f);
  return f.keep(r);
}

// id: start, end, bytes, packets
std::vector<conn_row> sample() {
  return {make_row(1, 30, 40, 500, 5), make_row(2, 10, 90, 100, 9), make_row(3, 20, 25, 500, 1),
          make_row(4, 10, 11, 700, 2)};
}

TEST(FlowsSort, StartOrdersByTimeThenFlowId) {
  auto rows = sample();
  sort_rows(rows, conn_order::start);
  EXPECT_EQ(ids(rows), (std::vector<std::uint64_t>{2, 4, 3, 1}));
}

TEST(FlowsSort, LargestFirstKeepsStartOrderAmongEquals) {
  auto rows = sample();
  sort_rows(rows, conn_order::bytes); // 700, then the two 500s by start (3 at 20, 1 at 30)
  EXPECT_EQ(ids(rows), (std::vector<std::uint64_t>{4, 3, 1, 2}));
  sort_rows(rows, conn_order::packets);
  EXPECT_EQ(ids(rows), (std::vector<std::uint64_t>{2, 1, 4, 3}));
  sort_rows(rows, conn_order::duration); // 80, 10, 5, 1
  EXPECT_EQ(ids(rows), (std::vector<std::uint64_t>{2, 1, 3, 4}));
}

TEST(FlowsFilter, KeepsRowsThatMatchEveryFilterSet) {
  conn_row r;
  r.ip_proto = 6;
  r.orig_h = "192.0.2.1";
  r.resp_h = "198.51.100.7";
  r.orig_p = 50000;
  r.resp_p = 443;
  r.state = conn_state::sf;

  EXPECT_TRUE(conn_filter{}.keep(r));
  EXPECT_TRUE(kept(r, [](conn_filter& f) { f.proto = 6; }));
  EXPECT_FALSE(kept(r, [](conn_filter& f) { f.proto = 17; }));
  EXPECT_TRUE(kept(r, [](conn_filter& f) { f.host = "198.51.100.7"; }));
  EXPECT_FALSE(kept(r, [](conn_filter& f) { f.host = "192.0.2.7"; }));
  EXPECT_TRUE(kept(r, [](conn_filter& f) { f.port = 50000; }));
  EXPECT_FALSE(kept(r, [](conn_filter& f) { f.port = 80; }));
  EXPECT_TRUE(kept(r, [](conn_filter& f) { f.states = {conn_state::rej, conn_state::sf}; }));
  EXPECT_FALSE(kept(r, [](conn_filter& f) { f.states = {conn_state::s0}; }));
  EXPECT_FALSE(kept(r, [](conn_filter& f) {
    f.proto = 6;
    f.port = 80;
  }));
}

} // namespace
