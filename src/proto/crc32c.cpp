#include <pktscope/proto/crc32c.hpp>

#include <array>

namespace pktscope {

namespace {

constexpr std::uint32_t castagnoli_reflected = 0x82f63b78U;

// Slicing-by-4 tables: table[0] is the classic byte-at-a-time table; table[k][b] is the CRC of
// byte b followed by k zero bytes, so four input bytes fold in with four lookups.
constexpr std::array<std::array<std::uint32_t, 256>, 4> make_tables() noexcept {
  std::array<std::array<std::uint32_t, 256>, 4> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) {
      c = (c & 1U) != 0 ? (c >> 1) ^ castagnoli_reflected : c >> 1;
    }
    t[0][i] = c;
  }
  for (std::uint32_t i = 0; i < 256; ++i) {
    for (std::size_t k = 1; k < 4; ++k) {
      t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xffU];
    }
  }
  return t;
}

constexpr auto tables = make_tables();

} // namespace

std::uint32_t crc32c(std::uint32_t crc, bytes data) noexcept {
  std::uint32_t c = ~crc;
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  while (n >= 4) {
    c ^= std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
         (std::uint32_t{p[3]} << 24);
    c = tables[3][c & 0xffU] ^ tables[2][(c >> 8) & 0xffU] ^ tables[1][(c >> 16) & 0xffU] ^
        tables[0][c >> 24];
    p += 4;
    n -= 4;
  }
  while (n-- != 0) {
    c = (c >> 8) ^ tables[0][(c ^ *p++) & 0xffU];
  }
  return ~c;
}

} // namespace pktscope
