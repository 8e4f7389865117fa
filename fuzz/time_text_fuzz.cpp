// libFuzzer target: points in time and durations as users write them (--start/--end, --interval,
// durations in settings and scenarios). A time that parses must print as ISO 8601 text that
// parses back to the same nanosecond; a duration that parses must be within its documented
// range and read back from its count of nanoseconds.

#include "time_format.hpp"

#include <pktscope/core/chars.hpp>
#include <pktscope/core/duration.hpp>

#include "require.hpp"
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using pktscope::fuzz::require;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = pktscope::as_chars(pktscope::bytes(data, size));
  if (const auto t = pktscope::cli::parse_time(in)) {
    const std::string text = pktscope::cli::format_iso8601_ns(*t);
    require(text.size() < pktscope::cli::iso8601_ns_max_len);
    require(pktscope::cli::parse_time(text) == t);
  }
  if (const auto d = pktscope::parse_duration(in)) {
    require(*d >= 0 && *d <= 9'000'000'000'000'000'000);
    require(pktscope::parse_duration(std::to_string(*d) + "ns") == d);
  }
  return 0;
}
