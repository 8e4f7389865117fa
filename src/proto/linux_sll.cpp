#include <pktscope/proto/linux_sll.hpp>

namespace pktscope::linux_sll {

std::string_view describe(packet_type t) noexcept {
  switch (t) {
  case packet_type::host: return "Unicast to us";
  case packet_type::broadcast: return "Broadcast";
  case packet_type::multicast: return "Multicast";
  case packet_type::otherhost: return "Unicast to another host";
  case packet_type::outgoing: return "Sent by us";
  case packet_type::loopback: return "Loopback";
  case packet_type::user: return "To user space";
  case packet_type::kernel: return "To kernel";
  }
  return {};
}

std::string_view describe(arphrd t) noexcept {
  switch (t) {
  case arphrd::netrom: return "NET/ROM";
  case arphrd::ether: return "Ethernet";
  case arphrd::eether: return "Experimental Ethernet";
  case arphrd::ax25: return "AX.25";
  case arphrd::ieee802: return "IEEE 802";
  case arphrd::arcnet: return "ARCNET";
  case arphrd::dlci: return "Frame Relay DLCI";
  case arphrd::atm: return "ATM";
  case arphrd::ieee1394: return "IEEE 1394";
  case arphrd::infiniband: return "InfiniBand";
  case arphrd::slip: return "SLIP";
  case arphrd::cslip: return "CSLIP";
  case arphrd::can: return "CAN";
  case arphrd::ppp: return "PPP";
  case arphrd::cisco_hdlc: return "Cisco HDLC";
  case arphrd::rawip: return "Raw IP";
  case arphrd::tunnel: return "IPIP tunnel";
  case arphrd::tunnel6: return "IPv6-in-IPv6 tunnel";
  case arphrd::frad: return "Frame Relay access device";
  case arphrd::loopback: return "Loopback";
  case arphrd::sit: return "SIT (IPv6-in-IPv4)";
  case arphrd::ipgre: return "GRE over IP";
  case arphrd::ieee802_tr: return "Token Ring";
  case arphrd::ieee80211: return "IEEE 802.11";
  case arphrd::ieee80211_prism: return "IEEE 802.11 + Prism header";
  case arphrd::ieee80211_radiotap: return "IEEE 802.11 + radiotap header";
  case arphrd::ieee802154: return "IEEE 802.15.4";
  case arphrd::ip6gre: return "GRE over IPv6";
  case arphrd::netlink: return "Netlink";
  case arphrd::sixlowpan: return "6LoWPAN";
  case arphrd::vsockmon: return "vsock monitor";
  case arphrd::none: return "No header";
  case arphrd::void_type: return "Void";
  }
  return {};
}

std::string_view describe(payload_kind k) noexcept {
  switch (k) {
  case payload_kind::ether_type: return "EtherType";
  case payload_kind::gre_protocol: return "GRE protocol type";
  case payload_kind::netlink: return "Netlink";
  case payload_kind::radiotap: return "Radiotap";
  case payload_kind::frame_relay: return "Frame Relay";
  case payload_kind::novell_802_3: return "Novell 802.3";
  case payload_kind::llc: return "802.2 LLC";
  case payload_kind::can: return "CAN";
  case payload_kind::canfd: return "CAN FD";
  case payload_kind::other: return "other";
  }
  return {};
}

} // namespace pktscope::linux_sll
