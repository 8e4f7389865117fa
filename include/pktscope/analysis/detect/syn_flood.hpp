#pragma once
/// SYN flood detection: per destination (address, port), the SYNs that open new attempts and
/// the handshakes completed in each interval (connection_tracker.hpp). Following Wang, Zhang
/// and Shin ("Detecting SYN Flooding Attacks", IEEE INFOCOM 2002), the excess of SYNs is
/// normalised and accumulated with a non-parametric CUSUM:
///   X_n = (SYN_n - completed_n) / max(K_n, min_norm)    K_n: EWMA of completed handshakes
///   y_n = min(2h, max(0, y_{n-1} + X_n - a));  alarm while y_n > h and
///   SYN_n - completed_n >= min_syns
/// (the cap at 2h is ours: it ends an alarm within 2h/a intervals after the flood stops).
/// (Wang et al. pair SYNs with FINs at a leaf router; a host-side monitor sees the handshake
/// itself, so a completed handshake is the benign counterpart here.)
///
/// The alert (kind syn_flood) has dst = the victim (with port). Sources: one address -> src;
/// many addresses, each sending a few SYNs (distinct sources >= spoof_min_sources and
/// >= spoof_ratio per SYN) -> src = null, evidence spoofed = true and source_prefix (the
/// common prefix of every source address). Distinct sources are counted per interval with a
/// 1024-bit linear-counting bitmap (Whang et al. 1990).

#include <pktscope/analysis/detect/alert_sink.hpp>
#include <pktscope/analysis/detect/bounded_map.hpp>
#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/analysis/detect/connection_tracker.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace pktscope::detect {

/// Linear counting over 1024 bits: estimate of distinct items added.
class distinct_counter {
public:
  void add(std::uint64_t hash) noexcept {
    const auto bit = static_cast<std::size_t>(hash & (bits - 1));
    words_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
  [[nodiscard]] double estimate() const noexcept;
  void clear() noexcept { words_ = {}; }
  static constexpr std::size_t bits = 1024;

private:
  std::array<std::uint64_t, bits / 64> words_{};
};

class syn_flood_detector {
public:
  static constexpr std::size_t kept_packets = 16;

  explicit syn_flood_detector(const syn_flood_config& cfg);

  void on_attempt(const attempt_event& e, alert_sink& sink);
  /// Closes the interval [start, end): updates every destination's CUSUM, raises alarms.
  void on_interval(timestamp_ns start, timestamp_ns end, alert_sink& sink);
  void finish(alert_sink& sink);

  [[nodiscard]] const syn_flood_config& config() const noexcept { return cfg_; }

  struct dest_state {
    endpoint dst; // with port
    // This interval.
    std::uint32_t syns = 0, completed = 0, answered = 0, rejected = 0;
    distinct_counter sources;
    /// The first SYN sources of the interval, and which of them completed a handshake: the
    /// attacker's sources are the others.
    static constexpr std::size_t sample_size = 32;
    std::array<std::array<std::uint8_t, 16>, sample_size> sample{};
    std::array<timestamp_ns, sample_size> sample_ts{};
    std::uint32_t sample_n = 0;
    std::uint32_t sample_done = 0; ///< bit i: sample[i] completed a handshake
    // Across intervals.
    double mean_completed = 0;
    bool mean_init = false;
    double cusum = 0;
    bool alarmed = false, active = false;
    timestamp_ns rise_ts = 0;      // start of the interval where the CUSUM left 0
    timestamp_ns first_syn_ts = 0; // first SYN of the rise interval
    timestamp_ns last_excess_ts = 0;
    std::uint64_t total_syns = 0, total_completed = 0;
    double peak_rate = 0, max_sources = 0;
    bool spoofed = false;
    std::array<std::uint8_t, 16> alarm_first_src{};
    std::uint8_t alarm_prefix_len = 128;
    bool alarm_one_source = true;
    std::array<std::uint64_t, kept_packets> packets{};
    std::uint8_t packet_count = 0;
  };

private:
  void report(const dest_state& d, timestamp_ns end, alert_sink& sink) const;
  syn_flood_config cfg_;
  bounded_map<dest_state, 8> dests_;
  std::vector<std::uint64_t> active_; // keys of destinations with counts or a CUSUM above 0
};

} // namespace pktscope::detect
