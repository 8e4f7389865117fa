#include "generator_impl.hpp"

namespace pktscope::synth {

using namespace detail;

// --- the events' conversations: the attackers' streams and the victims' replies -----------

void generator::impl::step_stream(conv& c) noexcept {
  event_state& ev = events[static_cast<std::size_t>(c.event)];
  const event_spec& e = ev.spec;
  const std::uint32_t i = c.counter++;
  const ipv4_address target = ipv4_address::from_u32(ev.targets[i % ev.targets.size()]);
  const host* victim = find_host(target);
  c.s = victim != nullptr ? endpoint_of(*victim, 0) : endpoint{target, {}, mac_for(target), 0, 64};
  c.rtt = victim != nullptr ? std::max<timestamp_ns>(victim->base_rtt, 100 * us) : ms;
  using tcp::flag;
  const auto answer_at = now + c.rtt + static_cast<timestamp_ns>(r.between(0, 200)) * us;

  switch (e.kind) {
  case event_kind::port_scan: {
    const std::uint16_t port = ev.ports[i % ev.ports.size()];
    c.s.port = port;
    if (e.scan == scan_type::udp) {
      c.c.port = ev.sport;
      c.mark = c.c_id; // the IP identification the probe is about to use
      emit_udp(c, true, {});
      if (victim != nullptr && !victim->udp_open(port)) {
        new_reply(c, reply_kind::udp_unreachable, answer_at);
      }
      break;
    }
    const bool open = victim != nullptr && victim->tcp_open(port);
    c.c_seq = r.next_u32();
    c.probe_ack = 0;
    tcp::flag_set flags{flag::syn};
    reply_kind reply = reply_kind::rst_ack;
    bool answered = victim != nullptr;
    build::tcp_options opts{.mss = 1460};
    std::uint16_t window = 1024;
    c.c.port = ev.sport;
    switch (e.scan) {
    case scan_type::syn: reply = open ? reply_kind::syn_scan_open : reply_kind::rst_ack; break;
    case scan_type::connect:
      c.c.port = static_cast<std::uint16_t>(40000 + (i % 20000));
      opts = {.mss = 1460, .window_scale = 7, .sack_permitted = true};
      window = 64240;
      reply = open ? reply_kind::connect_open : reply_kind::rst_ack;
      break;
    case scan_type::null:
      flags = tcp::flag_set{};
      opts = {};
      answered = answered && !open;
      break;
    case scan_type::fin:
      flags = {flag::fin};
      opts = {};
      answered = answered && !open;
      break;
    case scan_type::xmas:
      flags = {flag::fin, flag::psh, flag::urg};
      opts = {};
      answered = answered && !open;
      break;
    case scan_type::ack:
      flags = {flag::ack};
      opts = {};
      c.probe_ack = r.next_u32();
      reply = reply_kind::rst_only;
      break;
    case scan_type::udp: break;
    }
    emit_tcp(c, true, flags, c.c_seq, c.probe_ack, {}, window, opts);
    if (answered) {
      // The RST/ACK acknowledges what the probe occupied: SYN and FIN count one.
      const bool takes_one = flags.has(flag::syn) || flags.has(flag::fin);
      c.c_seq += takes_one ? 1 : 0;
      new_reply(c, reply, answer_at);
    }
    break;
  }
  case event_kind::syn_flood: {
    c.s.port = ev.ports[0];
    if (e.spoofed) {
      c.c.v4 = ipv4_address::from_u32(ev.spoof_prefix | (r.next_u32() & 0xffffU));
      c.c.mac = router_mac;
      c.c.ttl = static_cast<std::uint8_t>(r.between(40, 60));
    }
    c.c.port = static_cast<std::uint16_t>(r.between(1024, 65535));
    c.c_seq = r.next_u32();
    emit_tcp(c, true, {flag::syn}, c.c_seq, 0, {}, 512);
    ++c.c_seq;
    if (victim != nullptr) {
      new_reply(c, victim->tcp_open(c.s.port) ? reply_kind::synack_only : reply_kind::rst_ack,
                answer_at);
    }
    break;
  }
  case event_kind::ping_sweep:
  case event_kind::icmp_flood:
  case event_kind::icmp_tunnel: {
    c.icmp_id = static_cast<std::uint16_t>(ev.sport);
    c.icmp_seq = static_cast<std::uint16_t>(e.kind == event_kind::ping_sweep ? 0 : i + 1);
    bytes payload{};
    if (e.kind == event_kind::icmp_flood) {
      payload = ping_payload(now, e.size);
    } else if (e.kind == event_kind::icmp_tunnel) {
      const auto len = static_cast<std::uint16_t>(r.between(e.size - e.size / 4, e.size));
      c.payload_len = len;
      c.payload_off = static_cast<std::uint32_t>(r.below(noise.size() - len));
      payload = bytes(noise).subspan(c.payload_off, len);
    }
    c.mark = now;
    c.payload_len = static_cast<std::uint16_t>(payload.size());
    emit_echo(c, true, false, payload);
    if (e.kind == event_kind::icmp_tunnel) {
      new_reply(c, reply_kind::tunnel_reply,
                now + 30 * ms + static_cast<timestamp_ns>(r.below(20 * ms)));
    } else if (victim != nullptr) {
      new_reply(c, reply_kind::echo_reply, answer_at);
    }
    break;
  }
  case event_kind::volume_spike: {
    plan p;
    p.kind = conv_kind::web;
    p.server = ev.victim_host;
    if (const host* h = find_host(target)) {
      p.server = static_cast<std::uint32_t>(h - hosts.data());
    }
    p.client = clients.front();
    p.n_req = static_cast<std::uint8_t>(r.between(1, 3));
    for (std::uint8_t k = 0; k < p.n_req; ++k) {
      p.req_size[k] = static_cast<std::uint16_t>(r.between(200, 700));
      p.body[k] = static_cast<std::uint32_t>(std::clamp(r.lognormal(9.0, 1.0), 200.0, 300000.0));
    }
    endpoint src;
    src.v4 =
        ipv4_address::from_u32(ev.spike_base + 1 + static_cast<std::uint32_t>(r.below(e.sources)));
    src.mac = router_mac;
    src.ttl = 50;
    start_conversation(p, now, c.event, &src);
    break;
  }
  case event_kind::dns_tunnel: {
    c.s.port = 53;
    c.c.port = static_cast<std::uint16_t>(r.between(32768, 60999));
    c.dns_id = r.next_u16();
    c.aux = r.next();
    c.qtype = static_cast<std::uint16_t>(dns::qtype::txt);
    emit_udp(c, true, dns_query(c));
    if (victim != nullptr) {
      new_reply(c, reply_kind::dns_tunnel, now + static_cast<timestamp_ns>(r.between(1, 40)) * ms);
    }
    break;
  }
  case event_kind::sensitive_ports: {
    const std::uint16_t port = ev.ports[i % ev.ports.size()];
    c.s.port = port;
    c.c.port = static_cast<std::uint16_t>(r.between(40000, 60000));
    c.c_seq = r.next_u32();
    emit_tcp(c, true, {flag::syn}, c.c_seq, 0, {}, 64240,
             {.mss = 1460, .window_scale = 8, .sack_permitted = true});
    ++c.c_seq;
    if (victim != nullptr) {
      new_reply(c, victim->tcp_open(port) ? reply_kind::session_open : reply_kind::rst_ack,
                answer_at);
    }
    break;
  }
  }

  if (c.counter >= c.limit) {
    c.done = true;
  } else {
    const double jitter = e.slow ? r.exponential(1.0) : 0.75 + 0.5 * r.uniform();
    c.next = now + 1 + static_cast<timestamp_ns>(ev.interval_ns * jitter);
  }
}

void generator::impl::new_reply(const conv& probe, reply_kind k, timestamp_ns at) noexcept {
  const std::uint32_t idx = alloc();
  conv& c = pool[idx];
  c.kind = conv_kind::reply;
  c.reply = k;
  c.event = probe.event;
  c.c = probe.c;
  c.s = probe.s;
  c.c_seq = probe.c_seq;
  c.probe_ack = probe.probe_ack;
  c.s_seq = r.next_u32();
  c.c_id = static_cast<std::uint16_t>(probe.c_id + 7);
  c.s_id = r.next_u16();
  c.rtt = probe.rtt;
  c.mark = probe.mark;
  c.icmp_id = probe.icmp_id;
  c.icmp_seq = probe.icmp_seq;
  c.payload_len = probe.payload_len;
  c.payload_off = probe.payload_off;
  c.dns_id = probe.dns_id;
  c.aux = probe.aux;
  c.qtype = probe.qtype;
  push(idx, at);
}

void generator::impl::step_reply(conv& c) noexcept {
  using tcp::flag;
  const timestamp_ns small = 30 * us;
  switch (c.reply) {
  case reply_kind::rst_ack:
    emit_tcp(c, false, {flag::rst, flag::ack}, 0, c.c_seq, {}, 0);
    c.done = true;
    break;
  case reply_kind::rst_only:
    emit_tcp(c, false, {flag::rst}, c.probe_ack, 0, {}, 0);
    c.done = true;
    break;
  case reply_kind::synack_only:
    emit_tcp(c, false, {flag::syn, flag::ack}, c.s_seq, c.c_seq, {}, 65160,
             {.mss = 1460, .window_scale = 7, .sack_permitted = true});
    c.done = true;
    break;
  case reply_kind::syn_scan_open:
    if (c.phase == 0) {
      emit_tcp(c, false, {flag::syn, flag::ack}, c.s_seq, c.c_seq, {}, 65160,
               {.mss = 1460, .window_scale = 7, .sack_permitted = true});
      c.phase = 1;
      c.next = now + small;
    } else {
      emit_tcp(c, true, {flag::rst}, c.c_seq, 0, {}, 0);
      c.done = true;
    }
    break;
  case reply_kind::connect_open:
  case reply_kind::session_open:
    switch (c.phase) {
    case 0:
      emit_tcp(c, false, {flag::syn, flag::ack}, c.s_seq, c.c_seq, {}, 65160,
               {.mss = 1460, .window_scale = 7, .sack_permitted = true});
      ++c.s_seq;
      c.next = now + small;
      break;
    case 1:
      emit_tcp(c, true, {flag::ack}, c.c_seq, c.s_seq, {}, 502);
      c.next = now + (c.reply == reply_kind::connect_open ? small : 200 * ms);
      break;
    case 2:
      if (c.reply == reply_kind::connect_open) {
        emit_tcp(c, true, {flag::rst, flag::ack}, c.c_seq, c.s_seq, {}, 0);
        c.done = true;
        break;
      }
      emit_tcp(c, true, {flag::fin, flag::ack}, c.c_seq, c.s_seq, {}, 502);
      ++c.c_seq;
      c.next = now + c.rtt;
      break;
    case 3:
      emit_tcp(c, false, {flag::fin, flag::ack}, c.s_seq, c.c_seq, {}, 509);
      ++c.s_seq;
      c.next = now + small;
      break;
    default:
      emit_tcp(c, true, {flag::ack}, c.c_seq, c.s_seq, {}, 502);
      c.done = true;
      break;
    }
    ++c.phase;
    break;
  case reply_kind::udp_unreachable:
    emit_port_unreachable(c);
    c.done = true;
    break;
  case reply_kind::echo_reply:
    emit_echo(c, false, true, c.payload_len == 0 ? bytes{} : ping_payload(c.mark, c.payload_len));
    c.done = true;
    break;
  case reply_kind::tunnel_reply: {
    const auto len = static_cast<std::size_t>(r.between(c.payload_len / 2, c.payload_len));
    emit_echo(c, false, true, bytes(noise).subspan(r.below(noise.size() - len), len));
    c.done = true;
    break;
  }
  case reply_kind::dns_tunnel:
    emit_udp(c, false, dns_response(c));
    c.done = true;
    break;
  }
}

} // namespace pktscope::synth
