#pragma once
/// ICMP and ICMPv6 detectors, fed every ICMP packet:
/// - ping sweep: echo requests from one source to sweep_hosts distinct hosts within
///   sweep_window (kind ping_sweep, dst = null, evidence target_prefix);
/// - echo flood: echo requests per second to one destination above flood_min_rate and
///   flood_factor times the destination's baseline (EWMA of earlier whole intervals: not the
///   one the capture began inside), for flood_intervals intervals in a row (kind icmp_flood,
///   dst = victim);
/// - ICMP tunnel: echo requests/replies of at least tunnel_min_payload octets whose payload
///   entropy reaches tunnel_min_entropy bits per octet, tunnel_min_packets of them between
///   one pair; and messages of uncommon types (not echo, unreachable, time exceeded,
///   parameter problem, redirect, source quench, router/neighbour discovery, MLD, packet too
///   big) from one source, unusual_min of them (kind icmp_tunnel).

#include <pktscope/analysis/detect/alert_sink.hpp>
#include <pktscope/analysis/detect/bounded_map.hpp>
#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/analysis/detect/entropy.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace pktscope {
struct decoded_packet;
}

namespace pktscope::detect {

/// Whether (version 4 or 6, type) is one of the common message types listed above.
[[nodiscard]] bool common_icmp_type(std::uint8_t ip_version, std::uint8_t type) noexcept;

class icmp_detector {
public:
  static constexpr std::size_t kept_packets = 16;

  explicit icmp_detector(const icmp_config& cfg);

  void on_packet(const decoded_packet& d, timestamp_ns ts, std::uint64_t index, alert_sink& sink);
  /// Closes the interval [start, end): its echo request rates are judged against the flood
  /// threshold and teach each destination's baseline. Not when `whole` is false (the capture
  /// began inside it): its rate is unknown, and a flood already under way would otherwise
  /// teach its own baseline from the requests of a fraction of a second spread over the
  /// whole interval.
  void on_interval(timestamp_ns start, timestamp_ns end, bool whole, alert_sink& sink);
  void finish(alert_sink& sink);

  [[nodiscard]] const icmp_config& config() const noexcept { return cfg_; }

  struct evidence_packets {
    std::array<std::uint64_t, kept_packets> idx{};
    std::uint8_t n = 0;
    void add(std::uint64_t i) noexcept {
      if (n < kept_packets) {
        idx[n++] = i;
      }
    }
  };
  struct sweep_state {
    endpoint src;
    timestamp_ns window_start = 0, first_ts = 0, last_ts = 0;
    std::uint32_t hosts = 0, requests = 0, replies = 0;
    std::array<std::uint8_t, 16> first_dst{};
    std::uint8_t prefix_len = 128;
    bool alarmed = false;
    evidence_packets pk;
  };
  struct flood_state {
    endpoint dst;
    std::uint32_t requests = 0; // this interval
    std::array<std::uint8_t, 16> first_src{}, run_src{};
    bool one_source = true, run_one_source = true, active = false, alarmed = false;
    double baseline = 0;
    bool baseline_init = false;
    std::uint32_t over = 0;
    timestamp_ns first_ts = 0, run_start = 0, last_ts = 0;
    std::uint64_t total = 0;
    double peak_rate = 0;
    std::uint64_t payload_bytes = 0;
    evidence_packets pk;
    evidence_packets run_pk;
  };
  struct tunnel_state {
    endpoint src, dst;
    std::uint32_t packets = 0, requests = 0, replies = 0;
    std::uint64_t payload_bytes = 0;
    double entropy_sum = 0;
    std::uint32_t max_payload = 0;
    timestamp_ns first_ts = 0, last_ts = 0;
    bool alarmed = false;
    evidence_packets pk;
  };
  struct unusual_state {
    endpoint src;
    std::uint32_t count = 0;
    std::array<std::uint32_t, 256> by_type{}; // counts per type (only the unusual ones)
    std::uint8_t ip_version = 4;
    std::array<std::uint8_t, 16> first_dst{};
    bool one_dst = true, alarmed = false;
    timestamp_ns first_ts = 0, last_ts = 0;
    evidence_packets pk;
  };

private:
  void report_sweep(const sweep_state& s, alert_sink& sink) const;
  void report_flood(const flood_state& f, alert_sink& sink) const;
  void report_tunnel(const tunnel_state& t, alert_sink& sink) const;
  void report_unusual(const unusual_state& u, alert_sink& sink) const;

  icmp_config cfg_;
  bounded_map<sweep_state, 8> sweeps_;
  bounded_map<timestamp_ns, 8> sweep_pairs_; // (src, dst) -> window start it was counted in
  bounded_map<flood_state, 8> floods_;
  std::vector<std::uint64_t> active_floods_;
  bounded_map<tunnel_state, 8> tunnels_;
  bounded_map<unusual_state, 4> unusual_;
};

} // namespace pktscope::detect
