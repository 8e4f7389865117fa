#pragma once
// Timestamps as text for the CLI: ISO 8601 UTC with nanoseconds for output, and a
// parser for the time arguments commands accept (--start, --end, ...).

#include <pktscope/core/bytes.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pktscope::cli {

/// "2024-01-02T03:04:05.123456789Z": UTC, always nine fraction digits and 'Z'.
/// Negative timestamps (before 1970) format correctly (proleptic Gregorian).
std::string format_iso8601_ns(timestamp_ns ts);
/// The same text written to `out` (room for iso8601_ns_max_len chars) without allocating, for
/// per-packet output; returns its length.
inline constexpr std::size_t iso8601_ns_max_len = 32;
std::size_t format_iso8601_ns(timestamp_ns ts, char* out) noexcept;

/// Parses a point in time, exact to the nanosecond:
///   - ISO 8601 UTC: "2024-01-02T03:04:05Z", "2024-01-02T03:04:05.123456789Z",
///     't' or ' ' accepted for 'T', trailing 'Z' optional (UTC is assumed either way),
///     "+00:00" accepted; other offsets are rejected rather than guessed at;
///   - seconds since the epoch with an optional fraction: "1704164645",
///     "1704164645.5", "-1.25".
/// Fractions longer than nine digits are truncated to nanoseconds. Returns nullopt
/// for anything else, including out-of-range values (beyond 1678..2262).
std::optional<timestamp_ns> parse_time(std::string_view text);

} // namespace pktscope::cli
