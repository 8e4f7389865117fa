#pragma once
/// Collects alerts from every detector and merges repeated reports of one ongoing event.
///
/// Two reports belong to the same event when kind, src, dst and detector are equal and the new
/// report starts no later than `merge_gap` after the open alert's end. The merged alert keeps
/// the first start, the latest end, the highest severity, the latest summary, the evidence of
/// every report (later values replace earlier ones key by key), the first packet indexes and
/// the count of reports (`updates`).
///
/// Output order is deterministic: by start time, then kind, src, dst, detector.
///
///   alert_sink sink({.merge_gap = 300 * ns_per_second});
///   sink.raise(a);                      // from the detectors
///   sink.drain_closed(now, out);        // streaming: alerts whose event is over
///   auto all = sink.finish();           // the rest, at the end of input

#include <pktscope/analysis/detect/alert.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pktscope::detect {

struct alert_sink_options {
  /// A report starting within this time after the open alert's end continues it (Zeek's
  /// notice suppression interval is 1 h; scans and floods here are merged over 5 min).
  timestamp_ns merge_gap = 300'000'000'000;
  /// Alerts kept at most (open and closed, not yet drained); further new events are counted in
  /// dropped() only. Merges into open alerts always succeed.
  std::size_t max_alerts = 100'000;
};

class alert_sink {
public:
  alert_sink() = default;
  explicit alert_sink(const alert_sink_options& o) : opt_(o) {}

  /// Adds a report: merged into the open alert of the same event, else kept as a new one.
  void raise(alert a);
  /// Moves alerts whose end + merge_gap < now (no later report can merge into them) to `out`,
  /// in output order. Call with the current packet time to stream alerts.
  void drain_closed(timestamp_ns now, std::vector<alert>& out);
  /// Every alert still held, in output order; the sink is empty afterwards.
  [[nodiscard]] std::vector<alert> finish();

  /// Alerts currently held (unordered).
  [[nodiscard]] const std::vector<alert>& pending() const noexcept { return alerts_; }
  [[nodiscard]] std::uint64_t raised() const noexcept { return raised_; }   ///< reports in
  [[nodiscard]] std::uint64_t dropped() const noexcept { return dropped_; } ///< over the cap
  [[nodiscard]] const alert_sink_options& options() const noexcept { return opt_; }

  /// The output order (strict weak ordering).
  [[nodiscard]] static bool before(const alert& a, const alert& b) noexcept;

private:
  alert_sink_options opt_{};
  std::vector<alert> alerts_;
  std::uint64_t raised_ = 0, dropped_ = 0;
};

} // namespace pktscope::detect
