#pragma once
/// The pieces every layer step of the packet builder shares: the checksum policy, what a
/// layer tells the one around it (announce), what the one around it tells it (context), and
/// the category bits that decide at compile time which step may follow which.
///
/// A layer step is a small value with
///   static constexpr unsigned category;   // one bit of `cat`: what kind of layer it is
///   static constexpr unsigned follows;    // mask of `cat` bits allowed right after it
///   std::size_t size() const noexcept;    // its own header octets (inner layers excluded)
///   announce announces() const noexcept;  // the values that name it in the enclosing layer
///   void write(mut_bytes out, const context& c) const noexcept;
/// and optionally `void enter(context&) const noexcept` (IP layers: set the pseudo-header
/// addresses seen by the layers inside). write() receives `out` spanning its header and every
/// inner layer, which are already written (the chain writes from the inside out), so lengths
/// and checksums can cover them.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/layer_id.hpp>
#include <pktscope/proto/ip_protocol.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace pktscope::build {

/// compute: the builder fills every checksum. keep: checksum fields are written as given in
/// the step's header values (0 unless set), for crafting packets with wrong checksums.
enum class checksum_policy : std::uint8_t { compute, keep };

/// How the enclosing layer names this one. Zero / nullopt: no value of that kind exists.
struct announce {
  layer_id layer = layer_id::none;
  std::uint16_t ether_type = 0;   ///< EtherType (also SLL protocol, GRE/Geneve protocol)
  std::optional<ip_protocol> ip;  ///< IPv4 protocol / IPv6 next header
  std::uint16_t ppp_protocol = 0; ///< PPP protocol field (PPPoE session)
};

/// What a step's write() knows about its surroundings.
struct context {
  checksum_policy checksums = checksum_policy::compute;
  /// The layer right inside this one (layer none when this is the innermost).
  announce next;
  /// Source and destination of the nearest enclosing IP header (4 or 16 octets each; empty
  /// when there is none), for the TCP/UDP/ICMPv6 pseudo-header. They point into the chain.
  bytes ip_src{};
  bytes ip_dst{};
};

/// The EtherType naming the inner layer, or `given` when it has none (raw payload): shared by
/// every header with an EtherType-numbered next-protocol field.
[[nodiscard]] constexpr std::uint16_t ether_type_or(const context& c,
                                                    std::uint16_t given) noexcept {
  return c.next.ether_type != 0 ? c.next.ether_type : given;
}
/// The IP protocol number naming the inner layer, or `given` when it has none.
[[nodiscard]] constexpr ip_protocol ip_protocol_or(const context& c, ip_protocol given) noexcept {
  return c.next.ip.value_or(given);
}

/// Category bits. A step may follow another when its category is in the other's `follows`.
namespace cat {
inline constexpr unsigned tag = 1U << 0;       ///< 802.1Q / 802.1ad tag
inline constexpr unsigned mpls = 1U << 1;      ///< MPLS label stack entry
inline constexpr unsigned pppoe = 1U << 2;     ///< PPPoE session header (+ PPP protocol)
inline constexpr unsigned arp = 1U << 3;       ///< ARP packet (only trailer octets may follow)
inline constexpr unsigned ip = 1U << 4;        ///< IPv4 or IPv6 header
inline constexpr unsigned ip6_ext = 1U << 5;   ///< IPv6 extension header
inline constexpr unsigned transport = 1U << 6; ///< TCP, UDP, SCTP, GRE
inline constexpr unsigned icmp = 1U << 7;      ///< ICMP (after IPv4)
inline constexpr unsigned icmpv6 = 1U << 8;    ///< ICMPv6 (after IPv6)
inline constexpr unsigned nd = 1U << 9;        ///< Neighbor Discovery body (after ICMPv6)
inline constexpr unsigned udp_app = 1U << 10;  ///< VXLAN, Geneve, DNS (after UDP)
inline constexpr unsigned tcp_app = 1U << 11;  ///< DNS over TCP (after TCP)
inline constexpr unsigned frame = 1U << 12;    ///< an Ethernet frame (top, or inside a tunnel)
inline constexpr unsigned chunk = 1U << 13;    ///< SCTP chunk
inline constexpr unsigned payload = 1U << 14;  ///< raw payload octets (end the chain)

/// What may follow an Ethernet-like header that names its payload by EtherType.
inline constexpr unsigned ether_payload = tag | mpls | pppoe | arp | ip | payload;
} // namespace cat

template <class S>
concept layer_step = requires(const S& s, mut_bytes out, const context& c) {
  { S::category } -> std::convertible_to<unsigned>;
  { S::follows } -> std::convertible_to<unsigned>;
  { s.size() } -> std::same_as<std::size_t>;
  { s.announces() } -> std::same_as<announce>;
  s.write(out, c);
};

/// True when step B may directly follow step A.
template <class A, class B> inline constexpr bool may_follow = (A::follows & B::category) != 0;

} // namespace pktscope::build
