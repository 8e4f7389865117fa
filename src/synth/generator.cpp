#include <pktscope/synth/generator.hpp>

#include "generator_impl.hpp"

namespace pktscope::synth {

using namespace detail;

generator::impl::impl(const scenario& s) : sc(s), r(s.seed) {
  end = sc.start + sc.duration;
  noise.resize(std::size_t{1} << 16);
  for (std::size_t i = 0; i < noise.size(); i += 8) {
    const std::uint64_t v = r.next();
    std::memcpy(noise.data() + i, &v, 8);
  }
  make_hosts();
  calibrate();
  pool.resize(1);
  pool[0].kind = conv_kind::spawner;
  heap.reserve(4096);
  push(0, sc.start);
  for (std::uint32_t i = 0; i < sc.events.size(); ++i) {
    setup_event(i);
  }
  current.pkt.link = link_type::ethernet;
}

void generator::impl::make_hosts() {
  const std::uint32_t n = sc.hosts;
  const std::uint32_t n_web = std::max<std::uint32_t>(2, n / 8);
  const std::uint32_t n_web_int = (n_web + 1) / 2;
  const std::uint32_t n_web_ext = n_web - n_web_int;
  std::uint32_t k = 0; // internal index
  const auto add_internal = [&](role ro) {
    host h;
    h.v4 = internal_v4(k);
    h.v6 = internal_v6(k);
    h.mac = mac_for(h.v4);
    h.r = ro;
    h.internal = true;
    h.windows = ro == role::client && r.chance(0.4);
    h.ssh = ro != role::client || r.chance(0.2);
    h.ttl = h.windows ? 128 : 64;
    h.base_rtt = static_cast<timestamp_ns>(r.between(150, 900)) * us;
    h.mbps = 200 + r.uniform() * 700;
    ++k;
    hosts.push_back(h);
  };
  add_internal(role::dns);
  dns_server = 0;
  for (std::uint32_t i = 0; i < n_web_int; ++i) {
    internal_web.push_back(static_cast<std::uint32_t>(hosts.size()));
    web_servers.push_back(static_cast<std::uint32_t>(hosts.size()));
    add_internal(role::web);
  }
  for (std::uint32_t j = 0; j < n_web_ext; ++j) {
    host h;
    h.v4 = external_v4(j);
    h.v6 = external_v6(j);
    h.mac = router_mac;
    h.r = role::web;
    h.internal = false;
    h.ssh = r.chance(0.3);
    h.ttl =
        static_cast<std::uint8_t>(r.chance(0.8) ? 64 - r.between(6, 18) : 128 - r.between(8, 20));
    h.base_rtt = static_cast<timestamp_ns>(r.between(8, 90)) * ms;
    h.mbps = 10 + r.uniform() * 190;
    web_servers.push_back(static_cast<std::uint32_t>(hosts.size()));
    hosts.push_back(h);
  }
  while (hosts.size() < n) {
    clients.push_back(static_cast<std::uint32_t>(hosts.size()));
    add_internal(role::client);
    if (hosts.back().windows) {
      windows_clients.push_back(clients.back());
    }
  }
  for (std::uint32_t i = 0; i < hosts.size(); ++i) {
    by_v4.emplace_back(hosts[i].v4.to_u32(), i);
    const host& h = hosts[i];
    host_infos.push_back({h.r == role::web   ? "web"
                          : h.r == role::dns ? "dns"
                                             : "client",
                          h.v4, h.v6, h.mac, h.internal});
  }
  std::sort(by_v4.begin(), by_v4.end());
}

const host* generator::impl::find_host(ipv4_address a) const noexcept {
  const std::uint32_t v = a.to_u32();
  const auto it = std::lower_bound(by_v4.begin(), by_v4.end(), std::pair{v, std::uint32_t{0}});
  return it != by_v4.end() && it->first == v ? &hosts[it->second] : nullptr;
}

endpoint generator::impl::endpoint_of(const host& h, std::uint16_t port) const noexcept {
  return {h.v4, h.v6, h.mac, port, h.ttl};
}

void generator::impl::draw_plan(rng& g, plan& p) const noexcept {
  p = plan{};
  const double u = g.uniform();
  p.v6 = g.chance(sc.ipv6_share);
  p.client = clients[g.below(clients.size())];
  if (u < 0.38) {
    p.kind = conv_kind::dns;
    p.server = dns_server;
    return;
  }
  if (u < 0.45) {
    p.kind = conv_kind::ping;
    p.pings = static_cast<std::uint32_t>(g.between(1, 4));
    const bool to_server = g.chance(0.7);
    p.server =
        to_server ? web_servers[g.below(web_servers.size())] : clients[g.below(clients.size())];
    if (p.server == p.client) {
      p.server = dns_server;
    }
    return;
  }
  p.kind = conv_kind::web;
  p.server = web_servers[g.below(web_servers.size())];
  p.refused = g.chance(0.01);
  p.rst_close = g.chance(0.06);
  p.bulk = g.chance(0.02);
  if (p.bulk) {
    p.n_req = 1;
    p.req_size[0] = static_cast<std::uint16_t>(g.between(180, 400));
    const double want = g.lognormal(std::log(2.0e6), 1.0);
    p.body[0] = static_cast<std::uint32_t>(
        std::clamp<double>(want, 64.0 * 1024, static_cast<double>(bulk_cap)));
    return;
  }
  p.n_req = static_cast<std::uint8_t>(g.chance(0.6) ? 1 : g.between(2, 3));
  for (std::uint8_t i = 0; i < p.n_req; ++i) {
    p.req_size[i] = static_cast<std::uint16_t>(std::clamp(g.lognormal(6.0, 0.45), 160.0, 1200.0));
    const double body = g.chance(0.55) ? g.lognormal(7.0, 1.0) : g.lognormal(10.0, 1.1);
    p.body[i] = static_cast<std::uint32_t>(std::clamp(body, 0.0, 4.0e6));
  }
}

void generator::impl::calibrate() {
  const double seconds = static_cast<double>(sc.duration) / 1e9;
  const double pps = sc.rate > 0 ? sc.rate : static_cast<double>(sc.target_packets) / seconds;
  const double total = pps * seconds;
  // One bulk download is at most 3% of the capture, at least 64 KiB, at most 256 MiB.
  bulk_cap = static_cast<std::uint64_t>(std::clamp(total * 0.03 * 1400, 65536.0, 268435456.0));
  rng g(sc.seed ^ 0x5eed'ca11'b4a7'e000ULL);
  plan p;
  double sum = 0;
  constexpr int samples = 20000;
  for (int i = 0; i < samples; ++i) {
    draw_plan(g, p);
    sum += static_cast<double>(plan_packets(p));
  }
  const double mean_packets = sum / samples;
  const double conv_per_sec = pps / mean_packets;
  peak_rate = conv_per_sec / diurnal_mean / 1e9;
}

std::uint32_t generator::impl::alloc() {
  if (!free_list.empty()) {
    const std::uint32_t i = free_list.back();
    free_list.pop_back();
    pool[i] = conv{};
    return i;
  }
  pool.emplace_back();
  return static_cast<std::uint32_t>(pool.size() - 1);
}

void generator::impl::push(std::uint32_t idx, timestamp_ns ts) {
  pool[idx].next = ts;
  heap.push_back({ts, order++, idx});
  std::push_heap(heap.begin(), heap.end(), heap_later{});
}

// --- the main loop --------------------------------------------------------------------------

const synth_packet* generator::impl::next() noexcept {
  while (!heap.empty()) {
    const heap_entry top = heap.front();
    if (top.ts > end) {
      heap.clear();
      break;
    }
    std::pop_heap(heap.begin(), heap.end(), heap_later{});
    heap.pop_back();
    now = top.ts;
    emitted = false;
    step(top.idx);
    conv& c = pool[top.idx];
    if (c.done) {
      free_list.push_back(top.idx);
    } else {
      PKTSCOPE_ASSERT(c.next >= now);
      push(top.idx, c.next);
    }
    if (emitted) {
      return &current;
    }
  }
  return nullptr;
}

void generator::impl::step(std::uint32_t idx) noexcept {
  conv& c = pool[idx]; // std::deque: stays valid while step() allocates new conversations
  switch (c.kind) {
  case conv_kind::spawner: step_spawner(c); break;
  case conv_kind::web: step_web(c); break;
  case conv_kind::dns: step_dns(c); break;
  case conv_kind::ping: step_ping(c); break;
  case conv_kind::stream: step_stream(c); break;
  case conv_kind::reply: step_reply(c); break;
  }
}

void generator::impl::step_spawner(conv& c) noexcept {
  // Thinning (Lewis and Shedler): candidates at the peak rate, kept with probability
  // diurnal(u), give a Poisson process whose rate follows the curve.
  if (c.counter++ > 0) {
    const double u = static_cast<double>(now - sc.start) / static_cast<double>(sc.duration);
    if (r.chance(diurnal(u))) {
      plan p;
      draw_plan(r, p);
      start_conversation(p, now, -1, nullptr);
    }
  }
  const double wait = std::min(r.exponential(1.0 / peak_rate), static_cast<double>(sc.duration));
  c.next = now + 1 + static_cast<timestamp_ns>(wait);
}

void generator::impl::start_conversation(const plan& p, timestamp_ns t, std::int32_t event,
                                         const endpoint* client) noexcept {
  const std::uint32_t idx = alloc();
  conv& c = pool[idx];
  const host& cl = hosts[p.client];
  const host& sv = hosts[p.server];
  c.kind = p.kind;
  c.event = event;
  c.v6 = p.v6;
  c.c = client != nullptr ? *client : endpoint_of(cl, 0);
  c.s = endpoint_of(sv, 0);
  c.c.port = static_cast<std::uint16_t>(r.between(32768, 60999));
  c.c_id = r.next_u16();
  c.s_id = r.next_u16();
  c.flow = r.next_u32() & 0xfffffU;
  c.rtt = static_cast<timestamp_ns>(static_cast<double>(sv.base_rtt) * (0.9 + 0.3 * r.uniform()));
  c.delta = static_cast<timestamp_ns>(r.between(20, 120)) * us;
  if (event < 0) {
    ++summary.conversations;
  }
  switch (p.kind) {
  case conv_kind::dns:
    c.s.port = 53;
    c.site = static_cast<std::uint16_t>(r.below(site_names.size()));
    c.qtype = p.v6 ? static_cast<std::uint16_t>(dns::qtype::aaaa) : 1;
    c.dns_id = r.next_u16();
    c.rtt = static_cast<timestamp_ns>(r.between(300, 40000)) * us;
    break;
  case conv_kind::ping:
    c.icmp_id = r.next_u16();
    c.icmp_seq = 1;
    c.limit = p.pings;
    break;
  case conv_kind::web: {
    c.s.port = p.refused ? 8081 : (p.bulk || r.chance(0.7) ? 80 : 8080);
    c.refused = p.refused;
    c.rst_close = p.rst_close;
    c.n_req = p.n_req;
    c.req_size = p.req_size;
    c.body = p.body;
    c.site = static_cast<std::uint16_t>(r.below(site_names.size()));
    c.c_seq = r.next_u32();
    c.s_seq = r.next_u32();
    c.mss = p.v6 ? 1440 : 1460;
    const double mbps = sv.mbps * (p.bulk ? 2.0 : 1.0) * (0.5 + r.uniform());
    c.gap = std::max<timestamp_ns>(
        2 * us, static_cast<timestamp_ns>((c.mss + 54) * 8.0 / mbps * 1e3)); // ns
    c.delta = std::min(c.delta, c.gap / 2);
    break;
  }
  default: break;
  }
  push(idx, t);
}

generator::generator(const scenario& s) : impl_(std::make_unique<impl>(s)) {}
generator::~generator() = default;
generator::generator(generator&&) noexcept = default;
generator& generator::operator=(generator&&) noexcept = default;

const synth_packet* generator::next() noexcept {
  return impl_->next();
}
const std::vector<event_label>& generator::labels() const noexcept {
  return impl_->event_labels;
}
const capture_summary& generator::summary() const noexcept {
  return impl_->summary;
}
const std::vector<host_info>& generator::hosts() const noexcept {
  return impl_->host_infos;
}
double generator::peak_conversation_rate() const noexcept {
  return impl_->peak_rate * 1e9;
}

result<void> write_all(generator& g, capture_writer& w) noexcept {
  while (const synth_packet* p = g.next()) {
    if (auto ok = w.write(p->pkt); !ok) {
      return ok;
    }
  }
  return {};
}

} // namespace pktscope::synth
