#include <pktscope/analysis/detect/connection_tracker.hpp>

#include <pktscope/analysis/detect/bounded_map.hpp>
#include <pktscope/core/assert.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/decode/decoded_packet.hpp>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

namespace pktscope::detect {

namespace {

constexpr std::uint16_t f_fin = 0x01, f_syn = 0x02, f_rst = 0x04, f_psh = 0x08, f_ack = 0x10,
                        f_urg = 0x20;
constexpr std::uint8_t proto_tcp = 6, proto_udp = 17;
constexpr int seen_tick_shift = 20;

// An address folded to 64 bits (IPv4 addresses fill the first 4 bytes, the rest is zero).
std::uint64_t addr_word(const std::array<std::uint8_t, 16>& a) noexcept {
  std::uint64_t lo = 0, hi = 0;
  std::memcpy(&lo, a.data(), 8);
  std::memcpy(&hi, a.data() + 8, 8);
  return mix64(lo ^ (hi * 0x9e3779b97f4a7c15ULL));
}

// Directed tuple key from the folded addresses: (a, b) and (b, a) differ. The addresses are
// already mixed words; the ports, version and protocol only need to land apart from them,
// which an odd multiplier does (one finaliser for the whole key).
std::uint64_t tuple_key(std::uint8_t version, std::uint8_t proto, std::uint64_t a, std::uint64_t b,
                        std::uint16_t sport, std::uint16_t dport) noexcept {
  const std::uint64_t ports = (std::uint64_t{sport} << 16) | dport |
                              (std::uint64_t{version} << 40) | (std::uint64_t{proto} << 32);
  const std::uint64_t h = mix64(a * 0xd6e8feb86659fd93ULL + b + ports * 0x9e3779b97f4a7c15ULL);
  return h == 0 ? 1 : h;
}
std::uint64_t tuple_key(std::uint8_t version, std::uint8_t proto,
                        const std::array<std::uint8_t, 16>& src,
                        const std::array<std::uint8_t, 16>& dst, std::uint16_t sport,
                        std::uint16_t dport) noexcept {
  return tuple_key(version, proto, addr_word(src), addr_word(dst), sport, dport);
}

bool is_group_address(std::uint8_t version, const std::array<std::uint8_t, 16>& a) noexcept {
  if (version == 4) {
    return a[0] >= 224 || (a[0] == 0 && a[1] == 0 && a[2] == 0 && a[3] == 0);
  }
  return a[0] == 0xff;
}

std::optional<probe_kind> classify_probe(std::uint16_t flags, std::uint32_t payload) noexcept {
  const std::uint16_t f = flags & 0x3f;
  if ((f & f_syn) != 0 && (f & (f_ack | f_rst)) == 0) {
    return probe_kind::syn;
  }
  if (f == 0) {
    return probe_kind::null;
  }
  if (f == f_fin) {
    return probe_kind::fin;
  }
  if (f == (f_fin | f_psh | f_urg)) {
    return probe_kind::xmas;
  }
  if (f == f_ack && payload == 0) {
    return probe_kind::ack;
  }
  return std::nullopt;
}

} // namespace

std::string_view probe_kind_name(probe_kind k) noexcept {
  switch (k) {
  case probe_kind::syn: return "syn";
  case probe_kind::null: return "null";
  case probe_kind::fin: return "fin";
  case probe_kind::xmas: return "xmas";
  case probe_kind::ack: return "ack";
  case probe_kind::udp: return "udp";
  }
  return "unknown";
}

std::string_view attempt_outcome_name(attempt_outcome o) noexcept {
  switch (o) {
  case attempt_outcome::started: return "started";
  case attempt_outcome::answered: return "answered";
  case attempt_outcome::rejected: return "rejected";
  case attempt_outcome::unanswered: return "unanswered";
  case attempt_outcome::completed: return "completed";
  case attempt_outcome::abandoned: return "abandoned";
  }
  return "unknown";
}

endpoint attempt_event::source() const noexcept {
  return endpoint::from_field(src, ip_version);
}
endpoint attempt_event::destination() const noexcept {
  return endpoint::from_field(dst, ip_version, dport);
}

connection_tracker::connection_tracker(const connection_tracker_config& cfg) : cfg_(cfg) {
  const std::size_t pending = std::bit_ceil(std::max<std::size_t>(16, cfg.max_pending));
  cfg_.max_pending = static_cast<std::uint32_t>(pending);
  // Zero bytes are the empty state of keys_, filter_ and seen_; attempt_of_, attempts_ and
  // order_ are written before they are read.
  PKTSCOPE_ASSERT(detail::value_is_zero_bytes<seen_set>());
  keys_ = detail::zeroed_table<std::uint64_t>(pending * 2); // load factor at most 1/2
  filter_ = detail::zeroed_table<std::uint8_t>(pending * 2);
  attempt_of_ = detail::zeroed_table<std::uint32_t>(pending * 2);
  attempts_ = detail::zeroed_table<attempt>(pending); // the ring below bounds the live ones
  attempt_indexes_ = detail::index_pool(static_cast<std::uint32_t>(pending));
  mask_ = keys_.size() - 1;
  order_ = detail::zeroed_table<ring_entry>(pending);
  const std::size_t sets = std::bit_ceil(std::max<std::size_t>(1, cfg.seen_sets));
  seen_ = detail::zeroed_table<seen_set>(sets);
  seen_ttl_ticks_ = static_cast<std::uint32_t>(
      std::min<timestamp_ns>(cfg.seen_ttl >> seen_tick_shift, 0x7fffffff));
  events_.reserve(4096);
}

std::uint32_t connection_tracker::find(std::uint64_t key) const noexcept {
  if (filter_[filter_index(key)] == 0) {
    return npos; // the common case: no pending attempt shares the key's filter counter
  }
  // Keys are already mixed hashes: their low bits pick the home slot.
  for (std::uint64_t i = key & mask_;; i = (i + 1) & mask_) {
    if (keys_[i] == key) {
      return static_cast<std::uint32_t>(i);
    }
    if (keys_[i] == 0) {
      return npos;
    }
  }
}

void connection_tracker::insert(const attempt_event& ev, std::uint64_t key) noexcept {
  while (ring_tail_ - ring_head_ >= order_.size()) {
    // Full: the oldest attempt times out now (or its entry is stale: dropped).
    const ring_entry o = order_[ring_head_ & (order_.size() - 1)];
    ++ring_head_;
    const std::uint32_t i = find(o.key);
    if (i != npos && attempt_in(i).ev.probe_ts == o.probe_ts) {
      ++forced_;
      if (const attempt& a = attempt_in(i); !a.synack) {
        emit(a, attempt_outcome::unanswered, ev.ts, a.ev.probe_index);
      }
      erase(i);
    }
  }
  std::uint64_t i = key & mask_;
  while (keys_[i] != 0) {
    i = (i + 1) & mask_;
  }
  attempt_of_[i] = attempt_indexes_.take().index; // live <= ring size = max_pending
  attempt_in(i) = attempt{ev, false};
  keys_[i] = key;
  if (std::uint8_t& c = filter_[filter_index(key)]; c != 0xff) {
    ++c; // saturated counters stay (a probe of keys_ then decides)
  }
  ++live_;
  order_[ring_tail_ & (order_.size() - 1)] = ring_entry{key, ev.probe_ts};
  ++ring_tail_;
}

void connection_tracker::erase(std::uint32_t idx) noexcept {
  // Backward-shift deletion keeps probe sequences intact without tombstones. The ring refers
  // to attempts by key and probe time, so moving slots needs no ring update.
  std::uint64_t i = idx;
  attempt_indexes_.give_back(attempt_of_[i]);
  if (std::uint8_t& c = filter_[filter_index(keys_[i])]; c != 0xff) {
    --c;
  }
  keys_[i] = 0;
  --live_;
  for (std::uint64_t j = (i + 1) & mask_; keys_[j] != 0; j = (j + 1) & mask_) {
    const std::uint64_t home = keys_[j] & mask_;
    // Move j into the hole at i unless its home lies cyclically in (i, j].
    const bool between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (!between) {
      attempt_of_[i] = attempt_of_[j];
      keys_[i] = keys_[j];
      keys_[j] = 0;
      i = j;
    }
  }
}

void connection_tracker::emit(const attempt& a, attempt_outcome o, timestamp_ns ts,
                              std::uint64_t index) noexcept {
  attempt_event e = a.ev;
  e.outcome = o;
  e.ts = ts;
  e.index = index;
  events_.push_back(e);
}

std::size_t connection_tracker::seen_set_of(std::uint64_t key) const noexcept {
  // Keys are mixed hashes: the low bits pick the set, the high ones make the tag.
  return static_cast<std::size_t>(key & (seen_.size() - 1));
}

bool connection_tracker::seen_or_insert(std::uint64_t key, timestamp_ns ts) noexcept {
  if (!seen_started_) {
    seen_started_ = true;
    seen_base_ = ts;
  }
  // Ticks of 2^20 ns; a capture longer than 2^31 ticks (about 26 days) wraps them, which at
  // worst takes a conversation for new once.
  const auto tick = static_cast<std::uint32_t>(
      static_cast<std::uint64_t>(std::max<timestamp_ns>(ts - seen_base_, 0)) >> seen_tick_shift);
  seen_way* way = seen_[seen_set_of(key)].ways.data();
  const std::uint32_t tag = static_cast<std::uint32_t>(key >> 32) | 1U;
  seen_way* victim = way;
  for (std::size_t k = 0; k < 8; ++k) {
    if (way[k].tag == tag) {
      const bool live = tick - way[k].tick <= seen_ttl_ticks_;
      way[k].tick = tick;
      return live;
    }
    if (victim->tag != 0 && (way[k].tag == 0 || way[k].tick < victim->tick)) {
      victim = &way[k];
    }
  }
  victim->tag = tag;
  victim->tick = tick;
  return false;
}

void connection_tracker::on_packet(const decoded_packet& d, timestamp_ns ts,
                                   std::uint64_t index) noexcept {
  if (d.ip_version == 0 || d.is_fragment) {
    return;
  }
  const std::uint8_t v = d.ip_version;
  if (d.transport == layer_id::icmp || d.transport == layer_id::icmpv6) {
    // Destination unreachable quoting one of our attempts rejects it.
    const bool unreachable = (d.transport == layer_id::icmp && d.icmp_type == 3) ||
                             (d.transport == layer_id::icmpv6 && d.icmp_type == 1);
    if (!unreachable) {
      return;
    }
    const bytes q = d.l4_payload();
    std::array<std::uint8_t, 16> qs{}, qd{};
    std::uint8_t proto = 0;
    std::size_t ports_at = 0;
    if (v == 4) {
      if (q.size() < 20 || (q[0] >> 4) != 4) {
        return;
      }
      ports_at = static_cast<std::size_t>(q[0] & 0x0f) * 4;
      proto = q[9];
      std::copy_n(q.begin() + 12, 4, qs.begin());
      std::copy_n(q.begin() + 16, 4, qd.begin());
    } else {
      if (q.size() < 40 || (q[0] >> 4) != 6) {
        return;
      }
      ports_at = 40;
      proto = q[6];
      std::copy_n(q.begin() + 8, 16, qs.begin());
      std::copy_n(q.begin() + 24, 16, qd.begin());
    }
    if ((proto != proto_tcp && proto != proto_udp) || q.size() < ports_at + 4) {
      return;
    }
    const auto sport = load_be16(q, ports_at);
    const auto dport = load_be16(q, ports_at + 2);
    const std::uint32_t i = find(tuple_key(v, proto, qs, qd, sport, dport));
    if (i == npos) {
      return;
    }
    if (attempt& a = attempt_in(i); !a.synack) {
      a.ev.icmp_code = d.icmp_code;
      emit(a, attempt_outcome::rejected, ts, index);
      erase(i);
    }
    return;
  }
  const bool tcp = d.transport == layer_id::tcp;
  if (!tcp && d.transport != layer_id::udp) {
    return;
  }
  const std::uint8_t proto = tcp ? proto_tcp : proto_udp;
  const std::uint64_t sa = addr_word(d.src_addr), da = addr_word(d.dst_addr);
  const std::uint64_t fwd = tuple_key(v, proto, sa, da, d.src_port, d.dst_port);
  const std::uint64_t rev = tuple_key(v, proto, da, sa, d.dst_port, d.src_port);
  const std::uint16_t flags = d.tcp_flags;

  if (const std::uint32_t r = find(rev); r != npos) {
    attempt& s = attempt_in(r);
    if (!tcp) {
      emit(s, attempt_outcome::answered, ts, index);
      erase(r);
    } else if (!s.synack) {
      if ((flags & f_rst) != 0) {
        emit(s, attempt_outcome::rejected, ts, index);
        erase(r);
      } else if ((flags & (f_syn | f_ack)) == (f_syn | f_ack) && s.ev.probe == probe_kind::syn) {
        emit(s, attempt_outcome::answered, ts, index);
        s.synack = true; // follow until the initiator's ACK or RST
      } else {
        emit(s, attempt_outcome::answered, ts, index);
        erase(r);
      }
    }
    seen_or_insert(std::min(fwd, rev), ts);
    return;
  }
  if (tcp) {
    if (const std::uint32_t f = find(fwd); f != npos) {
      attempt& s = attempt_in(f);
      if (s.synack && (flags & f_rst) != 0) {
        emit(s, attempt_outcome::abandoned, ts, index);
        erase(f);
      } else if (s.synack && (flags & (f_ack | f_syn)) == f_ack) {
        emit(s, attempt_outcome::completed, ts, index);
        erase(f);
      }
      seen_or_insert(std::min(fwd, rev), ts);
      return;
    }
  }
  if (seen_or_insert(std::min(fwd, rev), ts)) {
    return;
  }
  // First packet of a conversation: is it an attempt?
  if (is_group_address(v, d.dst_addr)) {
    return;
  }
  std::optional<probe_kind> kind;
  if (tcp) {
    kind = classify_probe(flags, d.l4_payload_len);
  } else {
    kind = probe_kind::udp;
  }
  if (!kind) {
    return;
  }
  attempt_event ev;
  ev.outcome = attempt_outcome::started;
  ev.probe = *kind;
  ev.ip_version = v;
  ev.ip_protocol = proto;
  ev.src = d.src_addr;
  ev.dst = d.dst_addr;
  ev.sport = d.src_port;
  ev.dport = d.dst_port;
  ev.probe_ts = ts;
  ev.ts = ts;
  ev.probe_index = index;
  ev.index = index;
  events_.push_back(ev);
  insert(ev, fwd);
}

void connection_tracker::expire(timestamp_ns now, bool all) noexcept {
  while (ring_head_ != ring_tail_) {
    const ring_entry o = order_[ring_head_ & (order_.size() - 1)];
    if (!all && o.probe_ts + cfg_.attempt_timeout > now) {
      break;
    }
    ++ring_head_;
    const std::uint32_t i = find(o.key);
    if (i == npos || attempt_in(i).ev.probe_ts != o.probe_ts) {
      continue; // resolved earlier
    }
    if (const attempt& a = attempt_in(i); !a.synack) {
      emit(a, attempt_outcome::unanswered, o.probe_ts + cfg_.attempt_timeout, a.ev.probe_index);
    }
    erase(i);
  }
}

} // namespace pktscope::detect
