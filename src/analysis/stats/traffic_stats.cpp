#include <pktscope/analysis/stats/traffic_stats.hpp>

#include <pktscope/analysis/flow_record.hpp>
#include <pktscope/analysis/fragment_reassembler.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/proto/icmp.hpp>
#include <pktscope/proto/icmpv6.hpp>
#include <pktscope/proto/ip_protocol.hpp>

#include <limits>

namespace pktscope::stats {

traffic_stats::traffic_stats(const stats_config& cfg)
    : phs_(cfg.hierarchy_nodes), series_(cfg.series), talkers_(cfg.talkers) {}

namespace {
/// The datagram an ICMP/ICMPv6 error in `d` quotes (empty when it is no error).
bytes quoted_datagram(const decoded_packet& d) noexcept {
  if (d.size() == 0) {
    return {};
  }
  const layer& last = d.layers[d.layer_count - 1U];
  if (last.id == layer_id::icmp) {
    if (const auto v = d.view_of<icmp::view>(last)) {
      return v->original_datagram();
    }
  } else if (last.id == layer_id::icmpv6) {
    if (const auto v = d.view_of<icmpv6::view>(last)) {
      return v->original_packet();
    }
  }
  return {};
}
} // namespace

void traffic_stats::add(const packet& pkt, const decoded_packet& d,
                        const flow_record* flow) noexcept {
  // A packet counted in a flow record reaches the talker tables with the record
  // (flow_finished): one lookup per flow, not per packet. Counted here: packets without a
  // flow, and fragments (the record keeps the frames it reassembled apart; without
  // reassembly a fragment is an ordinary packet of its flow). The first fragment of a
  // tunnel's outer datagram is one too, though its innermost IP header is whole.
  const bool fragment =
      d.is_fragment || (d.tunnel_depth != 0 && fragment_reassembler::fragmented_ip(d) != d.size());
  const bool in_record =
      flow != nullptr && !(fragment && flow->dir[0].fragments + flow->dir[1].fragments != 0);
  // A fragment for which the flow table returned a flow completed its datagram.
  const std::uint8_t reassembled = d.is_fragment && flow != nullptr ? flow->key.ip_protocol : 0;
  count(pkt, d, in_record, reassembled);
}

void traffic_stats::add_deferred(const packet& pkt, const decoded_packet& d) noexcept {
  count(pkt, d, true, 0);
}

void traffic_stats::count(const packet& pkt, const decoded_packet& d, bool in_record,
                          std::uint8_t reassembled) noexcept {
  const std::uint32_t len = pkt.original_len;
  ++packets_;
  bytes_ += len;
  const traffic_class cls = classify(d);
  class_packets_[index(cls)] += 1;
  class_bytes_[index(cls)] += len;
  series_.add(pkt.ts, cls, len);
  sizes_.add(len);
  if (!in_record) {
    talkers_.add_packet(d, len);
  }
  icmp_.add(d, len);
  flags_.add(d);
  anomalies_.add(d.anomalies);
  if (d.stopped) {
    ++decode_stopped_;
  }
  // tshark inflates an IPComp payload and dissects the datagram inside (the flow table counts
  // its flows, inflating it too), and it dissects the datagram an ICMP error in the innermost
  // of them quotes with the IP dissector: their layers are part of the frame's hierarchy path.
  const decoded_packet* inflated = nullptr;
  if (d.ip_protocol == static_cast<std::uint8_t>(ip_protocol::ipcomp) &&
      inflater_.decode(d, decode_options{}, inflated_)) {
    inflated = &inflated_;
  }
  const pktscope::bytes quoted = quoted_datagram(inflated != nullptr ? *inflated : d);
  const decoded_packet* q = nullptr;
  if (!quoted.empty()) {
    decode_options qopt;
    qopt.follow_tunnels = false;
    (void)decode(quoted, link_type::raw, qopt, quoted_); // lax: whatever decoded counts
    q = &quoted_;
  }
  phs_.add(d, q, len, reassembled, inflated);
}

void traffic_stats::flow_opened(const flow_record& r) {
  // Counted at the time of the packet that opened it (last_ts, see flow_sink).
  series_.add_new_flow(r.last_ts, class_of_ip_protocol(r.key.ip_protocol));
}

void traffic_stats::flow_finished(const flow_record& r) {
  talkers_.add_flow_traffic(r);
  if (r.part != 0) {
    return; // a later part of a flow split by the active timeout
  }
  flows_.flows += 1;
  flows_.by_class[index(class_of_ip_protocol(r.key.ip_protocol))] += 1;
  if (r.key.ip_protocol != 6) {
    return;
  }
  flows_.tcp_states[static_cast<std::size_t>(r.state())] += 1;
  if (const timestamp_ns rtt = r.tcp.handshake_rtt(); rtt >= 0) {
    flows_.tcp_handshakes += 1;
    // Saturates: a damaged capture's timestamps can make RTTs of centuries.
    if (__builtin_add_overflow(flows_.tcp_rtt_sum, rtt, &flows_.tcp_rtt_sum)) {
      flows_.tcp_rtt_sum = std::numeric_limits<timestamp_ns>::max();
    }
  }
  for (const tcp_endpoint& ep : {r.tcp.orig(), r.tcp.resp()}) {
    flows_.tcp_retransmissions += ep.retransmissions;
    flows_.tcp_out_of_order += ep.out_of_order;
    flows_.tcp_zero_windows += ep.zero_windows;
  }
}

void traffic_stats::finish() noexcept {
  talkers_.drain();
  series_.finish();
}

} // namespace pktscope::stats
