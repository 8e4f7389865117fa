#include <pktscope/core/layer_id.hpp>

namespace pktscope {

std::string_view layer_name(layer_id id) noexcept {
  switch (id) {
  case layer_id::none: return "none";
  case layer_id::pcap: return "pcap";
  case layer_id::pcapng: return "pcapng";
  case layer_id::ethernet: return "eth";
  case layer_id::llc: return "llc";
  case layer_id::vlan: return "vlan";
  case layer_id::mpls: return "mpls";
  case layer_id::pppoe: return "pppoes";
  case layer_id::ppp: return "ppp";
  case layer_id::linux_sll: return "sll";
  case layer_id::linux_sll2: return "sll2";
  case layer_id::null_loopback: return "null";
  case layer_id::arp: return "arp";
  case layer_id::macsec: return "macsec";
  case layer_id::ipv4: return "ip";
  case layer_id::ipv6: return "ipv6";
  case layer_id::ipv6_hop_by_hop: return "ipv6.hopopts";
  case layer_id::ipv6_routing: return "ipv6.routing";
  case layer_id::ipv6_fragment: return "ipv6.fraghdr";
  case layer_id::ipv6_destination: return "ipv6.dstopts";
  case layer_id::ah: return "ah";
  case layer_id::esp: return "esp";
  case layer_id::ipcomp: return "ipcomp";
  case layer_id::icmp: return "icmp";
  case layer_id::icmpv6: return "icmpv6";
  case layer_id::pim: return "pim";
  case layer_id::gre: return "gre";
  case layer_id::vxlan: return "vxlan";
  case layer_id::geneve: return "geneve";
  case layer_id::teredo: return "teredo";
  case layer_id::ayiya: return "ayiya";
  case layer_id::l2tp: return "l2tp";
  case layer_id::lisp: return "lisp-data";
  case layer_id::lisp_control: return "lisp";
  case layer_id::nsh: return "nsh";
  case layer_id::openflow: return "openflow_v4";
  case layer_id::tcp: return "tcp";
  case layer_id::udp: return "udp";
  case layer_id::sctp: return "sctp";
  case layer_id::dns: return "dns";
  case layer_id::dhcp: return "dhcp";
  case layer_id::ntp: return "ntp";
  case layer_id::http: return "http";
  case layer_id::tls: return "tls";
  case layer_id::payload: return "data";
  }
  return "unknown";
}

} // namespace pktscope
