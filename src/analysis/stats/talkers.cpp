#include <pktscope/analysis/stats/talkers.hpp>

#include <pktscope/analysis/flow_record.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/hash.hpp>
#include <pktscope/decode/decoded_packet.hpp>

#include <algorithm>
#include <tuple>

namespace pktscope::stats {

bool operator<(const host_key& x, const host_key& y) noexcept {
  if (x.ip_version != y.ip_version) {
    return x.ip_version < y.ip_version;
  }
  // Byte-wise address order, as two big-endian words.
  const bytes a(x.addr), b(y.addr);
  const std::uint64_t a0 = load_be64(a, 0), b0 = load_be64(b, 0);
  return a0 != b0 ? a0 < b0 : load_be64(a, 8) < load_be64(b, 8);
}

namespace {
// Each address is one product of its two words, offset by odd constants (so that zero words
// do not zero it; the version goes into one of them); a last product mixes the result.
std::uint64_t address_product(const host_key& k, std::uint64_t c0, std::uint64_t c1) noexcept {
  return folded_product(load_word(k.addr.data()) ^ c0,
                        load_word(k.addr.data() + 8) ^ (c1 + k.ip_version));
}
std::uint64_t mixed(std::uint64_t h) noexcept {
  return folded_product(h ^ 0x243f6a8885a308d3ULL, 0xff51afd7ed558ccdULL);
}

host_key host_of(const std::array<std::uint8_t, 16>& addr, std::uint8_t version) noexcept {
  host_key k;
  k.addr = addr;
  k.ip_version = version;
  return k;
}
} // namespace

std::uint64_t hash_host(const host_key& k) noexcept {
  return mixed(address_product(k, 0xa0761d6478bd642fULL, 0xe7037ed1a0b428dbULL));
}
std::uint64_t hash_pair(const pair_key& k) noexcept {
  return mixed(address_product(k.a, 0xa0761d6478bd642fULL, 0xe7037ed1a0b428dbULL) ^
               address_product(k.b, 0x8ebc6af09c88c6e3ULL, 0x589965cc75374cc3ULL));
}
std::uint64_t hash_port(const port_key& k) noexcept {
  return mixed((std::uint64_t{k.ip_protocol} << 16 | k.port) ^ 0x1d8e4e27c47d124fULL);
}

talker_table::talker_table(const talker_config& cfg)
    : hosts_(cfg.max_hosts), pairs_(cfg.max_pairs), ports_(cfg.max_ports) {}

void talker_table::add_packet(const decoded_packet& d, std::uint32_t wire_len) noexcept {
  if (d.ip_version == 0) {
    return;
  }
  const host_key src = host_of(d.src_addr, d.ip_version);
  const host_key dst = host_of(d.dst_addr, d.ip_version);
  bool lost = false;
  if (host_counts* h = hosts_.find_or_insert(src)) {
    h->tx_packets += 1;
    h->tx_bytes += wire_len;
  } else {
    lost = true;
  }
  if (host_counts* h = hosts_.find_or_insert(dst)) {
    h->rx_packets += 1;
    h->rx_bytes += wire_len;
  } else {
    lost = true;
  }
  const bool forward = !(dst < src);
  const pair_key pk{forward ? src : dst, forward ? dst : src};
  if (pair_counts* p = pairs_.find_or_insert(pk)) {
    if (forward) {
      p->a_to_b_packets += 1;
      p->a_to_b_bytes += wire_len;
    } else {
      p->b_to_a_packets += 1;
      p->b_to_a_bytes += wire_len;
    }
  } else {
    lost = true;
  }
  untracked_ += lost ? 1U : 0U;
}

void talker_table::add_flow(const flow_record& r) noexcept {
  if (r.part != 0) {
    return; // later parts of an active-timeout split are the same flow
  }
  if (r.key.ip_version != 0) {
    count(count_of(r, false));
  }
}

void talker_table::add_flow_traffic(const flow_record& r) noexcept {
  if (r.key.ip_version == 0) {
    return;
  }
  if (queued_ == flow_queue_depth) {
    count_oldest();
  }
  flow_count& c = queue_[(queue_first_ + queued_) % flow_queue_depth];
  c = count_of(r, true);
  each_lookup(c, [](const auto& table, std::uint64_t h) { table.prefetch_slot(h); });
  ++queued_;
  // Halfway through the queue its slots have arrived: ask for the entries they point to.
  if (queued_ > flow_queue_depth / 2) {
    each_lookup(queue_[(queue_first_ + queued_ - 1 - flow_queue_depth / 2) % flow_queue_depth],
                [](const auto& table, std::uint64_t h) { table.prefetch_entry(h); });
  }
}

void talker_table::count_oldest() noexcept {
  count(queue_[queue_first_]);
  queue_first_ = (queue_first_ + 1) % flow_queue_depth;
  --queued_;
}

void talker_table::drain() noexcept {
  while (queued_ > 0) {
    count_oldest();
  }
}

talker_table::flow_count talker_table::count_of(const flow_record& r, bool traffic) noexcept {
  flow_count c;
  c.first_part = r.part == 0;
  // What add_packet() would have counted: packets from the originator go orig -> resp.
  // Without `traffic` (add_flow) only the flow counts change.
  const flow_direction& o = r.dir[0];
  const flow_direction& p = r.dir[1];
  // A tunnelled packet counts for the hosts of its innermost headers, with its inner flow.
  if (traffic) {
    c.o_packets = o.packets - o.fragments - o.outer_packets;
    c.o_bytes = o.bytes - o.fragment_bytes - o.outer_bytes;
    c.r_packets = p.packets - p.fragments - p.outer_packets;
    c.r_bytes = p.bytes - p.fragment_bytes - p.outer_bytes;
  }
  c.orig = host_of(r.orig_addr, r.key.ip_version);
  c.resp = host_of(r.resp_addr, r.key.ip_version);
  c.forward = !(c.resp < c.orig);
  c.same = !(c.orig < c.resp) && c.forward;
  c.pair = {c.forward ? c.orig : c.resp, c.forward ? c.resp : c.orig};
  const std::uint8_t proto = r.key.ip_protocol;
  c.counts_port = c.first_part && (proto == 6 || proto == 17 || proto == 132);
  c.port = {proto, r.resp_port};
  c.total_packets = r.total_packets();
  c.total_bytes = r.total_bytes();
  c.orig_hash = hash_host(c.orig);
  c.resp_hash = hash_host(c.resp);
  c.pair_hash = hash_pair(c.pair);
  c.port_hash = c.counts_port ? hash_port(c.port) : 0;
  return c;
}

template <class Ask> void talker_table::each_lookup(const flow_count& c, Ask ask) const noexcept {
  ask(hosts_, c.orig_hash);
  ask(hosts_, c.resp_hash);
  ask(pairs_, c.pair_hash);
  if (c.counts_port) {
    ask(ports_, c.port_hash);
  }
}

void talker_table::count(const flow_count& c) noexcept {
  bool lost = false;
  // Each end sent what the other received.
  const auto add = [](host_counts& h, std::uint64_t tx_packets, std::uint64_t tx_bytes,
                      std::uint64_t rx_packets, std::uint64_t rx_bytes) {
    h.tx_packets += tx_packets;
    h.tx_bytes += tx_bytes;
    h.rx_packets += rx_packets;
    h.rx_bytes += rx_bytes;
  };
  if (host_counts* h = hosts_.find_or_insert(c.orig, c.orig_hash)) {
    add(*h, c.o_packets, c.o_bytes, c.r_packets, c.r_bytes);
    h->flows_orig += c.first_part ? 1U : 0U;
  } else {
    lost = true;
  }
  if (host_counts* h = hosts_.find_or_insert(c.resp, c.resp_hash)) {
    add(*h, c.r_packets, c.r_bytes, c.o_packets, c.o_bytes);
    h->flows_resp += c.first_part ? 1U : 0U;
  } else {
    lost = true;
  }
  if (pair_counts* p = pairs_.find_or_insert(c.pair, c.pair_hash)) {
    if (c.same) {
      // a host talking to itself: add_packet() counts every packet a -> b
      p->a_to_b_packets += c.o_packets + c.r_packets;
      p->a_to_b_bytes += c.o_bytes + c.r_bytes;
    } else if (c.forward) {
      p->a_to_b_packets += c.o_packets;
      p->a_to_b_bytes += c.o_bytes;
      p->b_to_a_packets += c.r_packets;
      p->b_to_a_bytes += c.r_bytes;
    } else {
      p->a_to_b_packets += c.r_packets;
      p->a_to_b_bytes += c.r_bytes;
      p->b_to_a_packets += c.o_packets;
      p->b_to_a_bytes += c.o_bytes;
    }
    p->flows += c.first_part ? 1U : 0U;
  } else {
    lost = true;
  }
  if (c.counts_port) {
    if (port_counts* p = ports_.find_or_insert(c.port, c.port_hash)) {
      p->flows += 1;
      p->packets += c.total_packets;
      p->bytes += c.total_bytes;
    } else {
      lost = true;
    }
  }
  untracked_ += lost ? 1U : 0U;
}

namespace {
std::uint64_t metric_of(const talker_row& r, talker_metric m) noexcept {
  switch (m) {
  case talker_metric::bytes: return r.bytes;
  case talker_metric::packets: return r.packets;
  case talker_metric::flows: return r.flows;
  }
  return 0;
}
bool key_less(const talker_row& x, const talker_row& y) noexcept {
  if (x.a != y.a) {
    return x.a < y.a;
  }
  if (x.b != y.b) {
    return x.b < y.b;
  }
  return std::tie(x.ip_protocol, x.port) < std::tie(y.ip_protocol, y.port);
}
} // namespace

std::vector<talker_row> talker_table::top(talker_metric metric, talker_role role,
                                          std::size_t n) const {
  PKTSCOPE_ASSERT(drained());
  const auto better = [metric](const talker_row& x, const talker_row& y) {
    const std::uint64_t mx = metric_of(x, metric), my = metric_of(y, metric);
    if (mx != my) {
      return mx > my;
    }
    return key_less(x, y);
  };
  // The best n so far as a heap whose front is the worst of them: a table of a large capture
  // holds hundreds of thousands of rows, and a copy of them all (for a sort) would be tens of
  // megabytes of fresh memory for the ten rows a ranking shows.
  std::vector<talker_row> best;
  if (n == 0) {
    return best;
  }
  const auto offer = [&](const talker_row& r) {
    // Rows whose chosen figure is 0 (a host that only received, ranked as a source) are left
    // out.
    if (metric_of(r, metric) == 0) {
      return;
    }
    if (best.size() < n) {
      best.push_back(r);
      std::push_heap(best.begin(), best.end(), better);
    } else if (better(r, best.front())) {
      std::pop_heap(best.begin(), best.end(), better);
      best.back() = r;
      std::push_heap(best.begin(), best.end(), better);
    }
  };
  switch (role) {
  case talker_role::src:
  case talker_role::dst:
  case talker_role::host:
    for (const auto& e : hosts_.entries()) {
      talker_row r;
      r.a = e.key;
      const host_counts& c = e.value;
      if (role == talker_role::src) {
        r.packets = c.tx_packets;
        r.bytes = c.tx_bytes;
        r.flows = c.flows_orig;
      } else if (role == talker_role::dst) {
        r.packets = c.rx_packets;
        r.bytes = c.rx_bytes;
        r.flows = c.flows_resp;
      } else {
        r.packets = c.tx_packets + c.rx_packets;
        r.bytes = c.tx_bytes + c.rx_bytes;
        r.flows = c.flows_orig + c.flows_resp;
      }
      r.out_packets = c.tx_packets;
      r.out_bytes = c.tx_bytes;
      offer(r);
    }
    break;
  case talker_role::pair:
    for (const auto& e : pairs_.entries()) {
      talker_row r;
      r.a = e.key.a;
      r.b = e.key.b;
      const pair_counts& c = e.value;
      r.packets = c.a_to_b_packets + c.b_to_a_packets;
      r.bytes = c.a_to_b_bytes + c.b_to_a_bytes;
      r.flows = c.flows;
      r.out_packets = c.a_to_b_packets;
      r.out_bytes = c.a_to_b_bytes;
      offer(r);
    }
    break;
  case talker_role::port:
    for (const auto& e : ports_.entries()) {
      talker_row r;
      r.ip_protocol = e.key.ip_protocol;
      r.port = e.key.port;
      r.packets = e.value.packets;
      r.bytes = e.value.bytes;
      r.flows = e.value.flows;
      offer(r);
    }
    break;
  }
  std::sort_heap(best.begin(), best.end(), better);
  return best;
}

std::vector<std::uint64_t> talker_table::byte_matrix(const std::vector<host_key>& hosts) const {
  PKTSCOPE_ASSERT(drained());
  const std::size_t n = hosts.size();
  std::vector<std::uint64_t> m(n * n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const bool forward = !(hosts[j] < hosts[i]);
      const pair_key k{forward ? hosts[i] : hosts[j], forward ? hosts[j] : hosts[i]};
      if (const pair_counts* p = pairs_.find(k)) {
        // a host talking to itself: a == b, all of it is counted a -> b
        m[i * n + j] = forward ? p->a_to_b_bytes : p->b_to_a_bytes;
      }
    }
  }
  return m;
}

} // namespace pktscope::stats
