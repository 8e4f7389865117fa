#pragma once
/// Connection attempts and their outcomes, from packets alone: the input of the port scan and
/// SYN flood detectors. An attempt is the first packet of a TCP or UDP conversation from its
/// initiator: a SYN, a probe no connection starts with (no flags, FIN, FIN+PSH+URG, a bare
/// ACK) or a UDP datagram. Its outcome is the first answer from the other side:
///   answered   SYN+ACK, or any TCP/UDP packet back
///   rejected   RST, or ICMP/ICMPv6 destination unreachable quoting the attempt
///   unanswered nothing within attempt_timeout
/// A TCP attempt that was answered with SYN+ACK is followed until the initiator's ACK
/// (completed) or its RST (abandoned, what a SYN scan does) or the timeout.
///
/// Memory is bounded: pending attempts live in an open-addressing table of fixed capacity (the
/// oldest is timed out early when it is full) and "conversation already seen" is a
/// set-associative cache of tuple hashes. Nothing is allocated per packet.

#include <pktscope/analysis/detect/alert.hpp>
#include <pktscope/analysis/index_pool.hpp>
#include <pktscope/analysis/table_memory.hpp>
#include <pktscope/core/bytes.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace pktscope {
struct decoded_packet;
}

namespace pktscope::detect {

/// The first packet of an attempt, by its TCP flags (udp for UDP).
enum class probe_kind : std::uint8_t { syn, null, fin, xmas, ack, udp };
[[nodiscard]] std::string_view probe_kind_name(probe_kind k) noexcept;

enum class attempt_outcome : std::uint8_t {
  started,    ///< the attempt's first packet (reported at once)
  answered,   ///< SYN+ACK or a packet back
  rejected,   ///< RST or ICMP unreachable
  unanswered, ///< timed out
  completed,  ///< TCP: the initiator ACKed the SYN+ACK (three-way handshake done)
  abandoned,  ///< TCP: the initiator sent RST after the SYN+ACK (half-open: SYN scan)
};
[[nodiscard]] std::string_view attempt_outcome_name(attempt_outcome o) noexcept;

/// One attempt event. Addresses are as the initiator sent them.
struct attempt_event {
  attempt_outcome outcome = attempt_outcome::started;
  probe_kind probe = probe_kind::syn;
  std::uint8_t ip_version = 4;
  std::uint8_t ip_protocol = 6;
  std::array<std::uint8_t, 16> src{}, dst{};
  std::uint16_t sport = 0, dport = 0;
  timestamp_ns probe_ts = 0; ///< time of the attempt's first packet
  timestamp_ns ts = 0;       ///< time of this event (answer, or timeout expiry)
  std::uint64_t probe_index = 0;
  std::uint64_t index = 0;    ///< packet that caused the event (probe_index for timeouts)
  std::uint8_t icmp_code = 0; ///< rejected by ICMP: the unreachable code

  [[nodiscard]] endpoint source() const noexcept;
  [[nodiscard]] endpoint destination() const noexcept; ///< with dport
};

struct connection_tracker_config {
  timestamp_ns attempt_timeout = 3'000'000'000;
  std::uint32_t max_pending = 1U << 16; ///< rounded up to a power of two
  std::uint32_t seen_sets = 1U << 16;   ///< cache sets of 8 tuples each
  timestamp_ns seen_ttl = 300'000'000'000;
};

class connection_tracker {
public:
  explicit connection_tracker(const connection_tracker_config& cfg);

  /// Updates with one decoded packet; events go to events() (appended).
  void on_packet(const decoded_packet& d, timestamp_ns ts, std::uint64_t index) noexcept;
  /// Times out attempts older than now - attempt_timeout (all when `all`).
  void expire(timestamp_ns now, bool all = false) noexcept;

  /// Events produced since the last clear_events(), in time order.
  [[nodiscard]] const std::vector<attempt_event>& events() const noexcept { return events_; }
  void clear_events() noexcept { events_.clear(); }
  [[nodiscard]] std::size_t pending() const noexcept { return live_; }
  [[nodiscard]] std::uint64_t forced_expiries() const noexcept { return forced_; }

private:
  // Pending attempts: keys_ (probed on every packet, 8 bytes a slot), and for each slot the
  // index of its attempt in a dense array that reuses the entries of resolved attempts first.
  // A packet of no pending attempt touches only the compact key array, and the attempts in
  // use stay on as few cache lines and pages as there are live attempts, however the keys
  // spread over the slots.
  struct attempt {
    attempt_event ev;
    bool synack = false;
  };
  // "Seen" cache: a set is one cache line of 8 (tag, time) pairs.
  struct seen_way {
    std::uint32_t tag = 0; // 0 = empty
    std::uint32_t tick = 0;
  };
  struct alignas(64) seen_set {
    std::array<seen_way, 8> ways{};
  };
  [[nodiscard]] std::uint32_t find(std::uint64_t key) const noexcept;
  void insert(const attempt_event& ev, std::uint64_t key) noexcept;
  void erase(std::uint32_t i) noexcept;
  void emit(const attempt& a, attempt_outcome o, timestamp_ns ts, std::uint64_t index) noexcept;
  [[nodiscard]] attempt& attempt_in(std::uint64_t slot) noexcept {
    return attempts_[attempt_of_[slot]];
  }
  bool seen_or_insert(std::uint64_t key, timestamp_ns ts) noexcept;
  [[nodiscard]] std::size_t seen_set_of(std::uint64_t key) const noexcept;

  connection_tracker_config cfg_;
  detail::zeroed_table<std::uint64_t> keys_; // 0 = empty
  // Counting filter in front of keys_ (one byte per slot, 1/8 of keys_' size, so it stays in
  // cache): a zero counter proves no pending attempt has the key.
  detail::zeroed_table<std::uint8_t> filter_;
  [[nodiscard]] std::size_t filter_index(std::uint64_t key) const noexcept {
    return static_cast<std::size_t>(key >> 40) & mask_;
  }
  detail::zeroed_table<std::uint32_t> attempt_of_; // per slot of keys_: index into attempts_
  detail::zeroed_table<attempt> attempts_;         // max_pending
  detail::index_pool attempt_indexes_;             // of attempts_
  std::uint64_t mask_ = 0;
  std::size_t live_ = 0;
  struct ring_entry {
    std::uint64_t key = 0;
    timestamp_ns probe_ts = 0;
  };
  static constexpr std::uint32_t npos = 0xffffffffU;
  detail::zeroed_table<ring_entry> order_; // attempts by insertion (= probe) time
  std::uint64_t ring_head_ = 0, ring_tail_ = 0;
  detail::zeroed_table<seen_set> seen_;
  timestamp_ns seen_base_ = 0; // ticks count 2^20 ns (about 1 ms) from here
  bool seen_started_ = false;
  std::uint32_t seen_ttl_ticks_ = 0;
  std::vector<attempt_event> events_;
  std::uint64_t forced_ = 0;
};

} // namespace pktscope::detect
