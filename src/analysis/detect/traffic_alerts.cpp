#include "traffic_alerts.hpp"

#include <pktscope/analysis/flow_record.hpp>
#include <pktscope/decode/anomaly.hpp>

#include <array>
#include <cstdio>
#include <string>

namespace pktscope::detect::traffic_alerts {

namespace {

endpoint ep(const ip_host& h) {
  return endpoint::from_field(h.addr, h.version);
}
endpoint ep(const ip_host& h, std::uint16_t port) {
  return endpoint::from_field(h.addr, h.version, port);
}
std::string num(double v) {
  std::array<char, 32> b{};
  std::snprintf(b.data(), b.size(), "%.0f", v);
  return b.data();
}
std::string proto_name(std::uint8_t p) {
  return p == 6 ? "tcp" : p == 17 ? "udp" : "ip";
}
/// The volume alert's sentence, the same when it is raised and when its episode ends.
std::string volume_summary(const volume_event& e) {
  return std::string(stats::traffic_class_name(e.cls)) +
         (e.spike ? " traffic spike: " : " traffic drop: ") + num(e.extreme_packets) +
         " packets per interval against " + num(e.expected_packets) + " expected, over " +
         std::to_string(e.intervals) + " intervals";
}
/// An alert of `kind` and `sev` over [start, end], without endpoints.
alert spanning(alert_kind kind, severity sev, timestamp_ns start, timestamp_ns end) {
  alert a;
  a.kind = kind;
  a.sev = sev;
  a.start_ns = start;
  a.end_ns = end;
  return a;
}
alert_kind volume_kind(const volume_event& e) {
  return e.spike ? alert_kind::volume_spike : alert_kind::volume_drop;
}
/// What both TCP flag alerts share: the pair and the time span.
alert tcp_flag_alert(const tcp_flag_event& e) {
  alert a = spanning(alert_kind::tcp_flag_anomaly, severity::medium, e.first, e.ts);
  a.src = ep(e.src);
  a.dst = ep(e.dst);
  return a;
}
/// One evidence count per kind (an enumerator of `Kind`, named by `name_of`) seen at least
/// once; returns those names, comma-separated, for the summary.
template <class Kind, std::size_t N, class NameOf>
std::string count_evidence(alert& a, const std::array<std::uint64_t, N>& counts, NameOf name_of) {
  std::string names;
  for (std::size_t i = 0; i < N; ++i) {
    if (counts[i] != 0) {
      const std::string name(name_of(static_cast<Kind>(i)));
      a.evidence.set(name, static_cast<std::int64_t>(counts[i]));
      names += (names.empty() ? "" : ", ") + name;
    }
  }
  return names;
}
} // namespace

alert volume(const volume_event& e) {
  const double ratio = e.expected_packets > 0 ? e.extreme_packets / e.expected_packets : 0;
  const bool steep = e.spike && (ratio >= 10 || e.expected_packets < 1);
  alert a = spanning(volume_kind(e), steep ? severity::high : severity::medium, e.start, e.end);
  const std::string cls(stats::traffic_class_name(e.cls));
  a.summary = volume_summary(e);
  a.evidence.set("class", cls);
  a.evidence.set(cls + ".packets", e.packets);
  a.evidence.set(cls + ".bytes", e.bytes);
  a.evidence.set(cls + ".expected_packets", e.expected_packets);
  a.evidence.set(cls + ".expected_bytes", e.expected_bytes);
  a.evidence.set(cls + ".sd_packets", e.sd_packets);
  a.evidence.set(cls + ".sd_bytes", e.sd_bytes);
  a.evidence.set(cls + (e.spike ? ".peak_packets" : ".lowest_packets"), e.extreme_packets);
  a.evidence.set(cls + (e.spike ? ".peak_bytes" : ".lowest_bytes"), e.extreme_bytes);
  a.evidence.set(cls + ".intervals", static_cast<std::int64_t>(e.intervals));
  a.evidence.set("ongoing", e.ongoing);
  return a;
}

alert volume_end(const volume_event& e) {
  alert a = spanning(volume_kind(e), severity::medium, e.start, e.end);
  const std::string cls(stats::traffic_class_name(e.cls));
  a.summary = volume_summary(e);
  a.evidence.set("class", cls);
  a.evidence.set(cls + ".intervals", static_cast<std::int64_t>(e.intervals));
  a.evidence.set("ongoing", false);
  return a;
}

alert sensitive_port(const sensitive_port_event& e) {
  alert a = spanning(alert_kind::sensitive_port, severity::low, e.ts, e.ts);
  a.src = ep(e.client);
  a.dst = ep(e.server, e.port);
  const std::string svc(service_by_port(e.ip_protocol, e.port));
  a.summary = a.src->address_string() + " uses " + (svc.empty() ? "" : svc + " on ") +
              proto_name(e.ip_protocol) + "/" + std::to_string(e.port) + " of " +
              a.dst->address_string() + (e.responded ? " (service answered)" : "");
  a.evidence.set("port", static_cast<std::int64_t>(e.port));
  a.evidence.set("protocol", proto_name(e.ip_protocol));
  if (!svc.empty()) {
    a.evidence.set("service", svc);
  }
  a.evidence.set("responded", e.responded);
  return a;
}

alert new_talker(const new_talker_event& e) {
  alert a = spanning(alert_kind::new_talker, severity::low, e.first_seen, e.ts);
  a.src = ep(e.host);
  a.summary = a.src->address_string() + " was not seen before and has sent " +
              std::to_string(e.packets) + " packets (first to " +
              ep(e.first_peer).address_string() + ")";
  a.evidence.set("packets", static_cast<std::int64_t>(e.packets));
  a.evidence.set("bytes", static_cast<std::int64_t>(e.bytes));
  a.evidence.set("first_peer", ep(e.first_peer).address_string());
  return a;
}

alert dns(const dns_event& e, const dns_anomaly_config& cfg) {
  alert a = spanning(alert_kind::dns_anomaly, severity::medium, e.start, e.ts);
  a.src = ep(e.client);
  a.dst = ep(e.server);
  const std::string name(e.name());
  switch (e.reason) {
  case dns_anomaly_reason::nxdomain_storm:
    a.summary = a.src->address_string() + " received " + std::to_string(e.count) +
                " NXDOMAIN answers within " + num(cfg.window.seconds()) + " s";
    a.evidence.set("nxdomain", static_cast<std::int64_t>(e.count));
    break;
  case dns_anomaly_reason::long_name:
    a.summary =
        a.src->address_string() + " queried a " + std::to_string(name.size()) + "-character name";
    break;
  case dns_anomaly_reason::high_entropy_name:
    a.summary = a.src->address_string() + " queried a random-looking name (" +
                std::to_string(e.entropy).substr(0, 4) + " bits/char)";
    break;
  }
  a.evidence.set("reason", std::string(dns_anomaly_reason_name(e.reason)));
  a.evidence.set("name", name);
  a.evidence.set("name_length", static_cast<std::int64_t>(name.size()));
  a.evidence.set("entropy", e.entropy);
  return a;
}

alert tcp_flags(const tcp_flag_event& e) {
  alert a = tcp_flag_alert(e);
  const std::string reasons = count_evidence<flag_reason>(a, e.by_reason, flag_reason_name);
  a.summary = a.src->address_string() + " sent " + std::to_string(e.packets) +
              " TCP segments with abnormal flags (" + reasons + ") to " + a.dst->address_string();
  a.evidence.set("segments", static_cast<std::int64_t>(e.packets));
  a.evidence.set("last_flags", static_cast<std::int64_t>(e.last_flags));
  return a;
}

alert half_open_fin(const tcp_flag_event& e) {
  alert a = tcp_flag_alert(e);
  a.summary = a.src->address_string() + " closed half-open connections (SYN then FIN, no " +
              "SYN+ACK) to " + a.dst->address_string();
  a.evidence.set(
      "half_open_fin",
      static_cast<std::int64_t>(e.by_reason[static_cast<std::size_t>(flag_reason::half_open_fin)]));
  return a;
}

alert size(const size_event& e) {
  alert a = spanning(alert_kind::size_anomaly, severity::low, e.first, e.ts);
  a.dst = ep(e.service.host, e.service.port);
  if (e.to_server) {
    a.src = ep(e.last_peer);
  } else {
    a.src = a.dst;
    a.dst = ep(e.last_peer);
  }
  a.summary = std::to_string(e.count) + " " + proto_name(e.service.ip_protocol) + "/" +
              std::to_string(e.service.port) + (e.to_server ? " requests" : " replies") +
              " with unusual payload sizes (up to " + num(e.max_size) + " bytes, usual " +
              num(e.mean) + " ± " + num(e.sd) + ")";
  a.evidence.set("service_port", static_cast<std::int64_t>(e.service.port));
  a.evidence.set("protocol", proto_name(e.service.ip_protocol));
  a.evidence.set("to_server", e.to_server);
  a.evidence.set("irregular", static_cast<std::int64_t>(e.count));
  a.evidence.set("max_size", e.max_size);
  a.evidence.set("mean", e.mean);
  a.evidence.set("sd", e.sd);
  return a;
}

alert malformed(const malformed_event& e) {
  alert a = spanning(alert_kind::malformed, severity::low, e.first, e.ts);
  if (e.src.version != 0) {
    a.src = ep(e.src);
    a.dst = ep(e.dst);
  }
  const std::string codes = count_evidence<anomaly>(a, e.by_code, anomaly_name);
  a.summary = std::to_string(e.packets) + " malformed frame" + (e.packets == 1 ? "" : "s") + " (" +
              codes + ")" +
              (a.src ? " from " + a.src->address_string() + " to " + a.dst->address_string()
                     : std::string());
  a.evidence.set("frames", static_cast<std::int64_t>(e.packets));
  if (e.last_error) {
    a.evidence.set("stopped_at_layer", std::string(layer_name(e.last_error->layer)));
    a.evidence.set("stopped_at_offset", static_cast<std::int64_t>(e.last_error->offset));
  }
  return a;
}

} // namespace pktscope::detect::traffic_alerts
