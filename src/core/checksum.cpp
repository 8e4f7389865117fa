#include <pktscope/core/checksum.hpp>

#include <pktscope/core/endian.hpp>

namespace pktscope {

void internet_checksum::add(bytes data) noexcept {
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  // Eight bytes at a time: ones'-complement addition is associative, so summing
  // 32-bit halves of big-endian 64-bit words gives the same folded result.
  std::uint64_t sum = sum_;
  while (n >= 8) {
    const std::uint64_t w = load_be<std::uint64_t>(p);
    sum += (w >> 32) + (w & 0xffffffffU);
    p += 8;
    n -= 8;
  }
  while (n >= 2) {
    sum += load_be<std::uint16_t>(p);
    p += 2;
    n -= 2;
  }
  if (n == 1) {
    sum += static_cast<std::uint64_t>(*p) << 8;
  }
  sum_ = sum;
}

std::uint16_t internet_checksum::finish() const noexcept {
  std::uint64_t s = sum_;
  while ((s >> 16) != 0) {
    s = (s & 0xffffU) + (s >> 16);
  }
  return static_cast<std::uint16_t>(~s & 0xffffU);
}

std::uint16_t checksum_of(bytes data) noexcept {
  internet_checksum c;
  c.add(data);
  return c.finish();
}

} // namespace pktscope
