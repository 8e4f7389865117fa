#include <pktscope/io/ts_resolution.hpp>

#include <array>
#include <limits>

namespace pktscope {

namespace {
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

constexpr std::array<std::uint64_t, 20> pow10_table = [] {
  std::array<std::uint64_t, 20> t{};
  std::uint64_t v = 1;
  for (auto& e : t) {
    e = v;
    v *= 10;
  }
  return t;
}();
} // namespace

timestamp_ns ts_units_to_ns(std::uint64_t units, std::uint8_t exponent, bool base2,
                            std::int64_t offset_s) noexcept {
  i128 ns = 0;
  if (base2) {
    // units * 10^9 < 2^94, so the product fits; shifting right floors it.
    const u128 scaled = static_cast<u128>(units) * 1'000'000'000U;
    ns = exponent >= 128 ? 0 : static_cast<i128>(scaled >> exponent);
  } else if (exponent <= 9) {
    ns = static_cast<i128>(units) * static_cast<i128>(pow10_table[9U - exponent]);
  } else {
    const unsigned finer = exponent - 9U;
    // units < 2^64 < 10^20: any divisor of 10^20 or more floors to 0.
    ns = finer >= pow10_table.size() ? 0 : static_cast<i128>(units / pow10_table[finer]);
  }
  ns += static_cast<i128>(offset_s) * 1'000'000'000;
  constexpr i128 lo = std::numeric_limits<timestamp_ns>::min();
  constexpr i128 hi = std::numeric_limits<timestamp_ns>::max();
  if (ns < lo) {
    return std::numeric_limits<timestamp_ns>::min();
  }
  if (ns > hi) {
    return std::numeric_limits<timestamp_ns>::max();
  }
  return static_cast<timestamp_ns>(ns);
}

} // namespace pktscope
