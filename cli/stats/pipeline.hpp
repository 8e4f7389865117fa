#pragma once
// The one pass behind summary, timeline and top: captures (several files merged in time
// order, "-" for stdin, optional BPF filter) -> decode -> traffic_stats -> flow table, with a
// progress line on stderr when it is a terminal.

#include <pktscope/analysis/flow_table.hpp>
#include <pktscope/analysis/stats/traffic_stats.hpp>
#include <pktscope/io/capture_stats.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace pktscope::cli::stats {

struct input_options {
  std::vector<std::string> files;
  std::string filter;
  bool no_progress = false;
};

/// Adds the FILE... positional argument, --filter and --no-progress to `cmd`.
void add_input_options(CLI::App* cmd, input_options& in);

/// What the pass found besides the statistics.
struct pass_result {
  capture_stats facts; ///< over the packets that passed the filter, all files together
  std::vector<std::string> files;
  std::vector<std::string> problems; ///< "FILE: offset N: what" for damage that stopped a file
  flow_counters flow_counts;
  fragment_counters fragment_counts;
  /// exit_code to end with: 0, or 1 when damage stopped reading a file.
  int exit_status = 0;
};

/// Reads every packet of `in` into `st` (and the flow table, whose sink is `st`). Throws
/// cli_error: usage for a bad filter, io/bad_input for a file that cannot be opened or is no
/// capture. Damage inside a file ends that file; it is reported on stderr and in the result.
pass_result run_pass(const input_options& in, pktscope::stats::traffic_stats& st,
                     const flow_table_config& flow_cfg = {});

/// Parses "1m", "10s", "250ms", "1h", "2d", "500us", "100ns" or a plain number of seconds
/// ("0.5") into nanoseconds; throws cli_error(usage) for anything else or a value <= 0.
timestamp_ns parse_interval(const std::string& text);

} // namespace pktscope::cli::stats
