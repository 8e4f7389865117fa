#pragma once
/// Structural detectors: TCP flag sets no stack sends in normal operation (and flag sequences
/// no handshake explains), packet sizes far outside a service's usual sizes, and frames the
/// decoder found malformed. Each consumes one decoded packet (or one finished flow) and
/// reports typed events; per-pair and per-service state lives in tables reserved at
/// construction.

#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/analysis/detect/ip_host.hpp>
#include <pktscope/analysis/detect/series_model.hpp>
#include <pktscope/analysis/stats/bounded_table.hpp>
#include <pktscope/analysis/tcp_state.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/decode/anomaly.hpp>
#include <pktscope/decode/decoded_packet.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace pktscope {
struct flow_record;
} // namespace pktscope

namespace pktscope::detect {

// ---------------------------------------------------------------------------------------------
// TCP flags

/// Why a TCP flag set or sequence is abnormal.
enum class flag_reason : std::uint8_t {
  null_flags,    ///< no flag (RFC 9293 has no such segment; nmap -sN)
  xmas,          ///< FIN+PSH+URG (nmap -sX)
  syn_fin,       ///< SYN and FIN together (RFC 9293 §3.10.7: never valid)
  syn_rst,       ///< SYN and RST together
  fin_no_ack,    ///< FIN without ACK (every FIN after the handshake carries ACK; nmap -sF)
  reserved,      ///< a reserved flag bit set (RFC 9293 §3.1: must be zero)
  half_open_fin, ///< flow: SYN then FIN with no SYN+ACK (Zeek conn_state SH/SHR)
  count_,
};
inline constexpr std::size_t flag_reason_count = static_cast<std::size_t>(flag_reason::count_);
[[nodiscard]] std::string_view flag_reason_name(flag_reason r) noexcept;

/// Which abnormal reasons a flags field has (bit i = flag_reason i); 0 for a normal set.
[[nodiscard]] std::uint32_t abnormal_flags(std::uint16_t tcp_flags) noexcept;

struct tcp_flag_event {
  ip_host src, dst;
  timestamp_ns first = 0, ts = 0;
  std::uint64_t packets = 0; ///< abnormal segments of the pair so far
  std::array<std::uint64_t, flag_reason_count> by_reason{};
  std::uint16_t last_flags = 0;
  std::uint16_t last_dst_port = 0;
};

class tcp_flag_detector {
public:
  explicit tcp_flag_detector(const tcp_flag_config& cfg = {});
  [[nodiscard]] std::optional<tcp_flag_event> on_packet(const decoded_packet& d,
                                                        timestamp_ns ts) noexcept;
  /// A finished TCP flow (its conn_state says whether the sequence was abnormal).
  [[nodiscard]] std::optional<tcp_flag_event> on_flow(const ip_host& orig, const ip_host& resp,
                                                      conn_state state, timestamp_ns ts,
                                                      std::uint16_t resp_port) noexcept;

private:
  std::optional<tcp_flag_event> count(const ip_host& src, const ip_host& dst, std::uint32_t why,
                                      timestamp_ns ts, std::uint16_t flags,
                                      std::uint16_t dst_port) noexcept;
  struct pair_state {
    tcp_flag_event ev;
    timestamp_ns last_alert = 0;
    bool alerted = false;
  };
  tcp_flag_config cfg_;
  stats::bounded_table<host_pair, pair_state, hash_pair> pairs_;
};

// ---------------------------------------------------------------------------------------------
// Sizes per service

struct size_event {
  service_key service;   ///< the server side (host, port, protocol)
  bool to_server = true; ///< direction of the irregular packets
  ip_host last_peer;     ///< the client of the latest irregular packet
  timestamp_ns first = 0, ts = 0;
  std::uint32_t count = 0;
  double mean = 0, sd = 0; ///< learned payload size
  double max_size = 0, last_size = 0;
};

/// Learned payload sizes of one service direction, as a baseline stores them.
struct size_profile {
  std::uint8_t ip_protocol = 0;
  std::uint16_t port = 0;
  bool to_server = true;
  double mean = 0, variance = 0;
  std::uint64_t count = 0;
};

class size_anomaly_detector {
public:
  /// `profiles`: sizes learned by a baseline (those services need no warm-up).
  explicit size_anomaly_detector(const size_anomaly_config& cfg = {},
                                 const std::vector<size_profile>* profiles = nullptr);
  [[nodiscard]] std::optional<size_event> on_packet(const decoded_packet& d,
                                                    timestamp_ns ts) noexcept;
  /// Service port of a TCP/UDP packet: the lower port when one is below 1024 (well-known),
  /// else the destination port. Sets *to_server.
  [[nodiscard]] static std::uint16_t service_port(std::uint16_t src, std::uint16_t dst,
                                                  bool* to_server) noexcept;

private:
  struct key {
    std::uint8_t ip_protocol = 0;
    std::uint16_t port = 0;
    bool to_server = true;
    friend constexpr bool operator==(const key&, const key&) = default;
  };
  static std::uint64_t hash_key(const key& k) noexcept;
  struct state {
    running_stats learned;
    bool fixed = false; ///< from a baseline: not updated
    double mean = 0, sd = 0;
    timestamp_ns window_start = 0;
    std::uint32_t count = 0;
    bool reported = false;
    double max_size = 0;
  };
  size_anomaly_config cfg_;
  stats::bounded_table<key, state, hash_key> services_;
};

// ---------------------------------------------------------------------------------------------
// Malformed frames

struct malformed_event {
  ip_host src, dst; ///< version 0 when the frame had no usable IP header
  timestamp_ns first = 0, ts = 0;
  std::uint64_t packets = 0;
  std::array<std::uint64_t, anomaly_count> by_code{};
  std::optional<error> last_error; ///< where decoding stopped, for the latest frame
};

class malformed_detector {
public:
  explicit malformed_detector(const malformed_config& cfg = {});
  /// `wire_len` tells a frame the capture cut (snaplen: not malformed) from one that is short
  /// on the wire.
  [[nodiscard]] std::optional<malformed_event> on_packet(const decoded_packet& d, timestamp_ns ts,
                                                         std::uint32_t wire_len) noexcept;
  /// The malformed codes of a packet (bit per anomaly), after the snaplen rule.
  [[nodiscard]] std::uint64_t malformed_codes(const decoded_packet& d,
                                              std::uint32_t wire_len) const noexcept;

private:
  struct pair_state {
    malformed_event ev;
    timestamp_ns last_alert = 0;
    bool alerted = false;
  };
  malformed_config cfg_;
  std::uint64_t mask_ = 0;
  stats::bounded_table<host_pair, pair_state, hash_pair> pairs_;
};

} // namespace pktscope::detect
