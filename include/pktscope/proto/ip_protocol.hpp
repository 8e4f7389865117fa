#pragma once
/// IP protocol numbers: the IPv4 Protocol field and the IPv6 Next Header field share one
/// registry (IANA "Assigned Internet Protocol Numbers", RFC 5237 / RFC 7045).

#include <cstdint>
#include <string_view>

namespace pktscope {

/// Value of IPv4 Protocol / IPv6 Next Header. Unlisted values stay valid (the enum is the
/// number); names are given for those pktscope dissects or that commonly appear in traffic.
enum class ip_protocol : std::uint8_t {
  hopopt = 0, ///< IPv6 Hop-by-Hop Options (RFC 8200)
  icmp = 1,
  igmp = 2,
  ggp = 3,
  ipv4 = 4, ///< IPv4 encapsulation (IP-in-IP, RFC 2003)
  st = 5,
  tcp = 6,
  egp = 8,
  igp = 9,
  udp = 17,
  dccp = 33,
  ipv6 = 41,     ///< IPv6 encapsulation (RFC 2473)
  routing = 43,  ///< IPv6 Routing Header
  fragment = 44, ///< IPv6 Fragment Header
  rsvp = 46,
  gre = 47,
  esp = 50, ///< RFC 4303
  ah = 51,  ///< RFC 4302
  icmpv6 = 58,
  no_next = 59, ///< IPv6 No Next Header
  dstopts = 60, ///< IPv6 Destination Options
  eigrp = 88,
  ospf = 89,
  ipip = 94,
  etherip = 97,
  encap = 98,
  pim = 103,
  ipcomp = 108,
  vrrp = 112,
  pgm = 113,
  l2tp = 115,
  sctp = 132,
  mobility = 135, ///< Mobility Header (RFC 6275)
  udplite = 136,
  mpls_in_ip = 137,
  manet = 138,
  hip = 139,
  shim6 = 140,
  wesp = 141,
  rohc = 142,
  ethernet = 143,
  aggfrag = 144,
  nsh = 145,
  homa = 146,
  experiment1 = 253, ///< RFC 3692-style experimentation
  experiment2 = 254,
  reserved = 255,
};

/// The IANA keyword of `p` ("TCP", "IPv6-ICMP", "IPv6-Frag"), "Unassigned" for unassigned
/// numbers. Static text.
[[nodiscard]] std::string_view describe(ip_protocol p) noexcept;

/// True for the values RFC 7045 §4 lists as IPv6 extension headers (Hop-by-Hop, Routing,
/// Fragment, ESP, AH, Destination Options, Mobility, HIP, Shim6, 253, 254).
[[nodiscard]] constexpr bool is_ipv6_extension_header(ip_protocol p) noexcept {
  switch (p) {
  case ip_protocol::hopopt:
  case ip_protocol::routing:
  case ip_protocol::fragment:
  case ip_protocol::esp:
  case ip_protocol::ah:
  case ip_protocol::dstopts:
  case ip_protocol::mobility:
  case ip_protocol::hip:
  case ip_protocol::shim6:
  case ip_protocol::experiment1:
  case ip_protocol::experiment2: return true;
  default: return false;
  }
}

} // namespace pktscope
