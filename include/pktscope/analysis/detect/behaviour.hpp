#pragma once
/// Behavioural detectors: traffic of sensitive services, hosts never seen before, and DNS
/// anomalies (NXDOMAIN storms, over-long or random-looking query names). Each consumes one
/// decoded packet at a time (only the summary fields and, for DNS, the DNS layer) and reports
/// typed events; per-host state lives in tables reserved at construction (no allocation per
/// packet; hosts beyond the capacity are counted, not tracked).

#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/analysis/detect/ip_host.hpp>
#include <pktscope/analysis/stats/bounded_table.hpp>
#include <pktscope/analysis/table_memory.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/decode/decoded_packet.hpp>

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace pktscope::detect {

// ---------------------------------------------------------------------------------------------
// Sensitive ports

struct sensitive_port_event {
  ip_host client, server;
  std::uint16_t port = 0;
  std::uint8_t ip_protocol = 0; ///< 6 or 17
  timestamp_ns ts = 0;
  bool responded = false;    ///< the service answered
  std::uint64_t packets = 0; ///< packets of this pair seen so far
};

class sensitive_port_detector {
public:
  /// `known`: services a baseline saw in normal traffic (host, port, protocol), not reported.
  explicit sensitive_port_detector(const sensitive_port_config& cfg = {},
                                   const std::vector<service_key>* known = nullptr);

  /// The event this packet raises, if any.
  [[nodiscard]] std::optional<sensitive_port_event> on_packet(const decoded_packet& d,
                                                              timestamp_ns ts) noexcept;
  [[nodiscard]] bool is_sensitive(std::uint8_t ip_protocol, std::uint16_t port) const noexcept;
  [[nodiscard]] std::uint64_t untracked() const noexcept { return untracked_; }

private:
  struct pair_key {
    ip_host client;
    service_key service;
    friend bool operator==(const pair_key&, const pair_key&) = default;
  };
  struct pair_state {
    timestamp_ns last_alert = 0;
    std::uint64_t packets = 0;
    bool alerted = false;
  };
  static std::uint64_t hash_pair_key(const pair_key& k) noexcept;

  sensitive_port_config cfg_;
  std::bitset<65536> tcp_, udp_;
  stats::bounded_table<service_key, bool, hash_service> known_;
  stats::bounded_table<pair_key, pair_state, hash_pair_key> pairs_;
  std::uint64_t untracked_ = 0;
};

// ---------------------------------------------------------------------------------------------
// New talkers

struct new_talker_event {
  ip_host host;
  timestamp_ns first_seen = 0, ts = 0;
  std::uint64_t packets = 0, bytes = 0;
  ip_host first_peer; ///< destination of its first packet
};

class new_talker_detector {
public:
  /// `known`: the talkers of a baseline (then there is no warm-up).
  explicit new_talker_detector(const new_talker_config& cfg = {},
                               const std::vector<ip_host>* known = nullptr);

  [[nodiscard]] std::optional<new_talker_event> on_packet(const decoded_packet& d, timestamp_ns ts,
                                                          std::uint32_t wire_len) noexcept;
  [[nodiscard]] bool in_warmup(timestamp_ns ts) const noexcept;
  [[nodiscard]] std::uint64_t untracked() const noexcept { return untracked_; }

private:
  // Open addressing over 64-bit host hashes (two hosts with equal hashes share a slot,
  // probability ~ n^2 / 2^65). A known host's packet reads one 16-byte slot and nothing else;
  // the details of unknown hosts sit in a parallel array.
  struct host_slot {
    std::uint64_t key = 0; // hash_host, 0 = empty
    std::uint32_t packets = 0;
    bool known = false;
    bool reported = false;
  };
  struct host_detail {
    timestamp_ns first_seen = 0;
    std::uint64_t bytes = 0;
    ip_host first_peer;
  };
  [[nodiscard]] std::size_t slot_of(std::uint64_t key) const noexcept;
  new_talker_config cfg_;
  bool has_baseline_;
  bool started_ = false;
  timestamp_ns start_ = 0;
  detail::zeroed_table<host_slot> slots_;
  detail::zeroed_table<host_detail> details_;
  std::size_t mask_ = 0, size_ = 0, capacity_ = 0;
  std::uint64_t untracked_ = 0;
};

// ---------------------------------------------------------------------------------------------
// DNS anomalies

enum class dns_anomaly_reason : std::uint8_t { nxdomain_storm, long_name, high_entropy_name };
[[nodiscard]] std::string_view dns_anomaly_reason_name(dns_anomaly_reason r) noexcept;

struct dns_event {
  dns_anomaly_reason reason = dns_anomaly_reason::long_name;
  ip_host client, server;
  timestamp_ns start = 0, ts = 0;
  std::uint32_t count = 0; ///< NXDOMAIN answers in the window (storms)
  std::array<char, 256> name_buf{};
  std::size_t name_len = 0; ///< the query name (storms: the latest NXDOMAIN name)
  double entropy = 0;
  [[nodiscard]] std::string_view name() const noexcept { return {name_buf.data(), name_len}; }
};

class dns_anomaly_detector {
public:
  explicit dns_anomaly_detector(const dns_anomaly_config& cfg = {});

  /// Looks at the packet's DNS layer (none: nothing). A query can raise a name event, a
  /// response a storm event.
  [[nodiscard]] std::optional<dns_event> on_packet(const decoded_packet& d,
                                                   timestamp_ns ts) noexcept;

  /// The core tests: the part of `name` judged for entropy (without its last two labels)
  /// and whether a name is long or random-looking.
  [[nodiscard]] static std::string_view entropy_part(std::string_view name) noexcept;
  [[nodiscard]] std::optional<dns_anomaly_reason> judge_name(std::string_view name,
                                                             double* entropy) const noexcept;
  [[nodiscard]] std::uint64_t untracked() const noexcept { return untracked_; }

private:
  struct client_state {
    timestamp_ns window_start = 0;
    std::uint32_t count = 0;
    bool reported = false; ///< in this window
  };
  dns_anomaly_config cfg_;
  stats::bounded_table<ip_host, client_state, hash_host> clients_;
  std::uint64_t untracked_ = 0;
};

} // namespace pktscope::detect
