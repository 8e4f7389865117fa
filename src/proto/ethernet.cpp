#include <pktscope/proto/ethernet.hpp>

namespace pktscope {

std::string_view describe(ether_type type) noexcept {
  switch (type) {
  case ether_type::ipv4: return "IPv4";
  case ether_type::arp: return "ARP";
  case ether_type::wake_on_lan: return "Wake on LAN";
  case ether_type::trill: return "TRILL";
  case ether_type::erspan_type3: return "ERSPAN type III";
  case ether_type::transparent_ethernet_bridging: return "Transparent Ethernet bridging";
  case ether_type::rarp: return "RARP";
  case ether_type::appletalk: return "AppleTalk";
  case ether_type::aarp: return "AppleTalk ARP";
  case ether_type::vlan: return "802.1Q Virtual LAN";
  case ether_type::ipx: return "IPX";
  case ether_type::ipv6: return "IPv6";
  case ether_type::ethernet_flow_control: return "Ethernet flow control";
  case ether_type::slow_protocols: return "Slow protocols";
  case ether_type::mpls_unicast: return "MPLS label switched packet";
  case ether_type::mpls_multicast: return "MPLS multicast label switched packet";
  case ether_type::pppoe_discovery: return "PPPoE discovery";
  case ether_type::pppoe_session: return "PPPoE session";
  case ether_type::eapol: return "802.1X authentication";
  case ether_type::profinet: return "PROFINET";
  case ether_type::ata_over_ethernet: return "ATA over Ethernet";
  case ether_type::ethercat: return "EtherCAT";
  case ether_type::qinq: return "802.1ad provider bridge (Q-in-Q)";
  case ether_type::erspan_type2: return "ERSPAN type II";
  case ether_type::lldp: return "LLDP";
  case ether_type::macsec: return "802.1AE (MACsec)";
  case ether_type::pbb: return "802.1ah provider backbone bridge";
  case ether_type::ptp: return "PTPv2 over Ethernet";
  case ether_type::prp: return "PRP";
  case ether_type::cfm: return "802.1ag connectivity fault management";
  case ether_type::fcoe: return "Fibre Channel over Ethernet";
  case ether_type::fcoe_initialization: return "FCoE initialization";
  case ether_type::roce: return "RDMA over converged Ethernet";
  case ether_type::hsr: return "HSR";
  case ether_type::nsh: return "Network service header";
  case ether_type::loopback: return "Configuration test protocol (loopback)";
  case ether_type::qinq_old: return "QinQ (old)";
  }
  return {};
}

} // namespace pktscope
