#pragma once
/// Port scan detection over connection attempts (connection_tracker.hpp).
///
/// 1. Threshold random walk (Jung, Paxson, Berger, Balakrishnan, IEEE S&P 2004). For each
///    source, every first-contact attempt -- the first attempt to a (destination, port) pair
///    (Jung counts per destination host; counting per port as well catches vertical scans of
///    one host) -- is an observation Y: success (answered) or failure (rejected or
///    unanswered). The likelihood ratio
///      Lambda = prod Pr[Y | scanner] / Pr[Y | benign]
///    grows by (1 - theta1) / (1 - theta0) per failure and by theta1 / theta0 per success.
///    Lambda >= eta1 = P_D / P_F declares a scanner; Lambda <= eta0 = (1 - P_D) / (1 - P_F)
///    declares the source benign, and the walk restarts at 1 (Jung's continued monitoring).
///    With the defaults, a scanner is named after ceil(ln 99 / ln 4) = 4 failures in a row.
/// 2. Zeek's policy/misc/scan.zeek thresholds: failed attempts to port_threshold distinct
///    ports of one host, or to host_threshold distinct hosts on one port, within `window`.
///
/// The alert (kind port_scan) names the scan type (nmap's terms: syn, connect, null, fin,
/// xmas, ack, udp) from the probes' flags and the initiator's answer to SYN+ACK (ACK: connect,
/// RST: syn), and its direction: vertical (many ports of one host: dst = that host),
/// horizontal (one port on many hosts: dst = null, evidence target_prefix/port) or block.
/// Unanswered bare ACK probes are not observations (a bare ACK needs no answer).

#include <pktscope/analysis/detect/alert_sink.hpp>
#include <pktscope/analysis/detect/bounded_map.hpp>
#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/analysis/detect/connection_tracker.hpp>

#include <array>
#include <cstdint>

namespace pktscope::detect {

/// TRW thresholds from P_D and P_F, as natural logarithms.
struct trw_bounds {
  double log_eta0 = 0, log_eta1 = 0;
  double log_fail = 0, log_success = 0; ///< step per failure / success
};
[[nodiscard]] trw_bounds make_trw_bounds(const port_scan_config& c) noexcept;
/// Failures in a row (no success) needed to declare a scanner: ceil(log_eta1 / log_fail).
[[nodiscard]] std::uint32_t trw_failures_to_detect(const port_scan_config& c) noexcept;

class port_scan_detector {
public:
  static constexpr std::size_t kept_packets = 16;
  static constexpr std::size_t kept_targets = 16;

  explicit port_scan_detector(const port_scan_config& cfg);

  /// One attempt event (started attempts are counted as probes; outcomes drive the tests).
  void on_attempt(const attempt_event& e, alert_sink& sink);
  /// Time passes (drops sources idle for longer than the window, after reporting them).
  void advance(timestamp_ns now, alert_sink& sink);
  /// End of input: final report of every source flagged as a scanner.
  void finish(alert_sink& sink);

  [[nodiscard]] const port_scan_config& config() const noexcept { return cfg_; }
  [[nodiscard]] std::uint64_t scanners() const noexcept { return scanners_; }

  /// Per-source state (public for tests).
  struct source_state {
    endpoint src;
    double log_lambda = 0;
    std::uint32_t failures = 0, successes = 0; ///< first-contact outcomes
    std::uint64_t probes = 0;                  ///< attempts started
    std::uint64_t first_contacts = 0;
    std::uint32_t hosts = 0, ports = 0;         ///< distinct, from first contacts
    std::array<std::uint32_t, 6> by_probe{};    ///< attempts per probe_kind
    std::uint32_t completed = 0, abandoned = 0; ///< answers to SYN+ACK
    std::array<std::uint8_t, 16> first_dst{}, last_dst{};
    std::uint16_t first_port = 0;
    bool one_host = true, one_port = true;
    std::uint8_t prefix_len = 128; ///< common prefix of every destination
    timestamp_ns first_ts = 0, last_ts = 0;
    std::array<std::uint64_t, kept_packets> packets{};
    std::uint8_t packet_count = 0;
    std::array<std::array<std::uint8_t, 16>, kept_targets> targets{};
    std::uint8_t target_count = 0;
    bool scanner = false;
    std::uint8_t reason = 0; ///< bit 0 TRW, 1 port threshold, 2 host threshold
    std::uint64_t reported_failures = 0;
    std::uint32_t max_ports_on_host = 0, max_hosts_on_port = 0;
    std::uint64_t generation = 0;    ///< distinguishes a source's successive states in the maps
    std::uint64_t detect_probes = 0; ///< probes when the scan was named
    timestamp_ns detect_ts = 0;
    bool dirty = false; ///< changed since the last report
  };
  [[nodiscard]] const source_state* state_of(const endpoint& src) noexcept;

private:
  struct window_count {
    timestamp_ns window_start = 0;
    std::uint32_t count = 0;
  };
  void observe(source_state& s, const attempt_event& e, bool failure, alert_sink& sink);
  void report(const source_state& s, alert_sink& sink) const;
  source_state& source(const attempt_event& e, alert_sink& sink);

  port_scan_config cfg_;
  trw_bounds trw_;
  bounded_map<source_state, 8> sources_;
  struct contact {
    timestamp_ns ts = 0;
    std::uint8_t state = 0; // 1: first contact awaiting its outcome, 2: observed
  };
  bounded_map<contact, 8> contacts_;        // (src, dst, port) first contacts
  bounded_map<std::uint8_t, 8> pairs_;      // (src, dst) seen
  bounded_map<std::uint8_t, 8> src_ports_;  // (src, port) seen
  bounded_map<window_count, 8> port_fails_; // (src, dst): failed distinct ports in window
  bounded_map<window_count, 8> host_fails_; // (src, port): failed distinct hosts in window
  std::uint64_t scanners_ = 0;
  std::uint64_t generation_ = 0;
};

} // namespace pktscope::detect
