#pragma once
/// The detection engine: owns the enabled detectors as concrete members (no virtual call per
/// packet), feeds them each decoded packet and the flows the flow table finishes, closes
/// their intervals, and collects their alerts in an alert_sink. Time comes only from packet
/// timestamps: intervals close when a packet's timestamp passes their end, and finish() closes
/// the last.
///
///   detection_engine eng(cfg);
///   for (std::uint64_t i = 0; reader.next(pkt); ++i) {
///     decode(pkt.data, pkt.link, opt, d);
///     eng.on_packet(pkt, d, i);
///     table.update(d, pkt.ts, pkt.original_len);    // optional: on_flow_finished(), below
///   }
///   eng.finish();
///   for (const alert& a : eng.take_alerts()) { ... }
///
/// Precondition: packets arrive in timestamp order (a capture_set merges several files so);
/// a packet older than the previous one is handled as if it had the previous timestamp.

#include <pktscope/analysis/detect/alert.hpp>
#include <pktscope/analysis/detect/alert_sink.hpp>
#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/analysis/detect/connection_tracker.hpp>
#include <pktscope/analysis/detect/icmp_detector.hpp>
#include <pktscope/analysis/detect/port_scan.hpp>
#include <pktscope/analysis/detect/syn_flood.hpp>
#include <pktscope/analysis/detect/time_range.hpp>
#include <pktscope/analysis/detect/traffic_detectors.hpp>
#include <pktscope/core/bytes.hpp>

#include <cstdint>
#include <vector>

namespace pktscope {
struct packet;
struct decoded_packet;
struct flow_record;
} // namespace pktscope

namespace pktscope::detect {

class detection_engine {
public:
  /// `base`: a learned baseline for the volume/behavioural/structural detectors (may be null;
  /// must outlive the engine).
  explicit detection_engine(const detect_config& cfg, const baseline* base = nullptr);

  /// One packet: `index` is its 0-based position in the input (evidence packet indexes).
  /// Packets stamped outside usable_time_range (damaged timestamps) are ignored.
  void on_packet(const packet& p, const decoded_packet& d, std::uint64_t index) noexcept;
  /// Same, from the fields alone (tests; `wire_len` = original length).
  void on_packet(timestamp_ns ts, std::uint32_t wire_len, const decoded_packet& d,
                 std::uint64_t index) noexcept;
  /// A flow the flow table finished (optional input: the TCP flag detector counts half-open
  /// connections closed with FIN from it).
  void on_flow_finished(const flow_record& r);
  /// End of input: closes the open interval, times out pending attempts, lets each detector
  /// report what it still holds.
  void finish();

  /// Alerts whose events are over by `now` (for streaming output), in output order.
  void drain_closed(timestamp_ns now, std::vector<alert>& out) { sink_.drain_closed(now, out); }
  /// After finish(): every remaining alert, in output order.
  [[nodiscard]] std::vector<alert> take_alerts() { return sink_.finish(); }

  [[nodiscard]] alert_sink& sink() noexcept { return sink_; }
  [[nodiscard]] const alert_sink& sink() const noexcept { return sink_; }
  [[nodiscard]] const detect_config& config() const noexcept { return cfg_; }
  [[nodiscard]] timestamp_ns now() const noexcept { return now_; }
  [[nodiscard]] std::uint64_t packets() const noexcept { return packets_; }

  // The detectors (read access for tests and reports).
  [[nodiscard]] const port_scan_detector& port_scan() const noexcept { return port_scan_; }
  [[nodiscard]] const syn_flood_detector& syn_flood() const noexcept { return syn_flood_; }
  [[nodiscard]] const icmp_detector& icmp() const noexcept { return icmp_; }
  [[nodiscard]] const traffic_detectors& traffic() const noexcept { return traffic_; }

private:
  void advance(timestamp_ns ts);
  void close_interval();
  void dispatch_attempts();

  detect_config cfg_;
  alert_sink sink_;
  connection_tracker tracker_;
  port_scan_detector port_scan_;
  syn_flood_detector syn_flood_;
  icmp_detector icmp_;
  traffic_detectors traffic_;

  usable_time_range usable_;
  timestamp_ns now_ = 0;
  bool started_ = false;
  // The open interval [start_ns, end_ns); `whole` is false for the one the input began
  // inside (only its end was observed).
  struct interval {
    timestamp_ns start_ns = 0, end_ns = 0;
    bool whole = true;
  };
  interval cur_{};
  std::uint64_t packets_ = 0;
};

} // namespace pktscope::detect
