#pragma once
// The traffic detectors' events as alerts: kind, severity, endpoints, summary and evidence.
// traffic_detectors.cpp adds what every alert carries (the detector's name, its parameters,
// the packet that raised it). Alerts are rare, so these allocate freely.
// Internal: not API.

#include <pktscope/analysis/detect/alert.hpp>
#include <pktscope/analysis/detect/behaviour.hpp>
#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/analysis/detect/structural.hpp>
#include <pktscope/analysis/detect/volume.hpp>

namespace pktscope::detect::traffic_alerts {

/// A volume episode as it is raised, with this interval's figures.
[[nodiscard]] alert volume(const volume_event& e);
/// A volume episode's end: updates the open alert's end time and figures.
[[nodiscard]] alert volume_end(const volume_event& e);
[[nodiscard]] alert sensitive_port(const sensitive_port_event& e);
[[nodiscard]] alert new_talker(const new_talker_event& e);
[[nodiscard]] alert dns(const dns_event& e, const dns_anomaly_config& cfg);
/// Segments with abnormal flag combinations.
[[nodiscard]] alert tcp_flags(const tcp_flag_event& e);
/// Connections closed half-open (SYN then FIN with no SYN+ACK), judged on finished flows.
[[nodiscard]] alert half_open_fin(const tcp_flag_event& e);
[[nodiscard]] alert size(const size_event& e);
[[nodiscard]] alert malformed(const malformed_event& e);

} // namespace pktscope::detect::traffic_alerts
