#include "generator_impl.hpp"

namespace pktscope::synth {

using namespace detail;

// --- packet assembly ------------------------------------------------------------------------

template <class Inner>
void generator::impl::emit_ip(conv& c, bool from_client, Inner&& inner) noexcept {
  endpoint& src = from_client ? c.c : c.s;
  const endpoint& dst = from_client ? c.s : c.c;
  const std::uint32_t flow = c.flow ^ src.port ^ dst.port;
  if (c.v6) {
    ipv6::header h;
    h.flow_label = c.flow;
    h.hop_limit = src.ttl;
    h.src = src.v6;
    h.dst = dst.v6;
    auto ipc = inner(build::start(build::ipv6_step{h}));
    frame(ipc, src.mac, dst.mac, from_client, flow);
  } else {
    ipv4::header h;
    h.ttl = src.ttl;
    std::uint16_t& id = from_client ? c.c_id : c.s_id;
    h.identification = id++;
    h.flags = ipv4::flag_df;
    h.src = src.v4;
    h.dst = dst.v4;
    auto ipc = inner(build::start(build::ipv4_step{h}));
    frame(ipc, src.mac, dst.mac, from_client, flow);
  }
  account(c, from_client);
}

template <class IpChain>
void generator::impl::frame(const IpChain& ipc, const mac_address& src, const mac_address& dst,
                            bool from_client, std::uint32_t flow) noexcept {
  const mut_bytes o(buf);
  std::size_t n = 0;
  const std::uint16_t vid = sc.vlan.value_or(0);
  const ipv4_address ta = from_client ? tunnel_ip_a : tunnel_ip_b;
  const ipv4_address tb = from_client ? tunnel_ip_b : tunnel_ip_a;
  const mac_address& ma = from_client ? tunnel_mac_a : tunnel_mac_b;
  const mac_address& mb = from_client ? tunnel_mac_b : tunnel_mac_a;
  ipv4::header outer;
  outer.ttl = 64;
  outer.flags = ipv4::flag_df;
  outer.identification = tunnel_id++;
  // RFC 7348 §5: the source port is a hash of the inner flow, in the dynamic range.
  const auto vx_port = static_cast<std::uint16_t>(49152 + (flow * 2654435761U >> 18) % 16384);
  switch (sc.tunnel) {
  case tunnel_kind::none:
    n = sc.vlan ? build::ethernet(src, dst).vlan(vid).inner(ipc).write_to(o)
                : build::ethernet(src, dst).inner(ipc).write_to(o);
    break;
  case tunnel_kind::vxlan:
    n = sc.vlan ? build::ethernet(ma, mb)
                      .vlan(vid)
                      .ipv4(ta, tb, outer)
                      .udp(vx_port, 4789, {.checksum = false})
                      .vxlan(vxlan_vni)
                      .ethernet(src, dst)
                      .inner(ipc)
                      .write_to(o)
                : build::ethernet(ma, mb)
                      .ipv4(ta, tb, outer)
                      .udp(vx_port, 4789, {.checksum = false})
                      .vxlan(vxlan_vni)
                      .ethernet(src, dst)
                      .inner(ipc)
                      .write_to(o);
    break;
  case tunnel_kind::gre:
    n = sc.vlan ? build::ethernet(ma, mb).vlan(vid).ipv4(ta, tb, outer).gre().inner(ipc).write_to(o)
                : build::ethernet(ma, mb).ipv4(ta, tb, outer).gre().inner(ipc).write_to(o);
    break;
  }
  current.pkt.ts = now;
  current.pkt.data = bytes(buf.data(), n);
  current.pkt.original_len = static_cast<std::uint32_t>(n);
  emitted = true;
}

void generator::impl::account(const conv& c, bool from_client) noexcept {
  ++summary.packets;
  summary.bytes += current.pkt.data.size();
  if (summary.packets == 1) {
    summary.first_ns = now;
  }
  summary.last_ns = now;
  current.event = c.event;
  current.attack = false;
  if (c.event < 0) {
    ++summary.normal_packets;
    return;
  }
  event_label& l = event_labels[static_cast<std::size_t>(c.event)];
  const bool attack = c.kind == conv_kind::stream || (c.kind == conv_kind::web && from_client);
  if (attack) {
    current.attack = true;
    if (l.packets++ == 0) {
      l.start_ns = now;
    }
    l.end_ns = now;
  } else if (from_client) {
    ++l.other_packets;
  } else {
    ++l.response_packets;
  }
}

void generator::impl::emit_tcp(conv& c, bool from_client, tcp::flag_set flags, std::uint32_t seq,
                               std::uint32_t ack, bytes payload, std::uint16_t window,
                               const build::tcp_options& opts) noexcept {
  const endpoint& src = from_client ? c.c : c.s;
  const endpoint& dst = from_client ? c.s : c.c;
  const build::tcp_params p{
      .seq = seq, .ack = ack, .flags = flags, .window = window, .options = opts};
  emit_ip(c, from_client, [&](auto ip) { return ip.tcp(src.port, dst.port, p).payload(payload); });
}

void generator::impl::emit_udp(conv& c, bool from_client, bytes payload) noexcept {
  const endpoint& src = from_client ? c.c : c.s;
  const endpoint& dst = from_client ? c.s : c.c;
  emit_ip(c, from_client, [&](auto ip) { return ip.udp(src.port, dst.port).payload(payload); });
}

void generator::impl::emit_echo(conv& c, bool from_client, bool reply, bytes payload) noexcept {
  emit_ip(c, from_client, [&](auto ip) {
    if constexpr (is_v6_chain<decltype(ip)>()) {
      return ip.icmpv6(build::icmpv6_echo(c.icmp_id, c.icmp_seq, reply)).payload(payload);
    } else {
      return ip.icmp(build::icmp_echo(c.icmp_id, c.icmp_seq, reply)).payload(payload);
    }
  });
}

void generator::impl::emit_port_unreachable(conv& c) noexcept {
  // The quoted datagram is the probe as it arrived (RFC 792; Linux quotes all of it).
  ipv4::header probe;
  probe.ttl = c.c.ttl;
  probe.identification = static_cast<std::uint16_t>(c.mark);
  probe.flags = ipv4::flag_df;
  probe.src = c.c.v4;
  probe.dst = c.s.v4;
  const auto quoted = build::start(build::ipv4_step{probe}).udp(c.c.port, c.s.port).payload({});
  const icmp::header h{static_cast<std::uint8_t>(icmp::message_type::destination_unreachable),
                       static_cast<std::uint8_t>(icmp::unreachable_code::port), 0, 0};
  emit_ip(c, false, [&](auto ip) {
    if constexpr (is_v6_chain<decltype(ip)>()) {
      return ip.payload({});
    } else {
      return ip.icmp(h).inner(quoted);
    }
  });
}

} // namespace pktscope::synth
