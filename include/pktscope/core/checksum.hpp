#pragma once
/// The Internet checksum (RFC 1071): ones'-complement sum of 16-bit big-endian
/// words. Kept as an accumulator so pseudo-headers and payloads add up in pieces.

#include <pktscope/core/bytes.hpp>

#include <cstdint>

namespace pktscope {

class internet_checksum {
public:
  /// Adds `data` as a run of big-endian 16-bit words. An odd final byte is padded
  /// with zero, so only the last piece of a message may have odd length.
  void add(bytes data) noexcept;
  void add_u16(std::uint16_t word) noexcept { sum_ += word; }
  void add_u32(std::uint32_t word) noexcept { sum_ += (word >> 16) + (word & 0xffffU); }

  /// The checksum to place in the header: complement of the folded sum.
  [[nodiscard]] std::uint16_t finish() const noexcept;
  /// True when `data` summed with its own checksum field folds to 0xffff, the
  /// receiver's check (RFC 1071 §1).
  [[nodiscard]] bool verifies() const noexcept { return finish() == 0; }

private:
  std::uint64_t sum_ = 0;
};

/// Checksum of one contiguous buffer.
[[nodiscard]] std::uint16_t checksum_of(bytes data) noexcept;

} // namespace pktscope
