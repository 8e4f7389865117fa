#pragma once
/// TCP connection tracking as Zeek's conn.log reports it: per-endpoint states, the 13 conn_state
/// values, the history string, plus handshake RTT, retransmissions, out-of-order segments, zero
/// windows and who closed first. Definitions follow Zeek's base/protocols/conn/main.zeek (the
/// conn_state() function and the Conn::Info documentation of `conn_state` and `history`) and
/// its TCP analyzer's endpoint state machine; docs/cli/flows.md lists where we differ.

#include <pktscope/core/bytes.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace pktscope {

/// Zeek's connection states (Conn::Info$conn_state).
enum class conn_state : std::uint8_t {
  s0,     ///< Connection attempt seen, no reply.
  s1,     ///< Connection established, not terminated.
  sf,     ///< Normal establishment and termination.
  rej,    ///< Connection attempt rejected.
  s2,     ///< Established, close attempt by originator seen (no reply from responder).
  s3,     ///< Established, close attempt by responder seen (no reply from originator).
  rsto,   ///< Established, originator aborted (sent a RST).
  rstr,   ///< Responder sent a RST.
  rstos0, ///< Originator sent a SYN followed by a RST, no SYN-ACK from the responder.
  rstrh,  ///< Responder sent a SYN ACK followed by a RST, no SYN from the originator.
  sh,     ///< Originator sent a SYN followed by a FIN, no SYN ACK from the responder.
  shr,    ///< Responder sent a SYN ACK followed by a FIN, no SYN from the originator.
  oth,    ///< No SYN seen, just midstream traffic.
};
inline constexpr std::size_t conn_state_count = 13;

/// "S0", "SF", "RSTOS0", ... as in conn.log.
[[nodiscard]] std::string_view conn_state_name(conn_state s) noexcept;
/// Inverse of conn_state_name (exact, upper case).
[[nodiscard]] std::optional<conn_state> parse_conn_state(std::string_view name) noexcept;

/// State of one TCP endpoint (Zeek's TCP_ENDPOINT_*).
enum class tcp_endpoint_state : std::uint8_t {
  inactive,     ///< nothing seen from it yet
  syn_sent,     ///< sent a SYN
  syn_ack_sent, ///< sent a SYN+ACK (as originator)
  partial,      ///< first seen midstream
  established,
  closed, ///< sent a FIN
  reset,  ///< sent a RST
};

/// The conn.log history string: at most `capacity` letters (later letters are dropped and
/// truncated() says so). Upper case = originator, lower case = responder.
class conn_history {
public:
  static constexpr std::size_t capacity = 40;

  /// Appends `code` unconditionally.
  void add(char code) noexcept;
  /// Zeek's CheckHistory: appends `code` only the first time `mask` is seen; returns whether
  /// `mask` had been seen before.
  bool check(std::uint32_t mask, char code) noexcept;
  /// Zeek's ScaledHistoryEntry with base 10: appends `code` on the 1st, 10th, 100th, ...
  /// occurrence counted in `counter`/`threshold` (threshold starts at 1).
  bool scaled(char code, std::uint32_t& counter, std::uint32_t& threshold) noexcept;

  [[nodiscard]] std::string_view str() const noexcept {
    return {letters_.data(), static_cast<std::size_t>(size_)};
  }
  [[nodiscard]] bool truncated() const noexcept { return truncated_; }

private:
  std::array<char, capacity> letters_{};
  std::uint8_t size_ = 0;
  bool truncated_ = false;
  std::uint32_t seen_ = 0;
};

/// What one TCP segment carries, as the tracker needs it.
struct tcp_segment {
  timestamp_ns ts = 0;
  std::uint16_t flags = 0; ///< tcp::flag bits
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint16_t window = 0;
  std::uint32_t payload_len = 0; ///< TCP payload octets (from the IP length, not the capture)
  bool bad_checksum = false;     ///< the segment failed checksum verification
};

/// One direction's sequence tracking. What every segment reads (states, sequence edges, the
/// number of holes, the gap edge that acknowledgements are checked against) comes first,
/// within 24 bytes: a segment's update then touches one or two cache lines of each endpoint,
/// not three.
struct tcp_endpoint {
  tcp_endpoint_state state = tcp_endpoint_state::inactive;
  tcp_endpoint_state prev_state = tcp_endpoint_state::inactive;
  bool seq_init = false;
  bool syn_seen = false;       ///< sent a SYN (its ISN is start_seq)
  std::uint8_t holes = 0;      ///< holes in use (hole_begin, hole_end below)
  std::uint32_t start_seq = 0; ///< ISN (or first seq - 1 midstream)
  std::uint32_t last_seq = 0;  ///< highest sequence number sent + 1 (Zeek's LastSeq)
  std::uint32_t ack_seq = 0;   ///< highest sequence number of it the peer acknowledged
  std::uint32_t gap_edge = 0;  ///< gaps are counted up to here already
  std::uint32_t fin_count = 0, rst_count = 0;
  std::uint32_t hist_last_syn = 0, hist_last_fin = 0, hist_last_rst = 0;
  // Scaled history counters ('t', 'w', 'g', 'c').
  std::uint32_t rxmt_count = 0, rxmt_thresh = 1;
  std::uint32_t win0_count = 0, win0_thresh = 1;
  std::uint32_t gap_count = 0, gap_thresh = 1;
  std::uint32_t chk_count = 0, chk_thresh = 1;

  // Holes below last_seq (data skipped ahead of), to tell out-of-order arrivals from
  // retransmissions.
  static constexpr std::size_t max_holes = 4;
  std::array<std::uint32_t, max_holes> hole_begin{}, hole_end{};

  // Reported figures.
  std::uint32_t retransmissions = 0; ///< segments with payload already seen
  std::uint32_t out_of_order = 0;    ///< segments filling a hole below the highest seq seen
  std::uint32_t zero_windows = 0;    ///< zero-window advertisements (Zeek's 'w' rule)
  std::uint64_t missed_bytes = 0;    ///< acknowledged by the peer but never seen (gaps)

  /// Zeek's TCP_Endpoint::Size(): payload octets from sequence numbers (SYN/FIN excluded);
  /// modulo 2^32 for longer connections.
  [[nodiscard]] std::uint64_t size() const noexcept;
};

/// Which side did something first.
enum class tcp_side : std::uint8_t { none, orig, resp };

/// Per-connection TCP tracker: feed each segment with its direction.
class tcp_connection {
public:
  /// The first segment of the connection came from the responder (SYN+ACK first, or a
  /// midstream segment from a likely server port): history starts with '^' as in Zeek.
  void mark_flipped() noexcept { history_.add('^'); }

  void update(const tcp_segment& s, bool is_orig) noexcept;

  [[nodiscard]] conn_state state() const noexcept;
  [[nodiscard]] std::string_view history() const noexcept { return history_.str(); }
  [[nodiscard]] const conn_history& history_letters() const noexcept { return history_; }
  [[nodiscard]] const tcp_endpoint& orig() const noexcept { return ep_[0]; }
  [[nodiscard]] const tcp_endpoint& resp() const noexcept { return ep_[1]; }
  /// Whether segment `s` (a SYN without ACK) from that side starts a new connection on this
  /// tuple: that side sent a SYN before with another ISN (tshark's rule for a new TCP stream),
  /// or it sent no SYN yet and the connection is over (FIN from both sides, or a RST).
  [[nodiscard]] bool is_reuse(const tcp_segment& s, bool is_orig) const noexcept;
  /// The connection is over: both sides sent a FIN, or either sent a RST (where Zeek starts
  /// its tcp_close_delay or tcp_reset_delay).
  [[nodiscard]] bool is_over() const noexcept;

  // Handshake timing: first SYN from the originator, first SYN+ACK from the responder after
  // it, first ACK from the originator after that (valid when the matching have_* is set).
  timestamp_ns syn_ts = 0, syn_ack_ts = 0, ack_ts = 0;
  bool have_syn = false, have_syn_ack = false, have_ack = false;
  /// Initial RTT: ACK time minus SYN time (what tshark calls tcp.analysis.initial_rtt), or
  /// -1 when the handshake was not seen whole.
  [[nodiscard]] timestamp_ns handshake_rtt() const noexcept {
    return have_ack ? elapsed(syn_ts, ack_ts) : -1;
  }
  tcp_side first_fin = tcp_side::none;
  tcp_side first_rst = tcp_side::none;

private:
  void update_state(tcp_endpoint& ep, tcp_endpoint& peer, const tcp_segment& s, bool is_orig,
                    std::int32_t delta_last) noexcept;
  std::array<tcp_endpoint, 2> ep_{};
  conn_history history_;
};

} // namespace pktscope
