#pragma once
/// The volume, behavioural and structural detectors as one member of the detection engine:
/// feeds each its input, turns their events into alerts (kind, severity, endpoints, summary,
/// evidence, parameters, packet index) and raises them in the engine's alert_sink. Detectors
/// whose section has `enabled = false` are not fed.

#include <pktscope/analysis/detect/alert_sink.hpp>
#include <pktscope/analysis/detect/baseline.hpp>
#include <pktscope/analysis/detect/behaviour.hpp>
#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/analysis/detect/structural.hpp>
#include <pktscope/analysis/detect/volume.hpp>
#include <pktscope/core/bytes.hpp>

#include <cstdint>

namespace pktscope {
struct decoded_packet;
struct flow_record;
} // namespace pktscope

namespace pktscope::detect {

class traffic_detectors {
public:
  /// `base` (may be null) must outlive this object.
  explicit traffic_detectors(const detect_config& cfg, const baseline* base = nullptr);

  void on_packet(timestamp_ns ts, std::uint32_t wire_len, const decoded_packet& d,
                 std::uint64_t index, alert_sink& sink);
  /// A finished flow (TCP flag sequences).
  void on_flow_finished(const flow_record& r, alert_sink& sink);
  void finish(alert_sink& sink);

  [[nodiscard]] const volume_detector& volume() const noexcept { return volume_; }

private:
  detect_config cfg_;
  volume_detector volume_;
  sensitive_port_detector sensitive_;
  new_talker_detector talkers_;
  dns_anomaly_detector dns_;
  tcp_flag_detector flags_;
  size_anomaly_detector sizes_;
  malformed_detector malformed_;
};

} // namespace pktscope::detect
