#include <pktscope/analysis/stats/talkers.hpp>

#include <pktscope/analysis/flow_record.hpp>
#include <pktscope/decode/decoded_packet.hpp>

#include <algorithm>
#include <cstring>
#include <tuple>

namespace pktscope::stats {

std::uint64_t hash_bytes(const void* data, std::size_t n) noexcept {
  const auto* p = static_cast<const std::uint8_t*>(data);
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::size_t i = 0; i < n; ++i) {
    h = (h ^ p[i]) * 0x100000001b3ULL;
  }
  // splitmix64 finaliser: FNV's low bits alone cluster for similar addresses.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

bool operator<(const host_key& x, const host_key& y) noexcept {
  return std::tie(x.ip_version, x.addr) < std::tie(y.ip_version, y.addr);
}

namespace {
// Keys are hashed field by field into a packed buffer: struct padding never takes part.
struct packer {
  std::array<std::uint8_t, 40> buf{};
  std::size_t n = 0;
  void put(const host_key& k) noexcept {
    std::memcpy(buf.data() + n, k.addr.data(), k.addr.size());
    n += k.addr.size();
    buf[n++] = k.ip_version;
  }
  [[nodiscard]] std::uint64_t hash() const noexcept { return hash_bytes(buf.data(), n); }
};

host_key host_of(const std::array<std::uint8_t, 16>& addr, std::uint8_t version) noexcept {
  host_key k;
  k.addr = addr;
  k.ip_version = version;
  return k;
}
} // namespace

std::uint64_t hash_host(const host_key& k) noexcept {
  packer p;
  p.put(k);
  return p.hash();
}
std::uint64_t hash_pair(const pair_key& k) noexcept {
  packer p;
  p.put(k.a);
  p.put(k.b);
  return p.hash();
}
std::uint64_t hash_port(const port_key& k) noexcept {
  const std::array<std::uint8_t, 3> b = {k.ip_protocol, static_cast<std::uint8_t>(k.port >> 8),
                                         static_cast<std::uint8_t>(k.port)};
  return hash_bytes(b.data(), b.size());
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
  count_flow(r, false);
}

void talker_table::add_flow_traffic(const flow_record& r) noexcept {
  count_flow(r, true);
}

void talker_table::count_flow(const flow_record& r, bool traffic) noexcept {
  if (r.key.ip_version == 0) {
    return;
  }
  const bool first_part = r.part == 0;
  // What add_packet() would have counted: packets from the originator go orig -> resp.
  // Without `traffic` (add_flow) only the flow counts change.
  const flow_direction& o = r.dir[0];
  const flow_direction& p = r.dir[1];
  // A tunnelled packet counts for the hosts of its innermost headers, with its inner flow.
  const std::uint64_t o_packets = traffic ? o.packets - o.fragments - o.outer_packets : 0;
  const std::uint64_t o_bytes = traffic ? o.bytes - o.fragment_bytes - o.outer_bytes : 0;
  const std::uint64_t r_packets = traffic ? p.packets - p.fragments - p.outer_packets : 0;
  const std::uint64_t r_bytes = traffic ? p.bytes - p.fragment_bytes - p.outer_bytes : 0;
  bool lost = false;
  const host_key orig = host_of(r.orig_addr, r.key.ip_version);
  const host_key resp = host_of(r.resp_addr, r.key.ip_version);
  if (host_counts* h = hosts_.find_or_insert(orig)) {
    h->tx_packets += o_packets;
    h->tx_bytes += o_bytes;
    h->rx_packets += r_packets;
    h->rx_bytes += r_bytes;
    h->flows_orig += first_part ? 1U : 0U;
  } else {
    lost = true;
  }
  if (host_counts* h = hosts_.find_or_insert(resp)) {
    h->tx_packets += r_packets;
    h->tx_bytes += r_bytes;
    h->rx_packets += o_packets;
    h->rx_bytes += o_bytes;
    h->flows_resp += first_part ? 1U : 0U;
  } else {
    lost = true;
  }
  const bool forward = !(resp < orig);
  const bool same = !(orig < resp) && forward;
  if (pair_counts* c = pairs_.find_or_insert({forward ? orig : resp, forward ? resp : orig})) {
    if (same) {
      // a host talking to itself: add_packet() counts every packet a -> b
      c->a_to_b_packets += o_packets + r_packets;
      c->a_to_b_bytes += o_bytes + r_bytes;
    } else if (forward) {
      c->a_to_b_packets += o_packets;
      c->a_to_b_bytes += o_bytes;
      c->b_to_a_packets += r_packets;
      c->b_to_a_bytes += r_bytes;
    } else {
      c->a_to_b_packets += r_packets;
      c->a_to_b_bytes += r_bytes;
      c->b_to_a_packets += o_packets;
      c->b_to_a_bytes += o_bytes;
    }
    c->flows += first_part ? 1U : 0U;
  } else {
    lost = true;
  }
  const std::uint8_t proto = r.key.ip_protocol;
  if (first_part && (proto == 6 || proto == 17 || proto == 132)) {
    if (port_counts* c = ports_.find_or_insert({proto, r.resp_port})) {
      c->flows += 1;
      c->packets += r.total_packets();
      c->bytes += r.total_bytes();
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
  std::vector<talker_row> rows;
  switch (role) {
  case talker_role::src:
  case talker_role::dst:
  case talker_role::host:
    rows.reserve(hosts_.size());
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
      rows.push_back(r);
    }
    break;
  case talker_role::pair:
    rows.reserve(pairs_.size());
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
      rows.push_back(r);
    }
    break;
  case talker_role::port:
    rows.reserve(ports_.size());
    for (const auto& e : ports_.entries()) {
      talker_row r;
      r.ip_protocol = e.key.ip_protocol;
      r.port = e.key.port;
      r.packets = e.value.packets;
      r.bytes = e.value.bytes;
      r.flows = e.value.flows;
      rows.push_back(r);
    }
    break;
  }
  // Rows whose chosen figure is 0 (a host that only received, ranked as a source) are left out.
  std::erase_if(rows, [metric](const talker_row& r) { return metric_of(r, metric) == 0; });
  const auto better = [metric](const talker_row& x, const talker_row& y) {
    const std::uint64_t mx = metric_of(x, metric), my = metric_of(y, metric);
    if (mx != my) {
      return mx > my;
    }
    return key_less(x, y);
  };
  const std::size_t k = std::min(n, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(k), rows.end(),
                    better);
  rows.resize(k);
  return rows;
}

std::vector<std::uint64_t> talker_table::byte_matrix(const std::vector<host_key>& hosts) const {
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
