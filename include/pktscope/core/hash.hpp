#pragma once
/// Building blocks of the fast hashes of small fixed-size keys (flow keys, talker keys).

#include <cstdint>
#include <cstring>

namespace pktscope {

/// The 128-bit product of `a` and `b`, folded to 64 bits (wyhash's "mum"): every bit of the
/// result depends on every bit of both factors.
[[nodiscard]] inline std::uint64_t folded_product(std::uint64_t a, std::uint64_t b) noexcept {
  __extension__ using uint128 = unsigned __int128; // GCC and Clang; -Wpedantic knows no 128 bits
  const auto p = static_cast<uint128>(a) * b;
  return static_cast<std::uint64_t>(p) ^ static_cast<std::uint64_t>(p >> 64);
}

/// The 8 bytes at `p` as a native-order word (a hash input, not a wire field).
[[nodiscard]] inline std::uint64_t load_word(const std::uint8_t* p) noexcept {
  std::uint64_t v = 0;
  std::memcpy(&v, p, sizeof v);
  return v;
}

} // namespace pktscope
