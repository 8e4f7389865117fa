#include <pktscope/analysis/detect/behaviour.hpp>

#include <pktscope/analysis/detect/entropy.hpp>
#include <pktscope/analysis/detect/series_model.hpp>
#include <pktscope/core/assert.hpp>
#include <pktscope/proto/dns.hpp>
#include <pktscope/proto/ip_protocol.hpp>
#include <pktscope/proto/tcp.hpp>

#include <algorithm>
#include <bit>
#include <cstring>

namespace pktscope::detect {

namespace {
constexpr std::uint8_t proto_tcp = 6;
constexpr std::uint8_t proto_udp = 17;

// FNV-1a over explicit fields (the structs have padding), finished with a 64-bit mixer.
struct hasher {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  void add(std::uint8_t b) noexcept {
    h ^= b;
    h *= 0x100000001b3ULL;
  }
  void add(const ip_host& x) noexcept {
    // Two 64-bit words instead of 16 byte steps (every packet hashes one or two hosts).
    std::uint64_t lo = 0, hi = 0;
    std::memcpy(&lo, x.addr.data(), 8);
    std::memcpy(&hi, x.addr.data() + 8, 8);
    h = (h ^ lo) * 0x9e3779b97f4a7c15ULL;
    h = (h ^ (h >> 29) ^ hi) * 0xbf58476d1ce4e5b9ULL;
    add(x.version);
  }
  void add16(std::uint16_t v) noexcept {
    add(static_cast<std::uint8_t>(v >> 8));
    add(static_cast<std::uint8_t>(v));
  }
  [[nodiscard]] std::uint64_t done() const noexcept {
    std::uint64_t z = h;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
};
} // namespace

std::uint64_t hash_host(const ip_host& x) noexcept {
  hasher h;
  h.add(x);
  return h.done();
}
std::uint64_t hash_service(const service_key& s) noexcept {
  hasher h;
  h.add(s.host);
  h.add16(s.port);
  h.add(s.ip_protocol);
  return h.done();
}
std::uint64_t hash_pair(const host_pair& p) noexcept {
  hasher h;
  h.add(p.src);
  h.add(p.dst);
  return h.done();
}

// ---------------------------------------------------------------------------------------------

std::uint64_t sensitive_port_detector::hash_pair_key(const pair_key& k) noexcept {
  hasher h;
  h.add(k.client);
  h.add(k.service.host);
  h.add16(k.service.port);
  h.add(k.service.ip_protocol);
  return h.done();
}

sensitive_port_detector::sensitive_port_detector(const sensitive_port_config& cfg,
                                                 const std::vector<service_key>* known)
    : cfg_(cfg), known_(known != nullptr ? known->size() : 0), pairs_(cfg.max_tracked) {
  for (const std::uint16_t p : cfg_.tcp_ports.ports) {
    tcp_.set(p);
  }
  for (const std::uint16_t p : cfg_.udp_ports.ports) {
    udp_.set(p);
  }
  if (known != nullptr) {
    for (const service_key& s : *known) {
      if (bool* v = known_.find_or_insert(s)) {
        *v = true;
      }
    }
  }
}

bool sensitive_port_detector::is_sensitive(std::uint8_t ip_protocol,
                                           std::uint16_t port) const noexcept {
  return ip_protocol == proto_tcp ? tcp_.test(port) : ip_protocol == proto_udp && udp_.test(port);
}

std::optional<sensitive_port_event> sensitive_port_detector::on_packet(const decoded_packet& d,
                                                                       timestamp_ns ts) noexcept {
  if (d.ip_version == 0 || d.is_fragment) {
    return std::nullopt;
  }
  bool client_is_src = true;
  bool responded = false;
  std::uint16_t port = 0;
  std::uint8_t proto = 0;
  if (d.transport == layer_id::tcp) {
    const tcp::flag_set f(d.tcp_flags);
    const bool syn = f.has(tcp::flag::syn);
    const bool ack = f.has(tcp::flag::ack);
    if (syn && ack && tcp_.test(d.src_port)) { // the service answered a connection attempt
      client_is_src = false;
      responded = true;
      port = d.src_port;
    } else if (!cfg_.require_response && syn && !ack && tcp_.test(d.dst_port)) {
      port = d.dst_port;
    } else {
      return std::nullopt;
    }
    proto = proto_tcp;
  } else if (d.transport == layer_id::udp) {
    if (udp_.test(d.src_port) && !udp_.test(d.dst_port)) {
      client_is_src = false;
      responded = true;
      port = d.src_port;
    } else if (!cfg_.require_response && udp_.test(d.dst_port)) {
      port = d.dst_port;
    } else {
      return std::nullopt;
    }
    proto = proto_udp;
  } else {
    return std::nullopt;
  }

  const ip_host src = ip_host::source_of(d), dst = ip_host::destination_of(d);
  const pair_key key{client_is_src ? src : dst, {client_is_src ? dst : src, port, proto}};
  if (known_.size() > 0 && known_.find(key.service) != nullptr) {
    return std::nullopt;
  }
  pair_state* s = pairs_.find_or_insert(key);
  if (s == nullptr) {
    ++untracked_;
    return std::nullopt;
  }
  ++s->packets;
  if (s->alerted && ts - s->last_alert < cfg_.realert.ns) {
    return std::nullopt;
  }
  s->alerted = true;
  s->last_alert = ts;
  return sensitive_port_event{key.client, key.service.host, port, proto, ts, responded, s->packets};
}

// ---------------------------------------------------------------------------------------------

new_talker_detector::new_talker_detector(const new_talker_config& cfg,
                                         const std::vector<ip_host>* known)
    : cfg_(cfg), has_baseline_(known != nullptr),
      capacity_(cfg.max_hosts + (known != nullptr ? known->size() : 0)) {
  const std::size_t n = std::bit_ceil(std::max<std::size_t>(16, 2 * capacity_));
  PKTSCOPE_ASSERT(detail::value_is_zero_bytes<host_slot>() &&
                  detail::value_is_zero_bytes<host_detail>());
  slots_ = detail::zeroed_table<host_slot>(n);
  details_ = detail::zeroed_table<host_detail>(n);
  mask_ = n - 1;
  if (known != nullptr) {
    for (const ip_host& h : *known) {
      const std::uint64_t key = hash_host(h) | 1U;
      host_slot& s = slots_[slot_of(key)];
      if (s.key == 0 && size_ < capacity_) {
        s.key = key;
        ++size_;
      }
      s.known = s.key == key;
    }
  }
}

std::size_t new_talker_detector::slot_of(std::uint64_t key) const noexcept {
  std::size_t i = static_cast<std::size_t>(key >> 7) & mask_;
  while (slots_[i].key != 0 && slots_[i].key != key) {
    i = (i + 1) & mask_;
  }
  return i;
}

bool new_talker_detector::in_warmup(timestamp_ns ts) const noexcept {
  return !has_baseline_ && (!started_ || ts - start_ < cfg_.warmup.ns);
}

std::optional<new_talker_event> new_talker_detector::on_packet(const decoded_packet& d,
                                                               timestamp_ns ts,
                                                               std::uint32_t wire_len) noexcept {
  if (d.ip_version == 0 || (!has_baseline_ && cfg_.require_baseline)) {
    return std::nullopt; // without a baseline there is no record of the usual talkers
  }
  if (!started_) {
    started_ = true;
    start_ = ts;
  }
  const bool warm = in_warmup(ts);
  const ip_host src = ip_host::source_of(d);
  const std::uint64_t key = hash_host(src) | 1U;
  const std::size_t i = slot_of(key);
  host_slot& s = slots_[i];
  if (s.key == 0) {
    if (size_ >= capacity_) {
      ++untracked_;
      return std::nullopt;
    }
    s.key = key;
    s.known = warm;
    ++size_;
    details_[i] = host_detail{ts, 0, ip_host::destination_of(d)};
  }
  if (s.known) {
    return std::nullopt;
  }
  ++s.packets;
  host_detail& det = details_[i];
  det.bytes += wire_len;
  if (s.reported || s.packets < cfg_.min_packets) {
    return std::nullopt;
  }
  s.reported = true;
  return new_talker_event{src, det.first_seen, ts, s.packets, det.bytes, det.first_peer};
}

// ---------------------------------------------------------------------------------------------

std::string_view dns_anomaly_reason_name(dns_anomaly_reason r) noexcept {
  switch (r) {
  case dns_anomaly_reason::nxdomain_storm: return "nxdomain_storm";
  case dns_anomaly_reason::long_name: return "long_name";
  case dns_anomaly_reason::high_entropy_name: return "high_entropy_name";
  }
  return "unknown";
}

dns_anomaly_detector::dns_anomaly_detector(const dns_anomaly_config& cfg)
    : cfg_(cfg), clients_(cfg.max_clients) {}

std::string_view dns_anomaly_detector::entropy_part(std::string_view name) noexcept {
  if (!name.empty() && name.back() == '.') {
    name.remove_suffix(1);
  }
  // Drop the registered domain (approximated as the last two labels: no public-suffix list).
  for (int i = 0; i < 2; ++i) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos) {
      return {};
    }
    name = name.substr(0, dot);
  }
  return name;
}

std::optional<dns_anomaly_reason> dns_anomaly_detector::judge_name(std::string_view name,
                                                                   double* entropy) const noexcept {
  const std::string_view part = entropy_part(name);
  // Dots separate labels; they are not part of the randomness.
  const std::size_t letters =
      part.size() - static_cast<std::size_t>(std::count(part.begin(), part.end(), '.'));
  const bool long_name = name.size() > cfg_.max_name_length;
  if (!long_name && letters < cfg_.entropy_min_length) {
    return std::nullopt; // too short to judge: its entropy is not reported
  }
  const double h = shannon_entropy_without(part, '.');
  if (entropy != nullptr) {
    *entropy = h;
  }
  if (long_name) {
    return dns_anomaly_reason::long_name;
  }
  if (h > cfg_.entropy_threshold) {
    return dns_anomaly_reason::high_entropy_name;
  }
  return std::nullopt;
}

std::optional<dns_event> dns_anomaly_detector::on_packet(const decoded_packet& d,
                                                         timestamp_ns ts) noexcept {
  if (d.application != layer_id::dns) {
    return std::nullopt;
  }
  const layer* l = d.find_last(layer_id::dns);
  if (l == nullptr) {
    return std::nullopt;
  }
  const auto v = d.view_of<dns::view>(*l);
  if (!v || v->qdcount() == 0) {
    return std::nullopt;
  }
  // Only queries and NXDOMAIN answers matter: other answers are let go before the name is
  // read (most DNS traffic is answers).
  if (v->qr() && v->rcode() != dns::rcode::nxdomain) {
    return std::nullopt;
  }
  dns_event e;
  dns::record_cursor cur(*v);
  if (cur.next_section() == dns::section::question) {
    if (const auto q = cur.next_question()) {
      if (const auto info =
              dns::read_name(v->message(), q->name_offset, e.name_buf.data(), e.name_buf.size())) {
        e.name_len = info->text_len;
      }
    }
  }
  e.ts = ts;
  e.start = ts;
  if (!v->qr()) { // a query: judge its name
    e.client = ip_host::source_of(d);
    e.server = ip_host::destination_of(d);
    if (e.name_len == 0) {
      return std::nullopt;
    }
    const auto reason = judge_name(e.name(), &e.entropy);
    if (!reason) {
      return std::nullopt;
    }
    e.reason = *reason;
    e.count = 1;
    return e;
  }
  e.client = ip_host::destination_of(d);
  e.server = ip_host::source_of(d);
  client_state* s = clients_.find_or_insert(e.client);
  if (s == nullptr) {
    ++untracked_;
    return std::nullopt;
  }
  if (s->count == 0 || ts - s->window_start >= cfg_.window.ns) {
    s->window_start = ts;
    s->count = 0;
    s->reported = false;
  }
  ++s->count;
  if (s->reported || s->count < cfg_.nxdomain_threshold) {
    return std::nullopt;
  }
  s->reported = true;
  e.reason = dns_anomaly_reason::nxdomain_storm;
  e.start = s->window_start;
  e.count = s->count;
  e.entropy = 0;
  return e;
}

} // namespace pktscope::detect
