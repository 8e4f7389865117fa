#include <pktscope/core/link_type.hpp>

namespace pktscope {

std::string_view link_type_name(link_type type) noexcept {
  // Names from the tcpdump.org link-type registry for the values pktscope decodes
  // or commonly meets in captures.
  switch (static_cast<std::uint16_t>(type)) {
  case 0: return "NULL";
  case 1: return "ETHERNET";
  case 3: return "AX25";
  case 6: return "IEEE802_5";
  case 7: return "ARCNET_BSD";
  case 8: return "SLIP";
  case 9: return "PPP";
  case 10: return "FDDI";
  case 12: return "RAW_BSD_DLT12";
  case 14: return "RAW_BSD_DLT14";
  case 50: return "PPP_HDLC";
  case 51: return "PPP_ETHER";
  case 100: return "ATM_RFC1483";
  case 101: return "RAW";
  case 104: return "C_HDLC";
  case 105: return "IEEE802_11";
  case 106: return "ATM_CLIP";
  case 107: return "FRELAY";
  case 108: return "LOOP";
  case 113: return "LINUX_SLL";
  case 114: return "LTALK";
  case 117: return "PFLOG";
  case 119: return "IEEE802_11_PRISM";
  case 122: return "IP_OVER_FC";
  case 123: return "SUNATM";
  case 127: return "IEEE802_11_RADIOTAP";
  case 129: return "ARCNET_LINUX";
  case 132: return "JUNIPER_ES";
  case 137: return "JUNIPER_ATM1";
  case 138: return "APPLE_IP_OVER_IEEE1394";
  case 140: return "MTP2";
  case 143: return "DOCSIS";
  case 147: return "USER0";
  case 148: return "USER1";
  case 149: return "USER2";
  case 160: return "USER13";
  case 163: return "IEEE802_11_AVS";
  case 164: return "JUNIPER_MONITOR";
  case 165: return "BACNET_MS_TP";
  case 166: return "PPP_PPPD";
  case 178: return "JUNIPER_ETHER";
  case 182: return "MFR";
  case 187: return "BLUETOOTH_HCI_H4";
  case 189: return "USB_LINUX";
  case 192: return "PPI";
  case 195: return "IEEE802_15_4_WITHFCS";
  case 201: return "BLUETOOTH_HCI_H4_WITH_PHDR";
  case 215: return "IEEE802_15_4_NONASK_PHY";
  case 220: return "USB_LINUX_MMAPPED";
  case 226: return "IPNET";
  case 227: return "CAN_SOCKETCAN";
  case 228: return "IPV4";
  case 229: return "IPV6";
  case 230: return "IEEE802_15_4_NOFCS";
  case 231: return "DBUS";
  case 235: return "DVB_CI";
  case 239: return "NFLOG";
  case 240: return "NETANALYZER";
  case 242: return "IPOIB";
  case 249: return "USBPCAP";
  case 251: return "BLUETOOTH_LE_LL";
  case 253: return "NETLINK";
  case 254: return "BLUETOOTH_LINUX_MONITOR";
  case 258: return "PKTAP";
  case 263: return "IPMI_HPM_2";
  case 271: return "VSOCK";
  case 274: return "ETHERNET_MPACKET";
  case 276: return "LINUX_SLL2";
  case 281: return "DSA_TAG_BRCM";
  case 282: return "DSA_TAG_BRCM_PREPEND";
  case 284: return "DSA_TAG_DSA";
  case 285: return "DSA_TAG_EDSA";
  default: return {};
  }
}

} // namespace pktscope
