#pragma once
/// What normal traffic looks like, learned from captures (`pktscope baseline learn`) and used
/// by `pktscope detect --baseline`: per-interval packet/byte distributions per protocol class
/// (over all hours, and per hour of day UTC when the captures span at least a day), the usual
/// talkers, the services that answered, and payload sizes per service direction.
///
///   pktscope::detect::baseline_learner learn(seconds(10));
///   for (...) { decode(...); learn.on_packet(pkt.ts, pkt.original_len, d); }
///   pktscope::detect::baseline b = learn.finish();

#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/analysis/detect/ip_host.hpp>
#include <pktscope/analysis/detect/series_model.hpp>
#include <pktscope/analysis/detect/structural.hpp>
#include <pktscope/analysis/detect/time_range.hpp>
#include <pktscope/analysis/detect/volume.hpp>
#include <pktscope/analysis/stats/bounded_table.hpp>
#include <pktscope/analysis/stats/traffic_class.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/decode/decoded_packet.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace pktscope::detect {

/// Quantiles of one class's per-interval packet counts (reported, not used for judging).
struct interval_quantiles {
  double p50 = 0, p95 = 0, p99 = 0, max = 0;
};

struct baseline {
  volume_baseline volume;
  std::array<interval_quantiles, stats::traffic_class_count> packet_quantiles{};
  std::vector<ip_host> talkers;      ///< hosts that sent at least min_talker_packets
  std::vector<service_key> services; ///< (server, port, protocol) that answered
  std::vector<size_profile> sizes;   ///< payload sizes per (protocol, port, direction)
  timestamp_ns first_ts = 0, last_ts = 0;
  std::uint64_t packets = 0, intervals = 0;
};

struct baseline_options {
  duration interval = seconds(10);
  /// Hour-of-day buckets when the input spans at least this long (one day).
  duration hourly_min_span = seconds(86'400);
  /// A bucket needs this many intervals to be used (else the all-hours figures apply).
  std::uint32_t min_bucket_intervals = 6;
  std::uint32_t min_talker_packets = 1;
  std::uint32_t max_hosts = 1U << 16;
  std::uint32_t max_services = 1U << 14;
};

class baseline_learner {
public:
  explicit baseline_learner(const baseline_options& o = {});
  /// Packets in timestamp order (earlier ones count in the current interval). Packets stamped
  /// outside usable_time_range (damaged timestamps) are ignored.
  void on_packet(timestamp_ns ts, std::uint32_t wire_len, const decoded_packet& d) noexcept;
  /// The learned baseline (the last, incomplete interval is left out unless it is the only one).
  [[nodiscard]] baseline finish();

private:
  struct interval_row {
    timestamp_ns start = 0;
    stats::class_counts packets{}, bytes{};
  };
  struct size_key {
    std::uint8_t ip_protocol = 0;
    std::uint16_t port = 0;
    bool to_server = true;
    friend constexpr bool operator==(const size_key&, const size_key&) = default;
  };
  static std::uint64_t hash_size_key(const size_key& k) noexcept;
  void close_until(timestamp_ns ts);

  baseline_options opt_;
  usable_time_range usable_;
  bool started_ = false;
  interval_row cur_{};
  std::vector<interval_row> rows_;
  stats::bounded_table<ip_host, std::uint64_t, hash_host> hosts_;
  stats::bounded_table<service_key, std::uint64_t, hash_service> services_;
  stats::bounded_table<size_key, running_stats, hash_size_key> sizes_;
  timestamp_ns first_ = 0, last_ = 0;
  std::uint64_t packets_ = 0;
};

} // namespace pktscope::detect
