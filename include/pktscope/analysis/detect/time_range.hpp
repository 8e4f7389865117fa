#pragma once
/// The timestamps the detection engine and the baseline learner accept. Both cut time into
/// intervals (start + length); near either end of the 64-bit nanosecond range (before
/// 1677-10-21 or after 2262-03-12 UTC) that arithmetic would overflow, and only damaged or
/// clamped timestamps lie there, so such packets are left out of the detectors' view.

#include <pktscope/core/bytes.hpp>

#include <algorithm>
#include <limits>

namespace pktscope::detect {

class usable_time_range {
public:
  /// Keeps 30 days, or four intervals if longer, away from either end of the range.
  static constexpr timestamp_ns min_margin = 30LL * 86'400 * 1'000'000'000;

  explicit constexpr usable_time_range(timestamp_ns interval) noexcept {
    constexpr timestamp_ns limit = std::numeric_limits<timestamp_ns>::max();
    const timestamp_ns margin =
        std::max(min_margin, 4 * std::clamp<timestamp_ns>(interval, 0, limit / 8));
    first_ = -limit + margin;
    last_ = limit - margin;
  }
  [[nodiscard]] constexpr bool contains(timestamp_ns ts) const noexcept {
    return ts >= first_ && ts <= last_;
  }

private:
  timestamp_ns first_ = 0;
  timestamp_ns last_ = 0;
};

} // namespace pktscope::detect
