// Walker step of the Network Service Header (RFC 8300), after EtherType 0x894f or a VXLAN-GPE
// header whose Next Protocol is 4.

#include "walker.hpp"

#include <pktscope/proto/nsh.hpp>

namespace pktscope::detail {

// The header's Length says where the packet starts; its Next Protocol names it. An Ethernet
// frame opens a tunnel (as an MPLS pseudowire does); an IP or MPLS packet is the one the
// service chain carries.
layer_id walker::nsh() noexcept {
  const auto r = nsh::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::nsh, r->header_length());
  off_ += r->header_length();
  switch (r->next()) {
  case nsh::next_protocol::ipv4: return layer_id::ipv4;
  case nsh::next_protocol::ipv6: return layer_id::ipv6;
  case nsh::next_protocol::mpls: return layer_id::mpls;
  case nsh::next_protocol::nsh: return layer_id::nsh;
  case nsh::next_protocol::ethernet:
    if (!opt_.follow_tunnels) {
      return layer_id::none;
    }
    enter_tunnel();
    return layer_id::ethernet;
  }
  return layer_id::none; // an unassigned or experimental protocol stays payload
}

} // namespace pktscope::detail
