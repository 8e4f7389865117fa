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
///
/// Early failure. Jung et al. judge an unanswered attempt at a timeout (ours: attempt_timeout,
/// 3 s), so a fast sweep of mostly unused addresses would be named only seconds and hundreds
/// of probes after its start. A TCP first contact is judged failed early when (a) its source
/// has since opened early_contacts further first contacts -- a scanner keeps probing, a client
/// waits for its answers -- and (b) it has waited longer than the retransmission timeout that
/// RFC 6298 §2 computes from the answer times of earlier TCP attempts to the same destination
/// prefix (/24, /64; any source, the scanner's own rejected probes included):
///   SRTT + early_rtt_k * RTTVAR, at least early_min_wait.
/// Without such answer times (an unknown prefix) the attempt waits for attempt_timeout, so a
/// web client's parallel first contacts to new far-away servers are not judged early. Only
/// TCP probes are judged early: the kernel answers them (SYN+ACK or RST), while a UDP answer
/// comes from an application after its own delay. An answer after the early judgement turns
/// the failure back into a success (while the source is not yet a scanner), so a slow server
/// costs a benign source nothing lasting.

#include <pktscope/analysis/detect/alert_sink.hpp>
#include <pktscope/analysis/detect/bounded_map.hpp>
#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/analysis/detect/connection_tracker.hpp>

#include <array>
#include <cstdint>
#include <vector>

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
  static constexpr std::size_t kept_pending = 16;

  /// An unanswered TCP first contact that may be judged failed early.
  struct pending_contact {
    std::uint64_t contact_key = 0;
    timestamp_ns probe_ts = 0;
    timestamp_ns wait = 0; ///< judged no sooner than probe_ts + wait
    std::uint64_t seq = 0; ///< the source's first_contacts when it was opened
  };

  explicit port_scan_detector(const port_scan_config& cfg);

  /// One attempt event (started attempts are counted as probes; outcomes drive the tests).
  void on_attempt(const attempt_event& e, alert_sink& sink);
  /// Time passes (drops sources idle for longer than the window, after reporting them).
  void advance(timestamp_ns now, alert_sink& sink);
  /// End of input: final report of every source flagged as a scanner.
  void finish(alert_sink& sink);

  [[nodiscard]] const port_scan_config& config() const noexcept { return cfg_; }
  [[nodiscard]] std::uint64_t scanners() const noexcept { return scanners_; }

  /// Per-source state (public for tests). The counters every attempt updates come first and
  /// the evidence arrays last, so an attempt touches a few cache lines of the state, not all.
  struct source_state {
    std::uint64_t probes = 0; ///< attempts started
    std::uint64_t first_contacts = 0;
    timestamp_ns first_ts = 0, last_ts = 0;
    std::uint64_t generation = 0; ///< distinguishes a source's successive states in the maps
    double log_lambda = 0;
    std::uint32_t failures = 0, successes = 0;  ///< first-contact outcomes
    std::uint32_t hosts = 0, ports = 0;         ///< distinct, from first contacts
    std::array<std::uint32_t, 6> by_probe{};    ///< attempts per probe_kind
    std::uint32_t completed = 0, abandoned = 0; ///< answers to SYN+ACK
    std::uint16_t first_port = 0;
    bool one_host = true, one_port = true;
    std::uint8_t prefix_len = 128; ///< common prefix of every destination
    bool scanner = false;
    std::uint8_t reason = 0; ///< bit 0 TRW, 1 port threshold, 2 host threshold
    bool dirty = false;      ///< changed since the last report
    std::uint8_t packet_count = 0, target_count = 0, pending_count = 0;
    std::uint32_t max_ports_on_host = 0, max_hosts_on_port = 0;
    std::uint32_t early_failures = 0, early_corrected = 0;
    std::uint64_t reported_failures = 0;
    std::uint64_t detect_probes = 0; ///< probes when the scan was named
    timestamp_ns detect_ts = 0;
    endpoint src;
    std::array<std::uint8_t, 16> first_dst{};
    std::array<std::uint64_t, kept_packets> packets{};                ///< packet_count used
    std::array<std::array<std::uint8_t, 16>, kept_targets> targets{}; ///< target_count used
    /// First contacts awaiting an early judgement (oldest kept when full; pending_count used).
    std::array<pending_contact, kept_pending> pending{};
  };
  [[nodiscard]] const source_state* state_of(const endpoint& src) const noexcept;

private:
  struct window_count {
    timestamp_ns window_start = 0;
    std::uint32_t count = 0;
  };
  struct rtt_stats {
    double srtt = 0, rttvar = 0; ///< nanoseconds (RFC 6298 §2)
  };
  void observe(source_state& s, const attempt_event& e, bool failure, alert_sink& sink);
  void trw_step(source_state& s, bool failure) noexcept;
  void count_failure(source_state& s, const attempt_event& e) noexcept;
  void after_observation(source_state& s, bool was_scanner, timestamp_ns ts, alert_sink& sink);
  void learn_rtt(const attempt_event& e) noexcept;
  [[nodiscard]] timestamp_ns early_wait(const attempt_event& e) noexcept;
  void judge_pending(source_state& s, timestamp_ns now, alert_sink& sink);
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
  bounded_map<rtt_stats, 8> prefix_rtt_;    // destination /24 or /64: answer times
  std::uint64_t scanners_ = 0;
  std::uint64_t generation_ = 0;
  std::vector<std::uint64_t> scanner_keys_; // sources named scanners (advance() visits them)
};

} // namespace pktscope::detect
