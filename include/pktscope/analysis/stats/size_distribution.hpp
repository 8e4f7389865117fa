#pragma once
/// Exact packet-size distribution: one counter per size (0 to 65535 octets; larger frames
/// share the last counter), so percentiles are exact, not sampled. Also the buckets of
/// tshark's `-z plen,tree` packet-length statistics.
///
/// Counters are allocated once (512 KiB); clear() resets only the sizes seen since the last
/// clear, so one distribution can be reused per interval cheaply.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <vector>

namespace pktscope::stats {

/// Upper bounds (inclusive) of tshark's packet-length buckets: 0-19, 20-39, 40-79, 80-159,
/// 160-319, 320-639, 640-1279, 1280-2559, 2560-5119, 5120 and greater.
inline constexpr std::array<std::uint32_t, 10> plen_bucket_max = {
    19, 39, 79, 159, 319, 639, 1279, 2559, 5119, 0xffffffffU};

/// Nearest-rank quantiles of one distribution (sizes in octets; all 0 when empty).
struct size_quantiles {
  std::uint32_t min = 0, p50 = 0, p90 = 0, p99 = 0, max = 0;
};

class size_distribution {
public:
  /// Sizes above this are counted as this size (and reported as such).
  static constexpr std::uint32_t max_exact = 65535;

  size_distribution();

  /// Every packet's size passes here twice (the capture's and its interval's distribution),
  /// so it is inline; only a size's first time goes out of line.
  void add(std::uint32_t size) noexcept {
    const std::uint32_t s = std::min(size, max_exact);
    if (counts_[s]++ == 0) {
      note_first(s);
    }
    min_ = std::min(min_, s);
    max_ = std::max(max_, s);
    ++count_;
    sum_ += size;
  }
  /// Forgets every size counted (cost: the number of distinct sizes seen).
  void clear() noexcept;

  [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
  [[nodiscard]] std::uint64_t sum() const noexcept { return sum_; }
  [[nodiscard]] std::uint32_t min() const noexcept { return count_ == 0 ? 0 : min_; }
  [[nodiscard]] std::uint32_t max() const noexcept { return max_; }
  [[nodiscard]] double mean() const noexcept;
  /// Frames counted at `size` (sizes above max_exact: at max_exact).
  [[nodiscard]] std::uint64_t at(std::uint32_t size) const noexcept;

  /// Nearest-rank percentile: the smallest size s such that at least ceil(q * count) frames
  /// are <= s (q in (0, 1]; q <= 0 gives min()). 0 when empty. Sorts the distinct sizes seen
  /// (not per packet: call it when reporting).
  [[nodiscard]] std::uint32_t percentile(double q) noexcept;
  /// min, p50, p90, p99, max in one pass.
  [[nodiscard]] size_quantiles quantiles() noexcept;
  /// Frames per tshark plen bucket (see plen_bucket_max).
  [[nodiscard]] std::array<std::uint64_t, plen_bucket_max.size()> plen_buckets() const noexcept;

private:
  void note_first(std::uint32_t s) noexcept;
  void sort_seen() noexcept;
  struct free_block {
    void operator()(std::uint64_t* p) const noexcept { std::free(p); }
  };
  // From calloc: a block this large (512 KB) is a fresh mapping, zero without being written,
  // so a capture touches only the pages of the sizes it has.
  std::unique_ptr<std::uint64_t[], free_block> counts_;
  std::vector<std::uint32_t> seen_; // distinct sizes counted, reserved to max_exact + 1
  bool sorted_ = true;
  std::uint64_t count_ = 0, sum_ = 0;
  std::uint32_t min_ = max_exact, max_ = 0; // min_ is max_exact while empty
};

} // namespace pktscope::stats
