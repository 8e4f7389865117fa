#include "dump/cut_header_fields.hpp"

#include <pktscope/core/address.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/decode/anomaly.hpp>
#include <pktscope/proto/arp.hpp>
#include <pktscope/proto/icmp.hpp>
#include <pktscope/proto/ipv4.hpp>
#include <pktscope/proto/ipv6.hpp>
#include <pktscope/proto/tcp.hpp>
#include <pktscope/proto/udp.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::cli::dump {

namespace {

/// Whether the octets [0, n) of the header were captured.
bool has(bytes c, std::size_t n) noexcept {
  return c.size() >= n;
}

void add_address(bytes a, values& out) noexcept {
  char buf[max_address_text];
  out.add({buf, format_ip(a, buf)});
}

/// Whether tshark's search of the IPv4 options for a source route (get_dst_offset(), which
/// runs before it shows the destination) ends within the captured octets: it reads each
/// option's type and, but for End of Option List and No Operation, its length octet, up to
/// End of Option List, the header's end or a length it finds bogus.
bool ipv4_option_scan_captured(bytes c, std::size_t header_len) noexcept {
  std::size_t at = ipv4::fields::options;
  while (at < header_len) {
    if (!has(c, at + 1)) {
      return false;
    }
    const auto type = static_cast<ipv4::option_type>(c[at]);
    if (type == ipv4::option_type::end_of_list) {
      return true;
    }
    if (type == ipv4::option_type::nop) {
      ++at;
      continue;
    }
    if (at + 1 >= header_len) {
      return true; // no room for a length octet: bogus, the search gives up
    }
    if (!has(c, at + 2)) {
      return false;
    }
    const std::size_t len = c[at + 1];
    if (len < 2 || at + len > header_len) {
      return true; // bogus length: the search gives up
    }
    at += len;
  }
  return true;
}

/// IPv4 (RFC 791 §3.1) in the order tshark's ip dissector shows it: version and header length
/// from the first octet, nothing more for a header length below 20 octets; the total length,
/// nothing more when it is below the header length; then each field once its octets are
/// there, the destination after the option search.
void add_ipv4(bytes c, field f, values& out) noexcept {
  const std::size_t header_len = std::size_t{c[0] & 0x0fU} * 4;
  if (f == field::ip_hdr_len) {
    out.add_u64(header_len);
    return;
  }
  if (header_len < ipv4::min_header_len || !has(c, ipv4::fields::total_length + 2)) {
    return;
  }
  const std::uint16_t total = load_be16(c, ipv4::fields::total_length);
  if (f == field::ip_len) {
    out.add_u64(total);
    return;
  }
  if (total != 0 && total < header_len) {
    return; // total length 0 is TCP segmentation offload, which tshark accepts
  }
  const std::uint16_t frag = has(c, ipv4::fields::flags_fragment + 2)
                                 ? load_be16(c, ipv4::fields::flags_fragment)
                                 : std::uint16_t{0};
  switch (f) {
  case field::ip_id:
    if (has(c, ipv4::fields::identification + 2)) {
      out.add_hex(load_be16(c, ipv4::fields::identification), 4);
    }
    break;
  case field::ip_flags_df:
  case field::ip_flags_mf:
  case field::ip_frag_offset:
    if (has(c, ipv4::fields::flags_fragment + 2)) {
      out.add_u64(f == field::ip_frag_offset ? frag & 0x1fffU
                  : f == field::ip_flags_df  ? (frag >> 14) & 1U
                                             : (frag >> 13) & 1U);
    }
    break;
  case field::ip_ttl:
    if (has(c, ipv4::fields::ttl + 1)) {
      out.add_u64(c[ipv4::fields::ttl]);
    }
    break;
  case field::ip_proto:
    if (has(c, ipv4::fields::protocol + 1)) {
      out.add_u64(c[ipv4::fields::protocol]);
    }
    break;
  case field::ip_src:
    if (has(c, ipv4::fields::src + 4)) {
      add_address(c.subspan(ipv4::fields::src, 4), out);
    }
    break;
  case field::ip_dst:
    if (has(c, ipv4::fields::dst + 4) && ipv4_option_scan_captured(c, header_len)) {
      add_address(c.subspan(ipv4::fields::dst, 4), out);
    }
    break;
  default: break;
  }
}

/// IPv6 (RFC 8200 §3): each fixed-header field once its octets are there.
void add_ipv6(bytes c, field f, values& out) noexcept {
  constexpr std::size_t payload_length = 4, next_header = 6, hop_limit = 7, src = 8, dst = 24;
  switch (f) {
  case field::ipv6_plen:
    if (has(c, payload_length + 2)) {
      out.add_u64(load_be16(c, payload_length));
    }
    break;
  case field::ipv6_nxt:
    if (has(c, next_header + 1)) {
      out.add_u64(c[next_header]);
    }
    break;
  case field::ipv6_hlim:
    if (has(c, hop_limit + 1)) {
      out.add_u64(c[hop_limit]);
    }
    break;
  case field::ipv6_src:
  case field::ipv6_dst: {
    const std::size_t at = f == field::ipv6_src ? src : dst;
    if (has(c, at + 16)) {
      add_address(c.subspan(at, 16), out);
    }
    break;
  }
  default: break;
  }
}

/// TCP (RFC 9293 §3.1) as tshark's tcp dissector reads it: the ports from 4 octets; sequence
/// and acknowledgment numbers, header length, flags and window from 16 (it reads all of them
/// before it shows any); for a data offset below 5 it stops after the header length.
void add_tcp(bytes c, field f, values& out) noexcept {
  constexpr std::size_t first_16 = tcp::fields::window + 2;
  if (f == field::tcp_srcport || f == field::tcp_dstport) {
    if (has(c, tcp::fields::dst_port + 2)) {
      out.add_u64(
          load_be16(c, f == field::tcp_srcport ? tcp::fields::src_port : tcp::fields::dst_port));
    }
    return;
  }
  if (!has(c, first_16)) {
    return;
  }
  const std::size_t header_len = static_cast<std::size_t>(c[tcp::fields::data_offset] >> 4U) * 4;
  switch (f) {
  case field::tcp_seq_raw: out.add_u64(load_be32(c, tcp::fields::seq)); break;
  case field::tcp_ack_raw: out.add_u64(load_be32(c, tcp::fields::ack)); break;
  case field::tcp_hdr_len: out.add_u64(header_len); break;
  case field::tcp_flags:
    if (header_len >= tcp::header_len) {
      out.add_hex(load_be16(c, tcp::fields::flags) & 0x0fffU, 4);
    }
    break;
  case field::tcp_window_size_value:
    if (header_len >= tcp::header_len) {
      out.add_u64(load_be16(c, tcp::fields::window));
    }
    break;
  default: break;
  }
}

/// UDP (RFC 768): both ports from 4 octets (tshark reads them before it shows either), the
/// length from 6, whatever its value (a length below 8, Linux BIG TCP's 0 or a fuzzed one,
/// still shows).
void add_udp(bytes c, field f, values& out) noexcept {
  if (f == field::udp_length) {
    if (has(c, udp::fields::length + 2)) {
      out.add_u64(load_be16(c, udp::fields::length));
    }
  } else if (has(c, udp::fields::dst_port + 2)) {
    out.add_u64(
        load_be16(c, f == field::udp_srcport ? udp::fields::src_port : udp::fields::dst_port));
  }
}

/// The version nibble of a refused IPv4/IPv6 header, when it is the one announced for it or
/// the header was refused for it (anomaly::bad_ip_version): tshark shows the nibble either
/// way. A nibble guessed from the raw link type and matching neither version shows nothing.
void add_ip_version(const decoded_packet& d, const cut_header& h, values& out) noexcept {
  const auto nibble = static_cast<std::uint8_t>(h.captured[0] >> 4);
  const std::uint8_t announced =
      h.id == layer_id::ipv4 ? ipv4::version_number : ipv6::version_number;
  if (nibble == announced || d.anomalies.has(anomaly::bad_ip_version)) {
    out.add_u64(nibble);
  }
}

} // namespace

void add_cut_header_field(const decoded_packet& d, field f, values& out) noexcept {
  const cut_header h = d.cut_header();
  if (h.id == layer_id::none) {
    return;
  }
  const bytes c = h.captured; // not empty: cut_header() says so
  switch (h.id) {
  case layer_id::ipv4:
  case layer_id::ipv6: {
    const auto nibble = static_cast<std::uint8_t>(c[0] >> 4);
    // tshark's ip dissector hands a header with version 6 to its ipv6 dissector, which shows
    // the version again and the IPv6 fields.
    const bool v6_as_v4 = h.id == layer_id::ipv4 && nibble == ipv6::version_number;
    if (f == field::ip_version) {
      add_ip_version(d, h, out);
      if (v6_as_v4) {
        out.add_u64(nibble);
      }
    } else if (h.id == layer_id::ipv4 && nibble == ipv4::version_number) {
      add_ipv4(c, f, out);
    } else if (nibble == ipv6::version_number) {
      add_ipv6(c, f, out);
    }
    break;
  }
  case layer_id::tcp: add_tcp(c, f, out); break;
  case layer_id::udp:
    if (f == field::udp_srcport || f == field::udp_dstport || f == field::udp_length) {
      add_udp(c, f, out);
    }
    break;
  case layer_id::icmp:
  case layer_id::icmpv6: {
    // tshark shows type and code once the first word (type, code, checksum) is there: with 6
    // of 8 octets it does, with 3 it does not.
    const bool v4 = h.id == layer_id::icmp;
    const bool type = f == (v4 ? field::icmp_type : field::icmpv6_type);
    const bool code = f == (v4 ? field::icmp_code : field::icmpv6_code);
    if ((type || code) && has(c, icmp::fields::rest)) {
      out.add_u64(c[type ? icmp::fields::type : icmp::fields::code]);
    }
    break;
  }
  case layer_id::arp:
    // The opcode ends the fixed part; the addresses after it may be cut.
    if (f == field::arp_opcode && has(c, arp::fixed_len)) {
      out.add_u64(load_be16(c, arp::fields::oper));
    }
    break;
  default: break;
  }
}

} // namespace pktscope::cli::dump
