#pragma once
// The baseline file `pktscope baseline learn` writes and `detect --baseline` and `report
// --baseline` read: JSON, {"format":"pktscope-baseline","version":1,...}
// (docs/cli/baseline.md).

#include <pktscope/analysis/detect/baseline.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace pktscope::cli::detect {

/// The JSON text of a baseline (`sources`: the learned files, recorded for people).
std::string baseline_json(const pktscope::detect::baseline& b,
                          const std::vector<std::string>& sources);

/// Reads a baseline from its JSON text; `path` names it in errors. Throws cli_error(bad_input)
/// when the text is not a baseline.
pktscope::detect::baseline parse_baseline(std::string_view text, std::string_view path);

/// Reads a baseline file. Throws cli_error: io when the file cannot be opened, bad_input when
/// it is not a baseline.
pktscope::detect::baseline load_baseline(const std::string& path);

} // namespace pktscope::cli::detect
