#pragma once
/// Detector configuration: one struct per detector with named parameters, their defaults and
/// where each default comes from (a paper, an RFC, a Zeek script, or our own measurement on
/// synthesized traffic). The same names are used by the TOML file (`[section] name = value`),
/// by `--set section.name=value` and by `--print-config`.
///
/// Each section describes itself through a static `visit(self, f)` that calls
///   f(name, field, source, description)
/// for every parameter, so loading, overriding and printing need no per-field code. Parameter
/// types: bool, double, std::uint32_t, duration (seconds in text: "300", "5m", "250ms"),
/// port_list (numbers and ranges: [22, 3389] or "1-1024,3389"), std::string.

#include <pktscope/core/bytes.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pktscope::detect {

/// A time span parameter (nanoseconds inside, seconds in files and on the command line).
struct duration {
  timestamp_ns ns = 0;
  [[nodiscard]] double seconds() const noexcept { return static_cast<double>(ns) / 1e9; }
  friend constexpr bool operator==(duration, duration) = default;
};
[[nodiscard]] constexpr duration seconds(double s) noexcept {
  return duration{static_cast<timestamp_ns>(s * 1e9)};
}

/// A list of ports (sorted, no repeats after normalisation).
struct port_list {
  std::vector<std::uint16_t> ports;
  [[nodiscard]] bool contains(std::uint16_t p) const noexcept;
  friend bool operator==(const port_list&, const port_list&) = default;
};

/// The engine itself: the interval at which interval-based detectors are fed.
struct engine_config {
  duration interval = seconds(1);
  /// Reports of one event closer than this are merged into one alert (alert_sink).
  duration merge_gap = seconds(300);

  template <class Self, class F> static void visit(Self& s, F&& f) {
    f("interval", s.interval, "ours: one second resolves floods within a few seconds",
      "length of the counting interval fed to interval-based detectors");
    f("merge_gap", s.merge_gap, "Zeek scan.zeek: 5 min scan intervals",
      "reports of one event less than this apart are merged into one alert");
  }
};

/// Port scans (port_scan.hpp): threshold random walk over first-contact connection attempts
/// plus Zeek-style distinct-port / distinct-host counts in a time window.
struct port_scan_config {
  bool enabled = true;
  /// TRW (Jung, Paxson, Berger, Balakrishnan, "Fast Portscan Detection Using Sequential
  /// Hypothesis Testing", IEEE S&P 2004, §4): desired detection and false-positive
  /// probabilities, and the probability that a first-contact attempt succeeds for a benign
  /// host (theta0) and a scanner (theta1).
  double trw_p_d = 0.99;
  double trw_p_f = 0.01;
  double trw_theta0 = 0.8;
  double trw_theta1 = 0.2;
  /// Zeek policy/misc/scan.zeek: port_scan_threshold 15 ports of one host, addr_scan_threshold
  /// 25 hosts on one port, both within 5 min (port_scan_interval, addr_scan_interval).
  std::uint32_t port_threshold = 15;
  std::uint32_t host_threshold = 25;
  duration window = seconds(300);
  /// An attempt with no answer after this long failed (RFC 1122 §4.2.3.1: initial TCP
  /// retransmission timeout 3 s; RFC 6298 lowered it to 1 s, so a live host answers sooner).
  duration attempt_timeout = seconds(3);
  /// Memory bounds (entries; the oldest are replaced when full).
  std::uint32_t max_sources = 16'384;
  std::uint32_t max_contacts = 1U << 18;

  template <class Self, class F> static void visit(Self& s, F&& f) {
    f("enabled", s.enabled, "ours", "run this detector");
    f("trw_p_d", s.trw_p_d, "Jung et al. 2004 §4 (P_D = 0.99)",
      "TRW: wanted probability of detecting a scanner");
    f("trw_p_f", s.trw_p_f, "Jung et al. 2004 §4 (P_F = 0.01)",
      "TRW: tolerated probability of flagging a benign host");
    f("trw_theta0", s.trw_theta0, "Jung et al. 2004 §4 (theta0 = 0.8)",
      "TRW: success probability of a benign host's first-contact attempt");
    f("trw_theta1", s.trw_theta1, "Jung et al. 2004 §4 (theta1 = 0.2)",
      "TRW: success probability of a scanner's first-contact attempt");
    f("port_threshold", s.port_threshold, "Zeek scan.zeek port_scan_threshold = 15",
      "failed attempts to this many ports of one host within the window make a vertical scan");
    f("host_threshold", s.host_threshold, "Zeek scan.zeek addr_scan_threshold = 25",
      "failed attempts to this many hosts on one port within the window make a horizontal scan");
    f("window", s.window, "Zeek scan.zeek port_scan_interval/addr_scan_interval = 5 min",
      "time window of the port/host thresholds");
    f("attempt_timeout", s.attempt_timeout, "RFC 1122 §4.2.3.1 initial RTO = 3 s",
      "an unanswered connection attempt counts as failed after this long");
    f("max_sources", s.max_sources, "ours (memory bound)", "sources tracked at once");
    f("max_contacts", s.max_contacts, "ours (memory bound)",
      "distinct (source, destination, port) contacts remembered");
  }
};

/// SYN floods (syn_flood.hpp): per destination (address, port), the normalised difference
/// between SYNs and completed handshakes per interval, accumulated with a non-parametric CUSUM
/// (Wang, Zhang, Shin, "Detecting SYN Flooding Attacks", IEEE INFOCOM 2002).
struct syn_flood_config {
  bool enabled = true;
  /// CUSUM y_n = max(0, y_{n-1} + X_n - a), alarm when y_n > h, with
  /// X_n = (SYN_n - completed_n) / max(mean completed per interval, min_norm).
  double cusum_a = 1.0;
  double cusum_h = 2.0;
  double min_norm = 10.0;
  /// Weight of the newest interval in the mean of completed handshakes (EWMA).
  double ewma_alpha = 0.1;
  /// Half-open SYNs per interval a destination must receive before an alarm is raised.
  std::uint32_t min_syns = 50;
  /// Spoofed sources: at least this many distinct sources in an alarmed interval, and at
  /// least spoof_ratio distinct sources per SYN.
  std::uint32_t spoof_min_sources = 32;
  double spoof_ratio = 0.5;
  std::uint32_t max_destinations = 16'384;

  template <class Self, class F> static void visit(Self& s, F&& f) {
    f("enabled", s.enabled, "ours", "run this detector");
    f("cusum_a", s.cusum_a, "Wang, Zhang, Shin 2002 (a = 1)",
      "CUSUM drift: normalised excess tolerated per interval");
    f("cusum_h", s.cusum_h, "ours (two intervals of a flood at 3x the normal scale)",
      "CUSUM alarm threshold");
    f("min_norm", s.min_norm, "ours (protects servers with few connections)",
      "smallest normaliser of the SYN excess, in handshakes per interval");
    f("ewma_alpha", s.ewma_alpha, "ours (about 10 intervals of memory)",
      "weight of the newest interval in the handshake mean");
    f("min_syns", s.min_syns, "ours (below hping3 --flood / nmap rates)",
      "half-open SYNs per interval needed for an alarm");
    f("spoof_min_sources", s.spoof_min_sources, "ours",
      "distinct sources per interval that mark the flood as spoofed");
    f("spoof_ratio", s.spoof_ratio, "ours", "distinct sources per SYN that mark spoofing");
    f("max_destinations", s.max_destinations, "ours (memory bound)",
      "destinations tracked at once");
  }
};

/// ICMP (icmp_detector.hpp): ping sweeps, echo floods against a per-destination baseline,
/// ICMP tunnels (large high-entropy echo payloads) and unusual message types.
struct icmp_config {
  bool enabled = true;
  /// Ping sweep: echo requests from one source to this many distinct hosts within the window.
  std::uint32_t sweep_hosts = 25;
  duration sweep_window = seconds(300);
  /// Echo flood: echo requests per second to one destination above flood_min_rate and above
  /// flood_factor times its baseline (EWMA of earlier intervals), for flood_intervals intervals.
  double flood_min_rate = 100;
  double flood_factor = 10;
  std::uint32_t flood_intervals = 2;
  double baseline_alpha = 0.05;
  /// Tunnel: echo messages of at least tunnel_min_payload octets whose payload entropy is at
  /// least tunnel_min_entropy bits per octet, tunnel_min_packets of them between one pair.
  std::uint32_t tunnel_min_payload = 128;
  double tunnel_min_entropy = 6.0;
  std::uint32_t tunnel_min_packets = 10;
  /// Unusual types: this many messages of a type outside the common set from one source.
  std::uint32_t unusual_min = 5;
  std::uint32_t max_entries = 65'536;

  template <class Self, class F> static void visit(Self& s, F&& f) {
    f("enabled", s.enabled, "ours", "run this detector");
    f("sweep_hosts", s.sweep_hosts, "Zeek scan.zeek addr_scan_threshold = 25, applied to echo",
      "distinct hosts pinged by one source within the window that make a sweep");
    f("sweep_window", s.sweep_window, "Zeek scan.zeek addr_scan_interval = 5 min",
      "time window of the sweep threshold");
    f("flood_min_rate", s.flood_min_rate, "iputils ping(8) -f: at least 100 echo requests/s",
      "echo requests per second to one host below which no flood is reported");
    f("flood_factor", s.flood_factor, "ours", "times the destination's baseline rate");
    f("flood_intervals", s.flood_intervals, "ours", "consecutive intervals over the limits");
    f("baseline_alpha", s.baseline_alpha, "ours (about 20 intervals of memory)",
      "weight of the newest interval in the per-destination echo baseline");
    f("tunnel_min_payload", s.tunnel_min_payload,
      "ping defaults: 56 octets (iputils), 32 (Windows); 128 leaves room for timestamps",
      "echo payload octets from which a message counts towards a tunnel");
    f("tunnel_min_entropy", s.tunnel_min_entropy,
      "ours: random 128-octet payloads measure about 6.6 bits/octet, ping's pattern 5.8",
      "payload entropy (bits per octet) from which a message counts towards a tunnel");
    f("tunnel_min_packets", s.tunnel_min_packets, "ours",
      "large high-entropy echo messages between one pair that make a tunnel");
    f("unusual_min", s.unusual_min, "ours",
      "messages of uncommon ICMP types (e.g. deprecated by RFC 6918) from one source");
    f("max_entries", s.max_entries, "ours (memory bound)", "pairs and hosts tracked at once");
  }
};

/// Every detector's settings. Sections other detectors add go here too (and in
/// visit_sections).
struct detect_config {
  engine_config engine;
  port_scan_config port_scan;
  syn_flood_config syn_flood;
  icmp_config icmp;

  /// Calls f(section_name, section) for every section, in print order.
  template <class Self, class F> static void visit_sections(Self& s, F&& f) {
    f("engine", s.engine);
    f("port_scan", s.port_scan);
    f("syn_flood", s.syn_flood);
    f("icmp", s.icmp);
  }
};

/// Applies one "section.name=value" override. Returns an empty string on success, else why
/// not (unknown section or parameter, value of the wrong type or out of range).
[[nodiscard]] std::string apply_setting(detect_config& cfg, std::string_view assignment);
/// Sets one parameter from its text form (as apply_setting does).
[[nodiscard]] std::string set_param(detect_config& cfg, std::string_view section,
                                    std::string_view name, std::string_view value);

/// Loads a TOML document: tables named like the sections, keys like the parameters; anything
/// else is an error. Parameters not mentioned keep their current values. Returns an empty
/// string on success, else "line:column: why" / "why".
[[nodiscard]] std::string load_toml(detect_config& cfg, std::string_view toml_text);
[[nodiscard]] std::string load_toml_file(detect_config& cfg, const std::string& path);

/// The whole configuration as TOML that load_toml reads back, each parameter preceded by a
/// comment with its description and the source of its default.
[[nodiscard]] std::string to_toml(const detect_config& cfg);

/// One section's parameters as (name, value text) pairs, for alert params and reports.
struct param_text {
  std::string name, value, source, description;
};
[[nodiscard]] std::vector<param_text> describe_section(const detect_config& cfg,
                                                       std::string_view section);

} // namespace pktscope::detect
