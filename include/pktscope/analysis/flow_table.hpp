#pragma once
/// The flow table: one pass, bounded memory. Each decoded packet updates its flow (created on
/// first sight); finished flows (idle or active timeout, eviction under the memory cap, TCP
/// tuple reuse, end of input) go to a flow_sink. Open addressing with linear probing over a
/// slot array that doubles with the flows held (load at most 1/2); each slot holds 32 bits of
/// its key's hash, compared before the record's full key. Records live in a pool reserved up
/// front (address space, committed as flows arrive, on transparent huge pages where
/// available); the least-recently-active order is kept in a separate compact array. No
/// allocation per packet (the slot array's doublings aside, at most log2 of the cap). Time
/// comes only from packet timestamps.
///
///   struct printer : pktscope::flow_sink {
///     void flow_finished(const pktscope::flow_record& r) override { ... }
///   } sink;
///   pktscope::flow_table table({}, &sink);
///   for (...) { decode(pkt.data, pkt.link, opt, d); table.update(d, pkt.ts, pkt.original_len); }
///   table.flush();

#include <pktscope/analysis/flow_key.hpp>
#include <pktscope/analysis/flow_record.hpp>
#include <pktscope/analysis/fragment_reassembler.hpp>
#include <pktscope/analysis/index_pool.hpp>
#include <pktscope/analysis/table_memory.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/decode/ipcomp_payload.hpp>

#include <array>
#include <cstdint>

namespace pktscope {

/// Receives flows. flow_opened is called when a flow is created (before its first packet is
/// counted: the record holds its key, its orientation, first_ts (its first frame) and last_ts
/// (the packet that opened it; they differ for a reassembled datagram)); flow_finished when it
/// leaves the table or an active-timeout part ends. The record is valid during the call only.
class flow_sink {
public:
  virtual ~flow_sink() = default;
  virtual void flow_opened(const flow_record& r) { static_cast<void>(r); }
  virtual void flow_finished(const flow_record& r) = 0;
};

inline constexpr timestamp_ns ns_per_second = 1'000'000'000;

struct flow_table_config {
  /// Flows held at once (the memory cap, at most 2^31); the least recently active flow is
  /// evicted to make room. Records are reserved, not touched, up front (about 700 bytes each).
  std::uint32_t max_flows = 1U << 18;
  /// Idle timeouts (0 = none); defaults are Zeek's tcp_inactivity_timeout (5 min) and
  /// udp/icmp_inactivity_timeout (1 min). `other` covers IP protocols without ports.
  timestamp_ns tcp_timeout = 300 * ns_per_second;
  timestamp_ns udp_timeout = 60 * ns_per_second;
  timestamp_ns icmp_timeout = 60 * ns_per_second;
  timestamp_ns other_timeout = 60 * ns_per_second;
  /// Idle timeout of a TCP flow once it is over (FIN from both sides, or a RST; 0 = the TCP
  /// idle timeout as for open flows). Zeek's tcp_close_delay and tcp_reset_delay are 5 s: a
  /// closed connection's tuple is free for a new one soon, and the table holds only the
  /// connections still open instead of every one of the last tcp_timeout.
  timestamp_ns tcp_close_timeout = 5 * ns_per_second;
  /// Report flows open longer than this in parts (0 = never).
  timestamp_ns active_timeout = 0;
  /// A SYN with a new ISN on a TCP tuple starts a new flow (tcp_connection::is_reuse).
  bool split_tcp_reuse = true;
  /// Reassemble IP fragments (else fragments count only as their own "other" packets).
  bool reassemble = true;
  fragment_config fragments{};
  /// Test hook: replaces hash_flow_key (e.g. a constant, to force collisions).
  std::uint64_t (*hash)(const flow_key&) noexcept = nullptr;
};

struct flow_counters {
  std::uint64_t packets = 0;            ///< packets offered to update()
  std::uint64_t not_ip = 0;             ///< no IP header (ARP, ...): no flow
  std::uint64_t fragments_held = 0;     ///< fragments that did not complete a datagram (yet)
  std::uint64_t fragments_unusable = 0; ///< fragments cut by the snaplen, or inside a
                                        ///< reassembled datagram (not counted)
  std::uint64_t flows_created = 0;
  std::uint64_t flows_finished = 0; ///< records handed to the sink (all reasons)
  std::uint64_t idle_timeouts = 0;
  std::uint64_t active_timeouts = 0;
  std::uint64_t evictions = 0;
  std::uint64_t reuses = 0;
  std::uint64_t max_probe = 0; ///< longest probe sequence seen (table health)
};

class flow_table {
public:
  /// `sink` receives finished flows; it must outlive the table. Precondition: max_flows > 0.
  flow_table(const flow_table_config& cfg, flow_sink* sink);

  /// Accounts one decoded packet of `wire_len` octets on the wire captured at `ts` (a
  /// tunnelled packet also in the flows of its outer IP+UDP/TCP headers: outer_flows.hpp).
  /// With reassembly on, a fragment (of its outermost fragmented IP header: the first
  /// fragment of a tunnel's outer datagram holds the tunnel's headers too) waits for the rest
  /// of its datagram; the fragment that completes it has the whole datagram decoded and
  /// counted in the flows of its headers, a tunnel inside it included, each flow counting
  /// every fragment frame. An IPComp packet whose payload inflates to an IP datagram
  /// (inflated_datagram) is counted in the flows of that datagram's headers, with IPComp as
  /// their tunnel. Returns the flow of the innermost headers, or nullptr (not IP, a
  /// fragment still waiting, or one that cannot be reassembled). The pointer is valid until
  /// the next call.
  const flow_record* update(const decoded_packet& d, timestamp_ns ts,
                            std::uint32_t wire_len) noexcept;

  /// update() of a packet that can wait (IP, not a fragment for reassembly, not tunnelled), applied
  /// up to `defer_depth` calls later: its flow slot is prefetched at once, and the records of half
  /// a queue of packets are loaded together (their misses overlap; a table larger than the caches
  /// costs two dependent misses per packet otherwise). Returns true when the packet was queued: it
  /// will be counted in a flow record, and the sink sees its events later. Returns false, doing
  /// nothing, for any other packet (not IP, a fragment to reassemble, an IPComp packet to inflate,
  /// or a tunnelled packet, whose outer flows count it too): call update() for it. Every other
  /// member that reads or changes flows (update, observe, expire, flush, drain) applies the queue
  /// first, so the table goes through the same steps, in the same order, as with update() alone.
  bool defer(const decoded_packet& d, timestamp_ns ts, std::uint32_t wire_len) noexcept;
  static constexpr std::size_t defer_depth = 32;
  /// Applies the updates defer() queued.
  void drain() noexcept;

  /// update() in three steps, for a caller with other work per packet whose flow events must
  /// come at once (not later, as with defer()): prepare() makes the packet's key and asks for
  /// its flow slot; fetch() reads the slot and asks for the record; update(p) counts the
  /// packet, as update() would. Other work between the steps hides the two dependent cache
  /// misses of a lookup in a table larger than the caches. prepare() takes the packets defer()
  /// takes and returns false, doing nothing, for the others: call update() for them.
  struct prepared_update;
  bool prepare(const decoded_packet& d, timestamp_ns ts, std::uint32_t wire_len,
               prepared_update& p) noexcept;
  void fetch(const prepared_update& p) noexcept;
  const flow_record* update(const prepared_update& p) noexcept;

  /// Finishes flows idle past their timeout at `now` (update() does this itself).
  void expire(timestamp_ns now) noexcept;
  /// Finishes every flow (end of input), oldest activity first.
  void flush() noexcept;

  /// Precondition: no update is queued by defer() (drain() applies them).
  [[nodiscard]] const flow_record* find(const flow_key& k) const noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return live_; }
  [[nodiscard]] std::size_t slot_count() const noexcept { return mask_ + 1; }
  [[nodiscard]] const flow_counters& counters() const noexcept { return counters_; }
  [[nodiscard]] const fragment_counters& fragment_stats() const noexcept {
    return frag_.counters();
  }
  [[nodiscard]] const flow_table_config& config() const noexcept { return cfg_; }

  /// What update() needs from one packet after decoding and reassembly (also usable directly,
  /// e.g. by benchmarks).
  struct observation {
    flow_endpoints ep;
    timestamp_ns ts = 0;
    timestamp_ns first_ts = 0; ///< of the first fragment when reassembled, else ts
    std::uint32_t packets = 1; ///< frames it stands for (fragments)
    std::uint64_t wire_bytes = 0, captured_bytes = 0, ip_bytes = 0;
    std::uint32_t payload_len = 0;
    std::uint32_t fragments = 0;
    bool outer = false; ///< a tunnelled packet seen through its outer headers (outer_flows)
    bool is_tcp = false;
    tcp_segment tcp{};
    bool is_icmp = false, icmp_echo = false;
    std::uint8_t icmp_type = 0, icmp_code = 0;
    layer_id application = layer_id::none;
  };
  const flow_record* observe(const observation& o) noexcept;
  /// A packet's observation and key, made ahead of its update (prepare(), defer()).
  struct prepared_update {
    observation obs;
    oriented_key key;
    std::uint64_t hash = 0;
  };

private:
  static constexpr std::uint32_t npos = 0xffffffffU;
  // Timeout classes, one LRU list each: tcp, udp, icmp, other, and TCP flows that are over.
  static constexpr std::size_t classes = 5;
  static constexpr std::uint8_t closed_tcp_class = 4;
  struct slot {
    std::uint32_t entry; // pool index + 1, 0 = empty
    std::uint32_t tag;   // low 32 bits of the key's hash (the home slot is tag & mask_)
  };
  struct link {
    std::uint32_t prev, next; // LRU list of its class, oldest first
    std::uint32_t tag;        // as in its slot
    std::uint8_t cls;
  };
  [[nodiscard]] std::uint64_t hash_of(const flow_key& k) const noexcept;
  /// Fills `o`, a default observation, from an IP packet's summary.
  void observe_ip(const decoded_packet& d, timestamp_ns ts, std::uint32_t wire_len,
                  observation& o) const noexcept;
  const flow_record* update_fragment(const decoded_packet& d, std::size_t ip, timestamp_ns ts,
                                     std::uint32_t wire_len) noexcept;
  const flow_record* update_inflated(const decoded_packet& d, timestamp_ns ts,
                                     std::uint32_t wire_len) noexcept;
  const flow_record* apply(const observation& o, const oriented_key& ok, std::uint64_t h) noexcept;
  void apply_oldest() noexcept; // of the defer() queue, which is not empty
  /// Whether update() may be split or deferred for `d`: IP, not to reassemble or inflate, not
  /// tunnelled (update() counts such a packet in more than one flow).
  [[nodiscard]] bool splittable(const decoded_packet& d) const noexcept;
  /// Makes `p` for a splittable packet and asks for its slot.
  void make_update(const decoded_packet& d, timestamp_ns ts, std::uint32_t wire_len,
                   prepared_update& p) const noexcept;
  /// The entry in `p`'s probe run whose slot tag matches (a hint: likely its flow), or npos.
  [[nodiscard]] std::uint32_t likely_entry(const prepared_update& p) const noexcept;
  void prefetch_link(std::uint32_t i) const noexcept; // no-op for npos
  void expire_idle(timestamp_ns now) noexcept;
  [[nodiscard]] std::uint32_t lookup(const flow_key& k, std::uint64_t h) const noexcept;
  std::uint32_t insert(const flow_key& k, std::uint64_t h, std::uint8_t cls) noexcept;
  /// Puts `s` in the first free slot from its home; returns the slots probed.
  std::uint64_t place(slot s) noexcept;
  /// Moves every slot into a new array of `slots` (a power of two).
  void resize_index(std::uint64_t slots) noexcept;
  void finish(std::uint32_t e, flow_end why) noexcept;
  void erase_slot(std::uint32_t e) noexcept;
  void lru_unlink(std::uint32_t e) noexcept;
  void lru_push(std::uint32_t e) noexcept;
  [[nodiscard]] timestamp_ns timeout_of(std::uint8_t cls) const noexcept;
  /// Moves a TCP flow whose packet just ended it to the closed class (its shorter timeout).
  void note_tcp_end(std::uint32_t i) noexcept;

  flow_table_config cfg_;
  bool close_early_ = false; // the closed class's timeout is shorter than the TCP one
  flow_sink* sink_;
  detail::table_memory pool_mem_; // max_flows records, constructed as first handed out
  flow_record* pool_ = nullptr;
  detail::zeroed_table<slot> index_; // zero (empty) until written
  static constexpr std::uint64_t initial_slots = 1U << 12;
  std::uint64_t max_slots_ = 0;
  detail::index_pool records_;       // of pool_
  detail::table_vector<link> links_; // per pool record; reserved to max_flows
  std::uint64_t mask_ = 0;
  std::array<std::uint32_t, classes> head_{}, tail_{};
  std::size_t live_ = 0;
  std::uint64_t next_id_ = 1;
  fragment_reassembler frag_;
  inflated_datagram inflater_;
  // a reassembled (update_fragment) or inflated (update_inflated) datagram, decoded
  decoded_packet datagram_;
  flow_counters counters_{};
  // No head of an LRU list can be idle past its timeout before this time (a lower bound,
  // recomputed by expire_idle() once passed; lowered whenever a list gets a new head).
  timestamp_ns next_expiry_ = 0;
  std::array<prepared_update, defer_depth> queue_{}; // a ring: queue_first_, then queue_size_
  std::size_t queue_first_ = 0, queue_size_ = 0;
  std::uint32_t fetched_ = 0; // what defer() loaded (unused: the loads are the point)
};

} // namespace pktscope
