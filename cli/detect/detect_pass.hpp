#pragma once
// One pass of the detection engine over captures (several files merged in time order, "-" for
// stdin, optional BPF filter): decode -> flow table (flow events) -> detection_engine. Used by
// `pktscope detect`, and by `summary` through default_alerts().

#include <pktscope/analysis/detect/alert.hpp>
#include <pktscope/analysis/detect/baseline.hpp>
#include <pktscope/analysis/detect/config.hpp>

#include <functional>
#include <string>
#include <vector>

namespace pktscope::cli::detect {

struct pass_options {
  std::vector<std::string> files;
  std::string filter;
  pktscope::detect::detect_config config{};
  const pktscope::detect::baseline* base = nullptr;
  bool progress = false; ///< a progress line on stderr
  /// Called for each alert as soon as its event is over (and for the rest at the end), in
  /// output order; may be empty.
  std::function<void(const pktscope::detect::alert&)> on_alert;
};

struct pass_result {
  std::vector<pktscope::detect::alert> alerts; ///< every alert, in the order reported
  std::uint64_t packets = 0;
  std::vector<std::string> problems; ///< "FILE: offset N: what" for damage that stopped a file
  int exit_status = 0;               ///< 0, or 1 when damage stopped reading a file
};

/// Runs the pass. Throws cli_error: usage for a bad filter, io/bad_input for a file that
/// cannot be opened or is no capture.
pass_result run_pass(const pass_options& o);

/// The alerts of the default detectors (default configuration, no baseline) over `files`,
/// in output order: what `summary` shows. A separate pass over the input; "-" cannot be
/// read twice, so callers that read stdin should skip it.
std::vector<pktscope::detect::alert> default_alerts(const std::vector<std::string>& files,
                                                    const std::string& filter);

/// Reads a baseline written by `pktscope baseline learn` (JSON). Throws cli_error (io when
/// the file cannot be read, bad_input when it is not a baseline).
pktscope::detect::baseline load_baseline(const std::string& path);
/// The JSON text of a baseline (`sources`: the learned files, recorded for people).
std::string baseline_json(const pktscope::detect::baseline& b,
                          const std::vector<std::string>& sources);

} // namespace pktscope::cli::detect
