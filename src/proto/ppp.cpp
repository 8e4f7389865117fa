#include <pktscope/proto/ppp.hpp>

namespace pktscope::ppp {

std::string_view describe(protocol p) noexcept {
  switch (p) {
  case protocol::padding: return "Padding Protocol";
  case protocol::ipv4: return "Internet Protocol version 4";
  case protocol::osi: return "OSI Network Layer";
  case protocol::appletalk: return "AppleTalk";
  case protocol::ipx: return "Novell IPX";
  case protocol::vj_compressed_tcp: return "Van Jacobson Compressed TCP/IP";
  case protocol::vj_uncompressed_tcp: return "Van Jacobson Uncompressed TCP/IP";
  case protocol::bridging: return "Bridging PDU";
  case protocol::multilink: return "Multi-Link";
  case protocol::ipv6: return "Internet Protocol version 6";
  case protocol::mpls_unicast: return "MPLS Unicast";
  case protocol::mpls_multicast: return "MPLS Multicast";
  case protocol::ipcp: return "Internet Protocol Control Protocol";
  case protocol::osinlcp: return "OSI Network Layer Control Protocol";
  case protocol::ipxcp: return "Novell IPX Control Protocol";
  case protocol::bcp: return "Bridging Control Protocol";
  case protocol::ipv6cp: return "IPv6 Control Protocol";
  case protocol::mplscp: return "MPLS Control Protocol";
  case protocol::ccp: return "Compression Control Protocol";
  case protocol::lcp: return "Link Control Protocol";
  case protocol::pap: return "Password Authentication Protocol";
  case protocol::lqr: return "Link Quality Report";
  case protocol::chap: return "Challenge Handshake Authentication Protocol";
  case protocol::eap: return "Extensible Authentication Protocol";
  }
  return {};
}

} // namespace pktscope::ppp
