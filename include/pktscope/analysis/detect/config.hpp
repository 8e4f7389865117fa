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
  /// Early failure (port_scan.hpp): an unanswered TCP first contact is judged failed before
  /// attempt_timeout once its source has opened early_contacts further first contacts and
  /// the wait exceeds the RTO of the destination's prefix (RFC 6298 §2: SRTT + early_rtt_k *
  /// RTTVAR over answered TCP attempts to that /24 or /64), and at least early_min_wait. An
  /// answer arriving later turns the failure back into a success.
  bool early_failure = true;
  std::uint32_t early_contacts = 3;
  duration early_min_wait = duration{10'000'000};
  double early_rtt_k = 4.0;
  std::uint32_t max_prefixes = 16'384;
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
    f("early_failure", s.early_failure,
      "Jung et al. 2004 count first-contact outcomes; ours: judge the unanswered early",
      "judge an unanswered TCP first contact failed before attempt_timeout (see early_*)");
    f("early_contacts", s.early_contacts,
      "ours: a scanner keeps opening first contacts, a client waits for its answers",
      "further first contacts the source must open before an unanswered one is judged");
    f("early_min_wait", s.early_min_wait,
      "ours: 10x a LAN round trip; kernel SYN+ACK/RST take microseconds to a few ms",
      "an unanswered first contact is never judged failed sooner than this");
    f("early_rtt_k", s.early_rtt_k, "RFC 6298 §2.3 (RTO = SRTT + K * RTTVAR, K = 4)",
      "the wait is the destination prefix's SRTT + early_rtt_k * RTTVAR of answered attempts");
    f("max_prefixes", s.max_prefixes, "ours (memory bound)",
      "destination prefixes (/24, /64) whose answer times are learned");
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
  std::uint32_t max_destinations = 4'096;

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
  std::uint32_t max_entries = 16'384;

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

/// Volume (volume.hpp): packets and bytes per protocol class per interval against an EWMA band
/// learned from the capture itself, or a baseline's band per hour of day.
struct volume_config {
  bool enabled = true;
  duration interval = seconds(10);
  double alpha = 0.1;
  double k = 4.0;
  std::uint32_t confirm = 6;
  std::uint32_t warmup = 12;
  double min_spike_packets = 500;
  double min_spike_bytes = 1'000'000;
  double min_drop_packets = 100;
  double min_drop_bytes = 100'000;
  double drop_fraction = 0.1;
  double sd_floor_fraction = 0.1;
  std::uint32_t max_freeze = 30;

  template <class Self, class F> static void visit(Self& s, F&& f) {
    f("enabled", s.enabled, "ours", "run this detector");
    f("interval", s.interval,
      "ours: the io,stat granularity operators plot; a flood shows within a minute",
      "length of one counting interval");
    f("alpha", s.alpha, "NIST/SEMATECH e-Handbook 6.3.2.4 (EWMA lambda 0.05-0.3)",
      "weight of the newest interval in the learned mean and variance");
    f("k", s.k, "3-sigma Shewhart limits widened to 4 for over-dispersed counts",
      "band half-width in standard deviations");
    f("confirm", s.confirm,
      "Brutlag 2000 (Holt-Winters aberrant behaviour: a window of failures); ours: one "
      "minute, longer than one bulk transfer of synth's normal traffic (at most 40 s)",
      "consecutive out-of-band intervals before an episode is reported");
    f("warmup", s.warmup, "ours (2 minutes of 10 s intervals)",
      "intervals learned before judging (no baseline)");
    f("min_spike_packets", s.min_spike_packets, "ours (below hping3 -i u100 rates)",
      "a spike must exceed the expectation by at least this many packets per interval");
    f("min_spike_bytes", s.min_spike_bytes, "ours",
      "...or by at least this many bytes per interval");
    f("min_drop_packets", s.min_drop_packets, "ours",
      "drops are judged only when at least this many packets were expected");
    f("min_drop_bytes", s.min_drop_bytes, "ours", "...or at least this many bytes");
    f("drop_fraction", s.drop_fraction,
      "ours: an outage leaves a tenth or less of the expected traffic, however wide the band "
      "of bursty traffic is",
      "an interval below this fraction of the expected level is out of band (a drop)");
    f("sd_floor_fraction", s.sd_floor_fraction,
      "ours (packets also use the Poisson floor sqrt(mean))",
      "smallest standard deviation as a fraction of the mean");
    f("max_freeze", s.max_freeze, "ours (5 minutes)",
      "out-of-band intervals after which the model learns the new level");
  }
};

/// Sensitive services (behaviour.hpp).
struct sensitive_port_config {
  bool enabled = true;
  port_list tcp_ports{{21, 23, 135, 139, 445, 1433, 1521, 2375, 3306, 3389, 4444, 5432, 5900, 6379,
                       9200, 11211, 27017}};
  port_list udp_ports{{69, 137, 161, 1900, 11211}};
  bool require_response = true;
  duration realert = seconds(300);
  std::uint32_t max_tracked = 1U << 16;

  template <class Self, class F> static void visit(Self& s, F&& f) {
    f("enabled", s.enabled, "ours", "run this detector");
    f("tcp_ports", s.tcp_ports, "CISA/NSA commonly exploited services; SANS ISC top targeted ports",
      "TCP services worth reporting (FTP, Telnet, RPC, NetBIOS, SMB, databases, RDP, VNC, ...)");
    f("udp_ports", s.udp_ports, "same sources (TFTP, NetBIOS-NS, SNMP, SSDP, memcached)",
      "UDP services worth reporting");
    f("require_response", s.require_response, "ours (scans are port_scan's job)",
      "report only services that answered (SYN+ACK, UDP reply)");
    f("realert", s.realert, "ours", "the same client/service pair is reported again after this");
    f("max_tracked", s.max_tracked, "ours (memory bound)", "client/service pairs tracked");
  }
};

/// Hosts never seen before (behaviour.hpp).
struct new_talker_config {
  bool enabled = true;
  bool require_baseline = true;
  duration warmup = seconds(300);
  std::uint32_t min_packets = 20;
  std::uint32_t max_hosts = 1U << 16;

  template <class Self, class F> static void visit(Self& s, F&& f) {
    f("enabled", s.enabled, "ours", "run this detector");
    f("require_baseline", s.require_baseline,
      "ours: a capture's first minutes are no record of usual talkers (Zeek known-hosts "
      "only logs first sightings)",
      "report only against a baseline's talkers; false: without one, the warm-up's hosts "
      "are the known set");
    f("warmup", s.warmup, "Zeek tcp_inactivity_timeout = 5 min",
      "without a baseline and require_baseline = false, hosts sending in this first part of "
      "the input are known");
    f("min_packets", s.min_packets, "ours", "packets an unknown host sends before it is reported");
    f("max_hosts", s.max_hosts, "ours (memory bound)", "hosts tracked");
  }
};

/// DNS anomalies (behaviour.hpp).
struct dns_anomaly_config {
  bool enabled = true;
  std::uint32_t nxdomain_threshold = 30;
  duration window = seconds(60);
  std::uint32_t max_name_length = 100;
  double entropy_threshold = 4.0;
  std::uint32_t entropy_min_length = 24;
  std::uint32_t max_clients = 1U << 16;

  template <class Self, class F> static void visit(Self& s, F&& f) {
    f("enabled", s.enabled, "ours", "run this detector");
    f("nxdomain_threshold", s.nxdomain_threshold,
      "Antonakakis et al. 2012 (DGA bots: tens to hundreds of NXDOMAINs per minute)",
      "NXDOMAIN answers to one client within the window that make a storm");
    f("window", s.window, "ours", "NXDOMAIN counting window");
    f("max_name_length", s.max_name_length,
      "DNS tunnels (iodine, dnscat2) fill names near the 253-character limit",
      "query names longer than this are reported");
    f("entropy_threshold", s.entropy_threshold,
      "ours: host names score 2.5-3.5 bits/char, base32/hex payloads 4-5",
      "bits per character above which a name looks random");
    f("entropy_min_length", s.entropy_min_length, "ours",
      "characters (left of the last two labels) needed to judge entropy");
    f("max_clients", s.max_clients, "ours (memory bound)", "clients tracked");
  }
};

/// Abnormal TCP flag sets and sequences (structural.hpp).
struct tcp_flag_config {
  bool enabled = true;
  std::uint32_t min_packets = 1;
  duration realert = seconds(60);
  bool flag_sequences = true;
  bool reserved_bits = true;
  std::uint32_t max_pairs = 1U << 16;

  template <class Self, class F> static void visit(Self& s, F&& f) {
    f("enabled", s.enabled, "ours", "run this detector");
    f("min_packets", s.min_packets, "RFC 9293 3.1/3.10.7: no stack sends these sets",
      "abnormal segments from one source to one destination before a report");
    f("realert", s.realert, "ours", "the same pair is reported again after this");
    f("flag_sequences", s.flag_sequences, "Zeek conn_state SH/SHR",
      "report SYN-then-FIN flows without SYN+ACK");
    f("reserved_bits", s.reserved_bits, "RFC 9293 3.1 (reserved bits must be zero)",
      "report segments with reserved flag bits set");
    f("max_pairs", s.max_pairs, "ours (memory bound)", "pairs tracked");
  }
};

/// Payload sizes per service (structural.hpp).
struct size_anomaly_config {
  bool enabled = true;
  std::uint32_t warmup = 200;
  double k = 6.0;
  double min_delta = 256;
  std::uint32_t min_count = 10;
  duration window = seconds(60);
  std::uint32_t max_services = 4096;
  bool tcp = false;

  template <class Self, class F> static void visit(Self& s, F&& f) {
    f("enabled", s.enabled, "ours", "run this detector");
    f("warmup", s.warmup, "ours", "packets of a service learned before judging (no baseline)");
    f("k", s.k, "Chebyshev: at most 1/36 of any distribution beyond 6 sigma",
      "standard deviations from the mean payload size that make a packet irregular");
    f("min_delta", s.min_delta, "ours", "...and at least this many bytes from the mean");
    f("min_count", s.min_count, "ours", "irregular packets of a service within the window");
    f("window", s.window, "ours", "counting window");
    f("max_services", s.max_services, "ours (memory bound)", "service directions tracked");
    f("tcp", s.tcp,
      "ours: TCP segment sizes follow segmentation (full MSS, a short last one), not messages",
      "also judge TCP segments with payload (UDP datagrams always)");
  }
};

/// Malformed frames (structural.hpp).
struct malformed_config {
  bool enabled = true;
  /// Decoder anomaly names (decode/anomaly.hpp), comma-separated.
  std::string codes = "bad_header_length,truncated_header,malformed_application,ttl_zero,"
                      "ipv4_reserved_flag";
  std::uint32_t min_packets = 1;
  duration realert = seconds(60);
  std::uint32_t max_pairs = 1U << 16;

  template <class Self, class F> static void visit(Self& s, F&& f) {
    f("enabled", s.enabled, "ours", "run this detector");
    f("codes", s.codes,
      "ours: checksum codes left out (offloading NICs and loopback carry unfinished checksums)",
      "decoder anomaly codes that count as malformed");
    f("min_packets", s.min_packets, "ours", "malformed frames of one pair before a report");
    f("realert", s.realert, "ours", "the same pair is reported again after this");
    f("max_pairs", s.max_pairs, "ours (memory bound)", "pairs tracked");
  }
};

/// Every detector's settings. Sections other detectors add go here too (and in
/// visit_sections).
struct detect_config {
  engine_config engine;
  port_scan_config port_scan;
  syn_flood_config syn_flood;
  icmp_config icmp;
  volume_config volume;
  sensitive_port_config sensitive_port;
  new_talker_config new_talker;
  dns_anomaly_config dns;
  tcp_flag_config tcp_flags;
  size_anomaly_config size;
  malformed_config malformed;

  /// Calls f(section_name, section) for every section, in print order.
  template <class Self, class F> static void visit_sections(Self& s, F&& f) {
    f("engine", s.engine);
    f("port_scan", s.port_scan);
    f("syn_flood", s.syn_flood);
    f("icmp", s.icmp);
    f("volume", s.volume);
    f("sensitive_port", s.sensitive_port);
    f("new_talker", s.new_talker);
    f("dns", s.dns);
    f("tcp_flags", s.tcp_flags);
    f("size", s.size);
    f("malformed", s.malformed);
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
