#pragma once
/// Which segments of a DNS-over-TCP stream start a message (RFC 1035 §4.2.2, RFC 7766 §8: each
/// message follows its length as two octets), decided per packet the way tshark decides it
/// without TCP reassembly (its sequence analysis and PDU tracking, both on by default):
/// - a segment that starts before the highest sequence number already seen in its direction
///   is a retransmission or arrived out of order (tcp.analysis.retransmission,
///   .out_of_order): its data was seen, or belongs before data that was, so it is not read
///   as the start of a message (tcp.no_subdissector_on_error);
/// - a segment that lies inside a message an earlier segment announced is its continuation
///   ("[Continuation to #n]"); one in which such a message ends has the next message where
///   that one ends;
/// - any other segment with data starts with a message.
/// A single decoded packet cannot tell these apart: its first two octets always make some
/// length. State is kept per direction (addresses and ports) in a table allocated once.

#include <pktscope/analysis/flow_key.hpp>
#include <pktscope/analysis/table_memory.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope {

struct decoded_packet;

/// What a TCP segment of a DNS stream holds.
struct dns_tcp_segment {
  enum class role : std::uint8_t {
    message,        ///< a message starts `message_offset` octets into the TCP payload
    continuation,   ///< inside a message an earlier segment started
    retransmission, ///< starts before data already seen in its direction (or out of order)
  };
  role kind = role::message;
  std::uint32_t message_offset = 0;
};

class dns_tcp_segments {
public:
  /// Room for `capacity` stream directions (rounded up to a power of two, at least one set
  /// of `ways`), allocated here, once. When a set is full, a new direction takes the place of
  /// the one used longest ago, whose next segment is then taken for the start of a message.
  explicit dns_tcp_segments(std::size_t capacity = 4096);

  /// Classifies the TCP segment `d` summarises (d.transport is tcp, its payload is DNS by
  /// port) and records it: sequence number, payload length and SYN/FIN from the summary,
  /// length prefixes from the captured payload. Segments must come in capture order.
  [[nodiscard]] dns_tcp_segment add(const decoded_packet& d) noexcept;

  /// Forgets every stream (a new capture).
  void clear() noexcept;

private:
  static constexpr std::size_t ways = 4;
  struct direction {
    flow_key key; ///< unnormalised: endpoint a is the sender
    std::uint64_t last_use = 0;
    std::uint32_t next_seq = 0;    ///< highest sequence number seen + 1
    std::uint32_t message_seq = 0; ///< the segment that announced the open message
    std::uint32_t message_end = 0; ///< where the message it announced ends
    bool used = false;
    bool has_message = false;
  };
  direction& find(const flow_key& k) noexcept;
  /// Empties `d` for the stream direction `k`, last used at `use`.
  static void restart(direction& d, flow_key k, std::uint64_t use) noexcept;

  detail::table_vector<direction> slots_;
  std::size_t set_mask_ = 0;
  std::uint64_t clock_ = 0;
};

} // namespace pktscope
