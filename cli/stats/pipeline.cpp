#include "stats/pipeline.hpp"

#include "cli_error.hpp"

#include <pktscope/core/duration.hpp>

#include <fmt/core.h>

namespace pktscope::cli::stats {

timestamp_ns parse_interval(const std::string& text) {
  if (const auto d = parse_duration(text); d && *d > 0) {
    return *d;
  }
  throw cli_error(exit_code::usage,
                  fmt::format("--interval '{}': expected a duration such as 1m, 10s, 250ms, 1h or "
                              "a number of seconds",
                              text));
}

} // namespace pktscope::cli::stats
