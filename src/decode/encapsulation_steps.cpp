// Walker steps of the encapsulations whose header names the payload's protocol: GRE (with
// ERSPAN and Aruba's 802.11 frames), VXLAN and VXLAN-GPE, Geneve.

#include "walker.hpp"

#include <pktscope/core/endian.hpp>
#include <pktscope/decode/registry.hpp>
#include <pktscope/proto/erspan.hpp>
#include <pktscope/proto/geneve.hpp>
#include <pktscope/proto/gre.hpp>
#include <pktscope/proto/ieee80211.hpp>
#include <pktscope/proto/vxlan.hpp>

namespace pktscope::detail {

layer_id walker::gre() noexcept {
  const auto r = gre::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::gre, r->header_length());
  off_ += r->header_length();
  if (!opt_.follow_tunnels) {
    return layer_id::none;
  }
  // ERSPAN (no layer of its own): type I (0x88be without S) has no header, type II (0x88be
  // with S) and type III (0x22eb) one erspan::view measures; a mirrored Ethernet frame follows.
  const auto proto = static_cast<gre::protocol>(r->protocol_type());
  if (proto == gre::protocol::erspan_type2 || proto == gre::protocol::erspan_type3) {
    if (proto == gre::protocol::erspan_type3 || r->has_sequence()) {
      const auto e = erspan::view::parse(cur());
      if (!e) {
        return fail(e.error());
      }
      if (e->version() == erspan::version_type3 && e->ft() != 0) {
        off_ += e->header_length();
        return layer_id::none; // type III frame type other than Ethernet (0)
      }
      off_ += e->header_length();
    }
    enter_tunnel();
    return layer_id::ethernet;
  }
  // Aruba WLAN (0x8200): an 802.11 frame without FCS; an unprotected data frame carrying one
  // MSDU continues with its LLC header (as tshark dissects it). Anything else stays payload.
  if (r->protocol_type() == ieee80211::gre_aruba_wlan) {
    const auto w = ieee80211::data_view::parse(cur());
    if (!w || !w->carries_llc()) {
      return layer_id::none;
    }
    off_ += w->header_length();
    enter_tunnel();
    return layer_id::llc;
  }
  // WCCP redirection: the redirect header precedes the IPv4 packet, except from routers that
  // leave it out (WCCPv1 and some v2), told apart as tshark does by a version nibble 4 at the
  // start.
  if (proto == gre::protocol::wccp) {
    if (ip_by_version() != layer_id::ipv4) {
      if (end_ - off_ < gre::wccp_redirect_header_len) {
        return layer_id::none;
      }
      off_ += gre::wccp_redirect_header_len;
    }
    const layer_id inner = ip_by_version();
    if (inner != layer_id::none) {
      enter_tunnel();
    }
    return inner;
  }
  // Protocol type is an EtherType (RFC 2784 §2.4): IP, Transparent Ethernet Bridging (0x6558),
  // MPLS, PPP (PPTP, RFC 2637); behind Cisco MetaData, the EtherType its header names.
  std::uint16_t type = r->protocol_type();
  if (proto == gre::protocol::cisco_metadata) {
    if (cur().size() < gre::cisco_metadata_header_len) {
      return layer_id::none;
    }
    type = load_be16(cur(), 0);
    off_ += gre::cisco_metadata_header_len;
  }
  const layer_id next = registry::by_ether_type(type);
  if (next != layer_id::none) {
    enter_tunnel();
  }
  return next;
}

layer_id walker::vxlan() noexcept {
  const auto r = vxlan::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::vxlan, vxlan::header_len);
  off_ += vxlan::header_len;
  const bool gpe = out_.src_port == vxlan::gpe_udp_port || out_.dst_port == vxlan::gpe_udp_port;
  if (!gpe || !r->p_flag()) {
    enter_tunnel();
    return layer_id::ethernet; // RFC 7348 §5: the payload is an Ethernet frame
  }
  layer_id next = layer_id::none; // unknown protocols stay payload
  switch (r->next_protocol()) {
  case vxlan::gpe_protocol::ipv4: next = layer_id::ipv4; break;
  case vxlan::gpe_protocol::ipv6: next = layer_id::ipv6; break;
  case vxlan::gpe_protocol::ethernet: next = layer_id::ethernet; break;
  case vxlan::gpe_protocol::mpls: next = layer_id::mpls; break;
  case vxlan::gpe_protocol::nsh: next = layer_id::nsh; break;
  }
  if (next != layer_id::none) {
    enter_tunnel();
  }
  return next;
}

layer_id walker::geneve() noexcept {
  const auto r = geneve::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::geneve, r->header_length());
  off_ += r->header_length();
  // RFC 8926 §3.4: Protocol Type is an EtherType (0x6558 Ethernet, or IP directly).
  const layer_id next = registry::by_ether_type(r->protocol_type());
  if (next != layer_id::none) {
    enter_tunnel();
  }
  return next;
}

} // namespace pktscope::detail
