#pragma once
/// The identity of a flow: both endpoints (address and port), IP version and protocol, the VLAN
/// tags and the outer tunnel the packets travel in. Keys are direction-normalised: a packet and
/// its reply make the same key, so one table slot holds both directions. The hash only picks the
/// slot; lookups always compare the full key.

#include <pktscope/core/layer_id.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

namespace pktscope {

struct decoded_packet;

/// The addresses and ports of one packet as sent (source first), plus the context that
/// separates otherwise equal five-tuples.
struct flow_endpoints {
  std::array<std::uint8_t, 16> src_addr{}; ///< IPv4 in the first 4 bytes, rest zero
  std::array<std::uint8_t, 16> dst_addr{};
  std::uint16_t src_port = 0; ///< TCP/UDP/SCTP port; ICMP: see flow_key
  std::uint16_t dst_port = 0;
  std::uint8_t ip_version = 0; ///< 4 or 6
  std::uint8_t ip_protocol = 0;
  std::uint16_t vlan = 0;                ///< outermost 802.1Q/802.1ad VLAN id, 0 when untagged
  std::uint16_t inner_vlan = 0;          ///< second VLAN id (Q-in-Q), 0 when none
  layer_id tunnel_kind = layer_id::none; ///< outermost tunnel (gre, vxlan, geneve, ipv4/ipv6
                                         ///< for IP-in-IP, mpls, ipcomp), none when not tunnelled
  std::uint32_t tunnel_id = 0;           ///< VXLAN/Geneve VNI, GRE key, IPComp CPI; 0 otherwise
};

/// Direction-normalised flow identity. Endpoint `a` is the lower (address, port) pair in
/// byte-wise order, `b` the other; equal pairs (a host talking to itself on one port) are
/// fine: both directions still make the same key.
///
/// ICMP and ICMPv6 have no ports: echo request/reply (types 8/0, 128/129) use the echo
/// identifier as both ports, so a request and its reply share a flow and different ping
/// sessions between the same hosts do not; every other message uses (type, code).
struct flow_key {
  std::array<std::uint8_t, 16> addr_a{};
  std::array<std::uint8_t, 16> addr_b{};
  std::uint16_t port_a = 0;
  std::uint16_t port_b = 0;
  std::uint8_t ip_version = 0;
  std::uint8_t ip_protocol = 0;
  std::uint16_t vlan = 0;
  std::uint16_t inner_vlan = 0;
  layer_id tunnel_kind = layer_id::none;
  std::uint32_t tunnel_id = 0;

  friend constexpr bool operator==(const flow_key&, const flow_key&) = default;
};

/// A key plus the direction of the packet it was made from.
struct oriented_key {
  flow_key key;
  bool src_is_a = true; ///< the packet's source is endpoint a of the key
};

/// Normalises `e`: the lower (address, port) pair becomes endpoint a.
[[nodiscard]] oriented_key make_flow_key(const flow_endpoints& e) noexcept;

/// 64-bit hash of every key field (padding excluded). Equal keys hash equally.
[[nodiscard]] std::uint64_t hash_flow_key(const flow_key& k) noexcept;

/// Fills the context of `e` for the packet's innermost IP header (the one decoded_packet's
/// summary describes): see set_ip_context. `e`'s addresses must already be that header's.
void set_flow_context(const decoded_packet& d, flow_endpoints& e) noexcept;

/// Fills the context of `e` for the IP header d.layers[ip] (an ipv4 or ipv6 layer; for
/// another index `e` is left as it is):
/// - the first two VLAN ids of the tags in front of that header;
/// - the outermost tunnel layer (and its VNI or GRE key) when the header lies inside a tunnel;
/// - for IPv6, the endpoints the upper-layer pseudo-header uses, which Mobile IPv6 and source
///   routing name (tshark's conversations and Zeek's IP_Hdr key by them too): a Home Address
///   destination option (RFC 6275 §6.3) replaces the source; a routing header with segments
///   left replaces the destination with the final one (ipv6_routing::view::
///   final_destination: the last address of a Type 0 or Type 2 route, Segment List[0] of a
///   segment routing header).
void set_ip_context(const decoded_packet& d, std::size_t ip, flow_endpoints& e) noexcept;

} // namespace pktscope
