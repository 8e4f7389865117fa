#pragma once
/// The synthesizer's random numbers: xoshiro256** (Blackman and Vigna, 2018) seeded through
/// splitmix64, so a 64-bit seed gives the same stream on every platform and compiler (unlike
/// the std:: distributions, whose algorithms are implementation-defined).

#include <cmath>
#include <cstdint>

namespace pktscope::synth {

class rng {
public:
  explicit rng(std::uint64_t seed) noexcept {
    for (std::uint64_t& word : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }

  /// Next 64 random bits.
  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  std::uint32_t next_u32() noexcept { return static_cast<std::uint32_t>(next() >> 32); }
  std::uint16_t next_u16() noexcept { return static_cast<std::uint16_t>(next() >> 48); }

  /// Uniform in [0, n); 0 when n == 0. The modulo bias (< n / 2^64) is irrelevant here.
  std::uint64_t below(std::uint64_t n) noexcept { return n == 0 ? 0 : next() % n; }
  /// Uniform in [lo, hi] (inclusive). Precondition: lo <= hi.
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) noexcept {
    return lo + below(hi - lo + 1);
  }
  /// Uniform in [0, 1).
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// True with probability p.
  bool chance(double p) noexcept { return uniform() < p; }
  /// Exponentially distributed with the given mean (Poisson inter-arrival times).
  double exponential(double mean) noexcept { return -mean * std::log1p(-uniform()); }
  /// Standard normal (Box-Muller; one of the pair is dropped to keep the state simple).
  double normal() noexcept {
    const double u1 = 1.0 - uniform(); // (0, 1]
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  /// Log-normal: exp(mu + sigma * N(0, 1)).
  double lognormal(double mu, double sigma) noexcept { return std::exp(mu + sigma * normal()); }

private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << k) | (x >> (64 - k));
  }
  std::uint64_t s_[4];
};

} // namespace pktscope::synth
