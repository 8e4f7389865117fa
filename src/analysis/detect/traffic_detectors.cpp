#include <pktscope/analysis/detect/traffic_detectors.hpp>

#include "traffic_alerts.hpp"

#include <pktscope/analysis/flow_record.hpp>
#include <pktscope/decode/decoded_packet.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace pktscope::detect {

namespace {

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

/// Adds what every traffic alert carries (the detector that raised it, its section's
/// parameters and, for a packet's alert, that packet) and raises it.
template <class Section>
void raise(alert a, std::string_view detector, const Section& cfg,
           std::optional<std::uint64_t> packet, alert_sink& sink) {
  a.detector = detector;
  set_params(a, cfg);
  if (packet) {
    a.add_packet(*packet);
  }
  sink.raise(std::move(a));
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
      raise(traffic_alerts::volume(e), "volume", cfg_.volume, index, sink);
    });
  }
  if (cfg_.sensitive_port.enabled) {
    if (const auto e = sensitive_.on_packet(d, ts)) {
      raise(traffic_alerts::sensitive_port(*e), "sensitive_port", cfg_.sensitive_port, index, sink);
    }
  }
  if (cfg_.new_talker.enabled) {
    if (const auto e = talkers_.on_packet(d, ts, wire_len)) {
      raise(traffic_alerts::new_talker(*e), "new_talker", cfg_.new_talker, index, sink);
    }
  }
  if (cfg_.dns.enabled) {
    if (const auto e = dns_.on_packet(d, ts)) {
      raise(traffic_alerts::dns(*e, cfg_.dns), "dns", cfg_.dns, index, sink);
    }
  }
  if (cfg_.tcp_flags.enabled) {
    if (const auto e = flags_.on_packet(d, ts)) {
      raise(traffic_alerts::tcp_flags(*e), "tcp_flags", cfg_.tcp_flags, index, sink);
    }
  }
  if (cfg_.size.enabled) {
    if (const auto e = sizes_.on_packet(d, ts)) {
      raise(traffic_alerts::size(*e), "size", cfg_.size, index, sink);
    }
  }
  if (cfg_.malformed.enabled) {
    if (const auto e = malformed_.on_packet(d, ts, wire_len)) {
      raise(traffic_alerts::malformed(*e), "malformed", cfg_.malformed, index, sink);
    }
  }
}

void traffic_detectors::on_flow_finished(const flow_record& r, alert_sink& sink) {
  if (!cfg_.tcp_flags.enabled || r.ip_protocol() != 6) {
    return;
  }
  const ip_host orig{r.orig_addr, r.ip_version()}, resp{r.resp_addr, r.ip_version()};
  if (const auto e = flags_.on_flow(orig, resp, r.state(), r.last_ts, r.resp_port)) {
    raise(traffic_alerts::half_open_fin(*e), "tcp_flags", cfg_.tcp_flags, std::nullopt, sink);
  }
}

void traffic_detectors::finish(alert_sink& sink) {
  if (cfg_.volume.enabled) {
    volume_.finish([&](const volume_event& e) {
      raise(traffic_alerts::volume_end(e), "volume", cfg_.volume, std::nullopt, sink);
    });
  }
}

} // namespace pktscope::detect
