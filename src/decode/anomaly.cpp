#include <pktscope/decode/anomaly.hpp>

namespace pktscope {

std::string_view anomaly_name(anomaly a) noexcept {
  switch (a) {
  case anomaly::bad_ipv4_checksum: return "bad_ipv4_checksum";
  case anomaly::bad_tcp_checksum: return "bad_tcp_checksum";
  case anomaly::bad_udp_checksum: return "bad_udp_checksum";
  case anomaly::bad_icmp_checksum: return "bad_icmp_checksum";
  case anomaly::bad_icmpv6_checksum: return "bad_icmpv6_checksum";
  case anomaly::bad_sctp_checksum: return "bad_sctp_checksum";
  case anomaly::udp_zero_checksum_ipv6: return "udp_zero_checksum_ipv6";
  case anomaly::bad_header_length: return "bad_header_length";
  case anomaly::truncated_header: return "truncated_header";
  case anomaly::ttl_zero: return "ttl_zero";
  case anomaly::tcp_null_flags: return "tcp_null_flags";
  case anomaly::tcp_xmas_flags: return "tcp_xmas_flags";
  case anomaly::tcp_syn_fin: return "tcp_syn_fin";
  case anomaly::tcp_syn_rst: return "tcp_syn_rst";
  case anomaly::trailing_bytes: return "trailing_bytes";
  case anomaly::ipv4_reserved_flag: return "ipv4_reserved_flag";
  case anomaly::fragment: return "fragment";
  case anomaly::too_many_layers: return "too_many_layers";
  case anomaly::malformed_application: return "malformed_application";
  case anomaly::bad_ip_version: return "bad_ip_version";
  case anomaly::count_: break;
  }
  return "unknown";
}

} // namespace pktscope
