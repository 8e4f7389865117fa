#pragma once
/// Next-protocol dispatch (STYLE §2): the only place that knows which layer follows which key.
/// Dense constexpr tables keyed by link type, EtherType, IP protocol, PPP protocol, BSD address
/// family and well-known ports, plus heuristic payload probes. Protocol views never include
/// their successors; the decoder asks here. All lookups are constexpr/noexcept and allocation
/// free; an unknown key maps to layer_id::none.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/layer_id.hpp>
#include <pktscope/core/link_type.hpp>
#include <pktscope/decode/decoded_packet.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

namespace pktscope::registry {

/// What a layer is, for decode_options::deepest and the transport/tunnel bookkeeping.
/// `other` covers container ids (pcap, pcapng) and none.
enum class layer_class : std::uint8_t { link, network, transport, application, other };

namespace detail {
struct key16 {
  std::uint16_t key;
  layer_id id;
};

inline constexpr std::size_t layer_id_count = static_cast<std::size_t>(layer_id::payload) + 1;

inline constexpr std::array<layer_class, layer_id_count> classes = [] {
  std::array<layer_class, layer_id_count> t{};
  for (auto& c : t) {
    c = layer_class::other;
  }
  const auto set = [&t](layer_id id, layer_class c) { t[static_cast<std::size_t>(id)] = c; };
  for (const layer_id id :
       {layer_id::ethernet, layer_id::llc, layer_id::vlan, layer_id::mpls, layer_id::pppoe,
        layer_id::ppp, layer_id::linux_sll, layer_id::linux_sll2, layer_id::null_loopback,
        layer_id::arp, layer_id::macsec, layer_id::nsh}) {
    set(id, layer_class::link);
  }
  for (const layer_id id :
       {layer_id::ipv4, layer_id::ipv6, layer_id::ipv6_hop_by_hop, layer_id::ipv6_routing,
        layer_id::ipv6_fragment, layer_id::ipv6_destination, layer_id::ah, layer_id::esp,
        layer_id::ipcomp, layer_id::gre}) {
    set(id, layer_class::network);
  }
  for (const layer_id id :
       {layer_id::tcp, layer_id::udp, layer_id::sctp, layer_id::icmp, layer_id::icmpv6,
        layer_id::pim, layer_id::vxlan, layer_id::geneve, layer_id::teredo, layer_id::ayiya,
        layer_id::l2tp, layer_id::lisp, layer_id::lisp_control, layer_id::openflow}) {
    set(id, layer_class::transport);
  }
  for (const layer_id id :
       {layer_id::dns, layer_id::dhcp, layer_id::ntp, layer_id::http, layer_id::tls}) {
    set(id, layer_class::application);
  }
  return t;
}();

/// IANA "Assigned Internet Protocol Numbers" (IPv4 Protocol / IPv6 Next Header).
inline constexpr std::array<layer_id, 256> by_ip_protocol = [] {
  std::array<layer_id, 256> t{};
  t[0] = layer_id::ipv6_hop_by_hop;   // RFC 8200 §4.3 (only valid right after the IPv6 header)
  t[1] = layer_id::icmp;              // RFC 792
  t[4] = layer_id::ipv4;              // IP-in-IP, RFC 2003
  t[6] = layer_id::tcp;               // RFC 9293
  t[17] = layer_id::udp;              // RFC 768
  t[41] = layer_id::ipv6;             // RFC 2473 / RFC 4213
  t[43] = layer_id::ipv6_routing;     // RFC 8200 §4.4
  t[44] = layer_id::ipv6_fragment;    // RFC 8200 §4.5
  t[47] = layer_id::gre;              // RFC 2784
  t[50] = layer_id::esp;              // RFC 4303
  t[51] = layer_id::ah;               // RFC 4302
  t[58] = layer_id::icmpv6;           // RFC 4443
  t[60] = layer_id::ipv6_destination; // RFC 8200 §4.6
  t[103] = layer_id::pim;             // RFC 7761 (Register messages carry a packet)
  t[108] = layer_id::ipcomp;          // RFC 3173
  t[132] = layer_id::sctp;            // RFC 9260
  t[137] = layer_id::mpls;            // MPLS-in-IP, RFC 4023
  t[143] = layer_id::ethernet;        // Ethernet, RFC 8986 §10.1 (SRv6 End.DX2)
  return t;
}();

/// IEEE "EtherType" registry, most frequent first (linear scan of a few cache-resident words).
inline constexpr std::array<key16, 15> by_ether_type = {{
    {0x0800, layer_id::ipv4},
    {0x86dd, layer_id::ipv6},
    {0x8100, layer_id::vlan},     // IEEE 802.1Q C-tag
    {0x0806, layer_id::arp},      // RFC 826
    {0x88a8, layer_id::vlan},     // IEEE 802.1ad S-tag
    {0x9100, layer_id::vlan},     // pre-802.1ad QinQ (vendor use)
    {0x8847, layer_id::mpls},     // RFC 3032 unicast
    {0x8848, layer_id::mpls},     // RFC 3032 multicast (RFC 5332)
    {0x8864, layer_id::pppoe},    // RFC 2516 session stage
    {0x8863, layer_id::pppoe},    // RFC 2516 discovery stage
    {0x6558, layer_id::ethernet}, // Transparent Ethernet Bridging (GRE, Geneve; RFC 1701)
    {0x880b, layer_id::ppp},      // PPP (GRE for PPTP, RFC 2637)
    {0x8035, layer_id::arp},      // RARP, RFC 903 (same wire layout as ARP)
    {0x88e5, layer_id::macsec},   // IEEE 802.1AE
    {0x894f, layer_id::nsh},      // Network Service Header, RFC 8300 §9.1
}};

/// PPP DLL protocol numbers (IANA "PPP DLL Protocol Numbers", RFC 1661 §2).
inline constexpr std::array<key16, 4> by_ppp_protocol = {{
    {0x0021, layer_id::ipv4},
    {0x0057, layer_id::ipv6},
    {0x0281, layer_id::mpls}, // RFC 3032 §4.3 unicast
    {0x0283, layer_id::mpls}, // multicast
}};

/// UDP ports of tunnels (decoded from stop_at::transport on, when follow_tunnels).
inline constexpr std::array<key16, 10> udp_tunnel_ports = {{
    {4789, layer_id::vxlan},        // RFC 7348 §5
    {4790, layer_id::vxlan},        // VXLAN-GPE, draft-ietf-nvo3-vxlan-gpe-12 §3.2
    {6081, layer_id::geneve},       // RFC 8926 §3.3
    {6635, layer_id::mpls},         // MPLS-in-UDP, RFC 7510
    {4754, layer_id::gre},          // GRE-in-UDP, RFC 8086 §3
    {3544, layer_id::teredo},       // RFC 4380 §5.1.1
    {1701, layer_id::l2tp},         // L2TPv2, RFC 2661 §8.1
    {5072, layer_id::ayiya},        // draft-massar-v6ops-ayiya-02
    {4341, layer_id::lisp},         // LISP data, RFC 9300 §5.3
    {4342, layer_id::lisp_control}, // LISP control, RFC 9301 §5 (ECM carries a packet)
}};

/// Well-known application ports (IANA "Service Name and Transport Protocol Port Number").
inline constexpr std::array<key16, 6> udp_app_ports = {{
    {53, layer_id::dns},   // RFC 1035
    {5353, layer_id::dns}, // mDNS, RFC 6762 (same message format)
    {5355, layer_id::dns}, // LLMNR, RFC 4795 (same message format)
    {67, layer_id::dhcp},  // RFC 2131 server
    {68, layer_id::dhcp},  // client
    {123, layer_id::ntp},  // RFC 5905
}};

/// UDP ports of protocols the decoder does not decode whose messages can pass the DNS
/// heuristic (probe_udp): claimed by port, so their payloads stay payload.
inline constexpr std::array<std::uint16_t, 2> udp_other_ports = {
    111, // ONC RPC portmapper, RFC 1833
    137, // NetBIOS name service, RFC 1002 §4.2 (a DNS-like header, names in its own encoding)
};

/// TCP ports of protocols that carry frames (decoded from stop_at::transport on, when
/// follow_tunnels): OpenFlow on its IANA port and the two ports Wireshark also takes for it.
inline constexpr std::array<key16, 3> tcp_tunnel_ports = {{
    {6653, layer_id::openflow}, // IANA service name "openflow"
    {6633, layer_id::openflow}, // the port in use before IANA's assignment
    {6634, layer_id::openflow}, // a second pre-IANA port Wireshark also takes
}};

inline constexpr std::array<key16, 4> tcp_app_ports = {{
    {80, layer_id::http},   // RFC 9112
    {8080, layer_id::http}, // http-alt
    {443, layer_id::tls},   // RFC 8446 (HTTPS)
    {53, layer_id::dns},    // RFC 7766 (length-prefixed)
}};

template <std::size_t N>
constexpr layer_id lookup(const std::array<key16, N>& table, std::uint16_t key) noexcept {
  for (const key16& e : table) {
    if (e.key == key) {
      return e.id;
    }
  }
  return layer_id::none;
}
} // namespace detail

[[nodiscard]] constexpr layer_class class_of(layer_id id) noexcept {
  const auto i = static_cast<std::size_t>(id);
  return i < detail::classes.size() ? detail::classes[i] : layer_class::other;
}

/// True when a layer of class `c` may be decoded under `deepest`.
[[nodiscard]] constexpr bool within(layer_class c, stop_at deepest) noexcept {
  return static_cast<std::uint8_t>(c) <= static_cast<std::uint8_t>(deepest);
}

/// First layer of a capture's link type (tcpdump.org link-layer header types).
/// raw/ipv4/ipv6 (101, 228, 229) map to ipv4/ipv6 as named; raw answers ipv4 and the decoder
/// picks the family from the version nibble. The BSD DLT_RAW values 12 and 14, which old
/// libpcap wrote into files unchanged, are raw as libpcap's and tshark's readers map them.
[[nodiscard]] constexpr layer_id by_link_type(link_type t) noexcept {
  switch (t) {
  case link_type::ethernet: return layer_id::ethernet;
  case link_type::linux_sll: return layer_id::linux_sll;
  case link_type::linux_sll2: return layer_id::linux_sll2;
  case link_type::null_loopback:
  case link_type::loop: return layer_id::null_loopback;
  case link_type::raw:
  case link_type::raw_bsd_dlt12:
  case link_type::raw_bsd_dlt14:
  case link_type::ipv4: return layer_id::ipv4;
  case link_type::ipv6: return layer_id::ipv6;
  case link_type::ppp: return layer_id::ppp;
  default: return layer_id::none;
  }
}

/// EtherType (>= 0x0600) → layer. Values below 0x0600 are 802.3 lengths (LLC follows);
/// callers check that first.
[[nodiscard]] constexpr layer_id by_ether_type(std::uint16_t type) noexcept {
  return detail::lookup(detail::by_ether_type, type);
}

[[nodiscard]] constexpr layer_id by_ip_protocol(std::uint8_t protocol) noexcept {
  return detail::by_ip_protocol[protocol];
}

[[nodiscard]] constexpr layer_id by_ppp_protocol(std::uint16_t protocol) noexcept {
  return detail::lookup(detail::by_ppp_protocol, protocol);
}

/// BSD loopback address family (DLT_NULL / DLT_LOOP header): AF_INET is 2 everywhere; AF_INET6
/// is 24 (NetBSD, OpenBSD), 28 (FreeBSD, DragonFly) or 30 (macOS, iOS) as libpcap documents.
[[nodiscard]] constexpr layer_id by_bsd_family(std::uint32_t family) noexcept {
  switch (family) {
  case 2: return layer_id::ipv4;
  case 24:
  case 28:
  case 30: return layer_id::ipv6;
  default: return layer_id::none;
  }
}

/// What claims a UDP datagram by its ports: a tunnel (when `tunnels`: the UDP tunnel ports, and
/// GTP-U on 2152 and GTP' on 3386, which the walker enters without a layer of their own), else
/// an application protocol. As in Wireshark the lower port is tried first, then the higher, so
/// a DNS query sent from port 2152 to 53 is DNS, not GTP-U.
struct udp_claim {
  /// other: a protocol the decoder does not decode (detail::udp_other_ports).
  enum class kind : std::uint8_t { none, tunnel, gtp_u, gtp_prime, application, other };
  kind what = kind::none;
  layer_id id = layer_id::none;
};
[[nodiscard]] constexpr udp_claim claim_udp(std::uint16_t src, std::uint16_t dst,
                                            bool tunnels) noexcept {
  constexpr std::uint16_t gtp_u_port = 2152;     // 3GPP TS 29.281 §4.4.2.0
  constexpr std::uint16_t gtp_prime_port = 3386; // 3GPP TS 32.295 §5.1.3, formerly GTPv0's
  const std::uint16_t lo = src < dst ? src : dst;
  const std::uint16_t hi = src < dst ? dst : src;
  for (const std::uint16_t port : {lo, hi}) {
    if (tunnels) {
      if (port == gtp_u_port) {
        return {udp_claim::kind::gtp_u, layer_id::none};
      }
      if (port == gtp_prime_port) {
        return {udp_claim::kind::gtp_prime, layer_id::none};
      }
      if (const layer_id t = detail::lookup(detail::udp_tunnel_ports, port); t != layer_id::none) {
        return {udp_claim::kind::tunnel, t};
      }
    }
    if (const layer_id a = detail::lookup(detail::udp_app_ports, port); a != layer_id::none) {
      return {udp_claim::kind::application, a};
    }
    for (const std::uint16_t other : detail::udp_other_ports) {
      if (port == other) {
        return {udp_claim::kind::other, layer_id::none};
      }
    }
  }
  return {};
}

/// The protocol carrying frames that claims a TCP segment by either port (tcp_tunnel_ports),
/// or none. Stateless: Wireshark takes OpenFlow on 6633 and 6634 by destination port and then
/// the whole conversation; either port here.
[[nodiscard]] constexpr layer_id claim_tcp_tunnel(std::uint16_t src, std::uint16_t dst) noexcept {
  const layer_id by_src = detail::lookup(detail::tcp_tunnel_ports, src);
  return by_src != layer_id::none ? by_src : detail::lookup(detail::tcp_tunnel_ports, dst);
}

/// Application protocol by well-known port, trying the lower port number first (as Wireshark
/// does), then the higher. `transport` is layer_id::udp or layer_id::tcp.
[[nodiscard]] constexpr layer_id by_ports(layer_id transport, std::uint16_t src,
                                          std::uint16_t dst) noexcept {
  const std::uint16_t lo = src < dst ? src : dst;
  const std::uint16_t hi = src < dst ? dst : src;
  if (transport == layer_id::udp) {
    const layer_id a = detail::lookup(detail::udp_app_ports, lo);
    return a != layer_id::none ? a : detail::lookup(detail::udp_app_ports, hi);
  }
  if (transport == layer_id::tcp) {
    const layer_id a = detail::lookup(detail::tcp_app_ports, lo);
    return a != layer_id::none ? a : detail::lookup(detail::tcp_app_ports, hi);
  }
  return layer_id::none;
}

/// Heuristic: does `payload` start like an HTTP/1.x request line ("GET / HTTP/1.1") or status
/// line ("HTTP/1.1 200")? Looks at the first 8 bytes only.
[[nodiscard]] bool looks_like_http(bytes payload) noexcept;

/// Heuristic: does `payload` start with a TLS (or SSL 3.0) record header: content type 20..24,
/// version 3.0..3.4 and a length of at most 2^14 + 2048 (RFC 8446 §5.1, RFC 5246 §6.2.3)?
[[nodiscard]] bool looks_like_tls(bytes payload) noexcept;

/// The user packet of a GTP T-PDU (message type 255), as tshark's GTP dissector guesses it from
/// the first octets: 0x45..0x4e an IPv4 header of 20..56 octets (0x4f it takes for PPP with a
/// compressed protocol field), high nibble 6 IPv6, else more than 14 octets whose EtherType
/// field (octets 12-13) is IPv4, ARP or IPv6 an Ethernet frame without FCS; else none.
[[nodiscard]] layer_id probe_gtp_t_pdu(bytes user_packet) noexcept;

/// Application layer of a UDP payload no port claims: DNS when dns::looks_like_message holds
/// (the heuristic Wireshark applies to every such payload), else none.
[[nodiscard]] layer_id probe_udp(bytes payload) noexcept;

/// Application layer of a TCP payload: a port candidate confirmed by its probe (so the
/// middle of a stream on port 80/443 is not taken for a header), else whichever probe matches.
/// DNS over TCP (port 53) is taken by port alone.
[[nodiscard]] layer_id probe_tcp(std::uint16_t src, std::uint16_t dst, bytes payload) noexcept;

} // namespace pktscope::registry
