#pragma once
// Writing a whole output file atomically: into a temporary file beside it, renamed over the
// target only when every byte was written, so a failed run leaves no partial report or plot.

#include <string>
#include <string_view>

namespace pktscope::cli::report {

/// Writes `data` to `path` ("-" = stdout). Throws cli_error(io) on failure.
void write_file_atomically(const std::string& path, std::string_view data);

} // namespace pktscope::cli::report
