#include <pktscope/analysis/detect/detection_engine.hpp>

#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/io/packet.hpp>

#include <algorithm>

namespace pktscope::detect {

namespace {

connection_tracker_config tracker_config(const detect_config& c) {
  connection_tracker_config t;
  t.attempt_timeout = c.port_scan.attempt_timeout.ns;
  t.seen_ttl = std::max<timestamp_ns>(c.port_scan.window.ns, t.attempt_timeout);
  return t;
}

// Intervals further apart than this are not closed one by one (a gap in the capture).
constexpr std::int64_t max_empty_intervals = 1000;

// A configured interval of zero or less means the default of one second.
detect_config with_valid_interval(detect_config cfg) noexcept {
  if (cfg.engine.interval.ns <= 0) {
    cfg.engine.interval.ns = 1'000'000'000;
  }
  return cfg;
}
} // namespace

detection_engine::detection_engine(const detect_config& cfg, const baseline* base)
    : cfg_(with_valid_interval(cfg)),
      sink_(alert_sink_options{.merge_gap = cfg.engine.merge_gap.ns}),
      tracker_(tracker_config(cfg)), port_scan_(cfg.port_scan), syn_flood_(cfg.syn_flood),
      icmp_(cfg.icmp), traffic_(cfg, base), usable_(cfg_.engine.interval.ns) {}

void detection_engine::on_packet(const packet& p, const decoded_packet& d,
                                 std::uint64_t index) noexcept {
  on_packet(p.ts, p.original_len, d, index);
}

void detection_engine::on_packet(timestamp_ns ts, std::uint32_t wire_len, const decoded_packet& d,
                                 std::uint64_t index) noexcept {
  if (!usable_.contains(ts)) {
    return;
  }
  ts = started_ ? std::max(ts, now_) : ts;
  advance(ts);
  now_ = ts;
  ++packets_;

  if (cfg_.port_scan.enabled || cfg_.syn_flood.enabled) {
    tracker_.expire(ts);
    tracker_.on_packet(d, ts, index);
    dispatch_attempts();
  }
  if (cfg_.icmp.enabled) {
    icmp_.on_packet(d, ts, index, sink_);
  }
  traffic_.on_packet(ts, wire_len, d, index, sink_);
}

void detection_engine::on_flow_finished(const flow_record& r) {
  traffic_.on_flow_finished(r, sink_);
}

void detection_engine::dispatch_attempts() {
  for (const attempt_event& e : tracker_.events()) {
    if (cfg_.port_scan.enabled) {
      port_scan_.on_attempt(e, sink_);
    }
    if (cfg_.syn_flood.enabled) {
      syn_flood_.on_attempt(e, sink_);
    }
  }
  tracker_.clear_events();
}

void detection_engine::advance(timestamp_ns ts) {
  const timestamp_ns len = cfg_.engine.interval.ns;
  if (!started_) {
    started_ = true;
    const timestamp_ns start = ts - ((ts % len) + len) % len;
    cur_ = interval{};
    cur_.start_ns = start;
    cur_.end_ns = start + len;
    cur_.whole = ts == start;
    return;
  }
  if (ts < cur_.end_ns) {
    return;
  }
  close_interval();
  timestamp_ns next = cur_.end_ns;
  if ((ts - next) / len > max_empty_intervals) {
    next = ts - ((ts % len) + len) % len; // skip the gap
  } else {
    while (ts >= next + len) {
      cur_ = interval{};
      cur_.start_ns = next;
      cur_.end_ns = next + len;
      close_interval();
      next += len;
    }
  }
  cur_ = interval{};
  cur_.start_ns = next;
  cur_.end_ns = next + len;
}

void detection_engine::close_interval() {
  if (cfg_.port_scan.enabled || cfg_.syn_flood.enabled) {
    tracker_.expire(cur_.end_ns);
    dispatch_attempts();
  }
  if (cfg_.port_scan.enabled) {
    port_scan_.advance(cur_.end_ns, sink_);
  }
  if (cfg_.syn_flood.enabled) {
    syn_flood_.on_interval(cur_.start_ns, cur_.end_ns, sink_);
  }
  if (cfg_.icmp.enabled) {
    icmp_.on_interval(cur_.start_ns, cur_.end_ns, cur_.whole, sink_);
  }
}

void detection_engine::finish() {
  if (!started_) {
    return;
  }
  if (cfg_.port_scan.enabled || cfg_.syn_flood.enabled) {
    tracker_.expire(now_, true);
    dispatch_attempts();
  }
  close_interval();
  if (cfg_.port_scan.enabled) {
    port_scan_.finish(sink_);
  }
  if (cfg_.syn_flood.enabled) {
    syn_flood_.finish(sink_);
  }
  if (cfg_.icmp.enabled) {
    icmp_.finish(sink_);
  }
  traffic_.finish(sink_);
  started_ = false;
}

} // namespace pktscope::detect
