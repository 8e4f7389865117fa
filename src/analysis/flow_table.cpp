#include <pktscope/analysis/flow_table.hpp>

#include <pktscope/analysis/outer_flows.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/prefetch.hpp>
#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/proto/icmp.hpp>
#include <pktscope/proto/icmpv6.hpp>
#include <pktscope/proto/ip_protocol.hpp>
#include <pktscope/proto/ipcomp.hpp>
#include <pktscope/proto/tcp.hpp>
#include <pktscope/proto/udp.hpp>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>
#include <utility>

namespace pktscope {

namespace {

constexpr auto proto_tcp = static_cast<std::uint8_t>(ip_protocol::tcp);
constexpr auto proto_udp = static_cast<std::uint8_t>(ip_protocol::udp);
constexpr auto proto_icmp = static_cast<std::uint8_t>(ip_protocol::icmp);
constexpr auto proto_icmpv6 = static_cast<std::uint8_t>(ip_protocol::icmpv6);
constexpr auto proto_sctp = static_cast<std::uint8_t>(ip_protocol::sctp);

std::uint8_t class_of(std::uint8_t proto) noexcept {
  switch (proto) {
  case proto_tcp: return 0;
  case proto_udp:
  case proto_sctp: return 1;
  case proto_icmp:
  case proto_icmpv6: return 2;
  default: return 3;
  }
}

bool is_echo(std::uint8_t ip_version, std::uint8_t type) noexcept {
  return ip_version == 4 ? (type == 8 || type == 0) : (type == 128 || type == 129);
}
bool is_echo_reply(std::uint8_t ip_version, std::uint8_t type) noexcept {
  return ip_version == 4 ? type == 0 : type == 129;
}

/// Sets the ICMP fields of `o` from the message bytes `m` (type, code, ..., identifier).
void icmp_fields(flow_table::observation& o, std::uint8_t type, std::uint8_t code, bytes m) {
  o.is_icmp = true;
  o.icmp_type = type;
  o.icmp_code = code;
  o.icmp_echo = is_echo(o.ep.ip_version, type) && m.size() >= 8;
  if (o.icmp_echo) {
    const std::uint16_t id = load_be16(m, icmp::fields::identifier);
    o.ep.src_port = o.ep.dst_port = id;
  } else {
    o.ep.src_port = type;
    o.ep.dst_port = code;
  }
}

/// Full key comparison, a word at a time (flow_key's defaulted == compares the address
/// arrays through memcmp calls).
bool same_key(const flow_key& x, const flow_key& y) noexcept {
  const auto words = [](const flow_key& k, std::array<std::uint64_t, 4>& w) {
    std::memcpy(w.data(), k.addr_a.data(), 16);
    std::memcpy(w.data() + 2, k.addr_b.data(), 16);
  };
  std::array<std::uint64_t, 4> a{}, b{};
  words(x, a);
  words(y, b);
  return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3])) == 0 &&
         x.port_a == y.port_a && x.port_b == y.port_b && x.ip_version == y.ip_version &&
         x.ip_protocol == y.ip_protocol && x.vlan == y.vlan && x.inner_vlan == y.inner_vlan &&
         x.tunnel_kind == y.tunnel_kind && x.tunnel_id == y.tunnel_id;
}

// Records are constructed in place in raw pool memory and never destroyed.
static_assert(std::is_trivially_destructible_v<flow_record>);

} // namespace

flow_table::flow_table(const flow_table_config& cfg, flow_sink* sink)
    : cfg_(cfg), sink_(sink), frag_(cfg.fragments) {
  PKTSCOPE_ASSERT(sink != nullptr);
  // At most 2^31 flows: 2^32 slots, so that a slot's 32-bit tag holds its home slot.
  cfg_.max_flows = std::clamp<std::uint32_t>(cfg_.max_flows, 1, 1U << 31);
  close_early_ = cfg_.tcp_close_timeout > 0 &&
                 (cfg_.tcp_timeout <= 0 || cfg_.tcp_close_timeout < cfg_.tcp_timeout);
  // Records are reserved, not constructed: their pages are touched as flows arrive.
  pool_mem_ = detail::table_memory(std::size_t{cfg_.max_flows} * sizeof(flow_record));
  pool_ = static_cast<flow_record*>(pool_mem_.data());
  links_.reserve(cfg_.max_flows);
  records_ = detail::index_pool(cfg_.max_flows);
  // Load factor at most 1/2 keeps linear probe sequences short. The slots start few and
  // double with the flows held, up to twice max_flows: a lookup's slot then lies on one of
  // as many pages as the live flows need, which the TLB and the caches keep, not anywhere in
  // an array sized for the cap.
  max_slots_ = std::bit_ceil(std::uint64_t{cfg_.max_flows} * 2);
  resize_index(std::min(max_slots_, initial_slots));
  head_.fill(npos);
  tail_.fill(npos);
}

std::uint64_t flow_table::hash_of(const flow_key& k) const noexcept {
  return cfg_.hash != nullptr ? cfg_.hash(k) : hash_flow_key(k);
}

timestamp_ns flow_table::timeout_of(std::uint8_t cls) const noexcept {
  switch (cls) {
  case 0: return cfg_.tcp_timeout;
  case 1: return cfg_.udp_timeout;
  case 2: return cfg_.icmp_timeout;
  case 3: return cfg_.other_timeout;
  default: return cfg_.tcp_close_timeout;
  }
}

void flow_table::note_tcp_end(std::uint32_t i) noexcept {
  if (close_early_ && links_[i].cls != closed_tcp_class && pool_[i].tcp.is_over()) {
    // The packet that ended it is the newest, so the record joins the closed list at its
    // tail and that list stays in order of last activity.
    lru_unlink(i);
    links_[i].cls = closed_tcp_class;
    lru_push(i);
  }
}

std::uint32_t flow_table::lookup(const flow_key& k, std::uint64_t h) const noexcept {
  const auto tag = static_cast<std::uint32_t>(h);
  for (std::uint64_t i = tag & mask_;; i = (i + 1) & mask_) {
    const slot s = index_[i];
    if (s.entry == 0) {
      return npos;
    }
    // The tag spares reading records of other keys; the hash only picks the slot: the full
    // key decides.
    if (s.tag == tag && same_key(pool_[s.entry - 1].key, k)) {
      return s.entry - 1;
    }
  }
}

const flow_record* flow_table::find(const flow_key& k) const noexcept {
  const std::uint32_t e = lookup(k, hash_of(k));
  return e == npos ? nullptr : &pool_[e];
}

void flow_table::lru_unlink(std::uint32_t i) noexcept {
  link& e = links_[i];
  if (e.prev != npos) {
    links_[e.prev].next = e.next;
  } else {
    head_[e.cls] = e.next;
    next_expiry_ = std::numeric_limits<timestamp_ns>::min(); // a new head: look again
  }
  if (e.next != npos) {
    links_[e.next].prev = e.prev;
  } else {
    tail_[e.cls] = e.prev;
  }
  e.prev = e.next = npos;
}

void flow_table::prefetch_link(std::uint32_t i) const noexcept {
  if (i != npos) {
    prefetch(&links_[i]);
  }
}

void flow_table::lru_push(std::uint32_t i) noexcept {
  link& e = links_[i];
  e.next = npos;
  e.prev = tail_[e.cls];
  if (e.prev != npos) {
    links_[e.prev].next = i;
  } else {
    head_[e.cls] = i;
    next_expiry_ = std::numeric_limits<timestamp_ns>::min(); // a new head: look again
  }
  tail_[e.cls] = i;
}

void flow_table::erase_slot(std::uint32_t i) noexcept {
  std::uint64_t hole = links_[i].tag & mask_;
  while (index_[hole].entry != i + 1) {
    hole = (hole + 1) & mask_;
  }
  // Backward-shift deletion: move later members of the probe run into the hole so that no
  // lookup stops early at an empty slot.
  for (std::uint64_t j = (hole + 1) & mask_; index_[j].entry != 0; j = (j + 1) & mask_) {
    const std::uint64_t home = index_[j].tag & mask_;
    const bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
    if (movable) {
      index_[hole] = index_[j];
      hole = j;
    }
  }
  index_[hole] = slot{0, 0};
}

void flow_table::finish(std::uint32_t i, flow_end why) noexcept {
  flow_record& rec = pool_[i];
  rec.end = why;
  ++counters_.flows_finished;
  switch (why) {
  case flow_end::idle_timeout: ++counters_.idle_timeouts; break;
  case flow_end::evicted: ++counters_.evictions; break;
  case flow_end::reused: ++counters_.reuses; break;
  default: break;
  }
  sink_->flow_finished(rec);
  erase_slot(i);
  lru_unlink(i);
  records_.give_back(i);
  --live_;
}

std::uint32_t flow_table::insert(const flow_key& k, std::uint64_t h, std::uint8_t cls) noexcept {
  if (records_.full()) {
    // Memory cap reached: evict the least recently active flow of any class.
    std::uint32_t victim = npos;
    for (const std::uint32_t head : head_) {
      if (head != npos && (victim == npos || pool_[head].last_ts < pool_[victim].last_ts)) {
        victim = head;
      }
    }
    finish(victim, flow_end::evicted);
  }
  const auto [i, fresh] = records_.take();
  if (fresh) {
    std::construct_at(pool_ + i); // within the reserved memory: no allocation
    links_.emplace_back();        // within the reserved capacity: no allocation
  } else {
    pool_[i] = flow_record{};
  }
  const auto tag = static_cast<std::uint32_t>(h);
  pool_[i].key = k;
  links_[i] = link{npos, npos, tag, cls};
  if ((live_ + 1) * 2 > mask_ + 1 && mask_ + 1 < max_slots_) {
    resize_index((mask_ + 1) * 2);
  }
  counters_.max_probe = std::max(counters_.max_probe, place(slot{i + 1, tag}));
  lru_push(i);
  ++live_;
  ++counters_.flows_created;
  return i;
}

std::uint64_t flow_table::place(slot s) noexcept {
  std::uint64_t probes = 1;
  std::uint64_t at = s.tag & mask_;
  while (index_[at].entry != 0) {
    at = (at + 1) & mask_;
    ++probes;
  }
  index_[at] = s;
  return probes;
}

void flow_table::resize_index(std::uint64_t slots) noexcept {
  const detail::zeroed_table<slot> old = std::exchange(index_, detail::zeroed_table<slot>(slots));
  mask_ = slots - 1;
  for (std::size_t i = 0; i < old.size(); ++i) {
    if (old[i].entry != 0) {
      place(old[i]); // a slot's tag holds its home in any table of up to 2^32 slots
    }
  }
}

void flow_table::expire(timestamp_ns now) noexcept {
  drain();
  expire_idle(now);
}

void flow_table::expire_idle(timestamp_ns now) noexcept {
  // Per packet this is one comparison: the heads' records (the oldest, cold in the cache) are
  // read only once the earliest of their deadlines has passed.
  if (now <= next_expiry_) {
    return;
  }
  timestamp_ns next = std::numeric_limits<timestamp_ns>::max();
  for (std::uint8_t c = 0; c < classes; ++c) {
    const timestamp_ns t = timeout_of(c);
    if (t <= 0) {
      continue;
    }
    while (head_[c] != npos && elapsed(pool_[head_[c]].last_ts, now) > t) {
      finish(head_[c], flow_end::idle_timeout);
    }
    timestamp_ns deadline = 0;
    if (head_[c] != npos && !__builtin_add_overflow(pool_[head_[c]].last_ts, t, &deadline)) {
      next = std::min(next, deadline);
    }
  }
  next_expiry_ = next;
}

void flow_table::flush() noexcept {
  drain();
  while (live_ > 0) {
    std::uint32_t oldest = npos;
    for (const std::uint32_t head : head_) {
      if (head != npos && (oldest == npos || pool_[head].last_ts < pool_[oldest].last_ts)) {
        oldest = head;
      }
    }
    finish(oldest, flow_end::end_of_input);
  }
}

const flow_record* flow_table::update(const decoded_packet& d, timestamp_ns ts,
                                      std::uint32_t wire_len) noexcept {
  drain();
  ++counters_.packets;
  if (d.ip_version != 4 && d.ip_version != 6) {
    ++counters_.not_ip;
    expire_idle(ts);
    return nullptr;
  }
  // Only a fragment, or a tunnelled packet whose outer datagram may be one, looks further.
  if (cfg_.reassemble && (d.is_fragment || d.tunnel_depth != 0)) {
    if (const std::size_t ip = fragment_reassembler::fragmented_ip(d); ip != d.size()) {
      return update_fragment(d, ip, ts, wire_len);
    }
  }
  if (d.ip_protocol == static_cast<std::uint8_t>(ip_protocol::ipcomp) &&
      inflater_.decode(d, decode_options{}, datagram_)) {
    return update_inflated(d, ts, wire_len);
  }
  for (outer_flows outer(d, ts, wire_len); const observation* x = outer.next();) {
    observe(*x);
  }
  observation o;
  observe_ip(d, ts, wire_len, o);
  const oriented_key ok = make_flow_key(o.ep);
  return apply(o, ok, hash_of(ok.key));
}

namespace {

/// The headers of the frame in front of a datagram decoded on its own (reassembled or
/// inflated) come first in its flows' context: the frame's VLAN tags, and the tunnel the
/// datagram lies in, if any, as the outermost.
void put_in_frame_context(const flow_endpoints& frame, flow_endpoints& ep) noexcept {
  if (frame.vlan != 0) {
    ep.inner_vlan = frame.inner_vlan != 0 ? frame.inner_vlan : ep.vlan;
    ep.vlan = frame.vlan;
  }
  if (frame.tunnel_kind != layer_id::none) {
    ep.tunnel_kind = frame.tunnel_kind;
    ep.tunnel_id = frame.tunnel_id;
  }
}

} // namespace

const flow_record* flow_table::update_fragment(const decoded_packet& d, std::size_t ip,
                                               timestamp_ns ts, std::uint32_t wire_len) noexcept {
  // The headers in front of the fragmented one are the frame's own: they count now.
  for (outer_flows outer(d, ts, wire_len, d.layers[ip].offset);
       const observation* x = outer.next();) {
    observe(*x);
  }
  fragment f;
  if (!fragment_reassembler::extract(d, ip, ts, wire_len, f)) {
    ++counters_.fragments_unusable;
    expire_idle(ts);
    return nullptr;
  }
  const reassembled* r = frag_.add(f);
  if (r == nullptr) {
    ++counters_.fragments_held;
    expire_idle(ts);
    return nullptr;
  }
  // The datagram is decoded as if it had come whole (a tunnel inside it too) and counted in
  // the flows of its headers; the frame that completed it stands for all its fragments.
  // Lax: the headers that decoded count, as for any frame.
  static_cast<void>(decode(r->datagram, link_type::raw, decode_options{}, datagram_));
  if (datagram_.ip_version == 0 || datagram_.is_fragment) {
    // A fragment inside a reassembled datagram is not reassembled in turn.
    ++counters_.fragments_unusable;
    expire_idle(ts);
    return nullptr;
  }
  flow_endpoints frame_context;
  set_ip_context(d, ip, frame_context);
  const auto as_reassembled = [&](observation& o, std::uint32_t ip_offset) {
    o.first_ts = r->first_ts;
    o.packets = o.fragments = r->frames;
    o.wire_bytes = r->wire_bytes;
    o.captured_bytes = r->captured_bytes;
    // Its frames count as fragments (one by one in talker tables), not as outer packets.
    o.outer = false;
    if (ip_offset == 0) {
      o.ip_bytes = r->ip_bytes; // the reassembled header: every fragment's IP length
    }
    put_in_frame_context(frame_context, o.ep);
  };
  for (outer_flows outer(datagram_, ts, 0); const observation* x = outer.next();) {
    observation o = *x;
    as_reassembled(o, outer.ip_offset());
    observe(o);
  }
  observation o;
  observe_ip(datagram_, ts, 0, o);
  as_reassembled(o, datagram_.ip_offset);
  return observe(o);
}

const flow_record* flow_table::update_inflated(const decoded_packet& d, timestamp_ns ts,
                                               std::uint32_t wire_len) noexcept {
  // The frame's own flows (a tunnel the IPComp packet lies in) count as for any frame; the
  // flows of the datagram it compresses count the whole frame, as a tunnel's inner flows do.
  // IPComp is their outermost tunnel unless the frame was already in one.
  for (outer_flows outer(d, ts, wire_len); const observation* x = outer.next();) {
    observe(*x);
  }
  flow_endpoints frame_context;
  set_flow_context(d, frame_context);
  if (frame_context.tunnel_kind == layer_id::none) {
    frame_context.tunnel_kind = layer_id::ipcomp;
    const layer& ipcomp_layer = d.layers[d.layer_count - 1]; // inflater_ checked it
    frame_context.tunnel_id = d.view_of<ipcomp::view>(ipcomp_layer)->cpi();
  }
  const auto in_frame = [&](observation& o) {
    o.captured_bytes = d.frame.size();
    put_in_frame_context(frame_context, o.ep);
  };
  for (outer_flows outer(datagram_, ts, wire_len); const observation* x = outer.next();) {
    observation o = *x;
    in_frame(o);
    observe(o);
  }
  observation o;
  observe_ip(datagram_, ts, wire_len, o);
  in_frame(o);
  return observe(o);
}

void flow_table::observe_ip(const decoded_packet& d, timestamp_ns ts, std::uint32_t wire_len,
                            observation& o) const noexcept {
  o.ts = o.first_ts = ts;
  o.ep.ip_version = d.ip_version;
  o.ep.src_addr = d.src_addr;
  o.ep.dst_addr = d.dst_addr;
  o.wire_bytes = wire_len;
  o.captured_bytes = d.frame.size();
  o.ep.ip_protocol = d.ip_protocol;
  o.application = d.application;
  // The IP header the summary fields describe (none in an inflated IPComp payload that did
  // not decode), its length (the header's, not the capture's) and the end of the datagram in
  // the frame.
  std::size_t ip_end = d.frame.size();
  if (d.ip_version != 0) {
    // The context of an IPv4 header with no VLAN tag and no tunnel is empty, as `o` has it.
    if (d.vlan_count != 0 || d.tunnel_depth != 0 || d.ip_version == 6) {
      set_ip_context(d, d.ip_layer, o.ep);
    }
    o.ip_bytes = d.ip_len;
    ip_end = d.ip_offset + o.ip_bytes;
  }
  const layer* t = d.transport == layer_id::none ? nullptr : d.find_last(d.transport);
  if (t != nullptr) {
    const std::size_t hdr_end = std::size_t{t->offset} + t->length;
    o.payload_len = ip_end > hdr_end ? static_cast<std::uint32_t>(ip_end - hdr_end) : 0;
    switch (d.transport) {
    case layer_id::tcp:
      o.is_tcp = true;
      o.ep.src_port = d.src_port;
      o.ep.dst_port = d.dst_port;
      o.tcp.ts = ts;
      o.tcp.flags = static_cast<std::uint16_t>(d.tcp_flags & tcp::named_flags_mask);
      o.tcp.seq = d.tcp_seq;
      o.tcp.ack = d.tcp_ack;
      // in bounds: the decoder recorded a whole TCP header (>= 20 octets) here.
      o.tcp.window = load_be16(d.frame, t->offset + tcp::fields::window);
      o.tcp.payload_len = o.payload_len;
      o.tcp.bad_checksum = d.anomalies.has(anomaly::bad_tcp_checksum);
      break;
    case layer_id::icmp:
    case layer_id::icmpv6:
      icmp_fields(
          o, d.icmp_type, d.icmp_code,
          d.frame.subspan(t->offset, std::min<std::size_t>(t->end, d.frame.size()) - t->offset));
      break;
    default:
      o.ep.src_port = d.src_port;
      o.ep.dst_port = d.dst_port;
      break;
    }
  }
}

bool flow_table::splittable(const decoded_packet& d) const noexcept {
  // Tunnelled packets also update their outer flows (update() does both, in order).
  return (d.ip_version == 4 || d.ip_version == 6) && !(d.is_fragment && cfg_.reassemble) &&
         d.tunnel_depth == 0 && d.ip_protocol != static_cast<std::uint8_t>(ip_protocol::ipcomp);
}

void flow_table::make_update(const decoded_packet& d, timestamp_ns ts, std::uint32_t wire_len,
                             prepared_update& p) const noexcept {
  // A copy of a constant, not `= observation{}`: GCC clears the latter with `rep stosq`,
  // whose start-up cost showed in this per-packet step; the copy is a few vector moves.
  static constexpr observation fresh{};
  p.obs = fresh;
  observe_ip(d, ts, wire_len, p.obs);
  p.key = make_flow_key(p.obs.ep);
  p.hash = hash_of(p.key.key);
  prefetch(&index_[p.hash & mask_]);
}

std::uint32_t flow_table::likely_entry(const prepared_update& p) const noexcept {
  // A hint only: flows may come and go before the update is applied (apply() looks again).
  const auto tag = static_cast<std::uint32_t>(p.hash);
  for (std::uint64_t i = tag & mask_; index_[i].entry != 0; i = (i + 1) & mask_) {
    if (index_[i].tag == tag) {
      return index_[i].entry - 1;
    }
  }
  return npos;
}

namespace {
/// Asks for the cache lines of `rec` from byte `from` on.
void prefetch_lines(const flow_record& rec, std::size_t from) noexcept {
  const char* line = static_cast<const char*>(static_cast<const void*>(&rec));
  for (std::size_t off = from; off < sizeof(flow_record); off += 64) {
    prefetch(line + off);
  }
}
} // namespace

bool flow_table::defer(const decoded_packet& d, timestamp_ns ts, std::uint32_t wire_len) noexcept {
  if (!splittable(d)) {
    return false;
  }
  if (queue_size_ == defer_depth) {
    // The older half: its records were fetched when the queue was last full.
    for (std::size_t n = 0; n < defer_depth / 2; ++n) {
      apply_oldest();
    }
    // The newer half: their slots were asked for as they came. Load their records in one go,
    // so that the misses (and, under virtualisation, the page walks, which a prefetch
    // instruction does not reliably do) overlap instead of following one another.
    for (std::size_t n = 0; n < queue_size_; ++n) {
      const std::uint32_t e = likely_entry(queue_[(queue_first_ + n) % defer_depth]);
      if (e != npos) {
        prefetch_lines(pool_[e], 64);
        // Loads, not prefetches: kept (by the member they feed) so the compiler cannot drop
        // them. The record's LRU neighbours are written when it moves to the list's tail.
        const link& l = links_[e];
        fetched_ += pool_[e].key.port_a + l.prev + l.next;
        prefetch_link(l.prev);
        prefetch_link(l.next);
      }
    }
  }
  make_update(d, ts, wire_len, queue_[(queue_first_ + queue_size_) % defer_depth]);
  ++queue_size_;
  ++counters_.packets;
  return true;
}

bool flow_table::prepare(const decoded_packet& d, timestamp_ns ts, std::uint32_t wire_len,
                         prepared_update& p) noexcept {
  if (!splittable(d)) {
    return false;
  }
  make_update(d, ts, wire_len, p);
  return true;
}

void flow_table::fetch(const prepared_update& p) noexcept {
  const std::uint32_t e = likely_entry(p);
  if (e != npos) {
    prefetch_lines(pool_[e], 0);
    prefetch_link(e);
  }
}

const flow_record* flow_table::update(const prepared_update& p) noexcept {
  drain();
  ++counters_.packets;
  return apply(p.obs, p.key, p.hash);
}

void flow_table::apply_oldest() noexcept {
  const prepared_update& oldest = queue_[queue_first_];
  queue_first_ = (queue_first_ + 1) % defer_depth;
  --queue_size_;
  apply(oldest.obs, oldest.key, oldest.hash);
}

void flow_table::drain() noexcept {
  while (queue_size_ > 0) {
    apply_oldest();
  }
}

const flow_record* flow_table::observe(const observation& o) noexcept {
  drain();
  const oriented_key ok = make_flow_key(o.ep);
  return apply(o, ok, hash_of(ok.key));
}

const flow_record* flow_table::apply(const observation& o, const oriented_key& ok,
                                     std::uint64_t h) noexcept {
  expire_idle(o.ts);
  const std::uint8_t cls = class_of(o.ep.ip_protocol);
  std::uint32_t i = lookup(ok.key, h);

  if (i != npos) {
    // The update below reads and writes most of the record (per-direction counters, TCP
    // state): ask for all of its cache lines at once instead of missing on them one by one.
    prefetch_lines(pool_[i], 64);
    flow_record& rec = pool_[i];
    const bool is_orig = ok.src_is_a == rec.orig_is_a;
    if (o.is_tcp && cfg_.split_tcp_reuse && rec.tcp.is_reuse(o.tcp, is_orig)) {
      finish(i, flow_end::reused);
      i = npos;
    } else if (cfg_.active_timeout > 0 && elapsed(rec.first_ts, o.ts) >= cfg_.active_timeout) {
      rec.end = flow_end::active_timeout;
      ++counters_.active_timeouts;
      ++counters_.flows_finished;
      sink_->flow_finished(rec);
      rec.dir = {};
      rec.first_ts = rec.last_ts = o.first_ts;
      ++rec.part;
    }
  }

  if (i == npos) {
    i = insert(ok.key, h, cls);
    flow_record& rec = pool_[i];
    // The originator: the first packet's sender, except that a SYN+ACK, a midstream TCP
    // segment from a well-known port to an ephemeral one, or an echo reply seen first comes
    // from the responder (Zeek flips those and marks the history with '^').
    bool flipped = false;
    if (o.is_tcp) {
      const auto f = tcp::flag_set(o.tcp.flags);
      if (f.has(tcp::flag::syn)) {
        flipped = f.has(tcp::flag::ack);
      } else {
        flipped = o.ep.src_port < 1024 && o.ep.dst_port >= 1024;
      }
    } else if (o.icmp_echo) {
      flipped = is_echo_reply(o.ep.ip_version, o.icmp_type);
    }
    rec.orig_is_a = flipped ? !ok.src_is_a : ok.src_is_a;
    rec.orig_addr = flipped ? o.ep.dst_addr : o.ep.src_addr;
    rec.resp_addr = flipped ? o.ep.src_addr : o.ep.dst_addr;
    rec.orig_port = flipped ? o.ep.dst_port : o.ep.src_port;
    rec.resp_port = flipped ? o.ep.src_port : o.ep.dst_port;
    if (o.is_icmp) {
      rec.icmp_type = o.icmp_type;
      rec.icmp_code = o.icmp_code;
      rec.icmp_echo = o.icmp_echo;
      if (o.icmp_echo) {
        // conn.log's ports for echo: the request type and the reply type (Zeek).
        rec.orig_port = o.ep.ip_version == 4 ? 8 : 128;
        rec.resp_port = o.ep.ip_version == 4 ? 0 : 129;
      }
    }
    if (flipped && o.is_tcp) {
      rec.tcp.mark_flipped();
    }
    rec.id = next_id_++;
    rec.first_ts = o.first_ts;
    rec.last_ts = o.ts;
    sink_->flow_opened(rec);
  } else if (tail_[links_[i].cls] != i) {
    lru_unlink(i);
    lru_push(i);
  }

  flow_record& rec = pool_[i];
  const bool is_orig = ok.src_is_a == rec.orig_is_a;
  flow_direction& d = rec.dir[is_orig ? 0 : 1];
  if (d.packets == 0) {
    d.first_ts = o.first_ts;
  }
  d.packets += o.packets;
  d.bytes += o.wire_bytes;
  d.captured_bytes += o.captured_bytes;
  d.payload_bytes += o.payload_len;
  d.ip_bytes += o.ip_bytes;
  d.fragments += o.fragments;
  d.fragment_bytes += o.fragments != 0 ? o.wire_bytes : 0;
  d.outer_packets += o.outer ? o.packets : 0;
  d.outer_bytes += o.outer ? o.wire_bytes : 0;
  d.last_ts = std::max(d.last_ts, o.ts);
  rec.last_ts = std::max(rec.last_ts, o.ts);
  rec.first_ts = std::min(rec.first_ts, o.first_ts);
  if (rec.application == layer_id::none) {
    rec.application = o.application;
  }
  if (o.ep.ip_protocol == proto_udp) {
    rec.udp_history.check(is_orig ? 0x10U : 0x10U << 16, is_orig ? 'D' : 'd');
  }
  if (o.is_tcp) {
    d.tcp_flags = static_cast<std::uint16_t>(d.tcp_flags | o.tcp.flags);
    rec.tcp.update(o.tcp, is_orig);
    if (const auto f = tcp::flag_set(o.tcp.flags); f.has(tcp::flag::fin) || f.has(tcp::flag::rst)) {
      note_tcp_end(i); // only a FIN or a RST can end a connection
    }
  }
  return &rec;
}

} // namespace pktscope
