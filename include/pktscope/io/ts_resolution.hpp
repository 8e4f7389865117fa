#pragma once
/// Conversion of capture timestamps (counts of 10^-k or 2^-k seconds, pcapng
/// if_tsresol, draft-ietf-opsawg-pcapng §4.2) to exact integer nanoseconds.

#include <pktscope/core/bytes.hpp>

#include <cstdint>

namespace pktscope {

/// `units` counts of 2^-exponent (base2) or 10^-exponent seconds, plus `offset_s`
/// whole seconds (if_tsoffset), as nanoseconds since the epoch. Exact for 10^-k
/// with k <= 9; otherwise the floor of the exact value (128-bit arithmetic, no
/// floating point). Saturates at the limits of timestamp_ns.
[[nodiscard]] timestamp_ns ts_units_to_ns(std::uint64_t units, std::uint8_t exponent, bool base2,
                                          std::int64_t offset_s = 0) noexcept;

} // namespace pktscope
