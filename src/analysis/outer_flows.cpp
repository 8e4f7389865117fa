#include <pktscope/analysis/outer_flows.hpp>

#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/proto/ip_protocol.hpp>
#include <pktscope/proto/ipv4.hpp>
#include <pktscope/proto/ipv6.hpp>
#include <pktscope/proto/tcp.hpp>
#include <pktscope/proto/udp.hpp>

#include <algorithm>

namespace pktscope {

namespace {

bool is_ip(layer_id id) noexcept {
  return id == layer_id::ipv4 || id == layer_id::ipv6;
}

/// The IP header a transport layer at index `t` belongs to: the nearest IP layer before it at
/// the same tunnel depth; `t` when there is none.
std::size_t ip_of(const decoded_packet& d, std::size_t t) noexcept {
  for (std::size_t i = t; i-- > 0;) {
    const layer& l = d.layers[i];
    if (l.tunnel_depth == d.layers[t].tunnel_depth && is_ip(l.id)) {
      return i;
    }
  }
  return t;
}

/// An IPv6 Fragment header between the IP header at `ip` and the transport header at `t`: the
/// transport header counts with the reassembled datagram, not with each frame.
bool ipv6_fragment_between(const decoded_packet& d, std::size_t ip, std::size_t t) noexcept {
  return std::any_of(d.begin() + ip, d.begin() + t,
                     [](const layer& l) { return l.id == layer_id::ipv6_fragment; });
}

/// Fills the addresses, IP version and lengths of `o` from the IP header at `l`. False when
/// it does not parse or is an IPv4 fragment (as above).
bool set_ip(const decoded_packet& d, const layer& l, flow_table::observation& o) noexcept {
  if (l.id == layer_id::ipv4) {
    const auto v = d.view_of<ipv4::view>(l);
    if (!v || v->is_fragment()) {
      return false;
    }
    std::copy_n(v->src_bytes().begin(), 4, o.ep.src_addr.begin());
    std::copy_n(v->dst_bytes().begin(), 4, o.ep.dst_addr.begin());
    o.ep.ip_version = 4;
    o.ip_bytes = v->declared_len();
    return true;
  }
  const auto v = d.view_of<ipv6::view>(l);
  if (!v) {
    return false;
  }
  std::copy_n(v->src_bytes().begin(), 16, o.ep.src_addr.begin());
  std::copy_n(v->dst_bytes().begin(), 16, o.ep.dst_addr.begin());
  o.ep.ip_version = 6;
  o.ip_bytes = v->declared_len();
  return true;
}

/// Fills the ports (and for TCP the segment) of `o` from the transport header at `l`.
bool set_transport(const decoded_packet& d, const layer& l, timestamp_ns ts,
                   flow_table::observation& o) noexcept {
  if (l.id == layer_id::udp) {
    const auto u = d.view_of<udp::view>(l);
    if (!u) {
      return false;
    }
    o.ep.ip_protocol = static_cast<std::uint8_t>(ip_protocol::udp);
    o.ep.src_port = u->src_port();
    o.ep.dst_port = u->dst_port();
    return true;
  }
  const auto t = d.view_of<tcp::view>(l);
  if (!t) {
    return false;
  }
  o.ep.ip_protocol = static_cast<std::uint8_t>(ip_protocol::tcp);
  o.ep.src_port = t->src_port();
  o.ep.dst_port = t->dst_port();
  o.is_tcp = true;
  o.tcp = {ts,          static_cast<std::uint16_t>(t->flags().raw() & tcp::named_flags_mask),
           t->seq(),    t->ack(),
           t->window(), o.payload_len,
           false};
  return true;
}

} // namespace

const flow_table::observation* outer_flows::next() noexcept {
  if (d_.tunnel_depth == 0) {
    return nullptr; // the common case: one IP header, no outer flow
  }
  for (; at_ < d_.size(); ++at_) {
    const layer& t = d_.layers[at_];
    // Transport headers at or after the innermost IP header are the packet's own flow.
    if ((t.id != layer_id::udp && t.id != layer_id::tcp) || t.offset >= end_) {
      continue;
    }
    const std::size_t ip = ip_of(d_, at_);
    if (ip == at_ || ipv6_fragment_between(d_, ip, at_)) {
      continue;
    }
    o_ = {};
    o_.outer = true;
    o_.ts = o_.first_ts = ts_;
    o_.wire_bytes = wire_len_;
    o_.captured_bytes = d_.frame.size();
    if (!set_ip(d_, d_.layers[ip], o_)) {
      continue;
    }
    // Payload after the transport header up to the end of the IP datagram (its length field).
    const std::size_t ip_end = std::size_t{d_.layers[ip].offset} + o_.ip_bytes;
    const std::size_t hdr_end = std::size_t{t.offset} + t.length;
    o_.payload_len = ip_end > hdr_end ? static_cast<std::uint32_t>(ip_end - hdr_end) : 0;
    if (!set_transport(d_, t, ts_, o_)) {
      continue;
    }
    set_ip_context(d_, ip, o_.ep);
    ip_offset_ = d_.layers[ip].offset;
    ++at_;
    return &o_;
  }
  return nullptr;
}

} // namespace pktscope
