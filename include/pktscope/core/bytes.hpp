#pragma once
/// Byte spans: the currency of every view, reader and builder in pktscope.

#include <cstddef>
#include <cstdint>
#include <span>

namespace pktscope {

/// Read-only, non-owning bytes. A view never outlives the buffer it spans.
using bytes = std::span<const std::uint8_t>;
/// Writable, non-owning bytes (builders and in-place editing).
using mut_bytes = std::span<std::uint8_t>;

/// Timestamp as integer nanoseconds since the Unix epoch (UTC). 64 bits cover
/// the years 1678..2262, wider than any capture format can express in practice.
using timestamp_ns = std::int64_t;

} // namespace pktscope
