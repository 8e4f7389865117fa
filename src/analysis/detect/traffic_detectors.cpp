#include <pktscope/analysis/detect/traffic_detectors.hpp>

#include <pktscope/analysis/flow_record.hpp>
#include <pktscope/decode/anomaly.hpp>
#include <pktscope/decode/decoded_packet.hpp>

#include <cstdio>
#include <string>

namespace pktscope::detect {

namespace {

endpoint ep(const ip_host& h) {
  return endpoint::from_bytes(bytes(h.addr).first(h.version == 4 ? 4 : 16));
}
endpoint ep(const ip_host& h, std::uint16_t port) {
  return endpoint::from_bytes(bytes(h.addr).first(h.version == 4 ? 4 : 16), port);
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

/// The section's parameters as alert params (numbers as numbers, the rest as text).
template <class Section> void set_params(alert& a, const Section& sec) {
  Section::visit(sec,
                 [&](std::string_view name, const auto& field, std::string_view, std::string_view) {
                   using T = std::decay_t<decltype(field)>;
                   if constexpr (std::is_same_v<T, bool>) {
                     a.params.set(name, field);
                   } else if constexpr (std::is_same_v<T, double>) {
                     a.params.set(name, field);
                   } else if constexpr (std::is_same_v<T, std::uint32_t>) {
                     a.params.set(name, static_cast<std::int64_t>(field));
                   } else if constexpr (std::is_same_v<T, duration>) {
                     a.params.set(std::string(name) + "_s", field.seconds());
                   } else if constexpr (std::is_same_v<T, port_list>) {
                     std::vector<double> ports(field.ports.begin(), field.ports.end());
                     a.params.set(name, std::move(ports));
                   } else {
                     a.params.set(name, std::string(field));
                   }
                 });
}
} // namespace

traffic_detectors::traffic_detectors(const detect_config& cfg, const baseline* base)
    : cfg_(cfg), volume_(cfg.volume, base != nullptr ? &base->volume : nullptr),
      sensitive_(cfg.sensitive_port, base != nullptr ? &base->services : nullptr),
      talkers_(cfg.new_talker, base != nullptr ? &base->talkers : nullptr), dns_(cfg.dns),
      flags_(cfg.tcp_flags), sizes_(cfg.size, base != nullptr ? &base->sizes : nullptr),
      malformed_(cfg.malformed) {}

void traffic_detectors::on_packet(timestamp_ns ts, std::uint32_t wire_len, const decoded_packet& d,
                                  std::uint64_t index, alert_sink& sink) {
  if (cfg_.volume.enabled) {
    volume_.on_packet(ts, stats::classify(d), wire_len, [&](const volume_event& e) {
      alert a;
      a.kind = e.spike ? alert_kind::volume_spike : alert_kind::volume_drop;
      const double ratio = e.expected_packets > 0 ? e.extreme_packets / e.expected_packets : 0;
      a.sev = e.spike ? (ratio >= 10 || e.expected_packets < 1 ? severity::high : severity::medium)
                      : severity::medium;
      a.start_ns = e.start;
      a.end_ns = e.end;
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
      a.detector = "volume";
      set_params(a, cfg_.volume);
      a.add_packet(index);
      sink.raise(std::move(a));
    });
  }
  if (cfg_.sensitive_port.enabled) {
    if (const auto e = sensitive_.on_packet(d, ts)) {
      alert a;
      a.kind = alert_kind::sensitive_port;
      a.sev = severity::low;
      a.src = ep(e->client);
      a.dst = ep(e->server, e->port);
      a.start_ns = a.end_ns = e->ts;
      const std::string svc(service_by_port(e->ip_protocol, e->port));
      a.summary = a.src->address_string() + " uses " + (svc.empty() ? "" : svc + " on ") +
                  proto_name(e->ip_protocol) + "/" + std::to_string(e->port) + " of " +
                  a.dst->address_string() + (e->responded ? " (service answered)" : "");
      a.evidence.set("port", static_cast<std::int64_t>(e->port));
      a.evidence.set("protocol", proto_name(e->ip_protocol));
      if (!svc.empty()) {
        a.evidence.set("service", svc);
      }
      a.evidence.set("responded", e->responded);
      a.detector = "sensitive_port";
      set_params(a, cfg_.sensitive_port);
      a.add_packet(index);
      sink.raise(std::move(a));
    }
  }
  if (cfg_.new_talker.enabled) {
    if (const auto e = talkers_.on_packet(d, ts, wire_len)) {
      alert a;
      a.kind = alert_kind::new_talker;
      a.sev = severity::low;
      a.src = ep(e->host);
      a.start_ns = e->first_seen;
      a.end_ns = e->ts;
      a.summary = a.src->address_string() + " was not seen before and has sent " +
                  std::to_string(e->packets) + " packets (first to " +
                  ep(e->first_peer).address_string() + ")";
      a.evidence.set("packets", static_cast<std::int64_t>(e->packets));
      a.evidence.set("bytes", static_cast<std::int64_t>(e->bytes));
      a.evidence.set("first_peer", ep(e->first_peer).address_string());
      a.detector = "new_talker";
      set_params(a, cfg_.new_talker);
      a.add_packet(index);
      sink.raise(std::move(a));
    }
  }
  if (cfg_.dns.enabled) {
    if (const auto e = dns_.on_packet(d, ts)) {
      alert a;
      a.kind = alert_kind::dns_anomaly;
      a.sev = severity::medium;
      a.src = ep(e->client);
      a.dst = ep(e->server);
      a.start_ns = e->start;
      a.end_ns = e->ts;
      const std::string name(e->name());
      switch (e->reason) {
      case dns_anomaly_reason::nxdomain_storm:
        a.summary = a.src->address_string() + " received " + std::to_string(e->count) +
                    " NXDOMAIN answers within " + num(cfg_.dns.window.seconds()) + " s";
        a.evidence.set("nxdomain", static_cast<std::int64_t>(e->count));
        break;
      case dns_anomaly_reason::long_name:
        a.summary = a.src->address_string() + " queried a " + std::to_string(name.size()) +
                    "-character name";
        break;
      case dns_anomaly_reason::high_entropy_name:
        a.summary = a.src->address_string() + " queried a random-looking name (" +
                    std::to_string(e->entropy).substr(0, 4) + " bits/char)";
        break;
      }
      a.evidence.set("reason", std::string(dns_anomaly_reason_name(e->reason)));
      a.evidence.set("name", name);
      a.evidence.set("name_length", static_cast<std::int64_t>(name.size()));
      a.evidence.set("entropy", e->entropy);
      a.detector = "dns";
      set_params(a, cfg_.dns);
      a.add_packet(index);
      sink.raise(std::move(a));
    }
  }
  if (cfg_.tcp_flags.enabled) {
    if (const auto e = flags_.on_packet(d, ts)) {
      alert a;
      a.kind = alert_kind::tcp_flag_anomaly;
      a.sev = severity::medium;
      a.src = ep(e->src);
      a.dst = ep(e->dst);
      a.start_ns = e->first;
      a.end_ns = e->ts;
      std::string reasons;
      for (std::size_t r = 0; r < flag_reason_count; ++r) {
        if (e->by_reason[r] != 0) {
          const std::string rn(flag_reason_name(static_cast<flag_reason>(r)));
          a.evidence.set(rn, static_cast<std::int64_t>(e->by_reason[r]));
          reasons += (reasons.empty() ? "" : ", ") + rn;
        }
      }
      a.summary = a.src->address_string() + " sent " + std::to_string(e->packets) +
                  " TCP segments with abnormal flags (" + reasons + ") to " +
                  a.dst->address_string();
      a.evidence.set("segments", static_cast<std::int64_t>(e->packets));
      a.evidence.set("last_flags", static_cast<std::int64_t>(e->last_flags));
      a.detector = "tcp_flags";
      set_params(a, cfg_.tcp_flags);
      a.add_packet(index);
      sink.raise(std::move(a));
    }
  }
  if (cfg_.size.enabled) {
    if (const auto e = sizes_.on_packet(d, ts)) {
      alert a;
      a.kind = alert_kind::size_anomaly;
      a.sev = severity::low;
      a.dst = ep(e->service.host, e->service.port);
      if (e->to_server) {
        a.src = ep(e->last_peer);
      } else {
        a.src = a.dst;
        a.dst = ep(e->last_peer);
      }
      a.start_ns = e->first;
      a.end_ns = e->ts;
      a.summary = std::to_string(e->count) + " " + proto_name(e->service.ip_protocol) + "/" +
                  std::to_string(e->service.port) + (e->to_server ? " requests" : " replies") +
                  " with unusual payload sizes (up to " + num(e->max_size) + " bytes, usual " +
                  num(e->mean) + " ± " + num(e->sd) + ")";
      a.evidence.set("service_port", static_cast<std::int64_t>(e->service.port));
      a.evidence.set("protocol", proto_name(e->service.ip_protocol));
      a.evidence.set("to_server", e->to_server);
      a.evidence.set("irregular", static_cast<std::int64_t>(e->count));
      a.evidence.set("max_size", e->max_size);
      a.evidence.set("mean", e->mean);
      a.evidence.set("sd", e->sd);
      a.detector = "size";
      set_params(a, cfg_.size);
      a.add_packet(index);
      sink.raise(std::move(a));
    }
  }
  if (cfg_.malformed.enabled) {
    if (const auto e = malformed_.on_packet(d, ts, wire_len)) {
      alert a;
      a.kind = alert_kind::malformed;
      a.sev = severity::low;
      if (e->src.version != 0) {
        a.src = ep(e->src);
        a.dst = ep(e->dst);
      }
      a.start_ns = e->first;
      a.end_ns = e->ts;
      std::string codes;
      for (std::size_t i = 0; i < anomaly_count; ++i) {
        if (e->by_code[i] != 0) {
          const std::string cn(anomaly_name(static_cast<anomaly>(i)));
          a.evidence.set(cn, static_cast<std::int64_t>(e->by_code[i]));
          codes += (codes.empty() ? "" : ", ") + cn;
        }
      }
      a.summary = std::to_string(e->packets) + " malformed frame" + (e->packets == 1 ? "" : "s") +
                  " (" + codes + ")" +
                  (a.src ? " from " + a.src->address_string() + " to " + a.dst->address_string()
                         : std::string());
      a.evidence.set("frames", static_cast<std::int64_t>(e->packets));
      if (e->last_error) {
        a.evidence.set("stopped_at_layer", std::string(layer_name(e->last_error->layer)));
        a.evidence.set("stopped_at_offset", static_cast<std::int64_t>(e->last_error->offset));
      }
      a.detector = "malformed";
      set_params(a, cfg_.malformed);
      a.add_packet(index);
      sink.raise(std::move(a));
    }
  }
}

void traffic_detectors::on_flow_finished(const flow_record& r, alert_sink& sink) {
  if (!cfg_.tcp_flags.enabled || r.ip_protocol() != 6) {
    return;
  }
  const ip_host orig{r.orig_addr, r.ip_version()}, resp{r.resp_addr, r.ip_version()};
  if (const auto e = flags_.on_flow(orig, resp, r.state(), r.last_ts, r.resp_port)) {
    alert a;
    a.kind = alert_kind::tcp_flag_anomaly;
    a.sev = severity::medium;
    a.src = ep(e->src);
    a.dst = ep(e->dst);
    a.start_ns = e->first;
    a.end_ns = e->ts;
    a.summary = a.src->address_string() + " closed half-open connections (SYN then FIN, no " +
                "SYN+ACK) to " + a.dst->address_string();
    a.evidence.set("half_open_fin",
                   static_cast<std::int64_t>(
                       e->by_reason[static_cast<std::size_t>(flag_reason::half_open_fin)]));
    a.detector = "tcp_flags";
    set_params(a, cfg_.tcp_flags);
    sink.raise(std::move(a));
  }
}

void traffic_detectors::finish(alert_sink& sink) {
  static_cast<void>(sink);
  if (cfg_.volume.enabled) {
    volume_.finish([&](const volume_event& e) {
      // The episode's end: update the open alert's end time and figures.
      alert a;
      a.kind = e.spike ? alert_kind::volume_spike : alert_kind::volume_drop;
      a.sev = severity::medium;
      a.start_ns = e.start;
      a.end_ns = e.end;
      const std::string cls(stats::traffic_class_name(e.cls));
      a.summary = volume_summary(e);
      a.evidence.set("class", cls);
      a.evidence.set(cls + ".intervals", static_cast<std::int64_t>(e.intervals));
      a.evidence.set("ongoing", false);
      a.detector = "volume";
      set_params(a, cfg_.volume);
      sink.raise(std::move(a));
    });
  }
}

} // namespace pktscope::detect
