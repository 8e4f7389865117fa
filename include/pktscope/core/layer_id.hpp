#pragma once
/// Identifiers of every layer pktscope knows, used in errors, decoded layer
/// lists and the dispatch registry. Adding a protocol adds one name here.

#include <cstdint>
#include <string_view>

namespace pktscope {

enum class layer_id : std::uint8_t {
  none = 0,
  // capture containers
  pcap,
  pcapng,
  // link layers
  ethernet,
  llc,
  vlan,
  mpls,
  pppoe,
  ppp,
  linux_sll,
  linux_sll2,
  null_loopback,
  arp,
  macsec,
  // network layers
  ipv4,
  ipv6,
  ipv6_hop_by_hop,
  ipv6_routing,
  ipv6_fragment,
  ipv6_destination,
  ah,
  esp,
  ipcomp,
  icmp,
  icmpv6,
  pim,
  // tunnels
  gre,
  vxlan,
  geneve,
  teredo,
  ayiya,
  l2tp,
  lisp,         ///< LISP data plane (tshark: lisp-data)
  lisp_control, ///< LISP control messages (tshark: lisp)
  nsh,
  openflow, ///< OpenFlow 1.3 (tshark: openflow_v4)
  // transport
  tcp,
  udp,
  sctp,
  // applications
  dns,
  dhcp,
  ntp,
  http,
  tls,
  payload,
};

/// Short lowercase name as tshark's protocol filter names it ("ipv6", "tcp").
std::string_view layer_name(layer_id id) noexcept;

} // namespace pktscope
