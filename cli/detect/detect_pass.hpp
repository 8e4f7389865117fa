#pragma once
// The detection engine in a capture pass (cli/pass/capture_pass.hpp): decode -> flow table
// (flow events) -> detection_engine. `pktscope detect` runs it alone (run_pass); `summary` and
// `report` feed an engine_feed in their own single pass, next to the statistics.

#include "pass/capture_pass.hpp"

#include <pktscope/analysis/detect/alert.hpp>
#include <pktscope/analysis/detect/baseline.hpp>
#include <pktscope/analysis/detect/config.hpp>
#include <pktscope/analysis/detect/detection_engine.hpp>
#include <pktscope/analysis/flow_table.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pktscope::cli::detect {

/// A detection engine fed by a pass. Per packet, call on_packet() BEFORE the flow table's
/// update() (the engine closes its intervals on the packet's timestamp first, so the flows the
/// packet opens count in the packet's interval, as in `pktscope detect`); give the feed to the
/// flow table as its sink (or through a pass::flow_fanout); call finish() at the end, after
/// the table's flush().
class engine_feed final : public flow_sink {
public:
  /// `base` may be null; it must outlive the feed.
  explicit engine_feed(const pktscope::detect::detect_config& cfg,
                       const pktscope::detect::baseline* base = nullptr);
  void on_packet(const packet& p, const decoded_packet& d) noexcept {
    eng_->on_packet(p, d, index_++);
  }
  void flow_finished(const flow_record& r) override;
  /// Every remaining alert, in output order (alert_sink::before), after the end of input.
  [[nodiscard]] std::vector<pktscope::detect::alert> finish();

  [[nodiscard]] pktscope::detect::detection_engine& engine() noexcept { return *eng_; }
  [[nodiscard]] std::uint64_t packets() const noexcept { return index_; }

private:
  std::unique_ptr<pktscope::detect::detection_engine> eng_;
  std::uint64_t index_ = 0; // the packet's position in the input: evidence indexes
};

struct pass_options {
  pass::input_options in;
  pktscope::detect::detect_config config{};
  const pktscope::detect::baseline* base = nullptr;
  /// Called for each alert as soon as its event is over (and for the rest at the end), in
  /// output order; may be empty.
  std::function<void(const pktscope::detect::alert&)> on_alert;
};

struct pass_result {
  std::vector<pktscope::detect::alert> alerts; ///< every alert, in the order reported
  pass::outcome read;                          ///< packets, damage (already on stderr)
};

/// Runs the pass. Throws cli_error as pass::capture_pass does.
pass_result run_pass(const pass_options& o);

} // namespace pktscope::cli::detect
