#include <pktscope/analysis/stats/traffic_class.hpp>

#include <pktscope/decode/decoded_packet.hpp>

namespace pktscope::stats {

std::string_view traffic_class_name(traffic_class c) noexcept {
  switch (c) {
  case traffic_class::tcp: return "tcp";
  case traffic_class::udp: return "udp";
  case traffic_class::icmp: return "icmp";
  case traffic_class::icmpv6: return "icmpv6";
  case traffic_class::arp: return "arp";
  case traffic_class::other: return "other";
  }
  return "other";
}

traffic_class class_of_ip_protocol(std::uint8_t ip_protocol) noexcept {
  switch (ip_protocol) {
  case 6: return traffic_class::tcp;
  case 17: return traffic_class::udp;
  case 1: return traffic_class::icmp;
  case 58: return traffic_class::icmpv6;
  default: return traffic_class::other;
  }
}

traffic_class classify(const decoded_packet& d) noexcept {
  if (d.ip_version != 0) {
    return class_of_ip_protocol(d.ip_protocol);
  }
  return d.has(layer_id::arp) ? traffic_class::arp : traffic_class::other;
}

} // namespace pktscope::stats
