#pragma once
/// CRC32c (Castagnoli, reflected polynomial 0x82F63B78; RFC 9260 Appendix A, RFC 3720 B.4),
/// the SCTP checksum.

#include <pktscope/core/bytes.hpp>

#include <cstdint>

namespace pktscope {

/// CRC32c of `data`, continuing from `crc`, the CRC of the bytes before it (zlib's crc32()
/// convention): crc32c(crc32c(0, a), b) == crc32c(0, a ++ b). crc32c(0, "123456789") is
/// 0xE3069283.
[[nodiscard]] std::uint32_t crc32c(std::uint32_t crc, bytes data) noexcept;
[[nodiscard]] inline std::uint32_t crc32c(bytes data) noexcept {
  return crc32c(0, data);
}

} // namespace pktscope
