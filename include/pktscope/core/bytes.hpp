#pragma once
/// Byte spans: the currency of every view, reader and builder in pktscope.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

namespace pktscope {

/// Read-only, non-owning bytes. A view never outlives the buffer it spans.
using bytes = std::span<const std::uint8_t>;
/// Writable, non-owning bytes (builders and in-place editing).
using mut_bytes = std::span<std::uint8_t>;

/// Timestamp as integer nanoseconds since the Unix epoch (UTC). 64 bits cover
/// the years 1678..2262, wider than any capture format can express in practice.
using timestamp_ns = std::int64_t;

/// `to - from`, clamped to timestamp_ns's range: a damaged capture's timestamps can lie so far
/// apart that the plain difference overflows.
[[nodiscard]] constexpr timestamp_ns elapsed(timestamp_ns from, timestamp_ns to) noexcept {
  timestamp_ns d = 0;
  if (__builtin_sub_overflow(to, from, &d)) {
    return to > from ? std::numeric_limits<timestamp_ns>::max()
                     : std::numeric_limits<timestamp_ns>::min();
  }
  return d;
}

} // namespace pktscope
