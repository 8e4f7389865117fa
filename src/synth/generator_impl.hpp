#pragma once
// Internal to the synthetic capture generator (src/synth/generator*.cpp): the synthetic
// network's addresses and hosts, the conversation and event records, and generator::impl,
// whose member functions the generator's files share out by job:
//   generator.cpp                set-up, the main loop and the public interface
//   generator_events.cpp         the labelled events' set-up
//   generator_traffic.cpp        normal conversations (web, DNS, ping)
//   generator_attacks.cpp        the events' own conversations (streams and replies)
//   generator_payloads.cpp       HTTP, DNS and ping payloads
//   generator_packets.cpp        packet assembly: IP, tunnels, link layer, accounting

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

namespace detail {

inline constexpr timestamp_ns us = 1000;
inline constexpr timestamp_ns ms = 1000 * us;
inline constexpr timestamp_ns sec = ns_per_second;

// --- addresses of the synthetic network ---------------------------------------------------
// LAN 10.1.0.0/16 (2001:db8:0:1::/64), servers on the Internet 198.18.0.0/15 (RFC 2544,
// 2001:db8:ff::/48), event attackers in the documentation ranges (RFC 5737) and 100.64.0.0/10
// for spoofed sources, so that every event's packets are told apart by address alone.

inline constexpr mac_address router_mac{{0x02, 0x00, 0x00, 0x00, 0x00, 0x01}};
inline constexpr mac_address tunnel_mac_a{{0x02, 0x00, 0x0a, 0xff, 0x00, 0x01}};
inline constexpr mac_address tunnel_mac_b{{0x02, 0x00, 0x0a, 0xff, 0x00, 0x02}};
inline constexpr ipv4_address tunnel_ip_a{{10, 255, 0, 1}};
inline constexpr ipv4_address tunnel_ip_b{{10, 255, 0, 2}};
inline constexpr std::uint32_t vxlan_vni = 4242;

inline bool is_internal(ipv4_address a) noexcept {
  return a.octets[0] == 10;
}

/// LAN hosts have a MAC derived from their address; everything else is behind the router.
inline mac_address mac_for(ipv4_address a) noexcept {
  if (!is_internal(a)) {
    return router_mac;
  }
  return {{0x02, 0x00, a.octets[0], a.octets[1], a.octets[2], a.octets[3]}};
}

inline ipv4_address internal_v4(std::uint32_t k) noexcept {
  return {{10, 1, static_cast<std::uint8_t>(k / 250), static_cast<std::uint8_t>(k % 250 + 2)}};
}
inline ipv6_address internal_v6(std::uint32_t k) noexcept {
  ipv6_address a{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1}};
  a.octets[14] = static_cast<std::uint8_t>((k + 2) >> 8);
  a.octets[15] = static_cast<std::uint8_t>(k + 2);
  return a;
}
inline ipv4_address external_v4(std::uint32_t j) noexcept {
  return {{198, 18, static_cast<std::uint8_t>(j / 250), static_cast<std::uint8_t>(j % 250 + 1)}};
}
inline ipv6_address external_v6(std::uint32_t j) noexcept {
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

inline constexpr std::array<std::string_view, 24> site_names{
    "www.example.com",    "mail.example.org",    "api.example.net",    "cdn.example.com",
    "static.example.org", "login.example.net",   "images.example.com", "news.example.org",
    "update.example.net", "time.example.com",    "docs.example.org",   "shop.example.net",
    "video.example.com",  "maps.example.org",    "search.example.net", "files.example.com",
    "chat.example.org",   "git.example.net",     "wiki.example.com",   "status.example.org",
    "ads.example.net",    "metrics.example.com", "auth.example.org",   "feeds.example.net"};
inline constexpr std::array<std::string_view, 8> paths{
    "/",       "/index.html", "/api/v1/items", "/static/app.js", "/img/logo.png",
    "/search", "/feed.xml",   "/login"};
inline constexpr std::array<std::string_view, 3> user_agents{
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Safari/537.36",
    "curl/8.5.0"};
inline constexpr std::array<std::uint16_t, 10> sensitive_port_list{23,  3389, 445,  139,  21,
                                                                   135, 5900, 1433, 3306, 22};
inline constexpr char base32_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

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

inline constexpr std::uint16_t http_header_estimate = 120;

inline std::uint64_t plan_packets(const plan& p) noexcept {
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
inline double diurnal(double u) noexcept {
  constexpr double two_pi = 6.283185307179586;
  const double day = 0.5 - 0.5 * std::cos(two_pi * u);
  // A second, smaller bump gives a lunch dip rather than a perfect sine.
  const double dip = 0.08 * std::sin(2 * two_pi * u) * std::sin(2 * two_pi * u);
  return std::clamp(0.25 + 0.75 * day - dip, 0.05, 1.0);
}
inline constexpr double diurnal_mean = 0.25 + 0.75 * 0.5 - 0.08 * 0.375;

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

inline std::string v4_text(ipv4_address a) {
  return a.to_string();
}

} // namespace detail

struct generator::impl {
  explicit impl(const scenario& s);

  const synth_packet* next() noexcept;

  // --- set-up ---
  void make_hosts();
  void calibrate();
  void draw_plan(rng& r, detail::plan& p) const noexcept;
  void setup_event(std::uint32_t i);
  std::uint32_t alloc();
  void push(std::uint32_t idx, timestamp_ns ts);
  [[nodiscard]] const detail::host* find_host(ipv4_address a) const noexcept;
  detail::endpoint endpoint_of(const detail::host& h, std::uint16_t port) const noexcept;

  // --- per packet ---
  void step(std::uint32_t idx) noexcept;
  void step_spawner(detail::conv& c) noexcept;
  void start_conversation(const detail::plan& p, timestamp_ns t, std::int32_t event,
                          const detail::endpoint* client) noexcept;
  void step_web(detail::conv& c) noexcept;
  void step_dns(detail::conv& c) noexcept;
  void step_ping(detail::conv& c) noexcept;
  void step_stream(detail::conv& c) noexcept;
  void step_reply(detail::conv& c) noexcept;
  void new_reply(const detail::conv& probe, detail::reply_kind k, timestamp_ns at) noexcept;

  void emit_tcp(detail::conv& c, bool from_client, tcp::flag_set flags, std::uint32_t seq,
                std::uint32_t ack, bytes payload, std::uint16_t window,
                const build::tcp_options& opts = {}) noexcept;
  void emit_udp(detail::conv& c, bool from_client, bytes payload) noexcept;
  void emit_echo(detail::conv& c, bool from_client, bool reply, bytes payload) noexcept;
  void emit_port_unreachable(detail::conv& c) noexcept;
  template <class Inner> void emit_ip(detail::conv& c, bool from_client, Inner&& inner) noexcept;
  template <class IpChain>
  void frame(const IpChain& ipc, const mac_address& src, const mac_address& dst, bool from_client,
             std::uint32_t flow) noexcept;
  void account(const detail::conv& c, bool from_client) noexcept;

  bytes http_request(detail::conv& c) noexcept;
  bytes http_segment(detail::conv& c, std::size_t len) noexcept;
  std::size_t http_header(const detail::conv& c, char* out, std::size_t cap) const noexcept;
  bytes dns_query(const detail::conv& c) noexcept;
  bytes dns_response(const detail::conv& c) noexcept;
  std::size_t tunnel_name(std::uint64_t seed, std::string_view domain, char* out) const noexcept;
  bytes ping_payload(timestamp_ns t, std::uint16_t len) noexcept;

  scenario sc;
  rng r;
  timestamp_ns end = 0;
  timestamp_ns now = 0;
  std::vector<detail::host> hosts;
  std::vector<host_info> host_infos;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_v4; // (address, detail::host index)
  std::vector<std::uint32_t> clients, web_servers, internal_web, windows_clients;
  std::uint32_t dns_server = 0;
  double peak_rate = 0; // conversations per ns at the curve's peak
  std::uint64_t bulk_cap = 0;
  std::vector<detail::event_state> events;
  std::vector<event_label> event_labels;
  capture_summary summary;

  std::deque<detail::conv> pool;
  std::vector<std::uint32_t> free_list;
  std::vector<detail::heap_entry> heap;
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

} // namespace pktscope::synth
