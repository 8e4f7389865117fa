#include <pktscope/synth/generator.hpp>

#include <pktscope/build/builder.hpp>
#include <pktscope/core/assert.hpp>
#include <pktscope/core/chars.hpp>
#include <pktscope/io/capture_writer.hpp>
#include <pktscope/proto/dns.hpp>
#include <pktscope/proto/icmp.hpp>
#include <pktscope/proto/icmpv6.hpp>
#include <pktscope/proto/ipv4.hpp>
#include <pktscope/proto/ipv6.hpp>
#include <pktscope/proto/tcp.hpp>
#include <pktscope/synth/rng.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>
#include <type_traits>
#include <utility>

namespace pktscope::synth {

namespace {

constexpr timestamp_ns us = 1000;
constexpr timestamp_ns ms = 1000 * us;
constexpr timestamp_ns sec = ns_per_second;

// --- addresses of the synthetic network ---------------------------------------------------
// LAN 10.1.0.0/16 (2001:db8:0:1::/64), servers on the Internet 198.18.0.0/15 (RFC 2544,
// 2001:db8:ff::/48), event attackers in the documentation ranges (RFC 5737) and 100.64.0.0/10
// for spoofed sources, so that every event's packets are told apart by address alone.

constexpr mac_address router_mac{{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}};
constexpr mac_address tunnel_mac_a{{0x02, 0x00, 0x0a, 0xff, 0x00, 0x01}};
constexpr mac_address tunnel_mac_b{{0x02, 0x00, 0x0a, 0xff, 0x00, 0x02}};
constexpr ipv4_address tunnel_ip_a{{10, 255, 0, 1}};
constexpr ipv4_address tunnel_ip_b{{10, 255, 0, 2}};
constexpr std::uint32_t vxlan_vni = 4242;

bool is_internal(ipv4_address a) noexcept {
  return a.octets[0] == 10;
}

/// LAN hosts have a MAC derived from their address; everything else is behind the router.
mac_address mac_for(ipv4_address a) noexcept {
  if (!is_internal(a)) {
    return router_mac;
  }
  return {{0x02, 0x00, a.octets[0], a.octets[1], a.octets[2], a.octets[3]}};
}

ipv4_address internal_v4(std::uint32_t k) noexcept {
  return {{10, 1, static_cast<std::uint8_t>(k / 250), static_cast<std::uint8_t>(k % 250 + 2)}};
}
ipv6_address internal_v6(std::uint32_t k) noexcept {
  ipv6_address a{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1}};
  a.octets[14] = static_cast<std::uint8_t>((k + 2) >> 8);
  a.octets[15] = static_cast<std::uint8_t>(k + 2);
  return a;
}
ipv4_address external_v4(std::uint32_t j) noexcept {
  return {{198, 18, static_cast<std::uint8_t>(j / 250), static_cast<std::uint8_t>(j % 250 + 1)}};
}
ipv6_address external_v6(std::uint32_t j) noexcept {
  ipv6_address a{{0x20, 0x01, 0x0d, 0xb8, 0, 0xff}};
  a.octets[14] = static_cast<std::uint8_t>((j + 1) >> 8);
  a.octets[15] = static_cast<std::uint8_t>(j + 1);
  return a;
}

enum class role : std::uint8_t { client, web, dns };

struct host {
  ipv4_address v4;
  ipv6_address v6;
  mac_address mac;
  role r = role::client;
  bool internal = true;
  bool windows = false; ///< TTL 128 and SMB/RDP ports open
  bool ssh = false;
  std::uint8_t ttl = 64;     ///< as seen at the capture point
  timestamp_ns base_rtt = 0; ///< round trip between the capture point's clients and it
  double mbps = 100;         ///< throughput of its downloads

  [[nodiscard]] bool tcp_open(std::uint16_t port) const noexcept {
    switch (r) {
    case role::web:
      if (port == 80 || port == 443 || port == 8080) {
        return true;
      }
      break;
    case role::dns:
      if (port == 53) {
        return true;
      }
      break;
    case role::client: break;
    }
    if (port == 22) {
      return ssh;
    }
    return windows && (port == 135 || port == 139 || port == 445 || port == 3389);
  }
  [[nodiscard]] bool udp_open(std::uint16_t port) const noexcept {
    return (r == role::dns && port == 53) || (windows && (port == 137 || port == 138));
  }
};

// --- names and texts -----------------------------------------------------------------------

constexpr std::array<std::string_view, 24> site_names{
    "www.example.com",    "mail.example.org",    "api.example.net",    "cdn.example.com",
    "static.example.org", "login.example.net",   "images.example.com", "news.example.org",
    "update.example.net", "time.example.com",    "docs.example.org",   "shop.example.net",
    "video.example.com",  "maps.example.org",    "search.example.net", "files.example.com",
    "chat.example.org",   "git.example.net",     "wiki.example.com",   "status.example.org",
    "ads.example.net",    "metrics.example.com", "auth.example.org",   "feeds.example.net"};
constexpr std::array<std::string_view, 8> paths{
    "/",       "/index.html", "/api/v1/items", "/static/app.js", "/img/logo.png",
    "/search", "/feed.xml",   "/login"};
constexpr std::array<std::string_view, 3> user_agents{
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Safari/537.36",
    "curl/8.5.0"};
constexpr std::array<std::uint16_t, 10> sensitive_port_list{23,  3389, 445,  139,  21,
                                                            135, 5900, 1433, 3306, 22};
constexpr char base32_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

// --- conversations ---------------------------------------------------------------------------

enum class conv_kind : std::uint8_t { spawner, web, dns, ping, stream, reply };

/// What a reply conversation answers.
enum class reply_kind : std::uint8_t {
  rst_ack,         ///< closed TCP port: RST/ACK
  rst_only,        ///< ACK scan: RST with the probe's ACK number as sequence
  syn_scan_open,   ///< SYN/ACK, then the scanner's RST
  connect_open,    ///< SYN/ACK, the scanner's ACK, its RST/ACK
  session_open,    ///< SYN/ACK, ACK, FIN/ACK both ways, ACK
  synack_only,     ///< SYN flood: SYN/ACK
  udp_unreachable, ///< closed UDP port: ICMP port unreachable quoting the probe
  echo_reply,      ///< echo reply with the request's payload
  tunnel_reply,    ///< ICMP tunnel: echo reply with its own random payload
  dns_tunnel,      ///< DNS tunnel: TXT answer
};

enum class web_phase : std::uint8_t {
  syn,
  synack,
  ack,
  request,
  response,
  client_ack,
  close,
  server_fin,
  last_ack,
  refused
};

struct endpoint {
  ipv4_address v4{};
  ipv6_address v6{};
  mac_address mac{};
  std::uint16_t port = 0;
  std::uint8_t ttl = 64;
};

struct conv {
  conv_kind kind = conv_kind::web;
  std::uint8_t phase = 0;
  reply_kind reply = reply_kind::rst_ack;
  bool v6 = false;
  bool done = false;
  bool rst_close = false; ///< web: the client ends with RST instead of FIN
  bool refused = false;   ///< web: nobody listens; the server answers RST/ACK
  std::int32_t event = -1;
  endpoint c; ///< initiator (client, attacker)
  endpoint s; ///< responder (server, victim)
  std::uint32_t c_seq = 0, s_seq = 0, probe_ack = 0;
  std::uint16_t c_id = 0, s_id = 0;
  std::uint32_t flow = 0;
  timestamp_ns next = 0, rtt = 0, gap = 0, delta = 0, mark = 0;
  std::uint32_t counter = 0, limit = 0;
  std::uint8_t n_req = 0, req_i = 0;
  std::array<std::uint16_t, 3> req_size{};
  std::array<std::uint32_t, 3> body{};
  std::uint64_t resp_left = 0;
  std::uint32_t seg_k = 0;
  std::uint16_t mss = 1460;
  std::uint16_t site = 0;
  std::uint16_t icmp_id = 0, icmp_seq = 0, dns_id = 0, payload_len = 0;
  std::uint32_t payload_off = 0;
  std::uint16_t qtype = 1;
  std::uint64_t aux = 0; ///< seed of derived random text (DNS tunnel names)
};

/// The parameters of one normal conversation, drawn before it starts (also used to calibrate
/// the arrival rate: its packet count is known in advance).
struct plan {
  conv_kind kind = conv_kind::web;
  bool v6 = false;
  bool refused = false;
  bool rst_close = false;
  bool bulk = false;
  std::uint32_t client = 0, server = 0; // host indices
  std::uint8_t n_req = 1;
  std::array<std::uint16_t, 3> req_size{};
  std::array<std::uint32_t, 3> body{};
  std::uint32_t pings = 1;
};

constexpr std::uint16_t http_header_estimate = 120;

std::uint64_t plan_packets(const plan& p) noexcept {
  switch (p.kind) {
  case conv_kind::dns: return 2;
  case conv_kind::ping: return 2ULL * p.pings;
  case conv_kind::web: {
    if (p.refused) {
      return 2;
    }
    const std::uint64_t mss = p.v6 ? 1440 : 1460;
    std::uint64_t n = 3 + (p.rst_close ? 1 : 3);
    for (std::uint8_t i = 0; i < p.n_req; ++i) {
      const std::uint64_t segs = (p.body[i] + http_header_estimate + mss - 1) / mss;
      n += 1 + segs + (segs + 1) / 2;
    }
    return n;
  }
  default: return 0;
  }
}

/// Smooth day-like activity in (0, 1]: a quiet night at both ends, a peak mid-capture.
double diurnal(double u) noexcept {
  constexpr double two_pi = 6.283185307179586;
  const double day = 0.5 - 0.5 * std::cos(two_pi * u);
  // A second, smaller bump gives a lunch dip rather than a perfect sine.
  const double dip = 0.08 * std::sin(2 * two_pi * u) * std::sin(2 * two_pi * u);
  return std::clamp(0.25 + 0.75 * day - dip, 0.05, 1.0);
}
constexpr double diurnal_mean = 0.25 + 0.75 * 0.5 - 0.08 * 0.375;

struct event_state {
  event_spec spec;
  timestamp_ns start = 0;
  double interval_ns = 0;
  std::uint32_t count = 0;
  endpoint attacker;
  std::uint32_t spoof_prefix = 0;     ///< syn_flood spoofed: /16 in host order
  std::uint32_t spike_base = 0;       ///< volume_spike: first source (host order)
  std::uint32_t victim_host = 0;      ///< host index of the main victim (when in the table)
  std::vector<std::uint32_t> targets; ///< IPv4 addresses probed, in probe order (host order)
  std::vector<std::uint16_t> ports;   ///< ports probed, in probe order
  std::uint16_t sport = 0;
};

struct heap_entry {
  timestamp_ns ts;
  std::uint64_t order;
  std::uint32_t idx;
};
struct heap_later {
  bool operator()(const heap_entry& a, const heap_entry& b) const noexcept {
    return a.ts != b.ts ? a.ts > b.ts : a.order > b.order;
  }
};

template <class R> void use(const R& r) noexcept {
  PKTSCOPE_ASSERT(r.has_value());
  static_cast<void>(r);
}

template <class Chain> constexpr bool is_v6_chain() {
  return std::is_same_v<typename Chain::first_step, build::ipv6_step>;
}

std::string v4_text(ipv4_address a) {
  return a.to_string();
}

} // namespace

// =============================================================================================

struct generator::impl {
  explicit impl(const scenario& s);

  const synth_packet* next() noexcept;

  // --- set-up ---
  void make_hosts();
  void calibrate();
  void draw_plan(rng& r, plan& p) const noexcept;
  void setup_event(std::uint32_t i);
  std::uint32_t alloc();
  void push(std::uint32_t idx, timestamp_ns ts);
  [[nodiscard]] const host* find_host(ipv4_address a) const noexcept;
  endpoint endpoint_of(const host& h, std::uint16_t port) const noexcept;

  // --- per packet ---
  void step(std::uint32_t idx) noexcept;
  void step_spawner(conv& c) noexcept;
  void start_conversation(const plan& p, timestamp_ns t, std::int32_t event,
                          const endpoint* client) noexcept;
  void step_web(conv& c) noexcept;
  void step_dns(conv& c) noexcept;
  void step_ping(conv& c) noexcept;
  void step_stream(conv& c) noexcept;
  void step_reply(conv& c) noexcept;
  void new_reply(const conv& probe, reply_kind k, timestamp_ns at) noexcept;

  void emit_tcp(conv& c, bool from_client, tcp::flag_set flags, std::uint32_t seq,
                std::uint32_t ack, bytes payload, std::uint16_t window,
                const build::tcp_options& opts = {}) noexcept;
  void emit_udp(conv& c, bool from_client, bytes payload) noexcept;
  void emit_echo(conv& c, bool from_client, bool reply, bytes payload) noexcept;
  void emit_port_unreachable(conv& c) noexcept;
  template <class Inner> void emit_ip(conv& c, bool from_client, Inner&& inner) noexcept;
  template <class IpChain>
  void frame(const IpChain& ipc, const mac_address& src, const mac_address& dst, bool from_client,
             std::uint32_t flow) noexcept;
  void account(const conv& c, bool from_client) noexcept;

  bytes http_request(conv& c) noexcept;
  bytes http_segment(conv& c, std::size_t len) noexcept;
  std::size_t http_header(const conv& c, char* out, std::size_t cap) const noexcept;
  bytes dns_query(const conv& c) noexcept;
  bytes dns_response(const conv& c) noexcept;
  std::size_t tunnel_name(std::uint64_t seed, std::string_view domain, char* out) const noexcept;
  bytes ping_payload(timestamp_ns t, std::uint16_t len) noexcept;

  scenario sc;
  rng r;
  timestamp_ns end = 0;
  timestamp_ns now = 0;
  std::vector<host> hosts;
  std::vector<host_info> host_infos;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_v4; // (address, host index)
  std::vector<std::uint32_t> clients, web_servers, internal_web, windows_clients;
  std::uint32_t dns_server = 0;
  double peak_rate = 0; // conversations per ns at the curve's peak
  std::uint64_t bulk_cap = 0;
  std::vector<event_state> events;
  std::vector<event_label> event_labels;
  capture_summary summary;

  std::deque<conv> pool;
  std::vector<std::uint32_t> free_list;
  std::vector<heap_entry> heap;
  std::uint64_t order = 0;
  std::uint16_t tunnel_id = 0;

  bool emitted = false;
  synth_packet current;
  std::array<std::uint8_t, 4096> buf{};
  std::array<std::uint8_t, 2048> scratch{};
  std::array<char, 2048> text{};
  std::array<std::uint8_t, 1024> dns_buf{};
  std::vector<std::uint8_t> noise;
};

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

// --- events ---------------------------------------------------------------------------------

void generator::impl::setup_event(std::uint32_t i) {
  event_state ev;
  ev.spec = sc.events[i];
  event_spec& e = ev.spec;
  event_label lab;
  lab.id = i;
  lab.kind = e.kind;

  // When.
  double at = e.at;
  if (e.at_offset < 0 && at < 0) {
    at = 0.1 + 0.75 * r.uniform();
  }
  ev.start = sc.start + (e.at_offset >= 0
                             ? e.at_offset
                             : static_cast<timestamp_ns>(at * static_cast<double>(sc.duration)));

  // Defaults per kind: rate (attack packets per second) and count.
  double rate = 0;
  std::uint32_t count = 0;
  const auto pick_internal_web = [&]() { return internal_web[r.below(internal_web.size())]; };
  ev.victim_host = pick_internal_web();
  const ipv4_address ext_attacker{{203, 0, 113, static_cast<std::uint8_t>(10 + i)}};
  const ipv4_address int_attacker{{10, 1, 250, static_cast<std::uint8_t>(10 + i)}};
  ev.attacker = {e.attacker.value_or(ext_attacker), {}, {}, 0, 52};
  ev.sport = static_cast<std::uint16_t>(r.between(33000, 65000));
  const auto victim_v4 = [&]() { return e.victim ? *e.victim : hosts[ev.victim_host].v4; };
  std::string a_text;
  std::string v_text;

  switch (e.kind) {
  case event_kind::port_scan: {
    rate = e.slow ? 0.25 : (e.scan == scan_type::udp ? 80.0 : 300.0);
    if (e.horizontal) {
      const std::uint16_t port = e.port != 0 ? e.port : (e.scan == scan_type::udp ? 161 : 22);
      e.port = port;
      const ipv4_address base = e.victim ? *e.victim : internal_v4(0);
      for (std::uint32_t h = 1; h < 255; ++h) {
        ev.targets.push_back((base.to_u32() & 0xffffff00U) | h);
      }
      for (std::size_t j = ev.targets.size(); j > 1; --j) { // nmap randomises host order
        std::swap(ev.targets[j - 1], ev.targets[r.below(j)]);
      }
      ev.ports.push_back(port);
      count = e.slow ? 40 : static_cast<std::uint32_t>(ev.targets.size());
      v_text = ipv4_address::from_u32(base.to_u32() & 0xffffff00U).to_string() + "/24";
    } else {
      if (e.port_first == 0) {
        e.port_first = 1;
        e.port_last = 1024;
      }
      for (std::uint32_t p = e.port_first; p <= e.port_last; ++p) {
        ev.ports.push_back(static_cast<std::uint16_t>(p));
      }
      for (std::size_t j = ev.ports.size(); j > 1; --j) {
        std::swap(ev.ports[j - 1], ev.ports[r.below(j)]);
      }
      ev.targets.push_back(victim_v4().to_u32());
      count = e.slow ? std::min<std::uint32_t>(40, static_cast<std::uint32_t>(ev.ports.size()))
                     : static_cast<std::uint32_t>(ev.ports.size());
    }
    break;
  }
  case event_kind::syn_flood:
    rate = 1000;
    count = 5000;
    if (e.port == 0) {
      e.port = 80;
    }
    ev.targets.push_back(victim_v4().to_u32());
    ev.ports.push_back(e.port);
    if (e.spoofed) {
      ev.spoof_prefix = (100U << 24) | ((64U + (i % 192)) << 16);
      a_text = ipv4_address::from_u32(ev.spoof_prefix).to_string() + "/16";
    }
    break;
  case event_kind::ping_sweep: {
    rate = 20;
    const ipv4_address base = e.victim ? *e.victim : internal_v4(0);
    for (std::uint32_t h = 1; h < 255; ++h) {
      ev.targets.push_back((base.to_u32() & 0xffffff00U) | h);
    }
    count = static_cast<std::uint32_t>(ev.targets.size());
    v_text = ipv4_address::from_u32(base.to_u32() & 0xffffff00U).to_string() + "/24";
    break;
  }
  case event_kind::icmp_flood:
    rate = 500;
    count = 3000;
    if (e.size == 0) {
      e.size = 56;
    }
    ev.targets.push_back(victim_v4().to_u32());
    break;
  case event_kind::volume_spike: {
    rate = 30; // conversations per second
    count = 300;
    if (e.sources == 0) {
      e.sources = 8;
    }
    std::uint32_t spike_no = 0;
    for (std::uint32_t j = 0; j < i; ++j) {
      spike_no += sc.events[j].kind == event_kind::volume_spike ? 1 : 0;
    }
    ev.spike_base =
        (198U << 24) | (51U << 16) | ((100U + spike_no / 16) << 8) | (16U * (spike_no % 16));
    a_text = ipv4_address::from_u32(ev.spike_base).to_string() + "/28";
    ev.targets.push_back(victim_v4().to_u32());
    break;
  }
  case event_kind::icmp_tunnel:
    rate = 5;
    count = 200;
    if (e.size == 0) {
      e.size = 1000;
    }
    ev.attacker.v4 = e.attacker.value_or(int_attacker);
    ev.targets.push_back(
        (e.victim ? *e.victim : ipv4_address{{192, 0, 2, static_cast<std::uint8_t>(10 + i)}})
            .to_u32());
    break;
  case event_kind::dns_tunnel:
    rate = 4;
    count = 200;
    if (e.domain.empty()) {
      e.domain = "t.exfil-example.com";
    }
    ev.attacker.v4 = e.attacker.value_or(int_attacker);
    ev.targets.push_back((e.victim ? *e.victim : hosts[dns_server].v4).to_u32());
    break;
  case event_kind::sensitive_ports:
    rate = 0.5;
    ev.ports.assign(sensitive_port_list.begin(), sensitive_port_list.end());
    if (!e.victim && !windows_clients.empty()) {
      ev.victim_host = windows_clients[r.below(windows_clients.size())];
    }
    if (e.port != 0) {
      ev.ports.assign(1, e.port);
    }
    count = static_cast<std::uint32_t>(ev.ports.size());
    ev.targets.push_back(victim_v4().to_u32());
    break;
  }
  ev.attacker.mac = mac_for(ev.attacker.v4);
  if (is_internal(ev.attacker.v4)) {
    ev.attacker.ttl = 64;
  }
  // count / rate / duration: any two given decide the third.
  if (e.rate > 0) {
    rate = e.rate;
  }
  if (e.count > 0) {
    count = e.count;
  }
  if (e.duration > 0) {
    const double secs = static_cast<double>(e.duration) / 1e9;
    if (e.rate > 0 && e.count == 0) {
      count = static_cast<std::uint32_t>(std::max(1.0, std::floor(rate * secs)));
    } else if (e.count > 0 && e.rate == 0) {
      rate = count / secs;
    } else if (e.rate == 0) {
      count = static_cast<std::uint32_t>(std::max(1.0, std::floor(rate * secs)));
    }
  }
  ev.count = count;
  ev.interval_ns = 1e9 / rate;

  // Label text.
  if (a_text.empty()) {
    a_text = v4_text(ev.attacker.v4);
  }
  if (e.kind == event_kind::volume_spike) {
    for (std::uint32_t j = 1; j <= e.sources; ++j) {
      lab.attackers.push_back(ipv4_address::from_u32(ev.spike_base + j).to_string());
    }
  } else {
    lab.attackers.push_back(a_text);
  }
  if (v_text.empty()) {
    v_text = ipv4_address::from_u32(ev.targets.front()).to_string();
  }
  lab.victims.push_back(v_text);
  const std::string& a = a_text;
  const std::string syn_filter = "ip.src==" + a + " && tcp.flags.syn==1 && tcp.flags.ack==0";
  switch (e.kind) {
  case event_kind::port_scan:
    switch (e.scan) {
    case scan_type::syn:
    case scan_type::connect:
      lab.filter = syn_filter;
      lab.counted = "SYNs from the scanner";
      break;
    case scan_type::null:
      lab.filter = "ip.src==" + a + " && tcp.flags==0x000";
      lab.counted = "flagless TCP probes from the scanner";
      break;
    case scan_type::fin:
      lab.filter = "ip.src==" + a + " && tcp.flags==0x001";
      lab.counted = "FIN probes from the scanner";
      break;
    case scan_type::xmas:
      lab.filter = "ip.src==" + a + " && tcp.flags==0x029";
      lab.counted = "FIN/PSH/URG probes from the scanner";
      break;
    case scan_type::ack:
      lab.filter = "ip.src==" + a + " && tcp.flags==0x010";
      lab.counted = "ACK probes from the scanner";
      break;
    case scan_type::udp:
      lab.filter = "ip.src==" + a + " && udp && !icmp";
      lab.counted = "UDP datagrams from the scanner";
      break;
    }
    lab.params.emplace_back("type", std::string(scan_type_name(e.scan)));
    lab.params.emplace_back("mode", e.horizontal ? "horizontal" : "vertical");
    lab.params.emplace_back("speed", e.slow ? "slow" : "fast");
    if (e.horizontal) {
      lab.params.emplace_back("port", std::to_string(e.port));
    } else {
      lab.params.emplace_back("ports",
                              std::to_string(e.port_first) + "-" + std::to_string(e.port_last));
    }
    break;
  case event_kind::syn_flood:
    lab.filter = syn_filter + " && ip.dst==" + v_text;
    lab.counted = "SYNs to the victim";
    lab.params.emplace_back("port", std::to_string(e.port));
    lab.params.emplace_back("spoofed", e.spoofed ? "true" : "false");
    break;
  case event_kind::ping_sweep:
  case event_kind::icmp_flood:
  case event_kind::icmp_tunnel:
    lab.filter = "ip.src==" + a + " && icmp.type==8";
    lab.counted = "echo requests from the attacker";
    if (e.kind != event_kind::ping_sweep) {
      lab.params.emplace_back("size", std::to_string(e.size));
    }
    break;
  case event_kind::volume_spike:
    lab.filter = "ip.src==" + a_text;
    lab.counted = "packets sent by the spike's clients";
    lab.params.emplace_back("sources", std::to_string(e.sources));
    lab.params.emplace_back("conversations", std::to_string(count));
    break;
  case event_kind::dns_tunnel:
    lab.filter = "ip.src==" + a + " && dns.flags.response==0";
    lab.counted = "DNS queries from the attacker";
    lab.params.emplace_back("domain", e.domain);
    break;
  case event_kind::sensitive_ports: {
    lab.filter = syn_filter;
    lab.counted = "SYNs from the attacker";
    std::string list;
    for (const std::uint16_t p : ev.ports) {
      list += (list.empty() ? "" : ",") + std::to_string(p);
    }
    lab.params.emplace_back("ports", list);
    break;
  }
  }
  char rate_text[32];
  std::snprintf(rate_text, sizeof rate_text, "%g", rate);
  lab.params.emplace_back("rate", rate_text);
  if (e.kind != event_kind::volume_spike) {
    lab.params.emplace_back("count", std::to_string(count));
  }

  const std::uint32_t idx = alloc();
  conv& c = pool[idx];
  c.kind = conv_kind::stream;
  c.event = static_cast<std::int32_t>(i);
  c.limit = count;
  c.c = ev.attacker;
  c.c_id = r.next_u16();
  events.push_back(std::move(ev));
  event_labels.push_back(std::move(lab));
  if (count > 0 && events.back().start < end) {
    push(idx, events.back().start);
  } else {
    pool[idx].done = true;
    free_list.push_back(idx);
  }
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

// --- events ---------------------------------------------------------------------------------

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

// --- payloads -------------------------------------------------------------------------------

bytes generator::impl::http_request(conv& c) noexcept {
  char* t = text.data();
  const std::size_t cap = 1400;
  const std::string_view path = paths[(c.site + c.req_i) % paths.size()];
  const std::string_view site = site_names[c.site];
  const std::string_view ua = user_agents[c.c.v4.octets[3] % user_agents.size()];
  const int n =
      std::snprintf(t, cap,
                    "GET %.*s HTTP/1.1\r\nHost: %.*s\r\nUser-Agent: %.*s\r\nAccept: "
                    "*/*\r\nConnection: keep-alive\r\n",
                    static_cast<int>(path.size()), path.data(), static_cast<int>(site.size()),
                    site.data(), static_cast<int>(ua.size()), ua.data());
  auto len = static_cast<std::size_t>(std::max(n, 0));
  const std::size_t want = std::min<std::size_t>(c.req_size[c.req_i], cap - 4);
  constexpr std::string_view cookie = "Cookie: sid=";
  if (want > len + cookie.size() + 4) {
    std::memcpy(t + len, cookie.data(), cookie.size());
    len += cookie.size();
    const std::size_t fill = want - len - 4;
    for (std::size_t i = 0; i < fill; ++i) {
      t[len + i] = base32_alphabet[noise[(c.c_seq + i) % noise.size()] & 31];
    }
    len += fill;
    t[len++] = '\r';
    t[len++] = '\n';
  }
  t[len++] = '\r';
  t[len++] = '\n';
  return as_bytes(std::string_view(t, len));
}

std::size_t generator::impl::http_header(const conv& c, char* out, std::size_t cap) const noexcept {
  const std::uint32_t body = c.body[c.req_i];
  const bool missing = (c.site + c.req_i) % 23 == 7;
  const int n = std::snprintf(out, cap,
                              "HTTP/1.1 %s\r\nServer: nginx\r\nContent-Type: "
                              "application/octet-stream\r\nContent-Length: %u\r\n\r\n",
                              missing ? "404 Not Found" : "200 OK", body);
  return static_cast<std::size_t>(std::max(n, 0));
}

bytes generator::impl::http_segment(conv& c, std::size_t len) noexcept {
  if (c.seg_k == 0) {
    const std::size_t h = std::min(http_header(c, text.data(), 200), len);
    std::memcpy(scratch.data(), text.data(), h);
    const std::size_t rest = len - h;
    const std::size_t off = r.below(noise.size() - rest);
    std::memcpy(scratch.data() + h, noise.data() + off, rest);
    return bytes(scratch.data(), len);
  }
  return bytes(noise).subspan(r.below(noise.size() - len), len);
}

bytes generator::impl::ping_payload(timestamp_ns t, std::uint16_t len) noexcept {
  // Linux ping: a struct timeval (little-endian seconds and microseconds), then 0x10, 0x11, ...
  std::array<std::uint8_t, 16> tv{};
  const auto secs = static_cast<std::uint64_t>(t / sec);
  const auto usecs = static_cast<std::uint64_t>((t % sec) / us);
  for (int i = 0; i < 8; ++i) {
    tv[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(secs >> (8 * i));
    tv[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(usecs >> (8 * i));
  }
  const std::size_t n = std::min<std::size_t>(len, 1472);
  for (std::size_t i = 0; i < n; ++i) {
    scratch[i] = i < 16 ? tv[i] : static_cast<std::uint8_t>(i);
  }
  return bytes(scratch.data(), n);
}

std::size_t generator::impl::tunnel_name(std::uint64_t seed, std::string_view domain,
                                         char* out) const noexcept {
  rng g(seed);
  std::size_t len = 0;
  const std::size_t budget = 250 - domain.size();
  const auto n_labels = static_cast<int>(g.between(2, 3));
  for (int l = 0; l < n_labels; ++l) {
    const std::size_t room = budget - len - 1;
    if (room < 10) {
      break;
    }
    const std::size_t n = std::min<std::size_t>(g.between(40, 63), room - 1);
    for (std::size_t i = 0; i < n; ++i) {
      out[len++] = base32_alphabet[g.next_u32() & 31];
    }
    out[len++] = '.';
  }
  std::memcpy(out + len, domain.data(), domain.size());
  return len + domain.size();
}

bytes generator::impl::dns_query(const conv& c) noexcept {
  dns::message_builder m(mut_bytes(dns_buf), c.dns_id, dns::flag::rd);
  if (c.event >= 0) {
    char name[260];
    const std::size_t n =
        tunnel_name(c.aux, events[static_cast<std::size_t>(c.event)].spec.domain, name);
    use(m.add_question(std::string_view(name, n), static_cast<dns::qtype>(c.qtype)));
  } else {
    use(m.add_question(site_names[c.site], static_cast<dns::qtype>(c.qtype)));
  }
  return m.message();
}

bytes generator::impl::dns_response(const conv& c) noexcept {
  if (c.event >= 0) {
    char name[260];
    const std::size_t n =
        tunnel_name(c.aux, events[static_cast<std::size_t>(c.event)].spec.domain, name);
    dns::message_builder m(mut_bytes(dns_buf), c.dns_id,
                           dns::flag::qr | dns::flag::rd | dns::flag::ra);
    const std::string_view qname(name, n);
    use(m.add_question(qname, dns::qtype::txt));
    char txt[200];
    rng g(c.aux ^ 0x7478'7400ULL);
    const std::size_t tlen = g.between(60, 180);
    for (std::size_t i = 0; i < tlen; ++i) {
      txt[i] = base32_alphabet[g.next_u32() & 31];
    }
    use(m.add_txt(qname, 0, std::string_view(txt, tlen)));
    return m.message();
  }
  const std::string_view site = site_names[c.site];
  const bool nx = (c.dns_id % 29) == 3;
  dns::message_builder m(
      mut_bytes(dns_buf), c.dns_id,
      static_cast<std::uint16_t>(dns::flag::qr | dns::flag::rd | dns::flag::ra | (nx ? 3 : 0)));
  const auto qt = static_cast<dns::qtype>(c.qtype);
  use(m.add_question(site, qt));
  if (nx) {
    return m.message();
  }
  const std::uint32_t ttl = 60 + c.dns_id % 3600;
  std::string_view owner = site;
  if (c.site % 3 == 0) {
    // A CNAME to a CDN name, as many sites have.
    static constexpr std::array<std::string_view, 3> cdn{
        "edge1.cdn-example.net", "edge2.cdn-example.net", "lb.cdn-example.net"};
    owner = cdn[c.site % cdn.size()];
    use(m.add_cname(site, ttl, owner));
  }
  const std::uint32_t answers = 1 + c.dns_id % 2;
  for (std::uint32_t i = 0; i < answers; ++i) {
    const std::uint32_t j = (c.site * 7U + i) % 200U;
    if (qt == dns::qtype::aaaa) {
      use(m.add_aaaa(owner, ttl, external_v6(j)));
    } else {
      use(m.add_a(owner, ttl, external_v4(j)));
    }
  }
  return m.message();
}

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

// =============================================================================================

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
