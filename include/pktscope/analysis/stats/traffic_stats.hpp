#pragma once
/// Every statistics accumulator behind `pktscope summary`, `timeline` and `top`, fed in one
/// pass: as the flow table's sink for flow events, and per packet add() right after
/// flow_table::update() of that packet (flows it opened are counted at its time; the flow it
/// returns tells which fragment completed a datagram).
///
///   pktscope::stats::traffic_stats st({});
///   pktscope::flow_table flows({}, &st);
///   for (...) {
///     decode(pkt.data, pkt.link, opt, d);
///     const pktscope::flow_record* f = flows.update(d, pkt.ts, pkt.original_len);
///     st.add(pkt, d, f);
///   }
///   flows.flush();
///   st.finish();
///
/// Bytes are frame lengths on the wire (packet::original_len), as tshark counts them. Nothing
/// is allocated per packet: every table is reserved at construction (about 60 MB with the
/// default capacities, most of it untouched address space until used).

#include <pktscope/analysis/flow_table.hpp>
#include <pktscope/analysis/stats/icmp_table.hpp>
#include <pktscope/analysis/stats/interval_series.hpp>
#include <pktscope/analysis/stats/protocol_hierarchy.hpp>
#include <pktscope/analysis/stats/size_distribution.hpp>
#include <pktscope/analysis/stats/talkers.hpp>
#include <pktscope/analysis/stats/tcp_flag_table.hpp>
#include <pktscope/analysis/stats/traffic_class.hpp>
#include <pktscope/analysis/tcp_state.hpp>
#include <pktscope/decode/anomaly.hpp>
#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/decode/ipcomp_payload.hpp>
#include <pktscope/io/packet.hpp>

#include <array>
#include <cstdint>

namespace pktscope::stats {

struct stats_config {
  series_config series{};
  talker_config talkers{};
  std::size_t hierarchy_nodes = 8192;
};

/// Flow outcomes, from the finished records.
struct flow_tally {
  std::uint64_t flows = 0; ///< records finished (parts of a flow: once)
  class_counts by_class{}; ///< by IP protocol
  std::array<std::uint64_t, conn_state_count> tcp_states{}; ///< TCP flows by conn_state
  std::uint64_t tcp_handshakes = 0;                         ///< TCP flows with a whole handshake
  timestamp_ns tcp_rtt_sum = 0;                             ///< sum of their handshake RTTs
  std::uint64_t tcp_retransmissions = 0, tcp_out_of_order = 0, tcp_zero_windows = 0;
};

class traffic_stats : public flow_sink {
public:
  explicit traffic_stats(const stats_config& cfg = {});

  /// Counts one packet: `d` is its decode (decode_options as the caller chose; the hierarchy
  /// is complete with stop_at::application). Decodes the datagram an ICMP error quotes, as
  /// tshark's hierarchy includes it. `flow`: what flow_table::update() returned for this
  /// packet (nullptr when no flow table is used); that table's sink must forward
  /// flow_opened/flow_finished to this object (the packets of a flow reach the talker tables
  /// when its record finishes).
  void add(const packet& pkt, const decoded_packet& d, const flow_record* flow = nullptr) noexcept;
  /// add() for a packet whose flow update the flow table deferred or split
  /// (flow_table::defer() or prepare() returned true): it is counted in a flow record.
  void add_deferred(const packet& pkt, const decoded_packet& d) noexcept;

  void flow_opened(const flow_record& r) override;
  void flow_finished(const flow_record& r) override;

  /// Closes the series and applies the talker counts still queued. Call after the flow
  /// table's flush(), before reading.
  void finish() noexcept;

  [[nodiscard]] const protocol_hierarchy& hierarchy() const noexcept { return phs_; }
  [[nodiscard]] const interval_series& series() const noexcept { return series_; }
  [[nodiscard]] size_distribution& sizes() noexcept { return sizes_; }
  [[nodiscard]] const size_distribution& sizes() const noexcept { return sizes_; }
  [[nodiscard]] const talker_table& talkers() const noexcept { return talkers_; }
  [[nodiscard]] const icmp_table& icmp() const noexcept { return icmp_; }
  [[nodiscard]] const tcp_flag_table& tcp_flags() const noexcept { return flags_; }
  [[nodiscard]] const anomaly_counts& anomalies() const noexcept { return anomalies_; }
  [[nodiscard]] const flow_tally& flows() const noexcept { return flows_; }
  /// Packets and bytes per class over the whole input.
  [[nodiscard]] const class_counts& class_packets() const noexcept { return class_packets_; }
  [[nodiscard]] const class_counts& class_bytes() const noexcept { return class_bytes_; }
  [[nodiscard]] std::uint64_t packets() const noexcept { return packets_; }
  [[nodiscard]] std::uint64_t bytes() const noexcept { return bytes_; }
  /// Frames whose decode stopped early (truncated or malformed layer, unknown link type).
  [[nodiscard]] std::uint64_t decode_stopped() const noexcept { return decode_stopped_; }

private:
  void count(const packet& pkt, const decoded_packet& d, bool in_record,
             std::uint8_t reassembled) noexcept;

  protocol_hierarchy phs_;
  interval_series series_;
  size_distribution sizes_;
  talker_table talkers_;
  icmp_table icmp_;
  tcp_flag_table flags_;
  anomaly_counts anomalies_;
  flow_tally flows_;
  class_counts class_packets_{}, class_bytes_{};
  std::uint64_t packets_ = 0, bytes_ = 0, decode_stopped_ = 0;
  inflated_datagram inflater_;
  decoded_packet inflated_{}; ///< the datagram an IPComp header compresses, for the hierarchy
  decoded_packet quoted_{};
};

} // namespace pktscope::stats
