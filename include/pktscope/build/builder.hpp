#pragma once
/// Packet builder entry points (STYLE §3). Each starts a chain (chain.hpp) with the link
/// layer the capture will carry; the chain then grows from the outside in:
///
///   build::ethernet(src, dst).vlan(42).ipv4(a, b, {.ttl = 64}).udp(40000, 53).dns(query)
///   build::raw().ipv6(a, b).tcp(1234, 80, {.seq = 1, .options = {.mss = 1440}})
///   build::linux_sll(linux_sll::packet_type::outgoing, mac).ipv4(a, b).icmp(icmp_echo(1, 1))

#include <pktscope/build/chain.hpp>

#include <bit>
#include <cstdint>
#include <tuple>

namespace pktscope::build {

template <layer_step S> [[nodiscard]] chain<S> start(const S& s) {
  return chain<S>(std::tuple<S>(s));
}

/// Ethernet II (link type ETHERNET); the EtherType is filled from the next step.
[[nodiscard]] inline chain<ethernet_step> ethernet(const mac_address& src, const mac_address& dst) {
  return start(ethernet_step{{dst, src, 0}});
}
/// Ethernet with every field given (type_or_length is kept when nothing inside names one).
[[nodiscard]] inline chain<ethernet_step> ethernet(const ethernet::header& h) {
  return start(ethernet_step{h});
}

/// Linux cooked v1 (link type LINUX_SLL) from an Ethernet device, with the sender's MAC.
[[nodiscard]] inline chain<linux_sll_step> linux_sll(linux_sll::packet_type type,
                                                     const mac_address& src) {
  linux_sll::header h{type, linux_sll::arphrd::ether, ethernet::mac_len, {}, 0};
  std::copy(src.octets.begin(), src.octets.end(), h.address.begin());
  return start(linux_sll_step{h});
}
[[nodiscard]] inline chain<linux_sll_step> linux_sll(const linux_sll::header& h) {
  return start(linux_sll_step{h});
}

/// Linux cooked v2 (link type LINUX_SLL2) from an Ethernet device.
[[nodiscard]] inline chain<linux_sll2_step>
linux_sll2(std::int32_t interface_index, linux_sll::packet_type type, const mac_address& src) {
  linux_sll2::header h{0,
                       0,
                       interface_index,
                       linux_sll::arphrd::ether,
                       static_cast<std::uint8_t>(type),
                       static_cast<std::uint8_t>(ethernet::mac_len),
                       {}};
  std::copy(src.octets.begin(), src.octets.end(), h.address.begin());
  return start(linux_sll2_step{h});
}
[[nodiscard]] inline chain<linux_sll2_step> linux_sll2(const linux_sll2::header& h) {
  return start(linux_sll2_step{h});
}

/// BSD loopback (link type NULL): the address family in host byte order `order`; before IPv6
/// the value `inet6` (it differs per OS).
[[nodiscard]] inline chain<null_step>
null_loopback(null_loopback::address_family inet6 = null_loopback::address_family::inet6_bsd,
              std::endian order = std::endian::little) {
  return start(null_step{{0, order}, inet6});
}
/// OpenBSD loopback (link type LOOP): the address family in network byte order.
[[nodiscard]] inline chain<loop_step>
loop(null_loopback::address_family inet6 = null_loopback::address_family::inet6_bsd) {
  return start(loop_step{{0, std::endian::big}, inet6});
}

/// No link layer (link type RAW): an IPv4 or IPv6 packet follows.
[[nodiscard]] inline chain<raw_step> raw() {
  return start(raw_step{});
}

} // namespace pktscope::build
