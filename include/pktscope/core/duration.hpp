#pragma once
/// Durations as people write them in options and configuration files: "90s", "1.5h", "250ms",
/// "10m", or a plain number of seconds. One syntax for the command line, the detector
/// configuration and the synthetic-traffic scenarios.

#include <pktscope/core/bytes.hpp>

#include <optional>
#include <string_view>

namespace pktscope {

/// A non-negative number (fraction and exponent allowed) with an optional unit: ns, us, ms, s,
/// m or min, h, d; none means seconds. Rounded to whole nanoseconds. nullopt for anything
/// else: an empty text, spaces, a sign, another unit, or more than 9e18 ns (about 285 years).
[[nodiscard]] std::optional<timestamp_ns> parse_duration(std::string_view text) noexcept;

} // namespace pktscope
