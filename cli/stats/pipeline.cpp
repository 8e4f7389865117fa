#include "stats/pipeline.hpp"

#include "cli_error.hpp"

#include <fmt/core.h>

#include <charconv>
#include <cmath>

namespace pktscope::cli::stats {

timestamp_ns parse_interval(const std::string& text) {
  const auto bad = [&text]() {
    return cli_error(exit_code::usage,
                     fmt::format("--interval '{}': expected a duration such as 1m, 10s, 250ms, "
                                 "1h or a number of seconds",
                                 text));
  };
  std::size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) {
    ++i;
  }
  if (i == 0) {
    throw bad();
  }
  double v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + i, v);
  if (ec != std::errc{} || p != text.data() + i) {
    throw bad();
  }
  const std::string unit = text.substr(i);
  double scale = 0;
  if (unit.empty() || unit == "s") {
    scale = 1e9;
  } else if (unit == "ms") {
    scale = 1e6;
  } else if (unit == "us") {
    scale = 1e3;
  } else if (unit == "ns") {
    scale = 1;
  } else if (unit == "m" || unit == "min") {
    scale = 60e9;
  } else if (unit == "h") {
    scale = 3600e9;
  } else if (unit == "d") {
    scale = 86400e9;
  } else {
    throw bad();
  }
  const double ns = std::round(v * scale);
  if (!(ns >= 1) || ns > 9e18) {
    throw bad();
  }
  return static_cast<timestamp_ns>(ns);
}

} // namespace pktscope::cli::stats
