#pragma once
/// Small statistics the volume, behavioural and structural detectors share: an exponentially
/// weighted mean/variance (the EWMA control chart of NIST/SEMATECH e-Handbook §6.3.2.4, with
/// the variance recursion of Finch 2009, "Incremental calculation of weighted mean and
/// variance" §9), and Welford's running mean/variance.

#include <cmath>
#include <cstdint>

namespace pktscope::detect {

/// Exponentially weighted mean and variance of a series: mean += a*(x - mean),
/// var = (1 - a) * (var + a*(x - mean)^2). `alpha` in (0, 1]; larger adapts faster.
class ewma_model {
public:
  explicit constexpr ewma_model(double alpha = 0.1) noexcept : alpha_(alpha) {}

  constexpr void add(double x) noexcept {
    if (n_ == 0) {
      mean_ = x;
      var_ = 0.0;
    } else {
      const double diff = x - mean_;
      const double incr = alpha_ * diff;
      mean_ += incr;
      var_ = (1.0 - alpha_) * (var_ + diff * incr);
    }
    ++n_;
  }
  /// Starts from a known mean and variance (a baseline), as if `n` samples had been seen.
  constexpr void seed(double mean, double variance, std::uint64_t n) noexcept {
    mean_ = mean;
    var_ = variance;
    n_ = n;
  }
  [[nodiscard]] constexpr double mean() const noexcept { return mean_; }
  [[nodiscard]] constexpr double variance() const noexcept { return var_; }
  [[nodiscard]] double stddev() const noexcept { return std::sqrt(var_); }
  [[nodiscard]] constexpr std::uint64_t count() const noexcept { return n_; }
  [[nodiscard]] constexpr double alpha() const noexcept { return alpha_; }

private:
  double alpha_;
  double mean_ = 0.0;
  double var_ = 0.0;
  std::uint64_t n_ = 0;
};

/// Welford's online mean and (population) variance; exact for any order of samples.
class running_stats {
public:
  constexpr void add(double x) noexcept {
    ++n_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
    if (n_ == 1 || x > max_) {
      max_ = x;
    }
    if (n_ == 1 || x < min_) {
      min_ = x;
    }
  }
  [[nodiscard]] constexpr std::uint64_t count() const noexcept { return n_; }
  [[nodiscard]] constexpr double mean() const noexcept { return mean_; }
  [[nodiscard]] constexpr double variance() const noexcept {
    return n_ > 0 ? m2_ / static_cast<double>(n_) : 0.0;
  }
  [[nodiscard]] double stddev() const noexcept { return std::sqrt(variance()); }
  [[nodiscard]] constexpr double max() const noexcept { return max_; }
  [[nodiscard]] constexpr double min() const noexcept { return min_; }

private:
  std::uint64_t n_ = 0;
  double mean_ = 0.0, m2_ = 0.0, max_ = 0.0, min_ = 0.0;
};

} // namespace pktscope::detect
