#include <pktscope/core/checksum.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace pktscope {
namespace {

// RFC 1071 §3 worked example: bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2, whose
// complement 0x220d is the checksum.
TEST(Checksum, Rfc1071Example) {
  const std::array<std::uint8_t, 8> data{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(checksum_of(data), 0x220d);
}

// IPv4 header from RFC 791-style example widely used in textbooks (Wikipedia,
// "Internet checksum"): 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7.
TEST(Checksum, Ipv4HeaderVerifies) {
  const std::array<std::uint8_t, 20> hdr{0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40,
                                         0x00, 0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8,
                                         0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
  internet_checksum c;
  c.add(hdr);
  EXPECT_TRUE(c.verifies());
  auto zeroed = hdr;
  zeroed[10] = zeroed[11] = 0;
  EXPECT_EQ(checksum_of(zeroed), 0xb861);
}

TEST(Checksum, OddLengthPadsWithZero) {
  const std::array<std::uint8_t, 3> odd{0x12, 0x34, 0x56};
  const std::array<std::uint8_t, 4> even{0x12, 0x34, 0x56, 0x00};
  EXPECT_EQ(checksum_of(odd), checksum_of(even));
}

// The 8-byte fast path must agree with a plain 16-bit word sum at every length.
TEST(Checksum, WideLoopMatchesWordSum) {
  std::vector<std::uint8_t> data(257);
  for (std::size_t i = 0; i < data.size(); ++i) {
    data[i] = static_cast<std::uint8_t>(i * 37 + 11);
  }
  for (std::size_t n = 0; n <= data.size(); ++n) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < n; i += 2) {
      sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
    }
    if (n % 2 == 1) {
      sum += static_cast<std::uint32_t>(data[n - 1] << 8);
    }
    while (sum >> 16) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    EXPECT_EQ(checksum_of(bytes(data.data(), n)), static_cast<std::uint16_t>(~sum)) << n;
  }
}

} // namespace
} // namespace pktscope
