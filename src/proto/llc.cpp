#include <pktscope/proto/llc.hpp>

namespace pktscope::llc {

std::string_view describe(sap s) noexcept {
  switch (s) {
  case sap::null: return "NULL LSAP";
  case sap::llc_management: return "LLC sublayer management";
  case sap::sna_path_control: return "SNA path control";
  case sap::ip: return "TCP/IP";
  case sap::proway: return "PROWAY network management";
  case sap::stp: return "Spanning tree BPDU";
  case sap::x25: return "ISO 8208 (X.25 PLP)";
  case sap::snap: return "SNAP";
  case sap::ipx: return "NetWare";
  case sap::netbios: return "NetBIOS";
  case sap::lan_manager: return "LAN management";
  case sap::iso_network: return "ISO network layer";
  case sap::global: return "Global LSAP";
  }
  return {};
}

} // namespace pktscope::llc
