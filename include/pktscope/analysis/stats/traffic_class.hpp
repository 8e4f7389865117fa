#pragma once
/// The protocol classes the per-interval series and the summary count packets in: TCP, UDP,
/// ICMP, ICMPv6, ARP and everything else.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pktscope {
struct decoded_packet;
} // namespace pktscope

namespace pktscope::stats {

enum class traffic_class : std::uint8_t { tcp, udp, icmp, icmpv6, arp, other };
inline constexpr std::size_t traffic_class_count = 6;

/// "tcp", "udp", "icmp", "icmpv6", "arp", "other".
[[nodiscard]] std::string_view traffic_class_name(traffic_class c) noexcept;

/// The class of a decoded frame, from its innermost IP header's protocol (so fragments of a
/// UDP datagram are UDP, also those after the first that carry no UDP header); ARP when the
/// frame has an ARP layer and no IP header; other for everything else (no IP, other IP
/// protocols, frames that did not decode).
[[nodiscard]] traffic_class classify(const decoded_packet& d) noexcept;

/// The class of an IP protocol number (6 tcp, 17 udp, 1 icmp, 58 icmpv6, else other).
[[nodiscard]] traffic_class class_of_ip_protocol(std::uint8_t ip_protocol) noexcept;

/// Counters indexed by traffic_class.
using class_counts = std::array<std::uint64_t, traffic_class_count>;

[[nodiscard]] constexpr std::size_t index(traffic_class c) noexcept {
  return static_cast<std::size_t>(c);
}

} // namespace pktscope::stats
