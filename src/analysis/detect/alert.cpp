#include <pktscope/analysis/detect/alert.hpp>

#include <pktscope/core/address.hpp>
#include <pktscope/core/name_table.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace pktscope::detect {

namespace {

constexpr std::array<std::string_view, alert_kind_count> kind_names = {
    "port_scan",        "syn_flood",    "ping_sweep",     "icmp_flood", "icmp_tunnel",
    "volume_spike",     "volume_drop",  "sensitive_port", "new_talker", "dns_anomaly",
    "tcp_flag_anomaly", "size_anomaly", "malformed"};
constexpr std::array<std::string_view, 4> severity_names = {"info", "low", "medium", "high"};

void append_escaped(std::string_view s, std::string& out) {
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (c < 0x20) {
        std::array<char, 8> buf{};
        const int n = std::snprintf(buf.data(), buf.size(), "\\u%04x", static_cast<unsigned>(c));
        out.append(buf.data(), static_cast<std::size_t>(n));
      } else {
        out += ch;
      }
    }
  }
  out += '"';
}

void append_int(std::int64_t v, std::string& out) {
  std::array<char, 24> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), r.ptr);
}

void append_double(double v, std::string& out) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  if (v == std::trunc(v) && std::fabs(v) < 9e15) {
    append_int(static_cast<std::int64_t>(v), out);
    return;
  }
  std::array<char, 32> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), r.ptr);
}

void append_value(const evidence_value& v, std::string& out) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    append_int(*i, out);
  } else if (const auto* d = std::get_if<double>(&v)) {
    append_double(*d, out);
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    append_escaped(*s, out);
  } else if (const auto* b = std::get_if<bool>(&v)) {
    out += *b ? "true" : "false";
  } else if (const auto* dl = std::get_if<std::vector<double>>(&v)) {
    out += '[';
    for (std::size_t k = 0; k < dl->size(); ++k) {
      if (k != 0) {
        out += ',';
      }
      append_double((*dl)[k], out);
    }
    out += ']';
  } else if (const auto* sl = std::get_if<std::vector<std::string>>(&v)) {
    out += '[';
    for (std::size_t k = 0; k < sl->size(); ++k) {
      if (k != 0) {
        out += ',';
      }
      append_escaped((*sl)[k], out);
    }
    out += ']';
  }
}

void append_map(const evidence_map& m, std::string& out) {
  out += '{';
  bool first = true;
  for (const auto& [k, v] : m.items()) {
    if (!first) {
      out += ',';
    }
    first = false;
    append_escaped(k, out);
    out += ':';
    append_value(v, out);
  }
  out += '}';
}

} // namespace

std::string_view alert_kind_name(alert_kind k) noexcept {
  return name_in(kind_names, k, "unknown");
}

std::optional<alert_kind> parse_alert_kind(std::string_view name) noexcept {
  return value_named<alert_kind>(kind_names, name);
}

std::string_view severity_name(severity s) noexcept {
  return name_in(severity_names, s, "unknown");
}

std::optional<severity> parse_severity(std::string_view name) noexcept {
  return value_named<severity>(severity_names, name);
}

endpoint endpoint::from_bytes(bytes address) noexcept {
  endpoint e;
  if (address.size() == 4 || address.size() == 16) {
    std::copy(address.begin(), address.end(), e.addr.begin());
    e.ip_version = address.size() == 4 ? 4 : 6;
  }
  return e;
}

endpoint endpoint::from_bytes(bytes address, std::uint16_t port) noexcept {
  endpoint e = from_bytes(address);
  e.has_port = true;
  e.port = port;
  return e;
}

endpoint endpoint::from_field(const std::array<std::uint8_t, 16>& address,
                              std::uint8_t ip_version) noexcept {
  return from_bytes(bytes(address).first(ip_version == 4 ? 4 : 16));
}

endpoint endpoint::from_field(const std::array<std::uint8_t, 16>& address, std::uint8_t ip_version,
                              std::uint16_t port) noexcept {
  return from_bytes(bytes(address).first(ip_version == 4 ? 4 : 16), port);
}

std::string endpoint::address_string() const {
  if (ip_version == 4) {
    return ipv4_address::from_bytes(bytes(addr).first(4)).to_string();
  }
  if (ip_version == 6) {
    return ipv6_address::from_bytes(bytes(addr)).to_string();
  }
  return {};
}

std::string endpoint::to_string() const {
  std::string a = address_string();
  if (!has_port) {
    return a;
  }
  std::string out = ip_version == 6 ? "[" + a + "]" : a;
  out += ':';
  append_int(port, out);
  return out;
}

std::optional<endpoint> endpoint::parse(std::string_view text) noexcept {
  endpoint e;
  std::string_view addr_text = text;
  std::optional<std::uint16_t> port;
  const auto parse_port = [](std::string_view p) -> std::optional<std::uint16_t> {
    unsigned v = 0;
    const auto r = std::from_chars(p.data(), p.data() + p.size(), v);
    if (r.ec != std::errc{} || r.ptr != p.data() + p.size() || v > 65535 || p.empty()) {
      return std::nullopt;
    }
    return static_cast<std::uint16_t>(v);
  };
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return std::nullopt;
    }
    addr_text = text.substr(1, close - 1);
    port = parse_port(text.substr(close + 2));
    if (!port) {
      return std::nullopt;
    }
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    const auto colon = text.find(':');
    addr_text = text.substr(0, colon);
    port = parse_port(text.substr(colon + 1));
    if (!port) {
      return std::nullopt;
    }
  }
  if (const auto v4 = ipv4_address::parse(addr_text)) {
    e = from_bytes(bytes(v4->octets));
  } else if (const auto v6 = ipv6_address::parse(addr_text)) {
    e = from_bytes(bytes(v6->octets));
  } else {
    return std::nullopt;
  }
  if (port) {
    e.has_port = true;
    e.port = *port;
  }
  return e;
}

std::uint8_t common_prefix_bits(const std::array<std::uint8_t, 16>& a,
                                const std::array<std::uint8_t, 16>& b,
                                std::uint8_t ip_version) noexcept {
  const std::size_t n = ip_version == 4 ? 4 : 16;
  std::uint8_t bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<std::uint8_t>(a[i] ^ b[i]);
    if (x != 0) {
      return static_cast<std::uint8_t>(bits + std::countl_zero(x));
    }
    bits = static_cast<std::uint8_t>(bits + 8);
  }
  return bits;
}

std::string prefix_text(const std::array<std::uint8_t, 16>& addr, std::uint8_t ip_version,
                        std::uint8_t bits) {
  const std::size_t n = ip_version == 4 ? 4 : 16;
  bits = std::min<std::uint8_t>(bits, static_cast<std::uint8_t>(n * 8));
  std::array<std::uint8_t, 16> m{};
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t have = bits > i * 8 ? std::min<std::size_t>(8, bits - i * 8) : 0;
    const auto mask = static_cast<std::uint8_t>(have == 0 ? 0 : 0xff << (8 - have));
    m[i] = static_cast<std::uint8_t>(addr[i] & mask);
  }
  std::string out = endpoint::from_bytes(bytes(m).first(n)).address_string();
  out += '/';
  append_int(bits, out);
  return out;
}

void evidence_map::set(std::string_view key, evidence_value v) {
  for (auto& [k, old] : items_) {
    if (k == key) {
      old = std::move(v);
      return;
    }
  }
  items_.emplace_back(std::string(key), std::move(v));
}

const evidence_value* evidence_map::find(std::string_view key) const noexcept {
  for (const auto& [k, v] : items_) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

std::optional<double> evidence_map::number(std::string_view key) const noexcept {
  const evidence_value* v = find(key);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (const auto* i = std::get_if<std::int64_t>(v)) {
    return static_cast<double>(*i);
  }
  if (const auto* d = std::get_if<double>(v)) {
    return *d;
  }
  return std::nullopt;
}

std::optional<std::string_view> evidence_map::text(std::string_view key) const noexcept {
  const evidence_value* v = find(key);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (const auto* s = std::get_if<std::string>(v)) {
    return std::string_view(*s);
  }
  return std::nullopt;
}

void evidence_map::merge_from(const evidence_map& other) {
  for (const auto& [k, v] : other.items()) {
    set(k, v);
  }
}

void alert::add_packet(std::uint64_t index) {
  const auto it = std::lower_bound(packets.begin(), packets.end(), index);
  if (it != packets.end() && *it == index) {
    return;
  }
  packets.insert(it, index);
  if (packets.size() > max_packets) {
    packets.resize(max_packets);
  }
}

void alert::add_packets(const std::vector<std::uint64_t>& more) {
  for (const std::uint64_t i : more) {
    add_packet(i);
  }
}

void append_json(const alert& a, std::string& out) {
  out += "{\"kind\":";
  append_escaped(alert_kind_name(a.kind), out);
  out += ",\"severity\":";
  append_escaped(severity_name(a.sev), out);
  out += ",\"src\":";
  if (a.src) {
    append_escaped(a.src->to_string(), out);
  } else {
    out += "null";
  }
  out += ",\"dst\":";
  if (a.dst) {
    append_escaped(a.dst->to_string(), out);
  } else {
    out += "null";
  }
  out += ",\"start_ns\":";
  append_int(a.start_ns, out);
  out += ",\"end_ns\":";
  append_int(a.end_ns, out);
  out += ",\"summary\":";
  append_escaped(a.summary, out);
  out += ",\"evidence\":";
  append_map(a.evidence, out);
  out += ",\"packets\":[";
  for (std::size_t k = 0; k < a.packets.size(); ++k) {
    if (k != 0) {
      out += ',';
    }
    append_int(static_cast<std::int64_t>(a.packets[k]), out);
  }
  out += "],\"updates\":";
  append_int(a.updates, out);
  out += ",\"detector\":{\"name\":";
  append_escaped(a.detector, out);
  out += ",\"params\":";
  append_map(a.params, out);
  out += "}}";
}

std::string to_json(const alert& a) {
  std::string s;
  append_json(a, s);
  return s;
}

} // namespace pktscope::detect
