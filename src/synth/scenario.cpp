#include <pktscope/synth/scenario.hpp>

#include <pktscope/core/duration.hpp>
#include <pktscope/core/list_items.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <system_error>
#include <utility>

namespace pktscope::synth {

namespace {

constexpr std::array<std::pair<event_kind, std::string_view>, 8> kind_names{{
    {event_kind::port_scan, "port_scan"},
    {event_kind::syn_flood, "syn_flood"},
    {event_kind::ping_sweep, "ping_sweep"},
    {event_kind::icmp_flood, "icmp_flood"},
    {event_kind::volume_spike, "volume_spike"},
    {event_kind::icmp_tunnel, "icmp_tunnel"},
    {event_kind::dns_tunnel, "dns_tunnel"},
    {event_kind::sensitive_ports, "sensitive_ports"},
}};

constexpr std::array<std::pair<scan_type, std::string_view>, 7> scan_names{{
    {scan_type::syn, "syn"},
    {scan_type::connect, "connect"},
    {scan_type::null, "null"},
    {scan_type::fin, "fin"},
    {scan_type::xmas, "xmas"},
    {scan_type::ack, "ack"},
    {scan_type::udp, "udp"},
}};

std::optional<double> parse_number(std::string_view text) noexcept {
  // std::from_chars for double is missing from Clang 14's libstdc++ pairing in some setups;
  // strtod on a bounded copy is portable.
  if (text.empty() || text.size() > 63) {
    return std::nullopt;
  }
  char buf[64];
  text.copy(buf, text.size());
  buf[text.size()] = '\0';
  char* end = nullptr;
  const double v = std::strtod(buf, &end);
  if (end != buf + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

template <class T> std::optional<T> parse_uint(std::string_view text) noexcept {
  T v{};
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || p != text.data() + text.size()) {
    return std::nullopt;
  }
  return v;
}

std::optional<bool> parse_bool(std::string_view text) noexcept {
  if (text == "1" || text == "true" || text == "yes" || text == "on" || text.empty()) {
    return true;
  }
  if (text == "0" || text == "false" || text == "no" || text == "off") {
    return false;
  }
  return std::nullopt;
}

} // namespace

std::string_view event_kind_name(event_kind kind) noexcept {
  for (const auto& [k, name] : kind_names) {
    if (k == kind) {
      return name;
    }
  }
  return "unknown";
}

std::optional<event_kind> parse_event_kind(std::string_view name) noexcept {
  for (const auto& [k, n] : kind_names) {
    if (n == name) {
      return k;
    }
  }
  if (name == "scan" || name == "portscan") {
    return event_kind::port_scan;
  }
  return std::nullopt;
}

std::string_view scan_type_name(scan_type type) noexcept {
  for (const auto& [t, name] : scan_names) {
    if (t == type) {
      return name;
    }
  }
  return "unknown";
}

std::optional<event_spec> parse_event(std::string_view text, std::string& why) {
  const std::size_t colon = text.find(':');
  const std::string_view kind_text = text.substr(0, colon);
  const auto kind = parse_event_kind(kind_text);
  if (!kind) {
    why = "unknown event kind '" + std::string(kind_text) +
          "' (port_scan, syn_flood, ping_sweep, icmp_flood, volume_spike, icmp_tunnel, "
          "dns_tunnel, sensitive_ports)";
    return std::nullopt;
  }
  event_spec e;
  e.kind = *kind;
  const std::string_view settings =
      colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
  for (const std::string_view item : list_items(settings)) {
    const std::size_t eq = item.find('=');
    const std::string_view key = item.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
    const auto bad = [&](std::string_view what) {
      why = "event " + std::string(kind_text) + ": " + std::string(key) + "='" +
            std::string(value) + "' is not " + std::string(what);
      return std::nullopt;
    };
    if (key == "type") {
      bool found = false;
      for (const auto& [t, name] : scan_names) {
        if (name == value) {
          e.scan = t;
          found = true;
        }
      }
      if (!found) {
        return bad("a scan type (syn, connect, null, fin, xmas, ack, udp)");
      }
    } else if (key == "mode") {
      if (value == "vertical") {
        e.horizontal = false;
      } else if (value == "horizontal") {
        e.horizontal = true;
      } else {
        return bad("vertical or horizontal");
      }
    } else if (key == "horizontal" || key == "vertical") {
      const auto b = parse_bool(value);
      if (!b) {
        return bad("a boolean");
      }
      e.horizontal = key == "horizontal" ? *b : !*b;
    } else if (key == "speed") {
      if (value == "fast") {
        e.slow = false;
      } else if (value == "slow") {
        e.slow = true;
      } else {
        return bad("fast or slow");
      }
    } else if (key == "slow" || key == "spoofed") {
      const auto b = parse_bool(value);
      if (!b) {
        return bad("a boolean");
      }
      (key == "slow" ? e.slow : e.spoofed) = *b;
    } else if (key == "at") {
      if (!value.empty() && value.back() == '%') {
        const auto v = parse_number(value.substr(0, value.size() - 1));
        if (!v || *v < 0 || *v >= 100) {
          return bad("a percentage in [0, 100)");
        }
        e.at = *v / 100.0;
      } else {
        const auto d = parse_duration(value);
        if (!d) {
          return bad("a duration (30s, 2m) or percentage (25%)");
        }
        e.at_offset = *d;
      }
    } else if (key == "duration") {
      const auto d = parse_duration(value);
      if (!d || *d == 0) {
        return bad("a positive duration");
      }
      e.duration = *d;
    } else if (key == "count") {
      const auto v = parse_uint<std::uint32_t>(value);
      if (!v || *v == 0) {
        return bad("a positive count");
      }
      e.count = *v;
    } else if (key == "rate") {
      const auto v = parse_number(value);
      if (!v || *v <= 0 || *v > 1e7) {
        return bad("a rate in packets per second");
      }
      e.rate = *v;
    } else if (key == "attacker" || key == "victim") {
      const auto a = ipv4_address::parse(value);
      if (!a) {
        return bad("an IPv4 address");
      }
      (key == "attacker" ? e.attacker : e.victim) = *a;
    } else if (key == "ports") {
      const std::size_t dash = value.find('-');
      const auto lo = parse_uint<std::uint16_t>(value.substr(0, dash));
      const auto hi =
          dash == std::string_view::npos ? lo : parse_uint<std::uint16_t>(value.substr(dash + 1));
      if (!lo || !hi || *lo == 0 || *hi < *lo) {
        return bad("a port range (1-1024)");
      }
      e.port_first = *lo;
      e.port_last = *hi;
    } else if (key == "port") {
      const auto v = parse_uint<std::uint16_t>(value);
      if (!v || *v == 0) {
        return bad("a port");
      }
      e.port = *v;
    } else if (key == "size") {
      const auto v = parse_uint<std::uint16_t>(value);
      if (!v || *v > 1400) {
        return bad("a payload size of at most 1400 octets");
      }
      e.size = *v;
    } else if (key == "domain") {
      if (value.empty() || value.size() > 60 || value.front() == '.' || value.back() == '.') {
        return bad("a domain name of at most 60 characters");
      }
      e.domain = std::string(value);
    } else if (key == "sources") {
      const auto v = parse_uint<std::uint32_t>(value);
      if (!v || *v == 0 || *v > 8) {
        return bad("a number of sources from 1 to 8");
      }
      e.sources = *v;
    } else {
      why = "event " + std::string(kind_text) + ": unknown key '" + std::string(key) + "'";
      return std::nullopt;
    }
  }
  return e;
}

std::vector<event_spec> default_attacks() {
  std::vector<event_spec> v;
  const auto add = [&v](event_kind k, double at) -> event_spec& {
    event_spec e;
    e.kind = k;
    e.at = at;
    v.push_back(e);
    return v.back();
  };
  add(event_kind::port_scan, 0.05).scan = scan_type::syn;
  {
    event_spec& e = add(event_kind::port_scan, 0.12);
    e.scan = scan_type::connect;
    e.port_first = 1;
    e.port_last = 200;
  }
  {
    event_spec& e = add(event_kind::port_scan, 0.18);
    e.scan = scan_type::udp;
    e.port_first = 1;
    e.port_last = 150;
  }
  for (const auto& [t, at] : {std::pair{scan_type::null, 0.24}, std::pair{scan_type::fin, 0.28},
                              std::pair{scan_type::xmas, 0.32}, std::pair{scan_type::ack, 0.36}}) {
    event_spec& e = add(event_kind::port_scan, at);
    e.scan = t;
    e.port_first = 1;
    e.port_last = 100;
  }
  {
    event_spec& e = add(event_kind::port_scan, 0.02);
    e.horizontal = true;
    e.slow = true;
    e.port = 22;
  }
  add(event_kind::port_scan, 0.42).horizontal = true;
  add(event_kind::syn_flood, 0.48);
  add(event_kind::syn_flood, 0.55).spoofed = true;
  add(event_kind::ping_sweep, 0.60);
  add(event_kind::icmp_flood, 0.66);
  add(event_kind::volume_spike, 0.72);
  add(event_kind::icmp_tunnel, 0.30);
  add(event_kind::dns_tunnel, 0.78);
  add(event_kind::sensitive_ports, 0.85);
  return v;
}

std::string validate(const scenario& s) {
  if (s.duration <= 0) {
    return "the duration must be positive";
  }
  if (s.start < 0 || s.start > std::int64_t{4'000'000'000} * ns_per_second - s.duration) {
    return "the capture must lie between 1970 and 2096";
  }
  if (s.hosts < 4 || s.hosts > 50'000) {
    return "the number of hosts must be between 4 and 50000";
  }
  if (!(s.ipv6_share >= 0.0 && s.ipv6_share <= 1.0)) {
    return "the IPv6 share must be between 0 and 1";
  }
  if (s.rate < 0 || s.rate > 1e8) {
    return "the rate must be between 0 and 1e8 packets per second";
  }
  if (s.rate == 0 && s.target_packets == 0) {
    return "give a packet count or a rate";
  }
  if (s.vlan && (*s.vlan == 0 || *s.vlan > 4094)) {
    return "the VLAN ID must be between 1 and 4094";
  }
  if (s.events.size() > 200) {
    return "at most 200 events";
  }
  for (const event_spec& e : s.events) {
    if (e.at >= 1.0) {
      return "an event's start fraction must be below 1";
    }
    if (e.at_offset >= s.duration) {
      return "event " + std::string(event_kind_name(e.kind)) + " starts after the capture ends";
    }
    if (e.port_last < e.port_first) {
      return "a port range must not be empty";
    }
    if (e.sources > 8) {
      return "volume_spike takes at most 8 sources";
    }
  }
  return {};
}

} // namespace pktscope::synth
