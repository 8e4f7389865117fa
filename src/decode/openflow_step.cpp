// Walker step of OpenFlow 1.3 on the TCP ports the registry names (tcp_tunnel_ports): the
// message header is a layer, and the frame a Packet-In or Packet-Out carries is an Ethernet
// frame, entered as a tunnel (as tshark dissects it, without FCS).

#include "walker.hpp"

#include <pktscope/decode/registry.hpp>
#include <pktscope/proto/openflow.hpp>

namespace pktscope::detail {

// One segment at a time and without state: only a message that starts the segment and ends in
// it is read, and only the first of several. A message spanning segments needs reassembly
// (tshark shows it in the segment that completes it). Other versions, and bytes that are no
// whole message, stay payload for the application probes.
layer_id walker::openflow() noexcept {
  const auto m = openflow::view::parse(cur());
  if (!m || m->version() != openflow::version_1_3) {
    return opt_.deepest == stop_at::application
               ? registry::probe_tcp(out_.src_port, out_.dst_port, cur())
               : layer_id::none;
  }
  push(layer_id::openflow, m->length());
  std::size_t data_offset = 0;
  switch (m->type()) {
  case openflow::message_type::packet_in: {
    const auto p = openflow::packet_in_view::parse(*m);
    if (!p) {
      return fail_application(p.error());
    }
    data_offset = p->data_offset();
    break;
  }
  case openflow::message_type::packet_out: {
    const auto p = openflow::packet_out_view::parse(*m);
    if (!p) {
      return fail_application(p.error());
    }
    data_offset = p->data_offset();
    break;
  }
  default: return layer_id::none; // a message that carries no frame
  }
  if (data_offset == m->length()) {
    return layer_id::none; // the frame is in the switch's buffer (buffer_id), not here
  }
  end_ = off_ + m->length();
  off_ += data_offset;
  enter_tunnel();
  return layer_id::ethernet;
}

} // namespace pktscope::detail
