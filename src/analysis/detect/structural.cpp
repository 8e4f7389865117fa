#include <pktscope/analysis/detect/structural.hpp>

#include <pktscope/proto/tcp.hpp>

#include <algorithm>
#include <cmath>

namespace pktscope::detect {

namespace {
constexpr std::uint8_t proto_tcp = 6;
constexpr std::uint8_t proto_udp = 17;

constexpr std::uint32_t bit(flag_reason r) noexcept {
  return std::uint32_t{1} << static_cast<unsigned>(r);
}
} // namespace

std::string_view flag_reason_name(flag_reason r) noexcept {
  switch (r) {
  case flag_reason::null_flags: return "null_flags";
  case flag_reason::xmas: return "xmas";
  case flag_reason::syn_fin: return "syn_fin";
  case flag_reason::syn_rst: return "syn_rst";
  case flag_reason::fin_no_ack: return "fin_no_ack";
  case flag_reason::reserved: return "reserved_bits";
  case flag_reason::half_open_fin: return "half_open_fin";
  case flag_reason::count_: break;
  }
  return "unknown";
}

std::uint32_t abnormal_flags(std::uint16_t tcp_flags) noexcept {
  const tcp::flag_set f(tcp_flags);
  std::uint32_t why = 0;
  if (tcp::is_null_scan(f)) {
    why |= bit(flag_reason::null_flags);
  }
  if (tcp::is_xmas(f)) {
    why |= bit(flag_reason::xmas);
  }
  if (tcp::has_syn_fin(f)) {
    why |= bit(flag_reason::syn_fin);
  }
  if (tcp::has_syn_rst(f)) {
    why |= bit(flag_reason::syn_rst);
  }
  if (f.has(tcp::flag::fin) && !f.has(tcp::flag::ack) && !tcp::is_xmas(f) && !tcp::has_syn_fin(f)) {
    why |= bit(flag_reason::fin_no_ack);
  }
  if ((tcp_flags & tcp::reserved_flags_mask) != 0) {
    why |= bit(flag_reason::reserved);
  }
  return why;
}

tcp_flag_detector::tcp_flag_detector(const tcp_flag_config& cfg)
    : cfg_(cfg), pairs_(cfg.max_pairs) {}

std::optional<tcp_flag_event> tcp_flag_detector::count(const ip_host& src, const ip_host& dst,
                                                       std::uint32_t why, timestamp_ns ts,
                                                       std::uint16_t flags,
                                                       std::uint16_t dst_port) noexcept {
  pair_state* s = pairs_.find_or_insert(host_pair{src, dst});
  if (s == nullptr) {
    return std::nullopt;
  }
  tcp_flag_event& e = s->ev;
  if (e.packets == 0) {
    e.src = src;
    e.dst = dst;
    e.first = ts;
  }
  ++e.packets;
  e.ts = ts;
  e.last_flags = flags;
  e.last_dst_port = dst_port;
  for (std::size_t r = 0; r < flag_reason_count; ++r) {
    if ((why >> r) & 1U) {
      ++e.by_reason[r];
    }
  }
  if (e.packets < cfg_.min_packets || (s->alerted && ts - s->last_alert < cfg_.realert.ns)) {
    return std::nullopt;
  }
  s->alerted = true;
  s->last_alert = ts;
  return e;
}

std::optional<tcp_flag_event> tcp_flag_detector::on_packet(const decoded_packet& d,
                                                           timestamp_ns ts) noexcept {
  if (d.transport != layer_id::tcp || d.ip_version == 0) {
    return std::nullopt;
  }
  std::uint32_t why = abnormal_flags(d.tcp_flags);
  if (!cfg_.reserved_bits) {
    why &= ~bit(flag_reason::reserved);
  }
  if (why == 0) {
    return std::nullopt;
  }
  return count(ip_host::source_of(d), ip_host::destination_of(d), why, ts, d.tcp_flags, d.dst_port);
}

std::optional<tcp_flag_event> tcp_flag_detector::on_flow(const ip_host& orig, const ip_host& resp,
                                                         conn_state state, timestamp_ns ts,
                                                         std::uint16_t resp_port) noexcept {
  if (!cfg_.flag_sequences || (state != conn_state::sh && state != conn_state::shr)) {
    return std::nullopt;
  }
  return count(orig, resp, bit(flag_reason::half_open_fin), ts, 0, resp_port);
}

// ---------------------------------------------------------------------------------------------

std::uint64_t size_anomaly_detector::hash_key(const key& k) noexcept {
  std::uint64_t z =
      (std::uint64_t{k.ip_protocol} << 17) | (std::uint64_t{k.port} << 1) | (k.to_server ? 1U : 0U);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint16_t size_anomaly_detector::service_port(std::uint16_t src, std::uint16_t dst,
                                                  bool* to_server) noexcept {
  const bool src_known = src < 1024, dst_known = dst < 1024;
  const bool dst_is_service = src_known != dst_known ? dst_known : dst <= src;
  *to_server = dst_is_service;
  return dst_is_service ? dst : src;
}

size_anomaly_detector::size_anomaly_detector(const size_anomaly_config& cfg,
                                             const std::vector<size_profile>* profiles)
    : cfg_(cfg), services_(cfg.max_services + (profiles != nullptr ? profiles->size() : 0)) {
  if (profiles != nullptr) {
    for (const size_profile& p : *profiles) {
      if (state* s = services_.find_or_insert(key{p.ip_protocol, p.port, p.to_server})) {
        s->fixed = true;
        s->mean = p.mean;
        s->sd = std::sqrt(std::max(p.variance, 0.0));
      }
    }
  }
}

std::optional<size_event> size_anomaly_detector::on_packet(const decoded_packet& d,
                                                           timestamp_ns ts) noexcept {
  if (d.ip_version == 0 || (d.transport != layer_id::udp && d.transport != layer_id::tcp)) {
    return std::nullopt;
  }
  // Pure ACKs say nothing about a service's message sizes.
  if (d.transport == layer_id::tcp && (!cfg_.tcp || d.l4_payload_len == 0)) {
    return std::nullopt;
  }
  const std::uint8_t proto = d.transport == layer_id::tcp ? proto_tcp : proto_udp;
  bool to_server = true;
  const std::uint16_t port = service_port(d.src_port, d.dst_port, &to_server);
  state* s = services_.find_or_insert(key{proto, port, to_server});
  if (s == nullptr) {
    return std::nullopt;
  }
  const auto x = static_cast<double>(d.l4_payload_len);
  if (!s->fixed) {
    if (s->learned.count() < cfg_.warmup) {
      s->learned.add(x);
      return std::nullopt;
    }
    s->mean = s->learned.mean();
    s->sd = s->learned.stddev();
  }
  const double delta = std::abs(x - s->mean);
  if (delta <= cfg_.k * s->sd || delta < cfg_.min_delta) {
    if (!s->fixed) {
      s->learned.add(x); // regular packets keep refining the profile
    }
    return std::nullopt;
  }
  if (s->count == 0 || ts - s->window_start >= cfg_.window.ns) {
    s->window_start = ts;
    s->count = 0;
    s->reported = false;
    s->max_size = 0;
  }
  ++s->count;
  s->max_size = std::max(s->max_size, x);
  if (s->reported || s->count < cfg_.min_count) {
    return std::nullopt;
  }
  s->reported = true;
  size_event e;
  const ip_host server = to_server ? ip_host::destination_of(d) : ip_host::source_of(d);
  e.service = service_key{server, port, proto};
  e.to_server = to_server;
  e.last_peer = to_server ? ip_host::source_of(d) : ip_host::destination_of(d);
  e.first = s->window_start;
  e.ts = ts;
  e.count = s->count;
  e.mean = s->mean;
  e.sd = s->sd;
  e.max_size = s->max_size;
  e.last_size = x;
  return e;
}

// ---------------------------------------------------------------------------------------------

malformed_detector::malformed_detector(const malformed_config& cfg)
    : cfg_(cfg), pairs_(cfg.max_pairs) {
  // Names as anomaly_name() writes them, separated by commas or spaces; unknown names are
  // ignored (config validation reports them).
  std::string_view rest = cfg_.codes;
  while (!rest.empty()) {
    const auto sep = rest.find_first_of(", ");
    const std::string_view name = rest.substr(0, sep);
    rest = sep == std::string_view::npos ? std::string_view{} : rest.substr(sep + 1);
    for (std::size_t i = 0; i < anomaly_count; ++i) {
      if (!name.empty() && anomaly_name(static_cast<anomaly>(i)) == name) {
        mask_ |= std::uint64_t{1} << i;
      }
    }
  }
}

std::uint64_t malformed_detector::malformed_codes(const decoded_packet& d,
                                                  std::uint32_t wire_len) const noexcept {
  std::uint64_t codes = d.anomalies.bits() & mask_;
  // A header cut by the capture's snaplen is the capture's doing, not the sender's.
  if (d.frame.size() < wire_len) {
    codes &= ~(std::uint64_t{1} << static_cast<unsigned>(anomaly::truncated_header));
  }
  return codes;
}

std::optional<malformed_event> malformed_detector::on_packet(const decoded_packet& d,
                                                             timestamp_ns ts,
                                                             std::uint32_t wire_len) noexcept {
  const std::uint64_t codes = malformed_codes(d, wire_len);
  if (codes == 0) {
    return std::nullopt;
  }
  const host_pair key{ip_host::source_of(d), ip_host::destination_of(d)};
  pair_state* s = pairs_.find_or_insert(key);
  if (s == nullptr) {
    return std::nullopt;
  }
  malformed_event& e = s->ev;
  if (e.packets == 0) {
    e.src = key.src;
    e.dst = key.dst;
    e.first = ts;
  }
  ++e.packets;
  e.ts = ts;
  e.last_error = d.stopped;
  for (std::size_t i = 0; i < anomaly_count; ++i) {
    if ((codes >> i) & 1U) {
      ++e.by_code[i];
    }
  }
  if (e.packets < cfg_.min_packets || (s->alerted && ts - s->last_alert < cfg_.realert.ns)) {
    return std::nullopt;
  }
  s->alerted = true;
  s->last_alert = ts;
  return e;
}

} // namespace pktscope::detect
