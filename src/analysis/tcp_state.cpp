#include <pktscope/analysis/tcp_state.hpp>

#include <pktscope/core/name_table.hpp>
#include <pktscope/proto/tcp.hpp>

#include <array>
#include <cstdlib>

namespace pktscope {

namespace {

constexpr std::array<std::string_view, conn_state_count> state_names{
    "S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH"};

// Zeek's TCP_Endpoint history masks; the responder's are shifted left by 16.
constexpr std::uint32_t hist_syn = 0x1, hist_fin = 0x2, hist_rst = 0x4, hist_fin_rst = 0x8,
                        hist_data = 0x10, hist_ack = 0x20, hist_multi_flag = 0x40;

// Zeek's TOO_LARGE_SEQ_DELTA: SYN/RST sequence jumps beyond this are not trusted.
constexpr std::int32_t too_large_seq_delta = 1048576;

constexpr char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

void set_state(tcp_endpoint& ep, tcp_endpoint_state s) noexcept {
  if (ep.state != s) {
    ep.prev_state = ep.state;
    ep.state = s;
  }
}

void init_seq(tcp_endpoint& ep, std::uint32_t start, std::uint32_t last) noexcept {
  ep.seq_init = true;
  ep.start_seq = start;
  ep.ack_seq = start;
  ep.last_seq = last;
  ep.gap_edge = last;
  ep.holes = 0;
}

/// Removes [b, e) from the endpoint's holes; true when it overlapped one.
bool fill_hole(tcp_endpoint& ep, std::uint32_t b, std::uint32_t e) noexcept {
  bool hit = false;
  for (std::size_t i = 0; i < ep.holes;) {
    const std::uint32_t hb = ep.hole_begin[i];
    const std::uint32_t he = ep.hole_end[i];
    if (tcp::seq_delta(e, hb) <= 0 || tcp::seq_delta(he, b) <= 0) {
      ++i;
      continue;
    }
    hit = true;
    const bool keep_left = tcp::seq_delta(b, hb) > 0;
    const bool keep_right = tcp::seq_delta(he, e) > 0;
    if (keep_left && keep_right) {
      ep.hole_end[i] = b;
      if (ep.holes < tcp_endpoint::max_holes) {
        ep.hole_begin[ep.holes] = e;
        ep.hole_end[ep.holes] = he;
        ++ep.holes;
      }
      ++i;
    } else if (keep_left) {
      ep.hole_end[i] = b;
      ++i;
    } else if (keep_right) {
      ep.hole_begin[i] = e;
      ++i;
    } else {
      --ep.holes;
      ep.hole_begin[i] = ep.hole_begin[ep.holes];
      ep.hole_end[i] = ep.hole_end[ep.holes];
    }
  }
  return hit;
}

void add_hole(tcp_endpoint& ep, std::uint32_t b, std::uint32_t e) noexcept {
  if (ep.holes == tcp_endpoint::max_holes) {
    // Forget the oldest hole: a segment filling it later counts as a retransmission.
    for (std::size_t i = 1; i < tcp_endpoint::max_holes; ++i) {
      ep.hole_begin[i - 1] = ep.hole_begin[i];
      ep.hole_end[i - 1] = ep.hole_end[i];
    }
    --ep.holes;
  }
  ep.hole_begin[ep.holes] = b;
  ep.hole_end[ep.holes] = e;
  ++ep.holes;
}

bool history_is_rstos0(std::string_view h) noexcept {
  // Zeek: /\^?S[^HAFGIQ]*R.*/ == c$history (a pattern match is anchored at both ends).
  std::size_t i = 0;
  if (i < h.size() && h[i] == '^') {
    ++i;
  }
  if (i >= h.size() || h[i] != 'S') {
    return false;
  }
  for (++i; i < h.size(); ++i) {
    const char c = h[i];
    if (c == 'R') {
      return true;
    }
    if (c == 'H' || c == 'A' || c == 'F' || c == 'G' || c == 'I' || c == 'Q') {
      return false;
    }
  }
  return false;
}

} // namespace

std::string_view conn_state_name(conn_state s) noexcept {
  return name_in(state_names, s, "OTH");
}

std::optional<conn_state> parse_conn_state(std::string_view name) noexcept {
  return value_named<conn_state>(state_names, name);
}

void conn_history::add(char code) noexcept {
  if (size_ < capacity) {
    letters_[size_++] = code;
  } else {
    truncated_ = true;
  }
}

bool conn_history::check(std::uint32_t mask, char code) noexcept {
  if ((seen_ & mask) == 0) {
    seen_ |= mask;
    add(code);
    return false;
  }
  return true;
}

bool conn_history::scaled(char code, std::uint32_t& counter, std::uint32_t& threshold) noexcept {
  if (++counter != threshold) {
    return false;
  }
  add(code);
  const std::uint64_t next = std::uint64_t{threshold} * 10U;
  if (next > 0xffffffffU) {
    counter = 0; // as Zeek on wrap-around: keep the threshold, restart the count
  } else {
    threshold = static_cast<std::uint32_t>(next);
  }
  return true;
}

std::uint64_t tcp_endpoint::size() const noexcept {
  if (!seq_init) {
    return 0;
  }
  const bool no_data_acked = ack_seq == start_seq || ack_seq == start_seq + 1;
  if (prev_state == tcp_endpoint_state::syn_sent && state == tcp_endpoint_state::reset &&
      !no_data_acked) {
    // Zeek: "a half-open connection was discovered and aborted" (it also requires the peer to
    // be inactive; the caller's conn_state only asks for sizes when that matters).
    return 0;
  }
  const std::int32_t rel_last = tcp::seq_delta(last_seq, start_seq);
  const std::int32_t rel_ack = tcp::seq_delta(ack_seq, start_seq);
  std::int32_t rel = rel_last > rel_ack ? rel_last : rel_ack;
  if (rel <= 0) {
    return 0;
  }
  std::uint64_t size = static_cast<std::uint64_t>(rel) - 1; // the SYN octet
  if (fin_count > 0 && size != 0) {
    --size; // the FIN octet
  }
  return size;
}

bool tcp_connection::is_reuse(const tcp_segment& s, bool is_orig) const noexcept {
  const auto f = tcp::flag_set(s.flags);
  if (!f.has(tcp::flag::syn) || f.has(tcp::flag::ack)) {
    return false;
  }
  const tcp_endpoint& ep = ep_[is_orig ? 0 : 1];
  if (ep.syn_seen) {
    // A SYN again with the ISN of that side's SYN is a retransmission, also after a RST
    // (tshark keeps it in the stream; Zeek would open a new connection once the old is over).
    return s.seq != ep.start_seq;
  }
  return is_over();
}

bool tcp_connection::is_over() const noexcept {
  const tcp_endpoint_state o = ep_[0].state;
  const tcp_endpoint_state r = ep_[1].state;
  const auto done = [](tcp_endpoint_state st) {
    return st == tcp_endpoint_state::closed || st == tcp_endpoint_state::reset;
  };
  return (done(o) && done(r)) || o == tcp_endpoint_state::reset || r == tcp_endpoint_state::reset;
}

void tcp_connection::update(const tcp_segment& s, bool is_orig) noexcept {
  tcp_endpoint& ep = ep_[is_orig ? 0 : 1];
  tcp_endpoint& peer = ep_[is_orig ? 1 : 0];
  const auto f = tcp::flag_set(s.flags);
  const bool syn = f.has(tcp::flag::syn);
  const bool fin = f.has(tcp::flag::fin);
  const bool rst = f.has(tcp::flag::rst);
  const bool ack = f.has(tcp::flag::ack);
  const auto side_code = [is_orig](char c) { return is_orig ? c : lower(c); };
  const auto check = [&](std::uint32_t mask, char c) {
    return history_.check(is_orig ? mask : mask << 16, side_code(c));
  };

  if (s.bad_checksum) {
    // Zeek discards a segment with a bad checksum after noting it ('c', scaled).
    history_.scaled(side_code('C'), ep.chk_count, ep.chk_thresh);
    return;
  }

  const std::uint32_t len = s.payload_len;
  std::uint32_t seg_len = len + (syn ? 1U : 0U) + (fin ? 1U : 0U);
  if (rst) {
    seg_len -= len; // RST data is no part of the stream
  }
  const std::uint32_t seq_end = s.seq + seg_len;

  // Zeek's init_endpoint. A SYN's payload (TCP Fast Open) counts as new data here, where
  // Zeek would flag it as a retransmission.
  switch (ep.state) {
  case tcp_endpoint_state::inactive:
    if (syn) {
      init_seq(ep, s.seq, s.seq + 1);
    } else {
      // Midstream: number as though a SYN had been seen just before.
      init_seq(ep, s.seq - 1, s.seq);
    }
    break;
  case tcp_endpoint_state::syn_sent:
  case tcp_endpoint_state::syn_ack_sent:
  case tcp_endpoint_state::established:
  case tcp_endpoint_state::partial:
    if (syn && (s.seq != ep.start_seq || ep.state == tcp_endpoint_state::established ||
                ep.state == tcp_endpoint_state::partial)) {
      init_seq(ep, s.seq, s.seq + 1);
    }
    break;
  case tcp_endpoint_state::reset:
    if (syn && ep.prev_state == tcp_endpoint_state::inactive) {
      init_seq(ep, s.seq, s.seq + 1);
    }
    break;
  case tcp_endpoint_state::closed: break;
  }
  if (syn) {
    ep.syn_seen = true;
  }

  // Zeek's update_history.
  const int bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
  if (bits > 1) {
    if (fin && rst) {
      check(hist_fin_rst, 'I');
    } else {
      check(hist_multi_flag, 'Q');
    }
  } else if (bits == 1) {
    if (syn) {
      const char code = ack ? 'H' : 'S';
      if (check(hist_syn, code) && s.seq != ep.hist_last_syn) {
        history_.add(side_code(code));
      }
      ep.hist_last_syn = s.seq;
    }
    if (fin) {
      // A FIN's sequence number is that after its data.
      if (check(hist_fin, 'F') && s.seq + len != ep.hist_last_fin) {
        history_.add(side_code('F'));
      }
      ep.hist_last_fin = s.seq + len;
    }
    if (rst) {
      if (check(hist_rst, 'R') && s.seq != ep.hist_last_rst) {
        history_.add(side_code('R'));
      }
      ep.hist_last_rst = s.seq;
    }
  } else if (len > 0) {
    check(hist_data, 'D');
  } else if (ack) {
    check(hist_ack, 'A');
  }

  // Zeek's update_window: zero windows are boring with or after a RST, or after the peer's FIN.
  if (s.window == 0 && !rst && peer.state != tcp_endpoint_state::closed &&
      ep.state != tcp_endpoint_state::reset) {
    ++ep.zero_windows;
    history_.scaled(side_code('W'), ep.win0_count, ep.win0_thresh);
  }

  if (fin) {
    ++ep.fin_count;
    if (first_fin == tcp_side::none) {
      first_fin = is_orig ? tcp_side::orig : tcp_side::resp;
    }
  }
  if (rst) {
    ++ep.rst_count;
    if (first_rst == tcp_side::none) {
      first_rst = is_orig ? tcp_side::orig : tcp_side::resp;
    }
  }

  // Handshake timing.
  if (syn && !ack && is_orig && !have_syn) {
    syn_ts = s.ts;
    have_syn = true;
  } else if (syn && ack && !is_orig && have_syn && !have_syn_ack) {
    syn_ack_ts = s.ts;
    have_syn_ack = true;
  } else if (!syn && !rst && ack && is_orig && have_syn_ack && !have_ack) {
    ack_ts = s.ts;
    have_ack = true;
  }

  if (ack) {
    if (peer.state == tcp_endpoint_state::inactive) {
      // Zeek's init_peer: number the peer's data as though its SYN had been seen.
      init_seq(peer, s.ack - 1, s.ack - 1);
    } else if (!rst) { // acks in RSTs are not trusted
      const std::int32_t d = tcp::seq_delta(s.ack, peer.ack_seq);
      if (!(s.ack == 0 && d > too_large_seq_delta) && d > 0) {
        peer.ack_seq = s.ack;
      }
      // Content gaps: the peer's data acknowledged here was never seen.
      std::uint64_t missed = 0;
      for (std::size_t i = 0; i < peer.holes;) {
        if (tcp::seq_delta(s.ack, peer.hole_end[i]) >= 0) {
          missed += static_cast<std::uint32_t>(peer.hole_end[i] - peer.hole_begin[i]);
          --peer.holes;
          peer.hole_begin[i] = peer.hole_begin[peer.holes];
          peer.hole_end[i] = peer.hole_end[peer.holes];
        } else {
          ++i;
        }
      }
      const std::uint32_t edge =
          tcp::seq_delta(peer.gap_edge, peer.last_seq) > 0 ? peer.gap_edge : peer.last_seq;
      const std::int32_t beyond = tcp::seq_delta(s.ack, edge);
      if (beyond > 0 && beyond <= too_large_seq_delta) {
        missed += static_cast<std::uint32_t>(beyond);
        peer.gap_edge = s.ack;
      }
      if (missed > 0) {
        peer.missed_bytes += missed;
        history_.scaled(is_orig ? 'g' : 'G', peer.gap_count, peer.gap_thresh);
      }
    }
  }

  // Zeek's update_last_seq, with out-of-order arrivals told apart from retransmissions.
  const std::int32_t delta_last = tcp::seq_delta(seq_end, ep.last_seq);
  if ((syn || rst) && std::abs(static_cast<long>(delta_last)) > too_large_seq_delta) {
    // not trusted
  } else if (fin && ep.last_seq == ep.start_seq + 1) {
    ep.last_seq = seq_end;
  } else if (ep.state == tcp_endpoint_state::reset) {
    // nothing after a RST is trusted
  } else if (delta_last > 0) {
    if (len > 0 && tcp::seq_delta(s.seq, ep.last_seq) > 0) {
      add_hole(ep, ep.last_seq, s.seq);
    }
    ep.last_seq = seq_end;
  } else if (len > 0) {
    if (fill_hole(ep, s.seq, s.seq + len)) {
      ++ep.out_of_order;
    } else {
      ++ep.retransmissions;
      history_.scaled(side_code('T'), ep.rxmt_count, ep.rxmt_thresh);
    }
  }

  update_state(ep, peer, s, is_orig, delta_last);
}

void tcp_connection::update_state(tcp_endpoint& ep, tcp_endpoint& peer, const tcp_segment& s,
                                  bool is_orig, std::int32_t /*delta_last*/) noexcept {
  const auto f = tcp::flag_set(s.flags);
  const bool syn = f.has(tcp::flag::syn);
  const bool fin = f.has(tcp::flag::fin);
  const bool rst = f.has(tcp::flag::rst);
  const bool ack = f.has(tcp::flag::ack);
  using st = tcp_endpoint_state;

  switch (ep.state) {
  case st::inactive:
    if (syn) {
      if (is_orig) {
        set_state(ep, ack ? st::syn_ack_sent : st::syn_sent);
      } else {
        if (peer.state == st::syn_sent) {
          set_state(peer, st::established);
        }
        set_state(ep, st::established);
      }
    }
    if (fin) {
      set_state(ep, st::closed);
    }
    if (rst) {
      set_state(ep, st::reset);
    }
    if (ep.state == st::inactive) { // no control flag changed it
      if (!is_orig && s.payload_len == 0 && ep_[0].state == st::syn_sent) {
        // Some stacks ack a SYN before answering it: not a partial connection (Zeek).
      } else if (ack && peer.state == st::established) {
        set_state(ep, st::established); // the SYN was missed, the SYN+ACK seen
      } else {
        set_state(ep, st::partial);
      }
    }
    break;
  case st::syn_sent:
  case st::syn_ack_sent:
    if (fin) {
      set_state(ep, st::closed);
    }
    if (rst) {
      set_state(ep, st::reset);
    }
    break;
  case st::established:
  case st::partial:
    if (syn && ep.state == st::partial && peer.state == st::inactive && !ack) {
      set_state(ep, st::syn_sent);
    }
    if (fin && !rst) {
      set_state(ep, st::closed);
      if (peer.state == st::reset && peer.prev_state == st::closed) {
        set_state(peer, st::closed); // FIN then RST from the peer: a normal termination
      }
    }
    if (rst) {
      set_state(ep, st::reset);
    }
    break;
  case st::closed:
    if (rst && peer.state != st::closed) {
      set_state(ep, st::reset);
    }
    break;
  case st::reset: break;
  }
}

conn_state tcp_connection::state() const noexcept {
  // Zeek's conn_state() (base/protocols/conn/main.zeek), TCP branch.
  using st = tcp_endpoint_state;
  const tcp_endpoint& o = ep_[0];
  const tcp_endpoint& r = ep_[1];
  const bool o_inactive = o.state == st::inactive || o.state == st::partial;
  const bool r_inactive = r.state == st::inactive || r.state == st::partial;
  if (r.state == st::reset) {
    if (o.state == st::syn_sent || o.state == st::syn_ack_sent ||
        (o.state == st::reset && o.size() == 0 && r.size() == 0)) {
      return conn_state::rej;
    }
    return o_inactive ? conn_state::rstrh : conn_state::rstr;
  }
  if (o.state == st::reset) {
    if (r_inactive) {
      return history_is_rstos0(history_.str()) ? conn_state::rstos0 : conn_state::oth;
    }
    return conn_state::rsto;
  }
  if (r.state == st::closed && o.state == st::closed) {
    return conn_state::sf;
  }
  if (o.state == st::closed) {
    return r_inactive ? conn_state::sh : conn_state::s2;
  }
  if (r.state == st::closed) {
    return o_inactive ? conn_state::shr : conn_state::s3;
  }
  if (o.state == st::syn_sent && r.state == st::inactive) {
    return conn_state::s0;
  }
  if (o.state == st::established && r.state == st::established) {
    return conn_state::s1;
  }
  return conn_state::oth;
}

} // namespace pktscope
