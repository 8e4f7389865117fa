#include "generator_impl.hpp"

namespace pktscope::synth {

using namespace detail;

// --- the events' set-up ---------------------------------------------------------------------

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

} // namespace pktscope::synth
