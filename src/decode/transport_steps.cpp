// Walker steps of the transport layers: TCP, UDP, SCTP, ICMP and ICMPv6, with their checksums
// and the port hints that pick an application or tunnel step next.

#include "walker.hpp"

#include <pktscope/core/checksum.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/decode/registry.hpp>
#include <pktscope/proto/icmp.hpp>
#include <pktscope/proto/icmpv6.hpp>
#include <pktscope/proto/pseudo_header.hpp>
#include <pktscope/proto/sctp.hpp>
#include <pktscope/proto/tcp.hpp>
#include <pktscope/proto/udp.hpp>

#include <cstddef>
#include <cstdint>

namespace pktscope::detail {

void walker::set_transport(layer_id id, std::uint16_t src, std::uint16_t dst,
                           std::size_t payload_off) noexcept {
  if (out_.transport != layer_id::none) { // else still as clear_transport() left it
    out_.clear_transport();
  }
  out_.transport = id;
  out_.src_port = src;
  out_.dst_port = dst;
  out_.l4_payload_offset = static_cast<std::uint32_t>(payload_off);
  out_.l4_payload_len = static_cast<std::uint32_t>(end_ - payload_off);
}

layer_id walker::tcp() noexcept {
  const auto r = tcp::view::parse(cur());
  if (!r) {
    const bytes b = cur();
    if (opt_.partial_transport && r.error().code == errc::truncated && b.size() >= 4) {
      push(layer_id::tcp, b.size()); // ports-only: the quote of an ICMP error
      set_transport(layer_id::tcp, load_be16(b, 0), load_be16(b, 2), end_);
      out_.transport_partial = true;
    }
    return fail(r.error());
  }
  const tcp::view& v = *r;
  push(layer_id::tcp, v.header_length());
  set_transport(layer_id::tcp, v.src_port(), v.dst_port(), off_ + v.header_length());
  const tcp::flag_set flags = v.flags();
  out_.tcp_flags = flags.raw();
  out_.tcp_seq = v.seq();
  out_.tcp_ack = v.ack();
  // Each of these needs FIN, or SYN with RST, or no flag at all: one test for the rest.
  constexpr auto syn_rst =
      static_cast<std::uint16_t>(tcp::flag::syn) | static_cast<std::uint16_t>(tcp::flag::rst);
  if (flags.has(tcp::flag::fin) || (flags.raw() & syn_rst) == syn_rst ||
      (flags.raw() & tcp::named_flags_mask) == 0) [[unlikely]] {
    if (tcp::is_null_scan(flags)) {
      flag(anomaly::tcp_null_flags);
    }
    if (tcp::is_xmas(flags)) {
      flag(anomaly::tcp_xmas_flags);
    }
    if (tcp::has_syn_fin(flags)) {
      flag(anomaly::tcp_syn_fin);
    }
    if (tcp::has_syn_rst(flags)) {
      flag(anomaly::tcp_syn_rst);
    }
  }
  if (can_verify_l4()) {
    const std::size_t segment_len = dgram_end_ - off_;
    const auto status =
        v.verify_checksum(pseudo_header::for_addresses(ip_src_, ip_dst_, tcp::ip_protocol,
                                                       static_cast<std::uint32_t>(segment_len)),
                          segment_len);
    if (status == checksum_status::bad) {
      flag(anomaly::bad_tcp_checksum);
    }
  }
  off_ += v.header_length();
  // A protocol carrying frames claims the segment by port, as UDP tunnels do (from transport
  // on); a segment without payload (most ACKs) skips the lookup.
  if (opt_.follow_tunnels && off_ < end_) {
    if (const layer_id t = registry::claim_tcp_tunnel(v.src_port(), v.dst_port());
        t != layer_id::none) {
      return t;
    }
  }
  if (opt_.deepest != stop_at::application) {
    return layer_id::none;
  }
  return registry::probe_tcp(v.src_port(), v.dst_port(), cur());
}

layer_id walker::icmp() noexcept {
  const auto r = icmp::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::icmp, icmp::header_len);
  set_transport(layer_id::icmp, 0, 0, off_ + icmp::header_len);
  out_.icmp_type = r->type();
  out_.icmp_code = r->code();
  // in_ipv6_: ICMPv4 inside IPv6 is not defined; its checksum rule is unknown.
  if (can_verify_l4() && !in_ipv6_ && !r->checksum_ok()) {
    flag(anomaly::bad_icmp_checksum);
  }
  // An error message quotes the offending datagram; it is not decoded as a layer, so the
  // summary keeps describing this packet (tshark shows the quote as further layers).
  return layer_id::none;
}

layer_id walker::icmpv6() noexcept {
  const auto r = icmpv6::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::icmpv6, icmpv6::header_len);
  set_transport(layer_id::icmpv6, 0, 0, off_ + icmpv6::header_len);
  out_.icmp_type = r->type();
  out_.icmp_code = r->code();
  if (can_verify_l4() && in_ipv6_) {
    const std::size_t len = end_ - off_;
    if (!r->checksum_ok(
            pseudo_header::ipv6(ip_src_, ip_dst_, 58, static_cast<std::uint32_t>(len)))) {
      flag(anomaly::bad_icmpv6_checksum);
    }
  }
  return layer_id::none;
}

layer_id walker::sctp() noexcept {
  const auto r = sctp::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  push(layer_id::sctp, sctp::header_len);
  set_transport(layer_id::sctp, r->src_port(), r->dst_port(), off_ + sctp::header_len);
  if (can_verify_l4() && r->verify_checksum(end_ - off_) == checksum_status::bad) {
    flag(anomaly::bad_sctp_checksum);
  }
  return layer_id::none;
}

layer_id walker::udp() noexcept {
  const auto r = udp::view::parse(cur());
  if (!r) {
    return fail(r.error());
  }
  const udp::view& v = *r;
  push(layer_id::udp, udp::header_len);
  const bytes payload = v.payload();
  end_ = off_ + udp::header_len + payload.size();
  set_transport(layer_id::udp, v.src_port(), v.dst_port(), off_ + udp::header_len);
  udp_whole_ = v.complete();
  off_ += udp::header_len;
  if (can_verify_l4()) {
    const auto status = v.verify_checksum(
        pseudo_header::for_addresses(ip_src_, ip_dst_, udp::ip_protocol, v.length()));
    if (status == checksum_status::bad) {
      flag(anomaly::bad_udp_checksum);
    } else if (status == checksum_status::absent && in_ipv6_) {
      flag(anomaly::udp_zero_checksum_ipv6);
    }
  }
  const bool application = opt_.deepest == stop_at::application && !payload.empty();
  if (!opt_.follow_tunnels && !application) {
    return layer_id::none;
  }
  using claim = registry::udp_claim::kind;
  const registry::udp_claim c =
      registry::claim_udp(v.src_port(), v.dst_port(), opt_.follow_tunnels);
  switch (c.what) {
  case claim::tunnel:
    if (c.id == layer_id::mpls) { // MPLS-in-UDP (RFC 7510): the labels open the tunnel
      enter_tunnel();
    }
    return c.id;
  case claim::gtp_u: return gtp_u();
  case claim::gtp_prime: return gtp_prime();
  case claim::application: return application ? c.id : layer_id::none;
  case claim::other: return layer_id::none;
  case claim::none: break;
  }
  return application ? registry::probe_udp(payload) : layer_id::none;
}

} // namespace pktscope::detail
