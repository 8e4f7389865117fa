#pragma once
/// Top talkers: per host (address), per host pair and per service port, the packets and bytes
/// (frame length on the wire) they sent and received and the flows they took part in.
///
/// Hosts and pairs are counted per packet from the innermost IP header (a tunnelled packet
/// counts for the inner hosts); flows and ports from finished flow records (the port of a flow
/// is its responder's port, i.e. the service; flow packets and bytes count both directions).
/// Tables have a fixed capacity; what does not fit is counted in `untracked`.

#include <pktscope/analysis/stats/bounded_table.hpp>
#include <pktscope/core/assert.hpp>
#include <pktscope/core/bytes.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace pktscope {
struct decoded_packet;
struct flow_record;
} // namespace pktscope

namespace pktscope::stats {

struct host_key {
  std::array<std::uint8_t, 16> addr{}; ///< IPv4 in the first 4 bytes
  std::uint8_t ip_version = 0;
  /// Word-wise: the defaulted == compares the address array through a memcmp call.
  friend constexpr bool operator==(const host_key& x, const host_key& y) noexcept {
    const auto a = std::bit_cast<std::array<std::uint64_t, 2>>(x.addr);
    const auto b = std::bit_cast<std::array<std::uint64_t, 2>>(y.addr);
    return ((a[0] ^ b[0]) | (a[1] ^ b[1])) == 0 && x.ip_version == y.ip_version;
  }
  [[nodiscard]] bytes address() const noexcept {
    return bytes(addr).first(ip_version == 4 ? 4 : 16);
  }
};
/// Byte-wise order (version first): the lower host is `a` of a pair.
[[nodiscard]] bool operator<(const host_key& x, const host_key& y) noexcept;

struct host_counts {
  std::uint64_t tx_packets = 0, tx_bytes = 0; ///< sent (as source)
  std::uint64_t rx_packets = 0, rx_bytes = 0; ///< received (as destination)
  std::uint64_t flows_orig = 0, flows_resp = 0;
};

struct pair_key {
  host_key a, b; ///< a < b (or equal)
  friend constexpr bool operator==(const pair_key&, const pair_key&) = default;
};
struct pair_counts {
  std::uint64_t a_to_b_packets = 0, a_to_b_bytes = 0;
  std::uint64_t b_to_a_packets = 0, b_to_a_bytes = 0;
  std::uint64_t flows = 0;
};

struct port_key {
  std::uint8_t ip_protocol = 0; ///< 6, 17 or 132
  std::uint16_t port = 0;
  friend constexpr bool operator==(const port_key&, const port_key&) = default;
};
struct port_counts {
  std::uint64_t packets = 0, bytes = 0, flows = 0;
};

[[nodiscard]] std::uint64_t hash_host(const host_key& k) noexcept;
[[nodiscard]] std::uint64_t hash_pair(const pair_key& k) noexcept;
[[nodiscard]] std::uint64_t hash_port(const port_key& k) noexcept;

enum class talker_metric : std::uint8_t { bytes, packets, flows };
enum class talker_role : std::uint8_t { src, dst, pair, port, host };

/// One ranked row. For src/dst/host rows only `a` is set; pairs have `a` and `b`; port rows
/// `ip_protocol` and `port`. packets/bytes/flows are those of the role: sent for src,
/// received for dst, both directions for pairs, hosts (sent + received) and ports.
struct talker_row {
  host_key a, b;
  std::uint8_t ip_protocol = 0;
  std::uint16_t port = 0;
  std::uint64_t packets = 0, bytes = 0, flows = 0;
  /// Pairs: a -> b part of packets/bytes (the rest went b -> a). Hosts: the sent part.
  std::uint64_t out_packets = 0, out_bytes = 0;
};

struct talker_config {
  std::size_t max_hosts = 1U << 16;
  std::size_t max_pairs = 1U << 18;
  std::size_t max_ports = 1U << 16;
};

class talker_table {
public:
  explicit talker_table(const talker_config& cfg = {});

  /// Counts a packet of `wire_len` octets (nothing when it has no IP header).
  void add_packet(const decoded_packet& d, std::uint32_t wire_len) noexcept;
  /// Counts a finished flow (its orientation and totals).
  void add_flow(const flow_record& r) noexcept;
  /// add_flow(r), and also the packets and bytes of `r` (a finished record or active-timeout
  /// part) to its hosts and pair, as add_packet() would have counted them one by one: one
  /// table lookup per flow instead of per packet. Frames the flow table reassembled from IP
  /// fragments (`fragments`, `fragment_bytes`) and the tunnelled packets of an outer flow
  /// (`outer_packets`, `outer_bytes`) are left out: count those with add_packet().
  /// traffic_stats uses this; what it gives equals add_packet() on every packet, except which
  /// keys find room once a table is full.
  /// The count is queued and applied `flow_queue_depth` flows later, its table slots and
  /// entries asked for meanwhile: in tables larger than the caches each lookup is a miss, and
  /// those of several flows overlap this way. drain() applies what is queued; every reader
  /// below requires that nothing is (traffic_stats::finish() drains).
  void add_flow_traffic(const flow_record& r) noexcept;
  void drain() noexcept;
  static constexpr std::size_t flow_queue_depth = 16;

  /// The `n` largest by `metric` (ties: by the key, ascending), for `role`.
  [[nodiscard]] std::vector<talker_row> top(talker_metric metric, talker_role role,
                                            std::size_t n) const;

  /// Bytes sent from hosts[i] to hosts[j] as a hosts.size()^2 row-major matrix (the
  /// host x host byte matrix; hosts e.g. the top N by bytes).
  [[nodiscard]] std::vector<std::uint64_t> byte_matrix(const std::vector<host_key>& hosts) const;

  [[nodiscard]] std::size_t hosts() const noexcept {
    PKTSCOPE_ASSERT(drained());
    return hosts_.size();
  }
  [[nodiscard]] std::size_t pairs() const noexcept {
    PKTSCOPE_ASSERT(drained());
    return pairs_.size();
  }
  [[nodiscard]] std::size_t ports() const noexcept {
    PKTSCOPE_ASSERT(drained());
    return ports_.size();
  }
  /// Packets or flows not counted because a table was full.
  [[nodiscard]] std::uint64_t untracked() const noexcept {
    PKTSCOPE_ASSERT(drained());
    return untracked_;
  }

private:
  /// What counting a finished flow takes from its record (which is gone by the time a queued
  /// count is applied), with the hashes of its table keys.
  struct flow_count {
    host_key orig, resp;
    pair_key pair;
    port_key port;
    bool first_part = false, counts_port = false;
    bool forward = false, same = false; ///< orig is the pair's a; orig and resp are equal
    std::uint64_t o_packets = 0, o_bytes = 0, r_packets = 0, r_bytes = 0;
    std::uint64_t total_packets = 0, total_bytes = 0;
    std::uint64_t orig_hash = 0, resp_hash = 0, pair_hash = 0, port_hash = 0;
  };
  // add_flow() (with `traffic` false: flows only) and add_flow_traffic() (true).
  [[nodiscard]] static flow_count count_of(const flow_record& r, bool traffic) noexcept;
  void count(const flow_count& c) noexcept;
  void count_oldest() noexcept; // of the queue, which is not empty
  /// Calls ask(table, hash) for every table lookup count(c) makes.
  template <class Ask> void each_lookup(const flow_count& c, Ask ask) const noexcept;
  [[nodiscard]] bool drained() const noexcept { return queued_ == 0; }

  bounded_table<host_key, host_counts, hash_host> hosts_;
  bounded_table<pair_key, pair_counts, hash_pair> pairs_;
  bounded_table<port_key, port_counts, hash_port> ports_;
  std::uint64_t untracked_ = 0;
  std::array<flow_count, flow_queue_depth> queue_{}; // a ring: queue_first_, then queued_
  std::size_t queue_first_ = 0, queued_ = 0;
};

} // namespace pktscope::stats
