// Flow table: key normalisation, full-key comparison under hash collisions, timeouts, the
// memory cap, ICMP echo pairing.

#include "flow_test_support.hpp"

#include <pktscope/analysis/flow_key.hpp>
#include <pktscope/analysis/flow_table.hpp>

#include <gtest/gtest.h>

#include <bit>
#include <limits>
#include <set>

namespace pktscope {
namespace {

using test::harness;
using test::ms;
using test::sec;

const ipv4_address host_a{{192, 0, 2, 1}};
const ipv4_address host_b{{192, 0, 2, 2}};

std::vector<std::uint8_t> udp(const ipv4_address& s, const ipv4_address& d, std::uint16_t sp,
                              std::uint16_t dp) {
  return build::raw().ipv4(s, d).udp(sp, dp).to_vector();
}

TEST(FlowKey, BothDirectionsNormaliseToOneKey) {
  flow_endpoints e;
  e.ip_version = 4;
  e.ip_protocol = 17;
  e.src_addr = {10, 0, 0, 9};
  e.dst_addr = {10, 0, 0, 1};
  e.src_port = 1000;
  e.dst_port = 53;
  const oriented_key fwd = make_flow_key(e);
  std::swap(e.src_addr, e.dst_addr);
  std::swap(e.src_port, e.dst_port);
  const oriented_key rev = make_flow_key(e);
  EXPECT_EQ(fwd.key, rev.key);
  EXPECT_EQ(hash_flow_key(fwd.key), hash_flow_key(rev.key));
  EXPECT_NE(fwd.src_is_a, rev.src_is_a);
  EXPECT_EQ(fwd.key.addr_a[3], 1); // the lower address is endpoint a
  EXPECT_EQ(fwd.key.port_a, 53);
  // Same addresses, ports decide.
  e.dst_addr = e.src_addr;
  e.src_port = 9;
  e.dst_port = 8;
  EXPECT_FALSE(make_flow_key(e).src_is_a);
  // Context fields separate otherwise equal tuples.
  flow_endpoints v = e;
  v.vlan = 42;
  EXPECT_FALSE(make_flow_key(v).key == make_flow_key(e).key);
  v = e;
  v.tunnel_kind = layer_id::vxlan;
  v.tunnel_id = 7;
  EXPECT_FALSE(make_flow_key(v).key == make_flow_key(e).key);
}

TEST(FlowTable, RequestAndReplyShareAFlow) {
  harness h;
  h.feed(udp(host_b, host_a, 40000, 53), 0);
  h.feed(udp(host_a, host_b, 53, 40000), 5 * ms);
  const flow_record& r = h.only();
  EXPECT_EQ(r.orig_addr[3], 2); // the first sender is the originator
  EXPECT_EQ(r.orig_port, 40000);
  EXPECT_EQ(r.orig().packets, 1U);
  EXPECT_EQ(r.resp().packets, 1U);
  EXPECT_EQ(r.orig().bytes, 28U); // IPv4 20 + UDP 8, raw link type
  EXPECT_EQ(r.duration(), 5 * ms);
  EXPECT_EQ(r.service(), "dns");
  EXPECT_EQ(h.sink.opened.size(), 1U);
}

std::uint64_t constant_hash(const flow_key&) noexcept {
  return 12345;
}

// Every key hashes alike: lookups must still tell flows apart by the full key, and removing
// flows from the middle of the probe run must leave the rest reachable.
TEST(FlowTable, FullKeyCompareOnCollisions) {
  flow_table_config cfg;
  cfg.max_flows = 4; // 8 slots
  cfg.hash = constant_hash;
  cfg.udp_timeout = 10 * sec;
  harness h(cfg);
  for (std::uint16_t p = 1; p <= 4; ++p) {
    h.feed(udp(host_a, host_b, p, 9), p * ms);
  }
  EXPECT_EQ(h.table.size(), 4U);
  for (std::uint16_t p = 1; p <= 4; ++p) {
    const flow_record* r = h.feed(udp(host_b, host_a, 9, p), 10 * ms); // replies
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->orig_port, p);
    EXPECT_EQ(r->resp().packets, 1U);
  }
  EXPECT_EQ(h.table.counters().flows_created, 4U);
  EXPECT_GE(h.table.counters().max_probe, 4U);
  // Refresh flows 2 and 4; 1 and 3 time out, leaving holes in the probe run.
  h.feed(udp(host_a, host_b, 2, 9), 8 * sec);
  h.feed(udp(host_a, host_b, 4, 9), 8 * sec);
  h.feed(udp(host_a, host_b, 2, 9), 15 * sec);
  EXPECT_EQ(h.table.size(), 2U);
  EXPECT_EQ(h.table.counters().idle_timeouts, 2U);
  for (const std::uint16_t p : {std::uint16_t{2}, std::uint16_t{4}}) {
    const flow_record* r = h.feed(udp(host_b, host_a, 9, p), 16 * sec);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->resp().packets, 2U) << p;
  }
  EXPECT_EQ(h.table.counters().flows_created, 4U);
}

// The slot array starts small and doubles with the flows held: every flow stays reachable
// across the doublings, also in one long probe run (every key hashing alike), and the load
// stays at most one half.
TEST(FlowTable, SlotsDoubleWithTheFlowsHeld) {
  for (const bool collide : {false, true}) {
    SCOPED_TRACE(collide);
    flow_table_config cfg;
    cfg.max_flows = 20000;
    cfg.hash = collide ? constant_hash : nullptr;
    harness h(cfg);
    const std::size_t start = h.table.slot_count();
    const std::uint16_t flows = collide ? 3000 : 12000;
    for (std::uint16_t p = 1; p <= flows; ++p) {
      h.feed(udp(host_a, host_b, p, 9), p * ms);
      ASSERT_LE(h.table.size() * 2, h.table.slot_count()) << p;
    }
    EXPECT_LT(start, h.table.slot_count());
    EXPECT_LE(h.table.slot_count(), std::bit_ceil(std::size_t{cfg.max_flows} * 2));
    for (std::uint16_t p = 1; p <= flows; ++p) {
      const flow_record* r = h.feed(udp(host_b, host_a, 9, p), 20 * sec); // replies
      ASSERT_NE(r, nullptr);
      ASSERT_EQ(r->orig_port, p);
      ASSERT_EQ(r->resp().packets, 1U) << p;
    }
    EXPECT_EQ(h.table.counters().flows_created, flows);
  }
}

TEST(FlowTable, IdleTimeouts) {
  flow_table_config cfg; // Zeek defaults: UDP 60 s, TCP 300 s
  harness h(cfg);
  h.feed(udp(host_a, host_b, 1000, 2000), 0);
  h.feed(udp(host_a, host_b, 1000, 2000), 60 * sec); // exactly the timeout: still the flow
  h.feed(udp(host_a, host_b, 1000, 2000), 120 * sec + 1);
  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 2U);
  EXPECT_EQ(h.sink.finished[0].end, flow_end::idle_timeout);
  EXPECT_EQ(h.sink.finished[0].orig().packets, 2U);
  EXPECT_EQ(h.sink.finished[1].end, flow_end::end_of_input);
  EXPECT_EQ(h.table.counters().idle_timeouts, 1U);

  cfg.udp_timeout = 0; // disabled: one flow however long the silence
  harness n(cfg);
  n.feed(udp(host_a, host_b, 1000, 2000), 0);
  n.feed(udp(host_a, host_b, 1000, 2000), 100000 * sec);
  EXPECT_EQ(n.only().orig().packets, 2U);

  harness t; // TCP keeps its flow for 5 minutes
  t.tcp(true, {tcp::flag::syn}, 1, 0, 0, 0);
  t.tcp(true, {tcp::flag::syn}, 1, 0, 0, 299 * sec);
  EXPECT_EQ(t.only().orig().packets, 2U);
}

// A damaged capture's timestamps can lie further apart than timestamp_ns holds: the idle and
// active timeouts still see an age past them (sanitizer builds caught the overflow).
TEST(FlowTable, TimestampsAtTheEndsOfTheRangeStillTimeOut) {
  constexpr timestamp_ns earliest = std::numeric_limits<timestamp_ns>::min();
  constexpr timestamp_ns latest = std::numeric_limits<timestamp_ns>::max();
  harness idle;
  idle.feed(udp(host_a, host_b, 1000, 2000), earliest);
  idle.feed(udp(host_a, host_b, 1000, 2000), latest);
  idle.table.flush();
  ASSERT_EQ(idle.sink.finished.size(), 2U);
  EXPECT_EQ(idle.sink.finished[0].end, flow_end::idle_timeout);

  flow_table_config cfg;
  cfg.udp_timeout = 0;
  cfg.active_timeout = 10 * sec;
  harness active(cfg);
  active.feed(udp(host_a, host_b, 1000, 2000), earliest);
  active.feed(udp(host_a, host_b, 1000, 2000), latest);
  active.table.flush();
  ASSERT_EQ(active.sink.finished.size(), 2U);
  EXPECT_EQ(active.sink.finished[0].end, flow_end::active_timeout);
}

// Zeek flushes a connection tcp_close_delay (FINs from both sides) or tcp_reset_delay (a
// RST) after it ends, both 5 s by default; until then its late segments still belong to it.
TEST(FlowTable, OverTcpFlowsEndAfterTheCloseTimeout) {
  const auto handshake = [](harness& h) {
    h.tcp(true, {tcp::flag::syn}, 100, 0, 0, 0);
    h.tcp(false, {tcp::flag::syn, tcp::flag::ack}, 500, 101, 0, 1 * ms);
    h.tcp(true, {tcp::flag::ack}, 101, 501, 0, 2 * ms);
  };
  harness fins;
  handshake(fins);
  fins.tcp(true, {tcp::flag::fin, tcp::flag::ack}, 101, 501, 0, 1 * sec);
  fins.tcp(false, {tcp::flag::fin, tcp::flag::ack}, 501, 102, 0, 2 * sec);
  fins.tcp(true, {tcp::flag::ack}, 102, 502, 0, 6 * sec); // late, within 5 s: same flow
  EXPECT_EQ(fins.table.size(), 1U);
  fins.tcp(true, {tcp::flag::ack}, 102, 502, 0, 11 * sec + 1); // after 5 s idle: a new flow
  EXPECT_EQ(fins.table.size(), 1U);
  fins.table.flush();
  ASSERT_EQ(fins.sink.finished.size(), 2U);
  EXPECT_EQ(fins.sink.finished[0].end, flow_end::idle_timeout);
  EXPECT_EQ(fins.sink.finished[0].orig().packets, 4U);
  EXPECT_EQ(fins.sink.finished[0].tcp.state(), conn_state::sf);
  EXPECT_EQ(fins.sink.finished[1].orig().packets, 1U);
  EXPECT_EQ(fins.sink.finished[1].tcp.state(), conn_state::oth);

  harness reset; // one RST is enough
  handshake(reset);
  reset.tcp(false, {tcp::flag::rst}, 501, 0, 0, 1 * sec);
  reset.table.expire(6 * sec + 1);
  ASSERT_EQ(reset.sink.finished.size(), 1U);
  EXPECT_EQ(reset.sink.finished[0].tcp.state(), conn_state::rstr);

  harness half; // one FIN: still open, the TCP idle timeout applies
  handshake(half);
  half.tcp(true, {tcp::flag::fin, tcp::flag::ack}, 101, 501, 0, 1 * sec);
  half.table.expire(300 * sec);
  EXPECT_TRUE(half.sink.finished.empty());
  half.table.expire(301 * sec + 1);
  EXPECT_EQ(half.sink.finished.size(), 1U);

  flow_table_config keep;
  keep.tcp_close_timeout = 0; // over flows wait the TCP idle timeout too
  harness kept(keep);
  handshake(kept);
  kept.tcp(false, {tcp::flag::rst}, 501, 0, 0, 1 * sec);
  kept.table.expire(301 * sec);
  EXPECT_TRUE(kept.sink.finished.empty());
  kept.table.expire(301 * sec + 1);
  EXPECT_EQ(kept.sink.finished.size(), 1U);
}

// The closed flows' list keeps the order of last activity with the others: flush() and the
// memory cap still take the least recently active flow of all.
TEST(FlowTable, OverTcpFlowsKeepTheOrderOfActivity) {
  flow_table_config cfg;
  cfg.max_flows = 2;
  harness h(cfg);
  h.tcp(true, {tcp::flag::syn}, 100, 0, 0, 0);
  h.feed(udp(host_a, host_b, 1, 9), 1 * ms);
  h.tcp(false, {tcp::flag::rst, tcp::flag::ack}, 0, 101, 0, 2 * ms); // over, most recent
  h.feed(udp(host_a, host_b, 2, 9), 3 * ms); // evicts the UDP flow, not the TCP one
  ASSERT_EQ(h.sink.finished.size(), 1U);
  EXPECT_EQ(h.sink.finished[0].key.ip_protocol, 17);
  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 3U);
  EXPECT_EQ(h.sink.finished[1].key.ip_protocol, 6);
  EXPECT_EQ(h.sink.finished[2].key.ip_protocol, 17);

  harness old(cfg); // an over TCP flow that is the least recently active goes first
  old.tcp(true, {tcp::flag::syn}, 100, 0, 0, 0);
  old.tcp(false, {tcp::flag::rst, tcp::flag::ack}, 0, 101, 0, 1 * ms);
  old.feed(udp(host_a, host_b, 1, 9), 2 * ms);
  old.feed(udp(host_a, host_b, 2, 9), 3 * ms);
  ASSERT_EQ(old.sink.finished.size(), 1U);
  EXPECT_EQ(old.sink.finished[0].key.ip_protocol, 6);
  EXPECT_EQ(old.sink.finished[0].end, flow_end::evicted);
}

TEST(FlowTable, ActiveTimeoutReportsParts) {
  flow_table_config cfg;
  cfg.active_timeout = 10 * sec;
  harness h(cfg);
  for (int i = 0; i <= 25; i += 5) {
    h.feed(udp(host_a, host_b, 1000, 2000), i * sec);
  }
  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 3U); // [0, 5], [10, 15], [20, 25]
  EXPECT_EQ(h.sink.finished[0].end, flow_end::active_timeout);
  EXPECT_EQ(h.sink.finished[0].orig().packets, 2U);
  EXPECT_EQ(h.sink.finished[1].part, 1U);
  EXPECT_EQ(h.sink.finished[1].first_ts, 10 * sec);
  EXPECT_EQ(h.sink.finished[2].orig().packets, 2U);
  EXPECT_EQ(h.sink.finished[0].id, h.sink.finished[2].id);
  EXPECT_EQ(h.table.counters().active_timeouts, 2U);
}

TEST(FlowTable, MemoryCapEvictsLeastRecentlyActive) {
  flow_table_config cfg;
  cfg.max_flows = 2;
  harness h(cfg);
  h.feed(udp(host_a, host_b, 1, 9), 1 * ms);
  h.feed(udp(host_a, host_b, 2, 9), 2 * ms);
  h.feed(udp(host_a, host_b, 1, 9), 3 * ms); // flow 1 is now the more recent
  h.feed(udp(host_a, host_b, 3, 9), 4 * ms); // table full: flow 2 goes
  ASSERT_EQ(h.sink.finished.size(), 1U);
  EXPECT_EQ(h.sink.finished[0].orig_port, 2);
  EXPECT_EQ(h.sink.finished[0].end, flow_end::evicted);
  EXPECT_EQ(h.table.counters().evictions, 1U);
  EXPECT_EQ(h.table.size(), 2U);
  for (int p = 4; p < 100; ++p) {
    h.feed(udp(host_a, host_b, static_cast<std::uint16_t>(p), 9), p * ms);
  }
  EXPECT_EQ(h.table.size(), 2U);
  EXPECT_EQ(h.table.counters().evictions, 97U);
}

// Echo request and reply pair by identifier (RFC 792: "The data received in the echo message
// must be returned in the echo reply message"; identifier and sequence match them).
TEST(FlowTable, IcmpEchoPairing) {
  harness h;
  h.feed(build::raw().ipv4(host_a, host_b).icmp(build::icmp_echo(7, 1)).to_vector(), 0);
  h.feed(build::raw().ipv4(host_b, host_a).icmp(build::icmp_echo(7, 1, true)).to_vector(), 1 * ms);
  h.feed(build::raw().ipv4(host_a, host_b).icmp(build::icmp_echo(7, 2)).to_vector(), 2 * ms);
  h.feed(build::raw().ipv4(host_a, host_b).icmp(build::icmp_echo(8, 1)).to_vector(), 3 * ms);
  // A reply whose request was not seen: its receiver is the originator.
  h.feed(build::raw().ipv4(host_b, host_a).icmp(build::icmp_echo(9, 1, true)).to_vector(), 4 * ms);
  h.table.flush();
  ASSERT_EQ(h.sink.finished.size(), 3U);
  std::set<std::pair<std::uint64_t, std::uint64_t>> counts;
  for (const flow_record& r : h.sink.finished) {
    EXPECT_EQ(r.orig_addr[3], 1);
    EXPECT_TRUE(r.icmp_echo);
    EXPECT_EQ(r.orig_port, 8); // conn.log: echo request type ...
    EXPECT_EQ(r.resp_port, 0); // ... and echo reply type
    counts.insert({r.orig().packets, r.resp().packets});
  }
  EXPECT_EQ(counts, (std::set<std::pair<std::uint64_t, std::uint64_t>>{{2, 1}, {1, 0}, {0, 1}}));
}

TEST(FlowTable, NonIpIsCountedNotTracked) {
  harness h;
  const mac_address m1{{2, 0, 0, 0, 0, 1}}, m2{{2, 0, 0, 0, 0, 2}};
  const auto arp =
      build::ethernet(m1, m2).arp(arp::operation::request, m1, host_a, m2, host_b).to_vector();
  EXPECT_EQ(h.feed(arp, 0, link_type::ethernet), nullptr);
  EXPECT_EQ(h.table.counters().not_ip, 1U);
  EXPECT_EQ(h.table.size(), 0U);
}

} // namespace
} // namespace pktscope
