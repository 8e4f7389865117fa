#pragma once
/// Volume anomalies: packets and bytes per protocol class per interval, compared with an
/// expected band (mean ± k standard deviations). The expectation is either learned from the
/// capture's own history as it streams (an EWMA control chart, NIST/SEMATECH e-Handbook
/// §6.3.2.4; no alert during the warm-up intervals) or taken from a baseline (per hour-of-day
/// bucket when the baseline has them). An episode is reported after `confirm` consecutive
/// intervals on the same side of the band: spikes above it, drops below it.
///
///   pktscope::detect::volume_detector v({});
///   v.on_packet(pkt.ts, stats::classify(d), pkt.original_len,
///               [&](const pktscope::detect::volume_event& e) { ... });
///   v.finish([&](const auto& e) { ... });

#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/analysis/detect/series_model.hpp>
#include <pktscope/analysis/stats/traffic_class.hpp>
#include <pktscope/core/bytes.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace pktscope::detect {

/// Expected packets and bytes of one class in one interval (a baseline's figures).
struct volume_expectation {
  double packets_mean = 0, packets_var = 0;
  double bytes_mean = 0, bytes_var = 0;
  bool known = false; ///< false: nothing learned for this class/bucket
};

/// Expectations per class for intervals of length `interval`: over all hours, and per
/// hour-of-day bucket (UTC, 0..23) when the learned captures were long enough.
struct volume_baseline {
  using per_class = std::array<volume_expectation, stats::traffic_class_count>;
  timestamp_ns interval = 0;
  per_class all{};
  bool hourly = false;
  std::array<per_class, 24> hours{};

  /// The hour bucket of `interval_start` when hourly and known, else the all-hours figures.

  [[nodiscard]] const volume_expectation& at(timestamp_ns interval_start,
                                             stats::traffic_class c) const noexcept;
};

/// One reported episode (or its update when it ends).
struct volume_event {
  bool spike = true; ///< else a drop
  stats::traffic_class cls = stats::traffic_class::other;
  timestamp_ns start = 0; ///< start of the episode's first interval
  timestamp_ns end = 0;   ///< end of its latest interval
  std::uint32_t intervals = 0;
  bool ongoing = true;           ///< false: the episode ended (back in band, or end of input)
  double packets = 0, bytes = 0; ///< the latest interval's counts
  double expected_packets = 0, expected_bytes = 0; ///< the band centres
  double sd_packets = 0, sd_bytes = 0;             ///< the band half-widths / k
  double extreme_packets = 0, extreme_bytes = 0;   ///< peak (spike) or trough (drop)
  bool by_packets = false, by_bytes = false;       ///< which metric left the band
};

class volume_detector {
public:
  explicit volume_detector(const volume_config& cfg = {}, const volume_baseline* base = nullptr);

  /// Counts one packet at `ts`, closing (and judging) every interval that ended before it.
  template <class Emit>
  void on_packet(timestamp_ns ts, stats::traffic_class c, std::uint32_t wire_len, Emit&& emit) {
    advance(ts, emit);
    cur_packets_[stats::index(c)] += 1;
    cur_bytes_[stats::index(c)] += wire_len;
  }
  /// Closes intervals up to `ts` without a packet (e.g. the engine's clock).
  template <class Emit> void advance(timestamp_ns ts, Emit&& emit) {
    if (!started_) {
      start(ts);
      return;
    }
    while (ts >= cur_start_ + cfg_.interval.ns) {
      if (ts - cur_start_ > max_gap_intervals * cfg_.interval.ns) {
        restart_grid(ts); // a jump of years is a broken clock, not an outage
        return;
      }
      for (const volume_event& e : close_interval()) {
        emit(e);
      }
    }
  }
  /// End of input: the last, incomplete interval is not judged; ongoing episodes end.
  template <class Emit> void finish(Emit&& emit) {
    for (const volume_event& e : end_episodes()) {
      emit(e);
    }
  }

  /// The core: judges one complete interval's counts (indexed by traffic_class) that began at
  /// `start`, learns from it, and returns the events it produced (valid until the next call).
  std::span<const volume_event> judge(timestamp_ns start, const stats::class_counts& packets,
                                      const stats::class_counts& bytes) noexcept;

  [[nodiscard]] const volume_config& config() const noexcept { return cfg_; }
  [[nodiscard]] std::uint64_t intervals_judged() const noexcept { return judged_; }

private:
  static constexpr timestamp_ns max_gap_intervals = 100'000;
  struct class_state {
    ewma_model packets, bytes;
    std::uint32_t out = 0; ///< consecutive out-of-band intervals on `side`
    bool spike_side = true;
    bool reported = false;
    timestamp_ns episode_start = 0;
    double extreme_packets = 0, extreme_bytes = 0;
    volume_event last{};
  };
  void start(timestamp_ns ts) noexcept;
  void restart_grid(timestamp_ns ts) noexcept;
  std::span<const volume_event> close_interval() noexcept;
  std::span<const volume_event> end_episodes() noexcept;

  volume_config cfg_;
  const volume_baseline* base_;
  bool started_ = false;
  timestamp_ns cur_start_ = 0;
  stats::class_counts cur_packets_{}, cur_bytes_{};
  std::array<class_state, stats::traffic_class_count> state_;
  std::array<volume_event, 2 * stats::traffic_class_count>
      out_{}; // an episode can end and another start
  std::uint64_t judged_ = 0;
};

} // namespace pktscope::detect
