#pragma once
/// The flows a tunnelled packet belongs to besides the flow of its innermost IP header: one
/// per IP header that carries a UDP or TCP header outside the innermost IP header (the outer
/// IP+UDP of a VXLAN, Geneve, MPLS-in-UDP or GTP-U packet; each level of nested tunnels).
/// tshark counts a packet in the conversation of every TCP/UDP header it holds, and Zeek logs
/// a tunnel's outer UDP connection in conn.log besides the inner ones; the flow table does the
/// same by observing each of these too. Tunnels without a transport header of their own
/// (GRE, IP-in-IP, MPLS over Ethernet) add no flow.
///
///   for (outer_flows outer(d, ts, wire_len); const auto* o = outer.next();) {
///     table.observe(*o);
///   }

#include <pktscope/analysis/flow_table.hpp>
#include <pktscope/decode/decoded_packet.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope {

class outer_flows {
public:
  /// `d` must outlive the walk; `ts` and `wire_len` are the packet's, as for
  /// flow_table::update. The walk looks at the transport headers in front of the innermost
  /// IP header.
  outer_flows(const decoded_packet& d, timestamp_ns ts, std::uint32_t wire_len) noexcept
      : outer_flows(d, ts, wire_len, d.ip_offset) {}
  /// The same, in front of the header at offset `end` of the frame instead (a fragmented IP
  /// header: what follows it is part of the fragment, not of the frame's own flows).
  outer_flows(const decoded_packet& d, timestamp_ns ts, std::uint32_t wire_len,
              std::uint32_t end) noexcept
      : d_(d), ts_(ts), wire_len_(wire_len), end_(end) {}

  /// The next outer flow's observation, outermost first (the whole frame counts in it: one
  /// packet, the wire and captured lengths, the outer IP and transport lengths); nullptr
  /// when none is left. The pointer is valid until the next call.
  [[nodiscard]] const flow_table::observation* next() noexcept;
  /// Where the IP header of the observation next() returned last starts in the frame.
  [[nodiscard]] std::uint32_t ip_offset() const noexcept { return ip_offset_; }

private:
  const decoded_packet& d_;
  timestamp_ns ts_;
  std::uint32_t wire_len_;
  std::uint32_t end_;  ///< transport headers from this offset on are not outer
  std::size_t at_ = 0; ///< the next layer to look at
  std::uint32_t ip_offset_ = 0;
  flow_table::observation o_;
};

} // namespace pktscope
