#pragma once
/// Alerts: what a detector reports. One alert describes one ongoing event (a scan, a flood, a
/// tunnel) between a source and a destination; the alert_sink merges repeated reports of the
/// same event. The JSON form is one object per line, like Suricata's eve.json:
///
///   {"kind":"port_scan","severity":"high","src":"192.0.2.7","dst":"192.0.2.10",
///    "start_ns":1704067215000000000,"end_ns":1704067216000000000,"summary":"...",
///    "evidence":{"probes":120,"ports":[22,80]},"packets":[3,4,9],
///    "detector":{"name":"port_scan","params":{"trw_p_d":0.99}}}
///
/// `src`/`dst` are null where many hosts take part (a horizontal scan's victims, a spoofed
/// flood's sources). Alerts are rare: building one allocates, the per-packet path does not.

#include <pktscope/core/bytes.hpp>

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace pktscope::detect {

/// The kinds of event pktscope detects (the "kind" key of the JSON form).
enum class alert_kind : std::uint8_t {
  port_scan,
  syn_flood,
  ping_sweep,
  icmp_flood,
  icmp_tunnel,
  volume_spike,
  volume_drop,
  sensitive_port,
  new_talker,
  dns_anomaly,
  tcp_flag_anomaly,
  size_anomaly,
  malformed,
};
inline constexpr std::size_t alert_kind_count = 13;

/// "port_scan", "syn_flood", ... (the enumerator's name).
[[nodiscard]] std::string_view alert_kind_name(alert_kind k) noexcept;
[[nodiscard]] std::optional<alert_kind> parse_alert_kind(std::string_view name) noexcept;

enum class severity : std::uint8_t { info, low, medium, high };
/// "info", "low", "medium", "high".
[[nodiscard]] std::string_view severity_name(severity s) noexcept;
[[nodiscard]] std::optional<severity> parse_severity(std::string_view name) noexcept;

/// An IP address, optionally with a port. Ordered (for deterministic output) and comparable.
struct endpoint {
  std::array<std::uint8_t, 16> addr{}; ///< IPv4 in the first 4 bytes, rest zero
  std::uint8_t ip_version = 0;         ///< 4 or 6
  bool has_port = false;
  std::uint16_t port = 0;

  /// From 4 or 16 address bytes (a decoded_packet's src_address()); other sizes give an
  /// endpoint with ip_version 0.
  [[nodiscard]] static endpoint from_bytes(bytes address) noexcept;
  [[nodiscard]] static endpoint from_bytes(bytes address, std::uint16_t port) noexcept;
  /// From a 16-octet address field (IPv4 in its first 4 octets when ip_version is 4), as
  /// decoded_packet and the detectors keep addresses.
  [[nodiscard]] static endpoint from_field(const std::array<std::uint8_t, 16>& address,
                                           std::uint8_t ip_version) noexcept;
  [[nodiscard]] static endpoint from_field(const std::array<std::uint8_t, 16>& address,
                                           std::uint8_t ip_version, std::uint16_t port) noexcept;
  /// Text form: "192.0.2.1", "2001:db8::1", with a port "192.0.2.1:80" / "[2001:db8::1]:80".
  [[nodiscard]] std::string to_string() const;
  /// The address alone, without the port.
  [[nodiscard]] std::string address_string() const;
  /// Parses what to_string() writes.
  [[nodiscard]] static std::optional<endpoint> parse(std::string_view text) noexcept;

  friend constexpr auto operator<=>(const endpoint&, const endpoint&) = default;
};

/// Leading bits two addresses share (at most 32 for IPv4, 128 for IPv6).
[[nodiscard]] std::uint8_t common_prefix_bits(const std::array<std::uint8_t, 16>& a,
                                              const std::array<std::uint8_t, 16>& b,
                                              std::uint8_t ip_version) noexcept;
/// "192.0.2.0/24": the address masked to `bits` (clamped to its width), with the length.
[[nodiscard]] std::string prefix_text(const std::array<std::uint8_t, 16>& addr,
                                      std::uint8_t ip_version, std::uint8_t bits);

/// An evidence or parameter value: integer, real number, text, or a list of numbers or texts.
using evidence_value = std::variant<std::int64_t, double, std::string, std::vector<double>,
                                    std::vector<std::string>, bool>;

/// Ordered key -> value list (insertion order is output order). Small: linear lookup.
class evidence_map {
public:
  /// Sets `key` (replacing an earlier value of that key, keeping its position).
  void set(std::string_view key, evidence_value v);
  [[nodiscard]] const evidence_value* find(std::string_view key) const noexcept;
  /// Convenience readers; nullopt when missing or of another type (integers read as numbers).
  [[nodiscard]] std::optional<double> number(std::string_view key) const noexcept;
  [[nodiscard]] std::optional<std::string_view> text(std::string_view key) const noexcept;
  /// Copies every entry of `other` in, replacing equal keys.
  void merge_from(const evidence_map& other);
  [[nodiscard]] const std::vector<std::pair<std::string, evidence_value>>& items() const noexcept {
    return items_;
  }
  [[nodiscard]] bool empty() const noexcept { return items_.empty(); }

  friend bool operator==(const evidence_map&, const evidence_map&) = default;

private:
  std::vector<std::pair<std::string, evidence_value>> items_;
};

struct alert {
  /// At most this many evidence packet indexes are kept (the first ones).
  static constexpr std::size_t max_packets = 64;

  alert_kind kind = alert_kind::port_scan;
  severity sev = severity::medium;
  std::optional<endpoint> src, dst; ///< nullopt where many hosts take part
  timestamp_ns start_ns = 0, end_ns = 0;
  std::string summary; ///< one human sentence
  evidence_map evidence;
  std::string detector; ///< name of the detector (and of its config section)
  evidence_map params;  ///< the detector's parameter values that applied
  /// Indexes (0-based, in input order) of packets that show the event: the first max_packets.
  std::vector<std::uint64_t> packets;
  std::uint32_t updates = 1; ///< reports merged into this alert (alert_sink)

  /// Appends packet indexes, keeping at most max_packets, ascending and without repeats.
  void add_packets(const std::vector<std::uint64_t>& more);
  void add_packet(std::uint64_t index);
};

/// Appends the alert's one-line JSON form (no trailing newline) to `out`.
void append_json(const alert& a, std::string& out);
[[nodiscard]] std::string to_json(const alert& a);

} // namespace pktscope::detect
