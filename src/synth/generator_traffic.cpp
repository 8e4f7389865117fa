#include "generator_impl.hpp"

namespace pktscope::synth {

using namespace detail;

// --- normal conversations -------------------------------------------------------------------

void generator::impl::step_web(conv& c) noexcept {
  using tcp::flag;
  const build::tcp_options syn_opts{.mss = c.mss, .window_scale = 7, .sack_permitted = true};
  switch (static_cast<web_phase>(c.phase)) {
  case web_phase::syn:
    emit_tcp(c, true, {flag::syn}, c.c_seq, 0, {}, 64240, syn_opts);
    ++c.c_seq;
    c.phase = static_cast<std::uint8_t>(c.refused ? web_phase::refused : web_phase::synack);
    c.next = now + c.rtt;
    break;
  case web_phase::refused:
    emit_tcp(c, false, {flag::rst, flag::ack}, 0, c.c_seq, {}, 0);
    c.done = true;
    break;
  case web_phase::synack:
    emit_tcp(c, false, {flag::syn, flag::ack}, c.s_seq, c.c_seq, {}, 65160, syn_opts);
    ++c.s_seq;
    c.phase = static_cast<std::uint8_t>(web_phase::ack);
    c.next = now + c.delta;
    break;
  case web_phase::ack:
    emit_tcp(c, true, {flag::ack}, c.c_seq, c.s_seq, {}, 502);
    c.phase = static_cast<std::uint8_t>(web_phase::request);
    c.next = now + static_cast<timestamp_ns>(r.between(50, 2000)) * us;
    break;
  case web_phase::request: {
    const bytes req = http_request(c);
    emit_tcp(c, true, {flag::psh, flag::ack}, c.c_seq, c.s_seq, req, 502);
    c.c_seq += static_cast<std::uint32_t>(req.size());
    char hdr[160];
    c.resp_left = http_header(c, hdr, sizeof hdr) + c.body[c.req_i];
    c.seg_k = 0;
    c.phase = static_cast<std::uint8_t>(web_phase::response);
    c.next = now + c.rtt + static_cast<timestamp_ns>(r.exponential(3.0 * ms));
    break;
  }
  case web_phase::response: {
    const std::size_t len = static_cast<std::size_t>(std::min<std::uint64_t>(c.mss, c.resp_left));
    const bool last = len == c.resp_left;
    const bytes seg = http_segment(c, len);
    emit_tcp(c, false, last ? tcp::flag_set{flag::psh, flag::ack} : tcp::flag_set{flag::ack},
             c.s_seq, c.c_seq, seg, 509);
    c.s_seq += static_cast<std::uint32_t>(len);
    c.resp_left -= len;
    c.mark = now;
    ++c.seg_k;
    if (c.seg_k % 2 == 0 || last) {
      c.phase = static_cast<std::uint8_t>(web_phase::client_ack);
      c.next = now + c.delta;
    } else {
      c.next = now + c.gap;
    }
    break;
  }
  case web_phase::client_ack:
    emit_tcp(c, true, {flag::ack}, c.c_seq, c.s_seq, {}, 502);
    if (c.resp_left > 0) {
      c.phase = static_cast<std::uint8_t>(web_phase::response);
      c.next = std::max(now, c.mark + c.gap);
    } else if (++c.req_i < c.n_req) {
      c.phase = static_cast<std::uint8_t>(web_phase::request);
      c.next = now + static_cast<timestamp_ns>(r.exponential(200.0 * ms));
    } else {
      c.phase = static_cast<std::uint8_t>(web_phase::close);
      c.next = now + static_cast<timestamp_ns>(r.exponential(500.0 * ms));
    }
    break;
  case web_phase::close:
    if (c.rst_close) {
      emit_tcp(c, true, {flag::rst, flag::ack}, c.c_seq, c.s_seq, {}, 0);
      c.done = true;
      break;
    }
    emit_tcp(c, true, {flag::fin, flag::ack}, c.c_seq, c.s_seq, {}, 502);
    ++c.c_seq;
    c.phase = static_cast<std::uint8_t>(web_phase::server_fin);
    c.next = now + c.rtt;
    break;
  case web_phase::server_fin:
    emit_tcp(c, false, {flag::fin, flag::ack}, c.s_seq, c.c_seq, {}, 509);
    ++c.s_seq;
    c.phase = static_cast<std::uint8_t>(web_phase::last_ack);
    c.next = now + c.delta;
    break;
  case web_phase::last_ack:
    emit_tcp(c, true, {flag::ack}, c.c_seq, c.s_seq, {}, 502);
    c.done = true;
    break;
  }
}

void generator::impl::step_dns(conv& c) noexcept {
  if (c.phase == 0) {
    emit_udp(c, true, dns_query(c));
    c.phase = 1;
    c.next = now + c.rtt;
  } else {
    emit_udp(c, false, dns_response(c));
    c.done = true;
  }
}

void generator::impl::step_ping(conv& c) noexcept {
  if (c.phase == 0) {
    c.mark = now;
    emit_echo(c, true, false, ping_payload(now, 56));
    c.phase = 1;
    c.next = now + c.rtt;
  } else {
    emit_echo(c, false, true, ping_payload(c.mark, 56));
    ++c.icmp_seq;
    if (++c.counter >= c.limit) {
      c.done = true;
    } else {
      c.phase = 0;
      c.next = std::max(now, c.mark + sec + static_cast<timestamp_ns>(r.between(0, 500)) * us);
    }
  }
}

} // namespace pktscope::synth
