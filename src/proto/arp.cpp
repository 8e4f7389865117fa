#include <pktscope/proto/arp.hpp>

namespace pktscope::arp {

std::string_view describe(hardware_type t) noexcept {
  switch (t) {
  case hardware_type::ethernet: return "Ethernet";
  case hardware_type::experimental_ethernet: return "Experimental Ethernet";
  case hardware_type::ax25: return "AX.25";
  case hardware_type::ieee802: return "IEEE 802 Networks";
  case hardware_type::arcnet: return "ARCNET";
  case hardware_type::frame_relay: return "Frame Relay";
  case hardware_type::atm_16: return "ATM";
  case hardware_type::hdlc: return "HDLC";
  case hardware_type::fibre_channel: return "Fibre Channel";
  case hardware_type::atm: return "ATM";
  case hardware_type::serial_line: return "Serial Line";
  case hardware_type::ieee1394: return "IEEE 1394.1995";
  case hardware_type::infiniband: return "InfiniBand";
  }
  return {};
}

std::string_view describe(operation op) noexcept {
  switch (op) {
  case operation::request: return "request";
  case operation::reply: return "reply";
  case operation::rarp_request: return "reverse request";
  case operation::rarp_reply: return "reverse reply";
  case operation::drarp_request: return "DRARP request";
  case operation::drarp_reply: return "DRARP reply";
  case operation::drarp_error: return "DRARP error";
  case operation::inarp_request: return "InARP request";
  case operation::inarp_reply: return "InARP reply";
  case operation::arp_nak: return "ARP NAK";
  }
  return {};
}

} // namespace pktscope::arp
