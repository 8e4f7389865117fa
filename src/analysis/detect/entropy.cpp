#include <pktscope/analysis/detect/entropy.hpp>

#include <pktscope/core/chars.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

namespace pktscope::detect {

namespace {
// Entropy of the octets of `b`, leaving out the value `skip` when given.
double entropy_of(bytes b, std::optional<std::uint8_t> skip) noexcept {
  std::array<std::uint32_t, 256> freq{};
  for (const std::uint8_t c : b) {
    ++freq[c];
  }
  std::size_t counted = b.size();
  if (skip) {
    counted -= freq[*skip];
    freq[*skip] = 0;
  }
  if (counted == 0) {
    return 0.0;
  }
  const auto n = static_cast<double>(counted);
  double h = 0.0;
  for (const std::uint32_t f : freq) {
    if (f != 0) {
      const double p = static_cast<double>(f) / n;
      h -= p * std::log2(p);
    }
  }
  return h;
}
} // namespace

double shannon_entropy(bytes b) noexcept {
  return entropy_of(b, std::nullopt);
}

double shannon_entropy(std::string_view s) noexcept {
  return entropy_of(as_bytes(s), std::nullopt);
}

double shannon_entropy_without(std::string_view s, char skip) noexcept {
  return entropy_of(as_bytes(s), static_cast<std::uint8_t>(skip));
}

} // namespace pktscope::detect
